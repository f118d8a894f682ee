//! Caller ID and numbers on calls to and from phones in trunk mode, and
//! blocked inbound caller ID: what the phone's or the carrier's INVITE
//! actually carries.
//!
//! - A trunk-mode extension is dialled with the called number (or its DID
//!   number) in the Request-URI instead of its username.
//! - On its external calls, the caller ID override keeps the name and/or
//!   number its INVITE asserted, or puts the extension's own in their place;
//!   the caller ID source says which header that identity is read from.
//! - Blocking the inbound caller ID number or name hides it from the phone.
//!
//! Tenant ACME; 100 (Alice) calls; external calls leave through the SIPp
//! carrier.

use std::time::Duration;

use pbx_live::oracle::{Contexts, assert_same_path, observed};
use pbx_live::outbound::OutboundScene;
use pbx_live::scene::ms;
use pbx_live::sipp::{Answer, CallResult, SipMessage};
use serde_json::{Value, json};

/// ACME with Alice at 100 and extensions `(number, name, settings)`
/// (PJSIP, or chan_sip for the numbers of 108 on) on a started node with
/// a carrier.
async fn acme(test: &str, extensions: &[(&str, &str, Value)]) -> Option<OutboundScene> {
    let mut out = OutboundScene::new(test, &[]).await?;
    let pbx = &out.scene.pbx;
    pbx.tenant("ACME", json!({})).await;
    pbx.extension("ACME", "pjsip", "100", json!({"name": "Alice"}))
        .await;
    for (number, name, settings) in extensions {
        let body = json!({"name": name, "settings": settings});
        let kind = if *number >= "108" { "sip" } else { "pjsip" };
        pbx.extension("ACME", kind, number, body).await;
    }
    out.scene.start().await;
    Some(out)
}

/// The identity `(name, number)` of the From of the `n`-th INVITE a phone
/// received, and the INVITE.
fn caller_seen(invite: &SipMessage) -> (String, String) {
    SipMessage::identity(invite.header("From").expect("a From header"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trunk_mode_extension_gets_the_called_number_or_its_did_in_the_request_uri() {
    let Some(out) = acme(
        "trunk_request_uri",
        &[
            ("103", "Phone", json!({})),
            ("104", "Trunk", json!({"trunk": {"trunk": true}})),
            (
                "105",
                "Trunk DID",
                json!({"trunk": {"trunk": true}, "did_mode": "set", "did_number": "5559876"}),
            ),
            ("108", "SIP trunk", json!({"trunk": {"trunk": true}})),
            (
                "109",
                "SIP trunk DID",
                json!({"trunk": {"trunk": true}, "did_mode": "set", "did_number": "5559877"}),
            ),
        ],
    )
    .await
    else {
        return;
    };
    let scene = &out.scene;
    for (number, uri_user) in [
        ("103", None),
        ("104", Some("104")),
        ("105", Some("5559876")),
    ] {
        let phone = scene.phone("ACME", number, Answer::After(ms(100))).await;
        let expected = scene.simulated("ACME", number, "available").await;
        let (trace, result) = scene.call_through("ACME", "100", number, |c| c).await;
        assert_same_path(
            &expected,
            &observed(&trace, &Contexts::of("ACME"), number),
            &trace,
        );
        assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
        let invite = phone
            .sipp
            .wait_call(0, Duration::from_secs(1))
            .expect("the phone rang");
        let username = scene.endpoint("ACME", number).await.user;
        match uri_user {
            Some(user) => assert_eq!(invite.uri_user(), Some(user), "{number}"),
            None => assert_eq!(
                invite.uri_user(),
                Some(username.as_str()),
                "a phone not in trunk mode is dialled at its contact"
            ),
        }
    }
    scene.asterisk.assert_clean();
}

/// What the trunk-mode caller asserts.
const FAR_NAME: &str = "Far Name";
const FAR_NUMBER: &str = "+15550001111";

fn asserted_identity() -> String {
    format!("P-Asserted-Identity: \"{FAR_NAME}\" <sip:{FAR_NUMBER}@127.0.0.1>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_caller_id_override_keeps_or_replaces_the_trunks_name_and_number() {
    let trunk = |choice: &str, number: &str| {
        json!({"trunk": {"trunk": true}, "caller_id_source": "pai", "caller_id_override": choice,
               "caller_id_number": number})
    };
    let cases = [
        ("104", "name_and_number", (FAR_NAME, FAR_NUMBER)),
        ("105", "number", ("Trunk 105", FAR_NUMBER)),
        ("106", "name", (FAR_NAME, "+15559990106")),
        ("107", "extension", ("Trunk 107", "+15559990107")),
    ];
    let extensions: Vec<(&str, String, Value)> = cases
        .iter()
        .map(|(n, choice, _)| {
            (
                *n,
                format!("Trunk {n}"),
                trunk(choice, &format!("+1555999{:04}", n.parse::<u32>().unwrap())),
            )
        })
        .collect();
    let extensions: Vec<(&str, &str, Value)> = extensions
        .iter()
        .map(|(n, name, s)| (*n, name.as_str(), s.clone()))
        .collect();
    let Some(out) = acme("trunk_caller_id_override", &extensions).await else {
        return;
    };
    for (number, choice, (name, caller)) in cases {
        let placed = out
            .place("ACME", number, "5551234", |c| {
                c.header(&asserted_identity())
            })
            .await;
        let from = placed.from();
        assert_eq!(
            (from.0.as_str(), from.1.as_str()),
            (name, caller),
            "override {choice}\n{}",
            placed.trace.describe()
        );
    }
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caller_id_source_says_which_header_the_trunks_number_is_read_from() {
    let source = |s: &str| json!({"trunk": {"trunk": true}, "caller_id_source": s, "caller_id_number": "+15559990000"});
    let Some(out) = acme(
        "trunk_caller_id_source",
        &[
            ("104", "Auto", source("auto")),
            ("105", "PAI", source("pai")),
            ("106", "RPID", source("rpid")),
            ("107", "From", source("from")),
            ("108", "SIP PAI", source("pai")),
            ("109", "SIP RPID", source("rpid")),
            ("110", "SIP auto", source("auto")),
        ],
    )
    .await
    else {
        return;
    };
    let rpid = "Remote-Party-ID: \"Far Party\" <sip:+15550002222@127.0.0.1>;party=calling;privacy=off;screen=no";
    // (extension, header sent, the number the carrier must see or not see)
    let number = |n: &str, header: &str| {
        let header = header.to_owned();
        let out = &out;
        let n = n.to_owned();
        async move {
            let placed = out
                .place("ACME", &n, "5551234", |c| c.header(&header))
                .await;
            let from = placed.from();
            (from.1, placed.trace.describe())
        }
    };
    let (seen, trace) = number("104", &asserted_identity()).await;
    assert_ne!(
        seen, FAR_NUMBER,
        "automatic: an untrusted PAI is ignored\n{trace}"
    );
    let (seen, trace) = number("105", &asserted_identity()).await;
    assert_eq!(seen, FAR_NUMBER, "PAI is read\n{trace}");
    let (seen, trace) = number("106", rpid).await;
    assert_eq!(seen, "+15550002222", "Remote-Party-ID is read\n{trace}");
    let (seen, trace) = number("107", &asserted_identity()).await;
    assert_ne!(seen, FAR_NUMBER, "source From: a PAI is not read\n{trace}");
    let (seen, trace) = number("108", &asserted_identity()).await;
    assert_eq!(seen, FAR_NUMBER, "chan_sip: PAI is read\n{trace}");
    let (seen, trace) = number("109", rpid).await;
    assert_eq!(
        seen, "+15550002222",
        "chan_sip: Remote-Party-ID is read\n{trace}"
    );
    let (seen, trace) = number("110", &asserted_identity()).await;
    assert_ne!(
        seen, FAR_NUMBER,
        "chan_sip, automatic: a PAI is ignored\n{trace}"
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_inbound_caller_id_number_or_name_never_reaches_the_phone() {
    let Some(out) = acme(
        "blocked_caller_id",
        &[
            ("101", "No number", json!({"block_caller_id_number": true})),
            ("102", "No name", json!({"block_caller_id_name": true})),
            ("103", "Both", json!({})),
            (
                "108",
                "SIP no number",
                json!({"block_caller_id_number": true}),
            ),
            ("109", "SIP no name", json!({"block_caller_id_name": true})),
        ],
    )
    .await
    else {
        return;
    };
    let scene = &out.scene;
    let numbers = ["101", "102", "103", "108", "109"];
    let mut phones = Vec::new();
    for number in numbers {
        phones.push(scene.phone("ACME", number, Answer::After(ms(100))).await);
    }
    for (i, number) in numbers.into_iter().enumerate() {
        let expected = scene.simulated("ACME", number, "available").await;
        let (trace, result) = scene.call_through("ACME", "100", number, |c| c).await;
        assert_same_path(
            &expected,
            &observed(&trace, &Contexts::of("ACME"), number),
            &trace,
        );
        assert!(matches!(result, CallResult::Answered { .. }), "{result:?}");
        phones[i]
            .sipp
            .wait_call(0, Duration::from_secs(1))
            .expect("the phone rang");
    }
    let invite = |i: usize| phones[i].sipp.calls().remove(0);
    let identities = |m: &SipMessage| -> Vec<(String, String)> {
        ["From", "P-Asserted-Identity", "Remote-Party-ID"]
            .iter()
            .filter_map(|h| m.header(h))
            .map(SipMessage::identity)
            .collect()
    };
    // PJSIP (101, 102) and chan_sip (108, 109) phones.
    for (no_number, no_name) in [(invite(0), invite(1)), (invite(3), invite(4))] {
        assert_eq!(caller_seen(&no_number).0, "Alice", "the name still shows");
        for (_, number) in identities(&no_number) {
            assert_ne!(number, "100", "no number: {:?}", no_number.headers);
        }
        assert_eq!(caller_seen(&no_name).1, "100", "the number still shows");
        for (name, _) in identities(&no_name) {
            assert_ne!(name, "Alice", "no name: {:?}", no_name.headers);
        }
    }
    assert_eq!(caller_seen(&invite(2)), ("Alice".into(), "100".into()));
    scene.asterisk.assert_clean();
}
