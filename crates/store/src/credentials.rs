//! Second factors of an account: the TOTP seed (sealed at rest like SIP
//! secrets), the last accepted time step, and hashed recovery codes.

use sqlx::AnyConnection;

use crate::StoreError;

/// Stores a seed being enrolled (sealed), or clears it with "".
pub async fn set_totp_pending(
    conn: &mut AnyConnection,
    user_id: i64,
    seed: &str,
) -> Result<(), StoreError> {
    let sealed = if seed.is_empty() {
        String::new()
    } else {
        crate::secrets::seal(seed)
    };
    sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
        .bind(sealed)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Turns two-factor sign-in on with the pending seed (accepted at `step`),
/// or off when `enable` is false.
pub async fn set_totp_enabled(
    conn: &mut AnyConnection,
    user_id: i64,
    enable: bool,
    step: i64,
) -> Result<(), StoreError> {
    let sql = if enable {
        "UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_last_step = $1 WHERE id = $2"
    } else {
        "UPDATE users SET totp_secret = '', totp_pending = '', totp_last_step = $1 WHERE id = $2"
    };
    sqlx::query(sql)
        .bind(step)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    if !enable {
        replace_recovery_codes(conn, user_id, &[]).await?;
    }
    Ok(())
}

/// The plaintext of a sealed seed.
pub fn open_seed(sealed: &str) -> Result<String, StoreError> {
    crate::secrets::open(sealed)
}

/// Records `step` as used if it is newer than the last one; false when the
/// code was already used (replay).
pub async fn use_totp_step(
    conn: &mut AnyConnection,
    user_id: i64,
    step: i64,
) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the recovery codes (given as digests).
pub async fn replace_recovery_codes(
    conn: &mut AnyConnection,
    user_id: i64,
    digests: &[String],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for digest in digests {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(digest)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses up a recovery code; false when it is not one of the user's.
pub async fn use_recovery_code(
    conn: &mut AnyConnection,
    user_id: i64,
    digest: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2")
        .bind(user_id)
        .bind(digest)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many unused recovery codes the user has left.
pub async fn recovery_codes_left(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(conn)
            .await?,
    )
}
