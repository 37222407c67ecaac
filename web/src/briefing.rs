//! The briefing: the trainee's role, the system at stake, who is who, the settings in force.

use std::rc::Rc;

use yew::prelude::*;
use zeren_core::text;

use crate::model::{Action, Ctx, Screen, dispatch};
use crate::orgchart::OrgChart;
use crate::settings::SettingsSummary;
use crate::teaching;
use crate::words::t;

/// The briefing screen.
#[component]
pub fn Briefing() -> Html {
    let Some(model) = use_context::<Ctx>() else {
        return html! {};
    };
    let Some(run) = model.run.clone() else {
        return html! {};
    };
    let lang = model.lang;
    let s = run.scenario();
    let sys = &s.base.system;
    let system_name = match (lang, &sys.name_en) {
        (zeren_core::Lang::En, Some(n)) => n.clone(),
        _ => sys.name.clone(),
    };
    let cii = if sys.cii {
        t(
            lang,
            "；已认定为关键信息基础设施",
            "; designated critical information infrastructure",
        )
    } else {
        String::new()
    };
    html! {
        <section class="briefing" id="briefing">
            <h1>{ s.title.get(lang).to_owned() }</h1>
            <p>{ s.summary.get(lang).to_owned() }</p>
            <dl>
                <dt>{ t(lang, "你的角色", "Your role") }</dt><dd id="role">{ s.role.get(lang).to_owned() }</dd>
                <dt>{ t(lang, "涉事系统", "System at stake") }</dt>
                <dd>{ system_name }{ "（" }{ text::system_kind(sys.kind).get(lang).to_owned() }{ "，" }{ text::level(sys.level).get(lang).to_owned() }{ cii }{ "）" }</dd>
                <dt>{ t(lang, "随机种子", "Seed") }</dt><dd>{ run.seed() }</dd>
            </dl>
            { teaching::objectives(s, lang) }
            { teaching::role_cards(s, lang) }
            { teaching::guide(s, lang) }
            <h2>{ t(lang, "组织结构", "Who is who") }</h2>
            <OrgChart case={Rc::new(s.base.clone())} lang={lang} />
            <SettingsSummary />
            <button class="primary" id="begin" onclick={dispatch(&model, || Action::Show(Screen::Play))}>
                { t(lang, "开始推演", "Begin") }
            </button>
        </section>
    }
}
