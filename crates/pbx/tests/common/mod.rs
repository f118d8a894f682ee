//! Running the real `pbx` binary in the command-line tests.

use std::process::{Command, Output};

/// Runs `pbx` with `args` (logging at info, no database from the
/// environment).
pub fn pbx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(args)
        .env("RUST_LOG", "info")
        .env_remove("PBX_DATABASE_URL")
        .output()
        .unwrap()
}

/// Standard output then standard error.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
