//! Hostile files are read in bounded memory. Each file is read in a child
//! process (this test binary again, running `child_reads_one_file`) the
//! way an import reads it: rows streamed, parsed, and held 500 at a time.
//! The child reports its peak resident memory (VmHWM, from /proc) and the
//! parent asserts it stays under 200 MB. The child also runs under a 4 GiB
//! address-space limit, so a regression fails here instead of taking the
//! machine's memory.

use std::process::Command;

use pbx_interchange::hostile::{xls, xlsx};
use pbx_interchange::{RowParser, read_rows};

const LIMIT_MIB: u64 = 200;

struct Case {
    name: &'static str,
    build: fn() -> Vec<u8>,
    /// A word the outcome must contain (`rows` when the file reads).
    expect: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "xlsx: one 32,000-character shared string in 200,000 cells (6.4 GB of text)",
        build: || xlsx::shared_string_bomb(32_000, 200_000, false),
        expect: "MiB of text",
    },
    Case {
        name: "xlsx: the same bomb with an uncompressed sheet of about 49 MB",
        build: || xlsx::shared_string_bomb(32_000, 1_600_000, true),
        expect: "MiB of text",
    },
    Case {
        name: "xlsx: 1,000,000 distinct shared strings",
        build: || xlsx::many_shared_strings(1_000_000),
        expect: "rows",
    },
    Case {
        name: "xlsx: a shared-string count of a trillion",
        build: xlsx::unique_count_claim,
        expect: "rows",
    },
    Case {
        name: "xlsx: a sheet inflating 1000 to 1 (64 MiB)",
        build: || xlsx::ratio_bomb(64 << 20),
        expect: "decompression bomb",
    },
    Case {
        name: "xlsx: a sheet declaring 1 KB that inflates to 16 MB",
        build: || xlsx::lying_size(16 << 20),
        expect: "more than it declares",
    },
    Case {
        name: "xlsx: 1,000,000 nested elements",
        build: || xlsx::deep_nesting(1_000_000),
        expect: "rows",
    },
    Case {
        name: "xlsx: a dimension of every cell and a cell at XFD1048576",
        build: xlsx::huge_dimension,
        expect: "columns",
    },
    Case {
        name: "xlsx: one 8 MB text node",
        build: || xlsx::long_text_node(8 << 20),
        expect: "longer than",
    },
    Case {
        name: "xlsx: 20,000 rows with a cell in column 1024",
        build: || xlsx::wide_rows(20_000),
        expect: "cells",
    },
    Case {
        name: "xls: one 8,000-character shared string in 70,000 cells (560 MB of text)",
        build: || xls::shared_string_bomb(8_000, 70_000),
        expect: "MiB of text",
    },
    Case {
        name: "xls: a dimension of 2^32 rows by 256 columns",
        build: xls::dimension_claim,
        expect: "rows",
    },
    Case {
        name: "xls: cells in the first and last cell of the sheet, listed by 4 sheets",
        build: || xls::far_corners(4),
        expect: "rows",
    },
    Case {
        name: "xls: a directory sector chain that loops",
        build: xls::looping_directory,
        expect: "XLS file cannot be read",
    },
];

#[test]
fn hostile_files_are_read_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let (mut report, mut failures) = (Vec::new(), Vec::new());
    for (i, case) in CASES.iter().enumerate() {
        let started = std::time::Instant::now();
        let bytes = (case.build)();
        let built = started.elapsed();
        let path = dir.path().join(format!("case{i}"));
        std::fs::write(&path, &bytes).unwrap();
        let output = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
            .arg(&exe)
            .args([
                "--exact",
                "child_reads_one_file",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("PBX_MEMORY_FILE", &path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.split_once("MEMORY ").map(|(_, rest)| rest));
        let Some(line) = line.filter(|_| output.status.success()) else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().take(3).collect::<Vec<_>>().join(" | ");
            failures.push(format!(
                "{}: the child failed ({}): {last}",
                case.name, output.status
            ));
            continue;
        };
        let (peak, outcome) = line.split_once(' ').unwrap();
        let peak_kib: u64 = peak.parse().unwrap();
        report.push(format!(
            "{:>7.1} MiB  {} KiB file  built in {built:.1?}, read in {:.1?}  {}: {outcome}",
            peak_kib as f64 / 1024.0,
            bytes.len() / 1024,
            started.elapsed().saturating_sub(built),
            case.name
        ));
        if peak_kib >= LIMIT_MIB * 1024 {
            failures.push(format!("{}: peak {peak_kib} KiB ({outcome})", case.name));
        }
        if !outcome.contains(case.expect) {
            failures.push(format!(
                "{}: expected {:?} in {outcome}",
                case.name, case.expect
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "run in a child process by hostile_files_are_read_in_bounded_memory"]
fn child_reads_one_file() {
    let Ok(path) = std::env::var("PBX_MEMORY_FILE") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let outcome = import_like(&bytes);
    println!("MEMORY {} {outcome}", peak_kib());
}

/// Reads `bytes` as the import does; what came of it.
fn import_like(bytes: &[u8]) -> String {
    let mut reader = match read_rows(bytes, "upload.xlsx") {
        Ok(reader) => reader,
        Err(e) => return format!("error: {e}"),
    };
    let mut parser = RowParser::new(&reader.headers, reader.header_line);
    let (mut errors, mut chunk, mut rows) = (Vec::new(), Vec::new(), 0usize);
    for row in reader.by_ref() {
        match row {
            Ok(row) => {
                rows += 1;
                chunk.extend(parser.parse(row, &mut errors));
                errors.truncate(1000);
                if chunk.len() == 500 {
                    chunk.clear();
                }
            }
            Err(e) => return format!("error after {rows} rows: {e}"),
        }
    }
    format!("{rows} rows")
}

/// This process's peak resident memory in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
