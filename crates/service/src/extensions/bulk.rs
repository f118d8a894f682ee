//! Bulk SIP peers: create a number range in one transaction, preview first;
//! and bulk delete.

use pbx_domain::extension::UsernameSeparator;
use pbx_domain::values::ShortText;
use pbx_domain::{
    Extension, ExtensionKind, ExtensionNumber, Secret, SipUsername, ValidationErrors,
};
use pbx_store::extensions::{self, NewRow, settings_to_json};
use pbx_store::{audit, tenants};
use serde_json::json;

use crate::{Actor, Change, Permission, Service, ServiceError};

/// The largest range one bulk create may cover.
pub const MAX_BULK: u64 = 10_000;
/// The most numbers one bulk delete may name.
pub const MAX_BULK_NUMBERS: usize = 1000;

/// A number range of SIP or PJSIP peers to create.
#[derive(Debug, Clone)]
pub struct BulkCreate {
    pub first: String,
    pub last: String,
    pub kind: String,
    /// Name pattern; `{n}` is replaced by the number, e.g. `Room {n}`.
    pub name_pattern: String,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BulkPreviewRow {
    pub number: String,
    pub name: String,
    pub username: String,
}

struct Plan {
    kind: ExtensionKind,
    rows: Vec<BulkPreviewRow>,
}

fn plan(tenant: &pbx_domain::Tenant, request: &BulkCreate) -> Result<Plan, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = errors.check("kind", ExtensionKind::parse(&request.kind));
    if kind.is_some_and(|k| !k.is_phone()) {
        errors.push("kind", "must be sip or pjsip");
    }
    let first = errors.check("first", ExtensionNumber::parse(&request.first));
    let last = errors.check("last", ExtensionNumber::parse(&request.last));
    if let Err(e) = ShortText::parse(&request.name_pattern.replace("{n}", "000000000000000")) {
        errors.push("name_pattern", e);
    }
    if let (Some(first), Some(last)) = (&first, &last) {
        if last.value() < first.value() {
            errors.push("last", "must not be below the first number");
        } else if last.value() - first.value() + 1 > MAX_BULK {
            errors.push(
                "last",
                format!("a range may hold at most {MAX_BULK} extensions"),
            );
        }
    }
    errors.into_result()?;
    let (first, last, kind) = (
        first.unwrap_or_else(unreachable_number),
        last.unwrap_or_else(unreachable_number),
        kind.unwrap_or(ExtensionKind::Sip),
    );
    let width = first.as_str().len();
    let rows = (first.value()..=last.value())
        .map(|n| {
            let number = format!("{n:0width$}");
            let parsed = ExtensionNumber::parse(&number).unwrap_or_else(|_| first.clone());
            BulkPreviewRow {
                name: request.name_pattern.replace("{n}", &number),
                username: SipUsername::default_for(
                    &parsed,
                    &tenant.code,
                    UsernameSeparator::Hyphen,
                )
                .to_string(),
                number,
            }
        })
        .collect();
    Ok(Plan { kind, rows })
}

fn unreachable_number() -> ExtensionNumber {
    ExtensionNumber::parse("0").unwrap_or_else(|_| unreachable!("0 is a valid number"))
}

impl Service {
    /// What a bulk create would make, without making it.
    pub async fn preview_bulk_create(
        &self,
        actor: &Actor,
        code: &str,
        request: &BulkCreate,
    ) -> Result<Vec<BulkPreviewRow>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_bulk_create()?;
        Ok(plan(&tenant.tenant, request)?.rows)
    }

    /// Creates the whole range in one transaction, or nothing: every number
    /// and username must be free and the limit must hold them all.
    pub async fn bulk_create(
        &self,
        actor: &Actor,
        code: &str,
        request: &BulkCreate,
    ) -> Result<u64, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_bulk_create()?;
        let plan = plan(&tenant.tenant, request)?;
        let settings_json = settings_to_json(&tenant.tenant.defaults);
        let built: Vec<Extension> = plan
            .rows
            .iter()
            .map(|row| Extension {
                number: ExtensionNumber::parse(&row.number)
                    .unwrap_or_else(|_| unreachable_number()),
                kind: plan.kind,
                name: ShortText::parse(&row.name).unwrap_or_default(),
                description: ShortText::default(),
                username: SipUsername::parse(&row.username).ok(),
                secret: Some(Secret::generate()),
                settings: tenant.tenant.defaults.clone(),
                version: 1,
            })
            .collect();
        let rows = built
            .iter()
            .map(|e| (NewRow::with_settings_json(e, settings_json.clone()), e))
            .collect();
        let mut tx = self.store().begin().await?;
        tenants::reserve_capacity(&mut tx, tenant.id, built.len() as i64).await?;
        // Realtime rows first: a later failure (a taken number) must undo them too.
        let written: Vec<&Extension> = built.iter().collect();
        self.mirror_realtime(&mut tx, &tenant.tenant, tenant.id, &[], &written)
            .await?;
        let created = extensions::insert_many(&mut tx, tenant.id, rows)
            .await
            .map_err(|e| match e {
                pbx_store::StoreError::Conflict { field } => ServiceError::invalid(
                    field,
                    format!(
                        "some {field}s in {}-{} are already taken; nothing was created",
                        request.first, request.last
                    ),
                ),
                other => other.into(),
            })?;
        let summary =
            json!({"range": [request.first, request.last], "kind": plan.kind, "count": created});
        crate::audit::record(&mut tx, actor, code, "", "bulk_create", &summary).await?;
        // And one entry per extension, like a single create.
        let entries = built
            .iter()
            .map(|e| audit::NewEntry {
                extension: e.number.to_string(),
                action: "create",
                changes: super::audit::diff(None, Some(e)),
            })
            .collect();
        audit::append_many(
            &mut tx,
            &actor.username,
            actor.source.as_str(),
            code,
            entries,
        )
        .await?;
        self.commit_change(tx, Change::extensions(code, &built))
            .await?;
        tracing::info!(tenant = code, created, actor = %actor.username, "bulk create");
        Ok(created)
    }

    /// Deletes each number; answers per number (`deleted` or the reason).
    /// Deletes the extensions `numbers` (at most [`MAX_BULK_NUMBERS`]) in
    /// one transaction; the result of each number.
    pub async fn bulk_delete(
        &self,
        actor: &Actor,
        code: &str,
        numbers: &[String],
        force: bool,
    ) -> Result<Vec<(String, Result<(), ServiceError>)>, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        actor.require(Permission::DeleteExtensions)?;
        if numbers.len() > MAX_BULK_NUMBERS {
            return Err(ServiceError::invalid(
                "numbers",
                format!(
                    "at most {MAX_BULK_NUMBERS} numbers at a time ({} were sent)",
                    numbers.len()
                ),
            ));
        }
        // One transaction for the whole list: one write lock, one change
        // for the projector. A number that cannot go (absent, referred to)
        // is refused before anything of it is written; a store failure
        // rolls every deletion back.
        let mut tx = self.store().begin().await?;
        let mut results = Vec::with_capacity(numbers.len());
        let mut deleted = Vec::new();
        for number in numbers {
            let result = match extensions::by_number(&mut tx, tenant.id, number).await {
                Ok(current) => {
                    let done = self
                        .delete_within(&mut tx, actor, code, &tenant, &current, force)
                        .await;
                    match done {
                        Ok(()) => {
                            deleted.push(current.extension);
                            Ok(())
                        }
                        Err(e @ (ServiceError::Referenced { .. } | ServiceError::NotFound(_))) => {
                            Err(e)
                        }
                        Err(other) => return Err(other),
                    }
                }
                Err(pbx_store::StoreError::NotFound) => {
                    Err(ServiceError::not_found(format!("extension {number}")))
                }
                Err(other) => return Err(other.into()),
            };
            results.push((number.clone(), result));
        }
        self.commit_change(tx, Change::extensions(code, deleted.iter()))
            .await?;
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> pbx_domain::Tenant {
        pbx_domain::Tenant {
            code: pbx_domain::TenantCode::parse("ACME").unwrap(),
            name: ShortText::parse("Acme").unwrap(),
            preferred_stack: pbx_domain::SipStack::Pjsip,
            extension_limit: 100,
            allow_custom_usernames: false,
            sip_domain: None,
            call_control_fallback: pbx_domain::tenant::CallControlFallback::Allow,
            defaults: Default::default(),
        }
    }

    #[test]
    fn the_preview_lists_numbers_names_and_usernames_keeping_leading_zeros() {
        let request = BulkCreate {
            first: "0100".into(),
            last: "0102".into(),
            kind: "sip".into(),
            name_pattern: "Room {n}".into(),
        };
        let rows = plan(&tenant(), &request).unwrap().rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[2],
            BulkPreviewRow {
                number: "0102".into(),
                name: "Room 0102".into(),
                username: "0102-ACME".into()
            }
        );
    }

    #[test]
    fn a_reversed_or_oversized_range_is_rejected() {
        let mut request = BulkCreate {
            first: "200".into(),
            last: "100".into(),
            kind: "sip".into(),
            name_pattern: "{n}".into(),
        };
        assert!(plan(&tenant(), &request).is_err());
        request.first = "1".into();
        request.last = "20001".into();
        assert_eq!(plan(&tenant(), &request).err().unwrap().0[0].field, "last");
    }

    #[test]
    fn only_phone_kinds_can_be_bulk_created() {
        let request = BulkCreate {
            first: "1".into(),
            last: "2".into(),
            kind: "virtual".into(),
            name_pattern: "{n}".into(),
        };
        assert_eq!(plan(&tenant(), &request).err().unwrap().0[0].field, "kind");
    }
}
