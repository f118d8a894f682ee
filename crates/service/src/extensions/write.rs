//! Create, update and delete of single extensions.

use pbx_domain::{Extension, ValidationErrors};
use pbx_store::extensions::{self, StoredExtension};
use pbx_store::tenants;

use super::pjsip_guard::require_pjsip_edit;
use super::usernames;
use super::{ExtensionInput, audit::diff, build, references};
use crate::{Actor, Change, Permission, Service, ServiceError};

/// Which save an update is (its audit action; only the whole form's
/// save mails account information).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Save {
    /// The extension form or the API's PUT / PATCH.
    Form,
    /// A PJSIP Endpoint or AOR page.
    PjsipPage,
    /// A chan_sip <-> PJSIP stack change.
    StackChange,
}

impl Save {
    fn audit_action(self) -> &'static str {
        match self {
            Save::Form | Save::PjsipPage => "update",
            Save::StackChange => "change_stack",
        }
    }
}

/// What a page-limited update may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole extension form.
    Extension,
    /// Only the settings of the PJSIP Endpoint or AOR page.
    PjsipPage(pbx_domain::catalogue::Page),
}

impl Service {
    /// Creates an extension from the tenant's defaults and `input`.
    pub async fn create_extension(
        &self,
        actor: &Actor,
        code: &str,
        input: &ExtensionInput,
    ) -> Result<StoredExtension, ServiceError> {
        let tenant = self.reachable_tenant(actor, code).await?;
        actor.require_unrestricted()?;
        actor.require(Permission::CreateExtensions)?;
        let extension = build(&tenant.tenant, None, input, actor)?;
        require_pjsip_edit(actor, &tenant.tenant.defaults, &extension.settings)?;
        let mut tx = self.store().begin().await?;
        // The write comes first: it takes the tenant's row lock (PostgreSQL)
        // or the write lock (SQLite) before anything is read.
        tenants::reserve_capacity(&mut tx, tenant.id, 1).await?;
        check_username(&mut tx, tenant.id, &tenant.tenant.code, &extension).await?;
        if let Ok(taken) =
            extensions::by_number(&mut tx, tenant.id, extension.number.as_str()).await
        {
            return Err(ServiceError::invalid(
                "number",
                format!(
                    "is already used by {} extension {}",
                    taken.extension.kind.tech(),
                    taken.extension.number
                ),
            ));
        }
        references::check(&mut tx, tenant.id, &extension)
            .await?
            .into_result()?;
        self.mirror_realtime(&mut tx, &tenant.tenant, tenant.id, &[], &[&extension])
            .await?;
        let stored = extensions::insert(&mut tx, tenant.id, &extension).await?;
        let mailed = self
            .queue_account_info_within(&mut tx, actor, &tenant, &stored.extension)
            .await?;
        let changes = diff(None, Some(&stored.extension));
        crate::audit::record(
            &mut tx,
            actor,
            code,
            stored.extension.number.as_str(),
            "create",
            &changes,
        )
        .await?;
        self.commit_change(tx, Change::extensions(code, [&stored.extension]))
            .await?;
        if matches!(mailed, Some(Ok(_))) {
            self.wake_mailer();
        }
        tracing::info!(tenant = code, number = %stored.extension.number, actor = %actor.username, "extension created");
        Ok(stored)
    }

    /// Changes an extension; `input.version` must be the stored version.
    pub async fn update_extension(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        input: &ExtensionInput,
        scope: Scope,
    ) -> Result<StoredExtension, ServiceError> {
        let (tenant, current) = self.get_extension(actor, code, number).await?;
        let Some(version) = input.version else {
            return Err(ServiceError::invalid(
                "version",
                "is required: send the version you loaded",
            ));
        };
        if let Scope::PjsipPage(page) = scope {
            actor.require(Permission::EditPjsip)?;
            check_page_scope(&current.extension, input, page)?;
        }
        if version != current.extension.version {
            return Err(ServiceError::StaleVersion);
        }
        let changed = build(&tenant.tenant, Some(&current.extension), input, actor)?;
        require_pjsip_edit(actor, &current.extension.settings, &changed.settings)?;
        if changed.username != current.extension.username {
            let mut conn = self.store().conn().await?;
            check_username(&mut conn, tenant.id, &tenant.tenant.code, &changed).await?;
        }
        let save = match scope {
            Scope::Extension => Save::Form,
            Scope::PjsipPage(_) => Save::PjsipPage,
        };
        self.store_update(actor, code, tenant.id, &current, changed, save)
            .await
    }

    pub(crate) async fn store_update(
        &self,
        actor: &Actor,
        code: &str,
        tenant_id: i64,
        current: &StoredExtension,
        changed: Extension,
        save: Save,
    ) -> Result<StoredExtension, ServiceError> {
        let mut tx = self.store().begin().await?;
        references::check(&mut tx, tenant_id, &changed)
            .await?
            .into_result()?;
        let stored =
            extensions::update(&mut tx, current.id, current.extension.version, &changed).await?;
        let tenant = tenants::by_id(&mut tx, tenant_id).await?;
        self.mirror_realtime(
            &mut tx,
            &tenant.tenant,
            tenant_id,
            &[&current.extension],
            &[&stored.extension],
        )
        .await?;
        let mailed = if save == Save::Form {
            self.queue_account_info_within(&mut tx, actor, &tenant, &stored.extension)
                .await?
        } else {
            None
        };
        let changes = diff(Some(&current.extension), Some(&stored.extension));
        crate::audit::record(
            &mut tx,
            actor,
            code,
            stored.extension.number.as_str(),
            save.audit_action(),
            &changes,
        )
        .await?;
        self.commit_change(
            tx,
            Change::extensions(code, [&current.extension, &stored.extension]),
        )
        .await?;
        if matches!(mailed, Some(Ok(_))) {
            self.wake_mailer();
        }
        Ok(stored)
    }

    /// Deletes an extension. Refused with the list of referrers unless
    /// `force`; forced, it is also removed from virtual extensions.
    pub async fn delete_extension(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        force: bool,
    ) -> Result<(), ServiceError> {
        let (tenant, current) = self.get_extension(actor, code, number).await?;
        actor.require_unrestricted()?;
        actor.require(Permission::DeleteExtensions)?;
        let mut tx = self.store().begin().await?;
        self.delete_within(&mut tx, actor, code, &tenant, &current, force)
            .await?;
        self.commit_change(tx, Change::extensions(code, [&current.extension]))
            .await?;
        tracing::info!(tenant = code, number, actor = %actor.username, "extension deleted");
        Ok(())
    }

    /// Deletes `current` inside `tx` (referrers refused unless `force`,
    /// then removed from virtual extensions; Realtime rows, the extension
    /// counter and the audit log follow). A refusal writes nothing.
    pub(crate) async fn delete_within(
        &self,
        tx: &mut pbx_store::Connection,
        actor: &Actor,
        code: &str,
        tenant: &tenants::StoredTenant,
        current: &StoredExtension,
        force: bool,
    ) -> Result<(), ServiceError> {
        let number = current.extension.number.as_str();
        let referrers = extensions::referrers_of_extension(&mut *tx, tenant.id, number).await?;
        if !referrers.is_empty() && !force {
            return Err(ServiceError::Referenced {
                number: number.to_owned(),
                referrers,
            });
        }
        for referrer in referrers.iter().filter(|r| r.setting == "virtual_members") {
            let mut group = extensions::by_number(&mut *tx, tenant.id, &referrer.number).await?;
            let before = group.extension.clone();
            group
                .extension
                .settings
                .information
                .virtual_members
                .0
                .retain(|m| m.as_str() != number);
            let stored = extensions::update(
                &mut *tx,
                group.id,
                group.extension.version,
                &group.extension,
            )
            .await?;
            let changes = diff(Some(&before), Some(&stored.extension));
            crate::audit::record(&mut *tx, actor, code, &referrer.number, "update", &changes)
                .await?;
        }
        extensions::delete(&mut *tx, tenant.id, current.id).await?;
        self.mirror_realtime(
            &mut *tx,
            &tenant.tenant,
            tenant.id,
            &[&current.extension],
            &[],
        )
        .await?;
        tenants::release_capacity(&mut *tx, tenant.id, 1).await?;
        crate::audit::record(
            &mut *tx,
            actor,
            code,
            number,
            "delete",
            &diff(Some(&current.extension), None),
        )
        .await?;
        Ok(())
    }
}

/// A field error when the extension's username may not be taken (see
/// [`super::usernames`]).
async fn check_username(
    conn: &mut pbx_store::Connection,
    tenant_id: i64,
    code: &pbx_domain::TenantCode,
    extension: &Extension,
) -> Result<(), ServiceError> {
    let Some(username) = &extension.username else {
        return Ok(());
    };
    let wanted = [(username.clone(), extension.number.clone())];
    match usernames::problems(conn, tenant_id, code, &wanted)
        .await?
        .remove(0)
    {
        Some(problem) => Err(ServiceError::invalid("username", problem)),
        None => Ok(()),
    }
}

/// A PJSIP page may only change the settings shown on that page.
fn check_page_scope(
    current: &Extension,
    input: &ExtensionInput,
    page: pbx_domain::catalogue::Page,
) -> Result<(), ServiceError> {
    if current.kind != pbx_domain::ExtensionKind::Pjsip {
        return Err(ServiceError::not_found(format!(
            "PJSIP settings of extension {}",
            current.number
        )));
    }
    let mut errors = ValidationErrors::new();
    for (field, value) in [
        ("kind", &input.kind),
        ("number", &input.number),
        ("name", &input.name),
        ("description", &input.description),
        ("username", &input.username),
        ("secret", &input.secret),
    ] {
        if value.is_some() {
            errors.push(field, "is not part of this page");
        }
    }
    let on_page = |key: &str| pbx_domain::catalogue::on_page(key, page);
    let mut keys: Vec<String> = input.settings_text.iter().map(|(k, _)| k.clone()).collect();
    if let Some(serde_json::Value::Object(map)) = &input.settings_json {
        for (name, value) in map {
            match value {
                serde_json::Value::Object(fields)
                    if pbx_domain::catalogue::sections()
                        .iter()
                        .any(|s| s.key == name) =>
                {
                    keys.extend(fields.keys().cloned());
                }
                _ => keys.push(name.clone()),
            }
        }
    }
    for key in keys.iter().filter(|k| !on_page(k)) {
        errors.push(
            pbx_domain::Settings::path_of(key),
            "is not part of this page",
        );
    }
    errors.into_result().map_err(ServiceError::from)
}
