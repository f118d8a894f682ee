//! Turns an [`ExtensionInput`] into a valid [`Extension`] for a tenant:
//! identity rules (number, username pattern, secret rules) and settings.

use pbx_domain::extension::UsernameSeparator;
use pbx_domain::values::ShortText;
use pbx_domain::{
    Extension, ExtensionKind, ExtensionNumber, Secret, SipUsername, Tenant, ValidationErrors,
};

use super::ExtensionInput;
use crate::{Actor, Permission};

/// Builds the extension `input` describes: a new one from the tenant's
/// defaults when `base` is `None`, else `base` changed by `input` (or, with
/// `input.replace`, replaced by it: what is not sent is what a new
/// extension gets, except the write-only secret and web password).
pub fn build(
    tenant: &Tenant,
    base: Option<&Extension>,
    input: &ExtensionInput,
    actor: &Actor,
) -> Result<Extension, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = match (base, &input.kind) {
        (Some(base), Some(raw)) => match ExtensionKind::parse(raw) {
            Ok(kind) if kind != base.kind => {
                errors.push(
                    "kind",
                    "cannot be changed here; use change-stack for chan_sip <-> PJSIP",
                );
                base.kind
            }
            _ => base.kind,
        },
        (Some(base), None) => base.kind,
        (None, Some(raw)) => errors
            .check("kind", ExtensionKind::parse(raw))
            .unwrap_or(ExtensionKind::Pjsip),
        (None, None) => {
            errors.push("kind", "is required (sip, pjsip, custom or virtual)");
            ExtensionKind::Pjsip
        }
    };
    let number = match (base, &input.number) {
        (Some(base), Some(raw)) if raw.trim() != base.number.as_str() => {
            errors.push(
                "number",
                "cannot be changed; create a new extension instead",
            );
            Some(base.number.clone())
        }
        (Some(base), _) => Some(base.number.clone()),
        (None, Some(raw)) => errors.check("number", ExtensionNumber::parse(raw)),
        (None, None) => {
            errors.push("number", "is required");
            None
        }
    };
    let text = |field: &str,
                raw: &Option<String>,
                current: Option<&ShortText>,
                errors: &mut ValidationErrors| {
        match raw {
            Some(raw) => errors
                .check(field, ShortText::parse(raw.trim()))
                .unwrap_or_default(),
            None => current.cloned().unwrap_or_default(),
        }
    };
    // What an unsent field keeps: the stored extension's value, unless
    // this replaces it.
    let kept = base.filter(|_| !input.replace);
    let name = text("name", &input.name, kept.map(|b| &b.name), &mut errors);
    let description = text(
        "description",
        &input.description,
        kept.map(|b| &b.description),
        &mut errors,
    );

    let mut settings = match kept {
        Some(base) => base.settings.clone(),
        None => tenant.defaults.clone(),
    };
    if let Some(base) = base.filter(|_| input.replace) {
        settings.web_user.web_password = base.settings.web_user.web_password.clone();
    }
    if let Some(patch) = &input.settings_json {
        let current = base.map(|b| &b.settings);
        settings.apply_extension_json(patch, kind, current, &mut errors);
    }
    for (key, raw) in &input.settings_text {
        let path = pbx_domain::Settings::path_of(key);
        match pbx_domain::catalogue::find(key) {
            None => errors.push(path, "unknown setting"),
            Some(spec) if !spec.kinds.contains(kind) => {
                errors.push(path, format!("does not apply to {kind} extensions"));
            }
            Some(_) => {
                if let Some(Err(message)) = settings.set_text(key, raw) {
                    errors.push(path, message);
                }
            }
        }
    }
    errors.extend(settings.check(kind));
    if let Some(problem) = foreign_mailbox(settings.pjsip_aor.aor_mailboxes.as_str(), &tenant.code)
    {
        errors.push(pbx_domain::Settings::path_of("aor_mailboxes"), problem);
    }

    let (username, secret) = match number.as_ref().filter(|_| kind.is_phone()) {
        Some(number) => {
            let username = username(tenant, base, input, number, actor, &mut errors);
            let secret = secret(base, input, number, username.as_ref(), &mut errors);
            (username, secret)
        }
        None => {
            for (field, value) in [("username", &input.username), ("secret", &input.secret)] {
                if value.as_deref().is_some_and(|v| !v.is_empty()) && !kind.is_phone() {
                    errors.push(field, format!("{kind} extensions have no {field}"));
                }
            }
            (None, None)
        }
    };
    errors.into_result()?;
    Ok(Extension {
        number: number.expect("a missing number is reported as an error above"),
        kind,
        name,
        description,
        username,
        secret,
        settings,
        version: base.map_or(0, |b| b.version),
    })
}

/// The first of `mailboxes` (comma-separated) that is not a mailbox of
/// tenant `code` (`<number>@<CODE>`, the context its voicemail lives in):
/// an extension may follow the message-waiting state of its own tenant's
/// boxes only.
fn foreign_mailbox(mailboxes: &str, code: &pbx_domain::TenantCode) -> Option<String> {
    mailboxes
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .find(|m| match m.split_once('@') {
            Some((number, context)) => {
                context != code.as_str() || ExtensionNumber::parse(number).is_err()
            }
            None => true,
        })
        .map(|m| format!("{m} is not a mailbox of this tenant: write it as <number>@{code}"))
}

fn username(
    tenant: &Tenant,
    base: Option<&Extension>,
    input: &ExtensionInput,
    number: &ExtensionNumber,
    actor: &Actor,
    errors: &mut ValidationErrors,
) -> Option<SipUsername> {
    let default = || SipUsername::default_for(number, &tenant.code, UsernameSeparator::Hyphen);
    let raw = match input.username.as_deref().map(str::trim) {
        None => {
            return Some(
                base.filter(|_| !input.replace)
                    .and_then(|b| b.username.clone())
                    .unwrap_or_else(default),
            );
        }
        Some("") => return Some(default()),
        Some(raw) => raw,
    };
    let username = errors.check("username", SipUsername::parse(raw))?;
    let unchanged = base.and_then(|b| b.username.as_ref()) == Some(&username);
    if !unchanged
        && let Some(problem) = super::usernames::shape_problem(&username, number, &tenant.code)
    {
        errors.push("username", problem);
        return Some(username);
    }
    if !username.follows_pattern(number, &tenant.code) && !unchanged {
        if !tenant.allow_custom_usernames {
            errors.push(
                "username",
                format!("must be {number}-{} or {number}_{}: custom usernames are not enabled for this tenant", tenant.code, tenant.code),
            );
        } else if !actor.may(Permission::CustomUsernames) {
            errors.push(
                "username",
                "setting a custom username needs the custom_usernames permission",
            );
        }
    }
    Some(username)
}

fn secret(
    base: Option<&Extension>,
    input: &ExtensionInput,
    number: &ExtensionNumber,
    username: Option<&SipUsername>,
    errors: &mut ValidationErrors,
) -> Option<Secret> {
    match input.secret.as_deref() {
        Some(raw) if !raw.is_empty() => {
            let unchanged = base
                .and_then(|b| b.secret.as_ref())
                .is_some_and(|s| s.expose() == raw);
            if unchanged {
                return base.and_then(|b| b.secret.clone());
            }
            errors.check("secret", Secret::parse_typed(raw, number, username))
        }
        _ => Some(
            base.and_then(|b| b.secret.clone())
                .unwrap_or_else(Secret::generate),
        ),
    }
}
