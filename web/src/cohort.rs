//! The class: a room's runs brought in at once (run files, pasted run links, a class file), the
//! cohort matrix, how the room chose, where two groups parted, and the after-action report. All
//! the comparing is done by zeren-core's `cohort`; this screen renders it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_text};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;
use zeren_core::cohort::import::{self, Import};

use zeren_core::verdict::Text;

use crate::class::Class;

use crate::model::{Action, Ctx, dispatch};
use crate::words::t;

/// A file's name and text.
type Named = (String, String);

/// Marks the start of an import, to measure the time until the class is drawn.
fn mark_start() {
    if let Some(w) = web_sys::window() {
        let now = w.performance().map_or(0.0, |p| p.now());
        let _ = js_sys::Reflect::set(&w, &"zerenImportStart".into(), &now.into());
    }
}

/// Brings `new` into the model's class.
fn bring(model: &Ctx, new: Import) {
    let class = Class::with(model.class.as_deref(), new);
    model.dispatch(Action::Class(Some(Rc::new(class))));
}

/// The class screen.
#[component]
pub fn Cohort() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let pasted = use_state(String::new);
    // Time from choosing the files to the class drawn (for the figures).
    use_effect_with(model.class.clone(), |_| {
        if let Some(w) = web_sys::window() {
            let now = w.performance().map_or(0.0, |p| p.now());
            if let Some(start) = js_sys::Reflect::get(&w, &"zerenImportStart".into())
                .ok()
                .and_then(|v| v.as_f64())
            {
                let _ = js_sys::Reflect::set(&w, &"zerenImportMs".into(), &(now - start).into());
            }
        }
    });
    let on_files = {
        let (model, readers) = (model.clone(), readers.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            mark_start();
            // A folder of exports may hold other files too: only the JSON ones are read.
            let files: Vec<File> = (0..list.length())
                .filter_map(|i| list.get(i))
                .map(File::from)
                .filter(|f| f.name().to_lowercase().ends_with(".json"))
                .collect();
            input.set_value("");
            let total = files.len();
            if total == 0 {
                let why = Text::new("没有 .json 文件", "no .json file");
                let damaged = vec![(t(model.lang, "所选文件", "The files chosen"), why)];
                bring(
                    &model,
                    Import {
                        damaged,
                        ..Import::default()
                    },
                );
                return;
            }
            let got: Rc<RefCell<Vec<Option<Named>>>> = Rc::new(RefCell::new(vec![None; total]));
            let left = Rc::new(RefCell::new(total));
            let mut keep = readers.borrow_mut();
            keep.clear();
            for (n, file) in files.into_iter().enumerate() {
                let name = file.name();
                let (model, got, left) = (model.clone(), got.clone(), left.clone());
                keep.push(read_as_text(&file, move |text| {
                    let text = text.unwrap_or_default();
                    if let Some(slot) = got.borrow_mut().get_mut(n) {
                        *slot = Some((name, text));
                    }
                    let mut l = left.borrow_mut();
                    *l = l.saturating_sub(1);
                    if *l == 0 {
                        let inputs: Vec<(String, String)> = got.borrow_mut().drain(..).flatten().collect();
                        bring(&model, import::files(&inputs));
                    }
                }));
            }
        })
    };
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let import_links = {
        let (model, pasted) = (model.clone(), pasted.clone());
        Callback::from(move |_| {
            mark_start();
            bring(&model, import::links(&pasted));
            pasted.set(String::new());
        })
    };
    let class = model.class.clone();
    let count = class.as_ref().map_or(0, |c| c.members.len());
    html! {
        <section class="cohort" id="cohort">
            <h1>{ t(lang, "全班对比与复盘报告", "The class: comparison and after-action report") }</h1>
            <div class="import no-print">
                <label class="file">
                    { t(lang, "导入推演记录或班级文件（可多选）：", "Import run files or a class file (several at once): ") }
                    <input type="file" id="import-runs" multiple=true accept=".json,application/json" onchange={on_files.clone()} />
                </label>
                <label class="file">
                    { t(lang, "或导入整个文件夹：", "Or a whole folder of exports: ") }
                    <input type="file" id="import-folder" webkitdirectory=true multiple=true onchange={on_files} />
                </label>
                <label class="links">
                    { t(lang, "或粘贴推演链接，每行一个：", "Or paste run links, one per line:") }
                    <textarea id="paste-links" rows="3" value={(*pasted).clone()} oninput={on_paste} />
                </label>
                <button id="import-links" onclick={import_links}>{ t(lang, "导入链接", "Import the links") }</button>
                if count > 0 {
                    <button id="clear-class" onclick={dispatch(&model, || Action::Class(None))}>{ t(lang, "清空本班", "Clear the class") }</button>
                }
            </div>
            { class.as_ref().map(|c| problems(c, lang)).unwrap_or_default() }
            {
                match class.as_ref().and_then(|c| c.cohort.clone().map(|k| (c.clone(), k))) {
                    Some((c, k)) => html! {
                        <>
                            <p class="summary" id="class-summary">
                                { count }{ t(lang, " 组，场景：", " groups; scenario: ") }
                                { c.members.first().map(|m| m.run.scenario().title.get(lang).to_owned()).unwrap_or_default() }
                            </p>
                            <crate::aar::Aar class={(*c).clone()} cohort={k.clone()} />
                        </>
                    },
                    None => html! { <p>{ t(lang, "还没有导入推演记录。各组在复盘页点击“导出推演记录”，或复制推演链接，交给教员导入。",
                        "No runs yet. Each group exports its run from the debrief (or copies its run link) for the instructor to import here.") }</p> },
                }
            }
        </section>
    }
}

/// The inputs that could not be read, and the runs set aside.
fn problems(class: &Class, lang: zeren_core::Lang) -> Html {
    html! {
        <>
            if !class.damaged.is_empty() {
                <div class="banner warn no-print" id="import-problems" role="alert">
                    <p>{ t(lang, "以下文件或链接无法读取，其余已导入：", "These files or links could not be read; the rest were imported:") }</p>
                    <ul>{ for class.damaged.iter().map(|(name, why)| html! { <li><b>{ name.clone() }</b>{ t(lang, "：", ": ") }{ why.get(lang).to_owned() }</li> }) }</ul>
                </div>
            }
            if !class.aside.is_empty() {
                <div class="banner no-print" id="set-aside">
                    <ul>{ for class.aside.iter().map(|a| html! { <li>{ a.why.get(lang).to_owned() }</li> }) }</ul>
                </div>
            }
        </>
    }
}

/// Props of [`Shares`].
#[derive(Properties, PartialEq)]
pub struct SharesProps {
    /// The decision.
    pub decision: String,
    /// The scenario id.
    pub scenario: String,
}

/// How the room chose at one decision, for the presenter view (when a class of this scenario is
/// loaded).
#[component]
pub fn Shares(props: &SharesProps) -> Html {
    // Hidden until the facilitator reveals it, decision by decision.
    let revealed = use_state(|| None::<String>);
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let Some(class) = model.class.clone() else {
        return html! {};
    };
    let (Some(k), Some(first)) = (class.cohort.clone(), class.members.first()) else {
        return html! {};
    };
    if k.scenario != props.scenario {
        return html! {};
    }
    let Some(d) = k.decisions.iter().find(|d| d.decision == props.decision) else {
        return html! {};
    };
    let lang = model.lang;
    let shown = *revealed == Some(props.decision.clone());
    let reveal = {
        let (revealed, decision) = (revealed.clone(), props.decision.clone());
        Callback::from(move |_| revealed.set(Some(decision.clone())))
    };
    html! {
        <div class="presenter-shares" id="presenter-shares">
            <h2>{ t(lang, "全班的选择", "How the room chose") }</h2>
            if shown {
                <crate::chart::DecisionChart scenario={first.run.shared().clone()} decision={Rc::new(d.clone())}
                    groups={k.groups.len()} lang={lang} letters=true />
            } else {
                <button id="reveal-shares" onclick={reveal}>{ t(lang, "揭晓各组的选择", "Reveal how the groups chose") }</button>
            }
        </div>
    }
}
