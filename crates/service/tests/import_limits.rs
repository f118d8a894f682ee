//! What one import may cost: one import per tenant at a time, reports
//! that list at most 1,000 problems, and hostile files checked through the
//! whole service in bounded memory (each in a child process that reports
//! its peak resident memory).

mod support;

use std::process::Command;

use pbx_interchange::hostile::{xls, xlsx};
use pbx_service::imports::MAX_REPORTED_ERRORS;
use pbx_service::{Actor, Service, ServiceError};

const NO_PROGRESS: &(dyn Fn(u64) + Send + Sync) = &|_| {};

#[tokio::test]
async fn a_tenant_runs_one_import_at_a_time_and_others_are_not_held_up() {
    for (backend, service, _dir) in support::backends().await {
        support::tenant(&service, "ACME", 100).await;
        support::tenant(&service, "BETA", 100).await;
        let cli = Actor::cli();
        let file = b"number,name\n100,Alex\n";
        let slot = service.reserve_import(&cli, "ACME").await.unwrap();
        for result in [
            service
                .preview_import(&cli, "ACME", file, "a.csv")
                .await
                .map(|_| ()),
            service
                .check_import(&cli, "ACME", file, "a.csv", NO_PROGRESS)
                .await
                .map(|_| ()),
            service
                .import_file(&cli, "ACME", file, "a.csv", NO_PROGRESS)
                .await
                .map(|_| ()),
        ] {
            match result {
                Err(ServiceError::Busy {
                    message,
                    retry_after,
                }) => {
                    assert!(
                        message.contains("another import into tenant ACME"),
                        "{backend}: {message}"
                    );
                    assert!(retry_after > 0);
                }
                other => panic!("{backend}: expected Busy, got {other:?}"),
            }
        }
        service
            .preview_import(&cli, "BETA", file, "b.csv")
            .await
            .unwrap();
        drop(slot);
        service
            .preview_import(&cli, "ACME", file, "a.csv")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_file_of_bad_cells_lists_the_first_thousand_problems_and_counts_the_rest() {
    let (_, service, _dir) = support::backends().await.remove(0);
    support::tenant(&service, "ACME", 100_000).await;
    // 3,000 rows, each with 20 values in columns without a header.
    let row = |i: usize| format!("{}{}\n", 1000 + i, ",x".repeat(20));
    let one = format!("number\n{}", row(0));
    let per_row = service
        .check_import(&Actor::cli(), "ACME", one.as_bytes(), "f.csv", NO_PROGRESS)
        .await
        .unwrap()
        .errors
        .len();
    assert!(per_row >= 20);
    let mut file = String::from("number\n");
    for i in 0..3_000 {
        file.push_str(&row(i));
    }
    let report = service
        .check_import(&Actor::cli(), "ACME", file.as_bytes(), "f.csv", NO_PROGRESS)
        .await
        .unwrap();
    assert_eq!(report.errors.len(), MAX_REPORTED_ERRORS + 1);
    let first = &report.errors[0];
    assert_eq!((first.line, first.column.as_str()), (0, "file"));
    assert_eq!(
        first.message,
        format!(
            "has {} more problems than the first 1000 listed here",
            3_000 * per_row - MAX_REPORTED_ERRORS
        )
    );
    assert_eq!(report.errors[1].line, 2);
}

const LIMIT_MIB: u64 = 200;

/// `(name, file name, bytes)` of each file the child checks.
fn hostile_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut stray = String::from("number\n");
    while stray.len() < 20 << 20 {
        stray.push('1');
        stray.push_str(&",x".repeat(1023));
        stray.push('\n');
    }
    vec![
        (
            "an XLSX shared-string bomb (6.4 GB of text)",
            "b.xlsx",
            xlsx::shared_string_bomb(32_000, 200_000, false),
        ),
        (
            "a 49 MB XLSX shared-string bomb",
            "b.xlsx",
            xlsx::shared_string_bomb(32_000, 1_600_000, true),
        ),
        (
            "an XLS shared-string bomb (560 MB of text)",
            "b.xls",
            xls::shared_string_bomb(8_000, 70_000),
        ),
        (
            "an XLS with cells in its first and last cells",
            "b.xls",
            xls::far_corners(4),
        ),
        (
            "a 45 MB CSV of 23 million values without a header",
            "b.csv",
            stray.into_bytes(),
        ),
    ]
}

#[test]
fn hostile_files_are_checked_through_the_service_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut failures = Vec::new();
    for (i, (name, file_name, bytes)) in hostile_files().into_iter().enumerate() {
        let path = dir.path().join(format!("case{i}"));
        std::fs::write(&path, &bytes).unwrap();
        // Three at once for the compressed bombs (three uploads of 1 MB
        // took the old server down); the large files once.
        let runs: &[usize] = if bytes.len() < 4 << 20 { &[1, 3] } else { &[1] };
        for &concurrent in runs {
            let output = Command::new("sh")
                .arg("-c")
                .arg("ulimit -v 8388608; exec \"$0\" \"$@\"")
                .arg(&exe)
                .args([
                    "--exact",
                    "child_checks_one_file",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env("PBX_MEMORY_FILE", &path)
                .env("PBX_MEMORY_NAME", file_name)
                .env("PBX_MEMORY_CONCURRENT", concurrent.to_string())
                .env_remove("PBX_TEST_POSTGRES_URL")
                .env_remove("PBX_REQUIRE_POSTGRES")
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            let line = stdout
                .lines()
                .find_map(|l| l.split_once("MEMORY ").map(|(_, rest)| rest.to_owned()));
            let Some(line) = line.filter(|_| output.status.success()) else {
                let stderr = String::from_utf8_lossy(&output.stderr);
                failures.push(format!(
                    "{name} x{concurrent}: the child failed ({}): {stderr}",
                    output.status
                ));
                continue;
            };
            let (peak, outcome) = line.split_once(' ').unwrap();
            let peak_kib: u64 = peak.parse().unwrap();
            println!(
                "{:>7.1} MiB  {name}, {concurrent} at once: {outcome}",
                peak_kib as f64 / 1024.0
            );
            if peak_kib >= LIMIT_MIB * 1024 {
                failures.push(format!("{name} x{concurrent}: peak {peak_kib} KiB"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "run in a child process by hostile_files_are_checked_through_the_service_in_bounded_memory"]
fn child_checks_one_file() {
    let Ok(path) = std::env::var("PBX_MEMORY_FILE") else {
        return;
    };
    let name = std::env::var("PBX_MEMORY_NAME").unwrap();
    let concurrent: usize = std::env::var("PBX_MEMORY_CONCURRENT")
        .unwrap()
        .parse()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outcome = runtime.block_on(async {
        let (_, service, _dir) = support::backends().await.remove(0);
        let codes: Vec<String> = (0..concurrent)
            .map(|i| format!("T{}", char::from(b'A' + i as u8)))
            .collect();
        for code in &codes {
            support::tenant(&service, code, 100_000).await;
        }
        let bytes = std::sync::Arc::new(std::fs::read(&path).unwrap());
        // One task per upload, as the server runs one per request.
        let tasks: Vec<_> = codes
            .into_iter()
            .map(|code| {
                let (service, bytes, name) = (service.clone(), bytes.clone(), name.clone());
                tokio::spawn(async move { check(&service, &code, &bytes, &name).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        outcomes.join("; ")
    });
    println!("MEMORY {} {outcome}", peak_kib());
}

async fn check(service: &Service, code: &str, bytes: &[u8], name: &str) -> String {
    match service
        .preview_import(&Actor::cli(), code, bytes, name)
        .await
    {
        Ok(preview) => format!(
            "{} creates, {} problems",
            preview.report.creates,
            preview.report.errors.len()
        ),
        Err(ServiceError::Invalid(e)) => e.0[0].message.clone(),
        Err(other) => format!("{other:?}"),
    }
}

/// This process's peak resident memory in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
