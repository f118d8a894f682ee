//! The rates of rate tables: read one table or a tenant's whole book, and
//! replace a table's rates in multi-row statements (in the caller's
//! transaction, so a replacement is all or nothing).

use pbx_domain::rating::{Billing, DialPrefix, Money, Rate};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::StoreError;

/// Rows per INSERT: 7 parameters each stays far below SQLite's and
/// PostgreSQL's parameter limits.
const ROWS_PER_STATEMENT: usize = 500;

const COLUMNS: &str =
    "prefix, description, per_minute, connection_fee, billing_minimum, billing_increment";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Rate, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(format!("rate: {what}"));
    let prefix: String = row.try_get("prefix")?;
    let description: String = row.try_get("description")?;
    let minimum: i64 = row.try_get("billing_minimum")?;
    let increment: i64 = row.try_get("billing_increment")?;
    let seconds = |n: i64| u32::try_from(n).map_err(|_| corrupt(format!("seconds {n}")));
    let billing = Billing::new(seconds(minimum)?, seconds(increment)?).map_err(corrupt)?;
    Rate::new(
        DialPrefix::parse(&prefix).map_err(corrupt)?,
        &description,
        Money::from_units(row.try_get("per_minute")?),
        Money::from_units(row.try_get("connection_fee")?),
        billing,
    )
    .map_err(|(field, e)| corrupt(format!("{field} {e}")))
}

/// The rates of one table, by prefix.
pub async fn of_table(conn: &mut AnyConnection, table_id: i64) -> Result<Vec<Rate>, StoreError> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rates WHERE table_id = $1 ORDER BY prefix"
    )))
    .bind(table_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every rate of the tenant's rate tables, as `(table id, rate)`.
pub async fn of_tenant(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<(i64, Rate)>, StoreError> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT r.table_id, {COLUMNS} FROM rates r JOIN tenant_objects o ON o.id = r.table_id \
         WHERE o.tenant_id = $1 ORDER BY r.table_id"
    )))
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("table_id")?, from_row(row)?)))
        .collect()
}

/// How many rates each table of the tenant has, as `(table id, count)`.
pub async fn counts(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT r.table_id, COUNT(*) AS n FROM rates r JOIN tenant_objects o ON o.id = r.table_id \
         WHERE o.tenant_id = $1 GROUP BY r.table_id",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("table_id")?, row.try_get("n")?)))
        .collect()
}

/// Deletes the rates of a table.
pub async fn clear(conn: &mut AnyConnection, table_id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM rates WHERE table_id = $1")
        .bind(table_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the rates of a table with `rates` (prefixes unique), 500 rows
/// per statement. Run it in a transaction.
pub async fn replace(
    conn: &mut AnyConnection,
    table_id: i64,
    rates: &[Rate],
) -> Result<(), StoreError> {
    clear(&mut *conn, table_id).await?;
    for chunk in rates.chunks(ROWS_PER_STATEMENT) {
        let values = (0..chunk.len())
            .map(|i| {
                let b = i * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO rates (table_id, {COLUMNS}) VALUES {values}");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for rate in chunk {
            query = query
                .bind(table_id)
                .bind(rate.prefix.as_str())
                .bind(rate.description.as_str())
                .bind(rate.per_minute.units())
                .bind(rate.connection_fee.units())
                .bind(i64::from(rate.billing.minimum()))
                .bind(i64::from(rate.billing.increment()));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The extensions of the tenant whose `call_rate` names a table, as
/// `(number, table id)` (from the reference index).
pub async fn call_rate_assignments(
    conn: &mut AnyConnection,
    tenant_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.number, r.target FROM extension_refs r JOIN extensions e ON e.id = r.extension_id \
         WHERE r.tenant_id = $1 AND r.setting = 'call_rate' AND r.target_kind = 'object'",
    )
    .bind(tenant_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let target: String = row.try_get("target")?;
            let id = target
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("call_rate reference {target}")))?;
            Ok((row.try_get("number")?, id))
        })
        .collect()
}
