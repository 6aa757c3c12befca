//! Server-rendered SVG charts: a trend line with baseline and target lines,
//! and horizontal bars for comparisons. No script; every chart has a title
//! and description for screen readers (and a data table next to it on the
//! page). The scale maths is pure and tested.

use std::fmt::Write as _;

/// An axis from `lo` to `hi` in steps of `step` (a 1, 2 or 5 times a power of ten).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// A scale with about `ticks` round steps that covers `min..=max` (and 0
    /// when every value is positive and near it).
    pub fn nice(min: f64, max: f64, ticks: usize) -> Scale {
        let (mut min, mut max) = if min <= max { (min, max) } else { (max, min) };
        if min > 0.0 && min < (max - min) {
            min = 0.0;
        }
        if (max - min).abs() < f64::EPSILON {
            let pad = if max == 0.0 { 1.0 } else { max.abs() * 0.1 };
            min -= pad;
            max += pad;
            if min < 0.0 && max > 0.0 && max <= pad * 2.0 {
                min = 0.0;
            }
        }
        let raw = (max - min) / ticks.max(1) as f64;
        let power = 10_f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * power)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * power);
        Scale {
            lo: (min / step).floor() * step,
            hi: (max / step).ceil() * step,
            step,
        }
    }

    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Where `v` lies between 0 (lo) and 1 (hi).
    pub fn share(&self, v: f64) -> f64 {
        if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.5
        }
    }
}

/// Escapes text for SVG and HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// One point of a trend; `None` is a hidden or missing value (a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: Option<f64>,
    /// The series starts anew here (boundaries changed).
    pub break_before: bool,
}

/// A horizontal reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub value: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct LineChart {
    /// Unique on the page (ids of title and description).
    pub id: String,
    pub title: String,
    pub description: String,
    pub points: Vec<Point>,
    pub baseline: Option<Reference>,
    pub target: Option<Reference>,
    pub band: Option<(f64, f64)>,
    /// Formats an axis value.
    pub format: fn(f64) -> String,
}

const W: f64 = 640.0;
const H: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 110.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 44.0;

fn open(out: &mut String, id: &str, title: &str, description: &str, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"kompas-chart__svg\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"{id}-titel {id}-uitleg\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-titel\">{}</title><desc id=\"{id}-uitleg\">{}</desc>",
        esc(title),
        esc(description)
    );
}

/// A trend line over periods with optional baseline, target and band.
pub fn line_chart(c: &LineChart) -> String {
    let values: Vec<f64> = c.points.iter().filter_map(|p| p.value).collect();
    let refs: Vec<f64> = [
        c.baseline.as_ref().map(|r| r.value),
        c.target.as_ref().map(|r| r.value),
    ]
    .into_iter()
    .flatten()
    .chain(c.band.iter().flat_map(|(a, b)| [*a, *b]))
    .collect();
    let all: Vec<f64> = values.iter().chain(&refs).copied().collect();
    let (min, max) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let scale = if all.is_empty() {
        Scale::nice(0.0, 1.0, 4)
    } else {
        Scale::nice(min, max, 4)
    };
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h * (1.0 - scale.share(v));
    let n = c.points.len().max(1);
    let x = |i: usize| {
        LEFT + if n == 1 {
            plot_w / 2.0
        } else {
            plot_w * i as f64 / (n - 1) as f64
        }
    };
    let mut out = String::new();
    open(&mut out, &c.id, &c.title, &c.description, H);
    if let Some((a, b)) = c.band {
        let _ = write!(
            out,
            "<rect x=\"{LEFT}\" y=\"{:.1}\" width=\"{plot_w}\" height=\"{:.1}\" fill=\"#fff5d9\"/>",
            y(b.max(a)),
            (y(a.min(b)) - y(b.max(a))).abs()
        );
    }
    for t in scale.ticks() {
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c5d0d5\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1c2b33\">{}</text>",
            W - RIGHT,
            y(t),
            y(t),
            LEFT - 6.0,
            y(t) + 4.0,
            esc(&(c.format)(t))
        );
    }
    // Period labels: at most about eight, always the first and the last.
    let every = n.div_ceil(8).max(1);
    for (i, p) in c.points.iter().enumerate() {
        let last = i + 1 == n;
        if last || (i % every == 0 && n - 1 - i >= every) {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1c2b33\">{}</text>",
                x(i),
                H - BOTTOM + 20.0,
                esc(&p.label)
            );
        }
    }
    for (r, colour, dash) in [
        (&c.baseline, "#4a5a63", "6 4"),
        (&c.target, "#9a6200", "2 3"),
    ] {
        if let Some(r) = r {
            let _ = write!(
                out,
                "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1c2b33\">{}</text>",
                W - RIGHT,
                y(r.value),
                y(r.value),
                W - RIGHT + 6.0,
                y(r.value) + 4.0,
                esc(&r.label)
            );
        }
    }
    // The line, broken at gaps and series breaks.
    let mut path = String::new();
    let mut pen_down = false;
    for (i, p) in c.points.iter().enumerate() {
        match p.value {
            Some(v) => {
                let cmd = if pen_down && !p.break_before {
                    'L'
                } else {
                    'M'
                };
                let _ = write!(path, "{cmd}{:.1} {:.1} ", x(i), y(v));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"#0b5563\" stroke-width=\"3\"/>",
            path.trim_end()
        );
    }
    for (i, p) in c.points.iter().enumerate() {
        if let Some(v) = p.value {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#0b5563\"/>",
                x(i),
                y(v)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// One bar of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// The viewer's own municipality or the area in focus.
    pub highlight: bool,
}

/// Horizontal bars, one per area; a hidden value shows as "verborgen".
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    bars: &[Bar],
    format: fn(f64) -> String,
) -> String {
    let row = 30.0;
    let height = TOP + row * bars.len().max(1) as f64 + 10.0;
    let label_w = 230.0;
    let plot_w = W - label_w - 90.0;
    let values: Vec<f64> = bars.iter().filter_map(|b| b.value).collect();
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let min = values.iter().copied().fold(0.0_f64, f64::min);
    let scale = Scale::nice(min, max.max(min + f64::EPSILON), 4);
    let x = |v: f64| label_w + plot_w * scale.share(v);
    let mut out = String::new();
    open(&mut out, id, title, description, height);
    for (i, b) in bars.iter().enumerate() {
        let top = TOP + row * i as f64;
        let weight = if b.highlight { "700" } else { "400" };
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" font-weight=\"{weight}\" fill=\"#1c2b33\">{}</text>",
            label_w - 8.0,
            top + 18.0,
            esc(&truncate(&b.label, 30))
        );
        match b.value {
            Some(v) => {
                let (a, z) = (x(v.min(0.0)), x(v.max(0.0)));
                let fill = if b.highlight { "#07393f" } else { "#0b5563" };
                let _ = write!(
                    out,
                    "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"20\" fill=\"{fill}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1c2b33\">{}</text>",
                    top + 4.0,
                    (z - a).max(1.0),
                    z + 6.0,
                    top + 18.0,
                    esc(&format(v))
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1c2b33\">verborgen of geen cijfer</text>",
                    label_w + 4.0,
                    top + 18.0
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round_and_cover_the_data() {
        let s = Scale::nice(3.2, 47.9, 4);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 60.0, 20.0));
        let s = Scale::nice(61.0, 73.0, 4);
        assert!(s.lo <= 61.0 && s.hi >= 73.0 && s.lo > 0.0, "{s:?}");
        assert_eq!(s.step, 5.0);
        assert_eq!(s.ticks(), vec![60.0, 65.0, 70.0, 75.0]);
        let flat = Scale::nice(7.0, 7.0, 4);
        assert!(flat.lo < 7.0 && flat.hi > 7.0);
        let negative = Scale::nice(-0.4, 1.2, 4);
        assert!(negative.lo <= -0.4 && negative.hi >= 1.2);
        assert_eq!(Scale::nice(0.0, 0.0, 4).lo, 0.0);
        assert!((s.share(65.0) - 1.0 / 3.0).abs() < 1e-9);
    }

    fn fmt(v: f64) -> String {
        format!("{v}")
    }

    #[test]
    fn a_line_chart_is_labelled_and_breaks_at_gaps() {
        let svg = line_chart(&LineChart {
            id: "t1".into(),
            title: "Wmo <per> 1.000".into(),
            description: "Daalt van 47 naar 44".into(),
            points: vec![
                Point {
                    label: "2022".into(),
                    value: Some(47.0),
                    break_before: false,
                },
                Point {
                    label: "2023".into(),
                    value: None,
                    break_before: false,
                },
                Point {
                    label: "2024".into(),
                    value: Some(44.0),
                    break_before: false,
                },
                Point {
                    label: "2025".into(),
                    value: Some(43.0),
                    break_before: true,
                },
            ],
            baseline: Some(Reference {
                value: 47.0,
                label: "nulmeting".into(),
            }),
            target: Some(Reference {
                value: 42.0,
                label: "streefwaarde".into(),
            }),
            band: None,
            format: fmt,
        });
        assert!(
            svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"t1-titel t1-uitleg\"")
        );
        assert!(svg.contains("<title id=\"t1-titel\">Wmo &lt;per&gt; 1.000</title>"));
        assert!(svg.contains("nulmeting") && svg.contains("streefwaarde"));
        let d = svg
            .split("<path d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(
            d.matches('M').count(),
            3,
            "a new segment after the gap and at the break: {d}"
        );
        assert!(!d.contains('L'));
    }

    #[test]
    fn bars_show_hidden_values_as_words() {
        let svg = bar_chart(
            "b",
            "Wijken",
            "Vergelijking",
            &[
                Bar {
                    label: "Centrum".into(),
                    value: Some(12.0),
                    highlight: true,
                },
                Bar {
                    label: "Een hele lange wijknaam die niet past".into(),
                    value: None,
                    highlight: false,
                },
            ],
            fmt,
        );
        assert!(svg.contains("verborgen of geen cijfer"));
        assert!(svg.contains("Een hele lange wijknaam die n…"));
        assert!(svg.contains("font-weight=\"700\""));
    }
}
