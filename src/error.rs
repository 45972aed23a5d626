//! Input the user has to fix (exit code 2 on the command line), in parts: the file, the line
//! and the field at fault where they are known, and what was expected.

use std::fmt;
use std::path::PathBuf;

/// Bad input, with the same parts as [`crate::ScenarioError`]: which file, which line and field,
/// and what went wrong and what was expected. Display reads "invalid sweep file FILE, line L,
/// field `F`: MESSAGE" (the parts that are known); an error that names no file is its message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputError {
    /// What the file is, before its name ("invalid sweep file"); empty to start with the name.
    pub what: &'static str,
    /// The file (or directory) at fault, when the message is about one place.
    pub file: Option<PathBuf>,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// Dotted path of the offending field, when one is to blame.
    pub field: Option<String>,
    /// What went wrong and what was expected.
    pub message: String,
}

impl InputError {
    /// An error that names its file, field or line in its own words, if at all.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::default()
        }
    }

    /// An error at `line` (when known) of `file`.
    pub fn at(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: Some(file.into()),
            line,
            ..Self::new(message)
        }
    }
}

/// Longest key or value a message shows whole; a longer one is cut to its first
/// [`SHOWN_CHARS`] characters (see [`clip`]).
pub const CLIP_ABOVE: usize = 120;
/// What a message shows of a key or value longer than [`CLIP_ABOVE`] characters.
pub const SHOWN_CHARS: usize = 80;

/// A key or value from an input file as a message shows it: control characters escaped (see
/// [`escape_controls`]), and cut to its first [`SHOWN_CHARS`] characters with the size of the
/// whole (`…(2000000 bytes)`) when it is longer than [`CLIP_ABOVE`], so that a 2 MB key does not make a 4 MB
/// message.
pub fn clip(s: &str) -> String {
    let shown = escape_controls(s);
    if shown.chars().count() <= CLIP_ABOVE {
        return shown;
    }
    let cut: String = shown.chars().take(SHOWN_CHARS).collect();
    format!("{cut}…({} bytes)", s.len())
}

/// Every `"..."` part of a message from the TOML parser (which quotes the values it shows)
/// clipped with [`clip`].
pub fn clip_quoted(message: &str) -> String {
    message
        .split('"')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                clip(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

/// A character that must not reach a terminal (or a text file read on one) as it is: a control
/// character (C0, DEL, C1: ESC starts terminal escape sequences, BEL rings) or a bidirectional
/// override or isolate (which reorders what a reader sees).
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every [`is_unprintable`] character but line breaks and tabs written as a Rust
/// escape (`\u{1b}`): what polder prints of text it did not write itself (error messages).
pub fn escape_controls(s: &str) -> String {
    if !s
        .chars()
        .any(|c| is_unprintable(c) && c != '\n' && c != '\t')
    {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_unprintable(c) && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Check a name from an input file (a scenario's, a phase's, a policy's, a sweep column's):
/// `None` if it holds no [`is_unprintable`] character, else what was expected and what was
/// found. Names go to the terminal, story.txt, events.csv and every CSV file as they are, so
/// a control character is refused where the name is read rather than escaped everywhere it is
/// shown.
pub fn unprintable_in_name(name: &str) -> Option<String> {
    let (at, c) = name.chars().enumerate().find(|(_, c)| is_unprintable(*c))?;
    Some(format!(
        "expected a name of printable characters, found the control character U+{:04X} at character {} (names are shown on the terminal and written to text and CSV files as they are)",
        c as u32,
        at + 1
    ))
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            if !self.what.is_empty() {
                write!(f, "{} ", self.what)?;
            }
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ", line {line}")?;
            }
            if let Some(field) = &self.field {
                write!(f, ", field `{}`", clip(field))?;
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

impl From<String> for InputError {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

impl From<&str> for InputError {
    fn from(message: &str) -> Self {
        Self::new(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_are_clipped_and_controls_escaped() {
        let key = "k".repeat(2_000_000);
        let shown = clip(&key);
        assert_eq!(shown, format!("{}…(2000000 bytes)", "k".repeat(80)));
        assert_eq!(clip(&shown), shown, "clipping twice changes nothing");
        assert_eq!(clip("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(
            escape_controls("two\nlines\tand\u{202e}"),
            "two\nlines\tand\\u{202e}"
        );
        let long = format!("invalid type: string \"{}\", expected f64", "x".repeat(500));
        assert_eq!(
            clip_quoted(&long),
            format!(
                "invalid type: string \"{}…(500 bytes)\", expected f64",
                "x".repeat(80)
            )
        );
        assert!(unprintable_in_name("plain name, with = and -").is_none());
        assert_eq!(
            unprintable_in_name("ab\u{1b}").unwrap(),
            "expected a name of printable characters, found the control character U+001B at character 3 (names are shown on the terminal and written to text and CSV files as they are)"
        );
    }

    #[test]
    fn display_names_the_known_parts() {
        let e = InputError {
            what: "invalid sweep file",
            file: Some("s.toml".into()),
            line: Some(4),
            field: Some("replicates".into()),
            message: "expected a number".into(),
        };
        assert_eq!(
            e.to_string(),
            "invalid sweep file s.toml, line 4, field `replicates`: expected a number"
        );
        assert_eq!(
            InputError::at("runs.csv", None, "no rows").to_string(),
            "runs.csv: no rows"
        );
        assert_eq!(
            InputError::new("--threads must be at least 1").to_string(),
            "--threads must be at least 1"
        );
    }
}
