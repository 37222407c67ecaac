//! The tests that matter most, in the other engines: Debian's Firefox ESR (headless, through
//! geckodriver), as on the office PCs and Kylin/UOS desktops where Firefox is the browser the unit
//! installed, and WebKitGTK (the engine of Safari's family, on a virtual display). A trainee plays
//! a built-in to its debrief; a group joins a live class and decides.

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::{Browser, Engine, class_server};

#[tokio::test]
async fn a_trainee_plays_a_built_in_to_its_debrief_in_firefox() {
    plays_a_built_in_to_its_debrief(Engine::Firefox).await;
}

#[tokio::test]
async fn a_trainee_plays_a_built_in_to_its_debrief_in_webkit() {
    plays_a_built_in_to_its_debrief(Engine::WebKit).await;
}

#[tokio::test]
async fn a_group_joins_a_live_class_and_decides_in_firefox() {
    joins_a_live_class_and_decides(Engine::Firefox).await;
}

#[tokio::test]
async fn a_group_joins_a_live_class_and_decides_in_webkit() {
    joins_a_live_class_and_decides(Engine::WebKit).await;
}

async fn plays_a_built_in_to_its_debrief(engine: Engine) {
    let b = Browser::start_in(engine).await;
    b.fresh().await;
    b.set_seed(1).await;
    b.click("#scenario-defacement .start").await;
    b.click("#begin").await;
    for option in ["escalate", "maintenance", "report_now", "comply", "backup"] {
        b.choose(option).await;
    }
    // The debrief is the whole app's: the tab hands the finished run over.
    b.wait("#debrief").await;
    assert!(b.text("#ending-title").await.contains("网站恢复"));
    assert_eq!(b.modules().await, ["zeren_bg.wasm"]);
    let debrief = b.text("#debrief").await;
    assert!(debrief.contains("训练模型"), "{debrief}");
    assert_eq!(b.highlighted().await, Vec::<String>::new());
}

async fn joins_a_live_class_and_decides(engine: Engine) {
    let (base, key, data) = class_server(&format!("class-{engine:?}"));
    let teacher = Browser::start_in(engine).await;
    if let Err(e) = teacher.client.goto(&format!("{base}?console={key}")).await {
        panic!("console: {e}");
    }
    teacher.click("#create-class").await;
    let board = teacher.wait(".class-board[data-status=waiting]").await;
    let code = board.attr("data-code").await.ok().flatten().unwrap_or_default();
    assert_eq!(code.len(), 6);
    teacher.click(".class-board .control.start").await;
    teacher.wait(".class-board[data-status=running]").await;

    let trainee = Browser::start_in(engine).await;
    if let Err(e) = trainee.client.goto(&format!("{base}?join={code}")).await {
        panic!("join page: {e}");
    }
    trainee.click("#lookup").await;
    if let Err(e) = trainee.wait("#join-name").await.send_keys("张三").await {
        panic!("name: {e}");
    }
    trainee.click("#join").await;
    trainee.wait("#link-state.open").await;
    trainee.wait("#class-group").await;
    assert_eq!(trainee.modules().await, ["zeren-class_bg.wasm"]);
    // The first decision, once it has settled (a new decision ignores input for a moment).
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    trainee.click("#group-decision .option").await;
    // Stored, acknowledged, and on the instructor's board.
    trainee.wait("#group-feed .decided").await;
    let mut decisions = String::new();
    for _ in 0..100 {
        decisions = teacher.text(".class-board tbody tr:first-child .decisions").await;
        if decisions == "1" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(decisions, "1");
    let _ = std::fs::remove_dir_all(&data);
}
