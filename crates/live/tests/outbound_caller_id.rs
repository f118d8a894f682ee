//! The caller ID external calls present to the carrier (its INVITE's
//! From, P-Asserted-Identity and Privacy): the extension's number and
//! name, hidden presentation, the regex check falling back to the tenant
//! default number, and the emergency caller ID.
//!
//! Tenant ACME; its extensions place the calls through the SIPp carrier.

use pbx_live::outbound::OutboundScene;
use pbx_live::sipp::CallResult;
use serde_json::{Value, json};

/// ACME (with `tenant` fields) and its PJSIP extensions `(number, name,
/// settings)`, on a started node.
async fn acme(
    test: &str,
    tenant: Value,
    extensions: &[(&str, &str, Value)],
) -> Option<OutboundScene> {
    let mut out = OutboundScene::new(test, &[]).await?;
    out.scene.pbx.tenant("ACME", tenant).await;
    for (number, name, settings) in extensions {
        let body = json!({"name": name, "settings": settings});
        out.scene.pbx.extension("ACME", "pjsip", number, body).await;
    }
    out.scene.start().await;
    Some(out)
}

fn pair(p: &(String, String)) -> (&str, &str) {
    (p.0.as_str(), p.1.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_call_reaches_the_carrier_with_the_caller_id_number() {
    let settings = json!({"caller_id_number": "+15550100", "caller_id_name": "Front Desk"});
    let Some(out) = acme(
        "outbound_number",
        json!({}),
        &[("100", "Ann Lee", settings)],
    )
    .await
    else {
        return;
    };
    let placed = out.place("ACME", "100", "5551234", |c| c).await;
    assert_eq!(placed.invite().uri_user(), Some("5551234"));
    assert_eq!(pair(&placed.from()), ("Front Desk", "+15550100"));
    assert_eq!(
        placed.asserted().as_ref().map(pair),
        Some(("Front Desk", "+15550100"))
    );
    assert_eq!(placed.invite().header("Privacy"), None);
    assert_eq!(
        placed.result,
        CallResult::Answered {
            far_end_hung_up: false
        }
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caller_id_name_is_the_setting_or_else_the_extension_name() {
    let extensions = [
        ("100", "Ann Lee", json!({"caller_id_number": "+15550100"})),
        (
            "101",
            "Bob Roe",
            json!({"caller_id_number": "+15550101", "caller_id_name": "O'Brien, Sales; EU"}),
        ),
    ];
    let Some(out) = acme("outbound_name", json!({}), &extensions).await else {
        return;
    };
    let own = out.place("ACME", "100", "5551234", |c| c).await;
    assert_eq!(pair(&own.from()), ("Ann Lee", "+15550100"));
    let set = out.place("ACME", "101", "5551234", |c| c).await;
    assert_eq!(pair(&set.from()), ("O'Brien, Sales; EU", "+15550101"));
    assert_eq!(
        set.asserted().as_ref().map(pair),
        Some(("O'Brien, Sales; EU", "+15550101"))
    );
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_presentation_sends_an_anonymous_from_and_asks_for_privacy() {
    let settings = json!({"caller_id_number": "+15550100", "caller_id_presentation": "prohib"});
    let Some(out) = acme(
        "outbound_hidden",
        json!({}),
        &[("100", "Ann Lee", settings)],
    )
    .await
    else {
        return;
    };
    let placed = out.place("ACME", "100", "5551234", |c| c).await;
    assert_eq!(placed.invite().uri_user(), Some("5551234"));
    assert_eq!(pair(&placed.from()), ("Anonymous", "anonymous"));
    // The carrier trunk is trusted with the identity (trust_id_outbound):
    // it gets the number to bill, and the request to keep it private.
    assert_eq!(
        placed.asserted().as_ref().map(|(_, n)| n.as_str()),
        Some("+15550100")
    );
    assert_eq!(placed.invite().header("Privacy"), Some("id"));
    assert!(matches!(placed.result, CallResult::Answered { .. }));
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_id_failing_the_regex_falls_back_to_the_tenant_default_number() {
    let tenant = json!({"defaults": {"caller_id_number": "+442070000000"}});
    let extensions = [
        (
            "100",
            "Ann Lee",
            json!({"caller_id_number": "+15550100", "caller_id_regex": "^\\+44[0-9]+$"}),
        ),
        (
            "101",
            "Bob Roe",
            json!({"caller_id_number": "+442071111111", "caller_id_regex": "^\\+44[0-9]+$"}),
        ),
    ];
    let Some(out) = acme("outbound_cid_regex", tenant, &extensions).await else {
        return;
    };
    let failing = out.place("ACME", "100", "5551234", |c| c).await;
    assert_eq!(failing.from().1, "+442070000000", "the tenant default");
    let matching = out.place("ACME", "101", "5551234", |c| c).await;
    assert_eq!(matching.from().1, "+442071111111", "its own number");
    out.scene.asterisk.assert_clean();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emergency_call_presents_the_emergency_caller_id_and_passes_a_closed_filter() {
    let settings = json!({"caller_id_number": "+15550100", "emergency_caller_id": "+15550911",
                          "outbound_filter": "none"});
    let Some(out) = acme(
        "outbound_emergency",
        json!({}),
        &[("100", "Ann Lee", settings)],
    )
    .await
    else {
        return;
    };
    let policy = out.policy("ACME", "100").await;
    let emergency = out.place("ACME", "100", "911", |c| c).await;
    emergency.assert_as_simulated(&policy);
    assert_eq!(emergency.invite().uri_user(), Some("911"));
    assert_eq!(emergency.from().1, "+15550911");
    assert_eq!(
        emergency.asserted().map(|(_, n)| n),
        Some("+15550911".into())
    );
    let other = out.place("ACME", "100", "5551234", |c| c).await;
    other.assert_as_simulated(&policy);
    assert!(other.refused(), "{:?}", other.result);
    out.scene.asterisk.assert_clean();
}
