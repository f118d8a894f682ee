//! Device states as Asterisk reports them (`DeviceStateChange` events of
//! the manager interface), and the device name of an extension.

use pbx_domain::ExtensionKind;

/// The state of a device (`ast_devstate_str` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Registered and idle (`NOT_INUSE`).
    NotInUse,
    /// In a call (`INUSE`).
    InUse,
    /// Busy (`BUSY`).
    Busy,
    /// Ringing (`RINGING`).
    Ringing,
    /// Ringing while in a call (`RINGINUSE`).
    RingInUse,
    /// A call on hold (`ONHOLD`).
    OnHold,
    /// Not registered or not reachable (`UNAVAILABLE`).
    Unavailable,
    /// `INVALID`.
    Invalid,
    /// `UNKNOWN`, or a value this version does not know.
    Unknown,
}

impl DeviceStatus {
    /// Parses the `State:` of a `DeviceStateChange` event.
    pub fn parse(raw: &str) -> DeviceStatus {
        match raw.trim() {
            "NOT_INUSE" => DeviceStatus::NotInUse,
            "INUSE" => DeviceStatus::InUse,
            "BUSY" => DeviceStatus::Busy,
            "RINGING" => DeviceStatus::Ringing,
            "RINGINUSE" => DeviceStatus::RingInUse,
            "ONHOLD" => DeviceStatus::OnHold,
            "UNAVAILABLE" => DeviceStatus::Unavailable,
            "INVALID" => DeviceStatus::Invalid,
            _ => DeviceStatus::Unknown,
        }
    }

    /// The lower-case name used in JSON and CSS classes, e.g. `not_in_use`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::NotInUse => "not_in_use",
            DeviceStatus::InUse => "in_use",
            DeviceStatus::Busy => "busy",
            DeviceStatus::Ringing => "ringing",
            DeviceStatus::RingInUse => "ring_in_use",
            DeviceStatus::OnHold => "on_hold",
            DeviceStatus::Unavailable => "unavailable",
            DeviceStatus::Invalid => "invalid",
            DeviceStatus::Unknown => "unknown",
        }
    }

    /// What the list page says about it.
    pub fn label(self) -> &'static str {
        match self {
            DeviceStatus::NotInUse => "Registered, idle",
            DeviceStatus::InUse => "In a call",
            DeviceStatus::Busy => "Busy",
            DeviceStatus::Ringing => "Ringing",
            DeviceStatus::RingInUse => "In a call, ringing",
            DeviceStatus::OnHold => "On hold",
            DeviceStatus::Unavailable => "Not registered",
            DeviceStatus::Invalid => "Invalid device",
            DeviceStatus::Unknown => "State unknown",
        }
    }

    /// How much the state says about where the phone is: with several
    /// nodes, the device is registered on at most one, and the others
    /// report it unavailable, so the most telling state wins.
    fn weight(self) -> u8 {
        match self {
            DeviceStatus::Unknown | DeviceStatus::Invalid => 0,
            DeviceStatus::Unavailable => 1,
            DeviceStatus::NotInUse => 2,
            DeviceStatus::OnHold => 3,
            DeviceStatus::Ringing => 4,
            DeviceStatus::InUse | DeviceStatus::Busy | DeviceStatus::RingInUse => 5,
        }
    }

    /// The state to show for a device reported by several nodes.
    pub fn merge(self, other: DeviceStatus) -> DeviceStatus {
        if other.weight() > self.weight() {
            other
        } else {
            self
        }
    }
}

/// The device an extension registers as (`PJSIP/100-ACME`, `SIP/100-ACME`);
/// custom and virtual extensions have none.
pub fn device_name(extension_kind: ExtensionKind, username: &str) -> Option<String> {
    // A phone's kind names its channel technology (`PJSIP`, `SIP`).
    extension_kind
        .is_phone()
        .then(|| format!("{}/{username}", extension_kind.tech()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asterisk_state_names_parse_and_unknown_ones_are_unknown() {
        assert_eq!(DeviceStatus::parse("NOT_INUSE"), DeviceStatus::NotInUse);
        assert_eq!(DeviceStatus::parse("RINGINUSE"), DeviceStatus::RingInUse);
        assert_eq!(DeviceStatus::parse("SOMETHING_NEW"), DeviceStatus::Unknown);
        assert_eq!(DeviceStatus::NotInUse.as_str(), "not_in_use");
    }

    #[test]
    fn the_node_where_the_phone_is_registered_wins() {
        let unavailable = DeviceStatus::Unavailable;
        assert_eq!(
            unavailable.merge(DeviceStatus::NotInUse),
            DeviceStatus::NotInUse
        );
        assert_eq!(DeviceStatus::InUse.merge(unavailable), DeviceStatus::InUse);
        assert_eq!(DeviceStatus::Unknown.merge(unavailable), unavailable);
    }

    #[test]
    fn only_phones_have_devices() {
        assert_eq!(
            device_name(ExtensionKind::Pjsip, "100-ACME").as_deref(),
            Some("PJSIP/100-ACME")
        );
        assert_eq!(
            device_name(ExtensionKind::Sip, "100-ACME").as_deref(),
            Some("SIP/100-ACME")
        );
        assert_eq!(device_name(ExtensionKind::Virtual, "x"), None);
    }
}
