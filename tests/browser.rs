//! End-to-end tests in real headless Chromium: a trainee's clicks through the built app.
//! Needs `web/dist` (scripts/build-web) and Debian's chromium + chromium-driver; scripts/test
//! provides both.

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, class_server};
use zeren_core::run::Run;

const FIRING_PATH: [&str; 5] = ["wait", "maintenance", "report_now", "comply", "backup"];
const CLEAN_PATH: [&str; 5] = ["escalate", "maintenance", "report_now", "comply", "backup"];

async fn start_defacement(b: &Browser, seed: u64) {
    b.fresh().await;
    b.set_seed(seed).await;
    b.click("#scenario-defacement .start").await;
    b.click("#begin").await;
    b.wait("#decision").await;
}

#[tokio::test]
async fn a_late_night_wait_fires_item_one_with_the_right_people() {
    let b = Browser::start().await;
    start_defacement(&b, 1).await;
    for option in &FIRING_PATH[..2] {
        b.choose(option).await;
    }
    let item = b.wait("#item-art8\\.2\\.1").await;
    assert_eq!(
        item.attr("class").await.ok().flatten().map(|c| c.contains("fired")),
        Some(true)
    );
    let conditions = b.content("#item-art8\\.2\\.1 .conditions").await;
    assert!(conditions.contains("没有及时报告和组织处置"), "{conditions}");
    assert!(conditions.contains("发现后第 480 分钟开始处置"), "{conditions}");
    assert_eq!(b.highlighted().await, ["chen", "li", "zhou"]);
    for option in &FIRING_PATH[2..] {
        b.choose(option).await;
    }
    b.wait("#debrief").await;
    let table = b.text("#accountable-table").await;
    assert!(table.contains("直接责任") && table.contains("中共某市委"), "{table}");
    // The counterfactual search runs in the worker and its sentence arrives.
    let avoided = b.text("#counterfactuals li:not(.searching)").await;
    assert!(
        avoided.contains("如果你") && avoided.contains("就不会触发"),
        "{avoided}"
    );
}

#[tokio::test]
async fn a_clean_path_fires_nothing() {
    let b = Browser::start().await;
    start_defacement(&b, 1).await;
    for option in CLEAN_PATH {
        b.choose(option).await;
    }
    let summary = b.text("#fired-summary").await;
    assert!(summary.contains("均未触发"), "{summary}");
    assert!(b.highlighted().await.is_empty());
    // The debrief says what was done right, item by item, with the choices that did it.
    let right = b.text("#kept-clear").await;
    assert!(right.contains("（一）") && right.contains("你在 "), "{right}");
}

#[tokio::test]
async fn an_invalid_scenario_file_shows_line_and_column() {
    let b = Browser::start().await;
    b.open("").await;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/invalid/many-problems.toml");
    let input = b.wait("#open-scenario").await;
    if let Err(e) = input.send_keys(&file.display().to_string()).await {
        panic!("cannot choose the file: {e}");
    }
    let diagnostics = b.text("#diagnostics pre").await;
    assert!(diagnostics.contains("many-problems.toml:46:9"), "{diagnostics}");
    assert!(diagnostics.contains("是不是要写 `site_down`？"), "{diagnostics}");
    // The rest of the app keeps working.
    b.click("#scenario-cii-water .start").await;
    b.wait("#briefing").await;
}

#[tokio::test]
async fn reloading_mid_play_continues_where_you_were() {
    let b = Browser::start().await;
    start_defacement(&b, 7).await;
    b.choose("escalate").await;
    b.wait("#decision[data-decision='contain']").await;
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    b.wait("#decision[data-decision='contain']").await;
    let feed = b.text("#feed").await;
    assert!(feed.contains("立即启动应急预案"), "{feed}");
}

#[tokio::test]
async fn a_damaged_save_is_reported_and_the_app_still_starts() {
    let b = Browser::start().await;
    b.open("").await;
    let _ = b
        .client
        .execute("localStorage.setItem('zeren.run', '{broken');", vec![])
        .await;
    b.open("").await;
    b.wait("#damaged-save").await;
    // The library offers every built-in (a new one needs no test edit).
    for (id, _, _) in zeren_core::builtin::SOURCES {
        b.wait(&format!("#scenario-{id} .start")).await;
    }
    b.click("#discard-save").await;
    let left = b
        .client
        .execute("return localStorage.getItem('zeren.run');", vec![])
        .await
        .unwrap_or_default();
    assert!(left.is_null(), "the save is discarded only after consent: {left}");
}

#[tokio::test]
async fn the_language_switches_to_english() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#lang-switch").await;
    let card = b.text("#scenario-defacement").await;
    assert!(card.contains("The portal defaced"), "{card}");
    assert!(b.text("#nav-settings").await.contains("Settings"));
}

#[tokio::test]
async fn the_english_debrief_holds_no_chinese_outside_quotations() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#lang-switch").await;
    // A path with collective responsibility, a dissent, an absent member and the chain.
    b.open("#run=defacement&seed=6&steps=escalate.maintenance.restore_first.comply.backup")
        .await;
    b.wait("#debrief").await;
    let debrief = b.text("#debrief").await;
    assert!(debrief.contains("Collective responsibility"), "{debrief}");
    let chinese = zeren_tests::chinese_outside_quotes(&debrief);
    assert_eq!(chinese, Vec::<String>::new());
}

#[tokio::test]
async fn a_run_link_lands_on_the_same_state_and_verdicts_match_the_native_build() {
    let b = Browser::start().await;
    b.open("").await;
    b.clear_storage().await;
    let steps = "escalate.maintenance.restore_first.comply.backup";
    b.open_whole(&format!("#run=defacement&seed=6&steps={steps}")).await;
    b.wait("#debrief").await;
    assert!(b.text("#ending-title").await.contains("网站恢复"));
    assert_eq!(b.highlighted().await, ["chen", "li", "zhou"]);
    let browser_json = b.content("#verdict-json").await;
    let native = match Run::from_link(&format!("#run=defacement&seed=6&steps={steps}"), None) {
        Ok(run) => run.live().verdict,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(browser_json, serde_json::to_string(&native).unwrap_or_default());
}

/// A live-class group's run link with its votes: the browser's debrief says who proposed what
/// and whose vote against was recorded as a dissent, and judges as the native build does.
#[tokio::test]
async fn a_run_link_with_votes_shows_the_team_decisions_in_the_debrief() {
    let b = Browser::start().await;
    b.open("").await;
    b.clear_storage().await;
    let link = "#run=defacement&seed=6&steps=escalate.maintenance.cover_story.comply.backup\
                &votes=2:main-leader:main-leader*f:member-in-charge*a";
    b.open_whole(link).await;
    b.wait("#debrief").await;
    let said = b.text("#team-votes").await;
    assert!(said.contains("第3个决策：主要负责人提议"), "{said}");
    assert!(
        said.contains("主管网络安全的领导班子成员投了反对票，记为保留意见"),
        "{said}"
    );
    let native = match Run::from_link(link, None) {
        Ok(run) => run.live().verdict,
        Err(e) => panic!("{e}"),
    };
    assert!(native.exempt.iter().any(|e| e.person == "li"));
    assert_eq!(
        b.content("#verdict-json").await,
        serde_json::to_string(&native).unwrap_or_default()
    );
}

/// A run played in the browser resumes natively (as `zeren play --resume` reads it), and a run
/// file written natively (as `zeren play --save` writes it) opens in the browser, with the same
/// settings, name and verdict either way.
#[tokio::test]
async fn runs_cross_between_the_browser_and_the_native_build() {
    let b = Browser::start().await;
    b.open("").await;
    b.clear_storage().await;
    b.open_whole(
        "#run=defacement&seed=6&steps=escalate.maintenance&set=a7:mitigation&label=%E7%AC%AC%E4%B8%80%E7%BB%84",
    )
    .await;
    for option in ["restore_first", "comply", "backup"] {
        b.choose(option).await;
    }
    b.wait("#debrief").await;
    let browser_verdict = b.content("#verdict-json").await;
    let saved = b.js("return localStorage.getItem('zeren.run');").await;
    let run = match Run::from_file(saved.as_str().unwrap_or_default(), None) {
        Ok(run) => run,
        Err(e) => panic!("the browser's run file does not resume natively: {e}"),
    };
    assert_eq!(run.label.as_deref(), Some("第一组"));
    assert_eq!(run.settings.readings.get("a7"), "mitigation");
    assert_eq!(
        browser_verdict,
        serde_json::to_string(&run.live().verdict).unwrap_or_default()
    );

    let Some(mut native) = Run::builtin("data-leak", 2, run.settings.clone()) else {
        panic!()
    };
    for option in "block.initial.quick.no_notify.provide.report_secret".split('.') {
        assert!(native.take(option).is_ok(), "{option}");
    }
    let file = std::env::temp_dir().join(format!("zeren-native-run-{}.json", std::process::id()));
    if let Err(e) = std::fs::write(&file, native.to_file()) {
        panic!("{e}");
    }
    b.clear_storage().await;
    b.open_whole("").await;
    let input = b.wait("#import-run").await;
    if let Err(e) = input.send_keys(&file.display().to_string()).await {
        panic!("cannot choose the file: {e}");
    }
    b.wait("#debrief").await;
    assert_eq!(
        b.content("#verdict-json").await,
        serde_json::to_string(&native.live().verdict).unwrap_or_default()
    );
    let _ = std::fs::remove_file(file);
}

#[tokio::test]
async fn golden_paths_give_byte_identical_verdicts_in_the_browser() {
    let b = Browser::start().await;
    b.open("").await;
    b.clear_storage().await;
    let paths = [
        ("defacement", 1, "vendor.maintenance.report_now.comply.rebuild"),
        ("data-leak", 2, "block.initial.quick.no_notify.provide.report_secret"),
        (
            "cii-water",
            2,
            "~.keep_running.report_both.bureau_waits.allow.restore.silence",
        ),
    ];
    for (id, seed, steps) in paths {
        b.open_whole(&format!("#run={id}&seed={seed}&steps={steps}")).await;
        b.wait("#debrief").await;
        let Ok(run) = Run::from_link(&format!("#run={id}&seed={seed}&steps={steps}"), None) else {
            panic!("{id}")
        };
        let native = run.live().verdict;
        assert_eq!(
            b.content("#verdict-json").await,
            serde_json::to_string(&native).unwrap_or_default(),
            "{id}"
        );
        b.clear_storage().await;
    }
}

/// With `ZEREN_SCREENSHOTS=DIR`, saves a screenshot of every screen (used for the README).
#[tokio::test]
async fn screenshots_of_every_screen() {
    let Some(dir) = std::env::var_os("ZEREN_SCREENSHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let b = Browser::start().await;
    b.fresh().await;
    b.set_seed(6).await;
    b.screenshot(&dir, "library").await;
    b.click("#scenario-defacement .start").await;
    b.wait("#briefing").await;
    b.screenshot(&dir, "briefing").await;
    b.click("#begin").await;
    for option in ["escalate", "maintenance"] {
        b.choose(option).await;
    }
    b.screenshot(&dir, "play").await;
    for option in ["restore_first", "comply", "backup"] {
        b.choose(option).await;
    }
    b.wait("#debrief").await;
    b.screenshot(&dir, "debrief").await;
    b.click("#nav-settings").await;
    b.screenshot(&dir, "settings").await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    b.click("#analyse").await;
    b.wait("#reachability").await;
    b.screenshot(&dir, "editor").await;
    // The play screen on a phone and on a projector, one screenful each.
    let play = "#run=defacement&seed=3&steps=escalate.maintenance";
    let phone = Browser::start_as_device(390, 844).await;
    phone.open(play).await;
    phone.wait("#decision").await;
    let _ = phone
        .client
        .execute("document.getElementById('clock').scrollIntoView();", vec![])
        .await;
    if let Ok(png) = phone.client.screenshot().await {
        let _ = std::fs::write(dir.join("phone.png"), png);
    }
    b.clear_storage().await;
    let _ = b.client.set_window_size(1920, 1080).await;
    let chrome = b
        .client
        .execute("return window.outerHeight - window.innerHeight;", vec![])
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or_default() as u32;
    let _ = b.client.set_window_size(1920, 1080 + chrome).await;
    b.open(play).await;
    b.wait("#decision").await;
    if let Ok(png) = b.client.screenshot().await {
        let _ = std::fs::write(dir.join("projector.png"), png);
    }
}

#[tokio::test]
async fn the_editor_marks_an_error_clears_it_and_analyses_every_path() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    let _ = b
        .client
        .execute("const a = document.getElementById('source'); a.focus(); a.setSelectionRange(a.value.length, a.value.length);", vec![])
        .await;
    let area = b.wait("#source").await;
    if let Err(e) = area.send_keys("\nbogus = 1").await {
        panic!("cannot type: {e}");
    }
    let diagnostics = b.text("#editor-diagnostics").await;
    let lines = b
        .client
        .execute(
            "return document.getElementById('source').value.split('\\n').length;",
            vec![],
        )
        .await;
    let last = lines.ok().and_then(|v| v.as_u64()).unwrap_or_default();
    assert!(
        diagnostics.contains(&format!("{last}:1 T0002")),
        "line {last}: {diagnostics}"
    );
    assert!(diagnostics.contains("没有 `bogus` 这个键"), "{diagnostics}");
    b.wait(".editor .backdrop mark.error").await;
    let backspace = fantoccini::key::Key::Backspace
        .to_string()
        .repeat("\nbogus = 1".chars().count());
    let _ = area.send_keys(&backspace).await;
    b.wait("#editor-ok").await;
    b.click("#analyse").await;
    let table = b.wait("#reachability").await;
    let text = table.text().await.unwrap_or_default();
    assert!(text.contains("可达"), "{text}");
    let leak = b.wait("#reachability tr[data-id='art8.2.3']").await;
    assert_eq!(leak.attr("class").await.ok().flatten().as_deref(), Some("reachable"));
    let deface = b.wait("#reachability tr[data-id='art8.2.1']").await;
    assert_eq!(
        deface.attr("class").await.ok().flatten().as_deref(),
        Some("unreachable")
    );
    b.wait("#branch-map g.node.ending").await;
}

#[tokio::test]
async fn leaving_for_the_library_keeps_the_run_to_continue() {
    let b = Browser::start().await;
    start_defacement(&b, 2).await;
    b.choose("escalate").await;
    b.click(".brand").await;
    b.click("#resume button").await;
    b.wait("#decision[data-decision='contain']").await;
}

#[tokio::test]
async fn the_page_runs_under_a_content_security_policy_without_inline_script() {
    let b = Browser::start().await;
    b.open("").await;
    let policy = b
        .client
        .execute(
            "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content ?? '';",
            vec![],
        )
        .await
        .unwrap_or_default();
    let policy = policy.as_str().unwrap_or_default().to_owned();
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    assert!(!policy.contains("'unsafe-inline'; ") || !policy.contains("script-src 'unsafe-inline'"));
    // An inline script added to the page does not run.
    let _ = b
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.zerenInline = 1;'; document.body.append(s);",
            vec![],
        )
        .await;
    let ran = b
        .client
        .execute("return window.zerenInline ?? null;", vec![])
        .await
        .unwrap_or_default();
    assert!(ran.is_null(), "an inline script ran: {ran}");
    // And the app, its wasm and its styles work under it.
    b.click("#scenario-defacement .start").await;
    b.wait("#briefing").await;
    let colour = b
        .client
        .execute(
            "return getComputedStyle(document.querySelector('header.top')).display;",
            vec![],
        )
        .await
        .unwrap_or_default();
    assert_eq!(colour.as_str(), Some("flex"), "style.css is not applied");
}

#[tokio::test]
async fn a_looping_scenario_and_a_junk_line_leave_the_page_responsive() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    let endless = zeren_tests::endless_scenario();
    let base = include_str!("scenarios/valid/phishing-minimal.toml");
    let junk = base.replacen("clock_start = \"14:00\"", &"=[}\"'".repeat(4_000), 1);
    let set = |text: &str| {
        format!(
            "const a = document.getElementById('source'); a.value = {}; a.dispatchEvent(new Event('input', {{ bubbles: true }}));",
            serde_json::to_string(text).unwrap_or_default()
        )
    };
    // The loop: a warning, and an analysis that ends (sampled, with its loops cut).
    let _ = b.client.execute(&set(&endless), vec![]).await;
    let list = b.text("#editor-diagnostics").await;
    assert!(list.contains("S0305"), "{list}");
    b.click("#analyse").await;
    // Sampling stands in; in slices, so the page answers meanwhile. Up to a minute on a slow machine.
    let mut done = false;
    for _ in 0..60 {
        if b.client.find(fantoccini::Locator::Css("#reachability")).await.is_ok() {
            done = true;
            break;
        }
        let alive = b.client.execute("return document.title;", vec![]).await;
        assert!(alive.is_ok(), "the page does not answer during the analysis");
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    assert!(done, "the analysis of a looping scenario did not end");
    // The junk line: one short diagnostic, not thousands.
    let _ = b.client.execute(&set(&junk), vec![]).await;
    let list = b.text("#editor-diagnostics").await;
    assert!(list.contains("T0001"), "{list}");
    assert!(list.len() < 2_000, "{} characters of diagnostics", list.len());
    // The page still plays a built-in.
    b.click("header.top .brand").await;
    start_defacement(&b, 1).await;
    b.choose("escalate").await;
    b.wait("#decision").await;
}

/// The seconds a live countdown shows (`data-left`), or -1 when there is none.
async fn left(b: &Browser, css: &str) -> i64 {
    let script = format!("const e = document.querySelector('{css}'); return e ? Number(e.dataset.left) : -1;");
    b.js(&script).await.as_i64().unwrap_or(-1)
}

/// Opens the join page of class `code` in `b`, looks the class up and types the name: the form
/// is ready for a group, a card and "join".
async fn join_form(b: &Browser, base: &str, code: &str, name: &str) {
    b.client.goto(&format!("{base}?join={code}")).await.expect("join page");
    b.click("#lookup").await;
    b.wait("#join-name").await.send_keys(name).await.expect("name");
}

/// The live class in real browsers: `zeren serve` in this process with a fresh data directory;
/// the instructor creates a class in the console, a trainee joins from another browser with the
/// code and decides, and the instructor's board shows it live.
#[tokio::test]
async fn an_instructor_opens_a_class_and_a_group_joins_and_decides() {
    let (base, key, data) = class_server("class-browser");

    // The library served by zeren serve offers the class pages.
    let teacher = Browser::start().await;
    teacher.goto(&base).await;
    teacher.wait("#class-links #open-console").await;

    // The class is created under this browser's settings, shown on the console.
    teacher
        .js("localStorage.setItem('zeren.settings', JSON.stringify({ readings: { a7: 'mitigation' } }));")
        .await;
    teacher
        .client
        .goto(&format!("{base}?console={key}"))
        .await
        .expect("console");
    assert!(teacher.text("#class-settings").await.contains("a7:mitigation"));
    // The instructor leaves the spokesperson's card out of play.
    teacher.click("#class-roles input[value=spokesperson]").await;
    teacher.click("#create-class").await;
    let board = teacher.wait(".class-board[data-status=waiting]").await;
    let code = board.attr("data-code").await.ok().flatten().expect("join code");
    assert_eq!(code.len(), 6);
    // The board's updates leave the form as the instructor set it.
    teacher.click("#class-roles input[value=police-liaison]").await;
    teacher.click(".class-board .control.start").await;
    teacher.wait(".class-board[data-status=running]").await;
    let kept_out = "return document.querySelector('#class-roles input[value=police-liaison]').checked;";
    assert_eq!(teacher.js(kept_out).await, false);

    let trainee = Browser::start().await;
    join_form(&trainee, &base, &code, "张三").await;
    trainee.click("#join").await;
    trainee.wait("#link-state.open").await;
    trainee.wait("#class-group").await;
    // The group's page is the class module (web/boot.js), not the solo trainee's; it fetched
    // the class's built-in when it joined, and nothing else.
    // (Names without their content hash: zeren-dist.)
    let fetched = "return performance.getEntriesByType('resource').map((r) => r.name.split('/').pop().replace(/\\.[0-9a-f]{10}\\./, '.')).filter((n) => /\\.(wasm|lzma|json)$/.test(n)).sort();";
    assert_eq!(
        trainee.js(fetched).await,
        serde_json::json!(["defacement.json", "unlzma.wasm", "zeren-class_bg.wasm.lzma"])
    );
    // The group's page offers only the cards in play (the spokesperson's was left out).
    trainee.wait(".role-card[data-role=main-leader]").await;
    assert_eq!(
        trainee
            .js("return !!document.querySelector('.role-card[data-role=spokesperson]');")
            .await,
        false
    );
    // The first decision is timed (15 scenario minutes: 60 s): the group's page and the board
    // count down from the server's deadline.
    trainee.wait("#group-countdown").await;
    teacher.wait(".class-board .live-countdown").await;
    let first = left(&trainee, "#group-countdown").await;
    assert!((1..=60).contains(&first), "{first} s left");
    let clock = teacher.text(".class-board .class-clock").await;
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    let later = left(&trainee, "#group-countdown").await;
    assert!(later < first && later > 0, "{first} s then {later} s");
    // The console's class clock ticks too, with no board in between.
    let ticked = teacher.text(".class-board .class-clock").await;
    assert_ne!(clock, ticked, "the class clock stood still");
    let board = left(&teacher, ".class-board .live-countdown").await;
    assert!(
        (later - 2..=later + 2).contains(&board),
        "board {board} s, group {later} s"
    );
    if let Some(dir) = std::env::var_os("ZEREN_SCREENSHOTS") {
        trainee.screenshot(std::path::Path::new(&dir), "group-countdown").await;
    }
    // A reload does not restart the time: the page counts from the server's deadline.
    trainee.client.refresh().await.expect("reload");
    trainee.wait("#group-countdown").await;
    let reloaded = left(&trainee, "#group-countdown").await;
    assert!(
        reloaded <= later && reloaded > 0,
        "{later} s before the reload, {reloaded} s after"
    );
    trainee.click("#group-decision .option").await;
    trainee.wait("#group-feed .decided").await;

    // The board shows the decision and who is online, without a reload.
    let mut seen = String::new();
    for _ in 0..100 {
        seen = teacher.text(".class-board tbody tr:first-child").await;
        if seen.contains("张三") && teacher.text(".class-board tbody tr:first-child .decisions").await == "1" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(seen.contains("张三"), "{seen}");
    assert_eq!(teacher.text(".class-board tbody tr:first-child .decisions").await, "1");
    // Where the group stands, by the decision's prompt rather than its id.
    let at = teacher
        .text(".class-board tbody tr:first-child .at-title[data-at=contain]")
        .await;
    assert!(at.starts_with("篡改已确认"), "{at}");
    // With `ZEREN_SCREENSHOTS=DIR`: the console and a group's screen, for the README.
    if let Some(dir) = std::env::var_os("ZEREN_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        teacher.screenshot(&dir, "console").await;
        trainee.screenshot(&dir, "group").await;
    }

    // The trainee's browser reloads: it comes back into the group where it was.
    trainee.client.refresh().await.expect("reload");
    trainee.wait("#link-state.open").await;
    trainee.wait("#group-feed .decided").await;
    assert!(trainee.text("#class-group h1").await.contains("张三"));

    // Role cards and a vote: 张三 takes the principal leader's card and reads its briefing; a
    // second member (李四, in a tab of the instructor's browser) joins with the member in
    // charge's.
    trainee.click(".role-card[data-role=main-leader] .take-role").await;
    trainee.wait("#role-briefing").await;
    let console = teacher.client.window().await.expect("console window");
    let tab = teacher.client.new_window(true).await.expect("new tab").handle;
    teacher.client.switch_to_window(tab.clone()).await.expect("tab");
    join_form(&teacher, &base, &code, "李四").await;
    let offered = teacher
        .js("return [...document.querySelectorAll('#join-role option')].map((o) => o.value);")
        .await;
    assert!(
        offered
            .as_array()
            .is_some_and(|o| o.contains(&serde_json::json!("member-in-charge"))
                && !o.contains(&serde_json::json!("spokesperson"))),
        "{offered}"
    );
    // 李四 picks the card in the join form.
    teacher
        .wait("#join-role")
        .await
        .select_by_value("member-in-charge")
        .await
        .expect("role");
    teacher.click("#join").await;
    teacher.wait("#link-state.open").await;
    teacher.wait(".role-card.mine[data-role=member-in-charge]").await;
    // 张三 proposes; 李四 sees the proposal live and votes against: rejected (1 of 2 for).
    trainee.wait(".role-card[data-role=member-in-charge] .holder").await;
    trainee.click("#group-decision .option:not([disabled])").await;
    trainee.wait("#proposal").await;
    teacher
        .wait("#proposal li[data-role=main-leader][data-ballot=for]")
        .await;
    // The console's board shows the open proposal and its ballots.
    teacher.client.switch_to_window(console.clone()).await.expect("console");
    teacher
        .wait(".class-board .team-line.proposal li[data-role=main-leader][data-ballot=for]")
        .await;
    // With `ZEREN_SCREENSHOTS=DIR`: a group's screen during a vote, and the board showing it.
    if let Some(dir) = std::env::var_os("ZEREN_SCREENSHOTS") {
        let dir = std::path::PathBuf::from(dir);
        teacher.screenshot(&dir, "console-vote").await;
        trainee.screenshot(&dir, "group-vote").await;
    }
    teacher.client.switch_to_window(tab.clone()).await.expect("tab");
    teacher.click("#vote-against:not([disabled])").await;
    trainee.wait("#proposal-rejected").await;
    // Proposed again, 李四 votes for: taken, the second decision of the group.
    trainee.click("#group-decision .option:not([disabled])").await;
    teacher.click("#vote-for:not([disabled])").await;
    let mut decided = 0;
    for _ in 0..100 {
        decided = trainee
            .js("return document.querySelectorAll('#group-feed .decided').length;")
            .await
            .as_u64()
            .unwrap_or_default();
        if decided == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(decided, 2);
    // 李四 leaves: the server frees the card, and the console and the group see 李四 gone
    // (the tab still open).
    teacher.click("#leave-class").await;
    teacher.wait("#class-join #join-code").await;
    trainee
        .wait(".role-card[data-role=member-in-charge] .holder.free")
        .await;
    assert!(!trainee.text("#group-online").await.contains("李四"));
    teacher.client.switch_to_window(console.clone()).await.expect("console");
    let mut online = String::new();
    for _ in 0..100 {
        online = teacher.text(".class-board tbody tr:first-child .online").await;
        if !online.contains("李四") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(online, "张三");
    // 李四's tab closes; the console goes on.
    teacher.client.switch_to_window(tab).await.expect("tab");
    teacher.client.close_window().await.expect("close the tab");
    teacher.client.switch_to_window(console).await.expect("console");

    // Ending the exercise opens the hotwash: the class screen with every group's run, no file.
    teacher.click(".class-board .control.end").await;
    teacher.wait("#cohort #class-summary").await;
    let summary = teacher.text("#class-summary").await;
    assert!(summary.starts_with("3 "), "{summary}");
    let page = teacher.text("#cohort").await;
    for group in ["第一组", "第二组", "第三组"] {
        assert!(page.contains(group), "{group} missing from the hotwash");
    }
    // Back on the console, the ended class offers the hotwash again.
    teacher
        .client
        .goto(&format!("{base}?console={key}"))
        .await
        .expect("console");
    // An ended class offers no lock.
    teacher.wait(".class-board[data-status=ended] tbody tr").await;
    assert_eq!(
        teacher
            .js("return document.querySelectorAll('.class-board[data-status=ended] .lock').length;")
            .await,
        0
    );
    teacher.click(".class-board[data-status=ended] .open-hotwash").await;
    teacher.wait("#cohort #class-summary").await;

    // A blind class: the group's page shows blind play's note, not the Article 8 panel.
    teacher
        .client
        .goto(&format!("{base}?console={key}"))
        .await
        .expect("console");
    teacher.wait("#class-blind").await;
    // No role cards in play: the group's page shows no roles section.
    let ticked = "return document.querySelectorAll('#class-roles input:checked').length;";
    for _ in 0..10 {
        if teacher.js(ticked).await == 0 {
            break;
        }
        teacher.click("#class-roles input:checked").await;
    }
    // Chosen and sent in one script: a render in between (the board arriving) cannot undo it.
    teacher
        .js("document.getElementById('class-blind').value = 'blind'; document.getElementById('create-class').click();")
        .await;
    let board = teacher.wait(".class-board[data-status=waiting]").await;
    let blind_code = board.attr("data-code").await.ok().flatten().expect("join code");
    assert!(
        teacher
            .text(".class-board[data-status=waiting] .class-blind")
            .await
            .contains("盲推演")
    );
    teacher.click(".class-board[data-status=waiting] .control.start").await;
    let other = Browser::start().await;
    join_form(&other, &base, &blind_code, "李四").await;
    other.click("#join").await;
    other.wait("#class-group #blind-note").await;
    assert_eq!(other.js("return !!document.querySelector('#article8');").await, false);
    assert_eq!(other.js("return !!document.querySelector('#team');").await, false);
    let _ = std::fs::remove_dir_all(&data);
}

/// How far the page is wider than the screen: `scrollWidth` of the document.
async fn page_width(b: &Browser) -> i64 {
    b.js("return document.documentElement.scrollWidth;")
        .await
        .as_i64()
        .unwrap_or(-1)
}

/// On a phone (390 px) neither the console, with a class on its board, nor the join form of a
/// class with role cards is wider than the screen (a long option in a select used to widen it).
#[tokio::test]
async fn the_class_pages_fit_a_phone() {
    let (base, key, data) = class_server("class-phone");
    let phone = Browser::start_as_device(390, 844).await;
    phone
        .client
        .goto(&format!("{base}?console={key}"))
        .await
        .expect("console");
    phone.wait("#create-class").await;
    assert!(
        page_width(&phone).await <= 390,
        "console: {} px",
        page_width(&phone).await
    );
    phone.click("#create-class").await;
    let board = phone.wait(".class-board[data-status=waiting]").await;
    let code = board.attr("data-code").await.ok().flatten().expect("join code");
    assert!(
        page_width(&phone).await <= 390,
        "console with a class: {} px",
        page_width(&phone).await
    );
    join_form(&phone, &base, &code, "张三").await;
    phone.wait("#join-role").await;
    assert!(
        page_width(&phone).await <= 390,
        "join form: {} px",
        page_width(&phone).await
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// The JavaScript API (web/api-example.html, docs/js-api.md) judges as the native build does and
/// reports a broken file's diagnostics with line and column, as JavaScript objects.
#[tokio::test]
async fn the_javascript_api_judges_like_the_native_build() {
    let b = Browser::start().await;
    if let Err(e) = b.client.goto(&format!("{}api-example.html", b.url)).await {
        panic!("{e}");
    }
    b.wait("body[data-ready='yes']").await;
    let verdict: serde_json::Value = serde_json::from_str(&b.text("#verdict").await).unwrap_or_default();
    let case = zeren_tests::load("worked/e1-county-portal-defaced.toml");
    let native = zeren_core::judge(&case, &zeren_core::Settings::default());
    assert_eq!(verdict["fired"], serde_json::json!(native.fired));
    let rows: Vec<serde_json::Value> = native
        .accountable
        .iter()
        .map(|r| serde_json::json!([r.person, r.kind]))
        .collect();
    assert_eq!(verdict["accountable"], serde_json::Value::Array(rows));
    let checked: serde_json::Value = serde_json::from_str(&b.text("#check").await).unwrap_or_default();
    assert_eq!(checked["ok"], false);
    assert_eq!(checked["kind"], "case");
    let first = &checked["diagnostics"][0];
    assert!(first["line"].as_u64().is_some_and(|l| l > 1), "{checked}");
    assert!(
        first["hints"][0].as_str().is_some_and(|h| h.contains("portal")),
        "{checked}"
    );
}

/// A trainee with a built-in run in progress imports the run file of a scenario file in the
/// trainee's module; the whole app opens it, and the run in progress goes to the history, as it
/// does when the file is imported in the whole app itself (handover.rs keeps it before the
/// switch: the whole app's start-up would replace it unseen).
#[tokio::test]
async fn a_run_in_progress_is_kept_when_a_run_file_is_handed_to_the_whole_app() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/valid/phishing-minimal.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let Some(scenario) = zeren_core::parse_scenario(&text).0 else {
        panic!("phishing-minimal.toml reads")
    };
    let file = zeren_core::run::ScenarioFile {
        name: "phishing-minimal.toml".into(),
        text,
    };
    let source = zeren_core::run::Source::File(file);
    let run = Run::new(
        std::sync::Arc::new(scenario),
        source,
        5,
        zeren_core::Settings::default(),
    );
    let run_file = std::env::temp_dir().join(format!("zeren-review-run-{}.json", std::process::id()));
    if let Err(e) = std::fs::write(&run_file, run.to_file()) {
        panic!("{e}");
    }
    let b = Browser::start().await;
    start_defacement(&b, 3).await;
    b.choose("escalate").await;
    b.wait("#decision[data-decision='contain']").await;
    b.open("#/library").await;
    b.wait("#resume").await;
    let input = b.wait("#import-run").await;
    if let Err(e) = input.send_keys(&run_file.display().to_string()).await {
        panic!("cannot choose the file: {e}");
    }
    b.wait("#briefing").await;
    assert!(b.client.current_url().await.is_ok_and(|u| u.as_str().contains("whole")));
    let history = b.js("return localStorage.getItem('zeren.history') || '';").await;
    let history = history.as_str().unwrap_or_default().to_owned();
    let _ = std::fs::remove_file(run_file);
    assert!(
        history.contains("defacement") && history.contains("escalate"),
        "the defacement run in progress was lost: history `{history}`"
    );
}

/// A browser that cannot run the app — no WebAssembly with the features the modules use, or one
/// whose content security policy blocks compiling it (an older Chromium without
/// 'wasm-unsafe-eval') — is told so in both languages, with the versions needed, and loads
/// nothing more (check.js, before the modules). Each is faked before the page's own scripts run.
#[tokio::test]
async fn a_browser_that_cannot_run_the_app_is_told_so_in_both_languages() {
    let fakes = [
        "WebAssembly.validate = () => false;",
        "WebAssembly.Module = function () { throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder'); };",
        "delete window.WebAssembly;",
    ];
    for fake in fakes {
        let b = Browser::start().await;
        b.devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": fake }),
        )
        .await;
        if let Err(e) = b.client.goto(&b.url).await {
            panic!("cannot open the app: {e}");
        }
        let note = b.wait("#unsupported:not([hidden])").await;
        let said = note.text().await.unwrap_or_default();
        for wanted in [
            "此浏览器无法运行 Zeren",
            "This browser cannot run Zeren",
            "Chromium 97",
            "Firefox 102",
            "Safari 16",
        ] {
            assert!(said.contains(wanted), "{fake}: {said}");
        }
        assert_eq!(
            b.js("return document.getElementById('loading').hidden;").await,
            true,
            "{fake}"
        );
        assert_eq!(b.modules().await, Vec::<String>::new(), "{fake}");
        assert_eq!(
            b.js("return !!document.querySelector('header.top');").await,
            false,
            "{fake}"
        );
    }
}
