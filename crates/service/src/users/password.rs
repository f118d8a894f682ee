//! Password changes by the account holder, and the expiry policy: an
//! account with an expiry gets a new one `PASSWORD_MAX_AGE_SECS` after each
//! change; an account without one keeps none.

use pbx_domain::values::password::{check_policy, hash_argon2id, verify_argon2id};
use pbx_store::{throttle, tokens, users};
use serde_json::json;

use crate::{Actor, Service, ServiceError};

/// How long a password lives on an account that has an expiry (90 days).
pub const PASSWORD_MAX_AGE_SECS: i64 = 90 * 24 * 3600;

/// The expiry a new password gets after one that expired at `previous`.
pub(crate) fn next_expiry(previous: i64) -> i64 {
    if previous == 0 {
        0
    } else {
        pbx_store::now() + PASSWORD_MAX_AGE_SECS
    }
}

/// Checks the policy and that the new password differs from the old one.
pub(crate) fn check_new_password(old_hash: &str, new: &str) -> Result<(), ServiceError> {
    check_policy(new).map_err(|m| ServiceError::invalid("new_password", m))?;
    if verify_argon2id(old_hash, new) {
        return Err(ServiceError::invalid(
            "new_password",
            "must differ from the current password",
        ));
    }
    Ok(())
}

impl Service {
    /// The signed-in administrator changes their own password; every other
    /// token and session of theirs is revoked.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
    ) -> Result<(), ServiceError> {
        let key = crate::sign_in_throttle::password_change_key(actor.user_id);
        let mut conn = self.store().conn().await?;
        let now = pbx_store::now();
        let blocked = throttle::blocked_until(&mut conn, &key).await?;
        if blocked > now {
            return Err(ServiceError::Throttled {
                retry_after: blocked - now,
            });
        }
        let user = users::by_id(&mut conn, actor.user_id).await?;
        // Wrong current passwords are throttled like failed sign-ins: a
        // stolen session must not be a way to guess the password.
        if !verify_argon2id(&user.password_hash, current) {
            let window = now - crate::sign_in_throttle::FAILURE_WINDOW_SECS;
            let failures = throttle::record_failure(&mut conn, &key, now, window).await?;
            let secs = crate::sign_in_throttle::block_secs(
                failures,
                crate::sign_in_throttle::FREE_FAILURES_PER_PAIR,
            );
            if secs > 0 {
                throttle::block(&mut conn, &key, now + secs).await?;
            }
            return Err(ServiceError::invalid("current_password", "is wrong"));
        }
        throttle::clear(&mut conn, &key).await?;
        drop(conn);
        let mut tx = self.store().begin().await?;
        check_new_password(&user.password_hash, new)?;
        users::set_password(
            &mut tx,
            user.id,
            &hash_argon2id(new),
            next_expiry(user.password_expires_at),
            false,
        )
        .await?;
        tokens::revoke_all(&mut tx, user.id).await?;
        let changes = json!({"user": user.username, "password": ["[redacted]", "[redacted]"]});
        crate::audit::record(&mut tx, actor, "", "", "password_change", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(())
    }
}
