//! Zeren's pure core: the regulation 《党委(党组)网络安全工作责任制实施办法》 as data, case files,
//! the judge of Article 8's seven items, accountability, scenarios and the engine that plays
//! them, and diagnostics.
//!
//! No I/O, no clock, no OS randomness: the same input gives the same output on every platform,
//! natively and in WebAssembly. Files come in as text; verdicts and diagnostics go out as data.

pub mod accountability;
pub mod analysis;
pub mod builtin;
pub mod case;
pub mod counterfactual;
pub mod debrief;
pub mod diagnostic;
pub mod engine;
pub mod facts;
pub mod judge;
pub mod limits;
pub mod params;
pub mod regulation;
pub mod report;
pub mod scenario;
pub mod text;
pub mod toml_reader;
pub mod transcript;
pub mod verdict;

pub use case::{Case, parse_case};
pub use diagnostic::{Diagnostic, Severity};
pub use judge::{Settings, judge};
pub use params::{Params, Readings};
pub use scenario::{Scenario, parse_scenario};
pub use verdict::{Lang, Verdict};
