//! SIPp peers answering calls on their own ports (carriers, providers).

use std::path::Path;
use std::time::{Duration, Instant};

use super::{ANSWER, ANSWER_DTMF, RING, SipMessage, Sipp, fill, media};
use crate::env::Installation;
use crate::ports::free_port;

/// A SIPp peer answering calls on its own port: the stand-in carrier, a
/// provider, a phone that is not registered (static contact).
pub struct Peer {
    pub sipp: Sipp,
}

impl Peer {
    /// Answers every call after `ring`, until dropped.
    pub fn answering(install: &Installation, dir: &Path, name: &str, ring: Duration) -> Peer {
        let scenario = fill(
            ANSWER,
            &[
                ("transport_param", String::new()),
                ("ring_ms", ring.as_millis().to_string()),
                ("hold_ms", "120000".into()),
            ],
        );
        Peer::spawn(install, dir, name, &scenario)
    }

    /// Answers every call after `ring`, then presses `digits` (SIP INFO)
    /// `wait` after the answer: a follow-me number confirming the call.
    pub fn pressing(
        install: &Installation,
        dir: &Path,
        name: &str,
        ring: Duration,
        digits: &str,
        wait: Duration,
    ) -> Peer {
        let scenario = fill(
            ANSWER_DTMF,
            &[
                (
                    "info",
                    media::called_dtmf_xml(digits, wait, Duration::from_millis(400)),
                ),
                ("transport_param", String::new()),
                ("ring_ms", ring.as_millis().to_string()),
                ("hold_ms", "120000".into()),
            ],
        );
        Peer::spawn(install, dir, name, &scenario)
    }

    /// Rings on every call and never answers: the caller gives up.
    pub fn ringing(install: &Installation, dir: &Path, name: &str) -> Peer {
        let scenario = fill(RING, &[("transport_param", String::new())]);
        Peer::spawn(install, dir, name, &scenario)
    }

    fn spawn(install: &Installation, dir: &Path, name: &str, scenario: &str) -> Peer {
        let port = free_port();
        let file = dir.join(format!("{name}.xml"));
        std::fs::write(&file, scenario).expect("write the scenario");
        let args: Vec<String> = vec![
            "-sf".into(),
            file.display().to_string(),
            "-s".into(),
            name.into(),
            "-aa".into(),
        ];
        Peer {
            sipp: Sipp::spawn(install, dir, name, port, None, &args),
        }
    }

    /// The port calls to the peer go to.
    pub fn port(&self) -> u16 {
        self.sipp.port
    }

    /// The INVITEs the peer received.
    pub fn invites(&self) -> Vec<SipMessage> {
        self.sipp.received("INVITE")
    }

    /// Waits for the peer's `n`-th INVITE (from 0).
    pub fn wait_invite(&self, n: usize, limit: Duration) -> Option<SipMessage> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(m) = self.invites().into_iter().nth(n) {
                return Some(m);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        None
    }
}
