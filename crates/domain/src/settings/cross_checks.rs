//! Rules that relate two or more settings of one document.

use super::Settings;
use crate::callflow::{target_ip, target_number};
use crate::error::ValidationErrors;
use crate::extension::ExtensionKind;
use crate::values::{CustomAuth, DidMode, OutboundFilter};

pub(super) fn check(s: &Settings, kind: ExtensionKind) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    let mut require = |on: bool, key: &str, message: &str| {
        if on {
            errors.push(Settings::path_of(key), message);
        }
    };
    require(
        s.trunk.trunk && s.trunk.did_mode == DidMode::SetTo && s.trunk.did_number.is_empty(),
        "did_number",
        "is required when DID Number is Set to",
    );
    require(
        s.security.outbound_filter == OutboundFilter::Regex && s.security.outbound_regex.is_empty(),
        "outbound_regex",
        "is required when Outbound destinations is regex",
    );
    require(
        s.fmfm.fmfm_enabled && s.fmfm.fmfm_number.is_empty(),
        "fmfm_number",
        "is required when follow me is enabled",
    );
    let d = &s.destinations;
    require(
        d.unconditional_enabled && d.unconditional_destination.id().is_none(),
        "unconditional_destination",
        "is required when Unconditional is checked",
    );
    require(
        d.no_answer_enabled && d.no_answer_destination.id().is_none(),
        "no_answer_destination",
        "is required when On no answer is checked",
    );
    require(
        d.busy_enabled && d.busy_destination.id().is_none(),
        "busy_destination",
        "is required when On busy is checked",
    );
    require(
        d.offline_enabled && d.offline_destination.id().is_none(),
        "offline_destination",
        "is required when On offline is checked",
    );
    require(
        d.condition_enabled && d.condition.id().is_none(),
        "condition",
        "is required when On condition is checked",
    );
    require(
        d.condition_enabled && d.condition_destination.id().is_none(),
        "condition_destination",
        "is required when On condition is checked",
    );
    require(
        kind == ExtensionKind::Custom && s.security.custom_dial_target.is_empty(),
        "custom_dial_target",
        "is required for a custom extension",
    );
    let target = s.security.custom_dial_target.as_str();
    require(
        kind == ExtensionKind::Custom
            && s.security.custom_auth != CustomAuth::None
            && !target.is_empty()
            && target_number(target).is_none(),
        "custom_auth",
        "needs a dial target with a number its calls carry as caller ID, e.g. PJSIP/+15551230106@carrier",
    );
    require(
        kind == ExtensionKind::Custom
            && s.security.custom_auth == CustomAuth::Ip
            && !target.is_empty()
            && target_ip(target).is_none(),
        "custom_auth",
        "Source IP address needs a dial target with an IP address, e.g. SIP/106@10.1.2.3",
    );
    // Asterisk refuses the endpoint otherwise ("You cannot request
    // automatically generated certificates ... and also specify a
    // certificate file"), seen on a live Asterisk 20.
    require(
        kind == ExtensionKind::Pjsip
            && s.pjsip_endpoint.dtls_auto_generate_cert
            && !s.pjsip_endpoint.dtls_cert_file.is_empty(),
        "dtls_auto_generate_cert",
        "cannot be on together with a DTLS certificate file",
    );
    let aor = &s.pjsip_aor;
    require(
        kind == ExtensionKind::Pjsip
            && (aor.minimum_expiration.get() > aor.default_expiration.get()
                || aor.default_expiration.get() > aor.maximum_expiration.get()),
        "default_expiration",
        "must lie between Minimum Expiration and Maximum Expiration",
    );
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_dtls_certificate_and_a_certificate_file_exclude_each_other() {
        let mut s = Settings::default();
        s.set_text("dtls_auto_generate_cert", "yes")
            .unwrap()
            .unwrap();
        assert!(check(&s, ExtensionKind::Pjsip).is_empty());
        s.set_text("dtls_cert_file", "/etc/asterisk/keys/pbx.pem")
            .unwrap()
            .unwrap();
        let errors = check(&s, ExtensionKind::Pjsip);
        assert_eq!(errors.messages().len(), 1, "{errors:?}");
    }

    #[test]
    fn calls_from_a_custom_target_need_its_number_and_for_ip_its_address() {
        let mut s = Settings::default();
        s.set_text("custom_dial_target", "PJSIP/deskphone")
            .unwrap()
            .unwrap();
        s.set_text("custom_auth", "provider").unwrap().unwrap();
        assert_eq!(check(&s, ExtensionKind::Custom).messages().len(), 1);
        s.set_text("custom_dial_target", "PJSIP/+15551230106@carrier")
            .unwrap()
            .unwrap();
        assert!(check(&s, ExtensionKind::Custom).is_empty());
        s.set_text("custom_auth", "ip").unwrap().unwrap();
        assert_eq!(check(&s, ExtensionKind::Custom).messages().len(), 1);
        s.set_text("custom_dial_target", "SIP/106@10.1.2.3")
            .unwrap()
            .unwrap();
        assert!(check(&s, ExtensionKind::Custom).is_empty());
    }
}
