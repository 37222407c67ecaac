//! The incident's timeline as SVG: the trainee's decisions, when the report and the handling
//! came, and the report deadline, the handling deadline and the six-hour line.

use yew::prelude::*;
use zeren_core::engine::{EntryKind, State};
use zeren_core::judge::{OUTAGE_MINUTES, report_deadline};
use zeren_core::scenario::Scenario;
use zeren_core::{Lang, Settings};

use crate::words::t;

/// What the timeline shows.
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The scenario (for times of day).
    pub scenario: std::sync::Arc<Scenario>,
    /// The final state.
    pub state: State,
    /// The settings in force.
    pub settings: Settings,
    /// Interface language.
    pub lang: Lang,
}

/// The timeline.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = props.lang;
    let s = &props.scenario;
    let case = &props.state.case;
    let settings = props.settings.for_case(&s.base);
    let report_by = report_deadline(case, &settings.params);
    let handle_by = settings.params.handling_deadline;
    let span = props.state.minute.max(OUTAGE_MINUTES).max(report_by) + 30;
    let x = |m: u64| 40.0 + m as f64 * 920.0 / span as f64;
    // Hour labels at least 80 units apart, on whole hours.
    let step = [60, 120, 180, 240, 360, 720, 1440]
        .into_iter()
        .find(|s| *s as f64 * 920.0 / span as f64 >= 80.0)
        .unwrap_or(2880);
    // Decisions in lanes: a marker goes in the lowest lane where it does not touch another.
    let mut lanes: Vec<f64> = Vec::new();
    let mut marks = Vec::new();
    for e in &props.state.transcript {
        if let EntryKind::Decision { label, .. } = &e.what {
            let at = x(e.minute);
            let lane = lanes.iter().position(|last| at - last >= 21.0).unwrap_or(lanes.len());
            if lane == lanes.len() {
                lanes.push(at);
            } else {
                lanes[lane] = at;
            }
            marks.push((e.minute, lane, label.get(lang).to_owned()));
        }
    }
    let axis = 120 + 22 * lanes.len().max(1) as u32;
    let height = axis + 28;
    let line = |m: u64, class: &'static str, label: String, y: u32| {
        // A label near the right edge is written leftwards, so it stays inside.
        let (tx, anchor) = if x(m) > 780.0 {
            (x(m) - 4.0, "end")
        } else {
            (x(m) + 4.0, "start")
        };
        html! {
            <g class={class}>
                <line x1={x(m).to_string()} x2={x(m).to_string()} y1="10" y2={axis.to_string()} />
                <text x={tx.to_string()} y={y.to_string()} text-anchor={anchor}>{ label }</text>
            </g>
        }
    };
    let ticks = (0..=span / step).map(|i| {
        let m = i * step;
        html! {
            <g class="tick">
                <line x1={x(m).to_string()} x2={x(m).to_string()} y1={axis.to_string()} y2={(axis + 6).to_string()} />
                <text x={x(m).to_string()} y={(axis + 20).to_string()} text-anchor="middle">{ s.time_of_day(m) }</text>
            </g>
        }
    });
    let decisions = marks.iter().enumerate().map(|(n, (minute, lane, label))| {
        let cy = axis - 14 - 22 * *lane as u32;
        html! {
            <g class="decision-mark">
                <circle cx={x(*minute).to_string()} cy={cy.to_string()} r="9" />
                <text x={x(*minute).to_string()} y={(cy + 4).to_string()} text-anchor="middle">{ n + 1 }</text>
                <title>{ format!("{} {label}", s.time_of_day(*minute)) }</title>
            </g>
        }
    });
    let legend = marks.iter().map(|(minute, _, label)| {
        html! { <li><time>{ s.time_of_day(*minute) }</time>{ " " }{ label.clone() }</li> }
    });
    let moment = |m: Option<u64>, class: &'static str, label: String, top: f64| match m {
        Some(m) => {
            let (tx, anchor) = if x(m) > 780.0 {
                (x(m) - 9.0, "end")
            } else {
                (x(m) + 9.0, "start")
            };
            html! {
                <g class={class}>
                    <polygon points={format!("{},{} {},{} {},{}", x(m) - 7.0, top, x(m) + 7.0, top, x(m), top + 13.0)} />
                    <text x={tx.to_string()} y={(top + 10.0).to_string()} text-anchor={anchor}>{ label }</text>
                </g>
            }
        }
        None => html! {},
    };
    html! {
        <figure class="timeline-figure">
            <svg class="timeline" id="timeline" viewBox={format!("0 0 1000 {height}")} role="img" aria-label={t(lang, "事件时间线", "Incident timeline")}>
                <line class="axis" x1="40" x2="960" y1={axis.to_string()} y2={axis.to_string()} />
                { for ticks }
                { line(report_by, "deadline report", format!("{}{report_by}{}", t(lang, "报告时限 ", "report by "), t(lang, " 分钟", " min")), 22) }
                { line(handle_by, "deadline handling", format!("{}{handle_by}{}", t(lang, "处置时限 ", "contain by "), t(lang, " 分钟", " min")), 40) }
                { line(OUTAGE_MINUTES, "deadline outage", t(lang, "瘫痪 6 小时线", "6-hour outage line"), 58) }
                { moment(case.incident.report_minutes, "moment report", t(lang, "报告", "report"), 68.0) }
                { moment(case.incident.handling_minutes, "moment handling", t(lang, "开始处置", "containment"), 88.0) }
                { for decisions }
            </svg>
            <figcaption><ol class="timeline-legend">{ for legend }</ol></figcaption>
        </figure>
    }
}
