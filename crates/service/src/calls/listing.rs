//! Reading call records: a tenant's (or one extension's) calls with
//! filters, and outbound spend per day, as the actor may see them.

use pbx_domain::ValidationErrors;
use pbx_store::calls::{self, CallFilter, CallRecord, DIRECTIONS};

use crate::{Actor, Service, ServiceError};

/// The most records one request returns.
pub const MAX_PAGE: i64 = 1_000;

/// The most days one spend request covers.
pub const MAX_DAYS: i64 = 366;

/// What a calls request asks for (query parameters, unchecked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallQuery {
    pub extension: Option<String>,
    pub direction: Option<String>,
    /// Unix seconds.
    pub from: Option<String>,
    pub until: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
}

fn whole(errors: &mut ValidationErrors, field: &str, raw: Option<&String>) -> Option<i64> {
    let raw = raw.filter(|r| !r.is_empty())?;
    errors.check(
        field,
        raw.parse::<i64>()
            .map_err(|_| "must be a whole number".to_string()),
    )
}

impl CallQuery {
    /// The store filter and the page, or field-level errors.
    fn checked(&self) -> Result<(CallFilter, i64, i64), ServiceError> {
        let mut errors = ValidationErrors::new();
        let direction = self.direction.clone().filter(|d| !d.is_empty());
        if let Some(d) = &direction
            && !DIRECTIONS.contains(&d.as_str())
        {
            errors.push("direction", "must be internal, inbound or outbound");
        }
        let filter = CallFilter {
            extension: self.extension.clone().filter(|e| !e.is_empty()),
            direction,
            from: whole(&mut errors, "from", self.from.as_ref()),
            until: whole(&mut errors, "until", self.until.as_ref()),
        };
        let limit = whole(&mut errors, "limit", self.limit.as_ref()).unwrap_or(100);
        if !(1..=MAX_PAGE).contains(&limit) {
            errors.push("limit", format!("must be between 1 and {MAX_PAGE}"));
        }
        let offset = whole(&mut errors, "offset", self.offset.as_ref()).unwrap_or(0);
        if offset < 0 {
            errors.push("offset", "must not be negative");
        }
        errors.into_result()?;
        Ok((filter, limit, offset))
    }
}

impl Service {
    /// The tenant's call records matching `query`, newest first.
    pub async fn list_calls(
        &self,
        actor: &Actor,
        code: &str,
        query: &CallQuery,
    ) -> Result<Vec<CallRecord>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        let (filter, limit, offset) = query.checked()?;
        if let Some(number) = &filter.extension {
            actor.require_extension(code, number)?;
        }
        let mut conn = self.store().conn().await?;
        let mut records = calls::list(&mut conn, tenant.id, &filter, limit, offset).await?;
        if let Some(visible) = actor.visible_numbers(code) {
            records.retain(|r| visible.contains(&r.record.extension));
        }
        Ok(records)
    }

    /// Outbound spend per UTC day over the last `days` days (today
    /// included) of the tenant or one extension (a restricted admin: of
    /// the extensions they may see): `(day start, amount)` for every day,
    /// zero where nothing was spent.
    pub async fn spend_per_day(
        &self,
        actor: &Actor,
        code: &str,
        extension: Option<&str>,
        days: i64,
    ) -> Result<Vec<(i64, i64)>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(ServiceError::invalid(
                "days",
                format!("must be between 1 and {MAX_DAYS}"),
            ));
        }
        let today = pbx_domain::calendar::day_start(pbx_store::now());
        let from = today - (days - 1) * 86_400;
        // A restricted admin without an extension sees the sum of theirs.
        let scopes: Vec<Option<String>> = match (extension, actor.visible_numbers(code)) {
            (Some(number), _) => {
                actor.require_extension(code, number)?;
                vec![Some(number.to_owned())]
            }
            (None, Some(visible)) => visible.into_iter().map(Some).collect(),
            (None, None) => vec![None],
        };
        let mut conn = self.store().conn().await?;
        let mut spent = Vec::new();
        for scope in &scopes {
            let until = today + 86_400;
            spent.extend(
                calls::spend_per_day(&mut conn, tenant.id, scope.as_deref(), from, until).await?,
            );
        }
        Ok((0..days)
            .map(|i| {
                let day = from + i * 86_400;
                let amount = spent
                    .iter()
                    .filter(|(d, _)| d * 86_400 == day)
                    .map(|(_, a)| a)
                    .sum();
                (day, amount)
            })
            .collect())
    }
}

/// An amount in 1/10,000 of the currency as a decimal, e.g. `1.2500`.
pub fn amount_text(amount: i64) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_four_decimals_exactly() {
        assert_eq!(amount_text(12_500), "1.2500");
        assert_eq!(amount_text(7), "0.0007");
        assert_eq!(amount_text(-10_001), "-1.0001");
        assert_eq!(amount_text(0), "0.0000");
    }

    #[test]
    fn a_bad_query_names_each_field() {
        let query = CallQuery {
            direction: Some("sideways".into()),
            from: Some("yesterday".into()),
            limit: Some("5000".into()),
            offset: Some("-1".into()),
            ..CallQuery::default()
        };
        let Err(ServiceError::Invalid(errors)) = query.checked() else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["direction", "from", "limit", "offset"]);
    }
}
