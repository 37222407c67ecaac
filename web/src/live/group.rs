//! A trainee's side of the live class: join with the code, a name and a group; then the group's
//! play, connected to the server — the decisions go to the server, which stores them and sends
//! them to every member of the group; the run is folded here by the core's engine, as in solo
//! play. The member's token stays in this browser, so a reload or a dropped network resumes
//! where the group is.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use zeren_core::engine::{At, EntryKind, Event, State};
use zeren_core::{Lang, Scenario, Settings, builtin, explain, judge};

use super::clock::Countdown;
use super::conn::{Conn, Link};
use super::{bi, tr, vote};
use crate::article8::Article8;
use crate::words::BLIND_NOTE;

const TOKEN_KEY: &str = "zeren.class.token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn saved_token() -> Option<String> {
    storage()?.get_item(TOKEN_KEY).ok()?
}

/// The group as this browser knows it.
#[derive(Clone, Default)]
struct Model {
    link: Option<Link>,
    code: String,
    groups: Vec<(i64, String)>,
    /// The scenario's role cards from `class_info`: (id, post in Chinese, in English).
    cards: Vec<(String, String, String)>,
    joined: Option<Rc<Joined>>,
    state: Option<State>,
    events: Vec<Event>,
    seq: u64,
    messages: Vec<(u64, String)>,
    status: Value,
    pending: bool,
    error: Option<(String, String)>,
    /// The last proposal rejected by the group's vote, until the next decision.
    rejected: Option<Value>,
}

struct Joined {
    token: String,
    member_id: i64,
    member: String,
    group: String,
    scenario: Scenario,
    settings: Settings,
}

enum Msg {
    Link(Link),
    Server(Value),
    Sent,
    Code(String),
}

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Msg::Link(l) => m.link = Some(l),
            Msg::Sent => {
                m.pending = true;
                m.error = None;
            }
            Msg::Code(c) => m.code = c,
            Msg::Server(v) => m.receive(&v),
        }
        Rc::new(m)
    }
}

impl Model {
    fn receive(&mut self, v: &Value) {
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        match v["type"].as_str().unwrap_or_default() {
            "class_info" => {
                self.error = None;
                self.groups = v["groups"]
                    .as_array()
                    .map(|g| {
                        g.iter()
                            .map(|g| {
                                (
                                    g["id"].as_i64().unwrap_or_default(),
                                    g["name"].as_str().unwrap_or_default().to_owned(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                self.cards = vote::cards(&v["roles"]);
            }
            "joined" => {
                let class = &v["class"];
                // A scenario file comes as the server read it (this module may have no reader).
                let scenario = match &class["scenario"]["read"] {
                    Value::Null => builtin::scenario(class["scenario"]["id"].as_str().unwrap_or_default()),
                    read => crate::json::read::<Scenario>(&read.to_string()).ok(),
                };
                let Some(mut scenario) = scenario else {
                    self.error = Some(("无法读取本班的情景".into(), "cannot read this class's scenario".into()));
                    return;
                };
                // A built-in comes with all its role cards: keep those in play in the class.
                if let Some(roles) = class["roles"].as_array() {
                    scenario.role_cards.retain(|c| roles.iter().any(|r| r == c.id.as_str()));
                }
                let seed = class["seed"].as_u64().unwrap_or_default();
                let token = text("token");
                if let Some(s) = storage() {
                    let _ = s.set_item(TOKEN_KEY, &token);
                }
                // A new join starts the run afresh; a resume keeps what is already here.
                let same = self.joined.as_ref().is_some_and(|j| j.token == token);
                if !same {
                    self.state = Some(State::start(&scenario, seed));
                    self.events.clear();
                    self.messages.clear();
                    self.seq = 0;
                }
                self.joined = Some(Rc::new(Joined {
                    token,
                    member_id: v["member"]["id"].as_i64().unwrap_or_default(),
                    member: v["member"]["name"].as_str().unwrap_or_default().to_owned(),
                    group: v["group"]["name"].as_str().unwrap_or_default().to_owned(),
                    scenario,
                    settings: serde_json::from_value(class["settings"].clone()).unwrap_or_default(),
                }));
                self.error = None;
                self.pending = false;
            }
            "entry" => {
                let seq = v["seq"].as_u64().unwrap_or_default();
                if seq <= self.seq {
                    return;
                }
                self.seq = seq;
                if v["kind"] == "message" {
                    self.messages.push((seq, text("text")));
                    return;
                }
                let (Some(j), Some(state)) = (&self.joined, &self.state) else {
                    return;
                };
                if let Ok(event) = serde_json::from_value::<Event>(v["event"].clone())
                    && let Ok(next) = state.apply(&j.scenario, &event)
                {
                    self.state = Some(next);
                    self.events.push(event);
                    self.rejected = None;
                }
                self.pending = false;
            }
            "status" => self.status = v.clone(),
            // The server has let this member go (their card freed): the join form again.
            "left" => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(TOKEN_KEY);
                }
                *self = Model {
                    link: self.link,
                    code: self.code.clone(),
                    ..Model::default()
                };
            }
            "ack" | "voted" | "role" | "withdrawn" => self.pending = false,
            "rejected" => self.rejected = Some(v.clone()),
            "error" => {
                self.pending = false;
                if v["code"] == "unknown_token" {
                    if let Some(s) = storage() {
                        let _ = s.remove_item(TOKEN_KEY);
                    }
                    self.joined = None;
                    self.state = None;
                }
                self.error = Some((text("zh"), text("en")));
            }
            _ => {}
        }
    }
}

/// What is sent on every (re)connection: the token and the last entry seen.
#[derive(Default)]
struct Hello {
    token: Option<String>,
    seq: u64,
}

/// The join screen, then the group's play.
#[derive(Properties, PartialEq)]
pub struct JoinProps {
    /// The join code from the address, if any.
    pub code: String,
}

/// Before a `joined` is taken: the class's built-in, when it names one (a scenario file comes as
/// the server read it). A failed fetch shows as the scenario's problem.
async fn fetch_for(v: &Value) {
    let scenario = &v["class"]["scenario"];
    if v["type"] == "joined" && scenario["read"].is_null() {
        let _ = crate::builtins::ensure(scenario["id"].as_str()).await;
    }
}

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The join screen and the group's play.
#[component]
pub fn Join(props: &JoinProps) -> Html {
    let model = use_reducer(|| Model {
        code: props.code.trim().to_ascii_uppercase(),
        ..Model::default()
    });
    let hello = use_mut_ref(|| Hello {
        token: saved_token(),
        seq: 0,
    });
    {
        let (token, seq) = (model.joined.as_ref().map(|j| j.token.clone()), model.seq);
        let hello = hello.clone();
        use_effect_with((token, seq), move |(token, seq)| {
            let mut h = hello.borrow_mut();
            if token.is_some() {
                h.token.clone_from(token);
            }
            h.seq = *seq;
        });
    }
    let conn = use_mut_ref(|| None::<Conn>);
    {
        let (conn, hello, model) = (conn.clone(), hello.clone(), model.clone());
        use_effect_with((), move |_| {
            let h = hello.clone();
            let first: Rc<dyn Fn() -> Vec<Value>> = Rc::new(move || {
                let h = h.borrow();
                h.token
                    .as_ref()
                    .map(|t| vec![json!({ "type": "resume", "token": t, "after": h.seq })])
                    .unwrap_or_default()
            });
            let (m1, m2) = (model.clone(), model.clone());
            let forget = hello.clone();
            // Messages are taken in order; a join first fetches what its scenario needs.
            let (inbox, mut taken) = futures_channel::mpsc::unbounded::<Value>();
            wasm_bindgen_futures::spawn_local(async move {
                while let Some(v) = futures_util::StreamExt::next(&mut taken).await {
                    fetch_for(&v).await;
                    // A member who left, or whom the server no longer knows, is not resumed.
                    if v["type"] == "left" || v["code"] == "unknown_token" {
                        forget.borrow_mut().token = None;
                    }
                    m1.dispatch(Msg::Server(v));
                }
            });
            let c = Conn::open(
                first,
                Callback::from(move |v| {
                    let _ = inbox.unbounded_send(v);
                }),
                Callback::from(move |l| m2.dispatch(Msg::Link(l))),
            );
            *conn.borrow_mut() = Some(c.clone());
            move || c.close()
        });
    }
    let send = {
        let conn = conn.clone();
        Rc::new(move |v: Value| {
            if let Some(c) = conn.borrow().as_ref() {
                c.send(&v);
            }
        })
    };
    let link = model.link.unwrap_or(Link::Connecting);
    let (lzh, len) = link.words();
    let link_badge = html! {
        <span id="link-state" class={classes!("link-state", format!("{link:?}").to_ascii_lowercase())}>{ bi(lzh, len) }</span>
    };
    let error = model.error.as_ref().map(|(zh, en)| {
        html! { <p class="banner warn" id="class-error" role="alert">{ bi(zh, en) }</p> }
    });
    match (&model.joined, &model.state) {
        (Some(j), Some(state)) => html! {
            <>
                <p class="class-bar">{ link_badge }</p>
                { error }
                { play(&model, j, state, send, model.dispatcher()) }
            </>
        },
        _ => html! {
            <>
                <p class="class-bar">{ link_badge }</p>
                { error }
                { join_form(&model, send, model.dispatcher(), hello) }
            </>
        },
    }
}

fn join_form(
    model: &Model,
    send: Rc<dyn Fn(Value)>,
    dispatch: UseReducerDispatcher<Model>,
    _hello: Rc<RefCell<Hello>>,
) -> Html {
    let code = model.code.clone();
    let on_code = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.dispatch(Msg::Code(input_value(&e).trim().to_ascii_uppercase())))
    };
    let lookup = {
        let (send, code) = (send.clone(), code.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send(json!({ "type": "lookup", "code": code }));
        })
    };
    let name_ref = NodeRef::default();
    let group_ref = NodeRef::default();
    let role_ref = NodeRef::default();
    let join = {
        let (send, code, name_ref, group_ref, role_ref) =
            (send, code, name_ref.clone(), group_ref.clone(), role_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = name_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let group: i64 = group_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or_default();
            let role = role_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .filter(|r| !r.is_empty());
            dispatch.dispatch(Msg::Sent);
            send(json!({ "type": "join", "code": code, "name": name, "group": group, "role": role }));
        })
    };
    html! {
        <section class="class-join" id="class-join">
            <h1>{ bi("加入课堂", "Join a class") }</h1>
            <form onsubmit={lookup}>
                <label>{ bi("加入码", "Join code") }
                    <input id="join-code" value={model.code.clone()} oninput={on_code} autocomplete="off" maxlength="6" />
                </label>
                <button id="lookup" class="primary">{ bi("查找", "Find") }</button>
            </form>
            if !model.groups.is_empty() {
                <form onsubmit={join}>
                    <label>{ bi("你的姓名", "Your name") }
                        <input id="join-name" ref={name_ref} maxlength="40" required=true />
                    </label>
                    <label>{ bi("小组", "Group") }
                        <select id="join-group" ref={group_ref}>
                            { for model.groups.iter().enumerate().map(|(n, (id, name))| html! { <option value={id.to_string()} selected={n == 0}>{ name.clone() }</option> }) }
                        </select>
                    </label>
                    { vote::join_select(&model.cards, role_ref) }
                    <button id="join" class="primary">{ bi("加入", "Join") }</button>
                </form>
            }
        </section>
    }
}

fn status_line(model: &Model) -> Option<(&'static str, &'static str)> {
    let s = &model.status;
    let decisions = model.events.len() as u64;
    match s["class_status"].as_str().unwrap_or_default() {
        "waiting" => Some(("等待教员开始演练", "waiting for the instructor to start")),
        "paused" => Some(("教员已暂停演练", "the instructor has paused the exercise")),
        "ended" => Some(("演练已结束", "the exercise has ended")),
        _ if s["locked"] == true => Some(("教员已锁定本组", "the instructor has locked your group")),
        _ if s["paced"] == "instructor" && s["released"].as_u64().unwrap_or_default() <= decisions => Some((
            "请等待教员放出下一个决策",
            "wait for the instructor to release the next decision",
        )),
        _ => None,
    }
}

fn play(
    model: &Model,
    j: &Joined,
    state: &State,
    send: Rc<dyn Fn(Value)>,
    dispatch: UseReducerDispatcher<Model>,
) -> Html {
    let blocked = status_line(model);
    let team = &model.status["team"];
    let voting = vote::voting(team);
    // In a voting group, an option is proposed, by a card-holder, when no proposal is open.
    let cannot_propose = voting && (vote::my_role(team, j.member_id).is_none() || vote::open_proposal(team).is_some());
    // Laid out as the solo play's feed: the time, then the entry.
    let feed = state.transcript.iter().map(|e| {
        let at = html! { <time>{ j.scenario.time_of_day(e.minute) }</time> };
        match &e.what {
            EntryKind::Inject { from, text, .. } => {
                html! { <li class="inject">{ at }<b>{ tr(from) }</b><span>{ tr(text) }</span></li> }
            }
            EntryKind::Decision { label, timed_out, .. } => html! {
                <li class={classes!("decided", timed_out.then_some("timed-out"))}>{ at }<span>{ "✔ " }{ tr(label) }
                    if *timed_out { { " " }{ bi("（超时，按默认处理）", "(time ran out)") } }
                </span></li>
            },
            EntryKind::Outcome { text } => html! { <li class="outcome">{ at }<span>{ tr(text) }</span></li> },
            EntryKind::Instructor { reason } => {
                html! { <li class="instructor">{ at }<span>{ reason.clone() }</span></li> }
            }
            EntryKind::Ending { title, .. } => html! { <li class="ending">{ at }<b>{ tr(title) }</b></li> },
        }
    });
    let decision = match &state.at {
        At::Ending(_) => {
            let mine = vote::my_role(team, j.member_id);
            let said = explain::team_decisions(&j.scenario, state, &model.events, mine.as_deref());
            html! {
                <>
                    <p id="group-ended">{ bi("本组演练已到结局", "your group has reached an ending") }</p>
                    if !said.is_empty() {
                        <ul class="team-votes" id="team-votes">{ for said.iter().map(|t| html! { <li>{ bi(&t.zh, &t.en) }</li> }) }</ul>
                    }
                </>
            }
        }
        At::Decision(id) => {
            let point = j.scenario.decision(id);
            let options = state.options(&j.scenario).into_iter().map(|c| {
                let (send, dispatch) = (send.clone(), dispatch.clone());
                let (decision, option, at) = (id.clone(), c.id.clone(), model.events.len());
                let kind = if voting { "propose" } else { "decide" };
                let onclick = Callback::from(move |_| {
                    dispatch.dispatch(Msg::Sent);
                    send(json!({ "type": kind, "decision": decision, "option": option, "at": at }));
                });
                html! {
                    <li><button class="option" data-option={c.id.clone()} disabled={model.pending || blocked.is_some() || cannot_propose} {onclick}>{ tr(&c.label) }</button></li>
                }
            });
            // The server's deadline for this very decision, if it is timed and open.
            let deadline = &model.status["deadline"];
            let timed = deadline["decision"] == id.as_str() && deadline["step"] == model.events.len() as u64;
            html! {
                <section class="decision" id="group-decision" data-decision={id.clone()}>
                    <h2>{ point.map(|p| tr(&p.prompt)).unwrap_or_default() }</h2>
                    if timed {
                        <Countdown deadline={deadline.clone()} running={model.status["running"] == true} id="group-countdown" />
                    }
                    <ol class="options">{ for options }</ol>
                </section>
            }
        }
    };
    // Leaving tells the server, which frees the member's card; the page forgets the member
    // when the server says `left` (a refusal, e.g. while paused, is shown and changes nothing).
    let leave = {
        let send = send.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Msg::Sent);
            send(json!({ "type": "leave" }));
        })
    };
    // Only the server can let a member go: not while a message is on its way, nor offline.
    let cannot_leave = model.pending || model.link != Some(Link::Open);
    let online = model.status["online"]
        .as_array()
        .map(|o| o.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("、"))
        .unwrap_or_default();
    // The verdict is drawn only when the server sends the items fired so far: a blind class
    // withholds them until the group's run ends.
    let revealed = model.status["fired"].is_array();
    let verdict = revealed.then(|| judge(state.case_so_far(), &j.settings));
    html! {
        <section class="class-group" id="class-group">
            <h1>{ j.group.clone() }{ " · " }{ j.member.clone() }</h1>
            <p class="meta">
                { tr(&j.scenario.title) }{ " · " }{ j.scenario.time_of_day(state.minute) }
                { " · " }{ bi("在线", "online") }{ "：" }<span id="group-online">{ online }</span>
                { " " }<button class="link" id="leave-class" onclick={leave} disabled={cannot_leave}>{ bi("退出", "leave") }</button>
            </p>
            if let Some((zh, en)) = blocked {
                <p class="banner" id="group-status">{ bi(zh, en) }</p>
            }
            if !model.messages.is_empty() {
                <section class="class-messages" id="class-messages">
                    <h2>{ bi("教员消息", "From the instructor") }</h2>
                    <ul>{ for model.messages.iter().map(|(_, t)| html! { <li>{ t.clone() }</li> }) }</ul>
                </section>
            }
            <div class="class-play">
                <div>
                    <ol class="feed" id="group-feed">{ for feed }</ol>
                    if let Some(r) = &model.rejected { { vote::rejected(r) } }
                    { vote::group_panel(&j.scenario, team, j.member_id, send.clone(), model.pending || blocked.is_some()) }
                    { decision }
                </div>
                {
                    match verdict {
                        Some(verdict) => html! { <Article8 verdict={verdict} lang={Lang::Zh} /> },
                        None if model.status["blind"] == true => html! {
                            <p class="blind-note" id="blind-note">{ bi(BLIND_NOTE.0, BLIND_NOTE.1) }</p>
                        },
                        None => html! {},
                    }
                }
            </div>
        </section>
    }
}
