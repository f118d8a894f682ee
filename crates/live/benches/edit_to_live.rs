//! How long one API edit takes to be live on a real Asterisk 20, for a node
//! holding 1,000, 10,000 and 50,000 PJSIP endpoints, with files and with
//! Realtime, beside the node's start time and memory at each size.
//!
//! ```text
//! ASTERISK_PREFIX=/opt/asterisk-20.20.1 cargo bench -p pbx-live --bench edit_to_live -- \
//!     [--sizes 1000,10000,50000] [--storage files,realtime] [--edits 3]
//! ```
//!
//! Realtime needs `PBX_TEST_POSTGRES_URL` (a PostgreSQL server the bench
//! creates a database on, which the node reads through `res_config_pgsql`).
//!
//! An edit renames one extension (its endpoint's caller ID changes) through
//! the API; it is live when the node's manager reports the endpoint with
//! the new caller ID (`PJSIPShowEndpoint`), the projector having written,
//! reloaded or expired what the change needs.

use std::time::{Duration, Instant};

use axum::http::Method;
use pbx_asterisk::ami::Action;
use pbx_live::asterisk::{Asterisk, AsteriskSpec, RealtimeDatabase};
use pbx_live::env::installation;
use pbx_live::pbx::Pbx;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Files,
    Realtime,
}

struct Args {
    sizes: Vec<u32>,
    modes: Vec<Mode>,
    edits: usize,
}

fn args() -> Args {
    let mut out = Args {
        sizes: vec![1_000, 10_000, 50_000],
        modes: vec![Mode::Files, Mode::Realtime],
        edits: 3,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--sizes" => {
                out.sizes = it
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.parse().expect("a size"))
                    .collect();
            }
            "--storage" => {
                out.modes = it
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|m| match m {
                        "files" => Mode::Files,
                        "realtime" => Mode::Realtime,
                        other => panic!("unknown storage {other}"),
                    })
                    .collect();
            }
            "--edits" => out.edits = it.next().unwrap_or_default().parse().expect("a count"),
            _ => {}
        }
    }
    out
}

/// What one size and mode measured.
struct Row {
    mode: Mode,
    size: u32,
    setup: Duration,
    boot: Duration,
    memory_mib: f64,
    edits: Vec<Duration>,
    /// True when an edit was not live within [`EDIT_LIMIT`] (the edits
    /// after it are not measured).
    timed_out: bool,
}

/// How long one edit may take to be live before the size counts as
/// timed out (a PJSIP file reload of 50,000 endpoints takes minutes).
const EDIT_LIMIT: Duration = Duration::from_mins(5);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs bench
    // targets without it, and a measurement of many minutes is not a test.
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("edit_to_live measures only under `cargo bench`");
        return;
    }
    let install = match installation() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("edit_to_live needs a live Asterisk: {why}");
            return;
        }
    };
    let args = args();
    let mut rows = Vec::new();
    for &mode in &args.modes {
        for &size in &args.sizes {
            match measure(install, mode, size, args.edits).await {
                Some(row) => {
                    print_row(&row);
                    rows.push(row);
                }
                None => eprintln!("{mode:?} skipped: set PBX_TEST_POSTGRES_URL"),
            }
        }
    }
    println!(
        "\n| storage | endpoints | setup (API + render) | Asterisk start | Asterisk RSS | edit to live (median of {}) | slowest |",
        args.edits
    );
    println!("|---|---|---|---|---|---|---|");
    for row in &rows {
        let mut edits = row.edits.clone();
        edits.sort();
        let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        let (median, slowest) = if row.timed_out {
            let over = format!("> {} s", EDIT_LIMIT.as_secs());
            (over.clone(), over)
        } else {
            (
                format!("{:.0} ms", ms(edits.get(edits.len() / 2))),
                format!("{:.0} ms", ms(edits.last())),
            )
        };
        println!(
            "| {:?} | {} | {:.1} s | {:.2} s | {:.0} MiB | {median} | {slowest} |",
            row.mode,
            row.size,
            row.setup.as_secs_f64(),
            row.boot.as_secs_f64(),
            row.memory_mib,
        );
    }
}

fn print_row(row: &Row) {
    eprintln!(
        "{:?} {}: setup {:?}, start {:?}, {:.0} MiB, edits {:?}{}",
        row.mode,
        row.size,
        row.setup,
        row.boot,
        row.memory_mib,
        row.edits,
        if row.timed_out { " (timed out)" } else { "" }
    );
}

async fn measure(
    install: &'static pbx_live::env::Installation,
    mode: Mode,
    size: u32,
    edits: usize,
) -> Option<Row> {
    let started = Instant::now();
    let (mut pbx, spec) = match mode {
        Mode::Files => (Pbx::sqlite().await, AsteriskSpec::new("bench")),
        Mode::Realtime => {
            let base = std::env::var("PBX_TEST_POSTGRES_URL").ok()?;
            let pbx = Pbx::postgres(&base).await;
            let db = RealtimeDatabase::from_url(&pbx.url);
            (pbx, AsteriskSpec::new("bench").realtime(db))
        }
    };
    let mut asterisk = Asterisk::prepare(install, spec);
    pbx.tenant("BENCH", json!({"extension_limit": size + 10}))
        .await;
    pbx.node("bench", &asterisk).await;
    let first = 100_000u32;
    let mut from = first;
    while from < first + size {
        let last = (from + 9_999).min(first + size - 1);
        pbx.ok(
            Method::POST,
            "/api/v1/tenants/BENCH/extensions/bulk-create",
            Some(json!({"first": from.to_string(), "last": last.to_string(), "kind": "pjsip", "name_pattern": "Desk {n}"})),
        )
        .await;
        from = last + 1;
    }
    pbx.render_files().await;
    let setup = started.elapsed();
    // A 50,000-endpoint node takes minutes: PJSIP, MWI, voicemail and the
    // dialplan each walk every extension at load.
    asterisk.start_within(Duration::from_mins(30));
    let boot = asterisk.boot_time;
    let memory_mib = asterisk.memory_kib() as f64 / 1024.0;
    pbx.start_projector();
    pbx.settle(Duration::from_mins(10)).await;
    let mut times = Vec::new();
    let mut timed_out = false;
    for i in 0..edits {
        let number = first + (i as u32 * 7919) % size;
        let name = format!("Renamed {i}");
        let begun = Instant::now();
        pbx.change("BENCH", &number.to_string(), json!({"name": name}))
            .await;
        let live = wait_live(&asterisk, &format!("{number}-BENCH"), &name).await;
        times.push(begun.elapsed());
        if !live {
            timed_out = true;
            break;
        }
    }
    Some(Row {
        mode,
        size,
        setup,
        boot,
        memory_mib,
        edits: times,
        timed_out,
    })
}

/// Waits until the node reports endpoint `id` with `name` in its caller
/// ID; false when it did not within [`EDIT_LIMIT`].
async fn wait_live(asterisk: &Asterisk, id: &str, name: &str) -> bool {
    let deadline = Instant::now() + EDIT_LIMIT;
    let mut ami = asterisk.ami().await;
    loop {
        let action = Action::new("PJSIPShowEndpoint").header("Endpoint", id);
        if let Ok(events) = ami.list(&action).await
            && events.iter().any(|e| {
                e.get("Event") == Some("EndpointDetail")
                    && e.get("Callerid").is_some_and(|c| c.contains(name))
            })
        {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
