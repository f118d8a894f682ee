//! FreePBX Bulk Handler migration.

use pbx_domain::{ExtensionKind, Settings};
use pbx_interchange::{Source, apply_settings, parse_rows, read_table};

fn sample() -> pbx_interchange::ParsedImport {
    let bytes = include_bytes!("../fixtures/freepbx_bulkhandler.csv");
    parse_rows(&read_table(bytes, "bulkhandler.csv").unwrap())
}

#[test]
fn a_bulk_handler_export_is_recognised_and_its_unmapped_columns_listed() {
    let import = sample();
    assert_eq!(import.source, Source::FreePbx);
    assert!(import.errors.is_empty(), "{:?}", import.errors);
    assert_eq!(import.unmapped, ["password", "voicemail", "context"]);
}

#[test]
fn bulk_handler_rows_map_to_core_fields_and_settings() {
    let import = sample();
    let dana = &import.rows[0];
    assert_eq!(dana.kind, Some(ExtensionKind::Pjsip));
    assert_eq!(dana.number.as_str(), "200");
    assert_eq!(dana.name.as_ref().unwrap().as_str(), "Dana Fox");
    assert_eq!(dana.secret.as_deref(), Some("Fx9-kq2!Lm7vZ"));
    let mut settings = Settings::default();
    let errors = apply_settings(dana, ExtensionKind::Pjsip, &mut settings);
    assert!(errors.is_empty(), "{errors:?}");
    let text = |key: &str| settings.get_text(key).unwrap();
    assert_eq!(text("caller_id_name"), "Dana Fox");
    assert_eq!(text("caller_id_number"), "+15550100200");
    assert_eq!(text("ring_timeout"), "20");
    assert_eq!(text("codecs"), "ulaw,alaw");
    assert_eq!(text("pickup_groups"), "1,2");
    assert_eq!(text("max_contacts"), "2");
    assert_eq!(text("rtp_symmetric"), "yes");
    assert_eq!(text("fmfm_enabled"), "yes");
    assert_eq!(text("fmfm_number"), "015550199");
    assert_eq!(text("fmfm_dial_method"), "simultaneous");
    assert_eq!(text("allowed_ips"), "");

    let eli = &import.rows[1];
    assert_eq!(eli.kind, Some(ExtensionKind::Sip));
    let mut settings = Settings::default();
    let errors = apply_settings(eli, ExtensionKind::Sip, &mut settings);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(settings.get_text("dtmf_mode").unwrap(), "rfc4733");
    assert_eq!(settings.get_text("codecs").unwrap(), "g722,ulaw");
    assert_eq!(settings.get_text("allowed_ips").unwrap(), "192.0.2.0/24");
    assert_eq!(settings.get_text("ring_timeout").unwrap(), "30");
    assert_eq!(settings.get_text("mwi_enabled").unwrap(), "no");
}

#[test]
fn an_unsupported_freepbx_technology_is_reported_under_its_freepbx_column() {
    let import = parse_rows(
        &read_table(
            b"extension,tech,ringtimer\n300,iax2,20\n301,pjsip,2\n",
            "f.csv",
        )
        .unwrap(),
    );
    assert_eq!(import.errors[0].column, "tech (kind)");
    assert_eq!(import.errors[0].line, 2);
    let mut settings = Settings::default();
    let errors = apply_settings(&import.rows[0], ExtensionKind::Pjsip, &mut settings);
    assert_eq!(errors[0].column, "ringtimer (ring_timeout)");
}
