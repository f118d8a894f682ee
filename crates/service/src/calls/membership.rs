//! Members joining and leaving a virtual extension by feature code (the
//! dialplan checked the virtual extension's security PIN first): the
//! change is stored like any edit, audited as the member's, and projected
//! to every node at once.

use pbx_domain::ExtensionKind;
use serde_json::json;

use crate::extensions::{ExtensionInput, Scope};
use crate::{Actor, Service, ServiceError, Source};

/// Attempts at a change that lost a race with another edit.
const ATTEMPTS: usize = 3;

impl Service {
    /// Adds `member` to (or, with `join` false, removes it from) the
    /// members of virtual extension `number`; whether the members changed.
    pub async fn change_membership(
        &self,
        code: &str,
        number: &str,
        member: &str,
        join: bool,
    ) -> Result<bool, ServiceError> {
        let actor = Actor {
            username: format!("extension {member} (feature code)"),
            source: Source::Api,
            ..Actor::cli()
        };
        let (_, caller) = self.get_extension(&actor, code, member).await?;
        if !caller.extension.kind.is_phone() {
            return Err(ServiceError::invalid("member", "must be a phone extension"));
        }
        for _ in 0..ATTEMPTS {
            let (_, current) = self.get_extension(&actor, code, number).await?;
            if current.extension.kind != ExtensionKind::Virtual {
                return Err(ServiceError::invalid(
                    "number",
                    "is not a virtual extension",
                ));
            }
            let members = &current.extension.settings.information.virtual_members;
            let mut numbers: Vec<String> =
                members.0.iter().map(|n| n.as_str().to_owned()).collect();
            let present = numbers.iter().any(|n| n == member);
            match (join, present) {
                (true, true) | (false, false) => return Ok(false),
                (true, false) => numbers.push(member.to_owned()),
                (false, true) => numbers.retain(|n| n != member),
            }
            let input = ExtensionInput {
                version: Some(current.extension.version),
                settings_json: Some(json!({ "virtual_members": numbers.join(",") })),
                ..ExtensionInput::default()
            };
            match self
                .update_extension(&actor, code, number, &input, Scope::Extension)
                .await
            {
                Ok(_) => return Ok(true),
                Err(ServiceError::StaleVersion) => {}
                Err(e) => return Err(e),
            }
        }
        Err(ServiceError::StaleVersion)
    }
}
