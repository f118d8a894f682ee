//! Builds a [`CallFlow`] from an extension, its tenant's objects and the
//! tenant's other extensions (for virtual members).

use super::{
    Branches, CallFlow, CalleeSetup, CallerIdRule, Confirm, NamedCondition, Ring, RingPurpose,
    RingTarget, Step, Target, TrunkDial,
};
use crate::extension::{Extension, ExtensionKind};
use crate::objects::{Destination, TenantObject};
use crate::tenant::{SipStack, Tenant};
use crate::values::{
    CallWaiting, ConditionRef, DestinationRef, DialMethod, DidMode, FmfmCallerId, InternalCallerId,
    ObjectKind, ParkingLotRef, RecordingPolicy,
};

/// The call flow of `extension`. `objects` are the tenant's objects;
/// `extensions` are all the tenant's extensions (virtual members are looked
/// up there; members that are missing or virtual themselves are skipped).
pub fn build(
    tenant: &Tenant,
    extension: &Extension,
    objects: &[TenantObject],
    extensions: &[Extension],
) -> CallFlow {
    let s = &extension.settings;
    let lookup = Lookup {
        objects,
        extensions,
    };
    let fallback = default_target(extension);
    let or_default = |enabled: bool, r: DestinationRef| {
        if enabled {
            lookup.destination(r)
        } else {
            fallback.clone()
        }
    };
    let d = &s.destinations;
    let branches = Branches {
        no_answer: or_default(d.no_answer_enabled, d.no_answer_destination),
        busy: or_default(d.busy_enabled, d.busy_destination),
        offline: or_default(d.offline_enabled, d.offline_destination),
    };
    let mut steps = Vec::new();
    if d.unconditional_enabled {
        steps.push(Step::Forward {
            to: lookup.destination(d.unconditional_destination),
        });
    }
    if s.information.dnd {
        steps.push(Step::DoNotDisturb {
            to: branches.busy.clone(),
        });
    }
    if d.condition_enabled
        && let Some(condition) = lookup.condition(d.condition)
    {
        steps.push(Step::Condition {
            condition,
            to: lookup.destination(d.condition_destination),
        });
    }
    steps.extend(ring_steps(tenant, extension, extensions, &lookup));
    CallFlow {
        number: extension.number.clone(),
        kind: extension.kind,
        steps,
        branches,
        outbound: super::outbound::policy(tenant, extension, extensions, &lookup),
        hold_music: lookup.value(ObjectKind::MohClass, s.call.moh_class.id()),
    }
}

/// Resolves references to tenant objects.
pub(super) struct Lookup<'a> {
    pub(super) objects: &'a [TenantObject],
    /// The tenant's extensions (a voicemail destination needs one).
    pub(super) extensions: &'a [Extension],
}

impl Lookup<'_> {
    fn object(&self, kind: ObjectKind, id: Option<i64>) -> Option<&TenantObject> {
        let id = id?;
        self.objects.iter().find(|o| o.id == id && o.kind == kind)
    }

    /// A destination object as a target; a dangling reference hangs up.
    pub(super) fn destination(&self, r: DestinationRef) -> Target {
        let Some(object) = self.object(ObjectKind::Destination, r.id()) else {
            return Target::Hangup;
        };
        match Destination::parse(&object.value) {
            Ok(Destination::Extension(n)) => Target::Extension(n),
            // The box of an extension that does not exist does not either.
            Ok(Destination::Voicemail(n)) if self.extensions.iter().any(|e| e.number == n) => {
                Target::Voicemail(n)
            }
            Ok(Destination::Number(n)) => Target::Number(n.as_str().to_owned()),
            Ok(Destination::Hangup | Destination::Voicemail(_)) | Err(_) => Target::Hangup,
        }
    }

    pub(super) fn condition(&self, r: ConditionRef) -> Option<NamedCondition> {
        self.object(ObjectKind::Condition, r.id())
            .map(|o| NamedCondition {
                name: o.name.as_str().to_owned(),
                spec: o.value.clone(),
            })
    }

    /// The value of a referenced object (a parking lot name, a call list).
    pub(super) fn value(&self, kind: ObjectKind, id: Option<i64>) -> Option<String> {
        self.object(kind, id).map(|o| o.value.clone())
    }

    fn parking_lot(&self, r: ParkingLotRef) -> Option<String> {
        self.value(ObjectKind::ParkingLot, r.id())
    }
}

/// What the pre-dial handler sets on the channels rung for `extension`.
fn callee_setup(extension: &Extension, lookup: &Lookup) -> Option<CalleeSetup> {
    let s = &extension.settings;
    let kind = extension.kind;
    let setup = CalleeSetup {
        tx_volume: s.call.tx_volume.get(),
        rx_volume: s.call.rx_volume.get(),
        auto_answer: if kind.is_phone() || kind == ExtensionKind::Custom {
            s.call.auto_answer
        } else {
            Default::default()
        },
        spy_groups: if kind.is_phone() || kind == ExtensionKind::Virtual {
            s.information.spy_groups.0.iter().copied().collect()
        } else {
            Vec::new()
        },
        parking_lot: if kind == ExtensionKind::Virtual {
            lookup.parking_lot(s.call.parking_lot)
        } else {
            None
        },
    };
    (!setup.is_empty()).then_some(setup)
}

/// Where a call goes when nothing else is configured: the voicemail box
/// when the extension has one (MWI on), else hang up.
fn default_target(extension: &Extension) -> Target {
    let has_box = matches!(
        extension.kind,
        ExtensionKind::Sip | ExtensionKind::Pjsip | ExtensionKind::Virtual
    ) && extension.settings.information.mwi_enabled;
    if has_box {
        Target::Voicemail(extension.number.clone())
    } else {
        Target::Hangup
    }
}

/// The ring target of a phone or custom extension (not virtual).
fn own_target(extension: &Extension) -> Option<RingTarget> {
    let s = &extension.settings;
    match extension.kind {
        ExtensionKind::Sip | ExtensionKind::Pjsip => {
            let stack = if extension.kind == ExtensionKind::Sip {
                SipStack::ChanSip
            } else {
                SipStack::Pjsip
            };
            let trunk_dial = s.trunk.trunk.then(|| match s.trunk.did_mode {
                DidMode::SetTo => TrunkDial::Did(s.trunk.did_number.as_str().to_owned()),
                DidMode::Automatic => TrunkDial::CalledNumber,
            });
            Some(RingTarget::Phone {
                number: extension.number.clone(),
                stack,
                username: extension.username.clone()?,
                trunk_dial,
            })
        }
        ExtensionKind::Custom if !s.security.custom_dial_target.is_empty() => {
            Some(RingTarget::Channel {
                number: extension.number.clone(),
                dial: s.security.custom_dial_target.as_str().to_owned(),
            })
        }
        ExtensionKind::Custom | ExtensionKind::Virtual => None,
    }
}

fn ring_steps(
    tenant: &Tenant,
    extension: &Extension,
    extensions: &[Extension],
    lookup: &Lookup,
) -> Vec<Step> {
    let s = &extension.settings;
    let (purpose, targets) = match extension.kind {
        ExtensionKind::Virtual => {
            let members = s
                .information
                .virtual_members
                .0
                .iter()
                .filter_map(|n| extensions.iter().find(|e| &e.number == n))
                .filter(|e| e.number != extension.number)
                .filter_map(own_target)
                .collect();
            (RingPurpose::Members, members)
        }
        ExtensionKind::Custom => (
            RingPurpose::Custom,
            own_target(extension).into_iter().collect(),
        ),
        _ => (
            RingPurpose::Extension,
            own_target(extension).into_iter().collect(),
        ),
    };
    let internal = match extension.kind {
        ExtensionKind::Virtual => s.information.virtual_internal_caller_id,
        ExtensionKind::Custom => s.security.custom_internal_caller_id,
        _ => InternalCallerId::Automatic,
    };
    let replace = (internal == InternalCallerId::Extension).then(|| {
        (
            extension.name.as_str().to_owned(),
            extension.number.as_str().to_owned(),
        )
    });
    let caller_id = CallerIdRule {
        hide_number: extension.kind.is_phone() && s.inbound.block_caller_id_number,
        hide_name: extension.kind.is_phone() && s.inbound.block_caller_id_name,
        replace,
        prefix: None,
    };
    let record = extension.kind.is_phone()
        && s.inbound_recording.inbound_recording == RecordingPolicy::Always;
    let record_notice = record && s.inbound_recording.inbound_recording_privacy;
    let timeout = s.information.ring_timeout.get() as u32;
    let mut own = Ring {
        purpose,
        targets,
        timeout,
        caller_id,
        only_when: None,
        confirm: None,
        announce: None,
        record,
        record_notice,
        busy_when_in_use: s.call.call_waiting != CallWaiting::Enabled,
        callee: callee_setup(extension, lookup),
    };
    let f = &s.fmfm;
    if !f.fmfm_enabled || f.fmfm_number.is_empty() {
        return vec![Step::Ring(own)];
    }
    let follow_number = f.fmfm_number.as_str().to_owned();
    let follow_caller_id = CallerIdRule {
        replace: match f.fmfm_caller_id {
            FmfmCallerId::Caller => None,
            // The tenant default number (and name, else the tenant's
            // name); a tenant without a default number leaves the caller's.
            FmfmCallerId::Tenant => {
                let defaults = &tenant.defaults.outbound;
                (!defaults.caller_id_number.is_empty()).then(|| {
                    let name = if defaults.caller_id_name.is_empty() {
                        tenant.name.as_str()
                    } else {
                        defaults.caller_id_name.as_str()
                    };
                    (
                        name.to_owned(),
                        defaults.caller_id_number.as_str().to_owned(),
                    )
                })
            }
            FmfmCallerId::Extension => Some((
                extension.name.as_str().to_owned(),
                if s.outbound.caller_id_number.is_empty() {
                    extension.number.as_str().to_owned()
                } else {
                    s.outbound.caller_id_number.as_str().to_owned()
                },
            )),
        },
        prefix: (!f.fmfm_prefix.is_empty()).then(|| f.fmfm_prefix.as_str().to_owned()),
        ..CallerIdRule::default()
    };
    let only_when = lookup.condition(f.fmfm_condition);
    let confirm = f.fmfm_confirm.then(|| Confirm {
        message: (!f.fmfm_confirm_message.is_empty())
            .then(|| f.fmfm_confirm_message.as_str().to_owned()),
    });
    let announce =
        (!f.fmfm_hold_message.is_empty()).then(|| f.fmfm_hold_message.as_str().to_owned());
    match f.fmfm_dial_method {
        DialMethod::Simultaneous if only_when.is_none() && confirm.is_none() => {
            // Rung together with the extension: the follow-me caller ID is
            // for the number's channel alone.
            own.targets.push(RingTarget::External {
                number: follow_number,
                caller_id: follow_caller_id,
            });
            own.announce = announce;
            vec![Step::Ring(own)]
        }
        _ => {
            if f.fmfm_delay.get() > 0 {
                own.timeout = f.fmfm_delay.get() as u32;
            }
            let follow_me = Ring {
                purpose: RingPurpose::FollowMe,
                targets: vec![RingTarget::External {
                    number: follow_number,
                    caller_id: CallerIdRule::default(),
                }],
                timeout: f.fmfm_timeout.get() as u32,
                caller_id: follow_caller_id,
                only_when,
                confirm,
                announce,
                record,
                record_notice,
                busy_when_in_use: false,
                callee: None,
            };
            vec![Step::Ring(own), Step::Ring(follow_me)]
        }
    }
}
