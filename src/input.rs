//! Reading an input file (a scenario or a sweep file): a regular file only, never more than a
//! size limit, UTF-8 text. A device such as /dev/zero or a named pipe is refused before it is
//! read, so that polder neither reads without end nor blocks.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest scenario or sweep file polder reads: the shipped scenarios are under 30 KB.
pub const MAX_INPUT_BYTES: u64 = 1 << 20;

/// Why an input file could not be read: the message, and the 1-based line where known.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub line: Option<usize>,
    pub message: String,
}

impl Unreadable {
    fn plain(message: String) -> Self {
        Self {
            line: None,
            message,
        }
    }
}

/// What kind of thing `meta` describes, for a message (`a directory`, `a named pipe (FIFO)`).
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Refuse what is not a regular file of at most [`MAX_INPUT_BYTES`]; `what` names the kind of
/// file expected (`scenario`, `sweep`).
fn check_meta(meta: &std::fs::Metadata, what: &str) -> Result<(), Unreadable> {
    if !meta.is_file() {
        return Err(Unreadable::plain(format!(
            "expected a {what} file (TOML), but this is {}",
            kind_of(meta)
        )));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Unreadable::plain(format!(
            "the file holds {} bytes, more than the {MAX_INPUT_BYTES} (1 MiB) a {what} file may hold",
            meta.len()
        )));
    }
    Ok(())
}

/// Open without blocking on a named pipe that replaced the file after it was checked.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Read an input file as UTF-8 text: a regular file of at most [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path, what: &str) -> Result<String, Unreadable> {
    let cannot = |e: std::io::Error| Unreadable::plain(format!("cannot read the file: {e}"));
    check_meta(&std::fs::metadata(path).map_err(cannot)?, what)?;
    let file = open_nonblocking(path).map_err(cannot)?;
    // checked again on the open file: the name may have been replaced in between
    check_meta(&file.metadata().map_err(cannot)?, what)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Unreadable::plain(format!(
            "the file grew past the {MAX_INPUT_BYTES} bytes (1 MiB) a {what} file may hold while it was read"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Unreadable {
            line: Some(line),
            message: format!("expected UTF-8 text, found an invalid byte at offset {offset}"),
        }
    })
}

/// Deserialise a TOML table only. serde lets a struct be read from a sequence as well (its
/// fields in order), so without this `participants = [5, 0.1, 7, 8]` would be read as
/// `[participants]` with count 5 and trait spread 0.1, the rest silently ignored. Used with
/// `#[serde(deserialize_with = "crate::input::table")]` on every table of the scenario and
/// sweep files (tests/it/corpus.rs puts an array in the place of each).
pub fn table<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(Table::<T>::deserialize(d)?.0)
}

/// [`table`] for a list of tables (`[[process.phases]]`): each element must be a table.
pub fn tables<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let list = Vec::<Table<T>>::deserialize(d)?;
    Ok(list.into_iter().map(|t| t.0).collect())
}

/// A `T` read from a TOML table only, never from an array (see [`table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Table<T>(pub T);

use serde::Deserialize;

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Table<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Only<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Only<T> {
            type Value = Table<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Table<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Table)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Table<T>, A::Error> {
                Err(serde::de::Error::custom(
                    "expected a table (a `[section]` of `key = value` lines, or `{ key = value, ... }`), found an array",
                ))
            }
        }
        d.deserialize_map(Only(std::marker::PhantomData))
    }
}
