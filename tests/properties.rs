//! Properties of the judge over random incidents built on a corpus case's organisation.

use proptest::prelude::*;
use zeren_core::case::{Attack, Level, SystemKind};
use zeren_core::engine::{At, Ballot, Event, Vote};
use zeren_core::run::Run;
use zeren_core::{Case, Settings, judge};
use zeren_tests::load;

fn attack() -> impl Strategy<Value = Attack> {
    prop_oneof![
        Just(Attack::None),
        Just(Attack::Fault),
        Just(Attack::Defacement),
        Just(Attack::Ddos),
        Just(Attack::Ransomware),
        Just(Attack::DataTheft),
    ]
}

fn kind() -> impl Strategy<Value = SystemKind> {
    prop_oneof![
        Just(SystemKind::Portal),
        Just(SystemKind::News),
        Just(SystemKind::Platform),
        Just(SystemKind::Other)
    ]
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![
        Just(Level::County),
        Just(Level::Prefecture),
        Just(Level::Province),
        Just(Level::Central)
    ]
}

fn minutes() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![Just(None), (0u64..1_000).prop_map(Some)]
}

prop_compose! {
    /// A random incident on the organisation of a collective-decision corpus case.
    fn case()(
        attack in attack(), kind in kind(), level in level(), cii: bool, tampered: bool,
        reposts in 0u64..30_000, views in 0u64..200_000, homepage in 0u64..200,
        outage in 0u64..1_000, report in minutes(), handling in minutes(),
        records in 0u64..2_000_000, share in 0u64..=100, loss in 0u64..100_000_000,
        social: bool, concealed: bool, unfixed: bool, serious: bool, refused: bool,
    ) -> Case {
        let mut c = load("edge/collective-absent-and-dissent.toml");
        c.system.kind = kind;
        c.system.level = level;
        c.system.cii = cii;
        let i = &mut c.incident;
        i.attack = attack;
        i.tampered = tampered;
        i.reposts = reposts;
        i.views = views;
        i.homepage_minutes = homepage;
        i.outage_minutes = outage;
        i.report_minutes = report;
        i.handling_minutes = handling;
        i.personal_records = records;
        i.sensitive_records = records / 20;
        i.prefecture_share_percent = share;
        i.direct_loss_yuan = loss;
        i.serious_social_impact = social;
        c.conduct.concealed = concealed;
        c.conduct.notified_risk_unfixed = unfixed;
        c.conduct.serious_consequences = serious;
        c.conduct.refused_security_support = refused;
        c
    }
}

fn fired(case: &Case) -> Vec<&'static str> {
    judge(case, &Settings::default()).fired
}

proptest! {
    #[test]
    fn an_earlier_report_never_makes_an_item_fire(c in case(), earlier in 0u64..1_000) {
        let mut sooner = c.clone();
        sooner.incident.report_minutes = Some(c.incident.report_minutes.map_or(earlier, |m| m.min(earlier)));
        let before = fired(&c);
        prop_assert!(fired(&sooner).iter().all(|id| before.contains(id)));
    }

    #[test]
    fn earlier_handling_never_makes_an_item_fire(c in case(), earlier in 0u64..1_000) {
        let mut sooner = c.clone();
        sooner.incident.handling_minutes = Some(c.incident.handling_minutes.map_or(earlier, |m| m.min(earlier)));
        let before = fired(&c);
        prop_assert!(fired(&sooner).iter().all(|id| before.contains(id)));
    }

    #[test]
    fn a_longer_outage_never_unfires_item_two(c in case(), more in 0u64..1_000) {
        let mut longer = c.clone();
        longer.incident.outage_minutes += more;
        if fired(&c).contains(&"art8.2.2") {
            prop_assert!(fired(&longer).contains(&"art8.2.2"));
        }
    }

    #[test]
    fn the_verdict_is_identical_across_runs(c in case()) {
        let a = serde_json::to_string(&judge(&c, &Settings::default())).unwrap_or_default();
        let b = serde_json::to_string(&judge(&c.clone(), &Settings::default())).unwrap_or_default();
        prop_assert_eq!(a, b);
    }
}

/// A random playthrough of a built-in scenario, each choice decided by a random vote of every
/// role card (`picks` chooses the options, `ballots` the ballots); and the same choices without
/// the votes.
fn voted_playthrough(id: &str, seed: u64, picks: &[u8], ballots: &[u8]) -> (Run, Run) {
    let Some(mut voted) = Run::builtin(id, seed, Settings::default()) else {
        panic!("{id}")
    };
    let mut plain = voted.clone();
    let roles: Vec<String> = voted.scenario().role_cards.iter().map(|r| r.id.clone()).collect();
    let mut ballots = ballots.iter().cycle();
    for pick in picks {
        let At::Decision(decision) = voted.state().at.clone() else {
            break;
        };
        let options = voted.state().options(voted.scenario());
        let option = options[usize::from(*pick) % options.len()].id.clone();
        let vote = Vote {
            proposed_by: roles[usize::from(*pick) % roles.len()].clone(),
            ballots: roles
                .iter()
                .map(|r| {
                    let b = match ballots.next().copied().unwrap_or_default() % 3 {
                        0 => Ballot::For,
                        1 => Ballot::Against,
                        _ => Ballot::Abstain,
                    };
                    (r.clone(), b)
                })
                .collect(),
        };
        let step = Event::Choose {
            decision,
            option: option.clone(),
            vote: Some(vote),
        };
        assert!(voted.apply(step).is_ok() && plain.choose(&option).is_ok());
    }
    (voted, plain)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Votes replay alike from the run file and the run link, and can only take people out of
    /// the accountable (a recorded dissent excuses under the default A7; nothing else changes).
    #[test]
    fn votes_replay_alike_and_only_excuse(
        which in 0usize..3, seed in 0u64..50,
        picks in proptest::collection::vec(any::<u8>(), 1..12),
        ballots in proptest::collection::vec(any::<u8>(), 1..40),
    ) {
        let id = ["defacement", "data-leak", "cii-water"][which];
        let (voted, plain) = voted_playthrough(id, seed, &picks, &ballots);
        let verdict = voted.live().verdict;
        let from_file = Run::from_file(&voted.to_file(), None).map(|r| r.live().verdict);
        let from_link = Run::from_link(&voted.link(), None).map(|r| r.live().verdict);
        prop_assert_eq!(from_file.as_ref(), Ok(&verdict));
        prop_assert_eq!(from_link.as_ref(), Ok(&verdict));
        let without = plain.live().verdict;
        for r in &verdict.accountable {
            prop_assert!(without.accountable.iter().any(|w| w.person == r.person), "{} only with votes", r.person);
        }
        prop_assert_eq!(verdict.fired, without.fired);
    }
}
