//! The countdown of a timed decision in a live class, from the server's deadline (the `deadline`
//! of a group's `status` or of a board's row: the milliseconds left on the class's shared clock
//! when it was sent). It counts down from there while the class runs and stands still while the
//! instructor pauses; the timeout itself is the server's (docs/class-protocol.md).

use gloo::timers::callback::Interval;
use serde_json::Value;
use yew::prelude::*;
use zeren_core::scenario::COUNTDOWN_SECONDS_PER_MINUTE;

use super::bi;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// What the countdown shows.
#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// The server's deadline (`{decision, step, left_ms, limit_ms}`), or null.
    pub deadline: Value,
    /// Whether the class's clock runs.
    pub running: bool,
    /// The element's id, if any.
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Only the seconds (the board's cell).
    #[prop_or_default]
    pub short: bool,
}

/// Seconds left before the decision takes its default option.
#[component]
pub fn Countdown(props: &CountdownProps) -> Html {
    // When the deadline (or the clock's state) was received: the count starts there.
    let since = use_memo((props.deadline.clone(), props.running), |_| now_ms());
    let update = use_force_update();
    use_effect_with(props.running, move |running| {
        let ticker = running.then(|| Interval::new(250, move || update.force_update()));
        move || drop(ticker)
    });
    let Some(left) = props.deadline["left_ms"].as_u64() else {
        return html! {};
    };
    let elapsed = if props.running {
        (now_ms() - *since).max(0.0)
    } else {
        0.0
    };
    let left = (left as f64 - elapsed).max(0.0);
    let seconds = (left / 1000.0).ceil() as u64;
    // The limit in scenario minutes, as solo play words it.
    let minutes = props.deadline["limit_ms"].as_u64().unwrap_or_default() / (COUNTDOWN_SECONDS_PER_MINUTE * 1000);
    let class = classes!(
        "countdown",
        "live-countdown",
        (seconds <= 10).then_some("urgent"),
        (!props.running).then_some("stopped")
    );
    if props.short {
        return html! {
            <span class={class} id={props.id.clone()} data-left={seconds.to_string()}>
                { bi("剩", "left") }{ format!(" {seconds} s") }
            </span>
        };
    }
    html! {
        <p class={class} id={props.id.clone()} data-left={seconds.to_string()} role="timer">
            if seconds == 0 {
                { bi("时间到，等待按默认选项处理", "time is up: the default option is being taken") }
            } else {
                { bi("限时：场景时间", "time limit:") }{ format!(" {minutes} ") }{ bi("分钟", "scenario minutes") }{ " · " }
                { bi("剩余", "left") }{ " " }<b class="seconds-left">{ seconds }</b>{ " s" }
                if !props.running { { " · " }{ bi("已暂停", "paused") } }
            }
        </p>
    }
}

/// What the class clock shows.
#[cfg(feature = "instructor")]
#[derive(Properties, PartialEq)]
pub struct ElapsedProps {
    /// The class's shared clock when the board was sent (`clock_ms`).
    pub clock_ms: u64,
    /// Whether it runs.
    pub running: bool,
}

/// The class's shared clock on the console (minutes:seconds), ticking while the class runs
/// from the board's `clock_ms`, standing still while it is paused, waiting or ended.
#[cfg(feature = "instructor")]
#[component]
pub fn Elapsed(props: &ElapsedProps) -> Html {
    let since = use_memo((props.clock_ms, props.running), |_| now_ms());
    let update = use_force_update();
    use_effect_with(props.running, move |running| {
        let ticker = running.then(|| Interval::new(500, move || update.force_update()));
        move || drop(ticker)
    });
    let elapsed = if props.running {
        (now_ms() - *since).max(0.0) as u64
    } else {
        0
    };
    let s = (props.clock_ms + elapsed) / 1000;
    html! { <span class="class-clock">{ format!("{}:{:02}", s / 60, s % 60) }</span> }
}
