//! `/api/v1/mail/...` (the system's SMTP server and mails; super
//! administrators) and `/api/v1/tenants/{code}/mail/...` (a tenant's own
//! server and its mails; its tenant administrators): settings with a
//! write-only password, a test mail, the queue and retrying a failed mail.

pub mod queue;
pub mod settings;

use serde_json::json;

use crate::api::openapi::{body_of, json_schema, list_of, object};

json_schema!(
    /// The settings of one scope (`null` when it has none) and where the
    /// settings in use come from (`tenant`, `system` or `none`).
    MailSettings,
    object(&[
        ("source", json!({"type": "string", "enum": ["tenant", "system", "none"]})),
        ("settings", json!({"oneOf": [{"type": "null"}, object(&[
            ("host", json!({"type": "string"})),
            ("port", json!({"type": "integer", "minimum": 1, "maximum": 65535})),
            ("security", json!({"type": "string", "enum": pbx_service::mail::SECURITY})),
            ("username", json!({"type": ["string", "null"]})),
            ("password_set", json!({"type": "boolean"})),
            ("sender", json!({"type": "string"})),
            ("public_url", json!({"type": ["string", "null"]})),
            ("version", json!({"type": "integer"})),
        ])]})),
    ])
);

json_schema!(
    /// A server's settings (`host`, `security` and `sender` required; the
    /// password is kept unless sent, `null` removes it).
    MailSettingsChange,
    {
        let mut body = body_of(&pbx_service::mail::FIELDS, |field| {
            Some(match field {
                "host" | "sender" => json!({"type": "string", "minLength": 1}),
                "port" => json!({"type": ["integer", "null"], "minimum": 1, "maximum": 65535}),
                "security" => json!({"type": "string", "enum": pbx_service::mail::SECURITY}),
                "username" | "public_url" => json!({"type": ["string", "null"]}),
                "password" => {
                    json!({"type": ["string", "null"], "format": "password", "writeOnly": true})
                }
                "version" => json!({"type": ["integer", "null"]}),
                _ => return None,
            })
        });
        body["required"] = json!(["host", "security", "sender"]);
        body
    }
);

json_schema!(
    /// Where to send a test mail.
    TestMailRequest,
    object(&[("to", json!({"type": "string"}))])
);

json_schema!(
    /// Whether the server took the test mail, and its refusal if not.
    TestMailResult,
    object(&[
        ("delivered", json!({"type": "boolean"})),
        ("error", json!({"type": ["string", "null"]})),
    ])
);

json_schema!(
    /// A queued mail (never its body).
    QueuedMail,
    object(&[
        ("id", json!({"type": "integer"})),
        ("kind", json!({"type": "string"})),
        ("recipients", json!({"type": "array", "items": {"type": "string"}})),
        ("subject", json!({"type": "string"})),
        ("attachment", json!({"type": "boolean"})),
        ("state", json!({"type": "string", "enum": ["queued", "sending", "sent", "failed"]})),
        ("attempts", json!({"type": "integer"})),
        ("next_attempt_at", json!({"type": "integer"})),
        ("last_error", json!({"type": ["string", "null"]})),
        ("created_at", json!({"type": "integer"})),
        ("sent_at", json!({"type": ["integer", "null"]})),
    ])
);

json_schema!(
    /// The newest mails, newest first.
    MailQueue,
    list_of::<QueuedMail>()
);
