//! External calls: a scene whose node routes them to SIPp carriers, a call
//! placed from an extension with what the carriers received, and the
//! outbound path Asterisk took next to the one the extension's policy
//! (the call-flow model's [`OutboundPolicy`]) allows.
//!
//! ```ignore
//! let Some(mut out) = OutboundScene::new("my_test", &[]).await else { return };
//! out.scene.pbx.tenant("ACME", json!({})).await;
//! out.scene.pbx.extension("ACME", "pjsip", "100", json!({})).await;
//! out.scene.start().await;
//! let placed = out.place("ACME", "100", "5551234", |c| c).await;
//! assert_eq!(placed.invite().uri_user(), Some("5551234"));
//! ```

use std::time::{Duration, Instant};

use axum::http::Method;
use pbx_domain::callflow::{CallFlow, OutboundPolicy};
use serde_json::json;

use crate::asterisk::{AsteriskSpec, RealtimeDatabase};
use crate::env::{require, require_postgres};
use crate::observe::CallTrace;
use crate::oracle::now_utc;
use crate::pbx::Pbx;
use crate::scene::{Scene, ms};
use crate::sipp::{CallResult, CallSpec, Peer, SipMessage};

/// The trunk of the node's default routes.
pub const DEFAULT_CARRIER: &str = "carrier";

/// A scene with a default carrier and one more carrier per routing profile.
/// The carriers' SIPp files are kept when the test fails.
pub struct OutboundScene {
    pub scene: Scene,
    carriers: Vec<(String, Peer)>,
    dir: Option<tempfile::TempDir>,
}

/// An external call placed from an extension, once it ended.
pub struct Placed {
    /// The number dialled.
    pub dialled: String,
    pub result: CallResult,
    /// How long the caller's side lasted, from dialling to its end.
    pub lasted: Duration,
    /// The INVITEs the carriers received during the call, by carrier name.
    pub invites: Vec<(String, SipMessage)>,
    /// The other requests (but ACKs) the carriers received during the
    /// call, e.g. the node's BYE, by method.
    pub carrier_requests: Vec<String>,
    /// What Asterisk did with it.
    pub trace: CallTrace,
}

/// Where Asterisk took an external call: to the node's routes (a
/// `pbx-routes` context, with the number it handed them), or nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outbound {
    Routed { routes: String, number: String },
    Refused,
}

impl OutboundScene {
    /// A node whose default routes dial the carrier `carrier`, and for
    /// each `(profile, trunk)` of `profiles` a carrier `trunk` that the
    /// routes of routing profile `profile` dial. `None` when the test skips.
    pub async fn new(test: &str, profiles: &[(&str, &str)]) -> Option<OutboundScene> {
        let install = require(test)?;
        let dir = tempfile::Builder::new()
            .prefix("pbx-live-carriers-")
            .tempdir()
            .expect("a temporary directory");
        let default = Peer::answering(install, dir.path(), DEFAULT_CARRIER, ms(100));
        let mut spec = AsteriskSpec::new("ast1").carrier(default.port());
        let mut carriers = vec![(DEFAULT_CARRIER.to_owned(), default)];
        for (profile, trunk) in profiles {
            let peer = Peer::answering(install, dir.path(), trunk, ms(100));
            spec = spec
                .trunk(trunk, peer.port(), "from-carrier")
                .profile(profile, trunk);
            carriers.push(((*trunk).to_owned(), peer));
        }
        let scene = Scene::new(test, spec).await?;
        Some(OutboundScene {
            scene,
            carriers,
            dir: Some(dir),
        })
    }

    /// A scene like [`OutboundScene::new`] whose calls are accounted:
    /// pbx on a fresh PostgreSQL database, the node writing its CDRs there
    /// (`cdr_pgsql`), and the node asking pbx's call-control service
    /// before each external call. `None` when the test skips.
    pub async fn accounted(test: &str) -> Option<OutboundScene> {
        let install = require(test)?;
        let base = require_postgres(test)?;
        let dir = tempfile::Builder::new()
            .prefix("pbx-live-carriers-")
            .tempdir()
            .expect("a temporary directory");
        let carrier = Peer::answering(install, dir.path(), DEFAULT_CARRIER, ms(100));
        let mut pbx = Pbx::postgres(&base).await;
        let db = RealtimeDatabase::from_url(&pbx.url);
        let spec = AsteriskSpec::new("ast1")
            .carrier(carrier.port())
            .call_records(db);
        let control = pbx.start_call_control().await;
        let scene = Scene::with(install, pbx, spec).await;
        let body = json!({ "call_control": control });
        scene
            .pbx
            .ok(
                Method::PATCH,
                &format!("/api/v1/nodes/{}", scene.node),
                Some(body),
            )
            .await;
        Some(OutboundScene {
            scene,
            carriers: vec![(DEFAULT_CARRIER.to_owned(), carrier)],
            dir: Some(dir),
        })
    }

    /// The carrier named `name`.
    pub fn carrier(&self, name: &str) -> &Peer {
        self.carriers
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| panic!("no carrier {name}"), |(_, p)| p)
    }

    /// Every INVITE the carriers received so far, by carrier name.
    pub fn invites(&self) -> Vec<(String, SipMessage)> {
        self.carriers
            .iter()
            .flat_map(|(name, peer)| peer.invites().into_iter().map(|m| (name.clone(), m)))
            .collect()
    }

    /// Extension `from` of `tenant` calls `number` (the call shaped by
    /// `shape`, held 300 ms by default) and the call ends (at most 40 s).
    pub async fn place(
        &self,
        tenant: &str,
        from: &str,
        number: &str,
        shape: impl FnOnce(CallSpec) -> CallSpec,
    ) -> Placed {
        let scene = &self.scene;
        let before: Vec<usize> = self
            .carriers
            .iter()
            .map(|(_, p)| p.sipp.messages().len())
            .collect();
        let observer = scene.observe().await;
        let endpoint = scene.endpoint(tenant, from).await;
        let spec = shape(scene.call(&endpoint, number).hold(ms(300)));
        let started = Instant::now();
        let result = scene.dial(&spec).finish(Duration::from_secs(40));
        let lasted = started.elapsed();
        let trace = observer
            .ended_call(&format!("pbx-{tenant}"), number, Duration::from_secs(10))
            .await;
        let mut invites = Vec::new();
        let mut carrier_requests = Vec::new();
        for ((name, peer), seen) in self.carriers.iter().zip(before) {
            let new: Vec<SipMessage> = peer
                .sipp
                .messages()
                .into_iter()
                .skip(seen)
                .filter(|m| !m.sent)
                .collect();
            for m in new {
                match m.method() {
                    Some("INVITE") => invites.push((name.clone(), m)),
                    Some(method) if method != "ACK" => carrier_requests.push(method.to_owned()),
                    _ => {}
                }
            }
        }
        Placed {
            dialled: number.into(),
            result,
            lasted,
            invites,
            carrier_requests,
            trace,
        }
    }

    /// The outbound policy of extension `number` as the call-flow API
    /// gives it (the model the dialplan is rendered from).
    pub async fn policy(&self, tenant: &str, number: &str) -> OutboundPolicy {
        let body = self
            .scene
            .pbx
            .ok(
                Method::GET,
                &format!(
                    "/api/v1/tenants/{tenant}/extensions/{number}/call-flow?at={}&state=available",
                    crate::oracle::now_at()
                ),
                None,
            )
            .await;
        let flow: CallFlow = serde_json::from_value(body["flow"].clone()).expect("a call flow");
        flow.outbound
    }
}

impl Placed {
    /// The one INVITE a carrier received; panics unless exactly one did.
    pub fn invite(&self) -> &SipMessage {
        match self.invites.as_slice() {
            [(_, invite)] => invite,
            other => panic!(
                "expected one INVITE at the carriers for {}, got {}: {:?}\n{}",
                self.dialled,
                other.len(),
                other.iter().map(|(n, m)| (n, &m.start)).collect::<Vec<_>>(),
                self.trace.describe()
            ),
        }
    }

    /// The caller ID name and number of the carrier's INVITE (its From).
    pub fn from(&self) -> (String, String) {
        SipMessage::identity(self.invite().header("From").expect("a From header"))
    }

    /// The name and number of the INVITE's P-Asserted-Identity, if any.
    pub fn asserted(&self) -> Option<(String, String)> {
        self.invite()
            .header("P-Asserted-Identity")
            .map(SipMessage::identity)
    }

    /// True when no carrier received the call and the caller was refused.
    pub fn refused(&self) -> bool {
        self.invites.is_empty() && matches!(self.result, CallResult::Refused(_))
    }

    /// Where Asterisk took the call (read from its dialplan steps).
    pub fn outbound(&self) -> Outbound {
        outbound_of(&self.trace)
    }

    /// Asserts that the call was routed exactly when the extension's
    /// `policy` allows the dialled number now, and that the carriers
    /// received it exactly then.
    pub fn assert_as_simulated(&self, policy: &OutboundPolicy) {
        let (day, minute) = now_utc();
        let allowed = policy.allows(&self.dialled, day, minute);
        let outbound = self.outbound();
        assert_eq!(
            allowed,
            matches!(outbound, Outbound::Routed { .. }),
            "the policy {} {}, Asterisk: {outbound:?}\npolicy: {policy:#?}\n{}",
            if allowed { "allows" } else { "refuses" },
            self.dialled,
            self.trace.describe()
        );
        assert_eq!(
            allowed,
            !self.invites.is_empty(),
            "the carriers' INVITEs for {}: {:?}",
            self.dialled,
            self.invites
                .iter()
                .map(|(n, m)| (n, &m.start))
                .collect::<Vec<_>>()
        );
    }
}

/// The first `pbx-routes*` step of the call's first channel.
pub fn outbound_of(trace: &CallTrace) -> Outbound {
    let steps = trace.steps();
    let Some(first) = steps.first() else {
        return Outbound::Refused;
    };
    steps
        .iter()
        .filter(|s| s.channel == first.channel)
        .find(|s| s.context.starts_with("pbx-routes"))
        .map_or(Outbound::Refused, |s| Outbound::Routed {
            routes: s.context.clone(),
            number: s.exten.clone(),
        })
}

impl Drop for OutboundScene {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(dir) = self.dir.take()
        {
            eprintln!("kept the carriers' SIPp files at {}", dir.keep().display());
        }
    }
}
