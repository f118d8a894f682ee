//! `pbx bench` rating: a 50,000-prefix rate table imported from CSV, then
//! 1,000,000 call records (random dialled numbers and billsec) priced with
//! the tenant's rate book, next to the fastest raw SQL we found on the same
//! database: one statement pricing the same rows stored in a table, by a
//! longest-prefix join on the rates' primary key (one probe per prefix
//! length). Both totals must agree to the last 1/10,000.

use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use pbx_domain::values::ObjectKind;
use pbx_service::{Actor, Service, Store};
use serde_json::json;
use sqlx::AssertSqlSafe;

/// The longest generated prefix.
const MAX_PREFIX: usize = 8;

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn digits(&mut self, out: &mut String, n: usize) {
        for _ in 0..n {
            out.push(char::from(b'0' + self.below(10) as u8));
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Unique prefixes of 2 to 8 digits not starting with 0, many nested.
fn prefixes(random: &mut Random, count: usize) -> Vec<String> {
    let mut set = std::collections::BTreeSet::new();
    let mut list: Vec<String> = Vec::with_capacity(count);
    while set.len() < count {
        let mut prefix = String::with_capacity(MAX_PREFIX);
        // Half extend an existing prefix (UK, UK mobile, UK mobile Vodafone...).
        match list.len() {
            n if n > 0 && random.below(2) == 0 => {
                let base = &list[random.below(n as u64) as usize];
                if base.len() >= MAX_PREFIX {
                    continue;
                }
                prefix.push_str(base);
                let extra = 1 + random.below((MAX_PREFIX - base.len()) as u64) as usize;
                random.digits(&mut prefix, extra);
            }
            _ => {
                prefix.push(char::from(b'1' + random.below(9) as u8));
                let extra = 1 + random.below(MAX_PREFIX as u64 - 1) as usize;
                random.digits(&mut prefix, extra);
            }
        }
        if set.insert(prefix.clone()) {
            list.push(prefix);
        }
    }
    list
}

/// Imports the table, prices `calls` records both ways; returns the rows
/// of the README table.
pub async fn measure(
    store: &Store,
    service: &Service,
    suffix: &str,
    prefix_count: usize,
    calls: usize,
) -> anyhow::Result<Vec<String>> {
    let actor = Actor::cli();
    let code = format!("RATE{suffix}");
    service
        .create_tenant(
            &actor,
            &json!({"code": code, "name": "Rating bench", "extension_limit": 10}),
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let table = service
        .create_object(&actor, &code, ObjectKind::RateTable, "Bench", "")
        .await
        .map_err(|e| anyhow!("{e}"))?;
    service
        .update_tenant(&actor, &code, &json!({"defaults": {"call_rate": table.id}}))
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let prefixes = prefixes(&mut random, prefix_count);
    let billings = ["60/60", "30/6", "1/1", "0/10"];
    let mut csv = String::from("prefix,description,per_minute,connection_fee,billing\n");
    for (i, prefix) in prefixes.iter().enumerate() {
        let per_minute = 1 + random.below(20_000);
        let fee = random.below(4) * 25;
        csv.push_str(&format!(
            "{prefix},Destination {i},{}.{:04},0.{fee:04},{}\n",
            per_minute / 10_000,
            per_minute % 10_000,
            billings[i % billings.len()]
        ));
    }
    let started = Instant::now();
    service
        .import_rates_csv(&actor, &code, table.id, csv.as_bytes())
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let import = started.elapsed();

    // Call records: 90% to a number under a prefix, 10% anywhere.
    let records: Vec<(String, u32)> = (0..calls)
        .map(|_| {
            let mut number = String::with_capacity(14);
            if random.below(10) == 0 {
                number.push(char::from(b'1' + random.below(9) as u8));
                random.digits(&mut number, 10);
            } else {
                number.push_str(&prefixes[random.below(prefixes.len() as u64) as usize]);
                let rest = 12usize.saturating_sub(number.len());
                random.digits(&mut number, rest.max(1));
            }
            let billsec = if random.below(5) == 0 {
                0
            } else {
                random.below(3_600) as u32
            };
            (number, billsec)
        })
        .collect();

    let started = Instant::now();
    let book = service
        .rate_book(&actor, &code)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let load = started.elapsed();
    let started = Instant::now();
    let (mut total, mut priced) = (0i64, 0usize);
    for (dialled, billsec) in &records {
        if let Some(p) = book.price("100", dialled, *billsec) {
            total += p.amount.units();
            priced += 1;
        }
    }
    let ours = started.elapsed();

    let (raw, raw_total, store_rows) = raw_sql(store, table.id, &records).await?;
    if raw_total != total {
        return Err(anyhow!(
            "raw SQL total {raw_total} differs from pbx's {total}"
        ));
    }
    Ok(vec![
        format!(
            "| import a {prefix_count}-prefix rate table from CSV (parse, check, one transaction, 500 rows per INSERT) | {} | | | |",
            ms(import)
        ),
        format!(
            "| load the tenant's rate book ({prefix_count} rates, index) | {} | | | |",
            ms(load)
        ),
        format!(
            "| rate {calls} call records ({priced} matched a prefix; total {}) | {} | {} | {:.3}x | < 2 s |",
            pbx_domain::rating::Money::from_units(total),
            ms(ours),
            ms(raw),
            ours.as_secs_f64() / raw.as_secs_f64()
        ),
        format!(
            "| (raw SQL side: store the {calls} call rows first, not counted above) | | {} | | |",
            ms(store_rows)
        ),
    ])
}

/// Stores the records in a table, then prices them in one statement.
async fn raw_sql(
    store: &Store,
    table_id: i64,
    records: &[(String, u32)],
) -> anyhow::Result<(Duration, i64, Duration)> {
    let mut conn = store.conn().await?;
    sqlx::query("DROP TABLE IF EXISTS bench_calls")
        .execute(&mut *conn)
        .await?;
    sqlx::query("CREATE TABLE bench_calls (id BIGINT PRIMARY KEY, dialled TEXT NOT NULL, billsec BIGINT NOT NULL)")
        .execute(&mut *conn)
        .await?;
    drop(conn);
    let started = Instant::now();
    let mut tx = store.begin().await?;
    for (chunk_no, chunk) in records.chunks(500).enumerate() {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
            .collect();
        let sql = format!(
            "INSERT INTO bench_calls (id, dialled, billsec) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (i, (dialled, billsec)) in chunk.iter().enumerate() {
            query = query
                .bind((chunk_no * 500 + i) as i64)
                .bind(dialled.as_str())
                .bind(i64::from(*billsec));
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let store_rows = started.elapsed();
    let lengths: Vec<String> = (1..=MAX_PREFIX).map(|k| format!("({k})")).collect();
    // The billed seconds and rounding of `Rate::amount`, in SQL.
    let sql = format!(
        "WITH lens (k) AS (VALUES {lens}), \
         best AS (SELECT c.id, MAX(l.k) AS k FROM bench_calls c \
                  JOIN lens l ON l.k <= LENGTH(c.dialled) \
                  JOIN rates r ON r.table_id = $1 AND r.prefix = SUBSTR(c.dialled, 1, l.k) \
                  GROUP BY c.id), \
         priced AS (SELECT c.billsec, r.per_minute, r.connection_fee, \
                    CASE WHEN r.billing_minimum > 0 THEN r.billing_minimum ELSE r.billing_increment END AS first, \
                    r.billing_increment AS inc \
                    FROM best b JOIN bench_calls c ON c.id = b.id \
                    JOIN rates r ON r.table_id = $1 AND r.prefix = SUBSTR(c.dialled, 1, b.k)) \
         SELECT CAST(COALESCE(SUM(CASE WHEN billsec = 0 THEN 0 ELSE connection_fee + \
                ((CASE WHEN billsec <= first THEN first ELSE first + ((billsec - first + inc - 1) / inc) * inc END) \
                 * per_minute + 59) / 60 END), 0) AS BIGINT) AS total FROM priced",
        lens = lengths.join(", ")
    );
    let mut conn = store.conn().await?;
    let started = Instant::now();
    let total: i64 = sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(table_id)
        .fetch_one(&mut *conn)
        .await
        .context("the raw SQL rating query")?;
    let raw = started.elapsed();
    sqlx::query("DROP TABLE bench_calls")
        .execute(&mut *conn)
        .await?;
    Ok((raw, total, store_rows))
}
