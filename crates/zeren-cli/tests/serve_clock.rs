//! Timed decisions in a live class, against the real `zeren serve` process: the server's own
//! deadline runs out and takes the default option, the pause stops it, a late answer is refused,
//! and the deadline and the timeout survive a SIGKILL (docs/class-protocol.md, "Timed
//! decisions").

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::server::{Client, instructor, join, kill, on_server, rt, start, temp_dir};
use zeren_core::builtin;

/// The defacement exercise with its first decision (`verify`, on timeout `vendor`) limited to one
/// scenario minute: four real seconds.
fn quick_source() -> String {
    let source = builtin::SOURCES
        .iter()
        .find(|(id, _, _)| *id == "defacement")
        .map(|(_, _, s)| *s)
        .expect("built-in");
    assert!(source.contains("time_limit = 15\non_timeout = \"vendor\""));
    source.replacen("time_limit = 15\n", "time_limit = 1\n", 1)
}

async fn create_quick(i: &mut Client, groups: &[&str], paced: &str, extra: Value) -> (i64, String) {
    let mut m =
        json!({ "type": "create_class", "source": quick_source(), "seed": 7, "groups": groups, "paced": paced });
    if let (Some(m), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        m.extend(extra.clone());
    }
    i.send(m).await;
    let v = i.reply("class_created").await;
    assert_eq!(v["type"], "class_created", "{v}");
    (
        v["class"].as_i64().expect("id"),
        v["code"].as_str().expect("code").to_owned(),
    )
}

async fn control(i: &mut Client, class: i64, action: &str) -> Value {
    i.send(json!({ "type": "control", "class": class, "action": action }))
        .await;
    let want = match action {
        "start" | "resume" => "running",
        "pause" => "paused",
        _ => "ended",
    };
    i.board_where(|c| c["id"] == class && c["status"] == want).await
}

/// The next entry that is a decision (skipping messages).
async fn next_event(c: &mut Client) -> Value {
    loop {
        let e = c.until("entry").await;
        if e["kind"] == "event" {
            return e;
        }
    }
}

#[test]
#[allow(clippy::disallowed_methods)] // the test measures real time: the deadline is real time
fn a_timed_decision_runs_out_on_the_server_pauses_with_the_class_and_refuses_a_late_answer() {
    let data = temp_dir("clock");
    let s = start(&data);
    let (class, code, token) = rt().block_on(async {
        let mut i = instructor(&s).await;
        let (class, code) = create_quick(&mut i, &["一组"], "self", json!({})).await;
        let (mut t, token, _) = join(&s, &code, "张三", 0).await;
        // The deadline is known before the start and does not move while the class waits.
        let status = t.until("status").await;
        assert_eq!(status["deadline"]["decision"], "verify", "{status}");
        assert_eq!(status["deadline"]["left_ms"], 4000, "{status}");
        assert_eq!(status["deadline"]["limit_ms"], 4000, "{status}");
        // Start and pause at once: the countdown stands still while paused.
        control(&mut i, class, "start").await;
        let board = control(&mut i, class, "pause").await;
        let left = board["groups"][0]["deadline"]["left_ms"].as_u64().expect("left");
        assert!(left > 3000, "{board}");
        tokio::time::sleep(Duration::from_millis(5000)).await;
        i.send(json!({ "type": "ping" })).await;
        i.until("pong").await;
        t.send(json!({ "type": "ping" })).await;
        t.until("pong").await;
        i.send(json!({ "type": "export", "class": class })).await;
        let file = i.reply("export").await["file"].clone();
        assert_eq!(
            file["groups"][0]["entries"].as_array().map(Vec::len),
            Some(0),
            "timed out while paused"
        );
        // Resume: it runs out after what was left, on the server, without any client asking.
        let resumed = Instant::now();
        let board = control(&mut i, class, "resume").await;
        let left = board["groups"][0]["deadline"]["left_ms"].as_u64().expect("left");
        let e = next_event(&mut t).await;
        let took = resumed.elapsed();
        assert_eq!(e["event"], json!({ "kind": "timeout", "decision": "verify" }), "{e}");
        assert!(e.get("by").is_none(), "{e}");
        assert!(
            took >= Duration::from_millis(left.saturating_sub(300)) && took < Duration::from_millis(left + 1500),
            "ran out after {took:?}, {left} ms were left"
        );
        let board = i
            .board_where(|c| c["id"] == class && c["groups"][0]["decisions"] == 1)
            .await;
        assert!(board["groups"][0]["deadline"].is_null(), "{board}");
        // A late answer to the decision that ran out: refused, with its own code.
        t.send(json!({ "type": "decide", "decision": "verify", "option": "escalate", "at": 0 }))
            .await;
        let reply = t.reply("ack").await;
        assert_eq!(reply["code"], "time_up", "{reply}");
        assert!(reply["zh"].as_str().is_some_and(|z| z.contains("时间已到")), "{reply}");
        assert!(
            reply["en"].as_str().is_some_and(|e| e.contains("time ran out")),
            "{reply}"
        );
        (class, code, token)
    });
    // The timeout is stored: it is there after a SIGKILL and a restart.
    kill(s);
    let s = start(&data);
    rt().block_on(async {
        let mut i = instructor(&s).await;
        let board = i.board_where(|c| c["id"] == class).await;
        assert_eq!(board["code"], code.as_str());
        assert_eq!(board["groups"][0]["decisions"], 1, "{board}");
        let mut t = Client::connect(s.port).await;
        t.send(json!({ "type": "resume", "token": token, "after": 0 })).await;
        let joined = t.reply("joined").await;
        // A scenario file comes as the server read it (the trainee's module has no reader).
        let read = joined["class"]["scenario"]["read"].clone();
        let read: zeren_core::Scenario = serde_json::from_value(read).expect("the scenario as read");
        assert!(read.decisions.iter().any(|d| d.time_limit == Some(1)), "{joined}");
        let e = next_event(&mut t).await;
        assert_eq!(e["event"]["kind"], "timeout", "{e}");
    });
    drop(s);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn a_deadline_that_passed_while_the_server_was_down_fires_at_once_on_restart() {
    let data = temp_dir("clock-crash");
    let s = start(&data);
    let (class, token) = rt().block_on(async {
        let mut i = instructor(&s).await;
        let (class, code) = create_quick(&mut i, &["一组", "二组"], "instructor", json!({})).await;
        let (mut t, token, _) = join(&s, &code, "李四", 0).await;
        // Instructor-paced: no deadline before the first decision is released (at the start).
        let status = t.until("status").await;
        assert!(status["deadline"].is_null(), "{status}");
        let board = control(&mut i, class, "start").await;
        assert_eq!(board["groups"][1]["deadline"]["decision"], "verify", "{board}");
        (class, token)
    });
    // Killed a moment after the start, down for longer than the four seconds.
    kill(s);
    std::thread::sleep(Duration::from_millis(5000));
    let s = start(&data);
    rt().block_on(async {
        // Had the deadline not been stored, re-arming it would give four fresh seconds; it was,
        // so both groups' timeouts are already in their logs.
        let mut t = Client::connect(s.port).await;
        t.send(json!({ "type": "resume", "token": token, "after": 0 })).await;
        t.reply("joined").await;
        let e = tokio::time::timeout(Duration::from_millis(1500), next_event(&mut t))
            .await
            .expect("the timeout was applied on start");
        assert_eq!(e["event"], json!({ "kind": "timeout", "decision": "verify" }), "{e}");
        let mut i = instructor(&s).await;
        let board = i.board_where(|c| c["id"] == class).await;
        for g in board["groups"].as_array().expect("groups") {
            assert_eq!(g["decisions"], 1, "{board}");
        }
    });
    drop(s);
    let _ = std::fs::remove_dir_all(&data);
}

/// A group deciding by vote: the deadline runs out while a proposal waits for ballots; the
/// timeout is the group's decision and the proposal closes, so the next one may be made.
#[test]
fn a_deadline_that_runs_out_closes_the_open_proposal() {
    on_server("clock-vote", async |s| {
        let mut i = instructor(s).await;
        let (class, code) = create_quick(&mut i, &["一组"], "self", json!({})).await;
        let info = {
            let mut c = Client::connect(s.port).await;
            c.send(json!({ "type": "lookup", "code": code })).await;
            c.reply("class_info").await
        };
        let group = info["groups"][0]["id"].clone();
        let mut members = Vec::new();
        for (name, role) in [("甲", "main-leader"), ("乙", "member-in-charge")] {
            let mut c = Client::connect(s.port).await;
            c.send(json!({ "type": "join", "code": code, "name": name, "group": group, "role": role }))
                .await;
            assert_eq!(c.reply("joined").await["type"], "joined");
            members.push(c);
        }
        control(&mut i, class, "start").await;
        members[0]
            .send(json!({ "type": "propose", "decision": "verify", "option": "escalate", "at": 0 }))
            .await;
        assert_eq!(members[0].reply("voted").await["outcome"], "open");
        // Nobody votes: the four seconds run out.
        let e = next_event(&mut members[1]).await;
        assert_eq!(e["event"], json!({ "kind": "timeout", "decision": "verify" }), "{e}");
        let board = i
            .board_where(|c| c["groups"][0]["decisions"] == 1 && c["groups"][0]["team"]["proposal"].is_null())
            .await;
        assert_eq!(board["groups"][0]["team"]["roles"].as_array().map(Vec::len), Some(2));
        // A ballot on the overtaken proposal is refused; a new proposal at the next decision opens.
        members[1]
            .send(json!({ "type": "vote", "at": 0, "ballot": "for" }))
            .await;
        assert_eq!(members[1].reply("voted").await["code"], "no_proposal");
        let open = match board["groups"][0]["at"]["id"].as_str() {
            Some(d) => d.to_owned(),
            None => panic!("{board}"),
        };
        let scenario = builtin::scenario("defacement").expect("built-in");
        let option = scenario
            .decision(&open)
            .and_then(|d| d.options.first())
            .map(|o| o.id.clone())
            .expect("an option");
        members[1]
            .send(json!({ "type": "propose", "decision": open, "option": option, "at": 1 }))
            .await;
        assert_eq!(members[1].reply("voted").await["outcome"], "open");
    });
}

/// The server keeps the time: a trainee's `timeout` is refused, so no member — not even one
/// without a card in a group that decides by vote — takes the default option before the
/// deadline (and round the vote).
#[test]
fn a_trainee_cannot_time_a_decision_out_before_its_deadline() {
    on_server("clock-early", async |s| {
        let mut i = instructor(s).await;
        let (class, code) = create_quick(&mut i, &["一组"], "self", json!({})).await;
        let (mut holder, _, group) = join(s, &code, "甲", 0).await;
        holder.send(json!({ "type": "take_role", "role": "main-leader" })).await;
        assert_eq!(holder.reply("role").await["type"], "role");
        let (mut cardless, _, _) = join(s, &code, "丙", 0).await;
        control(&mut i, class, "start").await;
        cardless
            .send(json!({ "type": "decide", "decision": "verify", "option": "timeout", "at": 0 }))
            .await;
        let r = cardless.reply("ack").await;
        assert_eq!(r["code"], "time_not_up", "{r}");
        // The decision stays open until the server's deadline takes the default option.
        let e = next_event(&mut cardless).await;
        assert_eq!(e["event"], json!({ "kind": "timeout", "decision": "verify" }), "{e}");
        assert!(e["by"].is_null(), "{e}");
        let board = i.board_where(|c| c["id"] == class).await;
        assert_eq!(board["groups"][0]["id"], group);
    });
}
