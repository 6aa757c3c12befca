//! The layers every request passes, outermost first: compression, request id and
//! access log, the client's address, a timeout (30 s by default), metrics, security headers, the viewer
//! (session), error rendering, the budgets of the public API and search, CSRF, input checks
//! (`crate::input`).

use crate::auth::Viewer;
use crate::error::{title_for, Problem};
use crate::i18n::{text, text_with, Locale};
use crate::pages::{Chrome, ErrorPage};
use crate::state::AppState;
use askama::Template;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use kompas_domain::language::Language;
use rand::RngCore;
use std::time::Instant;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub fn wrap(router: Router, state: AppState) -> Router {
    let timeout = state.limits.config.request_timeout;
    router
        .layer(from_fn(crate::input::guard))
        .layer(from_fn(crate::csrf::protect))
        .layer(from_fn_with_state(
            state.clone(),
            crate::limits::layers::public_budgets,
        ))
        .layer(from_fn_with_state(state.clone(), render_errors))
        .layer(from_fn(crate::i18n::resolve_language))
        .layer(from_fn_with_state(
            state.clone(),
            crate::auth::session::load_viewer,
        ))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .layer(from_fn(track_metrics))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(from_fn_with_state(
            state,
            crate::limits::layers::resolve_client,
        ))
        .layer(from_fn(request_id))
        .layer(CompressionLayer::new())
}

async fn request_id(mut req: Request, next: Next) -> Response {
    let mut bytes = [0_u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id = hex::encode(bytes);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = loggable_path(req.uri());
    let started = Instant::now();
    let mut res = next.run(req).await;
    tracing::info!(
        request_id = %id,
        method = %method,
        path = %path,
        status = res.status().as_u16(),
        millis = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Paths whose next segment is a one-time secret (the resident's login link).
const SECRET_SEGMENT_AFTER: &[&str] = &["/mijn/inloggen/"];

/// What the access log may show of a request's address: the path, with
/// one-time tokens replaced by `[verborgen]`, and never the query string,
/// which holds what someone searched for, a reason (`reden=`) for looking
/// up a household, or a single sign-on code.
pub fn loggable_path(uri: &axum::http::Uri) -> String {
    let path = uri.path();
    for prefix in SECRET_SEGMENT_AFTER {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}[verborgen]{tail}");
        }
    }
    path.to_string()
}

async fn track_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = req.method().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("kompas_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("kompas_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    res
}

async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    // A page may ask for less (the resident's link page: no referrer at all).
    if !h.contains_key(header::REFERRER_POLICY) {
        set(h, "referrer-policy", "same-origin");
    }
    set(h, "x-frame-options", "DENY");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    if state.config.secure_cookies {
        set(
            h,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    res
}

fn wants_json(req: &Request) -> bool {
    req.uri().path().starts_with("/api/")
        || req.uri().path() == "/health"
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("json") && !a.contains("text/html"))
}

/// Renders every error the same way: `AppError`s from handlers and plain
/// error responses from axum itself (bad form data, unknown method).
async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let json = wants_json(&req);
    let path = req.uri().path().to_string();
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    let rid = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let locale = req
        .extensions()
        .get::<Locale>()
        .cloned()
        .unwrap_or_default();
    let res = next.run(req).await;
    let status = res.status();
    let problem = res.extensions().get::<Problem>().cloned();
    let is_plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if problem.is_none() && !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    if problem.is_none() && !is_plain {
        return res;
    }
    // Headers the rendered problem must keep: when to retry, and CORS.
    let kept: Vec<(header::HeaderName, HeaderValue)> =
        [header::RETRY_AFTER, header::ACCESS_CONTROL_ALLOW_ORIGIN]
            .into_iter()
            .filter_map(|name| res.headers().get(&name).cloned().map(|v| (name, v)))
            .collect();
    let mut rendered = render_problem(
        &state, &viewer, &locale, json, status, problem, res, path, rid,
    )
    .await;
    rendered.headers_mut().extend(kept);
    rendered
}

/// Professional parts of the site: their error pages stay Dutch.
const PROFESSIONAL: &[&str] = &[
    "/werk",
    "/beheer",
    "/partner",
    "/redactie",
    "/monitor",
    "/api",
];

/// Is `path` a public page, whose errors speak the resident's language?
fn is_public(path: &str) -> bool {
    !PROFESSIONAL.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The error page's title key in `errors.ftl`.
fn title_key(status: StatusCode) -> String {
    match status.as_u16() {
        n @ (400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 503) => {
            format!("error-title-{n}")
        }
        _ if status.is_server_error() => "error-title-5xx".into(),
        _ => "error-title-other".into(),
    }
}

/// The explanation of a status that says everything there is to say, in
/// `errors.ftl`; None when the handler's own words matter (a form's
/// problem, an expired form).
fn generic_detail_key(status: StatusCode) -> Option<String> {
    match status.as_u16() {
        n @ (401 | 404 | 405 | 429 | 503) => Some(format!("error-detail-{n}")),
        _ if status.is_server_error() => Some("error-detail-5xx".into()),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_problem(
    state: &AppState,
    viewer: &Viewer,
    locale: &Locale,
    json: bool,
    status: StatusCode,
    problem: Option<Problem>,
    res: Response,
    path: String,
    rid: String,
) -> Response {
    let (title, detail) = match problem {
        Some(p) => (p.title, p.detail),
        None => {
            let body = axum::body::to_bytes(res.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&body).trim().to_string();
            let detail = match status {
                StatusCode::NOT_FOUND => {
                    "Deze pagina bestaat niet (meer). Controleer het adres.".to_string()
                }
                StatusCode::METHOD_NOT_ALLOWED => {
                    "Deze handeling kan niet op dit adres.".to_string()
                }
                _ if status.is_server_error() => {
                    "Er ging iets mis aan onze kant. Probeer het later opnieuw.".to_string()
                }
                _ if text.is_empty() => title_for(status).to_string(),
                _ => text_with(
                    Language::Nl,
                    "error-detail-invalid",
                    &[("reason", text.clone().into())],
                ),
            };
            (title_for(status), detail)
        }
    };
    if json {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": title,
            "status": status.as_u16(),
            "detail": detail,
            "instance": path,
            "request_id": rid,
        });
        return (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
    }
    // Public pages in the resident's language; the handler's Dutch words
    // stay, marked as Dutch, where no general text says the same.
    let lang = if is_public(&path) {
        locale.lang
    } else {
        Language::Nl
    };
    let title = text(lang, &title_key(status));
    let (detail, original_nl) = if lang == Language::Nl {
        (detail, None)
    } else if let Some(key) = generic_detail_key(status) {
        (text(lang, &key), None)
    } else {
        (text(lang, "error-detail-other"), Some(detail))
    };
    let chrome = if lang == Language::Nl && !is_public(&path) {
        Chrome::new(state, viewer, &title)
    } else {
        Chrome::public(state, viewer, locale, &title)
    };
    let page = ErrorPage {
        chrome,
        status: status.as_u16(),
        detail,
        original_nl,
        request_id: rid,
    };
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(_) => (status, Body::from(page.chrome.title)).into_response(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{is_public, loggable_path};

    #[test]
    fn errors_speak_the_residents_language_only_outside_the_professional_parts() {
        for path in [
            "/",
            "/zoeken",
            "/aanbod/9",
            "/vraagwijzer",
            "/werkwijze",
            "/mijn",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/werk",
            "/werk/wachtrij",
            "/beheer/audit",
            "/api/v1/services",
            "/monitor",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }

    #[test]
    fn the_access_log_hides_one_time_tokens_and_query_values() {
        let token = "ab".repeat(32);
        let uri = format!("/mijn/inloggen/{token}?x=1").parse().unwrap();
        let logged = loggable_path(&uri);
        assert_eq!(logged, "/mijn/inloggen/[verborgen]");
        assert!(!logged.contains(&token));
        let uri = "/werk/huishoudens/12?reden=schuldhulp+voor+Jan&melding=ok"
            .parse()
            .unwrap();
        let logged = loggable_path(&uri);
        assert_eq!(logged, "/werk/huishoudens/12");
        assert!(!logged.contains("reden") && !logged.contains("Jan"));
        let uri = "/inloggen/sso/wilgendaal/terug?code=geheim&state=s"
            .parse()
            .unwrap();
        assert_eq!(loggable_path(&uri), "/inloggen/sso/wilgendaal/terug");
        assert_eq!(loggable_path(&"/mijn".parse().unwrap()), "/mijn");
    }
}
