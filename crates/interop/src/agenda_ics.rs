//! A worker's agenda as an iCalendar feed (RFC 5545) for a calendar app:
//! one all-day event per item, titled with numbers only (see
//! `kompas_domain::plan::AgendaItem`), linking back to Kompas.

use icalendar::{Calendar, Component, Event, EventLike};
use kompas_domain::plan::AgendaItem;

/// The feed for `items`; `base_url` is the site's root (no trailing slash).
pub fn write(items: &[AgendaItem], base_url: &str) -> String {
    let mut cal = Calendar::new();
    cal.name("Kompas: mijn agenda");
    for item in items {
        let event = Event::new()
            .uid(&item.uid())
            .summary(&item.title_nl())
            .all_day(item.due)
            .url(&format!("{base_url}{}", item.path()))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use kompas_domain::plan::AgendaKind;

    #[test]
    fn one_all_day_event_per_item_with_numbers_only() {
        let items = [AgendaItem {
            kind: AgendaKind::Aftercare,
            id: 12,
            case_id: Some(46),
            question_id: None,
            due: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        }];
        let ics = write(&items, "https://kompas.example.nl");
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        assert!(ics.contains("BEGIN:VEVENT"));
        assert!(ics.contains("UID:moment-12@kompas"));
        assert!(ics.contains("SUMMARY:Nazorgcontact\\, traject 46"), "{ics}");
        assert!(ics.contains("DTSTART;VALUE=DATE:20260701"), "{ics}");
        assert!(ics.contains("URL:https://kompas.example.nl/werk/trajecten/46#momenten"));
        assert!(ics.contains("\r\n"), "lines end in CRLF");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    }
}
