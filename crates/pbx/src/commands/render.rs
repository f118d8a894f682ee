//! `pbx render` and `pbx apply`: a node's files from the database, written
//! to a directory for inspection, or applied to the node (atomic write, AMI
//! reload, rollback to the last good set when the node refuses).

use std::path::PathBuf;

use anyhow::{Context, bail};
use pbx_asterisk::apply::{Storage, write_files};
use pbx_service::Service;
use pbx_service::nodes::{default_node, settings_of};
use pbx_service::projection::apply_files;
use pbx_store::nodes::NodeRecord;

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    database: DatabaseArg,
    /// Directory to write the files to.
    #[arg(long)]
    out: PathBuf,
    /// The node to render for (default: the only node, or a default node
    /// definition when there is none).
    #[arg(long)]
    node: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct ApplyArgs {
    #[command(flatten)]
    database: DatabaseArg,
    /// Apply to this node only (default: every node).
    #[arg(long)]
    node: Option<String>,
}

async fn open(database: &DatabaseArg) -> anyhow::Result<Service> {
    let store = database.open(false).await?;
    Ok(Service::new(store))
}

/// The stored nodes, or only `name` (an error when it does not exist).
async fn chosen(service: &Service, name: Option<&str>) -> anyhow::Result<Vec<NodeRecord>> {
    let all = service
        .stored_nodes()
        .await
        .map_err(|e| anyhow::anyhow!("reading the nodes: {}", e.detail()))?;
    let all: Vec<NodeRecord> = all.into_iter().map(|s| s.node).collect();
    match name {
        None => Ok(all),
        Some(name) => match all.into_iter().find(|n| n.name == name) {
            Some(node) => Ok(vec![node]),
            None => bail!("no node named {name} (see `pbx node list`)"),
        },
    }
}

pub async fn render(args: RenderArgs) -> anyhow::Result<()> {
    let service = open(&args.database).await?;
    let out = std::path::absolute(&args.out)
        .with_context(|| format!("output directory {}", args.out.display()))?;
    let mut nodes = chosen(&service, args.node.as_deref()).await?;
    let record = match nodes.len() {
        0 => default_node(out.clone()),
        1 => nodes.remove(0),
        _ => bail!("there are several nodes: choose one with --node"),
    };
    let (node, storage) = settings_of(&record);
    let files = service
        .render_node_files(&node, &storage, None)
        .await
        .map_err(|e| anyhow::anyhow!("rendering for node {}: {}", node.name, e.detail()))?;
    let written =
        write_files(&out, &files).with_context(|| format!("writing into {}", out.display()))?;
    println!(
        "node {}: {} files rendered into {}, {} changed",
        node.name,
        files.len(),
        out.display(),
        written.len()
    );
    if matches!(storage, Storage::Realtime { .. }) {
        println!("(Realtime node: PJSIP and chan_sip objects are in the database, not in files)");
    }
    Ok(())
}

pub async fn apply(args: ApplyArgs) -> anyhow::Result<()> {
    let service = open(&args.database).await?;
    let nodes = chosen(&service, args.node.as_deref()).await?;
    if nodes.is_empty() {
        bail!("no nodes: add one with `pbx node add` (or write files with `pbx render`)");
    }
    let mut failures = Vec::new();
    for record in nodes {
        let (node, storage) = settings_of(&record);
        let outcome = match service.render_node_files(&node, &storage, None).await {
            Ok(files) => apply_files(&node, &storage, &files, &[])
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("node {}: rendering: {}", node.name, e.detail())),
        };
        match outcome {
            Ok(report) => {
                let reloads: Vec<String> =
                    report.reloads.iter().map(|r| format!("{r:?}")).collect();
                println!(
                    "node {}: files rewritten: {} of {}; reloads: {}",
                    report.node,
                    report.written.len(),
                    report.rendered,
                    if reloads.is_empty() {
                        "none".into()
                    } else {
                        reloads.join(", ")
                    }
                );
            }
            Err(message) => {
                tracing::error!(error = %message, "apply failed");
                eprintln!("error: {message}");
                failures.push(message);
            }
        }
    }
    if !failures.is_empty() {
        bail!("{} node(s) failed", failures.len());
    }
    Ok(())
}
