//! Tests of the call-flow model and its simulator.

use super::*;
use crate::extension::{Extension, ExtensionKind, ExtensionNumber, SipUsername};
use crate::objects::{TenantObject, Weekday};
use crate::settings::Settings;
use crate::tenant::{Tenant, TenantCode};
use crate::values::{
    DialMethod, ObjectKind, OutboundFilter, Pattern, PhoneNumber, Ref, SettingValue, ShortText,
};

fn tenant() -> Tenant {
    Tenant {
        code: TenantCode::parse("ACME").unwrap(),
        name: ShortText::parse("Acme").unwrap(),
        preferred_stack: SipStack::Pjsip,
        extension_limit: 100,
        allow_custom_usernames: false,
        sip_domain: None,
        call_control_fallback: crate::tenant::CallControlFallback::Allow,
        defaults: Settings::default(),
    }
}

fn ext(number: &str, kind: ExtensionKind) -> Extension {
    let n = ExtensionNumber::parse(number).unwrap();
    Extension {
        username: kind
            .is_phone()
            .then(|| SipUsername::parse(&format!("{number}-ACME")).unwrap()),
        secret: None,
        number: n,
        kind,
        name: ShortText::parse(&format!("User {number}")).unwrap(),
        description: ShortText::default(),
        settings: Settings::default(),
        version: 1,
    }
}

fn object(id: i64, kind: ObjectKind, value: &str) -> TenantObject {
    TenantObject {
        id,
        kind,
        name: ShortText::parse(&format!("obj{id}")).unwrap(),
        value: value.into(),
    }
}

fn objects() -> Vec<TenantObject> {
    vec![
        object(1, ObjectKind::Destination, "vm:100"),
        object(2, ObjectKind::Destination, "ext:200"),
        object(3, ObjectKind::Condition, "mon-fri 08:00-18:00"),
        object(4, ObjectKind::Destination, "num:+4420123"),
        object(5, ObjectKind::CallList, "0900X.,+4420"),
    ]
}

fn flow(e: &Extension, all: &[Extension]) -> CallFlow {
    build(&tenant(), e, &objects(), all)
}

#[test]
fn an_available_phone_answers_in_the_first_ring_step() {
    let e = ext("100", ExtensionKind::Pjsip);
    let path = simulate(&flow(&e, &[]), Weekday::Mon, 600, DeviceState::Available);
    assert_eq!(path.outcome, Outcome::Answered { by: "100".into() });
}

#[test]
fn an_unanswered_phone_goes_to_its_voicemail_by_default() {
    let e = ext("100", ExtensionKind::Sip);
    let path = simulate(&flow(&e, &[]), Weekday::Mon, 600, DeviceState::NoAnswer);
    let to = Target::Voicemail(e.number.clone());
    assert_eq!(path.outcome, Outcome::Sent { to });
}

#[test]
fn dnd_sends_every_call_to_the_busy_destination() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.information.dnd = true;
    e.settings.destinations.busy_enabled = true;
    e.settings.destinations.busy_destination = Ref(Some(2));
    let path = simulate(&flow(&e, &[]), Weekday::Mon, 600, DeviceState::Available);
    let to = Target::Extension(ExtensionNumber::parse("200").unwrap());
    assert_eq!(path.outcome, Outcome::Sent { to });
    assert_eq!(path.taken.len(), 1);
}

#[test]
fn an_unconditional_forward_comes_before_everything_else() {
    let mut e = ext("100", ExtensionKind::Sip);
    e.settings.information.dnd = true;
    e.settings.destinations.unconditional_enabled = true;
    e.settings.destinations.unconditional_destination = Ref(Some(4));
    let f = flow(&e, &[]);
    assert!(matches!(f.steps[0], Step::Forward { .. }));
    let path = simulate(&f, Weekday::Mon, 600, DeviceState::Available);
    let to = Target::Number("+4420123".into());
    assert_eq!(path.outcome, Outcome::Sent { to });
}

#[test]
fn a_condition_routes_only_while_it_matches() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.destinations.condition_enabled = true;
    e.settings.destinations.condition = Ref(Some(3));
    e.settings.destinations.condition_destination = Ref(Some(2));
    let f = flow(&e, &[]);
    let inside = simulate(&f, Weekday::Tue, 9 * 60, DeviceState::Available);
    assert!(matches!(inside.outcome, Outcome::Sent { .. }));
    let outside = simulate(&f, Weekday::Sun, 9 * 60, DeviceState::Available);
    assert!(matches!(outside.outcome, Outcome::Answered { .. }));
}

#[test]
fn busy_and_offline_take_their_own_branches() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.destinations.offline_enabled = true;
    e.settings.destinations.offline_destination = Ref(Some(4));
    let f = flow(&e, &[]);
    let offline = simulate(&f, Weekday::Mon, 0, DeviceState::Offline);
    let to = Target::Number("+4420123".into());
    assert_eq!(offline.outcome, Outcome::Sent { to });
    assert_eq!(offline.branch, Some(Branch::Offline));
    let busy = simulate(&f, Weekday::Mon, 0, DeviceState::Busy);
    let to = Target::Voicemail(e.number.clone());
    assert_eq!(busy.outcome, Outcome::Sent { to });
    assert_eq!(busy.branch, Some(Branch::Busy));
    assert_eq!(
        busy.reached,
        f.steps.len(),
        "every step met before the branch"
    );
}

#[test]
fn a_call_ended_by_a_step_reaches_only_the_steps_up_to_it() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.destinations.condition_enabled = true;
    e.settings.destinations.condition = Ref(Some(3));
    e.settings.destinations.condition_destination = Ref(Some(2));
    let f = flow(&e, &[]);
    let inside = simulate(&f, Weekday::Tue, 9 * 60, DeviceState::Busy);
    assert_eq!((inside.reached, inside.branch), (1, None));
    assert_eq!(inside.taken.len(), inside.reached);
}

#[test]
fn a_virtual_extension_rings_its_phone_and_custom_members_but_not_itself() {
    let mut v = ext("108", ExtensionKind::Virtual);
    v.settings.information.virtual_members =
        SettingValue::parse_text("100,101,106,108,999").unwrap();
    let mut custom = ext("106", ExtensionKind::Custom);
    custom.settings.security.custom_dial_target =
        crate::values::DialTarget::parse("PJSIP/+15551230106@carrier").unwrap();
    let all = vec![
        ext("100", ExtensionKind::Sip),
        ext("101", ExtensionKind::Pjsip),
        custom,
        v.clone(),
    ];
    let f = flow(&v, &all);
    let Step::Ring(ring) = &f.steps[0] else {
        panic!("expected a ring step")
    };
    assert_eq!(ring.purpose, RingPurpose::Members);
    assert_eq!(ring.targets.len(), 3);
}

#[test]
fn sequential_follow_me_rings_the_extension_for_the_delay_then_the_number() {
    let mut e = ext("101", ExtensionKind::Pjsip);
    e.settings.fmfm.fmfm_enabled = true;
    e.settings.fmfm.fmfm_number = PhoneNumber::parse("+15550001").unwrap();
    e.settings.fmfm.fmfm_delay = SettingValue::parse_text("10").unwrap();
    e.settings.fmfm.fmfm_confirm = true;
    let f = flow(&e, &[]);
    assert_eq!(f.steps.len(), 2);
    let Step::Ring(first) = &f.steps[0] else {
        panic!()
    };
    assert_eq!(first.timeout, 10);
    let path = simulate(&f, Weekday::Mon, 0, DeviceState::NoAnswer);
    assert_eq!(path.taken.len(), 3, "{:?}", path.taken);
}

#[test]
fn the_tenant_caller_id_choice_presents_the_tenant_default_to_the_follow_me_number() {
    let mut e = ext("101", ExtensionKind::Pjsip);
    e.settings.fmfm.fmfm_enabled = true;
    e.settings.fmfm.fmfm_number = PhoneNumber::parse("+15550001").unwrap();
    e.settings.fmfm.fmfm_caller_id = crate::values::FmfmCallerId::Tenant;
    let follow_me = |t: &Tenant| match &build(t, &e, &objects(), &[]).steps[1] {
        Step::Ring(ring) => ring.caller_id.replace.clone(),
        other => panic!("{other:?}"),
    };
    let mut t = tenant();
    assert_eq!(follow_me(&t), None, "no tenant default: the caller's");
    t.defaults.outbound.caller_id_number = PhoneNumber::parse("+442070000000").unwrap();
    assert_eq!(
        follow_me(&t),
        Some(("Acme".into(), "+442070000000".into())),
        "the tenant default number, with the tenant's name"
    );
}

#[test]
fn simultaneous_follow_me_keeps_the_follow_me_caller_id_for_the_number() {
    let mut e = ext("101", ExtensionKind::Pjsip);
    e.settings.fmfm.fmfm_enabled = true;
    e.settings.fmfm.fmfm_number = PhoneNumber::parse("+15550001").unwrap();
    e.settings.fmfm.fmfm_dial_method = DialMethod::Simultaneous;
    e.settings.set_text("fmfm_prefix", "99").unwrap().unwrap();
    let f = flow(&e, &[]);
    let Step::Ring(ring) = &f.steps[0] else {
        panic!()
    };
    assert!(ring.caller_id.is_unchanged(), "the phone sees the caller");
    let Some(RingTarget::External { caller_id, .. }) = ring.targets.last() else {
        panic!("{:?}", ring.targets)
    };
    assert_eq!(caller_id.prefix.as_deref(), Some("99"));
}

#[test]
fn simultaneous_follow_me_rings_both_in_one_step() {
    let mut e = ext("101", ExtensionKind::Pjsip);
    e.settings.fmfm.fmfm_enabled = true;
    e.settings.fmfm.fmfm_number = PhoneNumber::parse("+15550001").unwrap();
    e.settings.fmfm.fmfm_dial_method = DialMethod::Simultaneous;
    let f = flow(&e, &[]);
    let Step::Ring(ring) = &f.steps[0] else {
        panic!()
    };
    assert_eq!(ring.targets.len(), 2);
}

#[test]
fn trunk_mode_dials_the_did_override_when_set() {
    let mut e = ext("104", ExtensionKind::Sip);
    e.settings.trunk.trunk = true;
    e.settings.trunk.did_mode = crate::values::DidMode::SetTo;
    e.settings.trunk.did_number = PhoneNumber::parse("5551234").unwrap();
    let Step::Ring(ring) = &flow(&e, &[]).steps[0] else {
        panic!()
    };
    let RingTarget::Phone { trunk_dial, .. } = &ring.targets[0] else {
        panic!()
    };
    assert_eq!(trunk_dial, &Some(TrunkDial::Did("5551234".into())));
}

#[test]
fn the_outbound_policy_applies_hours_and_the_regex_filter() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.security.outbound_filter = OutboundFilter::Regex;
    e.settings.security.outbound_regex = Pattern::parse("^0[1-9]").unwrap();
    e.settings.security.working_hours = Ref(Some(3));
    let f = flow(&e, &[]);
    assert!(f.outbound.allows("0123", Weekday::Mon, 600));
    assert!(!f.outbound.allows("00123", Weekday::Mon, 600));
    assert!(!f.outbound.allows("0123", Weekday::Sat, 600));
}

#[test]
fn emergency_numbers_pass_every_outbound_restriction() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.security.outbound_filter = OutboundFilter::None;
    e.settings.security.working_hours = Ref(Some(3));
    let f = flow(&e, &[]);
    assert!(!f.outbound.allows("0123", Weekday::Sat, 600));
    for number in ["911", "112", "999"] {
        assert!(f.outbound.allows(number, Weekday::Sat, 600), "{number}");
    }
}

#[test]
fn a_flow_serializes_to_json_and_back() {
    let mut e = ext("101", ExtensionKind::Pjsip);
    e.settings.fmfm.fmfm_enabled = true;
    e.settings.fmfm.fmfm_number = PhoneNumber::parse("+15550001").unwrap();
    let f = flow(&e, &[]);
    let json = serde_json::to_string(&f).unwrap();
    assert!(json.contains("\"step\":\"ring\""), "{json}");
    let back: CallFlow = serde_json::from_str(&json).unwrap();
    assert_eq!(back, f);
}

#[test]
fn call_lists_block_or_restrict_destinations() {
    assert_eq!(call_list_regex("0900X.,+4420"), "^(0900[0-9].*|\\+4420)$");
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.outbound.do_not_call_list = Ref(Some(5));
    let f = flow(&e, &[]);
    assert!(!f.outbound.allows("09001234", Weekday::Mon, 600));
    assert!(f.outbound.allows("0123", Weekday::Mon, 600));
    let mut e = ext("100", ExtensionKind::Pjsip);
    e.settings.outbound.only_allow_list = Ref(Some(5));
    let f = flow(&e, &[]);
    assert!(f.outbound.allows("+4420", Weekday::Mon, 600));
    assert!(!f.outbound.allows("0123", Weekday::Mon, 600));
}

#[test]
fn a_trunk_keeps_the_caller_id_parts_its_override_names() {
    let mut e = ext("104", ExtensionKind::Pjsip);
    e.settings.trunk.trunk = true;
    e.settings.outbound.caller_id_number = PhoneNumber::parse("+15550104").unwrap();
    assert_eq!(flow(&e, &[]).outbound.caller_id_number, None);
    e.settings
        .set_text("caller_id_override", "name")
        .unwrap()
        .unwrap();
    let f = flow(&e, &[]);
    assert_eq!(f.outbound.caller_id_number.as_deref(), Some("+15550104"));
    assert_eq!(f.outbound.caller_id_name, None);
}

#[test]
fn callee_settings_and_call_waiting_shape_the_ring_step() {
    let mut e = ext("100", ExtensionKind::Pjsip);
    let Step::Ring(ring) = &flow(&e, &[]).steps[0] else {
        panic!()
    };
    assert!(ring.callee.is_none() && !ring.busy_when_in_use);
    e.settings.set_text("tx_volume", "3").unwrap().unwrap();
    e.settings.set_text("spy_groups", "1,3").unwrap().unwrap();
    e.settings
        .set_text("call_waiting", "disabled")
        .unwrap()
        .unwrap();
    let Step::Ring(ring) = &flow(&e, &[]).steps[0] else {
        panic!()
    };
    let callee = ring.callee.as_ref().unwrap();
    assert_eq!(
        (callee.tx_volume, callee.spy_groups.clone()),
        (3, vec![1, 3])
    );
    assert!(ring.busy_when_in_use);
}
