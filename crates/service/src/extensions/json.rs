//! The JSON shape of extensions in the API.

use pbx_store::extensions::{ExtensionSummary, StoredExtension};
use serde_json::{Value, json};

/// A whole extension; `secret` only when the reader may see passwords.
pub fn extension_json(stored: &StoredExtension, show_secret: bool) -> Value {
    let e = &stored.extension;
    let mut value = json!({
        "kind": e.kind,
        "number": e.number,
        "name": e.name,
        "description": e.description,
        "username": e.username,
        "version": e.version,
        "flags": e.flags(),
        "settings": e.settings,
        "web_password_set": e.settings.web_user.web_password.is_set(),
    });
    // Password hashes are write-only: `web_password_set` tells whether one
    // is stored, and a settings document sent back leaves it as it is.
    if let Some(web_user) = value["settings"]["web_user"].as_object_mut() {
        web_user.remove("web_password");
    }
    if e.kind.is_phone() && show_secret {
        value["secret"] = json!(e.secret.as_ref().map(|s| s.expose()));
    }
    value
}

/// A list row.
pub fn summary_json(summary: &ExtensionSummary, show_secret: bool) -> Value {
    let mut value = json!({
        "kind": summary.kind,
        "tech": summary.kind.tech(),
        "number": summary.number,
        "name": summary.name,
        "description": summary.description,
        "username": summary.username,
        "version": summary.version,
        "flags": summary.flags,
        "locked": summary.locked,
    });
    if summary.kind.is_phone() && show_secret {
        value["secret"] = json!(summary.secret);
    }
    value
}
