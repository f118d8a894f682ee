//! Formula-injection neutralisation for CSV cells.
//!
//! A spreadsheet program opening a CSV file runs a cell that starts with
//! `=`, `+`, `-`, `@`, tab or carriage return as a formula. The exporter
//! puts a `'` before such cells; the importer removes it again. Leading
//! quotes are looked through, so `'=x` is written `''=x` and every value
//! survives the round trip exactly.

const TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// True when `value`, after any leading `'`, starts with a trigger.
fn needs_guard(value: &str) -> bool {
    value.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// The CSV text of a cell value: `'` prepended when needed.
pub fn guard(value: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(value) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// The value of a CSV cell: one leading `'` removed when [`guard`] put it.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_character_is_guarded_with_a_quote() {
        for value in ["=1+1", "+44", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard(value), format!("'{value}"));
        }
        assert_eq!(guard("100"), "100");
        assert_eq!(guard("'quoted"), "'quoted");
    }

    #[test]
    fn guarding_then_unguarding_gives_back_every_value() {
        for value in ["=x", "'=x", "''=x", "'x", "x", "", "'", "-", "''"] {
            assert_eq!(unguard(&guard(value)), value, "{value:?}");
        }
    }

    #[test]
    fn a_quote_before_ordinary_text_is_kept() {
        assert_eq!(unguard("'hello"), "'hello");
        assert_eq!(unguard("'-5"), "-5");
    }
}
