//! The broad look over life domains (*brede uitvraag*): a score 1–5 per
//! domain that matters, and the optional *Positieve Gezondheid*
//! self-assessment (six dimensions, 0–10).

use crate::directory::offer::code_enum;
use crate::directory::LifeDomain;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A life-domain score on our own five-point scale (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct DomainScore(u8);

impl DomainScore {
    pub fn new(n: i64) -> Result<DomainScore, String> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(DomainScore)
            .ok_or_else(|| format!("Een score is 1 tot en met 5, niet {n}."))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn label_nl(self) -> &'static str {
        match self.0 {
            1 => "Crisis",
            2 => "Ernstige zorgen",
            3 => "Lukt met moeite",
            4 => "Lukt",
            _ => "Lukt goed",
        }
    }

    /// 1 and 2: the domains that need attention first.
    pub fn is_worrying(self) -> bool {
        self.0 <= 2
    }
}

impl TryFrom<u8> for DomainScore {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        DomainScore::new(i64::from(n))
    }
}

impl From<DomainScore> for u8 {
    fn from(s: DomainScore) -> u8 {
        s.0
    }
}

/// One scored domain with a short note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredDomain {
    pub domain: LifeDomain,
    pub score: DomainScore,
    pub note: String,
}

/// Scores for the domains that matter for this question (at least one, each
/// domain once, notes of at most 500 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainAssessment(Vec<ScoredDomain>);

impl DomainAssessment {
    pub fn new(mut scores: Vec<ScoredDomain>) -> Result<DomainAssessment, String> {
        if scores.is_empty() {
            return Err(
                "Geef een score voor minstens één leefgebied dat voor deze vraag telt.".into(),
            );
        }
        scores.sort_by_key(|s| s.domain);
        if scores.windows(2).any(|w| w[0].domain == w[1].domain) {
            return Err("Elk leefgebied komt één keer voor.".into());
        }
        if let Some(s) = scores.iter().find(|s| s.note.chars().count() > 500) {
            return Err(format!(
                "De toelichting bij {} is te lang: gebruik hoogstens 500 tekens.",
                s.domain.label_nl()
            ));
        }
        Ok(DomainAssessment(scores))
    }

    pub fn scores(&self) -> &[ScoredDomain] {
        &self.0
    }

    pub fn score(&self, d: LifeDomain) -> Option<DomainScore> {
        self.0.iter().find(|s| s.domain == d).map(|s| s.score)
    }
}

/// How a domain moved between two assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainChange {
    pub domain: LifeDomain,
    pub before: Option<DomainScore>,
    pub after: Option<DomainScore>,
}

impl DomainChange {
    /// After minus before, when both were scored.
    pub fn delta(&self) -> Option<i8> {
        Some(self.after?.value() as i8 - self.before?.value() as i8)
    }

    pub fn label_nl(&self) -> String {
        match self.delta() {
            Some(0) => "gelijk".into(),
            Some(d) if d > 0 => format!("{d} beter"),
            Some(d) => format!("{} slechter", -d),
            None if self.before.is_none() => "nieuw gescoord".into(),
            None => "niet opnieuw gescoord".into(),
        }
    }
}

/// Per domain scored in either assessment, how it changed (in domain order).
pub fn compare(before: &DomainAssessment, after: &DomainAssessment) -> Vec<DomainChange> {
    LifeDomain::ALL
        .iter()
        .filter_map(|d| {
            let (b, a) = (before.score(*d), after.score(*d));
            (b.is_some() || a.is_some()).then_some(DomainChange {
                domain: *d,
                before: b,
                after: a,
            })
        })
        .collect()
}

code_enum!(
    /// The six dimensions of Positieve Gezondheid (public names).
    HealthDimension, "onbekende dimensie '{}'", {
    BodilyFunctions => ("lichaamsfuncties", "Lichaamsfuncties"),
    MentalWellbeing => ("mentaal-welbevinden", "Mentaal welbevinden"),
    Meaning => ("zingeving", "Zingeving"),
    QualityOfLife => ("kwaliteit-van-leven", "Kwaliteit van leven"),
    Participation => ("meedoen", "Meedoen"),
    DailyFunctioning => ("dagelijks-functioneren", "Dagelijks functioneren"),
});

/// A Positieve Gezondheid answer: 0–10 for each of the six dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthScores([u8; 6]);

impl HealthScores {
    /// Values in the order of `HealthDimension::ALL`.
    pub fn new(values: [i64; 6]) -> Result<HealthScores, String> {
        let mut out = [0_u8; 6];
        for (i, v) in values.iter().enumerate() {
            out[i] = u8::try_from(*v).ok().filter(|n| *n <= 10).ok_or_else(|| {
                format!(
                    "{} is een cijfer van 0 tot en met 10, niet {v}.",
                    HealthDimension::ALL[i].label_nl()
                )
            })?;
        }
        Ok(HealthScores(out))
    }

    pub fn values(&self) -> [u8; 6] {
        self.0
    }

    pub fn pairs(&self) -> Vec<(HealthDimension, u8)> {
        HealthDimension::ALL.iter().copied().zip(self.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(d: LifeDomain, n: i64) -> ScoredDomain {
        ScoredDomain {
            domain: d,
            score: DomainScore::new(n).unwrap(),
            note: String::new(),
        }
    }

    #[test]
    fn scores_are_one_to_five() {
        assert!(DomainScore::new(0).is_err());
        assert!(DomainScore::new(6).is_err());
        assert!(DomainScore::new(2).unwrap().is_worrying());
        assert!(!DomainScore::new(3).unwrap().is_worrying());
    }

    #[test]
    fn an_assessment_scores_each_domain_once_and_at_least_one() {
        assert!(DomainAssessment::new(vec![]).is_err());
        assert!(DomainAssessment::new(vec![
            s(LifeDomain::Finances, 2),
            s(LifeDomain::Finances, 3)
        ])
        .is_err());
        let mut long = s(LifeDomain::Finances, 2);
        long.note = "x".repeat(501);
        assert!(DomainAssessment::new(vec![long]).is_err());
    }

    #[test]
    fn a_later_assessment_shows_the_change_per_domain() {
        let first =
            DomainAssessment::new(vec![s(LifeDomain::Finances, 1), s(LifeDomain::Housing, 3)])
                .unwrap();
        let later = DomainAssessment::new(vec![
            s(LifeDomain::Finances, 3),
            s(LifeDomain::Housing, 2),
            s(LifeDomain::SocialNetwork, 4),
        ])
        .unwrap();
        let c = compare(&first, &later);
        let by = |d| c.iter().find(|x| x.domain == d).unwrap();
        assert_eq!(by(LifeDomain::Finances).delta(), Some(2));
        assert_eq!(by(LifeDomain::Finances).label_nl(), "2 beter");
        assert_eq!(by(LifeDomain::Housing).label_nl(), "1 slechter");
        assert_eq!(by(LifeDomain::SocialNetwork).label_nl(), "nieuw gescoord");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn health_scores_are_zero_to_ten() {
        assert!(HealthScores::new([0, 10, 5, 5, 5, 5]).is_ok());
        let e = HealthScores::new([0, 11, 5, 5, 5, 5]).unwrap_err();
        assert!(e.contains("Mentaal welbevinden"), "{e}");
        assert_eq!(HealthDimension::ALL.len(), 6);
    }
}
