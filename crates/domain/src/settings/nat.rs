//! NAT Control: reachability and keepalives for phones behind NAT.

use super::option_values;
use crate::catalogue::{Effect, Kinds};
use crate::values::{Bounded, NatMode};

define_section! {
    /// NAT Control.
    Nat, "nat", "NAT Control", Page::Extension {
        nat: NatMode = NatMode::AutoForceRportAutoComedia, Kinds::SIP, "NAT",
            "NAT", "How NAT traversal is handled for the chan_sip peer. The automatic modes act when chan_sip detects NAT; a forced rport differs from chan_sip's global default, so chan_sip warns at load that peer names become discoverable.",
            [Effect::peer("nat").default("auto_force_rport")];
        force_rport: bool = true, Kinds::PJSIP, "NAT",
            "Force rport", "Force use of return port.",
            [Effect::endpoint("force_rport").default("yes")];
        rtp_symmetric: bool = false, Kinds::PJSIP, "NAT",
            "RTP Symmetric", "Enforce that RTP must be symmetric.",
            [Effect::endpoint("rtp_symmetric").default("no")];
        rewrite_contact: bool = false, Kinds::PJSIP, "NAT",
            "Rewrite Contact", "Allow Contact header to be rewritten with the source IP address-port.",
            [Effect::endpoint("rewrite_contact").default("no")];
        qualify: bool = true, Kinds::PHONE, "Qualify and qualify frequency",
            "Qualify", "Check that the endpoint is reachable with OPTIONS requests.",
            [Effect::peer("qualify").default("no"),
                Effect::peer("qualifyfreq").default("60").value(option_values::qualify_frequency),
                Effect::aor("qualify_frequency").default("0").value(option_values::qualify_frequency)];
        qualify_frequency: Bounded<1, 3600> = Bounded::new(60), Kinds::PHONE, "Qualify and qualify frequency",
            "Qualify frequency (s)", "Seconds between reachability checks.",
            [Effect::peer("qualifyfreq").default("60").value(option_values::qualify_frequency),
                Effect::aor("qualify_frequency").default("0").value(option_values::qualify_frequency)];
        keepalive: Bounded<0, 3600> = Bounded::new(0), Kinds::SIP, "Keep alive and RTP keep alive",
            "Keep alive (s)", "Seconds between keep-alive packets to the peer (0: off).",
            [Effect::peer("keepalive").default("0")];
        rtp_keepalive: Bounded<0, 3600> = Bounded::new(0), Kinds::PHONE, "Keep alive and RTP keep alive",
            "RTP keep alive (s)", "Seconds between RTP keep-alive packets during calls (0: off).",
            [Effect::endpoint("rtp_keepalive").default("0"), Effect::peer("rtpkeepalive").default("0")];
    }
}
