//! A municipality's contact details and statement settings (columns on
//! `municipalities`, migration 0017). The public pages read the home
//! municipality's by id (public data); an admin reads and saves them only
//! within their scope.

use crate::{in_scope, Result, StoreError};
use kompas_domain::contact::{AccessibilityStatus, MunicipalContact};
use kompas_domain::MunicipalityScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A municipality with its contact details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactOf {
    pub municipality_id: i64,
    pub name: String,
    pub contact: MunicipalContact,
}

const COLUMNS: &str = "id, name, contact_phone, contact_visiting_address, contact_postal_address, \
     contact_email, contact_opening_hours, contact_website, privacy_email, accessibility_status, \
     accessibility_checked_on";

fn row(r: &AnyRow) -> Result<ContactOf> {
    let checked: Option<String> = r.try_get("accessibility_checked_on")?;
    Ok(ContactOf {
        municipality_id: r.try_get("id")?,
        name: r.try_get("name")?,
        contact: MunicipalContact {
            phone: r.try_get("contact_phone")?,
            visiting_address: r.try_get("contact_visiting_address")?,
            postal_address: r.try_get("contact_postal_address")?,
            email: r.try_get("contact_email")?,
            opening_hours: r.try_get("contact_opening_hours")?,
            website: r.try_get("contact_website")?,
            privacy_email: r.try_get("privacy_email")?,
            accessibility: AccessibilityStatus::parse(
                &r.try_get::<String, _>("accessibility_status")?,
            )
            .unwrap_or_default(),
            accessibility_checked_on: checked
                .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        },
    })
}

/// The contact details the public pages show: those of the installation's
/// home municipality (public information, so no scope).
pub async fn public_contact(
    conn: &mut AnyConnection,
    municipality_id: i64,
) -> Result<Option<ContactOf>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM municipalities WHERE id = $1"
    ))
    .bind(municipality_id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(row)
    .transpose()
}

/// The contact details of the caller's municipalities, by name.
pub async fn contacts_in(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
) -> Result<Vec<ContactOf>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM municipalities WHERE {} ORDER BY name",
        in_scope("id", scope)
    ))
    .fetch_all(conn)
    .await?
    .iter()
    .map(row)
    .collect()
}

/// One municipality's contact details, when it is in the caller's scope.
pub async fn contact_in(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
) -> Result<Option<ContactOf>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM municipalities WHERE id = $1 AND {}",
        in_scope("id", scope)
    ))
    .bind(municipality_id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(row)
    .transpose()
}

/// Saves a municipality's contact details (checked again here). A
/// municipality outside the scope is not found.
pub async fn save_contact(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    contact: &MunicipalContact,
) -> Result<()> {
    if let Some((field, reason)) = contact.problems().first() {
        return Err(StoreError::Invalid(format!("{field}: {reason}")));
    }
    let phone = contact
        .phone_number()
        .map(|p| p.display())
        .unwrap_or_default();
    let done = sqlx::query(&format!(
        "UPDATE municipalities SET contact_phone = $1, contact_visiting_address = $2, \
         contact_postal_address = $3, contact_email = $4, contact_opening_hours = $5, \
         contact_website = $6, privacy_email = $7, accessibility_status = $8, \
         accessibility_checked_on = $9 WHERE id = $10 AND {}",
        in_scope("id", scope)
    ))
    .bind(phone)
    .bind(contact.visiting_address.trim())
    .bind(contact.postal_address.trim())
    .bind(contact.email.trim())
    .bind(contact.opening_hours.trim())
    .bind(contact.website.trim())
    .bind(contact.privacy_email.trim())
    .bind(contact.accessibility.code())
    .bind(
        contact
            .accessibility_checked_on
            .map(|d| d.format("%Y-%m-%d").to_string()),
    )
    .bind(municipality_id)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("gemeente {municipality_id}")));
    }
    Ok(())
}
