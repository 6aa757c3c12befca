//! Times are stored as UTC text with microseconds, identical on both databases.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn from_db(s: &str) -> crate::Result<DateTime<Utc>> {
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
