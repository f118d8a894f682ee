//! The render benchmark: 100,000 extensions over 1,000 tenants. Run with
//! `cargo test --release -p pbx-asterisk --test bench -- --ignored --nocapture`.

mod common;

use std::time::Instant;

use pbx_asterisk::bench_support::synthetic_tenants;
use pbx_asterisk::render_all;

#[test]
#[ignore = "benchmark: run in release mode"]
fn rendering_100k_extensions_over_1000_tenants() {
    let tenants = synthetic_tenants(1_000, 100);
    let views: Vec<_> = tenants.iter().map(|t| t.view()).collect();
    let start = Instant::now();
    let bytes = render_all(&common::node(), &views).unwrap();
    let elapsed = start.elapsed();
    println!("rendered 100000 extensions in {elapsed:?}: {bytes} bytes");
    assert!(bytes > 10_000_000);
}

#[test]
fn synthetic_tenants_render_without_error() {
    let tenants = synthetic_tenants(3, 40);
    let views: Vec<_> = tenants.iter().map(|t| t.view()).collect();
    assert!(render_all(&common::node(), &views).unwrap() > 0);
}
