//! Demo data for `pbx serve --demo`: the Canistracci Oil tenant of the
//! specification, extensions 100-109 with an example of every list icon.

use pbx_domain::values::ObjectKind;
use serde_json::json;

use crate::extensions::ExtensionInput;
use crate::{Actor, Service, ServiceError};

/// `(number, kind, name, description, settings)`.
fn extensions(
    ids: &DemoObjects,
) -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    serde_json::Value,
)> {
    vec![
        (
            "100",
            "sip",
            "Alex Reed",
            "Reception desk",
            json!({"nat": {"qualify_frequency": 30}}),
        ),
        (
            "101",
            "pjsip",
            "Bella Stone",
            "Sales",
            json!({"inbound_recording": {"inbound_recording": "always"}}),
        ),
        (
            "102",
            "pjsip",
            "Carl Hughes",
            "Sales",
            json!({"information": {"dnd": true}}),
        ),
        (
            "103",
            "sip",
            "Dana Fox",
            "Support",
            json!({"security": {"lock_pin": "4321"}}),
        ),
        (
            "104",
            "pjsip",
            "Eli Turner",
            "Support, remote",
            json!({
                "destinations": {"unconditional_enabled": true, "unconditional_destination": ids.mobile},
            }),
        ),
        (
            "105",
            "pjsip",
            "Fay Collins",
            "Accounts",
            json!({
                "security": {"media_encryption": "sdes", "transport": "tls"},
                "inbound": {"block_caller_id_number": true},
            }),
        ),
        (
            "106",
            "custom",
            "Gia Parker",
            "Field engineer mobile",
            json!({
                "security": {"custom_dial_target": "PJSIP/+15551230106@carrier"},
            }),
        ),
        (
            "107",
            "sip",
            "Hugo Banks",
            "Warehouse",
            json!({
                "outbound_recording": {"outbound_recording": "always"},
                "destinations": {"no_answer_enabled": true, "no_answer_destination": ids.voicemail},
            }),
        ),
        (
            "108",
            "virtual",
            "Ivy Morgan",
            "Sales team ring group",
            json!({
                "information": {"virtual_members": ["100", "101", "102", "103", "104", "105"]},
                "destinations": {"condition_enabled": true, "condition": ids.office_hours_closed, "condition_destination": ids.voicemail},
            }),
        ),
        (
            "109",
            "pjsip",
            "Jack Rivera",
            "Workshop",
            json!({
                "fmfm": {"fmfm_enabled": true, "fmfm_number": "+15551230109", "fmfm_delay": 10},
            }),
        ),
    ]
}

struct DemoObjects {
    mobile: i64,
    voicemail: i64,
    office_hours_closed: i64,
}

impl Service {
    /// Creates the demo tenant unless it exists. Returns whether it did.
    pub async fn load_demo(&self) -> Result<bool, ServiceError> {
        let actor = Actor::cli();
        if self.get_tenant(&actor, "CANISTRACCI").await.is_ok() {
            return Ok(false);
        }
        self.create_tenant(
            &actor,
            &json!({
                "code": "CANISTRACCI",
                "name": "Canistracci Oil",
                "preferred_stack": "pjsip",
                "extension_limit": 50,
                "allow_custom_usernames": false,
                "sip_domain": "pbx.canistracci.example",
            }),
        )
        .await?;
        let object = |kind, name: &'static str, value: &'static str| {
            let actor = actor.clone();
            async move {
                self.create_object(&actor, "CANISTRACCI", kind, name, value)
                    .await
                    .map(|o| o.id)
            }
        };
        let ids = DemoObjects {
            mobile: object(ObjectKind::Destination, "Eli's mobile", "num:+15551230104").await?,
            voicemail: object(ObjectKind::Destination, "Sales voicemail", "vm:101").await?,
            office_hours_closed: object(
                ObjectKind::Condition,
                "Outside office hours",
                "mon-fri 18:00-24:00; sat-sun 00:00-24:00",
            )
            .await?,
        };
        object(ObjectKind::Language, "English", "en").await?;
        object(ObjectKind::MohClass, "Default music", "default").await?;
        object(ObjectKind::Condition, "Office hours", "mon-fri 08:00-18:00").await?;
        for (number, kind, name, description, settings) in extensions(&ids) {
            let input = ExtensionInput {
                kind: Some(kind.into()),
                number: Some(number.into()),
                name: Some(name.into()),
                description: Some(description.into()),
                settings_json: Some(settings),
                ..Default::default()
            };
            self.create_extension(&actor, "CANISTRACCI", &input).await?;
        }
        tracing::info!("demo tenant CANISTRACCI loaded with extensions 100-109");
        Ok(true)
    }
}
