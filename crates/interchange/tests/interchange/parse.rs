//! Header resolution, row parsing and applying settings.

use pbx_domain::{ExtensionKind, ExtensionNumber, Secret, Settings};
use pbx_interchange::{CellError, Source, apply_settings};

use super::parsed;

fn apply(csv: &str, kind: ExtensionKind) -> (Settings, Vec<CellError>) {
    let import = parsed(csv);
    assert!(import.errors.is_empty(), "{:?}", import.errors);
    let mut settings = Settings::default();
    let errors = apply_settings(&import.rows[0], kind, &mut settings);
    (settings, errors)
}

#[test]
fn core_columns_and_settings_are_parsed_whatever_the_header_case() {
    let import = parsed(" Kind ,NUMBER,Name,Ring_Timeout\npjsip,100.0,Alex Reed,45\n");
    assert_eq!(import.source, Source::Native);
    let row = &import.rows[0];
    assert_eq!(row.kind, Some(ExtensionKind::Pjsip));
    assert_eq!(row.number.as_str(), "100");
    assert_eq!(row.name.as_ref().unwrap().as_str(), "Alex Reed");
    assert_eq!(row.description, None);
    assert_eq!(row.settings().collect::<Vec<_>>(), [("ring_timeout", "45")]);
}

#[test]
fn unknown_headers_are_each_named_in_an_error() {
    let import = parsed("number,colour,shoe_size\n100,red,9\n");
    let columns: Vec<_> = import.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["colour", "shoe_size"]);
    assert!(
        import
            .errors
            .iter()
            .all(|e| e.line == 1 && e.message.contains("unknown"))
    );
}

#[test]
fn a_duplicate_header_is_an_error_naming_both_columns() {
    let import = parsed("number,name,NAME\n100,a,b\n");
    assert_eq!(import.errors.len(), 1);
    assert!(
        import.errors[0].message.contains("columns 2 and 3"),
        "{:?}",
        import.errors
    );
}

#[test]
fn a_file_without_a_number_column_is_refused() {
    let import = parsed("name\nAlex\n");
    assert_eq!(import.errors[0].column, "number");
    assert!(import.rows.is_empty());
}

#[test]
fn a_duplicate_number_names_both_lines() {
    let import = parsed("number\n100\n101\n100.0\n");
    assert_eq!(import.errors.len(), 1);
    let error = &import.errors[0];
    assert_eq!((error.line, error.column.as_str()), (4, "number"));
    assert!(error.message.contains("line 2"), "{}", error.message);
}

#[test]
fn every_bad_cell_of_every_row_is_reported() {
    let import = parsed("kind,number,name\nphone,100,A\nsip,12a,B\nsip,,C\npjsip,103,D\n");
    let lines: Vec<_> = import
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(lines, [(2, "kind"), (3, "number"), (4, "number")]);
    assert_eq!(import.rows.len(), 1);
}

#[test]
fn a_name_with_a_line_break_is_rejected() {
    let import = parsed("number,name\n100,\"two\nlines\"\n");
    assert_eq!(import.errors[0].column, "name");
}

#[test]
fn a_value_in_a_column_without_header_is_an_error() {
    let import = parsed("number,,name\n100,x,A\n101,,B,extra\n");
    let columns: Vec<_> = import
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(columns, [(2, "column 2"), (3, "column 4")]);
}

#[test]
fn a_bad_setting_value_is_reported_with_its_line_and_column() {
    let (settings, errors) = apply("number,ring_timeout,dnd\n100,4,maybe\n", ExtensionKind::Sip);
    let columns: Vec<_> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(columns, [(2, "ring_timeout"), (2, "dnd")]);
    assert_eq!(settings, Settings::default());
}

#[test]
fn a_setting_of_another_kind_is_an_error_only_when_it_differs_from_the_default() {
    let (_, errors) = apply("number,max_contacts\n100,5\n", ExtensionKind::Sip);
    assert!(
        errors[0].message.contains("does not apply to sip"),
        "{errors:?}"
    );
    let (_, errors) = apply("number,max_contacts\n100,1\n", ExtensionKind::Sip);
    assert!(errors.is_empty(), "{errors:?}");
    let (_, errors) = apply("number,max_contacts\n100,\n", ExtensionKind::Sip);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn an_empty_cell_clears_a_text_and_keeps_a_yes_no_or_number() {
    let mut settings = Settings::default();
    settings
        .set_text("caller_id_name", "Front desk")
        .unwrap()
        .unwrap();
    settings.set_text("ring_timeout", "45").unwrap().unwrap();
    let import = parsed("number,caller_id_name,ring_timeout,dnd\n100,,,\n");
    let errors = apply_settings(&import.rows[0], ExtensionKind::Pjsip, &mut settings);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(settings.get_text("caller_id_name").unwrap(), "");
    assert_eq!(settings.get_text("ring_timeout").unwrap(), "45");
}

#[test]
fn a_username_or_secret_on_a_virtual_extension_is_an_error() {
    let import = parsed("kind,number,username,secret\nvirtual,100,100-ACME,Abcdefgh-2345\n");
    let errors = apply_settings(
        &import.rows[0],
        ExtensionKind::Virtual,
        &mut Settings::default(),
    );
    let columns: Vec<_> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["username", "secret"]);
}

#[test]
fn a_reimported_secret_equal_to_the_stored_one_is_kept_and_a_weak_one_refused() {
    let import = parsed("number,secret\n22,x22x22x22x22x22\n");
    let row = &import.rows[0];
    let stored = Secret::from_stored("x22x22x22x22x22".into());
    assert_eq!(row.secret_for(Some(&stored)).unwrap(), Some(stored));
    let error = row.secret_for(None).unwrap_err();
    assert_eq!((error.line, error.column.as_str()), (2, "secret"));
    let none = parsed("number,secret\n22,\n");
    assert_eq!(none.rows[0].secret_for(None).unwrap(), None);
}

#[test]
fn the_number_of_a_row_is_typed() {
    let import = parsed("number\n0042\n");
    assert_eq!(
        import.rows[0].number,
        ExtensionNumber::parse("0042").unwrap()
    );
}
