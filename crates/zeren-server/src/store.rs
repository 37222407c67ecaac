//! The class database: one SQLite file (`zeren.db`) in the data directory, in WAL mode, with
//! `synchronous = FULL` so that a row is on disk when its insert returns. The schema and its
//! migrations are documented in docs/class-protocol.md ("Storage").
//!
//! Only the hub's thread touches the connection; nothing here runs on the async runtime.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

mod deadlines;
mod votes;

pub use deadlines::DeadlineRow;
pub use votes::ProposalRow;

/// The migrations, in order: `PRAGMA user_version` holds how many have been applied. Never edit
/// one that has shipped; add the next.
const MIGRATIONS: &[&str] = &[
    // 1: classes, their groups, the groups' members, and every group's log of entries.
    "CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE classes (
        id              INTEGER PRIMARY KEY,
        code            TEXT NOT NULL UNIQUE,
        scenario_id     TEXT NOT NULL,
        scenario_source TEXT NOT NULL,
        seed            INTEGER NOT NULL,
        settings        TEXT NOT NULL,
        paced           TEXT NOT NULL CHECK (paced IN ('self', 'instructor')),
        status          TEXT NOT NULL CHECK (status IN ('waiting', 'running', 'paused', 'ended')),
        released        INTEGER NOT NULL DEFAULT 0,
        clock_ms        INTEGER NOT NULL DEFAULT 0,
        running_since   INTEGER,
        created_at      INTEGER NOT NULL
    );
    CREATE TABLE groups (
        id       INTEGER PRIMARY KEY,
        class_id INTEGER NOT NULL REFERENCES classes(id),
        position INTEGER NOT NULL,
        name     TEXT NOT NULL,
        locked   INTEGER NOT NULL DEFAULT 0,
        UNIQUE (class_id, position)
    );
    CREATE TABLE members (
        id        INTEGER PRIMARY KEY,
        group_id  INTEGER NOT NULL REFERENCES groups(id),
        name      TEXT NOT NULL,
        token     TEXT NOT NULL UNIQUE,
        joined_at INTEGER NOT NULL
    );
    CREATE TABLE events (
        group_id  INTEGER NOT NULL REFERENCES groups(id),
        seq       INTEGER NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('event', 'message')),
        body      TEXT NOT NULL,
        member_id INTEGER REFERENCES members(id),
        at        INTEGER NOT NULL,
        PRIMARY KEY (group_id, seq)
    ) WITHOUT ROWID;",
    // 2: the deadline of each group's open timed decision, on its class's shared clock.
    "CREATE TABLE deadlines (
        group_id INTEGER PRIMARY KEY REFERENCES groups(id),
        decision TEXT NOT NULL,
        step     INTEGER NOT NULL,
        due_ms   INTEGER NOT NULL
    );",
    // 3: blind classes (a group sees no verdict before its run ends).
    "ALTER TABLE classes ADD COLUMN blind INTEGER NOT NULL DEFAULT 0;",
    // 4: role cards held in groups, and each group's open proposal with its ballots so far.
    "CREATE TABLE roles (
        group_id  INTEGER NOT NULL REFERENCES groups(id),
        role      TEXT NOT NULL,
        member_id INTEGER NOT NULL UNIQUE REFERENCES members(id),
        PRIMARY KEY (group_id, role)
    ) WITHOUT ROWID;
    CREATE TABLE proposals (
        group_id   INTEGER PRIMARY KEY REFERENCES groups(id),
        at         INTEGER NOT NULL,
        decision   TEXT NOT NULL,
        option     TEXT NOT NULL,
        member_id  INTEGER NOT NULL REFERENCES members(id),
        vote       TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );",
    // 5: the role cards in play in a class, as a JSON list of ids (none: all the scenario's).
    "ALTER TABLE classes ADD COLUMN roles TEXT;",
    // 6: when a member left their group (`leave`); their token is no longer good.
    "ALTER TABLE members ADD COLUMN left_at INTEGER;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// A class as stored.
#[derive(Clone, Debug)]
pub struct ClassRow {
    pub id: i64,
    pub code: String,
    pub scenario_id: String,
    pub scenario_source: String,
    pub seed: u64,
    pub settings: String,
    pub paced: String,
    pub status: String,
    pub released: u32,
    pub clock_ms: u64,
    pub running_since: Option<u64>,
    /// Blind: a group sees no verdict before its run ends (migration 3).
    pub blind: bool,
    /// The role cards in play (ids); none: all the scenario's (migration 5).
    pub roles: Option<Vec<String>>,
}

/// A group as stored.
#[derive(Clone, Debug)]
pub struct GroupRow {
    pub id: i64,
    pub class_id: i64,
    pub name: String,
    pub locked: bool,
}

/// A member as stored.
#[derive(Clone, Debug)]
pub struct MemberRow {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub token: String,
    /// The member has left their group (migration 6).
    pub left: bool,
}

/// One entry of a group's log as stored.
#[derive(Clone, Debug)]
pub struct EventRow {
    pub group_id: i64,
    pub seq: u64,
    pub kind: String,
    pub body: String,
    pub member_id: Option<i64>,
    pub at: u64,
}

/// The database.
pub struct Store {
    conn: Connection,
}

/// A storage error, as text for the log and the client.
pub type Result<T> = std::result::Result<T, String>;

fn err(e: rusqlite::Error) -> String {
    e.to_string()
}

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or_default()
}

fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn insert_rows(tx: &rusqlite::Transaction<'_>, rows: &[EventRow]) -> Result<()> {
    for r in rows {
        tx.execute(
            "INSERT INTO events (group_id, seq, kind, body, member_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![r.group_id, i(r.seq), r.kind, r.body, r.member_id, i(r.at)],
        )
        .map_err(err)?;
    }
    Ok(())
}

impl Store {
    /// Opens (or creates) `dir/zeren.db` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join("zeren.db");
        let conn = Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Store::init(conn)
    }

    /// An in-memory database (unit tests).
    #[cfg(test)]
    pub fn memory() -> Result<Store> {
        Store::init(Connection::open_in_memory().map_err(err)?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(err)?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > MIGRATIONS.len() {
            return Err(format!(
                "数据库的版本 {version} 比本程序新（{}）/ the database's schema version {version} is newer than this build's ({})",
                MIGRATIONS.len(),
                MIGRATIONS.len()
            ));
        }
        for (n, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction().map_err(err)?;
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(None, "user_version", n + 1).map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    #[cfg(test)]
    pub fn version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)
    }

    /// A value of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(err)
    }

    /// Sets a value of the `meta` table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(err)
    }

    /// Inserts a class and its groups in one transaction; returns the class id and group ids.
    pub fn insert_class(&mut self, c: &ClassRow, groups: &[String], now: u64) -> Result<(i64, Vec<i64>)> {
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO classes (code, scenario_id, scenario_source, seed, settings, paced, status,
                                  released, clock_ms, running_since, created_at, blind, roles)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                c.code,
                c.scenario_id,
                c.scenario_source,
                i(c.seed),
                c.settings,
                c.paced,
                c.status,
                c.released,
                i(c.clock_ms),
                c.running_since.map(i),
                i(now),
                c.blind,
                c.roles.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default())
            ],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        let mut ids = Vec::new();
        for (n, name) in groups.iter().enumerate() {
            tx.execute(
                "INSERT INTO groups (class_id, position, name) VALUES (?1, ?2, ?3)",
                params![id, n, name],
            )
            .map_err(err)?;
            ids.push(tx.last_insert_rowid());
        }
        tx.commit().map_err(err)?;
        Ok((id, ids))
    }

    /// Writes a class's status, pacing and clock.
    pub fn update_class(&self, c: &ClassRow) -> Result<()> {
        self.conn
            .execute(
                "UPDATE classes SET status = ?2, released = ?3, clock_ms = ?4, running_since = ?5
                 WHERE id = ?1",
                params![c.id, c.status, c.released, i(c.clock_ms), c.running_since.map(i)],
            )
            .map(|_| ())
            .map_err(err)
    }

    /// Locks or unlocks a group.
    pub fn set_locked(&self, group: i64, locked: bool) -> Result<()> {
        self.conn
            .execute("UPDATE groups SET locked = ?2 WHERE id = ?1", params![group, locked])
            .map(|_| ())
            .map_err(err)
    }

    /// Adds a member, holding the role card `role` when given, in one transaction: both or
    /// neither are stored. Returns the member's id.
    pub fn insert_member(&mut self, group: i64, name: &str, token: &str, now: u64, role: Option<&str>) -> Result<i64> {
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO members (group_id, name, token, joined_at) VALUES (?1, ?2, ?3, ?4)",
            params![group, name, token, i(now)],
        )
        .map_err(err)?;
        let id = tx.last_insert_rowid();
        if let Some(role) = role {
            tx.execute(
                "INSERT INTO roles (group_id, role, member_id) VALUES (?1, ?2, ?3)",
                params![group, role, id],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// The member leaves their group for good (their token no longer good).
    pub fn leave(&self, member: i64, now: u64) -> Result<()> {
        self.conn
            .execute("UPDATE members SET left_at = ?2 WHERE id = ?1", params![member, i(now)])
            .map(|_| ())
            .map_err(err)
    }

    /// Appends entries to groups' logs in one transaction: committed when this returns `Ok`.
    pub fn insert_events(&mut self, rows: &[EventRow]) -> Result<()> {
        let tx = self.conn.transaction().map_err(err)?;
        insert_rows(&tx, rows)?;
        tx.commit().map_err(err)
    }

    /// Every row `sql` selects, each made by `row`.
    fn all<T>(&self, sql: &str, row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let mut st = self.conn.prepare(sql).map_err(err)?;
        let rows = st.query_map([], row).map_err(err)?;
        rows.collect::<std::result::Result<_, _>>().map_err(err)
    }

    /// Every class, oldest first.
    pub fn classes(&self) -> Result<Vec<ClassRow>> {
        self.all(
            "SELECT id, code, scenario_id, scenario_source, seed, settings, paced, status, released,
                        clock_ms, running_since, blind, roles FROM classes ORDER BY id",
            |r| {
                Ok(ClassRow {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    scenario_id: r.get(2)?,
                    scenario_source: r.get(3)?,
                    seed: u(r.get(4)?),
                    settings: r.get(5)?,
                    paced: r.get(6)?,
                    status: r.get(7)?,
                    released: r.get(8)?,
                    clock_ms: u(r.get(9)?),
                    running_since: r.get::<_, Option<i64>>(10)?.map(u),
                    blind: r.get(11)?,
                    // A list that does not read keeps every card rather than none.
                    roles: r
                        .get::<_, Option<String>>(12)?
                        .and_then(|t| serde_json::from_str(&t).ok()),
                })
            },
        )
    }

    /// Every group, by class and position.
    pub fn groups(&self) -> Result<Vec<GroupRow>> {
        self.all(
            "SELECT id, class_id, name, locked FROM groups ORDER BY class_id, position",
            |r| {
                Ok(GroupRow {
                    id: r.get(0)?,
                    class_id: r.get(1)?,
                    name: r.get(2)?,
                    locked: r.get(3)?,
                })
            },
        )
    }

    /// Every member, in order of joining.
    pub fn members(&self) -> Result<Vec<MemberRow>> {
        self.all(
            "SELECT id, group_id, name, token, left_at IS NOT NULL FROM members ORDER BY id",
            |r| {
                Ok(MemberRow {
                    id: r.get(0)?,
                    group_id: r.get(1)?,
                    name: r.get(2)?,
                    token: r.get(3)?,
                    left: r.get(4)?,
                })
            },
        )
    }

    /// Every entry, by group and sequence number.
    pub fn events(&self) -> Result<Vec<EventRow>> {
        self.all(
            "SELECT group_id, seq, kind, body, member_id, at FROM events ORDER BY group_id, seq",
            |r| {
                Ok(EventRow {
                    group_id: r.get(0)?,
                    seq: u(r.get(1)?),
                    kind: r.get(2)?,
                    body: r.get(3)?,
                    member_id: r.get(4)?,
                    at: u(r.get(5)?),
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn class(code: &str) -> ClassRow {
        ClassRow {
            id: 0,
            code: code.into(),
            scenario_id: "defacement".into(),
            scenario_source: String::new(),
            seed: 7,
            settings: "{}".into(),
            paced: "self".into(),
            status: "waiting".into(),
            released: 0,
            clock_ms: 0,
            running_since: None,
            blind: false,
            roles: None,
        }
    }

    #[test]
    fn migrations_run_once_and_rows_round_trip() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("zeren-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        {
            let mut s = Store::open(&dir)?;
            assert_eq!(s.version()?, SCHEMA_VERSION as i64);
            let (id, groups) = s.insert_class(&class("ABCDEF"), &["一组".into(), "二组".into()], 1)?;
            let m = s.insert_member(groups[1], "张三", "t0k3n", 2, None)?;
            s.insert_events(&[EventRow {
                group_id: groups[1],
                seq: 1,
                kind: "event".into(),
                body: "{}".into(),
                member_id: Some(m),
                at: 3,
            }])?;
            assert_eq!(s.classes()?[0].id, id);
        }
        let s = Store::open(&dir)?;
        assert_eq!(s.version()?, SCHEMA_VERSION as i64);
        assert_eq!(s.classes()?.len(), 1);
        assert_eq!(s.groups()?.len(), 2);
        assert_eq!(s.members()?[0].name, "张三");
        assert!(!s.members()?[0].left);
        s.leave(s.members()?[0].id, 4)?;
        assert!(s.members()?[0].left);
        assert_eq!(s.events()?[0].seq, 1);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn a_duplicate_sequence_number_is_refused() -> Result<()> {
        let mut s = Store::memory()?;
        let (_, groups) = s.insert_class(&class("QWERTY"), &["A".into()], 1)?;
        let row = EventRow {
            group_id: groups[0],
            seq: 1,
            kind: "message".into(),
            body: "\"hi\"".into(),
            member_id: None,
            at: 1,
        };
        s.insert_events(std::slice::from_ref(&row))?;
        assert!(s.insert_events(&[row]).is_err());
        assert_eq!(s.events()?.len(), 1);
        Ok(())
    }

    #[test]
    fn a_newer_database_is_refused() -> Result<()> {
        let conn = Connection::open_in_memory().map_err(err)?;
        conn.pragma_update(None, "user_version", 99).map_err(err)?;
        let e = Store::init(conn).err().unwrap_or_default();
        assert!(e.contains("newer"), "{e}");
        Ok(())
    }
}
