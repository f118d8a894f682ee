//! Proof that the voicemail settings do what their labels say in the
//! tenant's voicemail file: each `Effect::Voicemail` setting changes it, a
//! PIN and an email land in their box's line, and a `vm:` destination gives
//! the extension it names a box even when that extension has none of its own.

mod common;

use pbx_asterisk::{FileKind, render_tenant};
use pbx_domain::catalogue::{self, Effect};
use pbx_domain::objects::TenantObject;
use pbx_domain::values::{ObjectKind, ShortText};

fn voicemail(demo: &common::Demo) -> String {
    render_tenant(&common::node(), &demo.view())
        .unwrap()
        .into_iter()
        .find(|f| f.kind == FileKind::Voicemail)
        .unwrap()
        .contents
}

fn line_of<'a>(text: &'a str, number: &str) -> Option<&'a str> {
    text.lines()
        .find(|l| l.starts_with(&format!("{number} => ")))
}

#[test]
fn every_voicemail_setting_changes_the_voicemail_file() {
    let demo = common::demo();
    let base = voicemail(&demo);
    let keys: Vec<&str> = catalogue::settings()
        .filter(|s| s.effects.iter().any(|e| matches!(e, Effect::Voicemail)))
        .map(|s| s.key)
        .collect();
    assert_eq!(keys, ["voicemail_pin", "voicemail_email"]);
    for key in keys {
        let spec = catalogue::find(key).unwrap();
        let changes = demo.extensions.iter().enumerate().any(|(i, e)| {
            spec.kinds.contains(e.kind)
                && common::candidates(spec.value, &demo.objects)
                    .iter()
                    .any(|value| {
                        let mut changed = common::demo();
                        let settings = &mut changed.extensions[i].settings;
                        settings.set_text(key, value) == Some(Ok(())) && voicemail(&changed) != base
                    })
        });
        assert!(changes, "{key} never changes the voicemail file");
    }
}

#[test]
fn the_pin_name_and_email_are_the_fields_of_the_box() {
    let mut demo = common::demo();
    let e = demo.extension_mut("101");
    e.settings
        .set_text("voicemail_pin", "4321")
        .unwrap()
        .unwrap();
    e.settings
        .set_text("voicemail_email", "bella@example.com")
        .unwrap()
        .unwrap();
    let text = voicemail(&demo);
    assert_eq!(
        line_of(&text, "101"),
        Some("101 => 4321,Bella Stone,bella@example.com,,attach=yes")
    );
    assert!(text.contains("[CANISTRACCI]\n"), "{text}");
}

#[test]
fn a_voicemail_destination_gives_a_custom_extension_a_box() {
    let mut demo = common::demo();
    let custom = demo
        .extensions
        .iter()
        .find(|e| !pbx_domain::voicemail::has_own_box(e.kind))
        .map(|e| e.number.as_str().to_owned())
        .expect("the demo has a custom extension");
    assert_eq!(line_of(&voicemail(&demo), &custom), None);
    demo.objects.push(TenantObject {
        id: 50,
        kind: ObjectKind::Destination,
        name: ShortText::parse("Night box").unwrap(),
        value: format!("vm:{custom}"),
    });
    assert!(line_of(&voicemail(&demo), &custom).is_some());
}
