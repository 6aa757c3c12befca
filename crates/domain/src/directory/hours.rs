//! Weekly opening hours ("ma,wo 09:00-12:00"), used for "nu open" and shown in
//! plain Dutch. Times are local (Europe/Amsterdam); the caller passes local time.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    pub fn short_nl(self) -> &'static str {
        ["ma", "di", "wo", "do", "vr", "za", "zo"][self.index()]
    }
    pub fn long_nl(self) -> &'static str {
        crate::dutch_time::WEEKDAYS[self.index()]
    }
    /// iCal two-letter code, as HSDS `byday` uses.
    pub fn ical(self) -> &'static str {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][self.index()]
    }
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn parse(s: &str) -> Option<Weekday> {
        let s = s.trim().to_lowercase();
        Weekday::ALL
            .into_iter()
            .find(|d| d.short_nl() == s || d.long_nl() == s || d.ical().eq_ignore_ascii_case(&s))
    }
    pub fn from_chrono(d: chrono::Weekday) -> Weekday {
        Weekday::ALL[d.num_days_from_monday() as usize]
    }
}

/// One weekly window: a day, opening and closing minute of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub day: Weekday,
    pub opens: u16,
    pub closes: u16,
}

fn parse_time(s: &str) -> Result<u16, String> {
    let (h, m) = s
        .trim()
        .split_once(':')
        .ok_or_else(|| format!("tijd '{s}' is niet als 09:30 geschreven"))?;
    let h: u16 = h.parse().map_err(|_| format!("tijd '{s}' is ongeldig"))?;
    let m: u16 = m.parse().map_err(|_| format!("tijd '{s}' is ongeldig"))?;
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(format!("tijd '{s}' bestaat niet"));
    }
    Ok(h * 60 + m)
}

fn show_time(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// A set of weekly windows. Empty means "op afspraak".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpeningHours(Vec<Window>);

impl OpeningHours {
    /// Adds the window `days` (e.g. "ma,wo" or "MO,WE") from `opens` to `closes`.
    pub fn add(&mut self, days: &str, opens: &str, closes: &str) -> Result<(), String> {
        let (o, c) = (parse_time(opens)?, parse_time(closes)?);
        if o >= c {
            return Err(format!(
                "openingstijd {opens} ligt niet voor sluitingstijd {closes}"
            ));
        }
        let days = days
            .split(',')
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                Weekday::parse(d).ok_or_else(|| {
                    format!(
                        "dag '{}' is onbekend; gebruik ma, di, wo, do, vr, za of zo",
                        d.trim()
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        for day in days {
            self.0.push(Window {
                day,
                opens: o,
                closes: c,
            });
        }
        self.0.sort_by_key(|w| (w.day, w.opens));
        Ok(())
    }

    pub fn windows(&self) -> &[Window] {
        &self.0
    }

    pub fn is_open(&self, day: Weekday, minute_of_day: u16) -> bool {
        self.0
            .iter()
            .any(|w| w.day == day && w.opens <= minute_of_day && minute_of_day < w.closes)
    }

    /// Half-hour slots (day index × 48 + slot) in which the offer is open, for the index.
    pub fn half_hour_slots(&self) -> Vec<u16> {
        let mut out: Vec<u16> = self
            .0
            .iter()
            .flat_map(|w| {
                let first = w.opens / 30;
                let last = w.closes.div_ceil(30); // a slot counts when open during part of it
                (first..last).map(move |s| w.day.index() as u16 * 48 + s)
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The slot of a moment, to query against `half_hour_slots`.
    pub fn slot_of(day: Weekday, minute_of_day: u16) -> u16 {
        day.index() as u16 * 48 + minute_of_day / 30
    }

    /// The days that share the same hours, with those hours ("09:00 – 12:00"),
    /// for showing them in any language.
    pub fn groups(&self) -> Vec<(Vec<Weekday>, String)> {
        let mut groups: Vec<(u16, u16, Vec<Weekday>)> = Vec::new();
        for w in &self.0 {
            match groups
                .iter_mut()
                .find(|(o, c, _)| *o == w.opens && *c == w.closes)
            {
                Some(g) => g.2.push(w.day),
                None => groups.push((w.opens, w.closes, vec![w.day])),
            }
        }
        groups
            .into_iter()
            .map(|(o, c, days)| (days, format!("{} – {}", show_time(o), show_time(c))))
            .collect()
    }

    /// Lines like "maandag en woensdag: 09:00 – 12:00".
    pub fn lines_nl(&self) -> Vec<String> {
        self.groups()
            .into_iter()
            .map(|(days, times)| {
                let names: Vec<&str> = days.iter().map(|d| d.long_nl()).collect();
                format!("{}: {times}", join_list(&names, "en"))
            })
            .collect()
    }
}

/// "a", "a en b", "a, b en c" with the language's word for "and".
pub fn join_list(items: &[&str], and: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_times_and_answers_open_now() {
        let mut h = OpeningHours::default();
        h.add("ma,wo", "09:00", "12:00").unwrap();
        h.add("VR", "13:30", "16:00").unwrap();
        assert!(h.is_open(Weekday::Mon, 9 * 60));
        assert!(!h.is_open(Weekday::Mon, 12 * 60), "closing time is closed");
        assert!(h.is_open(Weekday::Fri, 14 * 60));
        assert!(!h.is_open(Weekday::Tue, 10 * 60));
        assert_eq!(
            h.lines_nl(),
            vec![
                "maandag en woensdag: 09:00 – 12:00",
                "vrijdag: 13:30 – 16:00"
            ]
        );
    }

    #[test]
    fn refuses_bad_input_with_a_reason() {
        let mut h = OpeningHours::default();
        assert!(h
            .add("ma", "12:00", "09:00")
            .unwrap_err()
            .contains("niet voor"));
        assert!(h
            .add("ma,maan", "09:00", "10:00")
            .unwrap_err()
            .contains("onbekend"));
        assert!(h.add("ma", "25:00", "26:00").is_err());
        assert!(h.windows().is_empty(), "nothing added on error");
    }

    #[test]
    fn slots_cover_partial_half_hours() {
        let mut h = OpeningHours::default();
        h.add("di", "10:15", "11:00").unwrap();
        let slots = h.half_hour_slots();
        assert_eq!(slots, vec![48 + 20, 48 + 21]);
        assert!(slots.contains(&OpeningHours::slot_of(Weekday::Tue, 10 * 60 + 20)));
    }
}
