//! The minimal reloads for a set of changes: one per kind of file that
//! changed, or, with Realtime PJSIP, one cache expiry per changed object.

use std::collections::BTreeSet;

use pbx_domain::TenantCode;

use crate::ami::Action;
use crate::pjsip::auth_id;
use crate::render::FileKind;

/// What changed for one tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TenantChange {
    pub tenant: Option<TenantCode>,
    /// The kinds of files that changed (an index change counts for its kind).
    pub kinds: BTreeSet<FileKind>,
    /// Usernames of PJSIP extensions added, changed or removed.
    pub pjsip_ids: BTreeSet<String>,
    /// Usernames of SIP peers added, changed or removed.
    pub sip_peers: BTreeSet<String>,
}

/// Where a node reads its PJSIP and chan_sip objects from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// The rendered files.
    Files,
    /// Realtime tables behind sorcery memory caches with these names.
    Realtime {
        endpoint_cache: String,
        auth_cache: String,
        aor_cache: String,
    },
}

/// One reload step.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reload {
    /// `dialplan reload`.
    Dialplan,
    /// `module reload res_pjsip.so`.
    Pjsip,
    /// `sip reload`.
    Sip,
    /// `module reload app_voicemail.so` (the boxes).
    Voicemail,
    /// Drop one object from a sorcery memory cache.
    ExpireObject { cache: String, object: String },
    /// Drop every object of a sorcery memory cache (large changes).
    ExpireCache(String),
    /// `sip prune realtime peer <name>` (chan_sip caches Realtime peers).
    PruneSipPeer(String),
    /// `sip prune realtime all` (large changes).
    PruneAllSipPeers,
}

/// Above this many changed objects of one kind (an import, a bulk create),
/// a node drops the whole cache in one action instead of one per object.
pub const MAX_OBJECT_EXPIRIES: usize = 100;

impl Reload {
    /// The AMI action that performs the step.
    pub fn to_action(&self) -> Action {
        match self {
            Reload::Dialplan => Action::command("dialplan reload"),
            Reload::Pjsip => Action::reload_module("res_pjsip.so"),
            Reload::Sip => Action::command("sip reload"),
            Reload::Voicemail => Action::reload_module("app_voicemail.so"),
            Reload::ExpireObject { cache, object } => Action::expire_object(cache, object),
            Reload::ExpireCache(cache) => Action::expire_cache(cache),
            Reload::PruneSipPeer(peer) => {
                Action::command(&format!("sip prune realtime peer {peer}"))
            }
            Reload::PruneAllSipPeers => Action::command("sip prune realtime all"),
        }
    }
}

/// The reloads `changes` need, without repeats, dialplan last (so it never
/// points at endpoints the node does not know yet).
pub fn plan_reloads(changes: &[TenantChange], storage: &Storage) -> Vec<Reload> {
    let kinds: BTreeSet<FileKind> = changes
        .iter()
        .flat_map(|c| c.kinds.iter().copied())
        .collect();
    let mut objects = BTreeSet::new();
    if let Storage::Realtime {
        endpoint_cache,
        auth_cache,
        aor_cache,
    } = storage
    {
        let pjsip_ids: BTreeSet<&String> = changes.iter().flat_map(|c| &c.pjsip_ids).collect();
        let sip_peers: BTreeSet<&String> = changes.iter().flat_map(|c| &c.sip_peers).collect();
        let caches = [endpoint_cache, auth_cache, aor_cache];
        if pjsip_ids.len() > MAX_OBJECT_EXPIRIES {
            objects.extend(caches.map(|cache| Reload::ExpireCache(cache.clone())));
        } else {
            for id in pjsip_ids {
                let names = [id.clone(), auth_id(id), id.clone()];
                for (cache, object) in caches.into_iter().zip(names) {
                    objects.insert(Reload::ExpireObject {
                        cache: cache.clone(),
                        object,
                    });
                }
            }
        }
        if sip_peers.len() > MAX_OBJECT_EXPIRIES {
            objects.insert(Reload::PruneAllSipPeers);
        } else {
            objects.extend(sip_peers.into_iter().cloned().map(Reload::PruneSipPeer));
        }
    }
    let mut plan: Vec<Reload> = Vec::new();
    match storage {
        Storage::Files => {
            if kinds.contains(&FileKind::Pjsip) {
                plan.push(Reload::Pjsip);
            }
            if kinds.contains(&FileKind::Sip) {
                plan.push(Reload::Sip);
            }
        }
        Storage::Realtime { .. } => plan.extend(objects),
    }
    // Boxes before the dialplan that sends calls to them.
    if kinds.contains(&FileKind::Voicemail) {
        plan.push(Reload::Voicemail);
    }
    if kinds.contains(&FileKind::Dialplan) {
        plan.push(Reload::Dialplan);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kinds: &[FileKind], ids: &[&str]) -> TenantChange {
        TenantChange {
            tenant: None,
            kinds: kinds.iter().copied().collect(),
            pjsip_ids: ids.iter().map(ToString::to_string).collect(),
            sip_peers: BTreeSet::new(),
        }
    }

    #[test]
    fn a_dialplan_only_change_needs_only_a_dialplan_reload() {
        let plan = plan_reloads(&[change(&[FileKind::Dialplan], &[])], &Storage::Files);
        assert_eq!(plan, vec![Reload::Dialplan]);
    }

    #[test]
    fn many_tenants_changing_pjsip_need_one_pjsip_reload() {
        let c = change(&[FileKind::Pjsip, FileKind::Dialplan], &["1-A"]);
        let plan = plan_reloads(&[c.clone(), c], &Storage::Files);
        assert_eq!(plan, vec![Reload::Pjsip, Reload::Dialplan]);
        assert_eq!(plan[0].to_action().headers[0].1, "res_pjsip.so");
    }

    #[test]
    fn realtime_pjsip_changes_expire_cached_objects_instead_of_reloading() {
        let storage = Storage::Realtime {
            endpoint_cache: "pbx-endpoint".into(),
            auth_cache: "pbx-auth".into(),
            aor_cache: "pbx-aor".into(),
        };
        let plan = plan_reloads(&[change(&[FileKind::Pjsip], &["101-A"])], &storage);
        assert_eq!(plan.len(), 3);
        assert!(plan.contains(&Reload::ExpireObject {
            cache: "pbx-auth".into(),
            object: "101-A-auth".into()
        }));
        assert!(!plan.contains(&Reload::Pjsip));
    }

    #[test]
    fn a_large_realtime_change_drops_whole_caches_once() {
        let storage = Storage::Realtime {
            endpoint_cache: "pbx-endpoint".into(),
            auth_cache: "pbx-auth".into(),
            aor_cache: "pbx-aor".into(),
        };
        let ids: Vec<String> = (0..=MAX_OBJECT_EXPIRIES)
            .map(|n| format!("{n}-A"))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut large = change(&[FileKind::Pjsip, FileKind::Dialplan], &ids);
        large.sip_peers = large.pjsip_ids.clone();
        let plan = plan_reloads(&[large], &storage);
        assert_eq!(
            plan,
            vec![
                Reload::ExpireCache("pbx-aor".into()),
                Reload::ExpireCache("pbx-auth".into()),
                Reload::ExpireCache("pbx-endpoint".into()),
                Reload::PruneAllSipPeers,
                Reload::Dialplan,
            ]
        );
        let wire = plan[0].to_action().to_wire("1").unwrap();
        assert!(wire.starts_with("Action: SorceryMemoryCacheExpire\r\nCache: pbx-aor\r\n"));
        assert_eq!(plan[3].to_action().headers[0].1, "sip prune realtime all");
        let small = change(&[FileKind::Pjsip], &ids[..MAX_OBJECT_EXPIRIES]);
        assert_eq!(
            plan_reloads(&[small], &storage).len(),
            3 * MAX_OBJECT_EXPIRIES
        );
    }
}
