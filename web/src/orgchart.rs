//! The organisation chart as SVG: the unit in charge by rank, the supervising bodies beside it,
//! accountable people highlighted and labelled with their responsibility.

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

const W: i32 = 176;
const H: i32 = 70;
const GAP: i32 = 14;

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
        (&org.coordinator, t(lang, "网信办", "Cyberspace office")),
    ]
    .into_iter()
    .filter_map(|(u, label)| Some((u.as_ref().and_then(|u| case.holder(u, Role::MainLeader))?, label)))
    .collect();

    let widest = ranks.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let main_width = widest * (W + GAP) - GAP;
    let mut boxes = Vec::new();
    for (row, people) in ranks.iter().filter(|r| !r.is_empty()).enumerate() {
        let n = people.len() as i32;
        for (i, p) in people.iter().enumerate() {
            let x = 10 + (main_width - (n * (W + GAP) - GAP)) / 2 + i as i32 * (W + GAP);
            let y = 24 + row as i32 * 104;
            boxes.push(person_box(p, x, y, &props.rows, lang));
        }
    }
    let side_x = 10 + main_width + 3 * GAP;
    for (i, (p, label)) in side.iter().enumerate() {
        let y = 24 + i as i32 * 124;
        boxes.push(html! {
            <g>
                <text x={side_x.to_string()} y={(y - 6).to_string()} class="side-label">{ label.clone() }</text>
                { person_box(p, side_x, y, &props.rows, lang) }
            </g>
        });
    }
    let ranks_used = ranks.iter().filter(|r| !r.is_empty()).count() as i32;
    let width = side_x + if side.is_empty() { 0 } else { W } + 10;
    let height = 24 + (ranks_used * 104).max(side.len() as i32 * 124);
    html! {
        <svg class="orgchart" viewBox={format!("0 0 {width} {height}")} role="img"
             aria-label={t(lang, "组织结构与问责", "Organisation and accountability")}>
            { for boxes }
        </svg>
    }
}

fn role_word(p: &Person, lang: Lang) -> String {
    let (zh, en) = match p.role {
        Role::MainLeader => ("主要负责人·第一责任人", "principal leader"),
        Role::CyberLeader => ("主管网络安全·直接责任人", "cyber lead, directly resp."),
        Role::Member => ("班子成员", "team member"),
        Role::SecurityOfficer => ("网络安全负责人", "security officer"),
        Role::Staff => ("工作人员", "staff"),
    };
    t(lang, zh, en)
}

/// A kind of responsibility in a few words, to fit under a box.
fn short_kind(kind: Kind, lang: Lang) -> String {
    let (zh, en) = match kind {
        Kind::Direct => ("直接责任", "direct"),
        Kind::Leadership => ("领导责任", "leadership"),
        Kind::MainLeadership => ("主要领导责任", "primary leadership"),
        Kind::ImportantLeadership => ("重要领导责任", "important leadership"),
        Kind::Coordination => ("协调监管不力", "supervision"),
    };
    t(lang, zh, en)
}

fn person_box(p: &Person, x: i32, y: i32, rows: &[Row], lang: Lang) -> Html {
    let mine: Vec<&Row> = rows.iter().filter(|r| r.person == p.id).collect();
    let stroke = mine.first().map_or("#90a4ae", |r| colour(r.kind));
    let class = if mine.is_empty() {
        "person"
    } else {
        "person accountable"
    };
    let kinds: Vec<String> = mine.iter().map(|r| short_kind(r.kind, lang)).collect();
    // Posts are long; the box shows the start, the full post is in the tooltip.
    let full_title = p.title.clone().unwrap_or_default();
    let title: String = if full_title.chars().count() > 12 {
        full_title.chars().take(11).chain(std::iter::once('…')).collect()
    } else {
        full_title.clone()
    };
    let name = zeren_core::transcript::name(p, lang);
    html! {
        <g class={class} data-person={p.id.clone()}>
            <rect x={x.to_string()} y={y.to_string()} width={W.to_string()} height={H.to_string()} rx="6"
                  fill={if mine.is_empty() { "#ffffff" } else { "#fff8e1" }} stroke={stroke}
                  stroke-width={if mine.is_empty() { "1.5" } else { "4" }} />
            <text x={(x + 8).to_string()} y={(y + 24).to_string()} class="name">{ name }</text>
            <text x={(x + 8).to_string()} y={(y + 44).to_string()} class="role">{ role_word(p, lang) }</text>
            <text x={(x + 8).to_string()} y={(y + 62).to_string()} class="title">{ title }<title>{ full_title }</title></text>
            {
                if kinds.is_empty() { html! {} } else {
                    html! {
                        <text x={x.to_string()} y={(y + H + 18).to_string()} class="kind" fill={stroke}>
                            { kinds.join(" · ") }
                        </text>
                    }
                }
            }
        </g>
    }
}
