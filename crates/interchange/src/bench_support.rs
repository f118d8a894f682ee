//! Synthetic import files for benchmarks (`pbx bench`) and tests.

use pbx_domain::values::ShortText;
use pbx_domain::{ExtensionKind, ExtensionNumber, Settings, SipUsername};

use crate::export::{CsvExporter, ExportOptions, ExportRow};

/// One synthetic extension: number `10000 + index`, kinds in turn, a few
/// settings away from their defaults.
pub struct SampleExtension {
    /// The kind.
    pub kind: ExtensionKind,
    /// The number.
    pub number: ExtensionNumber,
    /// The display name.
    pub name: ShortText,
    /// The username of a phone extension.
    pub username: Option<SipUsername>,
    /// The settings.
    pub settings: Settings,
}

impl SampleExtension {
    /// The extension of `index`.
    pub fn new(index: usize) -> SampleExtension {
        let kind = ExtensionKind::ALL[index % 4];
        let number = ExtensionNumber::parse(&(10_000 + index).to_string())
            .expect("a synthetic number is digits");
        let mut settings = Settings::default();
        let mut set = |key: &str, value: &str| {
            let _ = settings.set_text(key, value);
        };
        set("ring_timeout", &(10 + index % 50).to_string());
        set("caller_id_name", &format!("Sample {index}"));
        set("call_groups", &(index % 64).to_string());
        set("tx_volume", &((index % 21) as i64 - 10).to_string());
        match kind {
            ExtensionKind::Custom => set("custom_dial_target", &format!("PJSIP/{index}@carrier")),
            ExtensionKind::Virtual => set("virtual_members", "10000,10001"),
            ExtensionKind::Pjsip => set("max_contacts", "2"),
            ExtensionKind::Sip => set("nat", "comedia"),
        }
        SampleExtension {
            kind,
            username: kind
                .is_phone()
                .then(|| SipUsername::parse(&format!("{number}-BENCH")).expect("valid")),
            name: ShortText::parse(&format!("Sample user {index}")).expect("valid"),
            number,
            settings,
        }
    }

    /// The row this extension exports as.
    pub fn export_row(&self) -> ExportRow<'_> {
        ExportRow {
            kind: self.kind,
            number: &self.number,
            name: self.name.as_str(),
            description: "",
            username: self.username.as_ref(),
            secret: None,
            settings: &self.settings,
            reference_names: None,
        }
    }
}

/// A CSV export of `rows` synthetic extensions (every column, no secrets),
/// built and written one extension at a time.
pub fn generate_csv(rows: usize) -> Vec<u8> {
    let mut exporter =
        CsvExporter::new(Vec::new(), ExportOptions::default()).expect("writing to a Vec");
    for index in 0..rows {
        let extension = SampleExtension::new(index);
        exporter
            .write(&extension.export_row())
            .expect("writing to a Vec cannot fail");
    }
    exporter.finish().expect("writing to a Vec cannot fail")
}
