//! The scenario editor: the text with live diagnostics (the offending spans marked, the list with
//! line:col and hints — the same as `zeren check`), a start from a built-in or a template,
//! "play this now", download, the branch map, the scenario's own tests, and the exhaustive
//! analysis, run in a worker (worker.rs) with a progress bar so typing never waits for it.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use zeren_core::analysis::{Analysis, KINDS, Reach};
use zeren_core::diagnostic::{Diagnostic, Severity, line_col};
use zeren_core::scenario::Scenario;
use zeren_core::testing::{Outcome, run_tests};
use zeren_core::verdict::Text;
use zeren_core::{Lang, builtin, explain, parse_scenario, text};

use crate::branchmap::BranchMap;
use crate::model::{Action, Ctx, Run, ScenarioFile, Source};
use crate::words::t;
use crate::worker::{self, Running};

/// The template a new scenario starts from: the small example of docs/scenario-format.md.
pub const TEMPLATE: &str = include_str!("../../tests/scenarios/valid/phishing-minimal.toml");

/// The editor screen.
#[component]
pub fn Editor() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let source = model.editor.clone();
    let (scenario, diags) = parse_scenario(&source);
    let scenario = scenario.map(Arc::new);
    let area = use_node_ref();
    let backdrop = use_node_ref();
    let gutter = use_node_ref();
    let analysis = use_state(|| None::<(Analysis, f64)>);
    let progress = use_state(|| None::<f64>);
    let outcomes = use_state(|| None::<Vec<Outcome>>);
    // The analysis under way in its worker, if any: replacing or dropping it stops it.
    let running: Rc<RefCell<Option<Running>>> = use_mut_ref(|| None);
    // A worker loaded ahead, for the next analysis.
    let spare: Rc<RefCell<Option<web_sys::Worker>>> = use_mut_ref(|| worker::spawn().ok());
    // Results belong to the text they were computed from: another text (typed, or loaded from a
    // template or a built-in) clears them and stops an analysis under way.
    {
        let (analysis, progress, outcomes, running) =
            (analysis.clone(), progress.clone(), outcomes.clone(), running.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(source.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                *running.borrow_mut() = None;
                analysis.set(None);
                progress.set(None);
                outcomes.set(None);
            }
        });
    }

    let oninput = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            model.dispatch(Action::Edit(area.value()));
        })
    };
    let onscroll = {
        let (area, backdrop, gutter) = (area.clone(), backdrop.clone(), gutter.clone());
        Callback::from(move |_| {
            let Some(a) = area.cast::<web_sys::Element>() else {
                return;
            };
            if let Some(b) = backdrop.cast::<web_sys::Element>() {
                b.set_scroll_top(a.scroll_top());
                b.set_scroll_left(a.scroll_left());
            }
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };
    let select = {
        let area = area.clone();
        let source = source.clone();
        move |start: usize, end: usize| select_bytes(&area, &source, start, end)
    };
    let on_node = {
        let select = select.clone();
        let source = source.clone();
        Callback::from(move |id: String| {
            if let Some(at) = source.find(&format!("id = \"{id}\"")) {
                select(at, at + id.len() + 7);
            }
        })
    };
    let on_template = {
        let model = model.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let text = match select.value().as_str() {
                "" => return,
                "template" => TEMPLATE,
                id => builtin::SOURCES
                    .iter()
                    .find(|(i, _, _)| *i == id)
                    .map_or(TEMPLATE, |(_, _, s)| *s),
            };
            model.dispatch(Action::Edit(text.to_owned()));
            select.set_value("");
        })
    };
    let play = {
        let (model, scenario, source) = (model.clone(), scenario.clone(), source.clone());
        Callback::from(move |_| {
            if let Some(s) = &scenario
                && let Some(seed) = crate::library::next_seed(&model, "editor-seed")
            {
                let file = Source::File(ScenarioFile {
                    name: format!("{}.toml", s.id),
                    text: source.clone(),
                });
                let run = Run::new(s.clone(), file, seed, model.settings.clone());
                model.dispatch(Action::Start(Box::new(run)));
            }
        })
    };
    let download = {
        let source = source.clone();
        let name = scenario.as_ref().map_or("scenario".to_owned(), |s| s.id.clone());
        Callback::from(move |_| crate::files::download(&format!("{name}.toml"), &source))
    };
    let run_tests_cb = {
        let (model, scenario, outcomes) = (model.clone(), scenario.clone(), outcomes.clone());
        Callback::from(move |_| {
            if let Some(s) = &scenario {
                outcomes.set(Some(run_tests(s, &model.settings)));
            }
        })
    };
    let analyse = {
        let (model, source, running, spare, progress, analysis) = (
            model.clone(),
            source.clone(),
            running.clone(),
            spare.clone(),
            progress.clone(),
            analysis.clone(),
        );
        Callback::from(move |_| {
            let on_progress = {
                let progress = progress.clone();
                Callback::from(move |share: f64| progress.set(Some(share)))
            };
            let on_done = {
                let (model, progress, analysis, running) =
                    (model.clone(), progress.clone(), analysis.clone(), running.clone());
                Callback::from(move |result: Result<(Analysis, f64), String>| {
                    progress.set(None);
                    if let Err(why) = &result {
                        let why = Text::new(format!("分析未能完成：{why}"), format!("the analysis failed: {why}"));
                        model.dispatch(Action::Problem(Some(why)));
                    }
                    if let Ok((a, ms)) = result {
                        // Exposed for the speed report.
                        if let Some(w) = web_sys::window() {
                            let _ = js_sys::Reflect::set(&w, &"zerenAnalysisMs".into(), &ms.into());
                        }
                        analysis.set(Some((a, ms)));
                    }
                    *running.borrow_mut() = None;
                })
            };
            analysis.set(None);
            progress.set(Some(0.0));
            let ready = spare.borrow_mut().take().map_or_else(worker::spawn, Ok);
            match ready.and_then(|w| worker::start(w, &source, &model.settings, on_progress, on_done)) {
                Ok(r) => *running.borrow_mut() = Some(r),
                Err(_) => progress.set(None),
            }
            *spare.borrow_mut() = worker::spawn().ok();
        })
    };

    let marks = diags.iter().map(|d| (d.span.clone(), d.severity)).collect::<Vec<_>>();
    let lines = source.lines().count().max(1);
    html! {
        <section class="editor-page" id="editor">
            <h1>{ t(lang, "场景编辑器", "Scenario editor") }</h1>
            <div class="toolbar">
                <label class="sr-only" for="template">{ t(lang, "从模板或内置场景开始", "Start from a template or built-in") }</label>
                <select id="template" onchange={on_template}>
                    <option value="" selected=true>{ t(lang, "从模板或内置场景开始…", "Start from a template or built-in…") }</option>
                    <option value="template">{ t(lang, "空白模板（小型完整示例）", "Blank template (a small complete example)") }</option>
                    { for builtin::all().iter().map(|s| html! { <option value={s.id.clone()}>{ s.title.get(lang).to_owned() }</option> }) }
                </select>
                <label class="seed">{ t(lang, "随机种子 ", "Seed ") }
                    { crate::library::seed_field(&model, "editor-seed") }
                </label>
                <button class="primary" id="play-now" disabled={scenario.is_none()} onclick={play}>{ t(lang, "立即试玩", "Play this now") }</button>
                <button id="analyse" disabled={scenario.is_none() || progress.is_some_and(|p| p < 1.0)} onclick={analyse}>{ t(lang, "穷举分析", "Analyse every path") }</button>
                <button id="run-tests" disabled={scenario.is_none()} onclick={run_tests_cb}>{ t(lang, "运行场景测试", "Run the scenario's tests") }</button>
                <button id="download" onclick={download}>{ t(lang, "下载文件", "Download") }</button>
            </div>
            { crate::library::seed_problem(&model, "editor-seed") }
            <div class="editor">
                <pre class="gutter" ref={gutter} aria-hidden="true">{ (1..=lines).map(|n| format!("{n}\n")).collect::<String>() }</pre>
                <div class="layers">
                    <pre class="backdrop" ref={backdrop} aria-hidden="true">{ highlighted(&source, &marks) }</pre>
                    <label class="sr-only" for="source">{ t(lang, "场景文件文本（TOML）", "Scenario file text (TOML)") }</label>
                    <textarea id="source" ref={area} spellcheck="false" value={source.clone()} {oninput} {onscroll}
                              aria-describedby="editor-status" />
                </div>
            </div>
            <div id="editor-status">{ diagnostics_list(&source, &diags, lang, &select) }</div>
            {
                match &*progress {
                    Some(p) if *p < 1.0 => html! {
                        <p class="progress">{ t(lang, "分析中… ", "Analysing… ") }<progress id="analysis-progress" max="1" value={p.to_string()} />{ format!(" {:.0}%", p * 100.0) }</p>
                    },
                    _ => html! {},
                }
            }
            { outcomes.as_ref().map(|o| tests_list(o, lang)).unwrap_or_default() }
            {
                match &scenario {
                    Some(s) => html! {
                        <>
                            <h2>{ t(lang, "分支图（点击节点定位到文本）", "Branch map (click a node to find it in the text)") }</h2>
                            <BranchMap scenario={s.clone()} ending_items={analysis.as_ref().map(|(a, _)| a.ending_items.clone())} onselect={on_node} lang={lang} />
                        </>
                    },
                    None => html! {},
                }
            }
            { analysis.as_ref().map(|(a, ms)| report(a, *ms, scenario.as_deref(), lang)).unwrap_or_default() }
        </section>
    }
}

/// The source with each diagnostic's span wrapped in a mark, all as text.
fn highlighted(source: &str, marks: &[(std::ops::Range<usize>, Severity)]) -> Html {
    let mut spans: Vec<(usize, usize, Severity)> = marks
        .iter()
        .map(|(r, s)| (r.start.min(source.len()), r.end.max(r.start + 1).min(source.len()), *s))
        .collect();
    zeren_core::sort::sort_by_key(&mut spans, |(a, _, _)| *a);
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, severity) in spans {
        if start < at || !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            continue;
        }
        out.push(html! { { source[at..start].to_owned() } });
        let class = if severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        out.push(html! { <mark class={class}>{ source[start..end].to_owned() }</mark> });
        at = end;
    }
    out.push(html! { { format!("{}\n", &source[at..]) } });
    html! { { for out } }
}

fn diagnostics_list(
    source: &str,
    diags: &[Diagnostic],
    lang: Lang,
    select: &(impl Fn(usize, usize) + Clone + 'static),
) -> Html {
    if diags.is_empty() {
        return html! { <p class="ok" id="editor-ok">{ t(lang, "✔ 没有发现问题。", "✔ No problems found.") }</p> };
    }
    let items = diags.iter().map(|d| {
        let (line, col) = line_col(source, d.span.start);
        let onclick = {
            let (select, span) = (select.clone(), d.span.clone());
            Callback::from(move |_| select(span.start, span.end))
        };
        let class = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        html! {
            <li class={class} {onclick}>
                <code class="pos">{ format!("{line}:{col}") }</code>{ " " }
                <code>{ d.code }</code>{ " " }{ d.message.get(lang).to_owned() }
                { for d.hints.iter().map(|h| html! { <span class="hint">{ " — " }{ h.get(lang).to_owned() }</span> }) }
            </li>
        }
    });
    html! {
        <ul class="editor-diagnostics" id="editor-diagnostics">{ for items }</ul>
    }
}

/// Selects a byte range of the source in the text area (which counts UTF-16 units).
fn select_bytes(area: &NodeRef, source: &str, start: usize, end: usize) {
    let Some(area) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let units = |b: usize| {
        source
            .get(..b.min(source.len()))
            .map_or(0, |s| s.encode_utf16().count()) as u32
    };
    let _ = area.focus();
    let _ = area.set_selection_range(units(start), units(end));
    // Scroll the selection into view: about one line per 21 pixels.
    let line = source
        .get(..start.min(source.len()))
        .map_or(0, |s| s.matches('\n').count());
    area.set_scroll_top((line as i32 - 5).max(0) * 21);
}

fn tests_list(outcomes: &[Outcome], lang: Lang) -> Html {
    if outcomes.is_empty() {
        return html! { <p id="test-results">{ t(lang, "该场景没有 [[test]] 测试。", "This scenario has no [[test]] entries.") }</p> };
    }
    html! {
        <ul class="test-results" id="test-results">
            { for outcomes.iter().map(|o| html! {
                <li class={if o.passed { "pass" } else { "fail" }}>
                    { if o.passed { "✔ " } else { "✘ " } }{ o.name.clone() }
                    { for o.problems.iter().map(|p| html! { <div class="problem">{ p.clone() }</div> }) }
                </li>
            }) }
        </ul>
    }
}

fn report(a: &Analysis, ms: f64, scenario: Option<&Scenario>, lang: Lang) -> Html {
    let row = |label: String, r: &Reach| {
        html! {
            <tr class={if r.reachable { "reachable" } else { "unreachable" }} data-id={r.id.clone()}>
                <td>{ label }</td>
                <td>{ if r.reachable { t(lang, "可达", "reachable") } else { t(lang, "不可达", "unreachable") } }</td>
                <td>{ format!("{:.1}%", r.probability * 100.0) }</td>
                <td class="path">{ r.shortest.as_ref().map(|p| p.join(" → ")).unwrap_or_default() }</td>
            </tr>
        }
    };
    let list = |title: String, items: Vec<String>| {
        if items.is_empty() {
            html! {}
        } else {
            html! { <p class="flaw"><b>{ title }</b>{ items.join("，") }</p> }
        }
    };
    html! {
        <section class="analysis" id="analysis">
            <h2>{ t(lang, "分析结果", "Analysis") }</h2>
            <p id="analysis-scope">{ explain::scope(a).get(lang).to_owned() }{ format!(" · {ms:.0} ms") }</p>
            <p class="note">{ explain::odds().get(lang).to_owned() }</p>
            <table class="reach" id="reachability">
                <thead><tr><th></th><th>{ t(lang, "能否到达", "Reachable") }</th><th>{ t(lang, "概率", "Probability") }</th><th>{ t(lang, "最短路径", "Shortest path") }</th></tr></thead>
                <tbody>
                    { for a.items.iter().map(|r| row(text::item_title(&r.id).get(lang).to_owned(), r)) }
                    { for a.kinds.iter().zip(KINDS).map(|(r, (k, _))| row(text::kind(k).get(lang).to_owned(), r)) }
                    { for a.endings.iter().map(|r| row(format!("■ {}", scenario.and_then(|s| s.ending(&r.id)).map_or(r.id.clone(), |e| e.title.get(lang).to_owned())), r)) }
                </tbody>
            </table>
            <p id="clean-path">{ explain::clean_path(a).get(lang).to_owned() }</p>
            { for explain::flaws(a).into_iter().map(|(title, items)| list(title.get(lang).to_owned(), items)) }
        </section>
    }
}
