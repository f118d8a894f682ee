//! The secret key that seals SIP secrets at rest: `PBX_SECRET_KEY` (base64)
//! or a key file (`--key-file`, default `pbx.key` beside the SQLite file or
//! in the working directory), created with a random key on the first
//! `serve`. The key itself is never printed or logged.

use std::path::{Path, PathBuf};

use anyhow::Context;
use pbx_store::secrets::SecretKey;

/// The `--key-file` option.
#[derive(clap::Args, Debug, Clone)]
pub struct KeyArg {
    /// File holding the base64 secret key (ignored when PBX_SECRET_KEY is set).
    #[arg(long = "key-file", env = "PBX_KEY_FILE")]
    pub path: Option<PathBuf>,
}

/// Where the key file is when none is named: beside a SQLite database file,
/// else in the working directory.
pub fn default_path(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .or_else(|| (!database_url.contains("://")).then_some(database_url))
        .map(|p| p.split('?').next().unwrap_or(p));
    match file.and_then(|f| Path::new(f).parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("pbx.key"),
        _ => PathBuf::from("pbx.key"),
    }
}

/// The key from the environment or the file; `create` makes the file with
/// a new key when it does not exist (owner-only permissions).
pub fn load(arg: &KeyArg, database_url: &str, create: bool) -> anyhow::Result<Option<SecretKey>> {
    if let Ok(text) = std::env::var("PBX_SECRET_KEY")
        && !text.trim().is_empty()
    {
        return SecretKey::from_base64(&text)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("PBX_SECRET_KEY: {e}"));
    }
    let path = arg
        .path
        .clone()
        .unwrap_or_else(|| default_path(database_url));
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading the key file {}", path.display()))?;
        return SecretKey::from_base64(&text)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    if !create {
        return Ok(None);
    }
    let key = SecretKey::generate();
    write_private(&path, &format!("{}\n", key.to_base64()))
        .with_context(|| format!("writing the key file {}", path.display()))?;
    tracing::warn!(
        path = %path.display(),
        "generated a new secret key for SIP secrets at rest; back this file up: without it the stored secrets cannot be read"
    );
    Ok(Some(key))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// Opens the store, sealing secrets when a key is available.
pub async fn open_store(
    database_url: &str,
    arg: &KeyArg,
    create: bool,
) -> anyhow::Result<pbx_store::Store> {
    let store = match load(arg, database_url, create)? {
        Some(key) => pbx_store::Store::connect_with_key(database_url, &key).await,
        None => pbx_store::Store::connect(database_url).await,
    };
    store.context("opening the database")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_sits_beside_a_sqlite_file_or_in_the_working_directory() {
        assert_eq!(
            default_path("sqlite:///var/lib/pbx/pbx.db"),
            PathBuf::from("/var/lib/pbx/pbx.key")
        );
        assert_eq!(default_path("data/pbx.db"), PathBuf::from("data/pbx.key"));
        assert_eq!(default_path("sqlite://pbx.db"), PathBuf::from("pbx.key"));
        assert_eq!(default_path("postgres://u@h/db"), PathBuf::from("pbx.key"));
    }
}
