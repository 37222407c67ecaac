//! The after-action report: the exercise, date, instructor and class; the scenario and the
//! settings in force; strengths and areas for improvement derived from what fired; the
//! instructor's observations; the cohort matrix, how the room chose and where groups parted;
//! the improvement plan, edited in place; the training-model disclaimer. Prints on A4; exports
//! JSON and CSV and the whole class as one file.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;
use zeren_core::cohort::Cohort;
use zeren_core::cohort::export;
use zeren_core::cohort::report::{self, PlanRow, Report, findings, objectives};
use zeren_core::run::Run;
use zeren_core::text;
use zeren_core::verdict::Text;

use crate::chart::{DecisionChart, Divergence};
use crate::class::Class;
use crate::files::{download, today};
use crate::matrix::Matrix;
use crate::model::{Action, Ctx};
use crate::settings::SettingsList;
use crate::words::t;
use crate::worker;

/// An edit of one field of the report.
type Change = Box<dyn Fn(&mut Report, String)>;

/// Props of [`Aar`].
#[derive(Properties, PartialEq)]
pub struct AarProps {
    /// The class.
    pub class: Class,
    /// Its comparison.
    pub cohort: Rc<Cohort>,
}

/// The after-action report.
#[component]
pub fn Aar(props: &AarProps) -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    // The counterfactuals of the room's runs are searched in the worker; their sentences join
    // the areas for improvement when they arrive.
    let avoidable = use_state(|| None::<Vec<Text>>);
    let search = use_mut_ref(|| None::<worker::Running>);
    {
        let (avoidable, search) = (avoidable.clone(), search.clone());
        let runs: Vec<String> = props.class.members.iter().map(|m| m.run.to_file()).collect();
        use_effect_with(runs, move |runs| {
            avoidable.set(None);
            let done = {
                let avoidable = avoidable.clone();
                Callback::from(move |found: Result<Vec<Text>, String>| avoidable.set(Some(found.unwrap_or_default())))
            };
            *search.borrow_mut() = worker::spawn().and_then(|w| worker::room(w, runs, done)).ok();
            move || *search.borrow_mut() = None
        });
    }
    let lang = model.lang;
    let (class, k) = (&props.class, &props.cohort);
    let Some(first) = class.members.first() else {
        return html! {};
    };
    let scenario = first.run.shared().clone();
    let report = class.report.clone();
    // Every edit replaces the report; the runs and their comparison are shared, not recomputed.
    let edit = {
        let (model, class) = (model.clone(), class.clone());
        move |change: Change| {
            let (model, class) = (model.clone(), class.clone());
            Callback::from(move |e: InputEvent| {
                let value = match e.target_dyn_into::<HtmlTextAreaElement>() {
                    Some(area) => area.value(),
                    None => e.target_unchecked_into::<HtmlInputElement>().value(),
                };
                let mut r = class.report.clone();
                change(&mut r, value);
                model.dispatch(Action::Class(Some(Rc::new(class.reported(r)))));
            })
        }
    };
    let set_plan = {
        let (model, class) = (model.clone(), class.clone());
        move |plan: Vec<PlanRow>| {
            let mut r = class.report.clone();
            r.plan = plan;
            model.dispatch(Action::Class(Some(Rc::new(class.reported(r)))));
        }
    };
    let field = |id: &str, zh: &str, en: &str, value: &str, change: Change| {
        html! {
            <>
                <dt><label for={id.to_owned()}>{ t(lang, zh, en) }</label></dt>
                <dd><input id={id.to_owned()} value={value.to_owned()} oninput={edit(change)} /></dd>
            </>
        }
    };
    let date = if report.date.is_empty() {
        today()
    } else {
        report.date.clone()
    };
    let found = findings(k, &scenario);
    let goals = objectives(k, &scenario).into_iter().map(|o| {
        let state = match o.met {
            Some((m, n)) if m * 2 > n => "met",
            Some(_) => "unmet",
            None => "judged",
        };
        html! {
            <li class={state} data-objective={o.id.clone()}>
                { o.objective.get(lang).to_owned() }
                <div class="result">{ o.text.get(lang).to_owned() }</div>
            </li>
        }
    });
    let strengths = found
        .iter()
        .filter(|f| f.strength)
        .map(|f| html! { <li>{ f.text.get(lang).to_owned() }</li> });
    let areas = found
        .iter()
        .filter(|f| !f.strength)
        .map(|f| html! { <li>{ f.text.get(lang).to_owned() }</li> });
    let spared = match &*avoidable {
        Some(list) => list
            .iter()
            .map(|t| html! { <li class="avoidable">{ t.get(lang).to_owned() }</li> })
            .collect::<Html>(),
        None => {
            html! { <li class="searching no-print">{ t(lang, "正在寻找各组本可避免的改变……", "Searching for the changes that would have spared each group…") }</li> }
        }
    };
    let charts = k.decisions.iter().filter(|d| d.reached > 0).map(|d| {
        let prompt = scenario.decision(&d.decision).map(|p| p.prompt.get(lang).to_owned()).unwrap_or_default();
        html! {
            <figure class="decision-chart" data-decision={d.decision.clone()}>
                <figcaption>{ prompt }{ t(lang, "（", " (") }{ d.reached }{ t(lang, " 组）", " groups)") }</figcaption>
                <DecisionChart scenario={scenario.clone()} decision={Rc::new(d.clone())} groups={k.groups.len()} lang={lang} />
            </figure>
        }
    });
    let plan_rows = report.plan.iter().enumerate().map(|(n, row)| {
        let cell = |what: &'static str, value: &str| {
            let (plan, set_plan) = (report.plan.clone(), set_plan.clone());
            let oninput = Callback::from(move |e: InputEvent| {
                let v = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut plan = plan.clone();
                if let Some(r) = plan.get_mut(n) {
                    match what {
                        "action" => r.action = v,
                        "owner" => r.owner = v,
                        "due" => r.due = v,
                        _ => r.clause = v,
                    }
                }
                set_plan(plan);
            });
            html! { <td><input class={what} value={value.to_owned()} {oninput} aria-label={what} /><span class="print-only">{ value.to_owned() }</span></td> }
        };
        let remove = {
            let (plan, set_plan) = (report.plan.clone(), set_plan.clone());
            Callback::from(move |_| {
                let mut plan = plan.clone();
                if n < plan.len() {
                    plan.remove(n);
                }
                set_plan(plan);
            })
        };
        html! {
            <tr>
                { cell("action", &row.action) }{ cell("owner", &row.owner) }{ cell("due", &row.due) }{ cell("clause", &row.clause) }
                <td class="no-print"><button class="remove" onclick={remove}>{ t(lang, "删除", "Remove") }</button></td>
            </tr>
        }
    });
    let add_row = {
        let (plan, set_plan) = (report.plan.clone(), set_plan.clone());
        Callback::from(move |_| {
            let mut plan = plan.clone();
            plan.push(PlanRow::default());
            set_plan(plan);
        })
    };
    let stem = format!("{}-{}", k.scenario, date);
    let exports = {
        let (k, class, scenario, report, stem) =
            (k.clone(), class.clone(), scenario.clone(), report.clone(), stem.clone());
        move |what: &'static str| {
            let (k, class, scenario, report, stem) =
                (k.clone(), class.clone(), scenario.clone(), report.clone(), stem.clone());
            Callback::from(move |_: MouseEvent| match what {
                "json" => download(&format!("zeren-cohort-{stem}.json"), &export::json(&k)),
                "matrix" => download(
                    &format!("zeren-matrix-{stem}.csv"),
                    &export::matrix_csv(&k, &scenario, lang),
                ),
                "plan" => download(&format!("zeren-plan-{stem}.csv"), &export::plan_csv(&report.plan, lang)),
                _ => {
                    let runs: Vec<&Run> = class.members.iter().map(|m| &m.run).collect();
                    download(&format!("zeren-class-{stem}.json"), &report::to_file(&report, &runs));
                }
            })
        }
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <article class="aar" id="aar">
            <h2 class="aar-title">{ t(lang, "复盘报告（事后评估报告）", "After-action report") }</h2>
            <dl class="aar-meta">
                { field("aar-exercise", "演练名称", "Exercise", &report.exercise, Box::new(|r, v| r.exercise = v)) }
                { field("aar-date", "日期", "Date", &date, Box::new(|r, v| r.date = v)) }
                { field("aar-instructor", "教员", "Instructor", &report.instructor, Box::new(|r, v| r.instructor = v)) }
                { field("aar-class", "班级", "Class", &report.class, Box::new(|r, v| r.class = v)) }
                <dt>{ t(lang, "场景", "Scenario") }</dt><dd>{ scenario.title.get(lang).to_owned() }{ " (" }{ k.scenario.clone() }{ ")" }</dd>
                <dt>{ t(lang, "随机种子", "Seeds") }</dt>
                <dd>{ k.groups.iter().map(|g| format!("{} {}", g.label, g.seed)).collect::<Vec<_>>().join(t(lang, "；", "; ").as_str()) }</dd>
            </dl>
            <SettingsList settings={k.settings.clone()} />
            if !scenario.objectives.is_empty() {
                <h3>{ t(lang, "学习目标及达成情况", "Learning objectives and whether the room met them") }</h3>
                <ul class="objectives" id="objectives">{ for goals }</ul>
            }
            <h3>{ t(lang, "做得好的方面", "Strengths") }</h3>
            <ul class="strengths" id="strengths">{ for strengths }</ul>
            <h3>{ t(lang, "需要改进的方面", "Areas for improvement") }</h3>
            <ul class="areas" id="areas">{ for areas }{ spared }</ul>
            <h3><label for="aar-observations">{ t(lang, "教员观察", "Instructor's observations") }</label></h3>
            <textarea id="aar-observations" rows="4" value={report.observations.clone()}
                      oninput={edit(Box::new(|r, v| r.observations = v))} />
            <p class="print-only observations">{ report.observations.clone() }</p>
            <h3>{ t(lang, "全班结果矩阵", "The cohort matrix") }</h3>
            <Matrix cohort={k.clone()} members={class.members.clone()} lang={lang} />
            <h3>{ t(lang, "全班如何选择", "How the room chose") }</h3>
            <div class="charts" id="room-chose">{ for charts }</div>
            <Divergence scenario={scenario.clone()} cohort={k.clone()} lang={lang} />
            <h3>{ t(lang, "改进计划", "Improvement plan") }</h3>
            <table class="plan" id="plan-table">
                <thead><tr>
                    <th>{ t(lang, "改进措施", "Action") }</th><th>{ t(lang, "责任岗位", "Owning post") }</th>
                    <th>{ t(lang, "完成时限", "Due") }</th><th>{ t(lang, "对应条款", "Clause") }</th><th class="no-print"></th>
                </tr></thead>
                <tbody>{ for plan_rows }</tbody>
            </table>
            <p class="no-print"><button id="plan-add" onclick={add_row}>{ t(lang, "添加一行", "Add a row") }</button></p>
            <p class="model-note"><b>{ text::disclaimer().get(lang).to_owned() }</b></p>
            <p class="actions no-print">
                <button class="primary" id="print-aar" onclick={print}>{ t(lang, "打印 / 另存为 PDF", "Print / save as PDF") }</button>
                <button id="export-cohort-json" onclick={exports("json")}>{ t(lang, "导出 JSON", "Export JSON") }</button>
                <button id="export-matrix-csv" onclick={exports("matrix")}>{ t(lang, "导出矩阵 CSV", "Matrix as CSV") }</button>
                <button id="export-plan-csv" onclick={exports("plan")}>{ t(lang, "导出改进计划 CSV", "Plan as CSV") }</button>
                <button id="save-class" onclick={exports("class")}>{ t(lang, "保存班级文件（可重新打开）", "Save the class file (reopens exactly)") }</button>
            </p>
        </article>
    }
}
