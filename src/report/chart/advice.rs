//! The charts of advice (issue 12): a forest plot of paired differences, cost against outcome
//! with the cost-effectiveness frontier, a heat map of regret, and ranges within ranges (a PRIM
//! box on each restricted parameter). They share the frame, legend and tagging of every chart.

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    BLUE, CHAR_PX, Colour, FONT, GREY, LABEL_PX, LINE_PX, PixelBox, Res, Swatch, VERMILLION,
    YFormat, axis_value, category_axis, category_name, err, framed, place_label, xy_chart,
};
use crate::text::Lang;

/// The smallest range holding every value of `values` (and 0 when `with_zero`), with a margin of
/// 8% of its span (at least `min_span`) on each side.
fn padded(values: impl Iterator<Item = f64>, with_zero: bool, min_span: f64) -> Range<f64> {
    let start = if with_zero {
        (0.0, 0.0)
    } else {
        (f64::INFINITY, f64::NEG_INFINITY)
    };
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold(start, |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() || !hi.is_finite() {
        return 0.0..1.0;
    }
    let pad = 0.08 * (hi - lo).max(min_span);
    (lo - pad)..(hi + pad)
}

/// The pixels a y-axis of names needs: 9 a character, within reason.
fn name_area(names: &[String]) -> u32 {
    let widest = names.iter().map(|n| n.chars().count()).max().unwrap_or(4);
    (20 + CHAR_PX as u32 * widest as u32).clamp(60, 320)
}

// ---------------------------------------------------------------------------------------------
// Forest plot

/// One row of a [`Forest`]: a difference and its 95% interval.
#[derive(Debug, Clone)]
pub struct ForestRow {
    pub label: String,
    pub estimate: f64,
    pub ci: Option<(f64, f64)>,
}

/// A forest plot: one row per policy, its estimate as a dot on a horizontal 95% interval, and a
/// vertical line at 0 (no difference).
pub struct Forest {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub x_format: YFormat,
    /// The series (the metric), its colour, and the legend's name of the zero line.
    pub series: String,
    pub colour: Colour,
    pub zero_label: String,
    /// Top to bottom.
    pub rows: Vec<ForestRow>,
}

impl Forest {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        let n = self.rows.len();
        let height = 170 + 44 * n.max(2) as u32;
        framed(l, &self.id, &self.title, height, |plot, reg| {
            let c = self.colour;
            reg.tag("polyline", c, "series", &self.series);
            reg.tag("circle", c, "series", &self.series);
            reg.entry(&self.series, c, 1.0, Swatch::Marker);
            reg.entry(
                &self.zero_label,
                Colour(0x55, 0x55, 0x55),
                1.0,
                Swatch::Line,
            );
            // the first row on top
            let names: Vec<String> = self.rows.iter().rev().map(|r| r.label.clone()).collect();
            let y_of = |k: usize| (n - 1 - k) as f64;
            let x = padded(
                self.rows.iter().flat_map(|r| {
                    let (a, b) = r.ci.unwrap_or((r.estimate, r.estimate));
                    [r.estimate, a, b]
                }),
                true,
                0.02,
            );
            let mut chart = ChartBuilder::on(plot)
                .margin(10)
                .margin_right(24)
                .x_label_area_size(52)
                .y_label_area_size(name_area(&names))
                .build_cartesian_2d(x.clone(), category_axis(n, 1))
                .map_err(err)?;
            let f = self.x_format;
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(BLACK.mix(0.08))
                .x_desc(self.x_desc.clone())
                .x_label_formatter(&|v| axis_value(l, *v, f))
                .y_label_formatter(&|v| category_name(&names, *v))
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 18))
                .draw()
                .map_err(err)?;
            let top = n as f64 - 0.5;
            chart
                .draw_series(LineSeries::new(
                    vec![(0.0, -0.5), (0.0, top)],
                    RGBColor(0x55, 0x55, 0x55).stroke_width(2),
                ))
                .map_err(err)?;
            let rgb = c.rgb();
            for (k, r) in self.rows.iter().enumerate() {
                if let Some((lo, hi)) = r.ci.filter(|(a, b)| a.is_finite() && b.is_finite()) {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(lo, y_of(k)), (hi, y_of(k))],
                            rgb.stroke_width(3),
                        )))
                        .map_err(err)?;
                }
            }
            chart
                .draw_series(
                    self.rows
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| r.estimate.is_finite())
                        .map(|(k, r)| Circle::new((r.estimate, y_of(k)), 7, rgb.filled())),
                )
                .map_err(err)?;
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Cost against outcome, with the frontier

/// A policy in a [`CostChart`]: its cost and its outcome, each with its 95% interval.
#[derive(Debug, Clone)]
pub struct CostPoint {
    pub label: String,
    pub x: f64,
    pub x_ci: Option<(f64, f64)>,
    pub y: f64,
    pub y_ci: Option<(f64, f64)>,
    pub frontier: bool,
}

/// Cost (x) against outcome (y, a share): the policies on the frontier as dots joined by a line
/// in order of cost, the others as triangles, every policy named beside its marker where the
/// name overlaps no other name or marker, and each 95% interval as a grey cross.
pub struct CostChart {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub y_desc: String,
    pub points: Vec<CostPoint>,
    pub frontier_label: String,
    pub other_label: String,
    pub interval_label: String,
}

/// Off-frontier markers and frontier markers: the colour is one cue, the shape the other.
const FRONTIER: Colour = BLUE;
const OFF_FRONTIER: Colour = VERMILLION;

impl CostChart {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        framed(l, &self.id, &self.title, 500, |plot, reg| {
            reg.tag("polyline", GREY, "interval", &self.interval_label);
            reg.tag("polyline", FRONTIER, "frontier", &self.frontier_label);
            reg.tag("circle", FRONTIER, "frontier", &self.frontier_label);
            reg.tag("polygon", OFF_FRONTIER, "other", &self.other_label);
            reg.entry(&self.frontier_label, FRONTIER, 1.0, Swatch::Marker);
            reg.entry(&self.other_label, OFF_FRONTIER, 1.0, Swatch::Marker);
            reg.entry(&self.interval_label, GREY, 1.0, Swatch::Line);
            let pts = &self.points;
            let x_hi = pts
                .iter()
                .map(|p| p.x_ci.map_or(p.x, |c| c.1.max(p.x)))
                .fold(1.0f64, f64::max);
            let y = padded(
                pts.iter().flat_map(|p| {
                    let (a, b) = p.y_ci.unwrap_or((p.y, p.y));
                    [p.y, a, b]
                }),
                false,
                0.05,
            );
            let mut chart = xy_chart(
                plot,
                l,
                (-0.04 * x_hi..1.08 * x_hi, y),
                (&self.x_desc, &self.y_desc),
                true,
            )?;
            let grey = GREY.rgb().stroke_width(2);
            for p in pts {
                for seg in [
                    p.x_ci.map(|(a, b)| [(a, p.y), (b, p.y)]),
                    p.y_ci.map(|(a, b)| [(p.x, a), (p.x, b)]),
                ]
                .into_iter()
                .flatten()
                {
                    chart
                        .draw_series(std::iter::once(PathElement::new(seg.to_vec(), grey)))
                        .map_err(err)?;
                }
            }
            let mut front: Vec<&CostPoint> = pts.iter().filter(|p| p.frontier).collect();
            front.sort_by(|a, b| a.x.total_cmp(&b.x));
            if front.len() >= 2 {
                chart
                    .draw_series(LineSeries::new(
                        front.iter().map(|p| (p.x, p.y)),
                        FRONTIER.rgb().stroke_width(3),
                    ))
                    .map_err(err)?;
            }
            chart
                .draw_series(
                    front
                        .iter()
                        .map(|p| Circle::new((p.x, p.y), 8, FRONTIER.rgb().filled())),
                )
                .map_err(err)?;
            chart
                .draw_series(
                    pts.iter()
                        .filter(|p| !p.frontier)
                        .map(|p| TriangleMarker::new((p.x, p.y), 10, OFF_FRONTIER.rgb().filled())),
                )
                .map_err(err)?;
            // names beside the markers, clear of every marker and of one another
            let (px, py) = chart.plotting_area().get_pixel_range();
            let mut taken: Vec<PixelBox> = pts
                .iter()
                .map(|p| {
                    let at = chart.backend_coord(&(p.x, p.y));
                    (at.0 - 9, at.1 - 9, 18, 18)
                })
                .collect();
            let mut texts = Vec::new();
            for p in pts {
                let size = (CHAR_PX * p.label.chars().count() as i32, LINE_PX);
                let at = chart.backend_coord(&(p.x, p.y));
                let (dx, dy) = place_label(&mut taken, at, size, (&px, &py));
                texts.push((p.x, p.y, p.label.clone(), dx, dy));
            }
            chart
                .draw_series(texts.into_iter().map(|(x, y, t, dx, dy)| {
                    EmptyElement::at((x, y)) + Text::new(t, (dx, dy), (FONT, LABEL_PX).into_font())
                }))
                .map_err(err)?;
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Heat map

/// A colour-blind-safe sequential scale from light (small) to dark (large): six steps of
/// viridis (van der Walt & Smith 2015), even in lightness, so that it reads in grey as well.
pub const SEQUENTIAL: [Colour; 6] = [
    Colour(0xFD, 0xE7, 0x25),
    Colour(0x7A, 0xD1, 0x51),
    Colour(0x22, 0xA8, 0x84),
    Colour(0x2A, 0x78, 0x8E),
    Colour(0x41, 0x44, 0x87),
    Colour(0x44, 0x01, 0x54),
];

/// A step of 1, 2, 2.5 or 5 times a power of ten, at least `x`.
fn nice_step(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    // the power of ten at or below x
    let mut p = 1.0;
    while p * 10.0 <= x {
        p *= 10.0;
    }
    while p > x {
        p /= 10.0;
    }
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= x - 1e-12)
        .unwrap_or(10.0 * p)
}

/// Values in a table of rows and columns as coloured cells with their numbers: class 0 holds
/// exactly 0, classes 1..=5 equal steps up to the largest value; each class is a legend entry.
pub struct HeatMap {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub y_desc: String,
    pub columns: Vec<String>,
    /// Top to bottom.
    pub rows: Vec<String>,
    /// `values[row][column]`, in the unit shown (e.g. percentage points).
    pub values: Vec<Vec<Option<f64>>>,
    /// The legend's name of class 0, and the unit after the classes' bounds.
    pub zero_label: String,
    pub unit: String,
}

impl HeatMap {
    /// The width of a class, and the class of a value.
    fn classes(&self) -> f64 {
        let max = self
            .values
            .iter()
            .flatten()
            .flatten()
            .fold(0.0f64, |m, v| m.max(*v));
        nice_step(max / 5.0)
    }

    pub fn class(step: f64, v: f64) -> usize {
        if v <= 1e-12 {
            0
        } else {
            ((v / step - 1e-9).ceil() as usize).clamp(1, 5)
        }
    }

    fn class_label(&self, step: f64, k: usize) -> String {
        let l = self.lang;
        if k == 0 {
            return self.zero_label.clone();
        }
        let show = |v: f64| axis_value(l, v, YFormat::Plain);
        format!(
            "{} – {} {}",
            show(step * (k - 1) as f64),
            show(step * k as f64),
            self.unit
        )
    }

    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        let (nr, nc) = (self.rows.len(), self.columns.len());
        // rows 22 px high hold their numbers; many rows get thinner and lose them
        let row_px = if nr <= 80 {
            22
        } else {
            (1800 / nr).max(2) as u32
        };
        let numbers = row_px >= 22;
        let height = (170 + row_px * nr as u32).max(380);
        let step = self.classes();
        framed(l, &self.id, &self.title, height, |plot, reg| {
            for (k, c) in SEQUENTIAL.iter().enumerate() {
                let label = self.class_label(step, k);
                reg.tag("polygon", *c, "cell", &label);
                reg.entry(&label, *c, 1.0, Swatch::Area);
            }
            let names: Vec<String> = self.rows.iter().rev().cloned().collect();
            let every = (22 / row_px.max(1)).max(1) as usize;
            let mut chart = ChartBuilder::on(plot)
                .margin(10)
                .margin_right(24)
                .x_label_area_size(52)
                .y_label_area_size(name_area(&names))
                .build_cartesian_2d(category_axis(nc, 1), category_axis(nr, every))
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_desc(self.x_desc.clone())
                .y_desc(self.y_desc.clone())
                .x_label_formatter(&|v| category_name(&self.columns, *v))
                .y_label_formatter(&|v| category_name(&names, *v))
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 18))
                .draw()
                .map_err(err)?;
            for (r, row) in self.values.iter().enumerate() {
                let y = (nr - 1 - r) as f64;
                for (c, v) in row.iter().enumerate() {
                    let Some(v) = v.filter(|v| v.is_finite()) else {
                        continue;
                    };
                    let x = c as f64;
                    let class = Self::class(step, v);
                    let fill = SEQUENTIAL[class].rgb().filled();
                    let cell = vec![
                        (x - 0.5, y - 0.5),
                        (x + 0.5, y - 0.5),
                        (x + 0.5, y + 0.5),
                        (x - 0.5, y + 0.5),
                    ];
                    chart
                        .draw_series(std::iter::once(Polygon::new(cell, fill)))
                        .map_err(err)?;
                    if numbers {
                        let ink = if class >= 3 { WHITE } else { BLACK };
                        let style = (FONT, LABEL_PX)
                            .into_font()
                            .color(&ink)
                            .pos(Pos::new(HPos::Center, VPos::Center));
                        chart
                            .draw_series(std::iter::once(Text::new(l.num(v, 1), (x, y), style)))
                            .map_err(err)?;
                    }
                }
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Ranges within ranges (a PRIM box on each parameter)

/// A parameter's box limits within its sampled range, with a line of detail.
#[derive(Debug, Clone)]
pub struct RangeRow {
    pub label: String,
    pub detail: String,
    pub full: (f64, f64),
    pub range: (f64, f64),
}

/// Per row, the full range as a grey bar and the range within it as a coloured bar on top,
/// both on a common axis: the position within the full range (0% its low end, 100% its high).
pub struct RangeBars {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    pub x_desc: String,
    pub rows: Vec<RangeRow>,
    pub full_label: String,
    pub range_label: String,
}

impl RangeRow {
    /// `v`'s position within the full range (0 at its low end, 1 at its high end).
    pub fn position(&self, v: f64) -> f64 {
        let span = self.full.1 - self.full.0;
        if span.abs() < 1e-300 {
            0.5
        } else {
            (v - self.full.0) / span
        }
    }
}

impl RangeBars {
    pub fn draw(&self) -> Res<String> {
        let l = self.lang;
        let n = self.rows.len().max(1);
        let height = 160 + 96 * n as u32;
        framed(l, &self.id, &self.title, height, |plot, reg| {
            reg.tag("polyline", GREY, "full", &self.full_label);
            reg.tag("polyline", BLUE, "series", &self.range_label);
            reg.entry(&self.range_label, BLUE, 1.0, Swatch::Area);
            reg.entry(&self.full_label, GREY, 1.0, Swatch::Area);
            let mut chart = ChartBuilder::on(plot)
                .margin(10)
                .margin_right(24)
                .x_label_area_size(52)
                .y_label_area_size(12)
                .build_cartesian_2d(-0.03f64..1.03f64, 0f64..n as f64)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .disable_y_axis()
                .light_line_style(TRANSPARENT)
                .bold_line_style(BLACK.mix(0.08))
                .x_desc(self.x_desc.clone())
                .x_label_formatter(&|v| axis_value(l, *v, YFormat::Percent))
                .label_style((FONT, 18))
                .axis_desc_style((FONT, 18))
                .draw()
                .map_err(err)?;
            for (k, r) in self.rows.iter().enumerate() {
                let top = (n - k) as f64;
                let bar = top - 0.72;
                for (from, to, colour, width) in [
                    (0.0, 1.0, GREY, 14),
                    (r.position(r.range.0), r.position(r.range.1), BLUE, 14),
                ] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(from, bar), (to, bar)],
                            colour.rgb().stroke_width(width),
                        )))
                        .map_err(err)?;
                }
                let bold = (FONT, LABEL_PX).into_font().style(FontStyle::Bold);
                let plain = (FONT, LABEL_PX).into_font();
                chart
                    .draw_series([
                        EmptyElement::at((0.0, top)) + Text::new(r.label.clone(), (0, 6), bold),
                        EmptyElement::at((0.0, top))
                            + Text::new(r.detail.clone(), (0, 6 + LINE_PX + 4), plain),
                    ])
                    .map_err(err)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_classes_are_nice_steps() {
        assert_eq!(nice_step(9.0), 10.0);
        assert_eq!(nice_step(4.4), 5.0);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(nice_step(0.19), 0.2);
        assert_eq!(HeatMap::class(10.0, 0.0), 0);
        assert_eq!(HeatMap::class(10.0, 0.1), 1);
        assert_eq!(HeatMap::class(10.0, 10.0), 1);
        assert_eq!(HeatMap::class(10.0, 10.1), 2);
        assert_eq!(HeatMap::class(10.0, 50.0), 5);
    }
}
