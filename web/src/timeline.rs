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
    pub scenario: std::rc::Rc<Scenario>,
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
    let line = |m: u64, class: &'static str, label: String, y: u32| {
        html! {
            <g class={class}>
                <line x1={x(m).to_string()} x2={x(m).to_string()} y1="30" y2="150" />
                <text x={(x(m) + 4.0).to_string()} y={y.to_string()}>{ label }</text>
            </g>
        }
    };
    let ticks = (0..=span / 60).map(|h| {
        let m = h * 60;
        html! {
            <g class="tick">
                <line x1={x(m).to_string()} x2={x(m).to_string()} y1="150" y2="156" />
                <text x={x(m).to_string()} y="170" text-anchor="middle">{ s.time_of_day(m) }</text>
            </g>
        }
    });
    let mut n = 0;
    let mut previous = (u64::MAX, 0);
    let decisions = props.state.transcript.iter().filter_map(|e| match &e.what {
        EntryKind::Decision { label, .. } => {
            n += 1;
            // Decisions at the same minute stack upwards.
            previous = if previous.0 == e.minute {
                (e.minute, previous.1 + 1)
            } else {
                (e.minute, 0)
            };
            let cy = 128 - 20 * previous.1;
            Some(html! {
                <g class="decision-mark">
                    <circle cx={x(e.minute).to_string()} cy={cy.to_string()} r="9" />
                    <text x={x(e.minute).to_string()} y={(cy + 4).to_string()} text-anchor="middle">{ n }</text>
                    <title>{ format!("{} {}", s.time_of_day(e.minute), label.get(lang)) }</title>
                </g>
            })
        }
        _ => None,
    });
    let moment = |m: Option<u64>, class: &'static str, label: String, top: f64| match m {
        Some(m) => html! {
            <g class={class}>
                <polygon points={format!("{},{} {},{} {},{}", x(m) - 7.0, top, x(m) + 7.0, top, x(m), top + 13.0)} />
                <text x={(x(m) + 9.0).to_string()} y={(top + 10.0).to_string()}>{ label }</text>
            </g>
        },
        None => html! {},
    };
    html! {
        <svg class="timeline" id="timeline" viewBox="0 0 1000 180" role="img" aria-label={t(lang, "事件时间线", "Incident timeline")}>
            <line class="axis" x1="40" x2="960" y1="150" y2="150" />
            { for ticks }
            { line(report_by, "deadline report", format!("{}{report_by}{}", t(lang, "报告时限 ", "report by "), t(lang, " 分钟", " min")), 24) }
            { line(handle_by, "deadline handling", format!("{}{handle_by}{}", t(lang, "处置时限 ", "contain by "), t(lang, " 分钟", " min")), 40) }
            { line(OUTAGE_MINUTES, "deadline outage", t(lang, "瘫痪 6 小时线", "6-hour outage line"), 56) }
            { moment(case.incident.report_minutes, "moment report", t(lang, "报告", "report"), 70.0) }
            { moment(case.incident.handling_minutes, "moment handling", t(lang, "开始处置", "containment"), 90.0) }
            { for decisions }
        </svg>
    }
}
