//! One error type for pages and API. A handler returns `AppError`; the error
//! layer (middleware::render_errors) turns it into an HTML page or an
//! `application/problem+json` document, both carrying the request id.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("Deze pagina of dit gegeven bestaat niet (meer).")]
    NotFound,
    /// Not found, saying what was looked for (the HSDS API: "geen aanbod met id …").
    #[error("{0}")]
    NoSuch(String),
    #[error("U heeft geen toegang tot deze pagina of handeling.")]
    Forbidden,
    /// Refused for a reason the user can fix (an expired form, a foreign origin).
    #[error("{0}")]
    BadRequestForbidden(String),
    #[error("U moet eerst inloggen.")]
    Unauthorized,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unprocessable(String),
    /// Over a budget (see `limits`): 429 with `Retry-After`.
    #[error("U heeft in korte tijd veel verzoeken gedaan. Probeer het over {} seconden opnieuw.", retry_after.0)]
    TooManyRequests {
        retry_after: crate::limits::RetryAfter,
    },
    /// Too many requests of this kind at once: 503 with `Retry-After`.
    #[error("Het is nu erg druk. Probeer het over een paar seconden opnieuw.")]
    Busy {
        retry_after: crate::limits::RetryAfter,
    },
    #[error("Er ging iets mis aan onze kant. Probeer het later opnieuw.")]
    Internal(#[from] anyhow::Error),
}

/// What the error layer needs to render a problem.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: String,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound | AppError::NoSuch(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::BadRequestForbidden(_) => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

pub fn title_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Verzoek niet begrepen",
        401 => "Inloggen nodig",
        403 => "Geen toegang",
        404 => "Pagina niet gevonden",
        405 => "Dit kan hier niet",
        409 => "Conflict",
        413 => "Te groot",
        415 => "Verkeerd formaat",
        422 => "Gegevens niet in orde",
        429 => "Te veel verzoeken",
        503 => "Tijdelijk niet beschikbaar",
        _ if status.is_server_error() => "Er ging iets mis",
        _ => "Fout",
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = %format!("{e:#}"), "internal error");
        }
        let status = self.status();
        let problem = Problem {
            status,
            title: title_for(status),
            detail: self.to_string(),
        };
        let mut res = status.into_response();
        if let AppError::TooManyRequests { retry_after } | AppError::Busy { retry_after } = &self {
            let (name, value) = retry_after.header();
            res.headers_mut().insert(name, value);
        }
        res.extensions_mut().insert(problem);
        res
    }
}

impl From<kompas_store::StoreError> for AppError {
    fn from(e: kompas_store::StoreError) -> Self {
        use kompas_store::StoreError as S;
        match e {
            S::NotFound(_) => AppError::NotFound,
            S::Conflict(what) => AppError::Conflict(format!("{what} bestaat al")),
            S::Invalid(msg) => AppError::Unprocessable(msg),
            S::Sql(e) => AppError::Internal(e.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_not_found_is_a_404_for_pages_and_the_api_alike() {
        let e = AppError::from(kompas_store::StoreError::NotFound("aanbod".into()));
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
        let e = AppError::NoSuch("Er is geen aanbod met id 'x'.".into());
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
        assert_eq!(e.to_string(), "Er is geen aanbod met id 'x'.");
    }
}
