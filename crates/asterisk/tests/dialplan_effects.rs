//! Proof that no setting is decoration: every setting the catalogue marks
//! `Effect::Dialplan` changes the rendered dialplan of the demo tenant when
//! set to some valid non-default value on an extension it applies to.

mod common;

use pbx_asterisk::{FileKind, render_tenant};
use pbx_domain::catalogue::{self, Effect};
use pbx_domain::objects::TenantObject;
use pbx_domain::values::{ObjectKind, ShortText};

fn object(id: i64, kind: ObjectKind, value: &str) -> TenantObject {
    TenantObject {
        id,
        kind,
        name: ShortText::parse(&format!("{} {id}", kind.label())).unwrap(),
        value: value.into(),
    }
}

/// The demo with the objects and prerequisites some settings need to show:
/// a second condition and MOH class, a call list, parking lot and routing
/// profile; busy/offline branches on, follow-me on 103, a shared virtual
/// caller ID, calls from 106's target recognised.
fn baseline() -> common::Demo {
    let mut demo = common::demo();
    demo.objects.extend([
        object(10, ObjectKind::Condition, "mon-fri 12:00-13:00"),
        object(11, ObjectKind::CallList, "0900X.,+4420"),
        object(12, ObjectKind::ParkingLot, "lot-east"),
        object(13, ObjectKind::RoutingProfile, "premium"),
        object(14, ObjectKind::MohClass, "classical"),
        object(15, ObjectKind::Destination, "vm:101"),
    ]);
    let set = |demo: &mut common::Demo, number: &str, key: &str, value: &str| {
        let e = demo.extension_mut(number);
        e.settings.set_text(key, value).unwrap().unwrap();
    };
    for (key, value) in [
        ("busy_enabled", "yes"),
        ("busy_destination", "1"),
        ("offline_enabled", "yes"),
        ("offline_destination", "1"),
        ("caller_id_number", "+15550100"),
    ] {
        set(&mut demo, "100", key, value);
    }
    set(&mut demo, "103", "fmfm_enabled", "yes");
    set(&mut demo, "103", "fmfm_number", "+15550103");
    set(&mut demo, "108", "caller_id_number", "+15550108");
    set(&mut demo, "106", "custom_auth", "provider");
    demo
}

fn dialplan(demo: &common::Demo) -> String {
    render_tenant(&common::node(), &demo.view())
        .unwrap()
        .into_iter()
        .find(|f| f.kind == FileKind::Dialplan)
        .unwrap()
        .contents
}

/// True when some valid value of `key` on some extension it applies to
/// changes the dialplan.
fn changes_the_dialplan(key: &str, demo: &common::Demo, base: &str) -> bool {
    let spec = catalogue::find(key).unwrap();
    for (i, extension) in demo.extensions.iter().enumerate() {
        if !spec.kinds.contains(extension.kind) {
            continue;
        }
        for value in common::candidates(spec.value, &demo.objects) {
            let mut settings = extension.settings.clone();
            if settings.set_text(key, &value) != Some(Ok(()))
                || !settings.check(extension.kind).is_empty()
                || settings == extension.settings
            {
                continue;
            }
            let mut changed = baseline();
            changed.extensions[i].settings = settings;
            if dialplan(&changed) != base {
                return true;
            }
        }
    }
    false
}

#[test]
fn every_dialplan_setting_changes_the_rendered_dialplan() {
    let demo = baseline();
    let base = dialplan(&demo);
    let keys: Vec<&str> = catalogue::settings()
        .filter(|s| s.effects.iter().any(|e| matches!(e, Effect::Dialplan)))
        .map(|s| s.key)
        .collect();
    assert!(keys.len() > 40, "{}", keys.len());
    let decoration: Vec<&str> = keys
        .into_iter()
        .filter(|key| !changes_the_dialplan(key, &demo, &base))
        .collect();
    assert!(
        decoration.is_empty(),
        "Effect::Dialplan but the dialplan never changes: {decoration:?}"
    );
}

#[test]
fn a_dialplan_using_the_callee_and_outbound_rules_parses_strictly() {
    let mut demo = baseline();
    for (number, key, value) in [
        ("101", "tx_volume", "3"),
        ("101", "rx_volume", "-2"),
        ("101", "auto_answer", "intercom"),
        ("101", "spy_groups", "1,3"),
        ("101", "area_code", "9"),
        ("101", "caller_id_regex", "^[+]1"),
        ("101", "emergency_caller_id", "+15550199"),
        ("101", "do_not_call_list", "11"),
        ("101", "only_allow_list", "11"),
        ("101", "routing_profile", "13"),
        ("100", "auto_answer", "always"),
        ("108", "parking_lot", "12"),
        ("105", "inbound_recording_privacy", "yes"),
    ] {
        let e = demo.extension_mut(number);
        e.settings.set_text(key, value).unwrap().unwrap();
    }
    let text = dialplan(&demo);
    pbx_asterisk::parse::parse_dialplan(&text).unwrap();
    for line in [
        "[pbx-CANISTRACCI-predial]",
        "Set(VOLUME(TX)=3)",
        "Set(VOLUME(RX)=-2)",
        "Set(SPYGROUP=1:3)",
        "Set(CHANNEL(parkinglot)=lot-east)",
        "Set(PJSIP_HEADER(add,Call-Info)=answer-after=0)",
        "GotoIf($[\"${CHANNEL(channeltype)}\" != \"PJSIP\"]?done)",
        "SIPAddHeader(Alert-Info: info=alert-autoanswer)",
        "b(pbx-CANISTRACCI-predial^101^1(${IF($[\"${PBX_EXT}\" != \"\"]?1:0)}))",
        "b(pbx-CANISTRACCI-predial^100^1(1))",
        "Set(PBX_ROUTES=pbx-routes-premium)",
        "?Set(PBX_DIAL=9${ARG2})",
        "A(custom/pbx-recording-notice:custom/pbx-recording-notice)",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
}

/// A follow-me number rung together with the extension gets the follow-me
/// caller ID on its own channel (the pre-dial handler sets the identity the
/// Local channel presents); the phone's channel keeps the caller's.
#[test]
fn simultaneous_follow_me_sets_the_follow_me_caller_id_on_the_numbers_channel_only() {
    let mut demo = baseline();
    for (key, value) in [("fmfm_dial_method", "simultaneous"), ("fmfm_prefix", "99")] {
        let e = demo.extension_mut("103");
        e.settings.set_text(key, value).unwrap().unwrap();
    }
    let text = dialplan(&demo);
    pbx_asterisk::parse::parse_dialplan(&text).unwrap();
    for line in [
        "Local/+15550103@pbx-CANISTRACCI-outbound/n,30,b(pbx-CANISTRACCI-predial^103^1(0))",
        "exten => 103,1,NoOp(callee setup for 103)",
        "GotoIf($[\"${CHANNEL(name):0:16}\" != \"Local/+15550103@\"]?notexternal0)",
        "Set(CONNECTEDLINE(num,i)=99${CONNECTEDLINE(num)})",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert!(
        !text.contains("Set(CALLERID(num)=99${CALLERID(num)})"),
        "the step itself leaves the caller ID alone:\n{text}"
    );
}
