//! The sociale kaart in the database: areas, the directory's organisations,
//! locations, offers with their history, synonyms, error reports and the
//! partners' proposed changes.

use crate::feed;
use crate::inline::Columns;
use crate::{conflict_on_unique, time, Db, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::directory::{
    AccessRoute, AgeRange, Layer, LifeDomain, OfferDraft, OfferStatus, OpeningHours, TargetGroup,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub use kompas_domain::directory::record::{
    DirectoryOrganization, Location, Offer, OfferPlace, OrganizationInput, Saved,
};

/// Runs a query for at most one row and maps it.
pub(crate) async fn one<T>(
    db: &Db,
    q: AnyQuery<'_>,
    map: fn(&AnyRow) -> Result<T>,
) -> Result<Option<T>> {
    q.fetch_optional(db.reader())
        .await?
        .as_ref()
        .map(map)
        .transpose()
}

/// Runs a query and maps every row.
pub(crate) async fn all<T>(
    db: &Db,
    q: AnyQuery<'_>,
    map: fn(&AnyRow) -> Result<T>,
) -> Result<Vec<T>> {
    q.fetch_all(db.reader()).await?.iter().map(map).collect()
}

// ---------------------------------------------------------------- areas

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub id: i64,
    pub municipality_id: i64,
    pub cbs_code: String,
    pub name: String,
    pub kind: String,
}

fn area(r: &AnyRow) -> Result<Area> {
    Ok(Area {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        cbs_code: r.try_get("cbs_code")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
    })
}

pub async fn create_area(
    conn: &mut AnyConnection,
    municipality_id: i64,
    cbs_code: &str,
    name: &str,
    kind: &str,
) -> Result<i64> {
    let r = sqlx::query("INSERT INTO areas (municipality_id, cbs_code, name, kind) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(municipality_id)
        .bind(cbs_code)
        .bind(name)
        .bind(kind)
        .fetch_one(conn)
        .await
        .map_err(|e| conflict_on_unique(e, &format!("gebied {cbs_code}")))?;
    Ok(r.try_get("id")?)
}

pub async fn add_area_postcode(
    conn: &mut AnyConnection,
    postcode4: &str,
    area_id: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO area_postcodes (postcode4, area_id) VALUES ($1, $2)")
        .bind(postcode4)
        .bind(area_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn areas(db: &Db, municipality_id: i64) -> Result<Vec<Area>> {
    all(db, sqlx::query("SELECT id, municipality_id, cbs_code, name, kind FROM areas WHERE municipality_id = $1 ORDER BY cbs_code").bind(municipality_id), area).await
}

/// The wijk or kern a postcode's four digits belong to.
/// The CBS code of the area of a postcode's four digits, in a transaction.
pub async fn area_for_postcode_in(
    conn: &mut sqlx::AnyConnection,
    postcode4: &str,
) -> Result<Option<String>> {
    let r = sqlx::query(
        "SELECT a.cbs_code FROM areas a JOIN area_postcodes p ON p.area_id = a.id \
         WHERE p.postcode4 = $1 ORDER BY a.cbs_code LIMIT 1",
    )
    .bind(postcode4)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(r.map(|r| r.try_get("cbs_code")).transpose()?)
}

pub async fn area_for_postcode(db: &Db, postcode4: &str) -> Result<Option<Area>> {
    one(db, sqlx::query(
        "SELECT a.id, a.municipality_id, a.cbs_code, a.name, a.kind FROM areas a \
         JOIN area_postcodes p ON p.area_id = a.id WHERE p.postcode4 = $1 ORDER BY a.cbs_code LIMIT 1",
    ).bind(postcode4), area).await
}

// ---------------------------------------------------------------- organisations

fn directory_org<R: Columns>(r: &R) -> Result<DirectoryOrganization> {
    let id: i64 = r.col("id")?;
    Ok(DirectoryOrganization {
        id,
        municipality_id: r.col("municipality_id")?,
        hsds_id: r
            .col::<Option<String>>("hsds_id")?
            .unwrap_or_else(|| format!("org-{id}")),
        name: r.col("name")?,
        description: r.col::<Option<String>>("description")?.unwrap_or_default(),
        website: r.col("website")?,
        email: r.col("email")?,
        phone: r.col("phone")?,
    })
}

const ORG_COLUMNS: &str = "id, municipality_id, hsds_id, name, description, website, email, phone";

/// Creates or updates the organisation with this HSDS id; an organisation of
/// the same name in the municipality without an HSDS id is adopted.
pub async fn upsert_organization(
    conn: &mut AnyConnection,
    municipality_id: i64,
    o: &OrganizationInput,
) -> Result<i64> {
    let existing = sqlx::query(
        "SELECT id FROM organizations WHERE hsds_id = $1 OR (hsds_id IS NULL AND municipality_id = $2 AND name = $3) ORDER BY id LIMIT 1",
    )
    .bind(&o.hsds_id)
    .bind(municipality_id)
    .bind(&o.name)
    .fetch_optional(&mut *conn)
    .await?;
    match existing {
        Some(r) => {
            let id: i64 = r.try_get("id")?;
            sqlx::query(
                "UPDATE organizations SET hsds_id = $1, name = $2, description = $3, website = $4, email = $5, phone = $6 WHERE id = $7",
            )
            .bind(&o.hsds_id)
            .bind(&o.name)
            .bind(&o.description)
            .bind(&o.website)
            .bind(&o.email)
            .bind(&o.phone)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| conflict_on_unique(e, &format!("organisatie '{}'", o.name)))?;
            feed::record(conn, feed::Change::Organization(id)).await?;
            Ok(id)
        }
        None => {
            let r = sqlx::query(
                "INSERT INTO organizations (municipality_id, name, kind, hsds_id, description, website, email, phone) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(municipality_id)
            .bind(&o.name)
            .bind(if o.kind.is_empty() { "overig" } else { o.kind.as_str() })
            .bind(&o.hsds_id)
            .bind(&o.description)
            .bind(&o.website)
            .bind(&o.email)
            .bind(&o.phone)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| conflict_on_unique(e, &format!("organisatie '{}'", o.name)))?;
            let id = r.try_get("id")?;
            feed::record(conn, feed::Change::Organization(id)).await?;
            Ok(id)
        }
    }
}

pub async fn organization(db: &Db, id: i64) -> Result<Option<DirectoryOrganization>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1");
    one(db, sqlx::query(&sql).bind(id), directory_org).await
}

pub async fn organization_by_hsds(db: &Db, hsds_id: &str) -> Result<Option<DirectoryOrganization>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE hsds_id = $1");
    one(db, sqlx::query(&sql).bind(hsds_id), directory_org).await
}

/// Organisations that have offers, for the HSDS API.
pub async fn organizations_page(
    db: &Db,
    after_id: i64,
    limit: i64,
) -> Result<Vec<DirectoryOrganization>> {
    let sql = format!(
        "SELECT {ORG_COLUMNS} FROM organizations o WHERE id > $1 AND EXISTS (SELECT 1 FROM offers f WHERE f.organization_id = o.id) ORDER BY id LIMIT $2"
    );
    all(
        db,
        sqlx::query(&sql).bind(after_id).bind(limit),
        directory_org,
    )
    .await
}

/// The organisations with these ids (in no particular order).
pub async fn organizations_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<DirectoryOrganization>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(100) {
        let list = padded_marks(chunk.len());
        let sql = format!("SELECT {ORG_COLUMNS} FROM organizations o WHERE id IN ({list})");
        out.extend(all_by_ids(db, &sql, chunk, |r| directory_org(r), directory_org).await?);
    }
    Ok(out)
}

/// `$1, …, $n` for a list of `len` ids, padded to one of a few lengths so
/// the database sees a handful of statement texts it can keep prepared.
pub(crate) fn padded_marks(len: usize) -> String {
    let n = padded_len(len);
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn padded_len(len: usize) -> usize {
    [10, 25, 50, 100, 250, 1000]
        .into_iter()
        .find(|n| *n >= len)
        .unwrap_or(len)
}

/// `ids` padded to the length of `padded_marks`, repeating the last id.
fn padded_ids(ids: &[i64]) -> Vec<i64> {
    (0..padded_len(ids.len()))
        .map(|i| ids[i.min(ids.len() - 1)])
        .collect()
}

/// The rows of `sql`, whose marks come from `padded_marks`, for `ids`, each
/// mapped: on the caller's thread where `crate::inline` can read (the same
/// mapper, through `map_inline`), otherwise (PostgreSQL, SQLite busy)
/// through sqlx.
pub(crate) async fn all_by_ids<T>(
    db: &Db,
    sql: &str,
    ids: &[i64],
    map_inline: fn(&crate::inline::InlineRow<'_>) -> Result<T>,
    map: fn(&AnyRow) -> Result<T>,
) -> Result<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let padded = padded_ids(ids);
    if let Some(inline) = db.inline() {
        if let Some(found) = inline.all(sql, &padded, map_inline)? {
            return Ok(found);
        }
    }
    let q = padded
        .into_iter()
        .fold(sqlx::query(sql), |q, id| q.bind(id));
    all(db, q, map).await
}

// ---------------------------------------------------------------- locations

/// Coordinates travel as text and are cast in SQL: sqlx's `Any` driver types a
/// NULL `f64` as `float4` on PostgreSQL, which breaks the cached statement for
/// the next real value.
pub async fn upsert_location(conn: &mut AnyConnection, l: &Location) -> Result<i64> {
    let existing = sqlx::query("SELECT id FROM locations WHERE hsds_id = $1")
        .bind(&l.hsds_id)
        .fetch_optional(&mut *conn)
        .await?;
    let id = match existing {
        Some(r) => {
            let id: i64 = r.try_get("id")?;
            sqlx::query(
                "UPDATE locations SET organization_id = $1, name = $2, address = $3, postcode = $4, city = $5, \
                 area_code = $6, latitude = CAST($7 AS DOUBLE PRECISION), \
                 longitude = CAST($8 AS DOUBLE PRECISION) WHERE id = $9",
            )
            .bind(l.organization_id)
            .bind(&l.name)
            .bind(&l.address)
            .bind(&l.postcode)
            .bind(&l.city)
            .bind(&l.area_code)
            .bind(l.latitude.map(|x| x.to_string()))
            .bind(l.longitude.map(|x| x.to_string()))
            .bind(id)
            .execute(&mut *conn)
            .await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO locations (hsds_id, organization_id, name, address, postcode, city, area_code, latitude, longitude) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS DOUBLE PRECISION), CAST($9 AS DOUBLE PRECISION)) RETURNING id",
        )
        .bind(&l.hsds_id)
        .bind(l.organization_id)
        .bind(&l.name)
        .bind(&l.address)
        .bind(&l.postcode)
        .bind(&l.city)
        .bind(&l.area_code)
        .bind(l.latitude.map(|x| x.to_string()))
        .bind(l.longitude.map(|x| x.to_string()))
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?,
    };
    feed::record(conn, feed::Change::Location(id)).await?;
    Ok(id)
}

// ---------------------------------------------------------------- offers

const OFFER_SELECT: &str = "SELECT f.id, f.hsds_id, f.municipality_id, f.organization_id, f.location_id, f.name, \
    f.description, f.for_whom, f.application_process, f.status, f.layer, f.access, f.referrer, f.min_age, \
    f.max_age, f.free, f.cost_text, f.keywords, f.life_domains, f.target_groups, f.areas_served, f.hours, \
    f.phone, f.email, f.url, f.last_checked, f.checked_by, f.hsds_extra, f.version, f.created_at, f.updated_at, \
    o.name AS org_name, o.hsds_id AS org_hsds_id, \
    l.hsds_id AS loc_hsds_id, l.name AS loc_name, l.address AS loc_address, l.postcode AS loc_postcode, \
    l.city AS loc_city, l.area_code AS loc_area, l.latitude AS loc_lat, l.longitude AS loc_lon \
    FROM offers f JOIN organizations o ON o.id = f.organization_id LEFT JOIN locations l ON l.id = f.location_id";

/// Space-separated codes as stored, each parsed.
pub(crate) fn codes<T>(
    s: &str,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
) -> Result<Vec<T>> {
    s.split_whitespace()
        .map(|c| parse(c).map_err(StoreError::Invalid))
        .collect()
}

fn join_codes<'a>(it: impl IntoIterator<Item = &'a str>) -> String {
    it.into_iter().collect::<Vec<_>>().join(" ")
}

fn offer<R: Columns>(r: &R) -> Result<Offer> {
    let id: i64 = r.col("id")?;
    let organization_id: i64 = r.col("organization_id")?;
    let layer: i64 = r.col("layer")?;
    let access: String = r.col("access")?;
    let status: String = r.col("status")?;
    let hours: String = r.col("hours")?;
    let last_checked: Option<String> = r.col("last_checked")?;
    let location_id: Option<i64> = r.col("location_id")?;
    let draft = OfferDraft {
        hsds_id: r.col("hsds_id")?,
        name: r.col("name")?,
        description: r.col("description")?,
        for_whom: r.col("for_whom")?,
        application_process: r.col("application_process")?,
        status: OfferStatus::parse(&status).map_err(StoreError::Invalid)?,
        layer: Layer::from_number(layer)
            .ok_or_else(|| StoreError::Invalid(format!("laag {layer}")))?,
        access: AccessRoute::parse(&access).map_err(StoreError::Invalid)?,
        referrer: r.col("referrer")?,
        ages: AgeRange::new(r.col("min_age")?, r.col("max_age")?).map_err(StoreError::Invalid)?,
        free: r.col::<i64>("free")? != 0,
        cost_text: r.col("cost_text")?,
        keywords: r
            .col::<String>("keywords")?
            .split('|')
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect(),
        life_domains: codes(&r.col::<String>("life_domains")?, LifeDomain::parse)?,
        target_groups: codes(&r.col::<String>("target_groups")?, TargetGroup::parse)?,
        areas_served: r
            .col::<String>("areas_served")?
            .split_whitespace()
            .map(String::from)
            .collect(),
        hours: serde_json::from_str::<OpeningHours>(&hours)
            .map_err(|e| StoreError::Invalid(format!("openingstijden: {e}")))?,
        phone: r.col("phone")?,
        email: r.col("email")?,
        url: r.col("url")?,
        last_checked: last_checked
            .as_deref()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .transpose()
            .map_err(|e| StoreError::Invalid(format!("controledatum: {e}")))?,
        checked_by: r.col("checked_by")?,
    };
    let location = match location_id {
        Some(lid) => Some(Location {
            id: lid,
            hsds_id: r.col("loc_hsds_id")?,
            organization_id: Some(organization_id),
            name: r.col("loc_name")?,
            address: r.col("loc_address")?,
            postcode: r.col("loc_postcode")?,
            city: r.col("loc_city")?,
            area_code: r.col("loc_area")?,
            latitude: r.col("loc_lat")?,
            longitude: r.col("loc_lon")?,
        }),
        None => None,
    };
    Ok(Offer {
        id,
        municipality_id: r.col("municipality_id")?,
        organization_id,
        organization_name: r.col("org_name")?,
        organization_hsds_id: r
            .col::<Option<String>>("org_hsds_id")?
            .unwrap_or_else(|| format!("org-{organization_id}")),
        location,
        draft,
        hsds_extra: r.col("hsds_extra")?,
        version: r.col("version")?,
        created_at: r.col("created_at")?,
        updated_at: r.col("updated_at")?,
        translations: Vec::new(),
    })
}

/// The columns an offer's save writes, in the order `OfferValues::bind` binds them.
const OFFER_COLUMNS: &[&str] = &[
    "municipality_id",
    "organization_id",
    "location_id",
    "name",
    "description",
    "for_whom",
    "application_process",
    "status",
    "layer",
    "access",
    "referrer",
    "min_age",
    "max_age",
    "free",
    "cost_text",
    "keywords",
    "life_domains",
    "target_groups",
    "areas_served",
    "hours",
    "phone",
    "email",
    "url",
    "last_checked",
    "checked_by",
    "hsds_extra",
];

/// An offer's column values, encoded for the database.
struct OfferValues<'a> {
    place: OfferPlace,
    draft: &'a OfferDraft,
    hours: &'a str,
    keywords: &'a str,
    domains: &'a str,
    groups: &'a str,
    areas: &'a str,
    last_checked: Option<&'a str>,
    hsds_extra: Option<&'a str>,
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl<'a> OfferValues<'a> {
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q>
    where
        'a: 'q,
    {
        let d = self.draft;
        q.bind(self.place.municipality_id)
            .bind(self.place.organization_id)
            .bind(self.place.location_id)
            .bind(&d.name)
            .bind(&d.description)
            .bind(&d.for_whom)
            .bind(&d.application_process)
            .bind(d.status.hsds())
            .bind(i64::from(d.layer.number()))
            .bind(d.access.code())
            .bind(&d.referrer)
            .bind(d.ages.min().map(i64::from))
            .bind(d.ages.max().map(i64::from))
            .bind(i64::from(d.free))
            .bind(&d.cost_text)
            .bind(self.keywords)
            .bind(self.domains)
            .bind(self.groups)
            .bind(self.areas)
            .bind(self.hours)
            .bind(&d.phone)
            .bind(&d.email)
            .bind(&d.url)
            .bind(self.last_checked)
            .bind(&d.checked_by)
            .bind(self.hsds_extra)
    }
}

pub(crate) async fn offer_in_tx(conn: &mut AnyConnection, hsds_id: &str) -> Result<Option<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.hsds_id = $1");
    sqlx::query(&sql)
        .bind(hsds_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(offer)
        .transpose()
}

/// Creates or updates the offer with the draft's id, inside the caller's
/// transaction, and writes a history row (who, when, why, before → after).
/// `expected_version` guards against overwriting someone else's edit.
#[allow(clippy::too_many_arguments)]
pub async fn save_offer(
    conn: &mut AnyConnection,
    place: OfferPlace,
    draft: &OfferDraft,
    hsds_extra: Option<&str>,
    expected_version: Option<i64>,
    changed_by: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Saved> {
    let mut normalized = draft.clone();
    normalized.normalize();
    let draft = &normalized;
    let problems = draft.problems();
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(StoreError::Invalid(list.join("; ")));
    }
    let before = offer_in_tx(conn, &draft.hsds_id).await?;
    let t = time::to_db(now);
    let hours =
        serde_json::to_string(&draft.hours).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let keywords = draft
        .keywords
        .iter()
        .map(|k| k.replace('|', " "))
        .collect::<Vec<_>>()
        .join("|");
    let domains = join_codes(draft.life_domains.iter().map(|d| d.code()));
    let groups = join_codes(draft.target_groups.iter().map(|g| g.code()));
    let areas = join_codes(draft.areas_served.iter().map(String::as_str));
    let last_checked = draft.last_checked.map(|d| d.format("%Y-%m-%d").to_string());
    let values = OfferValues {
        place,
        draft,
        hours: &hours,
        keywords: &keywords,
        domains: &domains,
        groups: &groups,
        areas: &areas,
        last_checked: last_checked.as_deref(),
        hsds_extra,
    };
    let n = OFFER_COLUMNS.len();
    let saved = match &before {
        Some(old) => {
            if let Some(v) = expected_version {
                if v != old.version {
                    return Err(StoreError::Conflict(format!(
                        "het aanbod is intussen door iemand anders gewijzigd (versie {} in plaats van {v})",
                        old.version
                    )));
                }
            }
            let same = old.draft == *draft
                && old.organization_id == place.organization_id
                && old.location.as_ref().map(|l| l.id) == place.location_id
                && old.hsds_extra.as_deref() == hsds_extra;
            if same {
                return Ok(Saved::Unchanged(old.id));
            }
            let sets: Vec<String> = OFFER_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ${}", i + 1))
                .collect();
            let sql = format!(
                "UPDATE offers SET {}, version = version + 1, updated_at = ${} WHERE id = ${}",
                sets.join(", "),
                n + 1,
                n + 2
            );
            values
                .bind(sqlx::query(&sql))
                .bind(&t)
                .bind(old.id)
                .execute(&mut *conn)
                .await?;
            Saved::Updated(old.id)
        }
        None => {
            let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO offers ({}, updated_at, created_at, version, hsds_id) \
                 VALUES ({}, ${}, ${}, 1, ${}) RETURNING id",
                OFFER_COLUMNS.join(", "),
                params.join(", "),
                n + 1,
                n + 1,
                n + 2
            );
            let r = values
                .bind(sqlx::query(&sql))
                .bind(&t)
                .bind(&draft.hsds_id)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| conflict_on_unique(e, &format!("aanbod {}", draft.hsds_id)))?;
            Saved::Created(r.try_get("id")?)
        }
    };
    let to_json =
        |d: &OfferDraft| serde_json::to_string(d).map_err(|e| StoreError::Invalid(e.to_string()));
    sqlx::query(
        "INSERT INTO offer_history (offer_id, changed_by, changed_at, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(saved.id())
    .bind(changed_by)
    .bind(&t)
    .bind(reason)
    .bind(before.as_ref().map(|b| to_json(&b.draft)).transpose()?)
    .bind(to_json(draft)?)
    .execute(&mut *conn)
    .await?;
    feed::record(conn, feed::Change::Offer(saved.id())).await?;
    Ok(saved)
}

pub async fn offer_by_id(db: &Db, id: i64) -> Result<Option<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.id = $1");
    one(db, sqlx::query(&sql).bind(id), offer).await
}

/// An offer of the caller's municipalities (to edit it).
pub async fn offer_in(
    db: &Db,
    scope: &kompas_domain::MunicipalityScope,
    id: i64,
) -> Result<Option<Offer>> {
    let sql = format!(
        "{OFFER_SELECT} WHERE f.id = $1 AND {}",
        crate::in_scope("f.municipality_id", scope)
    );
    one(db, sqlx::query(&sql).bind(id), offer).await
}

/// An offer of one organisation (a partner edits only its own).
pub async fn offer_of_organization(
    db: &Db,
    organization_id: i64,
    id: i64,
) -> Result<Option<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.id = $1 AND f.organization_id = $2");
    one(db, sqlx::query(&sql).bind(id).bind(organization_id), offer).await
}

pub async fn offer_by_hsds(db: &Db, hsds_id: &str) -> Result<Option<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.hsds_id = $1");
    one(db, sqlx::query(&sql).bind(hsds_id), offer).await
}

/// All offers in id order, a page at a time (for the index and exports).
pub async fn offers_after(db: &Db, after_id: i64, limit: i64) -> Result<Vec<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.id > $1 ORDER BY f.id LIMIT $2");
    all(db, sqlx::query(&sql).bind(after_id).bind(limit), offer).await
}

pub async fn offers_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Offer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{OFFER_SELECT} WHERE f.id IN ({})", padded_marks(ids.len()));
    let mut found = all_by_ids(db, &sql, ids, |r| offer(r), offer).await?;
    found.sort_by_key(|o| ids.iter().position(|i| *i == o.id));
    Ok(found)
}

/// A condition on one of the offer's own classifications (the HSDS API's
/// taxonomy filters translated to columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferTerm {
    Layer(i64),
    LifeDomain(String),
    TargetGroup(String),
    Access(String),
    /// Has at least one life domain / target group.
    AnyLifeDomain,
    AnyTargetGroup,
    /// The kept HSDS original mentions this exact (quoted) string: a
    /// pre-selection for terms of other taxonomies, checked again by the caller.
    ExtraMentions(String),
}

/// Which offers to list, expressed in SQL so a page costs a page.
#[derive(Debug, Clone, Default)]
pub struct OfferQuery {
    /// HSDS status values; `None` is every status.
    pub statuses: Option<Vec<String>>,
    pub organization_id: Option<i64>,
    pub updated_since: Option<DateTime<Utc>>,
    pub terms: Vec<OfferTerm>,
}

impl OfferQuery {
    /// The WHERE clause (with `$n` marks) and its values, all bound as text
    /// or integers.
    fn clause(&self) -> (String, Vec<Value>) {
        let mut parts = vec!["1 = 1".to_string()];
        let mut values = Vec::new();
        let mark = |v: Value, values: &mut Vec<Value>| {
            values.push(v);
            format!("${}", values.len())
        };
        if let Some(statuses) = &self.statuses {
            let marks: Vec<String> = statuses
                .iter()
                .map(|s| mark(Value::Text(s.clone()), &mut values))
                .collect();
            parts.push(if marks.is_empty() {
                "1 = 0".into()
            } else {
                format!("f.status IN ({})", marks.join(", "))
            });
        }
        if let Some(id) = self.organization_id {
            parts.push(format!(
                "f.organization_id = {}",
                mark(Value::Int(id), &mut values)
            ));
        }
        if let Some(t) = self.updated_since {
            parts.push(format!(
                "f.updated_at >= {}",
                mark(Value::Text(time::to_db(t)), &mut values)
            ));
        }
        for term in &self.terms {
            let spaced = |code: &str| Value::Text(format!("% {code} %"));
            parts.push(match term {
                OfferTerm::Layer(n) => format!("f.layer = {}", mark(Value::Int(*n), &mut values)),
                OfferTerm::Access(c) => {
                    format!("f.access = {}", mark(Value::Text(c.clone()), &mut values))
                }
                OfferTerm::LifeDomain(c) => {
                    format!(
                        "(' ' || f.life_domains || ' ') LIKE {}",
                        mark(spaced(c), &mut values)
                    )
                }
                OfferTerm::TargetGroup(c) => {
                    format!(
                        "(' ' || f.target_groups || ' ') LIKE {}",
                        mark(spaced(c), &mut values)
                    )
                }
                OfferTerm::AnyLifeDomain => "f.life_domains <> ''".into(),
                OfferTerm::AnyTargetGroup => "f.target_groups <> ''".into(),
                OfferTerm::ExtraMentions(s) => format!(
                    "f.hsds_extra LIKE {}",
                    mark(
                        Value::Text(format!("%\"{}\"%", s.replace(['%', '_'], ""))),
                        &mut values
                    )
                ),
            });
        }
        (parts.join(" AND "), values)
    }
}

enum Value {
    Int(i64),
    Text(String),
}

fn bind_all<'q>(mut q: AnyQuery<'q>, values: &'q [Value]) -> AnyQuery<'q> {
    for v in values {
        q = match v {
            Value::Int(i) => q.bind(*i),
            Value::Text(s) => q.bind(s.as_str()),
        };
    }
    q
}

/// How many offers match.
pub async fn count_offers(db: &Db, query: &OfferQuery) -> Result<u64> {
    let (clause, values) = query.clause();
    let sql = format!("SELECT COUNT(*) AS n FROM offers f WHERE {clause}");
    let r = bind_all(sqlx::query(&sql), &values)
        .fetch_one(db.reader())
        .await?;
    Ok(u64::try_from(r.try_get::<i64, _>("n")?).unwrap_or(0))
}

/// Matching offers in id order: `limit` of them after `offset` rows.
pub async fn offers_page(
    db: &Db,
    query: &OfferQuery,
    offset: u64,
    limit: u64,
) -> Result<Vec<Offer>> {
    let (clause, values) = query.clause();
    let n = values.len();
    let sql = format!(
        "{OFFER_SELECT} WHERE {clause} ORDER BY f.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let q = bind_all(sqlx::query(&sql), &values)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    all(db, q, offer).await
}

/// Matching offers with an id above `after_id`, in id order (to walk all of
/// them a chunk at a time).
pub async fn offers_matching_after(
    db: &Db,
    query: &OfferQuery,
    after_id: i64,
    limit: i64,
) -> Result<Vec<Offer>> {
    let (clause, values) = query.clause();
    let n = values.len();
    let sql = format!(
        "{OFFER_SELECT} WHERE {clause} AND f.id > ${} ORDER BY f.id LIMIT ${}",
        n + 1,
        n + 2
    );
    let q = bind_all(sqlx::query(&sql), &values)
        .bind(after_id)
        .bind(limit);
    all(db, q, offer).await
}

pub async fn offers_of_organization(db: &Db, organization_id: i64) -> Result<Vec<Offer>> {
    let sql = format!("{OFFER_SELECT} WHERE f.organization_id = $1 ORDER BY f.name");
    all(db, sqlx::query(&sql).bind(organization_id), offer).await
}

/// Offers of a municipality not checked since `before` (or never).
pub async fn stale_offers(db: &Db, municipality_id: i64, before: NaiveDate) -> Result<Vec<Offer>> {
    let sql = format!(
        "{OFFER_SELECT} WHERE f.municipality_id = $1 AND f.status = 'active' AND (f.last_checked IS NULL OR f.last_checked < $2) \
         ORDER BY f.last_checked, f.name"
    );
    sqlx::query(&sql)
        .bind(municipality_id)
        .bind(before.format("%Y-%m-%d").to_string())
        .fetch_all(db.reader())
        .await?
        .iter()
        .map(offer)
        .collect()
}

/// Where the directory's change feed stands, as a search index records it:
/// an index built from the offers read after this knows every change up to
/// it and follows the feed from there (see `feed`).
pub async fn offers_fingerprint(db: &Db) -> Result<String> {
    Ok(feed::head(db).await?.to_string())
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub changed_by: String,
    pub changed_at: String,
    pub reason: String,
    pub before: Option<String>,
    pub after: String,
}

pub async fn offer_history(db: &Db, offer_id: i64) -> Result<Vec<HistoryRow>> {
    let rows = sqlx::query(
        "SELECT changed_by, changed_at, reason, before, after FROM offer_history WHERE offer_id = $1 ORDER BY id DESC",
    )
    .bind(offer_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryRow {
                changed_by: r.try_get("changed_by")?,
                changed_at: r.try_get("changed_at")?,
                reason: r.try_get("reason")?,
                before: r.try_get("before")?,
                after: r.try_get("after")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- synonyms

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Synonym {
    pub id: i64,
    pub word: String,
    pub means: String,
}

pub async fn synonyms(db: &Db, municipality_id: i64) -> Result<Vec<Synonym>> {
    let rows = sqlx::query(
        "SELECT id, word, means FROM synonyms WHERE municipality_id = $1 ORDER BY word, means",
    )
    .bind(municipality_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Synonym {
                id: r.try_get("id")?,
                word: r.try_get("word")?,
                means: r.try_get("means")?,
            })
        })
        .collect()
}

/// All synonyms with their municipality: the search engine keeps them apart
/// and applies each municipality's own to its own searches only.
pub async fn all_synonyms(db: &Db) -> Result<Vec<(u64, String, String)>> {
    let rows = sqlx::query("SELECT municipality_id, word, means FROM synonyms ORDER BY word")
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| {
            let m: i64 = r.try_get("municipality_id")?;
            Ok((
                u64::try_from(m).unwrap_or_default(),
                r.try_get("word")?,
                r.try_get("means")?,
            ))
        })
        .collect()
}

pub async fn add_synonym(
    conn: &mut AnyConnection,
    municipality_id: i64,
    word: &str,
    means: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (word, means) = (word.trim().to_lowercase(), means.trim().to_lowercase());
    if word.is_empty() || means.is_empty() || word == means {
        return Err(StoreError::Invalid(
            "vul een woord en een andere betekenis in".into(),
        ));
    }
    let r = sqlx::query("INSERT INTO synonyms (municipality_id, word, means, updated_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(municipality_id)
        .bind(&word)
        .bind(&means)
        .bind(time::to_db(now))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| conflict_on_unique(e, &format!("synoniem '{word}' → '{means}'")))?;
    feed::record(conn, feed::Change::Synonyms(municipality_id)).await?;
    Ok(r.try_get("id")?)
}

pub async fn delete_synonym(conn: &mut AnyConnection, municipality_id: i64, id: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM synonyms WHERE id = $1 AND municipality_id = $2")
        .bind(id)
        .bind(municipality_id)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("synoniem {id}")));
    }
    feed::record(conn, feed::Change::Synonyms(municipality_id)).await?;
    Ok(())
}

// ---------------------------------------------------------------- reports ("meld een fout")

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: i64,
    pub offer_id: i64,
    pub offer_name: String,
    pub message: String,
    pub contact: Option<String>,
    pub created_at: String,
}

pub async fn add_report(
    conn: &mut AnyConnection,
    offer_id: i64,
    message: &str,
    contact: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let r = sqlx::query("INSERT INTO offer_reports (offer_id, message, contact, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(offer_id)
        .bind(message)
        .bind(contact)
        .bind(time::to_db(now))
        .fetch_one(conn)
        .await?;
    Ok(r.try_get("id")?)
}

pub async fn open_reports(db: &Db, municipality_id: i64) -> Result<Vec<Report>> {
    let rows = sqlx::query(
        "SELECT r.id, r.offer_id, f.name, r.message, r.contact, r.created_at FROM offer_reports r \
         JOIN offers f ON f.id = r.offer_id WHERE f.municipality_id = $1 AND r.handled_at IS NULL ORDER BY r.id",
    )
    .bind(municipality_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Report {
                id: r.try_get("id")?,
                offer_id: r.try_get("offer_id")?,
                offer_name: r.try_get("name")?,
                message: r.try_get("message")?,
                contact: r.try_get("contact")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Marks a visitor's report about an offer of the caller's municipalities as handled.
pub async fn close_report(
    conn: &mut AnyConnection,
    scope: &kompas_domain::MunicipalityScope,
    id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = format!(
        "UPDATE offer_reports SET handled_at = $1, handled_by = $2 WHERE id = $3 \
         AND offer_id IN (SELECT id FROM offers WHERE {})",
        crate::in_scope("municipality_id", scope)
    );
    let r = sqlx::query(&sql)
        .bind(time::to_db(now))
        .bind(user_id)
        .bind(id)
        .execute(conn)
        .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("melding {id}")));
    }
    Ok(())
}

// ---------------------------------------------------------------- proposed changes

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: i64,
    pub offer_id: Option<i64>,
    pub proposed_by: i64,
    pub proposed_by_name: String,
    pub organization_id: Option<i64>,
    pub proposed_at: String,
    pub draft: OfferDraft,
    pub base_version: Option<i64>,
    pub status: String,
    pub note: Option<String>,
}

fn change(r: &AnyRow) -> Result<Change> {
    let payload: String = r.try_get("payload")?;
    let draft: OfferDraft = serde_json::from_str(&payload)
        .map_err(|e| StoreError::Invalid(format!("voorstel: {e}")))?;
    Ok(Change {
        id: r.try_get("id")?,
        offer_id: r.try_get("offer_id")?,
        proposed_by: r.try_get("proposed_by")?,
        proposed_by_name: r.try_get("display_name")?,
        organization_id: r.try_get("organization_id")?,
        proposed_at: r.try_get("proposed_at")?,
        draft,
        base_version: r.try_get("base_version")?,
        status: r.try_get("status")?,
        note: r.try_get("note")?,
    })
}

const CHANGE_SELECT: &str = "SELECT c.id, c.offer_id, c.proposed_by, u.display_name, u.organization_id, c.proposed_at, \
    c.payload, c.base_version, c.status, c.note FROM offer_changes c JOIN users u ON u.id = c.proposed_by";

/// A partner proposes a change to `offer_id` (or a new offer with `None`).
pub async fn propose_change(
    conn: &mut AnyConnection,
    offer_id: Option<i64>,
    user_id: i64,
    draft: &OfferDraft,
    base_version: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let payload = serde_json::to_string(draft).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let r = sqlx::query(
        "INSERT INTO offer_changes (offer_id, proposed_by, proposed_at, payload, base_version, status) \
         VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING id",
    )
    .bind(offer_id)
    .bind(user_id)
    .bind(time::to_db(now))
    .bind(payload)
    .bind(base_version)
    .fetch_one(conn)
    .await?;
    Ok(r.try_get("id")?)
}

/// Changes waiting for an editor of `municipality_id`.
pub async fn pending_changes(db: &Db, municipality_id: i64) -> Result<Vec<Change>> {
    let sql = format!(
        "{CHANGE_SELECT} WHERE c.status = 'pending' AND u.municipality_id = $1 ORDER BY c.id"
    );
    all(db, sqlx::query(&sql).bind(municipality_id), change).await
}

/// The changes a partner's organisation proposed (all states, newest first).
pub async fn changes_of_organization(db: &Db, organization_id: i64) -> Result<Vec<Change>> {
    let sql = format!("{CHANGE_SELECT} WHERE u.organization_id = $1 ORDER BY c.id DESC LIMIT 50");
    all(db, sqlx::query(&sql).bind(organization_id), change).await
}

/// A proposed change made by someone of the caller's municipalities.
pub async fn change_by_id(
    db: &Db,
    scope: &kompas_domain::MunicipalityScope,
    id: i64,
) -> Result<Option<Change>> {
    let sql = format!(
        "{CHANGE_SELECT} WHERE c.id = $1 AND {}",
        crate::in_scope("u.municipality_id", scope)
    );
    one(db, sqlx::query(&sql).bind(id), change).await
}

/// Records the editor's decision; only a pending change can be decided.
pub async fn decide_change(
    conn: &mut AnyConnection,
    id: i64,
    reviewer: i64,
    approved: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let r = sqlx::query(
        "UPDATE offer_changes SET status = $1, reviewed_by = $2, reviewed_at = $3, note = $4 WHERE id = $5 AND status = 'pending'",
    )
    .bind(if approved { "approved" } else { "rejected" })
    .bind(reviewer)
    .bind(time::to_db(now))
    .bind(note)
    .bind(id)
    .execute(conn)
    .await?;
    if r.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict("dit voorstel is al beoordeeld".into()))
    }
}

/// Marks offers as checked today by `by` ("still correct"), without other
/// changes; each gets a history row.
pub async fn confirm_checked(
    conn: &mut AnyConnection,
    ids: &[i64],
    by: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut n = 0;
    for id in ids {
        let sql = format!("{OFFER_SELECT} WHERE f.id = $1");
        let Some(o) = sqlx::query(&sql)
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
            .as_ref()
            .map(offer)
            .transpose()?
        else {
            continue;
        };
        let mut draft = o.draft.clone();
        draft.last_checked = Some(today);
        draft.checked_by = Some(by.to_string());
        let place = OfferPlace {
            municipality_id: o.municipality_id,
            organization_id: o.organization_id,
            location_id: o.location.as_ref().map(|l| l.id),
        };
        save_offer(
            conn,
            place,
            &draft,
            o.hsds_extra.as_deref(),
            None,
            by,
            "gecontroleerd: klopt nog",
            now,
        )
        .await?;
        n += 1;
    }
    Ok(n)
}
