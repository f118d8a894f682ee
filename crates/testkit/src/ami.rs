//! A scripted Asterisk manager for tests.
//!
//! ```no_run
//! # async fn demo() {
//! use pbx_testkit::ami::{Answer, ScriptedManager};
//! let manager = ScriptedManager::start(|action, _session| match action.name() {
//!     "Reload" => Answer::error(action, "No such module"),
//!     _ => Answer::success(action),
//! })
//! .await;
//! // point the code under test at 127.0.0.1:{manager.port()}, then:
//! assert_eq!(manager.log(), ["Reload Module=res_pjsip.so"]);
//! # }
//! ```
//!
//! Every connection gets the banner, then each action is answered by the
//! script. [`Answer::login`] is the usual answer to `Login`: accepted for
//! user `pbx` with secret `good`, refused otherwise. [`ScriptedManager::push`]
//! sends unsolicited text (events) to the open connections and
//! [`ScriptedManager::hang_up`] closes them; the manager keeps accepting.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::net::tcp::OwnedReadHalf;
use tokio::sync::{broadcast, mpsc};

/// The banner a real Asterisk manager sends first.
pub const BANNER: &str = "Asterisk Call Manager/9.0.0";

/// One action as the manager read it: its headers in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub headers: Vec<(String, String)>,
}

impl Action {
    /// The first value of header `key` (names compare ignoring case).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// The `Action` header.
    pub fn name(&self) -> &str {
        self.get("Action").unwrap_or_default()
    }

    /// The `ActionID` header.
    pub fn id(&self) -> &str {
        self.get("ActionID").unwrap_or_default()
    }

    /// `Name Header=value ...`, without `Action` and `ActionID`.
    pub fn summary(&self) -> String {
        let mut out = self.name().to_owned();
        for (k, v) in &self.headers {
            if k != "Action" && k != "ActionID" {
                out.push(' ');
                out.push_str(k);
                out.push('=');
                out.push_str(v);
            }
        }
        out
    }
}

/// What one connection has seen so far.
#[derive(Debug, Default)]
pub struct Session {
    /// The connection's `Login` action, once it came.
    pub login: Option<Action>,
}

/// The manager's answer to one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// This text is written as it is (one or more messages, `\r\n\r\n`
    /// each).
    Text(String),
    /// Nothing is written: the client waits.
    Silence,
    /// The connection is closed.
    HangUp,
}

impl Answer {
    /// `Response: Success` with `Message: OK`.
    pub fn success(action: &Action) -> Answer {
        Answer::Text(format!(
            "Response: Success\r\nActionID: {}\r\nMessage: OK\r\n\r\n",
            action.id()
        ))
    }

    /// `Response: Success` followed by `lines` (`Key: value`, each).
    pub fn success_with(action: &Action, lines: &[&str]) -> Answer {
        let mut out = format!("Response: Success\r\nActionID: {}\r\n", action.id());
        for line in lines {
            out.push_str(line);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        Answer::Text(out)
    }

    /// `Response: Error` with `message`.
    pub fn error(action: &Action, message: &str) -> Answer {
        Answer::Text(format!(
            "Response: Error\r\nActionID: {}\r\nMessage: {message}\r\n\r\n",
            action.id()
        ))
    }

    /// A `Login` accepted for `pbx`/`good` and refused otherwise, as
    /// Asterisk words it.
    pub fn login(action: &Action) -> Answer {
        if action.get("Username") == Some("pbx") && action.get("Secret") == Some("good") {
            Answer::success_with(action, &["Message: Authentication accepted"])
        } else {
            Answer::error(action, "Authentication failed")
        }
    }
}

/// The script: the answer to each action of a connection.
type Script = dyn Fn(&Action, &Session) -> Answer + Send + Sync;

#[derive(Clone)]
enum Push {
    Text(String),
    HangUp,
}

/// A manager on 127.0.0.1, serving any number of connections until it is
/// dropped with the test's runtime.
pub struct ScriptedManager {
    port: u16,
    received: Arc<Mutex<Vec<Action>>>,
    pushes: broadcast::Sender<Push>,
}

impl ScriptedManager {
    /// A manager on a free port that answers with `script`.
    pub async fn start(
        script: impl Fn(&Action, &Session) -> Answer + Send + Sync + 'static,
    ) -> ScriptedManager {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        ScriptedManager::start_on(listener, script)
    }

    /// The same on a listener bound by the caller (a port chosen before the
    /// manager is up).
    pub fn start_on(
        listener: TcpListener,
        script: impl Fn(&Action, &Session) -> Answer + Send + Sync + 'static,
    ) -> ScriptedManager {
        ScriptedManager::serve(listener, BANNER, Arc::new(script))
    }

    /// A server that sends `banner` instead of Asterisk's and then answers
    /// nothing (for clients that must refuse it).
    pub async fn impostor(banner: &str) -> ScriptedManager {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        ScriptedManager::serve(listener, banner, Arc::new(|_, _| Answer::Silence))
    }

    fn serve(listener: TcpListener, banner: &str, script: Arc<Script>) -> ScriptedManager {
        let port = listener.local_addr().unwrap().port();
        let received: Arc<Mutex<Vec<Action>>> = Arc::default();
        let (pushes, _) = broadcast::channel(64);
        let (log, sender, banner) = (received.clone(), pushes.clone(), format!("{banner}\r\n"));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, script, banner) = (log.clone(), script.clone(), banner.clone());
                let mut pushed = sender.subscribe();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    if write.write_all(banner.as_bytes()).await.is_err() {
                        return;
                    }
                    // Reading in its own task keeps a partly read action
                    // safe while a push is written.
                    let (actions, mut incoming) = mpsc::unbounded_channel();
                    let reading = tokio::spawn(async move {
                        let mut reader = BufReader::new(read);
                        while let Some(action) = read_action(&mut reader).await {
                            if actions.send(action).is_err() {
                                return;
                            }
                        }
                    });
                    let mut session = Session::default();
                    loop {
                        let answer = tokio::select! {
                            action = incoming.recv() => {
                                let Some(action) = action else { break };
                                log.lock().unwrap().push(action.clone());
                                let answer = script(&action, &session);
                                if action.name() == "Login" {
                                    session.login = Some(action);
                                }
                                answer
                            }
                            push = pushed.recv() => match push {
                                Ok(Push::Text(text)) => Answer::Text(text),
                                Ok(Push::HangUp) | Err(_) => Answer::HangUp,
                            },
                        };
                        match answer {
                            Answer::Text(text) => {
                                if write.write_all(text.as_bytes()).await.is_err() {
                                    break;
                                }
                            }
                            Answer::Silence => {}
                            Answer::HangUp => break,
                        }
                    }
                    reading.abort();
                });
            }
        });
        ScriptedManager {
            port,
            received,
            pushes,
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every action received, in order, from every connection.
    pub fn actions(&self) -> Vec<Action> {
        self.received.lock().unwrap().clone()
    }

    /// [`Action::summary`] of every action but `Login` and `Logoff`.
    pub fn log(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|a| !matches!(a.name(), "Login" | "Logoff"))
            .map(Action::summary)
            .collect()
    }

    /// Forgets what was received so far.
    pub fn clear(&self) {
        self.received.lock().unwrap().clear();
    }

    /// Writes `text` (events) to every open connection.
    pub fn push(&self, text: impl Into<String>) {
        let _ = self.pushes.send(Push::Text(text.into()));
    }

    /// Closes every open connection; new ones are still accepted.
    pub fn hang_up(&self) {
        let _ = self.pushes.send(Push::HangUp);
    }
}

/// Reads one action (header lines up to a blank line); `None` at the end
/// of the stream.
async fn read_action(reader: &mut BufReader<OwnedReadHalf>) -> Option<Action> {
    let mut headers = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if headers.is_empty() {
                continue;
            }
            return Some(Action { headers });
        }
        if let Some((key, value)) = line.split_once(':') {
            headers.push((key.trim().to_owned(), value.trim_start().to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn a_summary_leaves_out_the_action_and_its_id() {
        let action = Action {
            headers: vec![
                ("Action".into(), "Reload".into()),
                ("ActionID".into(), "7".into()),
                ("Module".into(), "res_pjsip.so".into()),
            ],
        };
        assert_eq!(action.summary(), "Reload Module=res_pjsip.so");
        assert_eq!(action.get("module"), Some("res_pjsip.so"));
    }
}
