//! The import measurements of `pbx bench`: a generated 10,000-row CSV
//! imported into an empty tenant (validate + apply) next to raw inserts of
//! the same rows, and a 100,000-row import with the process's peak memory.

use std::time::{Duration, Instant};

use pbx_interchange::bench_support::{SampleExtension, generate_csv};
use pbx_service::{Actor, Service, Store};
use pbx_store::extensions::settings_to_json;
use serde_json::json;

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The process's peak resident memory (VmHWM) in MiB, where Linux tells it.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

async fn tenant(service: &Service, code: &str) -> anyhow::Result<i64> {
    let body = json!({"code": code, "name": "Bench import", "extension_limit": 1_000_000,
                      "allow_custom_usernames": true});
    Ok(service
        .create_tenant(&Actor::cli(), &body)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .id)
}

async fn import(service: &Service, code: &str, file: &[u8]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let outcome = service
        .import_file(&Actor::cli(), code, file, "bench.csv", &|_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    anyhow::ensure!(
        outcome.applied,
        "bench import refused: {:?}",
        outcome.report.errors.first()
    );
    Ok(started.elapsed())
}

/// Deletes the extensions of these tenants (and their Realtime rows).
async fn free_extensions(store: &Store, tenants: &[i64]) -> anyhow::Result<()> {
    let mut conn = store.conn().await?;
    for id in tenants {
        sqlx::query("DELETE FROM extensions WHERE tenant_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for table in ["ps_endpoints", "ps_auths", "ps_aors", "sippeers"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The same import with a Realtime node: every phone's `ps_*` or
/// `sippeers` rows are written in the import's transaction too. The node
/// is removed afterwards.
async fn with_realtime_node(
    store: &Store,
    service: &Service,
    suffix: &str,
    file: &[u8],
) -> anyhow::Result<String> {
    let name = format!("bench-rt-{}", suffix.to_lowercase());
    let node = json!({"name": name, "output_dir": "/tmp/pbx-bench-realtime",
                      "ami_secret": "unused", "storage": "realtime"});
    service
        .create_node(&Actor::cli(), &node)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let code = format!("IMPR{suffix}");
    let id = tenant(service, &code).await?;
    let took = import(service, &code, file).await?;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ps_endpoints")
        .fetch_one(&mut *store.conn().await?)
        .await?;
    anyhow::ensure!(rows > 0, "the Realtime rows were not written");
    service
        .delete_node(&Actor::cli(), &name)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    free_extensions(store, &[id]).await?;
    Ok(format!(
        "| the same import with a Realtime node (plus {rows} ps_endpoints rows and their auths, aors and sippeers) | {} | | | |",
        ms(took)
    ))
}

/// Runs the measurements; returns the rows of the result table.
pub async fn measure(
    store: &Store,
    service: &Service,
    suffix: &str,
    rows: usize,
    large: bool,
) -> anyhow::Result<Vec<String>> {
    let (ours, raw) = (format!("IMP{suffix}"), format!("RAWIMP{suffix}"));
    let ours_id = tenant(service, &ours).await?;
    let raw_id = tenant(service, &raw).await?;
    let file = generate_csv(rows);
    let started = Instant::now();
    let preview = service
        .check_import(&Actor::cli(), &ours, &file, "bench.csv", &|_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    anyhow::ensure!(preview.errors.is_empty(), "bench preview found errors");
    let checked = started.elapsed();
    let took = import(service, &ours, &file).await?;

    let samples: Vec<(SampleExtension, String)> = (0..rows)
        .map(|i| {
            let sample = SampleExtension::new(i);
            let settings = settings_to_json(&sample.settings);
            (sample, settings)
        })
        .collect();
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for (sample, settings) in &samples {
        let number = sample.number.to_string();
        sqlx::query(
            "INSERT INTO extensions (tenant_id, number, number_value, kind, name, description, username, secret, \
             flags, search_text, settings, version, updated_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7, 0, $8, $9, 1, 0)",
        )
        .bind(raw_id)
        .bind(&number)
        .bind(sample.number.value() as i64)
        .bind(sample.kind.as_str())
        .bind(sample.name.as_str())
        .bind(sample.kind.is_phone().then(|| format!("{number}-{raw}")))
        .bind(sample.kind.is_phone().then_some("k3Jd8sPq2mZx7VbN4tRw"))
        .bind(format!("{number} {}", sample.name.as_str().to_lowercase()))
        .bind(settings)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let raw_took = started.elapsed();
    drop(samples);
    let mut out = vec![
        format!(
            "| preview of the same {rows} rows (read and check every row, nothing written) | {} | | | |",
            ms(checked)
        ),
        format!(
            "| import {rows} CSV rows into an empty tenant (read, check every row, one transaction) | {} | {} | {:.2}x | < 1 s |",
            ms(took),
            ms(raw_took),
            took.as_secs_f64() / raw_took.as_secs_f64()
        ),
    ];
    // The generated usernames are global: free them for the next import.
    free_extensions(store, &[ours_id, raw_id]).await?;
    out.push(with_realtime_node(store, service, suffix, &file).await?);
    if large {
        let large_code = format!("IMPL{suffix}");
        tenant(service, &large_code).await?;
        let file = generate_csv(100_000);
        let took = import(service, &large_code, &file).await?;
        drop(file);
        let peak = peak_mib().map_or("n/a".to_owned(), |m| format!("{m:.0} MiB"));
        out.push(format!(
            "| import 100,000 CSV rows; peak memory of the whole bench process (VmHWM) | {} ({peak}) | | | < 200 MB |",
            ms(took)
        ));
    }
    Ok(out)
}
