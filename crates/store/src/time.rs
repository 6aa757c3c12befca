//! Times are stored as UTC text with microseconds, identical on both databases.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn from_db(s: &str) -> crate::Result<DateTime<Utc>> {
    if let Some(t) = exact(s.as_bytes()) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| crate::StoreError::Invalid(format!("ongeldige tijd '{s}' in database: {e}")))
}

/// A date as stored: `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> crate::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| crate::StoreError::Invalid(format!("ongeldige datum in de database: {s}")))
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The exact form `to_db` writes (`2025-03-01T09:30:00.000000Z`), read without
/// the general RFC 3339 parser: the monitor reads a million of these at a time.
fn exact(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != 27
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[26] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0_u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_micro_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 26)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_fast_form_reads_what_to_db_writes_and_others_still_parse() {
        let t = Utc
            .with_ymd_and_hms(2025, 3, 30, 1, 59, 58)
            .unwrap()
            .checked_add_signed(chrono::Duration::microseconds(123_456))
            .unwrap();
        let s = to_db(t);
        assert_eq!(exact(s.as_bytes()), Some(t));
        assert_eq!(from_db(&s).unwrap(), t);
        // Other RFC 3339 forms go through the general parser.
        assert_eq!(exact(b"2025-03-30T03:59:58.123456+02:00"), None);
        assert_eq!(from_db("2025-03-30T03:59:58.123456+02:00").unwrap(), t);
        assert_eq!(
            exact(b"2025-02-30T01:59:58.123456Z"),
            None,
            "no 30 February"
        );
        assert!(from_db("2025-02-30T01:59:58.123456Z").is_err());
        assert_eq!(exact(b"2025-03-30T01:5x:58.123456Z"), None);
    }
}
