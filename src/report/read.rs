//! Reading the CSV files of a results directory by column name, with errors that say which
//! file, which line and which column, and what was expected.

use std::path::{Path, PathBuf};

use super::ReportError;
use crate::error::InputError;
use crate::output::cell::unguard;

/// A CSV file held in memory (the small ones: runs, compare, summary, a trace's files).
pub struct Table {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
}

/// A readable description of a CSV error.
pub fn csv_problem(path: &Path, e: &csv::Error) -> ReportError {
    let line = e.position().map(|p| p.line());
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".into(),
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        other => format!("{other:?}"),
    };
    ReportError::Input(InputError::at(path, line.map(|l| l as usize), what))
}

impl Table {
    /// Read a whole CSV file with a header row.
    pub fn read(path: &Path) -> Result<Table, ReportError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| csv_problem(path, &e))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_problem(path, &e))?
            .iter()
            .map(|h| unguard(h.trim()).to_string())
            .collect();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(ReportError::input(format!(
                "{} is empty: expected a header row and data",
                path.display()
            )));
        }
        let mut rows = Vec::new();
        for r in reader.records() {
            let r = r.map_err(|e| csv_problem(path, &e))?;
            // a name polder guarded against formula injection, as it was
            if r.iter().any(|f| unguard(f).len() != f.len()) {
                rows.push(r.iter().map(unguard).collect());
            } else {
                rows.push(r);
            }
        }
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// The rows split by the value of `column` (e.g. `scenario` when several scenarios were
    /// run in one call), in order of appearance; one unnamed part without that column. An
    /// empty table is an error.
    pub fn split_by(self, column: &str) -> Result<Vec<(String, Table)>, ReportError> {
        if self.rows.is_empty() {
            return Err(ReportError::input(format!(
                "{} has no rows",
                self.path.display()
            )));
        }
        let Ok(col) = self.col(column) else {
            return Ok(vec![(String::new(), self)]);
        };
        let mut parts: Vec<(String, Table)> = Vec::new();
        for row in &self.rows {
            let name = row.get(col).unwrap_or_default();
            if parts.last().is_none_or(|p| p.0 != name) {
                parts.push((
                    name.to_string(),
                    Table {
                        path: self.path.clone(),
                        headers: self.headers.clone(),
                        rows: Vec::new(),
                    },
                ));
            }
            parts
                .last_mut()
                .expect("pushed above")
                .1
                .rows
                .push(row.clone());
        }
        Ok(parts)
    }

    pub fn has(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }

    /// The index of a column, or an error naming the file and the columns it does have.
    pub fn col(&self, name: &str) -> Result<usize, ReportError> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            ReportError::input(format!(
                "{} has no column `{name}` (its columns: {}); was it written by polder?",
                self.path.display(),
                self.headers.join(", ")
            ))
        })
    }

    pub fn str(&self, row: usize, col: usize) -> &str {
        self.rows[row].get(col).unwrap_or("").trim()
    }

    /// A number; an empty field is an error.
    pub fn f64(&self, row: usize, col: usize) -> Result<f64, ReportError> {
        self.opt_f64(row, col)?.ok_or_else(|| {
            ReportError::input(format!(
                "{}, line {}, column `{}`: expected a number, found an empty field",
                self.path.display(),
                row + 2,
                self.headers[col]
            ))
        })
    }

    /// A number, or `None` for an empty field.
    pub fn opt_f64(&self, row: usize, col: usize) -> Result<Option<f64>, ReportError> {
        let s = self.str(row, col);
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(ReportError::input(format!(
                "{}, line {}, column `{}`: expected a number, found `{s}`",
                self.path.display(),
                row + 2,
                self.headers[col]
            ))),
        }
    }

    /// A whole number (counts, rounds, ids).
    pub fn u64(&self, row: usize, col: usize) -> Result<u64, ReportError> {
        let s = self.str(row, col);
        s.parse::<u64>().map_err(|_| {
            ReportError::input(format!(
                "{}, line {}, column `{}`: expected a whole number, found `{s}`",
                self.path.display(),
                row + 2,
                self.headers[col]
            ))
        })
    }

    pub fn bool(&self, row: usize, col: usize) -> Result<bool, ReportError> {
        match self.str(row, col) {
            "true" => Ok(true),
            "false" => Ok(false),
            s => Err(ReportError::input(format!(
                "{}, line {}, column `{}`: expected true or false, found `{s}`",
                self.path.display(),
                row + 2,
                self.headers[col]
            ))),
        }
    }
}
