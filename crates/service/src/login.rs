//! Signing in: throttling per account and per client address (exponential
//! backoff kept in the database, so every instance shares it), the password,
//! the account lock, the second factor and the password policy (expiry,
//! forced change), then a token.

use std::net::IpAddr;

use pbx_domain::values::password::{hash_argon2id, verify_argon2id};
use pbx_store::{credentials, throttle, tokens, users};

use crate::auth::{IssuedToken, TOKEN_LIFETIME_SECS, digest, random_hex};
use crate::users::password::{check_new_password, next_expiry};
use crate::{Service, ServiceError};

/// Failures per account before the backoff starts.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures per client address before the backoff starts.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
/// The first block lasts this long; each further failure doubles it.
pub const FIRST_BLOCK_SECS: i64 = 5;
/// No block lasts longer.
pub const MAX_BLOCK_SECS: i64 = 15 * 60;
/// Failures older than this are forgotten.
pub const FAILURE_WINDOW_SECS: i64 = 3600;

/// What a sign-in sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// A TOTP code or a recovery code, for accounts with two-factor sign-in.
    pub otp: Option<&'a str>,
    /// The new password when the current one expired or must be changed.
    pub new_password: Option<&'a str>,
    /// The client's address, when known.
    pub client: Option<IpAddr>,
}

/// How long `failures` failures block a key (0 below the free count).
pub fn block_secs(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(16);
    (FIRST_BLOCK_SECS << doublings).min(MAX_BLOCK_SECS)
}

fn keys(request: &LoginRequest<'_>) -> Vec<(String, i64)> {
    let mut keys = vec![(
        format!("user:{}", request.username.to_lowercase()),
        FREE_FAILURES_PER_ACCOUNT,
    )];
    if let Some(ip) = request.client {
        keys.push((format!("ip:{ip}"), FREE_FAILURES_PER_ADDRESS));
    }
    keys
}

impl Service {
    /// Signs in and issues a token of `kind` (`api` or `session`).
    /// Wrong user and wrong password look the same.
    pub async fn sign_in(
        &self,
        request: LoginRequest<'_>,
        kind: &str,
    ) -> Result<IssuedToken, ServiceError> {
        let mut conn = self.store().conn().await?;
        let now = pbx_store::now();
        let keys = keys(&request);
        let mut blocked = 0;
        for (key, _) in &keys {
            blocked = blocked.max(throttle::blocked_until(&mut conn, key).await?);
        }
        if blocked > now {
            return Err(ServiceError::Throttled {
                retry_after: blocked - now,
            });
        }
        let user = users::by_username(&mut conn, request.username).await?;
        let valid = match &user {
            Some(user) => verify_argon2id(&user.password_hash, request.password),
            None => {
                // Same work for unknown users, so timing tells nothing.
                let _ = verify_argon2id(crate::auth::DUMMY_HASH, request.password);
                false
            }
        };
        let Some(user) = user.filter(|_| valid) else {
            return Err(self.failed(&mut conn, &keys, request.username).await);
        };
        if user.locked {
            return Err(ServiceError::Forbidden(
                "the account is locked; ask an administrator".into(),
            ));
        }
        if !user.totp_secret.is_empty() {
            let Some(code) = request.otp.map(str::trim).filter(|c| !c.is_empty()) else {
                return Err(ServiceError::SecondFactorRequired);
            };
            if !self.second_factor(&mut conn, &user, code).await? {
                return Err(self.failed(&mut conn, &keys, request.username).await);
            }
        }
        let expired = user.password_expires_at != 0 && user.password_expires_at <= now;
        if expired || user.must_change_password {
            let Some(new) = request.new_password else {
                return Err(ServiceError::PasswordChangeRequired);
            };
            check_new_password(&user.password_hash, new)?;
            users::set_password(
                &mut conn,
                user.id,
                &hash_argon2id(new),
                next_expiry(user.password_expires_at),
                false,
            )
            .await?;
        }
        throttle::clear(&mut conn, &keys[0].0).await?;
        let token = random_hex(32);
        let csrf = random_hex(16);
        let expires_at = now + TOKEN_LIFETIME_SECS;
        tokens::insert(&mut conn, user.id, &digest(&token), kind, &csrf, expires_at).await?;
        tracing::info!(username = request.username, kind, "signed in");
        Ok(IssuedToken {
            token,
            csrf,
            expires_at,
        })
    }

    /// Counts a failure on every key and blocks those past their free count.
    async fn failed(
        &self,
        conn: &mut pbx_store::Connection,
        keys: &[(String, i64)],
        username: &str,
    ) -> ServiceError {
        let now = pbx_store::now();
        for (key, free) in keys {
            let recorded = async {
                let failures =
                    throttle::record_failure(conn, key, now, now - FAILURE_WINDOW_SECS).await?;
                let secs = block_secs(failures, *free);
                if secs > 0 {
                    throttle::block(conn, key, now + secs).await?;
                }
                Ok::<_, pbx_store::StoreError>(())
            };
            if let Err(e) = recorded.await {
                return e.into();
            }
        }
        tracing::info!(username, "failed sign-in");
        ServiceError::Unauthenticated
    }

    /// Checks a TOTP code (each accepted once) or uses up a recovery code.
    async fn second_factor(
        &self,
        conn: &mut pbx_store::Connection,
        user: &users::StoredUser,
        code: &str,
    ) -> Result<bool, ServiceError> {
        let seed = credentials::open_seed(&user.totp_secret)?;
        if let Some(step) = crate::totp::check(&seed, &user.username, code) {
            return Ok(credentials::use_totp_step(conn, user.id, step).await?);
        }
        let recovery = digest(&crate::totp::normalize_recovery(code));
        Ok(credentials::use_recovery_code(conn, user.id, &recovery).await?)
    }
}
