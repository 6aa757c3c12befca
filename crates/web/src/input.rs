//! Input at the edge: one layer checks every text a request carries before a
//! handler sees it: the path, the query string and the body (form fields,
//! the text fields of a file upload, JSON strings). Control characters (NUL
//! and the rest of Unicode category Cc; tab and line breaks only in text
//! areas) and over-long values are refused here, with a Dutch message:
//! 400 for the address (path, query), 422 for what was sent in the body.
//! The limits per field are in `kompas_domain::input` (and `docs/invoer.md`).
//!
//! Without this, a NUL reached PostgreSQL (which cannot store it in text) and
//! became a 500, and a stored NUL could block later steps.

use crate::error::AppError;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kompas_domain::input::{check_text, rule_for, FieldRule, NAME, QUERY};
use serde_json::Value;

/// A file upload (`multipart/form-data`), e.g. a CSV of creditor signals.
pub const UPLOAD_LIMIT: usize = 2 * 1024 * 1024;
/// Bodies larger than this are refused before (forms: by the CSRF layer).
const BODY_LIMIT: usize = UPLOAD_LIMIT;
const BACK: &str = "Ga terug met de knop Vorige van uw browser; wat u typte staat er dan nog.";

pub async fn guard(req: Request, next: Next) -> Response {
    if let Err(msg) = check_address(req.uri()) {
        return AppError::BadRequest(msg).into_response();
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let content_type = content_type(&req).to_ascii_lowercase();
    let kind = if content_type.starts_with("application/x-www-form-urlencoded") {
        Kind::Form
    } else if content_type.starts_with("multipart/form-data") {
        Kind::Multipart
    } else if content_type.starts_with("application/json") || content_type.contains("+json") {
        Kind::Json
    } else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return AppError::BadRequest("Wat u stuurde is te groot.".into()).into_response();
    };
    let checked = match kind {
        Kind::Form => check_form(&bytes),
        Kind::Multipart => check_multipart(&content_type, bytes.clone()).await,
        Kind::Json => check_json(&bytes),
    };
    if let Err(msg) = checked {
        return AppError::Unprocessable(msg).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The request's `Content-Type` (empty when there is none).
pub(crate) fn content_type(req: &Request) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The parts of a buffered `multipart/form-data` body, read from a copy.
pub(crate) async fn multipart(content_type: &str, body: Bytes) -> Option<axum::extract::Multipart> {
    use axum::extract::FromRequest;
    let req = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .ok()?;
    axum::extract::Multipart::from_request(req, &()).await.ok()
}

enum Kind {
    Form,
    Multipart,
    Json,
}

/// The path (percent-decoded) and every query parameter.
fn check_address(uri: &axum::http::Uri) -> Result<(), String> {
    if percent_decode(uri.path()).chars().any(char::is_control) {
        return Err(
            "Het adres bevat een onzichtbaar teken dat niet mag. Controleer het adres.".into(),
        );
    }
    let Some(query) = uri.query() else {
        return Ok(());
    };
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        check_text(&k, NAME).map_err(|p| p.explain("De naam van een parameter in het adres"))?;
        check_text(&v, QUERY)
            .map_err(|p| p.explain(&format!("De waarde van '{}' in het adres", printable(&k))))?;
    }
    Ok(())
}

/// One field: its name, then its value under the rule for that name.
fn check_field(name: &str, value: &str, rule: FieldRule) -> Result<(), String> {
    check_text(name, NAME).map_err(|p| format!("{} {BACK}", p.explain("De naam van een veld")))?;
    check_text(value, rule)
        .map_err(|p| format!("{} {BACK}", p.explain(&format!("Het veld '{name}'"))))
}

fn check_form(body: &[u8]) -> Result<(), String> {
    url::form_urlencoded::parse(body).try_for_each(|(k, v)| check_field(&k, &v, rule_for(&k)))
}

/// The text fields of a file upload; the files themselves are checked by the
/// importer that reads them (with line and column).
async fn check_multipart(content_type: &str, body: Bytes) -> Result<(), String> {
    let Some(mut form) = multipart(content_type, body).await else {
        return Ok(()); // Not readable: the handler refuses it.
    };
    while let Ok(Some(field)) = form.next_field().await {
        if field.file_name().is_some() {
            continue;
        }
        let name = field.name().unwrap_or_default().to_string();
        if let Ok(value) = field.text().await {
            check_field(&name, &value, rule_for(&name))?;
        }
    }
    Ok(())
}

/// Every string in a JSON body, under the rule of the member it belongs to.
fn check_json(body: &[u8]) -> Result<(), String> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Ok(()); // Not JSON: the handler refuses it.
    };
    walk_json(&v, "", 0)
}

fn walk_json(v: &Value, key: &str, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Err("De JSON is te diep genest.".into());
    }
    match v {
        Value::String(s) => check_field(key, s, rule_for(key)),
        Value::Array(items) => items.iter().try_for_each(|x| walk_json(x, key, depth + 1)),
        Value::Object(m) => m.iter().try_for_each(|(k, x)| walk_json(x, k, depth + 1)),
        _ => Ok(()),
    }
}

/// `%XX` decoded (a `+` stays: in a path it is a plus).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (c, hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A name as it can be shown in a message (control characters as `?`).
fn printable(s: &str) -> String {
    s.chars()
        .take(100)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_checked_decoded() {
        let uri = |s: &str| s.parse::<axum::http::Uri>().unwrap();
        assert!(check_address(&uri("/aanbod/12?q=hulp+bij+geld")).is_ok());
        assert!(check_address(&uri("/zoeken?q=caf%C3%A9")).is_ok());
        let e = check_address(&uri("/api/hsds/services?organization_id=%00")).unwrap_err();
        assert!(e.contains("'organization_id'") && e.contains("NUL"), "{e}");
        assert!(check_address(&uri("/api/hsds/services/%00")).is_err());
        assert!(
            check_address(&uri("/zoeken?q=a%0Ab")).is_err(),
            "no line breaks"
        );
        let long = format!("/zoeken?q={}", "x".repeat(8_001));
        assert!(check_address(&uri(&long)).unwrap_err().contains("te lang"));
    }

    #[test]
    fn form_fields_follow_their_rule() {
        assert!(check_form(b"vraag=regel+1%0D%0Aregel+2&naam=Jan").is_ok());
        let e = check_form(b"gebruikersnaam=jan%00&wachtwoord=x").unwrap_err();
        assert!(e.starts_with("Het veld 'gebruikersnaam' bevat"), "{e}");
        assert!(check_form(b"naam=a%0Ab").is_err(), "one-line field");
        assert!(check_form(b"na%01am=x").is_err(), "field names too");
        let long = format!("notitie={}", "x".repeat(10_001));
        assert!(check_form(long.as_bytes()).unwrap_err().contains("10.000"));
    }

    #[test]
    fn json_strings_are_checked_by_member() {
        assert!(check_json(br#"{"vraag": "a\nb", "n": 3}"#).is_ok());
        let e = check_json(br#"{"items": [{"naam": "a\u0000"}]}"#).unwrap_err();
        assert!(e.contains("'naam'"), "{e}");
        assert!(check_json(b"not json").is_ok());
    }

    #[test]
    fn every_text_area_in_the_templates_has_a_multi_line_rule() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut stack = vec![dir];
        let mut names = Vec::new();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let html = std::fs::read_to_string(&p).unwrap();
                for part in html.split("<textarea").skip(1) {
                    let tag = part.split('>').next().unwrap();
                    let name = tag.split("name=\"").nth(1).unwrap().split('"').next();
                    names.push((p.display().to_string(), name.unwrap().to_string()));
                }
            }
        }
        assert!(names.len() > 10, "found the text areas: {names:?}");
        for (file, name) in names {
            assert!(
                rule_for(&name).multi_line,
                "{file}: text area '{name}' is missing from LONG_FIELDS or PASTE_FIELDS in kompas_domain::input"
            );
        }
    }
}
