//! The class.
use yew::prelude::*;
/// The class.
#[component]
pub fn Cohort() -> Html {
    html! {}
}

/// Props of [`Shares`].
#[derive(Properties, PartialEq)]
pub struct SharesProps {
    /// The decision.
    pub decision: String,
    /// The scenario id.
    pub scenario: String,
}

/// How the room chose at one decision.
#[component]
pub fn Shares(_props: &SharesProps) -> Html {
    html! {}
}

/// The room's runs.
#[derive(Debug, PartialEq)]
pub struct Class;
