//! The teaching content (format 2) in the single-trainee app, end to end in headless Chromium:
//! the briefing's objectives and role cards, the debrief's lessons selected by the items that
//! fired and the discussion questions, in both languages; and the editor's diagnostic for an
//! objective citing a clause that does not exist. Needs `web/dist` (scripts/build-web).

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::Browser;

async fn fresh(b: &Browser, english: bool) {
    b.fresh().await;
    if english {
        b.click("#lang-switch").await;
    }
}

/// Whether the `n`th role card (1-based) is open.
async fn card_open(b: &Browser, n: usize) -> bool {
    let script = format!("return document.querySelector('#role-cards li:nth-child({n}) details').open;");
    b.js(&script).await.as_bool().unwrap_or_default()
}

#[tokio::test]
async fn the_briefing_shows_objectives_and_closed_role_cards_and_the_debrief_the_lessons_that_fired() {
    let b = Browser::start().await;
    fresh(&b, false).await;
    b.set_seed(6).await;
    b.click("#scenario-defacement .start").await;
    let objectives = b.text("#objectives").await;
    assert!(objectives.contains("第八条第二款第（一）项"), "{objectives}");
    assert!(objectives.contains("第九条第一款"), "{objectives}");
    let cards = b.text("#role-cards").await;
    assert!(
        cards.contains("主要负责人（周明）") && cards.contains("新闻发言人"),
        "{cards}"
    );
    // Each briefing is private: closed until its holder opens it.
    assert!(!card_open(&b, 1).await);
    assert!(
        !cards.contains("第一责任人"),
        "a briefing shows before it is opened: {cards}"
    );
    b.click("#role-cards li:nth-child(1) summary").await;
    assert!(card_open(&b, 1).await);
    assert!(b.text("#role-cards").await.contains("第一责任人"));
    assert!(b.content("#guide").await.contains("复盘讨论"));
    b.click("#begin").await;
    b.wait("#decision").await;
    // Waiting until morning fires item (1) only.
    for option in ["wait", "maintenance", "report_now", "comply", "backup"] {
        b.choose(option).await;
    }
    b.wait("#debrief").await;
    let wrong = b.text("#lessons-wrong").await;
    assert!(wrong.contains("第（一）项触发"), "{wrong}");
    assert!(
        !wrong.contains("第（二）项同时触发"),
        "a lesson for an item that did not fire: {wrong}"
    );
    let right = b.text("#lessons-right").await;
    assert!(right.contains("第（二）项没有触发"), "{right}");
    let discussion = b.text("#discussion").await;
    assert!(
        discussion.contains("核实期间") && discussion.contains("镜像"),
        "{discussion}"
    );
}

#[tokio::test]
async fn in_english_the_briefing_names_clauses_and_a_clean_run_shows_what_went_right() {
    let b = Browser::start().await;
    fresh(&b, true).await;
    b.click("#scenario-data-leak .start").await;
    let objectives = b.text("#objectives").await;
    assert!(
        objectives.contains("Art 8 ¶2 (3)") && objectives.contains("Art 12"),
        "{objectives}"
    );
    let cards = b.text("#role-cards").await;
    assert!(
        cards.contains("Principal leader (Gao Yuan)") && cards.contains("Police liaison"),
        "{cards}"
    );
    b.open("#run=defacement&seed=1&steps=escalate.maintenance.report_now.comply.backup")
        .await;
    b.wait("#debrief").await;
    let right = b.text("#lessons-right").await;
    assert!(
        right.contains("items (1), (2), (5) and (6) all stayed clear"),
        "{right}"
    );
    let discussion = b.text("#discussion").await;
    assert!(
        discussion.contains("Who may decide to take the site down")
            || discussion.contains("What does 'organise the response' mean"),
        "{discussion}"
    );
    let chinese = zeren_tests::chinese_outside_quotes(&b.text("#debrief").await);
    assert_eq!(chinese, Vec::<String>::new());
}

#[tokio::test]
async fn the_editor_reports_an_objective_citing_an_unknown_clause() {
    let b = Browser::start().await;
    fresh(&b, false).await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    let _ = b
        .client
        .execute("const a = document.getElementById('source'); a.focus(); a.setSelectionRange(a.value.length, a.value.length);", vec![])
        .await;
    let area = b.wait("#source").await;
    let typed = "\n[[objective]]\nid = \"x\"\ntext = \"x\"\ntext_en = \"x\"\nclauses = [\"art8.2.33\"]";
    if let Err(e) = area.send_keys(typed).await {
        panic!("cannot type: {e}");
    }
    let diagnostics = b.text("#editor-diagnostics").await;
    assert!(diagnostics.contains("S0103"), "{diagnostics}");
    assert!(
        diagnostics.contains("art8.2.3"),
        "the nearest clause as a hint: {diagnostics}"
    );
}
