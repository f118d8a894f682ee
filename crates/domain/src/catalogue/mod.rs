//! The settings catalogue: one description per setting.
//!
//! Validation, the API schema, the edit forms, import/export columns and the
//! documentation all iterate over [`sections`]; nothing keeps a parallel list.
//! Each section is a typed struct declared with [`define_section!`] in
//! `crate::settings`, which yields both the struct and its [`SectionSpec`].

#[macro_use]
mod define;
mod effect;
mod kinds;

pub use define::json_error_message;
pub use effect::{AsteriskObject, AsteriskOption, Effect, OptionInput, ValueFn};
pub use kinds::Kinds;

use crate::settings::Settings;
use crate::values::ValueKind;

/// The description of one setting.
#[derive(Debug, Clone, Copy)]
pub struct SettingSpec {
    /// Globally unique key: the JSON field, the import/export column.
    pub key: &'static str,
    /// The key of the section the setting belongs to.
    pub section: &'static str,
    /// The block of the spec's section table the setting belongs to.
    pub block: &'static str,
    /// The extension kinds the setting applies to.
    pub kinds: Kinds,
    /// What values the setting takes.
    pub value: ValueKind,
    /// The label forms show.
    pub label: &'static str,
    /// The help text forms and the API schema show.
    pub help: &'static str,
    /// Where the setting takes effect.
    pub effects: &'static [Effect],
    /// The setting's text in a settings document (no lookup by key).
    pub text: fn(&Settings) -> String,
}

/// The description of one form section.
#[derive(Debug, Clone, Copy)]
pub struct SectionSpec {
    /// The section's key in the settings document.
    pub key: &'static str,
    /// The section's title on the form.
    pub title: &'static str,
    /// The page the section is edited on.
    pub page: Page,
    /// The section's settings, in form order.
    pub fields: &'static [SettingSpec],
}

/// The edit pages of an extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The extension's own page.
    Extension,
    /// The Edit PJSIP Endpoint page.
    PjsipEndpoint,
    /// The Edit PJSIP AOR page.
    PjsipAor,
}

/// One setting whose text differs between two versions of a settings
/// document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The setting's key.
    pub key: &'static str,
    /// Its text before the change.
    pub before: String,
    /// Its text after the change.
    pub after: String,
}

/// Implemented by every section struct through [`define_section!`].
pub trait Section: Default {
    /// The section's catalogue entry.
    const SPEC: SectionSpec;
    /// Every setting of the section as `(key, text)`, in catalogue order.
    fn texts(&self, out: &mut Vec<(&'static str, String)>);
    /// The section's defaults, built once.
    fn defaults() -> &'static Self;
    /// Writes the settings that differ from their defaults as map entries.
    fn serialize_changed<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
    /// Appends the settings whose text differs between `self` and `after`,
    /// in catalogue order; only those are turned into text.
    fn changes(&self, after: &Self, out: &mut Vec<Change>);
    /// Sets setting `key` from text; `None`: no such key in the section.
    fn set_text(&mut self, key: &str, raw: &str) -> Option<Result<(), String>>;
    /// Sets setting `key` from JSON; `None`: no such key in the section.
    fn set_json(&mut self, key: &str, value: serde_json::Value) -> Option<Result<(), String>>;
}

/// Every section, in form order.
pub fn sections() -> &'static [SectionSpec] {
    crate::settings::SECTIONS
}

/// Every setting, in form order.
pub fn settings() -> impl Iterator<Item = &'static SettingSpec> {
    sections().iter().flat_map(|s| s.fields.iter())
}

/// Every setting by key, with the index of its section (built once).
fn index() -> &'static std::collections::HashMap<&'static str, (usize, &'static SettingSpec)> {
    static INDEX: std::sync::OnceLock<
        std::collections::HashMap<&'static str, (usize, &'static SettingSpec)>,
    > = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        sections()
            .iter()
            .enumerate()
            .flat_map(|(i, section)| section.fields.iter().map(move |f| (f.key, (i, f))))
            .collect()
    })
}

/// One Asterisk option with the setting that declares it.
pub type DeclaredOption = (&'static SettingSpec, AsteriskOption);

/// Every option the settings declare for `object`, in catalogue order,
/// each once: an option several settings declare (because its value reads
/// all of them) is computed by its first declaration.
pub fn asterisk_options(object: AsteriskObject) -> &'static [DeclaredOption] {
    static OPTIONS: std::sync::OnceLock<[Vec<DeclaredOption>; 4]> = std::sync::OnceLock::new();
    let all = OPTIONS.get_or_init(|| {
        AsteriskObject::ALL.map(|object| {
            let mut options: Vec<DeclaredOption> = Vec::new();
            for spec in settings() {
                for option in spec.effects.iter().filter_map(Effect::asterisk) {
                    if option.object == object
                        && !options.iter().any(|(_, o)| o.name == option.name)
                    {
                        options.push((spec, *option));
                    }
                }
            }
            options
        })
    });
    let index = AsteriskObject::ALL
        .iter()
        .position(|o| *o == object)
        .unwrap_or_default();
    &all[index]
}

/// The setting with this key.
pub fn find(key: &str) -> Option<&'static SettingSpec> {
    index().get(key).map(|(_, spec)| *spec)
}

/// The settings an edit page shows, in form order: for the PJSIP Endpoint
/// page first those it shares with other sections
/// ([`crate::settings::SHARED_WITH_ENDPOINT_PAGE`]), then its own.
pub fn page_settings(page: Page) -> impl Iterator<Item = &'static SettingSpec> {
    let shared = settings().filter(move |s| {
        page == Page::PjsipEndpoint && crate::settings::SHARED_WITH_ENDPOINT_PAGE.contains(&s.key)
    });
    let own = sections()
        .iter()
        .filter(move |s| s.page == page)
        .flat_map(|s| s.fields.iter());
    shared.chain(own)
}

/// True when setting `key` is edited on `page`.
pub fn on_page(key: &str, page: Page) -> bool {
    page_settings(page).any(|s| s.key == key)
}

/// The position in [`sections`] of the section holding setting `key`.
pub fn section_index(key: &str) -> Option<usize> {
    index().get(key).map(|(i, _)| *i)
}

#[cfg(test)]
mod tests;
