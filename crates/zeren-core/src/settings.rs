//! The instructor's settings for a run: the parameters and the readings in force.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::params::{Params, Readings};

/// The instructor's settings: parameters and readings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Numeric parameters.
    pub params: Params,
    /// Readings of ambiguous passages.
    pub readings: Readings,
}

impl Settings {
    /// These settings with the case's own overrides applied on top.
    pub fn for_case(&self, case: &Case) -> Settings {
        let mut s = self.clone();
        for (name, value) in &case.params {
            s.params.set(name, *value);
        }
        for (id, value) in &case.readings {
            s.readings.set(id, value);
        }
        s
    }
}
