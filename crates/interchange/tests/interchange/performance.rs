//! Timings of parsing and applying large files. Run in release:
//! `cargo test -p pbx-interchange --release -- --ignored --nocapture performance`.

use std::time::{Duration, Instant};

use pbx_domain::Settings;
use pbx_interchange::bench_support::generate_csv;
use pbx_interchange::{RowParser, apply_settings, parse_table, read_rows, read_table};

/// Reads, parses and applies a whole table; returns the time taken.
fn import_table(bytes: &[u8]) -> Duration {
    let start = Instant::now();
    let table = read_table(bytes, "bench.csv").unwrap();
    let parsed = parse_table(table);
    assert!(parsed.errors.is_empty(), "{:?}", &parsed.errors[..1]);
    for row in &parsed.rows {
        let mut settings = Settings::default();
        let errors = apply_settings(row, row.kind.unwrap(), &mut settings);
        assert!(errors.is_empty(), "{errors:?}");
    }
    start.elapsed()
}

/// Streams rows through the parser and applies each, holding one at a time.
fn import_streaming(bytes: &[u8]) -> (Duration, usize) {
    let start = Instant::now();
    let mut reader = read_rows(bytes, "bench.csv").unwrap();
    let mut parser = RowParser::new(&reader.headers, reader.header_line);
    let mut errors = Vec::new();
    let mut count = 0;
    for row in &mut reader {
        let row = parser.parse(row.unwrap(), &mut errors).unwrap();
        let mut settings = Settings::default();
        errors.extend(apply_settings(&row, row.kind.unwrap(), &mut settings));
        count += 1;
    }
    assert!(errors.is_empty(), "{:?}", &errors[..1]);
    (start.elapsed(), count)
}

/// The process's peak resident memory in MiB (Linux).
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

#[test]
fn a_thousand_generated_rows_import_without_errors() {
    let bytes = generate_csv(1_000);
    import_table(&bytes);
    assert_eq!(import_streaming(&bytes).1, 1_000);
}

#[test]
#[ignore = "timing: run in release"]
fn performance_of_10k_and_100k_rows() {
    let bytes = generate_csv(10_000);
    let took = import_table(&bytes);
    println!(
        "10k rows, {} KiB: table parse+apply {took:?}",
        bytes.len() / 1024
    );
    drop(bytes);
    let bytes = generate_csv(100_000);
    println!(
        "100k rows: {} MiB of CSV, peak {} MiB",
        bytes.len() >> 20,
        peak_mib()
    );
    let (took, count) = import_streaming(&bytes);
    println!(
        "100k rows streamed: {count} rows in {took:?}, peak {} MiB",
        peak_mib()
    );
    let took = import_table(&bytes);
    println!("100k rows as a table: {took:?}, peak {} MiB", peak_mib());
}
