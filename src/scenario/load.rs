//! Reading a scenario file: text to typed struct to validated scenario, with errors that name
//! the file, the field and the line.

use std::fmt;
use std::path::{Path, PathBuf};

use super::Scenario;
use super::validate::Invalid;
use crate::error::InputError;

/// Why a scenario could not be used. Its Display names the file, and where known the field and
/// the line, and says what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The file (or the name given to a text that did not come from a file).
    pub file: PathBuf,
    /// Dotted path of the offending field, when one is to blame.
    pub field: Option<String>,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// What went wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        InputError::from(self.clone()).fmt(f)
    }
}

impl From<ScenarioError> for InputError {
    fn from(e: ScenarioError) -> Self {
        InputError {
            what: "invalid scenario",
            file: Some(e.file),
            line: e.line,
            field: e.field,
            message: e.message,
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Read (a regular file of at most 1 MiB, see [`crate::input`]), parse and validate a
/// scenario file.
pub fn load_scenario(path: &Path) -> Result<Scenario, ScenarioError> {
    let err = |message: String| ScenarioError {
        file: path.to_path_buf(),
        field: None,
        line: None,
        message,
    };
    let text = crate::input::read_text(path, "scenario").map_err(|u| ScenarioError {
        line: u.line,
        ..err(u.message)
    })?;
    parse_scenario(&text, path)
}

/// Parse and validate scenario text; `file` is only used in error messages.
pub fn parse_scenario(text: &str, file: &Path) -> Result<Scenario, ScenarioError> {
    if text.trim().is_empty() {
        return Err(ScenarioError {
            file: file.to_path_buf(),
            field: Some("name".into()),
            line: None,
            message: "the file is empty; expected a TOML scenario with at least `name = \"...\"`"
                .into(),
        });
    }
    let scenario: Scenario = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        ScenarioError {
            file: file.to_path_buf(),
            field: line.and_then(|l| field_at_line(text, l)),
            line,
            message: toml_message(&e, text),
        }
    })?;
    scenario.validate().map_err(|Invalid { field, message }| {
        let line = find_line(text, &field);
        ScenarioError {
            file: file.to_path_buf(),
            field: Some(field),
            line,
            message,
        }
    })?;
    Ok(scenario)
}

/// Parse and validate scenario text with `settings` set on top, as a trainer's sliders and
/// pickers set them: each a dotted parameter path naming a field of the scenario's tables
/// (`exit.contagion`, `archetypes.saboteur_share`, `domains.social.initial`) and a TOML value
/// (a number, true/false or a quoted string). The result is checked as the scenario file
/// itself is, by [`parse_scenario`], with the same messages; an error names the field but no
/// line (the settings are not lines of the file). Items of lists (the phases, the policies)
/// cannot be set this way.
pub fn parse_scenario_with(
    text: &str,
    file: &Path,
    settings: &[(&str, &str)],
) -> Result<Scenario, ScenarioError> {
    let err = |field: &str, message: String| ScenarioError {
        file: file.to_path_buf(),
        field: Some(field.to_string()),
        line: None,
        message,
    };
    let mut table: toml::Table = match text.parse() {
        Ok(t) => t,
        // the text's own error, with its line
        Err(_) => return parse_scenario(text, file),
    };
    for &(path, value) in settings {
        let (path, value) = (path.trim(), value.trim());
        let keys: Vec<&str> = path.split('.').collect();
        let key_ok = |k: &str| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !keys.iter().all(|k| key_ok(k)) {
            return Err(err(
                path,
                format!(
                    "expected a dotted parameter path of the scenario's tables, e.g. exit.contagion, got \"{}\"",
                    crate::error::clip(path)
                ),
            ));
        }
        let mut parsed: toml::Table = format!("v = {value}").parse().map_err(|_| {
            err(
                path,
                format!(
                    "{} is not a TOML value (a number, true/false or a quoted string)",
                    crate::error::clip(value)
                ),
            )
        })?;
        let (Some(mut v), true) = (parsed.remove("v"), parsed.is_empty()) else {
            return Err(err(path, "expected one value".into()));
        };
        for k in keys[1..].iter().rev() {
            v = toml::Value::Table(toml::Table::from_iter([(k.to_string(), v)]));
        }
        merge(&mut table, keys[0], v);
    }
    let merged = toml::to_string(&table).map_err(|e| err("", e.to_string()))?;
    parse_scenario(&merged, file).map_err(|e| ScenarioError { line: None, ..e })
}

/// The value of `s` at a dotted parameter path (`process.pace`, `domains.social.initial`), with
/// every default filled in ([`Scenario::resolved`]), as TOML writes it in a `path = value`
/// setting of [`parse_scenario_with`] (`0.15`, `"consensus"`); `None` for a path that names no
/// single value.
pub fn value_at(s: &Scenario, path: &str) -> Option<String> {
    let table = toml::Table::try_from(s.resolved()).ok()?;
    let mut keys = path.split('.');
    let mut v = table.get(keys.next()?)?;
    for k in keys {
        v = v.as_table()?.get(k)?;
    }
    match v {
        toml::Value::Table(_) | toml::Value::Array(_) => None,
        v => Some(v.to_string()),
    }
}

/// Set `value` at `key` of `table`, merging tables into tables.
fn merge(table: &mut toml::Table, key: &str, value: toml::Value) {
    match (table.get_mut(key), value) {
        (Some(toml::Value::Table(into)), toml::Value::Table(from)) => {
            for (k, v) in from {
                merge(into, &k, v);
            }
        }
        (_, value) => {
            table.insert(key.to_string(), value);
        }
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" with the closest valid name added;
/// the key clipped ([`crate::error::clip`]) and any other quoted value in the message too.
pub fn with_suggestion(message: &str) -> String {
    use crate::error::{clip, clip_quoted};
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return clip_quoted(message);
    };
    let Some((given, expected)) = rest.split_once('`') else {
        return clip_quoted(message);
    };
    let candidates = expected.split('`').skip(1).step_by(2);
    // a key many times longer than any field name is no typo of one
    let suggestion = if given.len() <= 200 {
        crate::suggest::did_you_mean(given, candidates)
    } else {
        String::new()
    };
    format!("unknown field `{}`{expected}{suggestion}", clip(given))
}

/// The message of a TOML error in `text`, for a person: [`with_suggestion`], and a date-time
/// given where something else was expected called "a date-time" (serde calls it a map, which
/// is how the TOML parser hands it over).
pub fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = with_suggestion(e.message().trim_end());
    let datetime = e
        .span()
        .and_then(|s| text.get(s))
        .is_some_and(|v| v.trim().parse::<toml::value::Datetime>().is_ok());
    match message.strip_prefix("invalid type: map,") {
        Some(rest) if datetime => format!("invalid type: a date-time,{rest}"),
        _ => message,
    }
}

/// One line of TOML text, as the line scanner sees it.
enum Line {
    /// A `[table]` or `[[array]]` header; the path of the table it opens (`a.list[2]`).
    Header(String),
    /// A `key = value` line; the full dotted path of the key.
    Key(String),
    /// Anything else (blank, comment, continuation).
    Other,
}

/// Scan TOML text line by line, giving each line's full dotted path. Handles `[table]`,
/// `[[array]]` (numbered in order of appearance) and dotted keys; not inline tables.
fn scan(text: &str) -> impl Iterator<Item = Line> + '_ {
    let mut table = String::new();
    let mut array_counts: Vec<(String, usize)> = Vec::new();
    text.lines().map(move |raw| {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("[[") {
            let name = rest.split("]]").next().unwrap_or("").trim().to_string();
            let idx = match array_counts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => {
                    *c += 1;
                    *c - 1
                }
                None => {
                    array_counts.push((name.clone(), 1));
                    0
                }
            };
            table = format!("{name}[{idx}]");
            Line::Header(table.clone())
        } else if let Some(rest) = line.strip_prefix('[') {
            table = rest.split(']').next().unwrap_or("").trim().to_string();
            Line::Header(table.clone())
        } else if line.starts_with('#') {
            Line::Other
        } else if let Some((key, _)) = line.split_once('=') {
            let key = key.trim().trim_matches('"');
            if table.is_empty() {
                Line::Key(key.to_string())
            } else {
                Line::Key(format!("{table}.{key}"))
            }
        } else {
            Line::Other
        }
    })
}

/// The 1-based line where a dotted field path (`a.b.c`, `a.list[2].c`) is set in TOML text: the
/// key's own line if the file sets it; else the line of the closest enclosing key or table the
/// file does set (e.g. the `rules = [...]` line of an inline rule, or `[kinds.market]` for
/// `kinds`); else `None` (the field took its default).
pub fn find_line(text: &str, field: &str) -> Option<usize> {
    let lines: Vec<Line> = scan(text).collect();
    let mut path = field.to_string();
    loop {
        for (no, line) in lines.iter().enumerate() {
            match line {
                Line::Key(k) | Line::Header(k) if *k == path => return Some(no + 1),
                _ => {}
            }
        }
        // a table the file only opens through deeper headers, e.g. `kinds` via `[kinds.market]`
        for (no, line) in lines.iter().enumerate() {
            if let Line::Header(k) = line
                && (k.starts_with(&format!("{path}.")) || k.starts_with(&format!("{path}[")))
            {
                return Some(no + 1);
            }
        }
        let cut = path.rfind(['.', '['])?;
        path.truncate(cut);
        if path.is_empty() {
            return None;
        }
    }
}

/// The dotted path of the key or table set on a 1-based line of TOML text, if any.
pub fn field_at_line(text: &str, line: usize) -> Option<String> {
    match scan(text).nth(line.checked_sub(1)?)? {
        Line::Key(k) | Line::Header(k) => Some(k),
        Line::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name = \"x\"\n\n[domains.content]\ninitial = 0.5\nlower_bound = 2\n\n[[process.phases]]\nname = \"a\"\nrounds = 3\n\n[[process.phases]]\nname = \"b\"\nrounds = 0\n";

    #[test]
    fn finds_keys_in_tables_and_arrays() {
        assert_eq!(find_line(TEXT, "name"), Some(1));
        assert_eq!(find_line(TEXT, "domains.content.lower_bound"), Some(5));
        assert_eq!(find_line(TEXT, "process.phases[1].rounds"), Some(13));
        assert_eq!(find_line(TEXT, "process.phases[0].rounds"), Some(9));
        // a field left at its default falls back on its table's header
        assert_eq!(find_line(TEXT, "domains.content.challenge"), Some(3));
        assert_eq!(find_line(TEXT, "exit.baseline"), None);
    }

    #[test]
    fn invalid_value_names_field_and_line() {
        let err = parse_scenario(TEXT, Path::new("s.toml")).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("domains.content.lower_bound"));
        assert_eq!(err.line, Some(5));
        assert!(err.to_string().contains("between 0 and 1"), "{err}");
    }

    #[test]
    fn unknown_field_is_rejected_with_line() {
        let err = parse_scenario(
            "name = \"x\"\n[exit]\nbaseline = -5\nbasline = 1\n",
            Path::new("s.toml"),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert_eq!(err.field.as_deref(), Some("exit.basline"));
        assert!(err.message.contains("basline"), "{err}");
    }

    #[test]
    fn defaults_are_valid() {
        let s = parse_scenario("name = \"defaults\"\n", Path::new("d.toml")).unwrap();
        assert_eq!(s.participants.count, 18);
    }
}
