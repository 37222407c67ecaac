//! Role cards and team votes in a group (docs/class-protocol.md, "Role cards and votes"): a
//! member takes one of the scenario's role cards (at most one member per card in a group);
//! in a group where someone holds a card, a role-holder proposes an option at the open
//! decision, the role-holders vote, and the option is taken — with its vote, through the same
//! [`Inner::decide`] as a direct decision — once more than half of the group's role-holders
//! voted for it. It is rejected as soon as it can no longer get there, and another proposal may
//! follow. Groups where nobody holds a card decide directly, as before.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zeren_core::engine::{At, Ballot, Event, TIMEOUT, Vote};

use super::{Answer, Inner, To, not_joined, now_ms, refuse, storage};
use crate::protocol::{Paced, Refusal};
use crate::store::ProposalRow;

/// A group's role cards and open proposal.
#[derive(Clone, Debug, Default)]
pub(super) struct Team {
    /// Role card id → the member who holds it.
    pub(super) roles: BTreeMap<String, i64>,
    /// The open proposal, if any.
    pub(super) proposal: Option<Proposal>,
}

/// An open proposal.
#[derive(Clone, Debug)]
pub(super) struct Proposal {
    /// The decision's place in the run (0-based).
    at: usize,
    decision: String,
    option: String,
    /// The member who proposed it.
    member: i64,
    /// Who proposed it (role) and the ballots so far; the proposer's own ballot is `for`.
    vote: Vote,
    created_at: u64,
}

/// How a proposal stands after a ballot.
#[derive(Debug, PartialEq, Eq)]
enum Standing {
    Open,
    Taken,
    Rejected,
}

/// **The rule**: with `holders` role-holders in the group, the proposal is taken when more
/// than half of them voted for it, and rejected when it can no longer get there (the ballots
/// for, plus the holders yet to vote, are half or fewer). Only the cards held now count: the
/// ballot of a card the instructor freed since stays in the vote but weighs nothing.
fn standing(vote: &Vote, roles: &BTreeMap<String, i64>) -> Standing {
    let holders = roles.len();
    let ballot = |r: &String| vote.ballots.get(r);
    let yes = roles.keys().filter(|r| ballot(r) == Some(&Ballot::For)).count();
    let waiting = roles.keys().filter(|r| ballot(r).is_none()).count();
    if 2 * yes > holders {
        Standing::Taken
    } else if 2 * (yes + waiting) <= holders {
        Standing::Rejected
    } else {
        Standing::Open
    }
}

/// The scenario's role cards for `class_info`: `[{id, post: {zh, en}}]` (the briefings stay
/// private until a card is taken).
pub(super) fn cards(scenario: &zeren_core::Scenario) -> Value {
    let cards: Vec<Value> = scenario
        .role_cards
        .iter()
        .map(|r| json!({ "id": r.id, "post": { "zh": r.post.zh, "en": r.post.en.clone().unwrap_or_else(|| r.post.zh.clone()) } }))
        .collect();
    json!(cards)
}

/// The refusal of a card that is not in play in class `c`: named by its post when the class
/// plays a built-in that has it (the instructor left it out), else by its id.
fn not_in_play(c: Option<&super::Class>, role: &str) -> Refusal {
    let card = c
        .and_then(super::join::builtin_of)
        .and_then(|s| s.role_cards.iter().find(|r| r.id == role).cloned());
    match card {
        Some(card) => {
            let zh = card.post.zh.clone();
            let en = card.post.en.unwrap_or(card.post.zh);
            Refusal::new(
                "unknown_role",
                format!("角色卡「{zh}」不在本班使用"),
                format!("the role card “{en}” is not in play in this class"),
            )
        }
        None => {
            let role: String = role.chars().take(64).collect();
            Refusal::new(
                "unknown_role",
                format!("本班没有角色卡 `{role}`"),
                format!("this class has no role card `{role}`"),
            )
        }
    }
}

impl Inner {
    /// Loads the role cards and open proposals; a proposal left behind by a decision taken
    /// just before a crash (its place already decided) is dropped.
    pub(super) fn load_teams(&mut self) -> Result<(), String> {
        for r in self.store.roles()? {
            if self.members.contains_key(&r.member_id) {
                self.teams
                    .entry(r.group_id)
                    .or_default()
                    .roles
                    .insert(r.role, r.member_id);
            }
        }
        for p in self.store.proposals()? {
            let decided = self.group_of(p.group_id).map(|(_, g)| g.events.len());
            let vote: Option<Vote> = serde_json::from_str(&p.vote).ok();
            match (decided, vote) {
                (Some(n), Some(vote)) if n == p.at as usize => {
                    self.teams.entry(p.group_id).or_default().proposal = Some(Proposal {
                        at: n,
                        decision: p.decision,
                        option: p.option,
                        member: p.member_id,
                        vote,
                        created_at: p.created_at,
                    });
                }
                _ => self.store.drop_proposal(p.group_id)?,
            }
        }
        Ok(())
    }

    fn group_of(&self, group: i64) -> Option<(&super::Class, &super::Group)> {
        self.classes.values().find_map(|c| c.group(group).map(|g| (c, g)))
    }

    /// The role card id held by `member`, if any.
    fn role_of(&self, group: i64, member: i64) -> Option<String> {
        let team = self.teams.get(&group)?;
        team.roles.iter().find(|(_, m)| **m == member).map(|(r, _)| r.clone())
    }

    /// The post of a role card, in both languages.
    fn post(&self, group: i64, role: &str) -> (String, String) {
        let card = self
            .group_of(group)
            .and_then(|(c, _)| c.scenario.role_cards.iter().find(|r| r.id == role).cloned());
        match card {
            Some(c) => (c.post.zh.clone(), c.post.en.clone().unwrap_or(c.post.zh)),
            None => (role.to_owned(), role.to_owned()),
        }
    }

    fn member_name(&self, member: i64) -> String {
        self.members.get(&member).map(|m| m.name.clone()).unwrap_or_default()
    }

    /// Refused unless `role` is a role card of the class's scenario, free in `group` (or held by
    /// `member` already), and no proposal is open there.
    pub(super) fn role_free(&self, class: i64, group: i64, role: &str, member: Option<i64>) -> Result<(), Refusal> {
        let c = self.classes.get(&class);
        if !c.is_some_and(|c| c.scenario.role_cards.iter().any(|r| r.id == role)) {
            return Err(not_in_play(c, role));
        }
        let team = self.teams.get(&group);
        if let Some(&holder) = team.and_then(|t| t.roles.get(role))
            && Some(holder) != member
        {
            let (zh, en) = self.post(group, role);
            let name = self.member_name(holder);
            return Err(Refusal::new(
                "role_taken",
                format!("角色「{zh}」已由本组{name}担任"),
                format!("the role “{en}” is already held by {name} in your group"),
            ));
        }
        self.no_open_proposal(group, "角色须在两次决策之间更换", "roles change between decisions")
    }

    fn no_open_proposal(&self, group: i64, why_zh: &str, why_en: &str) -> Result<(), Refusal> {
        let Some(p) = self.teams.get(&group).and_then(|t| t.proposal.as_ref()) else {
            return Ok(());
        };
        let (zh, en) = self.post(group, &p.vote.proposed_by);
        let name = self.member_name(p.member);
        let (lzh, len) = self.label(group, &p.decision, &p.option);
        Err(Refusal::new(
            "proposal_open",
            format!("本组{name}（{zh}）已提议「{lzh}」，正在表决：{why_zh}"),
            format!("{name} ({en}) has already proposed “{len}” in your group and the vote is open: {why_en}"),
        ))
    }

    fn label(&self, group: i64, decision: &str, option: &str) -> (String, String) {
        let label = self
            .group_of(group)
            .and_then(|(c, _)| c.scenario.decision(decision))
            .and_then(|d| d.options.iter().find(|o| o.id == option))
            .map(|o| o.label.clone());
        match label {
            Some(l) => (l.zh.clone(), l.en.clone().unwrap_or(l.zh)),
            None => (option.to_owned(), option.to_owned()),
        }
    }

    /// Gives `member` the role card `role` (or none), stored before it is shown.
    pub(super) fn give_role(&mut self, member: i64, role: Option<&str>) -> Result<(), Refusal> {
        let Some(m) = self.members.get(&member) else {
            return not_joined();
        };
        let (class, group) = (m.class, m.group);
        match role {
            Some(role) => {
                self.role_free(class, group, role, Some(member))?;
                self.store.take_role(group, role, member).map_err(storage)?;
            }
            None => {
                self.no_open_proposal(group, "角色须在两次决策之间更换", "roles change between decisions")?;
                self.store.drop_role(member).map_err(storage)?;
            }
        }
        self.hold(group, member, role);
        self.group_changed(group);
        Ok(())
    }

    /// Records in memory that `member` holds `role` (or no card), once it is stored.
    pub(super) fn hold(&mut self, group: i64, member: i64, role: Option<&str>) {
        let team = self.teams.entry(group).or_default();
        team.roles.retain(|_, m| *m != member);
        if let Some(role) = role {
            team.roles.insert(role.to_owned(), member);
        }
    }

    /// Refuses a trainee's `timeout` (the server applies it at the deadline, hub/deadline.rs)
    /// and a direct decision in a group that decides by vote.
    pub(super) fn direct_allowed(&self, member: i64, option: &str) -> Result<(), Refusal> {
        if option == TIMEOUT {
            return refuse(
                "time_not_up",
                "时间未到：超时由服务器在期限到时处理",
                "time is not up: the server applies the timeout at the deadline",
            );
        }
        let group = self.members.get(&member).map(|m| m.group);
        let voting = group
            .and_then(|g| self.teams.get(&g))
            .is_some_and(|t| !t.roles.is_empty());
        if voting {
            return refuse(
                "vote_required",
                "本组有成员担任角色，决策须经提议和表决",
                "members of your group hold role cards: decisions go by proposal and vote",
            );
        }
        Ok(())
    }

    /// A decision was just committed in `group` (by a vote, a timeout or the deadline): an open
    /// proposal for that place is closed. Called by [`Inner::commit`], the one path of every
    /// decision.
    pub(super) fn proposal_overtaken(&mut self, group: i64) {
        let decided = self.group_of(group).map_or(0, |(_, g)| g.events.len());
        if let Some(t) = self.teams.get_mut(&group)
            && t.proposal.as_ref().is_some_and(|p| p.at < decided)
        {
            t.proposal = None;
            // Left behind, it would be dropped at the next start: it names a decided place.
            let _ = self.store.drop_proposal(group);
        }
    }

    /// The checks a decision meets before it is proposed: joined, holding a role, class
    /// running, group not locked, the open decision at `at`, released, the option offered.
    fn may_propose(&self, member: i64, decision: &str, option: &str, at: usize) -> Result<(i64, String), Refusal> {
        let Some(m) = self.members.get(&member) else {
            return not_joined();
        };
        let group = m.group;
        let Some(role) = self.role_of(group, member) else {
            return refuse(
                "no_role",
                "请先担任一个角色，才能提议或表决",
                "take a role card to propose or vote",
            );
        };
        let Some((c, g)) = self.group_of(group) else {
            return refuse("unknown_group", "本班没有这个小组", "no such group in this class");
        };
        match c.row.status.as_str() {
            "waiting" => return refuse("not_started", "演练尚未开始", "the exercise has not started"),
            "paused" => return refuse("paused", "演练已暂停", "the exercise is paused"),
            "ended" => return refuse("ended", "本次演练已结束", "the exercise has ended"),
            _ => {}
        }
        if g.locked {
            return refuse("locked", "教员已锁定本组", "the instructor has locked this group");
        }
        if at != g.events.len() {
            return refuse(
                "already_decided",
                "这个决策已经作出，请看最新情况",
                "this decision has already been taken: see the latest state",
            );
        }
        if c.paced() == Paced::Instructor && g.events.len() >= c.row.released as usize {
            return refuse(
                "not_released",
                "请等待教员放出下一个决策",
                "wait for the instructor to release the next decision",
            );
        }
        match &g.state.at {
            At::Ending(_) => return refuse("ended", "本组的演练已结束", "your group's exercise has ended"),
            At::Decision(open) if open != decision => {
                let (open, decision): (String, String) = (open.clone(), decision.chars().take(64).collect());
                return Err(Refusal::new(
                    "not_open",
                    format!("`{decision}` 不是本组当前的决策（当前为 `{open}`）"),
                    format!("`{decision}` is not your group's open decision (that is `{open}`)"),
                ));
            }
            At::Decision(_) => {}
        }
        g.state
            .apply(&c.scenario, &Event::choose(decision, option))
            .map_err(|e| Refusal::text("refused_by_engine", e.text()))?;
        Ok((group, role))
    }

    /// A role-holder proposes `option` at the open decision; their own ballot is `for`.
    pub(super) fn propose(
        &mut self,
        member: i64,
        decision: &str,
        option: &str,
        at: usize,
        answer: &mut Answer,
    ) -> Result<(), Refusal> {
        let (group, role) = self.may_propose(member, decision, option, at)?;
        self.no_open_proposal(group, "请先对它表决", "vote on it first")?;
        let vote = Vote {
            proposed_by: role.clone(),
            ballots: [(role, Ballot::For)].into(),
        };
        let p = Proposal {
            at,
            decision: decision.to_owned(),
            option: option.to_owned(),
            member,
            vote,
            created_at: now_ms(),
        };
        self.settle(group, p, answer)
    }

    /// A role-holder's ballot on the open proposal at `at`.
    pub(super) fn ballot(
        &mut self,
        member: i64,
        at: usize,
        ballot: Ballot,
        answer: &mut Answer,
    ) -> Result<(), Refusal> {
        let Some(group) = self.members.get(&member).map(|m| m.group) else {
            return not_joined();
        };
        let open = self.teams.get(&group).and_then(|t| t.proposal.clone());
        let Some(mut p) = open.filter(|p| p.at == at) else {
            return refuse(
                "no_proposal",
                "本组此刻没有待表决的提议",
                "there is no open proposal in your group for this decision",
            );
        };
        let (_, role) = self.may_propose(member, &p.decision, &p.option, at)?;
        if let Some(b) = p.vote.ballots.get(&role) {
            let (zh, en) = self.post(group, &role);
            let word = b.word();
            return Err(Refusal::new(
                "already_voted",
                format!("角色「{zh}」已经投过票（{word}）"),
                format!("the role “{en}” has already voted ({word})"),
            ));
        }
        p.vote.ballots.insert(role, ballot);
        self.settle(group, p, answer)
    }

    /// The proposer takes their open proposal back.
    pub(super) fn withdraw(&mut self, member: i64) -> Result<(), Refusal> {
        let Some(group) = self.members.get(&member).map(|m| m.group) else {
            return not_joined();
        };
        let mine = self
            .teams
            .get(&group)
            .and_then(|t| t.proposal.as_ref())
            .is_some_and(|p| p.member == member);
        if !mine {
            return refuse("no_proposal", "你没有待表决的提议", "you have no open proposal");
        }
        self.store.drop_proposal(group).map_err(storage)?;
        if let Some(t) = self.teams.get_mut(&group) {
            t.proposal = None;
        }
        self.group_changed(group);
        Ok(())
    }

    /// The instructor frees a card in a group (its holder left the room): the proposal open
    /// there, if any, is weighed again with one card-holder fewer.
    pub(super) fn free_role(&mut self, class: i64, group: i64, role: &str) -> Result<(), Refusal> {
        super::class_with(&mut self.classes, class, Some(group))?;
        let holder = self.teams.get(&group).and_then(|t| t.roles.get(role)).copied();
        let Some(holder) = holder else {
            let role: String = role.chars().take(64).collect();
            return Err(Refusal::new(
                "unknown_role",
                format!("本组无人担任角色 `{role}`"),
                format!("nobody in this group holds the role card `{role}`"),
            ));
        };
        self.release(group, role, holder)
    }

    /// A member leaves their group for good (`leave`): their card, if any, is freed as the
    /// instructor frees one (refused, changing nothing, when that would take the open proposal
    /// but the group cannot decide now); then they are stored as gone, their token no longer
    /// good, and no longer online.
    pub(super) fn leave(&mut self, member: i64) -> Result<(), Refusal> {
        let Some(group) = self.members.get(&member).map(|m| m.group) else {
            return not_joined();
        };
        if let Some(role) = self.role_of(group, member) {
            self.release(group, &role, member)?;
        }
        self.store.leave(member, now_ms()).map_err(storage)?;
        if let Some(m) = self.members.get_mut(&member) {
            m.left = true;
        }
        self.tokens.retain(|_, m| *m != member);
        self.online.retain(|_, m| *m != member);
        self.group_changed(group);
        Ok(())
    }

    /// Frees `role`, held by `holder` in `group`, and weighs the open proposal there again.
    fn release(&mut self, group: i64, role: &str, holder: i64) -> Result<(), Refusal> {
        self.store.drop_role(holder).map_err(storage)?;
        let open = self.teams.get_mut(&group).and_then(|t| {
            t.roles.remove(role);
            t.proposal.clone()
        });
        match open {
            // Its ack, if it is taken now, goes to nobody: the group sees the entry.
            Some(p) => {
                if let Err(refusal) = self.settle(group, p, &mut Answer::default()) {
                    // It cannot be taken now (e.g. the class is paused): the card goes back to
                    // its holder, so that a refusal changes nothing and the vote is not left
                    // with a proposal nobody may vote on.
                    self.store.take_role(group, role, holder).map_err(storage)?;
                    self.teams
                        .entry(group)
                        .or_default()
                        .roles
                        .insert(role.to_owned(), holder);
                    return Err(refusal);
                }
            }
            None => self.group_changed(group),
        }
        Ok(())
    }

    /// Applies the rule to the proposal with its ballots so far: taken (committed as the
    /// group's decision, with its vote), rejected (closed), or open (stored).
    fn settle(&mut self, group: i64, p: Proposal, answer: &mut Answer) -> Result<(), Refusal> {
        let roles = self.teams.get(&group).map(|t| t.roles.clone()).unwrap_or_default();
        // With no card-holder left, the group decides directly again: the proposal closes.
        let standing = if roles.is_empty() {
            Standing::Rejected
        } else {
            standing(&p.vote, &roles)
        };
        match standing {
            Standing::Taken => {
                let seq = self.decide(p.member, &p.decision, &p.option, p.at, Some(p.vote.clone()))?;
                let _ = self.store.drop_proposal(group);
                if let Some(t) = self.teams.get_mut(&group) {
                    t.proposal = None;
                }
                answer.messages.push(json!({ "type": "ack", "seq": seq }).to_string());
                self.group_changed(group);
            }
            Standing::Rejected => {
                self.store.drop_proposal(group).map_err(storage)?;
                if let Some(t) = self.teams.get_mut(&group) {
                    t.proposal = None;
                }
                let mut m = self.proposal_json(group, &p);
                m["type"] = json!("rejected");
                self.notify(To::Group(group), m.to_string());
                answer
                    .messages
                    .push(json!({ "type": "voted", "outcome": "rejected" }).to_string());
                self.group_changed(group);
            }
            Standing::Open => {
                let row = ProposalRow {
                    group_id: group,
                    at: p.at as u64,
                    decision: p.decision.clone(),
                    option: p.option.clone(),
                    member_id: p.member,
                    vote: serde_json::to_string(&p.vote).unwrap_or_default(),
                    created_at: p.created_at,
                };
                self.store.put_proposal(&row).map_err(storage)?;
                self.teams.entry(group).or_default().proposal = Some(p);
                answer
                    .messages
                    .push(json!({ "type": "voted", "outcome": "open" }).to_string());
                self.group_changed(group);
            }
        }
        Ok(())
    }

    fn proposal_json(&self, group: i64, p: &Proposal) -> Value {
        let (zh, en) = self.label(group, &p.decision, &p.option);
        json!({
            "at": p.at,
            "decision": p.decision,
            "option": p.option,
            "label": { "zh": zh, "en": en },
            "by": self.member_name(p.member),
            "proposed_by": p.vote.proposed_by,
            "ballots": p.vote.ballots,
        })
    }

    /// A group's role cards held (card id → the holder's name) and open proposal (as on the
    /// board), for the class file.
    pub(super) fn team_file(&self, group: i64) -> (BTreeMap<String, String>, Option<Value>) {
        let Some(t) = self.teams.get(&group) else {
            return (BTreeMap::new(), None);
        };
        let cards = t
            .roles
            .iter()
            .map(|(role, m)| (role.clone(), self.member_name(*m)))
            .collect();
        (cards, t.proposal.as_ref().map(|p| self.proposal_json(group, p)))
    }

    /// A group's role cards and open proposal, for its members' status and the board:
    /// `{roles: [{role, post: {zh, en}, member, name}], proposal: null | {at, decision, option, label, by,
    /// proposed_by, ballots}, needed}` — `needed`, the ballots for that take a proposal.
    pub(super) fn team_json(&self, group: i64) -> Value {
        let Some(t) = self.teams.get(&group) else {
            return json!({ "roles": [], "proposal": null, "needed": 0 });
        };
        let roles: Vec<Value> = t
            .roles
            .iter()
            .map(|(role, m)| {
                let (zh, en) = self.post(group, role);
                json!({ "role": role, "post": { "zh": zh, "en": en }, "member": m, "name": self.member_name(*m) })
            })
            .collect();
        json!({
            "roles": roles,
            "proposal": t.proposal.as_ref().map(|p| self.proposal_json(group, p)),
            "needed": t.roles.len() / 2 + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(ids: &[&str]) -> BTreeMap<String, i64> {
        ids.iter().enumerate().map(|(n, r)| (r.to_string(), n as i64)).collect()
    }

    fn vote(ballots: &[(&str, Ballot)]) -> Vote {
        Vote {
            proposed_by: "a".into(),
            ballots: ballots.iter().map(|(r, b)| (r.to_string(), *b)).collect(),
        }
    }

    #[test]
    fn more_than_half_for_takes_it_and_a_lost_cause_is_rejected() {
        use Ballot::*;
        // Alone: the proposer's own ballot is a majority.
        assert_eq!(standing(&vote(&[("a", For)]), &roles(&["a"])), Standing::Taken);
        // Two: both must agree.
        assert_eq!(standing(&vote(&[("a", For)]), &roles(&["a", "b"])), Standing::Open);
        assert_eq!(
            standing(&vote(&[("a", For), ("b", Against)]), &roles(&["a", "b"])),
            Standing::Rejected
        );
        assert_eq!(
            standing(&vote(&[("a", For), ("b", For)]), &roles(&["a", "b"])),
            Standing::Taken
        );
        // Three: two for take it; two against reject it; an abstention counts for nothing.
        let three = roles(&["a", "b", "c"]);
        assert_eq!(standing(&vote(&[("a", For), ("b", For)]), &three), Standing::Taken);
        assert_eq!(standing(&vote(&[("a", For), ("b", Against)]), &three), Standing::Open);
        assert_eq!(
            standing(&vote(&[("a", For), ("b", Against), ("c", Against)]), &three),
            Standing::Rejected
        );
        assert_eq!(
            standing(&vote(&[("a", For), ("b", Abstain), ("c", Against)]), &three),
            Standing::Rejected
        );
    }

    #[test]
    fn a_freed_card_s_ballot_weighs_nothing() {
        use Ballot::*;
        // `a` proposed, then the instructor freed `a`'s card: `b` alone must still agree.
        assert_eq!(standing(&vote(&[("a", For)]), &roles(&["b"])), Standing::Open);
        assert_eq!(
            standing(&vote(&[("a", For), ("b", For)]), &roles(&["b"])),
            Standing::Taken
        );
        // Of three, `a` (for) freed: `b` for is one of two, not yet a majority.
        assert_eq!(
            standing(&vote(&[("a", For), ("b", For)]), &roles(&["b", "c"])),
            Standing::Open
        );
    }
}
