//! Our offer → an HSDS 3.0 service object.
//!
//! An offer that came in through an HSDS import keeps the original service
//! object in `hsds_extra`. Export starts from that original and, facet by
//! facet (name, costs, opening hours, areas, location, organisation, …),
//! asks whether the original still maps to what Kompas holds now. If so the
//! original parts are handed out untouched; if an editor changed something,
//! that facet is written from Kompas's data. Our own attributes (layer, life
//! domains, …) are always written fresh, with stable ids.

use super::from_hsds::{self, derive, internal_id, is_cbs_code, LocFacet, OrgFacet, OrgSource};
use super::vocab::{self, public_id, uuid_for};
use kompas_domain::directory::translation::{languages, normalized};
use kompas_domain::directory::{
    DirectoryOrganization, Location, Offer, OfferDraft, OfferTranslation, OpeningHours, TextField,
};
use kompas_domain::language::Language;
use serde_json::{json, Map, Value};

/// An array property of an object (empty when absent or not an array).
fn array_of<'a>(m: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    m.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The marker of our `hsds_extra` documents.
const EXTRA_FORMAT: &str = "kompas-hsds-1";

/// What goes in `offers.hsds_extra`: the original service object, whole.
pub fn wrap_extra(service: &Value) -> String {
    json!({ "format": EXTRA_FORMAT, "service": service }).to_string()
}

/// The original service object kept in `hsds_extra`, if any.
pub fn unwrap_extra(extra: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(extra).ok()?;
    if v.get("format").and_then(Value::as_str) != Some(EXTRA_FORMAT) {
        return None;
    }
    v.get("service").filter(|s| s.is_object()).cloned()
}

pub fn org_facet(o: &DirectoryOrganization) -> OrgFacet {
    OrgFacet {
        hsds_id: o.hsds_id.clone(),
        name: o.name.clone(),
        kind: String::new(),
        description: o.description.clone(),
        website: o.website.clone(),
        email: o.email.clone(),
        phone: o.phone.clone(),
    }
}

/// The location without its database ids, as an import derives it.
pub fn loc_facet(l: &Location) -> LocFacet {
    LocFacet {
        id: 0,
        organization_id: None,
        ..l.clone()
    }
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    match v {
        Some(v) => {
            m.insert(key.to_string(), v);
        }
        None => {
            m.remove(key);
        }
    }
}

fn put_text(m: &mut Map<String, Value>, key: &str, v: Option<&str>) {
    put(
        m,
        key,
        v.filter(|s| !s.trim().is_empty())
            .map(|s| Value::String(s.to_string())),
    );
}

fn kompas_id_attribute(entity: &str, public: &str, own: &str) -> Option<Value> {
    (public != own)
        .then(|| vocab::attribute(entity, public, vocab::FEATURE, vocab::KOMPAS_ID, Some(own)))
}

/// Attributes that are not ours, plus `ours`.
fn with_attributes(m: &mut Map<String, Value>, ours: Vec<Value>) {
    let mut list: Vec<Value> = m
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|x| vocab::recognise(x).is_none())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    list.extend(ours);
    put(
        m,
        "attributes",
        (!list.is_empty()).then_some(Value::Array(list)),
    );
}

/// An organisation: the original object where it still matches, else ours.
pub fn organization_json(org: &DirectoryOrganization, base: Option<&Value>) -> Value {
    organization_object(org, base, true)
}

/// The organisation; with `arrays` false without its arrays (see [`service_object`]).
fn organization_object(org: &DirectoryOrganization, base: Option<&Value>, arrays: bool) -> Value {
    let current = org_facet(org);
    let oid = public_id("organization", &org.hsds_id);
    let base = base.filter(|b| internal_id(b).as_deref() == Some(org.hsds_id.as_str()));
    let mut m = base
        .and_then(|b| b.as_object().cloned())
        .unwrap_or_default();
    let derived = base.map(|b| from_hsds::org_from(b, &mut Vec::new()));
    if derived.as_ref() != Some(&current) {
        m.insert("name".into(), Value::String(org.name.clone()));
        m.insert("description".into(), Value::String(org.description.clone()));
        put_text(&mut m, "website", org.website.as_deref());
        put_text(&mut m, "email", org.email.as_deref());
    }
    if arrays && derived.as_ref() != Some(&current) {
        let mut phones: Vec<Value> = array_of(&m, "phones").to_vec();
        match (&org.phone, phones.first_mut()) {
            (Some(p), Some(first)) => {
                if let Some(f) = first.as_object_mut() {
                    f.insert("number".into(), Value::String(p.clone()));
                }
            }
            (Some(p), None) => phones.push(json!({"id": uuid_for(&["phone", &oid]), "number": p})),
            (None, Some(_)) => {
                phones.remove(0);
            }
            (None, None) => {}
        }
        put(
            &mut m,
            "phones",
            (!phones.is_empty()).then_some(Value::Array(phones)),
        );
    }
    m.insert("id".into(), Value::String(oid.clone()));
    if !m.contains_key("description") {
        m.insert("description".into(), Value::String(String::new()));
    }
    if arrays {
        let ours: Vec<Value> = kompas_id_attribute("organization", &oid, &org.hsds_id)
            .into_iter()
            .collect();
        with_attributes(&mut m, ours);
    }
    Value::Object(m)
}

fn schedules_json(sid: &str, hours: &OpeningHours) -> Option<Value> {
    let mut groups: Vec<(u16, u16, Vec<&'static str>)> = Vec::new();
    for w in hours.windows() {
        match groups
            .iter_mut()
            .find(|(o, c, _)| *o == w.opens && *c == w.closes)
        {
            Some(g) => g.2.push(w.day.ical()),
            None => groups.push((w.opens, w.closes, vec![w.day.ical()])),
        }
    }
    let time = |m: u16| format!("{:02}:{:02}:00", m / 60, m % 60);
    let list: Vec<Value> = groups
        .into_iter()
        .map(|(o, c, days)| {
            let byday = days.join(",");
            json!({
                "id": uuid_for(&["schedule", sid, &byday, &time(o), &time(c)]),
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": byday,
                "opens_at": time(o),
                "closes_at": time(c),
            })
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}

fn area_json(sid: &str, code: &str) -> Value {
    json!({
        "id": uuid_for(&["area", sid, code]),
        "name": code,
        "description": "CBS-gebiedscode",
        "extent": code,
        "extent_type": "text",
    })
}

fn address_json(lid: &str, l: &Location) -> Value {
    json!({
        "id": uuid_for(&["address", lid]),
        "address_1": l.address.clone().unwrap_or_default(),
        "city": l.city.clone().unwrap_or_default(),
        // Required by HSDS; not used in the Netherlands (see the Dutch profile).
        "state_province": "",
        "postal_code": l.postcode.clone().unwrap_or_default(),
        "country": "NL",
        "address_type": "physical",
    })
}

/// Writes our location's fields into an HSDS location object.
fn overlay_location(m: &mut Map<String, Value>, lid: &str, l: &Location) {
    m.insert("id".into(), Value::String(lid.to_string()));
    if !m.contains_key("location_type") {
        m.insert("location_type".into(), Value::String("physical".into()));
    }
    m.insert("name".into(), Value::String(l.name.clone()));
    put(m, "latitude", l.latitude.map(|x| json!(x)));
    put(m, "longitude", l.longitude.map(|x| json!(x)));
    match &l.area_code {
        Some(code) => {
            m.insert("external_identifier".into(), Value::String(code.clone()));
            m.insert(
                "external_identifier_type".into(),
                Value::String("cbs".into()),
            );
        }
        None => {
            let is_cbs = m
                .get("external_identifier_type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("cbs"));
            if is_cbs {
                m.remove("external_identifier");
                m.remove("external_identifier_type");
            }
        }
    }
    let has_address = l.address.is_some() || l.postcode.is_some() || l.city.is_some();
    let mut addresses: Vec<Value> = m
        .get("addresses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let pos = addresses
        .iter()
        .position(|a| a.get("address_type").and_then(Value::as_str) == Some("physical"))
        .or(if addresses.is_empty() { None } else { Some(0) });
    match (pos, has_address) {
        (Some(i), true) => {
            if let Some(a) = addresses.get_mut(i).and_then(Value::as_object_mut) {
                a.insert(
                    "address_1".into(),
                    json!(l.address.clone().unwrap_or_default()),
                );
                a.insert("city".into(), json!(l.city.clone().unwrap_or_default()));
                a.insert(
                    "postal_code".into(),
                    json!(l.postcode.clone().unwrap_or_default()),
                );
            }
        }
        (None, true) => addresses.push(address_json(lid, l)),
        (Some(i), false) => {
            addresses.remove(i);
        }
        (None, false) => {}
    }
    put(
        m,
        "addresses",
        (!addresses.is_empty()).then_some(Value::Array(addresses)),
    );
    let ours: Vec<Value> = kompas_id_attribute("location", lid, &l.hsds_id)
        .into_iter()
        .collect();
    with_attributes(m, ours);
}

/// Our attributes for an offer.
fn our_attributes(sid: &str, d: &OfferDraft, translations: &[OfferTranslation]) -> Vec<Value> {
    let attr = |key: &str, code: &str, value: Option<&str>| {
        vocab::attribute("service", sid, key, code, value)
    };
    let mut out = vec![attr(
        vocab::LAYER,
        &format!("laag-{}", d.layer.number()),
        None,
    )];
    out.extend(
        d.life_domains
            .iter()
            .map(|x| attr(vocab::LIFE_DOMAIN, x.code(), None)),
    );
    out.extend(
        d.target_groups
            .iter()
            .map(|x| attr(vocab::TARGET_GROUP, x.code(), None)),
    );
    out.push(attr(
        vocab::ACCESS,
        d.access.code(),
        d.referrer.as_deref().filter(|r| !r.trim().is_empty()),
    ));
    out.extend(
        d.keywords
            .iter()
            .map(|k| attr(vocab::FEATURE, vocab::KEYWORD, Some(k))),
    );
    if let Some(c) = d.checked_by.as_deref().filter(|c| !c.contains('@')) {
        out.push(attr(vocab::FEATURE, vocab::CHECKED_BY, Some(c)));
    }
    if let Some(a) = kompas_id_attribute("service", sid, &d.hsds_id) {
        out.push(a);
    }
    for t in normalized(translations) {
        for field in [
            TextField::Name,
            TextField::Description,
            TextField::HowToApply,
        ] {
            let text = t.text(field);
            if !text.is_empty() {
                out.push(attr(
                    vocab::TRANSLATION,
                    &vocab::translation_code(t.language, field),
                    Some(text),
                ));
            }
        }
    }
    out
}

/// HSDS `languages`: those of the original, and every language the offer
/// has text in (Dutch always) that the original did not name.
fn with_languages(m: &mut Map<String, Value>, sid: &str, translations: &[OfferTranslation]) {
    let mut list: Vec<Value> = array_of(m, "languages").to_vec();
    for l in languages(translations) {
        let named = list
            .iter()
            .any(|x| x.get("code").and_then(Value::as_str) == Some(l.code()));
        if !named {
            list.push(json!({
                "id": uuid_for(&["language", sid, l.code()]),
                "service_id": sid,
                "name": l.native_name(),
                "code": l.code(),
                "note": "De informatie over dit aanbod is in deze taal te lezen.",
            }));
        }
    }
    m.insert("languages".into(), Value::Array(list));
}

/// The service with its name, description and `application_process` in
/// `lang` where the offer has them (the API's `?taal=`); Dutch otherwise.
pub fn in_language(service: &mut Value, offer: &Offer, lang: Language) {
    let Some(m) = service.as_object_mut() else {
        return;
    };
    for (field, key) in [
        (TextField::Name, "name"),
        (TextField::Description, "description"),
        (TextField::HowToApply, "application_process"),
    ] {
        let s = kompas_domain::directory::translation::shown(
            &offer.draft,
            &offer.translations,
            lang,
            field,
        );
        if s.language == lang && lang != Language::Nl {
            m.insert(key.into(), Value::String(s.text.to_string()));
        }
    }
}

/// The full HSDS service object of a stored offer.
pub fn service_json(offer: &Offer, org: &DirectoryOrganization) -> Value {
    service_object(offer, org, true)
}

/// The list form of [`service_json`], built without the arrays it leaves out
/// (the HSDS search API's common answer: our attributes alone are a dozen
/// objects with derived ids per service).
pub fn list_service_json(offer: &Offer, org: &DirectoryOrganization) -> Value {
    list_form(&service_object(offer, org, false))
}

/// The service object; with `arrays` false its arrays of child objects are
/// left as the original has them (the list form drops them all).
fn service_object(offer: &Offer, org: &DirectoryOrganization, arrays: bool) -> Value {
    let base = offer.hsds_extra.as_deref().and_then(unwrap_extra);
    let derived = base.as_ref().map(derive);
    let dm = derived.as_ref().map(|x| &x.mapped);
    let d = &offer.draft;
    let sid = public_id("service", &d.hsds_id);
    let mut s: Map<String, Value> = base
        .as_ref()
        .and_then(|b| b.as_object().cloned())
        .unwrap_or_default();
    let same = |f: &dyn Fn(&OfferDraft) -> bool| dm.is_some_and(|m| f(&m.draft));

    s.insert("id".into(), Value::String(sid.clone()));
    if !same(&|x| x.name == d.name) {
        s.insert("name".into(), Value::String(d.name.clone()));
    }
    if !same(&|x| x.description == d.description) {
        s.insert("description".into(), Value::String(d.description.clone()));
    }
    if !same(&|x| x.url == d.url) {
        put_text(&mut s, "url", d.url.as_deref());
    }
    if !same(&|x| x.email == d.email) {
        put_text(&mut s, "email", d.email.as_deref());
    }
    if !same(&|x| x.status == d.status) {
        s.insert("status".into(), Value::String(d.status.hsds().into()));
    }
    if !same(&|x| x.application_process == d.application_process) {
        put_text(&mut s, "application_process", Some(&d.application_process));
    }
    if !same(&|x| x.for_whom == d.for_whom) {
        put_text(&mut s, "eligibility_description", Some(&d.for_whom));
    }
    if !same(&|x| x.ages == d.ages) {
        put(&mut s, "minimum_age", d.ages.min().map(|a| json!(a)));
        put(&mut s, "maximum_age", d.ages.max().map(|a| json!(a)));
    }
    if !same(&|x| x.last_checked == d.last_checked) {
        put(
            &mut s,
            "assured_date",
            d.last_checked
                .map(|x| json!(x.format("%Y-%m-%d").to_string())),
        );
    }
    if !same(&|x| x.checked_by == d.checked_by) {
        put_text(
            &mut s,
            "assurer_email",
            d.checked_by.as_deref().filter(|c| c.contains('@')),
        );
    }
    if !same(&|x| x.free == d.free && x.cost_text == d.cost_text) {
        put_text(&mut s, "fees_description", Some(&d.cost_text));
    }
    if arrays && !same(&|x| x.free == d.free && x.cost_text == d.cost_text) {
        let options: Vec<Value> = if d.free {
            vec![json!({
                "id": uuid_for(&["cost", &sid, "gratis"]),
                "option": "Gratis",
                "amount": 0,
                "currency": "EUR",
            })]
        } else {
            array_of(&s, "cost_options")
                .iter()
                .filter(|o| o.get("amount").and_then(Value::as_f64) != Some(0.0))
                .cloned()
                .collect()
        };
        put(
            &mut s,
            "cost_options",
            (!options.is_empty()).then_some(Value::Array(options)),
        );
    }
    if arrays && !same(&|x| x.phone == d.phone) {
        let mut phones: Vec<Value> = array_of(&s, "phones").to_vec();
        match (&d.phone, phones.first_mut()) {
            (Some(p), Some(first)) => {
                if let Some(f) = first.as_object_mut() {
                    f.insert("number".into(), Value::String(p.clone()));
                }
            }
            (Some(p), None) => phones.push(json!({"id": uuid_for(&["phone", &sid]), "number": p})),
            (None, Some(_)) => {
                phones.remove(0);
            }
            (None, None) => {}
        }
        put(
            &mut s,
            "phones",
            (!phones.is_empty()).then_some(Value::Array(phones)),
        );
    }
    if arrays && !same(&|x| x.hours == d.hours) {
        put(&mut s, "schedules", schedules_json(&sid, &d.hours));
    }
    if arrays && !same(&|x| x.areas_served == d.areas_served) {
        let old = array_of(&s, "service_areas").to_vec();
        let extent = |a: &Value| from_hsds::text(a, "extent").unwrap_or_default();
        let mut list: Vec<Value> = old
            .iter()
            .filter(|a| !is_cbs_code(&extent(a)))
            .cloned()
            .collect();
        for code in &d.areas_served {
            list.push(
                old.iter()
                    .find(|a| extent(a) == *code)
                    .cloned()
                    .unwrap_or_else(|| area_json(&sid, code)),
            );
        }
        put(
            &mut s,
            "service_areas",
            (!list.is_empty()).then_some(Value::Array(list)),
        );
    }

    // Location.
    let current_loc = offer.location.as_ref().map(loc_facet);
    let derived_loc = dm.and_then(|m| m.location.clone());
    let loc_same = dm.is_some() && derived_loc == current_loc;
    if arrays && !loc_same {
        let mut sals: Vec<Value> = array_of(&s, "service_at_locations").to_vec();
        match &offer.location {
            None => {
                if derived_loc.is_some() && !sals.is_empty() {
                    sals.remove(0);
                }
            }
            Some(l) => {
                let lid = public_id("location", &l.hsds_id);
                let first_matches = sals
                    .first()
                    .and_then(|x| x.get("location"))
                    .and_then(internal_id)
                    .is_some_and(|id| id == l.hsds_id);
                if first_matches {
                    if let Some(loc) = sals
                        .get_mut(0)
                        .and_then(|x| x.get_mut("location"))
                        .and_then(Value::as_object_mut)
                    {
                        overlay_location(loc, &lid, l);
                    }
                } else {
                    let mut loc = Map::new();
                    overlay_location(&mut loc, &lid, l);
                    let sal = json!({
                        "id": uuid_for(&["sal", &sid, &lid]),
                        "location_id": lid,
                        "location": Value::Object(loc),
                    });
                    if derived_loc.is_some() && !sals.is_empty() {
                        sals[0] = sal;
                    } else {
                        sals.insert(0, sal);
                    }
                }
            }
        }
        put(
            &mut s,
            "service_at_locations",
            (!sals.is_empty()).then_some(Value::Array(sals)),
        );
    }

    // Organisation.
    let oid = public_id("organization", &org.hsds_id);
    let base_org = s.get("organization").cloned();
    s.insert(
        "organization".into(),
        organization_object(org, base_org.as_ref(), arrays),
    );
    s.insert("organization_id".into(), Value::String(oid));
    let org_same =
        matches!(dm.map(|m| &m.organization), Some(OrgSource::Nested(f)) if *f == org_facet(org));

    if arrays {
        with_attributes(&mut s, our_attributes(&sid, d, &offer.translations));
        with_languages(&mut s, &sid, &offer.translations);
    }

    let unchanged = dm.is_some_and(|m| m.draft == *d) && loc_same && org_same;
    let keep_stamp = unchanged && s.get("last_modified").and_then(Value::as_str).is_some();
    if !keep_stamp {
        s.insert(
            "last_modified".into(),
            Value::String(offer.updated_at.clone()),
        );
    }
    Value::Object(s)
}

/// The list form of an object: its direct properties and nested objects,
/// without arrays of child entities (as HSDS lists allow).
pub fn list_form(full: &Value) -> Value {
    let Some(m) = full.as_object() else {
        return full.clone();
    };
    let mut out = Map::new();
    for (k, v) in m {
        match v {
            Value::Array(_) => {}
            Value::Object(inner) => {
                let stripped: Map<String, Value> = inner
                    .iter()
                    .filter(|(_, x)| !x.is_array())
                    .map(|(a, b)| (a.clone(), b.clone()))
                    .collect();
                out.insert(k.clone(), Value::Object(stripped));
            }
            other => {
                out.insert(k.clone(), other.clone());
            }
        }
    }
    Value::Object(out)
}

/// The effective `last_modified` of an exported service.
pub fn last_modified(service: &Value) -> Option<&str> {
    service.get("last_modified").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hsds::compare::missing;
    use crate::hsds::from_hsds::array;
    use crate::hsds::tabular::{self, Flat};
    use std::path::PathBuf;

    fn reference(rel: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/hsds-3.0")
            .join(rel)
    }

    fn read(rel: &str) -> Value {
        serde_json::from_str(&std::fs::read_to_string(reference(rel)).unwrap()).unwrap()
    }

    /// What the store would hold after importing `service`.
    fn stored(service: &Value) -> (Offer, DirectoryOrganization) {
        let d = derive(service);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let OrgSource::Nested(f) = d.mapped.organization else {
            panic!("no organisation")
        };
        let org = DirectoryOrganization {
            id: 1,
            municipality_id: 1,
            hsds_id: f.hsds_id,
            name: f.name,
            description: f.description,
            website: f.website,
            email: f.email,
            phone: f.phone,
        };
        let location = d.mapped.location.map(|l| Location {
            id: 1,
            hsds_id: l.hsds_id,
            organization_id: Some(1),
            name: l.name,
            address: l.address,
            postcode: l.postcode,
            city: l.city,
            area_code: l.area_code,
            latitude: l.latitude,
            longitude: l.longitude,
        });
        let offer = Offer {
            id: 1,
            municipality_id: 1,
            organization_id: 1,
            organization_name: org.name.clone(),
            organization_hsds_id: org.hsds_id.clone(),
            location,
            draft: d.mapped.draft,
            hsds_extra: Some(wrap_extra(service)),
            version: 1,
            created_at: "2026-01-01T00:00:00.000000Z".into(),
            updated_at: "2026-01-01T00:00:00.000000Z".into(),
            translations: Vec::new(),
        };
        (offer, org)
    }

    #[test]
    fn the_spec_examples_come_back_unchanged() {
        for (rel, pick) in [
            ("examples/service_full.json", None),
            ("examples/service_list.json", Some(0)),
        ] {
            let v = read(rel);
            let s = match pick {
                Some(i) => v["contents"][i].clone(),
                None => v,
            };
            let (offer, org) = stored(&s);
            let out = service_json(&offer, &org);
            assert_eq!(missing(&s, &out), Vec::<String>::new(), "{rel}");
            // Our own attributes were added.
            assert!(array(&out, "attributes")
                .iter()
                .any(|a| vocab::recognise(a).is_some()));
            // And importing the export gives the same offer.
            let again = derive(&out);
            assert_eq!(again.mapped.draft, offer.draft);
        }
    }

    #[test]
    fn edits_in_kompas_show_in_the_export() {
        let s = read("examples/service_full.json");
        let (mut offer, mut org) = stored(&s);
        offer.draft.name = "Gesprekshulp".into();
        offer.draft.phone = Some("0123 45 67 89".into());
        offer.draft.free = true;
        offer.draft.areas_served = vec!["WK990101".into()];
        offer.draft.hours = OpeningHours::default();
        offer.draft.hours.add("ma", "09:00", "12:00").unwrap();
        offer.updated_at = "2026-02-02T10:00:00.000000Z".into();
        org.name = "Voorbeeldorganisatie".into();
        let out = service_json(&offer, &org);
        assert_eq!(out["name"], "Gesprekshulp");
        assert_eq!(out["phones"][0]["number"], "0123 45 67 89");
        assert_eq!(
            out["phones"][0]["id"], s["phones"][0]["id"],
            "the phone keeps its id"
        );
        assert_eq!(out["cost_options"][0]["option"], "Gratis");
        assert_eq!(out["schedules"][0]["byday"], "MO");
        assert_eq!(out["organization"]["name"], "Voorbeeldorganisatie");
        assert_eq!(
            out["organization"]["tax_status"], "tax_status",
            "unmodelled fields stay"
        );
        assert_eq!(out["last_modified"], "2026-02-02T10:00:00.000000Z");
        let areas = array(&out, "service_areas");
        assert!(areas.iter().any(|a| a["extent"] == "WK990101"));
        assert!(
            areas.iter().any(|a| a["extent"] == "extent"),
            "the foreign area stays"
        );
        let again = derive(&out);
        assert_eq!(again.mapped.draft, offer.draft);
    }

    #[test]
    fn the_tabular_example_comes_back_row_for_row() {
        let dir = reference("examples/csv");
        let services = tabular::read_package(&dir).unwrap().services;
        assert_eq!(services.len(), 1);
        let mut flat = Flat::default();
        for s in &services {
            let (offer, org) = stored(s);
            flat.add("service", &service_json(&offer, &org));
        }
        for t in tabular::TABLES {
            if matches!(
                t.name,
                "attribute" | "taxonomy_term" | "taxonomy" | "metadata" | "meta_table_description"
            ) {
                continue; // rows of the example that belong to nothing (reported as warnings)
            }
            let mut r = csv::Reader::from_path(dir.join(t.file)).unwrap();
            let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
            let (cols, rows) = flat.rows(t);
            for rec in r.records() {
                let rec = rec.unwrap();
                let id = &rec[0];
                let row = rows
                    .iter()
                    .find(|x| x[0] == id)
                    .unwrap_or_else(|| panic!("{}: row {id} missing", t.file));
                for (h, v) in headers.iter().zip(rec.iter()) {
                    let i = cols.iter().position(|c| c == h).unwrap();
                    assert_eq!(row[i], v, "{} {id} {h}", t.file);
                }
            }
        }
    }

    #[test]
    fn translations_travel_as_attributes_and_name_the_languages() {
        let s = read("examples/service_full.json");
        let (mut offer, org) = stored(&s);
        let t = |language, name: &str, description: &str| OfferTranslation {
            language,
            name: name.into(),
            description: description.into(),
            how_to_apply: String::new(),
        };
        offer.translations = vec![
            t(Language::Ar, "استشارة", ""),
            t(Language::En, "Counselling in English", "Talk to someone."),
        ];
        let out = service_json(&offer, &org);
        let codes: Vec<&str> = array(&out, "languages")
            .iter()
            .filter_map(|l| l["code"].as_str())
            .collect();
        assert_eq!(codes, vec!["ur", "nl", "en", "ar"], "the original's first");
        let again = derive(&out);
        assert_eq!(
            again.mapped.translations,
            Some(normalized(&offer.translations))
        );
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        // Asked in English: the English texts, the Dutch where there is none.
        let mut en = out.clone();
        in_language(&mut en, &offer, Language::En);
        assert_eq!(en["name"], "Counselling in English");
        assert_eq!(en["description"], "Talk to someone.");
        assert_eq!(en["application_process"], out["application_process"]);
        let mut tr = out.clone();
        in_language(&mut tr, &offer, Language::Tr);
        assert_eq!(tr, out);
        // Without translations: no attributes of that kind, no languages beyond nl.
        offer.translations.clear();
        let plain = service_json(&offer, &org);
        assert_eq!(derive(&plain).mapped.translations, None);
    }

    #[test]
    fn the_list_form_built_directly_is_the_full_objects_list_form() {
        let s = read("examples/service_full.json");
        let (imported, org) = stored(&s);
        let mut edited = imported.clone();
        edited.draft.name = "Gesprekshulp".into();
        edited.draft.phone = Some("0123 45 67 89".into());
        edited.draft.free = true;
        edited.draft.areas_served = vec!["WK990101".into()];
        edited.updated_at = "2026-02-02T10:00:00.000000Z".into();
        let mut native = edited.clone();
        native.hsds_extra = None;
        native.draft.hsds_id = "koffieochtend".into();
        native.translations = vec![OfferTranslation {
            language: Language::En,
            name: "Coffee morning".into(),
            description: String::new(),
            how_to_apply: String::new(),
        }];
        for offer in [imported, edited, native] {
            let direct = list_service_json(&offer, &org);
            assert_eq!(direct, list_form(&service_json(&offer, &org)));
            assert!(direct.as_object().unwrap().values().all(|v| !v.is_array()));
        }
    }

    #[test]
    fn native_offers_export_with_generated_ids() {
        let s = read("examples/service_full.json");
        let (mut offer, org) = stored(&s);
        offer.hsds_extra = None;
        offer.draft.hsds_id = "koffieochtend".into();
        let out = service_json(&offer, &org);
        assert!(vocab::is_uuid(out["id"].as_str().unwrap()));
        let again = derive(&out);
        assert_eq!(
            again.mapped.draft.hsds_id, "koffieochtend",
            "the kompas-id attribute"
        );
        assert_eq!(again.mapped.draft, offer.draft);
        assert_eq!(
            out["service_at_locations"][0]["location"]["addresses"][0]["state_province"],
            ""
        );
    }
}
