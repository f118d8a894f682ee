//! Abuse detection in the call-control check: the extension's abuse rules
//! (calls per minute, concurrent calls, spend per hour, suspicious
//! destinations, usual hours; each 0 or empty when off), and what its
//! Abuse detection setting does when one trips: warn (audited, mailed)
//! and let the call through, or lock the extension and refuse the call.

use pbx_domain::Extension;
use pbx_domain::objects::{TimeCondition, Weekday};
use pbx_domain::values::{AbuseAction, ObjectKind};
use pbx_store::tenants::StoredTenant;
use pbx_store::{Backend, Connection, calls, now, objects};

use super::control::CallCheck;
use super::tariff::units_to_amount;
use crate::{Service, ServiceError};

/// What abuse detection does for an extension: its own setting, or the
/// tenant default's when it says Tenant policy (Off when that does too).
pub fn action_of(tenant: &StoredTenant, extension: &Extension) -> AbuseAction {
    match extension.settings.security.abuse_detection {
        AbuseAction::TenantDefault => match tenant.tenant.defaults.security.abuse_detection {
            AbuseAction::TenantDefault => AbuseAction::Off,
            other => other,
        },
        other => other,
    }
}

/// The weekday and minute of the day of a UTC moment.
fn weekday_minute(at: i64) -> (Weekday, u16) {
    let days = at.div_euclid(86_400);
    // 1970-01-01 was a Thursday.
    let weekday = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][(days + 3).rem_euclid(7) as usize];
    (weekday, (at.rem_euclid(86_400) / 60) as u16)
}

impl Service {
    /// The first abuse rule of the extension this call trips, described.
    pub(crate) async fn tripped_rule(
        &self,
        conn: &mut Connection,
        tenant_id: i64,
        extension: &Extension,
        check: &CallCheck,
    ) -> Result<Option<String>, ServiceError> {
        let s = &extension.settings.security;
        let number = extension.number.as_str();
        let at = now();
        let per_minute = s.abuse_calls_per_minute.get();
        if per_minute > 0
            && calls::granted_since(conn, tenant_id, number, at - 60).await? >= per_minute
        {
            return Ok(Some(format!(
                "more than {per_minute} external calls in a minute"
            )));
        }
        // Running calls are known from their records, which only a
        // PostgreSQL database receives.
        let concurrent = s.abuse_concurrent_calls.get();
        if concurrent > 0 && self.store().backend() == Backend::Postgres {
            let running = calls::running_channels(conn, tenant_id, number, at)
                .await?
                .len();
            if running as i64 >= concurrent {
                return Ok(Some(format!(
                    "more than {concurrent} external calls at once"
                )));
            }
        }
        let per_hour = s.abuse_spend_per_hour.get();
        if per_hour > 0
            && calls::spent_since(conn, tenant_id, number, at - 3_600, at).await?
                > units_to_amount(per_hour)
        {
            return Ok(Some(format!("more than {per_hour} spent in an hour")));
        }
        if !s.abuse_destinations.is_empty() {
            let matches = regex::Regex::new(s.abuse_destinations.as_str())
                .is_ok_and(|re| re.is_match(&check.dialled));
            if matches {
                return Ok(Some(format!(
                    "a call to {}, a suspicious destination",
                    check.dialled
                )));
            }
        }
        if let Some(id) = s.abuse_hours.id() {
            let condition = objects::list(conn, tenant_id, Some(ObjectKind::Condition))
                .await?
                .into_iter()
                .find(|o| o.id == id)
                .and_then(|o| TimeCondition::parse(&o.value).ok());
            let (day, minute) = weekday_minute(at);
            if condition.is_some_and(|c| !c.matches(day, minute)) {
                return Ok(Some("an external call outside the usual hours".into()));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_fall_on_their_utc_weekday_and_minute() {
        assert_eq!(weekday_minute(0), (Weekday::Thu, 0));
        // 2026-12-02 13:45 UTC, a Wednesday.
        assert_eq!(weekday_minute(1_796_219_100), (Weekday::Wed, 13 * 60 + 45));
    }
}
