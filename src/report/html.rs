//! The page around the charts: one self-contained HTML file, a little CSS, no JavaScript and no
//! external resources, so that it opens anywhere without a network.

use std::fmt::Write as _;

use super::chart::escape_attr;
use super::words;
use crate::text::Lang;

/// The `<meta name="generator">` of every report, by which `polder report -o` recognises a
/// file it may replace without `--force`.
pub const GENERATOR: &str = "polder report";

const CSS: &str = "\
body{font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif;margin:0;background:#f4f4f1;color:#1a1a1a}\
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px;background:#fff}\
h1{font-size:28px;margin:0 0 4px}\
h2{font-size:21px;margin:32px 0 8px;border-bottom:2px solid #0072B2;padding-bottom:4px}\
p.sub{color:#444;margin:0 0 12px}\
p.note{color:#444;font-size:14px}\
figure{margin:18px 0;padding:0}\
figure svg{width:100%;height:auto;display:block;border:1px solid #ddd}\
figcaption{font-size:14px;color:#333;margin-top:6px}\
table{border-collapse:collapse;font-size:14px;margin:8px 0}\
th,td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}\
th{background:#f0f0ec}\
td.num{text-align:right;font-variant-numeric:tabular-nums}\
ul.why{font-size:16px;line-height:1.45;padding-left:22px}\
ul.why li{margin:4px 0}\
details{margin:16px 0}\
summary{cursor:pointer;font-weight:bold}\
pre{white-space:pre-wrap;font-size:13px;background:#fafaf7;border:1px solid #ddd;padding:10px}\
footer{margin-top:40px;font-size:12px;color:#666}";

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    escape_attr(s)
}

/// A report page under construction.
pub struct Page {
    lang: Lang,
    title: String,
    body: String,
}

impl Page {
    pub fn new(lang: Lang, title: &str, subtitle: &str) -> Self {
        let mut body = String::new();
        let _ = writeln!(body, "<h1>{}</h1>", esc(title));
        let _ = writeln!(body, "<p class=\"sub\">{}</p>", esc(subtitle));
        Self {
            lang,
            title: title.to_string(),
            body,
        }
    }

    pub fn heading(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h2>{}</h2>", esc(text));
    }

    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", esc(text));
    }

    /// A list of short statements.
    pub fn bullets(&mut self, items: &[String]) {
        let _ = writeln!(self.body, "<ul class=\"why\">");
        for item in items {
            let _ = writeln!(self.body, "<li>{}</li>", esc(item));
        }
        let _ = writeln!(self.body, "</ul>");
    }

    /// A chart with its caption; `series` is the number of data series it draws.
    pub fn figure(&mut self, svg: &str, caption: &str) {
        let _ = writeln!(
            self.body,
            "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>",
            esc(caption)
        );
    }

    /// A table; cells that look like numbers are right-aligned.
    pub fn table(&mut self, headers: &[String], rows: &[Vec<String>]) {
        let _ = writeln!(self.body, "<table>\n<tr>");
        for h in headers {
            let _ = write!(self.body, "<th>{}</th>", esc(h));
        }
        let _ = writeln!(self.body, "</tr>");
        for row in rows {
            let _ = write!(self.body, "<tr>");
            for cell in row {
                let numeric = cell
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+')
                    && cell
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".,%+-–[] /".contains(c));
                let class = if numeric { " class=\"num\"" } else { "" };
                let _ = write!(self.body, "<td{class}>{}</td>", esc(cell));
            }
            let _ = writeln!(self.body, "</tr>");
        }
        let _ = writeln!(self.body, "</table>");
    }

    /// A folded block of preformatted text (the story).
    pub fn details(&mut self, summary: &str, text: &str, open: bool) {
        let _ = writeln!(
            self.body,
            "<details{}><summary>{}</summary>\n<pre>{}</pre>\n</details>",
            if open { " open" } else { "" },
            esc(summary),
            esc(text)
        );
    }

    /// The whole document; its head carries the [`GENERATOR`] mark by which `report -o`
    /// recognises a report it may replace.
    pub fn finish(self, source: &str) -> String {
        let l = self.lang;
        let mut out = String::new();
        let _ = writeln!(out, "<!DOCTYPE html>");
        let _ = writeln!(out, "<html lang=\"{}\">", l.key());
        let _ = writeln!(
            out,
            "<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"{GENERATOR}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>",
            esc(&self.title)
        );
        let _ = writeln!(out, "<body>\n<main>");
        out.push_str(&self.body);
        let _ = writeln!(
            out,
            "<footer>{} polder {} {} {}.</footer>",
            words::made_by(l),
            env!("CARGO_PKG_VERSION"),
            words::from(l),
            esc(source)
        );
        let _ = writeln!(out, "</main>\n</body>\n</html>");
        out
    }
}
