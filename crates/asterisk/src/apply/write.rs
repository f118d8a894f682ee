//! Atomic file writing: a temp file in the same directory, fsync, rename,
//! fsync of the directory. A reader never sees a half-written file. The
//! last set Asterisk accepted is kept in `.last-good/` and can be restored.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::render::RenderedFile;

/// The folder, inside the output directory, holding the last good set.
pub const LAST_GOOD_DIR: &str = ".last-good";

/// A failed write or restore, with the file it concerns.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError {
        path: path.to_owned(),
        source,
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `contents` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(at(dir))?;
    let target = dir.join(name);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, &target)?;
        fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(at(&target))
}

/// Writes the files whose contents changed and returns their names. If one
/// write fails, the files already written are restored from the last good
/// set before the error is returned.
pub fn write_files(dir: &Path, files: &[RenderedFile]) -> Result<Vec<String>, WriteError> {
    let mut written = Vec::new();
    for file in files {
        let current = fs::read(dir.join(&file.name)).ok();
        if current.as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        if let Err(e) = write_atomic(dir, &file.name, file.contents.as_bytes()) {
            let _ = restore_last_good(dir, &written);
            return Err(e);
        }
        written.push(file.name.clone());
    }
    Ok(written)
}

/// Records the current files `names` as the last good set (after Asterisk
/// accepted them).
pub fn mark_good(dir: &Path, names: &[String]) -> Result<(), WriteError> {
    let good = dir.join(LAST_GOOD_DIR);
    for name in names {
        let source = dir.join(name);
        match fs::read(&source) {
            Ok(bytes) => write_atomic(&good, name, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let _ = fs::remove_file(good.join(name));
            }
            Err(e) => return Err(at(&source)(e)),
        }
    }
    Ok(())
}

/// Puts the last good copy of each of `names` back; a file with no last
/// good copy (new since) is removed.
pub fn restore_last_good(dir: &Path, names: &[String]) -> Result<(), WriteError> {
    let good = dir.join(LAST_GOOD_DIR);
    for name in names {
        let saved = good.join(name);
        match fs::read(&saved) {
            Ok(bytes) => write_atomic(dir, name, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let target = dir.join(name);
                match fs::remove_file(&target) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(at(&target)(e)),
                }
            }
            Err(e) => return Err(at(&saved)(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::FileKind;

    fn file(name: &str, contents: &str) -> RenderedFile {
        RenderedFile {
            name: name.into(),
            kind: FileKind::Dialplan,
            tenant: None,
            contents: contents.into(),
        }
    }

    #[test]
    fn only_changed_files_are_written_and_no_temp_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_files(dir.path(), &[file("a.conf", "1"), file("b.conf", "2")]).unwrap();
        assert_eq!(first.len(), 2);
        let second = write_files(dir.path(), &[file("a.conf", "1"), file("b.conf", "3")]).unwrap();
        assert_eq!(second, vec!["b.conf".to_string()]);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn a_rejected_set_is_rolled_back_to_the_last_good_one() {
        let dir = tempfile::tempdir().unwrap();
        let names = write_files(dir.path(), &[file("a.conf", "good")]).unwrap();
        mark_good(dir.path(), &names).unwrap();
        let changed =
            write_files(dir.path(), &[file("a.conf", "bad"), file("new.conf", "x")]).unwrap();
        restore_last_good(dir.path(), &changed).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("a.conf")).unwrap(),
            "good"
        );
        assert!(!dir.path().join("new.conf").exists());
    }
}
