//! The room's load (scripts/load-room): N phones opening a group's page of a live class at once,
//! against a running `zeren serve`. Each fetches the first load as a browser does — the page,
//! then the files it names, then the files the boot script names for a group's page — with
//! `Accept-Encoding: gzip, deflate` (what a browser sends over a room's plain HTTP), then joins
//! the class over WebSocket. Prints the time until the last phone has joined, the median, and
//! the bytes on the wire; with a Wi-Fi rate, every phone's downloads share that rate, as phones
//! on one access point do.
//!
//! `cargo run --release -p zeren-server --example room -- PORT KEY [PHONES] [WIFI_MBIT]`
//!
//! It reads the page and the boot script of the server it meets, so it measures an older
//! `zeren serve` (no LZMA, no compression) as well as today's.

#![allow(clippy::disallowed_methods)] // a load check measures wall-clock time

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

/// A shared download rate (bytes per second), or none: every read waits its turn.
struct Air {
    rate: Option<f64>,
    /// When the medium is next free.
    free_at: Mutex<Instant>,
}

impl Air {
    async fn carry(&self, bytes: usize) {
        let Some(rate) = self.rate else { return };
        let wait = {
            let mut free = self.free_at.lock().await;
            let start = (*free).max(Instant::now());
            *free = start + Duration::from_secs_f64(bytes as f64 / rate);
            *free
        };
        tokio::time::sleep_until(wait.into()).await;
    }
}

/// `GET path` as a browser on the room's network sends it; the body, unzipped, and the bytes that
/// crossed the wire, headers included.
async fn get(port: u16, path: String, air: &Air) -> (Vec<u8>, usize) {
    let mut stream = match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("room: cannot connect: {e}");
            std::process::exit(1);
        }
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip, deflate\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(request.as_bytes()).await;
    let (mut raw, mut chunk) = (Vec::new(), vec![0u8; 16 * 1024]);
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                air.carry(n).await;
                raw.extend_from_slice(&chunk[..n]);
            }
        }
    }
    let wire = raw.len();
    let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (Vec::new(), wire);
    };
    let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
    let body = raw[at + 4..].to_vec();
    if !head.contains("content-encoding: gzip") {
        return (body, wire);
    }
    let mut plain = Vec::new();
    let _ = std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut plain);
    (plain, wire)
}

/// The quoted names in `text` that start with `prefix` (`"./zeren-class`…).
fn quoted(text: &str, prefix: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.trim_start_matches("./").starts_with(prefix))
        .map(|s| s.trim_start_matches("./").to_owned())
        .collect()
}

/// One phone: the group page's first load, then a join. Returns its bytes on the wire.
async fn phone(port: u16, code: String, group: i64, n: usize, air: Arc<Air>) -> usize {
    let (page, mut wire) = get(port, format!("/?join={code}"), &air).await;
    let page = String::from_utf8_lossy(&page).into_owned();
    // The page's own files (style sheet, scripts), fetched side by side as a browser does.
    let named: Vec<String> = ["src=\"", "href=\""]
        .iter()
        .flat_map(|attr| page.split(attr).skip(1).filter_map(|s| s.split('"').next()))
        .filter(|s| !s.starts_with("data:") && !s.is_empty())
        .map(str::to_owned)
        .collect();
    let fetched = futures_util::future::join_all(named.iter().map(|f| get(port, format!("/{f}"), &air))).await;
    wire += fetched.iter().map(|(_, w)| w).sum::<usize>();
    // The group page's module, as the boot script names it: packed (today) or not (before).
    let boot = named
        .iter()
        .zip(&fetched)
        .find(|(name, _)| name.starts_with("boot"))
        .map(|(_, (body, _))| String::from_utf8_lossy(body).into_owned())
        .unwrap_or_default();
    let mut module = quoted(&boot, "zeren-class");
    if module.iter().any(|m| m.ends_with(".lzma")) {
        let unpack = named.iter().zip(&fetched).find(|(n, _)| n.starts_with("unpack"));
        let unpack = unpack
            .map(|(_, (b, _))| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        module.extend(quoted(&unpack, "unlzma"));
    } else {
        // Before LZMA: the glue fetches its WebAssembly beside it.
        module.extend(
            module
                .iter()
                .filter_map(|m| m.strip_suffix(".js"))
                .map(|s| format!("{s}_bg.wasm"))
                .collect::<Vec<_>>(),
        );
    }
    let got = futures_util::future::join_all(module.iter().map(|f| get(port, format!("/{f}"), &air))).await;
    wire += got.iter().map(|(_, w)| w).sum::<usize>();
    // Then the group joins.
    let Ok((mut ws, _)) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/api/ws")).await else {
        eprintln!("room: phone {n} cannot open the class socket");
        return wire;
    };
    let join = json!({ "type": "join", "code": code, "name": format!("学员{n}"), "group": group });
    let _ = ws.send(Message::Text(join.to_string().into())).await;
    while let Ok(Some(Ok(m))) = tokio::time::timeout(Duration::from_secs(60), ws.next()).await {
        if let Message::Text(t) = m
            && let Ok(v) = serde_json::from_str::<Value>(t.as_str())
        {
            if v["type"] == "joined" {
                break;
            }
            if v["type"] == "error" {
                eprintln!("room: phone {n} refused: {v}");
                break;
            }
        }
    }
    wire
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(port), Some(key)) = (args.first().and_then(|p| p.parse::<u16>().ok()), args.get(1)) else {
        eprintln!("usage: room PORT KEY [PHONES] [WIFI_MBIT]");
        std::process::exit(2);
    };
    let phones: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(60);
    let mbit: Option<f64> = args.get(3).and_then(|n| n.parse().ok());
    // A class of ten groups.
    let Ok((mut ws, _)) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/api/ws")).await else {
        eprintln!("room: cannot connect");
        std::process::exit(1);
    };
    let send = |v: Value| Message::Text(v.to_string().into());
    let _ = ws.send(send(json!({ "type": "auth", "key": key }))).await;
    let groups: Vec<String> = (1..=10).map(|g| format!("第{g}组")).collect();
    let create =
        json!({ "type": "create_class", "scenario": "defacement", "seed": 7, "groups": groups, "paced": "self" });
    let _ = ws.send(send(create)).await;
    let mut code = String::new();
    while let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
        let v: Value = serde_json::from_str(t.as_str()).unwrap_or_default();
        if v["type"] == "class_created" {
            code = v["code"].as_str().unwrap_or_default().to_owned();
            break;
        }
    }
    let mut lookup = match tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/api/ws")).await {
        Ok((ws, _)) => ws,
        Err(_) => std::process::exit(1),
    };
    let _ = lookup.send(send(json!({ "type": "lookup", "code": code }))).await;
    let mut ids = Vec::new();
    while let Ok(Some(Ok(Message::Text(t)))) = tokio::time::timeout(Duration::from_secs(10), lookup.next()).await {
        let v: Value = serde_json::from_str(t.as_str()).unwrap_or_default();
        if v["type"] == "class_info" {
            ids = v["groups"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|g| g["id"].as_i64())
                .collect();
            break;
        }
    }
    if ids.is_empty() {
        eprintln!("room: no class to join (code {code:?})");
        std::process::exit(1);
    }
    let air = Arc::new(Air {
        rate: mbit.map(|m| m * 1_000_000.0 / 8.0),
        free_at: Mutex::new(Instant::now()),
    });
    let start = Instant::now();
    let tasks: Vec<_> = (0..phones)
        .map(|n| {
            let (code, air, group) = (code.clone(), air.clone(), ids[n % ids.len()]);
            tokio::spawn(async move {
                let wire = phone(port, code, group, n, air).await;
                (start.elapsed(), wire)
            })
        })
        .collect();
    let mut done = Vec::new();
    for t in tasks {
        if let Ok(r) = t.await {
            done.push(r);
        }
    }
    done.sort_by_key(|(t, _)| *t);
    let bytes: usize = done.iter().map(|(_, w)| w).sum();
    let median = done.get(done.len() / 2).map_or(0.0, |(t, _)| t.as_secs_f64());
    let last = done.last().map_or(0.0, |(t, _)| t.as_secs_f64());
    let wifi = mbit.map_or("loopback, no limit".to_owned(), |m| format!("sharing {m} Mbit/s"));
    println!(
        "{phones} phones ({wifi}): last joined after {last:.2} s, median {median:.2} s; {} B on the wire ({} B a phone)",
        bytes,
        bytes / done.len().max(1)
    );
}
