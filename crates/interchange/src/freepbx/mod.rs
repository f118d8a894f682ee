//! Migration from FreePBX: a Bulk Handler extensions export is recognised
//! by its header and translated, row by row, into this system's columns.

mod convert;
mod mapping;

pub use mapping::{MAPPINGS, Mapping};

use pbx_domain::{ExtensionKind, catalogue};

use crate::table::Row;

/// A FreePBX header, resolved: which of our columns can be filled from it.
#[derive(Debug, Clone)]
pub struct FreePbx {
    /// Active mappings and the cell index of each of their sources.
    active: Vec<(&'static Mapping, Vec<Option<usize>>)>,
    unmapped: Vec<String>,
    kind_at: Option<usize>,
}

impl std::fmt::Debug for Mapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mapping")
            .field("target", &self.target)
            .field("sources", &self.sources)
            .finish_non_exhaustive()
    }
}

impl FreePbx {
    /// Recognises a FreePBX Bulk Handler header: it has `extension` and
    /// `tech` columns and no `number` column.
    pub fn detect(headers: &[String]) -> Option<FreePbx> {
        let lower: Vec<String> = headers
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let has = |name: &str| lower.iter().any(|h| h == name);
        if !(has("extension") && has("tech")) || has("number") {
            return None;
        }
        let index_of = |name: &str| lower.iter().position(|h| h == name);
        let active: Vec<_> = MAPPINGS
            .iter()
            .map(|m| (m, m.sources.iter().map(|s| index_of(s)).collect::<Vec<_>>()))
            .filter(|(_, at)| at.iter().any(Option::is_some))
            .collect();
        let unmapped = headers
            .iter()
            .zip(&lower)
            .filter(|(_, l)| {
                !l.is_empty() && !MAPPINGS.iter().any(|m| m.sources.contains(&l.as_str()))
            })
            .map(|(h, _)| crate::parse::layout::shown_header(h.trim()))
            .collect();
        let kind_at = active.iter().position(|(m, _)| m.target == "kind");
        Some(FreePbx {
            active,
            unmapped,
            kind_at,
        })
    }

    /// Our headers, in the order [`FreePbx::translate`] fills them.
    pub fn native_headers(&self) -> Vec<String> {
        self.active
            .iter()
            .map(|(m, _)| m.target.to_owned())
            .collect()
    }

    /// The FreePBX columns with no equivalent here, as written in the file.
    pub fn unmapped(&self) -> Vec<String> {
        self.unmapped.clone()
    }

    /// The name errors about our column `native` use: the FreePBX column
    /// with ours in brackets, e.g. `outboundcid (caller_id_number)`.
    pub fn label(&self, native: &str) -> String {
        match mapping::mapping_of(native) {
            Some(m) if m.target == "number" => m.sources[0].to_owned(),
            Some(m) => format!("{} ({native})", m.sources[0]),
            None => native.to_owned(),
        }
    }

    /// One FreePBX row as a row of ours. Settings that do not apply to the
    /// row's kind are left empty (FreePBX exports every column for every
    /// technology).
    pub fn translate(&self, row: &Row) -> Row {
        let mut cells: Vec<String> = self
            .active
            .iter()
            .map(|(m, at)| {
                let sources: Vec<&str> = at.iter().map(|i| i.map_or("", |i| row.cell(i))).collect();
                (m.convert)(&sources)
            })
            .collect();
        let kind = self
            .kind_at
            .and_then(|i| ExtensionKind::parse(&cells[i]).ok());
        if let Some(kind) = kind {
            for ((m, _), cell) in self.active.iter().zip(cells.iter_mut()) {
                if catalogue::find(m.target).is_some_and(|s| !s.kinds.contains(kind)) {
                    cell.clear();
                }
            }
        }
        Row::new(row.line, cells)
    }
}
