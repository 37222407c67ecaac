//! Who is held accountable when an item fires (Art 2, 4, 8, 9): the 当事人, the 逐级倒查 chain,
//! collective responsibility for team decisions, and 协调监管不力 — decided item by item
//! (docs/rules-model.md §3–§6).

use std::collections::BTreeSet;

use crate::case::report_deadline;
use crate::case::{Act, Body, Case, Decision, FactKey, Failure, Person, Role, Unit};
use crate::params::{A5, A6, A7, A8, Readings};
use crate::settings::Settings;
use crate::verdict::{
    Authority, Cause, Collective, Exempt, Item, Kind, Mitigation, Note, Position, Reason, Row, Status, Text,
};

/// The accountability part of a verdict.
#[derive(Default)]
pub struct Found {
    /// Rows, ordered along the chain.
    pub rows: Vec<Row>,
    /// People reached who bear no responsibility.
    pub exempt: Vec<Exempt>,
    /// Leadership teams bearing collective responsibility.
    pub collective: Vec<Collective>,
    /// Remarks about supervising bodies.
    pub notes: Vec<Note>,
}

/// Finds who is accountable for the items that fired. Each fired item is attributed on its
/// own (§4): a team decision that caused it brings collective responsibility for it; the acts
/// that caused it bring their 当事人; the 倒查 chain answers for it except where the collective
/// responsibility already covers a link. Without `words`, the deciding and proposing bodies'
/// names are left empty (analyses read who and what kind, not the words).
pub fn find(case: &Case, settings: &Settings, items: &[Item], words: bool) -> Found {
    let fired: Vec<&Item> = items.iter().filter(|i| i.status == Status::Fired).collect();
    if fired.is_empty() || !case.organisation.party_body {
        return Found::default();
    }
    let mut b = Builder {
        case,
        readings: settings.readings,
        words,
        covered: BTreeSet::new(),
        found: Found::default(),
    };
    for item in &fired {
        let facts: Vec<FactKey> = item
            .conditions
            .iter()
            .filter(|c| c.met)
            .filter_map(|c| c.fact)
            .collect();
        let caused = |keys: &[FactKey]| keys.iter().any(|f| facts.contains(f));
        for d in case.decisions.iter().filter(|d| caused(&d.caused)) {
            b.collective(d, item.id);
        }
        for act in case.acts.iter().filter(|a| caused(&a.caused)) {
            b.party(act, item.id);
        }
        b.chain(item.id, &facts);
    }
    let all_items: Vec<Cause> = fired.iter().map(|i| Cause::Item { id: i.id }).collect();
    b.supervisors(&all_items);

    let i = &case.incident;
    // A report that concealed the incident is not a timely report.
    let timely_report = i
        .report_minutes
        .is_some_and(|m| m <= report_deadline(case, &settings.params))
        && !case.conduct.concealed;
    let timely_handling = i
        .handling_minutes
        .is_some_and(|m| m <= settings.params.handling_deadline);
    let timely = [
        (timely_report, Mitigation::TimelyReport),
        (timely_handling, Mitigation::TimelyHandling),
    ];
    for row in b.found.rows.iter_mut().filter(|r| r.unit == case.system.unit) {
        let earned = timely.iter().filter(|(yes, _)| *yes).map(|(_, m)| m.clone());
        row.mitigations.splice(0..0, earned);
    }
    let Found { rows, exempt, .. } = &mut b.found;
    // Someone excused for one thing but accountable for another is listed with their rows only.
    exempt.retain(|e| !rows.iter().any(|r| r.person == e.person));
    rows.sort_by(|x, y| (x.role, x.kind, &x.person).cmp(&(y.role, y.kind, &y.person)));
    b.found
}

struct Builder<'a> {
    case: &'a Case,
    readings: Readings,
    /// Whether to name the deciding and proposing bodies.
    words: bool,
    /// (person, item) pairs answered for by collective responsibility.
    covered: BTreeSet<(&'a str, &'static str)>,
    found: Found,
}

impl<'a> Builder<'a> {
    fn presumptive(&self) -> bool {
        self.readings.a5 == A5::Presumptive
    }

    /// Art 9 ¶1 for one item: the main leader and the member in charge bear 主要领导责任 (absent
    /// or not, by A8); other members who took part bear 重要领导责任; absent members none; a
    /// recorded dissent excuses or mitigates (A7).
    fn collective(&mut self, d: &Decision, item: &'static str) {
        let case = self.case;
        let unit = d.unit.as_deref().unwrap_or(&self.case.system.unit);
        self.team_bears(unit, &d.id, item);
        let cause = Cause::Decision {
            id: d.id.clone(),
            subject: english(&d.subject, d.subject_en.as_ref()),
        };
        for p in case.people.iter().filter(|p| p.unit == unit && p.role.on_team()) {
            let attended = d.attended.contains(&p.id);
            let dissented = d.dissent.contains(&p.id);
            if dissented && self.readings.a7 == A7::Excused {
                self.covered.insert((p.id.as_str(), item));
                self.exempt(&p.id, Reason::Dissented { decision: d.id.clone() });
                continue;
            }
            let mitigations: Vec<Mitigation> = dissented
                .then(|| Mitigation::DissentRecorded { decision: d.id.clone() })
                .into_iter()
                .collect();
            let causes = vec![Cause::Item { id: item }, cause.clone()];
            let leads = matches!(p.role, Role::MainLeader | Role::CyberLeader);
            if leads && (attended || self.readings.a8 == A8::Bear) {
                let position = if p.role == Role::MainLeader {
                    Position::MainLeader
                } else {
                    Position::CyberLeader
                };
                self.covered.insert((p.id.as_str(), item));
                let basis = &["art8.2", "art9.1"];
                self.push(p, position, Kind::MainLeadership, basis, causes, mitigations);
            } else if attended {
                let basis = &["art8.2", "art9.1"];
                self.push(
                    p,
                    Position::Member,
                    Kind::ImportantLeadership,
                    basis,
                    causes,
                    mitigations,
                );
            } else if !leads {
                self.exempt(&p.id, Reason::Absent { decision: d.id.clone() });
            }
        }
    }

    /// Records that `unit`'s leadership team, as a Party organisation, bears collective
    /// responsibility for `item` through decision `decision`.
    fn team_bears(&mut self, unit: &str, decision: &str, item: &'static str) {
        let decider = match self.words {
            true => self.case.unit(unit).map(manager).unwrap_or_default(),
            false => Text::default(),
        };
        let list = &mut self.found.collective;
        let i = match list.iter().position(|c| c.unit == unit) {
            Some(i) => i,
            None => {
                list.push(Collective {
                    unit: unit.to_owned(),
                    decisions: Vec::new(),
                    items: Vec::new(),
                    decider,
                });
                list.len() - 1
            }
        };
        let c = &mut list[i];
        if !c.decisions.iter().any(|d| d == decision) {
            c.decisions.push(decision.to_owned());
        }
        if !c.items.contains(&item) {
            c.items.push(item);
        }
    }

    /// The 当事人 of one item: whoever acted, and whoever instructed the act. Acting on a
    /// documented instruction, or carrying out a team decision, excuses the actor in the
    /// presumptive chain — unless the act is clearly unlawful (A6).
    fn party(&mut self, act: &Act, item: &'static str) {
        let Some(actor) = self.case.person(&act.person) else {
            return;
        };
        let note = english(&act.note, act.note_en.as_ref());
        let boss = act.instructed_by.as_deref().and_then(|id| self.case.person(id));
        if let Some(boss) = boss {
            let causes = vec![
                Cause::Item { id: item },
                Cause::Instruction {
                    to: actor.id.clone(),
                    note: note.clone(),
                },
            ];
            self.push(boss, Position::Party, Kind::Direct, &["art8.2"], causes, Vec::new());
        }
        let mut causes = vec![
            Cause::Item { id: item },
            Cause::Act {
                facts: act.caused.clone(),
                note,
            },
        ];
        let mut mitigations = Vec::new();
        match self.ordered(act) {
            Ordered::No => {}
            Ordered::Unlawful => causes.push(Cause::UnlawfulOrder {
                instructed_by: act.instructed_by.clone(),
                decision: act.carries_out.clone(),
            }),
            Ordered::Excused(reason, mitigation) => {
                if self.presumptive() {
                    self.exempt(&actor.id, reason);
                    return;
                }
                mitigations.push(mitigation);
            }
        }
        self.push(actor, Position::Party, Kind::Direct, &["art8.2"], causes, mitigations);
    }

    /// Whether `act` was ordered — by a documented instruction or a team decision it carried
    /// out — and whether that order excuses under A6.
    fn ordered(&self, act: &Act) -> Ordered {
        let (reason, mitigation) = match (&act.instructed_by, &act.carries_out) {
            (Some(by), _) => (
                Reason::ActedOnInstruction { by: by.clone() },
                Mitigation::ActedOnInstruction { by: by.clone() },
            ),
            (None, Some(d)) => (
                Reason::FollowedDecision { decision: d.clone() },
                Mitigation::FollowedDecision { decision: d.clone() },
            ),
            (None, None) => return Ordered::No,
        };
        if act.clearly_unlawful() && self.readings.a6 == A6::UnlawfulBinds {
            Ordered::Unlawful
        } else {
            Ordered::Excused(reason, mitigation)
        }
    }

    /// 逐级倒查 for one item: 网络安全负责人 → 主管网络安全的班子成员 → 主要负责人 of the unit in
    /// charge. A link is removed (presumptive chain) only by a recorded fact: the person was
    /// deceived by a subordinate, or their own act behind this item was ordered in a way that
    /// excuses (A6). A link the collective responsibility covers for this item is not repeated.
    fn chain(&mut self, item: &'static str, facts: &[FactKey]) {
        let links = [
            (Role::SecurityOfficer, Position::SecurityOfficer, &["art8.2"][..]),
            (Role::CyberLeader, Position::CyberLeader, &["art8.2", "art2"][..]),
            (Role::MainLeader, Position::MainLeader, &["art8.2", "art2"][..]),
        ];
        let case = self.case;
        let unit = &case.system.unit;
        for (role, position, basis) in links {
            for p in case.people.iter().filter(|p| &p.unit == unit && p.role == role) {
                if self.covered.contains(&(p.id.as_str(), item)) {
                    continue;
                }
                let deceived = self.case.deceptions.iter().find(|d| d.person == p.id).map(|d| {
                    (
                        Reason::Deceived { by: d.by.clone() },
                        Mitigation::DeceivedBySubordinate { by: d.by.clone() },
                    )
                });
                let ordered = || {
                    self.case
                        .acts
                        .iter()
                        .filter(|a| a.person == p.id && a.caused.iter().any(|f| facts.contains(f)))
                        .find_map(|a| match self.ordered(a) {
                            Ordered::Excused(r, m) => Some((r, m)),
                            _ => None,
                        })
                };
                match deceived.or_else(ordered) {
                    Some((reason, _)) if self.presumptive() => self.exempt(&p.id, reason),
                    excuse => {
                        let m = excuse.map(|(_, m)| m).into_iter().collect();
                        let causes = vec![Cause::Item { id: item }];
                        self.push(p, position, Kind::Leadership, basis, causes, m);
                    }
                }
            }
        }
    }

    /// 协调监管不力: heads of the regulator (or the locality standing in for it) and of the 网信办,
    /// each on the article that binds that body.
    fn supervisors(&mut self, items: &[Cause]) {
        let org = &self.case.organisation;
        let conduct = &self.case.conduct;
        if !conduct.regulator_failures.is_empty() {
            let body = match (&org.regulator, &org.locality) {
                (Some(r), _) => Some(r),
                (None, Some(l)) => {
                    self.note(
                        "locality",
                        "没有主管监管部门，由所在地区负指导监管责任（第四条第一款）。",
                        "There is no regulator, so the locality bears the supervisory responsibility (Art 4 ¶1).",
                    );
                    Some(l)
                }
                (None, None) => {
                    self.note(
                        "no_supervisor",
                        "案例未给出主管监管部门或所在地区，无法确定监管部门负责人。",
                        "The case names neither a regulator nor a locality, so no supervisory head can be named.",
                    );
                    None
                }
            };
            let basis = &["art8.2", "art4.1", "art4.2"];
            let failures = &conduct.regulator_failures;
            self.head(body, Position::RegulatorHead, basis, items, failures, Body::Regulator);
        }
        if !conduct.coordinator_failures.is_empty() {
            let joint = conduct.coordinator_failures.contains(&Failure::NoJointAction);
            let basis: &[&'static str] = if joint {
                &["art8.2", "art5", "art4.2"]
            } else {
                &["art8.2", "art5"]
            };
            let body = org.coordinator.as_ref();
            let failures = &conduct.coordinator_failures;
            self.head(
                body,
                Position::CoordinatorHead,
                basis,
                items,
                failures,
                Body::Coordinator,
            );
        }
    }

    fn head(
        &mut self,
        body: Option<&String>,
        position: Position,
        basis: &[&'static str],
        items: &[Cause],
        failures: &[Failure],
        kind: Body,
    ) {
        let Some(head) = body.and_then(|u| self.case.holder(u, Role::MainLeader)) else {
            return;
        };
        let mut causes = items.to_vec();
        causes.push(Cause::Failure {
            failures: failures.to_vec(),
            body: kind,
        });
        self.push(head, position, Kind::Coordination, basis, causes, Vec::new());
    }

    fn exempt(&mut self, person: &str, reason: Reason) {
        let e = Exempt {
            person: person.to_owned(),
            reason,
        };
        if !self.found.exempt.contains(&e) {
            self.found.exempt.push(e);
        }
    }

    fn note(&mut self, code: &'static str, zh: &str, en: &str) {
        self.found.notes.push(Note {
            code,
            text: Text::new(zh, en),
        });
    }

    /// Adds a row, or merges causes and mitigations into the person's row of the same kind.
    fn push(
        &mut self,
        p: &Person,
        role: Position,
        kind: Kind,
        basis: &[&'static str],
        causes: Vec<Cause>,
        mitigations: Vec<Mitigation>,
    ) {
        let mut basis = basis.to_vec();
        for c in &causes {
            if let Cause::Item { id } = c {
                basis.push(id);
            }
        }
        if let Some(row) = self.found.rows.iter_mut().find(|r| r.person == p.id && r.kind == kind) {
            merge(&mut row.basis, basis);
            merge(&mut row.causes, causes);
            merge(&mut row.mitigations, mitigations);
            return;
        }
        let (decider, authority) = self.decider(p);
        let proposer = self
            .case
            .organisation
            .coordinator
            .as_ref()
            .filter(|c| self.words && **c != p.unit)
            .and_then(|c| self.case.unit(c))
            .map(unit_name);
        self.found.rows.push(Row {
            person: p.id.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            role,
            kind,
            basis,
            decider,
            authority,
            proposer,
            mitigations,
            causes,
        });
    }

    /// 有管理权限的党组织 (§6): named for the person; else, for a member of a leadership team,
    /// the organisation that manages that team; else the unit's own Party committee (group).
    fn decider(&self, p: &Person) -> (Text, Authority) {
        let unit = self.case.unit(&p.unit);
        let authority = match (&p.managed_by, unit) {
            (Some(_), _) | (None, None) => Authority::Named,
            (None, Some(_)) if p.role.on_team() => Authority::ManagesTeam,
            (None, Some(_)) => Authority::OwnUnit,
        };
        if !self.words {
            return (Text::default(), authority);
        }
        let text = match (&p.managed_by, unit) {
            (Some(m), _) => Text::new(m.clone(), p.managed_by_en.clone().unwrap_or_else(|| m.clone())),
            (None, None) => Text::default(),
            (None, Some(unit)) if authority == Authority::ManagesTeam => manager(unit),
            (None, Some(unit)) => {
                let zh = unit.party_org.clone().unwrap_or_else(|| format!("{}党组织", unit.name));
                let en = unit
                    .party_org_en
                    .clone()
                    .unwrap_or_else(|| format!("the Party organisation of {}", unit_name(unit).en));
                Text::new(zh, en)
            }
        };
        (text, authority)
    }
}

/// How an act was ordered.
enum Ordered {
    /// On nobody's instruction.
    No,
    /// On an instruction or decision that is clearly unlawful, which does not excuse (A6).
    Unlawful,
    /// On an instruction or decision that excuses in the presumptive chain.
    Excused(Reason, Mitigation),
}

/// The organisation that manages `unit`'s leadership team.
fn manager(unit: &Unit) -> Text {
    let zh = unit.managed_by.clone().unwrap_or_default();
    let en = unit.managed_by_en.clone().unwrap_or_else(|| {
        format!(
            "the Party organisation that manages the leadership team of {}",
            unit_name(unit).en
        )
    });
    Text::new(zh, en)
}

/// A unit's name in both languages (its id where no English name is given).
pub fn unit_name(unit: &Unit) -> Text {
    Text::new(
        unit.name.clone(),
        unit.name_en.clone().unwrap_or_else(|| unit.id.clone()),
    )
}

/// A free text with its English version, the Chinese standing in where there is none.
fn english(zh: &str, en: Option<&String>) -> Text {
    Text::new(zh, en.map_or(zh, String::as_str))
}

fn merge<T: PartialEq>(into: &mut Vec<T>, more: Vec<T>) {
    for x in more {
        if !into.contains(&x) {
            into.push(x);
        }
    }
}
