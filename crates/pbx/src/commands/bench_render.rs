//! `pbx bench`, Asterisk part: rendering 100,000 extensions over 1,000
//! tenants, and what one edit costs afterwards (files rewritten, reloads).

use std::time::Instant;

use pbx_asterisk::apply::{Reload, Storage, TenantChange, plan_reloads, write_files};
use pbx_asterisk::bench_support::synthetic_tenants;
use pbx_asterisk::{
    NodeSettings, RenderedFile, TenantView, render_all, render_index, render_node, render_tenant,
};
use pbx_domain::{ExtensionKind, TenantCode};
use pbx_service::nodes::{default_node, settings_of};

/// `dialplan reload`, `module reload res_pjsip.so`, ... as an operator reads them.
fn describe(reload: &Reload) -> String {
    match reload {
        Reload::Dialplan => "dialplan reload".into(),
        Reload::Pjsip => "module reload res_pjsip.so".into(),
        Reload::Sip => "sip reload".into(),
        Reload::Voicemail => "module reload app_voicemail.so".into(),
        Reload::ExpireObject { cache, object } => format!("expire {cache}/{object}"),
        Reload::ExpireCache(cache) => format!("expire all of {cache}"),
        Reload::PruneSipPeer(peer) => format!("sip prune realtime peer {peer}"),
        Reload::PruneAllSipPeers => "sip prune realtime all".into(),
    }
}

/// Re-renders one tenant (and the index), writes what changed and plans
/// the reloads: the projector's path for one edit.
fn one_edit(
    node: &NodeSettings,
    view: &TenantView,
    codes: &[TenantCode],
    total: usize,
) -> anyhow::Result<String> {
    let mut files: Vec<RenderedFile> = render_tenant(node, view)?;
    files.extend(render_index(node, codes)?);
    let written = write_files(&node.output_dir, &files)?;
    let mut change = TenantChange {
        tenant: Some(view.tenant.code.clone()),
        ..TenantChange::default()
    };
    for f in files.iter().filter(|f| written.contains(&f.name)) {
        change.kinds.insert(f.kind);
    }
    let reloads: Vec<String> = plan_reloads(&[change], &Storage::Files)
        .iter()
        .map(describe)
        .collect();
    Ok(format!(
        "files rewritten: {} of {total} ({}); reloads: {}",
        written.len(),
        written.join(", "),
        reloads.join(", ")
    ))
}

/// Prints the render measurements.
pub fn run(tenants: usize, per_tenant: usize) -> anyhow::Result<()> {
    let data = synthetic_tenants(tenants, per_tenant);
    let views: Vec<TenantView> = data.iter().map(|t| t.view()).collect();
    let dir = tempfile::tempdir()?;
    let (node, _) = settings_of(&default_node(dir.path().to_path_buf()));
    let started = Instant::now();
    let bytes = render_all(&node, &views)?;
    let render = started.elapsed();
    println!(
        "| render {} extensions over {tenants} tenants (3 files per tenant, in memory) | {:.0} ms | {:.1} MB | | < 1 s |",
        tenants * per_tenant,
        render.as_secs_f64() * 1000.0,
        bytes as f64 / 1e6
    );
    let started = Instant::now();
    let all = render_node(&node, &views)?;
    let written = write_files(&node.output_dir, &all)?;
    println!(
        "| render and write every file of the node ({} files) | {:.0} ms | | | |",
        written.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let codes: Vec<TenantCode> = data.iter().map(|t| t.tenant.code.clone()).collect();
    let mut edited = data[tenants / 2].clone();
    let pjsip = edited
        .extensions
        .iter_mut()
        .find(|e| e.kind == ExtensionKind::Pjsip)
        .ok_or_else(|| anyhow::anyhow!("no PJSIP extension in the synthetic tenant"))?;
    pjsip.name =
        pbx_domain::values::ShortText::parse("Renamed Person").map_err(anyhow::Error::msg)?;
    let number = pjsip.number.clone();
    let started = Instant::now();
    let line = one_edit(&node, &edited.view(), &codes, all.len())?;
    println!(
        "one PJSIP edit (rename {number} of {}), {:.1} ms: {line}",
        edited.tenant.code,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let phone = edited
        .extensions
        .iter_mut()
        .find(|e| e.kind == ExtensionKind::Pjsip)
        .ok_or_else(|| anyhow::anyhow!("no PJSIP extension"))?;
    phone.settings.information.ring_timeout = pbx_domain::values::Bounded::new(45);
    let started = Instant::now();
    let line = one_edit(&node, &edited.view(), &codes, all.len())?;
    println!(
        "one dialplan-only edit (ring timeout of {number}), {:.1} ms: {line}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
