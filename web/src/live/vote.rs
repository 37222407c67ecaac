//! Role cards and team votes on the class pages (docs/class-protocol.md, "Role cards and
//! votes"): a member takes a card and reads its private briefing, proposes an option, sees the
//! open proposal and every role's ballot live, and votes; the console's board shows a group's
//! open proposal and its ballots. Everything here reads the `team` the server sends.

use std::rc::Rc;

use serde_json::{Value, json};
use yew::prelude::*;
#[cfg(feature = "class")]
use zeren_core::Scenario;

use super::bi;
#[cfg(feature = "class")]
use super::tr;

/// True when someone in the group holds a card: the group decides by proposal and vote.
pub fn voting(team: &Value) -> bool {
    team["roles"].as_array().is_some_and(|r| !r.is_empty())
}

#[cfg(feature = "class")]
/// The card member `me` holds, if any.
pub fn my_role(team: &Value, me: i64) -> Option<String> {
    team["roles"]
        .as_array()?
        .iter()
        .find(|r| r["member"].as_i64() == Some(me))
        .and_then(|r| r["role"].as_str())
        .map(str::to_owned)
}

/// The open proposal, if any.
pub fn open_proposal(team: &Value) -> Option<&Value> {
    Some(&team["proposal"]).filter(|p| p.is_object())
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

/// A card's post from the team's list, else its id.
fn post(team: &Value, role: &str) -> Html {
    let found = team["roles"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["role"] == role));
    match found {
        Some(r) => bi(&s(&r["post"]["zh"]), &s(&r["post"]["en"])),
        None => html! { { role.to_owned() } },
    }
}

fn ballot_words(b: &str) -> (&'static str, &'static str, &'static str) {
    match b {
        "for" => ("✔", "赞成", "for"),
        "against" => ("✘", "反对", "against"),
        "abstain" => ("–", "弃权", "abstain"),
        _ => ("…", "未投票", "not yet"),
    }
}

/// Each held card's ballot on the proposal: post, then for / against / abstain / not yet.
fn ballots(team: &Value, p: &Value) -> Html {
    let roles = team["roles"].as_array().cloned().unwrap_or_default();
    let rows = roles.iter().map(|r| {
        let role = s(&r["role"]);
        let b = s(&p["ballots"][&role]);
        let (mark, zh, en) = ballot_words(&b);
        html! {
            <li data-role={role.clone()} data-ballot={if b.is_empty() { "none".to_owned() } else { b.clone() }}>
                { post(team, &role) }{ " · " }{ s(&r["name"]) }{ format!(" {mark} ") }{ bi(zh, en) }
            </li>
        }
    });
    html! { <ul class="ballots">{ for rows }</ul> }
}

#[cfg(feature = "class")]
/// The group page's panel: the cards (take, give up, my briefing), the open proposal with its
/// ballots, and my vote. `busy` while a message waits for its answer or the group may not act.
pub fn group_panel(scenario: &Scenario, team: &Value, me: i64, send: Rc<dyn Fn(Value)>, busy: bool) -> Html {
    if scenario.role_cards.is_empty() {
        return html! {};
    }
    let mine = my_role(team, me);
    let proposal = open_proposal(team);
    let cards = scenario.role_cards.iter().map(|card| {
        let holder = team["roles"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["role"] == card.id.as_str()))
            .map(|r| (r["member"].as_i64(), s(&r["name"])));
        let held_by_me = mine.as_deref() == Some(card.id.as_str());
        let button = match &holder {
            _ if proposal.is_some() => html! {},
            Some(_) if held_by_me => {
                let send = send.clone();
                let onclick = Callback::from(move |_| send(json!({ "type": "take_role", "role": null })));
                html! { <button class="link give-up" disabled={busy} {onclick}>{ bi("放弃", "give up") }</button> }
            }
            Some(_) => html! {},
            None => {
                let (send, role) = (send.clone(), card.id.clone());
                let onclick = Callback::from(move |_| send(json!({ "type": "take_role", "role": role })));
                html! { <button class="take-role" disabled={busy} {onclick}>{ bi("担任", "take") }</button> }
            }
        };
        let who = match &holder {
            Some((_, name)) => html! { <span class="holder">{ name.clone() }</span> },
            None => html! { <span class="holder free">{ bi("空缺", "free") }</span> },
        };
        html! {
            <li class={classes!("role-card", held_by_me.then_some("mine"))} data-role={card.id.clone()}>
                <b>{ tr(&card.post) }</b>{ " · " }{ who }{ " " }{ button }
            </li>
        }
    });
    let briefing = mine
        .as_ref()
        .and_then(|m| scenario.role_cards.iter().find(|c| &c.id == m))
        .map(|c| {
            html! {
                <div class="role-briefing" id="role-briefing">
                    <h3>{ bi("你的角色：", "Your role: ") }{ tr(&c.post) }</h3>
                    <p>{ tr(&c.briefing) }</p>
                </div>
            }
        });
    let open = proposal.map(|p| {
        let voted = mine.as_ref().is_some_and(|m| !p["ballots"][m].is_null());
        let vote_buttons = (mine.is_some() && !voted).then(|| {
            let at = p["at"].as_u64().unwrap_or_default();
            let button = |ballot: &'static str, zh: &str, en: &str| {
                let send = send.clone();
                let onclick = Callback::from(move |_| send(json!({ "type": "vote", "at": at, "ballot": ballot })));
                html! { <button id={format!("vote-{ballot}")} class="vote" disabled={busy} {onclick}>{ bi(zh, en) }</button> }
            };
            html! {
                <p class="vote-buttons">
                    { button("for", "赞成", "for") }{ button("against", "反对", "against") }{ button("abstain", "弃权", "abstain") }
                </p>
            }
        });
        let by_me = team["roles"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["role"] == p["proposed_by"]))
            .is_some_and(|r| r["member"].as_i64() == Some(me));
        let withdraw = by_me.then(|| {
            let send = send.clone();
            let onclick = Callback::from(move |_| send(json!({ "type": "withdraw" })));
            html! { <button class="link" id="withdraw" disabled={busy} {onclick}>{ bi("撤回提议", "withdraw") }</button> }
        });
        html! {
            <div class="proposal" id="proposal" data-option={s(&p["option"])}>
                <p>
                    { bi("提议", "Proposal") }{ "：「" }{ bi(&s(&p["label"]["zh"]), &s(&p["label"]["en"])) }{ "」 — " }
                    { s(&p["by"]) }{ "（" }{ post(team, &s(&p["proposed_by"])) }{ "）" }
                    { " · " }{ bi("通过需赞成票", "ballots for needed") }{ format!(" {}", team["needed"]) }
                </p>
                { ballots(team, p) }
                { vote_buttons }
                { withdraw }
            </div>
        }
    });
    let hint = if !voting(team) {
        bi(
            "本组无人担任角色时，任何成员可直接决策；有人担任角色后，决策须经提议和表决（过半数赞成）。",
            "While nobody in your group holds a role card, any member decides directly; once someone does, decisions go by proposal and a majority vote.",
        )
    } else if mine.is_none() {
        bi("担任一个角色才能提议和表决。", "Take a role card to propose and vote.")
    } else if proposal.is_none() {
        bi("选择一个选项即提出提议。", "Choosing an option proposes it.")
    } else {
        html! {}
    };
    html! {
        <section class="team" id="team">
            <h2>{ bi("角色与表决", "Roles and votes") }</h2>
            <ul class="role-cards">{ for cards }</ul>
            { briefing }
            { open }
            <p class="hint">{ hint }</p>
        </section>
    }
}

#[cfg(feature = "class")]
/// The role cards of `class_info`: (id, post in Chinese, in English).
pub fn cards(roles: &Value) -> Vec<(String, String, String)> {
    roles
        .as_array()
        .map(|r| {
            r.iter()
                .map(|c| (s(&c["id"]), s(&c["post"]["zh"]), s(&c["post"]["en"])))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(feature = "class")]
/// The join form's choice of a role card (none by default).
pub fn join_select(cards: &[(String, String, String)], node: NodeRef) -> Html {
    if cards.is_empty() {
        return html! {};
    }
    html! {
        <label>{ bi("角色（可不选）", "Role card (optional)") }
            <select id="join-role" ref={node}>
                <option value="" selected=true>{ "— 不担任 / none —" }</option>
                { for cards.iter().map(|(id, zh, en)| html! { <option value={id.clone()}>{ format!("{zh} / {en}") }</option> }) }
            </select>
        </label>
    }
}

#[cfg(feature = "class")]
/// The banner after a proposal was rejected.
pub fn rejected(v: &Value) -> Html {
    html! {
        <p class="banner" id="proposal-rejected">
            { bi("提议未获通过", "Proposal rejected") }{ "：「" }{ bi(&s(&v["label"]["zh"]), &s(&v["label"]["en"])) }{ "」 — " }{ s(&v["by"]) }
        </p>
    }
}

#[cfg(feature = "instructor")]
/// The console board's line for a group: its cards held (each may be freed, when its holder
/// has gone) and the open proposal's ballots.
pub fn board_line(team: &Value, class: i64, group: i64, send: Rc<dyn Fn(Value)>) -> Html {
    if !voting(team) {
        return html! {};
    }
    let roles = team["roles"].as_array().cloned().unwrap_or_default();
    let held = roles.iter().map(|r| {
        let role = s(&r["role"]);
        let send = send.clone();
        let free = {
            let role = role.clone();
            Callback::from(move |_| send(json!({ "type": "free_role", "class": class, "group": group, "role": role })))
        };
        html! {
            <li data-role={role.clone()}>
                { post(team, &role) }{ " · " }{ s(&r["name"]) }{ " " }
                <button class="link free-role" title="释放此角色 / free this card" onclick={free}>{ "×" }</button>
            </li>
        }
    });
    let proposal = open_proposal(team).map(|p| {
        html! {
            <div class="proposal" data-option={s(&p["option"])}>
                { bi("提议", "proposal") }{ "：「" }{ s(&p["label"]["zh"]) }{ "」 " }{ s(&p["by"]) }
                { ballots(team, p) }
            </div>
        }
    });
    let class = if proposal.is_some() {
        "team-line proposal"
    } else {
        "team-line"
    };
    html! {
        <div class={class}>
            <details><summary>{ bi("角色", "roles") }{ format!(" {}", roles.len()) }</summary><ul class="held">{ for held }</ul></details>
            { proposal }
        </div>
    }
}
