//! Who is held accountable when an item fires (Art 2, 4, 8, 9): the 当事人, the 逐级倒查 chain,
//! collective responsibility for team decisions, and 协调监管不力.

use std::collections::BTreeSet;

use crate::case::{Case, Decision, FactKey, Person, Role};
use crate::judge::{Settings, report_deadline};
use crate::params::A5;
use crate::verdict::{Cause, Exempt, Item, Kind, Mitigation, Note, Position, Reason, Row, Status, Text};

/// The accountability part of a verdict.
#[derive(Default)]
pub struct Found {
    /// Rows, ordered along the chain.
    pub rows: Vec<Row>,
    /// People reached who bear no responsibility.
    pub exempt: Vec<Exempt>,
    /// Remarks about supervising bodies.
    pub notes: Vec<Note>,
}

/// Finds who is accountable for the items that fired.
pub fn find(case: &Case, settings: &Settings, items: &[Item]) -> Found {
    let fired: Vec<&Item> = items.iter().filter(|i| i.status == Status::Fired).collect();
    if fired.is_empty() || !case.organisation.party_body {
        return Found::default();
    }
    let mut b = Builder {
        case,
        presumptive: settings.readings.a5 == A5::Presumptive,
        found: Found::default(),
    };
    let facts: BTreeSet<FactKey> = fired
        .iter()
        .flat_map(|i| i.conditions.iter().filter(|c| c.met).filter_map(|c| c.fact))
        .collect();
    let items_of = |caused: &[FactKey]| -> Vec<Cause> {
        fired
            .iter()
            .filter(|i| {
                i.conditions
                    .iter()
                    .any(|c| c.met && c.fact.is_some_and(|f| caused.contains(&f)))
            })
            .map(|i| Cause::Item { id: i.id })
            .collect()
    };
    let all_items: Vec<Cause> = fired.iter().map(|i| Cause::Item { id: i.id }).collect();
    let touches = |caused: &[FactKey]| caused.iter().any(|f| facts.contains(f));

    let decisions: Vec<&Decision> = case.decisions.iter().filter(|d| touches(&d.caused)).collect();
    for d in &decisions {
        b.collective(d, items_of(&d.caused));
    }
    for act in case.acts.iter().filter(|a| touches(&a.caused)) {
        b.party(act, items_of(&act.caused));
    }
    b.chain(&all_items, decisions.first().map(|d| d.id.as_str()));
    b.supervisors(&all_items);

    let i = &case.incident;
    let deadline = report_deadline(case, &settings.params);
    // A report that concealed the incident is not a timely report.
    if i.report_minutes.is_some_and(|m| m <= deadline) && !case.conduct.concealed {
        for row in b.found.rows.iter_mut().filter(|r| r.unit == case.system.unit) {
            row.mitigations.insert(0, Mitigation::TimelyReport);
        }
    }
    b.found
        .rows
        .sort_by(|x, y| (x.role, x.kind, &x.person).cmp(&(y.role, y.kind, &y.person)));
    b.found
}

struct Builder<'a> {
    case: &'a Case,
    presumptive: bool,
    found: Found,
}

impl Builder<'_> {
    /// Art 9 ¶1: the main leader and the member in charge bear 主要领导责任; other members who took
    /// part bear 重要领导责任; absent members none.
    fn collective(&mut self, d: &Decision, items: Vec<Cause>) {
        let unit = d.unit.as_deref().unwrap_or(&self.case.system.unit);
        let cause = Cause::Decision {
            id: d.id.clone(),
            subject: d.subject.clone(),
        };
        for p in self.case.people.iter().filter(|p| p.unit == unit && p.role.on_team()) {
            let mitigations: Vec<Mitigation> = d
                .dissent
                .contains(&p.id)
                .then(|| Mitigation::DissentRecorded { decision: d.id.clone() })
                .into_iter()
                .collect();
            let mut causes = items.clone();
            causes.push(cause.clone());
            match p.role {
                Role::MainLeader | Role::CyberLeader => {
                    let position = if p.role == Role::MainLeader {
                        Position::MainLeader
                    } else {
                        Position::CyberLeader
                    };
                    self.push(
                        p,
                        position,
                        Kind::MainLeadership,
                        &["art8.2", "art9.1"],
                        causes,
                        mitigations,
                    );
                }
                _ if d.attended.contains(&p.id) => {
                    self.push(
                        p,
                        Position::Member,
                        Kind::ImportantLeadership,
                        &["art8.2", "art9.1"],
                        causes,
                        mitigations,
                    );
                }
                _ => self.exempt(&p.id, Reason::Absent { decision: d.id.clone() }),
            }
        }
    }

    /// The 当事人: whoever acted, and whoever instructed the act.
    fn party(&mut self, act: &crate::case::Act, items: Vec<Cause>) {
        let Some(actor) = self.case.person(&act.person) else {
            return;
        };
        let mut causes = items.clone();
        causes.push(Cause::Act {
            facts: act.caused.clone(),
            note: act.note.clone(),
        });
        match act.instructed_by.as_deref().and_then(|id| self.case.person(id)) {
            Some(boss) => {
                let mut boss_causes = items;
                boss_causes.push(Cause::Instruction {
                    to: actor.id.clone(),
                    note: act.note.clone(),
                });
                self.push(
                    boss,
                    Position::Party,
                    Kind::Direct,
                    &["art8.2"],
                    boss_causes,
                    Vec::new(),
                );
                let by = boss.id.clone();
                if self.presumptive {
                    self.exempt(&actor.id, Reason::ActedOnInstruction { by });
                } else {
                    let m = vec![Mitigation::ActedOnInstruction { by }];
                    self.push(actor, Position::Party, Kind::Direct, &["art8.2"], causes, m);
                }
            }
            None => self.push(actor, Position::Party, Kind::Direct, &["art8.2"], causes, Vec::new()),
        }
    }

    /// 逐级倒查: 网络安全负责人 → 主管网络安全的班子成员 → 主要负责人 of the unit in charge.
    /// Where a team decision caused the trigger, the 网络安全负责人 carried it out: like a
    /// documented instruction, that removes the link in the presumptive chain.
    fn chain(&mut self, items: &[Cause], decision: Option<&str>) {
        let links = [
            (Role::SecurityOfficer, Position::SecurityOfficer, &["art8.2"][..]),
            (Role::CyberLeader, Position::CyberLeader, &["art8.2", "art2"][..]),
            (Role::MainLeader, Position::MainLeader, &["art8.2", "art2"][..]),
        ];
        let unit = &self.case.system.unit;
        for (role, position, basis) in links {
            for p in self.case.people.iter().filter(|p| &p.unit == unit && p.role == role) {
                if self.has(&p.id, Kind::MainLeadership) {
                    continue;
                }
                let deceived = self.case.deceptions.iter().find(|d| d.person == p.id);
                let followed = decision.filter(|_| role == Role::SecurityOfficer && !self.has(&p.id, Kind::Direct));
                let excuse = match (deceived, followed) {
                    (Some(d), _) => Some((
                        Reason::Deceived { by: d.by.clone() },
                        Mitigation::DeceivedBySubordinate { by: d.by.clone() },
                    )),
                    (None, Some(id)) => Some((
                        Reason::FollowedDecision {
                            decision: id.to_owned(),
                        },
                        Mitigation::FollowedDecision {
                            decision: id.to_owned(),
                        },
                    )),
                    (None, None) => None,
                };
                match excuse {
                    Some((reason, _)) if self.presumptive => self.exempt(&p.id, reason),
                    _ => {
                        let m = excuse.map(|(_, m)| m).into_iter().collect();
                        self.push(p, position, Kind::Leadership, basis, items.to_vec(), m);
                    }
                }
            }
        }
    }

    /// 协调监管不力: heads of the regulator (or the locality standing in for it) and of the 网信办.
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
            self.head(
                body,
                Position::RegulatorHead,
                &["art8.2", "art4.1", "art4.2"],
                items,
                &conduct.regulator_failures,
            );
        }
        if !conduct.coordinator_failures.is_empty() {
            let body = org.coordinator.as_ref();
            self.head(
                body,
                Position::CoordinatorHead,
                &["art8.2", "art4.2"],
                items,
                &conduct.coordinator_failures,
            );
        }
    }

    fn head(
        &mut self,
        body: Option<&String>,
        position: Position,
        basis: &[&'static str],
        items: &[Cause],
        failures: &[crate::case::Failure],
    ) {
        let Some(head) = body.and_then(|u| self.case.holder(u, Role::MainLeader)) else {
            return;
        };
        let mut causes = items.to_vec();
        causes.push(Cause::Failure {
            failures: failures.to_vec(),
        });
        self.push(head, position, Kind::Coordination, basis, causes, Vec::new());
    }

    fn has(&self, person: &str, kind: Kind) -> bool {
        self.found.rows.iter().any(|r| r.person == person && r.kind == kind)
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
            for id in basis {
                if !row.basis.contains(&id) {
                    row.basis.push(id);
                }
            }
            for c in causes {
                if !row.causes.contains(&c) {
                    row.causes.push(c);
                }
            }
            for m in mitigations {
                if !row.mitigations.contains(&m) {
                    row.mitigations.push(m);
                }
            }
            return;
        }
        let unit = self.case.unit(&p.unit);
        let decider = p
            .managed_by
            .clone()
            .or_else(|| unit.map(|u| u.managed_by.clone()))
            .unwrap_or_default();
        let proposer = self
            .case
            .organisation
            .coordinator
            .as_ref()
            .filter(|c| **c != p.unit)
            .and_then(|c| self.case.unit(c))
            .map(|u| u.name.clone());
        self.found.rows.push(Row {
            person: p.id.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            role,
            kind,
            basis,
            decider,
            proposer,
            mitigations,
            causes,
        });
    }
}
