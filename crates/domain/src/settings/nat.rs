//! NAT Control: reachability and keepalives for phones behind NAT.

use crate::catalogue::{Effect, Kinds};
use crate::values::*;

define_section! {
    /// NAT Control.
    Nat, "nat", "NAT Control", Page::Extension {
        nat: NatMode = NatMode::ForceRportComedia, Kinds::SIP, "NAT",
            "NAT", "How NAT traversal is handled for the chan_sip peer.",
            [Effect::Peer("nat")];
        force_rport: bool = true, Kinds::PJSIP, "NAT",
            "Force rport", "Force use of return port.",
            [Effect::Endpoint("force_rport")];
        rtp_symmetric: bool = false, Kinds::PJSIP, "NAT",
            "RTP Symmetric", "Enforce that RTP must be symmetric.",
            [Effect::Endpoint("rtp_symmetric")];
        rewrite_contact: bool = false, Kinds::PJSIP, "NAT",
            "Rewrite Contact", "Allow Contact header to be rewritten with the source IP address-port.",
            [Effect::Endpoint("rewrite_contact")];
        qualify: bool = true, Kinds::PHONE, "Qualify and qualify frequency",
            "Qualify", "Check that the endpoint is reachable with OPTIONS requests.",
            [Effect::Peer("qualify"), Effect::Aor("qualify_frequency")];
        qualify_frequency: Bounded<1, 3600> = Bounded::new(60), Kinds::PHONE, "Qualify and qualify frequency",
            "Qualify frequency (s)", "Seconds between reachability checks.",
            [Effect::Peer("qualifyfreq"), Effect::Aor("qualify_frequency")];
        keepalive: Bounded<0, 3600> = Bounded::new(0), Kinds::SIP, "Keep alive and RTP keep alive",
            "Keep alive (s)", "Seconds between keep-alive packets to the peer (0: off).",
            [Effect::Peer("keepalive")];
        rtp_keepalive: Bounded<0, 3600> = Bounded::new(0), Kinds::PHONE, "Keep alive and RTP keep alive",
            "RTP keep alive (s)", "Seconds between RTP keep-alive packets during calls (0: off).",
            [Effect::Endpoint("rtp_keepalive"), Effect::Peer("rtpkeepalive")];
    }
}
