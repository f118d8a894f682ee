//! Test data: the CANISTRACCI demo tenant of the spec and a test node.

#![allow(dead_code)]

use std::path::PathBuf;

use pbx_asterisk::{AmiSettings, NodeSettings, TenantView};
use pbx_domain::node::Transports;
use pbx_domain::objects::TenantObject;
use pbx_domain::values::{
    DialTarget, ObjectKind, Ref, SettingValue, ShortText, TextClass, ValueKind,
};
use pbx_domain::{
    Extension, ExtensionKind, ExtensionNumber, Secret, Settings, SipStack, SipUsername, Tenant,
    TenantCode,
};

/// The node every test renders for.
pub fn node() -> NodeSettings {
    NodeSettings {
        name: "ast1".into(),
        transports: Transports::standard(),
        context_prefix: "pbx-".into(),
        inter_node_trunk: Some("pbx-internode".into()),
        call_control: Some("127.0.0.1:4573".into()),
        mails_voicemail: false,
        output_dir: PathBuf::from("/etc/asterisk/pbx"),
        ami: AmiSettings {
            host: "127.0.0.1".into(),
            port: 5038,
            username: "pbx".into(),
            secret: "ami-secret".into(),
        },
    }
}

/// The demo tenant, its extensions 100-109 and its objects.
pub struct Demo {
    pub tenant: Tenant,
    pub extensions: Vec<Extension>,
    pub objects: Vec<TenantObject>,
}

impl Demo {
    pub fn view(&self) -> TenantView<'_> {
        TenantView {
            tenant: &self.tenant,
            extensions: &self.extensions,
            objects: &self.objects,
        }
    }

    pub fn extension_mut(&mut self, number: &str) -> &mut Extension {
        self.extensions
            .iter_mut()
            .find(|e| e.number.as_str() == number)
            .expect("demo extension")
    }
}

fn ext(number: &str, kind: ExtensionKind, name: &str) -> Extension {
    let phone = kind.is_phone();
    Extension {
        number: ExtensionNumber::parse(number).unwrap(),
        kind,
        name: ShortText::parse(name).unwrap(),
        description: ShortText::default(),
        username: phone.then(|| SipUsername::parse(&format!("{number}-CANISTRACCI")).unwrap()),
        secret: phone.then(|| Secret::from_stored(format!("Demo{number}Secret9x"))),
        settings: Settings::default(),
        version: 1,
    }
}

fn object(id: i64, kind: ObjectKind, name: &str, value: &str) -> TenantObject {
    TenantObject {
        id,
        kind,
        name: ShortText::parse(name).unwrap(),
        value: value.into(),
    }
}

/// Tenant CANISTRACCI "Canistracci Oil" with the spec's ten demo extensions.
pub fn demo() -> Demo {
    let tenant = Tenant {
        code: TenantCode::parse("CANISTRACCI").unwrap(),
        name: ShortText::parse("Canistracci Oil").unwrap(),
        preferred_stack: SipStack::Pjsip,
        extension_limit: 100,
        allow_custom_usernames: false,
        sip_domain: None,
        call_control_fallback: pbx_domain::tenant::CallControlFallback::Allow,
        defaults: Settings::default(),
    };
    let objects = vec![
        object(1, ObjectKind::Destination, "Reception", "ext:105"),
        object(2, ObjectKind::Destination, "Mobile of Ivy", "num:+15550100"),
        object(
            3,
            ObjectKind::Condition,
            "Office hours",
            "mon-fri 08:00-18:00; sat 09:00-12:00",
        ),
        object(4, ObjectKind::MohClass, "Jazz", "jazz"),
        object(5, ObjectKind::Language, "English", "en"),
    ];
    let mut extensions = vec![
        ext("100", ExtensionKind::Sip, "Alex Reed"),
        ext("101", ExtensionKind::Pjsip, "Bella Stone"),
        ext("102", ExtensionKind::Sip, "Carl Diaz"),
        ext("103", ExtensionKind::Pjsip, "Dana Fox"),
        ext("104", ExtensionKind::Sip, "Eli Grant"),
        ext("105", ExtensionKind::Pjsip, "Faye Hill"),
        ext("106", ExtensionKind::Custom, "Gia Parker"),
        ext("107", ExtensionKind::Pjsip, "Hugo Irwin"),
        ext("108", ExtensionKind::Virtual, "Ivy Morgan"),
        ext("109", ExtensionKind::Sip, "Jack Lane"),
    ];
    let set = |e: &mut Extension, key: &str, value: &str| {
        e.settings
            .set_text(key, value)
            .expect("known key")
            .unwrap_or_else(|err| panic!("{key}={value}: {err}"));
    };
    // 101: a fuller PJSIP phone.
    let e = &mut extensions[1];
    set(e, "codecs", "ulaw,alaw");
    set(e, "call_groups", "1,3-5");
    set(e, "pickup_groups", "1");
    set(e, "allowed_ips", "192.0.2.0/24");
    set(e, "moh_class", "4");
    set(e, "language", "5");
    set(e, "fmfm_enabled", "yes");
    set(e, "fmfm_number", "+15550101");
    set(e, "fmfm_delay", "15");
    set(e, "fmfm_confirm", "yes");
    set(e, "no_answer_enabled", "yes");
    set(e, "no_answer_destination", "1");
    // 103: outbound rules.
    let e = &mut extensions[3];
    set(e, "lock_pin", "4321");
    set(e, "max_call_duration", "3600");
    set(e, "outbound_filter", "regex");
    set(e, "outbound_regex", "^0[1-9]");
    set(e, "working_hours", "3");
    set(e, "caller_id_name", "Dana; \"Sales\"");
    set(e, "outbound_recording", "always");
    // 104: trunk mode with a DID override.
    let e = &mut extensions[4];
    set(e, "trunk", "yes");
    set(e, "did_mode", "set");
    set(e, "did_number", "5551234");
    set(e, "nat", "no");
    set(e, "qualify_frequency", "30");
    // 105: condition routing, inbound recording.
    let e = &mut extensions[5];
    set(e, "condition_enabled", "yes");
    set(e, "condition", "3");
    set(e, "condition_destination", "2");
    set(e, "inbound_recording", "always");
    set(e, "call_waiting", "disabled");
    // 106: custom.
    extensions[6].settings.security.custom_dial_target =
        DialTarget::parse("PJSIP/+15551230106@carrier").unwrap();
    // 107: DND.
    set(&mut extensions[7], "dnd", "yes");
    // 108: virtual with members 100-105.
    let e = &mut extensions[8];
    e.settings.information.virtual_members =
        SettingValue::parse_text("100,101,102,103,104,105").unwrap();
    set(e, "virtual_internal_caller_id", "extension");
    // 109: unconditional forward.
    let e = &mut extensions[9];
    set(e, "unconditional_enabled", "yes");
    e.settings.destinations.unconditional_destination = Ref(Some(2));
    Demo {
        tenant,
        extensions,
        objects,
    }
}

/// Values to try for a setting; invalid ones are skipped by the caller.
pub fn candidates(kind: ValueKind, objects: &[TenantObject]) -> Vec<String> {
    let strs = |v: &[&str]| v.iter().map(ToString::to_string).collect();
    match kind {
        ValueKind::Bool => strs(&["yes", "no"]),
        ValueKind::Int { min, max } => [min, max, 1, 7, 20, -3]
            .into_iter()
            .filter(|n| (min..=max).contains(n))
            .map(|n| n.to_string())
            .collect(),
        ValueKind::Choice { options } => options.iter().map(|(w, _)| w.to_string()).collect(),
        ValueKind::Text { class, .. } => match class {
            TextClass::Free => strs(&["Night shift"]),
            TextClass::Digits => strs(&["2468"]),
            TextClass::Dialable => strs(&["+15550199", "9"]),
            TextClass::Regex => strs(&["^1", "^0[1-9]"]),
            TextClass::DialTarget => strs(&["PJSIP/200@carrier2"]),
            TextClass::Token => strs(&["beep-custom"]),
            TextClass::Names => strs(&["carrier1"]),
            TextClass::Email => strs(&["ops@example.com"]),
            TextClass::SipUri => strs(&["sip:proxy.example.com", "sip:proxy.example.com;lr"]),
            TextClass::Path => strs(&["/etc/asterisk/keys/a.pem"]),
            TextClass::Host => strs(&["192.0.2.1"]),
            TextClass::Mailboxes => strs(&["100@CANISTRACCI"]),
        },
        ValueKind::Groups => strs(&["2,7", "1-3"]),
        ValueKind::Codecs => strs(&["alaw,g722", "ulaw"]),
        ValueKind::IpList => strs(&["10.0.0.0/8", "192.0.2.0/24,2001:db8::/32"]),
        ValueKind::Numbers => strs(&["100,101"]),
        ValueKind::Reference(object) => objects
            .iter()
            .filter(|o| o.kind == object)
            .map(|o| o.id.to_string())
            .collect(),
        ValueKind::Password => strs(&["Correct-horse-battery-9"]),
    }
}
