//! The debrief: the ending, the final verdict with its why-trace tied to the trainee's own
//! choices, the other readings, the timeline, the accountability table, the settings in force,
//! and the note that this is a training model. Prints cleanly on A4.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::debrief::traces;
use zeren_core::engine::At;
use zeren_core::verdict::Text;
use zeren_core::{explain, sentences, text};

use crate::article8::Article8;
use crate::files::{download, today};
use crate::model::{Action, Ctx, Screen, dispatch};
use crate::orgchart::OrgChart;
use crate::settings::SettingsSummary;
use crate::storage;
use crate::teaching;
use crate::timeline::Timeline;
use crate::words::t;
use crate::worker;

/// The debrief screen.
#[component]
pub fn Debrief() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    // The counterfactual search runs in the worker, once per run; its sentences come back.
    let avoided = use_state(|| None::<Vec<Text>>);
    let search = use_mut_ref(|| None::<worker::Running>);
    {
        let (avoided, search) = (avoided.clone(), search.clone());
        let fired = model.run.as_ref().is_some_and(|r| !r.live().verdict.fired.is_empty());
        let text = model.run.as_ref().filter(|_| fired).map(storage::to_text);
        use_effect_with(text, move |text| {
            avoided.set(None);
            let done = {
                let avoided = avoided.clone();
                Callback::from(move |found: Result<Vec<Text>, String>| avoided.set(Some(found.unwrap_or_default())))
            };
            *search.borrow_mut() = text.as_ref().and_then(|text| {
                worker::spawn()
                    .and_then(|w| worker::counterfactuals(w, text, done))
                    .ok()
            });
            move || *search.borrow_mut() = None
        });
    }
    let Some(run) = model.run.clone() else {
        return html! {};
    };
    let lang = model.lang;
    let s = run.shared().clone();
    let state = run.state();
    let verdict = run.live().verdict;
    let ending = match &state.at {
        At::Ending(id) => s.ending(id).cloned(),
        At::Decision(_) => None,
    };
    let fired: Vec<String> = verdict
        .fired
        .iter()
        .map(|id| text::item_title(id).get(lang).to_owned())
        .collect();
    let why = traces(&s, state, &verdict)
        .into_iter()
        .map(|tr| html! { <li>{ explain::trace(&s, &tr).get(lang).to_owned() }</li> });
    let right = explain::kept_clear(&s, state, &verdict);
    let team = explain::team_decisions(&s, state, run.events(), None);
    let counterfactuals = match &*avoided {
        Some(list) => list
            .iter()
            .map(|t| html! { <li>{ t.get(lang).to_owned() }</li> })
            .collect::<Html>(),
        None => {
            html! { <li class="searching">{ t(lang, "正在寻找能避免它的改变……", "Searching for the changes that would have avoided it…") }</li> }
        }
    };
    let alternatives = verdict
        .alternatives
        .iter()
        .map(|a| html! { <li>{ sentences::alternative(&state.case, a).get(lang).to_owned() }</li> });
    let case = &state.case;
    let say = |text: zeren_core::verdict::Text| text.get(lang).to_owned();
    let exempt = verdict.exempt.iter().map(|e| {
        html! {
            <li data-person={e.person.clone()}>
                { say(sentences::person(case, &e.person)) }{ " — " }{ say(sentences::exemption(case, &e.reason)) }
            </li>
        }
    });
    let rows = verdict.accountable.iter().map(|r| {
        let mitigations: Vec<String> = r.mitigations.iter().map(|m| say(sentences::mitigation(case, m))).collect();
        let causes = r.causes.iter().map(|c| html! { <li>{ say(sentences::cause(case, c)) }</li> });
        let post = sentences::post(case, &r.person).map(say).unwrap_or_default();
        html! {
            <tr data-person={r.person.clone()}>
                <td>{ say(sentences::person(case, &r.person)) }<div class="post">{ post }</div></td>
                <td>{ say(text::position(r.role)) }</td>
                <td>{ say(text::kind(r.kind)) }<ul class="causes">{ for causes }</ul></td>
                <td title={r.basis.join(", ")}>{ say(sentences::basis(&r.basis)) }</td>
                <td>{ say(r.decider.clone()) }<div class="authority">{ say(sentences::authority(r.authority)) }</div></td>
                <td>{ r.proposer.clone().map(say).unwrap_or_default() }</td>
                <td>{ mitigations.join(&t(lang, "；", "; ")) }</td>
            </tr>
        }
    });
    let collective = verdict.collective.iter().map(|c| {
        let items: Vec<String> = c.items.iter().map(|id| say(text::item_title(id))).collect();
        html! {
            <li data-unit={c.unit.clone()}>
                { say(sentences::unit(case, &c.unit)) }{ t(lang, "领导班子：", " leadership team: ") }
                { items.join(&t(lang, "；", "; ")) }{ t(lang, "（问责决定：", " (decided by ") }{ say(c.decider.clone()) }{ t(lang, "）", ")") }
            </li>
        }
    });
    let leading = verdict
        .accountable
        .iter()
        .any(|r| case.person(&r.person).is_some_and(|p| p.role.on_team()));
    let others = verdict
        .accountable
        .iter()
        .any(|r| case.person(&r.person).is_some_and(|p| !p.role.on_team()));
    let forms = [
        (leading, sentences::forms_for_person(true)),
        (others, sentences::forms_for_person(false)),
        (!verdict.collective.is_empty(), sentences::forms_for_team()),
        (true, sentences::assessment()),
    ]
    .into_iter()
    .filter(|(shown, _)| *shown)
    .map(|(_, text)| html! { <li>{ say(text) }</li> });
    let notes = verdict
        .notes
        .iter()
        .map(|n| html! { <li>{ n.text.get(lang).to_owned() }</li> });
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let export = {
        let run = run.clone();
        Callback::from(move |_| {
            download(
                &format!("zeren-{}-{}.json", run.scenario().id, run.seed()),
                &storage::to_text(&run),
            )
        })
    };
    // The page's address without its query (`?whole` is this tab's build, not the run's).
    let link = crate::model::shown_link(&run).map(|hash| {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return hash;
        };
        let origin = location.origin().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        format!("{origin}{path}{hash}")
    });
    let name = run
        .label
        .clone()
        .unwrap_or_else(|| t(lang, "（未填写）", "(not given)"));
    html! {
        <section class="debrief" id="debrief">
            <h1>{ t(lang, "复盘：", "Debrief: ") }{ s.title.get(lang).to_owned() }</h1>
            <dl class="run-meta" id="run-meta">
                <dt>{ t(lang, "小组/学员", "Group / trainee") }</dt><dd id="run-label">{ name }</dd>
                <dt>{ t(lang, "日期", "Date") }</dt><dd>{ today() }</dd>
                <dt>{ t(lang, "随机种子", "Seed") }</dt><dd>{ run.seed() }</dd>
                <dt>{ t(lang, "决策步数", "Steps") }</dt><dd>{ run.events().len() }</dd>
            </dl>
            {
                match ending {
                    Some(e) => html! {
                        <div class="ending">
                            <h2 id="ending-title">{ e.title.get(lang).to_owned() }</h2>
                            <p>{ e.debrief.get(lang).to_owned() }</p>
                            { teaching::lessons(&e, &verdict.fired, lang) }
                        </div>
                    },
                    None => html! { <p>{ t(lang, "推演尚未结束：以下为目前事实下的结论。", "The exercise has not ended: this is the verdict on the facts so far.") }</p> },
                }
            }
            <p class="model-note"><b>{ text::disclaimer().get(lang).to_owned() }</b></p>
            <h2>{ t(lang, "结论", "Verdict") }</h2>
            <p id="fired-summary">
                {
                    if fired.is_empty() {
                        t(lang, "第八条第二款所列情形均未触发。", "None of the items of Article 8 ¶2 fired.")
                    } else {
                        format!("{}{}", t(lang, "触发：", "Fired: "), fired.join("；"))
                    }
                }
            </p>
            <ol class="why">{ for why }</ol>
            {
                if right.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "各项为何没有触发：你的相关决定", "What kept each item from firing: your choices") }</h3>
                            <ul class="right" id="kept-clear">{ for right.iter().map(|r| html! { <li>{ r.get(lang).to_owned() }</li> }) }</ul>
                        </>
                    }
                }
            }
            {
                if verdict.fired.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "怎样本可以避免（同样的随机种子）", "What would have avoided it (same seed)") }</h3>
                            <ul class="counterfactuals" id="counterfactuals">{ counterfactuals }</ul>
                        </>
                    }
                }
            }
            {
                if verdict.alternatives.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "另一种读法会得出不同结论（辩护意见）", "The other reading would change the outcome (the defence's argument)") }</h3>
                            <ul class="alternatives">{ for alternatives }</ul>
                        </>
                    }
                }
            }
            {
                if team.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "团队决策与表决（第九条第一款）", "Team decisions and votes (Art 9 ¶1)") }</h3>
                            <ul class="team-votes" id="team-votes">{ for team.iter().map(|v| html! { <li>{ v.get(lang).to_owned() }</li> }) }</ul>
                        </>
                    }
                }
            }
            <h2>{ t(lang, "时间线", "Timeline") }</h2>
            <Timeline scenario={s.clone()} state={state.clone()} settings={run.settings.clone()} lang={lang} />
            <h2>{ t(lang, "责任追究", "Accountability") }</h2>
            <OrgChart case={Rc::new(state.case.clone())} rows={verdict.accountable.clone()} lang={lang} />
            <table class="accountable" id="accountable-table">
                <thead><tr>
                    <th>{ t(lang, "人员", "Person") }</th><th>{ t(lang, "身份", "Role") }</th><th>{ t(lang, "责任", "Responsibility") }</th>
                    <th>{ t(lang, "依据", "Basis") }</th><th>{ t(lang, "问责决定机关", "Decided by") }</th>
                    <th>{ t(lang, "问责建议", "Proposed by") }</th><th>{ t(lang, "从轻情节", "Mitigation") }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            { if verdict.accountable.is_empty() { html! { <p>{ t(lang, "无人被追究责任。", "No one is held accountable.") }</p> } } else { html! {} } }
            {
                if verdict.collective.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "领导班子的集体责任（第九条第一款）", "Collective responsibility of the leadership team (Art 9 ¶1)") }</h3>
                            <ul class="collective" id="collective">{ for collective }</ul>
                        </>
                    }
                }
            }
            {
                if verdict.accountable.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "可能的处理方式（供讨论，不是本模型的结论）", "What may follow (for discussion, not a finding of this model)") }</h3>
                            <ul class="forms" id="forms">{ for forms }</ul>
                        </>
                    }
                }
            }
            {
                if verdict.exempt.is_empty() { html! {} } else {
                    html! {
                        <>
                            <h3>{ t(lang, "不予问责（有记录的免责事实）", "Not accountable (exculpating facts on record)") }</h3>
                            <ul class="exempt" id="exempt">{ for exempt }</ul>
                        </>
                    }
                }
            }
            <ul class="notes">{ for notes }</ul>
            { teaching::discussion(&s, &state.chosen, lang) }
            <details class="trace"><summary>{ t(lang, "逐项条件", "Every condition") }</summary>
                <Article8 verdict={verdict.clone()} lang={lang} />
            </details>
            <SettingsSummary />
            <p class="actions no-print">
                <button class="primary" id="print" onclick={print}>{ t(lang, "打印 / 另存为 PDF", "Print / save as PDF") }</button>
                <button id="export" onclick={export}>{ t(lang, "导出推演记录", "Export the run") }</button>
                <button onclick={dispatch(&model, || Action::Show(Screen::Play))}>{ t(lang, "回到推演", "Back to the exercise") }</button>
                <button id="to-library" onclick={dispatch(&model, || Action::Leave)}>{ t(lang, "返回场景库（本次推演保存在历史记录中）", "Library (this run stays in the history)") }</button>
            </p>
            { link.map(|l| html! { <p class="link">{ t(lang, "本次推演链接（可在其他电脑重现）：", "Run link (replays on any computer): ") }<a id="run-link" href={l.clone()}>{ l }</a></p> }).unwrap_or_default() }
            { verdict_json(&verdict) }
        </section>
    }
}

/// The verdict as JSON, for tests that compare it with the native build byte for byte.
fn verdict_json(verdict: &zeren_core::verdict::Verdict) -> Html {
    html! { <pre id="verdict-json" hidden=true>{ serde_json::to_string(verdict).unwrap_or_default() }</pre> }
}
