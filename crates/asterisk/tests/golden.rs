//! Golden files: the demo tenant rendered for one node must match the files
//! under `tests/golden/`. Regenerate with `UPDATE_GOLDEN=1`.

mod common;

use std::path::PathBuf;

use pbx_asterisk::render_node;

#[test]
fn the_demo_tenant_renders_exactly_the_golden_files() {
    let demo = common::demo();
    let files = render_node(&common::node(), &[demo.view()]).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for file in &files {
        let path = dir.join(&file.name);
        if update {
            std::fs::write(&path, &file.contents).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_GOLDEN=1", path.display()));
        assert_eq!(
            file.contents, expected,
            "{} differs from its golden file",
            file.name
        );
    }
    let golden = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(golden, files.len(), "stale files in tests/golden");
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let demo = common::demo();
    let mut reversed = demo.extensions.clone();
    reversed.reverse();
    let other = pbx_asterisk::TenantView {
        extensions: &reversed,
        ..demo.view()
    };
    let a = render_node(&common::node(), &[demo.view()]).unwrap();
    let b = render_node(&common::node(), &[other]).unwrap();
    assert_eq!(a, b);
}
