//! Two-factor sign-in with TOTP (RFC 6238: SHA-1, 6 digits, 30 s): enrol
//! with a QR code, confirm with a code, and get recovery codes (stored as
//! digests, each usable once). The seed is sealed at rest.

use pbx_store::{credentials, users};
use serde_json::json;
use totp_rs::{Builder, Secret, Totp};

use crate::auth::{digest, random_hex};
use crate::{Actor, Service, ServiceError};

/// How many recovery codes an enrolment hands out.
pub const RECOVERY_CODES: usize = 10;

/// What the account holder needs to add the account to an authenticator.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The seed in base32 (for typing it in).
    pub secret: String,
    /// The `otpauth://` URL the QR code carries.
    pub url: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

fn build(seed_base32: &str, account: &str) -> Option<Totp> {
    let bytes = Secret::try_from_base32(seed_base32).ok()?;
    Builder::new()
        .with_secret(bytes)
        .with_account_name(account.replace(':', "_"))
        .with_issuer(Some("pbx"))
        .build()
        .ok()
}

/// The time step `code` is valid for (with one step of skew), if any.
pub(crate) fn check(seed_base32: &str, account: &str, code: &str) -> Option<i64> {
    let totp = build(seed_base32, account)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp.check_current(&code)
        .and_then(|step| i64::try_from(step).ok())
}

/// The current code of a base32 seed (what an authenticator shows).
pub fn current_code(seed_base32: &str) -> Option<String> {
    build(seed_base32, "x").map(|t| t.generate_current().to_string())
}

/// A recovery code as compared: lower case, without dashes or spaces.
pub(crate) fn normalize_recovery(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

impl Service {
    /// Starts (or restarts) enrolment: a new seed waits for a confirming code.
    ///
    /// With two-factor sign-in already on, `current` must be a code of the
    /// enrolled authenticator or a recovery code (each accepted once; wrong
    /// ones are throttled like wrong current passwords): a session alone
    /// must not be enough to replace the second factor.
    pub async fn begin_totp(
        &self,
        actor: &Actor,
        current: Option<&str>,
    ) -> Result<Enrolment, ServiceError> {
        self.check_current_factor(actor, current).await?;
        let seed = Secret::generate().to_base32();
        let totp =
            build(&seed, &actor.username).ok_or_else(|| ServiceError::unexpected("TOTP seed"))?;
        let url = totp
            .to_url()
            .map_err(|e| ServiceError::internal("TOTP URL", e))?;
        let qr_svg = crate::qr::svg(&url, 200)?;
        let mut conn = self.store().conn().await?;
        credentials::set_totp_pending(&mut conn, actor.user_id, &seed).await?;
        Ok(Enrolment {
            secret: seed,
            url,
            qr_svg,
        })
    }

    async fn check_current_factor(
        &self,
        actor: &Actor,
        current: Option<&str>,
    ) -> Result<(), ServiceError> {
        let mut conn = self.store().conn().await?;
        let user = users::by_id(&mut conn, actor.user_id).await?;
        if user.totp_secret.is_empty() {
            return Ok(());
        }
        let Some(code) = current.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(ServiceError::invalid(
                "current_code",
                "is required to replace the second factor: a code from your authenticator or a recovery code",
            ));
        };
        let key = crate::sign_in_throttle::password_change_key(user.id);
        let now = pbx_store::now();
        let blocked = pbx_store::throttle::blocked_until(&mut conn, &key).await?;
        if blocked > now {
            return Err(ServiceError::Throttled {
                retry_after: blocked - now,
            });
        }
        let seed = credentials::open_seed(&user.totp_secret)?;
        let valid = match check(&seed, &user.username, code) {
            Some(step) => credentials::use_totp_step(&mut conn, user.id, step).await?,
            None => {
                let recovery = digest(&normalize_recovery(code));
                credentials::use_recovery_code(&mut conn, user.id, &recovery).await?
            }
        };
        if valid {
            return Ok(());
        }
        let window = now - crate::sign_in_throttle::FAILURE_WINDOW_SECS;
        let failures = pbx_store::throttle::record_failure(&mut conn, &key, now, window).await?;
        let secs = crate::sign_in_throttle::block_secs(
            failures,
            crate::sign_in_throttle::FREE_FAILURES_PER_PAIR,
        );
        if secs > 0 {
            pbx_store::throttle::block(&mut conn, &key, now + secs).await?;
        }
        Err(ServiceError::invalid(
            "current_code",
            "is not a current code or an unused recovery code",
        ))
    }

    /// Confirms enrolment with a current code; returns the recovery codes
    /// (shown once).
    pub async fn confirm_totp(
        &self,
        actor: &Actor,
        code: &str,
    ) -> Result<Vec<String>, ServiceError> {
        let mut tx = self.store().begin().await?;
        let user = users::by_id(&mut tx, actor.user_id).await?;
        if user.totp_pending.is_empty() {
            return Err(ServiceError::invalid("code", "start the enrolment first"));
        }
        let seed = credentials::open_seed(&user.totp_pending)?;
        let step = check(&seed, &user.username, code)
            .ok_or_else(|| ServiceError::invalid("code", "is not the current code"))?;
        credentials::set_totp_enabled(&mut tx, user.id, true, step).await?;
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| {
                let raw = random_hex(5);
                format!("{}-{}", &raw[..5], &raw[5..])
            })
            .collect();
        let digests: Vec<String> = codes
            .iter()
            .map(|c| digest(&normalize_recovery(c)))
            .collect();
        credentials::replace_recovery_codes(&mut tx, user.id, &digests).await?;
        let changes = json!({"user": user.username, "totp_enabled": [false, true]});
        crate::audit::record(&mut tx, actor, "", "", "totp_enable", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(codes)
    }

    /// Whether the actor's two-factor sign-in is on, and recovery codes left.
    pub async fn totp_status(&self, actor: &Actor) -> Result<(bool, i64), ServiceError> {
        let mut conn = self.store().conn().await?;
        let user = users::by_id(&mut conn, actor.user_id).await?;
        let left = credentials::recovery_codes_left(&mut conn, user.id).await?;
        Ok((!user.totp_secret.is_empty(), left))
    }

    /// Turns two-factor sign-in off for `username` (an administrator
    /// resetting a lost authenticator, or the holder themselves).
    pub async fn reset_totp(&self, actor: &Actor, username: &str) -> Result<(), ServiceError> {
        let user = if username == actor.username {
            let mut conn = self.store().conn().await?;
            users::by_id(&mut conn, actor.user_id).await?
        } else {
            let user = self.get_user(actor, username).await?;
            let role = crate::Role::parse(&user.role).map_err(ServiceError::unexpected)?;
            actor.require_manage_user(role, &user.tenants, &[])?;
            user
        };
        let mut tx = self.store().begin().await?;
        credentials::set_totp_enabled(&mut tx, user.id, false, 0).await?;
        let changes = json!({"user": user.username, "totp_enabled": [true, false]});
        crate::audit::record(&mut tx, actor, "", "", "totp_disable", &changes).await?;
        pbx_store::commit(tx).await?;
        Ok(())
    }
}
