//! Regions, municipalities (the tenants) and organisations.

use crate::{conflict_on_unique, Db, Result, StoreError};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Municipality {
    pub id: i64,
    pub cbs_code: String,
    pub name: String,
    pub region_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    pub id: i64,
    pub municipality_id: i64,
    pub name: String,
    pub kind: String,
}

fn municipality(r: &AnyRow) -> Result<Municipality> {
    Ok(Municipality {
        id: r.try_get("id")?,
        cbs_code: r.try_get("cbs_code")?,
        name: r.try_get("name")?,
        region_id: r.try_get("region_id")?,
    })
}

fn organization(r: &AnyRow) -> Result<Organization> {
    Ok(Organization {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
    })
}

pub async fn create_region(conn: &mut AnyConnection, name: &str) -> Result<i64> {
    let r = sqlx::query("INSERT INTO regions (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(conn)
        .await
        .map_err(|e| conflict_on_unique(e, &format!("regio '{name}'")))?;
    Ok(r.try_get("id")?)
}

pub async fn create_municipality(
    conn: &mut AnyConnection,
    cbs_code: &str,
    name: &str,
    region_id: Option<i64>,
) -> Result<i64> {
    let code = cbs_code.trim().to_uppercase();
    let valid =
        code.len() == 6 && code.starts_with("GM") && code[2..].chars().all(|c| c.is_ascii_digit());
    if !valid {
        return Err(StoreError::Invalid(format!(
            "gemeentecode '{cbs_code}' is ongeldig: gebruik GM en 4 cijfers, bijvoorbeeld GM0363"
        )));
    }
    let r = sqlx::query(
        "INSERT INTO municipalities (cbs_code, name, region_id) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&code)
    .bind(name)
    .bind(region_id)
    .fetch_one(conn)
    .await
    .map_err(|e| conflict_on_unique(e, &format!("gemeente {code}")))?;
    Ok(r.try_get("id")?)
}

pub async fn create_organization(
    conn: &mut AnyConnection,
    municipality_id: i64,
    name: &str,
    kind: &str,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO organizations (municipality_id, name, kind) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(municipality_id)
    .bind(name)
    .bind(kind)
    .fetch_one(conn)
    .await
    .map_err(|e| conflict_on_unique(e, &format!("organisatie '{name}'")))?;
    Ok(r.try_get("id")?)
}

pub async fn municipalities(db: &Db) -> Result<Vec<Municipality>> {
    sqlx::query("SELECT id, cbs_code, name, region_id FROM municipalities ORDER BY name")
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(municipality)
        .collect()
}

pub async fn municipality_by_code(db: &Db, cbs_code: &str) -> Result<Municipality> {
    let code = cbs_code.trim().to_uppercase();
    let row =
        sqlx::query("SELECT id, cbs_code, name, region_id FROM municipalities WHERE cbs_code = $1")
            .bind(&code)
            .fetch_optional(db.reader())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("gemeente {code}")))?;
    municipality(&row)
}

pub async fn municipality_by_id(db: &Db, id: i64) -> Result<Municipality> {
    let row = sqlx::query("SELECT id, cbs_code, name, region_id FROM municipalities WHERE id = $1")
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("gemeente {id}")))?;
    municipality(&row)
}

/// The municipalities of a caller's scope, by name.
pub async fn municipalities_of(
    db: &Db,
    scope: &kompas_domain::MunicipalityScope,
) -> Result<Vec<Municipality>> {
    let sql = format!(
        "SELECT id, cbs_code, name, region_id FROM municipalities WHERE {} ORDER BY name",
        crate::in_scope("id", scope)
    );
    sqlx::query(&sql)
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(municipality)
        .collect()
}

/// An organisation of one of the caller's municipalities.
pub async fn organization_in(
    db: &Db,
    scope: &kompas_domain::MunicipalityScope,
    id: i64,
) -> Result<Option<Organization>> {
    let sql = format!(
        "SELECT id, municipality_id, name, kind FROM organizations WHERE id = $1 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(id)
        .fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(organization)
        .transpose()
}

pub async fn organization_by_name(
    db: &Db,
    municipality_id: i64,
    name: &str,
) -> Result<Organization> {
    let row = sqlx::query(
        "SELECT id, municipality_id, name, kind FROM organizations WHERE municipality_id = $1 AND name = $2",
    )
    .bind(municipality_id)
    .bind(name)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("organisatie '{name}'")))?;
    organization(&row)
}

pub async fn organizations(db: &Db, municipality_id: i64) -> Result<Vec<Organization>> {
    sqlx::query(
        "SELECT id, municipality_id, name, kind FROM organizations WHERE municipality_id = $1 ORDER BY name",
    )
    .bind(municipality_id)
    .fetch_all(db.reader())
    .await?
    .iter()
    .map(organization)
    .collect()
}
