//! A live test's world: the product, one Asterisk node it projects to, and
//! a directory for the SIPp processes' scenarios and traces.
//!
//! ```ignore
//! let Some(mut scene) = Scene::new("my_test", AsteriskSpec::new("ast1")).await else { return };
//! scene.pbx.tenant("ACME", json!({})).await;
//! scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
//! scene.start().await;
//! let phone = scene.phone("ACME", "100", Answer::After(ms(100))).await;
//! ```

use std::time::Duration;

use axum::http::Method;
use serde_json::Value;

use crate::asterisk::{Asterisk, AsteriskSpec};
use crate::env::{Installation, require};
use crate::observe::{CallTrace, Observer};
use crate::pbx::Pbx;
use crate::sipp::{Answer, CallResult, CallSpec, Caller, Endpoint, Peer, Phone, Stack};

/// The product, its node and the SIPp directory of one test.
pub struct Scene {
    pub install: &'static Installation,
    pub pbx: Pbx,
    pub asterisk: Asterisk,
    /// The node's name in pbx.
    pub node: String,
    sipp_dir: tempfile::TempDir,
}

/// Shorthand for milliseconds.
pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

impl Scene {
    /// The product on SQLite and a node `spec.name` for a prepared (not yet
    /// started) Asterisk; `None` when the test skips (no live Asterisk).
    pub async fn new(test: &str, spec: AsteriskSpec) -> Option<Scene> {
        let install = require(test)?;
        let pbx = Pbx::sqlite().await;
        Some(Scene::with(install, pbx, spec).await)
    }

    /// Like [`Scene::new`] with the product on `pbx`.
    pub async fn with(install: &'static Installation, pbx: Pbx, spec: AsteriskSpec) -> Scene {
        let node = spec.name.clone();
        let asterisk = Asterisk::prepare(install, spec);
        pbx.node(&node, &asterisk).await;
        Scene {
            install,
            pbx,
            asterisk,
            node,
            sipp_dir: tempfile::Builder::new()
                .prefix("pbx-live-sipp-")
                .tempdir()
                .expect("a temporary directory"),
        }
    }

    /// Renders the node's files (as `pbx render` does), starts Asterisk
    /// and checks that it loaded them without a single problem.
    pub async fn start(&mut self) {
        self.pbx.render_files().await;
        self.asterisk.start();
        self.asterisk.assert_clean();
    }

    /// Applies what changed since (as `pbx apply` does) and checks that
    /// Asterisk logged no problem doing so.
    pub async fn apply(&self) {
        let mark = self.asterisk.mark();
        self.pbx.apply().await;
        self.asterisk.assert_clean_since(&mark);
    }

    /// The directory SIPp files go to.
    pub fn sipp_dir(&self) -> &std::path::Path {
        self.sipp_dir.path()
    }

    /// How a phone of extension `number` reaches the node: its stack's port,
    /// its username and secret (read through the API).
    pub async fn endpoint(&self, tenant: &str, number: &str) -> Endpoint {
        let e = self
            .pbx
            .ok(
                Method::GET,
                &format!("/api/v1/tenants/{tenant}/extensions/{number}"),
                None,
            )
            .await;
        self.endpoint_of(&e)
    }

    /// The endpoint of an extension as the API returned it.
    pub fn endpoint_of(&self, e: &Value) -> Endpoint {
        let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
        let (stack, target) = match text("kind").as_str() {
            "sip" => (Stack::ChanSip, self.asterisk.ports.sip_udp),
            _ => {
                let tcp = e["settings"]["security"]["transport"].as_str() == Some("tcp");
                if tcp {
                    (Stack::PjsipTcp, self.asterisk.ports.pjsip_tcp)
                } else {
                    (Stack::Pjsip, self.asterisk.ports.pjsip_udp)
                }
            }
        };
        Endpoint {
            target,
            stack,
            user: text("username"),
            password: text("secret"),
        }
    }

    /// Registers a phone for extension `number`; panics if refused.
    pub async fn phone(&self, tenant: &str, number: &str, answer: Answer) -> Phone {
        let endpoint = self.endpoint(tenant, number).await;
        match Phone::register(self.install, self.sipp_dir(), &endpoint, answer) {
            Ok(phone) => phone,
            Err(phone) => panic!(
                "phone {} was refused: {:?}\n{}",
                endpoint.user,
                phone
                    .sipp
                    .messages()
                    .iter()
                    .map(|m| &m.start)
                    .collect::<Vec<_>>(),
                self.asterisk.log_tail(20)
            ),
        }
    }

    /// A call from `from` to `number`.
    pub fn call(&self, from: &Endpoint, number: &str) -> CallSpec {
        CallSpec::new(from, number)
    }

    /// Places `spec`.
    pub fn dial(&self, spec: &CallSpec) -> Caller {
        spec.start(self.install, self.sipp_dir())
    }

    /// A SIPp peer answering calls on its own port (start it before the
    /// Asterisk it is a trunk of: the trunk needs its port).
    pub fn peer(install: &'static Installation, dir: &std::path::Path, name: &str) -> Peer {
        Peer::answering(install, dir, name, ms(100))
    }

    /// Extension `from` of `tenant` calls `number` (the call shaped by
    /// `shape`, held 500 ms by default) and the call ends: what Asterisk
    /// did with it (at most 40 s) and how it ended for the caller.
    pub async fn call_through(
        &self,
        tenant: &str,
        from: &str,
        number: &str,
        shape: impl FnOnce(CallSpec) -> CallSpec,
    ) -> (CallTrace, CallResult) {
        let observer = self.observe().await;
        let endpoint = self.endpoint(tenant, from).await;
        let call = self.dial(&shape(self.call(&endpoint, number).hold(ms(500))));
        let trace = observer
            .call(&format!("pbx-{tenant}"), number, Duration::from_secs(40))
            .await;
        let result = call.finish(Duration::from_secs(30));
        (trace, result)
    }

    /// An observer session on the node.
    pub async fn observe(&self) -> Observer {
        Observer::start(&self.asterisk).await
    }
}

impl Drop for Scene {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let dir = std::mem::replace(
                &mut self.sipp_dir,
                tempfile::tempdir().expect("a temporary directory"),
            );
            eprintln!("kept the SIPp files at {}", dir.keep().display());
        }
    }
}

impl Scene {
    /// What the call-flow API says a call to `number` does now, with the
    /// callee's devices in `state` (`available`, `busy`, `offline`,
    /// `no_answer`), in the shape the oracle compares.
    pub async fn simulated(
        &self,
        tenant: &str,
        number: &str,
        state: &str,
    ) -> (crate::oracle::Path, pbx_domain::callflow::CallPath) {
        let at = crate::oracle::now_at();
        let body = self
            .pbx
            .ok(
                Method::GET,
                &format!(
                    "/api/v1/tenants/{tenant}/extensions/{number}/call-flow?at={at}&state={state}"
                ),
                None,
            )
            .await;
        let flow: pbx_domain::callflow::CallFlow =
            serde_json::from_value(body["flow"].clone()).expect("a call flow");
        let path: pbx_domain::callflow::CallPath =
            serde_json::from_value(body["path"].clone()).expect("a call path");
        crate::oracle::expected_from(&flow, path, tenant)
    }
}
