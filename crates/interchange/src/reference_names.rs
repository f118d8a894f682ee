//! Objects that files name instead of numbering. A reference setting holds
//! an object's id; for the kinds in [`NAMED_KINDS`] (today the rate table
//! of `call_rate`, whose column held free text before) export writes the
//! object's name and import takes the name (or the id) back.

use std::collections::HashMap;

use pbx_domain::values::{ObjectKind, ValueKind};

/// The object kinds a file refers to by name.
pub const NAMED_KINDS: [ObjectKind; 1] = [ObjectKind::RateTable];

/// The names and ids of a tenant's objects of the named kinds.
#[derive(Debug, Clone, Default)]
pub struct ReferenceNames {
    names: HashMap<(ObjectKind, i64), String>,
    ids: HashMap<(ObjectKind, String), i64>,
}

impl ReferenceNames {
    /// Adds object `id` of `kind` named `name` (other kinds are ignored).
    pub fn insert(&mut self, kind: ObjectKind, id: i64, name: &str) {
        if NAMED_KINDS.contains(&kind) {
            self.names.insert((kind, id), name.to_owned());
            self.ids.insert((kind, name.to_owned()), id);
        }
    }

    /// The kind a setting of this value kind names, if files name it.
    pub fn named_kind(value: ValueKind) -> Option<ObjectKind> {
        match value {
            ValueKind::Reference(kind) if NAMED_KINDS.contains(&kind) => Some(kind),
            _ => None,
        }
    }

    /// The cell text of the stored id text `stored` (the name, or the id
    /// when the object is unknown).
    pub fn cell(&self, kind: ObjectKind, stored: String) -> String {
        stored
            .parse::<i64>()
            .ok()
            .and_then(|id| self.names.get(&(kind, id)).cloned())
            .unwrap_or(stored)
    }

    /// The id text a cell stands for: an object's name first, then a
    /// number as an id; an error names the missing object.
    pub fn id_text(&self, kind: ObjectKind, cell: &str) -> Result<String, String> {
        let cell = cell.trim();
        if let Some(id) = self.ids.get(&(kind, cell.to_owned())) {
            return Ok(id.to_string());
        }
        if !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(cell.to_owned());
        }
        Err(format!(
            "no {} named {cell:?} in this tenant",
            kind.label().to_lowercase()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_table_is_written_and_read_by_its_name() {
        let mut names = ReferenceNames::default();
        names.insert(ObjectKind::RateTable, 7, "GOLD");
        assert_eq!(names.cell(ObjectKind::RateTable, "7".into()), "GOLD");
        assert_eq!(
            names.id_text(ObjectKind::RateTable, "GOLD").as_deref(),
            Ok("7")
        );
        assert_eq!(
            names.id_text(ObjectKind::RateTable, "7").as_deref(),
            Ok("7")
        );
        assert!(
            names
                .id_text(ObjectKind::RateTable, "SILVER")
                .unwrap_err()
                .contains("SILVER")
        );
    }

    #[test]
    fn other_kinds_keep_their_ids() {
        let mut names = ReferenceNames::default();
        names.insert(ObjectKind::Language, 3, "English");
        assert_eq!(names.cell(ObjectKind::Language, "3".into()), "3");
    }
}
