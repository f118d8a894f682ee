//! chan_sip <-> PJSIP: every shared setting is kept; the answer names the
//! settings that do not apply to the new stack.

use pbx_domain::ExtensionKind;

use crate::{Actor, Permission, Service, ServiceError};

/// The result of changing one extension's stack.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StackChange {
    pub number: String,
    pub changed: bool,
    /// Why nothing changed (already on that stack, not a phone, not found...).
    pub message: Option<String>,
    /// Settings with non-default values that the new stack ignores (kept
    /// stored, so changing back restores them).
    pub not_applicable: Vec<String>,
}

impl Service {
    /// Moves each extension to `target` (sip or pjsip), one by one.
    pub async fn change_stack(
        &self,
        actor: &Actor,
        code: &str,
        numbers: &[String],
        target: &str,
    ) -> Result<Vec<StackChange>, ServiceError> {
        self.reachable_tenant(actor, code).await?;
        actor.require(Permission::SwitchTechnology)?;
        let target =
            ExtensionKind::parse(target).map_err(|m| ServiceError::invalid("target", m))?;
        if !target.is_phone() {
            return Err(ServiceError::invalid("target", "must be sip or pjsip"));
        }
        let mut results = Vec::with_capacity(numbers.len());
        for number in numbers {
            results.push(self.change_one(actor, code, number, target).await);
        }
        Ok(results)
    }

    async fn change_one(
        &self,
        actor: &Actor,
        code: &str,
        number: &str,
        target: ExtensionKind,
    ) -> StackChange {
        let failed = |message: String| StackChange {
            number: number.to_owned(),
            changed: false,
            message: Some(message),
            not_applicable: vec![],
        };
        let (tenant, current) = match self.get_extension(actor, code, number).await {
            Ok(found) => found,
            Err(e) => return failed(e.to_string()),
        };
        if !current.extension.kind.is_phone() {
            return failed(format!(
                "{} extensions have no SIP stack",
                current.extension.kind
            ));
        }
        if current.extension.kind == target {
            return failed(format!("already {}", target.tech()));
        }
        let mut changed = current.extension.clone();
        changed.kind = target;
        let not_applicable = changed
            .settings
            .not_applicable_to(target)
            .iter()
            .map(|s| s.key.to_owned())
            .collect();
        match self
            .store_update(
                actor,
                code,
                tenant.id,
                &current,
                changed,
                super::write::Save::StackChange,
            )
            .await
        {
            Ok(_) => StackChange {
                number: number.to_owned(),
                changed: true,
                message: None,
                not_applicable,
            },
            Err(e) => failed(e.to_string()),
        }
    }
}
