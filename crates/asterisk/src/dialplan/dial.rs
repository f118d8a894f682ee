//! Dial strings and destination actions, built only from gated literals.

use pbx_domain::callflow::{RingTarget, Target, TrunkDial};
use pbx_domain::tenant::SipStack;

use super::names::Names;
use crate::escape::{UnsafeValue, dial_literal};

/// The local channel of a phone, e.g. `PJSIP/101-ACME` or, in trunk mode,
/// `PJSIP/${PBX_CALLED}@101-ACME` / `SIP/104-ACME/5551234`.
pub fn phone_channel(
    stack: SipStack,
    username: &str,
    trunk: Option<&TrunkDial>,
) -> Result<String, UnsafeValue> {
    let username = dial_literal("username", username)?;
    let user_part = match trunk {
        None => None,
        Some(TrunkDial::CalledNumber) => Some("${PBX_CALLED}"),
        Some(TrunkDial::Did(did)) => Some(dial_literal("DID number", did)?),
    };
    Ok(match (stack, user_part) {
        (SipStack::Pjsip, None) => format!("PJSIP/{username}"),
        (SipStack::Pjsip, Some(user)) => format!("PJSIP/{user}@{username}"),
        (SipStack::ChanSip, None) => format!("SIP/{username}"),
        (SipStack::ChanSip, Some(user)) => format!("SIP/{username}/{user}"),
    })
}

/// The device a phone's state is read from, e.g. `PJSIP/101-ACME`.
pub fn device(stack: SipStack, username: &str) -> String {
    match stack {
        SipStack::Pjsip => format!("PJSIP/{username}"),
        SipStack::ChanSip => format!("SIP/{username}"),
    }
}

/// The dial string of one ring target. A phone that is not registered on
/// this node is reached over the inter-node trunk when there is one.
pub fn dial_string(names: &Names, target: &RingTarget) -> Result<String, UnsafeValue> {
    match target {
        RingTarget::Phone {
            number,
            stack,
            username,
            trunk_dial,
        } => {
            let local = phone_channel(*stack, username.as_str(), trunk_dial.as_ref())?;
            Ok(match &names.inter_node_trunk {
                None => local,
                Some(trunk) => format!(
                    "${{IF($[\"${{DEVICE_STATE({})}}\" = \"UNAVAILABLE\"]?PJSIP/{}@{trunk}:{local})}}",
                    device(*stack, username.as_str()),
                    names.internode_exten(number.as_str()),
                ),
            })
        }
        RingTarget::Channel { dial, .. } => {
            Ok(dial_literal("custom dial target", dial)?.to_owned())
        }
        RingTarget::External { number, .. } => Ok(format!(
            "Local/{}@{}/n",
            dial_literal("follow-me number", number)?,
            names.outbound
        )),
    }
}

/// The application that sends a call to `target`, and its arguments.
/// `reason` picks the voicemail greeting: `u` unavailable, `b` busy.
pub fn target_action(
    names: &Names,
    target: &Target,
    reason: &str,
) -> Result<(&'static str, String), UnsafeValue> {
    Ok(match target {
        Target::Extension(n) => ("Goto", format!("{},{n},1", names.ext)),
        Target::Voicemail(n) => ("VoiceMail", format!("{n}@{},{reason}", names.tenant)),
        Target::Number(n) => (
            "Goto",
            format!("{},{},1", names.outbound, dial_literal("number", n)?),
        ),
        Target::Hangup => ("Hangup", String::new()),
    })
}
