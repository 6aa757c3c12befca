//! The tabular serialisation of HSDS (a Frictionless data package of CSV
//! files) ↔ nested service objects.
//!
//! Reading joins the tables by their foreign keys into nested services, the
//! shape of `service_full.json`; every row keeps its own columns (foreign
//! keys included), so writing the same services back out gives the same
//! rows. Writing flattens nested services into one row per id, filling in a
//! foreign key from the parent where the row has none.

use super::from_hsds::Issue;
use kompas_domain::spreadsheet::{restore_cell, safe_cell};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct Table {
    pub name: &'static str,
    pub file: &'static str,
    pub columns: &'static [&'static str],
}

/// The HSDS 3.0 tables and their columns, in the specification's order.
pub const TABLES: &[Table] = &[
    Table {
        name: "organization",
        file: "organizations.csv",
        columns: &[
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ],
    },
    Table {
        name: "program",
        file: "programs.csv",
        columns: &[
            "id",
            "organization_id",
            "name",
            "alternate_name",
            "description",
        ],
    },
    Table {
        name: "service",
        file: "services.csv",
        columns: &[
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ],
    },
    Table {
        name: "attribute",
        file: "attributes.csv",
        columns: &[
            "id",
            "link_id",
            "taxonomy_term_id",
            "link_type",
            "link_entity",
            "value",
        ],
    },
    Table {
        name: "service_at_location",
        file: "service_at_location.csv",
        columns: &["id", "service_id", "location_id", "description"],
    },
    Table {
        name: "location",
        file: "locations.csv",
        columns: &[
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ],
    },
    Table {
        name: "phone",
        file: "phones.csv",
        columns: &[
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    },
    Table {
        name: "contact",
        file: "contacts.csv",
        columns: &[
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ],
    },
    Table {
        name: "address",
        file: "addresses.csv",
        columns: &[
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    },
    Table {
        name: "schedule",
        file: "schedules.csv",
        columns: &[
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ],
    },
    Table {
        name: "funding",
        file: "funding.csv",
        columns: &["id", "organization_id", "service_id", "source"],
    },
    Table {
        name: "service_area",
        file: "service_areas.csv",
        columns: &[
            "id",
            "service_id",
            "name",
            "description",
            "extent",
            "extent_type",
            "uri",
        ],
    },
    Table {
        name: "required_document",
        file: "required_documents.csv",
        columns: &["id", "service_id", "document", "uri"],
    },
    Table {
        name: "language",
        file: "languages.csv",
        columns: &[
            "id",
            "service_id",
            "location_id",
            "phone_id",
            "name",
            "code",
            "note",
        ],
    },
    Table {
        name: "accessibility",
        file: "accessibility.csv",
        columns: &["id", "location_id", "description", "details", "url"],
    },
    Table {
        name: "taxonomy_term",
        file: "taxonomy_terms.csv",
        columns: &[
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ],
    },
    Table {
        name: "metadata",
        file: "metadata.csv",
        columns: &[
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ],
    },
    Table {
        name: "meta_table_description",
        file: "meta_table_descriptions.csv",
        columns: &["id", "name", "language", "character_set"],
    },
    Table {
        name: "cost_option",
        file: "cost_options.csv",
        columns: &[
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ],
    },
    Table {
        name: "organization_identifier",
        file: "organization_identifiers.csv",
        columns: &[
            "id",
            "organization_id",
            "identifier_scheme",
            "identifier_type",
            "identifier",
        ],
    },
    Table {
        name: "taxonomy",
        file: "taxonomies.csv",
        columns: &["id", "name", "description", "uri", "version"],
    },
];

const NUMERIC: &[&str] = &[
    "year_incorporated",
    "minimum_age",
    "maximum_age",
    "latitude",
    "longitude",
    "extension",
    "timezone",
    "count",
    "interval",
    "amount",
];

/// Columns that hold HSDS ids (UUIDs): the `id` and the references.
pub const ID_COLUMNS: &[&str] = &[
    "id",
    "organization_id",
    "program_id",
    "service_id",
    "location_id",
    "contact_id",
    "phone_id",
    "service_at_location_id",
    "link_id",
    "taxonomy_term_id",
    "taxonomy_id",
    "parent_id",
    "parent_organization_id",
    "resource_id",
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The Frictionless type (and format) of a column.
fn column_type(col: &str) -> (&'static str, Option<&'static str>) {
    if NUMERIC.contains(&col) {
        return ("number", None);
    }
    match col {
        "assured_date" | "valid_from" | "valid_to" | "dtstart" | "until" | "last_action_date" => {
            ("date", None)
        }
        "last_modified" => ("datetime", None),
        "opens_at" | "closes_at" => ("time", None),
        "email" | "assurer_email" => ("string", Some("email")),
        "url" | "website" | "schedule_link" | "term_uri" => ("string", Some("uri")),
        c if ID_COLUMNS.contains(&c) => ("string", Some("uuid")),
        _ => ("string", None),
    }
}

/// How a table nests: arrays of children (found by their foreign key to this
/// row) and single objects (found by this row's foreign key to them).
enum Link {
    Many {
        key: &'static str,
        table: &'static str,
        fk: &'static str,
    },
    One {
        key: &'static str,
        table: &'static str,
        fk: &'static str,
    },
}

const fn many(key: &'static str, table: &'static str, fk: &'static str) -> Link {
    Link::Many { key, table, fk }
}

const fn one(key: &'static str, table: &'static str, fk: &'static str) -> Link {
    Link::One { key, table, fk }
}

const ATTRS: Link = many("attributes", "attribute", "link_id");
const META: Link = many("metadata", "metadata", "resource_id");

const SERVICE_LINKS: &[Link] = &[
    many("phones", "phone", "service_id"),
    many("schedules", "schedule", "service_id"),
    many("service_areas", "service_area", "service_id"),
    many("service_at_locations", "service_at_location", "service_id"),
    many("languages", "language", "service_id"),
    many("funding", "funding", "service_id"),
    many("cost_options", "cost_option", "service_id"),
    many("required_documents", "required_document", "service_id"),
    many("contacts", "contact", "service_id"),
    ATTRS,
    META,
    one("organization", "organization", "organization_id"),
    one("program", "program", "program_id"),
];
const ORGANIZATION_LINKS: &[Link] = &[
    many("funding", "funding", "organization_id"),
    many("contacts", "contact", "organization_id"),
    many("phones", "phone", "organization_id"),
    many("locations", "location", "organization_id"),
    many("programs", "program", "organization_id"),
    many(
        "organization_identifiers",
        "organization_identifier",
        "organization_id",
    ),
    ATTRS,
    META,
];
const SAL_LINKS: &[Link] = &[
    many("contacts", "contact", "service_at_location_id"),
    many("phones", "phone", "service_at_location_id"),
    many("schedules", "schedule", "service_at_location_id"),
    ATTRS,
    META,
    one("location", "location", "location_id"),
];
const LOCATION_LINKS: &[Link] = &[
    many("languages", "language", "location_id"),
    many("addresses", "address", "location_id"),
    many("contacts", "contact", "location_id"),
    many("accessibility", "accessibility", "location_id"),
    many("phones", "phone", "location_id"),
    many("schedules", "schedule", "location_id"),
    ATTRS,
    META,
];
const CONTACT_LINKS: &[Link] = &[many("phones", "phone", "contact_id"), ATTRS, META];
const PHONE_LINKS: &[Link] = &[many("languages", "language", "phone_id"), ATTRS, META];
const ATTRIBUTE_LINKS: &[Link] = &[
    one("taxonomy_term", "taxonomy_term", "taxonomy_term_id"),
    META,
];
const TERM_LINKS: &[Link] = &[one("taxonomy_detail", "taxonomy", "taxonomy_id"), META];
const META_ONLY: &[Link] = &[META];
const OTHER_LINKS: &[Link] = &[ATTRS, META];

fn links(table: &str) -> &'static [Link] {
    match table {
        "service" => SERVICE_LINKS,
        "organization" => ORGANIZATION_LINKS,
        "service_at_location" => SAL_LINKS,
        "location" => LOCATION_LINKS,
        "contact" => CONTACT_LINKS,
        "phone" => PHONE_LINKS,
        "attribute" => ATTRIBUTE_LINKS,
        "taxonomy_term" => TERM_LINKS,
        "taxonomy" | "metadata" | "meta_table_description" => META_ONLY,
        _ => OTHER_LINKS,
    }
}

fn id_of(row: &Map<String, Value>) -> Option<String> {
    match row.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn cell(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One table's rows as read: typed (numbers as numbers), empty cells left out.
pub type Rows = Vec<Map<String, Value>>;

fn typed(col: &str, raw: &str) -> Value {
    if NUMERIC.contains(&col) {
        let t = raw.trim();
        if let Ok(i) = t.parse::<i64>() {
            return json!(i);
        }
        if let Some(n) = t.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(raw.to_string())
}

/// Reads one table. Rows with the same `id` are reported in `errors` (with
/// the file, line and column): an exact copy of an earlier row, or an id that
/// stands for two different rows; the join would otherwise pick one silently.
fn read_csv(path: &Path, errors: &mut Vec<Issue>) -> anyhow::Result<Rows> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| anyhow::anyhow!("{} kan niet worden gelezen: {e}", path.display()))?;
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| anyhow::anyhow!("{}: kopregel onleesbaar: {e}", path.display()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let file = path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let mut rows: Rows = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| anyhow::anyhow!("{} regel {line}: {e}", path.display()))?;
        let mut m = Map::new();
        for (h, v) in headers.iter().zip(rec.iter()) {
            if !v.is_empty() {
                m.insert(h.clone(), typed(h, restore_cell(v)));
            }
        }
        if let Some(id) = id_of(&m) {
            if let Some(first) = lines.get(&id) {
                let same = rows.get(first - 2) == Some(&m);
                errors.push(Issue::new(
                    &format!("{file}, regel {line}, kolom id"),
                    if same {
                        format!("deze regel staat er twee keer in (ook regel {first})")
                    } else {
                        format!("id {id} staat ook op regel {first}, met andere gegevens; geef elke rij een eigen id")
                    },
                ));
            } else {
                lines.insert(id, line);
            }
        }
        rows.push(m);
    }
    Ok(rows)
}

/// Where the CSV files of a package are: `resource name → path`.
fn resource_paths(dir: &Path, warnings: &mut Vec<Issue>) -> HashMap<String, PathBuf> {
    let mut out: HashMap<String, PathBuf> = TABLES
        .iter()
        .map(|t| (t.name.to_string(), dir.join(t.file)))
        .collect();
    let dp = dir.join("datapackage.json");
    let Ok(text) = std::fs::read_to_string(&dp) else {
        return out;
    };
    let parsed: Option<Value> = serde_json::from_str(&text).ok().or_else(|| {
        // A Git symbolic link checked out as a file holds the target's path.
        let target = dir.join(text.trim());
        std::fs::read_to_string(target)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
    });
    match parsed
        .as_ref()
        .and_then(|p| p.get("resources"))
        .and_then(Value::as_array)
    {
        Some(resources) => {
            for r in resources {
                if let (Some(name), Some(path)) = (
                    r.get("name").and_then(Value::as_str),
                    r.get("path").and_then(Value::as_str),
                ) {
                    // Paths are relative to the package; never outside it.
                    if !path.contains("..") && !path.starts_with('/') {
                        out.insert(name.to_string(), dir.join(path));
                    }
                }
            }
        }
        None => warnings.push(Issue::new(
            "datapackage.json",
            "niet te lezen als data package; de standaard bestandsnamen (services.csv, …) zijn gebruikt",
        )),
    }
    out
}

/// A package read and joined: the services, what to warn about (rows that
/// belong to nothing) and what refuses the package (duplicate rows).
#[derive(Debug, Default)]
pub struct Package {
    pub services: Vec<Value>,
    pub warnings: Vec<Issue>,
    pub errors: Vec<Issue>,
}

/// Reads the package in `dir` and joins it into nested services. Rows that
/// belong to nothing that is imported are reported.
pub fn read_package(dir: &Path) -> anyhow::Result<Package> {
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let paths = resource_paths(dir, &mut warnings);
    let mut tables: HashMap<&'static str, Rows> = HashMap::new();
    for t in TABLES {
        if let Some(p) = paths.get(t.name).filter(|p| p.is_file()) {
            tables.insert(t.name, read_csv(p, &mut errors)?);
        }
    }
    if !tables.contains_key("service") {
        anyhow::bail!(
            "{} bevat geen services.csv; is dit een HSDS-tabelpakket?",
            dir.display()
        );
    }
    let joiner = Joiner::new(&tables);
    let mut used: HashSet<(&'static str, String)> = HashSet::new();
    let services: Vec<Value> = tables
        .get("service")
        .map(|rows| {
            rows.iter()
                .map(|r| joiner.build("service", r, 0, &mut used))
                .collect()
        })
        .unwrap_or_default();
    for t in TABLES.iter().filter(|t| t.name != "service") {
        for row in tables.get(t.name).map_or(&[][..], Vec::as_slice) {
            let id = id_of(row).unwrap_or_default();
            if !used.contains(&(t.name, id.clone())) {
                warnings.push(Issue::new(
                    t.file,
                    format!(
                        "rij {id} hoort bij geen enkel aanbod in dit pakket; niet geïmporteerd"
                    ),
                ));
            }
        }
    }
    Ok(Package {
        services,
        warnings,
        errors,
    })
}

struct Joiner<'a> {
    tables: &'a HashMap<&'static str, Rows>,
    /// (table, column, value) → row indexes.
    index: HashMap<(&'static str, &'static str, String), Vec<usize>>,
}

impl<'a> Joiner<'a> {
    fn new(tables: &'a HashMap<&'static str, Rows>) -> Self {
        let mut index: HashMap<(&'static str, &'static str, String), Vec<usize>> = HashMap::new();
        for t in TABLES {
            let Some(rows) = tables.get(t.name) else {
                continue;
            };
            for (i, row) in rows.iter().enumerate() {
                for col in t.columns.iter().filter(|c| ID_COLUMNS.contains(c)) {
                    if let Some(v) = row.get(*col).and_then(cell) {
                        index.entry((t.name, col, v)).or_default().push(i);
                    }
                }
            }
        }
        Joiner { tables, index }
    }

    fn rows(
        &self,
        table: &'static str,
        col: &'static str,
        value: &str,
    ) -> Vec<&'a Map<String, Value>> {
        let Some(rows) = self.tables.get(table) else {
            return Vec::new();
        };
        self.index
            .get(&(table, col, value.to_string()))
            .map(|ix| ix.iter().filter_map(|i| rows.get(*i)).collect())
            .unwrap_or_default()
    }

    fn build(
        &self,
        table: &'static str,
        row: &Map<String, Value>,
        depth: usize,
        used: &mut HashSet<(&'static str, String)>,
    ) -> Value {
        let mut obj = row.clone();
        let id = id_of(row).unwrap_or_default();
        used.insert((table, id.clone()));
        if depth > 10 || id.is_empty() {
            return Value::Object(obj);
        }
        for link in links(table) {
            match link {
                Link::Many { key, table: t, fk } => {
                    let children: Vec<Value> = self
                        .rows(t, fk, &id)
                        .into_iter()
                        .map(|c| self.build(t, c, depth + 1, used))
                        .collect();
                    if !children.is_empty() {
                        obj.insert((*key).to_string(), Value::Array(children));
                    }
                }
                Link::One { key, table: t, fk } => {
                    let Some(target) = row.get(*fk).and_then(cell) else {
                        continue;
                    };
                    if let Some(c) = self.rows(t, "id", &target).first() {
                        obj.insert((*key).to_string(), self.build(t, c, depth + 1, used));
                    }
                }
            }
        }
        Value::Object(obj)
    }
}

/// One table being written: ids in first-seen order, rows by id.
type FlatTable = (Vec<String>, HashMap<String, Map<String, Value>>);

/// Tables being written.
#[derive(Default)]
pub struct Flat {
    tables: BTreeMap<&'static str, FlatTable>,
}

impl Flat {
    fn merge(&mut self, table: &'static str, row: Map<String, Value>) {
        let (order, rows) = self.tables.entry(table).or_default();
        let key = id_of(&row).unwrap_or_else(|| format!("#{}", order.len()));
        match rows.get_mut(&key) {
            Some(existing) => {
                for (k, v) in row {
                    existing.entry(k).or_insert(v);
                }
            }
            None => {
                order.push(key.clone());
                rows.insert(key, row);
            }
        }
    }

    /// Adds a nested object (and everything under it) as rows.
    pub fn add(&mut self, table: &'static str, v: &Value) {
        self.walk(table, v, None, 0);
    }

    fn walk(
        &mut self,
        table: &'static str,
        v: &Value,
        fk: Option<(&'static str, &str)>,
        depth: usize,
    ) {
        let Some(obj) = v.as_object() else {
            return;
        };
        if depth > 10 {
            return;
        }
        let mut row: Map<String, Value> = obj
            .iter()
            .filter(|(_, x)| !x.is_array() && !x.is_object() && !x.is_null())
            .map(|(k, x)| (k.clone(), x.clone()))
            .collect();
        if let Some((col, id)) = fk {
            row.entry(col.to_string())
                .or_insert_with(|| Value::String(id.to_string()));
        }
        let id = id_of(&row).unwrap_or_default();
        for link in links(table) {
            match link {
                Link::Many { key, table: t, fk } => {
                    for child in obj
                        .get(*key)
                        .and_then(Value::as_array)
                        .map_or(&[][..], Vec::as_slice)
                    {
                        self.walk(t, child, Some((fk, &id)), depth + 1);
                    }
                }
                Link::One { key, table: t, fk } => {
                    if let Some(child) = obj.get(*key).filter(|c| c.is_object()) {
                        if let Some(cid) = child.get("id").and_then(cell) {
                            row.entry((*fk).to_string()).or_insert(Value::String(cid));
                        }
                        self.walk(t, child, None, depth + 1);
                    }
                }
            }
        }
        self.merge(table, row);
    }

    /// Rows of a table as text cells, with the columns to write.
    pub fn rows(&self, table: &Table) -> (Vec<String>, Vec<Vec<String>>) {
        let mut columns: Vec<String> = table.columns.iter().map(|c| c.to_string()).collect();
        let Some((order, rows)) = self.tables.get(table.name) else {
            return (columns, Vec::new());
        };
        let mut extra: Vec<String> = rows
            .values()
            .flat_map(|r| r.keys())
            .filter(|k| !table.columns.contains(&k.as_str()))
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        extra.sort();
        columns.extend(extra);
        let out = order
            .iter()
            .filter_map(|k| rows.get(k))
            .map(|r| {
                columns
                    .iter()
                    .map(|c| r.get(c).and_then(cell).unwrap_or_default())
                    .collect()
            })
            .collect();
        (columns, out)
    }

    /// Writes every table as CSV plus `datapackage.json` into `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<Vec<(String, usize)>> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("map {} kan niet worden gemaakt: {e}", dir.display()))?;
        let mut resources = Vec::new();
        let mut counts = Vec::new();
        for t in TABLES {
            let (columns, rows) = self.rows(t);
            let path = dir.join(t.file);
            let mut w = csv::Writer::from_path(&path).map_err(|e| {
                anyhow::anyhow!("{} kan niet worden geschreven: {e}", path.display())
            })?;
            w.write_record(&columns)?;
            for r in &rows {
                // Text a spreadsheet would run as a formula gets a leading `'`
                // (read_csv takes it off again); figures stay as they are.
                w.write_record(r.iter().map(|c| safe_cell(c).into_owned()))?;
            }
            w.flush()?;
            counts.push((t.file.to_string(), rows.len()));
            let fields: Vec<Value> = columns
                .iter()
                .map(|c| {
                    let (ty, format) = column_type(c);
                    let mut f = json!({"name": c, "type": ty});
                    if let (Some(fm), Some(o)) = (format, f.as_object_mut()) {
                        o.insert("format".into(), json!(fm));
                    }
                    f
                })
                .collect();
            resources.push(json!({
                "name": t.name,
                "path": t.file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }));
        }
        let package = json!({
            "name": "kompas-sociale-kaart",
            "title": "Sociale kaart (Open Referral HSDS 3.0, Nederlands profiel van Kompas)",
            "profile": "tabular-data-package",
            "version": "3.0",
            "resources": resources,
        });
        let text = serde_json::to_string_pretty(&package)?;
        std::fs::write(dir.join("datapackage.json"), text)
            .map_err(|e| anyhow::anyhow!("datapackage.json kan niet worden geschreven: {e}"))?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_flatten_to_rows_with_their_foreign_keys() {
        let s = json!({
            "id": "s1", "name": "Dienst", "status": "active",
            "phones": [{"id": "p1", "number": "1"}],
            "organization": {"id": "o1", "name": "Org", "description": "", "phones": [{"id": "p1", "number": "1"}]},
            "service_at_locations": [{"id": "sal1", "location": {"id": "l1", "location_type": "physical",
                "addresses": [{"id": "a1", "address_1": "Straat 1"}]}}]
        });
        let mut flat = Flat::default();
        flat.add("service", &s);
        let (cols, rows) = flat.rows(table("phone").unwrap());
        let get = |c: &str| rows[0][cols.iter().position(|x| x == c).unwrap()].clone();
        assert_eq!(rows.len(), 1, "one row per id");
        assert_eq!(get("service_id"), "s1");
        assert_eq!(get("organization_id"), "o1");
        let (cols, rows) = flat.rows(table("service").unwrap());
        assert_eq!(
            rows[0][cols.iter().position(|x| x == "organization_id").unwrap()],
            "o1"
        );
        let (cols, rows) = flat.rows(table("service_at_location").unwrap());
        assert_eq!(
            rows[0][cols.iter().position(|x| x == "location_id").unwrap()],
            "l1"
        );
        let (cols, rows) = flat.rows(table("address").unwrap());
        assert_eq!(
            rows[0][cols.iter().position(|x| x == "location_id").unwrap()],
            "l1"
        );
    }
}
