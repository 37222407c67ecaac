//! The instructor's settings: every parameter and reading of the training model, editable, and a
//! summary shown in the briefing and every debrief.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zeren_core::params::{PARAMS, READINGS};
use zeren_core::text;

use crate::model::{Action, Ctx, Room, dispatch};
use crate::words::t;

/// The settings screen.
#[component]
pub fn SettingsPage() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let params = PARAMS.iter().map(|spec| {
        let (name, value) = (spec.name, (spec.get)(&model.settings.params));
        let oninput = {
            let model = model.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if let Ok(v) = input.value().trim().parse::<u64>() {
                    let mut s = model.settings.clone();
                    s.params.set(name, v);
                    model.dispatch(Action::Settings(s));
                }
            })
        };
        html! {
            <label class="param">
                <span>{ text::param(name).get(lang).to_owned() }</span>
                <input type="number" min="0" id={format!("param-{name}")} value={value.to_string()} {oninput} />
            </label>
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
    let back = model.back;
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
                <button onclick={dispatch(&model, || Action::Settings(Default::default()))}>{ t(lang, "恢复默认", "Restore defaults") }</button>
                <button class="primary" id="settings-done" onclick={dispatch(&model, move || Action::Show(back))}>{ t(lang, "完成", "Done") }</button>
            </p>
        </section>
    }
}

/// The readings and parameters in force, for the briefing and the debrief.
#[component]
pub fn SettingsSummary() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let settings = match &model.run {
        Some(run) => run.settings.for_case(&run.scenario().base),
        None => model.settings.clone(),
    };
    html! { <SettingsList {settings} /> }
}

/// Props of [`SettingsList`].
#[derive(Properties, PartialEq)]
pub struct SettingsListProps {
    /// The settings to list.
    pub settings: zeren_core::Settings,
}

/// A list of readings and parameters (the debrief's, the after-action report's).
#[component]
pub fn SettingsList(props: &SettingsListProps) -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let settings = &props.settings;
    html! {
        <section class="settings-summary" id="settings-summary">
            <h2>{ t(lang, "本次推演采用的读法和参数", "Readings and parameters in force") }</h2>
            <ul>
                { for READINGS.iter().map(|r| html! { <li>{ text::reading(r.id, settings.readings.get(r.id)).get(lang).to_owned() }</li> }) }
            </ul>
            <ul class="params">
                { for PARAMS.iter().map(|p| html! {
                    <li>{ text::param(p.name).get(lang).to_owned() }{ " " }{ (p.get)(&settings.params) }</li>
                }) }
            </ul>
        </section>
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

/// In the header: with a PIN set, a field to unlock the instructor's controls, or a button to
/// lock them again.
#[component]
pub fn Lock() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    let typed = use_state(String::new);
    if model.room.pin.is_none() {
        return html! {};
    }
    if model.unlocked {
        return html! {
            <button id="lock" onclick={dispatch(&model, || Action::Lock)}>{ t(lang, "锁定教员操作", "Lock instructor controls") }</button>
        };
    }
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            typed.set(input.value());
        })
    };
    let onsubmit = {
        let (model, typed) = (model.clone(), typed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            model.dispatch(Action::Unlock((*typed).clone()));
            typed.set(String::new());
        })
    };
    html! {
        <form class="unlock" id="unlock" {onsubmit}>
            <input id="pin" type="password" inputmode="numeric" autocomplete="off" size="6"
                   aria-label={t(lang, "教员 PIN", "Instructor PIN")} placeholder="PIN" value={(*typed).clone()} {oninput} />
            <button type="submit" id="unlock-button">{ t(lang, "教员解锁", "Unlock") }</button>
        </form>
    }
}

/// Shown instead of an instructor's screen while the controls are locked.
#[component]
pub fn Locked() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let lang = model.lang;
    html! {
        <section class="settings" id="locked">
            <h1>{ t(lang, "需要教员 PIN", "Instructor PIN needed") }</h1>
            <p>{ t(lang, "此页面仅供教员使用：请在页面顶部输入 PIN。", "This page is for the instructor: enter the PIN at the top of the page.") }</p>
        </section>
    }
}
