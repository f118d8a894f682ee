//! What settings need to know of the Asterisk node an extension is rendered
//! for: the PJSIP transport section it offers per SIP transport.

use crate::values::SipTransport;

/// PJSIP transport section names, one per SIP transport the node offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transports {
    /// The UDP transport's section, e.g. `transport-udp`.
    pub udp: Option<String>,
    /// The TCP transport's section.
    pub tcp: Option<String>,
    /// The TLS transport's section.
    pub tls: Option<String>,
    /// The WebSocket transport's section.
    pub ws: Option<String>,
    /// The secure WebSocket transport's section.
    pub wss: Option<String>,
}

impl Transports {
    /// `transport-udp`, `transport-tcp`, ... for every transport.
    pub fn standard() -> Transports {
        let name = |t: &str| Some(format!("transport-{t}"));
        Transports {
            udp: name("udp"),
            tcp: name("tcp"),
            tls: name("tls"),
            ws: name("ws"),
            wss: name("wss"),
        }
    }

    /// The section name for `transport`, if the node offers it.
    pub fn name_for(&self, transport: SipTransport) -> Option<&str> {
        match transport {
            SipTransport::Udp => self.udp.as_deref(),
            SipTransport::Tcp => self.tcp.as_deref(),
            SipTransport::Tls => self.tls.as_deref(),
            SipTransport::Ws => self.ws.as_deref(),
            SipTransport::Wss => self.wss.as_deref(),
        }
    }
}
