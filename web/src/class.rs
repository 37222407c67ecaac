//! The room's runs as the app holds them: the runs, their comparison (zeren-core's `cohort`),
//! the instructor's report, and what an import could not read or set aside. Plain data: the
//! screens render it, storage keeps it.

use std::rc::Rc;

use zeren_core::cohort::import::{self, Aside, Import};
use zeren_core::cohort::report::Report;
use zeren_core::cohort::{Cohort as Compared, CohortError, Member, cohort};
use zeren_core::verdict::Text;

/// The room's runs, compared, with the instructor's report.
#[derive(Clone, Debug)]
pub struct Class {
    /// The runs compared.
    pub members: Rc<Vec<Member>>,
    /// The comparison (none when no run could be read).
    pub cohort: Option<Rc<Compared>>,
    /// The after-action report as typed.
    pub report: Report,
    /// Inputs of the last import that could not be read: name and why.
    pub damaged: Vec<(String, Text)>,
    /// Runs set aside: another scenario or other settings.
    pub aside: Rc<Vec<Aside>>,
}

impl PartialEq for Class {
    fn eq(&self, other: &Class) -> bool {
        Rc::ptr_eq(&self.members, &other.members)
            && Rc::ptr_eq(&self.aside, &other.aside)
            && self.report == other.report
            && self.damaged == other.damaged
    }
}

impl Class {
    /// The class after an import: the new runs join the class's (or are set aside), the report
    /// of a class file is taken when the class has none yet.
    pub fn with(current: Option<&Class>, new: Import) -> Class {
        let old: Vec<Member> = current.map(|c| c.members.as_ref().clone()).unwrap_or_default();
        let (kept, aside) = import::arrange(old, new.members);
        let report = match (current, new.report) {
            (Some(c), Some(r)) if c.report == Report::default() => r,
            (Some(c), _) => c.report.clone(),
            (None, r) => r.unwrap_or_default(),
        };
        let mut damaged = new.damaged;
        let compared = match cohort(&kept) {
            Ok(c) => Some(Rc::new(c)),
            Err(CohortError::Empty) => None,
            Err(e) => {
                damaged.push((String::new(), e.text()));
                None
            }
        };
        Class {
            members: Rc::new(kept),
            cohort: compared,
            report,
            damaged,
            aside: Rc::new(aside),
        }
    }

    /// This class with another report.
    pub fn reported(&self, report: Report) -> Class {
        Class { report, ..self.clone() }
    }
}
