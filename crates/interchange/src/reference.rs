//! The reference tables of `docs/import-format.md`, generated from the
//! catalogue and the FreePBX mapping so the documentation cannot drift.

use pbx_domain::catalogue;
use pbx_domain::values::ValueKind;

use crate::freepbx::MAPPINGS;

/// A Markdown table of every setting column: key, kinds, accepted values,
/// default and label, in export order.
pub fn settings_table() -> String {
    let defaults = pbx_domain::Settings::default();
    let mut out = String::from(
        "| Column | Applies to | Values | Default | Setting |\n| --- | --- | --- | --- | --- |\n",
    );
    for spec in catalogue::settings() {
        let kinds: Vec<&str> = spec.kinds.iter().map(|k| k.as_str()).collect();
        let default = defaults.get_text(spec.key).unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            spec.key,
            kinds.join(", "),
            describe(spec.value),
            if default.is_empty() {
                "(empty)".to_owned()
            } else {
                format!("`{default}`")
            },
            spec.label.replace('|', "\\|"),
        ));
    }
    out
}

/// What a cell of this kind accepts, for a person.
fn describe(value: ValueKind) -> String {
    match value {
        ValueKind::Bool => "`yes` / `no`".into(),
        ValueKind::Int { min, max } => format!("whole number {min} to {max}"),
        ValueKind::Choice { options } => options
            .iter()
            .map(|(wire, _)| format!("`{wire}`"))
            .collect::<Vec<_>>()
            .join(", "),
        ValueKind::Text { max, class } => format!("{}, up to {max} characters", class.describe()),
        ValueKind::Password => "new password, or an exported argon2id hash".into(),
        ValueKind::Codecs => "codec names, comma-separated, in order of preference".into(),
        ValueKind::Groups => "groups 0-63, e.g. `1,3-5`".into(),
        ValueKind::IpList => "IP addresses or networks, comma-separated".into(),
        ValueKind::Numbers => "extension numbers, comma-separated".into(),
        ValueKind::Reference(object) if crate::reference_names::NAMED_KINDS.contains(&object) => {
            format!("name (or id) of a {}", object.label().to_lowercase())
        }
        ValueKind::Reference(object) => format!("id of a {}", object.label().to_lowercase()),
    }
    .replace('|', "\\|")
}

/// A Markdown table of the FreePBX Bulk Handler columns understood.
pub fn freepbx_table() -> String {
    let mut out =
        String::from("| FreePBX column | Our column | Translation |\n| --- | --- | --- |\n");
    for mapping in MAPPINGS {
        let sources: Vec<String> = mapping.sources.iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!(
            "| {} | `{}` | {} |\n",
            sources.join(", "),
            mapping.target,
            mapping.note.replace('|', "\\|"),
        ));
    }
    out
}
