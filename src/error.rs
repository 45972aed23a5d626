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
                write!(f, ", field `{field}`")?;
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
