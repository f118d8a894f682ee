//! Abuse detection in the call-control check: the extension's abuse rules
//! (calls per minute, concurrent calls, spend per hour, suspicious
//! destinations, usual hours; each 0 or empty when off), and what its
//! Abuse detection setting does when one trips: warn (audited, mailed)
//! and let the call through, or lock the extension and refuse the call.

use pbx_domain::Extension;
use pbx_domain::calendar::weekday_minute;
use pbx_domain::objects::TimeCondition;
use pbx_domain::values::{AbuseAction, ObjectKind};
use pbx_store::tenants::StoredTenant;
use pbx_store::{Backend, Connection, audit, calls, now, objects};

use super::control::CallCheck;
use crate::mail::{LimitWarning, Mail, Recipient};
use crate::{Service, ServiceError};
use pbx_domain::rating::UNITS_PER_WHOLE;

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
                > per_hour.saturating_mul(UNITS_PER_WHOLE)
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

/// Who warnings name as their author in the audit log.
const DETECTOR: &str = super::locks::ABUSE_DETECTION;

impl Service {
    /// Abuse detection for one external call: `Some(reason)` when the call
    /// must be refused (the extension was locked for it).
    pub(crate) async fn detect_abuse(
        &self,
        conn: &mut Connection,
        tenant: &StoredTenant,
        extension: &Extension,
        check: &CallCheck,
    ) -> Result<Option<String>, ServiceError> {
        let action = action_of(tenant, extension);
        if action == AbuseAction::Off {
            return Ok(None);
        }
        let Some(rule) = self.tripped_rule(conn, tenant.id, extension, check).await? else {
            return Ok(None);
        };
        let code = tenant.tenant.code.as_str();
        let number = extension.number.as_str();
        let locking = action == AbuseAction::Lock;
        if locking {
            let reason = format!("abuse detection: {rule}");
            if pbx_store::locks::lock(conn, tenant.id, number, &reason, DETECTOR).await? {
                let changes = serde_json::json!({"reason": reason});
                audit::append(
                    conn,
                    DETECTOR,
                    "call-control",
                    code,
                    number,
                    "lock",
                    &changes,
                )
                .await?;
            }
            let service = self.clone();
            let (tenant_id, number) = (tenant.id, number.to_owned());
            tokio::spawn(async move { service.hang_up_running(tenant_id, &number).await });
        } else {
            // One warning per extension and rule an hour.
            let recent = audit::of_tenant(conn, code, Some(number), 50).await?;
            let warned = recent.iter().any(|e| {
                e.action == "abuse_warning" && e.at > now() - 3_600 && e.changes["rule"] == rule
            });
            if warned {
                return Ok(None);
            }
            let changes = serde_json::json!({"rule": rule, "dialled": check.dialled});
            audit::append(
                conn,
                DETECTOR,
                "call-control",
                code,
                number,
                "abuse_warning",
                &changes,
            )
            .await?;
        }
        tracing::warn!(tenant = %code, extension = %number, %rule, locking, "abuse detection tripped");
        self.mail_abuse_warning(tenant, extension, &rule, locking)
            .await;
        Ok(locking.then_some(rule))
    }

    /// Mails an abuse warning to the extension's user and to the tenant's
    /// mail sender (its administrators' mailbox), when they have addresses.
    async fn mail_abuse_warning(
        &self,
        tenant: &StoredTenant,
        extension: &Extension,
        rule: &str,
        locked: bool,
    ) {
        let mut to = Vec::new();
        if let Ok(user) = Recipient::parse(extension.settings.web_user.user_email.as_str()) {
            to.push(user);
        }
        if let Some(sender) = self.tenant_sender(tenant.id).await {
            to.push(sender);
        }
        if to.is_empty() {
            return;
        }
        let warning = LimitWarning {
            tenant: tenant.tenant.code.to_string(),
            extension: extension.number.to_string(),
            rule: "Abuse detection".into(),
            detail: rule.to_owned(),
            action: if locked {
                "outbound calls locked until an administrator unlocks the extension".into()
            } else {
                "none (warning only)".into()
            },
            at: crate::mail::utc_text(now()),
        };
        let queued = match Mail::limit_warning(to, &warning) {
            Ok(mail) => self
                .queue_mail(Some(tenant.tenant.code.as_str()), mail)
                .await
                .map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = queued {
            tracing::warn!(error = %e, "queueing the abuse warning failed");
        }
    }
}
