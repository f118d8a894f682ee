//! Calls a custom extension's target places itself: a call arriving from a
//! provider trunk whose caller ID number is the number of a custom
//! extension's dial target (`PJSIP/+15551230106@carrier` has number
//! `+15551230106`) is placed as that extension when its authentication
//! method accepts it:
//!
//! - `none`: never; the target cannot call as the extension.
//! - `ip` (source IP address): the call's source address is the IP address
//!   of the target (`SIP/106@10.1.2.3`, `PJSIP/trunk/sip:106@10.1.2.3`).
//! - `provider` (allowed providers only): the call arrives through one of
//!   the extension's allowed providers (the trunk's `PBX_PROVIDER`).
//!
//! With a non-empty "Allowed providers" list the call must also arrive
//! through one of them, whatever the method.

use serde::{Deserialize, Serialize};

use crate::extension::{Extension, ExtensionKind, ExtensionNumber};
use crate::values::CustomAuth;

/// How calls from a custom extension's target are recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetCalls {
    /// The custom extension the calls are placed as.
    pub number: ExtensionNumber,
    /// The caller ID number the target calls with.
    pub caller_id: String,
    /// The source address calls must come from (`ip` method).
    pub source_ip: Option<String>,
    /// The providers calls may arrive through (empty: any provider).
    pub providers: Vec<String>,
}

/// The dial target's number: the user part, `+15551230106` of
/// `PJSIP/+15551230106@carrier`, `106` of `SIP/106@10.1.2.3` or of
/// `PJSIP/trunk/sip:106@10.1.2.3`; `SIP/carrier/5551234` gives `5551234`.
pub fn target_number(target: &str) -> Option<&str> {
    let (_, rest) = target.split_once('/')?;
    let rest = rest.rsplit_once("sip:").map_or(rest, |(_, uri)| uri);
    let user = match rest.split_once('@') {
        Some((user, _)) => user,
        None => rest.rsplit_once('/').map(|(_, exten)| exten)?,
    };
    let dialable = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_digit() || "+*#".contains(c));
    dialable.then_some(user)
}

/// The IP address of the dial target's host, if it names one.
pub fn target_ip(target: &str) -> Option<std::net::IpAddr> {
    let (_, host) = target.rsplit_once('@')?;
    let host = host.trim_start_matches('[');
    let host = match host.split_once(']') {
        Some((v6, _)) => v6,
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    host.parse().ok()
}

/// What a call must look like to be placed as custom extension
/// `extension` (none for other kinds, the `none` method, or a target
/// without a number).
pub fn target_calls(extension: &Extension) -> Option<TargetCalls> {
    if extension.kind != ExtensionKind::Custom {
        return None;
    }
    let s = &extension.settings.security;
    let target = s.custom_dial_target.as_str();
    let caller_id = target_number(target)?.to_owned();
    let providers: Vec<String> = s
        .custom_allowed_providers
        .as_str()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    let source_ip = match s.custom_auth {
        CustomAuth::None => return None,
        CustomAuth::Ip => Some(target_ip(target)?.to_string()),
        CustomAuth::Provider => None,
    };
    Some(TargetCalls {
        number: extension.number.clone(),
        caller_id,
        source_ip,
        providers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_s_number_is_its_user_part() {
        assert_eq!(
            target_number("PJSIP/+15551230106@carrier"),
            Some("+15551230106")
        );
        assert_eq!(target_number("SIP/106@10.1.2.3"), Some("106"));
        assert_eq!(
            target_number("PJSIP/trunk/sip:106@10.1.2.3:5060"),
            Some("106")
        );
        assert_eq!(target_number("SIP/carrier/5551234"), Some("5551234"));
        assert_eq!(target_number("PJSIP/deskphone"), None);
        assert_eq!(target_number("PJSIP/bob@carrier"), None);
    }

    #[test]
    fn a_target_s_ip_is_its_host_when_it_is_an_address() {
        assert_eq!(
            target_ip("SIP/106@10.1.2.3").map(|ip| ip.to_string()),
            Some("10.1.2.3".into())
        );
        assert_eq!(
            target_ip("PJSIP/t/sip:106@10.1.2.3:5070").map(|ip| ip.to_string()),
            Some("10.1.2.3".into())
        );
        assert_eq!(
            target_ip("PJSIP/t/sip:106@[2001:db8::1]:5070").map(|ip| ip.to_string()),
            Some("2001:db8::1".into())
        );
        assert_eq!(target_ip("PJSIP/+1555@carrier"), None);
    }
}
