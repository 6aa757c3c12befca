//! The maatwerk catalogue: providers, products and contracts per
//! municipality, with their history. Every function takes the caller's scope
//! and finds rows through it in SQL. Every change writes a row to
//! `maatwerk_catalogue_changes` (before and after as JSON) in the caller's
//! transaction. Contracts are never edited: ending one sets its last day, and
//! a new tariff is a new contract, which ends the open contract before it.

use super::{opt_day, scoped_row};
use crate::{conflict_on_unique, parsed, time, Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::catalogue::{
    AgbCode, Contract, ContractDraft, KvkNumber, Product, Provider, Variant,
};
use kompas_domain::maatwerk::codes::{self, Frequency, ProductCode, Unit};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::future::Future;

/// Who changes the catalogue, and when.
#[derive(Debug, Clone, Copy)]
pub struct ChangedBy {
    pub user_id: Option<i64>,
    pub now: DateTime<Utc>,
}

/// What a history row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Provider,
    Product,
    Contract,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Provider => "provider",
            Entity::Product => "product",
            Entity::Contract => "contract",
        }
    }

    fn parse(s: &str) -> Result<Entity> {
        match s {
            "provider" => Ok(Entity::Provider),
            "product" => Ok(Entity::Product),
            "contract" => Ok(Entity::Contract),
            other => Err(StoreError::Invalid(format!(
                "onbekend soort wijziging in de database: {other}"
            ))),
        }
    }
}

/// A provider of the catalogue, with the number of its contracts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRow {
    pub id: i64,
    pub municipality_id: i64,
    pub name: String,
    pub agb: AgbCode,
    pub kvk: Option<KvkNumber>,
    pub contracts: i64,
}

impl ProviderRow {
    pub fn provider(&self) -> Provider {
        Provider {
            name: self.name.clone(),
            agb: self.agb.clone(),
            kvk: self.kvk.clone(),
        }
    }
}

/// A product of the catalogue: the checked product with its ids. Its fields
/// read as the product's (`row.law`, `row.name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub municipality_id: i64,
    pub product: Product,
}

impl ProductRow {
    pub fn product(&self) -> Product {
        self.product.clone()
    }
}

impl std::ops::Deref for ProductRow {
    type Target = Product;

    fn deref(&self) -> &Product {
        &self.product
    }
}

/// A contract with the names of its provider and product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRow {
    pub id: i64,
    pub provider_id: i64,
    pub provider_name: String,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub law: Law,
    pub unit: Unit,
    pub frequency: Frequency,
    pub contract: Contract,
}

/// One change of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub id: i64,
    pub entity: Entity,
    pub entity_id: i64,
    /// created, changed or ended.
    pub action: String,
    pub changed_at: DateTime<Utc>,
    /// The user's display name, when a user made the change.
    pub changed_by: Option<String>,
    pub before: Option<Value>,
    pub after: Value,
}

/// What adding a contract did: its id, and the open contract it ended (id
/// and last day), when the new one follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddedContract {
    pub id: i64,
    pub ended: Option<(i64, NaiveDate)>,
}

/// A query being bound.
pub type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// What providers and products share in the store: one table each, whose
/// `INSERT` and `UPDATE` take the entry's columns in one order, and a
/// history that keeps the entry as JSON. See `create_entry` and `update_entry`.
pub trait CatalogueEntry: Sized + Sync {
    const ENTITY: Entity;
    /// The municipality, the entry's columns and `created_at`; `RETURNING id`.
    const INSERT: &'static str;
    /// The entry's columns, then the id.
    const UPDATE: &'static str;
    /// The entry as its history keeps it.
    fn json(&self) -> Value;
    /// Binds the entry's columns, in the order of `INSERT` and `UPDATE`.
    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q>;
    /// The refusal when the entry repeats another's unique key.
    fn taken(&self, e: sqlx::Error) -> StoreError;
    /// Entry `id` of the caller's municipalities as it is, with its municipality.
    fn current(
        conn: &mut AnyConnection,
        scope: &MunicipalityScope,
        id: i64,
    ) -> impl Future<Output = Result<(i64, Self)>> + Send;
    /// Whether entry `id` may change from `before` into `after`; it may,
    /// unless the kind of entry says otherwise.
    fn may_become(
        _conn: &mut AnyConnection,
        _scope: &MunicipalityScope,
        _id: i64,
        _before: &Self,
        _after: &Self,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }
}

impl CatalogueEntry for Provider {
    const ENTITY: Entity = Entity::Provider;
    const INSERT: &'static str =
        "INSERT INTO maatwerk_providers (municipality_id, name, agb_code, kvk, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id";
    const UPDATE: &'static str =
        "UPDATE maatwerk_providers SET name = $1, agb_code = $2, kvk = $3 WHERE id = $4";

    fn json(&self) -> Value {
        json!({"naam": self.name, "agb": self.agb.as_str(), "kvk": self.kvk.as_ref().map(KvkNumber::as_str)})
    }

    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(&self.name)
            .bind(self.agb.as_str())
            .bind(self.kvk.as_ref().map(KvkNumber::as_str))
    }

    fn taken(&self, e: sqlx::Error) -> StoreError {
        let agb = &self.agb;
        conflict_on_unique(
            e,
            &format!("Er is al een aanbieder met AGB-code {agb} in deze gemeente."),
        )
    }

    async fn current(
        conn: &mut AnyConnection,
        scope: &MunicipalityScope,
        id: i64,
    ) -> Result<(i64, Provider)> {
        let found = provider_by_id(conn, scope, id).await?;
        let p = found.ok_or_else(|| StoreError::NotFound(format!("aanbieder {id}")))?;
        Ok((p.municipality_id, p.provider()))
    }
}

impl CatalogueEntry for Product {
    const ENTITY: Entity = Entity::Product;
    const INSERT: &'static str =
        "INSERT INTO maatwerk_products (municipality_id, law, category, product_code, name, variant, \
         unit, frequency, valid_from, valid_until, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    const UPDATE: &'static str =
        "UPDATE maatwerk_products SET law = $1, category = $2, product_code = $3, name = $4, \
         variant = $5, unit = $6, frequency = $7, valid_from = $8, valid_until = $9 WHERE id = $10";

    fn json(&self) -> Value {
        json!({
            "wet": self.law.code(),
            "categorie": self.category.code,
            "productcode": self.code.as_str(),
            "naam": self.name,
            "variant": self.variant.code(),
            "eenheid": self.unit.code(),
            "frequentie": self.frequency.code(),
            "geldig_van": time::day(self.valid_from),
            "geldig_tot": self.valid_until.map(time::day),
        })
    }

    fn bind<'q>(&'q self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.law.code())
            .bind(self.category.code)
            .bind(self.code.as_str())
            .bind(&self.name)
            .bind(self.variant.code())
            .bind(self.unit.code())
            .bind(self.frequency.code())
            .bind(time::day(self.valid_from))
            .bind(self.valid_until.map(time::day))
    }

    fn taken(&self, e: sqlx::Error) -> StoreError {
        conflict_on_unique(
            e,
            &format!(
                "Er is al een product {} in categorie {} van de {}.",
                self.code.as_str(),
                self.category.code,
                self.law.label_nl()
            ),
        )
    }

    async fn current(
        conn: &mut AnyConnection,
        scope: &MunicipalityScope,
        id: i64,
    ) -> Result<(i64, Product)> {
        let found = product_by_id(conn, scope, id).await?;
        let r = found.ok_or_else(|| StoreError::NotFound(format!("product {id}")))?;
        Ok((r.municipality_id, r.product))
    }

    /// A product with contracts keeps what their tariffs are about (law,
    /// category, code, variant, unit, frequency), and they must still fit in
    /// its period.
    async fn may_become(
        conn: &mut AnyConnection,
        scope: &MunicipalityScope,
        id: i64,
        c: &Product,
        p: &Product,
    ) -> Result<()> {
        let contracts = contracts_where(conn, scope, "c.product_id = $1", id).await?;
        if !contracts.is_empty() {
            if (c.law, c.category, &c.code, c.variant, c.unit, c.frequency)
                != (p.law, p.category, &p.code, p.variant, p.unit, p.frequency)
            {
                return Err(StoreError::Invalid(
                    "Dit product heeft contracten: de wet, categorie, productcode, variant, eenheid en \
                     frequentie blijven zoals ze zijn. Maak een nieuw product als die anders moeten."
                        .into(),
                ));
            }
            if let Some(problem) = contracts
                .iter()
                .flat_map(|c| {
                    ContractDraft::against_product(&c.contract, p.valid_from, p.valid_until)
                })
                .next()
            {
                return Err(StoreError::Invalid(format!(
                    "Een contract past dan niet meer in de periode van het product: {}",
                    problem.reason
                )));
            }
        }
        Ok(())
    }
}

/// Adds an entry to `municipality_id`, which must lie in the scope, with its
/// history row.
pub async fn create_entry<E: CatalogueEntry>(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    entry: &E,
    by: ChangedBy,
) -> Result<i64> {
    not_in_scope(municipality_id, scope)?;
    let id: i64 = entry
        .bind(sqlx::query(E::INSERT).bind(municipality_id))
        .bind(time::to_db(by.now))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| entry.taken(e))?
        .try_get("id")?;
    let (m, after) = (municipality_id, entry.json());
    record(conn, m, E::ENTITY, id, "created", by, None, &after).await?;
    Ok(id)
}

/// Changes entry `id` into `after`, with its history row, when the entry may
/// become it. Returns false (and writes nothing) when nothing changed.
pub async fn update_entry<E: CatalogueEntry>(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    after: &E,
    by: ChangedBy,
) -> Result<bool> {
    let (m, before) = E::current(conn, scope, id).await?;
    let (old, new) = (before.json(), after.json());
    if old == new {
        return Ok(false);
    }
    E::may_become(conn, scope, id, &before, after).await?;
    after
        .bind(sqlx::query(E::UPDATE))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(|e| after.taken(e))?;
    record(conn, m, E::ENTITY, id, "changed", by, Some(&old), &new).await?;
    Ok(true)
}

/// A contract as history keeps it: the ids, and the product as people know it.
fn contract_json(provider_id: i64, product_id: i64, product: &str, c: &Contract) -> Value {
    json!({
        "aanbieder": provider_id,
        "product": product_id,
        "productnaam": product,
        "tarief_cent": c.tariff_cents,
        "geldig_van": time::day(c.valid_from),
        "geldig_tot": c.valid_until.map(time::day),
    })
}

/// Appends one history row.
#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &mut AnyConnection,
    municipality_id: i64,
    entity: Entity,
    entity_id: i64,
    action: &str,
    by: ChangedBy,
    before: Option<&Value>,
    after: &Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO maatwerk_catalogue_changes (municipality_id, entity, entity_id, action, \
         changed_at, changed_by, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(municipality_id)
    .bind(entity.as_str())
    .bind(entity_id)
    .bind(action)
    .bind(time::to_db(by.now))
    .bind(by.user_id)
    .bind(before.map(Value::to_string))
    .bind(after.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The row `select` finds for `id` in the caller's municipalities, read by `read`.
async fn scoped<T>(
    conn: &mut AnyConnection,
    select: &str,
    column: &str,
    scope: &MunicipalityScope,
    id: i64,
    read: fn(&AnyRow) -> Result<T>,
) -> Result<Option<T>> {
    scoped_row(conn, select, column, scope, id)
        .await?
        .as_ref()
        .map(read)
        .transpose()
}

fn not_in_scope(municipality_id: i64, scope: &MunicipalityScope) -> Result<()> {
    if scope.contains(municipality_id) {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("gemeente {municipality_id}")))
    }
}

const PROVIDER_COLUMNS: &str = "p.id, p.municipality_id, p.name, p.agb_code, p.kvk, \
    (SELECT COUNT(*) FROM maatwerk_contracts c WHERE c.provider_id = p.id) AS contracts";

fn provider_row(r: &AnyRow) -> Result<ProviderRow> {
    Ok(ProviderRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        name: r.try_get("name")?,
        agb: parsed(AgbCode::parse(&r.try_get::<String, _>("agb_code")?))?,
        kvk: r
            .try_get::<Option<String>, _>("kvk")?
            .as_deref()
            .map(KvkNumber::parse)
            .transpose()
            .map_err(StoreError::Invalid)?,
        contracts: r.try_get("contracts")?,
    })
}

/// Adds a provider to `municipality_id`, which must lie in the scope.
pub async fn create_provider(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    p: &Provider,
    by: ChangedBy,
) -> Result<i64> {
    create_entry(conn, scope, municipality_id, p, by).await
}

/// A provider of the caller's municipalities.
pub async fn provider_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<ProviderRow>> {
    let select = format!("SELECT {PROVIDER_COLUMNS} FROM maatwerk_providers p WHERE p.id = $1");
    scoped(conn, &select, "p.municipality_id", scope, id, provider_row).await
}

/// Changes a provider's name, AGB code or KvK number. Returns false (and
/// writes nothing) when nothing changed.
pub async fn update_provider(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    p: &Provider,
    by: ChangedBy,
) -> Result<bool> {
    update_entry(conn, scope, id, p, by).await
}

/// The providers of the caller's municipalities, by name.
pub async fn providers(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
) -> Result<Vec<ProviderRow>> {
    let sql = format!(
        "SELECT {PROVIDER_COLUMNS} FROM maatwerk_providers p WHERE {} ORDER BY p.name, p.id",
        crate::in_scope("p.municipality_id", scope)
    );
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(provider_row)
        .collect()
}

const PRODUCT_COLUMNS: &str = "r.id, r.municipality_id, r.law, r.category, r.product_code, \
    r.name, r.variant, r.unit, r.frequency, r.valid_from, r.valid_until";

/// The laws in the order of `Law::ALL`, for sorting in SQL.
const LAW_ORDER: &str = "CASE r.law WHEN 'wmo' THEN 1 WHEN 'jeugdwet' THEN 2 ELSE 3 END";

fn product_row(r: &AnyRow) -> Result<ProductRow> {
    let text = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
    let law = parsed(Law::parse(&text("law")?))?;
    Ok(ProductRow {
        id: r.try_get("id")?,
        municipality_id: r.try_get("municipality_id")?,
        product: Product {
            law,
            category: parsed(codes::category(law, &text("category")?))?,
            code: parsed(ProductCode::parse(&text("product_code")?))?,
            name: text("name")?,
            variant: parsed(Variant::parse(&text("variant")?))?,
            unit: parsed(Unit::parse(&text("unit")?))?,
            frequency: parsed(Frequency::parse(&text("frequency")?))?,
            valid_from: time::date(&text("valid_from")?)?,
            valid_until: opt_day(r, "valid_until")?,
        },
    })
}

/// Adds a product to `municipality_id`, which must lie in the scope.
pub async fn create_product(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    p: &Product,
    by: ChangedBy,
) -> Result<i64> {
    create_entry(conn, scope, municipality_id, p, by).await
}

/// A product of the caller's municipalities.
pub async fn product_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<ProductRow>> {
    let select = format!("SELECT {PRODUCT_COLUMNS} FROM maatwerk_products r WHERE r.id = $1");
    scoped(conn, &select, "r.municipality_id", scope, id, product_row).await
}

/// Changes a product. A product with contracts keeps what its tariffs are
/// about (law, category, code, variant, unit, frequency) and its contracts
/// must still fit in its period; only its name and period may change.
/// Returns false (and writes nothing) when nothing changed.
pub async fn update_product(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    p: &Product,
    by: ChangedBy,
) -> Result<bool> {
    update_entry(conn, scope, id, p, by).await
}

/// The products of the caller's municipalities, of one law when given, in
/// force on `on` when given; ordered by law, category and code.
pub async fn products(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    law: Option<Law>,
    on: Option<NaiveDate>,
) -> Result<Vec<ProductRow>> {
    let mut sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM maatwerk_products r WHERE {}",
        crate::in_scope("r.municipality_id", scope)
    );
    let mut binds = Vec::new();
    if let Some(law) = law {
        binds.push(law.code().to_string());
        sql.push_str(&format!(" AND r.law = ${}", binds.len()));
    }
    if let Some(on) = on {
        binds.push(time::day(on));
        let n = binds.len();
        sql.push_str(&format!(
            " AND r.valid_from <= ${n} AND (r.valid_until IS NULL OR r.valid_until >= ${n})"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY {LAW_ORDER}, r.category, r.product_code, r.municipality_id"
    ));
    let mut q = sqlx::query(&sql);
    for b in &binds {
        q = q.bind(b.as_str());
    }
    q.fetch_all(&mut *conn)
        .await?
        .iter()
        .map(product_row)
        .collect()
}

const CONTRACT_SELECT: &str = "SELECT c.id, c.provider_id, p.name AS provider_name, c.product_id, \
    r.product_code, r.name AS product_name, r.law, r.unit, r.frequency, c.tariff_cents, \
    c.valid_from, c.valid_until FROM maatwerk_contracts c \
    JOIN maatwerk_providers p ON p.id = c.provider_id \
    JOIN maatwerk_products r ON r.id = c.product_id";

fn contract_row(r: &AnyRow) -> Result<ContractRow> {
    let text = |c: &str| -> Result<String> { Ok(r.try_get::<String, _>(c)?) };
    Ok(ContractRow {
        id: r.try_get("id")?,
        provider_id: r.try_get("provider_id")?,
        provider_name: text("provider_name")?,
        product_id: r.try_get("product_id")?,
        product_code: text("product_code")?,
        product_name: text("product_name")?,
        law: parsed(Law::parse(&text("law")?))?,
        unit: parsed(Unit::parse(&text("unit")?))?,
        frequency: parsed(Frequency::parse(&text("frequency")?))?,
        contract: Contract {
            tariff_cents: r.try_get("tariff_cents")?,
            valid_from: time::date(&text("valid_from")?)?,
            valid_until: opt_day(r, "valid_until")?,
        },
    })
}

/// Contracts of the caller's municipalities that `condition` (with `$1`)
/// selects, newest start first.
async fn contracts_where(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    condition: &str,
    id: i64,
) -> Result<Vec<ContractRow>> {
    let sql = format!(
        "{CONTRACT_SELECT} WHERE {condition} AND {} \
         ORDER BY r.product_code, c.valid_from DESC, c.id DESC",
        crate::in_scope("p.municipality_id", scope)
    );
    sqlx::query(&sql)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(contract_row)
        .collect()
}

/// A provider's contracts, by product and newest first.
pub async fn contracts_of_provider(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
) -> Result<Vec<ContractRow>> {
    contracts_where(conn, scope, "c.provider_id = $1", provider_id).await
}

/// A product's contracts (who delivers it, at what tariff), newest first.
pub async fn contracts_of_product(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    product_id: i64,
) -> Result<Vec<ContractRow>> {
    contracts_where(conn, scope, "c.product_id = $1", product_id).await
}

/// The contracts of one provider for one product, newest start first.
async fn contracts_of_pair(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
    product_id: i64,
) -> Result<Vec<ContractRow>> {
    let pair = format!("c.provider_id = {provider_id} AND c.product_id = $1");
    contracts_where(conn, scope, &pair, product_id).await
}

/// A contract of the caller's municipalities.
pub async fn contract_by_id(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
) -> Result<Option<ContractRow>> {
    let select = format!("{CONTRACT_SELECT} WHERE c.id = $1");
    scoped(conn, &select, "p.municipality_id", scope, id, contract_row).await
}

/// Gives a provider a tariff for a product from a day on. Both must be of
/// the same municipality in the caller's scope, and the contract must fit in
/// the product's period. An open contract for the same product that started
/// earlier ends the day before (a new tariff); any other overlap is refused,
/// so at most one contract holds on a day.
pub async fn add_contract(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
    product_id: i64,
    c: &Contract,
    by: ChangedBy,
) -> Result<AddedContract> {
    // Touch the provider first: it serialises contract changes per provider
    // on both databases, so two overlapping contracts cannot both pass.
    let touched = format!(
        "UPDATE maatwerk_providers SET id = id WHERE id = $1 AND {}",
        crate::in_scope("municipality_id", scope)
    );
    sqlx::query(&touched)
        .bind(provider_id)
        .execute(&mut *conn)
        .await?;
    let provider = provider_by_id(conn, scope, provider_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("aanbieder {provider_id}")))?;
    let product = product_by_id(conn, scope, product_id)
        .await?
        .filter(|r| r.municipality_id == provider.municipality_id)
        .ok_or_else(|| StoreError::NotFound(format!("product {product_id}")))?;
    if let Some(p) =
        ContractDraft::against_product(c, product.valid_from, product.valid_until).first()
    {
        return Err(StoreError::Invalid(p.reason.clone()));
    }
    let mut ended = None;
    let existing = contracts_of_pair(conn, scope, provider_id, product_id).await?;
    for old in &existing {
        let o = old.contract;
        let overlaps = o.valid_from <= c.valid_until.unwrap_or(NaiveDate::MAX)
            && c.valid_from <= o.valid_until.unwrap_or(NaiveDate::MAX);
        if !overlaps {
            continue;
        }
        let follows = o.valid_until.is_none() && o.valid_from < c.valid_from && ended.is_none();
        if !follows {
            return Err(StoreError::Invalid(format!(
                "Er is al een contract voor {} in die periode (vanaf {}). Laat het nieuwe \
                 contract later beginnen, of beëindig het andere eerst.",
                product.name,
                o.valid_from.format("%d-%m-%Y")
            )));
        }
        let last = c.valid_from.pred_opt().unwrap_or(c.valid_from);
        end_contract(conn, scope, old.id, last, by).await?;
        ended = Some((old.id, last));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO maatwerk_contracts (provider_id, product_id, tariff_cents, valid_from, \
         valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(provider_id)
    .bind(product_id)
    .bind(c.tariff_cents)
    .bind(time::day(c.valid_from))
    .bind(c.valid_until.map(time::day))
    .bind(time::to_db(by.now))
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let label = format!("{} {}", product.code.as_str(), product.name);
    let after = contract_json(provider_id, product_id, &label, c);
    let m = provider.municipality_id;
    record(conn, m, Entity::Contract, id, "created", by, None, &after).await?;
    Ok(AddedContract { id, ended })
}

/// Ends a contract on `last_day` (included). A contract can only get
/// shorter, and not end before it started.
pub async fn end_contract(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    id: i64,
    last_day: NaiveDate,
    by: ChangedBy,
) -> Result<()> {
    let current = contract_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("contract {id}")))?;
    let c = current.contract;
    if last_day < c.valid_from {
        return Err(StoreError::Invalid(
            "Een contract kan niet eindigen vóór het begint.".into(),
        ));
    }
    if c.valid_until.is_some_and(|u| last_day >= u) {
        return Err(StoreError::Invalid(
            "Het contract eindigt al eerder of op die dag; een contract kan alleen korter worden."
                .into(),
        ));
    }
    sqlx::query("UPDATE maatwerk_contracts SET valid_until = $1 WHERE id = $2")
        .bind(time::day(last_day))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let label = format!("{} {}", current.product_code, current.product_name);
    let before = contract_json(current.provider_id, current.product_id, &label, &c);
    let after = contract_json(
        current.provider_id,
        current.product_id,
        &label,
        &Contract {
            valid_until: Some(last_day),
            ..c
        },
    );
    let m = municipality_of_provider(conn, current.provider_id).await?;
    record(
        conn,
        m,
        Entity::Contract,
        id,
        "ended",
        by,
        Some(&before),
        &after,
    )
    .await
}

async fn municipality_of_provider(conn: &mut AnyConnection, provider_id: i64) -> Result<i64> {
    Ok(
        sqlx::query("SELECT municipality_id FROM maatwerk_providers WHERE id = $1")
            .bind(provider_id)
            .fetch_one(&mut *conn)
            .await?
            .try_get("municipality_id")?,
    )
}

/// The tariff in cents per unit of the provider's contract for the product
/// in force on `on`, if there is one (in the caller's municipalities).
pub async fn contract_tariff(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    provider_id: i64,
    product_id: i64,
    on: NaiveDate,
) -> Result<Option<i64>> {
    Ok(contracts_of_pair(conn, scope, provider_id, product_id)
        .await?
        .iter()
        .find(|c| c.contract.in_force(on))
        .map(|c| c.contract.tariff_cents))
}

/// The history of an entry, oldest first; a provider's includes its contracts.
pub async fn history(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    entity: Entity,
    id: i64,
) -> Result<Vec<ChangeRow>> {
    let contracts = match entity {
        Entity::Provider => {
            " OR (h.entity = 'contract' AND h.entity_id IN \
             (SELECT c.id FROM maatwerk_contracts c WHERE c.provider_id = $2))"
        }
        _ => "",
    };
    let sql = format!(
        "SELECT h.id, h.entity, h.entity_id, h.action, h.changed_at, u.display_name, \
         h.before_json, h.after_json FROM maatwerk_catalogue_changes h \
         LEFT JOIN users u ON u.id = h.changed_by \
         WHERE ((h.entity = $1 AND h.entity_id = $2){contracts}) AND {} \
         ORDER BY h.id",
        crate::in_scope("h.municipality_id", scope)
    );
    let json = |s: &str| -> Result<Value> {
        serde_json::from_str(s)
            .map_err(|e| StoreError::Invalid(format!("geschiedenis in de database: {e}")))
    };
    sqlx::query(&sql)
        .bind(entity.as_str())
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ChangeRow {
                id: r.try_get("id")?,
                entity: Entity::parse(&r.try_get::<String, _>("entity")?)?,
                entity_id: r.try_get("entity_id")?,
                action: r.try_get("action")?,
                changed_at: time::from_db(&r.try_get::<String, _>("changed_at")?)?,
                changed_by: r.try_get("display_name")?,
                before: r
                    .try_get::<Option<String>, _>("before_json")?
                    .as_deref()
                    .map(json)
                    .transpose()?,
                after: json(&r.try_get::<String, _>("after_json")?)?,
            })
        })
        .collect()
}
