//! Phones, callers and carriers played by SIPp against a live Asterisk.
//!
//! Scenarios live in `crates/live/scenarios/` with `@name@` placeholders
//! that are filled in per use. Every SIPp process logs each message it
//! sends and receives (`-trace_msg`), which [`messages`] reads back, and its
//! own `<log>` lines (`-trace_logs`).

mod media;
mod messages;
mod peer;

pub use media::Media;
pub use messages::{SipMessage, parse_messages};
pub use peer::Peer;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::Installation;
use crate::ports::{free_port, media_block};

const REGISTER: &str = include_str!("../../scenarios/register.xml");
const ANSWER: &str = include_str!("../../scenarios/answer.xml");
const BUSY: &str = include_str!("../../scenarios/busy.xml");
const RING: &str = include_str!("../../scenarios/ring.xml");
const CALL: &str = include_str!("../../scenarios/call.xml");
const ANSWER_DTMF: &str = include_str!("../../scenarios/answer_dtmf.xml");

/// Which of the node's SIP stacks a SIPp process talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// PJSIP over UDP.
    Pjsip,
    /// PJSIP over TCP.
    PjsipTcp,
    /// chan_sip (UDP).
    ChanSip,
}

/// What a phone does with calls it receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Rings for the given time, answers, stays up until the BYE.
    After(Duration),
    /// Answers 486 Busy Here.
    Busy,
    /// Rings until the caller's side gives up.
    Never,
}

/// Fills `@name@` placeholders.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("@{name}@"), value);
    }
    assert!(
        !out.contains("@transport_param@"),
        "unfilled placeholder in a scenario"
    );
    out
}

fn transport_args(stack: Stack) -> (&'static str, String) {
    match stack {
        Stack::PjsipTcp => ("t1", ";transport=tcp".into()),
        Stack::Pjsip | Stack::ChanSip => ("u1", String::new()),
    }
}

/// A running SIPp process, killed on drop.
pub struct Sipp {
    child: Option<Child>,
    dir: PathBuf,
    name: String,
    /// The local SIP port.
    pub port: u16,
    started: Instant,
}

impl Sipp {
    fn spawn(
        install: &Installation,
        dir: &Path,
        name: &str,
        port: u16,
        target: Option<u16>,
        args: &[String],
    ) -> Sipp {
        let mut command = Command::new(&install.sipp);
        if let Some(target) = target {
            command.arg(format!("127.0.0.1:{target}"));
        }
        command
            .args(["-i", "127.0.0.1", "-p", &port.to_string()])
            .args(["-mp", &media_block().to_string()])
            .args(["-trace_msg", "-message_file"])
            .arg(dir.join(format!("{name}.messages")))
            .args(["-trace_logs", "-log_file"])
            .arg(dir.join(format!("{name}.log")))
            .args(["-trace_err", "-error_file"])
            .arg(dir.join(format!("{name}.errors")))
            .args(["-nostdin", "-max_recv_loops", "1000", "-timeout_error"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join(format!("{name}.stderr"))).expect("stderr"));
        let child = command.spawn().expect("start sipp");
        Sipp {
            child: Some(child),
            dir: dir.to_owned(),
            name: name.to_owned(),
            port,
            started: Instant::now(),
        }
    }

    /// Every message this process sent or received so far.
    pub fn messages(&self) -> Vec<SipMessage> {
        let text = std::fs::read_to_string(self.dir.join(format!("{}.messages", self.name)))
            .unwrap_or_default();
        parse_messages(&text)
    }

    /// The requests of `method` this process received.
    pub fn received(&self, method: &str) -> Vec<SipMessage> {
        self.messages()
            .into_iter()
            .filter(|m| !m.sent && m.method() == Some(method))
            .collect()
    }

    /// The first INVITE of each call this process received (re-INVITEs
    /// of a call left out), in order.
    pub fn calls(&self) -> Vec<SipMessage> {
        let mut seen: Vec<String> = Vec::new();
        self.received("INVITE")
            .into_iter()
            .filter(|m| {
                let id = m.header("Call-ID").unwrap_or_default().to_owned();
                let new = !seen.contains(&id);
                seen.push(id);
                new
            })
            .collect()
    }

    /// Waits for the `n`-th call (from 0) this process received; its
    /// first INVITE.
    pub fn wait_call(&self, n: usize, limit: Duration) -> Option<SipMessage> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(m) = self.calls().into_iter().nth(n) {
                return Some(m);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        None
    }

    /// The scenario's `<log>` lines so far.
    pub fn log_lines(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join(format!("{}.log", self.name)))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Waits until a `<log>` line contains `text`.
    pub fn wait_log(&self, text: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.log_lines().iter().any(|l| l.contains(text)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        false
    }

    /// Waits until some message passes `check`.
    pub fn wait_message(
        &self,
        limit: Duration,
        check: impl Fn(&SipMessage) -> bool,
    ) -> Option<SipMessage> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(m) = self.messages().into_iter().find(|m| check(m)) {
                return Some(m);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        None
    }

    /// Waits for the process to end on its own; its exit code (0: every
    /// call of the scenario succeeded). Killed after `limit`.
    pub fn wait(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        let child = self.child.as_mut()?;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                self.child = None;
                return status.code();
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                self.child = None;
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// How long the process has run.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The error file's text (unexpected messages and the like).
    pub fn errors(&self) -> String {
        std::fs::read_to_string(self.dir.join(format!("{}.errors", self.name))).unwrap_or_default()
    }
}

impl Drop for Sipp {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A registered phone: SIPp registering `user` to the node and answering
/// calls the way [`Answer`] says, until dropped.
pub struct Phone {
    pub user: String,
    pub sipp: Sipp,
}

/// How to start a [`Phone`] or a call.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The node port (PJSIP UDP/TCP or chan_sip).
    pub target: u16,
    pub stack: Stack,
    /// SIP user (From / Contact / auth user name).
    pub user: String,
    /// Digest password (none: never answers a challenge correctly).
    pub password: String,
}

impl Phone {
    /// Registers and waits for the answer: `Ok` once registered, `Err`
    /// with the phone when the registration is refused.
    pub fn register(
        install: &Installation,
        dir: &Path,
        endpoint: &Endpoint,
        answer: Answer,
    ) -> Result<Phone, Phone> {
        Phone::register_on(install, dir, endpoint, answer, free_port())
    }

    /// Like [`Phone::register`], from local port `port` (a phone that
    /// re-registers from a new port uses a new one).
    pub fn register_on(
        install: &Installation,
        dir: &Path,
        endpoint: &Endpoint,
        answer: Answer,
        port: u16,
    ) -> Result<Phone, Phone> {
        let (transport, param) = transport_args(endpoint.stack);
        let name = format!("phone-{}-{port}", endpoint.user);
        let register = fill(
            REGISTER,
            &[
                ("transport_param", param.clone()),
                ("contact_port", port.to_string()),
                ("expires", "300".into()),
                ("stay", "600000".into()),
            ],
        );
        let behaviour = match answer {
            Answer::After(ring) => fill(
                ANSWER,
                &[
                    ("transport_param", param.clone()),
                    ("ring_ms", ring.as_millis().to_string()),
                    ("hold_ms", "120000".into()),
                ],
            ),
            Answer::Busy => fill(BUSY, &[("transport_param", param.clone())]),
            Answer::Never => fill(RING, &[("transport_param", param.clone())]),
        };
        let main = dir.join(format!("{name}.xml"));
        let ooc = dir.join(format!("{name}-answer.xml"));
        std::fs::write(&main, register).expect("write the scenario");
        std::fs::write(&ooc, behaviour).expect("write the scenario");
        let args: Vec<String> = vec![
            "-sf".into(),
            main.display().to_string(),
            "-oocsf".into(),
            ooc.display().to_string(),
            "-s".into(),
            endpoint.user.clone(),
            "-au".into(),
            endpoint.user.clone(),
            "-ap".into(),
            endpoint.password.clone(),
            "-t".into(),
            transport.into(),
            "-m".into(),
            "1".into(),
            "-aa".into(),
        ];
        let sipp = Sipp::spawn(install, dir, &name, port, Some(endpoint.target), &args);
        let phone = Phone {
            user: endpoint.user.clone(),
            sipp,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let lines = phone.sipp.log_lines();
            if lines.iter().any(|l| l.contains("REGISTRATION REFUSED")) {
                return Err(phone);
            }
            if lines.iter().any(|l| l.contains("REGISTERED")) {
                return Ok(phone);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Err(phone)
    }

    /// The INVITEs the phone received.
    pub fn invites(&self) -> Vec<SipMessage> {
        self.sipp.received("INVITE")
    }

    /// Waits for the phone's next INVITE beyond the first `seen`.
    pub fn wait_invite(&self, seen: usize, limit: Duration) -> Option<SipMessage> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(m) = self.invites().into_iter().nth(seen) {
                return Some(m);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        None
    }
}

/// How a call ended, from the caller's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallResult {
    /// 200 OK; `far_end_hung_up` when the node sent the BYE.
    Answered { far_end_hung_up: bool },
    /// A final error response.
    Refused(u16),
    /// No final response (the scenario timed out or SIPp failed).
    NoAnswer,
}

/// A call placed by SIPp.
#[derive(Debug, Clone)]
pub struct CallSpec {
    pub endpoint: Endpoint,
    /// The number dialled (Request-URI user part).
    pub number: String,
    /// The caller ID name in the From header.
    pub from_name: String,
    /// Extra header lines.
    pub headers: Vec<String>,
    /// Hang up this long after the answer (unless the node does first).
    pub hold: Duration,
    pub media: Vec<Media>,
}

impl CallSpec {
    /// A call from `endpoint` to `number`, held 2 s once answered.
    pub fn new(endpoint: &Endpoint, number: &str) -> CallSpec {
        CallSpec {
            endpoint: endpoint.clone(),
            number: number.into(),
            from_name: endpoint.user.clone(),
            headers: Vec::new(),
            hold: Duration::from_secs(2),
            media: Vec::new(),
        }
    }

    /// Adds a header line, e.g. `X-Pbx-Trunk: carrier`.
    pub fn header(mut self, line: &str) -> CallSpec {
        self.headers.push(line.into());
        self
    }

    /// Holds the answered call this long.
    pub fn hold(mut self, hold: Duration) -> CallSpec {
        self.hold = hold;
        self
    }

    /// Plays audio once answered (a caller leaving a message).
    pub fn audio(mut self) -> CallSpec {
        self.media.push(Media::Audio);
        self
    }

    /// Sends DTMF `digits` (SIP INFO) once answered, after `wait`.
    pub fn dtmf(mut self, digits: &str, wait: Duration) -> CallSpec {
        self.media.push(Media::Dtmf {
            digits: digits.into(),
            wait,
            pause: Duration::from_millis(400),
        });
        self
    }

    /// Places the call and returns the running caller.
    pub fn start(&self, install: &Installation, dir: &Path) -> Caller {
        let (transport, param) = transport_args(self.endpoint.stack);
        let port = free_port();
        // The number may hold any character: not all belong in a file name.
        let number: String = self
            .number
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let name = format!("call-{}-{number}-{port}", self.endpoint.user);
        let scenario = fill(
            CALL,
            &[
                // First: the media's messages hold placeholders too.
                ("media", media::media_xml(&self.media)),
                ("transport_param", param),
                ("from_user", self.endpoint.user.clone()),
                ("from_name", self.from_name.replace(['"', '\\'], "")),
                (
                    "headers",
                    self.headers.iter().map(|h| format!("{h}\n")).collect(),
                ),
                ("hold_ms", self.hold.as_millis().to_string()),
            ],
        );
        let file = dir.join(format!("{name}.xml"));
        std::fs::write(&file, scenario).expect("write the scenario");
        let args: Vec<String> = vec![
            "-sf".into(),
            file.display().to_string(),
            "-s".into(),
            self.number.clone(),
            "-au".into(),
            self.endpoint.user.clone(),
            "-ap".into(),
            self.endpoint.password.clone(),
            "-t".into(),
            transport.into(),
            "-m".into(),
            "1".into(),
            "-aa".into(),
            "-recv_timeout".into(),
            "120000".into(),
        ];
        Caller {
            sipp: Sipp::spawn(install, dir, &name, port, Some(self.endpoint.target), &args),
        }
    }
}

/// A call in progress.
pub struct Caller {
    pub sipp: Sipp,
}

impl Caller {
    /// Waits for the call to end (at most `limit`) and says how it ended.
    pub fn finish(mut self, limit: Duration) -> CallResult {
        self.sipp.wait(limit);
        self.result()
    }

    /// How the call has gone so far.
    pub fn result(&self) -> CallResult {
        let lines = self.sipp.log_lines();
        let messages = self.sipp.messages();
        if lines.iter().any(|l| l.contains("FINAL ANSWERED")) {
            // A BYE that arrives while the caller still sends media (DTMF)
            // is answered by SIPp itself, without the scenario's log line.
            let bye = messages
                .iter()
                .any(|m| !m.sent && m.method() == Some("BYE"));
            return CallResult::Answered {
                far_end_hung_up: bye || lines.iter().any(|l| l.contains("FAR END HUNG UP")),
            };
        }
        let final_code = messages
            .iter()
            .rev()
            .filter(|m| !m.sent)
            .filter_map(SipMessage::status)
            .find(|c| *c >= 300 && *c != 401 && *c != 407);
        match final_code {
            Some(code) => CallResult::Refused(code),
            None => CallResult::NoAnswer,
        }
    }

    /// Waits until the call is answered.
    pub fn wait_answered(&self, limit: Duration) -> bool {
        self.sipp.wait_log("FINAL ANSWERED", limit)
    }
}
