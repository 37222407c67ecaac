//! A real browser for the end-to-end tests: the built app (web/dist) served by `zeren serve` in this process,
//! Debian's chromedriver on a free port, headless Chromium driven through WebDriver.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};

static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A DevTools command, sent through chromedriver (`goog/cdp/execute`): network and CPU
/// throttling, a script that runs before a page's own.
#[derive(Debug)]
struct DevTools {
    method: &'static str,
    params: serde_json::Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The served app and a browser session; the server thread and chromedriver end on drop.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// The app's address, e.g. `http://127.0.0.1:40123/`.
    pub url: String,
    driver: Child,
    port: u16,
    engine: Engine,
}

/// Which browser a test drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium, through chromedriver.
    Chromium,
    /// Debian's Firefox ESR, through geckodriver.
    Firefox,
    /// Debian's WebKitGTK (the engine of Safari's family), its MiniBrowser through
    /// WebKitWebDriver, on a virtual display (Xvfb).
    WebKit,
}

/// WebKitGTK's browser for automation, as Debian installs it.
const WEBKIT_BROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

impl Drop for Browser {
    fn drop(&mut self) {
        if self.engine != Engine::Chromium {
            // The driver and the browser (and the virtual display) it started: their whole
            // process group (only chromedriver takes a shutdown request).
            let _ = Command::new("kill")
                .arg("--")
                .arg(format!("-{}", self.driver.id()))
                .status();
            let _ = self.driver.wait();
            return;
        }
        // Ask chromedriver to shut down: it then quits its Chromium too (killing chromedriver
        // alone would leave the browser running, orphaned). Kill it if it does not exit.
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(b"GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let _ = std::io::Read::read_to_end(&mut s, &mut Vec::new());
        }
        for _ in 0..50 {
            if matches!(self.driver.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The built app; the test command builds it first (scripts/build-web).
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    assert!(
        dist.join("index.html").exists() && dist.join("zeren_bg.wasm").exists(),
        "web/dist is not built: run scripts/build-web (scripts/test does) before the browser tests"
    );
    dist
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(9515)
}

/// `zeren serve` in this process with a fresh data directory `name`: the address, the
/// instructor's key and the directory (for the test to remove).
pub fn class_server(name: &str) -> (String, String, std::path::PathBuf) {
    let data = std::env::temp_dir().join(format!("zeren-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let options = zeren_server::Options {
        class: false,
        port: 0,
        data: data.clone(),
        dist: None,
        next_free_port: false,
        open_console: false,
    };
    let (port, key) = zeren_server::spawn(options).expect("zeren serve starts");
    (format!("http://127.0.0.1:{port}/"), key, data)
}

/// Serves the app in `root` with `zeren serve` (in this process, on a free port, with a data
/// directory of its own), as a room's laptop would: negotiated gzip and brotli, `ETag`s, the
/// class API. Returns the address.
fn serve(root: PathBuf) -> String {
    let n = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let data = std::env::temp_dir().join(format!("zeren-browser-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let options = zeren_server::Options {
        class: false,
        port: 0,
        data,
        dist: Some(root),
        next_free_port: false,
        open_console: false,
    };
    match zeren_server::spawn(options) {
        Ok((port, _key)) => format!("http://127.0.0.1:{port}/"),
        Err(e) => panic!("zeren serve does not start: {e}"),
    }
}

impl Browser {
    /// Serves the app, starts chromedriver and a headless Chromium at 1280×720.
    pub async fn start() -> Browser {
        Browser::start_with(dist(), None).await
    }

    /// Like [`Browser::start`], but serving the app from `root` (a copy of web/dist that a test
    /// may damage).
    pub async fn start_serving(root: PathBuf) -> Browser {
        Browser::start_with(root, None).await
    }

    /// Like [`Browser::start`], but the page is `width`×`height` CSS pixels as on a phone
    /// (Chromium's window cannot be narrower than 500 pixels, so the device is emulated).
    pub async fn start_as_device(width: u32, height: u32) -> Browser {
        Browser::start_with(dist(), Some((width, height))).await
    }

    /// Serves the app and starts `engine`'s driver and browser (headless Firefox ESR, or
    /// WebKitGTK's MiniBrowser under a virtual display) at 1280×720: the other engines the most
    /// important tests run in (tests/engines.rs).
    pub async fn start_in(engine: Engine) -> Browser {
        Browser::launch(dist(), None, engine).await
    }

    async fn start_with(root: PathBuf, device: Option<(u32, u32)>) -> Browser {
        Browser::launch(root, device, Engine::Chromium).await
    }

    async fn launch(root: PathBuf, device: Option<(u32, u32)>, engine: Engine) -> Browser {
        let url = serve(root);
        let port = free_port();
        let (program, install) = match engine {
            Engine::Chromium => ("chromedriver", "apt-get install -y chromium chromium-driver"),
            Engine::Firefox => (
                "geckodriver",
                "apt-get install -y firefox-esr; cargo install geckodriver",
            ),
            Engine::WebKit => ("xvfb-run", "apt-get install -y xvfb webkit2gtk-driver"),
        };
        let mut command = Command::new(program);
        if engine == Engine::WebKit {
            // WebKitGTK has no headless mode: a virtual display.
            command.args(["-a", "WebKitWebDriver"]);
        }
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that the browser it starts ends with it (geckodriver has no
        // shutdown request).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = match command.spawn() {
            Ok(c) => c,
            Err(e) => panic!("{program} is missing ({e}): {install}"),
        };
        let mut caps = serde_json::Map::new();
        match engine {
            Engine::Chromium => {
                let mut options = serde_json::json!({
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,720", "--lang=zh-CN"
                    ]
                });
                if let Some((width, height)) = device {
                    options["mobileEmulation"] = serde_json::json!({
                        "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true }
                    });
                }
                caps.insert("goog:chromeOptions".into(), options);
            }
            Engine::Firefox => {
                let options = serde_json::json!({
                    "binary": "/usr/bin/firefox-esr",
                    "args": ["-headless", "--width=1280", "--height=720"],
                    "prefs": {
                        "intl.accept_languages": "zh-CN",
                        // As on a closed network: no update, telemetry or safe-browsing requests.
                        "app.update.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "browser.safebrowsing.malware.enabled": false,
                        "browser.safebrowsing.phishing.enabled": false,
                        "network.captive-portal-service.enabled": false
                    }
                });
                caps.insert("moz:firefoxOptions".into(), options);
            }
            Engine::WebKit => {
                let options = serde_json::json!({
                    "binary": WEBKIT_BROWSER,
                    "args": ["--automation"]
                });
                caps.insert("webkitgtk:browserOptions".into(), options);
            }
        }
        let webdriver = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..100 {
            let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            match builder.capabilities(caps.clone()).connect(&webdriver).await {
                Ok(client) => {
                    if engine == Engine::WebKit {
                        let _ = client.set_window_size(1280, 720).await;
                    }
                    return Browser {
                        client,
                        url,
                        driver,
                        port,
                        engine,
                    };
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("cannot start a browser session: {last:?}")
    }

    /// Opens the app afresh (a full page load, even when only the hash differs) and waits
    /// until it has rendered.
    pub async fn open(&self, hash: &str) {
        let nonce = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.goto(&format!("{}?load={nonce}{hash}", self.url)).await;
    }

    /// Like [`Browser::open`], in the whole app (`?whole`): the module whose debrief also holds
    /// the verdict as JSON (`#verdict-json`) for comparing with the native build.
    pub async fn open_whole(&self, hash: &str) {
        let nonce = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.goto(&format!("{}?whole&load={nonce}{hash}", self.url)).await;
    }

    /// Navigates and waits until the app has rendered.
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("cannot open {url}: {e}");
        }
        self.wait("header.top").await;
    }

    /// Opens the app as a new user would: loaded, its storage cleared, loaded again.
    pub async fn fresh(&self) {
        self.open("").await;
        self.clear_storage().await;
        self.open("").await;
    }

    /// Clears the app's storage (each test starts as a new user would, with the trainee's module).
    pub async fn clear_storage(&self) {
        let _ = self
            .client
            .execute("localStorage.clear(); sessionStorage.clear();", vec![])
            .await;
    }

    /// Waits up to 20 s for an element (the machine may be busy).
    /// A navigation in progress (the trainee's module loading the whole app) aborts a lookup; the
    /// wait then goes on in the new page.
    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.client.wait().at_most(left).for_element(Locator::Css(css)).await {
                Ok(e) => return e,
                Err(e) if e.to_string().contains("navigation") && !left.is_zero() => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("`{css}` did not appear: {e}"),
            }
        }
    }

    /// Clicks an element once it appears.
    pub async fn click(&self, css: &str) {
        let e = self.wait(css).await;
        if let Err(err) = e.click().await {
            panic!("cannot click `{css}`: {err}");
        }
    }

    /// Chooses an option of the current decision by its id, once the decision has settled (a new
    /// decision ignores input for a moment after it appears).
    pub async fn choose(&self, option: &str) {
        let css = format!("#decision button[data-option='{option}']");
        self.wait(&css).await;
        for _ in 0..20 {
            if self.js("return !!document.querySelector('#decision.settled');").await == true {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.click(&css).await;
    }

    /// The app's modules this page loaded (web/unpack.js), in order: the names of their
    /// WebAssembly without the content hash and the `.lzma` of the packed form, such as
    /// `zeren-trainee_bg.wasm`.
    pub async fn modules(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource').map((r) => r.name.split('?')[0].split('/').pop()).filter((n) => n.endsWith('.wasm.lzma')).map((n) => n.replace(/\\.[0-9a-f]{10}\\./, '.').replace(/\\.lzma$/, ''));";
        serde_json::from_value(self.js(script).await).unwrap_or_default()
    }

    /// Sends a DevTools command (`Network.emulateNetworkConditions`,
    /// `Page.addScriptToEvaluateOnNewDocument` …) and returns its result.
    pub async fn devtools(&self, method: &'static str, params: serde_json::Value) -> serde_json::Value {
        match self.client.issue_cmd(DevTools { method, params }).await {
            Ok(v) => v,
            Err(e) => panic!("{method}: {e}"),
        }
    }

    /// Runs a script and returns its value (`null` when it fails).
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap_or_default()
    }

    /// The text of an element.
    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap_or_default()
    }

    /// The `textContent` of an element, hidden or not.
    pub async fn content(&self, css: &str) -> String {
        let script = format!("return document.querySelector({css:?})?.textContent ?? '';");
        self.client
            .execute(&script, vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The `data-person` of every highlighted person in the org chart.
    pub async fn highlighted(&self) -> Vec<String> {
        let script = "return [...document.querySelectorAll('.orgchart .accountable')].map(g => g.dataset.person);";
        let v = self.client.execute(script, vec![]).await.unwrap_or_default();
        let mut people: Vec<String> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        people.sort();
        people.dedup();
        people
    }

    /// Sets the library's seed field.
    pub async fn set_seed(&self, seed: u64) {
        let input = self.wait("#seed").await;
        let _ = input.clear().await;
        let _ = input.send_keys(&seed.to_string()).await;
    }

    /// Saves a screenshot of the whole page, 1280 pixels wide, to `dir/name.png`.
    pub async fn screenshot(&self, dir: &Path, name: &str) {
        let inner = "return [document.documentElement.scrollHeight, window.innerHeight, window.outerHeight];";
        let sizes = self.client.execute(inner, vec![]).await.unwrap_or_default();
        let n = |i: usize| sizes.get(i).and_then(serde_json::Value::as_u64).unwrap_or(720) as u32;
        let (page, inner_h, outer_h) = (n(0), n(1), n(2));
        let _ = self
            .client
            .set_window_size(1280, page + outer_h.saturating_sub(inner_h))
            .await;
        let png = self.client.screenshot().await;
        let _ = self
            .client
            .set_window_size(1280, 720 + outer_h.saturating_sub(inner_h))
            .await;
        if let Ok(png) = png {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }
}
