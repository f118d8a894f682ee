//! The limit check the dialplan runs before each external call (over
//! FastAGI, see [`super::server`]): is the extension within its daily and
//! monthly cost limits, and how long may the call last?

use pbx_store::{calls, extensions, locks, now, tenants};

use crate::{Service, ServiceError};
use pbx_domain::calendar::{day_start, month_start};
use pbx_domain::rating::{Money, UNITS_PER_WHOLE};

/// How long past its granted duration a call's grant is kept (ringing,
/// and the time its record takes to arrive).
const GRANT_SLACK_SECS: i64 = 300;

/// One external call about to be placed, as the node describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallCheck {
    pub tenant: String,
    /// The calling extension's number.
    pub extension: String,
    /// The dialled number.
    pub dialled: String,
    pub node: String,
    pub channel: String,
    pub uniqueid: String,
}

/// The answer to a [`CallCheck`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The call may go on, for at most this many seconds when set.
    Allow { seconds: Option<i64> },
    /// The call is refused, for this reason (logged, never sent to callers).
    Refuse { reason: String },
}

/// How long the grant of a call without a time limit is kept.
const UNLIMITED_GRANT_SECS: i64 = 4 * 3_600;

/// The grant of `amount` to the call of `check`, for `seconds` from `at`.
fn grant_of(check: &CallCheck, tenant_id: i64, amount: i64, at: i64, seconds: i64) -> calls::Grant {
    calls::Grant {
        uniqueid: check.uniqueid.clone(),
        tenant_id,
        extension: check.extension.clone(),
        node: check.node.clone(),
        channel: check.channel.clone(),
        amount,
        granted_at: at,
        expires_at: at + seconds + GRANT_SLACK_SECS,
    }
}

fn refuse(reason: impl Into<String>) -> Verdict {
    Verdict::Refuse {
        reason: reason.into(),
    }
}

impl Service {
    /// Decides whether an external call may be placed and for how long,
    /// and holds the budget it may spend until its record arrives.
    pub async fn check_outbound_call(&self, check: &CallCheck) -> Result<Verdict, ServiceError> {
        let digits = |s: &str| {
            !s.is_empty()
                && s.len() <= 40
                && s.trim_start_matches('+')
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#')
        };
        if !digits(&check.extension) || !digits(&check.dialled) {
            return Ok(refuse(
                "the calling extension or the dialled number is not a number",
            ));
        }
        let mut conn = self.store().conn().await?;
        let Ok(tenant) = tenants::by_code(&mut conn, &check.tenant).await else {
            return Ok(refuse(format!("no tenant {}", check.tenant)));
        };
        let Ok(stored) = extensions::by_number(&mut conn, tenant.id, &check.extension).await else {
            return Ok(refuse(format!("no extension {}", check.extension)));
        };
        if let Some(lock) = locks::of_extension(&mut conn, tenant.id, &check.extension).await? {
            return Ok(refuse(format!("the extension is locked: {}", lock.reason)));
        }
        if let Some(rule) = self
            .detect_abuse(&mut conn, &tenant, &stored.extension, check)
            .await?
        {
            return Ok(refuse(format!(
                "abuse detection locked the extension: {rule}"
            )));
        }
        let security = &stored.extension.settings.security;
        let max_duration = security.max_call_duration.get();
        let limits = [
            (security.daily_cost_limit.get(), day_start(now()), "daily"),
            (
                security.monthly_cost_limit.get(),
                month_start(now()),
                "monthly",
            ),
        ];
        if limits.iter().all(|(limit, _, _)| *limit == 0) {
            let seconds = (max_duration > 0).then_some(max_duration);
            // A grant of nothing: the running call is known, so a lock can
            // hang it up.
            let at = now();
            let lasts = seconds.unwrap_or(UNLIMITED_GRANT_SECS);
            calls::grant(&mut conn, &grant_of(check, tenant.id, 0, at, lasts)).await?;
            return Ok(Verdict::Allow { seconds });
        }
        let Some(tariff) = self
            .tariff_of(&mut conn, tenant.id, &stored.extension)
            .await?
        else {
            return Ok(refuse(
                "a cost limit is set but the extension has no call rate",
            ));
        };
        drop(conn);
        // One check per extension at a time: a parallel call must see the
        // budget this one is granted.
        let mut tx = self.store().begin().await?;
        calls::lock_extension(&mut tx, stored.id).await?;
        let mut budget = i64::MAX;
        for (limit, since, name) in limits {
            if limit == 0 {
                continue;
            }
            let spent =
                calls::spent_in_days(&mut tx, tenant.id, &check.extension, since, now()).await?;
            let left = limit.saturating_mul(UNITS_PER_WHOLE) - spent;
            if left <= 0 {
                return Ok(refuse(format!("the {name} cost limit is reached")));
            }
            budget = budget.min(left);
        }
        let Some(seconds) = tariff.max_seconds_within(Money::from_units(budget), &check.dialled)
        else {
            return Ok(refuse(format!("no rate for {}", check.dialled)));
        };
        if seconds == 0 {
            return Ok(refuse(
                "the budget left does not pay for the first increment",
            ));
        }
        let mut seconds = i64::from(seconds);
        if max_duration > 0 {
            seconds = seconds.min(max_duration);
        }
        let billed = u32::try_from(seconds).unwrap_or(u32::MAX);
        let amount = tariff
            .price(&check.dialled, billed)
            .map_or(budget, |p| p.amount.units());
        let at = now();
        calls::grant(&mut tx, &grant_of(check, tenant.id, amount, at, seconds)).await?;
        pbx_store::commit(tx).await?;
        Ok(Verdict::Allow {
            seconds: Some(seconds),
        })
    }
}
