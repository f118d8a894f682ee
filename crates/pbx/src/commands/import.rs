//! `pbx import`: checks a CSV, XLS or XLSX file against a tenant and, unless
//! `--dry-run`, applies it in one transaction. Any error: nothing applied,
//! every error printed, exit status 1.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use pbx_service::imports::ImportReport;
use pbx_service::{Actor, Service};

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    database: DatabaseArg,
    /// The tenant code.
    #[arg(long)]
    tenant: String,
    /// The file to import (CSV, XLS or XLSX, told by its content).
    file: PathBuf,
    /// Check the file and report, without changing anything.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let store = args.database.open(true).await?;
    let service = Service::new(store);
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template(
        "{spinner} {pos} rows checked ({per_sec}, {elapsed})",
    )?);
    bar.enable_steady_tick(Duration::from_millis(120));
    let progress = |rows: u64| bar.set_position(rows);
    let actor = Actor::cli();
    let result = if args.dry_run {
        service
            .check_import(&actor, &args.tenant, &bytes, &name, &progress)
            .await
            .map(|report| (report, false))
    } else {
        service
            .import_file(&actor, &args.tenant, &bytes, &name, &progress)
            .await
            .map(|outcome| (outcome.report, outcome.applied))
    };
    bar.finish_and_clear();
    let (report, applied) = result.map_err(|e| anyhow::anyhow!("{e}"))?;
    print_summary(&report);
    for error in &report.errors {
        println!(
            "line {}, column {}: {}",
            error.line, error.column, error.message
        );
    }
    if !report.errors.is_empty() {
        anyhow::bail!(
            "the file has {} error(s); nothing was applied",
            report.errors.len()
        );
    }
    if applied {
        println!("Applied to tenant {}.", args.tenant);
    } else {
        println!("Dry run: nothing was changed.");
    }
    Ok(())
}

fn print_summary(report: &ImportReport) {
    println!("| creates | updates | unchanged | errors |");
    println!("|---|---|---|---|");
    println!(
        "| {} | {} | {} | {} |",
        report.creates,
        report.updates,
        report.unchanged,
        report.errors.len()
    );
    if !report.unmapped.is_empty() {
        println!(
            "Not imported (no equivalent): {}",
            report.unmapped.join(", ")
        );
    }
}
