//! End-to-end tests for the bugs of issue 12's walk-through (a new user in headless Chromium, in
//! both languages, with the keyboard only). Each fails on the app before its fix. Needs `web/dist`
//! (scripts/build-web) and Debian's chromium + chromium-driver.

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::time::Duration;

use fantoccini::key::Key;
use harness::Browser;

/// A finished defacement run (the path the run-link test already uses).
const FINISHED: &str = "#run=defacement&seed=6&steps=escalate.maintenance.restore_first.comply.backup";

async fn sleep_ms(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Starts the defacement exercise and answers its first decision with its first option.
async fn first_decision_answered(b: &Browser, seed: u64) {
    b.fresh().await;
    b.set_seed(seed).await;
    b.click("#scenario-defacement .start").await;
    b.click("#begin").await;
    b.wait("#decision button.option").await;
    sleep_ms(700).await;
    b.click("#decision button.option").await;
    b.wait("#decision[data-decision='contain']").await;
}

async fn count(b: &Browser, css: &str) -> u64 {
    b.js(&format!("return document.querySelectorAll({css:?}).length;"))
        .await
        .as_u64()
        .unwrap_or_default()
}

async fn absent(b: &Browser, css: &str) {
    // Give the app a moment to render first.
    sleep_ms(300).await;
    assert_eq!(count(b, css).await, 0, "`{css}` should not be shown");
}

// 1. 「暂时保留」 keeps the damaged save.
#[tokio::test]
async fn keeping_a_damaged_save_keeps_it() {
    let b = Browser::start().await;
    b.fresh().await;
    b.js("localStorage.setItem('zeren.run', '{broken');").await;
    b.open("").await;
    b.click("#damaged-save button:last-child").await;
    absent(&b, "#damaged-save").await;
    // Play on: a new run's save must not overwrite the damaged one either.
    b.click("#scenario-defacement .start").await;
    b.open("").await;
    b.wait("#damaged-save").await;
    let kept = b
        .js("return localStorage.getItem('zeren.run.damaged') ?? localStorage.getItem('zeren.run');")
        .await;
    assert_eq!(kept, "{broken");
}

// 2. A run link does not silently replace a run in progress.
#[tokio::test]
async fn a_run_link_asks_before_replacing_a_run_in_progress() {
    let b = Browser::start().await;
    first_decision_answered(&b, 2).await;
    b.open(FINISHED).await;
    b.wait("#link-question").await;
    b.wait("#decision[data-decision='contain']").await;
    b.click("#keep-mine").await;
    absent(&b, "#link-question").await;
    b.wait("#decision[data-decision='contain']").await;
    // Asked again, the user opens the link: their own run is kept in the history.
    b.open(FINISHED).await;
    b.click("#open-link").await;
    b.wait("#debrief").await;
    b.click(".brand").await;
    let history = b.text("#history").await;
    assert!(history.contains("未结束"), "{history}");
}

// 3. Finished runs are kept: listed, reopened, exported, deleted only after confirmation.
#[tokio::test]
async fn finished_runs_are_kept_in_a_history() {
    let b = Browser::start().await;
    b.fresh().await;
    b.open(FINISHED).await;
    let ending = b.text("#ending-title").await;
    b.click("#to-library").await;
    b.open("").await;
    assert_eq!(count(&b, "#history li.kept").await, 1);
    assert!(b.text("#history").await.contains(&ending));
    b.js("window.downloads = []; HTMLAnchorElement.prototype.click = function () { window.downloads.push(this.download); };")
        .await;
    b.click("#history .export").await;
    let names = b.js("return window.downloads;").await;
    assert_eq!(names, serde_json::json!(["zeren-defacement-6.json"]));
    b.click("#history .reopen").await;
    assert_eq!(b.text("#ending-title").await, ending);
    b.click(".brand").await;
    b.click("#history .delete").await;
    b.click("#history .cancel-delete").await;
    assert_eq!(count(&b, "#history li.kept").await, 1);
    b.click("#history .delete").await;
    b.click("#history .confirm-delete").await;
    absent(&b, "#history").await;
    assert_eq!(b.js("return localStorage.getItem('zeren.history');").await, "[]");
}

// 4. Enter pressed twice answers one decision; the focus moves to the new prompt.
#[tokio::test]
async fn enter_pressed_twice_answers_only_one_decision() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#scenario-defacement .start").await;
    b.click("#begin").await;
    b.wait("#decision button.option").await;
    sleep_ms(700).await;
    b.js("document.querySelector('#decision button.option').focus();").await;
    let Ok(focused) = b.client.active_element().await else {
        panic!("nothing has the focus")
    };
    let enter = Key::Enter.to_string();
    if let Err(e) = focused.send_keys(&format!("{enter}{enter}")).await {
        panic!("cannot press Enter: {e}");
    }
    sleep_ms(800).await;
    assert_eq!(count(&b, "#feed li.choice").await, 1);
    assert_eq!(b.js("return document.activeElement.id;").await, "prompt");
}

async fn seconds_left(b: &Browser) -> u64 {
    b.text("#countdown b").await.trim().parse().unwrap_or(u64::MAX)
}

// 5. The countdown goes on where it was after the settings and after a reload.
#[tokio::test]
async fn the_countdown_keeps_its_time_over_settings_and_reload() {
    let b = Browser::start().await;
    // Escalating, containing and reporting at once lead to the police's timed request.
    first_decision_answered(&b, 1).await;
    for next in ["meeting", "police"] {
        sleep_ms(700).await;
        b.click("#decision button.option").await;
        b.wait(&format!("#decision[data-decision='{next}']")).await;
    }
    let start = seconds_left(&b).await;
    sleep_ms(3500).await;
    let before = seconds_left(&b).await;
    assert!(before + 3 <= start, "{before} after 3.5 s from {start}");
    b.click("#nav-settings").await;
    b.click("#settings-done").await;
    let after = seconds_left(&b).await;
    assert!(after <= before, "{after} > {before} after the settings");
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    let reloaded = seconds_left(&b).await;
    assert!(reloaded <= before, "{reloaded} > {before} after a reload");
}

async fn pick_template(b: &Browser, value: &str) {
    b.js(&format!(
        "const s = document.getElementById('template'); s.value = '{value}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    ))
    .await;
}

// 6. Loading another scenario in the editor clears the results of the previous one.
#[tokio::test]
async fn the_editor_forgets_the_results_of_another_scenario() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    b.click("#run-tests").await;
    b.wait("#test-results").await;
    b.click("#analyse").await;
    b.wait("#reachability").await;
    pick_template(&b, "defacement").await;
    b.wait("#editor-ok").await;
    absent(&b, "#test-results").await;
    absent(&b, "#reachability").await;
}

// 11. "Play this now" uses the seed field.
#[tokio::test]
async fn play_this_now_uses_the_seed_field() {
    let b = Browser::start().await;
    b.fresh().await;
    b.set_seed(42).await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    b.click("#play-now").await;
    b.wait("#briefing").await;
    let seed = b.js("return JSON.parse(localStorage.getItem('zeren.run')).seed;").await;
    assert_eq!(seed, 42);
}

// 12. The favicon is in the page (an SVG in index.html: no request of its own, no 404 for
// /favicon.ico); `<html lang>` follows the language.
#[tokio::test]
async fn the_favicon_is_in_the_page_and_the_page_language_follows_the_switch() {
    let b = Browser::start().await;
    b.fresh().await;
    let icon = b
        .js("const l = document.querySelector('link[rel~=icon]'); return l ? l.href : '';")
        .await;
    assert!(
        icon.as_str().is_some_and(|h| h.starts_with("data:image/svg+xml,")),
        "{icon}"
    );
    assert_eq!(b.js("return document.documentElement.lang;").await, "zh-CN");
    b.click("#lang-switch").await;
    sleep_ms(200).await;
    assert_eq!(b.js("return document.documentElement.lang;").await, "en");
    b.click("#lang-switch").await;
    sleep_ms(200).await;
    assert_eq!(b.js("return document.documentElement.lang;").await, "zh-CN");
}

/// Every visible text (and the marks that carry meaning) with a contrast below 4.5:1 against
/// what is behind it, as `element "text" ratio`.
const LOW_CONTRAST: &str = r#"
const parse = (c) => { const m = c && c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
const over = (top, bottom, a) => [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const backdrop = (el) => {
  const chain = []; for (let e = el; e && e.nodeType === 1; e = e.parentElement) chain.push(e);
  let c = [255, 255, 255];
  for (const e of chain.reverse()) {
    if (e instanceof SVGElement && e.tagName !== 'svg') continue;
    const b = parse(getComputedStyle(e).backgroundColor); if (b && b[3] > 0) c = over(b, c, b[3]);
  }
  if (el instanceof SVGElement && el.parentNode) {
    const box = el.getBBox(); const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    for (const s of el.parentNode.querySelectorAll(':scope > rect, :scope > circle, :scope > polygon')) {
      if (s === el) continue;
      const r = s.getBBox();
      if (cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height) {
        const f = parse(getComputedStyle(s).fill); if (f) c = over(f, c, f[3]);
      }
    }
  }
  return c;
};
const opacity = (el) => { let o = 1; for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden], .sr-only, details:not([open]) > :not(summary)');
const bad = [];
const check = (el, colour, what) => {
  const fg = parse(colour); if (!fg || fg[3] === 0) return;
  const bg = backdrop(el); const c = over(fg, bg, fg[3] * opacity(el)); const r = ratio(c, bg);
  if (r < 4.5) bad.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} "${what.slice(0, 30)}" ${r.toFixed(2)}`);
};
for (const el of document.querySelectorAll('body *')) {
  if (!shown(el)) continue;
  const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
  if (own) check(el, el instanceof SVGElement ? getComputedStyle(el).fill : getComputedStyle(el).color, own);
}
for (const el of document.querySelectorAll('.item.fired, .item.at-risk, .rows li')) if (shown(el)) check(el, getComputedStyle(el).borderLeftColor, 'mark');
for (const el of document.querySelectorAll('svg .decision-mark circle, svg .moment polygon')) check(el, getComputedStyle(el).fill, 'mark');
for (const el of document.querySelectorAll('svg .deadline line')) check(el, getComputedStyle(el).stroke, 'mark');
for (const el of document.querySelectorAll('.orgchart .accountable')) check(el, getComputedStyle(el).borderLeftColor, 'mark');
return [...new Set(bad)];
"#;

async fn assert_contrast(b: &Browser, screen: &str) {
    let bad = b.js(LOW_CONTRAST).await;
    assert_eq!(bad, serde_json::json!([]), "low contrast on the {screen}");
}

// 14. Accessibility: live regions, a real brand link, labelled editor controls, focus on the new
// screen's heading, contrast of at least 4.5:1.
#[tokio::test]
async fn the_app_is_usable_with_a_screen_reader_and_the_keyboard() {
    let b = Browser::start().await;
    b.fresh().await;
    assert_eq!(count(&b, "a.brand[href]").await, 1, "the brand is a real link");
    assert_contrast(&b, "library").await;
    b.click("#nav-settings").await;
    b.wait("#settings").await;
    sleep_ms(200).await;
    assert_eq!(b.js("return document.activeElement.tagName;").await, "H1");
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    sleep_ms(200).await;
    assert_eq!(b.js("return document.activeElement.tagName;").await, "H1");
    let labelled = b
        .js(
            "return ['template', 'source'].map((id) => { const e = document.getElementById(id); \
             return e.labels.length > 0 || !!e.getAttribute('aria-label'); });",
        )
        .await;
    assert_eq!(labelled, serde_json::json!([true, true]));
    b.click("#analyse").await;
    b.wait("#reachability").await;
    assert_contrast(&b, "editor").await;
    b.open("#run=defacement&seed=3&steps=wait.maintenance").await;
    b.wait("#decision").await;
    assert_eq!(count(&b, "#feed[aria-live]").await, 1, "new messages are announced");
    assert_eq!(
        count(&b, "[aria-live] #fired-now, #verdict-live[aria-live]").await,
        1,
        "verdict changes are announced"
    );
    b.js("document.querySelectorAll('details.item').forEach((d) => { d.open = true; });")
        .await;
    assert_contrast(&b, "play screen").await;
    b.clear_storage().await;
    b.open(FINISHED).await;
    b.wait("#debrief").await;
    assert_contrast(&b, "debrief").await;
}

// 9. A TOML syntax error does not hide the file's other problems; a stray `=` is one error.
#[tokio::test]
async fn a_syntax_error_keeps_the_other_diagnostics() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    b.js(
        "const a = document.getElementById('source'); a.value += '\\nbogus = 1\\nstray = = 2\\n'; \
          a.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    // The diagnostics follow the text at the next render; a busy machine may take a moment.
    let mut diagnostics = String::new();
    for _ in 0..50 {
        diagnostics = b.text("#editor-diagnostics").await;
        if diagnostics.contains("bogus") {
            break;
        }
        sleep_ms(100).await;
    }
    assert!(diagnostics.contains("没有 `bogus` 这个键"), "{diagnostics}");
    assert_eq!(diagnostics.matches("T0001").count(), 1, "{diagnostics}");
}

/// Sets the window's inner size (the viewport) to `width`×`height`.
async fn viewport(b: &Browser, width: u32, height: u32) {
    let _ = b.client.set_window_size(width, height).await;
    let inner = b
        .js("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
        .await;
    let d = |i: usize| inner.get(i).and_then(serde_json::Value::as_u64).unwrap_or_default() as u32;
    let _ = b.client.set_window_size(width + d(0), height + d(1)).await;
}

/// Saves a screenshot of the whole page at the current width to `dir/name.png`.
async fn shot(b: &Browser, dir: &std::path::Path, name: &str) {
    let size = b
        .js("return [window.innerWidth, window.innerHeight, document.documentElement.scrollHeight];")
        .await;
    let n = |i: usize| size.get(i).and_then(serde_json::Value::as_u64).unwrap_or(720) as u32;
    let (w, h, page) = (n(0), n(1), n(2));
    if w < 500 {
        // An emulated phone keeps its screen size: one shot per screenful, the first three.
        for (i, top) in (0..page.min(3 * h)).step_by(h as usize).enumerate() {
            b.js(&format!("window.scrollTo(0, {top});")).await;
            sleep_ms(150).await;
            if let Ok(png) = b.client.screenshot().await {
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("{name}-{i}.png")), png);
            }
        }
        return;
    }
    viewport(b, w, page.min(6000)).await;
    if let Ok(png) = b.client.screenshot().await {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
    viewport(b, w, h).await;
}

/// With `ZEREN_LAYOUT_SHOTS=DIR`, saves every screen at 1366, 390 and 1920 px in both languages.
#[tokio::test]
async fn layout_screenshots() {
    let Some(dir) = std::env::var_os("ZEREN_LAYOUT_SHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    for (width, height) in [(1366, 768), (390, 844), (1920, 1080)] {
        // Chromium's window is at least 500 pixels wide: a phone is emulated.
        let b = if width < 500 {
            Browser::start_as_device(width, height).await
        } else {
            Browser::start().await
        };
        for lang in ["zh", "en"] {
            viewport(&b, width, height).await;
            let tag = format!("{width}-{lang}");
            b.fresh().await;
            b.js(&format!("localStorage.setItem('zeren.lang', '\"{lang}\"');"))
                .await;
            b.open("").await;
            shot(&b, &dir, &format!("library-{tag}")).await;
            b.click("#scenario-defacement .start").await;
            b.wait("#briefing").await;
            shot(&b, &dir, &format!("briefing-{tag}")).await;
            b.clear_storage().await;
            b.js(&format!("localStorage.setItem('zeren.lang', '\"{lang}\"');"))
                .await;
            b.open("#run=defacement&seed=3&steps=escalate.maintenance").await;
            b.wait("#decision").await;
            shot(&b, &dir, &format!("play-{tag}")).await;
            b.clear_storage().await;
            b.js(&format!("localStorage.setItem('zeren.lang', '\"{lang}\"');"))
                .await;
            b.open(FINISHED).await;
            b.wait("#debrief").await;
            shot(&b, &dir, &format!("debrief-{tag}")).await;
            b.click("#nav-editor").await;
            pick_template(&b, "defacement").await;
            b.wait("#editor-ok").await;
            b.click("#analyse").await;
            b.wait("#reachability").await;
            shot(&b, &dir, &format!("editor-{tag}")).await;
            viewport(&b, width, 3000).await;
            for (css, name) in [(".branchmap-wrap", "branchmap"), (".reach", "reachability")] {
                b.js(&format!("document.querySelector({css:?}).scrollIntoView();"))
                    .await;
                if let Ok(png) = b.wait(css).await.screenshot().await {
                    let _ = std::fs::write(dir.join(format!("{name}-{tag}.png")), png);
                }
            }
        }
    }
}

/// Pairs of the shown elements matching `css` whose boxes overlap (by more than a pixel each way).
async fn overlapping(b: &Browser, css: &str) -> Vec<String> {
    let script = format!(
        "const els = [...document.querySelectorAll({css:?})].filter((e) => e.getClientRects().length > 0); \
         const r = els.map((e) => e.getBoundingClientRect()); const bad = []; \
         for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {{ \
           const w = Math.min(r[i].right, r[j].right) - Math.max(r[i].left, r[j].left); \
           const h = Math.min(r[i].bottom, r[j].bottom) - Math.max(r[i].top, r[j].top); \
           if (w > 1 && h > 1) bad.push(els[i].textContent.slice(0, 24) + ' / ' + els[j].textContent.slice(0, 24)); }} \
         return bad;"
    );
    let v = b.js(&script).await;
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// The rendered height in pixels of the first element matching `css`.
async fn height(b: &Browser, css: &str) -> f64 {
    b.js(&format!(
        "return document.querySelector({css:?})?.getBoundingClientRect().height ?? 0;"
    ))
    .await
    .as_f64()
    .unwrap_or_default()
}

// 7. The org chart keeps a readable size for a small organisation and on a phone; long posts
// are shown whole.
#[tokio::test]
async fn the_org_chart_keeps_a_readable_size_and_shows_whole_posts() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    b.click("#play-now").await;
    b.wait("#briefing .orgchart").await;
    let name = height(&b, ".orgchart .name").await;
    assert!(
        (14.0..=36.0).contains(&name),
        "a name is {name} px tall in a small organisation"
    );
    b.clear_storage().await;
    b.open(FINISHED).await;
    let zhou = b.content(".orgchart [data-person='zhou']").await;
    assert!(
        zhou.contains("市政府秘书长、办公室党组书记") && !zhou.contains('…'),
        "{zhou}"
    );
    assert_eq!(
        overlapping(&b, ".orgchart .name, .orgchart .title").await,
        Vec::<String>::new()
    );
    let phone = Browser::start_as_device(390, 844).await;
    phone.open(FINISHED).await;
    phone.wait("#debrief").await;
    let name = height(&phone, ".orgchart .name").await;
    assert!(name >= 14.0, "a name is {name} px tall on a phone");
}

// 8. The timeline's labels and decision markers do not overlap, also on long runs.
#[tokio::test]
async fn the_timeline_labels_and_markers_do_not_overlap() {
    let b = Browser::start().await;
    let runs = [
        FINISHED,
        "#run=defacement&seed=1&steps=vendor.maintenance.report_now.comply.rebuild",
        "#run=data-leak&seed=2&steps=block.initial.quick.no_notify.provide.report_secret",
        "#run=cii-water&seed=2&steps=~.keep_running.report_both.bureau_waits.allow.restore.silence",
    ];
    for run in runs {
        b.fresh().await;
        b.open(run).await;
        b.wait("#debrief #timeline").await;
        assert_eq!(overlapping(&b, "#timeline text").await, Vec::<String>::new(), "{run}");
        assert_eq!(overlapping(&b, "#timeline circle").await, Vec::<String>::new(), "{run}");
    }
}

// 10. The branch map of a six-decision scenario fits the width, its labels do not collide, and
// it can be shown at full size to pan.
#[tokio::test]
async fn the_branch_map_fits_the_width_without_collisions() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    pick_template(&b, "defacement").await;
    b.wait("#editor-ok").await;
    b.click("#analyse").await;
    b.wait("#reachability").await;
    let fits = b
        .js(
            "const w = document.querySelector('.branchmap-wrap').getBoundingClientRect(); \
             return [...document.querySelectorAll('#branch-map g.node rect')].every((r) => { \
               const x = r.getBoundingClientRect(); return x.left >= w.left - 1 && x.right <= w.right + 1; });",
        )
        .await;
    assert_eq!(fits, true, "every node is inside the visible width");
    assert_eq!(overlapping(&b, "#branch-map text").await, Vec::<String>::new());
    assert_eq!(overlapping(&b, "#branch-map g.node rect").await, Vec::<String>::new());
    let fitted = b
        .js("return document.getElementById('branch-map').getBoundingClientRect().width;")
        .await;
    b.click("#branch-map-zoom").await;
    let full = b
        .js("return document.getElementById('branch-map').getBoundingClientRect().width;")
        .await;
    assert!(full.as_f64() >= fitted.as_f64(), "{full} < {fitted}");
}

/// Whether the page is wider than the window (it scrolls sideways).
async fn scrolls_sideways(b: &Browser) -> bool {
    b.js("return document.documentElement.scrollWidth > window.innerWidth + 1;")
        .await
        == true
}

// 13. On a phone the header and screens fit; on a projector the app uses the width, larger type
// and a taller message list.
#[tokio::test]
async fn phone_and_projector_layouts() {
    let phone = Browser::start_as_device(390, 844).await;
    phone.fresh().await;
    assert!(!scrolls_sideways(&phone).await, "the library scrolls sideways");
    let tall = phone
        .js("return Math.max(...[...document.querySelectorAll('header.top nav button')].map((b) => b.getBoundingClientRect().height));")
        .await;
    assert!(
        tall.as_f64().unwrap_or(99.0) <= 44.0,
        "a header button is {tall} px tall"
    );
    phone.open("#run=defacement&seed=3&steps=escalate.maintenance").await;
    phone.wait("#decision").await;
    assert!(!scrolls_sideways(&phone).await, "the play screen scrolls sideways");
    phone.clear_storage().await;
    phone.open(FINISHED).await;
    phone.wait("#debrief").await;
    assert!(!scrolls_sideways(&phone).await, "the debrief scrolls sideways");
    // A damaged save's banner wraps its buttons under its text.
    phone.fresh().await;
    phone
        .js(r#"localStorage.setItem('zeren.lang', '"en"'); localStorage.setItem('zeren.run', '{"zeren_run":99,"scenario":"defacement","seed":1,"events":[]}');"#)
        .await;
    phone.open("").await;
    phone.wait("#damaged-save").await;
    let spill = "const b = document.getElementById('damaged-save'); return b.scrollWidth - b.clientWidth;";
    let spill = phone.js(spill).await;
    assert_eq!(spill, 0, "the damaged save's banner spills over by {spill} px");
    drop(phone);

    let projector = Browser::start().await;
    viewport(&projector, 1920, 1080).await;
    projector.fresh().await;
    projector
        .open("#run=defacement&seed=3&steps=escalate.maintenance")
        .await;
    projector.wait("#decision").await;
    let sizes = projector
        .js("return [document.querySelector('main').getBoundingClientRect().width, \
             parseFloat(getComputedStyle(document.documentElement).fontSize), \
             parseFloat(getComputedStyle(document.getElementById('feed')).maxHeight)];")
        .await;
    let n = |i: usize| sizes.get(i).and_then(serde_json::Value::as_f64).unwrap_or_default();
    assert!(n(0) >= 1800.0, "main is {} px wide on a 1920 px projector", n(0));
    assert!(n(1) >= 18.0, "type is {} px", n(1));
    assert!(n(2) >= 400.0, "the message list is {} px tall at most", n(2));
}

// Platform: every screen has an address; Back and Forward move between screens; an address
// opens its screen.
#[tokio::test]
async fn back_and_forward_move_between_screens_and_an_address_opens_its_screen() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    b.wait("#editor").await;
    assert!(
        b.js("return location.hash;")
            .await
            .as_str()
            .is_some_and(|h| h == "#/editor")
    );
    b.click("a.brand").await;
    b.wait("#scenario-defacement .start").await;
    b.click("#scenario-defacement .start").await;
    b.wait("#briefing").await;
    let hash = b.js("return location.hash;").await;
    assert!(
        hash.as_str()
            .is_some_and(|h| h.starts_with("#/briefing/run=defacement")),
        "{hash}"
    );
    let _ = b.client.back().await;
    b.wait("#scenario-defacement .start").await;
    let _ = b.client.back().await;
    b.wait("#editor").await;
    let _ = b.client.forward().await;
    b.wait("#scenario-defacement .start").await;
    // A bookmarked screen opens as itself.
    b.open("#/settings").await;
    b.wait("#settings").await;
}

// Platform: the analysis runs in a worker. Typing during a long analysis updates the
// diagnostics at once and stops the analysis: no stale result appears for the old text.
#[tokio::test]
async fn typing_during_an_analysis_updates_the_diagnostics_and_stops_it() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-editor").await;
    pick_template(&b, "data-leak").await;
    b.wait("#editor-ok").await;
    b.js("document.getElementById('analyse').click(); \
         const a = document.getElementById('source'); a.value = a.value + '\\nbogus = 1'; \
         a.dispatchEvent(new Event('input', { bubbles: true }));")
        .await;
    let diagnostics = b.text("#editor-diagnostics").await;
    assert!(diagnostics.contains("T0002"), "{diagnostics}");
    sleep_ms(3000).await;
    absent(&b, "#reachability").await;
    absent(&b, "#analysis-progress").await;
}

// Issue 12, size: a tab loads the trainee's module first and the whole app only when an
// instructor's screen opens, carrying over what it held in memory (the seed field and an
// unlocked PIN) and keeping the run in progress.
#[tokio::test]
async fn the_instructor_module_loads_only_when_an_instructor_screen_opens() {
    let b = Browser::start().await;
    first_decision_answered(&b, 7).await;
    // The trainee's module, and the whole app fetched in the background for the debrief.
    assert_eq!(b.modules().await, ["zeren-trainee_bg.wasm", "zeren_bg.wasm"]);
    // Set a PIN, lock, and unlock again: the controls are open in this tab's memory only.
    b.click("#nav-settings").await;
    let pin = b.wait("#new-pin").await;
    let _ = pin.send_keys("2468").await;
    b.click("#set-pin").await;
    b.click("#settings-done").await;
    b.click("#lock").await;
    let pin = b.wait("#pin").await;
    let _ = pin.send_keys("2468").await;
    b.click("#unlock-button").await;
    b.wait("#nav-presenter").await;
    b.click(".brand").await;
    b.set_seed(4242).await;
    b.click("#nav-presenter").await;
    b.wait("#presenter").await;
    assert_eq!(b.modules().await, ["zeren_bg.wasm"]);
    assert_eq!(b.js("return location.hash;").await, "#/presenter");
    assert!(b.js("return new URLSearchParams(location.search).has('whole');").await == true);
    // Still unlocked, the seed kept, the run in progress still there.
    b.wait("#nav-settings").await;
    b.click("#nav-editor").await;
    b.wait("#editor-ok").await;
    assert_eq!(
        b.js("return document.getElementById('editor-seed').value;").await,
        "4242"
    );
    let steps = b
        .js("return JSON.parse(localStorage.getItem('zeren.run')).events.length;")
        .await;
    assert_eq!(steps, 1);
}

/// The files a tab fetched whose names contain `part` (`builtins/`), without the path.
async fn fetched(b: &Browser, part: &str) -> Vec<String> {
    let script = format!(
        "return performance.getEntriesByType('resource').map((r) => r.name.split('?')[0]).filter((n) => n.includes({part:?})).map((n) => n.split('/').pop());"
    );
    let names = b.js(&script).await;
    let mut names: Vec<String> = serde_json::from_value(names).unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn the_trainee_module_fetches_a_built_in_only_when_it_is_played() {
    let b = Browser::start().await;
    b.fresh().await;
    b.wait("#scenario-cii-water .start").await;
    // The library lists the built-ins from the index alone.
    assert_eq!(fetched(&b, "builtins/").await, ["index.json"]);
    assert_eq!(b.modules().await, ["zeren-trainee_bg.wasm"]);
    b.click("#scenario-defacement .start").await;
    b.click("#begin").await;
    b.wait("#decision button.option").await;
    assert_eq!(fetched(&b, "builtins/").await, ["defacement.json", "index.json"]);
    sleep_ms(700).await;
    b.click("#decision button.option").await;
    b.wait("#decision[data-decision='contain']").await;
    // A reload with a run here fetches the built-ins before the app shows it.
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    b.wait("#decision[data-decision='contain']").await;
    assert!(fetched(&b, "builtins/").await.contains(&"data-leak.json".to_owned()));
}

/// The test scenario file of a phishing exercise (tests/scenarios/valid).
fn phishing_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/valid/phishing-minimal.toml")
}

/// The phishing exercise's briefing, shown by the whole app (the trainee's module has no
/// scenario reader).
async fn phishing_briefing_in_the_whole_app(b: &Browser) {
    b.wait("#briefing").await;
    assert_eq!(b.modules().await, ["zeren_bg.wasm"]);
    assert!(b.text("#briefing").await.contains("钓鱼邮件"));
}

#[tokio::test]
async fn a_scenario_file_and_its_run_open_in_the_whole_app() {
    let b = Browser::start().await;
    b.fresh().await;
    let file = phishing_file();
    let input = b.wait("#open-scenario").await;
    if let Err(e) = input.send_keys(&file.display().to_string()).await {
        panic!("cannot choose the file: {e}");
    }
    // The trainee's module has no scenario reader: the whole app opens the file and plays it.
    phishing_briefing_in_the_whole_app(&b).await;
    // The run of that file, opened at the plain address, is resumed by the whole app too.
    b.open("").await;
    phishing_briefing_in_the_whole_app(&b).await;
    assert!(b.js("return new URLSearchParams(location.search).has('whole');").await == true);
    // Its run file, imported in a fresh trainee's module, opens in the whole app as well.
    let run = b.js("return localStorage.getItem('zeren.run');").await;
    let path = std::env::temp_dir().join(format!("zeren-file-run-{}.json", std::process::id()));
    if let Err(e) = std::fs::write(&path, run.as_str().unwrap_or_default()) {
        panic!("{e}");
    }
    b.fresh().await;
    assert_eq!(b.modules().await, ["zeren-trainee_bg.wasm"]);
    let input = b.wait("#import-run").await;
    if let Err(e) = input.send_keys(&path.display().to_string()).await {
        panic!("cannot choose the file: {e}");
    }
    phishing_briefing_in_the_whole_app(&b).await;
    let _ = std::fs::remove_file(path);
}

/// Copies the built app (web/dist) into a new temporary folder, for a test that damages it.
fn copy_of_dist(name: &str) -> std::path::PathBuf {
    let to = std::env::temp_dir().join(format!("zeren-{name}-{}", std::process::id()));
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        let _ = std::fs::create_dir_all(to);
        for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
            if entry.path().is_file() {
                let _ = std::fs::copy(entry.path(), to.join(entry.file_name()));
            }
        }
    };
    let dist = harness::dist();
    copy(&dist, &to);
    copy(&dist.join("builtins"), &to.join("builtins"));
    to
}

#[tokio::test]
async fn a_built_in_that_cannot_be_fetched_leaves_the_saved_run_as_it_was() {
    let root = copy_of_dist("unfetched");
    let b = Browser::start_serving(root.clone()).await;
    first_decision_answered(&b, 7).await;
    let save = "return localStorage.getItem('zeren.run');";
    let saved = b.js(save).await;
    let (file, aside) = (
        root.join("builtins/defacement.json"),
        root.join("defacement.json.aside"),
    );
    if let Err(e) = std::fs::rename(&file, &aside) {
        panic!("{e}");
    }
    // The tab needs the built-in for its run: it says so and touches nothing.
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    let note = b.wait("#loading").await;
    for _ in 0..50 {
        if note.text().await.unwrap_or_default().contains("无法载入内置场景") {
            break;
        }
        sleep_ms(100).await;
    }
    assert!(note.text().await.unwrap_or_default().contains("无法载入内置场景"));
    assert_eq!(b.js(save).await, saved);
    assert_eq!(
        b.js("return localStorage.getItem('zeren.run.damaged');").await,
        serde_json::Value::Null
    );
    // Once it can be fetched again, the run goes on where it was.
    if let Err(e) = std::fs::rename(&aside, &file) {
        panic!("{e}");
    }
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    b.wait("#decision[data-decision='contain']").await;
    let _ = std::fs::remove_dir_all(root);
}

/// The browser reads saved JSON with its own parser: a seed beyond 2^53, which a JavaScript
/// number cannot hold, still comes back exactly after a reload.
#[tokio::test]
async fn a_seed_beyond_two_to_the_53_survives_a_reload() {
    let b = Browser::start().await;
    b.fresh().await;
    b.open("#run=defacement&seed=18446744073709551615&steps=escalate").await;
    b.wait("#decision[data-decision='contain']").await;
    if let Err(e) = b.client.refresh().await {
        panic!("reload failed: {e}");
    }
    b.wait("#decision[data-decision='contain']").await;
    absent(&b, "#damaged-save").await;
    let saved = b.js("return localStorage.getItem('zeren.run');").await;
    let saved = saved.as_str().unwrap_or_default();
    assert!(saved.contains(r#""seed":18446744073709551615"#), "{saved}");
}

/// A saved run the app cannot read says why in Chinese as well: a newer format names itself.
#[tokio::test]
async fn a_damaged_save_says_why_in_chinese_too() {
    let b = Browser::start().await;
    b.fresh().await;
    b.js(r#"localStorage.setItem('zeren.run', '{"zeren_run":99,"scenario":"defacement","seed":1,"events":[]}');"#)
        .await;
    b.open("").await;
    let said = b.text("#damaged-save").await;
    assert!(said.contains("格式 99") && said.contains("新版 Zeren"), "{said}");
}

/// The address of the page (its hash).
async fn hash(b: &Browser) -> String {
    b.js("return location.hash;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A data-leak run one step in: a run link someone pastes into an open tab.
const PASTED: &str = "#run=data-leak&seed=7&steps=shut";

// Second walk-through, 1: a run link put into the address of an open tab opens as if the page
// were opened with it: over a run in progress it asks first; from the settings, with no run,
// it opens.
#[tokio::test]
async fn a_run_link_pasted_into_an_open_tab_is_handled_as_if_opened_with_it() {
    let b = Browser::start().await;
    first_decision_answered(&b, 2).await;
    assert!(hash(&b).await.starts_with("#/play/run=defacement"));
    b.js(&format!("location.hash = {PASTED:?};")).await;
    b.wait("#link-question").await;
    b.wait("#decision[data-decision='contain']").await;
    b.click("#open-link").await;
    b.wait("#decision[data-decision='first_report']").await;
    assert!(hash(&b).await.starts_with("#/play/run=data-leak&seed=7&steps=shut"));
    // From the settings, with no run in progress: the link opens at once.
    b.fresh().await;
    b.click("#nav-settings").await;
    b.wait("#settings").await;
    b.js(&format!("location.hash = {PASTED:?};")).await;
    b.wait("#decision[data-decision='first_report']").await;
    absent(&b, "#link-question").await;
    assert!(hash(&b).await.starts_with("#/play/run=data-leak&seed=7&steps=shut"));
}

// Second walk-through, 2: Back then Forward returns to play, and leaves the addresses of the
// screens the user visited; Back from the presenter (the whole app) returns to play too.
#[tokio::test]
async fn back_then_forward_returns_to_play_and_back_leaves_the_presenter() {
    let b = Browser::start().await;
    first_decision_answered(&b, 3).await;
    let play = hash(&b).await;
    assert!(play.starts_with("#/play/run=defacement&seed=3&steps="), "{play}");
    let _ = b.client.back().await;
    b.wait("#briefing").await;
    // The briefing's address names the run as it stands, not as it was when the briefing showed.
    assert_eq!(hash(&b).await, play.replace("#/play/", "#/briefing/"));
    let _ = b.client.forward().await;
    b.wait("#decision[data-decision='contain']").await;
    assert_eq!(hash(&b).await, play);
    let _ = b.client.back().await;
    b.wait("#briefing").await;
    let _ = b.client.back().await;
    b.wait("#scenario-defacement .start").await;
    assert_eq!(hash(&b).await, "#/library");
    let _ = b.client.forward().await;
    b.wait("#briefing").await;
    let _ = b.client.forward().await;
    b.wait("#decision[data-decision='contain']").await;
    assert_eq!(hash(&b).await, play);
    // The presenter loads the whole app; Back returns to play.
    b.click("#nav-presenter").await;
    b.wait("#presenter").await;
    eprintln!(
        "DEBUG history {:?}",
        b.js("return [location.href, history.length];").await
    );
    let _ = b.client.back().await;
    sleep_ms(3000).await;
    eprintln!(
        "DEBUG after back {:?} {:?}",
        b.js("return [location.href, history.length, document.querySelector('main')?.innerText.slice(0,200)];")
            .await,
        0
    );
    b.wait("#decision[data-decision='contain']").await;
    assert_eq!(hash(&b).await, play);
}

/// Types `text` into the field `css` in place of what it holds.
async fn retype(b: &Browser, css: &str, text: &str) {
    let input = b.wait(css).await;
    let _ = input.clear().await;
    let _ = input.send_keys(text).await;
}

// Second walk-through, 3: a parameter that is not a whole number from 0 to the largest value
// is refused at its field, the value in force named; Done does not leave past it, and the field
// shows the value in force once the screen is left.
#[tokio::test]
async fn a_bad_parameter_is_refused_at_its_field_and_the_value_in_force_kept() {
    let b = Browser::start().await;
    b.fresh().await;
    b.click("#nav-settings").await;
    // The settings screen is the whole app's: the tab loads it.
    b.wait("#param-handling_deadline").await;
    let field = "#param-handling_deadline";
    let problem = "#param-handling_deadline-problem";
    // Put in at once: typed, "12.5" would pass through 12, which is taken.
    for bad in ["-5", "12.5", "1e99", "99999999999999999999", "10000000000001", ""] {
        b.js(&format!(
            "const f = document.querySelector({field:?}); f.value = {bad:?}; f.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await;
        let said = b.text(problem).await;
        assert!(
            said.contains("0 到 10000000000000 之间的整数") && said.contains("仍按 60 计算"),
            "{bad}: {said}"
        );
        assert!(said.contains(&format!("「{bad}」")) || bad.is_empty(), "{bad}: {said}");
    }
    b.click("#lang-switch").await;
    let said = b.text(problem).await;
    assert!(
        said.contains("whole number from 0 to 10000000000000") && said.contains("60 stays in force"),
        "{said}"
    );
    b.click("#lang-switch").await;
    // Done stays, and takes the focus to the field.
    b.click("#settings-done").await;
    b.wait("#settings").await;
    assert_eq!(
        b.js("return document.activeElement.id;").await,
        "param-handling_deadline"
    );
    retype(&b, field, "45").await;
    absent(&b, problem).await;
    b.click("#settings-done").await;
    b.wait("#scenario-defacement .start").await;
    // Left with a bad value, the screen opens again with the value in force.
    b.click("#nav-settings").await;
    assert_eq!(
        b.js("return document.getElementById('param-handling_deadline').value;")
            .await,
        "45"
    );
    retype(&b, field, "-5").await;
    b.wait(problem).await;
    b.click(".brand").await;
    b.click("#nav-settings").await;
    b.wait("#settings").await;
    absent(&b, problem).await;
    assert_eq!(
        b.js("return document.getElementById('param-handling_deadline').value;")
            .await,
        "45"
    );
    let saved = b
        .js("return JSON.parse(localStorage.getItem('zeren.settings')).params.handling_deadline;")
        .await;
    assert_eq!(saved, 45);
}

/// Puts `text` into the field `css` at once, as a paste would.
async fn paste(b: &Browser, css: &str, text: &str) {
    b.js(&format!(
        "const f = document.querySelector({css:?}); f.value = {text:?}; f.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ))
    .await;
}

// Second walk-through, 4: a seed that is not a whole number from 0 to 2^64 − 1 is refused at
// its field, and no run starts with another seed.
#[tokio::test]
async fn an_invalid_seed_is_refused_at_its_field_and_starts_no_run() {
    let b = Browser::start().await;
    b.fresh().await;
    for bad in ["-1", "3.5", "1e30", "99999999999999999999", ""] {
        paste(&b, "#seed", bad).await;
        let said = b.text("#seed-problem").await;
        assert!(
            said.contains("0 到 18446744073709551615 之间的整数") && said.contains("不能开始推演"),
            "{bad}: {said}"
        );
        b.click("#scenario-defacement .start").await;
        absent(&b, "#briefing").await;
        assert_eq!(b.js("return document.activeElement.id;").await, "seed");
        assert_eq!(
            b.js("return localStorage.getItem('zeren.run');").await,
            serde_json::Value::Null
        );
    }
    paste(&b, "#seed", "-1").await;
    b.click("#lang-switch").await;
    let said = b.text("#seed-problem").await;
    assert!(
        said.contains("“-1” is not a seed") && said.contains("No exercise starts"),
        "{said}"
    );
    b.click("#lang-switch").await;
    // A seed starts the run with it.
    paste(&b, "#seed", "42").await;
    absent(&b, "#seed-problem").await;
    b.click("#scenario-defacement .start").await;
    b.wait("#briefing").await;
    assert!(hash(&b).await.contains("&seed=42&"), "{}", hash(&b).await);
    // The editor's seed field says so too, and plays nothing.
    b.open("#/editor").await;
    b.wait("#editor-ok").await;
    paste(&b, "#editor-seed", "-1").await;
    b.wait("#editor-seed-problem").await;
    b.click("#play-now").await;
    absent(&b, "#briefing").await;
    b.wait("#editor").await;
}

/// The browser's old save of format 1 carried its scenario file as `[name, text]`: the trainee's
/// module still reads it and hands it to the whole app, which resumes it (not "damaged").
#[tokio::test]
async fn an_old_save_with_its_scenario_file_opens_in_the_whole_app() {
    let b = Browser::start().await;
    b.fresh().await;
    let path = phishing_file();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let Some(scenario) = zeren_core::parse_scenario(&text).0 else {
        panic!("the scenario should read")
    };
    let save = serde_json::json!({
        "save": { "zeren_save": 1, "scenario": scenario.id, "seed": 3, "events": [] },
        "file": ["phishing-minimal.toml", text],
    });
    let literal = serde_json::to_string(&save.to_string()).unwrap_or_default();
    b.js(&format!("localStorage.setItem('zeren.run', {literal});")).await;
    b.open("").await;
    phishing_briefing_in_the_whole_app(&b).await;
    absent(&b, "#damaged-save").await;
}
