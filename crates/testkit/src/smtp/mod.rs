//! A real SMTP server for tests: Python's aiosmtpd (`pip install aiosmtpd`)
//! started on a free local port, writing every message it accepts to a
//! file that [`SmtpServer::received`] parses (envelope, decoded subject,
//! text body, attachments). Without aiosmtpd, [`SmtpServer::start`]
//! answers `None` so the test can skip, or panics when
//! `PBX_REQUIRE_SMTP=1` (CI).

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT: &str = include_str!("server.py");

/// One message as the server received it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ReceivedMail {
    pub mail_from: String,
    /// The envelope recipients.
    pub rcpt_tos: Vec<String>,
    /// The `To` header.
    pub to: String,
    pub subject: String,
    /// The text/plain part, decoded.
    pub body: String,
    pub attachments: Vec<ReceivedAttachment>,
    /// The message as sent (headers and MIME parts).
    pub raw: String,
    /// Whether the client authenticated.
    pub auth: bool,
}

/// An attached file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ReceivedAttachment {
    pub name: Option<String>,
    pub size: usize,
}

/// A running aiosmtpd; stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Whether `python3 -c "import aiosmtpd"` works; panics without it when
/// `PBX_REQUIRE_SMTP=1`.
pub fn available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("PBX_REQUIRE_SMTP").as_deref() != Ok("1"),
            "PBX_REQUIRE_SMTP=1 but python3 cannot import aiosmtpd (pip install aiosmtpd)"
        );
        eprintln!("skipped: python3 cannot import aiosmtpd (pip install aiosmtpd)");
    }
    found
}

impl SmtpServer {
    /// A server on a free port, or `None` (the test skips) without aiosmtpd.
    pub fn start() -> Option<SmtpServer> {
        SmtpServer::start_on(free_port(), None)
    }

    /// A server on `port`, requiring AUTH with `credentials`
    /// (`(user, password)`) when given.
    pub fn start_on(port: u16, credentials: Option<(&str, &str)>) -> Option<SmtpServer> {
        if !available() {
            return None;
        }
        let dir = tempfile::tempdir().expect("a temp dir for received mail");
        let mut command = Command::new("python3");
        command
            .args(["-c", SCRIPT, &port.to_string()])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some((user, password)) = credentials {
            command.arg(format!("{user}:{password}"));
        }
        let child = command.spawn().expect("python3 starts");
        let server = SmtpServer { port, child, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "json"));
        files.sort();
        files
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.files()
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("a received mail");
                serde_json::from_str(&text).expect("the server's JSON")
            })
            .collect()
    }

    /// Waits up to `limit` until `count` messages arrived; answers them.
    pub async fn wait_for(&self, count: usize, limit: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + limit;
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
