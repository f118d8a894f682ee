//! The view model of the extension form: the core fields (number, name,
//! description, username, secret), the generated sections, the errors and
//! the buttons the actor may use.

use pbx_domain::catalogue::{Page, SettingSpec};
use pbx_domain::objects::TenantObject;
use pbx_domain::{Extension, ExtensionKind, FieldError};
use pbx_service::Permission;

use super::form::{SectionView, page_specs};
use crate::AppState;
use crate::ui::chrome::Chrome;
use crate::ui::error::UiError;
use crate::ui::session::{Fields, Session};

/// The extension's own fields, as the form shows them.
#[derive(Debug, Clone)]
pub struct Core {
    pub kind: ExtensionKind,
    pub number: String,
    pub name: String,
    pub description: String,
    pub username: String,
    pub secret: String,
}

impl Default for Core {
    fn default() -> Self {
        Core {
            kind: ExtensionKind::Pjsip,
            number: String::new(),
            name: String::new(),
            description: String::new(),
            username: String::new(),
            secret: String::new(),
        }
    }
}

impl Core {
    pub fn of(e: &Extension, show_secret: bool) -> Core {
        Core {
            kind: e.kind,
            number: e.number.to_string(),
            name: e.name.as_str().to_owned(),
            description: e.description.as_str().to_owned(),
            username: e
                .username
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            secret: match (&e.secret, show_secret) {
                (Some(s), true) => s.expose().to_owned(),
                _ => String::new(),
            },
        }
    }

    /// Takes what the user typed (the number only on a new extension).
    pub fn take_posted(&mut self, fields: &Fields) {
        let set = |target: &mut String, key: &str| {
            if let Some(v) = fields.get(key) {
                *target = v.to_owned();
            }
        };
        if self.number.is_empty() {
            set(&mut self.number, "number");
        }
        set(&mut self.name, "name");
        set(&mut self.description, "description");
        set(&mut self.username, "username");
        set(&mut self.secret, "secret");
    }

    /// The swapped-arrow button: `-` <-> `_` in the username.
    pub fn swap(&mut self, code: &str) {
        self.username = swap_separator(&self.username, &self.number, code);
    }
}

/// Switches the separator of a `<number>-<tenant>` username; an empty one
/// becomes `<number>_<tenant>` (the default is the hyphen).
pub fn swap_separator(username: &str, number: &str, code: &str) -> String {
    if username.is_empty() {
        return format!("{number}_{code}");
    }
    match (username.find('-'), username.find('_')) {
        (Some(i), None) => format!("{}_{}", &username[..i], &username[i + 1..]),
        (None, Some(i)) => format!("{}-{}", &username[..i], &username[i + 1..]),
        (Some(a), Some(b)) if a < b => format!("{}_{}", &username[..a], &username[a + 1..]),
        (Some(_), Some(b)) => format!("{}-{}", &username[..b], &username[b + 1..]),
        (None, None) => username.to_owned(),
    }
}

/// Errors of the core fields, shown beside them.
#[derive(Default)]
pub struct CoreErrors {
    pub number: String,
    pub name: String,
    pub description: String,
    pub username: String,
    pub secret: String,
}

#[derive(askama::Template)]
#[template(path = "extensions/edit.html")]
pub struct EditPage {
    pub chrome: Chrome,
    pub base: String,
    pub code: String,
    pub core: Core,
    pub kind: &'static str,
    pub kind_title: &'static str,
    pub is_new: bool,
    pub version: i64,
    pub sections: Vec<SectionView>,
    pub errors: CoreErrors,
    /// Errors that belong to no field of the form.
    pub general: Vec<String>,
    pub conflict: bool,
    pub saved: bool,
    pub can_delete: bool,
    pub can_switch: bool,
    pub can_edit_pjsip: bool,
    pub show_secret: bool,
    /// The Fast provisioning link (a phone of a tenant with a SIP domain,
    /// and the actor may see secrets).
    pub can_provision: bool,
    pub default_username: String,
    /// The extension's lock, when it is locked.
    pub lock: Option<super::lock::LockView>,
    /// Whether the page offers Lock / Unlock (an existing extension).
    pub locking: bool,
}

impl EditPage {
    /// The page for `core`; `version` is `None` for a new extension.
    pub async fn build(
        state: &AppState,
        session: &Session,
        code: &str,
        core: Core,
        version: Option<i64>,
        sections: impl FnOnce(&[&'static SettingSpec], &[TenantObject]) -> Vec<SectionView>,
    ) -> Result<EditPage, UiError> {
        let actor = &session.actor;
        let objects = state.service.list_objects(actor, code, None).await?;
        let specs = page_specs(core.kind, Page::Extension);
        let kind_title = match core.kind {
            ExtensionKind::Sip => "chan_sip extension",
            ExtensionKind::Pjsip => "PJSIP extension",
            ExtensionKind::Custom => "custom extension",
            ExtensionKind::Virtual => "virtual extension",
        };
        let unrestricted = actor.require_unrestricted().is_ok();
        let tenant = state.service.get_tenant(actor, code).await?;
        Ok(EditPage {
            lock: None,
            locking: false,
            can_provision: core.kind.is_phone()
                && state.service.may_provision(actor, &tenant.tenant),
            chrome: Chrome::load(state, session, Some(code)).await?,
            base: format!("/tenants/{code}/extensions"),
            code: code.to_owned(),
            kind: core.kind.as_str(),
            kind_title,
            is_new: version.is_none(),
            version: version.unwrap_or_default(),
            sections: sections(&specs, &objects),
            errors: CoreErrors::default(),
            general: Vec::new(),
            conflict: false,
            saved: false,
            can_delete: unrestricted && actor.may(Permission::DeleteExtensions),
            can_switch: actor.may(Permission::SwitchTechnology),
            can_edit_pjsip: actor.may(Permission::EditPjsip),
            show_secret: actor.may(Permission::ShowPasswords),
            default_username: if core.number.is_empty() {
                format!("<number>-{code}")
            } else {
                format!("{}-{code}", core.number)
            },
            core,
        })
    }

    /// Puts each error beside its field; the rest go to the top.
    pub fn take_errors(&mut self, errors: &[FieldError]) {
        for error in errors {
            let slot = match error.field.as_str() {
                "number" => Some(&mut self.errors.number),
                "name" => Some(&mut self.errors.name),
                "description" => Some(&mut self.errors.description),
                "username" => Some(&mut self.errors.username),
                "secret" => Some(&mut self.errors.secret),
                _ => None,
            };
            match slot {
                Some(slot) => *slot = error.message.clone(),
                None => {
                    let key = error.field.rsplit('.').next().unwrap_or_default();
                    let shown = error.field.starts_with("settings.")
                        && self
                            .sections
                            .iter()
                            .flat_map(|s| s.blocks.iter())
                            .flat_map(|b| b.fields.iter())
                            .any(|f| f.key == key);
                    if !shown {
                        self.general
                            .push(format!("{}: {}", error.field, error.message));
                    }
                }
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.general.is_empty()
            || [
                &self.errors.number,
                &self.errors.name,
                &self.errors.description,
                &self.errors.username,
                &self.errors.secret,
            ]
            .iter()
            .any(|e| !e.is_empty())
            || self
                .sections
                .iter()
                .flat_map(|s| s.blocks.iter())
                .flat_map(|b| b.fields.iter())
                .any(|f| !f.error.is_empty())
    }
}
