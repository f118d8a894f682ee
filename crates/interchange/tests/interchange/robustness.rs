//! Random bytes and random CSV-like text never make reading or parsing
//! panic: they give a table or an error value.

use pbx_interchange::{apply_settings, parse_rows, read_table};
use proptest::prelude::*;

fn read_and_parse(bytes: &[u8]) {
    if let Ok(table) = read_table(bytes, "upload.csv") {
        let parsed = parse_rows(&table);
        for row in &parsed.rows {
            let kind = row.kind.unwrap_or(pbx_domain::ExtensionKind::Pjsip);
            let _ = apply_settings(row, kind, &mut pbx_domain::Settings::default());
        }
    }
}

/// CSV-shaped text: known and unknown headers, random delimiters, quotes,
/// line breaks, formula characters and an optional BOM.
fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        Just("number".to_owned()),
        Just("kind".to_owned()),
        Just("ring_timeout".to_owned()),
        Just("codecs".to_owned()),
        Just("extension".to_owned()),
        Just("tech".to_owned()),
        "[0-9]{1,4}",
        "[a-z =+@'\"-]{0,8}",
        "\"[^\"]{0,6}\"",
        Just("pjsip".to_owned()),
        Just("\"a\nb\"".to_owned()),
    ];
    let separator = prop_oneof![
        Just(","),
        Just(";"),
        Just("\t"),
        Just("|"),
        Just("\n"),
        Just("\r\n"),
        Just("\""),
    ];
    (
        any::<bool>(),
        prop::collection::vec((cell, separator), 0..40),
    )
        .prop_map(|(bom, parts)| {
            let mut text = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            for (cell, separator) in parts {
                text.push_str(&cell);
                text.push_str(separator);
            }
            text.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_and_parse(&bytes);
    }

    #[test]
    fn random_bytes_behind_a_spreadsheet_signature_never_panic(
        zip in any::<bool>(),
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = if zip {
            b"PK\x03\x04".to_vec()
        } else {
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec()
        };
        bytes.extend(tail);
        prop_assert!(read_table(&bytes, "x.xlsx").is_err());
    }

    #[test]
    fn random_csv_text_never_panics(bytes in csv_text()) {
        read_and_parse(&bytes);
    }
}
