//! Zeren in the browser: a thin Yew front end over zeren-core. Screens are components; the
//! state is one reducer (model.rs); storage is an adapter (storage.rs).

mod app;
mod article8;
mod branchmap;
mod briefing;
mod debrief;
mod editor;
mod history;
mod library;
mod model;
mod orgchart;
mod play;
mod settings;
mod storage;
mod timeline;
mod words;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
