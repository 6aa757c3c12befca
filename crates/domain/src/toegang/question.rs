//! A help question (*hulpvraag*) or a signal: where it came from, how urgent
//! it is, where it stands and how it ended.

use crate::directory::offer::code_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// How a question reached the municipality.
    Channel, "onbekend kanaal '{}'", {
    Resident => ("bewoner", "Bewoner (formulier)"),
    Professional => ("professional", "Professional (balie of telefoon)"),
    PartnerSignal => ("partner", "Signaal van een partner"),
    PaymentArrears => ("vroegsignalering", "Vroegsignalering betalingsachterstand"),
});

code_enum!(
    /// Where a question stands. Partners see exactly these three words.
    QuestionStatus, "onbekende status '{}'", {
    Received => ("ontvangen", "Ontvangen"),
    InProgress => ("opgepakt", "Opgepakt"),
    Closed => ("afgerond", "Afgerond"),
});

code_enum!(
    /// How a question was closed.
    OutcomeKind, "onbekende afloop '{}'", {
    Information => ("informatie", "Beantwoord met informatie of advies"),
    Referral => ("verwezen", "Verwezen naar aanbod uit de sociale kaart"),
    CaseOpened => ("traject", "Traject geopend voor het huishouden"),
    NoAction => ("geen-actie", "Geen actie nodig of niet bereikbaar"),
});

code_enum!(
    /// Why a partner (school, GP, housing corporation, police) raises a worry.
    SignalReason, "onbekende reden '{}'", {
    Finances => ("geldzorgen", "Geldzorgen of schulden"),
    Upbringing => ("opvoeding", "Zorgen over opvoeding of een kind"),
    SchoolAbsence => ("verzuim", "Schoolverzuim"),
    Housing => ("wonen", "Woonproblemen of overlast"),
    Health => ("gezondheid", "Lichamelijke of psychische gezondheid"),
    Loneliness => ("eenzaamheid", "Eenzaamheid of weinig netwerk"),
    Safety => ("veiligheid", "Zorgen over veiligheid"),
    Other => ("anders", "Iets anders"),
});

code_enum!(
    /// How a resident wants to be reached.
    ContactWay, "onbekende manier van contact '{}'", {
    Phone => ("telefoon", "Bellen"),
    Email => ("email", "E-mail"),
    Visit => ("bezoek", "Een afspraak of huisbezoek"),
});

code_enum!(
    /// The age group a question is about (for the queue's filter).
    AgeGroup, "onbekende leeftijdsgroep '{}'", {
    Youth => ("jeugd", "Kind of jongere (0–17)"),
    Adult => ("volwassene", "Volwassene (18–66)"),
    Senior => ("oudere", "Oudere (67+)"),
    Unknown => ("onbekend", "Onbekend"),
});

impl AgeGroup {
    pub fn for_age(age: u32) -> AgeGroup {
        match age {
            0..=17 => AgeGroup::Youth,
            18..=66 => AgeGroup::Adult,
            _ => AgeGroup::Senior,
        }
    }
}

impl QuestionStatus {
    /// Only these moves exist: a closed question stays closed.
    pub fn can_move_to(self, next: QuestionStatus) -> bool {
        matches!(
            (self, next),
            (QuestionStatus::Received, QuestionStatus::InProgress)
                | (QuestionStatus::Received, QuestionStatus::Closed)
                | (QuestionStatus::InProgress, QuestionStatus::Closed)
        )
    }
}

/// A question's own words: not empty, at most 4 000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionText(String);

impl QuestionText {
    pub const MAX: usize = 4_000;

    pub fn parse(raw: &str) -> Result<QuestionText, String> {
        let t = raw.trim();
        if t.is_empty() {
            return Err("Schrijf in een paar woorden waar u hulp bij zoekt.".into());
        }
        if t.chars().count() > Self::MAX {
            return Err(format!(
                "Uw vraag is te lang: gebruik hoogstens {} tekens.",
                Self::MAX
            ));
        }
        Ok(QuestionText(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as typed: not empty, at most 120 characters, no control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, String> {
        let t = raw.trim();
        if t.is_empty() {
            return Err("Vul een naam in.".into());
        }
        if t.chars().count() > 120 || t.chars().any(char::is_control) {
            return Err("Deze naam is te lang of bevat vreemde tekens.".into());
        }
        Ok(PersonName(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Dutch phone number: 10 digits starting with 0, or +31 and 9 digits.
/// Kept as typed-then-normalised digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<PhoneNumber, String> {
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
            .collect();
        let national = if let Some(rest) = digits.strip_prefix("+31") {
            format!("0{rest}")
        } else if let Some(rest) = digits.strip_prefix("0031") {
            format!("0{rest}")
        } else {
            digits
        };
        if national.len() == 10
            && national.starts_with('0')
            && national.chars().all(|c| c.is_ascii_digit())
        {
            Ok(PhoneNumber(national))
        } else {
            Err("Vul een telefoonnummer van 10 cijfers in, bijvoorbeeld 06 12345678.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address with one @, a dot in the domain and no spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, String> {
        let t = raw.trim();
        let ok = t.len() <= 200
            && !t.contains(char::is_whitespace)
            && t.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            });
        if ok {
            Ok(EmailAddress(t.to_string()))
        } else {
            Err("Vul een e-mailadres in zoals naam@voorbeeld.nl.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first words of a question, for a list: whitespace folded, cut at a
/// word boundary after at most `max` characters, with "…" when cut.
pub fn summary(body: &str, max: usize) -> String {
    let folded = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let cut: String = folded.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code()), Ok(*c));
        }
        for s in QuestionStatus::ALL {
            assert_eq!(QuestionStatus::parse(s.code()), Ok(*s));
        }
        assert!(SignalReason::parse("x").is_err());
    }

    #[test]
    fn a_closed_question_stays_closed() {
        use QuestionStatus::*;
        assert!(Received.can_move_to(InProgress));
        assert!(InProgress.can_move_to(Closed));
        assert!(!Closed.can_move_to(InProgress));
        assert!(!Closed.can_move_to(Received));
        assert!(!InProgress.can_move_to(Received));
    }

    #[test]
    fn age_groups() {
        assert_eq!(AgeGroup::for_age(0), AgeGroup::Youth);
        assert_eq!(AgeGroup::for_age(17), AgeGroup::Youth);
        assert_eq!(AgeGroup::for_age(18), AgeGroup::Adult);
        assert_eq!(AgeGroup::for_age(67), AgeGroup::Senior);
    }

    #[test]
    fn texts_names_phones_and_emails_are_parsed() {
        assert!(QuestionText::parse("   ").is_err());
        assert!(QuestionText::parse(&"a".repeat(4_001)).is_err());
        assert_eq!(QuestionText::parse(" hulp ").unwrap().as_str(), "hulp");
        assert!(PersonName::parse("").is_err());
        assert!(PersonName::parse("a\u{7}b").is_err());
        assert_eq!(
            PhoneNumber::parse("06-1234 5678").unwrap().as_str(),
            "0612345678"
        );
        assert_eq!(
            PhoneNumber::parse("+31 6 12345678").unwrap().as_str(),
            "0612345678"
        );
        assert!(PhoneNumber::parse("12345").is_err());
        assert!(EmailAddress::parse("a@b.nl").is_ok());
        assert!(EmailAddress::parse("a@b").is_err());
        assert!(EmailAddress::parse("a b@c.nl").is_err());
        assert!(EmailAddress::parse("@c.nl").is_err());
    }

    #[test]
    fn a_summary_is_the_first_words_cut_at_a_word() {
        assert_eq!(
            summary("  Ik kan\nde huur niet  betalen ", 80),
            "Ik kan de huur niet betalen"
        );
        let long =
            "Mijn moeder wordt vergeetachtig en woont alleen, wie kan helpen met de boodschappen";
        let s = summary(long, 40);
        assert_eq!(s, "Mijn moeder wordt vergeetachtig en…");
        assert!(s.chars().count() <= 41);
        let one_word = "a".repeat(100);
        assert_eq!(summary(&one_word, 10), format!("{}…", "a".repeat(10)));
    }
}
