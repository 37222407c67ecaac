//! The organisation chart: the unit in charge by rank, the supervising bodies beside it,
//! accountable people highlighted and labelled with their responsibility. It is laid out by the
//! browser (rows of boxes that wrap), so it keeps a readable size for any organisation and any
//! screen, and long names and posts wrap instead of being cut.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::Lang;
use zeren_core::case::{Case, Person, Role};
use zeren_core::verdict::{Kind, Row};

use crate::words::t;

/// What the chart shows.
#[derive(Properties, PartialEq)]
pub struct OrgChartProps {
    /// The organisation.
    pub case: Rc<Case>,
    /// Accountable rows to highlight (empty in the briefing).
    #[prop_or_default]
    pub rows: Vec<Row>,
    /// Interface language.
    pub lang: Lang,
}

/// The colour of a kind of responsibility (also explained in the legend).
pub fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Direct => "#b71c1c",
        Kind::Leadership => "#b34700",
        Kind::MainLeadership => "#6a1b9a",
        Kind::ImportantLeadership => "#1565c0",
        Kind::Coordination => "#00695c",
    }
}

/// The chart.
#[component]
pub fn OrgChart(props: &OrgChartProps) -> Html {
    let case = &props.case;
    let lang = props.lang;
    let unit = &case.system.unit;
    let in_unit = |roles: &[Role]| -> Vec<&Person> {
        case.people
            .iter()
            .filter(|p| &p.unit == unit && roles.contains(&p.role))
            .collect()
    };
    let ranks = [
        in_unit(&[Role::MainLeader]),
        in_unit(&[Role::CyberLeader, Role::Member]),
        in_unit(&[Role::SecurityOfficer]),
        in_unit(&[Role::Staff]),
    ];
    let org = &case.organisation;
    let side: Vec<(&Person, String)> = [
        (&org.regulator, t(lang, "主管监管部门", "Regulator")),
        (
            &org.regulator.as_ref().map_or(org.locality.clone(), |_| None),
            t(lang, "所在地区", "Locality"),
        ),
        (&org.coordinator, t(lang, "网信办", "Cyberspace Affairs Office")),
    ]
    .into_iter()
    .filter_map(|(u, label)| Some((u.as_ref().and_then(|u| case.holder(u, Role::MainLeader))?, label)))
    .collect();

    let ranks = ranks.iter().filter(|r| !r.is_empty()).map(|people| {
        html! { <div class="rank">{ for people.iter().map(|p| person_box(p, &props.rows, lang)) }</div> }
    });
    let side = side.iter().map(|(p, label)| {
        html! {
            <div class="side-body">
                <span class="side-label">{ label.clone() }</span>
                { person_box(p, &props.rows, lang) }
            </div>
        }
    });
    html! {
        <figure class="orgchart" role="group" aria-label={t(lang, "组织结构与问责", "Organisation and accountability")}>
            <div class="unit">{ for ranks }</div>
            <div class="side">{ for side }</div>
        </figure>
    }
}

fn role_word(p: &Person, lang: Lang) -> String {
    let (zh, en) = match p.role {
        Role::MainLeader => ("主要负责人·第一责任人", "principal leader"),
        Role::CyberLeader => ("主管网络安全的领导班子成员", "member in charge"),
        Role::Member => ("班子成员", "team member"),
        Role::SecurityOfficer => ("网络安全负责人", "head of cybersecurity work"),
        Role::Staff => ("工作人员", "staff"),
    };
    t(lang, zh, en)
}

/// A person's post in `lang`, if the file gives one (Chinese where there is no English).
fn post(p: &Person, lang: Lang) -> String {
    match (lang, &p.title_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => p.title.clone().unwrap_or_default(),
    }
}

fn person_box(p: &Person, rows: &[Row], lang: Lang) -> Html {
    let mine: Vec<&Row> = rows.iter().filter(|r| r.person == p.id).collect();
    let colour = mine.first().map_or("#6b7a83", |r| colour(r.kind));
    let class = if mine.is_empty() {
        "person"
    } else {
        "person accountable"
    };
    let kinds: Vec<String> = mine
        .iter()
        .map(|r| zeren_core::text::kind_short(r.kind).get(lang).to_owned())
        .collect();
    let name = zeren_core::transcript::name(p, lang);
    html! {
        <div class={class} data-person={p.id.clone()} style={format!("border-color:{colour}")}>
            <span class="name">{ name }</span>
            <span class="role">{ role_word(p, lang) }</span>
            <span class="title">{ post(p, lang) }</span>
            {
                if kinds.is_empty() { html! {} } else {
                    html! { <span class="kind" style={format!("color:{colour}")}>{ kinds.join(" · ") }</span> }
                }
            }
        </div>
    }
}
