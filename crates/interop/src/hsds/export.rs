//! The directory as HSDS (for the API and `kompas export hsds`) and writing
//! both serialisations. Reading the offers from the database is the
//! application layer's (`kompas_app::directory::hsds`).

use super::tabular::Flat;
use super::to_hsds::{organization_json, service_json, unwrap_extra};
use super::vocab;
use kompas_domain::directory::{DirectoryOrganization, Offer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One offer with its organisation and its full HSDS service object.
#[derive(Debug, Clone)]
pub struct Entry {
    pub offer: Offer,
    pub org: DirectoryOrganization,
    pub service: Value,
}

impl Entry {
    /// The offer with its organisation and the service object made of both.
    pub fn new(offer: Offer, org: DirectoryOrganization) -> Entry {
        let service = service_json(&offer, &org);
        Entry {
            offer,
            org,
            service,
        }
    }

    /// The same with the service in its list form (see
    /// [`super::to_hsds::list_service_json`]), for lists that show no arrays.
    pub fn listed(offer: Offer, org: DirectoryOrganization) -> Entry {
        let service = super::to_hsds::list_service_json(&offer, &org);
        Entry {
            offer,
            org,
            service,
        }
    }
}

/// The organisation as HSDS, taking its unmodelled fields from the original
/// kept with its most recently changed offer.
pub fn organization_of(org: &DirectoryOrganization, offers: &[&Offer]) -> Value {
    let mut candidates: Vec<&&Offer> = offers.iter().collect();
    candidates.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    let base = candidates.iter().find_map(|o| {
        let s = unwrap_extra(o.hsds_extra.as_deref()?)?;
        let org_obj = s.get("organization")?.clone();
        (super::from_hsds::internal_id(&org_obj).as_deref() == Some(org.hsds_id.as_str()))
            .then_some(org_obj)
    });
    organization_json(org, base.as_ref())
}

/// Every taxonomy used: ours first, then foreign ones found in attributes.
pub fn taxonomies(entries: &[Entry]) -> Vec<Value> {
    let mut out: Vec<Value> = vocab::TAXONOMIES
        .iter()
        .map(|(k, _)| vocab::taxonomy(k))
        .collect();
    let mut seen: Vec<String> = vocab::TAXONOMIES
        .iter()
        .map(|(k, _)| vocab::taxonomy_id(k))
        .collect();
    for t in foreign_terms(entries) {
        if let Some(detail) = t.get("taxonomy_detail").filter(|d| d.is_object()) {
            if let Some(id) = detail.get("id").and_then(Value::as_str) {
                if !seen.iter().any(|s| s == id) {
                    seen.push(id.to_string());
                    out.push(detail.clone());
                }
            }
        }
    }
    out
}

fn foreign_terms(entries: &[Entry]) -> Vec<Value> {
    let mut by_id: BTreeMap<String, Value> = BTreeMap::new();
    for e in entries {
        for a in super::from_hsds::array(&e.service, "attributes") {
            if vocab::recognise(a).is_some() {
                continue;
            }
            if let Some(t) = a.get("taxonomy_term").filter(|t| t.is_object()) {
                if let Some(id) = t.get("id").and_then(Value::as_str) {
                    by_id.entry(id.to_string()).or_insert_with(|| t.clone());
                }
            }
        }
    }
    by_id.into_values().collect()
}

/// Every taxonomy term: all of ours, then foreign ones found in attributes.
pub fn taxonomy_terms(entries: &[Entry]) -> Vec<Value> {
    let mut out = Vec::new();
    for (key, _) in vocab::TAXONOMIES {
        for (code, _, _) in vocab::terms_of(key) {
            out.push(vocab::term(key, &code));
        }
    }
    out.extend(foreign_terms(entries));
    out
}

#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub services: usize,
    pub files: Vec<(String, usize)>,
}

/// Writes `services.json` and the tabular package (`datapackage.json` + CSV).
pub fn write_dir(dir: &Path, services: &[Value]) -> anyhow::Result<ExportSummary> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("map {} kan niet worden gemaakt: {e}", dir.display()))?;
    let json = serde_json::to_string_pretty(services)?;
    std::fs::write(dir.join("services.json"), json)
        .map_err(|e| anyhow::anyhow!("services.json kan niet worden geschreven: {e}"))?;
    let mut flat = Flat::default();
    for s in services {
        flat.add("service", s);
    }
    let mut files = vec![("services.json".to_string(), services.len())];
    files.extend(flat.write(dir)?);
    Ok(ExportSummary {
        services: services.len(),
        files,
    })
}
