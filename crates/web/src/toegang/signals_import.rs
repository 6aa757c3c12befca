//! The upload page for creditors' payment-arrears signals (vroegsignalering):
//! a CSV file, or its text pasted. All or nothing, unless the worker asks to
//! skip the bad rows; every problem is shown with its row and column, and the
//! text stays in the form to be put right.

use super::{deadline_for, worker};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::{html, render, Chrome};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kompas_domain::AuditOutcome;
use kompas_interop::arrears_csv::{self, CsvProblem};
use kompas_store::arrears_import::{self, ImportContext, Imported};

#[derive(Template)]
#[template(path = "toegang/signals_import.html")]
struct ImportPage {
    chrome: Chrome,
    text: String,
    skip: bool,
    problems: Vec<CsvProblem>,
    /// The rows that were skipped (with `skip`) or that stopped the import.
    refused: bool,
    summary: Option<String>,
    done: Vec<Imported>,
    columns: &'static str,
}

fn page(state: &AppState, viewer: &Viewer) -> ImportPage {
    ImportPage {
        chrome: Chrome::new(state, viewer, "Signalen betalingsachterstand importeren"),
        text: String::new(),
        skip: false,
        problems: Vec::new(),
        refused: false,
        summary: None,
        done: Vec::new(),
        columns: arrears_csv::template().lines().next().unwrap_or_default(),
    }
}

pub async fn form(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    worker(&viewer)?;
    Ok(html(render(&page(&state, &viewer))?))
}

/// An empty file to start from: the header and one invented example row.
pub async fn example(viewer: Viewer) -> AppResult<Response> {
    worker(&viewer)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"signalen-voorbeeld.csv\"",
            ),
        ],
        arrears_csv::template(),
    )
        .into_response())
}

/// The file (preferred) or the pasted text, and the skip choice.
async fn read_upload(mut form: Multipart) -> AppResult<(String, bool)> {
    let bad = |_| AppError::BadRequest("Het formulier kon niet worden gelezen.".into());
    let (mut file, mut pasted, mut skip) = (String::new(), String::new(), false);
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "bestand" => file = arrears_csv::decode_text(&field.bytes().await.map_err(bad)?),
            "tekst" => pasted = field.text().await.map_err(bad)?,
            "overslaan" => skip = field.text().await.map_err(bad)? == "ja",
            _ => {}
        }
    }
    Ok((if file.trim().is_empty() { pasted } else { file }, skip))
}

pub async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Multipart,
) -> AppResult<Response> {
    let user = worker(&viewer)?;
    let (text, skip) = read_upload(form).await?;
    let mut p = page(&state, &viewer);
    p.skip = skip;
    if text.trim().is_empty() {
        p.problems.push(CsvProblem {
            line: 1,
            column: String::new(),
            reason: "kies een bestand of plak de regels in het tekstvak".into(),
        });
        p.refused = true;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(render(&p)?)).into_response());
    }
    let parsed = arrears_csv::parse_arrears(&text);
    p.problems = parsed.errors;
    if !p.problems.is_empty() && (!skip || parsed.signals.is_empty()) {
        p.refused = true;
        p.text = text;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(render(&p)?)).into_response());
    }
    let ctx = ImportContext {
        municipality_id: user.municipality_id,
        now: state.clock.now(),
        due_normal: deadline_for(&state, false),
        due_urgent: deadline_for(&state, true),
        user_id: Some(user.id),
        role: Some(user.role),
    };
    let done = arrears_import::import_file(&state.db, &ctx, &parsed.signals, |action| {
        let mut e = crate::auth::audit_entry(state.clock.now(), Some(user), action, "vraag", None);
        e.purpose = Some("vroegsignalering".into());
        e.legal_ground = Some("Wet gemeentelijke schuldhulpverlening, art. 3a".into());
        e.outcome = AuditOutcome::Success;
        e
    })
    .await?;
    p.summary = Some(arrears_import::summary_nl(&done));
    p.done = done;
    Ok(html(render(&p)?))
}
