//! One module per subcommand.

pub mod bench;
pub mod bench_import;
pub mod export;
pub mod import;
pub mod serve;

/// The `--database` option every data subcommand shares.
#[derive(clap::Args, Debug, Clone)]
pub struct DatabaseArg {
    /// `sqlite://FILE`, a file path, or `postgres://USER@HOST/DB`.
    #[arg(
        long = "database",
        env = "PBX_DATABASE_URL",
        default_value = "sqlite://pbx.db"
    )]
    pub url: String,
}
