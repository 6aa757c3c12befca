//! Server-rendered pages: the shared layout data, small helpers and the
//! public pages of the foundation.

pub mod admin;
pub mod audit_log;
pub mod contact;
pub mod municipality;
pub mod pager;
pub mod statements;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use kompas_domain::language::Language;

/// What the layout needs on every page.
/// `?melding=…`: the code of a confirmation to show after a redirect
/// (each page maps its own codes to text, so a link cannot inject one).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    pub melding: String,
}

#[derive(Debug, Clone)]
pub struct Chrome {
    pub title: String,
    pub site_name: String,
    pub csrf: String,
    pub signed_in: bool,
    pub user_name: String,
    pub role_label: String,
    pub is_admin: bool,
    pub is_editor: bool,
    pub is_partner: bool,
    /// Sees the monitor's dashboards (policy, team lead).
    pub is_monitor: bool,
    /// Keeps the goal tree but has no dashboards (administrator).
    pub is_monitor_editor_only: bool,
    /// Professionals, coordinators and team leads: the triage queue.
    pub is_worker: bool,
    pub is_team_lead: bool,
    /// Keeps the maatwerk catalogue (admins and contract managers).
    pub is_catalogue: bool,
    pub has_session: bool,
    /// The page's language: Dutch on professional pages, the resident's
    /// choice on public ones (`Chrome::public`).
    pub lang: Language,
    /// The language choice: each language with a link to this page in it
    /// (empty on professional pages).
    pub lang_links: Vec<(Language, String)>,
    /// On resident pages with a resident signed in: the name the header
    /// shows next to "Uitloggen" (instead of "Inloggen").
    pub resident_name: Option<String>,
    /// On other public pages: a resident's session cookie is there.
    pub resident_cookie: bool,
    /// How to reach the home municipality (footer), from the cache: no query.
    pub contact: Option<std::sync::Arc<contact::PublicContact>>,
}

impl Chrome {
    pub fn new(state: &AppState, viewer: &Viewer, title: &str) -> Chrome {
        let user = viewer.user();
        Chrome {
            title: title.to_string(),
            site_name: state.site_name.clone(),
            csrf: viewer.csrf().to_string(),
            signed_in: user.is_some(),
            user_name: user.map(|u| u.display_name.clone()).unwrap_or_default(),
            role_label: user
                .map(|u| u.role.label_nl().to_string())
                .unwrap_or_default(),
            is_admin: user.is_some_and(|u| u.role == kompas_domain::Role::Admin),
            is_worker: user.is_some_and(|u| u.role.works_on_households()),
            is_team_lead: user.is_some_and(|u| u.role == kompas_domain::Role::TeamLead),
            is_editor: user.is_some_and(|u| {
                matches!(
                    u.role,
                    kompas_domain::Role::Editor | kompas_domain::Role::Admin
                )
            }),
            is_partner: user.is_some_and(|u| u.role == kompas_domain::Role::Partner),
            is_monitor: user.is_some_and(|u| {
                matches!(
                    u.role,
                    kompas_domain::Role::Policy | kompas_domain::Role::TeamLead
                )
            }),
            is_monitor_editor_only: user.is_some_and(|u| u.role == kompas_domain::Role::Admin),
            is_catalogue: user.is_some_and(|u| {
                matches!(
                    u.role,
                    kompas_domain::Role::Admin | kompas_domain::Role::ContractManager
                )
            }),
            has_session: viewer.session().is_some(),
            lang: Language::Nl,
            lang_links: Vec::new(),
            resident_name: None,
            resident_cookie: false,
            contact: state.contact.get(),
        }
    }

    /// The layout of a public or resident page, in the resident's language
    /// and with the language choice.
    pub fn public(state: &AppState, viewer: &Viewer, locale: &Locale, title: &str) -> Chrome {
        Chrome {
            lang: locale.lang,
            lang_links: Language::ALL
                .into_iter()
                .map(|l| (l, locale.link_in(l)))
                .collect(),
            resident_cookie: locale.resident,
            ..Chrome::new(state, viewer, title)
        }
    }

    /// The page's text for `key` (see `crate::i18n`).
    pub fn t(&self, key: &str) -> String {
        i18n::text(self.lang, key)
    }

    /// The text for `key` with one named value.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        i18n::text_with(
            self.lang,
            key,
            &[(name, FluentValue::from(value.to_string()))],
        )
    }

    /// The text for `key` with two named values.
    pub fn t2(&self, key: &str, n1: &str, v1: &str, n2: &str, v2: &str) -> String {
        i18n::text_with(
            self.lang,
            key,
            &[
                (n1, FluentValue::from(v1.to_string())),
                (n2, FluentValue::from(v2.to_string())),
            ],
        )
    }

    /// The text for `key` with a number (for plural forms: `{ $n -> … }`).
    pub fn tn(&self, key: &str, name: &str, n: i64) -> String {
        i18n::text_with(self.lang, key, &[(name, FluentValue::from(n))])
    }
}

pub fn render(t: &impl Template) -> AppResult<String> {
    Ok(t.render()?)
}

pub fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// Percent-encodes a value for use in a query string.
pub fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub status: u16,
    pub detail: String,
    /// The handler's own Dutch explanation, shown marked as Dutch when the
    /// page is in another language.
    pub original_nl: Option<String>,
    pub request_id: String,
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

fn css(body: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body.to_string(),
    )
        .into_response()
}

pub async fn theme_css() -> Response {
    css(crate::assets::THEME_CSS)
}

pub async fn nlds_css(State(state): State<AppState>) -> Response {
    match &state.assets.nlds_css {
        Some(body) => css(body),
        None => (
            StatusCode::NOT_FOUND,
            "NL Design System CSS is niet geïnstalleerd",
        )
            .into_response(),
    }
}

/// Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
        .into_response()
}

/// A posted form's fields as sent, repeated keys kept (checkbox lists),
/// which `axum::Form` cannot express.
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub fn parse(body: &[u8]) -> FormFields {
        FormFields(
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`, or "".
    pub fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `key`, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every field as sent, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}
