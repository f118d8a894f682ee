//! The shape of exports: columns, secrets, formula neutralisation.

use pbx_domain::{ExtensionKind, ExtensionNumber, Secret, Settings, SipUsername};
use pbx_interchange::{ExportOptions, ExportRow, export_csv, export_xlsx, read_table};

fn row<'a>(
    number: &'a ExtensionNumber,
    username: &'a SipUsername,
    secret: &'a Secret,
    settings: &'a Settings,
) -> ExportRow<'a> {
    ExportRow {
        kind: ExtensionKind::Pjsip,
        number,
        name: "=HYPERLINK(\"http://evil\")",
        description: "-5 and +3",
        username: Some(username),
        secret: Some(secret),
        settings,
        reference_names: None,
    }
}

fn fixtures() -> (ExtensionNumber, SipUsername, Secret, Settings) {
    (
        ExtensionNumber::parse("100").unwrap(),
        SipUsername::parse("100-ACME").unwrap(),
        Secret::from_stored("Tr0ub4dor-horse".into()),
        Settings::default(),
    )
}

#[test]
fn core_columns_come_first_then_every_setting_in_catalogue_order() {
    let (n, u, s, settings) = fixtures();
    let csv = export_csv(
        [row(&n, &u, &s, &settings)],
        ExportOptions {
            include_secrets: true,
        },
    );
    let text = String::from_utf8(csv).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    let expected: Vec<&str> = [
        "kind",
        "number",
        "name",
        "description",
        "username",
        "secret",
    ]
    .into_iter()
    .chain(pbx_domain::catalogue::settings().map(|s| s.key))
    .collect();
    assert_eq!(header.split(',').collect::<Vec<_>>(), expected);
}

#[test]
fn secrets_and_password_hashes_are_absent_unless_the_user_may_see_passwords() {
    let (n, u, s, mut settings) = fixtures();
    settings
        .set_text("web_password", "Panel-pass-123")
        .unwrap()
        .unwrap();
    let csv = export_csv([row(&n, &u, &s, &settings)], ExportOptions::default());
    let text = String::from_utf8(csv).unwrap();
    assert!(!text.contains("secret"));
    assert!(!text.contains("Tr0ub4dor"));
    assert!(!text.contains("web_password,"), "no password column");
    assert!(!text.contains("$argon2id$"), "no password hash");
    assert!(
        text.contains("web_password_expiry_days"),
        "only the password itself goes"
    );
    let allowed = export_csv(
        [row(&n, &u, &s, &settings)],
        ExportOptions {
            include_secrets: true,
        },
    );
    let allowed = String::from_utf8(allowed).unwrap();
    assert!(allowed.contains("Tr0ub4dor") && allowed.contains("$argon2id$"));
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_as_formulas_start_with_a_quote() {
    let (n, u, s, settings) = fixtures();
    let csv = export_csv([row(&n, &u, &s, &settings)], ExportOptions::default());
    let text = String::from_utf8(csv).unwrap();
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",'-5 and +3,"),
        "{text}"
    );
    let table = read_table(text.as_bytes(), "x.csv").unwrap();
    assert_eq!(table.rows[0].cell(2), "=HYPERLINK(\"http://evil\")");
    assert_eq!(table.rows[0].cell(3), "-5 and +3");
}

#[test]
fn xlsx_cells_are_text_never_formulas() {
    let (n, u, s, settings) = fixtures();
    let bytes = export_xlsx([row(&n, &u, &s, &settings)], ExportOptions::default()).unwrap();
    let table = read_table(&bytes, "x.xlsx").unwrap();
    assert_eq!(table.rows[0].cell(2), "=HYPERLINK(\"http://evil\")");
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    let formulas = calamine::Reader::worksheet_formula(&mut workbook, "extensions").unwrap();
    assert!(
        formulas.used_cells().next().is_none(),
        "a formula was written"
    );
}
