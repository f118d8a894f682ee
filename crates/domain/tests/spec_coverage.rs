//! Every section and block of the specification's forms is covered by the
//! settings catalogue: each table row of `docs/spec/extensions.txt` maps to
//! settings that exist, apply to that form's kind, and live in the section
//! the specification puts them in. A new row in the spec without a mapping,
//! or a mapped setting that moves or disappears, fails this test.

use pbx_domain::ExtensionKind;
use pbx_domain::catalogue::{find, sections};
use pbx_domain::settings::SHARED_WITH_ENDPOINT_PAGE;

const SPEC: &str = include_str!("../../../docs/spec/extensions.txt");

/// Fields of the extension itself rather than of its settings document.
const CORE: [&str; 6] = [
    "number",
    "name",
    "description",
    "kind",
    "username",
    "secret",
];

/// Block label (as the row begins) -> the settings (or core fields) covering it.
const BLOCKS: &[(&str, &[&str])] = &[
    ("Number and name", &["number", "name"]),
    (
        "Number, name, and description",
        &["number", "name", "description"],
    ),
    (
        "Description and emergency notes",
        &["description", "emergency_notes"],
    ),
    ("SIP stack", &["kind"]),
    ("Username and password", &["username", "secret"]),
    ("Codecs and DTMF", &["codecs", "dtmf_mode"]),
    (
        "Media and groups",
        &[
            "direct_media",
            "call_groups",
            "pickup_groups",
            "spy_groups",
            "mwi_enabled",
        ],
    ),
    (
        "Voicemail, DND, and timeout",
        &[
            "mwi_enabled",
            "voicemail_pin",
            "voicemail_email",
            "dnd",
            "ring_timeout",
        ],
    ),
    ("Call and pickup groups", &["call_groups", "pickup_groups"]),
    ("DND and inbound timeout", &["dnd", "ring_timeout"]),
    ("Security PIN", &["virtual_pin"]),
    ("Internal caller ID", &["virtual_internal_caller_id"]),
    ("Extensions", &["virtual_members"]),
    (
        "Groups, voicemail, DND, timeout",
        &[
            "call_groups",
            "pickup_groups",
            "spy_groups",
            "mwi_enabled",
            "voicemail_pin",
            "voicemail_email",
            "dnd",
            "ring_timeout",
        ],
    ),
    ("Trunk", &["trunk"]),
    ("DID Number", &["did_mode", "did_number"]),
    ("CallerID Number Override", &["caller_id_override"]),
    (
        "Emergency CallerID Number Override",
        &["emergency_caller_id_override"],
    ),
    ("CallerID Number Source", &["caller_id_source"]),
    (
        "NAT",
        &["nat", "force_rport", "rtp_symmetric", "rewrite_contact"],
    ),
    (
        "Qualify and qualify frequency",
        &["qualify", "qualify_frequency"],
    ),
    (
        "Keep alive and RTP keep alive",
        &["keepalive", "rtp_keepalive"],
    ),
    ("Fax and volume", &["fax", "tx_volume", "rx_volume"]),
    (
        "Volume and music on hold",
        &["tx_volume", "rx_volume", "moh_class"],
    ),
    ("Music on hold and language", &["moh_class", "language"]),
    (
        "Directories and phone books",
        &["in_directory", "in_phonebook"],
    ),
    (
        "Call waiting and autoanswer",
        &["call_waiting", "auto_answer"],
    ),
    (
        "Call waiting and parking lot",
        &["call_waiting", "parking_lot"],
    ),
    (
        "Inbound recording policy",
        &["inbound_recording", "inbound_recording_privacy"],
    ),
    ("Recording notifications", &["inbound_recording_email"]),
    (
        "Always record and email recording",
        &[
            "outbound_recording",
            "recording_email",
            "recording_min_size_kb",
        ],
    ),
    ("Always record", &["outbound_recording"]),
    (
        "Email recording to",
        &["recording_email", "recording_min_size_kb"],
    ),
    (
        "Transcript, summary, sentiment",
        &["transcript", "summary", "sentiment"],
    ),
    (
        "Authentication and network filters",
        &[
            "allowed_ips",
            "transport",
            "media_encryption",
            "trust_id_outbound",
        ],
    ),
    (
        "Abuse detection and cost limits",
        &[
            "abuse_detection",
            "abuse_calls_per_minute",
            "abuse_concurrent_calls",
            "abuse_spend_per_hour",
            "abuse_destinations",
            "abuse_hours",
            "daily_cost_limit",
            "monthly_cost_limit",
        ],
    ),
    (
        "Abuse, cost, and destination limits",
        &[
            "abuse_detection",
            "daily_cost_limit",
            "monthly_cost_limit",
            "outbound_filter",
            "outbound_regex",
            "lock_pin",
            "max_call_duration",
            "working_hours",
        ],
    ),
    (
        "Outbound destinations",
        &["outbound_filter", "outbound_regex"],
    ),
    (
        "Lock PIN and max duration",
        &["lock_pin", "max_call_duration"],
    ),
    ("Working hours", &["working_hours"]),
    ("Outbound number", &["custom_dial_target"]),
    (
        "Caller ID and authentication",
        &["custom_internal_caller_id", "custom_auth"],
    ),
    (
        "Allowed providers and Teams ID",
        &["custom_allowed_providers", "teams_id"],
    ),
    (
        "Access toggles",
        &["user_panel", "web_phone", "switchboard", "custom_app"],
    ),
    ("User panel toggle", &["user_panel"]),
    ("Web user and password", &["web_user", "web_password"]),
    (
        "Password policy and 2FA",
        &[
            "web_password_expiry_days",
            "web_force_password_change",
            "web_locked",
            "web_ldap",
            "web_two_factor",
        ],
    ),
    (
        "LDAP, 2FA, email, and profile",
        &["web_ldap", "web_two_factor", "user_email", "user_profile"],
    ),
    (
        "Email, profile, and IP filter",
        &[
            "user_email",
            "send_account_info",
            "user_profile",
            "web_ip_filter",
        ],
    ),
    (
        "External caller ID",
        &[
            "caller_id_number",
            "caller_id_name",
            "caller_id_presentation",
        ],
    ),
    (
        "SMS and override caller ID",
        &["sms_caller_id", "caller_id_from_header"],
    ),
    (
        "Emergency caller ID",
        &["emergency_caller_id", "ignore_empty_emergency_caller_id"],
    ),
    (
        "Area code and caller ID regex",
        &["area_code", "caller_id_regex"],
    ),
    (
        "Caller ID regex and area code",
        &["caller_id_regex", "area_code"],
    ),
    (
        "Caller ID regex and emergency caller ID",
        &["caller_id_regex", "emergency_caller_id"],
    ),
    (
        "Area code and call lists",
        &["area_code", "do_not_call_list", "only_allow_list"],
    ),
    (
        "Do Not and Only Allow lists",
        &["do_not_call_list", "only_allow_list"],
    ),
    (
        "Call lists and routing profile",
        &["do_not_call_list", "only_allow_list", "routing_profile"],
    ),
    (
        "Routing profile and call rate",
        &["routing_profile", "sms_routing_profile", "call_rate"],
    ),
    (
        "Use this caller ID in a virtual extension",
        &["use_caller_id_in_virtual"],
    ),
    (
        "Block inbound caller ID number",
        &["block_caller_id_number"],
    ),
    ("Block inbound caller ID name", &["block_caller_id_name"]),
    ("FMFM number and status", &["fmfm_number", "fmfm_enabled"]),
    (
        "FMFM number and dial method",
        &["fmfm_number", "fmfm_dial_method"],
    ),
    (
        "FMFM number and condition",
        &["fmfm_number", "fmfm_condition"],
    ),
    (
        "Condition and dial method",
        &["fmfm_condition", "fmfm_dial_method"],
    ),
    (
        "Dial method and confirmation",
        &["fmfm_dial_method", "fmfm_confirm"],
    ),
    (
        "Confirmation and messages",
        &["fmfm_confirm", "fmfm_confirm_message", "fmfm_hold_message"],
    ),
    (
        "Confirmation and caller ID",
        &["fmfm_confirm", "fmfm_caller_id"],
    ),
    (
        "Caller ID and timing",
        &[
            "fmfm_caller_id",
            "fmfm_prefix",
            "fmfm_delay",
            "fmfm_timeout",
        ],
    ),
    ("Delay and timeout", &["fmfm_delay", "fmfm_timeout"]),
    (
        "Unconditional",
        &["unconditional_enabled", "unconditional_destination"],
    ),
    (
        "On no answer, busy, or offline",
        &[
            "no_answer_enabled",
            "no_answer_destination",
            "busy_enabled",
            "busy_destination",
            "offline_enabled",
            "offline_destination",
        ],
    ),
    (
        "On condition",
        &["condition_enabled", "condition", "condition_destination"],
    ),
    (
        "Failover destinations",
        &[
            "unconditional_destination",
            "no_answer_destination",
            "busy_destination",
            "offline_destination",
            "condition_destination",
        ],
    ),
    (
        "Missed call notification",
        &[
            "missed_call_notify",
            "missed_call_email",
            "missed_ignore_internal",
            "missed_ignore_queue",
        ],
    ),
    ("Branch and department", &["branch", "department"]),
    (
        "Branch, department, reference ID",
        &["branch", "department", "reference_id"],
    ),
    (
        "Reference ID and additional info",
        &["reference_id", "additional_info"],
    ),
    ("Additional info", &["additional_info"]),
    ("Save, delete, and back", &[]),
    ("Direct Media", &["direct_media"]),
    ("Rewrite Contact", &["rewrite_contact"]),
    ("Connected Line Method", &["connected_line_method"]),
    ("DirectMedia Method", &["direct_media_method"]),
    (
        "Direct Media Glare Mitigation",
        &["direct_media_glare_mitigation"],
    ),
    (
        "Disable direct media on NAT",
        &["disable_direct_media_on_nat"],
    ),
    ("Force rport", &["force_rport"]),
    ("Outbound Proxy", &["outbound_proxy"]),
    ("RTP Symmetric", &["rtp_symmetric"]),
    ("T.38 UDPTL NAT", &["t38_udptl_nat"]),
    ("RPID Immediate", &["rpid_immediate"]),
    ("Use ptime", &["use_ptime"]),
    ("RTCP Mux", &["rtcp_mux"]),
    (
        "Notify Ringing when Ring in Use",
        &["notify_early_inuse_ringing"],
    ),
    ("DTLS certificate file path", &["dtls_cert_file"]),
    ("DTLS CA certificate file path", &["dtls_ca_file"]),
    (
        "DTLS Auto generate certificate",
        &["dtls_auto_generate_cert"],
    ),
    ("External Media Address", &["media_address"]),
    ("Default Expiration", &["default_expiration"]),
    ("Minimum Expiration", &["minimum_expiration"]),
    ("Maximum Expiration", &["maximum_expiration"]),
    ("Mailboxes", &["aor_mailboxes"]),
    ("Max Contacts", &["max_contacts"]),
    ("Remove Existing", &["remove_existing"]),
    ("Remove Unavailable", &["remove_unavailable"]),
    ("Support Path", &["support_path"]),
];

/// A form of the specification: its heading, its kind, and how its
/// section titles map to catalogue sections.
struct Form {
    heading: &'static str,
    kind: ExtensionKind,
    page: &'static str,
}

const FORMS: [Form; 6] = [
    Form {
        heading: "Create and Edit chan_sip Extensions",
        kind: ExtensionKind::Sip,
        page: "extension",
    },
    Form {
        heading: "Create and Edit PJSIP Extensions",
        kind: ExtensionKind::Pjsip,
        page: "extension",
    },
    Form {
        heading: "Edit PJSIP Endpoint",
        kind: ExtensionKind::Pjsip,
        page: "pjsip_endpoint",
    },
    Form {
        heading: "Edit PJSIP AOR",
        kind: ExtensionKind::Pjsip,
        page: "pjsip_aor",
    },
    Form {
        heading: "Create and Edit Custom Extensions",
        kind: ExtensionKind::Custom,
        page: "extension",
    },
    Form {
        heading: "Create and Edit Virtual Extensions",
        kind: ExtensionKind::Virtual,
        page: "extension",
    },
];

/// The catalogue section a spec section title of a form maps to.
fn section_key(page: &str, title: &str) -> Option<&'static str> {
    if page != "extension" {
        return Some(if page == "pjsip_aor" {
            "pjsip_aor"
        } else {
            "pjsip_endpoint"
        });
    }
    let title = if title == "Web User Panel" {
        "Web User Panel and Switchboard"
    } else {
        title
    };
    sections().iter().find(|s| s.title == title).map(|s| s.key)
}

/// `(form index, spec section title, row)` for every table row.
fn rows() -> Vec<(usize, String, String)> {
    let lines: Vec<&str> = SPEC.lines().collect();
    let mut out = Vec::new();
    let (mut form, mut section, mut in_table) = (None, String::new(), false);
    for (i, line) in lines.iter().enumerate() {
        if let Some(f) = FORMS.iter().position(|f| f.heading == *line) {
            form = Some(f);
            continue;
        }
        let next_but_one = lines.get(i + 2).copied().unwrap_or("");
        let titles_section = next_but_one.starts_with(&format!("{line} section for"))
            || next_but_one.starts_with("Additional trunk mode options");
        if !line.is_empty() && titles_section {
            section = (*line).to_owned();
        }
        if [
            "BlockPurpose",
            "Field or optionPurpose",
            "Field or optionEffect",
        ]
        .contains(line)
        {
            in_table = true;
            continue;
        }
        if line.is_empty() {
            in_table = false;
            continue;
        }
        if in_table && let Some(form) = form {
            out.push((form, section.clone(), (*line).to_owned()));
        }
    }
    out
}

fn block_of(row: &str) -> Option<&'static (&'static str, &'static [&'static str])> {
    BLOCKS
        .iter()
        .filter(|(label, _)| row.starts_with(label))
        .max_by_key(|(label, _)| label.len())
}

#[test]
fn the_spec_has_the_forms_and_rows_this_test_reads() {
    let rows = rows();
    for (i, form) in FORMS.iter().enumerate() {
        assert!(
            rows.iter().filter(|(f, _, _)| *f == i).count() >= 3,
            "{} has too few rows",
            form.heading
        );
    }
    assert!(rows.len() > 150, "{} rows", rows.len());
}

#[test]
fn every_block_of_every_form_is_covered_by_catalogue_settings_of_its_section_and_kind() {
    let mut problems = Vec::new();
    for (form_index, title, row) in rows() {
        let form = &FORMS[form_index];
        let Some((label, keys)) = block_of(&row) else {
            problems.push(format!(
                "{} / {title}: no mapping for row '{row}'",
                form.heading
            ));
            continue;
        };
        let Some(expected_section) = section_key(form.page, &title) else {
            problems.push(format!(
                "{} / {title}: no catalogue section with this title",
                form.heading
            ));
            continue;
        };
        let mut applies = keys.is_empty();
        for key in *keys {
            if CORE.contains(key) {
                applies = true;
                continue;
            }
            let Some(spec) = find(key) else {
                problems.push(format!(
                    "{} / {title} / {label}: setting {key} does not exist",
                    form.heading
                ));
                continue;
            };
            if !spec.kinds.contains(form.kind) {
                continue;
            }
            applies = true;
            let shared = form.page == "pjsip_endpoint" && SHARED_WITH_ENDPOINT_PAGE.contains(key);
            if spec.section != expected_section && !shared {
                problems.push(format!(
                    "{} / {title} / {label}: {key} is in section {} but the spec puts it in {expected_section}",
                    form.heading, spec.section
                ));
            }
        }
        if !applies {
            problems.push(format!(
                "{} / {title} / {label}: none of {keys:?} applies to {}",
                form.heading, form.kind
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_catalogue_setting_is_reached_from_some_block_of_the_spec() {
    let mapped: Vec<&str> = BLOCKS
        .iter()
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
    let unmapped: Vec<&str> = pbx_domain::catalogue::settings()
        .map(|s| s.key)
        .filter(|k| !mapped.contains(k))
        .collect();
    assert!(
        unmapped.is_empty(),
        "settings no spec block mentions: {unmapped:?}"
    );
}
