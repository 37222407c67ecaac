//! The deadlines of timed decisions (migration 2): one row per group whose open decision is
//! timed, its due time on the class's shared clock (`clock_ms`, which stops while the class is
//! paused). A decision and the deadline it replaces are written in one transaction.

use rusqlite::params;

use super::{EventRow, Result, Store, err, i, insert_rows, u};

/// A group's deadline as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineRow {
    pub group_id: i64,
    /// The timed decision.
    pub decision: String,
    /// How many decisions the group had made when it opened (which visit of it this is).
    pub step: u64,
    /// When it runs out, on the class's shared clock (milliseconds).
    pub due_ms: u64,
}

fn set(conn: &rusqlite::Connection, group: i64, deadline: Option<&DeadlineRow>) -> Result<()> {
    match deadline {
        Some(d) => conn.execute(
            "INSERT INTO deadlines (group_id, decision, step, due_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (group_id) DO UPDATE SET decision = excluded.decision, step = excluded.step,
                                                  due_ms = excluded.due_ms",
            params![group, d.decision, i(d.step), i(d.due_ms)],
        ),
        None => conn.execute("DELETE FROM deadlines WHERE group_id = ?1", [group]),
    }
    .map(|_| ())
    .map_err(err)
}

impl Store {
    /// Sets (or, with `None`, clears) a group's deadline.
    pub fn set_deadline(&self, group: i64, deadline: Option<&DeadlineRow>) -> Result<()> {
        set(&self.conn, group, deadline)
    }

    /// Appends a group's entries and sets its deadline in one transaction: both or neither.
    pub fn insert_events_and_deadline(
        &mut self,
        rows: &[EventRow],
        group: i64,
        deadline: Option<&DeadlineRow>,
    ) -> Result<()> {
        let tx = self.conn.transaction().map_err(err)?;
        insert_rows(&tx, rows)?;
        set(&tx, group, deadline)?;
        tx.commit().map_err(err)
    }

    /// Every deadline.
    pub fn deadlines(&self) -> Result<Vec<DeadlineRow>> {
        self.all(
            "SELECT group_id, decision, step, due_ms FROM deadlines ORDER BY group_id",
            |r| {
                Ok(DeadlineRow {
                    group_id: r.get(0)?,
                    decision: r.get(1)?,
                    step: u(r.get(2)?),
                    due_ms: u(r.get(3)?),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ClassRow;

    #[test]
    fn a_deadline_is_set_replaced_with_its_decision_and_cleared() -> Result<()> {
        let mut s = Store::memory()?;
        let row = ClassRow {
            status: "running".into(),
            ..crate::store::tests::class("DEADLN")
        };
        let (_, groups) = s.insert_class(&row, &["A".into()], 1)?;
        let g = groups[0];
        let first = DeadlineRow {
            group_id: g,
            decision: "verify".into(),
            step: 0,
            due_ms: 60_000,
        };
        s.set_deadline(g, Some(&first))?;
        assert_eq!(s.deadlines()?, vec![first.clone()]);
        let next = DeadlineRow {
            decision: "second".into(),
            step: 1,
            due_ms: 90_000,
            ..first
        };
        let event = EventRow {
            group_id: g,
            seq: 1,
            kind: "event".into(),
            body: "{}".into(),
            member_id: None,
            at: 2,
        };
        s.insert_events_and_deadline(std::slice::from_ref(&event), g, Some(&next))?;
        assert_eq!(s.deadlines()?, vec![next]);
        // A failed insert (the same sequence number) leaves the deadline as it was.
        assert!(s.insert_events_and_deadline(&[event], g, None).is_err());
        assert_eq!(s.deadlines()?.len(), 1);
        s.set_deadline(g, None)?;
        assert!(s.deadlines()?.is_empty());
        Ok(())
    }
}
