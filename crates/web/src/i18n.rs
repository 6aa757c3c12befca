//! Residents' languages (issue 15): the public and resident pages speak Dutch,
//! English, Arabic, Turkish, Polish and Ukrainian. Texts live in Fluent files,
//! `crates/web/locales/<code>/*.ftl`, one file per part of the site, embedded at
//! build time; a key missing in a language falls back to Dutch (and a test
//! fails unless the file says so, see `tests` below).
//!
//! The language of a request: `?taal=xx` (and it sticks in a cookie), else the
//! cookie, else the browser's `Accept-Language`, else Dutch. Professional pages
//! are always Dutch: only `Chrome::public` takes the resident's language.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{langid, static_loader, LanguageIdentifier, Loader};
use kompas_domain::language::Language;
use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        // Plain text without Unicode isolation marks: templates escape it and
        // put a `<bdi>` around values that may run the other way.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The resident's session cookie (`crate::resident` opens and checks it; it is
/// named here so the header can see it is there without depending on that).
pub const RESIDENT_COOKIE: &str = "kompas_inwoner";

/// The cookie that keeps a resident's language choice (a year; not personal data).
pub const LANG_COOKIE: &str = "kompas_taal";
const LANG_COOKIE_SECONDS: i64 = 60 * 60 * 24 * 365;

static NL: LanguageIdentifier = langid!("nl");
static EN: LanguageIdentifier = langid!("en");
static AR: LanguageIdentifier = langid!("ar");
static TR: LanguageIdentifier = langid!("tr");
static PL: LanguageIdentifier = langid!("pl");
static UK: LanguageIdentifier = langid!("uk");

fn langid(lang: Language) -> &'static LanguageIdentifier {
    match lang {
        Language::Nl => &NL,
        Language::En => &EN,
        Language::Ar => &AR,
        Language::Tr => &TR,
        Language::Pl => &PL,
        Language::Uk => &UK,
    }
}

/// The text of `key` in `lang` (Dutch when the language lacks it).
pub fn text(lang: Language, key: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), key)
        .unwrap_or_else(|| key.to_string())
}

/// The text of `key` with named values (`{ $name }` in the file).
pub fn text_with(lang: Language, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(langid(lang), key, &map)
        .unwrap_or_else(|| key.to_string())
}

/// The resident's language for this request and the page's own address
/// without `taal`, so the language choice can link to the same page.
#[derive(Debug, Clone, Default)]
pub struct Locale {
    pub lang: Language,
    pub here: String,
    /// The browser carries a resident's session cookie (checked, with the
    /// name, only on the resident's own pages): the header offers "Mijn plan".
    pub resident: bool,
}

impl Locale {
    /// A link to this page in `lang`.
    pub fn link_in(&self, lang: Language) -> String {
        let sep = if self.here.contains('?') { '&' } else { '?' };
        format!("{}{sep}taal={}", self.here, lang.code())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Locale>()
            .cloned()
            .unwrap_or_default())
    }
}

fn cookie_choice(headers: &HeaderMap) -> Option<Language> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Language::parse(v))
}

/// Resolves the request's language (see the module comment) and keeps a
/// choice made by URL in the cookie.
pub async fn resolve_language(mut req: Request, next: Next) -> Response {
    let query: Vec<(String, String)> = req
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let chosen = query
        .iter()
        .find(|(k, _)| k == "taal")
        .and_then(|(_, v)| Language::parse(v));
    let kept = cookie_choice(req.headers());
    let lang = chosen
        .or(kept)
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_default();
    let rest: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "taal").collect();
    let mut here = req.uri().path().to_string();
    if !rest.is_empty() {
        here.push('?');
        here.push_str(
            &url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(rest.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .finish(),
        );
    }
    let resident = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(k, v)| k == RESIDENT_COOKIE && !v.is_empty());
    req.extensions_mut().insert(Locale {
        lang,
        here,
        resident,
    });
    let mut res = next.run(req).await;
    if let Some(lang) = chosen.filter(|c| Some(*c) != kept) {
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={LANG_COOKIE_SECONDS}",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    // The same page address answers in six languages.
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html {
        res.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    const LOCALE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    const TEMPLATE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");

    /// The message ids a Fluent file defines (terms `-x` included), and the
    /// ids it says it leaves to Dutch on purpose (`# fallback: id`).
    fn ids(file: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
        let text = std::fs::read_to_string(file).unwrap();
        let mut defined = BTreeSet::new();
        let mut fallback = BTreeSet::new();
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("# fallback:") {
                fallback.insert(id.trim().to_string());
                continue;
            }
            let Some((id, _)) = line.split_once('=') else {
                continue;
            };
            let id = id.trim_end();
            let starts = line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
            if starts
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                defined.insert(id.to_string());
            }
        }
        (defined, fallback)
    }

    fn files(lang: Language) -> Vec<std::path::PathBuf> {
        let dir = Path::new(LOCALE_DIR).join(lang.code());
        let mut v: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_dutch_message_exists_in_every_language_or_is_a_stated_fallback() {
        let dutch = files(Language::Nl);
        assert!(!dutch.is_empty());
        let mut missing = Vec::new();
        for lang in Language::ALL.into_iter().skip(1) {
            for nl_file in &dutch {
                let name = nl_file.file_name().unwrap();
                let other = Path::new(LOCALE_DIR).join(lang.code()).join(name);
                let (want, _) = ids(nl_file);
                let (have, fallback) = if other.exists() {
                    ids(&other)
                } else {
                    Default::default()
                };
                for id in want.difference(&have) {
                    if !fallback.contains(id) {
                        missing.push(format!("{}/{}: {id}", lang.code(), name.to_string_lossy()));
                    }
                }
                for id in have.difference(&want) {
                    missing.push(format!(
                        "{}/{}: {id} is not in Dutch",
                        lang.code(),
                        name.to_string_lossy()
                    ));
                }
            }
        }
        assert!(missing.is_empty(), "messages missing: {missing:#?}");
    }

    #[test]
    fn every_file_parses_and_every_key_a_template_asks_for_exists_in_dutch() {
        for lang in Language::ALL {
            for f in files(lang) {
                let text = std::fs::read_to_string(&f).unwrap();
                if let Err((_, errors)) =
                    fluent_templates::fluent_bundle::FluentResource::try_new(text)
                {
                    panic!("{}: {errors:?}", f.display());
                }
            }
        }
        let dutch: BTreeSet<String> = files(Language::Nl).iter().flat_map(|f| ids(f).0).collect();
        let mut unknown = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(TEMPLATE_DIR)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                for call in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\""] {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        let key = &rest[..rest.find('"').unwrap_or(0)];
                        if !dutch.contains(key) {
                            unknown.push(format!("{}: {key}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "keys without a Dutch text: {unknown:#?}"
        );
    }

    #[test]
    fn a_missing_translation_falls_back_to_dutch_and_values_are_filled_in() {
        assert_eq!(text(Language::Nl, "nav-search"), "Zoeken");
        assert_eq!(text(Language::En, "nav-search"), "Search");
        assert_ne!(text(Language::Ar, "nav-search"), "Zoeken");
        assert_eq!(text(Language::En, "no-such-key"), "no-such-key");
        let footer = text_with(
            Language::En,
            "footer-about",
            &[("place", FluentValue::from("Wilgendaal"))],
        );
        assert!(footer.contains("Wilgendaal"), "{footer}");
    }

    #[test]
    fn the_language_links_keep_the_rest_of_the_address() {
        let l = Locale {
            lang: Language::Nl,
            here: "/zoeken?q=huur".into(),
            resident: false,
        };
        assert_eq!(l.link_in(Language::Ar), "/zoeken?q=huur&taal=ar");
        let l = Locale {
            lang: Language::Nl,
            here: "/".into(),
            resident: false,
        };
        assert_eq!(l.link_in(Language::En), "/?taal=en");
    }
}
