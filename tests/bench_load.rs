//! `cargo bench -p zeren-tests --bench load` (scripts/size-report): what the browser downloads
//! and how long it waits, as a trainee's phone on the room's Wi-Fi feels it.
//!
//! 1. Every file of web/dist with its gzip and brotli forms (zeren-dist made them).
//! 2. Each page's first load on the wire, served by `zeren serve` to headless Chromium with
//!    `Accept-Encoding: gzip, deflate` — what a browser sends over a room's plain HTTP (it keeps
//!    brotli for HTTPS and localhost) — headers included, against the 250,000 B budget.
//! 3. The time to an interactive page on a phone on the room's Wi-Fi (DevTools: 1.6 Mbit/s,
//!    150 ms round trip, CPU 4× slower): a first visit (nothing cached) and a later one.
//! 4. The exhaustive analysis of each built-in in the browser's worker.
//!
//! The figures go in the README; nothing here is asserted.

#[path = "browser/harness.rs"]
#[allow(dead_code)]
mod harness;

use harness::Browser;
use serde_json::json;

const BUDGET: u64 = 250_000;

/// The pages a tab opens first, and whether the first-load budget applies (the trainees'):
/// the trainee's library, a group's join form, the instructor's console (the whole app).
const PAGES: [(&str, &str, &str, bool); 3] = [
    ("the library (trainee)", "", "#scenario-defacement .start", true),
    ("a group's page (?join)", "?join", "#class-join", true),
    (
        "the instructor's console (?console)",
        "?console=x",
        "#class-console",
        false,
    ),
];

fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    files();
    runtime.block_on(async {
        let b = Browser::start().await;
        b.devtools("Network.enable", json!({})).await;
        b.devtools(
            "Network.setExtraHTTPHeaders",
            json!({ "headers": { "Accept-Encoding": "gzip, deflate" } }),
        )
        .await;
        println!();
        println!(
            "{:<38} {:>12} {:>16} {:>16}",
            "first load (gzip, headers in)", "on the wire", "phone, 1st visit", "phone, later"
        );
        for (name, query, ready, budgeted) in PAGES {
            let bytes = first_load(&b, query, ready).await;
            let (first, later) = phone(&b, query, ready).await;
            let budget = match (budgeted, bytes <= BUDGET) {
                (false, _) => String::new(),
                (true, true) => format!("   budget {BUDGET} B: {} B under", BUDGET - bytes),
                (true, false) => format!("   budget {BUDGET} B: {} B OVER", bytes - BUDGET),
            };
            println!("{name:<38} {bytes:>10} B {first:>13.0} ms {later:>13.0} ms{budget}");
        }
        analyses(&b).await;
    });
}

/// Every file of web/dist (the precompressed forms beside it not listed on their own).
fn files() {
    let dist = harness::dist();
    let mut names = Vec::new();
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    walk(&dist, &dist, &mut names);
    names.sort();
    let size = |n: &str| {
        std::fs::metadata(dist.join(n))
            .map(|m| m.len().to_string())
            .unwrap_or("-".into())
    };
    println!("{:<44} {:>9} {:>9} {:>9}", "file", "raw B", "gzip B", "brotli B");
    for n in names.iter().filter(|n| !n.ends_with(".gz") && !n.ends_with(".br")) {
        println!(
            "{n:<44} {:>9} {:>9} {:>9}",
            size(n),
            size(&format!("{n}.gz")),
            size(&format!("{n}.br"))
        );
    }
}

/// The bytes a first visit of `query` transfers until the page is interactive (and its
/// fetches of that moment done): every response's headers and body, as Resource Timing counts
/// them.
async fn first_load(b: &Browser, query: &str, ready: &str) -> u64 {
    b.devtools("Network.clearBrowserCache", json!({})).await;
    b.clear_storage().await;
    open(b, query, ready).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let total = b
        .js("return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((n, e) => n + e.transferSize, 0);")
        .await;
    total.as_u64().unwrap_or_default()
}

/// The milliseconds from navigation to an interactive page on a phone on the room's Wi-Fi: a
/// first visit with nothing cached, then a later one (the median of three each).
async fn phone(b: &Browser, query: &str, ready: &str) -> (f64, f64) {
    b.devtools(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 200_000 }),
    )
    .await;
    b.devtools("Emulation.setCPUThrottlingRate", json!({ "rate": 4 })).await;
    let (mut first, mut later) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        b.devtools("Network.clearBrowserCache", json!({})).await;
        first.push(visit(b, query, ready).await);
        later.push(visit(b, query, ready).await);
    }
    b.devtools("Emulation.setCPUThrottlingRate", json!({ "rate": 1 })).await;
    b.devtools(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    (median(first), median(later))
}

/// Opens the page at `query` and waits until `ready` shows.
async fn open(b: &Browser, query: &str, ready: &str) {
    if let Err(e) = b.client.goto(&format!("{}{query}", b.url)).await {
        panic!("cannot open {query}: {e}");
    }
    b.wait(ready).await;
}

async fn visit(b: &Browser, query: &str, ready: &str) -> f64 {
    open(b, query, ready).await;
    b.js("return window.zerenReady;").await.as_f64().unwrap_or_default()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// The exhaustive analysis of each built-in in the editor's worker.
async fn analyses(b: &Browser) {
    println!();
    b.goto(&format!("{}?whole#/editor", b.url)).await;
    b.wait("#editor-ok").await;
    for (id, _, _) in zeren_core::builtin::SOURCES {
        let pick = format!(
            "window.zerenAnalysisMs = undefined; const s = document.getElementById('template'); \
             s.value = '{id}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        );
        b.js(&pick).await;
        b.wait("#editor-ok").await;
        b.click("#analyse").await;
        b.wait("#reachability").await;
        let ms = b.js("return window.zerenAnalysisMs;").await;
        let paths = b.text("#analysis p").await;
        println!(
            "analysis of {id} in the browser: {:.0} ms ({paths})",
            ms.as_f64().unwrap_or_default()
        );
    }
}
