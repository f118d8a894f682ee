//! The dialplan of a tenant: phones call each other by number, each
//! extension's call is built from its call-flow model, and the calls each
//! extension places pass its outbound policy.

mod accounting;
mod callee;
mod dial;
mod flow;
mod membership;
mod model;
mod names;
mod policy;
mod providers;

pub use accounting::{CALL_CONTROL_SCRIPT, CDR_TAG, LIMIT_CHECK};
pub use dial::{dial_string, phone_channel};
pub use membership::{JOIN, LEAVE, MEMBER_SCRIPT};
pub use model::{Context, Exten, Line, write_contexts};
pub use names::Names;

use pbx_domain::ExtensionKind;
use pbx_domain::callflow::{Step, build, target_calls};

use crate::escape::UnsafeValue;
use crate::render::TenantView;
use crate::shared::sorted;

/// The contexts of one tenant on a node, in file order.
pub fn tenant_contexts(
    names: &Names,
    view: &TenantView,
) -> Result<Vec<Context>, (String, UnsafeValue)> {
    let mut main = Context::new(&names.main);
    let mut ext = Context::new(&names.ext);
    let mut policy = Context::new(&names.policy);
    let mut internode = Context::new(&names.internode);
    let mut predial = Context::new(&names.predial);
    let mut providers = Context::new(&names.providers);
    let limit = accounting::limit_call(names);
    for extension in sorted(view.extensions) {
        let number = extension.number.as_str();
        let fail = |e: UnsafeValue| (number.to_owned(), e);
        let flow = build(view.tenant, extension, view.objects, view.extensions);
        let mut dial_in = Exten::new(number);
        if let (Some(user), true) = (&extension.username, extension.kind.is_phone()) {
            let stack = stack_of(extension.kind);
            dial_in.hint = Some(dial::device(stack, user.as_str()));
            let mut remote = Exten::new(names.internode_exten(number));
            let channel = phone_channel(stack, user.as_str(), None).map_err(fail)?;
            remote.push("Dial", channel);
            internode.extens.push(remote);
        }
        dial_in.push("Gosub", accounting::policy_entry(names, "int", number));
        if extension.kind == ExtensionKind::Virtual {
            let pin = extension.settings.information.virtual_pin.as_str();
            main.extens
                .extend(membership::member_extens(names, number, pin).map_err(fail)?);
        }
        dial_in.push("Goto", format!("{},{number},1", names.ext));
        main.extens.push(dial_in);
        if let Some(calls) = target_calls(extension) {
            providers
                .extens
                .extend(providers::provider_extens(names, &calls).map_err(fail)?);
        }
        ext.extens
            .push(flow::inbound_exten(names, &flow).map_err(fail)?);
        policy.extens.push(
            policy::policy_exten(names, &extension.number, &flow.outbound, limit.as_deref())
                .map_err(fail)?,
        );
        // One handler per extension: the first ring step that needs one.
        for step in &flow.steps {
            let Step::Ring(ring) = step else { continue };
            let externals = flow::external_caller_ids(ring);
            if ring.callee.is_none() && externals.is_empty() {
                continue;
            }
            let setup = ring.callee.clone().unwrap_or_default();
            predial
                .extens
                .push(callee::predial_exten(number, &setup, &externals).map_err(fail)?);
            break;
        }
    }
    main.extens.push(voicemail_access(names));
    for pattern in ["_X.", "_+X."] {
        let mut out = Exten::new(pattern);
        refuse_undialable(&mut out);
        out.push("Set", "PBX_DIAL=${EXTEN}");
        out.push("Gosub", accounting::policy_entry(names, "ext", "${EXTEN}"));
        out.push("Goto", format!("{},${{PBX_DIAL}},1", names.outbound));
        main.extens.push(out);
    }
    policy.extens.push(policy::nobody_exten());
    policy.extens.push(accounting::cdr_exten(names));
    policy.extens.extend(accounting::limit_exten(
        names,
        view.tenant.call_control_fallback,
    ));
    let mut outbound = Context::new(&names.outbound);
    for pattern in ["_X.", "_+X."] {
        let mut out = Exten::new(pattern);
        out.push("Set", format!("PBX_TENANT={}", names.tenant));
        out.push("GotoIf", "$[\"${PBX_ROUTES}\" != \"\"]?profile");
        out.push("Goto", format!("{},${{EXTEN}},1", names.routes));
        out.push_labelled("profile", "Goto", "${PBX_ROUTES},${EXTEN},1");
        outbound.extens.push(out);
    }
    let mut confirm = Context::new(&names.confirm);
    let mut s = Exten::new("s");
    s.push("Read", "PBX_KEY,${PBX_CONFIRM_SOUND},1,,1,10");
    s.push("GotoIf", "$[\"${PBX_KEY}\" = \"1\"]?accepted");
    s.push("Set", "GOSUB_RESULT=CONTINUE");
    s.push_labelled("accepted", "Return", "");
    confirm.extens.push(s);
    let mut contexts = vec![main, ext, policy, outbound, confirm];
    if !predial.extens.is_empty() {
        contexts.push(predial);
    }
    contexts.push(internode);
    contexts.push(providers);
    Ok(contexts.into_iter().map(Context::in_load_order).collect())
}

/// Hangs up (cause 28, invalid number format) unless the dialled string
/// is digits, `*` and `#` with an optional leading `+`. Patterns such as
/// `_X.` match any character after the first, and SIP allows `,`, `)`,
/// `&` and `$` in a Request-URI's user part: substituted into `Gosub` or
/// `Goto` arguments, they would end an argument and add others.
pub(super) fn refuse_undialable(e: &mut Exten) {
    e.push(
        "ExecIf",
        "$[!${REGEX(\"^[+]?[0-9*#]+$\" ${EXTEN})}]?Hangup(28)",
    );
}

/// The voicemail access code: `*97` opens the calling extension's box,
/// asking its PIN when it has one. A call with no calling extension (a
/// trunk, a custom extension) is hung up: it could otherwise try every
/// box, and a box without a PIN would open.
pub const VOICEMAIL_ACCESS: &str = "*97";

fn voicemail_access(names: &Names) -> Exten {
    let mut e = Exten::new(VOICEMAIL_ACCESS);
    e.push("GotoIf", "$[\"${PBX_EXT}\" = \"\"]?refuse");
    e.push("VoiceMailMain", format!("${{PBX_EXT}}@{}", names.tenant));
    e.push("Hangup", "");
    e.push_labelled("refuse", "Hangup", "");
    e
}

fn stack_of(kind: ExtensionKind) -> pbx_domain::SipStack {
    if kind == ExtensionKind::Sip {
        pbx_domain::SipStack::ChanSip
    } else {
        pbx_domain::SipStack::Pjsip
    }
}
