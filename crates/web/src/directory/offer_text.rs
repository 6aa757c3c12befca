//! Which of an offer's texts a public page prints (issue 15): its name,
//! description and how-to-apply in the resident's language when an editor
//! translated them, else the Dutch text with `lang="nl"` and a small marker
//! "(in het Nederlands)" in the page's language. The choosing itself is
//! `kompas_domain::directory::translation::shown`.

use crate::error::AppResult;
use crate::i18n::text;
use crate::state::AppState;
use kompas_domain::directory::translation::{shown, Shown};
use kompas_domain::directory::{Offer, TextField};
use kompas_domain::language::Language;
use kompas_store::offer_translations;

/// How to print one text: its `lang`/`dir` when the page is not Dutch (the
/// text may be in another language than the page), and the marker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub lang: Option<&'static str>,
    pub dir: &'static str,
    /// "in het Nederlands", in the page's language.
    pub marker: Option<String>,
}

impl Mark {
    fn of(s: &Shown<'_>, wanted: Language) -> Mark {
        if wanted == Language::Nl {
            return Mark::default();
        }
        Mark {
            lang: Some(s.language.code()),
            dir: s.language.dir(),
            marker: s.dutch_instead.then(|| text(wanted, "offer-text-in-dutch")),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShownText {
    pub text: String,
    pub mark: Mark,
}

/// The offer page's texts.
#[derive(Debug, Clone, Default)]
pub struct OfferTexts {
    pub name: ShownText,
    pub description: ShownText,
    pub how_to_apply: ShownText,
}

/// The texts of `offer` for a resident reading `wanted`.
pub async fn of_offer(state: &AppState, offer: &Offer, wanted: Language) -> AppResult<OfferTexts> {
    let translations = if wanted == Language::Nl {
        Vec::new()
    } else {
        offer_translations::of_offer(&state.db, offer.id).await?
    };
    let one = |field| {
        let s = shown(&offer.draft, &translations, wanted, field);
        ShownText {
            text: s.text.to_string(),
            mark: Mark::of(&s, wanted),
        }
    };
    Ok(OfferTexts {
        name: one(TextField::Name),
        description: one(TextField::Description),
        how_to_apply: one(TextField::HowToApply),
    })
}

/// The start of `text`, cut at a word, at most `max` characters and "…".
pub fn summary(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// A result card's offer id, name, summary and their marks.
pub type CardParts<'a> = (
    i64,
    &'a mut String,
    &'a mut String,
    &'a mut Mark,
    &'a mut Mark,
);

/// A result card (`pages::OfferCard`; this file does not depend on the pages).
pub trait Card {
    fn parts(&mut self) -> CardParts<'_>;
}

/// Puts the cards' names and summaries in the resident's language where
/// there is a translation, and marks the Dutch ones.
pub async fn for_cards<C: Card>(
    state: &AppState,
    wanted: Language,
    cards: &mut [C],
) -> AppResult<()> {
    if wanted == Language::Nl {
        return Ok(());
    }
    let ids: Vec<i64> = cards.iter_mut().map(|c| c.parts().0).collect();
    let found = offer_translations::in_language(&state.db, &ids, wanted).await?;
    for c in cards {
        let (id, c_name, c_summary, name_mark, summary_mark) = c.parts();
        let t = found.get(&id);
        let name = t.map(|t| t.name.trim()).filter(|n| !n.is_empty());
        let description = t.map(|t| t.description.trim()).filter(|d| !d.is_empty());
        let mark = |translated: bool, dutch_text: &str| {
            Mark::of(
                &Shown {
                    text: "",
                    language: if translated { wanted } else { Language::Nl },
                    dutch_instead: !translated && !dutch_text.trim().is_empty(),
                },
                wanted,
            )
        };
        *name_mark = mark(name.is_some(), c_name);
        *summary_mark = mark(description.is_some(), c_summary);
        if let Some(n) = name {
            *c_name = n.to_string();
        }
        if let Some(d) = description {
            *c_summary = summary(d, 180);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_pages_print_plain_text_and_others_mark_the_language() {
        let dutch = Shown {
            text: "Koffie",
            language: Language::Nl,
            dutch_instead: true,
        };
        assert_eq!(Mark::of(&dutch, Language::Nl), Mark::default());
        let m = Mark::of(&dutch, Language::Ar);
        assert_eq!((m.lang, m.dir), (Some("nl"), "ltr"));
        assert_eq!(
            m.marker.as_deref(),
            Some(text(Language::Ar, "offer-text-in-dutch").as_str())
        );
        assert_ne!(m.marker.as_deref(), Some("in het Nederlands"));
        let english = Shown {
            text: "Coffee",
            language: Language::En,
            dutch_instead: false,
        };
        let m = Mark::of(&english, Language::En);
        assert_eq!((m.lang, m.marker), (Some("en"), None));
    }
}
