//! Spreadsheet formula injection: a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is taken for a formula by Excel, LibreOffice and Google Sheets (a scenario
//! named `=HYPERLINK(...)` would be one). Following the OWASP guidance on CSV injection, polder
//! writes such a cell with a single quote before it, and quoted (`"'=HYPERLINK(...)"`); a
//! spreadsheet shows the text, not a formula.
//!
//! Only text is guarded: a number (`-0.5`, `-3`) is written as it is. A text that already
//! starts with quotes before one of those characters gets one more, so that every reader of
//! polder's own CSV files takes one off ([`unguard`]) and gets the name back exactly.

use std::borrow::Cow;

/// The characters a spreadsheet may take as the start of a formula (OWASP).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A number as polder writes one (digits, sign, point, exponent): never guarded.
fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.parse::<f64>().is_ok()
}

/// Whether `field` is written guarded: text (not a number) that starts, after any single
/// quotes, with a character of [`FORMULA_START`].
pub fn needs_guard(field: &str) -> bool {
    field.trim_start_matches('\'').starts_with(FORMULA_START) && !is_number(field)
}

/// The cell as written: `'` + `field` if it [`needs_guard`], else `field`. (The caller quotes a
/// guarded cell.)
pub fn guard(field: &str) -> Cow<'_, str> {
    if needs_guard(field) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A cell as read back from one of polder's CSV files: the guard quote taken off (one `'`
/// before quotes and a formula character), so that `unguard(guard(x)) == x` for every `x`.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// Append one CSV field to `buf`: quoted if it holds a comma, a quote or a line break, and
/// guarded against formula injection (quoted, after a `'`; see [`guard`]).
pub fn push_field(buf: &mut String, field: &str) {
    let guarded = guard(field);
    if guarded.len() != field.len() || field.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&guarded.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(field);
    }
}

/// Append one CSV record to `buf`.
pub fn push_record<S: AsRef<str>>(buf: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(',');
        }
        push_field(buf, f.as_ref());
    }
    buf.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        for (name, written) in [
            ("=1+2", "'=1+2"),
            ("+cmd", "'+cmd"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("-inf", "'-inf"),
            ("-", "'-"),
        ] {
            assert_eq!(guard(name), written, "{name:?}");
            assert_eq!(unguard(written), name, "{name:?}");
        }
        for plain in [
            "-0.5", "-3", "+1", "1e-5", "0.000000", "none", "'x", "''", "a=b", "",
        ] {
            assert_eq!(guard(plain), plain, "{plain:?}");
            assert_eq!(unguard(plain), plain, "{plain:?}");
        }
    }
}
