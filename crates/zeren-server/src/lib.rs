//! `zeren serve`: the web app (built into the binary, src/web_app.rs) and the live class from one
//! process.
//!
//! The class API is one WebSocket at `/api/ws` speaking the JSON messages of
//! docs/class-protocol.md; `/api/info` tells the web app a server is there (the static app works
//! without one); `/api/qr?text=…` draws a QR code. Classes, groups, members and every decision
//! live in an SQLite database in the data directory (`store`), owned by one thread (`hub`).

mod classfile;
mod hub;
mod protocol;
mod qr;
mod secret;
mod start;
mod store;
mod web_app;

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast::error::RecvError;

pub use hub::Role;
pub use protocol::{MAX_MESSAGE_BYTES, MAX_TRAINEE_MESSAGE_BYTES};
pub use store::SCHEMA_VERSION;

use hub::Hub;
use protocol::{MAX_WRONG_SECRETS, Refusal};

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// Open the room: listen on every interface (0.0.0.0) instead of loopback.
    pub class: bool,
    /// The port (0: any free port).
    pub port: u16,
    /// The data directory (the database lives in `zeren.db` there).
    pub data: PathBuf,
    /// The built web app to serve instead of the one built into the binary (`--dist DIR`).
    pub dist: Option<PathBuf>,
    /// When `port` is taken, the first free one of the ten after it (a room opened by a
    /// double-click), instead of refusing to start.
    pub next_free_port: bool,
    /// Open the instructor's console in the default browser once listening.
    pub open_console: bool,
}

/// The default data directory: `$XDG_DATA_HOME/zeren`, else `~/.local/share/zeren` (or
/// `%APPDATA%\zeren`), else `./zeren-data`.
pub fn default_data_dir() -> PathBuf {
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(d) = env("XDG_DATA_HOME") {
        return d.join("zeren");
    }
    if let Some(d) = env("APPDATA") {
        return d.join("zeren");
    }
    if let Some(h) = env("HOME") {
        return h.join(".local/share/zeren");
    }
    PathBuf::from("zeren-data")
}

struct App {
    hub: Hub,
    web: web_app::WebApp,
    class: bool,
    /// The addresses trainees can open (every interface's, in class mode).
    join: Vec<String>,
}

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

/// The addresses of this machine's interfaces (IPv4, not loopback), for the join address.
fn lan_addresses() -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback() && i.ip().is_ipv4())
        .map(|i| i.ip())
        .collect();
    ips.sort();
    ips.dedup();
    ips
}

/// Runs the server until Ctrl-C (or SIGTERM). Prints the addresses on standard output; the first
/// line is `zeren serve: listening on http://ADDR:PORT/` (the tests read it).
pub fn serve(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(run(options, None))
}

/// Starts the server on a thread of its own (for tests that drive it in-process) and returns
/// once it listens: its port and the instructor's key. It runs until the process ends.
pub fn spawn(options: Options) -> Result<(u16, String), String> {
    let (ready, started) = std::sync::mpsc::channel();
    let failed = ready.clone();
    std::thread::Builder::new()
        .name("zeren-serve".into())
        .spawn(move || {
            let result = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|rt| rt.block_on(run(options, Some(ready))));
            if let Err(e) = result {
                let _ = failed.send(Err(e));
            }
        })
        .map_err(|e| e.to_string())?;
    started.recv().map_err(|e| e.to_string())?
}

type Ready = std::sync::mpsc::Sender<Result<(u16, String), String>>;

async fn run(options: Options, ready: Option<Ready>) -> Result<(), String> {
    let bind = if options.class {
        IpAddr::V4(Ipv4Addr::UNSPECIFIED)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    };
    start::writable(&options.data)?;
    let listener = start::listen(bind, options.port, options.next_free_port).await?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let join: Vec<String> = if options.class {
        lan_addresses()
            .iter()
            .map(|ip| format!("http://{ip}:{port}/"))
            .collect()
    } else {
        vec![format!("http://127.0.0.1:{port}/")]
    };
    let first = join.first().cloned().unwrap_or_default();
    let class = options.class;
    let hub = Hub::start(
        &options.data,
        Box::new(move |code: &str| {
            println!("新班级 / new class — 加入码 / join code: {code}");
            if class {
                let url = format!("{first}?join={code}");
                println!("  {url}");
                if let Some(t) = qr::terminal(&url) {
                    println!("{t}");
                }
            }
        }),
    )?;
    let local = format!("http://127.0.0.1:{port}/");
    println!("zeren serve: listening on {local}");
    println!("教员控制台 / instructor console: {local}?console={}", hub.key);
    println!("instructor key / 教员密钥: {}", hub.key);
    println!("数据 / data: {}", options.data.join("zeren.db").display());
    if options.class {
        println!("{}", start::firewall_hint(port));
    }
    let web = web_app::WebApp::new(options.dist);
    if web.present() {
        println!("网页应用 / web app: {}", web.describe());
    } else {
        println!(
            "这个 zeren 不含网页应用，只提供课堂接口：请使用发布包中的 zeren，或运行 scripts/build-web 后重新构建，或用 --dist 指定 web/dist / \
             this zeren carries no web app ({}): only the class API is served — use a release package's zeren, or run scripts/build-web and build again, or point --dist at a built web/dist",
            web.describe()
        );
    }
    if options.class {
        println!("学员加入（同一网络）/ trainees join on this network:");
        for j in &join {
            println!("  {j}");
        }
        for code in hub.open_codes().await {
            println!("  加入码 / join code: {code}");
        }
    } else {
        println!("仅本机可访问；开课请加 --class / loopback only: add --class to open the room");
    }
    let key = hub.key.clone();
    let app = Arc::new(App {
        hub,
        web,
        class: options.class,
        join,
    });
    let router = Router::new()
        .route("/api/ws", get(ws))
        .route("/api/info", get(info))
        .route("/api/qr", get(qr_svg))
        .fallback(get(static_file))
        .with_state(app);
    if options.open_console {
        start::open_in_browser(&format!("{local}?console={key}"));
    }
    if let Some(ready) = ready {
        let _ = ready.send(Ok((port, key)));
    }
    // Flush what was printed before serving (stdout may be a pipe).
    use std::io::Write;
    let _ = std::io::stdout().flush();
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn info(State(app): State<Arc<App>>) -> Response {
    let body = serde_json::json!({
        "zeren": env!("CARGO_PKG_VERSION"),
        "class": app.class,
        "join": app.join,
        "schema": store::SCHEMA_VERSION,
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct QrQuery {
    text: String,
}

async fn qr_svg(Query(q): Query<QrQuery>) -> Response {
    match (q.text.len() <= 300).then(|| qr::svg(&q.text)).flatten() {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response(),
        None => (StatusCode::BAD_REQUEST, "text too long / 文本过长").into_response(),
    }
}

async fn static_file(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    app.web.respond(uri.path(), &headers)
}

async fn ws(State(app): State<Arc<App>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| connection(socket, app))
}

fn log_refusal(conn: u64, r: &Refusal) {
    eprintln!("zeren serve: connection {conn}: refused ({}): {}", r.code, r.en);
}

async fn connection(mut socket: WebSocket, app: Arc<App>) {
    let conn = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
    let mut role = Role::None;
    let mut notices = app.hub.notices.subscribe();
    let mut wrong = 0;
    loop {
        tokio::select! {
            received = socket.recv() => {
                let text = match received {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Binary(_))) => {
                        let r = Refusal::new("bad_message", "只接受 JSON 文本消息", "only JSON text messages are accepted");
                        log_refusal(conn, &r);
                        if socket.send(Message::Text(r.message().into())).await.is_err() {
                            break;
                        }
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let limit = if role == Role::Instructor { MAX_MESSAGE_BYTES } else { MAX_TRAINEE_MESSAGE_BYTES };
                let (messages, refused) = match protocol::parse(text.as_str(), limit) {
                    Err(r) => (vec![r.message()], Some(r)),
                    Ok(msg) => {
                        let answer = app.hub.ask(conn, role.clone(), msg).await;
                        role = answer.role;
                        (answer.messages, answer.refused)
                    }
                };
                let mut closed = false;
                for m in messages {
                    if socket.send(Message::Text(m.into())).await.is_err() {
                        closed = true;
                        break;
                    }
                }
                if let Some(r) = refused {
                    log_refusal(conn, &r);
                    if matches!(r.code, "wrong_code" | "wrong_key" | "unknown_token") {
                        wrong += 1;
                        if wrong >= MAX_WRONG_SECRETS {
                            eprintln!("zeren serve: connection {conn}: closed after {wrong} wrong secrets");
                            break;
                        }
                    }
                }
                if closed {
                    break;
                }
            }
            notice = notices.recv() => match notice {
                Ok(n) => {
                    if n.for_role(&role) && socket.send(Message::Text(n.text.clone().into())).await.is_err() {
                        break;
                    }
                }
                // Too far behind: close, the client resumes from its last sequence number.
                Err(RecvError::Lagged(_)) => {
                    eprintln!("zeren serve: connection {conn}: too slow, closed (it resumes)");
                    break;
                }
                Err(RecvError::Closed) => break,
            },
        }
    }
    app.hub.gone(conn, role);
}
