//! A worker's agenda across cases: evaluations, aftercare contacts and the
//! deadlines of questions assigned to them. An item names a case or question
//! by number only, so the agenda can go into a calendar app without any
//! personal data in it.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AgendaKind {
    Evaluation,
    Aftercare,
    /// First contact with the asker is due.
    QuestionDeadline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub kind: AgendaKind,
    /// The moment or question number (unique per kind).
    pub id: i64,
    pub case_id: Option<i64>,
    pub question_id: Option<i64>,
    pub due: NaiveDate,
}

impl AgendaItem {
    /// "Evaluatie, traject 46": numbers only, never a name.
    pub fn title_nl(&self) -> String {
        match (self.kind, self.case_id, self.question_id) {
            (AgendaKind::Evaluation, Some(c), _) => format!("Evaluatie, traject {c}"),
            (AgendaKind::Aftercare, Some(c), _) => format!("Nazorgcontact, traject {c}"),
            (AgendaKind::QuestionDeadline, _, Some(q)) => {
                format!("Eerste contact uiterlijk vandaag, vraag {q}")
            }
            (AgendaKind::Evaluation, ..) => "Evaluatie".into(),
            (AgendaKind::Aftercare, ..) => "Nazorgcontact".into(),
            (AgendaKind::QuestionDeadline, ..) => "Eerste contact met een vraag".into(),
        }
    }

    /// The page the item is about, from the site's root.
    pub fn path(&self) -> String {
        match (self.case_id, self.question_id) {
            (Some(c), _) => format!("/werk/trajecten/{c}#momenten"),
            (None, Some(q)) => format!("/werk/vragen/{q}"),
            (None, None) => "/werk/agenda".into(),
        }
    }

    /// A stable identifier for calendar apps: the same item keeps its UID.
    pub fn uid(&self) -> String {
        let kind = match self.kind {
            AgendaKind::Evaluation | AgendaKind::Aftercare => "moment",
            AgendaKind::QuestionDeadline => "vraag",
        };
        format!("{kind}-{}@kompas", self.id)
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due < today
    }
}

/// Sorted by day, then kind, then number.
pub fn sorted(mut items: Vec<AgendaItem>) -> Vec<AgendaItem> {
    items.sort_by_key(|i| (i.due, i.kind, i.id));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, day).unwrap()
    }

    #[test]
    fn items_name_numbers_only_and_sort_by_day() {
        let eval = AgendaItem {
            kind: AgendaKind::Evaluation,
            id: 9,
            case_id: Some(46),
            question_id: None,
            due: d(3),
        };
        let question = AgendaItem {
            kind: AgendaKind::QuestionDeadline,
            id: 396,
            case_id: None,
            question_id: Some(396),
            due: d(2),
        };
        assert_eq!(eval.title_nl(), "Evaluatie, traject 46");
        assert_eq!(eval.path(), "/werk/trajecten/46#momenten");
        assert_eq!(question.path(), "/werk/vragen/396");
        assert_eq!(question.uid(), "vraag-396@kompas");
        assert!(question.overdue(d(3)));
        assert!(!eval.overdue(d(3)));
        assert_eq!(
            sorted(vec![eval.clone(), question.clone()]),
            vec![question, eval]
        );
    }
}
