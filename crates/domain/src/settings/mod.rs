//! The settings document of an extension: one typed struct per section of
//! the spec's forms. The section structs and their catalogue entries come
//! from `define_section!` declarations, one file per section.

mod call;
mod cross_checks;
mod destinations;
mod fmfm;
mod inbound;
mod information;
mod nat;
mod note;
mod option_values;
mod outbound;
mod pjsip_aor;
mod pjsip_endpoint;
mod recording;
mod security;
mod trunk;
mod web_user;

pub use call::CallSettings;
pub use destinations::Destinations;
pub use fmfm::Fmfm;
pub use inbound::Inbound;
pub use information::Information;
pub use nat::Nat;
pub use note::Note;
pub use outbound::Outbound;
pub use pjsip_aor::PjsipAor;
pub use pjsip_endpoint::{PjsipEndpoint, SHARED_WITH_ENDPOINT_PAGE};
pub use recording::{InboundRecording, OutboundRecording};
pub use security::Security;
pub use trunk::Trunk;
pub use web_user::WebUser;

use serde::{Deserialize, Serialize};

use crate::catalogue::{Section, SectionSpec, SettingSpec};
use crate::error::ValidationErrors;
use crate::extension::ExtensionKind;
use crate::values::ObjectKind;

/// A section as a part of the settings document.
pub trait InSettings {
    /// The section in `settings`.
    fn of(settings: &Settings) -> &Self;
}

/// Declares the `Settings` document from its sections, in form order.
macro_rules! settings_document {
    ($($field:ident: $ty:ty),+ $(,)?) => {
        /// Every setting of an extension, grouped by form section.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Settings {
            $(#[doc = concat!("The `", stringify!($field), "` section.")] pub $field: $ty,)+
        }

        /// Serializes the settings that differ from their defaults; see
        /// [`Settings::changed_from_defaults`].
        pub struct ChangedFromDefaults<'a>(&'a Settings);

        /// One section's changed settings as a map.
        struct ChangedSection<'a, T>(&'a T);

        impl<T: Section> Serialize for ChangedSection<'_, T> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                self.0.serialize_changed(&mut map)?;
                map.end()
            }
        }

        impl Serialize for ChangedFromDefaults<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(if self.0.$field != *<$ty as Section>::defaults() {
                    map.serialize_entry(stringify!($field), &ChangedSection(&self.0.$field))?;
                })+
                map.end()
            }
        }

        $(impl InSettings for $ty {
            fn of(settings: &Settings) -> &Self {
                &settings.$field
            }
        })+

        /// Every section, in form order.
        pub const SECTIONS: &[SectionSpec] = &[$(<$ty as Section>::SPEC),+];

        impl Settings {
            /// Every setting as `(key, text)`, in catalogue order: one pass,
            /// no lookups (audit diffs and exports walk thousands of these).
            pub fn texts(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::with_capacity(200);
                $(self.$field.texts(&mut out);)+
                out
            }

            /// The settings that differ from their defaults, as a
            /// `{"section": {"key": value}}` document without the sections
            /// left at their defaults (how the store keeps settings).
            pub fn changed_from_defaults(&self) -> ChangedFromDefaults<'_> {
                ChangedFromDefaults(self)
            }

            /// The settings whose text differs between `self` and `after`,
            /// in catalogue order.
            pub fn changes(&self, after: &Settings) -> Vec<crate::catalogue::Change> {
                let mut out = Vec::new();
                $(self.$field.changes(&after.$field, &mut out);)+
                out
            }

            /// The text form of a setting, by key.
            pub fn get_text(&self, key: &str) -> Option<String> {
                crate::catalogue::find(key).map(|spec| (spec.text)(self))
            }

            /// Sets a setting from text (a form field or an import cell).
            /// `None`: no such key.
            pub fn set_text(&mut self, key: &str, raw: &str) -> Option<Result<(), String>> {
                let section = crate::catalogue::section_index(key)?;
                let mut index = 0;
                $(if index == section { return self.$field.set_text(key, raw); } index += 1;)+
                let _ = index;
                None
            }

            /// Sets a setting from a JSON value. `None`: no such key.
            pub fn set_json(&mut self, key: &str, value: serde_json::Value) -> Option<Result<(), String>> {
                $(if <$ty as Section>::SPEC.fields.iter().any(|f| f.key == key) {
                    return self.$field.set_json(key, value);
                })+
                None
            }
        }
    };
}

settings_document! {
    information: Information,
    trunk: Trunk,
    nat: Nat,
    call: CallSettings,
    inbound_recording: InboundRecording,
    outbound_recording: OutboundRecording,
    security: Security,
    web_user: WebUser,
    outbound: Outbound,
    inbound: Inbound,
    fmfm: Fmfm,
    destinations: Destinations,
    note: Note,
    pjsip_endpoint: PjsipEndpoint,
    pjsip_aor: PjsipAor,
}

/// The extension a patch is applied for: its kind, and its stored settings
/// (none while it is being created).
#[derive(Clone, Copy)]
struct Target<'a> {
    kind: ExtensionKind,
    current: Option<&'a Settings>,
}

impl Settings {
    /// Applies a JSON patch of the form `{"section": {"key": value}}` or the
    /// flat `{"key": value}`; collects every error with its field path.
    /// With a `kind`, settings that do not apply to it are rejected (tenant
    /// defaults pass `None`: they hold settings of every kind).
    pub fn apply_json(
        &mut self,
        patch: &serde_json::Value,
        kind: Option<ExtensionKind>,
        errors: &mut ValidationErrors,
    ) {
        let target = kind.map(|kind| Target {
            kind,
            current: None,
        });
        self.apply(patch, target, errors);
    }

    /// Applies a JSON patch to the settings of an extension of `kind`. A
    /// setting that does not apply to `kind` is refused, unless it holds the
    /// value `current` (the stored extension's settings) has: a document
    /// read back from the API can be sent again as it is.
    pub fn apply_extension_json(
        &mut self,
        patch: &serde_json::Value,
        kind: ExtensionKind,
        current: Option<&Settings>,
        errors: &mut ValidationErrors,
    ) {
        self.apply(patch, Some(Target { kind, current }), errors);
    }

    fn apply(
        &mut self,
        patch: &serde_json::Value,
        target: Option<Target>,
        errors: &mut ValidationErrors,
    ) {
        let Some(object) = patch.as_object() else {
            errors.push("settings", "must be an object");
            return;
        };
        for (name, value) in object {
            let section = SECTIONS.iter().find(|s| s.key == name);
            match (section, value) {
                (Some(section), serde_json::Value::Object(fields)) => {
                    for (key, value) in fields {
                        let path = format!("settings.{name}.{key}");
                        match section.fields.iter().find(|f| f.key == key) {
                            Some(spec) => {
                                self.apply_one(spec, value.clone(), target, &path, errors);
                            }
                            None => errors.push(path, "unknown setting"),
                        }
                    }
                }
                (Some(_), _) => errors.push(format!("settings.{name}"), "must be an object"),
                (None, value) => {
                    let path = format!("settings.{name}");
                    match crate::catalogue::find(name) {
                        Some(spec) => self.apply_one(spec, value.clone(), target, &path, errors),
                        None => errors.push(path, "unknown setting"),
                    }
                }
            }
        }
    }

    fn apply_one(
        &mut self,
        spec: &SettingSpec,
        value: serde_json::Value,
        target: Option<Target>,
        path: &str,
        errors: &mut ValidationErrors,
    ) {
        if let Some(Target { kind, current }) = target.filter(|t| !spec.kinds.contains(t.kind)) {
            let unchanged = current.is_some_and(|current| {
                let mut sent = current.clone();
                sent.set_json(spec.key, value.clone()) == Some(Ok(()))
                    && (spec.text)(&sent) == (spec.text)(current)
            });
            if !unchanged {
                errors.push(path, format!("does not apply to {kind} extensions"));
                return;
            }
        }
        if let Some(Err(message)) = self.set_json(spec.key, value) {
            errors.push(path, message);
        }
    }

    /// The settings that differ from the defaults but do not apply to `kind`
    /// (reported when an extension changes stack).
    pub fn not_applicable_to(&self, kind: ExtensionKind) -> Vec<&'static SettingSpec> {
        let defaults = Settings::default();
        crate::catalogue::settings()
            .filter(|spec| !spec.kinds.contains(kind))
            .filter(|spec| self.get_text(spec.key) != defaults.get_text(spec.key))
            .collect()
    }

    /// Every reference to a tenant object, with the setting key it is in.
    pub fn references(&self) -> Vec<(&'static str, ObjectKind, i64)> {
        crate::catalogue::settings()
            .filter_map(|spec| match spec.value {
                crate::values::ValueKind::Reference(object) => {
                    let id = self.get_text(spec.key)?.parse().ok()?;
                    Some((spec.key, object, id))
                }
                _ => None,
            })
            .collect()
    }

    /// Rules between settings of one document.
    pub fn check(&self, kind: ExtensionKind) -> ValidationErrors {
        cross_checks::check(self, kind)
    }

    /// The JSON path of a setting key, e.g. `settings.nat.qualify`.
    pub fn path_of(key: &str) -> String {
        match crate::catalogue::find(key) {
            Some(spec) => format!("settings.{}.{}", spec.section, spec.key),
            None => format!("settings.{key}"),
        }
    }
}
