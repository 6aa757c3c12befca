//! Small server-rendered SVG charts for the household page: the Positieve
//! Gezondheid spider web and the history of life-domain scores. Each is
//! shown next to a table with the same numbers.

use std::fmt::Write;

/// A spider web of six (or more) values 0–10, labels around it.
pub fn spider(values: &[(&str, u8)]) -> String {
    let n = values.len().max(3) as f64;
    let (cx, cy, r) = (160.0, 150.0, 100.0);
    let point = |i: usize, v: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
        (cx + r * v / 10.0 * a.cos(), cy + r * v / 10.0 * a.sin())
    };
    let mut s = String::from(
        r#"<svg class="kompas-household-chart" viewBox="0 0 320 300" role="img" aria-label="Spinnenweb van Positieve Gezondheid; de cijfers staan in de tabel" xmlns="http://www.w3.org/2000/svg">"#,
    );
    for ring in [2.0, 4.0, 6.0, 8.0, 10.0] {
        let pts: Vec<String> = (0..values.len())
            .map(|i| {
                let (x, y) = point(i, ring);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            s,
            r##"<polygon points="{}" fill="none" stroke="#8a8a8a" stroke-width="0.6"/>"##,
            pts.join(" ")
        );
    }
    for (i, (label, _)) in values.iter().enumerate() {
        let (x, y) = point(i, 10.0);
        let (lx, ly) = point(i, 12.2);
        let anchor = if (lx - cx).abs() < 5.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            s,
            r##"<line x1="{cx}" y1="{cy}" x2="{x:.1}" y2="{y:.1}" stroke="#8a8a8a" stroke-width="0.6"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" font-size="11" fill="#1a1a1a">{label}</text>"##
        );
    }
    let pts: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let (x, y) = point(i, f64::from(*v));
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(
        s,
        r##"<polygon points="{}" fill="#1f6fb2" fill-opacity="0.25" stroke="#1f5a8c" stroke-width="2"/></svg>"##,
        pts.join(" ")
    );
    s
}

/// Scores 1–5 over time: one line per domain, dates along the bottom.
/// `series` is (label, [score per date, None when not scored]).
pub fn history(dates: &[String], series: &[(String, Vec<Option<u8>>)]) -> String {
    let (w, h, left, top, bottom) = (560.0, 220.0, 40.0, 10.0, 30.0);
    let step = if dates.len() > 1 {
        (w - left - 20.0) / (dates.len() - 1) as f64
    } else {
        0.0
    };
    let y = |v: u8| top + (h - top - bottom) * (5.0 - f64::from(v)) / 4.0;
    let mut s = format!(
        r#"<svg class="kompas-household-chart" viewBox="0 0 {w} {h}" role="img" aria-label="Verloop van de scores per leefgebied; de cijfers staan in de tabel" xmlns="http://www.w3.org/2000/svg">"#
    );
    for v in 1..=5u8 {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#c8c8c8" stroke-width="0.6"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#1a1a1a">{v}</text>"##,
            w - 10.0,
            left - 6.0,
            yy + 4.0
        );
    }
    for (i, d) in dates.iter().enumerate() {
        let x = left + step * i as f64;
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{}" font-size="10" text-anchor="middle" fill="#1a1a1a">{d}</text>"##,
            h - 8.0
        );
    }
    const COLOURS: [&str; 6] = [
        "#1f5a8c", "#a3320b", "#2e6b30", "#6b2e6b", "#7a5c00", "#0b5f6b",
    ];
    for (k, (_, points)) in series.iter().enumerate() {
        let c = COLOURS[k % COLOURS.len()];
        let pts: Vec<String> = points
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", left + step * i as f64, y(v))))
            .collect();
        if pts.len() > 1 {
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{c}" stroke-width="2"/>"#,
                pts.join(" ")
            );
        }
        for p in &pts {
            let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(s, r#"<circle cx="{px}" cy="{py}" r="3.5" fill="{c}"/>"#);
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spider_has_one_axis_and_label_per_dimension_and_the_values_polygon() {
        let svg = spider(&[("A", 10), ("B", 0), ("C", 5), ("D", 5), ("E", 5), ("F", 5)]);
        assert_eq!(svg.matches("<line").count(), 6);
        assert_eq!(
            svg.matches("<polygon").count(),
            6,
            "five rings and the values"
        );
        // A at 10 sits at the top of the outer ring.
        assert!(svg.contains("160.0,50.0"), "{svg}");
    }

    #[test]
    fn history_draws_a_point_per_score_and_skips_unscored_dates() {
        let svg = history(
            &["2026-01-10".into(), "2026-04-10".into()],
            &[
                ("Financiën".into(), vec![Some(1), Some(3)]),
                ("Wonen".into(), vec![None, Some(4)]),
            ],
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("<polyline").count(), 1);
    }
}
