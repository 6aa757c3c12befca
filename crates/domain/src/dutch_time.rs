//! Local time in the Netherlands (CET/CEST) without a time-zone database:
//! summer time runs from the last Sunday of March to the last Sunday of
//! October, switching at 01:00 UTC (EU rule).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let mut d = first_next - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// The wall-clock time in the Netherlands at `t`.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    let y = t.year();
    let at_one = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap_or_default());
    let summer = t >= at_one(last_sunday(y, 3)) && t < at_one(last_sunday(y, 10));
    (t + Duration::hours(if summer { 2 } else { 1 })).naive_utc()
}

/// The moment in UTC at which the clocks in the Netherlands show `wall`. In
/// the hour that is skipped in spring the later offset is used; in the hour
/// that repeats in autumn, the first of the two moments.
pub fn utc_of_local(wall: NaiveDateTime) -> DateTime<Utc> {
    [2, 1]
        .into_iter()
        .map(|h| Utc.from_utc_datetime(&(wall - Duration::hours(h))))
        .find(|t| local(*t) == wall)
        .unwrap_or_else(|| Utc.from_utc_datetime(&(wall - Duration::hours(1))))
}

/// A moment as a worker reads it in a table: `07-12-2026 09:05`, local time.
pub fn short_date_time(t: DateTime<Utc>) -> String {
    local(t).format("%d-%m-%Y %H:%M").to_string()
}

/// Day names, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Month abbreviations as Dutch style guides write them ("mrt", not "mar").
pub const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// A date from a date field (`2026-03-01`) or as people type it (`1-3-2026`);
/// `Ok(None)` for an empty field, `Err(())` for anything else.
#[allow(clippy::result_unit_err)]
pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .map(Some)
        .map_err(|_| ())
}

/// A date as people read it: "dinsdag 1 december 2026".
pub fn long_date(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_a_field_sends_them_and_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(parse_date("2026-03-01"), Ok(d));
        assert_eq!(parse_date(" 1-3-2026 "), Ok(d));
        assert_eq!(parse_date("01-03-2026"), Ok(d));
        assert_eq!(parse_date("  "), Ok(None));
        assert_eq!(parse_date("morgen"), Err(()));
        assert_eq!(parse_date("31-2-2026"), Err(()), "no 31 February");
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_read_as_people_say_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(long_date(d), "dinsdag 1 december 2026");
        let d = NaiveDate::from_ymd_opt(2027, 3, 7).unwrap();
        assert_eq!(long_date(d), "zondag 7 maart 2027");
    }

    #[test]
    fn local_wall_times_back_to_utc_and_short_times() {
        let wall = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        // 02:30 on 29 March 2026 does not exist; 02:30 on 25 October twice.
        for (local_time, utc_time) in [
            ("2026-01-15 00:00", "2026-01-14T23:00:00Z"),
            ("2026-07-01 00:00", "2026-06-30T22:00:00Z"),
            ("2026-03-29 02:30", "2026-03-29T01:30:00Z"),
            ("2026-10-25 02:30", "2026-10-25T00:30:00Z"),
        ] {
            assert_eq!(
                utc_of_local(wall(local_time)),
                utc(utc_time),
                "{local_time}"
            );
        }
        assert_eq!(
            short_date_time(utc("2026-12-07T08:05:00Z")),
            "07-12-2026 09:05"
        );
        assert_eq!(
            short_date_time(utc("2026-07-01T22:30:00Z")),
            "02-07-2026 00:30"
        );
    }

    #[test]
    fn winter_and_summer_offsets_and_the_switch() {
        assert_eq!(
            local(utc("2026-01-15T12:00:00Z")).to_string(),
            "2026-01-15 13:00:00"
        );
        assert_eq!(
            local(utc("2026-07-01T12:00:00Z")).to_string(),
            "2026-07-01 14:00:00"
        );
        // 2026: summer time starts 29 March, ends 25 October at 01:00 UTC.
        assert_eq!(
            local(utc("2026-03-29T00:59:00Z")).to_string(),
            "2026-03-29 01:59:00"
        );
        assert_eq!(
            local(utc("2026-03-29T01:00:00Z")).to_string(),
            "2026-03-29 03:00:00"
        );
        assert_eq!(
            local(utc("2026-10-25T00:59:00Z")).to_string(),
            "2026-10-25 02:59:00"
        );
        assert_eq!(
            local(utc("2026-10-25T01:00:00Z")).to_string(),
            "2026-10-25 02:00:00"
        );
    }
}
