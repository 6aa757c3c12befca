//! Importing HSDS: read a file or package and check every record against
//! what is stored. Writing the plan, in one transaction or not at all, is the
//! application layer's (`kompas_app::directory::hsds::import`).

use super::compare;
use super::from_hsds::{derive, member_path, Derived, Issue, LocFacet, OrgFacet, OrgSource};
use super::tabular;
use super::to_hsds::{service_json, wrap_extra};
use kompas_domain::directory::{DirectoryOrganization, Location, Offer, OfferDraft};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One thing reported about one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The record's id, or `#n` (its position) when it has none.
    pub record: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.record, self.field, self.reason)
    }
}

impl Problem {
    fn of(record: &str, issue: Issue) -> Problem {
        Problem {
            record: record.to_string(),
            field: issue.field,
            reason: issue.reason,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// JSON: an array of services, a page with `contents`, or one service.
    Nested,
    /// A tabular data package (CSV files).
    Tabular,
}

/// What was read, before any checking.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub services: Vec<Value>,
    /// About the package as a whole (rows that belong to nothing, …).
    pub warnings: Vec<Problem>,
    /// About the package as a whole, refusing it (duplicate rows, …).
    pub errors: Vec<Problem>,
}

fn package_problems(issues: Vec<Issue>) -> Vec<Problem> {
    issues
        .into_iter()
        .map(|i| Problem {
            record: "pakket".into(),
            field: i.field,
            reason: i.reason,
        })
        .collect()
}

fn tabular_source(path: &Path, dir: &Path) -> anyhow::Result<Source> {
    let package = tabular::read_package(dir)?;
    Ok(Source {
        path: path.to_path_buf(),
        kind: SourceKind::Tabular,
        services: package.services,
        warnings: package_problems(package.warnings),
        errors: package_problems(package.errors),
    })
}

/// Reads `path`: a JSON file (array of services, paginated list with
/// `contents`, or a single service), a directory with a tabular package, or
/// that package's `datapackage.json`.
pub fn read_source(path: &Path) -> anyhow::Result<Source> {
    if path.is_dir() {
        return tabular_source(path, path);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{} kan niet worden gelezen: {e}", path.display()))?;
    let parent = path.parent().unwrap_or(Path::new("."));
    let is_package_file = path.file_name().is_some_and(|n| n == "datapackage.json");
    let parsed: Result<Value, _> = serde_json::from_str(&text);
    let v = match parsed {
        Ok(v) => v,
        Err(_) if is_package_file => return tabular_source(path, parent),
        Err(e) => anyhow::bail!("{} is geen geldige JSON: {e}", path.display()),
    };
    if is_package_file || v.get("resources").is_some_and(Value::is_array) {
        return tabular_source(path, parent);
    }
    let services = match v {
        Value::Array(items) => items,
        Value::Object(ref m) if m.get("contents").is_some_and(Value::is_array) => m
            .get("contents")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        Value::Object(ref m) if m.contains_key("id") || m.contains_key("name") => vec![v],
        _ => anyhow::bail!(
            "{}: herken de vorm niet; verwacht een lijst van services, een pagina met 'contents' of één service",
            path.display()
        ),
    };
    Ok(Source {
        path: path.to_path_buf(),
        kind: SourceKind::Nested,
        services,
        warnings: Vec::new(),
        errors: Vec::new(),
    })
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub records: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub dry_run: bool,
    /// True only when the transaction was committed.
    pub committed: bool,
    /// Offers created or updated (database ids), for the search index.
    pub changed: Vec<i64>,
}

impl ImportReport {
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A record that passed the check, ready to write.
#[derive(Debug, Clone)]
pub struct Checked {
    pub record: String,
    pub draft: OfferDraft,
    /// The organisation's HSDS id.
    pub organization: String,
    pub location: Option<LocFacet>,
    /// What to keep in `hsds_extra`.
    pub extra: Option<String>,
    /// The translations the record carries (`None`: it carries none and the
    /// stored ones stay).
    pub translations: Option<Vec<kompas_domain::directory::OfferTranslation>>,
}

/// What the check needs to know of the directory, looked up beforehand
/// (see [`lookups`]).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Stored offers by HSDS id, with their organisation.
    pub offers: HashMap<String, (Offer, DirectoryOrganization)>,
    /// Database ids of stored organisations, by HSDS id.
    pub organizations: HashMap<String, i64>,
}

/// What to write when the check found no errors: organisations first, then
/// the offers (with their locations) in the file's order.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub organizations: Vec<OrgFacet>,
    pub offers: Vec<Checked>,
    /// Organisations that are referred to and already stored, by HSDS id.
    pub known_organizations: HashMap<String, i64>,
}

/// Every record mapped, in the file's order (`None`: not a JSON object).
pub fn derive_all(source: &Source) -> Vec<Option<Derived>> {
    source
        .services
        .iter()
        .map(|s| s.is_object().then(|| derive(s)))
        .collect()
}

/// The HSDS ids the check looks up: the offers' own ids, and organisations
/// given by `organization_id` only.
pub fn lookups(derived: &[Option<Derived>]) -> (Vec<String>, Vec<String>) {
    let mut offers = Vec::new();
    let mut organizations = Vec::new();
    for d in derived.iter().flatten() {
        if !d.mapped.draft.hsds_id.is_empty() {
            offers.push(d.mapped.draft.hsds_id.clone());
        }
        if let OrgSource::Reference(oid) = &d.mapped.organization {
            organizations.push(oid.clone());
        }
    }
    offers.sort();
    offers.dedup();
    organizations.sort();
    organizations.dedup();
    (offers, organizations)
}

/// What to keep in `hsds_extra`: the incoming object, unless it is exactly
/// what Kompas exports for the offer as it stands (re-importing our own
/// export then changes nothing, not even for offers made in Kompas).
fn extra_for(known: &Known, id: &str, incoming: &Value) -> Option<String> {
    if let Some((o, org)) = known.offers.get(id).filter(|_| !id.is_empty()) {
        if compare::same(&service_json(o, org), incoming) {
            return o.hsds_extra.clone();
        }
    }
    Some(wrap_extra(incoming))
}

/// The location to store for a checked record.
pub fn location_of(l: &LocFacet, organization_id: i64) -> Location {
    Location {
        organization_id: Some(organization_id),
        ..l.clone()
    }
}

/// The history's reason for an import from `source`.
pub fn reason(source: &Source) -> String {
    format!(
        "HSDS-import uit {}",
        source.path.file_name().map_or_else(
            || source.path.display().to_string(),
            |n| n.to_string_lossy().to_string()
        )
    )
}

/// Paths of ids and references (see `ID_COLUMNS`) that are not UUIDs (at most a few).
fn non_uuid_ids(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = member_path(path, k);
                match x {
                    Value::String(s)
                        if super::tabular::ID_COLUMNS.contains(&k.as_str())
                            && !super::vocab::is_uuid(s) =>
                    {
                        if out.len() < 5 && !out.iter().any(|o| o.starts_with(&here)) {
                            out.push(format!("{here} '{s}'"));
                        }
                    }
                    _ => non_uuid_ids(x, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for x in items {
                non_uuid_ids(x, path, out);
            }
        }
        _ => {}
    }
}

/// Which fields of two organisations with the same id differ, in Dutch.
fn org_differences(a: &OrgFacet, b: &OrgFacet) -> String {
    [
        ("naam", a.name != b.name),
        ("omschrijving", a.description != b.description),
        ("website", a.website != b.website),
        ("e-mail", a.email != b.email),
        ("telefoon", a.phone != b.phone),
    ]
    .iter()
    .filter(|(_, differs)| *differs)
    .map(|(f, _)| *f)
    .collect::<Vec<_>>()
    .join(", ")
}

/// Checks every record of `source` (mapped by [`derive_all`]) against what
/// is stored (`known`). The plan is only for writing when the report has no
/// errors.
pub fn check(
    source: &Source,
    derived: Vec<Option<Derived>>,
    known: &Known,
    dry_run: bool,
) -> (ImportReport, Plan) {
    let mut report = ImportReport {
        records: source.services.len(),
        dry_run,
        warnings: source.warnings.clone(),
        errors: source.errors.clone(),
        ..ImportReport::default()
    };
    let mut checked = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut orgs: Vec<OrgFacet> = Vec::new();
    let mut locations: HashMap<String, (String, LocFacet)> = HashMap::new();
    let mut existing_orgs: HashMap<String, i64> = HashMap::new();
    for (i, (s, d)) in source.services.iter().zip(derived).enumerate() {
        let position = format!("#{}", i + 1);
        let Some(d) = d else {
            report.errors.push(Problem {
                record: position,
                field: "service".into(),
                reason: "dit is geen JSON-object".into(),
            });
            continue;
        };
        let id = &d.mapped.draft.hsds_id;
        let record = if id.is_empty() { position } else { id.clone() };
        report
            .errors
            .extend(d.errors.into_iter().map(|e| Problem::of(&record, e)));
        report
            .warnings
            .extend(d.warnings.into_iter().map(|w| Problem::of(&record, w)));
        if !id.is_empty() {
            if let Some(first) = seen.insert(id.clone(), i + 1) {
                report.errors.push(Problem {
                    record: record.clone(),
                    field: "id (id)".into(),
                    reason: format!("komt meer dan eens voor in het bestand (ook record #{first})"),
                });
            }
        }
        let organization = match d.mapped.organization {
            OrgSource::Nested(o) => {
                // One id must mean one organisation: which of two would be right?
                match orgs.iter().find(|x| x.hsds_id == o.hsds_id) {
                    Some(prev) if *prev != o => report.errors.push(Problem {
                        record: record.clone(),
                        field: "organisatie (organization)".into(),
                        reason: format!(
                            "organisatie {} staat er meer dan eens in, met verschillende gegevens ({}); maak ze gelijk of geef ze elk een eigen id",
                            o.hsds_id,
                            org_differences(prev, &o)
                        ),
                    }),
                    Some(_) => {}
                    None => orgs.push(o.clone()),
                }
                o.hsds_id
            }
            OrgSource::Reference(oid) => {
                if let Some(id) = known.organizations.get(&oid) {
                    existing_orgs.insert(oid.clone(), *id);
                }
                oid
            }
            OrgSource::Missing => {
                report.errors.push(Problem {
                    record: record.clone(),
                    field: "organisatie (organization, organization_id)".into(),
                    reason:
                        "een aanbod hoort bij een organisatie; geef organization of organization_id"
                            .into(),
                });
                String::new()
            }
        };
        if let Some(l) = d.mapped.location.as_ref().filter(|l| !l.hsds_id.is_empty()) {
            match locations.get(&l.hsds_id) {
                Some((first, prev)) if prev != l => report.errors.push(Problem {
                    record: record.clone(),
                    field: "locatie (service_at_locations.location)".into(),
                    reason: format!(
                        "locatie {} staat ook bij record {first}, met andere gegevens; maak ze gelijk of geef ze elk een eigen id",
                        l.hsds_id
                    ),
                }),
                Some(_) => {}
                None => {
                    locations.insert(l.hsds_id.clone(), (record.clone(), l.clone()));
                }
            }
        }
        report.warnings.extend(non_uuid_warning(&record, s));
        let extra = extra_for(known, id, s);
        checked.push(Checked {
            record,
            draft: d.mapped.draft,
            organization,
            location: d.mapped.location,
            extra,
            translations: d.mapped.translations,
        });
    }
    let plan = Plan {
        organizations: orgs,
        offers: checked,
        known_organizations: existing_orgs,
    };
    report.errors.extend(unknown_organizations(&plan));
    (report, plan)
}

/// The warning for ids in `service` that are not UUIDs, if any.
fn non_uuid_warning(record: &str, service: &Value) -> Option<Problem> {
    let mut odd = Vec::new();
    non_uuid_ids(service, "", &mut odd);
    (!odd.is_empty()).then(|| Problem {
        record: record.to_string(),
        field: "id".into(),
        reason: format!(
            "{} is geen UUID zoals HSDS vraagt; Kompas neemt het over, maar een export is op die plaatsen geen geldige HSDS (de id van de service zelf krijgt bij export een afgeleide UUID)",
            odd.join(", ")
        ),
    })
}

/// Records whose organisation is neither in the file nor in Kompas.
fn unknown_organizations(plan: &Plan) -> Vec<Problem> {
    plan.offers
        .iter()
        .filter(|c| {
            !c.organization.is_empty()
                && !plan
                    .organizations
                    .iter()
                    .any(|o| o.hsds_id == c.organization)
                && !plan.known_organizations.contains_key(&c.organization)
        })
        .map(|c| Problem {
            record: c.record.clone(),
            field: "organisatie (organization_id)".into(),
            reason: format!(
                "organisatie {} staat niet in het bestand en niet in Kompas",
                c.organization
            ),
        })
        .collect()
}
