//! A node reading PJSIP endpoints and chan_sip peers from pbx's PostgreSQL
//! database (`res_config_pgsql`, sorcery memory caches): extensions created,
//! changed and deleted through the API take effect with no PJSIP or chan_sip
//! reload; phones register (their contacts are stored), are called, and a
//! new secret works at the next registration.
//!
//! Needs `PBX_TEST_POSTGRES_URL` (`.ci/run` sets it); skips without it
//! unless `PBX_REQUIRE_POSTGRES=1`.

use std::time::Duration;

use axum::http::Method;
use pbx_asterisk::apply::Reload;
use pbx_live::asterisk::{AsteriskSpec, RealtimeDatabase};
use pbx_live::env::{require, require_postgres};
use pbx_live::pbx::Pbx;
use pbx_live::scene::{Scene, ms};
use pbx_live::sipp::{Answer, CallResult, Phone};
use serde_json::json;

async fn scene(test: &str) -> Option<Scene> {
    let install = require(test)?;
    let base = require_postgres(test)?;
    let pbx = Pbx::postgres(&base).await;
    let db = RealtimeDatabase::from_url(&pbx.url);
    let mut scene = Scene::with(install, pbx, AsteriskSpec::new("rt1").realtime(db)).await;
    scene.pbx.tenant("ACME", json!({})).await;
    scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
    scene.start().await;
    scene.pbx.start_projector();
    scene.pbx.settle(Duration::from_secs(10)).await;
    Some(scene)
}

/// Waits for the next batch and checks it reloaded no SIP stack.
async fn applied_without_reload(scene: &mut Scene) {
    let report = scene.pbx.applied_ok(Duration::from_secs(10)).await;
    for node in &report.nodes {
        let reloads = &node.as_ref().unwrap().reloads;
        assert!(
            !reloads
                .iter()
                .any(|r| matches!(r, Reload::Pjsip | Reload::Sip)),
            "no stack reload: {reloads:?}"
        );
    }
}

async fn a_phone_lives_in_the_database(test: &str, kind: &str) {
    let Some(mut scene) = scene(test).await else {
        return;
    };
    let mark = scene.asterisk.mark();
    scene.pbx.extension("ACME", kind, "101", json!({})).await;
    applied_without_reload(&mut scene).await;
    let endpoint = scene.endpoint("ACME", "101").await;
    let phone = Phone::register(
        scene.install,
        scene.sipp_dir(),
        &endpoint,
        Answer::After(ms(100)),
    )
    .unwrap_or_else(|_| panic!("a new {kind} phone registers"));
    let caller = scene.endpoint("ACME", "100").await;
    let call = scene.dial(&scene.call(&caller, "101").hold(ms(300)));
    assert!(
        matches!(
            call.finish(Duration::from_secs(20)),
            CallResult::Answered { .. }
        ),
        "the new extension is called (its dialplan exists)"
    );
    assert!(!phone.invites().is_empty());
    drop(phone);

    let path = "/api/v1/tenants/ACME/extensions/101";
    let current = scene.pbx.ok(Method::GET, path, None).await;
    scene
        .pbx
        .ok(
            Method::PATCH,
            path,
            Some(json!({"secret": "ANew.Secret-7788x", "version": current["version"]})),
        )
        .await;
    applied_without_reload(&mut scene).await;
    let refused = Phone::register(scene.install, scene.sipp_dir(), &endpoint, Answer::Busy);
    assert!(refused.is_err(), "the old secret no longer registers");
    let mut renewed = endpoint.clone();
    renewed.password = "ANew.Secret-7788x".into();
    let phone = Phone::register(
        scene.install,
        scene.sipp_dir(),
        &renewed,
        Answer::After(ms(100)),
    );
    assert!(phone.is_ok(), "the new secret registers");
    drop(phone);

    scene.pbx.ok(Method::DELETE, path, None).await;
    applied_without_reload(&mut scene).await;
    let gone = Phone::register(scene.install, scene.sipp_dir(), &renewed, Answer::Busy);
    assert!(gone.is_err(), "a deleted extension no longer registers");
    scene.asterisk.assert_clean_since(&mark);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_realtime_pjsip_phone_is_created_called_rekeyed_and_deleted_without_a_reload() {
    a_phone_lives_in_the_database("realtime_pjsip", "pjsip").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_realtime_chan_sip_phone_is_created_called_rekeyed_and_deleted_without_a_reload() {
    a_phone_lives_in_the_database("realtime_sip", "sip").await;
}
