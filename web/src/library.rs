//! The library: the built-in exercises, opening an instructor's own scenario file (with the same
//! diagnostics the CLI prints when it is invalid), and importing a run file.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_text};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use zeren_core::diagnostic::Diagnostic;
use zeren_core::verdict::Text;

use crate::model::{Action, Ctx, Run, ScenarioFile, Screen};
use crate::storage;
use crate::words::t;

/// The library screen.
#[component]
pub fn Library() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    // The file's name, its text and its problems, rendered in the language of the moment.
    let diagnostics = use_state(|| None::<(String, String, Vec<Diagnostic>)>);
    // A file is read asynchronously; the reader must live until it calls back.
    let reader = use_mut_ref(|| None::<FileReader>);

    let cards = crate::builtins::entries().into_iter().map(|s| {
        let id = s.id.clone();
        let start = {
            let model = model.clone();
            Callback::from(move |_| {
                let Some(seed) = next_seed(&model, "seed") else { return };
                let (model, id) = (model.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = crate::builtins::ensure(Some(&id)).await {
                        return model.dispatch(Action::Problem(Some(cannot_load(&e))));
                    }
                    if let Some(run) = Run::builtin(&id, seed, model.settings.clone()) {
                        model.dispatch(Action::Start(Box::new(run)));
                    }
                });
            })
        };
        html! {
            <article class="card" id={format!("scenario-{}", s.id)}>
                <h2>{ s.title.get(lang).to_owned() }</h2>
                <p>{ s.summary.get(lang).to_owned() }</p>
                <p class="meta">
                    { t(lang, "你的角色：", "Your role: ") }{ s.role.get(lang).to_owned() }<br />
                    { t(lang, "预计用时：", "Expected time: ") }{ s.duration_minutes }{ t(lang, " 分钟", " min") }
                </p>
                <button class="primary start" onclick={start}>{ t(lang, "开始推演", "Start") }</button>
            </article>
        }
    });
    use_handed_scenario(&model, &diagnostics);
    let on_scenario_file = {
        let (model, diagnostics, reader) = (model.clone(), diagnostics.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(file) = first_file(&e) else { return };
            if next_seed(&model, "seed").is_none() {
                return;
            }
            let name = file.name();
            let (model, diagnostics) = (model.clone(), diagnostics.clone());
            let task = read_as_text(&file, move |result| {
                let file = ScenarioFile {
                    name,
                    text: result.unwrap_or_default(),
                };
                open_scenario(&model, &diagnostics, file);
            });
            keep(&reader, task);
        })
    };
    let on_run_file = {
        let (model, reader) = (model.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(file) = first_file(&e) else { return };
            let model = model.clone();
            let task = read_as_text(&file, move |result| {
                let text = result.unwrap_or_default();
                wasm_bindgen_futures::spawn_local(async move {
                    // The run may be of any built-in (a failure shows as the run's own problem).
                    let _ = crate::builtins::ensure(None).await;
                    match storage::read(&text) {
                        Ok(run) => model.dispatch(Action::Start(Box::new(run))),
                        #[cfg(not(feature = "instructor"))]
                        Err(zeren_core::run::RunError::NeedsReader(_)) => crate::handover::open_run(&text, &model),
                        Err(e) => model.dispatch(Action::Problem(Some(e.text()))),
                    }
                });
            });
            keep(&reader, task);
        })
    };
    let current = model.run.as_ref().map(|run| {
        let resume = {
            let model = model.clone();
            let screen = if run.state().ended() { Screen::Debrief } else { Screen::Play };
            Callback::from(move |_| model.dispatch(Action::Show(screen)))
        };
        html! {
            <p class="banner resume" id="resume">
                { t(lang, "进行中的推演：", "Exercise in progress: ") }<b>{ run.scenario().title.get(lang).to_owned() }</b>
                <button class="primary" onclick={resume}>{ t(lang, "继续", "Continue") }</button>
            </p>
        }
    });
    html! {
        <section class="library">
            { current.unwrap_or_default() }
            // Only when `zeren serve` answers: the live class.
            <crate::live::ServerLinks />
            <h1>{ t(lang, "推演场景", "Exercises") }</h1>
            <label class="seed">{ t(lang, "随机种子（相同种子和选择得到相同结果）：", "Seed (same seed and choices, same result): ") }
                { seed_field(&model, "seed") }
            </label>
            { seed_problem(&model, "seed") }
            { index_problem(lang) }
            <div class="cards">{ for cards }</div>
            <crate::history::History />
            <section class="open">
                <h2>{ t(lang, "教员自编场景", "Your own scenario") }</h2>
                <label class="file">{ t(lang, "打开场景文件（.toml）", "Open a scenario file (.toml)") }
                    <input id="open-scenario" type="file" accept=".toml,text/plain" onchange={on_scenario_file} />
                </label>
                <label class="file">{ t(lang, "导入推演记录（.json）", "Import a run file (.json)") }
                    <input id="import-run" type="file" accept=".json,application/json" onchange={on_run_file} />
                </label>
                { file_problems(&diagnostics, lang) }
            </section>
        </section>
    }
}

type Shown = UseStateHandle<Option<(String, String, Vec<Diagnostic>)>>;

/// A scenario file the trainee's module handed over is opened here, as if opened here.
#[cfg(feature = "instructor")]
#[hook]
fn use_handed_scenario(model: &Ctx, diagnostics: &Shown) {
    let (model, diagnostics) = (model.clone(), diagnostics.clone());
    use_effect_with((), move |_| {
        if let Some(file) = crate::handover::take_scenario() {
            // After the app's start-up, which shows the address's screen (the library).
            let open = move || open_scenario(&model, &diagnostics, file);
            gloo::timers::callback::Timeout::new(0, open).forget();
        }
    });
}

#[cfg(not(feature = "instructor"))]
#[hook]
fn use_handed_scenario(_model: &Ctx, _diagnostics: &Shown) {}

/// The problems of the scenario file just opened.
#[cfg(feature = "instructor")]
fn file_problems(diagnostics: &Shown, lang: zeren_core::Lang) -> Html {
    let Some((name, text, diags)) = &**diagnostics else {
        return html! {};
    };
    html! {
        <div class="diagnostics" id="diagnostics">
            <h3>{ t(lang, "场景文件有问题：", "Problems in the scenario file:") }</h3>
            <pre>{ zeren_core::diagnostic::render(name, text, diags, lang) }</pre>
        </div>
    }
}

/// The trainee's module reads no scenario file (the whole app does, and shows its problems).
#[cfg(not(feature = "instructor"))]
fn file_problems(_diagnostics: &Shown, _lang: zeren_core::Lang) -> Html {
    html! {}
}

/// Reads a scenario file and plays it, or shows its problems.
#[cfg(feature = "instructor")]
fn open_scenario(model: &Ctx, diagnostics: &Shown, file: ScenarioFile) {
    let (scenario, diags) = zeren_core::parse_scenario(&file.text);
    let ScenarioFile { name, text } = file;
    match scenario {
        Some(s) => {
            diagnostics.set((!diags.is_empty()).then(|| (name.clone(), text.clone(), diags)));
            let file = crate::model::Source::File(ScenarioFile { name, text });
            let run = Run::new(std::sync::Arc::new(s), file, model.seed, model.settings.clone());
            model.dispatch(Action::Start(Box::new(run)));
        }
        None => diagnostics.set(Some((name, text, diags))),
    }
}

/// The trainee's module has no scenario reader: the whole app opens the file.
#[cfg(not(feature = "instructor"))]
fn open_scenario(model: &Ctx, _diagnostics: &Shown, file: ScenarioFile) {
    crate::handover::open_scenario(&file, model);
}

/// Why a built-in could not be fetched (the trainee's module fetches them when needed).
fn cannot_load(why: &str) -> zeren_core::verdict::Text {
    zeren_core::verdict::Text::new(
        format!("无法载入该场景：{why}"),
        format!("cannot load the exercise: {why}"),
    )
}

fn first_file(e: &Event) -> Option<File> {
    let input: HtmlInputElement = e.target_unchecked_into();
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(File::from(file))
}

fn keep(slot: &Rc<RefCell<Option<FileReader>>>, task: FileReader) {
    *slot.borrow_mut() = Some(task);
}

/// Why the library lists no built-ins, when its index could not be fetched.
#[cfg(not(feature = "instructor"))]
fn index_problem(lang: zeren_core::Lang) -> Html {
    let Some(why) = crate::builtins::index_problem() else {
        return html! {};
    };
    html! { <p class="banner warn" id="index-problem" role="alert">{ cannot_load(&why).get(lang).to_owned() }</p> }
}

#[cfg(feature = "instructor")]
fn index_problem(_lang: zeren_core::Lang) -> Html {
    html! {}
}

/// A seed field (the library's, the editor's) with this id: the seed for the next run, or the
/// text typed that is not one.
pub fn seed_field(model: &Ctx, id: &str) -> Html {
    let oninput = {
        let model = model.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            model.dispatch(Action::Seed(input.value()));
        })
    };
    let value = model.seed_typed.clone().unwrap_or_else(|| model.seed.to_string());
    let bad = model.seed_typed.is_some();
    html! {
        <input id={id.to_owned()} type="number" min="0" {value} {oninput}
               aria-invalid={bad.then_some("true")} aria-describedby={bad.then(|| format!("{id}-problem"))} />
    }
}

/// Why the seed field with this id holds no seed, when it does not.
pub fn seed_problem(model: &Ctx, id: &str) -> Html {
    let Some(typed) = &model.seed_typed else {
        return html! {};
    };
    let max = u64::MAX;
    let why = match typed.trim() {
        "" => Text::new(
            format!("请填写随机种子：0 到 {max} 之间的整数。填好之前不能开始推演。"),
            format!("Enter a seed: a whole number from 0 to {max}. No exercise starts until then."),
        ),
        typed => Text::new(
            format!("「{typed}」不是有效的随机种子：种子须是 0 到 {max} 之间的整数。改正之前不能开始推演。"),
            format!(
                "“{typed}” is not a seed: a seed is a whole number from 0 to {max}. No exercise starts until it is corrected."
            ),
        ),
    };
    html! { <p class="banner warn field-problem" id={format!("{id}-problem")} role="alert">{ why.get(model.lang).to_owned() }</p> }
}

/// The seed for the next run; none while the seed field `id` holds no seed, and the focus goes
/// to it (its message says why), so that no run starts with another seed.
pub fn next_seed(model: &Ctx, id: &str) -> Option<u64> {
    let seed = model.next_seed();
    if seed.is_none() {
        crate::words::focus(id);
    }
    seed
}

/// A fresh seed for a new run: the browser's randomness, outside the core.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 1_000_000.0) as u64
}
