//! What Asterisk did, read from the real manager interface: an observer
//! session records every event (dialplan steps, dials, hangups, call
//! records) from the moment it logs in, and [`CallTrace`] turns the events
//! of one call into the path the call took.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pbx_asterisk::ami::{AmiClient, Message};
use tokio::task::JoinHandle;

use crate::asterisk::Asterisk;

/// A recording observer session; stops when dropped.
pub struct Observer {
    events: Arc<Mutex<Vec<Message>>>,
    task: JoinHandle<()>,
}

impl Observer {
    /// Logs in as the observer with every event class and records.
    pub async fn start(asterisk: &Asterisk) -> Observer {
        let mut ami = AmiClient::connect_with_events(
            &asterisk.observer_settings(),
            Duration::from_secs(10),
            "on",
        )
        .await
        .expect("the observer logs in");
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        let task = tokio::spawn(async move {
            while let Ok(event) = ami.next_event().await {
                sink.lock().unwrap_or_else(|e| e.into_inner()).push(event);
            }
        });
        Observer { events, task }
    }

    /// Every event so far.
    pub fn events(&self) -> Vec<Message> {
        self.events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until an event passes `check`; returns it.
    pub async fn wait_for(
        &self,
        limit: Duration,
        check: impl Fn(&Message) -> bool,
    ) -> Option<Message> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(found) = self.events().into_iter().find(|e| check(e)) {
                return Some(found);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The call that entered the dialplan at extension `exten` of
    /// `context` (its first channel), once it has ended (its last channel
    /// hung up and the call record was written).
    pub async fn call(&self, context: &str, exten: &str, limit: Duration) -> CallTrace {
        let first = self
            .wait_for(limit, |e| {
                e.get("Event") == Some("Newexten")
                    && e.get("Context") == Some(context)
                    && e.get("Extension") == Some(exten)
            })
            .await
            .unwrap_or_else(|| panic!("no call entered {context},{exten} within {limit:?}"));
        let linked = first
            .get("Linkedid")
            .or(first.get("Uniqueid"))
            .unwrap_or_default()
            .to_owned();
        let ended = self
            .wait_for(limit, |e| {
                e.get("Event") == Some("Cdr")
                    && e.get("UniqueID").or(e.get("Uniqueid")) == Some(linked.as_str())
            })
            .await;
        assert!(
            ended.is_some(),
            "call {linked} did not end within {limit:?}"
        );
        // Events of the call's other channels may trail the record briefly.
        tokio::time::sleep(Duration::from_millis(200)).await;
        CallTrace::of(&self.events(), &linked)
    }
}

impl Observer {
    /// Like [`Observer::call`] for a call that may end without a call
    /// record (refused in the dialplan before anything answered): the
    /// call is over once its first channel hung up.
    pub async fn ended_call(&self, context: &str, exten: &str, limit: Duration) -> CallTrace {
        let first = self
            .wait_for(limit, |e| {
                e.get("Event") == Some("Newexten")
                    && e.get("Context") == Some(context)
                    && e.get("Extension") == Some(exten)
            })
            .await
            .unwrap_or_else(|| panic!("no call entered {context},{exten} within {limit:?}"));
        let linked = first
            .get("Linkedid")
            .or(first.get("Uniqueid"))
            .unwrap_or_default()
            .to_owned();
        let ended = self
            .wait_for(limit, |e| {
                e.get("Event") == Some("Hangup") && e.get("Uniqueid") == Some(linked.as_str())
            })
            .await;
        assert!(
            ended.is_some(),
            "call {linked} did not end within {limit:?}"
        );
        // Events of the call's other channels may trail its hangup briefly.
        tokio::time::sleep(Duration::from_millis(300)).await;
        CallTrace::of(&self.events(), &linked)
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One dialplan step a channel ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub channel: String,
    pub context: String,
    pub exten: String,
    pub app: String,
    pub data: String,
}

/// One `Dial` attempt: the channel it created and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialAttempt {
    /// The dial string, e.g. `PJSIP/101-ACME`.
    pub dialstring: String,
    /// The created channel, e.g. `PJSIP/101-ACME-00000003`.
    pub channel: String,
    /// `ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`, `CHANUNAVAIL`...
    pub status: Option<String>,
}

/// The events of one call (every channel sharing its linked id), in order.
#[derive(Debug, Clone)]
pub struct CallTrace {
    pub linked: String,
    pub events: Vec<Message>,
}

impl CallTrace {
    fn of(all: &[Message], linked: &str) -> CallTrace {
        CallTrace {
            linked: linked.to_owned(),
            events: all
                .iter()
                .filter(|e| e.get("Linkedid") == Some(linked) || e.get("UniqueID") == Some(linked))
                .cloned()
                .collect(),
        }
    }

    /// The dialplan steps, in order.
    pub fn steps(&self) -> Vec<Step> {
        self.events
            .iter()
            .filter(|e| e.get("Event") == Some("Newexten"))
            .map(|e| Step {
                channel: e.get("Channel").unwrap_or_default().into(),
                context: e.get("Context").unwrap_or_default().into(),
                exten: e.get("Extension").unwrap_or_default().into(),
                app: e.get("Application").unwrap_or_default().into(),
                data: e.get("AppData").unwrap_or_default().into(),
            })
            .collect()
    }

    /// The applications run, as `App(data)`, in order.
    pub fn apps(&self) -> Vec<String> {
        self.steps()
            .iter()
            .map(|s| format!("{}({})", s.app, s.data))
            .collect()
    }

    /// True when some step ran application `app`.
    pub fn ran(&self, app: &str) -> bool {
        self.steps().iter().any(|s| s.app.eq_ignore_ascii_case(app))
    }

    /// Every `Dial` attempt, in order.
    pub fn dials(&self) -> Vec<DialAttempt> {
        let mut out: Vec<DialAttempt> = Vec::new();
        for e in &self.events {
            match e.get("Event") {
                Some("DialBegin") => out.push(DialAttempt {
                    dialstring: e.get("DialString").unwrap_or_default().into(),
                    channel: e.get("DestChannel").unwrap_or_default().into(),
                    status: None,
                }),
                Some("DialEnd") => {
                    let channel = e.get("DestChannel").unwrap_or_default();
                    if let Some(d) = out.iter_mut().rev().find(|d| d.channel == channel) {
                        d.status = e.get("DialStatus").map(str::to_owned);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The call record's disposition and billable seconds.
    pub fn record(&self) -> Option<(String, u64)> {
        let cdr = self.events.iter().find(|e| e.get("Event") == Some("Cdr"))?;
        Some((
            cdr.get("Disposition").unwrap_or_default().into(),
            cdr.get("BillableSeconds")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        ))
    }

    /// The value a channel variable was last set to on the call.
    pub fn variable(&self, name: &str) -> Option<String> {
        self.events
            .iter()
            .rev()
            .filter(|e| e.get("Event") == Some("VarSet") && e.get("Variable") == Some(name))
            .find_map(|e| e.get("Value").map(str::to_owned))
    }

    /// A readable account of the call for assertion messages.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for s in self.steps() {
            out.push_str(&format!(
                "  {} {},{}: {}({})\n",
                s.channel, s.context, s.exten, s.app, s.data
            ));
        }
        for d in self.dials() {
            out.push_str(&format!(
                "  dial {} -> {} {:?}\n",
                d.dialstring, d.channel, d.status
            ));
        }
        out
    }
}
