//! The configuration a live Asterisk starts with: everything a node's
//! operator writes by hand (directories, modules, transports, the manager
//! users, outbound routes, voicemail and Realtime wiring), with the
//! `#include` lines of `docs/asterisk.md` pointing at the files pbx renders.
//!
//! The module list is explicit (`autoload=no`) and every module it names
//! loads, so a clean start logs no warning at all: any warning after that
//! is caused by what pbx wrote.

use std::fmt::Write;
use std::path::Path;

use super::{AsteriskSpec, Ports, Storage};

/// The manager user pbx logs in as, with the permissions `docs/asterisk.md`
/// documents (the tests prove they are enough).
pub const PBX_USER: &str = "pbx";
/// The manager user the tests observe calls with (every event class).
pub const OBSERVER_USER: &str = "observer";
/// The sorcery memory caches of a Realtime node (the names pbx's node
/// settings expect).
pub const CACHES: [&str; 3] = ["pbx-endpoint", "pbx-auth", "pbx-aor"];

/// Every module a node needs for what pbx renders and the tests use.
const MODULES: &[&str] = &[
    "res_sorcery_config",
    "res_sorcery_memory",
    "res_sorcery_astdb",
    "res_sorcery_realtime",
    "res_sorcery_memory_cache",
    "res_timing_timerfd",
    "res_rtp_asterisk",
    "res_srtp",
    "res_crypto",
    "res_pjproject",
    "res_pjsip",
    "res_pjsip_session",
    "chan_pjsip",
    "res_pjsip_authenticator_digest",
    "res_pjsip_endpoint_identifier_user",
    "res_pjsip_endpoint_identifier_ip",
    "res_pjsip_registrar",
    "res_pjsip_outbound_authenticator_digest",
    "res_pjsip_outbound_publish",
    "res_pjsip_sdp_rtp",
    "res_pjsip_caller_id",
    "res_pjsip_dtmf_info",
    "res_pjsip_header_funcs",
    "res_pjsip_pubsub",
    "res_pjsip_mwi",
    "res_pjsip_mwi_body_generator",
    "res_pjsip_exten_state",
    "res_pjsip_pidf_body_generator",
    "res_pjsip_dialog_info_body_generator",
    "res_pjsip_nat",
    "res_pjsip_rfc3326",
    "res_pjsip_diversion",
    "res_pjsip_path",
    "res_pjsip_t38",
    "res_pjsip_refer",
    "res_pjsip_messaging",
    "res_pjsip_acl",
    "res_pjsip_logger",
    "res_pjsip_send_to_voicemail",
    "func_pjsip_endpoint",
    "func_pjsip_contact",
    "func_pjsip_aor",
    "chan_sip",
    "bridge_simple",
    "bridge_native_rtp",
    "bridge_holding",
    "bridge_softmix",
    "bridge_builtin_features",
    "codec_ulaw",
    "codec_alaw",
    "codec_gsm",
    "codec_g722",
    "codec_a_mu",
    "codec_resample",
    "format_wav",
    "format_pcm",
    "format_gsm",
    "format_wav_gsm",
    "format_sln",
    "app_dial",
    "app_playback",
    "app_voicemail",
    "app_mixmonitor",
    "app_authenticate",
    "app_read",
    "app_exec",
    "app_verbose",
    "app_stack",
    "app_directory",
    "app_senddtmf",
    "app_echo",
    "app_originate",
    "app_chanspy",
    "app_directed_pickup",
    "app_record",
    "app_userevent",
    "app_softhangup",
    "app_transfer",
    "app_db",
    "func_callerid",
    "func_cdr",
    "func_base64",
    "func_devstate",
    "func_strings",
    "func_logic",
    "func_cut",
    "func_channel",
    "func_timeout",
    "func_volume",
    "func_global",
    "func_groupcount",
    "func_math",
    "func_db",
    "func_uri",
    "func_sprintf",
    "func_env",
    "func_md5",
    "func_rand",
    "func_dialplan",
    "func_hangupcause",
    "func_vmcount",
    "pbx_config",
    "res_musiconhold",
    "res_manager_devicestate",
    "res_manager_presencestate",
    "res_speech",
    "res_agi",
    "res_clioriginate",
    "res_parking",
    "res_mwi_devstate",
    "res_security_log",
    "cdr_manager",
    "cel_manager",
];

/// `asterisk.conf`: every directory inside the test's tree.
pub fn asterisk_conf(root: &Path, modules: &Path, data: &Path) -> String {
    let d = |sub: &str| root.join(sub).display().to_string();
    format!(
        "[directories]\nastetcdir => {}\nastmoddir => {}\nastvarlibdir => {}\nastdbdir => {}\n\
         astkeydir => {}\nastdatadir => {}\nastagidir => {}\nastspooldir => {}\nastrundir => {}\n\
         astlogdir => {}\n\n[options]\ndefaultlanguage = en\n",
        d("etc"),
        modules.display(),
        d("lib"),
        d("lib"),
        d("lib"),
        data.display(),
        d("lib/agi-bin"),
        d("spool"),
        d("run"),
        d("log"),
    )
}

/// `modules.conf`: the explicit module list (plus Realtime's driver).
pub fn modules_conf(spec: &AsteriskSpec) -> String {
    let mut out = String::from("[modules]\nautoload = no\n");
    if matches!(spec.storage, Storage::Realtime(_)) {
        out.push_str("preload = res_config_pgsql.so\n");
    }
    for module in MODULES {
        let _ = writeln!(out, "load = {module}.so");
    }
    if spec.cdr_database.is_some() {
        out.push_str("load = cdr_pgsql.so\n");
    }
    out
}

/// `logger.conf`: problems in `messages.log` (scanned by the tests),
/// everything including the dialplan trace in `full.log` (kept on failure).
pub fn logger_conf() -> String {
    "[general]\ndateformat = %F %T.%3q\n\n[logfiles]\nmessages.log => notice,warning,error\n\
     full.log => notice,warning,error,verbose(4)\n"
        .into()
}

/// `manager.conf`: pbx's user with the documented permissions and the
/// tests' observer.
pub fn manager_conf(ports: &Ports, pbx_secret: &str, observer_secret: &str) -> String {
    format!(
        "[general]\nenabled = yes\nbindaddr = 127.0.0.1\nport = {}\n\n\
         [{PBX_USER}]\nsecret = {pbx_secret}\ndeny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\n\
         read = system,command,call\nwrite = system,config,command,reporting\n\n\
         [{OBSERVER_USER}]\nsecret = {observer_secret}\ndeny = 0.0.0.0/0.0.0.0\n\
         permit = 127.0.0.1/255.255.255.255\nread = all\nwrite = all\n",
        ports.ami
    )
}

/// `pjsip.conf`: the node's transports, pbx's include (file storage), and
/// the test's carrier and providers.
pub fn pjsip_conf(spec: &AsteriskSpec, ports: &Ports, pbx_dir: &Path) -> String {
    let mut out = format!(
        "[global]\ntype = global\nuser_agent = pbx-live-{name}\n\n\
         [transport-udp]\ntype = transport\nprotocol = udp\nbind = 127.0.0.1:{udp}\n\n\
         [transport-tcp]\ntype = transport\nprotocol = tcp\nbind = 127.0.0.1:{tcp}\n\n",
        name = spec.name,
        udp = ports.pjsip_udp,
        tcp = ports.pjsip_tcp,
    );
    if matches!(spec.storage, Storage::Files) {
        let _ = writeln!(out, "#include {}/pbx-pjsip.conf\n", pbx_dir.display());
    }
    let extra = pbx_dir
        .parent()
        .unwrap_or(pbx_dir)
        .join("pjsip-internode.conf");
    let _ = writeln!(out, "#tryinclude {}\n", extra.display());
    for trunk in &spec.trunks {
        let _ = write!(
            out,
            "[{name}]\ntype = endpoint\ncontext = {context}\ndisallow = all\nallow = ulaw,alaw\n\
             aors = {name}\ndirect_media = no\ntrust_id_inbound = yes\ntrust_id_outbound = yes\nsend_pai = yes\n{vars}\n\
             [{name}]\ntype = aor\ncontact = sip:127.0.0.1:{port}\n\n\
             [{name}]\ntype = identify\nendpoint = {name}\nmatch_header = X-Pbx-Trunk: {name}\n\n",
            name = trunk.name,
            context = trunk.context,
            port = trunk.port,
            vars = trunk
                .variables
                .iter()
                .map(|(k, v)| format!("set_var = {k}={v}\n"))
                .collect::<String>(),
        );
    }
    out
}

/// `sip.conf`: chan_sip on its own port, pbx's include.
pub fn sip_conf(spec: &AsteriskSpec, ports: &Ports, pbx_dir: &Path) -> String {
    let mut out = format!(
        "[general]\nudpbindaddr = 127.0.0.1:{port}\ntcpenable = yes\ntcpbindaddr = 127.0.0.1:{port}\n\
         realm = {}\nallowguest = no\nalwaysauthreject = yes\nuseragent = pbx-live-{}\n",
        spec.realm,
        spec.name,
        port = ports.sip_udp
    );
    match spec.storage {
        Storage::Files => {
            let _ = writeln!(out, "\n#include {}/pbx-sip.conf", pbx_dir.display());
        }
        Storage::Realtime(_) => out.push_str("rtcachefriends = yes\nrtsavesysname = yes\n"),
    }
    out
}

/// `extensions.conf`: pbx's include and the node's outbound routes: every
/// external call reaches the carrier trunk (per routing profile, the trunk
/// the test names).
pub fn extensions_conf(spec: &AsteriskSpec, pbx_dir: &Path) -> String {
    let mut out = format!(
        "[general]\nstatic = yes\nwriteprotect = yes\n\n#include {}/pbx-extensions.conf\n\n",
        pbx_dir.display()
    );
    let routes = std::iter::once(("pbx-routes".to_owned(), spec.default_route.clone())).chain(
        spec.profiles
            .iter()
            .map(|(profile, trunk)| (format!("pbx-routes-{profile}"), Some(trunk.clone()))),
    );
    for (context, trunk) in routes {
        let _ = writeln!(out, "[{context}]");
        for pattern in ["_X.", "_+X.", "_*X."] {
            match &trunk {
                Some(trunk) => {
                    let _ = writeln!(out, "exten => {pattern},1,Dial(PJSIP/${{EXTEN}}@{trunk})");
                }
                None => {
                    let _ = writeln!(out, "exten => {pattern},1,Hangup(1)");
                }
            }
            out.push_str(" same => n,Hangup()\n");
        }
        out.push('\n');
    }
    out.push_str(&spec.dialplan);
    out
}

/// `voicemail.conf`: general options and pbx's include of the tenants'
/// mailboxes. The node's mail command appends each message to `mail`.
pub fn voicemail_conf(pbx_dir: &Path, mail: &Path) -> String {
    format!(
        "[general]\nformat = wav\nattach = yes\nmaxlogins = 3\npollmailboxes = no\n\
         serveremail = voicemail@pbx.test\nmailcmd = /usr/bin/tee -a {}\n\n\
         #include {}/pbx-voicemail.conf\n",
        mail.display(),
        pbx_dir.display()
    )
}

/// `musiconhold.conf`: the default class and the tenant classes the tests
/// name, each playing the generated silence.
pub fn musiconhold_conf(moh_dir: &Path, classes: &[String]) -> String {
    let mut out = String::from("[general]\n\n");
    for class in std::iter::once("default").chain(classes.iter().map(String::as_str)) {
        let _ = writeln!(
            out,
            "[{class}]\nmode = files\ndirectory = {}\n",
            moh_dir.display()
        );
    }
    out
}

/// `rtp.conf`: the test's RTP port range.
pub fn rtp_conf(ports: &Ports) -> String {
    format!(
        "[general]\nrtpstart = {}\nrtpend = {}\n",
        ports.rtp.0, ports.rtp.1
    )
}

/// `http.conf`: the built-in HTTP server (WebSocket transports need it).
pub fn http_conf(ports: &Ports) -> String {
    format!(
        "[general]\nenabled = yes\nbindaddr = 127.0.0.1\nbindport = {}\n",
        ports.http
    )
}

/// `indications.conf`: one country, so tones are defined.
pub fn indications_conf() -> String {
    "[general]\ncountry = us\n\n[us]\ndescription = United States\nringcadence = 2000,4000\n\
     dial = 350+440\nbusy = 480+620/500,0/500\nring = 440+480/2000,0/4000\n\
     congestion = 480+620/250,0/250\ncallwaiting = 440/300,0/10000\nrecord = 1400/500,0/15000\n\
     info = !950/330,!1400/330,!1800/330,0\n"
        .into()
}

/// `cdr.conf`, `cdr_manager.conf`, `cel.conf`: call records as events of
/// the manager interface.
pub fn cdr_files(db: Option<&super::RealtimeDatabase>) -> [(&'static str, String); 4] {
    let pgsql = db.map_or_else(String::new, |db| {
        format!(
            "[global]\nhostname = {}\nport = {}\ndbname = {}\nuser = {}\npassword = {}\n\
             table = asterisk_cdr\ntimezone = UTC\nencoding = UTF8\n",
            db.host, db.port, db.name, db.user, db.password
        )
    });
    [
        ("cdr.conf", "[general]\nenable = yes\n".into()),
        ("cdr_pgsql.conf", pgsql),
        ("cdr_manager.conf", "[general]\nenabled = yes\n".into()),
        ("cel.conf", "[general]\nenable = no\n".into()),
    ]
}

/// Realtime wiring for a node whose PJSIP and chan_sip objects are rows of
/// pbx's PostgreSQL database: `res_pgsql.conf`, `extconfig.conf` and
/// `sorcery.conf` as `docs/asterisk.md` shows them.
pub fn realtime_files(db: &super::RealtimeDatabase) -> [(&'static str, String); 3] {
    let [endpoint, auth, aor] = CACHES;
    [
        (
            "res_pgsql.conf",
            format!(
                "[general]\ndbhost = {}\ndbport = {}\ndbname = {}\ndbuser = {}\ndbpass = {}\n\
                 requirements = warn\n",
                db.host, db.port, db.name, db.user, db.password
            ),
        ),
        (
            "extconfig.conf",
            "[settings]\nps_endpoints => pgsql,general\nps_auths => pgsql,general\n\
             ps_aors => pgsql,general\nps_contacts => pgsql,general\nsippeers => pgsql,general\n"
                .into(),
        ),
        (
            "sorcery.conf",
            format!(
                "[res_pjsip]\nendpoint/cache = memory_cache,name={endpoint},object_lifetime_maximum=3600\n\
                 endpoint = realtime,ps_endpoints\n\
                 auth/cache = memory_cache,name={auth},object_lifetime_maximum=3600\n\
                 auth = realtime,ps_auths\n\
                 aor/cache = memory_cache,name={aor},object_lifetime_maximum=3600\n\
                 aor = realtime,ps_aors\ncontact = realtime,ps_contacts\n"
            ),
        ),
    ]
}

/// Files modules read that have nothing to configure here; present so a
/// clean start logs nothing.
pub const EMPTY_FILES: &[&str] = &[
    "features.conf",
    "acl.conf",
    "udptl.conf",
    "ccss.conf",
    "res_parking.conf",
    "pjsip_notify.conf",
    "pjproject.conf",
    "statsd.conf",
    "geolocation.conf",
    "res_stun_monitor.conf",
];

/// `pjsip-internode.conf` of node `own`: the trunk `trunk` to node `other`
/// (on `other_port`), authenticating as `own`, and the endpoint that
/// identifies `other`'s calls by their From user; both deliver calls to
/// the node's `pbx-internode` context.
pub fn internode_conf(
    own: &str,
    other: &str,
    other_port: u16,
    trunk: &str,
    secret: &str,
) -> String {
    format!(
        "[{trunk}]\ntype = endpoint\ncontext = pbx-internode\ndisallow = all\nallow = ulaw,alaw\n\
         aors = {trunk}\noutbound_auth = {trunk}-out\nfrom_user = {own}\ndirect_media = no\n\n\
         [{trunk}]\ntype = aor\ncontact = sip:127.0.0.1:{other_port}\n\n\
         [{trunk}-out]\ntype = auth\nauth_type = digest\nusername = {own}\npassword = {secret}\n\n\
         [{other}]\ntype = endpoint\ncontext = pbx-internode\ndisallow = all\nallow = ulaw,alaw\n\
         auth = {other}-in\naors = {other}\ndirect_media = no\n\n\
         [{other}-in]\ntype = auth\nauth_type = digest\nusername = {other}\npassword = {secret}\n\n\
         [{other}]\ntype = aor\n\n"
    )
}
