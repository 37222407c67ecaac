//! Blind classes: as in solo blind play (the settings screen's *blind play*), the verdict — the
//! items fired so far, the Article 8 panel — waits for the debrief. The server enforces it: a
//! group's `status` carries the items fired so far only in an open class, or once the group's
//! run has ended (or the instructor has ended the exercise); the group's page draws the Article 8
//! panel only when the server sends them. The instructor's board always carries everything.

use serde_json::{Value, json};
use zeren_core::engine::At;

use super::{Class, Group};

/// Whether group `g` may see its verdict now.
pub fn revealed(c: &Class, g: &Group) -> bool {
    !c.row.blind || matches!(g.state.at, At::Ending(_)) || c.row.status == "ended"
}

/// The items fired so far as the group's `status` carries them: withheld (`null`) while blind.
pub fn fired(c: &Class, g: &Group) -> Value {
    if revealed(c, g) { json!(g.fired) } else { Value::Null }
}
