//! `docs/import-format.md` carries tables generated from the catalogue and
//! the FreePBX mapping. `UPDATE_DOCS=1 cargo test -p pbx-interchange`
//! rewrites them; otherwise a stale file fails this test.

use pbx_interchange::reference::{freepbx_table, settings_table};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/import-format.md");

/// `text` with the part between the `name` markers replaced by `body`.
fn splice(text: &str, name: &str, body: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = text
        .find(&start)
        .unwrap_or_else(|| panic!("missing {start}"))
        + start.len();
    let to = text.find(&end).unwrap_or_else(|| panic!("missing {end}"));
    format!("{}{}{}", &text[..from], body, &text[to..])
}

#[test]
fn the_import_format_document_lists_every_setting_and_freepbx_mapping() {
    let current = std::fs::read_to_string(DOC).expect("docs/import-format.md exists");
    let fresh = splice(&current, "settings-table", &settings_table());
    let fresh = splice(&fresh, "freepbx-table", &freepbx_table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(DOC, &fresh).unwrap();
    } else {
        assert!(
            fresh == current,
            "docs/import-format.md is stale: run UPDATE_DOCS=1 cargo test -p pbx-interchange"
        );
    }
}
