//! The settings screen: every parameter and reading of the training model, editable, and the
//! classroom settings (blind play, the instructor's PIN). The whole app's: the trainee's module
//! hands the screen to it (app.rs, `WholeApp`).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zeren_core::params::{self, PARAMS, READINGS};
use zeren_core::text;
use zeren_core::verdict::Text;

use crate::model::{Action, Ctx, Room};
use crate::words::{focus, t};

/// The settings screen.
#[component]
pub fn SettingsPage() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    // The text of each field that holds no valid value (the value in force stays), by name; gone
    // with the screen, so the fields show the values in force when it opens again.
    let bad = use_state(Vec::<(&'static str, String)>::new);
    let params = PARAMS.iter().map(|spec| {
        let (name, value) = (spec.name, (spec.get)(&model.settings.params));
        let oninput = {
            let (model, bad) = (model.clone(), bad.clone());
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let mut typed = (*bad).clone();
                typed.retain(|(n, _)| *n != name);
                match params::value_of(&input.value()) {
                    Some(v) => {
                        let mut s = model.settings.clone();
                        s.params.set(name, v);
                        model.dispatch(Action::Settings(s));
                    }
                    None => typed.push((name, input.value())),
                }
                bad.set(typed);
            })
        };
        let typed = bad.iter().find(|(n, _)| *n == name).map(|(_, text)| text);
        let id = format!("param-{name}");
        let problem = format!("{id}-problem");
        html! {
            <>
                <label class="param">
                    <span>{ text::param(name).get(lang).to_owned() }</span>
                    <input type="number" min="0" max={params::MAX_VALUE.to_string()} id={id}
                           value={typed.cloned().unwrap_or_else(|| value.to_string())} {oninput}
                           aria-invalid={typed.is_some().then_some("true")}
                           aria-describedby={typed.is_some().then(|| problem.clone())} />
                </label>
                if let Some(typed) = typed {
                    <p class="banner warn field-problem" id={problem} role="alert">{ not_a_value(typed, value).get(lang).to_owned() }</p>
                }
            </>
        }
    });
    let readings = READINGS.iter().map(|spec| {
        let (id, values) = (spec.id, &spec.values);
        let current = model.settings.readings.get(id);
        let onchange = {
            let model = model.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                let mut s = model.settings.clone();
                s.readings.set(id, &select.value());
                model.dispatch(Action::Settings(s));
            })
        };
        let options = values.iter().map(|v| {
            html! { <option value={*v} selected={*v == current}>{ text::reading(id, v).get(lang).to_owned() }</option> }
        });
        html! {
            <label class="reading">
                <span>{ id.to_ascii_uppercase() }</span>
                <select id={format!("reading-{id}")} {onchange}>{ for options }</select>
            </label>
        }
    });
    let restore = {
        let (model, bad) = (model.clone(), bad.clone());
        Callback::from(move |_| {
            bad.set(Vec::new());
            model.dispatch(Action::Settings(Default::default()));
        })
    };
    // Not while a field holds no valid value: the focus goes to it, and its message says why.
    let done = {
        let (model, bad) = (model.clone(), bad.clone());
        let back = model.back;
        Callback::from(move |_| match bad.first() {
            Some((name, _)) => focus(&format!("param-{name}")),
            None => model.dispatch(Action::Show(back)),
        })
    };
    html! {
        <section class="settings" id="settings">
            <Classroom />
            <h1>{ t(lang, "参数与读法", "Parameters and readings") }</h1>
            <p>{ t(lang,
                "这些是训练模型的取值，不是法律标准。案例或场景文件自带的设置优先。每次复盘都会列出生效的取值。",
                "These are the training model's values, not legal standards. A case or scenario file's own settings win. Every debrief lists the values in force.") }</p>
            <h2>{ t(lang, "读法（条文有歧义之处）", "Readings of ambiguous text") }</h2>
            { for readings }
            <h2>{ t(lang, "参数", "Parameters") }</h2>
            { for params }
            <p>
                <button onclick={restore}>{ t(lang, "恢复默认", "Restore defaults") }</button>
                <button class="primary" id="settings-done" onclick={done}>{ t(lang, "完成", "Done") }</button>
            </p>
        </section>
    }
}

/// Why a parameter's field is not taken: `typed` is not a whole number from 0 to the largest
/// value, and `in_force` stays.
fn not_a_value(typed: &str, in_force: u64) -> Text {
    let max = params::MAX_VALUE;
    match typed.trim() {
        "" => Text::new(
            format!("请填写 0 到 {max} 之间的整数。在此之前仍按 {in_force} 计算。"),
            format!("Enter a whole number from 0 to {max}. Until then {in_force} stays in force."),
        ),
        typed => Text::new(
            format!("「{typed}」不是 0 到 {max} 之间的整数，没有采用；仍按 {in_force} 计算。"),
            format!("“{typed}” is not a whole number from 0 to {max}, so it is not taken: {in_force} stays in force."),
        ),
    }
}

/// The classroom settings: blind play, and the PIN that hides the instructor's controls.
#[component]
fn Classroom() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let room = model.room.clone();
    let blind = {
        let (model, room) = (model.clone(), room.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            model.dispatch(Action::Room(Room {
                blind: input.checked(),
                ..room.clone()
            }));
        })
    };
    let typed = use_state(String::new);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            typed.set(input.value());
        })
    };
    let set_pin = {
        let (model, room, typed) = (model.clone(), room.clone(), typed.clone());
        Callback::from(move |_| {
            let pin = typed.trim().to_owned();
            if pin.chars().count() >= 4 && pin.chars().all(|c| c.is_ascii_digit()) {
                model.dispatch(Action::Room(Room {
                    pin: Some(pin),
                    ..room.clone()
                }));
                typed.set(String::new());
            } else {
                model.dispatch(Action::Problem(Some(zeren_core::verdict::Text::new(
                    "PIN 至少 4 位数字",
                    "A PIN is at least 4 digits",
                ))));
            }
        })
    };
    let clear_pin = {
        let (model, room) = (model.clone(), room.clone());
        Callback::from(move |_| {
            model.dispatch(Action::Room(Room {
                pin: None,
                ..room.clone()
            }))
        })
    };
    html! {
        <section class="classroom" id="classroom">
            <h2>{ t(lang, "课堂", "Classroom") }</h2>
            <label class="check">
                <input type="checkbox" id="blind" checked={room.blind} onchange={blind} />
                { t(lang, "盲推演：推演中不显示第八条面板和问责图，复盘时揭晓（系统照常计算）。",
                        "Blind play: hide the Article 8 panel and the accountability chart during play; they are revealed in the debrief (everything is still computed).") }
            </label>
            <p>
                { t(lang, "教员 PIN：设置后，学员看不到撤销、认定第（七）项、参数设置、投影视图和全班对比，输入 PIN 才显示。",
                        "Instructor PIN: once set, trainees do not see undo, firing item (7), the settings, the presenter view or the class comparison until the PIN is entered.") }
            </p>
            <p class="note">
                { t(lang, "注意：PIN 只是课堂上的便利措施，不是安全措施——它以明文保存在本机浏览器中，懂浏览器开发者工具的人可以读取或清除它。",
                        "Note: the PIN is a classroom convenience, not security — it is stored in plain text in this browser, and anyone with the browser's developer tools can read or clear it.") }
            </p>
            <label class="pin">
                { if room.pin.is_some() { t(lang, "更改 PIN：", "Change the PIN: ") } else { t(lang, "设置 PIN：", "Set a PIN: ") } }
                <input id="new-pin" type="password" inputmode="numeric" autocomplete="off" value={(*typed).clone()} {oninput} />
            </label>
            <button id="set-pin" onclick={set_pin}>{ t(lang, "保存 PIN", "Save the PIN") }</button>
            if room.pin.is_some() {
                <button id="clear-pin" onclick={clear_pin}>{ t(lang, "取消 PIN", "Remove the PIN") }</button>
            }
        </section>
    }
}
