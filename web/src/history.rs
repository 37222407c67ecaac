//! The history of runs kept in this browser: every run that ended, and every run in progress that
//! another replaced. Each can be reopened, exported as a run file, or deleted after confirmation.

use yew::prelude::*;
use zeren_core::engine::At;
use zeren_core::run::RunError;

use crate::model::{Action, Ctx, Run};
use crate::storage::{self, Kept};
use crate::words::t;

/// The history list, newest first (nothing when it is empty).
#[component]
pub fn History() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    // Read (and replayed) again only when the app says the history changed (`model.kept`).
    let list = use_memo(model.kept, |_| {
        storage::history()
            .into_iter()
            .map(|k| {
                let run = storage::read(&k.run);
                (k, run)
            })
            .collect::<Vec<_>>()
    });
    use_missing_builtins(&model, &list);
    let confirming = use_state(|| None::<String>);
    if list.is_empty() {
        return html! {};
    }
    let rows = list.iter().rev().map(|(kept, run)| row(&model, kept, run, &confirming));
    html! {
        <section class="history" id="history">
            <h2>{ t(lang, "历史记录（保存在本机浏览器中）", "History (kept in this browser)") }</h2>
            <ul>{ for rows }</ul>
        </section>
    }
}

/// In the trainee's module, a kept run may name a built-in this tab has not fetched (another tab
/// kept it): fetch them, then read the history again.
#[cfg(not(feature = "instructor"))]
#[hook]
fn use_missing_builtins(model: &Ctx, list: &[(Kept, Result<Run, RunError>)]) {
    let unread = list
        .iter()
        .any(|(_, run)| run.as_ref().is_err_and(|e| !matches!(e, RunError::NeedsReader(_))));
    let model = model.clone();
    use_effect_with(unread, move |unread| {
        if *unread {
            wasm_bindgen_futures::spawn_local(async move {
                if crate::builtins::ensure(None).await.is_ok() {
                    model.dispatch(Action::Kept);
                }
            });
        }
    });
}

/// The whole app holds every built-in.
#[cfg(feature = "instructor")]
#[hook]
fn use_missing_builtins(_model: &Ctx, _list: &[(Kept, Result<Run, RunError>)]) {}

fn row(model: &Ctx, kept: &Kept, run: &Result<Run, RunError>, confirming: &UseStateHandle<Option<String>>) -> Html {
    let lang = model.lang;
    let when = js_sys::Date::new(&kept.saved.into())
        .to_locale_string(
            if lang == zeren_core::Lang::En { "en" } else { "zh-CN" },
            &wasm_bindgen::JsValue::UNDEFINED,
        )
        .as_string()
        .unwrap_or_default();
    let (title, detail, name) = match run {
        Ok(r) => {
            let ending = match &r.state().at {
                At::Ending(id) => r
                    .scenario()
                    .ending(id)
                    .map_or(id.clone(), |e| e.title.get(lang).to_owned()),
                At::Decision(_) => t(lang, "未结束", "not finished"),
            };
            (
                r.scenario().title.get(lang).to_owned(),
                format!(
                    "{ending} · {}{} · {}{}{}",
                    t(lang, "种子 ", "seed "),
                    r.seed(),
                    r.events().len(),
                    t(lang, " 步", " steps"),
                    if r.state().ended() { "" } else { " ▶" },
                ),
                format!("zeren-{}-{}.json", r.scenario().id, r.seed()),
            )
        }
        Err(e @ RunError::NeedsReader(_)) => (
            t(lang, "自编场景的推演", "A run of your own scenario"),
            e.text().get(lang).to_owned(),
            "zeren-run.json".to_owned(),
        ),
        Err(e) => (
            t(lang, "无法读取的记录", "Unreadable run"),
            e.text().get(lang).to_owned(),
            "zeren-run.json".to_owned(),
        ),
    };
    let reopen = match run {
        Ok(r) => {
            let (model, r) = (model.clone(), r.clone());
            Some(Callback::from(move |_| {
                model.dispatch(Action::Start(Box::new(r.clone())))
            }))
        }
        // The trainee's module has no scenario reader: the whole app reopens it.
        #[cfg(not(feature = "instructor"))]
        Err(RunError::NeedsReader(_)) => {
            let (model, text) = (model.clone(), kept.run.clone());
            Some(Callback::from(move |_| crate::handover::open_run(&text, &model)))
        }
        Err(_) => None,
    };
    let reopen = reopen.map(|onclick| {
        html! { <button class="primary reopen" {onclick}>{ t(lang, "重新打开", "Reopen") }</button> }
    });
    let export = {
        let text = kept.run.clone();
        Callback::from(move |_| crate::files::download(&name, &text))
    };
    let ask = {
        let (confirming, text) = (confirming.clone(), kept.run.clone());
        Callback::from(move |_| confirming.set(Some(text.clone())))
    };
    let delete = {
        let (model, confirming, text) = (model.clone(), confirming.clone(), kept.run.clone());
        Callback::from(move |_| {
            storage::forget(&text);
            model.dispatch(Action::Kept);
            confirming.set(None);
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(None))
    };
    let asking = confirming.as_deref() == Some(kept.run.as_str());
    html! {
        <li class="kept">
            <span class="what"><b>{ title }</b>{ " — " }{ detail }</span>
            <time>{ when }</time>
            <span class="actions">
                {
                    if asking {
                        html! {
                            <span class="confirm" role="alert">
                                { t(lang, "删除这条记录？此操作无法撤销。", "Delete this run? This cannot be undone.") }
                                <button class="danger confirm-delete" onclick={delete}>{ t(lang, "确认删除", "Delete") }</button>
                                <button class="cancel-delete" onclick={cancel}>{ t(lang, "取消", "Cancel") }</button>
                            </span>
                        }
                    } else {
                        html! {
                            <>
                                { reopen.unwrap_or_default() }
                                <button class="export" onclick={export}>{ t(lang, "导出", "Export") }</button>
                                <button class="delete" onclick={ask}>{ t(lang, "删除…", "Delete…") }</button>
                            </>
                        }
                    }
                }
            </span>
        </li>
    }
}
