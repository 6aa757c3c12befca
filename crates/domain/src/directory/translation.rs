//! An offer's name, description and how-to-apply in a resident's language
//! (issue 15). Editors enter them; Dutch stays the offer's own text. What a
//! page shows: the translation in the wanted language when there is one,
//! field by field, else the Dutch text, marked as Dutch.

use super::{FieldError, OfferDraft};
use crate::language::Language;
use serde::{Serialize, Serializer};

/// The languages an offer can be translated into: every resident's language
/// but Dutch.
pub const TRANSLATABLE: [Language; 5] = [
    Language::En,
    Language::Ar,
    Language::Tr,
    Language::Pl,
    Language::Uk,
];

/// The most characters of a translated name and description: as for the
/// Dutch text ([`OfferDraft::problems`]); how-to-apply has the text area's bound.
pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 5000;
pub const MAX_HOW_TO_APPLY: usize = crate::input::LONG.max_chars;

/// The texts of an offer that can be translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Name,
    Description,
    HowToApply,
}

fn code<S: Serializer>(l: &Language, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(l.code())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferTranslation {
    #[serde(serialize_with = "code")]
    pub language: Language,
    pub name: String,
    pub description: String,
    pub how_to_apply: String,
}

/// The Dutch label of a translated field, as errors and the history name it.
fn label(language: Language, field: TextField) -> &'static str {
    use Language::*;
    use TextField::*;
    match (language, field) {
        (En, Name) => "naam (Engels)",
        (En, Description) => "omschrijving (Engels)",
        (En, HowToApply) => "aanmelden (Engels)",
        (Ar, Name) => "naam (Arabisch)",
        (Ar, Description) => "omschrijving (Arabisch)",
        (Ar, HowToApply) => "aanmelden (Arabisch)",
        (Tr, Name) => "naam (Turks)",
        (Tr, Description) => "omschrijving (Turks)",
        (Tr, HowToApply) => "aanmelden (Turks)",
        (Pl, Name) => "naam (Pools)",
        (Pl, Description) => "omschrijving (Pools)",
        (Pl, HowToApply) => "aanmelden (Pools)",
        (Uk, Name) => "naam (Oekraïens)",
        (Uk, Description) => "omschrijving (Oekraïens)",
        (Uk, HowToApply) => "aanmelden (Oekraïens)",
        (Nl, Name) => "naam",
        (Nl, Description) => "omschrijving",
        (Nl, HowToApply) => "aanmelden",
    }
}

impl OfferTranslation {
    /// Whitespace around each text removed.
    pub fn trimmed(&self) -> OfferTranslation {
        OfferTranslation {
            language: self.language,
            name: self.name.trim().to_string(),
            description: self.description.trim().to_string(),
            how_to_apply: self.how_to_apply.trim().to_string(),
        }
    }

    /// Nothing filled in: no translation in this language.
    pub fn is_empty(&self) -> bool {
        [&self.name, &self.description, &self.how_to_apply]
            .iter()
            .all(|t| t.trim().is_empty())
    }

    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::Name => &self.name,
            TextField::Description => &self.description,
            TextField::HowToApply => &self.how_to_apply,
        }
    }

    /// Every problem, each with its field in Dutch ("omschrijving (Engels)").
    /// An empty translation has none (it is simply not there).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut err = |field: TextField, reason: String| {
            out.push(FieldError {
                field: label(self.language, field),
                reason,
            })
        };
        if self.language == Language::Nl {
            err(
                TextField::Name,
                "Nederlands is de eigen tekst van het aanbod".into(),
            );
            return out;
        }
        if self.is_empty() {
            return out;
        }
        let too_long = |t: &str, max: usize| t.chars().count() > max;
        if self.name.trim().is_empty() {
            err(
                TextField::Name,
                "vul ook de naam in deze taal in, of maak alle velden van deze taal leeg".into(),
            );
        } else if too_long(&self.name, MAX_NAME) {
            err(
                TextField::Name,
                format!("de naam is langer dan {MAX_NAME} tekens"),
            );
        }
        if too_long(&self.description, MAX_DESCRIPTION) {
            err(
                TextField::Description,
                format!("de omschrijving is langer dan {MAX_DESCRIPTION} tekens"),
            );
        }
        if too_long(&self.how_to_apply, MAX_HOW_TO_APPLY) {
            err(
                TextField::HowToApply,
                format!("de tekst over aanmelden is langer dan {MAX_HOW_TO_APPLY} tekens"),
            );
        }
        out
    }
}

/// One text as a page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    /// The language the text is in.
    pub language: Language,
    /// The resident asked for another language and this text has none: the
    /// Dutch text stands in and is marked as Dutch.
    pub dutch_instead: bool,
}

/// What to show of `field` for a resident reading `wanted`: the translation
/// when it has this text, else the Dutch text (marked as such unless Dutch
/// was wanted, or there is no text at all).
pub fn shown<'a>(
    draft: &'a OfferDraft,
    translations: &'a [OfferTranslation],
    wanted: Language,
    field: TextField,
) -> Shown<'a> {
    let translated = translations
        .iter()
        .filter(|t| t.language == wanted && wanted != Language::Nl)
        .map(|t| t.text(field).trim())
        .find(|t| !t.is_empty());
    if let Some(text) = translated {
        return Shown {
            text,
            language: wanted,
            dutch_instead: false,
        };
    }
    let dutch = match field {
        TextField::Name => &draft.name,
        TextField::Description => &draft.description,
        TextField::HowToApply => &draft.application_process,
    };
    Shown {
        text: dutch,
        language: Language::Nl,
        dutch_instead: wanted != Language::Nl && !dutch.trim().is_empty(),
    }
}

/// The languages an offer has text in: Dutch always, then its translations
/// in the order of the language choice.
pub fn languages(translations: &[OfferTranslation]) -> Vec<Language> {
    Language::ALL
        .into_iter()
        .filter(|l| {
            *l == Language::Nl
                || translations
                    .iter()
                    .any(|t| t.language == *l && !t.is_empty())
        })
        .collect()
}

/// The translations in the order of the language choice, trimmed, without
/// empty ones: two lists that say the same compare equal.
pub fn normalized(translations: &[OfferTranslation]) -> Vec<OfferTranslation> {
    let mut out: Vec<OfferTranslation> = translations
        .iter()
        .filter(|t| !t.is_empty())
        .map(OfferTranslation::trimmed)
        .collect();
    out.sort_by_key(|t| t.language);
    out.dedup_by_key(|t| t.language);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::draft::sample;

    fn english() -> OfferTranslation {
        OfferTranslation {
            language: Language::En,
            name: "Coffee morning".into(),
            description: "Coffee every Tuesday in the community centre.".into(),
            how_to_apply: String::new(),
        }
    }

    #[test]
    fn the_wanted_language_is_shown_field_by_field() {
        let d = sample();
        let t = [english()];
        let name = shown(&d, &t, Language::En, TextField::Name);
        assert_eq!(
            name,
            Shown {
                text: "Coffee morning",
                language: Language::En,
                dutch_instead: false
            }
        );
        // No English how-to-apply: the Dutch one, marked.
        let apply = shown(&d, &t, Language::En, TextField::HowToApply);
        assert_eq!(apply.text, "Loop binnen.");
        assert_eq!(apply.language, Language::Nl);
        assert!(apply.dutch_instead);
    }

    #[test]
    fn without_a_translation_the_dutch_text_is_marked_unless_dutch_was_wanted() {
        let d = sample();
        let t = [english()];
        let turkish = shown(&d, &t, Language::Tr, TextField::Description);
        assert_eq!(turkish.text, d.description);
        assert!(turkish.dutch_instead);
        let dutch = shown(&d, &t, Language::Nl, TextField::Name);
        assert_eq!(dutch.text, "Koffieochtend");
        assert!(!dutch.dutch_instead);
        // An empty Dutch text is not marked: there is nothing to mark.
        let mut d = d;
        d.application_process.clear();
        assert!(!shown(&d, &t, Language::Tr, TextField::HowToApply).dutch_instead);
    }

    #[test]
    fn limits_are_those_of_the_dutch_fields_and_name_the_language() {
        assert!(english().problems().is_empty());
        let mut t = english();
        t.description = "x".repeat(MAX_DESCRIPTION + 1);
        t.name = "y".repeat(MAX_NAME + 1);
        let p = t.problems();
        let fields: Vec<&str> = p.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["naam (Engels)", "omschrijving (Engels)"]);
        assert!(p[1].reason.contains("5000"));
        let no_name = OfferTranslation {
            language: Language::Ar,
            name: " ".into(),
            description: "وصف".into(),
            how_to_apply: String::new(),
        };
        assert_eq!(no_name.problems()[0].field, "naam (Arabisch)");
        let empty = OfferTranslation {
            language: Language::Pl,
            name: String::new(),
            description: " ".into(),
            how_to_apply: String::new(),
        };
        assert!(empty.is_empty() && empty.problems().is_empty());
        let dutch = OfferTranslation {
            language: Language::Nl,
            ..english()
        };
        assert!(!dutch.problems().is_empty());
    }

    #[test]
    fn languages_are_dutch_and_every_filled_translation() {
        let ar = OfferTranslation {
            language: Language::Ar,
            name: "صباح القهوة".into(),
            description: String::new(),
            how_to_apply: String::new(),
        };
        let empty_pl = OfferTranslation {
            language: Language::Pl,
            name: String::new(),
            description: String::new(),
            how_to_apply: String::new(),
        };
        assert_eq!(
            languages(&[ar.clone(), empty_pl.clone(), english()]),
            vec![Language::Nl, Language::En, Language::Ar]
        );
        assert_eq!(languages(&[]), vec![Language::Nl]);
        let mut padded = english();
        padded.name = "  Coffee morning ".into();
        assert_eq!(
            normalized(&[ar.clone(), empty_pl, padded]),
            vec![english(), ar]
        );
    }
}
