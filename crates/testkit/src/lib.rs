//! Test support shared by the crates' tests, used only as a
//! dev-dependency (`publish = false`).
//!
//! - [`ami::ScriptedManager`]: an Asterisk manager (AMI) on 127.0.0.1 that
//!   speaks the wire protocol, answers each action as the test's script
//!   says and records every action it got. It depends on none of our
//!   crates, so its parsing is independent of the client under test.
//! - `data` (feature `service`): builders for test data,
//!   `TestTenant::new("ACME").with_extensions(100..110)`.
//! - `app` (feature `web`): `TestApp`, the real router over a fresh SQLite
//!   database, with signed-in callers and one way to send requests.
//! - `smtp` (feature `smtp`): `SmtpServer`, a real SMTP server (Python's
//!   aiosmtpd) on a free port, and the messages it received.
//!
//! A crate that tests with the builders or the app names the feature in
//! its `[dev-dependencies]`; those are integration tests, so they link the
//! same `pbx-service` and `pbx-web` as this crate.

pub mod ami;
#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "service")]
pub mod data;
#[cfg(feature = "smtp")]
pub mod smtp;
