//! The call-flow diagram as boxes for the template: one box per step
//! (checks, ring steps with their targets, timeout and caller ID), the
//! outcome branches, and, after a simulation, which of them the call met.

use pbx_domain::callflow::{
    Branch, CallFlow, CallPath, CallerIdRule, OutboundFilterRule, Outcome, Ring, RingPurpose,
    RingTarget, Step, Target, TrunkDial, describe,
};

/// What a simulation did to a box: empty without a simulation.
const TAKEN: &str = "taken";
const ENDED: &str = "ended";
const SKIPPED: &str = "skipped";
const UNREACHED: &str = "unreached";

/// One thing a ring step rings.
pub struct TargetView {
    /// The extension number to link to, when the target is one.
    pub number: String,
    pub label: String,
    pub detail: String,
}

/// One box of the diagram.
pub struct StepView {
    /// `check` or `ring`.
    pub kind: &'static str,
    pub title: String,
    pub lines: Vec<String>,
    pub targets: Vec<TargetView>,
    /// Where a check sends the call when it applies.
    pub exit: String,
    /// `taken`, `ended`, `skipped`, `unreached` or empty.
    pub state: &'static str,
    /// The simulator's line for this step.
    pub note: String,
}

/// One outcome branch.
pub struct BranchView {
    pub key: &'static str,
    pub label: &'static str,
    pub target: String,
    pub state: &'static str,
}

/// The whole diagram.
pub struct FlowView {
    pub steps: Vec<StepView>,
    pub branches: Vec<BranchView>,
    pub outbound: Vec<String>,
    /// How the simulated call ended ("" without a simulation).
    pub result: String,
}

impl FlowView {
    pub fn of(flow: &CallFlow, path: Option<&CallPath>) -> FlowView {
        let mut steps: Vec<StepView> = flow.steps.iter().map(step).collect();
        let mut branches = vec![
            branch("no_answer", "No answer", &flow.branches.no_answer),
            branch("busy", "Busy", &flow.branches.busy),
            branch("offline", "Offline", &flow.branches.offline),
        ];
        let mut result = String::new();
        if let Some(path) = path {
            for (i, view) in steps.iter_mut().enumerate() {
                view.state = if i < path.reached {
                    view.note = path.taken.get(i).cloned().unwrap_or_default();
                    if view.note.starts_with("skip ") {
                        SKIPPED
                    } else {
                        TAKEN
                    }
                } else {
                    UNREACHED
                };
            }
            let taken_branch = path.branch.map(|b| match b {
                Branch::NoAnswer => "no_answer",
                Branch::Busy => "busy",
                Branch::Offline => "offline",
            });
            for b in &mut branches {
                b.state = if Some(b.key) == taken_branch {
                    TAKEN
                } else {
                    UNREACHED
                };
            }
            if path.branch.is_none()
                && let Some(last) = path.reached.checked_sub(1).and_then(|i| steps.get_mut(i))
            {
                last.state = ENDED;
            }
            result = match &path.outcome {
                Outcome::Answered { by } => format!("Answered by {by}."),
                Outcome::Sent { to } => format!("The call ends at {}.", describe(to)),
            };
        }
        FlowView {
            steps,
            branches,
            outbound: outbound(flow),
            result,
        }
    }
}

fn branch(key: &'static str, label: &'static str, target: &Target) -> BranchView {
    BranchView {
        key,
        label,
        target: capitalized(&describe(target)),
        state: "",
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn check(title: String, lines: Vec<String>, to: &Target) -> StepView {
    StepView {
        kind: "check",
        title,
        lines,
        targets: vec![],
        exit: capitalized(&describe(to)),
        state: "",
        note: String::new(),
    }
}

fn step(step: &Step) -> StepView {
    match step {
        Step::Forward { to } => check(
            "Unconditional forward".into(),
            vec!["Every call is forwarded.".into()],
            to,
        ),
        Step::DoNotDisturb { to } => check(
            "Do not disturb".into(),
            vec!["Every call goes to the busy destination.".into()],
            to,
        ),
        Step::Condition { condition, to } => check(
            format!("Condition: {}", condition.name),
            vec![format!("While {} matches.", condition.spec)],
            to,
        ),
        Step::Ring(ring) => ring_step(ring),
    }
}

fn ring_step(ring: &Ring) -> StepView {
    let title = match ring.purpose {
        RingPurpose::Extension => "Ring the extension",
        RingPurpose::Members => "Ring the members",
        RingPurpose::Custom => "Dial the custom target",
        RingPurpose::FollowMe => "Follow-me",
    };
    let mut lines = vec![format!("For {} s.", ring.timeout)];
    if let Some(c) = &ring.only_when {
        lines.push(format!("Only while {} ({}) matches.", c.name, c.spec));
    }
    lines.extend(caller_id(&ring.caller_id));
    if let Some(message) = &ring.announce {
        lines.push(format!("The caller hears {message} first."));
    }
    if let Some(confirm) = &ring.confirm {
        lines.push(match &confirm.message {
            Some(m) => format!("The answering party must press 1 ({m})."),
            None => "The answering party must press 1.".into(),
        });
    }
    if ring.record {
        lines.push("The call is recorded.".into());
    }
    if ring.targets.is_empty() {
        lines.push("Nothing to ring: the call counts as offline.".into());
    }
    StepView {
        kind: "ring",
        title: title.into(),
        lines,
        targets: ring.targets.iter().map(target).collect(),
        exit: String::new(),
        state: "",
        note: String::new(),
    }
}

fn target(target: &RingTarget) -> TargetView {
    match target {
        RingTarget::Phone {
            number,
            stack,
            username,
            trunk_dial,
        } => {
            let tech = stack.channel_tech();
            let trunk = match trunk_dial {
                None => String::new(),
                Some(TrunkDial::CalledNumber) => ", trunk: the dialled number".into(),
                Some(TrunkDial::Did(did)) => format!(", trunk: DID {did}"),
            };
            TargetView {
                number: number.to_string(),
                label: number.to_string(),
                detail: format!("{tech}/{username}{trunk}"),
            }
        }
        RingTarget::Channel { number, dial } => TargetView {
            number: number.to_string(),
            label: number.to_string(),
            detail: dial.clone(),
        },
        RingTarget::External { number, .. } => TargetView {
            number: String::new(),
            label: number.clone(),
            detail: "external number".into(),
        },
    }
}

fn caller_id(rule: &CallerIdRule) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some((name, number)) = &rule.replace {
        lines.push(format!("Caller ID shown: {name} <{number}>."));
    }
    if let Some(prefix) = &rule.prefix {
        lines.push(format!("Caller number prefixed with {prefix}."));
    }
    match (rule.hide_name, rule.hide_number) {
        (true, true) => lines.push("Caller name and number hidden.".into()),
        (true, false) => lines.push("Caller name hidden.".into()),
        (false, true) => lines.push("Caller number hidden.".into()),
        (false, false) => {}
    }
    lines
}

fn outbound(flow: &CallFlow) -> Vec<String> {
    let p = &flow.outbound;
    let mut lines = Vec::new();
    if p.lock_pin.is_some() {
        lines.push("Locked: external calls ask for the PIN.".into());
    }
    if let Some(c) = &p.working_hours {
        lines.push(format!(
            "External calls only while {} ({}) matches.",
            c.name, c.spec
        ));
    }
    lines.push(match &p.filter {
        OutboundFilterRule::All => "Every external destination is allowed.".into(),
        OutboundFilterRule::None => "No external destination is allowed.".into(),
        OutboundFilterRule::Matching(re) => format!("External numbers must match {re}."),
    });
    if let Some(seconds) = p.max_duration {
        lines.push(format!("External calls are cut after {seconds} s."));
    }
    match (&p.caller_id_name, &p.caller_id_number) {
        (Some(name), Some(number)) => lines.push(format!("Caller ID: {name} <{number}>.")),
        (None, Some(number)) => lines.push(format!("Caller ID number: {number}.")),
        (Some(name), None) => lines.push(format!("Caller ID name: {name}.")),
        (None, None) => {}
    }
    if p.hide_caller_id {
        lines.push("Caller ID hidden.".into());
    }
    if p.record {
        lines.push("External calls placed are recorded.".into());
    }
    lines
}
