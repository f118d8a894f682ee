//! The Edit PJSIP Endpoint page. Options keep Asterisk's names and defaults
//! (Asterisk 20 `pjsip_configuration.c`). Direct Media, Rewrite Contact,
//! Force rport and RTP Symmetric are shown on this page too but are
//! described once, in the Information and NAT Control sections.

use crate::catalogue::{Effect, Kinds};
use crate::values::{
    ConnectedLineMethod, DirectMediaMethod, FilePath, GlareMitigation, Host, SipUri,
};

/// Settings of other sections that the endpoint page also edits.
pub const SHARED_WITH_ENDPOINT_PAGE: &[&str] = &[
    "direct_media",
    "rewrite_contact",
    "force_rport",
    "rtp_symmetric",
];

define_section! {
    /// Edit PJSIP Endpoint.
    PjsipEndpoint, "pjsip_endpoint", "PJSIP Endpoint", Page::PjsipEndpoint {
        connected_line_method: ConnectedLineMethod = ConnectedLineMethod::Invite, Kinds::PJSIP, "Information",
            "Connected Line Method", "Connected line media type.",
            [Effect::endpoint("connected_line_method").default("invite")];
        direct_media_method: DirectMediaMethod = DirectMediaMethod::Invite, Kinds::PJSIP, "Information",
            "DirectMedia Method", "Direct Media method type.",
            [Effect::endpoint("direct_media_method").default("invite")];
        direct_media_glare_mitigation: GlareMitigation = GlareMitigation::None, Kinds::PJSIP, "Information",
            "Direct Media Glare Mitigation", "Mitigation of direct media re-INVITE glare.",
            [Effect::endpoint("direct_media_glare_mitigation").default("none")];
        disable_direct_media_on_nat: bool = false, Kinds::PJSIP, "Information",
            "Disable direct media on NAT", "Disable direct media session refreshes when NAT obstructs the media session.",
            [Effect::endpoint("disable_direct_media_on_nat").default("no")];
        outbound_proxy: SipUri = SipUri::default(), Kinds::PJSIP, "Information",
            "Outbound Proxy", "Proxy through which to send requests; a full SIP URI must be provided.",
            [Effect::endpoint("outbound_proxy")];
        t38_udptl_nat: bool = false, Kinds::PJSIP, "Information",
            "T.38 UDPTL NAT", "Use the NATted IP in the UDPTL for T.38.",
            [Effect::endpoint("t38_udptl_nat").default("no")];
        rpid_immediate: bool = false, Kinds::PJSIP, "Information",
            "RPID Immediate", "Immediately send connected line updates on unanswered incoming calls.",
            [Effect::endpoint("rpid_immediate").default("no")];
        use_ptime: bool = false, Kinds::PJSIP, "Information",
            "Use ptime", "Use the endpoint's requested packetization interval.",
            [Effect::endpoint("use_ptime").default("no")];
        rtcp_mux: bool = false, Kinds::PJSIP, "Information",
            "RTCP Mux", "Whether RTP and RTCP can be multiplexed on the same transport flow.",
            [Effect::endpoint("rtcp_mux").default("no")];
        notify_early_inuse_ringing: bool = false, Kinds::PJSIP, "Information",
            "Notify Ringing when Ring in Use", "When the extension is in use and ringing, notify ringing.",
            [Effect::endpoint("notify_early_inuse_ringing").default("no")];
        dtls_cert_file: FilePath = FilePath::default(), Kinds::PJSIP, "Security",
            "DTLS certificate file path", "Path to the certificate file to present to the peer.",
            [Effect::endpoint("dtls_cert_file")];
        dtls_ca_file: FilePath = FilePath::default(), Kinds::PJSIP, "Security",
            "DTLS CA certificate file path", "Path to the certificate authority certificate.",
            [Effect::endpoint("dtls_ca_file")];
        dtls_auto_generate_cert: bool = false, Kinds::PJSIP, "Security",
            "DTLS Auto generate certificate", "Enable ephemeral DTLS certificate generation.",
            [Effect::endpoint("dtls_auto_generate_cert").default("no")];
        media_address: Host = Host::default(), Kinds::PJSIP, "Transport",
            "External Media Address", "External IP address to use in RTP handling.",
            [Effect::endpoint("media_address")];
    }
}
