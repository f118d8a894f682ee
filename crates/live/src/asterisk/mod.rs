//! One real Asterisk process for one test: a throwaway directory tree,
//! loopback ports of its own, the node configuration an operator would
//! write (see [`config`]) around the files pbx renders, stopped on every
//! exit path and kept, with its logs, when the test fails.

pub mod config;
mod log;
mod prompts;
mod slot;

pub use log::{LogMark, Problem};
pub use slot::Slot;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pbx_asterisk::AmiSettings;
use pbx_asterisk::ami::{AmiClient, Message};

use crate::env::Installation;
use crate::ports::{free_port, rtp_range};

/// At most this many live Asterisk processes run at once in one test
/// process (the machine has few cores; calls time out when starved).
const PARALLEL: usize = 3;

/// Where a node reads its PJSIP and chan_sip objects from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// pbx's rendered files, `#include`d.
    Files,
    /// Rows of pbx's database through `res_config_pgsql`, behind sorcery
    /// memory caches.
    Realtime(RealtimeDatabase),
}

/// The PostgreSQL database a Realtime node reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealtimeDatabase {
    pub host: String,
    pub port: u16,
    pub name: String,
    pub user: String,
    pub password: String,
}

impl RealtimeDatabase {
    /// Reads `postgres://user[:password]@host:port/name`.
    pub fn from_url(url: &str) -> RealtimeDatabase {
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .expect("a postgres:// URL");
        let (credentials, rest) = rest.split_once('@').expect("user@host in the URL");
        let (user, password) = credentials.split_once(':').unwrap_or((credentials, ""));
        let (address, name) = rest.split_once('/').expect("a database name in the URL");
        let (host, port) = address.split_once(':').unwrap_or((address, "5432"));
        RealtimeDatabase {
            host: host.into(),
            port: port.parse().expect("a port number"),
            name: name.split('?').next().unwrap_or(name).into(),
            user: user.into(),
            password: password.into(),
        }
    }
}

/// A SIP trunk of the node to a SIPp peer (the stand-in carrier, a
/// provider, another node): a PJSIP endpoint identified by the header
/// `X-Pbx-Trunk: <name>` on what the peer sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trunk {
    pub name: String,
    /// The peer's port on 127.0.0.1.
    pub port: u16,
    /// The context calls from the peer start in.
    pub context: String,
    /// Channel variables set on calls from the peer (`set_var`).
    pub variables: Vec<(String, String)>,
}

/// What to start.
#[derive(Debug, Clone)]
pub struct AsteriskSpec {
    /// The node name (comments, user agent).
    pub name: String,
    pub storage: Storage,
    /// chan_sip's `[general] realm`.
    pub realm: String,
    pub trunks: Vec<Trunk>,
    /// The trunk `[pbx-routes]` dials external numbers through (none:
    /// external calls are refused).
    pub default_route: Option<String>,
    /// `(routing profile, trunk)`: a `[pbx-routes-<profile>]` context each.
    pub profiles: Vec<(String, String)>,
    /// Music-on-hold classes besides `default`.
    pub moh_classes: Vec<String>,
    /// More dialplan, appended to `extensions.conf`.
    pub dialplan: String,
    /// Where `cdr_pgsql` writes the node's CDRs (pbx's `asterisk_cdr`).
    pub cdr_database: Option<RealtimeDatabase>,
}

impl AsteriskSpec {
    /// A node with file storage, no trunks.
    pub fn new(name: &str) -> AsteriskSpec {
        AsteriskSpec {
            name: name.into(),
            storage: Storage::Files,
            realm: "pbx.test".into(),
            trunks: Vec::new(),
            default_route: None,
            profiles: Vec::new(),
            moh_classes: Vec::new(),
            dialplan: String::new(),
            cdr_database: None,
        }
    }

    /// Writes the node's CDRs into pbx's database `db` (`cdr_pgsql`, see `docs/asterisk.md`).
    pub fn call_records(mut self, db: RealtimeDatabase) -> AsteriskSpec {
        self.cdr_database = Some(db);
        self
    }

    /// Reads PJSIP and chan_sip objects from `db` (Realtime).
    pub fn realtime(mut self, db: RealtimeDatabase) -> AsteriskSpec {
        self.storage = Storage::Realtime(db);
        self
    }

    /// Adds a trunk to a SIPp peer on `port`, calls from it starting in
    /// `context`.
    pub fn trunk(mut self, name: &str, port: u16, context: &str) -> AsteriskSpec {
        self.trunks.push(Trunk {
            name: name.into(),
            port,
            context: context.into(),
            variables: Vec::new(),
        });
        self
    }

    /// Sets a channel variable on calls from the trunk `name`.
    pub fn trunk_variable(mut self, name: &str, key: &str, value: &str) -> AsteriskSpec {
        let trunk = self
            .trunks
            .iter_mut()
            .find(|t| t.name == name)
            .expect("the trunk is declared first");
        trunk.variables.push((key.into(), value.into()));
        self
    }

    /// External calls leave through a carrier on `port` (trunk `carrier`).
    pub fn carrier(self, port: u16) -> AsteriskSpec {
        let mut spec = self.trunk("carrier", port, "from-carrier");
        spec.default_route = Some("carrier".into());
        spec
    }

    /// Routing profile `profile` sends external calls through `trunk`.
    pub fn profile(mut self, profile: &str, trunk: &str) -> AsteriskSpec {
        self.profiles.push((profile.into(), trunk.into()));
        self
    }

    /// Defines music-on-hold class `class`.
    pub fn moh_class(mut self, class: &str) -> AsteriskSpec {
        self.moh_classes.push(class.into());
        self
    }

    /// Appends dialplan text to `extensions.conf`.
    pub fn dialplan(mut self, text: &str) -> AsteriskSpec {
        self.dialplan.push_str(text);
        self.dialplan.push('\n');
        self
    }
}

/// The loopback ports of one Asterisk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    pub pjsip_udp: u16,
    pub pjsip_tcp: u16,
    pub sip_udp: u16,
    pub ami: u16,
    pub http: u16,
    pub rtp: (u16, u16),
}

impl Ports {
    fn pick() -> Ports {
        Ports {
            pjsip_udp: free_port(),
            pjsip_tcp: free_port(),
            sip_udp: free_port(),
            ami: free_port(),
            http: free_port(),
            rtp: rtp_range(200),
        }
    }
}

/// A running Asterisk. Dropping it stops the process; when the test is
/// failing (panicking) the directory is kept and its path and log tail are
/// printed.
pub struct Asterisk {
    pub spec: AsteriskSpec,
    pub ports: Ports,
    install: &'static Installation,
    dir: Option<tempfile::TempDir>,
    root: PathBuf,
    child: Option<Child>,
    pbx_secret: String,
    observer_secret: String,
    _slot: Slot,
    /// Wall time from spawning the process to fully booted.
    pub boot_time: Duration,
}

fn random_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    format!("s{:016x}", h.finish())
}

impl Asterisk {
    /// Writes the configuration and prepares the directory; pbx's files go
    /// into [`Asterisk::pbx_dir`] before [`Asterisk::start`].
    pub fn prepare(install: &'static Installation, spec: AsteriskSpec) -> Asterisk {
        let slot = Slot::take();
        let dir = tempfile::Builder::new()
            .prefix("pbx-live-")
            .tempdir()
            .expect("a temporary directory");
        let root = dir.path().to_owned();
        for sub in [
            "etc/pbx",
            "lib/keys",
            "lib/agi-bin",
            "spool",
            "run",
            "log",
            "moh",
        ] {
            std::fs::create_dir_all(root.join(sub)).expect("create the tree");
        }
        let ports = Ports::pick();
        let asterisk = Asterisk {
            spec,
            ports,
            install,
            dir: Some(dir),
            root,
            child: None,
            pbx_secret: random_secret(),
            observer_secret: random_secret(),
            _slot: slot,
            boot_time: Duration::ZERO,
        };
        asterisk.write_config();
        asterisk
    }

    fn write_config(&self) {
        let pbx_dir = self.pbx_dir();
        let data = self.root.join("data");
        prompts::data_dir(&self.install.prefix.join("var/lib/asterisk"), &data)
            .expect("write the data directory");
        let mut files: Vec<(&str, String)> = vec![
            (
                "asterisk.conf",
                config::asterisk_conf(&self.root, &self.install.modules(), &data),
            ),
            ("modules.conf", config::modules_conf(&self.spec)),
            ("logger.conf", config::logger_conf()),
            (
                "manager.conf",
                config::manager_conf(&self.ports, &self.pbx_secret, &self.observer_secret),
            ),
            (
                "pjsip.conf",
                config::pjsip_conf(&self.spec, &self.ports, &pbx_dir),
            ),
            (
                "sip.conf",
                config::sip_conf(&self.spec, &self.ports, &pbx_dir),
            ),
            (
                "extensions.conf",
                config::extensions_conf(&self.spec, &pbx_dir),
            ),
            (
                "voicemail.conf",
                config::voicemail_conf(&pbx_dir, &self.root.join("log/voicemail-mail.txt")),
            ),
            (
                "musiconhold.conf",
                config::musiconhold_conf(&self.root.join("moh"), &self.spec.moh_classes),
            ),
            ("rtp.conf", config::rtp_conf(&self.ports)),
            ("http.conf", config::http_conf(&self.ports)),
            ("indications.conf", config::indications_conf()),
        ];
        files.extend(config::cdr_files(self.spec.cdr_database.as_ref()));
        if let Storage::Realtime(db) = &self.spec.storage {
            files.extend(config::realtime_files(db));
        } else {
            files.push(("res_pgsql.conf", String::new()));
        }
        for name in config::EMPTY_FILES {
            files.push((name, String::new()));
        }
        for (name, text) in files {
            std::fs::write(self.root.join("etc").join(name), text).expect("write the config");
        }
        std::fs::write(self.root.join("moh/silence.wav"), prompts::silence_wav(2))
            .expect("write the hold music");
    }

    /// Joins two prepared nodes with an inter-node trunk named `trunk` on
    /// both (the nodes' `inter_node_trunk`): each authenticates to the
    /// other with its own name.
    pub fn link(a: &Asterisk, b: &Asterisk, trunk: &str) {
        let secret = random_secret();
        for (own, other) in [(a, b), (b, a)] {
            let text = config::internode_conf(
                &own.spec.name,
                &other.spec.name,
                other.ports.pjsip_udp,
                trunk,
                &secret,
            );
            std::fs::write(own.root.join("etc/pjsip-internode.conf"), text)
                .expect("write the inter-node trunk");
        }
    }

    /// The directory pbx renders this node's files into (its `output_dir`).
    pub fn pbx_dir(&self) -> PathBuf {
        self.root.join("etc/pbx")
    }

    /// The root of the test's tree (logs in `log/`, spool in `spool/`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every mail the node's voicemail sent (its mail command's output).
    pub fn voicemail_mail(&self) -> String {
        std::fs::read_to_string(self.root.join("log/voicemail-mail.txt")).unwrap_or_default()
    }

    /// Where voicemail boxes live: `spool/voicemail/<context>/<box>`.
    pub fn voicemail_dir(&self, context: &str, mailbox: &str) -> PathBuf {
        self.root
            .join("spool/voicemail")
            .join(context)
            .join(mailbox)
    }

    /// Starts the process and waits until it is fully booted (at most a
    /// minute). The index files pbx includes must exist (render first).
    pub fn start(&mut self) {
        self.start_within(Duration::from_mins(1));
    }

    /// Like [`Asterisk::start`], waiting at most `limit` (a node loading
    /// tens of thousands of endpoints from files takes minutes).
    pub fn start_within(&mut self, limit: Duration) {
        assert!(self.child.is_none(), "already started");
        let log = |name: &str| {
            std::fs::File::create(self.root.join("log").join(name)).expect("create a log file")
        };
        let started = Instant::now();
        let child = Command::new(self.install.asterisk())
            .args(["-f", "-n", "-C"])
            .arg(self.conf_path())
            .env("TZ", "UTC")
            .stdin(Stdio::null())
            .stdout(log("stdout.log"))
            .stderr(log("stderr.log"))
            .spawn()
            .expect("start asterisk");
        self.child = Some(child);
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "asterisk exited at start with {status}:\n{}",
                    self.log_tail(40)
                );
            }
            let out = self.cli_raw("core waitfullybooted");
            if out.contains("fully booted") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "asterisk did not boot within {limit:?}:\n{}",
                self.log_tail(40)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.boot_time = started.elapsed();
    }

    fn conf_path(&self) -> PathBuf {
        self.root.join("etc/asterisk.conf")
    }

    fn cli_raw(&self, command: &str) -> String {
        match Command::new(self.install.asterisk())
            .arg("-C")
            .arg(self.conf_path())
            .arg("-rx")
            .arg(command)
            .output()
        {
            Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
            Err(_) => String::new(),
        }
    }

    /// Runs a CLI command through the remote console (`asterisk -rx`).
    pub fn cli(&self, command: &str) -> String {
        assert!(self.child.is_some(), "asterisk is not running");
        self.cli_raw(command)
    }

    /// What pbx needs to reach the manager: the documented user.
    pub fn ami_settings(&self) -> AmiSettings {
        AmiSettings {
            host: "127.0.0.1".into(),
            port: self.ports.ami,
            username: config::PBX_USER.into(),
            secret: self.pbx_secret.clone(),
        }
    }

    /// The observer's manager settings (every event class).
    pub fn observer_settings(&self) -> AmiSettings {
        AmiSettings {
            username: config::OBSERVER_USER.into(),
            secret: self.observer_secret.clone(),
            ..self.ami_settings()
        }
    }

    /// A manager session as the observer, without events.
    pub async fn ami(&self) -> AmiClient {
        AmiClient::connect(&self.observer_settings(), Duration::from_secs(10))
            .await
            .expect("log in to the manager")
    }

    /// Sends one action as the observer and returns the response and the
    /// events of a list action up to its `...Complete` event.
    pub async fn action_list(&self, action: &pbx_asterisk::ami::Action) -> Vec<Message> {
        let mut ami = AmiClient::connect_with_events(
            &self.observer_settings(),
            Duration::from_secs(10),
            "off",
        )
        .await
        .expect("log in to the manager");
        ami.start(action).await.expect("send the action");
        let mut out = Vec::new();
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), ami.next_message())
                .await
                .expect("the list completes within 10 s")
                .expect("read a message");
            let done = message
                .get("EventList")
                .is_some_and(|v| v.eq_ignore_ascii_case("Complete"))
                || message
                    .get("Response")
                    .is_some_and(|v| v.eq_ignore_ascii_case("Error"));
            out.push(message);
            if done {
                break;
            }
        }
        let _ = ami.logoff().await;
        out
    }

    /// A position in `messages.log`: problems are read from there on.
    pub fn mark(&self) -> LogMark {
        LogMark::at(&self.messages_log())
    }

    fn messages_log(&self) -> PathBuf {
        self.root.join("log/messages.log")
    }

    /// Configuration problems logged since `mark` (warnings and errors,
    /// and the notices that mean a rendered file was refused).
    pub fn problems_since(&self, mark: &LogMark) -> Vec<Problem> {
        log::problems(&mark.read_from(&self.messages_log()))
    }

    /// Panics with the problems logged since `mark`, if any.
    pub fn assert_clean_since(&self, mark: &LogMark) {
        let problems = self.problems_since(mark);
        assert!(
            problems.is_empty(),
            "asterisk logged {} problem(s):\n{}",
            problems.len(),
            problems
                .iter()
                .map(|p| p.line.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Panics with every problem logged since the start.
    pub fn assert_clean(&self) {
        self.assert_clean_since(&LogMark::start());
    }

    /// The last `n` lines of the full log.
    pub fn log_tail(&self, n: usize) -> String {
        let full = std::fs::read_to_string(self.root.join("log/full.log")).unwrap_or_default();
        let lines: Vec<&str> = full.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// The full log (dialplan trace included).
    pub fn full_log(&self) -> String {
        std::fs::read_to_string(self.root.join("log/full.log")).unwrap_or_default()
    }

    /// Resident memory of the process in KiB (`VmRSS`).
    pub fn memory_kib(&self) -> u64 {
        let Some(child) = &self.child else { return 0 };
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Stops the process (`core stop now`, then a kill after 10 s).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = self.cli_raw("core stop now");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Asterisk {
    fn drop(&mut self) {
        let failing = std::thread::panicking();
        if failing && self.child.is_some() {
            eprintln!(
                "--- asterisk {} log tail ---\n{}\n---",
                self.spec.name,
                self.log_tail(60)
            );
        }
        self.stop();
        if failing && let Some(dir) = self.dir.take() {
            let kept = dir.keep();
            eprintln!(
                "kept the live Asterisk tree of node {} at {}",
                self.spec.name,
                kept.display()
            );
        }
    }
}
