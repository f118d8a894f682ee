//! The FreePBX Bulk Handler columns this system understands, and what each
//! becomes. The documentation's mapping table is generated from this list.

use super::convert as c;

/// One column of ours, computed from one or more FreePBX columns.
pub struct Mapping {
    /// Our column (a core column or a setting key).
    pub target: &'static str,
    /// The FreePBX columns read, in order of preference.
    pub sources: &'static [&'static str],
    /// How the value is translated, for the documentation.
    pub note: &'static str,
    /// The translation; an empty result keeps the default.
    pub convert: fn(&[&str]) -> String,
}

macro_rules! map {
    ($target:literal <- [$($source:literal),+], $convert:path, $note:literal) => {
        Mapping { target: $target, sources: &[$($source),+], note: $note, convert: $convert }
    };
}

/// Every mapping, in our column order.
pub const MAPPINGS: &[Mapping] = &[
    map!("kind" <- ["tech"], c::kind, "`pjsip`, `sip`, `custom`, `virtual`; other technologies are rejected"),
    map!("number" <- ["extension"], c::first, "as is"),
    map!("name" <- ["name"], c::first, "as is"),
    map!("description" <- ["description"], c::first, "as is"),
    map!("secret" <- ["secret"], c::first, "as is; it must pass the secret rules (12+ characters, ...)"),
    map!("codecs" <- ["allow", "disallow"], c::codecs, "`ulaw&alaw` becomes `ulaw,alaw`; `disallow` is implied"),
    map!("dtmf_mode" <- ["dtmfmode"], c::dtmf_mode, "`rfc2833` becomes `rfc4733`, `shortinfo` becomes `info`"),
    map!("direct_media" <- ["direct_media", "canreinvite"], c::direct_media, "anything but `no` is `yes`"),
    map!("call_groups" <- ["callgroup", "namedcallgroup"], c::first, "numeric groups only (0-63)"),
    map!("pickup_groups" <- ["pickupgroup", "namedpickupgroup"], c::first, "numeric groups only (0-63)"),
    map!("mwi_enabled" <- ["voicemail_enable"], c::yes_no, "`yes`/`no`"),
    map!("ring_timeout" <- ["ringtimer"], c::ring_timer, "seconds; `0` (system default) keeps our default"),
    map!("nat" <- ["nat"], c::nat, "`yes` becomes `force_rport,comedia`, `never` becomes `no`"),
    map!("force_rport" <- ["force_rport"], c::yes_no, "`yes`/`no`"),
    map!("rtp_symmetric" <- ["rtp_symmetric"], c::yes_no, "`yes`/`no`"),
    map!("rewrite_contact" <- ["rewrite_contact"], c::yes_no, "`yes`/`no`"),
    map!("qualify" <- ["qualify"], c::qualify, "a number of milliseconds means `yes`"),
    map!("qualify_frequency" <- ["qualifyfreq", "qualify_frequency"], c::first, "seconds"),
    map!("call_waiting" <- ["callwaiting_enable", "callwaiting"], c::call_waiting, "`ENABLED` becomes `enabled`, empty keeps the default"),
    map!("allowed_ips" <- ["permit", "deny"], c::permit, "`addr/255.255.255.0` becomes `addr/24`; `0.0.0.0/0.0.0.0` means no filter; `deny` is implied"),
    map!("transport" <- ["transport"], c::transport, "the first transport listed (`udp,tcp,tls` gives `udp`)"),
    map!("media_encryption" <- ["media_encryption", "encryption"], c::media_encryption, "chan_sip `encryption=yes` becomes `sdes`"),
    map!("caller_id_number" <- ["outboundcid"], c::caller_id_number, "the number of `\"Name\" <number>`"),
    map!("caller_id_name" <- ["outboundcid"], c::caller_id_name, "the name of `\"Name\" <number>`"),
    map!("emergency_caller_id" <- ["emergency_cid"], c::first, "as is"),
    map!("fmfm_enabled" <- ["findmefollow_enabled"], c::yes_no, "`yes`/`CHECKED`"),
    map!("fmfm_number" <- ["findmefollow_grplist"], c::follow_me_number, "the first external number (`0917...#`)"),
    map!("fmfm_dial_method" <- ["findmefollow_strategy"], c::follow_me_strategy, "`ringall*` rings together, hunt strategies in turn"),
    map!("fmfm_confirm" <- ["findmefollow_needsconf"], c::yes_no, "`CHECKED` becomes `yes`"),
    map!("fmfm_delay" <- ["findmefollow_pre_ring"], c::first, "seconds"),
    map!("fmfm_timeout" <- ["findmefollow_grptime"], c::first, "seconds"),
    map!("outbound_proxy" <- ["outbound_proxy"], c::first, "as is (a SIP URI)"),
    map!("max_contacts" <- ["max_contacts"], c::first, "as is"),
];

/// The mapping of our column `target`.
pub fn mapping_of(target: &str) -> Option<&'static Mapping> {
    MAPPINGS.iter().find(|m| m.target == target)
}
