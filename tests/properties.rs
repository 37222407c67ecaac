//! Properties of the judge over random incidents built on a corpus case's organisation.

use proptest::prelude::*;
use zeren_core::case::{Attack, Level, SystemKind};
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
