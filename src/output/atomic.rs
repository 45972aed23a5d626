//! A file that appears under its name only when it is complete.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Open options that never follow a symbolic link in the last component of the path (on Unix:
/// `O_NOFOLLOW`).
pub fn no_follow() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Create `path` as a new, empty file for writing. Whatever had that name before (a leftover
/// of a killed run, or a symbolic link planted there) is unlinked first, never opened: the
/// file is created with create-new semantics (`O_CREAT | O_EXCL`, which refuses any existing
/// name, a link included), so nothing is ever written through a link.
pub fn create_fresh(path: &Path) -> io::Result<File> {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_dir()
    {
        std::fs::remove_file(path)?;
    }
    no_follow().write(true).create_new(true).open(path)
}

/// `e` with what was done to which file in its message (`cannot write PATH: ...`).
fn naming(what: &str, path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// Writes to `.NAME.partial` beside the target and renames it to `NAME` on [`commit`].
/// Dropped without commit, or when the commit fails, it removes the partial file. Its errors
/// name the file (`cannot write PATH: No space left on device`).
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<Self> {
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
            .to_string_lossy()
            .into_owned();
        let temp = target.with_file_name(format!(".{name}.partial"));
        let file = create_fresh(&temp).map_err(|e| naming("cannot create", &temp, e))?;
        Ok(Self {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flush, sync and move into place. On failure the temporary file is removed and the
    /// error names the file.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let w = self.writer.take().expect("writer present until commit");
        let done = w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&self.temp, &self.target));
        match done {
            Ok(()) => Ok(self.target.clone()),
            Err(e) => {
                let _ = std::fs::remove_file(&self.temp);
                Err(naming("cannot write", &self.target, e))
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .write(buf)
            .map_err(|e| naming("cannot write", &self.target, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .flush()
            .map_err(|e| naming("cannot write", &self.target, e))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
