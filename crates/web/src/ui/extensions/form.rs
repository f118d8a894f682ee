//! Form fields generated from the settings catalogue: one input per setting
//! of a page that applies to the extension's kind, typed by its `ValueKind`
//! (checkbox, bounded number, select, text with maxlength, select of tenant
//! objects...), grouped by section and block in catalogue order. Nothing
//! here is written per field.

use pbx_domain::ExtensionKind;
use pbx_domain::catalogue::{Page, SettingSpec, page_settings, sections};
use pbx_domain::objects::TenantObject;
use pbx_domain::settings::SHARED_WITH_ENDPOINT_PAGE;
use pbx_domain::values::ValueKind;

use crate::ui::session::Fields;

/// The prefix of setting inputs' names (`set.codecs`).
pub const PREFIX: &str = "set.";

/// One option of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One generated input.
pub struct FieldView {
    pub key: &'static str,
    pub label: &'static str,
    pub help: String,
    /// `checkbox`, `number`, `select`, `text`, `password` or `numbers` (a
    /// comma-separated list of the tenant's extension numbers, with a
    /// picker when JavaScript runs).
    pub input: &'static str,
    pub value: String,
    pub checked: bool,
    pub min: i64,
    pub max: i64,
    pub maxlength: usize,
    pub options: Vec<Choice>,
    pub error: String,
    /// Shown only while Trunk is checked (trunk options).
    pub trunk_option: bool,
}

/// A block of a section (the spec's "Block" column).
pub struct BlockView {
    pub title: &'static str,
    pub fields: Vec<FieldView>,
}

/// A form section.
pub struct SectionView {
    pub key: &'static str,
    pub title: &'static str,
    pub blocks: Vec<BlockView>,
}

/// The settings a page shows for `kind`, in catalogue order.
pub fn page_specs(kind: ExtensionKind, page: Page) -> Vec<&'static SettingSpec> {
    page_settings(page)
        .filter(|s| s.kinds.contains(kind))
        .collect()
}

/// The `(key, text)` pairs a posted form sets. An empty password field
/// keeps the stored password.
pub fn posted_settings(fields: &Fields, specs: &[&'static SettingSpec]) -> Vec<(String, String)> {
    specs
        .iter()
        .filter_map(|spec| {
            let value = fields.get(&format!("{PREFIX}{}", spec.key))?;
            if spec.value == ValueKind::Password && value.is_empty() {
                return None;
            }
            Some((spec.key.to_owned(), value.to_owned()))
        })
        .collect()
}

fn help(spec: &SettingSpec) -> String {
    match spec.value {
        ValueKind::Text { class, .. } if class != pbx_domain::values::TextClass::Free => {
            format!("{} Allowed: {}.", spec.help, class.describe())
        }
        ValueKind::Codecs => format!("{} Comma-separated, e.g. ulaw,alaw,g722.", spec.help),
        ValueKind::Groups | ValueKind::IpList | ValueKind::Numbers => {
            format!("{} Comma-separated.", spec.help)
        }
        ValueKind::Password => format!("{} Leave empty to keep the current one.", spec.help),
        _ => spec.help.to_owned(),
    }
}

/// Builds one input for `spec` showing `value`.
pub fn field(spec: &'static SettingSpec, value: String, objects: &[TenantObject]) -> FieldView {
    let mut view = FieldView {
        key: spec.key,
        label: spec.label,
        help: help(spec),
        input: "text",
        checked: false,
        min: 0,
        max: 0,
        maxlength: 0,
        options: Vec::new(),
        error: String::new(),
        trunk_option: spec.section == "trunk" && spec.key != "trunk",
        value: String::new(),
    };
    match spec.value {
        ValueKind::Bool => {
            view.input = "checkbox";
            view.checked = value == "yes";
        }
        ValueKind::Int { min, max } => {
            view.input = "number";
            (view.min, view.max) = (min, max);
        }
        ValueKind::Choice { options } => {
            view.input = "select";
            view.options = options
                .iter()
                .map(|(wire, label)| Choice {
                    value: (*wire).to_owned(),
                    label: (*label).to_owned(),
                    selected: *wire == value,
                })
                .collect();
        }
        ValueKind::Text { max, .. } => view.maxlength = max,
        ValueKind::Password => view.input = "password",
        ValueKind::Numbers => view.input = "numbers",
        ValueKind::Reference(kind) => {
            view.input = "select";
            view.options.push(Choice {
                value: String::new(),
                label: format!("— no {} —", kind.label().to_lowercase()),
                selected: value.is_empty(),
            });
            view.options
                .extend(objects.iter().filter(|o| o.kind == kind).map(|o| Choice {
                    value: o.id.to_string(),
                    label: o.name.as_str().to_owned(),
                    selected: o.id.to_string() == value,
                }));
        }
        ValueKind::Codecs | ValueKind::Groups | ValueKind::IpList => {}
    }
    if view.input != "password" && view.input != "checkbox" {
        view.value = value;
    }
    view
}

/// The sections of a page. `value_of` gives a setting's current text (the
/// stored or default value, or what the user posted); `error_of` the error
/// reported for it.
pub fn sections_for(
    specs: &[&'static SettingSpec],
    objects: &[TenantObject],
    value_of: impl Fn(&SettingSpec) -> String,
    error_of: impl Fn(&SettingSpec) -> Option<String>,
    page: Page,
) -> Vec<SectionView> {
    let mut out: Vec<SectionView> = Vec::new();
    for spec in specs {
        // Settings shared with the endpoint page sit in its first section.
        let (section_key, block) =
            if page == Page::PjsipEndpoint && SHARED_WITH_ENDPOINT_PAGE.contains(&spec.key) {
                ("pjsip_endpoint", "Information")
            } else {
                (spec.section, spec.block)
            };
        let title = sections()
            .iter()
            .find(|s| s.key == section_key)
            .map_or(section_key, |s| s.title);
        if out.last().is_none_or(|s| s.key != section_key) {
            out.push(SectionView {
                key: section_key,
                title,
                blocks: Vec::new(),
            });
        }
        let Some(section) = out.last_mut() else {
            continue;
        };
        if section.blocks.last().is_none_or(|b| b.title != block) {
            section.blocks.push(BlockView {
                title: block,
                fields: Vec::new(),
            });
        }
        let mut view = field(spec, value_of(spec), objects);
        view.error = error_of(spec).unwrap_or_default();
        if let Some(b) = section.blocks.last_mut() {
            b.fields.push(view);
        }
    }
    out
}
