//! The binary alone, copied into an empty directory, serves the web app and a class: the app is
//! built into it, as an instructor who downloads a release package runs it.
//!
//! By default the test runs the `zeren` this test suite built. `scripts/package --check` runs it
//! on each release package's binary: `ZEREN_BINARY` names it, and `ZEREN_RUNNER` what runs it
//! here (`wine` for the Windows `.exe`, `qemu-aarch64-static` for the ARM64 build).

mod support;

use std::path::PathBuf;
use std::process::Command;

use serde_json::json;
use support::server::{Client, Server, get, instructor, rt, start_command, temp_dir};
use zeren_core::engine::{At, State};

#[test]
fn the_binary_alone_in_an_empty_directory_serves_the_app_and_a_class() {
    let binary = std::env::var_os("ZEREN_BINARY").map_or(PathBuf::from(env!("CARGO_BIN_EXE_zeren")), PathBuf::from);
    let runner = std::env::var_os("ZEREN_RUNNER").filter(|r| !r.is_empty());
    let dir = temp_dir("alone");
    let name = binary.file_name().expect("a binary's name");
    std::fs::copy(&binary, dir.join(name)).expect("copy the binary");
    let mut command = match &runner {
        Some(r) => {
            let mut c = Command::new(r);
            c.arg(name);
            c
        }
        None => Command::new(dir.join(name)),
    };
    command
        .current_dir(&dir)
        .args(["serve", "--port", "0", "--data", "data"]);
    let s = start_command(command);
    // Nothing beside the binary but the data it made.
    let beside: Vec<String> = std::fs::read_dir(&dir)
        .expect("the directory")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "data")
        .collect();
    assert_eq!(beside, [name.to_string_lossy().into_owned()]);
    rt().block_on(room_works(&s));
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a room needs of a server: the page, its scripts and the trainee's module, compressed
/// and revalidated as a browser asks; a class that a trainee joins and decides in.
async fn room_works(s: &Server) {
    let page = get(s.port, "/", &[]).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    let boot = between(&html, "type=\"module\" src=\"", "\"").unwrap_or_else(|| panic!("no boot script in {html}"));
    assert!(boot.starts_with("boot."), "{boot}");
    let gz = get(s.port, "/", &[("Accept-Encoding", "gzip, deflate")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("vary"), Some("Accept-Encoding"));
    let etag = gz.header("etag").expect("an ETag").to_owned();
    let again = get(
        s.port,
        "/",
        &[("Accept-Encoding", "gzip, deflate"), ("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let script = get(s.port, &format!("/{boot}"), &[("Accept-Encoding", "br, gzip")]).await;
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-encoding"), Some("br"));
    assert_eq!(
        script.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let plain = get(s.port, &format!("/{boot}"), &[]).await.text();
    let module = between(&plain, "\"./zeren-trainee_bg.", "\"]")
        .map(|m| format!("zeren-trainee_bg.{m}"))
        .unwrap_or_else(|| panic!("no trainee's module in {plain}"));
    let packed = get(s.port, &format!("/{module}"), &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(packed.status, 200);
    assert_eq!(packed.header("content-encoding"), None, "LZMA is sent as it is");
    let size = zeren_lzma::decoded_size(&packed.body).expect("an LZMA header");
    let mut wasm = vec![0; size];
    zeren_lzma::decode(&packed.body, &mut wasm).expect("the module unpacks");
    assert_eq!(&wasm[..4], b"\0asm");

    // A class: the instructor creates it, a trainee joins and takes the first decision.
    let mut i = instructor(s).await;
    i.send(json!({ "type": "create_class", "scenario": "defacement", "seed": 7, "groups": ["一组"], "paced": "self" }))
        .await;
    let created = i.reply("class_created").await;
    let (class, code) = (
        created["class"].clone(),
        created["code"].as_str().expect("code").to_owned(),
    );
    i.send(json!({ "type": "control", "class": class, "action": "start" }))
        .await;
    let mut t = Client::connect(s.port).await;
    t.send(json!({ "type": "lookup", "code": code })).await;
    let info = t.reply("class_info").await;
    t.send(json!({ "type": "join", "code": code, "name": "张三", "group": info["groups"][0]["id"] }))
        .await;
    assert_eq!(t.reply("joined").await["type"], "joined");
    let scenario = zeren_core::builtin::scenario("defacement").expect("the built-in");
    let state = State::start(&scenario, 7);
    let At::Decision(decision) = &state.at else {
        panic!("defacement opens on a decision")
    };
    let option = state.options(&scenario)[0].id.clone();
    t.send(json!({ "type": "decide", "decision": decision, "option": option, "at": 0 }))
        .await;
    let ack = t.reply("ack").await;
    assert_eq!(ack["type"], "ack", "{ack}");
}

/// The text of `s` between `start` and the next `end`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}
