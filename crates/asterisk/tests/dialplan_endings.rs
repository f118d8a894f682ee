//! The endings of an extension's call (forward, DND, condition, no answer,
//! busy, offline) are labelled priorities; a call must reach one only by
//! jumping to it, never by falling through from the priority above (a
//! call that was not answered once fell into the condition's destination).

mod common;

use pbx_asterisk::{FileKind, render_tenant};

const ENDINGS: [&str; 5] = ["(forward)", "(dnd)", "(noanswer)", "(busy)", "(offline)"];

fn is_ending(line: &str) -> bool {
    ENDINGS
        .iter()
        .any(|e| line.contains(&format!("same => n{e},")))
        || line.contains("same => n(condition")
}

#[test]
fn no_ending_of_an_extension_is_reached_by_falling_through() {
    let demo = common::demo();
    let dialplan = render_tenant(&common::node(), &demo.view())
        .unwrap()
        .into_iter()
        .find(|f| f.kind == FileKind::Dialplan)
        .unwrap()
        .contents;
    let lines: Vec<&str> = dialplan.lines().collect();
    let mut checked = 0;
    for pair in lines.windows(2) {
        let (above, line) = (pair[0], pair[1]);
        if !is_ending(line) {
            continue;
        }
        checked += 1;
        let jumps = above.contains(",Goto(") || above.contains(",Hangup(");
        assert!(jumps, "an ending can be fallen into:\n{above}\n{line}");
    }
    assert!(checked > 20, "only {checked} endings found");
}
