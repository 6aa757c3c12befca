//! The privacy statement (`/privacy`) and the accessibility statement
//! (`/toegankelijkheid`, after the Dutch model), in the resident's language,
//! filled in with the home municipality's contact details and settings.

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::i18n::{text, Locale};
use crate::pages::contact::PublicContact;
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use kompas_domain::contact::AccessibilityStatus;
use kompas_domain::language::Language;
use kompas_domain::plan::retention::RetentionClass;
use std::sync::Arc;

/// A date as a resident reads it: "dinsdag 1 december 2026" in Dutch, and
/// the Dutch way of writing it in figures (`01-12-2026`) in other languages.
pub fn resident_date(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::Nl => kompas_domain::dutch_time::long_date(d),
        _ => d.format("%d-%m-%Y").to_string(),
    }
}

#[derive(Template)]
#[template(path = "statements/privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
    place: String,
    contact: Option<Arc<PublicContact>>,
    youth_years: i64,
    wmo_years: i64,
    other_years: i64,
}

/// The name the statements use for the municipality.
fn place(state: &AppState, contact: &Option<Arc<PublicContact>>) -> String {
    contact
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| state.site_name.clone())
}

pub async fn privacy(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
) -> AppResult<Response> {
    let chrome = Chrome::public(
        &state,
        &viewer,
        &locale,
        &text(locale.lang, "privacy-statement-title"),
    );
    let contact = chrome.contact.clone();
    Ok(html(render(&PrivacyPage {
        place: place(&state, &contact),
        chrome,
        contact,
        youth_years: RetentionClass::Youth.years().into(),
        wmo_years: RetentionClass::Wmo.years().into(),
        other_years: RetentionClass::Other.years().into(),
    })?))
}

#[derive(Template)]
#[template(path = "statements/accessibility.html")]
struct AccessibilityPage {
    chrome: Chrome,
    place: String,
    contact: Option<Arc<PublicContact>>,
    full: bool,
    /// The date of the last check, as the resident reads it.
    checked_on: Option<String>,
}

pub async fn accessibility(
    State(state): State<AppState>,
    viewer: Viewer,
    locale: Locale,
) -> AppResult<Response> {
    let chrome = Chrome::public(&state, &viewer, &locale, &text(locale.lang, "a11y-title"));
    let contact = chrome.contact.clone();
    let (status, checked) = contact
        .as_ref()
        .map(|c| (c.accessibility, c.accessibility_checked_on))
        .unwrap_or_default();
    Ok(html(render(&AccessibilityPage {
        place: place(&state, &contact),
        chrome,
        contact,
        full: status == AccessibilityStatus::Full,
        checked_on: checked.map(|d| resident_date(locale.lang, d)),
    })?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words_in_dutch_and_in_figures_elsewhere() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(resident_date(Language::Nl, d), "dinsdag 1 december 2026");
        assert_eq!(resident_date(Language::En, d), "01-12-2026");
        assert_eq!(resident_date(Language::Ar, d), "01-12-2026");
    }
}
