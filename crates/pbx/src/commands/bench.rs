//! `pbx bench`: measures the product's own paths next to raw SQL doing the
//! same work on the same database in the same run.

use std::time::{Duration, Instant};

use anyhow::Context;
use pbx_service::extensions::BulkCreate;
use pbx_service::{Actor, Service, Store};
use pbx_store::extensions::{ColumnFilters, ListQuery, SortColumn};
use serde_json::json;
use sqlx::Executor;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Database to measure on (default: a fresh SQLite file in a temp dir).
    #[arg(long = "database")]
    database: Option<String>,
    /// Extensions in the generated tenant.
    #[arg(long, default_value_t = 10_000)]
    extensions: u64,
    /// Repetitions of each list query.
    #[arg(long, default_value_t = 200)]
    repeat: usize,
    /// Rows of the generated CSV imported next to raw inserts.
    #[arg(long, default_value_t = 10_000)]
    import_rows: usize,
    /// Skip the 100,000-row import (and its peak-memory figure).
    #[arg(long)]
    skip_large_import: bool,
    /// Prefixes of the generated rate table.
    #[arg(long, default_value_t = 50_000)]
    rate_prefixes: usize,
    /// Call records rated against it.
    #[arg(long, default_value_t = 1_000_000)]
    rate_calls: usize,
    /// Measure rating only (the other measurements take minutes).
    #[arg(long)]
    rating_only: bool,
    /// Measure the call side only: the limit check, CDR ingest and the
    /// spend query (the last two on PostgreSQL).
    #[arg(long)]
    calls_only: bool,
    /// Limit checks measured (paced at 200 a second).
    #[arg(long, default_value_t = 4_000)]
    limit_checks: usize,
    /// Call records generated for the spend query.
    #[arg(long, default_value_t = 10_000_000)]
    call_records: i64,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("pbx-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = args
        .database
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("bench.db").display()));
    let store = Store::connect(&url)
        .await
        .context("opening the bench database")?;
    let service = Service::new(store.clone());
    let actor = Actor::cli();
    let suffix = std::process::id() % 100_000;
    let (ours, raw) = (
        format!("BENCH{}", letters(suffix)),
        format!("RAW{}", letters(suffix)),
    );
    for code in [&ours, &raw] {
        service
            .create_tenant(
                &actor,
                &json!({"code": code, "name": "Bench", "extension_limit": 1_000_000}),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    if args.calls_only {
        super::bench_calls::run(
            &store,
            &service,
            &letters(suffix),
            args.limit_checks,
            args.call_records,
        )
        .await?;
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    if args.rating_only {
        println!("| measurement | pbx | raw SQL | ratio | target |");
        println!("|---|---|---|---|---|");
        rating(&store, &service, suffix, &args).await?;
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    let n = args.extensions;
    let last = 100_000 + n - 1;

    let started = Instant::now();
    let request = BulkCreate {
        first: "100000".into(),
        last: last.to_string(),
        kind: "sip".into(),
        name_pattern: "Extension {n}".into(),
    };
    service
        .bulk_create(&actor, &ours, &request)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let bulk = started.elapsed();

    let raw_id = pbx_store::tenants::by_code(&mut *store.conn().await?, &raw)
        .await?
        .id;
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for i in 0..n {
        let number = (100_000 + i).to_string();
        sqlx::query(
            "INSERT INTO extensions (tenant_id, number, number_value, kind, name, description, username, secret, \
             flags, search_text, settings, version, updated_at) VALUES ($1, $2, $3, 'sip', $4, '', $5, $6, 0, $7, '{}', 1, 0)",
        )
        .bind(raw_id)
        .bind(&number)
        .bind((100_000 + i) as i64)
        .bind(format!("Extension {number}"))
        .bind(format!("{number}-{raw}"))
        .bind("k3Jd8sPq2mZx7VbN4tRw")
        .bind(format!("{number} extension {number} {number}-{raw} sip").to_lowercase())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let raw_insert = started.elapsed();

    let query = ListQuery {
        search: Some("99".into()),
        kind: None,
        filters: ColumnFilters {
            name: Some("ext".into()),
            ..Default::default()
        },
        sort: SortColumn::Name,
        descending: true,
        offset: 0,
        limit: 25,
        only_numbers: None,
    };
    let mut ours_list = Vec::new();
    for _ in 0..args.repeat {
        let t = Instant::now();
        let page = service
            .list_extensions(&actor, &ours, query.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ours_list.push(t.elapsed());
        assert!(
            page.total > 0 && !page.items.is_empty(),
            "the bench query must match rows"
        );
    }
    let tenant_id = pbx_store::tenants::by_code(&mut *store.conn().await?, &ours)
        .await?
        .id;
    let mut raw_list = Vec::new();
    let mut conn = store.conn().await?;
    for _ in 0..args.repeat {
        let t = Instant::now();
        let rows = sqlx::query(
            "SELECT number, kind, name, description, username, secret, flags, version FROM extensions \
             WHERE tenant_id = $1 AND search_text LIKE $2 AND LOWER(name) LIKE $3 ORDER BY name DESC LIMIT 25",
        )
        .bind(tenant_id)
        .bind("%99%")
        .bind("%ext%")
        .fetch_all(&mut *conn)
        .await?;
        let _count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM extensions WHERE tenant_id = $1 AND search_text LIKE $2 AND LOWER(name) LIKE $3",
        )
        .bind(tenant_id)
        .bind("%99%")
        .bind("%ext%")
        .fetch_one(&mut *conn)
        .await?;
        raw_list.push(t.elapsed());
        assert!(!rows.is_empty());
    }
    conn.execute("SELECT 1").await?;
    drop(conn);
    let pages = page_times(&service, &ours, suffix, args.repeat).await?;
    let (ours_median, raw_median) = (median(ours_list), median(raw_list));
    println!(
        "pbx bench: {n} extensions per tenant on {}",
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!("| measurement | pbx | raw SQL | ratio | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| list page (search + column filter + sort by name desc, 25 rows + total), median of {} | {} | {} | {:.2}x | < 5 ms, <= 2x |",
        args.repeat,
        ms(ours_median),
        ms(raw_median),
        ours_median.as_secs_f64() / raw_median.as_secs_f64()
    );
    println!(
        "| bulk-create {n} SIP peers (validate, generate secrets, one transaction) | {} | {} | {:.2}x | < 1 s, <= 3x |",
        ms(bulk),
        ms(raw_insert),
        bulk.as_secs_f64() / raw_insert.as_secs_f64()
    );
    for (mode, time) in pages {
        println!(
            "| list page HTML, {mode} mode (session, query, render; through the router), median of {} | {} | | | < 20 ms |",
            args.repeat,
            ms(time)
        );
    }
    // Imports run before the render, whose 3,003 fsynced files would leave
    // the disk busy under the database writes being measured.
    let import_rows = super::bench_import::measure(
        &store,
        &service,
        &letters(suffix),
        args.import_rows,
        !args.skip_large_import,
    )
    .await?;
    for row in import_rows {
        println!("{row}");
    }
    rating(&store, &service, suffix, &args).await?;
    super::bench_render::run(1_000, 100)?;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Prints the rating rows (`bench_rating`).
async fn rating(store: &Store, service: &Service, suffix: u32, args: &Args) -> anyhow::Result<()> {
    let rows = super::bench_rating::measure(
        store,
        service,
        &letters(suffix),
        args.rate_prefixes,
        args.rate_calls,
    )
    .await?;
    for row in rows {
        println!("{row}");
    }
    Ok(())
}

/// The Extensions page rendered through the real router (session cookie,
/// filtered and sorted query, template) in table and grid mode.
async fn page_times(
    service: &Service,
    tenant: &str,
    suffix: u32,
    repeat: usize,
) -> anyhow::Result<Vec<(&'static str, Duration)>> {
    use tower::ServiceExt;
    let user = format!("bench{suffix}");
    let password = "Bench-password-1";
    let fail = |e: pbx_service::ServiceError| anyhow::anyhow!("{e}");
    service
        .create_user(
            &user,
            password,
            pbx_service::Role::SuperAdmin,
            &pbx_service::Permission::ALL,
            &[],
            &[],
        )
        .await
        .map_err(fail)?;
    let session = service
        .login(&user, password, "session")
        .await
        .map_err(fail)?;
    let router = pbx_web::router(service.clone());
    let mut out = Vec::new();
    for mode in ["table", "grid"] {
        let uri = format!(
            "/tenants/{tenant}/extensions?mode={mode}&search=99&name=ext&sort=name&order=desc"
        );
        let mut samples = Vec::new();
        for _ in 0..repeat {
            let request = axum::http::Request::get(&uri)
                .header("cookie", format!("pbx_session={}", session.token))
                .body(axum::body::Body::empty())?;
            let t = Instant::now();
            let response = router.clone().oneshot(request).await?;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            samples.push(t.elapsed());
            anyhow::ensure!(status == 200 && body.len() > 1000, "the page must render");
        }
        out.push((mode, median(samples)));
    }
    Ok(out)
}

/// A number as upper-case letters (tenant codes are letters only).
fn letters(mut n: u32) -> String {
    let mut out = String::new();
    loop {
        out.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}
