//! The rows of role cards and open proposals (migration 2): who holds which role card in a
//! group, and each group's open proposal with the ballots cast so far. A decided proposal
//! becomes an event (its vote inside); an open one survives a restart here.

use rusqlite::params;

use super::{Result, Store, err, i, u};

/// A role card held by a member of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleRow {
    pub group_id: i64,
    pub role: String,
    pub member_id: i64,
}

/// A group's open proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalRow {
    pub group_id: i64,
    /// The decision's place in the group's run (0-based).
    pub at: u64,
    pub decision: String,
    pub option: String,
    /// Who proposed it.
    pub member_id: i64,
    /// The core `Vote` so far, as JSON.
    pub vote: String,
    pub created_at: u64,
}

impl Store {
    /// Gives `role` in `group` to `member`, who gives up any other role card; refused by the
    /// database when another member holds it.
    pub fn take_role(&mut self, group: i64, role: &str, member: i64) -> Result<()> {
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM roles WHERE member_id = ?1", [member])
            .map_err(err)?;
        tx.execute(
            "INSERT INTO roles (group_id, role, member_id) VALUES (?1, ?2, ?3)",
            params![group, role, member],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// The member gives up their role card, if any.
    pub fn drop_role(&self, member: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM roles WHERE member_id = ?1", [member])
            .map(|_| ())
            .map_err(err)
    }

    /// Every role card held.
    pub fn roles(&self) -> Result<Vec<RoleRow>> {
        self.all(
            "SELECT group_id, role, member_id FROM roles ORDER BY group_id, role",
            |r| {
                Ok(RoleRow {
                    group_id: r.get(0)?,
                    role: r.get(1)?,
                    member_id: r.get(2)?,
                })
            },
        )
    }

    /// Opens or updates a group's proposal (one per group).
    pub fn put_proposal(&self, p: &ProposalRow) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO proposals (group_id, at, decision, option, member_id, vote, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (group_id) DO UPDATE SET at = excluded.at, decision = excluded.decision,
                   option = excluded.option, member_id = excluded.member_id, vote = excluded.vote,
                   created_at = excluded.created_at",
                params![
                    p.group_id,
                    i(p.at),
                    p.decision,
                    p.option,
                    p.member_id,
                    p.vote,
                    i(p.created_at)
                ],
            )
            .map(|_| ())
            .map_err(err)
    }

    /// Closes a group's proposal (decided, rejected or overtaken).
    pub fn drop_proposal(&self, group: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM proposals WHERE group_id = ?1", [group])
            .map(|_| ())
            .map_err(err)
    }

    /// Every open proposal.
    pub fn proposals(&self) -> Result<Vec<ProposalRow>> {
        self.all(
            "SELECT group_id, at, decision, option, member_id, vote, created_at FROM proposals ORDER BY group_id",
            |r| {
                Ok(ProposalRow {
                    group_id: r.get(0)?,
                    at: u(r.get(1)?),
                    decision: r.get(2)?,
                    option: r.get(3)?,
                    member_id: r.get(4)?,
                    vote: r.get(5)?,
                    created_at: u(r.get(6)?),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::class;

    #[test]
    fn a_role_card_is_held_by_one_member_and_a_member_holds_one() -> Result<()> {
        let mut s = Store::memory()?;
        let (_, groups) = s.insert_class(&class("ROLES1"), &["A".into()], 1)?;
        let (a, b) = (
            s.insert_member(groups[0], "甲", "t1", 1, None)?,
            s.insert_member(groups[0], "乙", "t2", 1, None)?,
        );
        s.take_role(groups[0], "main-leader", a)?;
        assert!(s.take_role(groups[0], "main-leader", b).is_err());
        // Taking another card gives up the first.
        s.take_role(groups[0], "security-officer", a)?;
        s.take_role(groups[0], "main-leader", b)?;
        assert_eq!(s.roles()?.len(), 2);
        s.drop_role(a)?;
        assert_eq!(
            s.roles()?,
            [RoleRow {
                group_id: groups[0],
                role: "main-leader".into(),
                member_id: b
            }]
        );
        Ok(())
    }

    #[test]
    fn a_join_with_a_card_stores_both_or_neither() -> Result<()> {
        let mut s = Store::memory()?;
        let (_, groups) = s.insert_class(&class("JOINS1"), &["A".into()], 1)?;
        let a = s.insert_member(groups[0], "甲", "t1", 1, Some("main-leader"))?;
        assert_eq!(s.roles()?.len(), 1);
        // The card is taken: the second join fails as a whole, and no member is left behind.
        assert!(s.insert_member(groups[0], "乙", "t2", 1, Some("main-leader")).is_err());
        assert_eq!(s.members()?.iter().map(|m| m.id).collect::<Vec<_>>(), [a]);
        Ok(())
    }

    #[test]
    fn a_group_has_one_open_proposal() -> Result<()> {
        let mut s = Store::memory()?;
        let (_, groups) = s.insert_class(&class("PROPS1"), &["A".into()], 1)?;
        let a = s.insert_member(groups[0], "甲", "t1", 1, None)?;
        let mut p = ProposalRow {
            group_id: groups[0],
            at: 0,
            decision: "verify".into(),
            option: "escalate".into(),
            member_id: a,
            vote: "{}".into(),
            created_at: 5,
        };
        s.put_proposal(&p)?;
        p.vote = r#"{"proposed_by":"main-leader"}"#.into();
        s.put_proposal(&p)?;
        assert_eq!(s.proposals()?, [p]);
        s.drop_proposal(groups[0])?;
        assert!(s.proposals()?.is_empty());
        Ok(())
    }
}
