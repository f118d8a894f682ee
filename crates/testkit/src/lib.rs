//! Test support shared by the crates' tests, used only as a
//! dev-dependency (`publish = false`).
//!
//! - [`ami::ScriptedManager`]: an Asterisk manager (AMI) on 127.0.0.1 that
//!   speaks the wire protocol, answers each action as the test's script
//!   says and records every action it got. It depends on none of our
//!   crates, so its parsing is independent of the client under test.

pub mod ami;
