//! A time-limited, structure-aware fuzz run over the import readers. Only
//! the stable toolchain exists here (cargo-fuzz needs nightly sanitizers),
//! so the generators are our own: they build CSV text, XLSX packages and
//! XLS compound files from random structure (corrupt ZIP headers, lying
//! sizes and methods, wrong relationships, deep XML, many and long shared
//! strings, out-of-range indexes and references, huge dimension claims,
//! CONTINUE splits, looping sectors, truncations, byte flips), then read
//! each through the import's path (rows streamed and parsed, 500 kept).
//!
//! `fuzz_the_readers_for_a_fixed_time` runs the loop in a child process
//! (this binary again) under a 4 GiB address-space limit. Before each input
//! the child resets its peak-memory counter (`/proc/self/clear_refs`) and
//! after it reads VmHWM: the growth of the peak over the resident size
//! before reading, plus the input itself (which the server holds while it
//! reads), is held to 200 MB for every input. A panic, a
//! peak over the limit or an input slower than 20 s fails the run and
//! prints the seed (`PBX_FUZZ_SEED` replays it). `.ci/run` runs it for
//! `PBX_FUZZ_SECS` seconds (90); it is ignored by a plain `cargo test`.

mod csv;
mod rng;
mod xls;
mod xlsx;

use std::process::Command;
use std::time::{Duration, Instant};

use pbx_interchange::{RowParser, apply_settings, read_rows};
use rng::Rng;

const LIMIT_KIB: u64 = 200 * 1024;
const SLOW: Duration = Duration::from_secs(20);
/// The largest upload the server reads (`pbx_web`'s `MAX_UPLOAD`).
const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;

#[test]
#[ignore = "a time-limited fuzz run: .ci/run runs it with --ignored"]
fn fuzz_the_readers_for_a_fixed_time() {
    let secs: u64 = std::env::var("PBX_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed: u64 = std::env::var("PBX_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
        .arg(&exe)
        .args([
            "--exact",
            "fuzz_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PBX_FUZZ_CHILD", format!("{seed} {secs}"))
        .env(
            "PBX_FUZZ_CASE",
            std::env::var("PBX_FUZZ_CASE").unwrap_or_default(),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout
        .lines()
        .find_map(|l| l.split_once("FUZZ ").map(|(_, s)| s));
    println!("seed {seed}: {}", summary.unwrap_or("no summary"));
    assert!(
        output.status.success() && summary.is_some_and(|s| s.starts_with("ok")),
        "the fuzz run failed (replay with PBX_FUZZ_SEED={seed}): {}\n{stdout}\n{}",
        output.status,
        stderr.lines().rev().take(30).collect::<Vec<_>>().join("\n")
    );
}

#[test]
#[ignore = "the child of fuzz_the_readers_for_a_fixed_time"]
fn fuzz_child() {
    let Ok(args) = std::env::var("PBX_FUZZ_CHILD") else {
        return;
    };
    let (seed, secs) = args.split_once(' ').unwrap();
    let (seed, secs): (u64, u64) = (seed.parse().unwrap(), secs.parse().unwrap());
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut inputs, mut accepted, mut max_peak, mut max_time) = (0u64, 0u64, 0u64, Duration::ZERO);
    let mut worst = String::new();
    let mut kinds = [0u64; 3];
    let single: Option<u64> = std::env::var("PBX_FUZZ_CASE")
        .ok()
        .and_then(|c| c.parse().ok());
    while Instant::now() < deadline {
        let case_seed = single.unwrap_or_else(|| rng.next());
        let mut case = Rng::new(case_seed);
        let kind = case.below(3);
        kinds[kind as usize] += 1;
        let (name, mut bytes) = match kind {
            0 => ("upload.csv", csv::generate(&mut case)),
            1 => ("upload.xlsx", xlsx::generate(&mut case)),
            _ => ("upload.xls", xls::generate(&mut case)),
        };
        // The server refuses a larger upload before reading it (413).
        bytes.truncate(UPLOAD_LIMIT);
        reset_peak();
        let baseline = peak_kib();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| import_like(&bytes, name));
        let took = started.elapsed();
        // What reading cost, plus the upload the server holds meanwhile:
        // the generator's own leftovers are not the reader's.
        let peak = peak_kib().saturating_sub(baseline) + (bytes.len() / 1024) as u64;
        inputs += 1;
        let Ok(ok) = outcome else {
            println!(
                "FUZZ panic on case {case_seed} ({name}, {} bytes)",
                bytes.len()
            );
            return;
        };
        accepted += u64::from(ok);
        if peak > max_peak {
            max_peak = peak;
            worst = format!("case {case_seed} ({name}, {} bytes)", bytes.len());
        }
        max_time = max_time.max(took);
        if single.is_some() {
            println!(
                "case {case_seed}: {name}, {} bytes, baseline {} KiB, peak {peak} KiB",
                bytes.len(),
                baseline
            );
            break;
        }
        if peak >= LIMIT_KIB || took >= SLOW {
            println!(
                "FUZZ over a limit on case {case_seed} ({name}, {} bytes): {peak} KiB, {took:?}",
                bytes.len()
            );
            return;
        }
    }
    println!(
        "FUZZ ok: {inputs} inputs ({} CSV, {} XLSX, {} XLS), {accepted} read to the end; \
         peak {:.1} MiB ({worst}); slowest {max_time:.2?}",
        kinds[0],
        kinds[1],
        kinds[2],
        max_peak as f64 / 1024.0
    );
}

/// Reads `bytes` the way the import does; true when every row was read.
fn import_like(bytes: &[u8], name: &str) -> bool {
    let Ok(mut reader) = read_rows(bytes, name) else {
        return false;
    };
    let mut parser = RowParser::new(&reader.headers, reader.header_line);
    let (mut errors, mut chunk) = (Vec::new(), Vec::new());
    for row in reader.by_ref() {
        let Ok(row) = row else {
            return false;
        };
        if let Some(parsed) = parser.parse(row, &mut errors) {
            let kind = parsed.kind.unwrap_or(pbx_domain::ExtensionKind::Pjsip);
            let _ = apply_settings(&parsed, kind, &mut pbx_domain::Settings::default());
            chunk.push(parsed);
        }
        errors.truncate(1000);
        if chunk.len() == 500 {
            chunk.clear();
        }
    }
    true
}

/// Resets this process's peak resident memory to its current size.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("Linux lets a process reset its VmHWM");
}

/// This process's peak resident memory in KiB since the last reset.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
