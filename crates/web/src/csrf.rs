//! Cross-site request forgery protection for every state-changing request.
//!
//! Two checks: the browser's own signal (`Sec-Fetch-Site`, else `Origin`) must
//! say the request comes from our pages; and a form must carry the viewer's
//! token in the field `csrf` (a file upload: its `csrf` part; other bodies:
//! the `X-CSRF-Token` header). The
//! form check sits here, in one place, so no handler can forget it.

use crate::auth::Viewer;
use crate::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const FORM_LIMIT: usize = 1024 * 1024;
const EXPIRED: &str =
    "Dit formulier is verlopen of komt niet van deze website. Laad de pagina opnieuw en probeer het nog eens.";

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true, // Not a browser cross-site request; the token check still applies.
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = url::Url::parse(origin).ok().map(|u| match u.port() {
                Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_string(),
            });
            host.is_some() && origin_host.as_deref() == host
        }
    }
}

pub async fn protect(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let forbidden = || AppError::BadRequestForbidden(EXPIRED.into()).into_response();
    if !same_origin(&req) {
        return forbidden();
    }
    let expected = req
        .extensions()
        .get::<Viewer>()
        .map(|v| v.csrf().to_string())
        .unwrap_or_default();
    if expected.is_empty() {
        return forbidden();
    }
    let content_type = crate::input::content_type(&req);
    if content_type.starts_with("multipart/form-data") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, crate::input::UPLOAD_LIMIT).await else {
            return AppError::BadRequest(
                "Het bestand is te groot: hoogstens 2 MB per keer.".into(),
            )
            .into_response();
        };
        if !multipart_token_ok(&content_type, bytes.clone(), &expected).await {
            return forbidden();
        }
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    if !is_form {
        let header_ok = req
            .headers()
            .get("x-csrf-token")
            .is_some_and(|v| constant_time_eq(v.as_bytes(), expected.as_bytes()));
        return if header_ok {
            next.run(req).await
        } else {
            forbidden()
        };
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return AppError::BadRequest("Het formulier is te groot.".into()).into_response();
    };
    let token_ok = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "csrf")
        .is_some_and(|(_, v)| constant_time_eq(v.as_bytes(), expected.as_bytes()));
    if !token_ok {
        return forbidden();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Does the upload carry the token in its `csrf` part? The parts are read
/// from a copy of the body; the handler gets the original.
async fn multipart_token_ok(content_type: &str, body: axum::body::Bytes, expected: &str) -> bool {
    let Some(mut form) = crate::input::multipart(content_type, body).await else {
        return false;
    };
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("csrf") {
            return field
                .text()
                .await
                .is_ok_and(|v| constant_time_eq(v.as_bytes(), expected.as_bytes()));
        }
    }
    false
}
