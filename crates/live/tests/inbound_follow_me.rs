//! Follow-me with each dial method and with answer confirmation: the
//! extension's phone (never answering) and its follow-me number (a SIPp
//! carrier) ring in the order the dial method says, and a confirming
//! follow-me leg takes the call only when it presses 1.
//!
//! Tenant ACME: 100 calls 101, whose follow-me number is 5550199 and whose
//! no-answer destination is 102.

use std::time::Duration;

use pbx_live::asterisk::AsteriskSpec;
use pbx_live::env::{Installation, require};
use pbx_live::oracle::{Contexts, End, assert_same_path, observed};
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, Peer, Phone};
use serde_json::{Value, json};

const FOLLOW_ME: &str = "5550199";

/// What happened to a call to 101.
struct Followed {
    scene: Scene,
    carrier: Peer,
    phone: Phone,
    fallback: Phone,
    trace: pbx_live::observe::CallTrace,
    result: CallResult,
    _peers: tempfile::TempDir,
}

/// 101 with follow-me `settings` (besides the number and timeouts), the
/// carrier played by `carrier`; calls 101 from 100. The simulated path
/// for 101 in `state` comes back too.
async fn follow(
    test: &str,
    settings: Value,
    state: &str,
    carrier: impl FnOnce(&'static Installation, &std::path::Path) -> Peer,
) -> Option<(
    Followed,
    (pbx_live::oracle::Path, pbx_domain::callflow::CallPath),
)> {
    let install = require(test)?;
    let peers = tempfile::tempdir().unwrap();
    let carrier = carrier(install, peers.path());
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let mut scene = Scene::new(test, spec).await?;
    let pbx = &scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    for number in ["100", "102"] {
        pbx.extension("ACME", "pjsip", number, json!({})).await;
    }
    let to_102 = pbx.object("ACME", "destination", "To 102", "ext:102").await;
    let mut body = json!({
        "ring_timeout": 5,
        "fmfm_enabled": true,
        "fmfm_number": FOLLOW_ME,
        "fmfm_timeout": 10,
        "no_answer_enabled": true,
        "no_answer_destination": to_102,
    });
    for (k, v) in settings.as_object().unwrap() {
        body[k] = v.clone();
    }
    pbx.extension("ACME", "pjsip", "101", json!({"settings": body}))
        .await;
    scene.start().await;
    let phone = scene.phone("ACME", "101", Answer::Never).await;
    let fallback = scene.phone("ACME", "102", Answer::After(ms(100))).await;
    let expected = scene.simulated("ACME", "101", state).await;
    let (trace, result) = scene
        .call_through("ACME", "100", "101", |c| c.hold(ms(1500)))
        .await;
    Some((
        Followed {
            scene,
            carrier,
            phone,
            fallback,
            trace,
            result,
            _peers: peers,
        },
        expected,
    ))
}

fn the_follow_me_number() -> Vec<String> {
    vec![format!("external:{FOLLOW_ME}")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequential_follow_me_rings_the_number_after_the_extension() {
    let settings = json!({"fmfm_dial_method": "sequential"});
    let Some((f, expected)) = follow("fmfm_sequential", settings, "no_answer", |i, d| {
        Peer::answering(i, d, "carrier", ms(100))
    })
    .await
    else {
        return;
    };
    let seen = observed(&f.trace, &Contexts::of("ACME"), "101");
    // The simulator rings the same steps; its callee state is one for all
    // of them, so the follow-me number answering is not its to tell.
    assert_eq!(expected.0.rings, seen.rings, "{}", f.trace.describe());
    assert_eq!(
        expected.0.rings,
        vec![vec!["PJSIP/101-ACME".to_owned()], the_follow_me_number()]
    );
    assert_eq!(seen.end, End::Answered(the_follow_me_number()));
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    assert_eq!(f.phone.sipp.calls().len(), 1);
    let invite = f.carrier.sipp.calls();
    assert_eq!(invite.len(), 1);
    assert_eq!(invite[0].uri_user(), Some(FOLLOW_ME));
    assert!(
        f.fallback.sipp.calls().is_empty(),
        "answered: no destination"
    );
    f.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_follow_me_rings_the_number_with_the_extension() {
    let settings = json!({"fmfm_dial_method": "simultaneous"});
    let Some((f, expected)) = follow("fmfm_simultaneous", settings, "available", |i, d| {
        Peer::answering(i, d, "carrier", ms(1000))
    })
    .await
    else {
        return;
    };
    assert_same_path(
        &expected,
        &observed(&f.trace, &Contexts::of("ACME"), "101"),
        &f.trace,
    );
    let mut both = vec![
        "PJSIP/101-ACME".to_owned(),
        the_follow_me_number()[0].clone(),
    ];
    both.sort();
    assert_eq!(expected.0.rings, vec![both], "one step rings both");
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    assert_eq!(f.phone.sipp.calls().len(), 1, "the phone rang too");
    assert_eq!(f.carrier.sipp.calls().len(), 1);
    assert!(f.fallback.sipp.calls().is_empty());
    f.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirming_follow_me_leg_takes_the_call_when_it_presses_1() {
    let settings = json!({"fmfm_dial_method": "sequential", "fmfm_confirm": true});
    let Some((f, expected)) = follow("fmfm_confirmed", settings, "no_answer", |i, d| {
        Peer::pressing(i, d, "carrier", ms(100), "1", ms(1500))
    })
    .await
    else {
        return;
    };
    let seen = observed(&f.trace, &Contexts::of("ACME"), "101");
    assert_eq!(expected.0.rings, seen.rings, "{}", f.trace.describe());
    assert_eq!(seen.end, End::Answered(the_follow_me_number()));
    assert!(f.trace.ran("Read"), "the leg was asked to confirm");
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    assert!(
        f.carrier.sipp.wait_log("ANSWERED", Duration::from_secs(1)),
        "the follow-me leg answered"
    );
    assert!(
        f.fallback.sipp.calls().is_empty(),
        "confirmed: no destination"
    );
    f.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_follow_me_leg_lets_the_call_go_on_to_the_no_answer_destination() {
    let settings = json!({"fmfm_dial_method": "sequential", "fmfm_confirm": true});
    let Some((f, expected)) = follow("fmfm_unconfirmed", settings, "no_answer", |i, d| {
        Peer::answering(i, d, "carrier", ms(100))
    })
    .await
    else {
        return;
    };
    assert_same_path(
        &expected,
        &observed(&f.trace, &Contexts::of("ACME"), "101"),
        &f.trace,
    );
    assert_eq!(expected.0.end, End::Extension("102".into()));
    assert!(f.trace.ran("Read"), "the leg was asked to confirm");
    assert_eq!(
        f.carrier.sipp.calls().len(),
        1,
        "the follow-me leg answered"
    );
    assert_eq!(f.fallback.sipp.calls().len(), 1, "102 took the call");
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    f.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_follow_me_leg_presents_the_chosen_caller_id() {
    let Some(install) = require("fmfm_caller_id_choice") else {
        return;
    };
    let peers = tempfile::tempdir().unwrap();
    let carrier = Peer::answering(install, peers.path(), "carrier", ms(100));
    let spec = AsteriskSpec::new("ast1").carrier(carrier.port());
    let Some(mut scene) = Scene::new("fmfm_caller_id_choice", spec).await else {
        return;
    };
    let pbx = &scene.pbx;
    let tenant_number = "+442070000000";
    pbx.tenant(
        "ACME",
        json!({"defaults": {"caller_id_number": tenant_number}}),
    )
    .await;
    pbx.extension("ACME", "pjsip", "100", json!({"name": "Alice"}))
        .await;
    // (extension, choice, the caller ID number the follow-me number sees);
    // no phone is registered: the follow-me number rings at once.
    let cases = [
        ("101", "caller", "100"),
        ("103", "extension", "+15559990103"),
        ("104", "tenant", tenant_number),
    ];
    for (number, choice, _) in cases {
        let settings = json!({
            "fmfm_enabled": true,
            "fmfm_number": FOLLOW_ME,
            "fmfm_dial_method": "sequential",
            "fmfm_caller_id": choice,
            "caller_id_number": format!("+15559990{number}"),
        });
        pbx.extension("ACME", "pjsip", number, json!({"settings": settings}))
            .await;
    }
    scene.start().await;
    for (i, (number, choice, seen)) in cases.into_iter().enumerate() {
        let (trace, result) = scene.call_through("ACME", "100", number, |c| c).await;
        assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
        let invite = carrier
            .sipp
            .wait_call(i, Duration::from_secs(1))
            .expect("the follow-me number was rung");
        let (_, caller) = pbx_live::sipp::SipMessage::identity(invite.header("From").unwrap());
        assert_eq!(
            caller,
            seen,
            "fmfm caller ID {choice}\n{}",
            trace.describe()
        );
    }
    scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_follow_me_presents_the_follow_me_caller_id_to_the_number_only() {
    let settings = json!({"fmfm_dial_method": "simultaneous", "fmfm_prefix": "99"});
    let Some((f, _)) = follow("fmfm_simultaneous_prefix", settings, "available", |i, d| {
        Peer::answering(i, d, "carrier", ms(1000))
    })
    .await
    else {
        return;
    };
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    let number = |m: &pbx_live::sipp::SipMessage| {
        pbx_live::sipp::SipMessage::identity(m.header("From").unwrap()).1
    };
    let follow = f.carrier.sipp.calls();
    assert_eq!(follow.len(), 1, "the follow-me number rang");
    assert_eq!(
        number(&follow[0]),
        "99100",
        "the follow-me leg has the prefix\n{}",
        f.trace.describe()
    );
    let phone = f.phone.sipp.calls();
    assert_eq!(phone.len(), 1, "the phone rang");
    assert_eq!(number(&phone[0]), "100", "the phone sees the caller");
    f.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_follow_me_asks_only_the_phone_to_answer_by_itself() {
    let settings = json!({"fmfm_dial_method": "simultaneous", "auto_answer": "always"});
    let Some((f, _)) = follow(
        "fmfm_simultaneous_auto_answer",
        settings,
        "available",
        |i, d| Peer::answering(i, d, "carrier", ms(1000)),
    )
    .await
    else {
        return;
    };
    assert!(
        matches!(f.result, CallResult::Answered { .. }),
        "{:?}",
        f.result
    );
    let auto_answer = |m: &pbx_live::sipp::SipMessage| {
        m.all("Call-Info")
            .iter()
            .any(|v| v.contains("answer-after=0"))
    };
    let phone = f.phone.sipp.calls();
    assert_eq!(phone.len(), 1, "the phone rang");
    assert!(auto_answer(&phone[0]), "{:?}", phone[0].headers);
    let follow = f.carrier.sipp.calls();
    assert_eq!(follow.len(), 1, "the follow-me number rang");
    assert!(!auto_answer(&follow[0]), "{:?}", follow[0].headers);
    f.scene.asterisk.assert_clean();
}
