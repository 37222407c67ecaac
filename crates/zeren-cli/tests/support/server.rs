//! Driving a real `zeren serve` process from a test: start it on a free port with a data
//! directory, plain WebSocket clients, the instructor and a trainee (docs/class-protocol.md).
//! Shared by every server test.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// A running `zeren serve`; killed on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub key: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills the server with SIGKILL (`Child::kill` on Unix) and waits for it to end, as a crash.
pub fn kill(mut s: Server) {
    let _ = s.child.kill();
    let _ = s.child.wait();
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zeren-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Starts the server on a free port with `data`, a stand-in web app in `data/dist`.
pub fn start(data: &Path) -> Server {
    let dist = data.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Zeren</title>").expect("index");
    let mut command = Command::new(env!("CARGO_BIN_EXE_zeren"));
    command
        .args(["serve", "--port", "0", "--data"])
        .arg(data.join("db"))
        .arg("--dist")
        .arg(&dist);
    start_command(command)
}

/// Starts a `zeren serve` command (one that listens on port 0) and waits until it listens.
pub fn start_command(mut command: Command) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start zeren serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut port, mut key) = (0, String::new());
    while port == 0 || key.is_empty() {
        let line = lines
            .next()
            .expect("zeren serve ended before it listened")
            .expect("line");
        if let Some(rest) = line.strip_prefix("zeren serve: listening on http://127.0.0.1:") {
            port = rest.trim_end_matches('/').parse().expect("port");
        }
        if let Some(rest) = line.strip_prefix("instructor key / 教员密钥: ") {
            key = rest.trim().to_owned();
        }
    }
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port, key }
}

/// An HTTP response: status, headers (names in lower case), body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` on the server at `port`, with `headers`, as a browser sends it (HTTP/1.1).
pub async fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> Response {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut raw))
        .await
        .expect("no answer within 60 s")
        .expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

pub type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Client {
    pub ws: Ws,
}

impl Client {
    pub async fn connect(port: u16) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/api/ws"))
            .await
            .expect("cannot connect");
        Client { ws }
    }

    pub async fn send(&mut self, v: Value) {
        self.send_text(v.to_string()).await;
    }

    pub async fn send_text(&mut self, t: String) {
        self.ws.send(Message::Text(t.into())).await.expect("send");
    }

    /// The next message, within ten seconds.
    pub async fn recv(&mut self) -> Value {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(10), self.ws.next())
                .await
                .expect("no message within 10 s")
                .expect("connection closed")
                .expect("websocket error");
            if let Message::Text(t) = m {
                return serde_json::from_str(t.as_str()).expect("server sent JSON");
            }
        }
    }

    /// Skips messages until one of `type`.
    pub async fn until(&mut self, kind: &str) -> Value {
        loop {
            let v = self.recv().await;
            if v["type"] == kind {
                return v;
            }
        }
    }

    /// Skips messages until `ok` or an `error`, whichever comes first.
    pub async fn reply(&mut self, ok: &str) -> Value {
        loop {
            let v = self.recv().await;
            if v["type"] == ok || v["type"] == "error" {
                return v;
            }
        }
    }

    /// Skips messages until a board on which `pred` holds.
    pub async fn board_where(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self.until("board").await;
            if pred(&v["class"]) {
                return v["class"].clone();
            }
        }
    }
}

pub async fn instructor(s: &Server) -> Client {
    let mut c = Client::connect(s.port).await;
    c.send(json!({ "type": "auth", "key": s.key })).await;
    assert_eq!(c.reply("authed").await["type"], "authed");
    c
}

pub async fn create(i: &mut Client, groups: &[&str], paced: &str) -> (i64, String) {
    i.send(json!({ "type": "create_class", "scenario": "defacement", "seed": 7, "groups": groups, "paced": paced }))
        .await;
    let v = i.reply("class_created").await;
    assert_eq!(v["type"], "class_created", "{v}");
    (
        v["class"].as_i64().expect("class id"),
        v["code"].as_str().expect("code").to_owned(),
    )
}

/// A trainee who joined the `n`-th group; returns the client, the token and the group id.
pub async fn join(s: &Server, code: &str, name: &str, n: usize) -> (Client, String, i64) {
    let mut c = Client::connect(s.port).await;
    c.send(json!({ "type": "lookup", "code": code })).await;
    let info = c.reply("class_info").await;
    let group = info["groups"][n]["id"].as_i64().expect("group id");
    c.send(json!({ "type": "join", "code": code, "name": name, "group": group }))
        .await;
    let joined = c.reply("joined").await;
    assert_eq!(joined["type"], "joined", "{joined}");
    (c, joined["token"].as_str().expect("token").to_owned(), group)
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `test` against a server of its own (data directory `name`), then stops the server and
/// removes the directory. Tests that kill and restart the server manage both themselves.
pub fn on_server(name: &str, test: impl AsyncFnOnce(&Server)) {
    let data = temp_dir(name);
    let s = start(&data);
    rt().block_on(test(&s));
    drop(s);
    let _ = std::fs::remove_dir_all(&data);
}
