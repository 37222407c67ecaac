//! A group's team in the class file: the role cards held when it was exported (`cards`: role
//! card id → the member's name) and the proposal still open then (`proposal`, as on the board:
//! `{at, decision, option, label, by, proposed_by, ballots}`). Both are a record for the
//! after-action report: an import reads and checks them, and then leaves them out, since the
//! new class has no members yet to hold a card or cast a ballot (docs/class-protocol.md, "The
//! class file"). A file without them (an older export) reads as no card and no proposal.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use zeren_core::Scenario;
use zeren_core::engine::{At, Ballot, Event, State, Vote};

use super::bad;
use crate::protocol::{self, Refusal};

/// A group's held cards and open proposal, read back.
#[derive(Debug, Default)]
pub struct TeamIn {
    /// Role card id → the name of the member who held it.
    pub cards: BTreeMap<String, String>,
    /// The proposal open when the class was exported.
    pub proposal: Option<ProposalIn>,
}

/// An open proposal read back (its `label` is the scenario's, and not read).
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct ProposalIn {
    /// The decision's place in the group's run (0-based): the number of decisions made.
    pub at: usize,
    /// The decision.
    pub decision: String,
    /// The option proposed.
    pub option: String,
    /// The name of the member who proposed it.
    pub by: String,
    /// The proposer's role card.
    pub proposed_by: String,
    /// The ballots cast so far, by role card.
    #[serde(default)]
    pub ballots: BTreeMap<String, Ballot>,
}

/// Reads a group's `cards` and `proposal` (each absent or `null`: none), refusing a malformed
/// one with the group's name and what is wrong.
pub fn read(group: &str, cards: Value, proposal: Value) -> Result<TeamIn, Refusal> {
    let cards: BTreeMap<String, String> = match cards {
        Value::Null => BTreeMap::new(),
        v => serde_json::from_value(v).map_err(|e| {
            bad(
                format!("小组「{group}」的角色卡（cards）无效：{e}"),
                format!("group “{group}”'s role cards (cards) are invalid: {e}"),
            )
        })?,
    };
    for name in cards.values() {
        protocol::name(name, "成员姓名", "member's name").map_err(|r| {
            bad(
                format!("小组「{group}」的角色卡（cards）：{}", r.zh),
                format!("group “{group}”'s role cards (cards): {}", r.en),
            )
        })?;
    }
    let proposal: Option<ProposalIn> = match proposal {
        Value::Null => None,
        v => Some(serde_json::from_value(v).map_err(|e| {
            bad(
                format!("小组「{group}」的待表决提议（proposal）无效：{e}"),
                format!("group “{group}”'s open proposal (proposal) is invalid: {e}"),
            )
        })?),
    };
    if let Some(p) = &proposal {
        protocol::name(&p.by, "提议人姓名", "proposer's name").map_err(|r| {
            bad(
                format!("小组「{group}」的待表决提议（proposal）：{}", r.zh),
                format!("group “{group}”'s open proposal (proposal): {}", r.en),
            )
        })?;
    }
    Ok(TeamIn { cards, proposal })
}

impl TeamIn {
    /// The team fits its group's run, replayed to `state` after `decided` decisions, in a class
    /// playing `scenario` (its cards in play): every card held is in play, and the proposal
    /// stands at the group's open decision, with an option offered there and only cards in play
    /// voting.
    pub fn check(&self, group: &str, scenario: &Scenario, state: &State, decided: usize) -> Result<(), Refusal> {
        if let Some(role) = self
            .cards
            .keys()
            .find(|r| !scenario.role_cards.iter().any(|c| &c.id == *r))
        {
            let role: String = role.chars().take(64).collect();
            return Err(bad(
                format!("小组「{group}」的角色卡（cards）`{role}` 不在本班使用的角色卡中"),
                format!("group “{group}”'s role cards (cards): `{role}` is not a card in play in this class"),
            ));
        }
        let Some(p) = &self.proposal else {
            return Ok(());
        };
        let refuse = |zh: String, en: String| {
            Err(bad(
                format!("小组「{group}」的待表决提议（proposal）{zh}"),
                format!("group “{group}”'s open proposal (proposal) {en}"),
            ))
        };
        let open = match &state.at {
            At::Decision(d) if p.at == decided => d,
            _ => {
                return refuse(
                    format!("不在本组当前的决策上（第 {} 步，本组已作出 {decided} 个决策）", p.at),
                    format!(
                        "is not at the group's open decision (step {}, {decided} decisions made)",
                        p.at
                    ),
                );
            }
        };
        if *open != p.decision {
            let decision: String = p.decision.chars().take(64).collect();
            return refuse(
                format!("的决策 `{decision}` 不是本组当前的决策（当前为 `{open}`）"),
                format!("names `{decision}`, not the group's open decision (that is `{open}`)"),
            );
        }
        let vote = Vote {
            proposed_by: p.proposed_by.clone(),
            ballots: p.ballots.clone(),
        };
        let event = Event::Choose {
            decision: p.decision.clone(),
            option: p.option.clone(),
            vote: Some(vote),
        };
        match state.apply(scenario, &event) {
            Ok(_) => Ok(()),
            Err(e) => {
                let t = e.text();
                refuse(format!("无效：{}", t.zh), format!("is invalid: {}", t.en))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use zeren_core::builtin;

    fn defacement() -> Scenario {
        builtin::scenario("defacement").expect("built-in")
    }

    fn proposal() -> Value {
        json!({ "at": 0, "decision": "verify", "option": "escalate", "label": { "zh": "上报", "en": "Escalate" },
                "by": "甲", "proposed_by": "main-leader", "ballots": { "main-leader": "for", "member-in-charge": "against" } })
    }

    fn code(r: Result<TeamIn, Refusal>) -> String {
        r.err().map(|r| r.code.to_string()).unwrap_or_default()
    }

    #[test]
    fn an_exported_team_reads_back_and_an_older_file_has_none() -> Result<(), Refusal> {
        let t = read(
            "一组",
            json!({ "main-leader": "甲", "member-in-charge": "乙" }),
            proposal(),
        )?;
        assert_eq!(t.cards.get("main-leader").map(String::as_str), Some("甲"));
        let p = t.proposal.as_ref().expect("a proposal");
        assert_eq!((p.at, p.option.as_str(), p.by.as_str()), (0, "escalate", "甲"));
        assert_eq!(p.ballots.get("member-in-charge"), Some(&Ballot::Against));
        let s = defacement();
        t.check("一组", &s, &State::start(&s, 7), 0)?;
        // Absent or null: no card, no proposal.
        let t = read("一组", Value::Null, Value::Null)?;
        assert!(t.cards.is_empty() && t.proposal.is_none());
        Ok(())
    }

    #[test]
    fn malformed_cards_and_proposals_are_refused_naming_the_group() {
        for (cards, proposal) in [
            (json!(["main-leader"]), Value::Null),
            (json!({ "main-leader": 3 }), Value::Null),
            (json!({ "main-leader": "" }), Value::Null),
            (json!({ "main-leader": "a\u{7}b" }), Value::Null),
            (Value::Null, json!("verify")),
            (Value::Null, json!({ "at": 0, "decision": "verify" })),
            (
                Value::Null,
                json!({ "at": -1, "decision": "verify", "option": "escalate", "by": "甲", "proposed_by": "main-leader" }),
            ),
            (
                Value::Null,
                json!({ "at": 0, "decision": "verify", "option": "escalate", "by": "甲", "proposed_by": "main-leader", "ballots": { "main-leader": "maybe" } }),
            ),
            (
                Value::Null,
                json!({ "at": 0, "decision": "verify", "option": "escalate", "by": " ", "proposed_by": "main-leader" }),
            ),
        ] {
            let r = read("一组", cards.clone(), proposal.clone());
            let en = r.as_ref().err().map(|r| r.en.clone()).unwrap_or_default();
            assert_eq!(code(r), "bad_class_file", "{cards} {proposal}");
            assert!(en.contains("“一组”"), "{en}");
        }
    }

    #[test]
    fn a_team_that_does_not_fit_the_run_is_refused() -> Result<(), Refusal> {
        let s = defacement();
        let start = State::start(&s, 7);
        let check = |cards: Value, p: Value, state: &State, decided: usize| {
            read("一组", cards, p).and_then(|t| t.check("一组", &s, state, decided).map(|()| t))
        };
        // A card the scenario does not have (or not in play).
        assert_eq!(
            code(check(json!({ "boss": "甲" }), Value::Null, &start, 0)),
            "bad_class_file"
        );
        let mut fewer = s.clone();
        fewer.role_cards.retain(|c| c.id == "main-leader");
        let t = read("一组", json!({ "member-in-charge": "乙" }), Value::Null)?;
        assert!(t.check("一组", &fewer, &State::start(&fewer, 7), 0).is_err());
        // Not at the open decision: another step, another decision, an option not offered, a
        // ballot of a card the scenario does not have.
        let mut p = proposal();
        p["at"] = json!(1);
        assert_eq!(code(check(Value::Null, p, &start, 0)), "bad_class_file");
        let mut p = proposal();
        p["decision"] = json!("meeting");
        assert_eq!(code(check(Value::Null, p, &start, 0)), "bad_class_file");
        let mut p = proposal();
        p["option"] = json!("nothing");
        assert_eq!(code(check(Value::Null, p, &start, 0)), "bad_class_file");
        let mut p = proposal();
        p["ballots"]["boss"] = json!("for");
        let r = check(Value::Null, p, &start, 0);
        assert!(r.as_ref().err().is_some_and(|r| r.en.contains("boss")), "{r:?}");
        // At the next decision once the first is made: it fits.
        let next = start
            .apply(&s, &Event::choose("verify", "escalate"))
            .map_err(|e| Refusal::text("refused_by_engine", e.text()))?;
        let mut p = proposal();
        p["at"] = json!(1);
        p["decision"] = json!("contain");
        p["option"] = json!("edit");
        check(Value::Null, p, &next, 1)?;
        Ok(())
    }
}
