//! `pbx export`: a tenant's extensions as CSV or XLSX, to a file or stdout.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use pbx_service::exports::{ExportFormat, ExportRequest};
use pbx_service::{Actor, Service};

use super::DatabaseArg;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    database: DatabaseArg,
    /// The tenant code.
    #[arg(long)]
    tenant: String,
    /// `csv` or `xlsx`.
    #[arg(long, default_value = "csv", value_parser = ExportFormat::parse)]
    format: ExportFormat,
    /// The file to write (stdout when absent).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = args.database.open(false).await?;
    let service = Service::new(store);
    let request = ExportRequest {
        format: args.format,
        query: Default::default(),
        numbers: None,
    };
    let file = service
        .export_extensions(&Actor::cli(), &args.tenant, request)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &file.bytes)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("Exported {} extensions to {}", file.rows, path.display());
        }
        None => std::io::stdout().lock().write_all(&file.bytes)?,
    }
    Ok(())
}
