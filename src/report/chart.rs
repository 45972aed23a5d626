//! Charts drawn with plotters' SVG backend into strings.
//!
//! Every chart has a title, axis labels with units and a legend (in a column to the right of
//! the plot, so that it never hides data). Colours come from the Okabe–Ito palette, which stays
//! distinguishable for colour-blind viewers. After drawing, every data element (`polyline`,
//! `polygon`, `circle`) is tagged with a `class` and a `data-series` attribute from the colour
//! it was drawn in, so that a reader of the page (or a test) can tell the series apart; colours
//! are unique per chart for that reason.

use std::fmt::Write as _;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// An f64 axis with tick marks exactly where asked (category positions, or the usual ticks).
struct KeyedAxis {
    inner: RangedCoordf64,
    keys: Vec<f64>,
}

impl Ranged for KeyedAxis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

mod advice;
pub use advice::{CostChart, CostPoint, Forest, ForestRow, HeatMap, RangeBars, RangeRow};

use super::words;
use crate::domain::{Domain, PerDomain};
use crate::text::Lang;

/// A colour of the chart palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    fn rgb(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    /// As the SVG backend writes it: `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Okabe & Ito (2008), without black (used for axes) and yellow (too light on white).
pub const BLUE: Colour = Colour(0x00, 0x72, 0xB2);
pub const VERMILLION: Colour = Colour(0xD5, 0x5E, 0x00);
pub const GREEN: Colour = Colour(0x00, 0x9E, 0x73);
pub const PURPLE: Colour = Colour(0xCC, 0x79, 0xA7);
pub const ORANGE: Colour = Colour(0xE6, 0x9F, 0x00);
pub const SKY: Colour = Colour(0x56, 0xB4, 0xE9);
/// Context: individual parties, bands.
pub const GREY: Colour = Colour(0xA0, 0xA0, 0xA0);
pub const BAND_LOW: Colour = Colour(0x99, 0x99, 0x99);
pub const BAND_HIGH: Colour = Colour(0xF0, 0xE4, 0x42);

/// The series palette in order of use.
pub const PALETTE: [Colour; 6] = [BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY];

/// The `k`-th series colour; beyond the palette, darker variants (still unique).
pub fn series_colour(k: usize) -> Colour {
    let c = PALETTE[k % PALETTE.len()];
    let round = (k / PALETTE.len()) as u32;
    if round == 0 {
        return c;
    }
    let f = |v: u8| (u32::from(v) * 10 / (10 + 3 * round)) as u8;
    Colour(f(c.0), f(c.1), f(c.2))
}

/// The colour of a domain's line.
pub const fn domain_colour(d: Domain) -> Colour {
    match d {
        Domain::Content => BLUE,
        Domain::Social => VERMILLION,
        Domain::Procedural => GREEN,
        Domain::TaskTime => PURPLE,
    }
}

/// A drawing error (drawing into a string does not fail in practice).
#[derive(Debug)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "drawing a chart failed: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

type Res<T> = Result<T, ChartError>;
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// How an SVG element is to be tagged: its kind, its colour, its class and series label.
#[derive(Debug, Clone)]
struct Tag {
    element: &'static str,
    colour: String,
    class: &'static str,
    label: String,
}

/// One legend entry.
#[derive(Debug, Clone)]
struct Entry {
    label: String,
    colour: Colour,
    opacity: f64,
    swatch: Swatch,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Swatch {
    Line,
    Area,
    Marker,
    Shape(Shape),
}

/// Collects tags and legend entries while a chart is drawn.
#[derive(Default)]
struct Registry {
    tags: Vec<Tag>,
    legend: Vec<Entry>,
}

impl Registry {
    fn series(&mut self, label: &str, colour: Colour) {
        self.tag("polyline", colour, "series", label);
        self.entry(label, colour, 1.0, Swatch::Line);
    }
    fn tag(&mut self, element: &'static str, colour: Colour, class: &'static str, label: &str) {
        let hex = colour.hex();
        if !self
            .tags
            .iter()
            .any(|t| t.element == element && t.colour == hex)
        {
            self.tags.push(Tag {
                element,
                colour: hex,
                class,
                label: label.to_string(),
            });
        }
    }
    fn entry(&mut self, label: &str, colour: Colour, opacity: f64, swatch: Swatch) {
        if !self.legend.iter().any(|e| e.label == label) {
            self.legend.push(Entry {
                label: label.to_string(),
                colour,
                opacity,
                swatch,
            });
        }
    }
}

const FONT: &str = "sans-serif";
// Chart text sizes: plotters writes a size s as s / 1.24 pixels in its SVG, so every size in
// this file is at least 18 (14.5 px on the page).
/// Width of the legend column to the right of every chart, in pixels.
const LEGEND_WIDTH: u32 = 270;

/// A chart area with the legend column on the right: returns (plot area, legend area).
fn split_legend<'a>(root: &Area<'a>, legend_width: u32) -> (Area<'a>, Area<'a>) {
    let (w, _) = root.dim_in_pixel();
    root.split_horizontally(w.saturating_sub(legend_width))
}

/// The frame every chart shares: a white canvas 1000 pixels wide and `height` high with the
/// title on top and the legend in a column to the right of the plot. `draw` draws into the plot
/// area and registers its series; then the legend is drawn and the SVG tagged.
fn framed(
    lang: Lang,
    id: &str,
    title: &str,
    height: u32,
    draw: impl FnOnce(&Area, &mut Registry) -> Res<()>,
) -> Res<String> {
    let mut reg = Registry::default();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let root = root
            .titled(title, (FONT, 22).into_font().style(FontStyle::Bold))
            .map_err(err)?;
        let (plot, legend) = split_legend(&root, LEGEND_WIDTH);
        draw(&plot, &mut reg)?;
        draw_legend(&legend, &reg.legend, words::legend(lang))?;
        root.present().map_err(err)?;
    }
    Ok(finish(svg, &reg, id, title))
}

/// A plot over numeric x and y with the usual margins and grid, numbers on both axes in the
/// chart's language (the y axis in percent if asked).
fn xy_chart<'p, 's>(
    plot: &'p Area<'s>,
    lang: Lang,
    (x, y): (Range<f64>, Range<f64>),
    (x_desc, y_desc): (&str, &str),
    y_percent: bool,
) -> Res<ChartContext<'p, SVGBackend<'s>, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
    let mut chart = ChartBuilder::on(plot)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(52)
        .y_label_area_size(66)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| axis_number(lang, *v, false))
        .y_label_formatter(&|v| axis_number(lang, *v, y_percent))
        .label_style((FONT, 18))
        .axis_desc_style((FONT, 18))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Draw the legend entries into `area` with plotters' own series labels.
fn draw_legend(area: &Area, entries: &[Entry], heading: &str) -> Res<()> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(36)
        .margin_left(6)
        .build_cartesian_2d(0f64..1f64, 0f64..1f64)
        .map_err(err)?;
    for e in entries {
        let c = e.colour.rgb();
        let o = e.opacity;
        let swatch = e.swatch;
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label(e.label.clone())
            .legend(
                move |(x, y)| -> DynElement<'static, SVGBackend, (i32, i32)> {
                    match swatch {
                        Swatch::Line => {
                            Rectangle::new([(x, y - 2), (x + 16, y + 2)], c.filled()).into_dyn()
                        }
                        Swatch::Area => {
                            Rectangle::new([(x, y - 6), (x + 16, y + 6)], c.mix(o).filled())
                                .into_dyn()
                        }
                        Swatch::Marker => {
                            Rectangle::new([(x + 4, y - 4), (x + 12, y + 4)], c.filled()).into_dyn()
                        }
                        Swatch::Shape(Shape::Circle) => {
                            Circle::new((x + 8, y), 6, c.filled()).into_dyn()
                        }
                        Swatch::Shape(shape) => {
                            let p = match shape {
                                Shape::Square => {
                                    vec![
                                        (x + 3, y - 5),
                                        (x + 13, y - 5),
                                        (x + 13, y + 5),
                                        (x + 3, y + 5),
                                    ]
                                }
                                Shape::Triangle => {
                                    vec![(x + 8, y - 7), (x + 15, y + 5), (x + 1, y + 5)]
                                }
                                Shape::Down => {
                                    vec![(x + 8, y + 7), (x + 15, y - 5), (x + 1, y - 5)]
                                }
                                _ => vec![(x + 8, y - 7), (x + 15, y), (x + 8, y + 7), (x + 1, y)],
                            };
                            Polygon::new(p, c.filled()).into_dyn()
                        }
                    }
                },
            );
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .margin(4)
        .label_font((FONT, 18))
        .border_style(BLACK.mix(0.3))
        .background_style(WHITE)
        .draw()
        .map_err(err)?;
    area.draw(&Text::new(
        heading.to_string(),
        (8, 12),
        (FONT, 18).into_font().style(FontStyle::Bold),
    ))
    .map_err(err)?;
    Ok(())
}

/// Tag the data elements of a finished SVG and make it scale with the page.
fn finish(svg: String, reg: &Registry, id: &str, title: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 1024);
    for line in svg.lines() {
        let element = ["polyline", "polygon", "circle"]
            .into_iter()
            .find(|e| line.starts_with(&format!("<{e} ")));
        if let Some(element) = element {
            let attr = if element == "polyline" {
                "stroke"
            } else {
                "fill"
            };
            let colour = attr_value(line, attr);
            if let Some(tag) = reg
                .tags
                .iter()
                .find(|t| t.element == element && Some(t.colour.as_str()) == colour)
            {
                let head = format!("<{element} ");
                let _ = writeln!(
                    out,
                    "<{element} class=\"{}\" data-series=\"{}\" {}",
                    tag.class,
                    escape_attr(&tag.label),
                    &line[head.len()..]
                );
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("<svg ") {
            let _ = writeln!(
                out,
                "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-label=\"{}\" {rest}",
                escape_attr(title)
            );
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn attr_value<'a>(line: &'a str, attr: &str) -> Option<&'a str> {
    let key = format!(" {attr}=\"");
    let start = line.find(&key)? + key.len();
    let end = line[start..].find('"')? + start;
    Some(&line[start..end])
}

/// Escape text for an HTML attribute or element.
pub fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn finite(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

/// How the y axis shows its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YFormat {
    Plain,
    /// Shares 0..1 shown as percentages.
    Percent,
    /// Differences of shares shown as percentage points.
    Points,
}

/// Axis labels: numbers in the chart's language, percentages where asked.
fn axis_number(lang: Lang, v: f64, percent: bool) -> String {
    axis_value(
        lang,
        v,
        if percent {
            YFormat::Percent
        } else {
            YFormat::Plain
        },
    )
}

fn axis_value(lang: Lang, v: f64, f: YFormat) -> String {
    // a tick at 0 may come out as -1e-17: show it as 0, not -0
    let v = if v.abs() < 1e-12 { 0.0 } else { v };
    let plain = |v: f64| {
        if (v - v.round()).abs() < 1e-9 {
            lang.num(v, 0)
        } else if (10.0 * v - (10.0 * v).round()).abs() < 1e-9 {
            lang.num(v, 1)
        } else {
            lang.num(v, 2)
        }
    };
    match f {
        YFormat::Plain => plain(v),
        YFormat::Percent => format!("{}%", plain(100.0 * v)),
        YFormat::Points => {
            let p = plain(100.0 * v);
            if v > 0.0 { format!("+{p}") } else { p }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The four domains over time

/// One line through the four domain panels.
#[derive(Debug, Clone)]
pub struct DomainLine {
    pub label: String,
    pub colour: Option<Colour>,
    /// Per domain, (round, certainty).
    pub points: PerDomain<Vec<(f64, f64)>>,
    /// Per domain, (round, low, high): a shaded spread around the line.
    pub spread: Option<PerDomain<Vec<(f64, f64, f64)>>>,
    pub spread_label: String,
}

/// The four domains over time, one panel per domain with its lower bound and challenge as bands.
pub struct DomainPanels {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_max: f64,
    /// Lower bounds and challenges per domain; `None` draws no bands.
    pub bounds: Option<(PerDomain<f64>, PerDomain<f64>)>,
    pub lines: Vec<DomainLine>,
    /// Faint lines of individual parties (per party, per domain).
    pub context: Vec<PerDomain<Vec<(f64, f64)>>>,
    pub context_label: String,
    /// Events marked on the lines (exits, votes, reveals, interventions).
    pub events: Vec<EventMarks>,
}

/// The shape of an event marker: a second cue besides its colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Circle,
    Triangle,
    Square,
    Diamond,
    /// A triangle pointing down.
    Down,
}

/// Where an event's marker goes in the domain panels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MarkAt {
    /// On the line, at its value per domain.
    Line(PerDomain<f64>),
    /// Small, in a strip along the top of the panels marked, in row `row` (one row per run), so
    /// that frequent events do not cover the lines.
    Strip { row: usize, panels: PerDomain<bool> },
}

/// One kind of event marked in the domain panels: at each round a shape.
#[derive(Debug, Clone)]
pub struct EventMarks {
    pub label: String,
    pub colour: Colour,
    pub shape: Shape,
    pub at: Vec<(u32, MarkAt)>,
}

/// The half-size in pixels of a marker on a line, and of one in the strip.
const MARK_SIZE: i32 = 7;
const STRIP_MARK_SIZE: i32 = 5;

impl Shape {
    /// The SVG element of this shape at pixel (x, y), `size` pixels from its centre to its
    /// tip, tagged with its kind and round.
    fn svg(self, (x, y): (i32, i32), size: i32, colour: Colour, label: &str, round: u32) -> String {
        let s = size;
        let head = format!(
            "class=\"event\" data-series=\"{}\" data-round=\"{round}\" fill=\"{}\" stroke=\"#000000\" stroke-width=\"1\"",
            escape_attr(label),
            colour.hex()
        );
        match self {
            Shape::Circle => format!("<circle {head} cx=\"{x}\" cy=\"{y}\" r=\"{}\"/>", s - 1),
            Shape::Square => format!(
                "<rect {head} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                x - (s - 2),
                y - (s - 2),
                2 * s - 3,
                2 * s - 3
            ),
            Shape::Triangle => format!(
                "<polygon {head} points=\"{x},{} {},{} {},{}\"/>",
                y - s,
                x - s,
                y + (s - 2),
                x + s,
                y + (s - 2)
            ),
            Shape::Diamond => format!(
                "<polygon {head} points=\"{x},{} {},{y} {x},{} {},{y}\"/>",
                y - s,
                x + s,
                y + s,
                x - s
            ),
            Shape::Down => format!(
                "<polygon {head} points=\"{x},{} {},{} {},{}\"/>",
                y + s,
                x - s,
                y - (s - 2),
                x + s,
                y - (s - 2)
            ),
        }
    }
}

impl DomainPanels {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        let mut marks = String::new();
        let svg = framed(l, &self.id, &self.title, 640, |plot, reg| {
            self.register(reg);
            for (panel, d) in plot.split_evenly((2, 2)).iter().zip(Domain::ALL) {
                marks.push_str(&self.draw_panel(panel, d)?);
            }
            Ok(())
        })?;
        // the event markers go on top, each tagged with its round
        Ok(match svg.rfind("</svg>") {
            Some(end) => format!("{}{marks}{}", &svg[..end], &svg[end..]),
            None => svg,
        })
    }

    /// The legend: the parties' lines, the lines with their spreads, and the bands.
    fn register(&self, reg: &mut Registry) {
        let l = self.lang;
        if !self.context.is_empty() {
            reg.tag("polyline", GREY, "context", &self.context_label);
            reg.entry(&self.context_label, GREY, 1.0, Swatch::Line);
        }
        for (k, line) in self.lines.iter().enumerate() {
            let c = line.colour.unwrap_or_else(|| series_colour(k));
            reg.series(&line.label, c);
            if line.spread.is_some() {
                reg.tag("polygon", c, "spread", &line.spread_label);
                reg.entry(&line.spread_label, GREY, 0.3, Swatch::Area);
            }
        }
        if self.bounds.is_some() {
            let low = words::under_the_lower_bound(l).to_string();
            let high = words::above_the_challenge(l).to_string();
            reg.tag("polygon", BAND_LOW, "band", &low);
            reg.tag("polygon", BAND_HIGH, "band", &high);
            reg.entry(&low, BAND_LOW, 0.35, Swatch::Area);
            reg.entry(&high, BAND_HIGH, 0.35, Swatch::Area);
        }
        for e in &self.events {
            reg.entry(&e.label, e.colour, 1.0, Swatch::Shape(e.shape));
        }
    }

    /// One domain's panel: the bands, the parties' lines, then the lines with their spreads;
    /// returns the SVG of its event markers.
    fn draw_panel(&self, panel: &Area, d: Domain) -> Res<String> {
        let l = self.lang;
        let di = d.index();
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("{} — {}", l.domain(d), l.domain_question(d)),
                (FONT, 18),
            )
            .margin(8)
            .margin_right(14)
            .x_label_area_size(46)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..self.x_max.max(1.0), 0f64..1f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.08))
            .x_labels(8)
            .y_labels(6)
            .x_desc(format!("{} ({})", l.round(), words::meeting(l)))
            .y_desc(words::certainty_axis(l))
            .x_label_formatter(&|v| axis_number(l, *v, false))
            .y_label_formatter(&|v| axis_number(l, *v, false))
            .label_style((FONT, 18))
            .axis_desc_style((FONT, 18))
            .draw()
            .map_err(err)?;
        let xm = self.x_max.max(1.0);
        if let Some((lb, ch)) = &self.bounds {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    vec![(0.0, 0.0), (xm, 0.0), (xm, lb[di]), (0.0, lb[di])],
                    BAND_LOW.rgb().mix(0.35).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Polygon::new(
                    vec![(0.0, ch[di]), (xm, ch[di]), (xm, 1.0), (0.0, 1.0)],
                    BAND_HIGH.rgb().mix(0.35).filled(),
                )))
                .map_err(err)?;
        }
        for party in &self.context {
            let pts = finite(&party[di]);
            if pts.len() >= 2 {
                chart
                    .draw_series(LineSeries::new(pts, GREY.rgb().mix(0.55).stroke_width(1)))
                    .map_err(err)?;
            }
        }
        for (k, line) in self.lines.iter().enumerate() {
            let c = line.colour.unwrap_or_else(|| series_colour(k));
            if let Some(spread) = &line.spread {
                let s = &spread[di];
                let mut poly: Vec<(f64, f64)> = s.iter().map(|&(x, lo, _)| (x, lo)).collect();
                poly.extend(s.iter().rev().map(|&(x, _, hi)| (x, hi)));
                let poly = finite(&poly);
                if poly.len() >= 3 {
                    chart
                        .draw_series(std::iter::once(Polygon::new(
                            poly,
                            c.rgb().mix(0.2).filled(),
                        )))
                        .map_err(err)?;
                }
            }
            chart
                .draw_series(LineSeries::new(
                    finite(&line.points[di]),
                    c.rgb().stroke_width(2),
                ))
                .map_err(err)?;
        }
        let mut marks = String::new();
        // the strip's rows, from the top of the panel down
        let top = chart.backend_coord(&(0.0, 1.0)).1;
        for e in &self.events {
            for (round, at) in &e.at {
                let x = f64::from(*round);
                let (pixel, size) = match *at {
                    MarkAt::Line(y) if y[di].is_finite() => {
                        (chart.backend_coord(&(x, y[di])), MARK_SIZE)
                    }
                    MarkAt::Strip { row, panels } if panels[di] => {
                        let y = top + STRIP_MARK_SIZE + 2 + 2 * (STRIP_MARK_SIZE + 1) * row as i32;
                        ((chart.backend_coord(&(x, 0.0)).0, y), STRIP_MARK_SIZE)
                    }
                    _ => continue,
                };
                marks.push_str(&e.shape.svg(pixel, size, e.colour, &e.label, *round));
                marks.push('\n');
            }
        }
        Ok(marks)
    }
}

// ---------------------------------------------------------------------------------------------
// Lines over rounds with labelled markers

/// A line in a [`LineChart`].
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub colour: Colour,
    pub points: Vec<(f64, f64)>,
}

/// Labelled markers (e.g. exits) in a [`LineChart`].
#[derive(Debug, Clone)]
pub struct Markers {
    pub label: String,
    pub colour: Colour,
    /// (x, y, text)
    pub points: Vec<(f64, f64, String)>,
}

/// Lines over rounds, optionally with labelled markers.
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: Range<f64>,
    pub y_range: Range<f64>,
    pub lines: Vec<Line>,
    pub markers: Vec<Markers>,
    pub height: u32,
}

impl LineChart {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        framed(l, &self.id, &self.title, self.height, |plot, reg| {
            let mut chart = xy_chart(
                plot,
                l,
                (self.x_range.clone(), self.y_range.clone()),
                (&self.x_desc, &self.y_desc),
                false,
            )?;
            for line in &self.lines {
                reg.series(&line.label, line.colour);
                chart
                    .draw_series(LineSeries::new(
                        finite(&line.points),
                        line.colour.rgb().stroke_width(2),
                    ))
                    .map_err(err)?;
            }
            // label boxes already placed, in pixels, over all marker sets of the chart
            let mut taken: Vec<PixelBox> = Vec::new();
            let (px, py) = chart.plotting_area().get_pixel_range();
            for m in &self.markers {
                reg.tag("circle", m.colour, "marker", &m.label);
                reg.entry(&m.label, m.colour, 1.0, Swatch::Marker);
                let c = m.colour.rgb();
                chart
                    .draw_series(
                        m.points
                            .iter()
                            .map(|(x, y, _)| Circle::new((*x, *y), 5, c.filled())),
                    )
                    .map_err(err)?;
                // each label goes next to its marker, at the nearest place where it overlaps no
                // other label and stays inside the plot; a long list of names wraps into lines
                let mut texts = Vec::new();
                for (x, y, text) in &m.points {
                    let lines = wrap_names(text, LABEL_CHARS);
                    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                    let size = (CHAR_PX * widest as i32, LINE_PX * lines.len() as i32);
                    let at = chart.backend_coord(&(*x, *y));
                    let (dx, dy) = place_label(&mut taken, at, size, (&px, &py));
                    for (i, line) in lines.into_iter().enumerate() {
                        texts.push((*x, *y, line, dx, dy + LINE_PX * i as i32));
                    }
                }
                chart
                    .draw_series(texts.into_iter().map(|(x, y, line, dx, dy)| {
                        EmptyElement::at((x, y))
                            + Text::new(line, (dx, dy), (FONT, LABEL_PX).into_font().color(&c))
                    }))
                    .map_err(err)?;
            }
            Ok(())
        })
    }
}

/// A label's box in pixels: left, top, width, height.
type PixelBox = (i32, i32, i32, i32);

/// Font size of marker labels as plotters counts it (its SVG writes size / 1.24 pixels: 14.5 px),
/// and the room a character and a line of them take, in pixels (a generous estimate, so that
/// boxes that do not overlap here do not overlap on screen).
const LABEL_PX: i32 = 18;
const CHAR_PX: i32 = 9;
const LINE_PX: i32 = 18;

fn overlap(a: PixelBox, b: PixelBox) -> i64 {
    let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
    let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
    if w > 0 && h > 0 {
        i64::from(w) * i64::from(h)
    } else {
        0
    }
}

/// Where a label of `size` goes for a marker at pixel `at`: the offset (dx, dy) of its top-left
/// corner. Candidates go out from the marker, above and below it, to its right and then its left;
/// the first that overlaps no placed label and stays inside the plot wins, else the one with the
/// least overlap. The chosen box is added to `taken`.
fn place_label(
    taken: &mut Vec<PixelBox>,
    at: (i32, i32),
    size: (i32, i32),
    plot: (&Range<i32>, &Range<i32>),
) -> (i32, i32) {
    let (w, h) = size;
    let mut best: Option<(i64, (i32, i32))> = None;
    for step in 0..24 {
        let dy = if step % 2 == 0 {
            -h - 8 - LINE_PX * (step / 2)
        } else {
            8 + LINE_PX * (step / 2)
        };
        for dx in [8, -8 - w] {
            let b = (at.0 + dx, at.1 + dy, w, h);
            let inside = b.0 >= plot.0.start
                && b.0 + b.2 <= plot.0.end
                && b.1 >= plot.1.start
                && b.1 + b.3 <= plot.1.end;
            let clash: i64 = taken.iter().map(|&t| overlap(t, b)).sum();
            let cost = clash + if inside { 0 } else { 1 << 40 } + i64::from(step);
            if clash == 0 && inside {
                taken.push(b);
                return (dx, dy);
            }
            if best.is_none_or(|(c, _)| cost < c) {
                best = Some((cost, (dx, dy)));
            }
        }
    }
    let (dx, dy) = best.map_or((8, -h - 8), |(_, o)| o);
    taken.push((at.0 + dx, at.1 + dy, w, h));
    (dx, dy)
}

/// Longest line of a marker label, in characters (about 9 pixels each at 14.5 px).
const LABEL_CHARS: usize = 34;

/// Split a comma-separated list of names into lines of at most `max` characters, never inside
/// a name; each line but the last keeps its trailing comma.
fn wrap_names(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (k, name) in text.split(", ").enumerate() {
        let piece = if k == 0 {
            name.to_string()
        } else {
            format!(", {name}")
        };
        if !line.is_empty() && line.chars().count() + piece.chars().count() > max {
            lines.push(format!("{line},"));
            line = name.to_string();
        } else {
            line.push_str(&piece);
        }
    }
    lines.push(line);
    lines
}

// ---------------------------------------------------------------------------------------------
// Stacked shares (the participation spectrum)

/// One layer of a [`StackedShares`] chart, from the bottom up.
#[derive(Debug, Clone)]
pub struct Layer {
    pub label: String,
    pub colour: Colour,
    /// (x, share) with shares of all layers adding up to 1 at each x.
    pub points: Vec<(f64, f64)>,
}

/// Shares over rounds, stacked.
pub struct StackedShares {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub y_desc: String,
    pub x_max: f64,
    pub layers: Vec<Layer>,
}

impl StackedShares {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        framed(l, &self.id, &self.title, 380, |plot, reg| {
            let mut chart = xy_chart(
                plot,
                l,
                (0f64..self.x_max.max(1.0), 0f64..1f64),
                (&self.x_desc, &self.y_desc),
                true,
            )?;
            // cumulative tops, drawn from the top layer down so lower layers paint over
            let n = self.layers.first().map_or(0, |f| f.points.len());
            let mut tops: Vec<Vec<(f64, f64)>> = Vec::new();
            let mut acc = vec![0.0; n];
            for layer in &self.layers {
                let pts: Vec<(f64, f64)> = layer
                    .points
                    .iter()
                    .zip(acc.iter_mut())
                    .map(|(&(x, y), a)| {
                        *a += y;
                        (x, *a)
                    })
                    .collect();
                tops.push(pts);
            }
            for (layer, top) in self.layers.iter().zip(&tops).rev() {
                reg.tag("polygon", layer.colour, "series", &layer.label);
                chart
                    .draw_series(AreaSeries::new(
                        finite(top),
                        0.0,
                        layer.colour.rgb().mix(0.85).filled(),
                    ))
                    .map_err(err)?;
            }
            for layer in self.layers.iter().rev() {
                reg.entry(&layer.label, layer.colour, 0.85, Swatch::Area);
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Estimates with 95% intervals, over categories or a numeric x

/// (x, estimate, 95% interval).
pub type CiPoint = (f64, f64, Option<(f64, f64)>);

/// Points with intervals.
#[derive(Debug, Clone)]
pub struct CiSeries {
    pub label: String,
    pub colour: Colour,
    /// (x, estimate, low, high); categories are at x = 0, 1, 2, ...
    pub points: Vec<CiPoint>,
    /// Join the points with a line (for a numeric x).
    pub connect: bool,
}

/// The x axis of a [`CiChart`].
#[derive(Debug, Clone)]
pub enum XAxis {
    /// Named categories at 0, 1, 2, ...
    Categories(Vec<String>),
    /// A numeric axis over this range.
    Numeric(Range<f64>),
}

/// Estimates with 95% interval bars, per category or along a numeric x.
pub struct CiChart {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub y_desc: String,
    pub x: XAxis,
    pub y_range: Range<f64>,
    pub y_format: YFormat,
    /// Draw a line at y = 0.
    pub zero_line: bool,
    pub series: Vec<CiSeries>,
}

impl CiChart {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        framed(l, &self.id, &self.title, 400, |plot, reg| {
            let (x_range, keys, names): (Range<f64>, Vec<f64>, Vec<String>) = match &self.x {
                XAxis::Categories(c) => (
                    -0.5..(c.len() as f64 - 0.5),
                    (0..c.len()).map(|k| k as f64).collect(),
                    c.clone(),
                ),
                XAxis::Numeric(r) => {
                    let span = (r.end - r.start).abs().max(1e-9);
                    let pad = 0.05 * span;
                    ((r.start - pad)..(r.end + pad), Vec::new(), Vec::new())
                }
            };
            let categories = matches!(self.x, XAxis::Categories(_));
            let x_coord: RangedCoordf64 = x_range.clone().into();
            let keys = if categories {
                keys
            } else {
                x_coord.key_points(8usize)
            };
            let x_spec = KeyedAxis {
                inner: x_coord,
                keys,
            };
            let mut chart = ChartBuilder::on(plot)
                .margin(10)
                .margin_right(24)
                .x_label_area_size(44)
                .y_label_area_size(58)
                .build_cartesian_2d(x_spec, self.y_range.clone())
                .map_err(err)?;
            let y_format = self.y_format;
            let name_of = |v: &f64| -> String {
                if categories {
                    return category_name(&names, *v);
                }
                let s = format!("{v:.4}");
                let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
                match l {
                    Lang::En => s,
                    Lang::Nl => s.replace('.', ","),
                }
            };
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(BLACK.mix(0.08))
                .x_desc(self.x_desc.clone())
                .y_desc(self.y_desc.clone())
                .x_label_formatter(&name_of)
                .y_label_formatter(&|v| axis_value(l, *v, y_format))
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 18))
                .draw()
                .map_err(err)?;
            if self.zero_line {
                chart
                    .draw_series(LineSeries::new(
                        vec![(x_range.start, 0.0), (x_range.end, 0.0)],
                        BLACK.mix(0.6).stroke_width(1),
                    ))
                    .map_err(err)?;
            }
            let n = self.series.len().max(1) as f64;
            for (k, s) in self.series.iter().enumerate() {
                reg.tag("polyline", s.colour, "series", &s.label);
                reg.tag("circle", s.colour, "series", &s.label);
                reg.entry(&s.label, s.colour, 1.0, Swatch::Marker);
                // side by side within a category
                let offset = if categories {
                    (k as f64 - (n - 1.0) / 2.0) * (0.6 / n)
                } else {
                    0.0
                };
                let cap = if categories {
                    0.06
                } else {
                    0.01 * (x_range.end - x_range.start)
                };
                draw_ci_series(&mut chart, s, offset, cap)?;
            }
            Ok(())
        })
    }
}

/// The name of the category at `v` (categories sit at 0, 1, 2, ...), empty between them.
fn category_name(names: &[String], v: f64) -> String {
    let k = v.round();
    if (v - k).abs() < 1e-6 && k >= 0.0 && (k as usize) < names.len() {
        names[k as usize].clone()
    } else {
        String::new()
    }
}

/// An axis over `n` categories at 0, 1, ..., with a tick at each `every`-th.
fn category_axis(n: usize, every: usize) -> KeyedAxis {
    KeyedAxis {
        inner: (-0.5..(n as f64 - 0.5)).into(),
        keys: (0..n).step_by(every.max(1)).map(|k| k as f64).collect(),
    }
}

type CiContext<'p, 's> = ChartContext<'p, SVGBackend<'s>, Cartesian2d<KeyedAxis, RangedCoordf64>>;

/// One series of a [`CiChart`], shifted by `offset` along x: its line (if joined), its interval
/// bars with caps `cap` wide, then its points.
fn draw_ci_series(chart: &mut CiContext, s: &CiSeries, offset: f64, cap: f64) -> Res<()> {
    let c = s.colour.rgb();
    let pts: Vec<CiPoint> = s
        .points
        .iter()
        .filter(|(x, y, _)| x.is_finite() && y.is_finite())
        .map(|&(x, y, ci)| (x + offset, y, ci))
        .collect();
    if s.connect && pts.len() >= 2 {
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|&(x, y, _)| (x, y)),
                c.stroke_width(2),
            ))
            .map_err(err)?;
    }
    for &(x, _, ci) in &pts {
        if let Some((lo, hi)) = ci
            && lo.is_finite()
            && hi.is_finite()
        {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, lo), (x, hi)],
                    c.stroke_width(2),
                )))
                .map_err(err)?;
            for y in [lo, hi] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x - cap, y), (x + cap, y)],
                        c.stroke_width(2),
                    )))
                    .map_err(err)?;
            }
        }
    }
    chart
        .draw_series(
            pts.iter()
                .map(|&(x, y, _)| Circle::new((x, y), 5, c.filled())),
        )
        .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_of_names_wrap_between_names() {
        let names = "Government 1, Government 2, Government 6, Market 3, Market 5, Society 1, Society 2, Society 7";
        let lines = wrap_names(names, LABEL_CHARS);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS + 1));
        // nothing lost, nothing split: the lines join back to the list
        assert_eq!(lines.join(" "), names);
        assert_eq!(wrap_names("Society 5", LABEL_CHARS), ["Society 5"]);
    }

    #[test]
    fn series_colours_stay_unique() {
        let colours: Vec<String> = (0..24).map(|k| series_colour(k).hex()).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b);
            }
            assert_ne!(a, &GREY.hex());
            assert_ne!(a, &BAND_LOW.hex());
            assert_ne!(a, &BAND_HIGH.hex());
            assert_ne!(a, "#000000");
        }
    }

    #[test]
    fn lines_are_tagged_by_colour() {
        let chart = LineChart {
            id: "t".into(),
            title: "T".into(),
            lang: Lang::En,
            x_desc: "round".into(),
            y_desc: "parties".into(),
            x_range: 0.0..10.0,
            y_range: 0.0..20.0,
            lines: vec![
                Line {
                    label: "a".into(),
                    colour: BLUE,
                    points: (0..10).map(|x| (f64::from(x), 18.0)).collect(),
                },
                Line {
                    label: "b \"q\"".into(),
                    colour: VERMILLION,
                    points: (0..10).map(|x| (f64::from(x), 15.0)).collect(),
                },
            ],
            markers: vec![Markers {
                label: "exits".into(),
                colour: GREEN,
                points: vec![(3.0, 17.0, "Market 2".into())],
            }],
            height: 300,
        };
        let svg = chart.draw().expect("draws");
        assert_eq!(svg.matches("class=\"series\" data-series=\"a\"").count(), 1);
        assert_eq!(
            svg.matches("class=\"series\" data-series=\"b &quot;q&quot;\"")
                .count(),
            1
        );
        assert_eq!(
            svg.matches("class=\"marker\" data-series=\"exits\"")
                .count(),
            1
        );
        assert!(svg.contains("Market 2"));
        assert!(svg.starts_with("<svg class=\"chart\" id=\"t\""));
        assert!(!svg.contains("NaN"));
    }
}
