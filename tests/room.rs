//! End-to-end tests of the classroom in headless Chromium (issue 10): blind play, the PIN, the
//! presenter view, importing a room's runs, the after-action report. Needs `web/dist`
//! (scripts/build-web) and Debian's chromium + chromium-driver, like tests/browser.rs.

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::Browser;

const PATH: [&str; 5] = ["wait", "maintenance", "report_now", "comply", "backup"];

/// Whether an element is in the page.
async fn present(b: &Browser, css: &str) -> bool {
    b.js(&format!("return !!document.querySelector({css:?});")).await == true
}

/// A fresh app with blind play on and the PIN `2468` set, then locked.
async fn blind_and_locked(b: &Browser) {
    b.open("").await;
    b.clear_storage().await;
    b.open("").await;
    b.click("#nav-settings").await;
    b.click("#blind").await;
    let pin = b.wait("#new-pin").await;
    let _ = pin.send_keys("2468").await;
    b.click("#set-pin").await;
    b.click("#settings-done").await;
    b.click("#lock").await;
    b.wait("#unlock").await;
}

#[tokio::test]
async fn blind_play_hides_the_verdict_until_the_debrief_and_the_pin_locks_the_controls() {
    let b = Browser::start().await;
    blind_and_locked(&b).await;
    for hidden in ["#nav-settings", "#nav-cohort", "#nav-presenter"] {
        assert!(!present(&b, hidden).await, "{hidden} shown while locked");
    }
    b.set_seed(1).await;
    b.click("#scenario-defacement .start").await;
    let name = b.wait("#group-name").await;
    let _ = name.send_keys("第三组").await;
    b.click("#begin").await;
    b.wait("#decision").await;
    for option in &PATH[..2] {
        b.choose(option).await;
    }
    b.wait("#blind-note").await;
    for hidden in ["#article8", "#accountability", "#verdict-live", "#instructor", "#undo"] {
        assert!(!present(&b, hidden).await, "{hidden} shown in blind play");
    }
    // A wrong PIN is refused; the right one shows the instructor's controls.
    let pin = b.wait("#pin").await;
    let _ = pin.send_keys("1111").await;
    b.click("#unlock-button").await;
    b.wait("#problem").await;
    assert!(!present(&b, "#instructor").await);
    let pin = b.wait("#pin").await;
    let _ = pin.send_keys("2468").await;
    b.click("#unlock-button").await;
    b.wait("#instructor").await;
    b.wait("#nav-settings").await;
    // Blind still: unlocking shows the controls, not the verdict.
    assert!(!present(&b, "#article8").await);
    b.click("#lock").await;
    for option in &PATH[2..] {
        b.choose(option).await;
    }
    // The debrief reveals everything, with the group's name.
    b.wait("#debrief").await;
    assert!(present(&b, "#article8").await);
    let table = b.text("#accountable-table").await;
    assert!(table.contains("直接责任"), "{table}");
    assert_eq!(b.text("#run-label").await, "第三组");
    let link = b.text("#run-link").await;
    assert!(link.contains("label=%E7%AC%AC"), "{link}");
}

/// With `ZEREN_SCREENSHOTS=DIR`, saves the presenter view at 1920×1080 and 1280×720.
#[tokio::test]
async fn screenshots_of_the_presenter_view() {
    let Some(dir) = std::env::var_os("ZEREN_SCREENSHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let b = Browser::start().await;
    b.open("").await;
    b.clear_storage().await;
    b.open("#run=defacement&seed=3&steps=escalate").await;
    b.wait("#decision").await;
    b.click("#nav-presenter").await;
    b.wait("#presenter").await;
    for (w, h) in [(1920, 1080), (1280, 720)] {
        let chrome = b
            .js("return window.outerHeight - window.innerHeight;")
            .await
            .as_u64()
            .unwrap_or_default() as u32;
        let _ = b.client.set_window_size(w, h + chrome).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        if let Ok(png) = b.client.screenshot().await {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("presenter-{w}.png")), png);
        }
    }
}
