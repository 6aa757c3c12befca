//! An offer as editors, partners and importers write it, validated as a whole.
//! Every problem is reported with its field, in Dutch.

use super::{AccessRoute, AgeRange, Layer, LifeDomain, OpeningHours, TargetGroup};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// HSDS service status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    Active,
    Inactive,
    Defunct,
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
}

impl OfferStatus {
    pub fn hsds(self) -> &'static str {
        match self {
            OfferStatus::Active => "active",
            OfferStatus::Inactive => "inactive",
            OfferStatus::Defunct => "defunct",
            OfferStatus::TemporarilyClosed => "temporarily closed",
        }
    }
    pub fn parse(s: &str) -> Result<OfferStatus, String> {
        match s.trim() {
            "active" | "actief" => Ok(OfferStatus::Active),
            "inactive" | "inactief" => Ok(OfferStatus::Inactive),
            "defunct" | "opgeheven" => Ok(OfferStatus::Defunct),
            "temporarily closed" | "tijdelijk gesloten" => Ok(OfferStatus::TemporarilyClosed),
            other => Err(format!("onbekende status '{other}'")),
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            OfferStatus::Active => "actief",
            OfferStatus::Inactive => "niet actief",
            OfferStatus::Defunct => "opgeheven",
            OfferStatus::TemporarilyClosed => "tijdelijk gesloten",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferDraft {
    /// Stable public id (HSDS `id`): a UUID or a slug.
    pub hsds_id: String,
    pub name: String,
    pub description: String,
    pub for_whom: String,
    pub application_process: String,
    pub status: OfferStatus,
    pub layer: Layer,
    pub access: AccessRoute,
    pub referrer: Option<String>,
    pub ages: AgeRange,
    pub free: bool,
    pub cost_text: String,
    pub keywords: Vec<String>,
    pub life_domains: Vec<LifeDomain>,
    pub target_groups: Vec<TargetGroup>,
    /// CBS codes of the areas served (empty: the whole municipality).
    pub areas_served: Vec<String>,
    pub hours: OpeningHours,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub last_checked: Option<NaiveDate>,
    pub checked_by: Option<String>,
}

/// One thing wrong with a draft: the field (Dutch name) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub reason: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// A valid id: 1–100 characters of letters, digits, `-`, `_` and `.`.
pub fn valid_public_id(id: &str) -> bool {
    (1..=100).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

impl OfferDraft {
    /// Every problem at once, so a form or an import report can show them all.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut err = |field: &'static str, reason: &str| {
            out.push(FieldError {
                field,
                reason: reason.to_string(),
            })
        };
        if !valid_public_id(&self.hsds_id) {
            err("id", "gebruik 1 tot 100 letters, cijfers, - _ of .");
        }
        if self.name.trim().is_empty() {
            err("naam", "vul een naam in");
        } else if self.name.chars().count() > 200 {
            err("naam", "de naam is langer dan 200 tekens");
        }
        if self.description.trim().is_empty() {
            err("omschrijving", "vul een omschrijving in");
        } else if self.description.chars().count() > 5000 {
            err("omschrijving", "de omschrijving is langer dan 5000 tekens");
        }
        if self.life_domains.is_empty() {
            err("leefgebieden", "kies minstens één leefgebied");
        }
        if matches!(self.access, AccessRoute::Referral | AccessRoute::Indication)
            && self.referrer.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            err("verwijzer", "zeg wie verwijst of de indicatie geeft");
        }
        if !self.free && self.cost_text.trim().is_empty() {
            err("kosten", "zeg wat het kost, of kies gratis");
        }
        for code in &self.areas_served {
            let ok = code.len() == 8
                && (code.starts_with("WK") || code.starts_with("BU") || code.starts_with("GM"))
                && code[2..].chars().all(|c| c.is_ascii_digit())
                || (code.len() == 6
                    && code.starts_with("GM")
                    && code[2..].chars().all(|c| c.is_ascii_digit()));
            if !ok {
                err(
                    "werkgebied",
                    &format!("'{code}' is geen CBS-code zoals WK990101"),
                );
            }
        }
        if let Some(e) = &self.email {
            if !e.contains('@') || e.contains(char::is_whitespace) {
                err("e-mail", "dit is geen e-mailadres");
            }
        }
        if let Some(u) = &self.url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                err("website", "een websiteadres begint met https://");
            } else if let Err(e) = crate::input::check_link(u) {
                err("website", &e);
            }
        }
        out
    }

    /// Puts the lists in one order without repeats, so two drafts that say
    /// the same compare equal whatever order the lists were typed in.
    pub fn normalize(&mut self) {
        self.life_domains.sort();
        self.life_domains.dedup();
        self.target_groups.sort();
        self.target_groups.dedup();
        self.areas_served.sort();
        self.areas_served.dedup();
    }

    /// The draft, or all its problems.
    pub fn validated(self) -> Result<OfferDraft, Vec<FieldError>> {
        let p = self.problems();
        if p.is_empty() {
            Ok(self)
        } else {
            Err(p)
        }
    }

    /// Not checked for more than a year on `today`?
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        self.last_checked
            .is_none_or(|d| today.signed_duration_since(d).num_days() > 365)
    }
}

#[cfg(test)]
pub(crate) fn sample() -> OfferDraft {
    OfferDraft {
        hsds_id: "koffieochtend".into(),
        name: "Koffieochtend".into(),
        description: "Elke dinsdag koffie in het buurthuis.".into(),
        for_whom: "Iedereen".into(),
        application_process: "Loop binnen.".into(),
        status: OfferStatus::Active,
        layer: Layer::SocialBase,
        access: AccessRoute::Open,
        referrer: None,
        ages: AgeRange::default(),
        free: true,
        cost_text: String::new(),
        keywords: vec!["koffie".into()],
        life_domains: vec![LifeDomain::SocialNetwork],
        target_groups: vec![TargetGroup::Elderly],
        areas_served: vec!["WK990102".into()],
        hours: OpeningHours::default(),
        phone: None,
        email: None,
        url: None,
        last_checked: NaiveDate::from_ymd_opt(2026, 6, 1),
        checked_by: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_draft_has_no_problems() {
        assert!(sample().problems().is_empty());
    }

    #[test]
    fn every_problem_is_named_with_its_field() {
        let mut d = sample();
        d.name = " ".into();
        d.life_domains.clear();
        d.access = AccessRoute::Indication;
        d.free = false;
        d.areas_served = vec!["Centrum".into()];
        d.url = Some("www.example".into());
        let fields: Vec<&str> = d.problems().iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            vec![
                "naam",
                "leefgebieden",
                "verwijzer",
                "kosten",
                "werkgebied",
                "website"
            ]
        );
    }

    #[test]
    fn normalizing_makes_list_order_irrelevant() {
        let mut a = sample();
        a.life_domains = vec![
            LifeDomain::Housing,
            LifeDomain::Finances,
            LifeDomain::Housing,
        ];
        let mut b = sample();
        b.life_domains = vec![LifeDomain::Finances, LifeDomain::Housing];
        a.normalize();
        b.normalize();
        assert_eq!(a, b);
    }

    #[test]
    fn staleness_is_more_than_a_year_without_a_check() {
        let d = sample();
        let day = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(!d.is_stale(day(2027, 6, 1)));
        assert!(d.is_stale(day(2027, 6, 2)));
        assert!(OfferDraft {
            last_checked: None,
            ..sample()
        }
        .is_stale(day(2026, 1, 1)));
    }
}
