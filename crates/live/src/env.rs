//! Where the Asterisk under test is installed, and whether a live test may
//! skip without it.
//!
//! `ASTERISK_PREFIX` names an Asterisk 20 install (`$ASTERISK_PREFIX/sbin/asterisk`);
//! SIPp is `PBX_SIPP` or `/usr/bin/sipp`. Without them a live test prints why
//! it skips, unless `PBX_REQUIRE_ASTERISK=1` (as `.ci/run` sets), where it fails.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// An Asterisk 20 install and the SIPp binary the tests drive.
#[derive(Debug, Clone)]
pub struct Installation {
    /// The install prefix (`sbin/asterisk`, `lib/asterisk/modules`).
    pub prefix: PathBuf,
    /// What `asterisk -V` printed, e.g. `Asterisk 20.20.1`.
    pub version: String,
    pub sipp: PathBuf,
}

impl Installation {
    /// The `asterisk` binary.
    pub fn asterisk(&self) -> PathBuf {
        self.prefix.join("sbin/asterisk")
    }

    /// The directory of loadable modules.
    pub fn modules(&self) -> PathBuf {
        self.prefix.join("lib/asterisk/modules")
    }

    /// True when module `name` (e.g. `chan_sip`) is built.
    pub fn has_module(&self, name: &str) -> bool {
        self.modules().join(format!("{name}.so")).exists()
    }
}

fn detect() -> Result<Installation, String> {
    let prefix = std::env::var_os("ASTERISK_PREFIX")
        .map(PathBuf::from)
        .ok_or("ASTERISK_PREFIX is not set")?;
    let binary = prefix.join("sbin/asterisk");
    let output = Command::new(&binary)
        .arg("-V")
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !version.starts_with("Asterisk 20.") {
        return Err(format!(
            "{} is {version:?}, not Asterisk 20",
            binary.display()
        ));
    }
    let sipp =
        std::env::var_os("PBX_SIPP").map_or_else(|| PathBuf::from("/usr/bin/sipp"), PathBuf::from);
    if !sipp.exists() {
        return Err(format!(
            "SIPp not found at {} (Debian package sip-tester)",
            sipp.display()
        ));
    }
    Ok(Installation {
        prefix,
        version,
        sipp,
    })
}

/// The installation, detected once per process.
pub fn installation() -> Result<&'static Installation, &'static str> {
    static FOUND: OnceLock<Result<Installation, String>> = OnceLock::new();
    FOUND.get_or_init(detect).as_ref().map_err(String::as_str)
}

/// The installation for a live test, or `None` (the test returns early)
/// after printing why it skips. Under `PBX_REQUIRE_ASTERISK=1` a missing
/// installation fails the test instead.
pub fn require(test: &str) -> Option<&'static Installation> {
    match installation() {
        Ok(found) => Some(found),
        Err(why) if std::env::var("PBX_REQUIRE_ASTERISK").as_deref() == Ok("1") => {
            panic!("PBX_REQUIRE_ASTERISK=1 but no live Asterisk: {why}")
        }
        Err(why) => {
            eprintln!("skipping live test {test}: {why}");
            None
        }
    }
}

/// The PostgreSQL server a live test needing one uses
/// (`PBX_TEST_POSTGRES_URL`), or `None` (the test returns early) after
/// printing why it skips. Under `PBX_REQUIRE_POSTGRES=1` a missing URL
/// fails the test instead.
pub fn require_postgres(test: &str) -> Option<String> {
    match std::env::var("PBX_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("PBX_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("PBX_REQUIRE_POSTGRES=1 but PBX_TEST_POSTGRES_URL is not set")
        }
        _ => {
            eprintln!("skipping live test {test}: PBX_TEST_POSTGRES_URL is not set");
            None
        }
    }
}
