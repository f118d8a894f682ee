//! `pbx bench --calls-only`: the call-side figures, each beside the
//! fastest raw SQL doing the same on the same database.
//!
//! - The limit check at 200 calls a second (p50 / p99 of
//!   `check_outbound_call` for extensions with a daily limit and a rate
//!   table) beside its bare statements (one SUM of the daily spend per
//!   period and the grant INSERT, in one transaction).
//! - CDR ingest (PostgreSQL): landed CDRs drained into call records,
//!   beside one `INSERT ... SELECT` plus `DELETE`.
//! - Spend per day over a month for one tenant among `calls` records
//!   (PostgreSQL; the rows are generated with `generate_series`), beside
//!   the bare GROUP BY.

use std::time::{Duration, Instant};

use anyhow::anyhow;
use pbx_domain::values::ObjectKind;
use pbx_service::calls::{CallCheck, Verdict};
use pbx_service::rating::RateInput;
use pbx_service::{Actor, Service, Store};
use pbx_store::cdr_landing::{LandedCdr, land};
use pbx_store::{Backend, now};
use serde_json::json;
use sqlx::AssertSqlSafe;

/// Extensions the checks spread over.
const EXTENSIONS: u64 = 100;

fn fail(e: pbx_service::ServiceError) -> anyhow::Error {
    anyhow!("{e}")
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// Tenant `code` with extensions 100.. each limited to 1,000,000 a day
/// (calls of at most an hour, so each grant holds 6.01) and
/// priced by one rate table.
async fn limited_tenant(service: &Service, code: &str) -> anyhow::Result<i64> {
    let cli = Actor::cli();
    service
        .create_tenant(
            &cli,
            &json!({"code": code, "name": "Bench", "extension_limit": 1000}),
        )
        .await
        .map_err(fail)?;
    let table = service
        .create_object(&cli, code, ObjectKind::RateTable, "Bench", "")
        .await
        .map_err(fail)?;
    let rate = RateInput {
        prefix: "44".into(),
        description: String::new(),
        per_minute: "0.10".into(),
        connection_fee: "0.01".into(),
        billing: "1/1".into(),
    };
    service
        .replace_rates(&cli, code, table.id, &[rate])
        .await
        .map_err(fail)?;
    for n in 0..EXTENSIONS {
        let mut input = pbx_service::extensions::ExtensionInput {
            kind: Some("pjsip".into()),
            number: Some((100 + n).to_string()),
            ..Default::default()
        };
        input.settings_json = Some(
            json!({"daily_cost_limit": 1_000_000, "max_call_duration": 3600,
                                          "call_rate": table.id}),
        );
        service
            .create_extension(&cli, code, &input)
            .await
            .map_err(fail)?;
    }
    Ok(
        pbx_store::tenants::by_code(&mut *service.store().conn().await?, code)
            .await?
            .id,
    )
}

/// p50 and p99 of `count` checks paced at 200 a second, and of their bare
/// statements.
async fn limit_check(
    store: &Store,
    service: &Service,
    code: &str,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let tenant_id = limited_tenant(service, code).await?;
    let pace = Duration::from_millis(5);
    let mut ours = Vec::with_capacity(count);
    for i in 0..count {
        let started = Instant::now();
        let check = CallCheck {
            tenant: code.into(),
            extension: (100 + i as u64 % EXTENSIONS).to_string(),
            dialled: "442079460000".into(),
            node: "ast1".into(),
            channel: format!("PJSIP/bench-{i}"),
            uniqueid: format!("bench-{i}"),
        };
        let verdict = service.check_outbound_call(&check).await.map_err(fail)?;
        let took = started.elapsed();
        if !matches!(verdict, Verdict::Allow { seconds: Some(_) }) {
            return Err(anyhow!("the check refused call {i}: {verdict:?}"));
        }
        ours.push(took);
        tokio::time::sleep(pace.saturating_sub(took)).await;
    }
    let mut raw = Vec::with_capacity(count);
    for i in 0..count {
        let started = Instant::now();
        let extension = (100 + i as u64 % EXTENSIONS).to_string();
        let mut tx = store.begin().await?;
        for since in [now() / 86_400, now() / 86_400 - 30] {
            let _: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM call_spend_daily \
                 WHERE tenant_id = $1 AND extension = $2 AND day >= $3",
            )
            .bind(tenant_id)
            .bind(&extension)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO call_grants (uniqueid, tenant_id, extension, node, channel, amount, \
             granted_at, expires_at) VALUES ($1, $2, $3, 'ast1', 'x', 1, $4, $4)",
        )
        .bind(format!("raw-{i}"))
        .bind(tenant_id)
        .bind(&extension)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let took = started.elapsed();
        raw.push(took);
        tokio::time::sleep(pace.saturating_sub(took)).await;
    }
    let row = |what: &str, p: f64, ours: &mut [Duration], raw: &mut [Duration], target: &str| {
        let (o, r) = (percentile(ours, p), percentile(raw, p));
        format!(
            "| limit check at 200/s, {what} ({count} calls) | {} | {} | {:.1}x | {target} |",
            ms(o),
            ms(r),
            o.as_secs_f64() / r.as_secs_f64().max(1e-9)
        )
    };
    Ok(vec![
        row("p50", 0.5, &mut ours, &mut raw, ""),
        row("p99", 0.99, &mut ours, &mut raw, "< 5 ms"),
    ])
}

fn landed(n: usize, code: &str) -> LandedCdr {
    let start = now() - 3_600 + (n % 3_000) as i64;
    LandedCdr {
        start,
        answer: start + 5,
        end: start + 65,
        duration: 65,
        billsec: 60,
        src: "100".into(),
        dst: "442079460000".into(),
        channel: "PJSIP/100-x".into(),
        dstchannel: "PJSIP/carrier-x".into(),
        disposition: "ANSWERED".into(),
        uniqueid: format!("ingest-{n}"),
        linkedid: format!("ingest-{n}"),
        pbx_tenant: code.into(),
        pbx_ext: (100 + n as u64 % EXTENSIONS).to_string(),
        pbx_direction: "ext".into(),
        pbx_node: "ast1".into(),
        pbx_dialled: "442079460000".into(),
        pbx_recording: String::new(),
        pbx_voicemail: String::new(),
    }
}

/// Records a second drained from `count` landed CDRs, and the raw copy's.
async fn ingest(
    store: &Store,
    service: &Service,
    code: &str,
    count: usize,
) -> anyhow::Result<String> {
    let tenant_id = pbx_store::tenants::by_code(&mut *store.conn().await?, code)
        .await?
        .id;
    let fill = async |n0: usize| -> anyhow::Result<()> {
        let mut conn = store.conn().await?;
        for n in 0..count {
            land(&mut conn, &landed(n0 + n, code)).await?;
        }
        Ok(())
    };
    fill(0).await?;
    let started = Instant::now();
    loop {
        let done = service.ingest_cdrs().await.map_err(fail)?;
        if done.stored + done.untagged == 0 {
            break;
        }
    }
    let ours = started.elapsed();
    fill(count).await?;
    let started = Instant::now();
    let mut tx = store.begin().await?;
    sqlx::query(
        "INSERT INTO call_records (tenant_id, extension, direction, caller, callee, started_at, \
         answered_at, ended_at, duration, billsec, disposition, node, uniqueid, linkedid, amount) \
         SELECT $1, pbx_ext, 'outbound', src, pbx_dialled, start, answer, \"end\", duration, \
         billsec, disposition, pbx_node, uniqueid, linkedid, 60100 FROM asterisk_cdr",
    )
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM asterisk_cdr")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let raw = started.elapsed();
    let rate = |d: Duration| count as f64 / d.as_secs_f64();
    Ok(format!(
        "| CDR ingest, {count} CDRs (priced, grants released) | {:.0}/s | {:.0}/s | {:.1}x | >= 1,000/s |",
        rate(ours),
        rate(raw),
        ours.as_secs_f64() / raw.as_secs_f64()
    ))
}

/// Spend per day over 30 days of one tenant among `records` generated rows.
async fn spend(
    store: &Store,
    service: &Service,
    code: &str,
    records: i64,
) -> anyhow::Result<String> {
    let tenant_id = pbx_store::tenants::by_code(&mut *store.conn().await?, code)
        .await?
        .id;
    let started = Instant::now();
    // 10 tenant ids: this one and 9 that do not exist (no foreign key
    // check is skipped: they are this tenant's id plus 0, spread by row).
    sqlx::query(
        "INSERT INTO call_records (tenant_id, extension, direction, caller, callee, started_at, \
         answered_at, ended_at, duration, billsec, disposition, node, uniqueid, linkedid, amount) \
         SELECT $1, (100 + g % 100)::text, 'outbound', '100', '442079460000', \
         $2 - (g % (400 * 86400)), NULL, $2, 60, 60, 'ANSWERED', 'ast1', g::text, g::text, 600 \
         FROM generate_series(1, $3) AS g",
    )
    .bind(tenant_id)
    .bind(now())
    .bind(records)
    .execute(&mut *store.conn().await?)
    .await?;
    // The daily spend pbx keeps beside the records, as its inserts do.
    sqlx::query(
        "INSERT INTO call_spend_daily (tenant_id, extension, day, amount) \
         SELECT tenant_id, extension, started_at / 86400, SUM(amount) FROM call_records \
         WHERE tenant_id = $1 GROUP BY 1, 2, 3 \
         ON CONFLICT (tenant_id, extension, day) DO UPDATE SET amount = excluded.amount",
    )
    .bind(tenant_id)
    .execute(&mut *store.conn().await?)
    .await?;
    for table in ["call_records", "call_spend_daily"] {
        sqlx::query(AssertSqlSafe(format!("ANALYZE {table}")))
            .execute(&mut *store.conn().await?)
            .await?;
    }
    let generated = started.elapsed();
    let cli = Actor::cli();
    let mut ours = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        service
            .spend_per_day(&cli, code, Some("150"), 30)
            .await
            .map_err(fail)?;
        ours.push(started.elapsed());
    }
    let mut raw = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let _: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT started_at / 86400, CAST(SUM(amount) AS BIGINT) FROM call_records \
             WHERE tenant_id = $1 AND extension = '150' AND started_at >= $2 \
             AND direction = 'outbound' GROUP BY started_at / 86400",
        )
        .bind(tenant_id)
        .bind(now() - 30 * 86_400)
        .fetch_all(&mut *store.conn().await?)
        .await?;
        raw.push(started.elapsed());
    }
    let mut rollup = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let _: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT day, CAST(SUM(amount) AS BIGINT) FROM call_spend_daily \
             WHERE tenant_id = $1 AND extension = '150' AND day >= $2 GROUP BY day",
        )
        .bind(tenant_id)
        .bind((now() - 30 * 86_400) / 86_400)
        .fetch_all(&mut *store.conn().await?)
        .await?;
        rollup.push(started.elapsed());
    }
    let (o, r, d) = (
        percentile(&mut ours, 0.5),
        percentile(&mut raw, 0.5),
        percentile(&mut rollup, 0.5),
    );
    Ok(format!(
        "| spend per day, one extension, 30 days, among {records} records (generated in {:.0} s) | {} | {} (GROUP BY over the records); {} (over the daily table) | {:.1}x the daily table | < 50 ms |",
        generated.as_secs_f64(),
        ms(o),
        ms(r),
        ms(d),
        o.as_secs_f64() / d.as_secs_f64().max(1e-9)
    ))
}

/// Prints the rows of the README's calls table.
pub async fn run(
    store: &Store,
    service: &Service,
    suffix: &str,
    checks: usize,
    records: i64,
) -> anyhow::Result<()> {
    let code = format!("CALLS{suffix}");
    println!("| measurement | pbx | raw SQL | ratio | target |");
    println!("|---|---|---|---|---|");
    for row in limit_check(store, service, &code, checks).await? {
        println!("{row}");
    }
    if store.backend() != Backend::Postgres {
        println!("(ingest and spend need PostgreSQL: pass --database postgres://...)");
        return Ok(());
    }
    println!("{}", ingest(store, service, &code, 10_000).await?);
    println!("{}", spend(store, service, &code, records).await?);
    Ok(())
}
