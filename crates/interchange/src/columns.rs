//! The columns of the import/export format: six core columns, then one
//! column per setting of the catalogue, named by the setting's key.

use std::collections::HashMap;
use std::sync::LazyLock;

use pbx_domain::catalogue::{self, SettingSpec};

/// A column that is a field of the extension itself, not a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreColumn {
    /// `sip`, `pjsip`, `custom` or `virtual`.
    Kind,
    /// The extension number.
    Number,
    /// The display name.
    Name,
    /// The administrator description.
    Description,
    /// The SIP/PJSIP username.
    Username,
    /// The SIP/PJSIP secret.
    Secret,
}

impl CoreColumn {
    /// Every core column, in export order.
    pub const ALL: [CoreColumn; 6] = [
        CoreColumn::Kind,
        CoreColumn::Number,
        CoreColumn::Name,
        CoreColumn::Description,
        CoreColumn::Username,
        CoreColumn::Secret,
    ];

    /// The header of the column.
    pub fn header(self) -> &'static str {
        match self {
            CoreColumn::Kind => "kind",
            CoreColumn::Number => "number",
            CoreColumn::Name => "name",
            CoreColumn::Description => "description",
            CoreColumn::Username => "username",
            CoreColumn::Secret => "secret",
        }
    }
}

/// What a header names.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    /// A field of the extension.
    Core(CoreColumn),
    /// A setting of the catalogue.
    Setting(&'static SettingSpec),
}

impl Column {
    /// The SIP secret and password settings (hashes): exported only to
    /// users allowed to see passwords.
    pub fn is_secret(&self) -> bool {
        match self {
            Column::Core(core) => *core == CoreColumn::Secret,
            Column::Setting(spec) => spec.value == pbx_domain::values::ValueKind::Password,
        }
    }

    /// The canonical header of the column.
    pub fn header(self) -> &'static str {
        match self {
            Column::Core(core) => core.header(),
            Column::Setting(spec) => spec.key,
        }
    }
}

static BY_HEADER: LazyLock<HashMap<&'static str, Column>> = LazyLock::new(|| {
    CoreColumn::ALL
        .into_iter()
        .map(|c| (c.header(), Column::Core(c)))
        .chain(catalogue::settings().map(|s| (s.key, Column::Setting(s))))
        .collect()
});

/// The column a header names: case and surrounding spaces do not matter.
pub fn find_column(header: &str) -> Option<Column> {
    let header = header.trim();
    BY_HEADER.get(header).copied().or_else(|| {
        let lower = header.to_ascii_lowercase();
        BY_HEADER.get(lower.as_str()).copied()
    })
}

/// Every column, in export order: the core columns, then the catalogue.
pub fn all_columns() -> impl Iterator<Item = Column> {
    CoreColumn::ALL
        .into_iter()
        .map(Column::Core)
        .chain(catalogue::settings().map(Column::Setting))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_case_and_surrounding_spaces() {
        assert!(matches!(
            find_column(" Number "),
            Some(Column::Core(CoreColumn::Number))
        ));
        assert!(
            matches!(find_column("RING_TIMEOUT"), Some(Column::Setting(s)) if s.key == "ring_timeout")
        );
        assert!(find_column("ringtimeout").is_none());
    }

    #[test]
    fn no_setting_key_collides_with_a_core_column() {
        let count = all_columns().count();
        assert_eq!(BY_HEADER.len(), count);
    }
}
