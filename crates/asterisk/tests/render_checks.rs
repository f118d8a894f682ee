//! The rendered demo files, read back with the strict parser: one endpoint,
//! auth and aor per PJSIP extension, one peer per SIP extension, with the
//! stored credentials, and only options Asterisk knows.

mod common;

use pbx_asterisk::parse::{Item, parse_config, parse_dialplan, sections};
use pbx_asterisk::realtime::{pjsip_rows, sippeers_row};
use pbx_asterisk::reference::{
    pjsip_option_exists, realtime_column_exists, sip_peer_option_exists,
};
use pbx_asterisk::{FileKind, render_node};
use pbx_domain::ExtensionKind;

#[test]
fn every_rendered_file_parses_strictly() {
    let demo = common::demo();
    for file in render_node(&common::node(), &[demo.view()]).unwrap() {
        parse_config(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.name));
        if file.kind == FileKind::Dialplan {
            parse_dialplan(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.name));
        }
    }
}

#[test]
fn each_pjsip_extension_has_one_endpoint_auth_and_aor_with_its_credentials() {
    let demo = common::demo();
    let files = render_node(&common::node(), &[demo.view()]).unwrap();
    let pjsip = files
        .iter()
        .find(|f| f.name == "pjsip-CANISTRACCI.conf")
        .unwrap();
    let items = parse_config(&pjsip.contents).unwrap();
    for e in demo
        .extensions
        .iter()
        .filter(|e| e.kind == ExtensionKind::Pjsip)
    {
        let user = e.username.as_ref().unwrap().as_str();
        let of_type = |name: &str, kind: &str| {
            sections(&items)
                .filter(|s| s.name == name && s.get("type") == Some(kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(of_type(user, "endpoint").len(), 1, "{user}");
        assert_eq!(of_type(user, "aor").len(), 1, "{user}");
        let auth = of_type(&format!("{user}-auth"), "auth");
        assert_eq!(auth.len(), 1, "{user}");
        assert_eq!(auth[0].get("username"), Some(user));
        assert_eq!(
            auth[0].get("password"),
            Some(e.secret.as_ref().unwrap().expose())
        );
    }
    assert_eq!(sections(&items).count(), 3 * 4);
}

#[test]
fn each_sip_extension_has_one_peer_with_its_secret() {
    let demo = common::demo();
    let files = render_node(&common::node(), &[demo.view()]).unwrap();
    let sip = files
        .iter()
        .find(|f| f.name == "sip-CANISTRACCI.conf")
        .unwrap();
    let items = parse_config(&sip.contents).unwrap();
    let sips: Vec<_> = demo
        .extensions
        .iter()
        .filter(|e| e.kind == ExtensionKind::Sip)
        .collect();
    assert_eq!(sections(&items).count(), sips.len());
    for e in sips {
        let user = e.username.as_ref().unwrap().as_str();
        let peers: Vec<_> = sections(&items).filter(|s| s.name == user).collect();
        assert_eq!(peers.len(), 1);
        assert_eq!(
            peers[0].get("secret"),
            Some(e.secret.as_ref().unwrap().expose())
        );
        assert_eq!(peers[0].get("type"), Some("friend"));
    }
}

#[test]
fn every_option_written_exists_for_its_object_type() {
    let mut demo = common::demo();
    // Turn on options the demo leaves at their defaults.
    for (key, value) in [
        ("rtp_keepalive", "20"),
        ("keepalive", "30"),
        ("fax", "detect"),
        ("media_encryption", "dtls"),
        ("trust_id_outbound", "yes"),
        ("caller_id_source", "rpid"),
        ("transport", "tls"),
        ("dtmf_mode", "info"),
        ("direct_media", "no"),
        ("rtp_symmetric", "yes"),
        ("rewrite_contact", "yes"),
        ("force_rport", "no"),
        ("connected_line_method", "update"),
        ("direct_media_method", "update"),
        ("direct_media_glare_mitigation", "outgoing"),
        ("disable_direct_media_on_nat", "yes"),
        ("outbound_proxy", "sip:proxy.example.com"),
        ("t38_udptl_nat", "yes"),
        ("rpid_immediate", "yes"),
        ("use_ptime", "yes"),
        ("rtcp_mux", "yes"),
        ("notify_early_inuse_ringing", "yes"),
        ("dtls_cert_file", "/etc/asterisk/keys/a.pem"),
        ("dtls_ca_file", "/etc/asterisk/keys/ca.pem"),
        ("dtls_auto_generate_cert", "yes"),
        ("media_address", "192.0.2.1"),
        ("default_expiration", "1800"),
        ("minimum_expiration", "30"),
        ("maximum_expiration", "3600"),
        ("aor_mailboxes", "100@default"),
        ("remove_existing", "yes"),
        ("remove_unavailable", "yes"),
        ("support_path", "yes"),
        ("call_waiting", "disabled"),
        ("moh_class", "4"),
        ("language", "5"),
        ("allowed_ips", "10.0.0.0/8"),
    ] {
        for e in demo.extensions.iter_mut().filter(|e| e.kind.is_phone()) {
            let spec = pbx_domain::catalogue::find(key).unwrap();
            if spec.kinds.contains(e.kind) {
                e.settings.set_text(key, value).unwrap().unwrap();
            }
        }
    }
    for file in render_node(&common::node(), &[demo.view()]).unwrap() {
        let items = parse_config(&file.contents).unwrap();
        for s in sections(&items) {
            for (key, _) in &s.options {
                let ok = match file.kind {
                    FileKind::Pjsip => pjsip_option_exists(s.get("type").unwrap(), key),
                    FileKind::Sip => sip_peer_option_exists(key),
                    FileKind::Dialplan => ["exten", "same", "include"].contains(&key.as_str()),
                    // Box lines: `<number> => <pin>,<name>,<email>[,,options]`.
                    FileKind::Voicemail => key.bytes().all(|b| b.is_ascii_digit()),
                };
                assert!(
                    ok,
                    "{}: [{}] {key} is not an Asterisk option",
                    file.name, s.name
                );
            }
        }
        if file.tenant.is_none() {
            assert!(items.iter().any(|i| matches!(i, Item::Include(_))));
        }
    }
}

#[test]
fn realtime_rows_use_only_existing_columns_and_md5_credentials() {
    let demo = common::demo();
    let node = common::node();
    let mut peers = 0;
    for e in &demo.extensions {
        if let Some(rows) = pjsip_rows(&node, &demo.tenant, &demo.objects, e, Some("pbx")) {
            for (table, row) in [
                ("ps_endpoints", &rows.endpoint),
                ("ps_auths", &rows.auth),
                ("ps_aors", &rows.aor),
            ] {
                for (column, _) in row {
                    assert!(realtime_column_exists(table, column), "{table}.{column}");
                }
            }
            let cred = rows.auth.iter().find(|(c, _)| *c == "md5_cred").unwrap();
            assert_eq!(cred.1.len(), 32);
            assert!(!rows.auth.iter().any(|(c, _)| *c == "password"));
        }
        for realm in [None, Some("pbx")] {
            let Some(row) = sippeers_row(&node, &demo.tenant, &demo.objects, e, realm) else {
                continue;
            };
            for (column, _) in &row {
                assert!(
                    realtime_column_exists("sippeers", column),
                    "sippeers.{column}"
                );
            }
            peers += 1;
            let column = |name: &str| row.iter().find(|(c, _)| *c == name).map(|(_, v)| v);
            let secret = e.secret.as_ref().unwrap().expose();
            let name = e.username.as_ref().unwrap().as_str();
            match realm {
                None => assert_eq!(column("secret").unwrap(), secret),
                Some(realm) => {
                    assert!(column("secret").is_none(), "no plaintext secret");
                    assert_eq!(
                        column("md5secret").unwrap(),
                        &pbx_asterisk::realtime::md5_cred(name, realm, secret)
                    );
                }
            }
        }
    }
    assert!(peers >= 2, "the demo has SIP peers");
}

#[test]
fn extensions_call_each_other_by_number_in_the_tenant_context() {
    let demo = common::demo();
    let files = render_node(&common::node(), &[demo.view()]).unwrap();
    let dialplan = files
        .iter()
        .find(|f| f.name == "extensions-CANISTRACCI.conf")
        .unwrap();
    let contexts = parse_dialplan(&dialplan.contents).unwrap();
    let main = contexts
        .iter()
        .find(|c| c.name == "pbx-CANISTRACCI")
        .unwrap();
    for e in &demo.extensions {
        let exten = main
            .extens
            .iter()
            .find(|x| x.name == e.number.as_str())
            .unwrap();
        let goto = exten.lines.iter().find(|l| l.app == "Goto").unwrap();
        assert_eq!(goto.args, format!("pbx-CANISTRACCI-ext,{},1", e.number));
    }
}

/// The NAT flags a chan_sip peer ends up with, as Asterisk 20.20.1 parses
/// `nat=` (`sip_parse_nat_option` in channels/sip/config_parser.c, from
/// cleared flags): `(force_rport, comedia, auto_force_rport, auto_comedia)`.
/// Without a `nat=` line the peer keeps `[general]`'s, whose default is
/// `auto_force_rport` (`reload_config` in chan_sip.c).
fn chan_sip_nat_flags(nat: Option<&str>) -> (bool, bool, bool, bool) {
    let Some(value) = nat else {
        return (false, false, true, false);
    };
    let mut flags = (false, false, false, false);
    for word in value.split(',') {
        match word {
            "no" | "false" | "off" | "0" => return (false, false, false, false),
            "yes" => return (true, true, false, false),
            "force_rport" if !flags.2 => flags.0 = true,
            "comedia" if !flags.3 => flags.1 = true,
            "auto_force_rport" => (flags.2, flags.0) = (true, false),
            "auto_comedia" => (flags.3, flags.1) = (true, false),
            _ => {}
        }
    }
    flags
}

fn rendered_nat(choice: &str) -> Option<String> {
    let demo = common::demo();
    let mut peer = demo.extensions[0].clone();
    assert_eq!(peer.kind, ExtensionKind::Sip);
    peer.settings.set_text("nat", choice).unwrap().unwrap();
    let rendered =
        pbx_asterisk::chan_sip::sip_peer(&common::node(), &demo.tenant, &demo.objects, &peer)
            .unwrap();
    rendered.get("nat").map(str::to_owned)
}

#[test]
fn every_nat_choice_gives_the_chan_sip_peer_those_nat_flags() {
    let spec = pbx_domain::catalogue::find("nat").unwrap();
    let pbx_domain::values::ValueKind::Choice { options } = spec.value else {
        panic!("nat is a choice")
    };
    for (choice, _) in options {
        assert_eq!(
            chan_sip_nat_flags(rendered_nat(choice).as_deref()),
            chan_sip_nat_flags(Some(choice)),
            "nat={choice} as chan_sip reads the rendered peer"
        );
    }
    assert_eq!(rendered_nat("force_rport").as_deref(), Some("force_rport"));
}

#[test]
fn a_peer_at_the_default_nat_gets_no_nat_mismatch_notice() {
    // chan_sip warns at load when a peer's force_rport differs from
    // [general]'s (`display_nat_warning`); [general] is at Asterisk's default.
    let default = pbx_domain::Settings::default().nat.nat.as_str().to_owned();
    let (general, ..) = chan_sip_nat_flags(None);
    let (peer, ..) = chan_sip_nat_flags(rendered_nat(&default).as_deref());
    assert_eq!(
        peer,
        general,
        "default nat {default} renders {:?}",
        rendered_nat(&default)
    );
}

#[test]
fn a_loose_route_outbound_proxy_stays_one_value_in_the_file_and_the_realtime_row() {
    let mut demo = common::demo();
    let proxy = "sip:proxy.example.com;lr";
    let e = demo.extension_mut("101");
    e.settings
        .set_text("outbound_proxy", proxy)
        .unwrap()
        .unwrap();
    let files = render_node(&common::node(), &[demo.view()]).unwrap();
    let pjsip = files
        .iter()
        .find(|f| f.name == "pjsip-CANISTRACCI.conf")
        .unwrap();
    assert!(
        pjsip
            .contents
            .contains("outbound_proxy=sip:proxy.example.com\\;lr\n"),
        "Asterisk reads an unescaped ';' as a comment"
    );
    let items = parse_config(&pjsip.contents).unwrap();
    let endpoint = sections(&items)
        .find(|s| s.name == "101-CANISTRACCI" && s.get("type") == Some("endpoint"))
        .unwrap();
    assert_eq!(endpoint.get("outbound_proxy"), Some(proxy));
    let e = demo.extension_mut("101").clone();
    let rows = pjsip_rows(&common::node(), &demo.tenant, &demo.objects, &e, None).unwrap();
    let column = rows.endpoint.iter().find(|(c, _)| *c == "outbound_proxy");
    assert_eq!(
        column.map(|(_, v)| v.as_str()),
        Some(proxy),
        "Realtime holds it unescaped"
    );
}
