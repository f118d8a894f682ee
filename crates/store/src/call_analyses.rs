//! What the tenant's speech service made of a call's recording: its
//! transcript, summary and sentiment (each only when the extension asked
//! for it), or why it could not.

use std::collections::HashMap;

use sqlx::{AnyConnection, Row};

use crate::{StoreError, now, placeholders};

/// One call's analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallAnalysis {
    pub transcript: Option<String>,
    pub summary: Option<String>,
    /// `positive`, `neutral`, `negative` or `mixed`.
    pub sentiment: Option<String>,
    /// Why the service gave no (or only part of an) answer.
    pub error: Option<String>,
}

/// Stores (or replaces) the analysis of a call record.
pub async fn put(
    conn: &mut AnyConnection,
    call_record_id: i64,
    analysis: &CallAnalysis,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO call_analyses (call_record_id, transcript, summary, sentiment, error, \
         analysed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (call_record_id) DO UPDATE \
         SET transcript = excluded.transcript, summary = excluded.summary, \
         sentiment = excluded.sentiment, error = excluded.error, \
         analysed_at = excluded.analysed_at",
    )
    .bind(call_record_id)
    .bind(analysis.transcript.clone())
    .bind(analysis.summary.clone())
    .bind(analysis.sentiment.clone())
    .bind(analysis.error.clone())
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The analyses of those of `ids` that have one.
pub async fn of_records(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, CallAnalysis>, StoreError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let text = sql!(
            "SELECT call_record_id, transcript, summary, sentiment, error FROM call_analyses \
             WHERE call_record_id IN {}",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query(text);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            out.insert(
                row.try_get("call_record_id")?,
                CallAnalysis {
                    transcript: row.try_get("transcript")?,
                    summary: row.try_get("summary")?,
                    sentiment: row.try_get("sentiment")?,
                    error: row.try_get("error")?,
                },
            );
        }
    }
    Ok(out)
}
