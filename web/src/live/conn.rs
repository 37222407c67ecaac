//! The connection to `zeren serve` (docs/class-protocol.md): a WebSocket (gloo-net) that
//! reconnects by itself, saying hello again each time (the key, or the member's token with the
//! last sequence number seen), and hands every message to the screen.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::mpsc::{UnboundedSender, unbounded};
use futures_util::future::{Either, select};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use serde_json::Value;
use yew::Callback;

/// The state of the connection, shown on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Connecting (or reconnecting) to the server.
    Connecting,
    /// Open.
    Open,
    /// Lost; trying again shortly.
    Lost,
}

impl Link {
    /// Chinese and English words for it.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Link::Connecting => ("正在连接…", "connecting…"),
            Link::Open => ("已连接", "connected"),
            Link::Lost => ("连接中断，正在重连…", "connection lost, reconnecting…"),
        }
    }
}

/// The address of the class WebSocket on the server that served this page.
fn ws_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/api/ws", location.host().ok()?))
}

/// A live connection: send messages through it; it ends when dropped.
#[derive(Clone)]
pub struct Conn {
    out: UnboundedSender<String>,
    stop: Rc<RefCell<bool>>,
}

impl PartialEq for Conn {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stop, &other.stop)
    }
}

impl Conn {
    /// Opens the connection. `hello` gives the messages to send first on every (re)connection;
    /// `on_message` receives every message; `on_link` the connection's state.
    pub fn open(hello: Rc<dyn Fn() -> Vec<Value>>, on_message: Callback<Value>, on_link: Callback<Link>) -> Conn {
        let (out, mut rx) = unbounded::<String>();
        let stop = Rc::new(RefCell::new(false));
        let stopped = stop.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut wait = 500;
            while !*stopped.borrow() {
                on_link.emit(Link::Connecting);
                let Some(socket) = ws_url().and_then(|u| WebSocket::open(&u).ok()) else {
                    on_link.emit(Link::Lost);
                    TimeoutFuture::new(wait).await;
                    continue;
                };
                let (mut sink, mut stream) = socket.split();
                let mut ok = true;
                for m in hello() {
                    ok &= sink.send(Message::Text(m.to_string())).await.is_ok();
                }
                if ok {
                    on_link.emit(Link::Open);
                    wait = 500;
                }
                while ok && !*stopped.borrow() {
                    match select(stream.next(), rx.next()).await {
                        Either::Left((Some(Ok(Message::Text(t))), _)) => {
                            if let Ok(v) = serde_json::from_str::<Value>(&t) {
                                on_message.emit(v);
                            }
                        }
                        Either::Left((Some(Ok(Message::Bytes(_))), _)) => {}
                        Either::Left((_, _)) => ok = false,
                        Either::Right((Some(m), _)) => ok = sink.send(Message::Text(m)).await.is_ok(),
                        Either::Right((None, _)) => return,
                    }
                }
                if *stopped.borrow() {
                    return;
                }
                on_link.emit(Link::Lost);
                TimeoutFuture::new(wait).await;
                wait = (wait * 2).min(5000);
            }
        });
        Conn { out, stop }
    }

    /// Sends a message (queued while reconnecting).
    pub fn send(&self, v: &Value) {
        let _ = self.out.unbounded_send(v.to_string());
    }

    /// Ends the connection.
    pub fn close(&self) {
        *self.stop.borrow_mut() = true;
        self.out.close_channel();
    }
}
