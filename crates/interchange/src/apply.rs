//! Applies the setting cells of an import row onto a settings document.

use pbx_domain::{ExtensionKind, Settings};

use crate::ReferenceNames;
use crate::parse::{CellError, ImportRow};

/// Applies `row` onto `settings` (the tenant defaults for a new extension,
/// the stored settings for an existing one), for an extension of `kind`.
///
/// - A valid cell sets its setting; an invalid one is an error and leaves
///   the setting as it was.
/// - An empty cell sets an empty value where the setting allows one
///   (texts, references, lists) and otherwise keeps the current value.
/// - A cell for a setting that does not apply to `kind` is an error unless
///   it is empty or holds the current or default value (as an export of
///   another kind does).
/// - A username or secret on a custom or virtual extension is an error.
///
/// Returns every error; the caller keeps the settings only when there are
/// none.
pub fn apply_settings(
    row: &ImportRow,
    kind: ExtensionKind,
    settings: &mut Settings,
) -> Vec<CellError> {
    apply_settings_named(row, kind, settings, &ReferenceNames::default())
}

/// [`apply_settings`] where a cell of a reference the files name (a rate
/// table's name in `call_rate`) is looked up in `names`.
pub fn apply_settings_named(
    row: &ImportRow,
    kind: ExtensionKind,
    settings: &mut Settings,
    names: &ReferenceNames,
) -> Vec<CellError> {
    let mut errors = Vec::new();
    if !kind.is_phone() {
        for (column, present) in [
            ("username", row.username.is_some()),
            ("secret", row.secret.is_some()),
        ] {
            if present {
                errors.push(CellError::new(
                    row.line,
                    column,
                    format!("does not apply to {kind} extensions (leave it empty)"),
                ));
            }
        }
    }
    for (column, raw) in row.setting_cells() {
        let key = column.spec.key;
        let blank = raw.trim().is_empty();
        if !column.spec.kinds.contains(kind) {
            if !blank && !is_current_or_default(settings, key, raw) {
                errors.push(CellError::new(
                    row.line,
                    &column.label,
                    format!("does not apply to {kind} extensions (leave it empty)"),
                ));
            }
            continue;
        }
        if blank {
            // Clears texts and lists; yes/no, numbers and choices keep theirs.
            let _ = settings.set_text(key, "");
            continue;
        }
        let raw = match ReferenceNames::named_kind(column.spec.value) {
            Some(object) => match names.id_text(object, raw) {
                Ok(id) => std::borrow::Cow::Owned(id),
                Err(message) => {
                    errors.push(CellError::new(row.line, &column.label, message));
                    continue;
                }
            },
            None => std::borrow::Cow::Borrowed(raw),
        };
        if let Some(Err(message)) = settings.set_text(key, &raw) {
            errors.push(CellError::new(row.line, &column.label, message));
        }
    }
    errors
}

/// True when `raw` means the value `settings` already has, or the default.
fn is_current_or_default(settings: &Settings, key: &str, raw: &str) -> bool {
    let current = settings.get_text(key);
    if current.as_deref() == Some(raw) {
        return true;
    }
    let mut probe = Settings::default();
    let default = probe.get_text(key);
    if default.as_deref() == Some(raw) {
        return true;
    }
    match probe.set_text(key, raw) {
        Some(Ok(())) => {
            let parsed = probe.get_text(key);
            parsed == current || parsed == default
        }
        _ => false,
    }
}
