//! `pbx`: the multi-tenant PBX extension manager.

mod commands;

use clap::{Parser, Subcommand};

/// Manage the extensions of many tenants on Asterisk PBX nodes.
#[derive(Parser)]
#[command(name = "pbx", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server and JSON API.
    Serve(commands::serve::Args),
    /// Measure list and bulk-create speed against raw SQL on one database.
    #[cfg(feature = "bench")]
    Bench(commands::bench::Args),
    /// Manage tenants: add, list, set.
    Tenant(commands::tenant::Args),
    /// Manage administrator accounts: add, list, passwd, grant.
    User(commands::user::Args),
    /// Manage the Asterisk nodes pbx projects to.
    Node(commands::node::Args),
    /// Write a node's configuration files into a directory.
    Render(commands::render::RenderArgs),
    /// Write a node's files into its output directory and reload it over AMI.
    Apply(commands::render::ApplyArgs),
    /// Import a CSV, XLS or XLSX file of extensions into a tenant (all or nothing).
    Import(commands::import::Args),
    /// Export a tenant's extensions as CSV or XLSX.
    Export(commands::export::Args),
}

/// Runs the command; a failure is one `error:` line with its causes
/// (`a: b: c`) and exit status 1, never a backtrace: what a user gets
/// wrong is not a crash.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse().command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => commands::serve::run(args).await,
        #[cfg(feature = "bench")]
        Command::Bench(args) => commands::bench::run(args).await,
        Command::Tenant(args) => commands::tenant::run(args).await,
        Command::User(args) => commands::user::run(args).await,
        Command::Node(args) => commands::node::run(args).await,
        Command::Render(args) => commands::render::render(args).await,
        Command::Apply(args) => commands::render::apply(args).await,
        Command::Import(args) => commands::import::run(args).await,
        Command::Export(args) => commands::export::run(args).await,
    }
}
