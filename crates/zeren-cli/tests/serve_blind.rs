//! A blind live class against the real `zeren serve` process: no message to a group carries its
//! verdict before its run ends, the instructor's board always does, and the class file carries
//! the choice back and forth (docs/class-protocol.md, "Blind classes").

mod support;

use serde_json::{Value, json};
use support::server::{Client, create, instructor, join, kill, rt, start, temp_dir};
use zeren_core::builtin;
use zeren_core::engine::{At, Event, State};

/// The options taken where offered (the blind solo test's path: items fire).
const PATH: [&str; 5] = ["wait", "maintenance", "report_now", "comply", "backup"];

/// Every message the trainee receives until the `ack` of its decision (or an error).
async fn decide_collecting(t: &mut Client, decision: &str, option: &str, at: usize, seen: &mut Vec<Value>) -> Value {
    t.send(json!({ "type": "decide", "decision": decision, "option": option, "at": at }))
        .await;
    loop {
        let v = t.recv().await;
        seen.push(v.clone());
        if v["type"] == "ack" || v["type"] == "error" {
            return v;
        }
    }
}

#[test]
fn a_blind_class_sends_a_group_no_verdict_before_its_run_ends() {
    let data = temp_dir("blind");
    let s = start(&data);
    let scenario = builtin::scenario("defacement").expect("built-in");
    let class = rt().block_on(async {
        let mut i = instructor(&s).await;
        i.send(json!({ "type": "create_class", "scenario": "defacement", "seed": 1, "groups": ["一组"], "paced": "self", "blind": true }))
            .await;
        let created = i.reply("class_created").await;
        let class = created["class"].as_i64().expect("class");
        let code = created["code"].as_str().expect("code").to_owned();
        let (mut t, _, _) = join(&s, &code, "张三", 0).await;
        i.send(json!({ "type": "control", "class": class, "action": "start" })).await;
        let board = i.board_where(|c| c["id"] == class && c["status"] == "running").await;
        assert_eq!(board["blind"], true);
        // Play a late-night wait (items fire) to an ending, keeping every message.
        let mut seen = Vec::new();
        let mut state = State::start(&scenario, 1);
        let mut n = 0;
        while let At::Decision(d) = state.at.clone() {
            let offered = state.options(&scenario);
            let option = offered
                .iter()
                .find(|o| PATH.contains(&o.id.as_str()))
                .unwrap_or(&offered[0])
                .id
                .clone();
            let reply = decide_collecting(&mut t, &d, &option, n, &mut seen).await;
            assert_eq!(reply["type"], "ack", "{reply}");
            state = state
                .apply(&scenario, &Event::choose(d, option))
                .expect("applies");
            n += 1;
        }
        // The ending's status reveals the verdict.
        let last = loop {
            let v = t.until("status").await;
            if v["decisions"] == n as u64 {
                break v;
            }
        };
        assert!(last["fired"].is_array(), "{last}");
        let fired = zeren_core::judge(state.case_so_far(), &zeren_core::Settings::default()).fired;
        assert!(!fired.is_empty(), "the path fires something: the test means something");
        assert_eq!(last["fired"], json!(fired));
        // Before the ending: no status carried it, and nothing else did either.
        let before: Vec<&Value> = seen.iter().filter(|v| v["type"] == "status" && v["decisions"].as_u64() < Some(n as u64)).collect();
        assert!(!before.is_empty());
        for v in &before {
            assert_eq!(v["blind"], true, "{v}");
            assert!(v["fired"].is_null(), "a verdict before the end: {v}");
        }
        for v in &seen {
            assert!(v["type"] == "status" || v.get("fired").is_none(), "{v}");
        }
        // The board always carried everything.
        let board = i.board_where(|c| c["id"] == class && c["groups"][0]["decisions"] == n as u64).await;
        assert_eq!(board["groups"][0]["fired"], json!(fired));
        // The class file carries it; an import is blind too.
        i.send(json!({ "type": "export", "class": class })).await;
        let file = i.reply("export").await["file"].clone();
        assert_eq!(file["blind"], true);
        i.send(json!({ "type": "import", "file": file })).await;
        let copy = i.reply("class_created").await["class"].as_i64().expect("copy");
        let board = i.board_where(|c| c["id"] == copy).await;
        assert_eq!(board["blind"], true);
        // An open class sends the items fired from the first status on.
        let (_, open_code) = create(&mut i, &["二组"], "self").await;
        let (mut u, _, _) = join(&s, &open_code, "李四", 0).await;
        let status = u.until("status").await;
        assert_eq!(status["blind"], false);
        assert!(status["fired"].is_array(), "{status}");
        class
    });
    // Stored blind: still blind after a SIGKILL and a restart.
    kill(s);
    let s = start(&data);
    rt().block_on(async {
        let mut i = instructor(&s).await;
        let board = i.board_where(|c| c["id"] == class).await;
        assert_eq!(board["blind"], true, "{board}");
    });
    drop(s);
    let _ = std::fs::remove_dir_all(&data);
}
