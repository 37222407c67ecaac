//! The instructor's console (projector-friendly): create a class with a built-in scenario, a seed,
//! its groups and its pacing; the live board of every class — each group's current decision,
//! scenario time, items fired, who is online — with the join code, address and QR code; and the
//! controls: start, pause/resume, release the next decision, manual injects, lock/unlock, end,
//! export the class file, and open the hotwash — the app's class screen (`#/class`) fed with
//! every group's run, the class file handed over in this browser (storage.rs, `hand_class`).

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use zeren_core::{Lang, builtin, text};

use super::clock::{Countdown, Elapsed};
use super::conn::{Conn, Link};
use super::server_info;
use super::{bi, vote};
use crate::branchmap::fit;
use crate::words::BLIND_NOTE;

#[derive(Clone, Default, PartialEq)]
struct Model {
    link: Option<Link>,
    authed: bool,
    /// Where the server keeps the classes (its database), once authenticated.
    database: String,
    boards: BTreeMap<i64, Value>,
    error: Option<(String, String)>,
    join: Vec<String>,
    created: Option<String>,
    /// The class whose file, when it comes, opens the hotwash instead of downloading.
    hotwash: Option<i64>,
}

enum Msg {
    Link(Link),
    Server(Value),
    Join(Vec<String>),
    Hotwash(i64),
}

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Msg::Link(l) => m.link = Some(l),
            Msg::Join(j) => m.join = j,
            Msg::Hotwash(id) => m.hotwash = Some(id),
            Msg::Server(v) => match v["type"].as_str().unwrap_or_default() {
                "authed" => {
                    m.authed = true;
                    m.database = v["data"].as_str().unwrap_or_default().to_owned();
                    m.error = None;
                }
                "board" => {
                    let id = v["class"]["id"].as_i64().unwrap_or_default();
                    m.boards.insert(id, v["class"].clone());
                }
                "class_created" => {
                    m.created = v["code"].as_str().map(str::to_owned);
                    m.error = None;
                }
                "export" if v["class"].as_i64().is_some() && v["class"].as_i64() == m.hotwash => {
                    m.hotwash = None;
                    let code = m
                        .boards
                        .get(&v["class"].as_i64().unwrap_or_default())
                        .and_then(|b| b["code"].as_str())
                        .unwrap_or_default()
                        .to_owned();
                    if let Err(e) = open_hotwash(&code, &v["file"]) {
                        m.error = Some(e);
                    }
                }
                "export" => {
                    let file = serde_json::to_string_pretty(&v["file"]).unwrap_or_default();
                    crate::files::download(&format!("zeren-class-{}.json", v["class"]), &file);
                }
                "error" => {
                    let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
                    m.error = Some((s("zh"), s("en")));
                    // An export refused does not stay armed to open the hotwash at the next one.
                    m.hotwash = None;
                }
                _ => {}
            },
        }
        Rc::new(m)
    }
}

/// The console's properties.
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The key from the address (`?console=KEY`), empty when not given.
    pub key_param: String,
}

/// The console: asks for the key when the address has none.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    if props.key_param.is_empty() {
        let onsubmit = Callback::from(|e: SubmitEvent| {
            e.prevent_default();
            let key = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("console-key"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
                .map(|i| i.value())
                .unwrap_or_default();
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_search(&format!("console={}", key.trim()));
            }
        });
        return html! {
            <section class="class-console" id="class-console">
                <h1>{ bi("教员控制台", "Instructor console") }</h1>
                <form {onsubmit}>
                    <label>{ bi("教员密钥（启动 zeren serve 时显示）", "Instructor key (printed by zeren serve)") }
                        <input id="console-key" type="password" autocomplete="off" />
                    </label>
                    <button class="primary">{ bi("进入", "Enter") }</button>
                </form>
            </section>
        };
    }
    html! { <Board key_param={props.key_param.clone()} /> }
}

#[component]
fn Board(props: &ConsoleProps) -> Html {
    let model = use_reducer(Model::default);
    let conn = use_mut_ref(|| None::<Conn>);
    {
        let (conn, model, key) = (conn.clone(), model.clone(), props.key_param.clone());
        use_effect_with((), move |_| {
            let hello: Rc<dyn Fn() -> Vec<Value>> = Rc::new(move || vec![json!({ "type": "auth", "key": key })]);
            let (m1, m2, m3) = (model.clone(), model.clone(), model.clone());
            let c = Conn::open(
                hello,
                Callback::from(move |v| m1.dispatch(Msg::Server(v))),
                Callback::from(move |l| m2.dispatch(Msg::Link(l))),
            );
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(info) = server_info().await {
                    let join = info["join"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default();
                    m3.dispatch(Msg::Join(join));
                }
            });
            *conn.borrow_mut() = Some(c.clone());
            move || c.close()
        });
    }
    let send: Rc<dyn Fn(Value)> = {
        let conn = conn.clone();
        Rc::new(move |v: Value| {
            if let Some(c) = conn.borrow().as_ref() {
                c.send(&v);
            }
        })
    };
    let (lzh, len) = model.link.unwrap_or(Link::Connecting).words();
    let error = model.error.as_ref().map(|(zh, en)| {
        html! { <p class="banner warn" id="console-error" role="alert">{ bi(zh, en) }</p> }
    });
    // Newest class first.
    let hotwash = {
        let (send, dispatch) = (send.clone(), model.dispatcher());
        Callback::from(move |id: i64| {
            dispatch.dispatch(Msg::Hotwash(id));
            send(json!({ "type": "export", "class": id }));
        })
    };
    let boards = model
        .boards
        .values()
        .rev()
        .map(|b| class_board(b, &model.join, send.clone(), hotwash.clone()));
    html! {
        <section class="class-console" id="class-console">
            <h1>{ bi("教员控制台", "Instructor console") }</h1>
            <p class="class-bar"><span id="link-state" class="link-state">{ bi(lzh, len) }</span></p>
            { error }
            if model.authed {
                <p class="class-data" id="class-data">{ bi("班级数据保存在：", "Classes are kept in: ") }<code>{ model.database.clone() }</code></p>
                <CreateForm send={{ let send = send.clone(); Callback::from(move |v: Value| send(v)) }} />
                { for boards }
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    /// Sends the `create_class` message.
    send: Callback<Value>,
}

/// The new-class form. Its role cards are the chosen built-in's, all in play at first; a scenario
/// file brings all of its own.
#[component]
fn CreateForm(props: &CreateProps) -> Html {
    let scenarios = builtin::all();
    let chosen = use_state(|| scenarios.first().map(|s| s.id.clone()).unwrap_or_default());
    // The cards the instructor left out (held here, so that the board's updates keep them out).
    let left_out = use_state(std::collections::BTreeSet::<String>::new);
    let on_scenario = {
        let (chosen, left_out) = (chosen.clone(), left_out.clone());
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(select.value());
                left_out.set(Default::default());
            }
        })
    };
    let cards = builtin::shared(&chosen)
        .map(|s| s.role_cards.clone())
        .unwrap_or_default();
    let roles: Vec<String> = cards
        .iter()
        .map(|c| c.id.clone())
        .filter(|id| !left_out.contains(id))
        .collect();
    let toggle = |id: String| {
        let left_out = left_out.clone();
        Callback::from(move |_: Event| {
            let mut set = (*left_out).clone();
            if !set.remove(&id) {
                set.insert(id.clone());
            }
            left_out.set(set);
        })
    };
    let send = props.send.clone();
    // The file being read must live until it has been read.
    let reader = Rc::new(std::cell::RefCell::new(None::<gloo::file::callbacks::FileReader>));
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let doc = web_sys::window().and_then(|w| w.document());
        let get = |id: &str| doc.as_ref().and_then(|d| d.get_element_by_id(id));
        let value = |id: &str| {
            let e = get(id);
            e.clone()
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
                .map(|i| i.value())
                .or_else(|| {
                    e.clone()
                        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(e).ok())
                        .map(|s| s.value())
                })
                .or_else(|| {
                    e.and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlTextAreaElement>(e).ok())
                        .map(|t| t.value())
                })
                .unwrap_or_default()
        };
        let groups: Vec<String> = value("class-groups")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let mut message = json!({
            "type": "create_class",
            "scenario": value("class-scenario"),
            "seed": value("class-seed").trim().parse::<u64>().unwrap_or(1),
            "groups": groups,
            "paced": value("class-paced"),
            "blind": value("class-blind") == "blind",
            "roles": roles,
            // The readings and parameters of this browser's settings screen.
            "settings": crate::storage::load_settings(),
        });
        // A scenario file, when one is chosen, is read and sent instead of the built-in.
        let file = get("class-file")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        match file {
            None => send.emit(message),
            Some(file) => {
                let send = send.clone();
                let task = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |text| {
                    message["scenario"] = Value::Null;
                    message["source"] = json!(text.unwrap_or_default());
                    message["roles"] = Value::Null;
                    send.emit(message.clone());
                });
                *reader.borrow_mut() = Some(task);
            }
        }
    });
    html! {
        <form class="class-create" id="class-create" {onsubmit}>
            <h2>{ bi("开设新班", "New class") }</h2>
            <label>{ bi("情景", "Scenario") }
                <select id="class-scenario" onchange={on_scenario}>
                    // Yew inserts options last first: mark the first as chosen.
                    { for scenarios.iter().enumerate().map(|(n, s)| html! { <option value={s.id.clone()} selected={n == 0}>{ s.title.get(Lang::Zh).to_owned() }</option> }) }
                </select>
            </label>
            <label>{ bi("或情景文件", "or a scenario file") }<input id="class-file" type="file" accept=".toml,text/plain" /></label>
            <label>{ bi("随机种子", "Seed") }<input id="class-seed" type="number" min="0" value="1" /></label>
            <label>{ bi("节奏", "Pacing") }
                <select id="class-paced">
                    <option value="self" selected=true>{ "各组自行推进 / self-paced" }</option>
                    <option value="instructor">{ "教员逐个放出决策 / instructor-paced" }</option>
                </select>
            </label>
            <label>{ bi("盲推演", "Blind play") }
                <select id="class-blind">
                    <option value="open" selected=true>{ "公开：各组推演中看到第八条面板 / open: groups see the Article 8 panel" }</option>
                    <option value="blind">{ "盲推演：复盘时揭晓 / blind: revealed in the debrief" }</option>
                </select>
            </label>
            <fieldset class="class-roles" id="class-roles">
                <legend>{ bi("参与表决的角色卡（情景文件则用其全部角色卡）", "Role cards in play (a scenario file brings all of its own)") }</legend>
                { for cards.iter().map(|c| html! {
                    <label class="class-role" key={c.id.clone()}>
                        <input type="checkbox" value={c.id.clone()} checked={!left_out.contains(&c.id)} onchange={toggle(c.id.clone())} />
                        { bi(c.post.get(Lang::Zh), c.post.get(Lang::En)) }
                    </label>
                }) }
            </fieldset>
            <label>{ bi("小组（每行一个）", "Groups (one a line)") }
                <textarea id="class-groups" rows="4" defaultvalue={"第一组\n第二组\n第三组"} />
            </label>
            <p class="class-settings" id="class-settings">
                { bi("读法和参数：本浏览器「参数与读法」页的设置", "Readings and parameters: those of this browser's settings screen") }
                { " — " }<code>{ settings_line() }</code>
            </p>
            <button class="primary" id="create-class">{ bi("开设", "Create") }</button>
        </form>
    }
}

fn status_words(s: &str) -> (&'static str, &'static str) {
    match s {
        "waiting" => ("未开始", "not started"),
        "running" => ("进行中", "running"),
        "paused" => ("已暂停", "paused"),
        _ => ("已结束", "ended"),
    }
}

/// Hands the class file to the app's class screen and opens it (`?whole#/class`: the whole app,
/// without the console's address and key).
fn open_hotwash(code: &str, file: &Value) -> Result<(), (String, String)> {
    let failed = || {
        (
            "无法把班级交给复盘页（浏览器存储已满？），请导出班级文件后在「全班对比」导入".to_owned(),
            "could not hand the class to the debrief (browser storage full?): export the class file and import it in the class screen".to_owned(),
        )
    };
    if !crate::storage::hand_class(code, &file.to_string()) {
        return Err(failed());
    }
    let location = web_sys::window().ok_or_else(failed)?.location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    location.set_href(&format!("{path}?whole#/class")).map_err(|_| failed())
}

fn class_board(b: &Value, join: &[String], send: Rc<dyn Fn(Value)>, hotwash: Callback<i64>) -> Html {
    let id = b["id"].as_i64().unwrap_or_default();
    let code = b["code"].as_str().unwrap_or_default().to_owned();
    let status = b["status"].as_str().unwrap_or_default();
    let control = |action: &'static str, zh: &str, en: &str| {
        let send = send.clone();
        let onclick = Callback::from(move |_| send(json!({ "type": "control", "class": id, "action": action })));
        html! { <button class={classes!("control", action)} data-action={action} {onclick}>{ bi(zh, en) }</button> }
    };
    // Ending the exercise opens the hotwash with every group's run.
    let end = {
        let (send, hotwash) = (send.clone(), hotwash.clone());
        let onclick = Callback::from(move |_| {
            send(json!({ "type": "control", "class": id, "action": "end" }));
            hotwash.emit(id);
        });
        html! { <button class={classes!("control", "end")} data-action="end" {onclick}>{ bi("结束并打开复盘", "end and open the debrief") }</button> }
    };
    let controls = match status {
        "waiting" => html! { { control("start", "开始", "start") } },
        "running" => html! {
            <>
                { control("pause", "暂停", "pause") }
                if b["paced"] == "instructor" { { control("release", "放出下一个决策", "release next decision") } }
                { end.clone() }
            </>
        },
        "paused" => html! { <>{ control("resume", "继续", "resume") }{ end }</> },
        _ => html! {
            <button class="control open-hotwash primary" id={format!("open-hotwash-{id}")} onclick={hotwash.reform(move |_| id)}>
                { bi("打开复盘（全班对比）", "open the debrief (the class)") }
            </button>
        },
    };
    let export = {
        let send = send.clone();
        Callback::from(move |_| send(json!({ "type": "export", "class": id })))
    };
    let inject_id = format!("inject-{id}");
    let inject = {
        let (send, inject_id) = (send.clone(), inject_id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&inject_id))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok());
            let to: Option<i64> = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("{inject_id}-to")))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(e).ok())
                .and_then(|s| s.value().parse().ok());
            if let Some(i) = input {
                send(json!({ "type": "inject", "class": id, "group": to, "text": i.value() }));
                i.set_value("");
            }
        })
    };
    let url = join.first().map(|j| format!("{j}?join={code}")).unwrap_or_default();
    let qr = format!("/api/qr?text={}", js_sys::encode_uri_component(&url));
    let rows = b["groups"].as_array().cloned().unwrap_or_default().into_iter().map(|g| {
        let gid = g["id"].as_i64().unwrap_or_default();
        let locked = g["locked"] == true;
        // The open decision's prompt or the ending's title (cut to fit; whole on hover), else its id.
        let at_id = g["at"]["id"].as_str().unwrap_or_default();
        let (tzh, ten) = (g["at"]["title"]["zh"].as_str().unwrap_or(at_id), g["at"]["title"]["en"].as_str().unwrap_or(at_id));
        let named = html! {
            <span class="at-title" data-at={at_id.to_owned()} title={format!("{tzh} / {ten}")}>{ bi(&fit(tzh, 40), &fit(ten, 60)) }</span>
        };
        let at = match g["at"]["kind"].as_str() {
            Some("ending") => html! { <>{ bi("结局", "ending") }{ "：" }{ named }</> },
            _ => named,
        };
        let fired: Vec<String> = g["fired"]
            .as_array()
            .map(|f| f.iter().filter_map(Value::as_str).map(|i| text::item_title(i).get(Lang::Zh).to_owned()).collect())
            .unwrap_or_default();
        let online: Vec<&str> = g["online"].as_array().map(|o| o.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let lock = {
            let send = send.clone();
            let action = if locked { "unlock" } else { "lock" };
            Callback::from(move |_| send(json!({ "type": "control", "class": id, "action": action, "group": gid })))
        };
        html! {
            <tr data-group={gid.to_string()} class={classes!(locked.then_some("locked"))}>
                <th scope="row">{ g["name"].as_str().unwrap_or_default().to_owned() }</th>
                <td class="online">{ online.join("、") }</td>
                <td class="decisions">{ g["decisions"].to_string() }</td>
                <td class="at">{ at }
                    if !g["deadline"].is_null() {
                        { " " }<Countdown deadline={g["deadline"].clone()} running={b["running"] == true} short=true />
                    }
                    { vote::board_line(&g["team"], id, gid, send.clone()) }
                </td>
                <td class="minute">{ format!("{} min", g["minute"]) }</td>
                <td class="fired">{ if fired.is_empty() { "—".to_owned() } else { fired.join("；") } }</td>
                <td>
                    if status != "ended" {
                        <button class="link lock" onclick={lock}>{ if locked { bi("解锁", "unlock") } else { bi("锁定", "lock") } }</button>
                    }
                </td>
            </tr>
        }
    });
    let (szh, sen) = status_words(status);
    html! {
        <section class="class-board" id={format!("class-{id}")} data-code={code.clone()} data-status={status.to_owned()}>
            <h2>
                { b["scenario"]["title"]["zh"].as_str().unwrap_or_default().to_owned() }
                { " · " }{ bi("加入码", "join code") }{ " " }<b class="join-code">{ code.clone() }</b>
                { " · " }<span class="class-status">{ bi(szh, sen) }</span>
                if b["blind"] == true { { " · " }<span class="class-blind" title={BLIND_NOTE.0}>{ bi("盲推演", "blind") }</span> }
                { " · " }<Elapsed clock_ms={b["clock_ms"].as_u64().unwrap_or_default()} running={b["running"] == true} />
            </h2>
            if !url.is_empty() && status != "ended" {
                <p class="join-address">
                    <img class="qr" src={qr} alt={format!("QR: {url}")} width="160" height="160" />
                    <span>{ bi("学员打开", "Trainees open") }{ " " }<code>{ url.clone() }</code></span>
                </p>
            }
            <p class="controls">{ controls }<button class="control" onclick={export}>{ bi("导出班级文件", "export the class file") }</button></p>
            if status != "ended" {
                <form class="inject" onsubmit={inject}>
                    <input id={inject_id.clone()} placeholder="电话、记者询问… / a phone call, a press enquiry…" maxlength="1000" />
                    <select id={format!("{inject_id}-to")} aria-label="发给 / to">
                        <option value="" selected=true>{ "所有小组 / all groups" }</option>
                        { for b["groups"].as_array().cloned().unwrap_or_default().iter().map(|g| html! {
                            <option value={g["id"].to_string()}>{ g["name"].as_str().unwrap_or_default().to_owned() }</option>
                        }) }
                    </select>
                    <button>{ bi("发送", "send") }</button>
                </form>
            }
            <table class="board">
                <thead><tr>
                    <th>{ bi("小组", "group") }</th><th>{ bi("在线", "online") }</th><th>{ bi("已决策", "decisions") }</th>
                    <th>{ bi("当前", "now at") }</th><th>{ bi("情景时间", "scenario time") }</th>
                    <th>{ bi("已触发", "items fired") }</th><th></th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}

/// The settings a class is created under, as the run link writes them (`defaults` when none
/// differs).
fn settings_line() -> String {
    let set = zeren_core::run::link::encode_settings(&crate::storage::load_settings());
    if set.is_empty() {
        "默认 / defaults".to_owned()
    } else {
        set
    }
}
