//! One module per subcommand.

#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_calls;
#[cfg(feature = "bench")]
pub mod bench_import;
pub mod bench_rating;
#[cfg(feature = "bench")]
pub mod bench_render;
pub mod export;
pub mod import;
pub mod key;
pub mod node;
pub mod render;
pub mod serve;
pub mod tenant;
pub mod user;

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
    #[command(flatten)]
    pub key: key::KeyArg,
}

/// A refused use case as the command's error: one `field: message` line
/// per invalid field, or the error's detail.
pub fn refused(e: pbx_service::ServiceError) -> anyhow::Error {
    match e {
        pbx_service::ServiceError::Invalid(errors) => {
            anyhow::anyhow!("{}", errors.messages().join("\n"))
        }
        other => anyhow::anyhow!("{}", other.detail()),
    }
}

impl DatabaseArg {
    /// Opens the store with the secret key (created when `create_key` and
    /// missing), so secrets sealed at rest read back as they were stored.
    pub async fn open(&self, create_key: bool) -> anyhow::Result<pbx_store::Store> {
        key::open_store(&self.url, &self.key, create_key).await
    }
}
