//! The class load check (scripts/load-class): simulated trainees in groups against a running
//! `zeren serve`, every member of a group racing to take each decision as soon as it is open
//! (one wins, the others are refused and follow). Prints the throughput of acknowledged
//! decisions and the latency from a decision being sent to the instructor's board showing it.
//!
//! `cargo run --release -p zeren-server --example load -- PORT KEY [GROUPS] [PER_GROUP] [ROUNDS]`

#![allow(clippy::disallowed_methods)] // a load check measures wall-clock time

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use zeren_core::engine::{At, Event, State};
use zeren_core::{Scenario, builtin};

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const SCENARIO: &str = "data-leak";
const SEED: u64 = 11;

async fn connect(port: u16) -> Ws {
    let url = format!("ws://127.0.0.1:{port}/api/ws");
    match tokio_tungstenite::connect_async(url).await {
        Ok((ws, _)) => ws,
        Err(e) => {
            eprintln!("load: cannot connect: {e}");
            std::process::exit(1);
        }
    }
}

async fn send(ws: &mut Ws, v: Value) {
    let _ = ws.send(Message::Text(v.to_string().into())).await;
}

async fn recv(ws: &mut Ws) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return serde_json::from_str(t.as_str()).ok(),
            Ok(Some(Ok(_))) => {}
            _ => return None,
        }
    }
}

async fn until(ws: &mut Ws, kind: &str) -> Option<Value> {
    loop {
        let v = recv(ws).await?;
        if v["type"] == kind || v["type"] == "error" {
            return Some(v);
        }
    }
}

/// When each (group, decisions) was first sent by its winner, and first seen on the board.
#[derive(Default)]
struct Clock {
    sent: HashMap<(i64, usize), Instant>,
    shown: HashMap<(i64, usize), Instant>,
    acked: u64,
    refused: u64,
}

/// One trainee: follows the group's run and sends the next decision whenever one is open.
async fn trainee(port: u16, code: String, group: i64, n: u64, scenario: Arc<Scenario>, clock: Arc<Mutex<Clock>>) {
    let mut ws = connect(port).await;
    send(
        &mut ws,
        json!({ "type": "join", "code": code, "name": format!("学员{n}"), "group": group }),
    )
    .await;
    if until(&mut ws, "joined").await.is_none() {
        return;
    }
    let mut state = State::start(&scenario, SEED);
    let mut events = 0usize;
    let mut rng = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut pending: Option<(usize, Instant)> = None;
    // After a refusal, wait for the group's next entry before trying again.
    let mut waiting = false;
    // Decide only once the instructor has started the class.
    let mut started = false;
    loop {
        if pending.is_none()
            && !waiting
            && started
            && let At::Decision(d) = &state.at
        {
            let options = state.options(&scenario);
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let Some(choice) = options.get((rng % options.len().max(1) as u64) as usize) else {
                return;
            };
            send(
                &mut ws,
                json!({ "type": "decide", "decision": d, "option": choice.id, "at": events }),
            )
            .await;
            pending = Some((events, Instant::now()));
        }
        let Some(v) = recv(&mut ws).await else {
            return;
        };
        match v["type"].as_str() {
            Some("ack") => {
                if let Some((at, t)) = pending.take() {
                    let mut c = clock.lock().unwrap_or_else(|e| e.into_inner());
                    c.sent.insert((group, at + 1), t);
                    c.acked += 1;
                    // The ack may come before the entry: wait for it unless it is here.
                    waiting = events <= at;
                }
            }
            Some("error") if let Some((at, _)) = pending.take() => {
                waiting = events <= at;
                clock.lock().unwrap_or_else(|e| e.into_inner()).refused += 1;
            }
            Some("status") => started = v["class_status"] == "running",
            Some("entry") if v["kind"] == "event" && v["seq"].as_u64() == Some(events as u64 + 1) => {
                let Ok(event) = serde_json::from_value::<Event>(v["event"].clone()) else {
                    return;
                };
                match state.apply(&scenario, &event) {
                    Ok(next) => state = next,
                    Err(_) => return,
                }
                events += 1;
                waiting = false;
                if state.ended() {
                    return;
                }
            }
            _ => {}
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The engine's state stays on one thread: the trainees are local tasks.
    tokio::task::LocalSet::new().run_until(run()).await;
}

async fn run() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, d: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    let (Some(port), Some(key)) = (args.first().and_then(|p| p.parse::<u16>().ok()), args.get(1).cloned()) else {
        eprintln!("usage: load PORT KEY [GROUPS=10] [PER_GROUP=6] [ROUNDS=10]");
        std::process::exit(2);
    };
    let (groups, per_group, rounds) = (arg(2, 10), arg(3, 6), arg(4, 10));
    let Some(scenario) = builtin::scenario(SCENARIO).map(Arc::new) else {
        std::process::exit(1);
    };
    let mut instructor = connect(port).await;
    send(&mut instructor, json!({ "type": "auth", "key": key })).await;
    if until(&mut instructor, "authed").await.map(|v| v["type"] == "authed") != Some(true) {
        eprintln!("load: the key was refused");
        std::process::exit(1);
    }
    let clock = Arc::new(Mutex::new(Clock::default()));
    let started = Instant::now();
    for round in 0..rounds {
        let names: Vec<String> = (0..groups).map(|g| format!("第{}组", g + 1)).collect();
        send(
            &mut instructor,
            json!({ "type": "create_class", "scenario": SCENARIO, "seed": SEED, "groups": names }),
        )
        .await;
        let Some(created) = until(&mut instructor, "class_created").await else {
            return;
        };
        let class = created["class"].as_i64().unwrap_or_default();
        let code = created["code"].as_str().unwrap_or_default().to_owned();
        let board = loop {
            let Some(v) = until(&mut instructor, "board").await else {
                return;
            };
            if v["class"]["id"] == class {
                break v;
            }
        };
        let ids: Vec<i64> = board["class"]["groups"]
            .as_array()
            .map(|g| g.iter().filter_map(|g| g["id"].as_i64()).collect())
            .unwrap_or_default();
        let mut tasks = Vec::new();
        for (gi, &g) in ids.iter().enumerate() {
            for m in 0..per_group {
                let n = round * 1000 + gi as u64 * per_group + m;
                tasks.push(tokio::task::spawn_local(trainee(
                    port,
                    code.clone(),
                    g,
                    n,
                    scenario.clone(),
                    clock.clone(),
                )));
            }
        }
        // Every trainee joins before the instructor starts the class, as in a room.
        let everyone = per_group as usize;
        loop {
            let Some(v) = until(&mut instructor, "board").await else {
                return;
            };
            let gs = v["class"]["groups"].as_array().cloned().unwrap_or_default();
            if v["class"]["id"] == class
                && gs
                    .iter()
                    .all(|g| g["online"].as_array().map(Vec::len) == Some(everyone))
            {
                break;
            }
        }
        send(
            &mut instructor,
            json!({ "type": "control", "class": class, "action": "start" }),
        )
        .await;
        // The instructor watches the board until every group has ended.
        let mut done = false;
        while !done {
            let Some(v) = until(&mut instructor, "board").await else {
                break;
            };
            if v["class"]["id"] != class {
                continue;
            }
            let now = Instant::now();
            let gs = v["class"]["groups"].as_array().cloned().unwrap_or_default();
            let mut c = clock.lock().unwrap_or_else(|e| e.into_inner());
            for g in &gs {
                let key = (
                    g["id"].as_i64().unwrap_or_default(),
                    g["decisions"].as_u64().unwrap_or_default() as usize,
                );
                c.shown.entry(key).or_insert(now);
            }
            done = gs.iter().all(|g| g["at"]["kind"] == "ending");
        }
        for t in tasks {
            let _ = t.await;
        }
        send(
            &mut instructor,
            json!({ "type": "control", "class": class, "action": "end" }),
        )
        .await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let c = clock.lock().unwrap_or_else(|e| e.into_inner());
    let mut lat: Vec<f64> = c
        .sent
        .iter()
        .filter_map(|(k, t)| {
            c.shown
                .get(k)
                .map(|s| s.saturating_duration_since(*t).as_secs_f64() * 1000.0)
        })
        .collect();
    lat.sort_by(f64::total_cmp);
    println!(
        "{} trainees in {} groups, {} rounds of `{SCENARIO}`: {} decisions acknowledged ({} refused as already taken) in {:.2} s = {:.0} decisions/s",
        groups * per_group,
        groups,
        rounds,
        c.acked,
        c.refused,
        elapsed,
        c.acked as f64 / elapsed
    );
    println!(
        "decision → instructor's board: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} measured)",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or_default(),
        lat.len()
    );
}
