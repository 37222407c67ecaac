//! The hub: one thread that owns the database and every class's live state, and handles the
//! clients' messages one at a time. Being alone, it needs no locks; being off the async runtime,
//! its SQLite commits never block a connection. Each decision is replayed through the engine,
//! committed, and only then acknowledged and shown to the group and the instructor.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;

use serde_json::{Value, json};
use tokio::sync::{broadcast, oneshot};
use zeren_core::engine::{Event, State};
use zeren_core::{Scenario, Settings};

mod blind;
mod board;
mod deadline;
mod decide;
mod join;
mod lifecycle;
mod load;
mod vote;

use lifecycle::scenario_from;

use crate::classfile;
use crate::protocol::{In, Paced, Refusal};
use crate::secret;
use crate::store::{ClassRow, DeadlineRow, Store};

/// Who a connection speaks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// Nobody yet.
    #[default]
    None,
    /// The instructor (the key was given).
    Instructor,
    /// A member of a group.
    Member {
        /// The group.
        group: i64,
        /// The member.
        member: i64,
    },
}

/// Who a notice is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    /// Every connection of a group's members.
    Group(i64),
    /// Every instructor connection.
    Instructors,
}

/// A message for many connections.
#[derive(Debug)]
pub struct Notice {
    /// For whom.
    pub to: To,
    /// The JSON text.
    pub text: String,
}

impl Notice {
    /// Whether a connection in `role` receives it.
    pub fn for_role(&self, role: &Role) -> bool {
        match (self.to, role) {
            (To::Instructors, Role::Instructor) => true,
            (To::Group(g), Role::Member { group, .. }) => g == *group,
            _ => false,
        }
    }
}

/// The hub's answer to one message.
#[derive(Debug, Default)]
pub struct Answer {
    /// The connection's role from now on.
    pub role: Role,
    /// Messages for this connection, in order.
    pub messages: Vec<String>,
    /// Set when the message was refused (also in `messages`).
    pub refused: Option<Refusal>,
}

enum Cmd {
    Msg {
        conn: u64,
        role: Role,
        msg: In,
        reply: oneshot::Sender<Answer>,
    },
    Gone {
        conn: u64,
        role: Role,
    },
    Codes {
        reply: oneshot::Sender<Vec<String>>,
    },
}

/// The handle the connections use.
#[derive(Clone)]
pub struct Hub {
    tx: mpsc::Sender<Cmd>,
    /// Notices for many connections.
    pub notices: broadcast::Sender<Arc<Notice>>,
    /// The instructor's key.
    pub key: String,
}

impl Hub {
    /// Opens the database in `data`, loads every class and starts the hub's thread.
    /// `on_class` is called (on the hub's thread) with the code of each class created.
    pub fn start(data: &Path, on_class: Box<dyn Fn(&str) + Send>) -> Result<Hub, String> {
        let (notices, _) = broadcast::channel(4096);
        let (tx, rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let data = data.to_owned();
        let sender = notices.clone();
        std::thread::Builder::new()
            .name("zeren-hub".into())
            .spawn(move || match Inner::load(&data, sender, on_class) {
                Ok(mut inner) => {
                    let _ = ready_tx.send(Ok(inner.key.clone()));
                    loop {
                        // Timed decisions: apply what has run out, then wait for a message or
                        // the next deadline, whichever comes first.
                        inner.fire_due();
                        let cmd = match inner.next_wake() {
                            Some(wait) => match rx.recv_timeout(wait) {
                                Ok(cmd) => cmd,
                                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                            },
                            None => match rx.recv() {
                                Ok(cmd) => cmd,
                                Err(_) => break,
                            },
                        };
                        // A deadline that ran out while the message waited applies first, so a
                        // proposal or a ballot cannot slip in after it.
                        inner.fire_due();
                        inner.handle(cmd);
                    }
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                }
            })
            .map_err(|e| e.to_string())?;
        let key = ready_rx.recv().map_err(|e| e.to_string())??;
        Ok(Hub { tx, notices, key })
    }

    /// Hands a message to the hub and waits for its answer.
    pub async fn ask(&self, conn: u64, role: Role, msg: In) -> Answer {
        let (reply, rx) = oneshot::channel();
        let stopped = Answer {
            role: role.clone(),
            refused: Some(Refusal::new("stopped", "服务器正在停止", "the server is stopping")),
            messages: Vec::new(),
        };
        if self.tx.send(Cmd::Msg { conn, role, msg, reply }).is_err() {
            return stopped;
        }
        rx.await.unwrap_or(stopped)
    }

    /// Tells the hub a connection has closed.
    pub fn gone(&self, conn: u64, role: Role) {
        let _ = self.tx.send(Cmd::Gone { conn, role });
    }

    /// The join codes of the classes not ended.
    pub async fn open_codes(&self) -> Vec<String> {
        let (reply, rx) = oneshot::channel();
        if self.tx.send(Cmd::Codes { reply }).is_err() {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }
}

/// One entry of a group's log.
struct Entry {
    seq: u64,
    kind: &'static str,
    body: Value,
    by: Option<String>,
    at: u64,
}

impl Entry {
    fn message(&self) -> String {
        let mut m = json!({ "type": "entry", "seq": self.seq, "kind": self.kind, "at": self.at });
        let key = if self.kind == "event" { "event" } else { "text" };
        m[key] = self.body.clone();
        if let Some(by) = &self.by {
            m["by"] = json!(by);
        }
        m.to_string()
    }
}

struct Group {
    id: i64,
    name: String,
    locked: bool,
    events: Vec<Event>,
    state: State,
    fired: Vec<&'static str>,
    log: Vec<Entry>,
    /// The deadline of the open decision when it is timed (deadline.rs).
    deadline: Option<DeadlineRow>,
}

impl Group {
    fn seq(&self) -> u64 {
        self.log.last().map_or(0, |e| e.seq)
    }
}

struct Class {
    row: ClassRow,
    scenario: Arc<Scenario>,
    settings: Settings,
    groups: Vec<Group>,
}

impl Class {
    fn paced(&self) -> Paced {
        Paced::from_word(&self.row.paced)
    }

    fn clock_ms(&self, now: u64) -> u64 {
        self.row.clock_ms + self.row.running_since.map_or(0, |s| now.saturating_sub(s))
    }

    fn group(&self, id: i64) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}

/// How a class is run: who paces it, whether it is blind, and which role cards are in play.
#[derive(Clone)]
struct How {
    paced: Paced,
    blind: bool,
    roles: Option<Vec<String>>,
}

struct Member {
    id: i64,
    class: i64,
    group: i64,
    name: String,
    /// Left the group (`leave`): kept for the names in the group's log, speaking for nobody.
    left: bool,
}

struct Inner {
    store: Store,
    /// Where the database is, told to the instructor's console.
    database: String,
    key: String,
    classes: BTreeMap<i64, Class>,
    members: HashMap<i64, Member>,
    tokens: HashMap<String, i64>,
    /// Open connections of members: connection → member.
    online: HashMap<u64, i64>,
    /// Each group's role cards and open proposal (hub/vote.rs).
    teams: HashMap<i64, vote::Team>,
    notices: broadcast::Sender<Arc<Notice>>,
    on_class: Box<dyn Fn(&str) + Send>,
}

#[allow(clippy::disallowed_methods)] // the server keeps wall-clock time; the core never does
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The class `id`, refused when unknown, or when `group` is given and not one of its own.
fn class_with(classes: &mut BTreeMap<i64, Class>, id: i64, group: Option<i64>) -> Result<&mut Class, Refusal> {
    let c = classes
        .get_mut(&id)
        .ok_or_else(|| Refusal::new("unknown_class", "没有这个班", "no such class"))?;
    if let Some(g) = group
        && c.group(g).is_none()
    {
        return Err(Refusal::new(
            "unknown_group",
            "本班没有这个小组",
            "no such group in this class",
        ));
    }
    Ok(c)
}

fn refuse<T>(code: &'static str, zh: &str, en: &str) -> Result<T, Refusal> {
    Err(Refusal::new(code, zh, en))
}

fn not_joined<T>() -> Result<T, Refusal> {
    refuse("not_joined", "请先加入一个小组", "join a group first")
}

fn not_instructor<T>() -> Result<T, Refusal> {
    refuse(
        "not_instructor",
        "只有教员可以执行此操作",
        "only the instructor may do this",
    )
}

impl Inner {
    fn notify(&self, to: To, text: String) {
        // No receiver is not an error: nobody is connected.
        let _ = self.notices.send(Arc::new(Notice { to, text }));
    }

    fn handle(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Msg { conn, role, msg, reply } => {
                let mut answer = Answer {
                    role: role.clone(),
                    ..Answer::default()
                };
                if let Err(r) = self.message(conn, &role, msg, &mut answer) {
                    answer.messages.push(r.message());
                    answer.refused = Some(r);
                }
                let _ = reply.send(answer);
            }
            Cmd::Gone { conn, role } => {
                if self.online.remove(&conn).is_some()
                    && let Role::Member { group, .. } = role
                {
                    self.group_changed(group);
                }
            }
            Cmd::Codes { reply } => {
                let codes = self
                    .classes
                    .values()
                    .filter(|c| c.row.status != "ended")
                    .map(|c| c.row.code.clone())
                    .collect();
                let _ = reply.send(codes);
            }
        }
    }

    fn message(&mut self, conn: u64, role: &Role, msg: In, answer: &mut Answer) -> Result<(), Refusal> {
        // A connection of a member who has left (from another tab) speaks for nobody now.
        let role = match role {
            Role::Member { member, .. } if self.members.get(member).is_none_or(|m| m.left) => {
                answer.role = Role::None;
                &Role::None
            }
            _ => role,
        };
        let instructor = *role == Role::Instructor;
        match msg {
            In::Ping => answer.messages.push(json!({ "type": "pong" }).to_string()),
            In::Auth { key } => {
                if !secret::same(&key, &self.key) {
                    return refuse("wrong_key", "教员密钥不正确", "wrong instructor key");
                }
                answer.role = Role::Instructor;
                answer
                    .messages
                    .push(json!({ "type": "authed", "data": self.database }).to_string());
                let now = now_ms();
                for c in self.classes.values() {
                    answer.messages.push(self.board(c, now));
                }
            }
            In::CreateClass {
                scenario,
                source,
                seed,
                groups,
                paced,
                settings,
                blind,
                roles,
            } => {
                if !instructor {
                    return not_instructor();
                }
                let (scenario, source) = scenario_from(scenario.as_deref(), source.as_deref())?;
                let settings = match settings {
                    None => Settings::default(),
                    Some(v) => serde_json::from_value(v).map_err(|e| {
                        Refusal::new(
                            "bad_settings",
                            format!("设置无效：{e}"),
                            format!("invalid settings: {e}"),
                        )
                    })?,
                };
                let how = How { paced, blind, roles };
                let id = self.create(scenario, source, seed, &groups, how, settings)?;
                self.arm_class(id);
                self.class_changed(id);
                let code = self.classes.get(&id).map(|c| c.row.code.clone()).unwrap_or_default();
                answer
                    .messages
                    .push(json!({ "type": "class_created", "class": id, "code": code }).to_string());
            }
            In::Control { class, action, group } => {
                if !instructor {
                    return not_instructor();
                }
                self.control(class, action, group)?;
            }
            In::Inject { class, group, text } => {
                if !instructor {
                    return not_instructor();
                }
                self.inject(class, group, &text)?;
            }
            In::Export { class } => {
                if !instructor {
                    return not_instructor();
                }
                let c = self.class(class)?;
                let file = classfile::export(&c.row, &c.scenario, &c.settings, &self.export_groups(c));
                answer
                    .messages
                    .push(json!({ "type": "export", "class": class, "file": file }).to_string());
            }
            In::Import { file } => {
                if !instructor {
                    return not_instructor();
                }
                let id = self.import(file)?;
                let code = self.classes.get(&id).map(|c| c.row.code.clone()).unwrap_or_default();
                answer
                    .messages
                    .push(json!({ "type": "class_created", "class": id, "code": code }).to_string());
            }
            In::Lookup { code } => self.lookup(&code, answer)?,
            In::Join {
                code,
                name,
                group,
                role,
            } => self.join(conn, &code, &name, group, role.as_deref(), answer)?,
            In::Resume { token, after } => self.resume(conn, &token, after, answer)?,
            In::Decide { decision, option, at } => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.direct_allowed(*member, &option)?;
                let seq = self.decide(*member, &decision, &option, at, None)?;
                answer.messages.push(json!({ "type": "ack", "seq": seq }).to_string());
            }
            In::TakeRole { role: card } => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.give_role(*member, card.as_deref())?;
                answer
                    .messages
                    .push(json!({ "type": "role", "role": card }).to_string());
            }
            In::Propose { decision, option, at } => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.propose(*member, &decision, &option, at, answer)?;
            }
            In::Vote { at, ballot } => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.ballot(*member, at, ballot, answer)?;
            }
            In::FreeRole {
                class,
                group,
                role: card,
            } => {
                if !instructor {
                    return not_instructor();
                }
                self.free_role(class, group, &card)?;
                answer
                    .messages
                    .push(json!({ "type": "freed", "group": group, "role": card }).to_string());
            }
            In::Leave {} => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.leave(*member)?;
                answer.role = Role::None;
                answer.messages.push(json!({ "type": "left" }).to_string());
            }
            In::Withdraw {} => {
                let Role::Member { member, .. } = role else {
                    return not_joined();
                };
                self.withdraw(*member)?;
                answer.messages.push(json!({ "type": "withdrawn" }).to_string());
            }
        }
        Ok(())
    }

    fn class(&self, id: i64) -> Result<&Class, Refusal> {
        self.classes
            .get(&id)
            .ok_or_else(|| Refusal::new("unknown_class", "没有这个班", "no such class"))
    }
}

fn storage(e: String) -> Refusal {
    eprintln!("zeren serve: storage error: {e}");
    Refusal::new(
        "storage",
        format!("服务器无法保存（未记录）：{e}"),
        format!("the server could not store this (nothing recorded): {e}"),
    )
}
