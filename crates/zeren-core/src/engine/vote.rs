//! A team decision's vote (Art 9 ¶1): which role card proposed the option and how each role
//! voted. It rides on the [`super::Event::Choose`] it decided, so a run carries it and replays
//! it; its one effect on the verdict is [`Vote::dissenters`] (docs/rules-model.md §4).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::lang::{Text, text};
use crate::scenario::{MeetingSpec, Scenario};

/// One role's ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    /// For the proposed option.
    For,
    /// Against it.
    Against,
    /// Neither.
    Abstain,
}

impl Ballot {
    /// The ballot's word in the protocol and the run file: `for`, `against`, `abstain`.
    pub fn word(self) -> &'static str {
        match self {
            Ballot::For => "for",
            Ballot::Against => "against",
            Ballot::Abstain => "abstain",
        }
    }

    /// The ballot from its word.
    pub fn from_word(word: &str) -> Option<Ballot> {
        [Ballot::For, Ballot::Against, Ballot::Abstain]
            .into_iter()
            .find(|b| b.word() == word)
    }
}

/// How a team decided one step: who proposed it and each role's ballot, by role card id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The role card id of the member who proposed the option.
    pub proposed_by: String,
    /// Each role's ballot, by role card id (roles that did not vote are left out).
    #[serde(default)]
    pub ballots: BTreeMap<String, Ballot>,
}

impl Vote {
    /// Every role the vote names is a role card of `scenario`; otherwise, which is not.
    pub fn check(&self, scenario: &Scenario) -> Result<(), Text> {
        let known = |id: &str| scenario.role_cards.iter().any(|r| r.id == id);
        match std::iter::once(&self.proposed_by)
            .chain(self.ballots.keys())
            .find(|id| !known(id))
        {
            None => Ok(()),
            Some(id) => Err(text!("场景中没有角色卡 `{id}`", "the scenario has no role card `{id}`")),
        }
    }

    /// **The rule** (docs/rules-model.md §4, "Votes"): when the chosen option holds a leadership
    /// team `meeting`, every role card tied to a person who attended that meeting and whose
    /// role voted against is recorded as that person's dissent (so reading A7 applies). Returns
    /// the persons to add, in role-id order, without those already dissenting.
    pub fn dissenters(&self, scenario: &Scenario, meeting: &MeetingSpec) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (role, ballot) in &self.ballots {
            if *ballot != Ballot::Against {
                continue;
            }
            let person = scenario
                .role_cards
                .iter()
                .find(|r| &r.id == role)
                .and_then(|r| r.person.as_ref());
            if let Some(p) = person
                && meeting.attended.contains(p)
                && !meeting.dissent.contains(p)
                && !out.contains(p)
            {
                out.push(p.clone());
            }
        }
        out
    }

    /// Ballots for, against and abstaining.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |b: Ballot| self.ballots.values().filter(|v| **v == b).count();
        (n(Ballot::For), n(Ballot::Against), n(Ballot::Abstain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;

    fn vote(proposer: &str, ballots: &[(&str, Ballot)]) -> Vote {
        Vote {
            proposed_by: proposer.into(),
            ballots: ballots.iter().map(|(r, b)| (r.to_string(), *b)).collect(),
        }
    }

    fn meeting(attended: &[&str], dissent: &[&str]) -> MeetingSpec {
        MeetingSpec {
            subject: Default::default(),
            caused: Vec::new(),
            attended: attended.iter().map(|s| s.to_string()).collect(),
            dissent: dissent.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn against_by_an_attending_person_is_a_dissent() {
        let s = builtin::shared("defacement").expect("built in");
        let v = vote(
            "main-leader",
            &[
                ("main-leader", Ballot::For),
                ("member-in-charge", Ballot::Against),
                // Not at the meeting: no dissent.
                ("security-officer", Ballot::Against),
                // No person: no dissent.
                ("spokesperson", Ballot::Against),
            ],
        );
        assert_eq!(v.dissenters(&s, &meeting(&["zhou", "li", "zhao"], &[])), ["li"]);
        // Already dissenting: not added twice.
        assert!(v.dissenters(&s, &meeting(&["zhou", "li"], &["li"])).is_empty());
        assert_eq!(v.counts(), (1, 3, 0));
    }

    #[test]
    fn for_or_abstain_records_nothing() {
        let s = builtin::shared("defacement").expect("built in");
        let v = vote(
            "main-leader",
            &[("member-in-charge", Ballot::Abstain), ("main-leader", Ballot::For)],
        );
        assert!(v.dissenters(&s, &meeting(&["zhou", "li"], &[])).is_empty());
    }

    #[test]
    fn unknown_roles_are_refused() {
        let s = builtin::shared("defacement").expect("built in");
        assert!(vote("main-leader", &[("main-leader", Ballot::For)]).check(&s).is_ok());
        let e = vote("boss", &[]).check(&s).expect_err("refused");
        assert!(e.en.contains("`boss`"), "{e:?}");
        assert!(vote("main-leader", &[("nobody", Ballot::For)]).check(&s).is_err());
    }

    #[test]
    fn a_vote_reads_and_writes_as_json() {
        let v = vote("main-leader", &[("member-in-charge", Ballot::Against)]);
        let json = serde_json::to_string(&v).expect("json");
        assert_eq!(
            json,
            r#"{"proposed_by":"main-leader","ballots":{"member-in-charge":"against"}}"#
        );
        assert_eq!(serde_json::from_str::<Vote>(&json).expect("read back"), v);
        assert!(serde_json::from_str::<Vote>(r#"{"proposed_by":"a","extra":1}"#).is_err());
        assert_eq!(Ballot::from_word("abstain"), Some(Ballot::Abstain));
        assert_eq!(Ballot::from_word("maybe"), None);
    }
}
