//! A user's mistake on the command line gets one clear message and a
//! non-zero exit, never a Rust backtrace, even with `RUST_BACKTRACE` set
//! (CI sets it, and so do many shells).

use std::process::Command;

/// Runs `pbx` with `args` and `RUST_BACKTRACE=1`; (exit code, stderr).
fn mistaken(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_pbx"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LIB_BACKTRACE", "1")
        .env_remove("PBX_DATABASE_URL")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_mistake_is_one_message_and_exit_1_without_a_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let key = dir.path().join("t.key");
    let key = key.to_str().unwrap();
    let missing = dir.path().join("nowhere.csv");
    let cases: [Vec<&str>; 3] = [
        vec![
            "import",
            "--database",
            &url,
            "--key-file",
            key,
            "--tenant",
            "ACME",
            missing.to_str().unwrap(),
        ],
        vec![
            "export",
            "--database",
            &url,
            "--key-file",
            key,
            "--tenant",
            "NOSUCH",
            "--format",
            "csv",
        ],
        vec![
            "tenant",
            "set",
            "NOSUCH",
            "--database",
            &url,
            "--key-file",
            key,
            "--limit",
            "5",
        ],
    ];
    for args in cases {
        let (code, stderr) = mistaken(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            !stderr.to_lowercase().contains("backtrace") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(errors.len(), 1, "{args:?}: one error line in {stderr}");
    }
}
