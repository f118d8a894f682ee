//! Asterisk option values that are not simply a setting's text: read from
//! several settings, from the extension itself, the tenant's objects or the
//! node's transports, or spelled differently by chan_sip. The section
//! declarations name these functions next to the option they compute.
#![expect(
    clippy::unnecessary_wraps,
    reason = "every value function has the catalogue's ValueFn signature"
)]

use std::collections::BTreeSet;

use crate::catalogue::OptionInput;
use crate::values::{CallWaiting, CallerIdSource, DtmfMode, FaxMode, MediaEncryption, ObjectKind};

fn yes_no(on: bool) -> Option<String> {
    Some(if on { "yes" } else { "no" }.to_owned())
}

/// The value of the tenant object `id` of `kind`, if it exists.
fn object_value(input: &OptionInput, kind: ObjectKind, id: Option<i64>) -> Option<String> {
    let id = id?;
    input
        .objects
        .iter()
        .find(|o| o.id == id && o.kind == kind)
        .map(|o| o.value.clone())
}

/// The node's PJSIP transport section for the extension's transport;
/// none when the node does not offer it (Asterisk then takes the first).
pub fn pjsip_transport(input: &OptionInput) -> Option<String> {
    let transport = input.settings().security.transport;
    input.transports.name_for(transport).map(str::to_owned)
}

/// `"Name" <number>`: the outbound caller ID name (else the extension
/// name) without the quote, backslash and angle brackets that would change
/// how Asterisk splits name and number.
pub fn caller_id(input: &OptionInput) -> Option<String> {
    let extension = input.extension;
    let name = extension.settings.outbound.caller_id_name.as_str();
    let name = if name.is_empty() {
        extension.name.as_str()
    } else {
        name
    };
    let name: String = name.chars().filter(|c| !"\"<>\\".contains(*c)).collect();
    Some(format!("\"{}\" <{}>", name.trim(), extension.number))
}

/// The extension's voicemail box, `<number>@<TENANT>`, while MWI is on.
pub fn mailbox(input: &OptionInput) -> Option<String> {
    let extension = input.extension;
    extension
        .settings
        .information
        .mwi_enabled
        .then(|| format!("{}@{}", extension.number, input.tenant))
}

/// Groups as Asterisk ranges, e.g. `1,3-5`.
fn group_ranges(groups: &BTreeSet<u8>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = groups.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end = iter.next().unwrap_or(end);
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    parts.join(",")
}

/// The call groups as ranges.
pub fn call_groups(input: &OptionInput) -> Option<String> {
    Some(group_ranges(&input.settings().information.call_groups.0))
}

/// The pickup groups as ranges.
pub fn pickup_groups(input: &OptionInput) -> Option<String> {
    Some(group_ranges(&input.settings().information.pickup_groups.0))
}

/// The class name of the chosen music-on-hold object.
pub fn moh_class(input: &OptionInput) -> Option<String> {
    object_value(
        input,
        ObjectKind::MohClass,
        input.settings().call.moh_class.id(),
    )
}

/// The language code of the chosen language object.
pub fn language(input: &OptionInput) -> Option<String> {
    object_value(
        input,
        ObjectKind::Language,
        input.settings().call.language.id(),
    )
}

/// `1` without call waiting: busy from the first call on.
pub fn busy_at_one(input: &OptionInput) -> Option<String> {
    (input.settings().call.call_waiting == CallWaiting::Disabled).then(|| "1".to_owned())
}

/// chan_sip counts calls (needed for `busylevel`) without call waiting.
pub fn call_counter(input: &OptionInput) -> Option<String> {
    yes_no(input.settings().call.call_waiting == CallWaiting::Disabled)
}

/// T.38 passthrough.
pub fn t38_udptl(input: &OptionInput) -> Option<String> {
    yes_no(input.settings().call.fax == FaxMode::T38)
}

/// Fax tone detection.
pub fn fax_detect(input: &OptionInput) -> Option<String> {
    yes_no(input.settings().call.fax == FaxMode::Detect)
}

/// With an allow list, everything else is denied first.
pub fn deny_all_but_allowed(input: &OptionInput) -> Option<String> {
    (!input.settings().security.allowed_ips.0.is_empty()).then(|| "0.0.0.0/0.0.0.0,::/0".to_owned())
}

/// chan_sip's `encryption`: SRTP for SDES and DTLS.
pub fn peer_encryption(input: &OptionInput) -> Option<String> {
    yes_no(input.settings().security.media_encryption != MediaEncryption::No)
}

/// chan_sip's `dtlsenable`: DTLS-SRTP.
pub fn peer_dtls(input: &OptionInput) -> Option<String> {
    yes_no(input.settings().security.media_encryption == MediaEncryption::Dtls)
}

/// The endpoint trusts the identity the phone sends when outbound caller
/// ID comes from its header or a trunk's caller ID is read from an
/// identity header (P-Asserted-Identity, P-Preferred-Identity,
/// Remote-Party-ID). A trunk whose caller ID is read from the From header
/// trusts none: PJSIP reads the From only while it trusts no identity.
pub fn trust_id_inbound(input: &OptionInput) -> Option<String> {
    let s = input.settings();
    let identity_header = matches!(
        s.trunk.caller_id_source,
        CallerIdSource::Pai | CallerIdSource::Ppi | CallerIdSource::Rpid
    );
    yes_no(s.outbound.caller_id_from_header || identity_header)
}

/// chan_sip trusts the identity headers (`trustrpid` covers both
/// P-Asserted-Identity and Remote-Party-ID: untrusted, it reads neither)
/// when the caller ID source is one of them.
pub fn trust_rpid(input: &OptionInput) -> Option<String> {
    yes_no(matches!(
        input.settings().trunk.caller_id_source,
        CallerIdSource::Pai | CallerIdSource::Rpid
    ))
}

/// chan_sip sends private identity when trusted; otherwise the option
/// stays at chan_sip's default (`legacy`), as pbx has always rendered it.
pub fn peer_trust_id_outbound(input: &OptionInput) -> Option<String> {
    input
        .settings()
        .security
        .trust_id_outbound
        .then(|| "yes".to_owned())
}

/// chan_sip's spelling of the DTMF mode (RFC 4733 is `rfc2833`; it has no
/// INFO fallback, so `auto_info` is `auto`).
pub fn peer_dtmf(input: &OptionInput) -> Option<String> {
    let mode = match input.settings().information.dtmf_mode {
        DtmfMode::Rfc4733 => "rfc2833",
        DtmfMode::Inband => "inband",
        DtmfMode::Info => "info",
        DtmfMode::Auto | DtmfMode::AutoInfo => "auto",
    };
    Some(mode.to_owned())
}

/// The qualify interval while qualify is on.
pub fn qualify_frequency(input: &OptionInput) -> Option<String> {
    let nat = &input.settings().nat;
    nat.qualify.then(|| nat.qualify_frequency.get().to_string())
}

#[cfg(test)]
mod tests {
    use super::group_ranges;

    #[test]
    fn groups_collapse_into_ranges() {
        let groups = [1u8, 3, 4, 5, 9].into_iter().collect();
        assert_eq!(group_ranges(&groups), "1,3-5,9");
    }
}
