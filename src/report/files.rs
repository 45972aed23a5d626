//! Where a report may be written: `polder report -o` replaces an earlier report, never results
//! or anything that is not a regular file.

use std::io;
use std::path::Path;

/// Whether `path` may receive a report: `Ok` when nothing is there, or an earlier report (a
/// regular file with polder's generator mark in its head, or its footer from before the mark),
/// or any regular file with `force`; an error saying why not otherwise. A symbolic link, device,
/// pipe or directory is never replaced, `force` or not.
pub fn may_replace_with_report(path: &Path, force: bool) -> Result<(), String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot check {}: {e}", path.display())),
    };
    if !meta.file_type().is_file() {
        let what = if meta.file_type().is_symlink() {
            "a symbolic link"
        } else if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file"
        };
        return Err(format!(
            "-o {} is {what}; polder replaces only regular files: give another file name",
            path.display()
        ));
    }
    if force || is_report(path) {
        return Ok(());
    }
    Err(format!(
        "-o {} exists and is not a polder report; choose another file or pass --force to replace it",
        path.display()
    ))
}

/// Whether the regular file at `path` is a report polder wrote (read: its first and last 4 KB).
pub fn is_report(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = vec![0u8; 4096];
    let Ok(n) = f.read(&mut head) else {
        return false;
    };
    let head = String::from_utf8_lossy(&head[..n]);
    if !head.starts_with("<!DOCTYPE html>") {
        return false;
    }
    let mark = format!(
        "<meta name=\"generator\" content=\"{}\">",
        super::html::GENERATOR
    );
    if head.contains(&mark) {
        return true;
    }
    // reports written before the mark: polder's footer at the end
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut tail = Vec::new();
    let read = f
        .seek(SeekFrom::Start(len.saturating_sub(4096)))
        .and_then(|_| f.take(4096).read_to_end(&mut tail));
    let tail = String::from_utf8_lossy(&tail);
    read.is_ok()
        && (tail.contains("<footer>Made by polder ")
            || tail.contains("<footer>Gemaakt door polder "))
}
