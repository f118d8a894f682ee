//! Export, read, parse, apply onto defaults, export again: nothing changes.

use pbx_domain::values::ShortText;
use pbx_domain::{ExtensionKind, Secret, Settings};
use pbx_interchange::bench_support::SampleExtension;
use pbx_interchange::{
    ExportOptions, ExportRow, ImportRow, apply_settings, export_csv, export_xlsx, parse_rows,
    read_table,
};
use proptest::prelude::*;

/// An extension as it comes back from an import.
struct Reimported {
    row: ImportRow,
    secret: Option<Secret>,
    settings: Settings,
}

impl Reimported {
    fn export_row(&self) -> ExportRow<'_> {
        ExportRow {
            kind: self.row.kind.expect("exports carry the kind"),
            number: &self.row.number,
            name: self.row.name.as_ref().map_or("", ShortText::as_str),
            description: self.row.description.as_ref().map_or("", ShortText::as_str),
            username: self.row.username.as_ref(),
            secret: self.secret.as_ref(),
            settings: &self.settings,
            reference_names: None,
        }
    }
}

fn reimport(bytes: &[u8], name: &str) -> Vec<Reimported> {
    let table = read_table(bytes, name).unwrap();
    let parsed = parse_rows(&table);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed
        .rows
        .into_iter()
        .map(|row| {
            let mut settings = Settings::default();
            let errors = apply_settings(&row, row.kind.unwrap(), &mut settings);
            assert!(errors.is_empty(), "{errors:?}");
            let secret = row.secret.clone().map(Secret::from_stored);
            Reimported {
                row,
                secret,
                settings,
            }
        })
        .collect()
}

fn samples() -> Vec<SampleExtension> {
    let mut samples: Vec<SampleExtension> = (0..12).map(SampleExtension::new).collect();
    let tricky = &mut samples[1].settings;
    for (key, value) in [
        ("caller_id_regex", "^-?[0-9]+$"),
        ("area_code", "+44"),
        ("tx_volume", "-7"),
        ("additional_info", "=1+1, \"quoted\"; more"),
        ("allowed_ips", "192.0.2.0/24,2001:db8::/32"),
        ("codecs", "opus,alaw"),
        ("user_email", "ops@example.com"),
    ] {
        let result = tricky.set_text(key, value).expect("a known key");
        result.unwrap_or_else(|e| panic!("{key}: {e}"));
    }
    samples[2].name = ShortText::parse("'=not a formula").unwrap();
    samples
}

#[test]
fn a_csv_export_reimported_onto_defaults_exports_to_the_same_bytes() {
    let samples = samples();
    let secret = Secret::from_stored("Tr0ub4dor-horse".into());
    let rows = samples.iter().map(|s| ExportRow {
        secret: s.kind.is_phone().then_some(&secret),
        ..s.export_row()
    });
    let options = ExportOptions {
        include_secrets: true,
    };
    let first = export_csv(rows, options);
    let again = reimport(&first, "export.csv");
    let second = export_csv(again.iter().map(Reimported::export_row), options);
    assert_eq!(
        String::from_utf8(second).unwrap(),
        String::from_utf8(first).unwrap()
    );
}

#[test]
fn an_xlsx_export_reimported_gives_the_same_values() {
    let samples = samples();
    let bytes = export_xlsx(
        samples.iter().map(SampleExtension::export_row),
        ExportOptions::default(),
    )
    .unwrap();
    let again = reimport(&bytes, "export.xlsx");
    assert_eq!(again.len(), samples.len());
    for (original, back) in samples.iter().zip(&again) {
        assert_eq!(Some(original.kind), back.row.kind);
        assert_eq!(original.number, back.row.number);
        assert_eq!(Some(&original.name), back.row.name.as_ref());
        assert_eq!(original.username, back.row.username);
        assert_eq!(original.settings, back.settings, "{}", original.number);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_printable_name_and_description_survive_a_csv_round_trip(
        name in "[!-~]([ -~]{0,30}[!-~])?",
        description in "[=+@'-]{0,3}[!-~]{0,10}",
    ) {
        let mut sample = SampleExtension::new(3);
        sample.kind = ExtensionKind::Virtual;
        sample.username = None;
        sample.name = ShortText::parse(&name).unwrap();
        let row = ExportRow { description: &description, ..sample.export_row() };
        let first = export_csv([row], ExportOptions::default());
        let again = reimport(&first, "x.csv");
        let second = export_csv(again.iter().map(Reimported::export_row), ExportOptions::default());
        prop_assert_eq!(second, first);
    }
}
