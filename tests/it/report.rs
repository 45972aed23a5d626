//! `polder report`, tested as a person would see it.
//!
//! The browser test renders the report of a traced run of a shipped scenario (and of two
//! managers side by side) in a real headless Chromium, checks that the page loads without
//! console errors and that the loaded DOM has the expected charts, series and non-empty paths,
//! and that the screenshot is a real picture (size, many colours, the domain colours present).
//! It skips, with a message, only when `chromium` is not installed and POLDER_REQUIRE_BROWSER is
//! unset; `.ci/run` installs Chromium and sets the variable, so in CI it must run.
//!
//! The other tests read the HTML directly: a report of `run`, `compare` and a hand-made sweep
//! summary.csv; the pictures agree with the numbers (exit markers name every leaver, the
//! parties line ends at the final count read off its own axis, the compare chart orders the
//! policies as compare.csv does); bad input exits with code 2 and writes nothing.
//!
//! Sizes: traces of one run (20 parties, about 30 rounds); `run --runs 30`; `compare` of 3
//! policies x 40 runs; a 6-row summary.csv; 4 Chromium calls of about 2 s each.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

use polder::domain::Domain;
use polder::intervention::{Intervention, Target};

use crate::common::browser::{chromium, file_url, headless, required};
use crate::common::polder;

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp paths")
}

// ---------------------------------------------------------------------------------------------
// Reading the charts back from the page

/// One data element of a chart.
#[derive(Debug, Clone)]
struct El {
    tag: String,
    attrs: BTreeMap<String, String>,
}

impl El {
    fn class(&self) -> &str {
        self.attrs.get("class").map_or("", String::as_str)
    }
    fn series(&self) -> &str {
        self.attrs.get("data-series").map_or("", String::as_str)
    }
    /// The points of a polyline or polygon.
    fn points(&self) -> Vec<(f64, f64)> {
        self.attrs
            .get("points")
            .map(|p| {
                p.split_whitespace()
                    .map(|xy| {
                        let (x, y) = xy.split_once(',').expect("x,y pairs");
                        (x.parse().expect("number"), y.parse().expect("number"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    fn num(&self, a: &str) -> f64 {
        self.attrs[a].parse().expect("numeric attribute")
    }
}

/// One `<svg class="chart">` of the page.
#[derive(Debug, Clone)]
struct Chart {
    id: String,
    title: String,
    elements: Vec<El>,
    /// (x, y, text-anchor, content) of every text.
    texts: Vec<(f64, f64, String, String)>,
}

impl Chart {
    fn series(&self) -> BTreeSet<String> {
        self.elements
            .iter()
            .filter(|e| e.class() == "series")
            .map(|e| e.series().to_string())
            .collect()
    }
    fn of(&self, class: &str, series: &str) -> Vec<&El> {
        self.elements
            .iter()
            .filter(|e| e.class() == class && e.series() == series)
            .collect()
    }
    fn has_text(&self, t: &str) -> bool {
        self.texts.iter().any(|x| x.3.contains(t))
    }
}

fn attrs(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit([' ', '\n'])
            .next()
            .unwrap_or("")
            .to_string();
        let after = &rest[eq + 2..];
        let end = after.find('"').expect("closed attribute");
        out.insert(name, after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every chart of a page (its HTML, or the DOM a browser loaded).
fn charts(page: &str) -> Vec<Chart> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<svg ") {
        let body = &rest[start..];
        let end = body.find("</svg>").expect("closed svg");
        let svg = &body[..end];
        let head_end = svg.find('>').expect("svg tag");
        let head = attrs(&svg[..head_end]);
        let mut chart = Chart {
            id: head.get("id").cloned().unwrap_or_default(),
            title: unescape(head.get("aria-label").map_or("", String::as_str)),
            elements: Vec::new(),
            texts: Vec::new(),
        };
        let mut pos = head_end;
        while let Some(open) = svg[pos..].find('<') {
            let at = pos + open;
            let close = svg[at..].find('>').map(|c| at + c).expect("closed tag");
            let tag_text = &svg[at + 1..close];
            let tag = tag_text.split_whitespace().next().unwrap_or("").to_string();
            match tag.as_str() {
                "polyline" | "polygon" | "circle" => {
                    let mut a = attrs(tag_text);
                    if let Some(v) = a.get_mut("data-series") {
                        *v = unescape(v);
                    }
                    chart.elements.push(El { tag, attrs: a });
                }
                "text" => {
                    let a = attrs(tag_text);
                    let content_end = svg[close..].find("</text>").map(|c| close + c).unwrap();
                    let content = unescape(svg[close + 1..content_end].trim());
                    chart.texts.push((
                        a.get("x").and_then(|v| v.parse().ok()).unwrap_or(0.0),
                        a.get("y").and_then(|v| v.parse().ok()).unwrap_or(0.0),
                        a.get("text-anchor").cloned().unwrap_or_default(),
                        content,
                    ));
                }
                _ => {}
            }
            pos = close + 1;
        }
        out.push(chart);
        rest = &body[end..];
    }
    out
}

fn chart<'a>(all: &'a [Chart], id: &str) -> &'a Chart {
    all.iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no chart `{id}`; charts: {:?}", ids(all)))
}

fn ids(all: &[Chart]) -> Vec<&str> {
    all.iter().map(|c| c.id.as_str()).collect()
}

/// Every chart: a title; every data element drawn (non-empty paths with at least two points,
/// markers at numbers); every series in the legend; no NaN anywhere.
fn check_drawn(all: &[Chart], page: &str) {
    assert!(!page.contains("NaN"), "NaN in the page");
    for c in all {
        assert!(!c.title.is_empty(), "chart {} has no title", c.id);
        assert!(
            c.has_text(&c.title),
            "chart {} does not show its title",
            c.id
        );
        for e in &c.elements {
            if e.class().is_empty() {
                continue;
            }
            match e.tag.as_str() {
                "circle" => {
                    assert!(e.num("cx").is_finite() && e.num("cy").is_finite());
                }
                _ => {
                    let n = e.points().len();
                    assert!(
                        n >= 2,
                        "chart {}: {} of `{}` has {n} points",
                        c.id,
                        e.tag,
                        e.series()
                    );
                }
            }
        }
        for series in c.series() {
            assert!(
                c.has_text(&series),
                "chart {}: series `{series}` has no legend entry",
                c.id
            );
        }
        assert!(
            c.has_text("Legend") || c.has_text("Legenda"),
            "chart {} has no legend",
            c.id
        );
    }
}

/// A value read off a chart's axis at pixel `at`, from the numeric tick labels set with
/// `anchor` (the y axis's at the end, the x axis's in the middle); percentages and signed
/// points read as their numbers.
fn read_axis(c: &Chart, anchor: &str, along_x: bool, at: f64) -> f64 {
    let ticks: Vec<(f64, f64)> = c
        .texts
        .iter()
        .filter(|t| t.2 == anchor)
        .filter_map(|t| {
            t.3.replace(',', ".")
                .trim_end_matches('%')
                .trim_start_matches('+')
                .parse::<f64>()
                .ok()
                .map(|v| (v, if along_x { t.0 } else { t.1 }))
        })
        .collect();
    assert!(ticks.len() >= 2, "chart {} has no numeric ticks", c.id);
    let (a, b) = (ticks[0], ticks[ticks.len() - 1]);
    a.0 + (at - a.1) * (b.0 - a.0) / (b.1 - a.1)
}

/// A value read off a chart's y axis at pixel row `y`.
fn read_y(c: &Chart, y: f64) -> f64 {
    read_axis(c, "end", false, y)
}

/// A value read off a chart's x axis at pixel column `x`.
fn read_x(c: &Chart, x: f64) -> f64 {
    read_axis(c, "middle", true, x)
}

/// The label on a chart's y axis (set at the end, left of the axis) nearest pixel row `y`.
fn row_label(c: &Chart, y: f64) -> &str {
    c.texts
        .iter()
        .filter(|t| t.2 == "end")
        .min_by(|a, b| (a.1 - y).abs().total_cmp(&(b.1 - y).abs()))
        .map(|t| t.3.as_str())
        .unwrap_or("")
}

/// A CSV file of polder's (no quoted fields) as maps from column to value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every chart text of a page is at least 14 px (plotters writes a size s as s / 1.24 px).
fn assert_text_readable(page: &str, what: &str) {
    let mut sizes = 0;
    for svg in page.split("<svg ").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for part in svg.split("font-size=\"").skip(1) {
            let v = &part[..part.find('"').unwrap()];
            let px: f64 = v.trim_end_matches("px").parse().unwrap();
            assert!(px >= 14.0, "chart text of {px} px in {what}");
            sizes += 1;
        }
    }
    assert!(sizes > 0, "no chart text found in {what}");
}

/// The label boxes (8 px a character, 15 px high: the placement's estimate is larger) of the
/// texts that `is_label` picks do not overlap; returns how many there are.
fn assert_labels_apart(c: &Chart, is_label: impl Fn(&str) -> bool) -> usize {
    let boxes: Vec<(f64, f64, f64, f64, &str)> = c
        .texts
        .iter()
        .filter(|x| is_label(&x.3))
        .map(|(x, y, anchor, text)| {
            let w = 8.0 * text.chars().count() as f64;
            let left = match anchor.as_str() {
                "end" => x - w,
                "middle" => x - w / 2.0,
                _ => *x,
            };
            (left, *y, w, 15.0, text.as_str())
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
            let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
            assert!(
                w <= 0.0 || h <= 0.0,
                "chart {}: labels `{}` at ({}, {}) and `{}` at ({}, {}) overlap",
                c.id,
                a.4,
                a.0,
                a.1,
                b.4,
                b.0,
                b.1
            );
        }
    }
    boxes.len()
}

// ---------------------------------------------------------------------------------------------
// The browser

/// The four domains' line colours (Okabe–Ito blue, vermillion, green, purple), as a single
/// trace's report draws them.
const DOMAIN_COLOURS: [(u8, u8, u8); 4] = [
    (0x00, 0x72, 0xB2),
    (0xD5, 0x5E, 0x00),
    (0x00, 0x9E, 0x73),
    (0xCC, 0x79, 0xA7),
];

/// The colours of run A (blue) and run B (vermillion) in a `--versus` report, which draws each
/// run's domain curves in its own colour; the other colours appear there only for events (an
/// exclusion in run A is green), so they depend on the seed's story.
const VERSUS_COLOURS: [(u8, u8, u8); 2] = [(0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)];

/// The reports' window (tall, for the charts below the fold) and `args`.
fn window(args: &[String]) -> Vec<String> {
    let mut all = vec![
        "--disable-quic".to_string(),
        "--window-size=1200,2000".to_string(),
    ];
    all.extend_from_slice(args);
    all
}

/// Load the page in Chromium: the DOM it built, after checking the console stayed quiet, and a
/// screenshot whose pixels are checked, among them that each of `line_colours` is on screen.
fn in_browser(browser: &Path, page: &Path, shot: &Path, line_colours: &[(u8, u8, u8)]) -> String {
    let (dom, log) = headless(
        browser,
        &file_url(page),
        &window(&["--dump-dom".to_string()]),
    );
    for line in log.lines() {
        assert!(
            !line.contains(":CONSOLE")
                && !line.contains("net::ERR")
                && !line.contains("Failed to load"),
            "the page reported an error: {line}"
        );
    }
    let dom = String::from_utf8(dom).expect("UTF-8 DOM");
    assert!(dom.contains("</html>"), "no DOM from chromium");

    let _ = headless(
        browser,
        &file_url(page),
        &window(&[format!("--screenshot={}", shot.display())]),
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(shot).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (1200, 2000), "screenshot size");
    let channels = info.line_size / info.width as usize;
    assert!(channels >= 3, "colour screenshot");
    let mut colours = BTreeSet::new();
    let mut non_white = 0usize;
    let near = |c: (u8, u8, u8), target: (u8, u8, u8)| {
        c.0.abs_diff(target.0) < 12 && c.1.abs_diff(target.1) < 12 && c.2.abs_diff(target.2) < 12
    };
    let mut line_pixels = vec![0usize; line_colours.len()];
    for row in buf.chunks(info.line_size).take(info.height as usize) {
        for px in row.chunks(channels).take(info.width as usize) {
            let c = (px[0], px[1], px[2]);
            colours.insert(c);
            if c != (255, 255, 255) {
                non_white += 1;
            }
            for (k, &t) in line_colours.iter().enumerate() {
                if near(c, t) {
                    line_pixels[k] += 1;
                }
            }
        }
    }
    let total = (info.width * info.height) as usize;
    assert!(
        colours.len() > 100,
        "only {} colours: not a real picture",
        colours.len()
    );
    assert!(non_white > total / 5, "the page is mostly blank");
    // the charts are drawn, not just the page: the line colours are on screen
    for (k, n) in line_pixels.iter().enumerate() {
        assert!(*n > 50, "line colour {k} hardly appears ({n} pixels)");
    }
    dom
}

/// Names of the parties that left (or were excluded), by round, from a trace's files.
fn departures(dir: &Path, run: &str) -> BTreeMap<u32, Vec<String>> {
    let participants = fs::read_to_string(dir.join("participants.csv")).unwrap();
    let mut names = BTreeMap::new();
    for line in participants.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] == "0" && f[1] == "0" {
            let kind = match f[3] {
                "government" => "Government",
                "market" => "Market",
                _ => "Society",
            };
            names.insert(f[2].to_string(), format!("{kind} {}", f[4]));
        }
    }
    let events = fs::read_to_string(dir.join("events.csv")).unwrap();
    let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for line in events.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] == run && (f[2] == "exit" || f[2] == "excluded") {
            out.entry(f[1].parse().unwrap())
                .or_default()
                .push(names[f[3]].clone());
        }
    }
    out
}

/// Where the top of a stacked layer ends, read off the y axis at the chart's last x.
fn layer_end(c: &Chart, series: &str) -> f64 {
    let pts = c.of("series", series)[0].points();
    let x_end = pts.iter().map(|p| p.0).fold(f64::MIN, f64::max);
    let y = pts
        .iter()
        .filter(|p| (p.0 - x_end).abs() < 0.5)
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    read_y(c, y)
}

fn final_active(dir: &Path, run: &str) -> f64 {
    let rounds = fs::read_to_string(dir.join("rounds.csv")).unwrap();
    let last = rounds
        .lines()
        .skip(1)
        .filter(|l| l.split(',').next() == Some(run))
        .last()
        .unwrap()
        .to_string();
    last.split(',').nth(4).unwrap().parse().unwrap()
}

#[test]
fn traced_reports_in_a_real_browser() {
    let Some(browser) = chromium() else {
        if required() {
            panic!(
                "POLDER_REQUIRE_BROWSER is set, but chromium is not installed (apt-get install chromium)"
            );
        }
        eprintln!(
            "SKIPPED traced_reports_in_a_real_browser: chromium is not installed (set POLDER_REQUIRE_BROWSER=1 to make this a failure; .ci/run installs it)"
        );
        return;
    };
    let dir = TempDir::new().unwrap();
    let energy = scenario("regional-energy.toml");

    // one run: seed 135 collapses without a manager, twelve parties leave
    let t = dir.path().join("trace");
    ok(&polder(&[
        "trace",
        s(&energy),
        "--seed",
        "135",
        "--out",
        s(&t),
    ]));
    let html = dir.path().join("trace.html");
    ok(&polder(&["report", s(&t), "-o", s(&html)]));
    let page = fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("src=")
            && !page.contains("href=")
            && !page.contains("url(")
            && !page.contains("@import"),
        "the report loads nothing from elsewhere"
    );
    let dom = in_browser(
        &browser,
        &html,
        &dir.path().join("trace.png"),
        &DOMAIN_COLOURS,
    );
    let all = charts(&dom);
    assert_eq!(ids(&all), ["domains", "parties", "participation-0"]);
    check_drawn(&all, &dom);
    let domains = chart(&all, "domains");
    assert_eq!(
        domains.series(),
        [
            "content (group mean)",
            "procedural (group mean)",
            "social (group mean)",
            "task & time (group mean)"
        ]
        .map(String::from)
        .into_iter()
        .collect()
    );
    // each of the 20 parties has a line in each of the four panels
    assert_eq!(domains.of("context", "each party at the table").len(), 80);
    assert_eq!(domains.of("band", "under the lower bound").len(), 4);
    assert_eq!(domains.of("band", "above the challenge").len(), 4);
    let parties = chart(&all, "parties");
    assert_eq!(parties.series().len(), 1);
    let gone = departures(&t, "0");
    let exits = gone.values().map(Vec::len).sum::<usize>();
    assert!(exits >= 10, "seed 135 is the collapse: {exits} departures");
    let markers = parties
        .elements
        .iter()
        .filter(|e| e.class() == "marker")
        .count();
    assert_eq!(markers, gone.len(), "one marker per round with departures");
    for names in gone.values() {
        for n in names {
            assert!(
                parties.has_text(n),
                "{n} left but is not named in the chart"
            );
        }
    }
    let line = &parties.of("series", "at the table (none)")[0];
    let last = *line.points().last().unwrap();
    let read = read_y(parties, last.1);
    assert!(
        (read - final_active(&t, "0")).abs() < 0.3,
        "the line ends at {read} parties, rounds.csv says {}",
        final_active(&t, "0")
    );
    let participation = chart(&all, "participation-0");
    assert_eq!(
        participation.series(),
        ["co-owner", "dutiful", "engaged", "no longer at the table"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    // the levels are shares of the 20 original seats: the three at-table layers end at the
    // share still seated, and the grey layer on top fills the rest
    let top = |series: &str| layer_end(participation, series);
    let seated = 100.0 * final_active(&t, "0") / 20.0;
    assert!(seated < 50.0, "seed 135 loses most seats: {seated}%");
    let read = top("co-owner");
    assert!(
        (read - seated).abs() < 1.5,
        "the seated layers end at {read}%, rounds.csv says {seated}%"
    );
    assert!((top("no longer at the table") - 100.0).abs() < 1.5);

    // two managers side by side, in Dutch
    let v = dir.path().join("versus");
    ok(&polder(&[
        "trace",
        s(&energy),
        "--seed",
        "135",
        "--versus",
        "monitor",
        "--lang",
        "nl",
        "--out",
        s(&v),
    ]));
    let html = dir.path().join("versus.html");
    ok(&polder(&["report", s(&v), "-o", s(&html)]));
    let dom = in_browser(
        &browser,
        &html,
        &dir.path().join("versus.png"),
        &VERSUS_COLOURS,
    );
    assert!(dom.contains("<html lang=\"nl\">"));
    let all = charts(&dom);
    assert_eq!(
        ids(&all),
        ["domains", "parties", "participation-0", "participation-1"]
    );
    check_drawn(&all, &dom);
    let domains = chart(&all, "domains");
    assert_eq!(
        domains.series(),
        ["A none", "B monitor"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    // both runs in every panel, on the same axes
    assert_eq!(domains.of("series", "A none").len(), 4);
    assert_eq!(domains.of("series", "B monitor").len(), 4);
    for panel in [
        "inhoudelijke zekerheid",
        "sociale zekerheid",
        "procedurele zekerheid",
        "taak- en tijdzekerheid",
    ] {
        assert!(domains.has_text(panel), "no panel `{panel}`");
    }
    assert_eq!(chart(&all, "parties").series().len(), 2);
}

#[test]
fn run_report_draws_means_over_runs() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("run");
    ok(&polder(&[
        "run",
        s(&scenario("care-network.toml")),
        "--runs",
        "30",
        "--out",
        s(&out),
        "--quiet",
    ]));
    let o = polder(&["report", s(&out)]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("run report, 3 charts"));
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    let all = charts(&page);
    assert_eq!(ids(&all), ["domains", "parties", "participation"]);
    check_drawn(&all, &page);
    assert_eq!(chart(&all, "domains").series().len(), 4);
    // the bands come from the scenario: care-network's procedural lower bound is 0.25
    let bands = chart(&all, "domains").of("band", "under the lower bound");
    let tops: Vec<f64> = bands
        .iter()
        .map(|b| b.points().iter().map(|p| p.1).fold(f64::INFINITY, f64::min))
        .collect();
    assert!(
        tops[2] > tops[0],
        "procedural band is lower than the content band: {tops:?}"
    );
    assert_eq!(chart(&all, "parties").series().len(), 3);
    // participation as shares of the original seats: the at-table layers end at the mean
    // share of seats still taken when the runs ended (runs.csv), the grey layer fills the rest
    let participation = chart(&all, "participation");
    assert_eq!(participation.series().len(), 4);
    let runs = csv_rows(&out.join("runs.csv"));
    let seated = 100.0
        * runs
            .iter()
            .map(|r| {
                r["active"].parse::<f64>().unwrap() / r["participants"].parse::<f64>().unwrap()
            })
            .sum::<f64>()
        / runs.len() as f64;
    assert!(seated < 95.0, "some parties leave in 30 runs: {seated}%");
    let read = layer_end(participation, "co-owner");
    assert!(
        (read - seated).abs() < 1.5,
        "the seated layers end at {read}%, runs.csv says {seated}% on average"
    );
    assert!((layer_end(participation, "no longer at the table") - 100.0).abs() < 1.5);
    assert!(page.contains("report of 30 runs"));
}

#[test]
fn compare_report_orders_policies_as_the_numbers_do() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("cmp");
    ok(&polder(&[
        "compare",
        s(&scenario("area-development.toml")),
        "--policies",
        "none,monitor,phased",
        "--runs",
        "40",
        "--out",
        s(&out),
        "--quiet",
    ]));
    let html = dir.path().join("c.html");
    ok(&polder(&[
        "report",
        s(&out),
        "-o",
        s(&html),
        "--lang",
        "en",
    ]));
    let page = fs::read_to_string(&html).unwrap();
    // each policy with what it does, and the ranking and cost table
    let monitor = polder::policy::builtin("monitor").unwrap().description;
    assert!(page.contains("The policies") && page.contains(&monitor));
    assert!(page.contains("Best, cost and effect"));
    let all = charts(&page);
    assert_eq!(
        ids(&all),
        [
            "rates",
            "forest-dropout_rate",
            "forest-agreement_rate",
            "forest-ratified_rate",
            "forest-inclusive_rate",
            "cost-ratified_rate",
            "cost-inclusive_rate",
            "final-certainty"
        ]
    );
    check_drawn(&all, &page);
    // dropout, agreement, ratified and inclusive agreement
    assert_eq!(chart(&all, "rates").series().len(), 4);
    assert_eq!(chart(&all, "final-certainty").series().len(), 4);
    // the dropout points stand as high as compare.csv says, read off the chart's own axis
    let csv = fs::read_to_string(out.join("compare.csv")).unwrap();
    let mut estimates = Vec::new();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[at("metric")] == "dropout_rate" {
            estimates.push(f[at("estimate")].parse::<f64>().unwrap());
        }
    }
    let rates = chart(&all, "rates");
    let mut points: Vec<(f64, f64)> = rates
        .of("series", "dropout rate")
        .iter()
        .filter(|e| e.tag == "circle")
        .map(|e| (e.num("cx"), e.num("cy")))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(points.len(), estimates.len());
    for (p, want) in points.iter().zip(&estimates) {
        let read = read_y(rates, p.1) / 100.0;
        assert!(
            (read - want).abs() < 0.01,
            "the chart shows {read}, compare.csv says {want}"
        );
    }
}

#[test]
fn sweep_report_reads_summary_columns_by_name() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("sweep");
    fs::create_dir(&out).unwrap();
    // a hand-made summary.csv in the layout of the sweep branch: point, policy, the varied
    // parameters, n, and per outcome mean/ci_low/ci_high (columns in an unusual order)
    fs::write(
        out.join("summary.csv"),
        "point,policy,process.pace,participants.count,n,agreement_rate_mean,agreement_rate_ci_low,agreement_rate_ci_high,dropout_rate_mean,dropout_rate_ci_low,dropout_rate_ci_high\n\
         0,none,0.8,18,100,0.55,0.45,0.65,0.30,0.27,0.33\n\
         0,monitor,0.8,18,100,0.60,0.50,0.70,0.12,0.10,0.14\n\
         1,none,1.0,18,100,0.80,0.71,0.87,0.17,0.15,0.19\n\
         1,monitor,1.0,18,100,0.82,0.73,0.89,0.09,0.08,0.10\n\
         2,none,1.2,18,100,0.85,0.77,0.91,0.15,0.13,0.17\n\
         2,monitor,1.2,18,100,0.84,0.76,0.90,0.08,0.07,0.09\n",
    )
    .unwrap();
    let html = dir.path().join("s.html");
    ok(&polder(&["report", s(&out), "-o", s(&html)]));
    let page = fs::read_to_string(&html).unwrap();
    let all = charts(&page);
    // participants.count does not vary: only process.pace is drawn against
    assert_eq!(
        ids(&all),
        [
            "sweep-dropout_rate-process-pace",
            "sweep-agreement_rate-process-pace"
        ]
    );
    check_drawn(&all, &page);
    for c in &all {
        assert_eq!(
            c.series(),
            ["monitor", "none"].map(String::from).into_iter().collect()
        );
        // one line through three design points per policy
        let line = c
            .of("series", "none")
            .into_iter()
            .find(|e| e.tag == "polyline" && e.points().len() == 3)
            .expect("a line through the three points");
        assert_eq!(line.points().len(), 3);
    }

    // the same numbers with plain outcome names and a second varied parameter
    fs::write(
        out.join("summary.csv"),
        "point,policy,process.pace,process.decision_rule,n,dropout_rate,dropout_rate_ci_low,dropout_rate_ci_high,agreement_rate,agreement_rate_ci_low,agreement_rate_ci_high\n\
         0,none,0.8,consensus,10,0.3,0.2,0.4,0.5,0.4,0.6\n\
         1,none,1.2,consensus,10,0.2,0.1,0.3,0.7,0.6,0.8\n\
         2,none,0.8,majority,10,0.25,0.2,0.3,0.9,0.8,0.95\n\
         3,none,1.2,majority,10,0.15,0.1,0.2,0.95,0.9,0.99\n",
    )
    .unwrap();
    ok(&polder(&["report", s(&out), "-o", s(&html)]));
    let page = fs::read_to_string(&html).unwrap();
    let all = charts(&page);
    assert_eq!(
        all.len(),
        4,
        "two charts per varied parameter: {:?}",
        ids(&all)
    );
    check_drawn(&all, &page);
    let c = chart(&all, "sweep-dropout_rate-process-pace");
    assert_eq!(
        c.series(),
        [
            "none · process.decision_rule=consensus",
            "none · process.decision_rule=majority"
        ]
        .map(String::from)
        .into_iter()
        .collect()
    );
    let c = chart(&all, "sweep-agreement_rate-process-decision-rule");
    assert!(
        c.has_text("consensus") && c.has_text("majority"),
        "category names on the axis"
    );
}

/// Bad input comes back typed, in parts: a table cut short names its file and line.
#[test]
fn bad_input_names_file_and_line_as_parts() {
    let dir = TempDir::new().unwrap();
    let summary = dir.path().join("summary.csv");
    fs::write(&summary, "point,policy,dropout_rate\n0,none,0.3\n1,none\n").unwrap();
    match polder::report::build(dir.path(), None) {
        Err(polder::report::ReportError::Input(e)) => {
            assert_eq!(e.file.as_deref(), Some(summary.as_path()));
            assert_eq!(e.line, Some(3));
            assert!(e.message.contains("expected 3 fields"), "{e}");
            assert!(e.to_string().contains(", line 3: "), "{e}");
        }
        Err(e) => panic!("not an input error: {e}"),
        Ok(_) => panic!("a broken summary.csv gave a report"),
    }
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let html = dir.path().join("r.html");
    let missing = dir.path().join("nope");
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let broken = dir.path().join("broken");
    fs::create_dir(&broken).unwrap();
    fs::write(broken.join("runs.csv"), "run_id,policy\n0,none\n").unwrap();
    let both = dir.path().join("both");
    fs::create_dir(&both).unwrap();
    fs::write(both.join("compare.csv"), "policy\n").unwrap();
    fs::write(both.join("summary.csv"), "policy\n").unwrap();
    let mixed = dir.path().join("mixed");
    fs::create_dir(&mixed).unwrap();
    fs::write(mixed.join("trace.toml"), "kind = \"trace\"\n").unwrap();
    fs::write(mixed.join("runs.csv"), "run_id\n").unwrap();
    let garbled = dir.path().join("garbled");
    fs::create_dir(&garbled).unwrap();
    fs::write(
        garbled.join("summary.csv"),
        "point,policy,process.pace,dropout_rate,agreement_rate\n0,none,0.8,0.3,0.5\n1,none,1.2,lots,0.7\n",
    )
    .unwrap();
    for (d, want) in [
        (&missing, "does not exist"),
        (&empty, "holds no polder results"),
        (&broken, "has no column `scenario`"),
        (&both, "more than one command"),
        (&mixed, "more than one command (trace.toml, runs.csv)"),
        (
            &garbled,
            "line 3, column `dropout_rate`: expected a number, found `lots`",
        ),
    ] {
        let o = polder(&["report", s(d), "-o", s(&html)]);
        assert_eq!(o.status.code(), Some(2), "{}", d.display());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(want),
            "{}: `{want}` not in: {err}",
            d.display()
        );
        assert!(!html.exists(), "nothing written for {}", d.display());
    }
    let o = polder(&[
        "report",
        s(&empty),
        "-o",
        s(&dir.path().join("no/such/dir/r.html")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    let o = polder(&["report", s(&empty), "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    // nothing partial left behind anywhere
    for entry in fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "{name}");
    }
}

/// Chart text is at least 14 px on the page (plotters writes sizes in pixels), and the exit
/// labels of the parties chart sit near their markers without overlapping one another.
#[test]
fn chart_text_is_readable_and_exit_labels_do_not_overlap() {
    let dir = TempDir::new().unwrap();
    let energy = scenario("regional-energy.toml");
    let runs: [(&str, &[&str]); 3] = [
        ("135", &[]),
        ("135", &["--versus", "monitor", "--lang", "nl"]),
        ("3", &["--policy", "phased"]),
    ];
    for (k, (seed, extra)) in runs.into_iter().enumerate() {
        let t = dir.path().join(format!("t{k}"));
        let mut args = vec!["trace", s(&energy), "--seed", seed, "--out", s(&t)];
        args.extend_from_slice(extra);
        ok(&polder(&args));
        ok(&polder(&["report", s(&t)]));
        let page = fs::read_to_string(t.join("report.html")).unwrap();
        assert_text_readable(&page, &format!("run {k}"));
        let all = charts(&page);
        let parties = chart(&all, "parties");
        let kinds = [
            "Government ",
            "Market ",
            "Society ",
            "Overheid ",
            "Marktpartij ",
            "Samenleving ",
        ];
        let names: Vec<String> = departures(&t, "0").into_values().flatten().collect();
        let labels = assert_labels_apart(parties, |t| kinds.iter().any(|n| t.starts_with(n)));
        assert!(labels > 0 || names.is_empty());
    }
}

/// The compare report's forest plots and cost charts say what compare.csv says: a row per
/// policy (the baseline left out) with the dot at the paired difference and the bar at its 95%
/// interval, read off the chart's own axes; the frontier's dots are exactly the policies
/// compare.csv puts on the frontier, at their budget and rate; the names do not overlap; the
/// text is readable. Sizes: all 10 policies x 60 runs of regional-energy.
#[test]
fn compare_report_forest_and_frontier_match_compare_csv() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("cmp");
    ok(&polder(&[
        "compare",
        s(&scenario("regional-energy.toml")),
        "--policies",
        "all",
        "--runs",
        "60",
        "--out",
        s(&out),
        "--quiet",
    ]));
    ok(&polder(&["report", s(&out)]));
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert_text_readable(&page, "the compare report");
    let all = charts(&page);
    check_drawn(&all, &page);
    let rows = csv_rows(&out.join("compare.csv"));
    let get = |p: &str, m: &str, col: &str| -> Option<f64> {
        let r = rows
            .iter()
            .find(|r| r["policy"] == p && r["metric"] == m)
            .unwrap();
        r[col].parse().ok()
    };
    let policies: Vec<String> = rows
        .iter()
        .filter(|r| r["metric"] == "dropout_rate")
        .map(|r| r["policy"].clone())
        .collect();
    assert_eq!(policies.len(), 10);
    for metric in [
        "dropout_rate",
        "agreement_rate",
        "ratified_rate",
        "inclusive_rate",
    ] {
        let c = chart(&all, &format!("forest-{metric}"));
        let dots: Vec<&El> = c
            .elements
            .iter()
            .filter(|e| e.class() == "series" && e.tag == "circle")
            .collect();
        let bars: Vec<&El> = c
            .elements
            .iter()
            .filter(|e| e.class() == "series" && e.tag == "polyline")
            .collect();
        // one dot and one bar per policy but the baseline
        assert_eq!(dots.len(), 9, "{metric}");
        assert_eq!(bars.len(), 9, "{metric}");
        let span = read_x(c, 1000.0) - read_x(c, 0.0);
        let near = |a: f64, b: f64, what: &str| {
            assert!(
                (a - b).abs() < 0.005 * span.abs(),
                "{metric}: {what}: the chart shows {a}, compare.csv says {b}"
            );
        };
        let mut seen = BTreeSet::new();
        for dot in dots {
            let (x, y) = (dot.num("cx"), dot.num("cy"));
            let p = row_label(c, y).to_string();
            assert_ne!(p, "none", "the baseline has no row");
            near(
                read_x(c, x),
                100.0 * get(&p, metric, "difference").unwrap(),
                &p,
            );
            // its bar is on the same row and spans the interval
            let bar = bars
                .iter()
                .find(|b| b.points().iter().all(|q| (q.1 - y).abs() < 1.0))
                .unwrap_or_else(|| panic!("{metric}: no bar on the row of {p}"));
            let pts = bar.points();
            let (lo, hi) = (
                read_x(c, pts[0].0.min(pts[1].0)),
                read_x(c, pts[0].0.max(pts[1].0)),
            );
            near(
                lo,
                100.0 * get(&p, metric, "difference_ci_low").unwrap(),
                &p,
            );
            near(
                hi,
                100.0 * get(&p, metric, "difference_ci_high").unwrap(),
                &p,
            );
            seen.insert(p);
        }
        assert_eq!(seen.len(), 9, "{metric}: a row per policy");
    }
    for metric in ["ratified_rate", "inclusive_rate"] {
        let c = chart(&all, &format!("cost-{metric}"));
        let frontier: BTreeSet<&str> = policies
            .iter()
            .filter(|p| {
                rows.iter().any(|r| {
                    r["policy"] == **p && r["metric"] == metric && r["on_frontier"] == "true"
                })
            })
            .map(String::as_str)
            .collect();
        assert!(
            frontier.contains("none") && frontier.len() < 10,
            "{frontier:?}"
        );
        let dots: Vec<(f64, f64)> = c
            .elements
            .iter()
            .filter(|e| e.class() == "frontier" && e.tag == "circle")
            .map(|e| (read_x(c, e.num("cx")), read_y(c, e.num("cy")) / 100.0))
            .collect();
        let triangles = c
            .elements
            .iter()
            .filter(|e| e.class() == "other" && e.tag == "polygon")
            .count();
        assert_eq!(dots.len(), frontier.len(), "{metric}");
        assert_eq!(triangles, 10 - frontier.len(), "{metric}");
        let x_span = read_x(c, 1000.0) - read_x(c, 0.0);
        let y_span = read_y(c, 0.0) - read_y(c, 1000.0);
        for p in &frontier {
            let (bx, ry) = (
                get(p, "budget_spent", "estimate").unwrap(),
                get(p, metric, "estimate").unwrap(),
            );
            assert!(
                dots.iter().any(|d| (d.0 - bx).abs() < 0.005 * x_span
                    && (100.0 * (d.1 - ry)).abs() < 0.005 * y_span.abs()),
                "{metric}: no frontier dot at {p}'s budget {bx} and rate {ry}: {dots:?}"
            );
        }
        // every policy is named, once, and no two names overlap
        let named = assert_labels_apart(c, |t| policies.iter().any(|p| p == t));
        assert_eq!(named, 10, "{metric}");
    }
}

/// The report of a robustness directory: the heat map has a cell per policy and variant whose
/// number is regret.csv's regret (in points) and whose colour class holds it; the PRIM chart
/// marks the chosen box at its coverage and density, and the box chart draws exactly the
/// chosen box's restricted parameters with discovery.csv's limits, in its text and as bars
/// read off the axis. Sizes: 12 variants x 3 policies x 30 replicates of regional-energy.
#[test]
fn robust_report_draws_regret_and_the_prim_box_from_the_files() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("robust.toml");
    let text = fs::read_to_string(scenario("robust-regional-energy.toml"))
        .unwrap()
        .replace(
            "scenario = \"regional-energy.toml\"",
            &format!("scenario = {:?}", s(&scenario("regional-energy.toml"))),
        )
        .replace("replicates = 200", "replicates = 30")
        .replace("samples = 60", "samples = 12")
        .replace(
            "policies = [\"none\", \"content\", \"balanced\", \"monitor\", \"spoiler-first\", \"phased\"]",
            "policies = [\"none\", \"balanced\", \"phased\"]",
        );
    assert!(text.contains("samples = 12") && text.contains("\"balanced\", \"phased\"]"));
    fs::write(&file, text).unwrap();
    let out = dir.path().join("rob");
    ok(&polder(&[
        "robust",
        s(&file),
        "--out",
        s(&out),
        "--threshold",
        "ratified_rate=0.8",
        "--quiet",
    ]));
    let o = polder(&["report", s(&out), "--lang", "en"]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("robust report, 3 charts"));
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert_text_readable(&page, "the robust report");
    let all = charts(&page);
    assert_eq!(ids(&all), ["regret", "prim-trajectory", "prim-box"]);
    check_drawn(&all, &page);
    assert!(page.contains("Robustness per policy") && page.contains("phased"));

    // the heat map: 12 x 3 cells, each with regret.csv's number, in the class that holds it
    let heat = chart(&all, "regret");
    let regret: Vec<_> = csv_rows(&out.join("regret.csv"))
        .into_iter()
        .filter(|r| r["metric"] == "ratified_rate")
        .collect();
    assert_eq!(regret.len(), 36);
    let cells: Vec<&El> = heat
        .elements
        .iter()
        .filter(|e| e.class() == "cell")
        .collect();
    assert_eq!(cells.len(), 36);
    for cell in cells {
        let pts = cell.points();
        let cx = pts.iter().map(|p| p.0).sum::<f64>() / pts.len() as f64;
        let cy = pts.iter().map(|p| p.1).sum::<f64>() / pts.len() as f64;
        let point = row_label(heat, cy);
        let policy = heat
            .texts
            .iter()
            .filter(|t| ["none", "balanced", "phased"].contains(&t.3.as_str()))
            .min_by(|a, b| (a.0 - cx).abs().total_cmp(&(b.0 - cx).abs()))
            .map(|t| t.3.as_str())
            .unwrap();
        let want: f64 = regret
            .iter()
            .find(|r| r["point"] == point && r["policy"] == policy)
            .unwrap()["regret"]
            .parse()
            .unwrap();
        let shown = heat
            .texts
            .iter()
            .find(|t| t.2 == "middle" && (t.0 - cx).abs() < 2.0 && (t.1 - cy).abs() < 2.0)
            .unwrap_or_else(|| panic!("no number in the cell of {policy} at point {point}"));
        assert_eq!(
            shown.3,
            format!("{:.1}", 100.0 * want),
            "{policy}, point {point}"
        );
        // the class in the legend holds the value: "0: the best ..." or "a – b pp"
        let class = cell.series();
        if want == 0.0 {
            assert!(class.starts_with("0:"), "{class}");
        } else {
            let (a, b) = class.trim_end_matches(" pp").split_once(" – ").unwrap();
            let (a, b): (f64, f64) = (a.parse().unwrap(), b.parse().unwrap());
            assert!(
                a < 100.0 * want + 1e-9 && 100.0 * want <= b + 1e-9,
                "{want} in {class}"
            );
        }
    }

    // PRIM: the chosen box on the trajectory, and its limits
    let disc = csv_rows(&out.join("discovery.csv"));
    let chosen: Vec<_> = disc.iter().filter(|r| r["chosen"] == "true").collect();
    assert!(
        !chosen.is_empty(),
        "the threshold 0.8 leaves failures to explain"
    );
    let traj = chart(&all, "prim-trajectory");
    let mark = traj
        .elements
        .iter()
        .find(|e| e.class() == "marker")
        .unwrap();
    let f = |r: &BTreeMap<String, String>, c: &str| r[c].parse::<f64>().unwrap();
    assert!((read_x(traj, mark.num("cx")) - f(chosen[0], "coverage")).abs() < 0.01);
    assert!((read_y(traj, mark.num("cy")) - f(chosen[0], "density")).abs() < 0.01);
    let boxed = chart(&all, "prim-box");
    let restricted: Vec<_> = chosen
        .iter()
        .filter(|r| r["restricted"] == "true")
        .collect();
    assert!(!restricted.is_empty());
    let bars: Vec<&El> = boxed
        .elements
        .iter()
        .filter(|e| e.class() == "series")
        .collect();
    assert_eq!(bars.len(), restricted.len());
    for r in &restricted {
        let name = &r["parameter"];
        let full = disc
            .iter()
            .find(|x| x["box"] == "0" && x["parameter"] == *name)
            .unwrap();
        let (lo, hi, flo, fhi) = (f(r, "low"), f(r, "high"), f(full, "low"), f(full, "high"));
        let label = boxed
            .texts
            .iter()
            .find(|t| t.3 == *name)
            .unwrap_or_else(|| panic!("no row for {name}"));
        let detail = boxed
            .texts
            .iter()
            .find(|t| t.3.starts_with("box ") && t.1 > label.1 && t.1 - label.1 < 40.0)
            .unwrap();
        assert!(
            detail.3.contains(&format!("{lo:.4} – {hi:.4}"))
                && detail.3.contains(&format!("{flo:.4} – {fhi:.4}")),
            "{name}: {}",
            detail.3
        );
        // the row's blue bar, below its text, spans the limits within the sampled range
        let bar = bars
            .iter()
            .filter(|b| b.points()[0].1 > detail.1)
            .min_by(|a, b| a.points()[0].1.total_cmp(&b.points()[0].1))
            .unwrap();
        let pts = bar.points();
        let at = |px: f64| flo + read_x(boxed, px) / 100.0 * (fhi - flo);
        let tol = 0.01 * (fhi - flo);
        assert!((at(pts[0].0) - lo).abs() < tol, "{name}: low");
        assert!((at(pts[1].0) - hi).abs() < tol, "{name}: high");
    }
}

/// The domain curves of a trace's report carry a marker, in its own shape, for every round in
/// which a party leaves, a vote passes or fails, a saboteur reveals itself or the manager
/// intervenes: the markers' rounds are the events of events.csv, run by run, once in each of
/// the four panels, and the legend names each kind. Seed 135 without a manager beside
/// `monitor` has all five kinds (exits under A; votes, a reveal and interventions).
#[test]
fn domain_curves_mark_the_trace_s_events() {
    let dir = TempDir::new().unwrap();
    let (t, page) = trace_135_and_report(dir.path(), "t", Some("monitor"));
    let start = page.find("id=\"domains\"").expect("the domains chart");
    let svg = &page[start..start + page[start..].find("</svg>").unwrap()];
    // the markers drawn: kind -> (round -> how many)
    let mut drawn: BTreeMap<String, BTreeMap<u32, usize>> = BTreeMap::new();
    let mut shapes: BTreeMap<String, String> = BTreeMap::new();
    let mut strip_rows: BTreeSet<i64> = BTreeSet::new();
    for part in svg.split('<').skip(1) {
        if !part.contains("class=\"event\"") {
            continue;
        }
        let tag = part.split_whitespace().next().unwrap();
        let a = attrs(&part[..part.find('>').unwrap()]);
        let kind = unescape(&a["data-series"]);
        // the shape: the element, its corners, and whether its first corner is on top
        let ys: Vec<f64> = a.get("points").map_or(Vec::new(), |p| {
            p.split(' ')
                .map(|xy| xy.split(',').nth(1).unwrap().parse().unwrap())
                .collect()
        });
        let top = ys.first().is_some_and(|&y| ys.iter().all(|&o| y <= o));
        shapes.insert(kind.clone(), format!("{tag}{} {top}", ys.len()));
        if kind == "the manager intervenes" {
            strip_rows.insert(ys[0] as i64);
        }
        *drawn
            .entry(kind)
            .or_default()
            .entry(a["data-round"].parse().unwrap())
            .or_default() += 1;
    }
    // the events: kind -> (run, round) -> the panels it is shown in: every panel, except that
    // an intervention is shown in the panel of the domain it aims at (opportunism: social)
    let events = fs::read_to_string(t.join("events.csv")).unwrap();
    let mut expected: BTreeMap<String, BTreeMap<(String, u32), BTreeSet<usize>>> = BTreeMap::new();
    for line in events.lines().skip(1) {
        let f: Vec<&str> = line.splitn(5, ',').collect();
        let (kind, panels) = match f[2] {
            "exit" => ("a party leaves", vec![0, 1, 2, 3]),
            "vote" if f[4].contains("passed=true") => ("a vote passes", vec![0, 1, 2, 3]),
            "vote" => ("a vote fails", vec![0, 1, 2, 3]),
            "saboteur_revealed" => ("a saboteur reveals itself", vec![0, 1, 2, 3]),
            "intervention" => {
                let key = f[4]
                    .split_whitespace()
                    .find_map(|kv| kv.strip_prefix("intervention="))
                    .unwrap();
                let aim = match Intervention::from_key(key).unwrap().target() {
                    Target::Domain(d) => vec![d.index()],
                    Target::FreeRiders | Target::Saboteurs => vec![Domain::Social.index()],
                    // a survey measures all four
                    Target::Measurement => vec![0, 1, 2, 3],
                };
                ("the manager intervenes", aim)
            }
            _ => continue,
        };
        expected
            .entry(kind.to_string())
            .or_default()
            .entry((f[0].to_string(), f[1].parse().unwrap()))
            .or_default()
            .extend(panels);
    }
    assert_eq!(
        expected.len(),
        5,
        "all five kinds happen: {:?}",
        expected.keys()
    );
    let expected: BTreeMap<String, BTreeMap<u32, usize>> = expected
        .into_iter()
        .map(|(kind, runs)| {
            let mut m: BTreeMap<u32, usize> = BTreeMap::new();
            for ((_, round), panels) in runs {
                *m.entry(round).or_default() += panels.len();
            }
            (kind, m)
        })
        .collect();
    assert_eq!(drawn, expected);
    // monitor intervenes in most rounds, in every domain over the run: its markers sit in a
    // strip along the top of the panels (one row for the upper panels, one for the lower), not
    // on the lines
    assert!(expected["the manager intervenes"].len() > 20);
    assert_eq!(strip_rows.len(), 2, "{strip_rows:?}");
    // a shape per kind (a second cue besides the colour), and each in the legend
    let distinct: BTreeSet<&String> = shapes.values().collect();
    assert_eq!(distinct.len(), 5, "{shapes:?}");
    let all = charts(&page);
    let domains = chart(&all, "domains");
    for kind in shapes.keys() {
        assert!(domains.has_text(kind), "the legend names {kind}");
    }
}

/// The items of the "why the runs ended differently" list at the top of a versus report.
fn why_items(page: &str) -> Vec<String> {
    let Some(start) = page.find("<ul class=\"why\">") else {
        return Vec::new();
    };
    let list = &page[start..start + page[start..].find("</ul>").unwrap()];
    list.split("<li>")
        .skip(1)
        .map(|li| unescape(&li[..li.find("</li>").unwrap()]))
        .collect()
}

/// `polder trace` of seed 135 of the default scenario into `dir/name` (side by side with
/// `versus` when given), then `polder report` on it: the trace directory and the page.
fn trace_135_and_report(dir: &Path, name: &str, versus: Option<&str>) -> (PathBuf, String) {
    let out = dir.join(name);
    let energy = scenario("regional-energy.toml");
    let mut args = vec!["trace", s(&energy), "--seed", "135", "--out", s(&out)];
    if let Some(b) = versus {
        args.extend(["--versus", b]);
    }
    ok(&polder(&args));
    let html = dir.join(format!("{name}.html"));
    ok(&polder(&["report", s(&out), "-o", s(&html)]));
    let page = fs::read_to_string(&html).unwrap();
    (out, page)
}

/// Seed 135 of the default scenario collapses without a manager and is ratified under
/// `phased`; the summary at the top of the versus report says why, from the run's own files.
#[test]
fn versus_report_says_why_one_run_collapsed_and_the_other_held() {
    let dir = TempDir::new().unwrap();
    let (v, page) = trace_135_and_report(dir.path(), "versus", Some("phased"));
    let why = why_items(&page);
    let heading = page
        .find("Why the two runs ended differently")
        .expect("the heading");
    assert!(
        heading < page.find("How it ended").unwrap(),
        "the summary comes first"
    );

    // how each ended, with the rounds and the seats from rounds.csv
    let rounds = csv_rows(&v.join("rounds.csv"));
    let last = |run: &str| rounds.iter().rfind(|r| r["run_id"] == run).unwrap();
    let (a, b) = (last("0"), last("1"));
    let manifest = fs::read_to_string(v.join("trace.toml")).unwrap();
    assert!(manifest.contains(r#"endings = ["collapsed", "ratified"]"#));
    assert!(why[0].contains(&format!(
        "A none: collapsed after {} rounds, {} of the 20 parties still at the table.",
        a["round"], a["active"]
    )));
    assert!(why[0].contains(&format!(
        "B phased: ratified after {} rounds, {} of the 20 parties still at the table.",
        b["round"], b["active"]
    )));

    // the first round in which the managers' events differ, from events.csv
    let events = csv_rows(&v.join("events.csv"));
    let manager = |run: &str, round: u32| -> Vec<String> {
        events
            .iter()
            .filter(|e| e["run_id"] == run && e["round"] == round.to_string())
            .filter(|e| {
                ["intervention", "survey", "spoiler_managed"].contains(&e["event"].as_str())
            })
            .map(|e| e["detail"].clone())
            .collect()
    };
    let first = (1..100)
        .find(|&r| manager("0", r) != manager("1", r))
        .unwrap();
    assert!(
        why[1].starts_with(&format!(
            "The managers first act differently in round {first} (A: nothing; B: "
        )),
        "{}",
        why[1]
    );

    // the widest gap: the domain whose group means differ most when A ended
    let shared: u32 = a["round"]
        .parse::<u32>()
        .unwrap()
        .min(b["round"].parse().unwrap());
    let at = |run: &str| {
        rounds
            .iter()
            .find(|r| r["run_id"] == run && r["round"] == shared.to_string())
            .unwrap()
    };
    let (widest, _) = ["content", "social", "procedural", "task_time"]
        .iter()
        .map(|d| {
            let col = format!("mean_{d}");
            let gap: f64 =
                at("0")[&col].parse::<f64>().unwrap() - at("1")[&col].parse::<f64>().unwrap();
            (*d, gap.abs())
        })
        .fold(("", -1.0), |best, x| if x.1 > best.1 { x } else { best });
    let label = widest.replace("task_time", "task & time");
    assert!(
        why[2].starts_with(&format!(
            "The widest gap is in {label} certainty: at the end of round {shared}"
        )),
        "{}",
        why[2]
    );

    // who left, per run, from events.csv
    let gone_a: Vec<String> = departures(&v, "0").into_values().flatten().collect();
    let gone_b: Vec<String> = departures(&v, "1").into_values().flatten().collect();
    let exits = |run: &str| {
        events
            .iter()
            .filter(|e| e["run_id"] == run && e["event"] == "exit")
            .count()
    };
    assert!(
        exits("0") > 2 * exits("1"),
        "the collapse loses far more parties"
    );
    // "1 party left", "12 parties left"
    let left = |n: usize| match n {
        1 => "1 party left".to_string(),
        n => format!("{n} parties left"),
    };
    assert!(why[3].starts_with(&format!("Under A none, {}", left(exits("0")))));
    assert!(
        why[3].contains(&format!("Under B phased, {}", left(exits("1")))),
        "{}",
        why[3]
    );
    let only_a = gone_a.iter().filter(|n| !gone_b.contains(n)).count();
    assert!(only_a >= 5);
    assert!(
        why[4].starts_with(&format!(
            "{only_a} parties left the table under A none and were still at the table when the \
             run under B phased ended: "
        )),
        "{}",
        why[4]
    );
    for name in gone_a.iter().filter(|n| !gone_b.contains(n)).take(8) {
        assert!(
            why[4].contains(name.as_str()),
            "{name} is not named: {}",
            why[4]
        );
    }

    // what the managers did until A ended
    let acted = events
        .iter()
        .filter(|e| e["run_id"] == "1" && e["event"] == "intervention")
        .filter(|e| {
            let r: u32 = e["round"].parse().unwrap();
            r >= first && r <= shared
        })
        .count();
    let actions = why.last().unwrap();
    assert!(
        actions.contains("A none did nothing.")
            && actions.contains(&format!("B phased intervened {acted} times")),
        "{actions}"
    );

    // a manager that takes surveys: each survey is counted once, as the intervention it is
    let (m, page) = trace_135_and_report(dir.path(), "monitor", Some("monitor"));
    let why = why_items(&page);
    let events = csv_rows(&m.join("events.csv"));
    let rounds = csv_rows(&m.join("rounds.csv"));
    let ended = |run: &str| -> u32 {
        rounds.iter().rfind(|r| r["run_id"] == run).unwrap()["round"]
            .parse()
            .unwrap()
    };
    let shared = ended("0").min(ended("1"));
    let of_b = |event: &str| {
        events
            .iter()
            .filter(|e| e["run_id"] == "1" && e["event"] == event)
            .filter(|e| e["round"].parse::<u32>().unwrap() <= shared)
            .count()
    };
    assert!(of_b("survey") > 3, "monitor takes surveys");
    let actions = why.last().unwrap();
    assert!(
        actions.contains(&format!(
            "B monitor intervened {} times",
            of_b("intervention")
        )),
        "{actions}"
    );

    // one run only: no summary
    let (_, page) = trace_135_and_report(dir.path(), "one", None);
    assert!(why_items(&page).is_empty());
}
