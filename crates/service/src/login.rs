//! Signing in: throttling (see [`crate::sign_in_throttle`]: per account and
//! address, per address, and a bounded per-account slowdown), the password,
//! the account lock, the second factor and the password policy (expiry,
//! forced change), then a token.

use std::net::IpAddr;

use pbx_domain::values::password::{hash_argon2id, verify_argon2id};
use pbx_store::{credentials, tokens, users};

use crate::auth::{IssuedToken, TOKEN_LIFETIME_SECS, digest, random_hex};
use crate::sign_in_throttle::Keys;
use crate::users::password::{check_new_password, next_expiry};
use crate::{Service, ServiceError};

pub use crate::sign_in_throttle::{
    FAILURE_WINDOW_SECS, FIRST_BLOCK_SECS, FREE_FAILURES_PER_ACCOUNT, FREE_FAILURES_PER_ADDRESS,
    FREE_FAILURES_PER_PAIR, MAX_BLOCK_SECS, MAX_SLOWDOWN_SECS, block_secs,
};

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
        // The lookup is exact: another letter case is another name.
        let user = users::by_username(&mut conn, request.username).await?;
        let keys = Keys::new(user.as_ref(), request.username, request.client);
        let second_factor = user.as_ref().is_some_and(|u| !u.totp_secret.is_empty())
            && request.otp.is_some_and(|c| !c.trim().is_empty());
        let wait = keys.wait(&mut conn, second_factor).await?;
        if wait > 0 {
            return Err(ServiceError::Throttled { retry_after: wait });
        }
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
        keys.succeeded(&mut conn).await?;
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

    /// Counts a failure on every key of the attempt.
    async fn failed(
        &self,
        conn: &mut pbx_store::Connection,
        keys: &Keys,
        username: &str,
    ) -> ServiceError {
        if let Err(e) = keys.failed(conn).await {
            return e.into();
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
