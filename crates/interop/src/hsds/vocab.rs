//! Our own taxonomies, expressed as HSDS taxonomy terms so that what Kompas
//! knows beyond HSDS (layer, life domains, target groups, access route,
//! keywords) travels as ordinary `attributes` and exports stay valid HSDS.
//!
//! Every id we invent is a name-based UUID: the same name always gives the
//! same id, so exports are stable and re-imports are idempotent.

use kompas_domain::directory::translation::TRANSLATABLE;
use kompas_domain::directory::{AccessRoute, Layer, LifeDomain, TargetGroup, TextField};
use kompas_domain::language::Language;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const LAYER: &str = "kompas-laag";
pub const LIFE_DOMAIN: &str = "kompas-leefgebied";
pub const TARGET_GROUP: &str = "kompas-doelgroep";
pub const ACCESS: &str = "kompas-toegang";
pub const FEATURE: &str = "kompas-kenmerk";
pub const TRANSLATION: &str = "kompas-vertaling";

/// Terms of `kompas-kenmerk`.
pub const KEYWORD: &str = "trefwoord";
pub const CHECKED_BY: &str = "gecontroleerd-door";
pub const KOMPAS_ID: &str = "kompas-id";

pub const TAXONOMIES: &[(&str, &str)] = &[
    (
        LAYER,
        "De vijf lagen van ondersteuning in Kompas, van licht (1, eigen kracht) naar zwaar (5, intensieve inzet).",
    ),
    (
        LIFE_DOMAIN,
        "De leefgebieden waarop een aanbod helpt (standaardlijst van Kompas).",
    ),
    (TARGET_GROUP, "Voor wie een aanbod bedoeld is."),
    (
        ACCESS,
        "Hoe iemand bij een aanbod komt: vrij, aanmelden, met een verwijzing of met een indicatie. De waarde (value) noemt wie verwijst of indiceert.",
    ),
    (
        FEATURE,
        "Overige kenmerken van Kompas: trefwoorden, wie het aanbod controleerde en de eigen sleutel van Kompas (value).",
    ),
    (
        TRANSLATION,
        "Tekst van het aanbod in een andere taal dan het Nederlands: naam, omschrijving en aanmelden per taal (term taal-veld, zoals en-naam); de waarde (value) is de vertaalde tekst.",
    ),
];

const TRANSLATED_FIELDS: [(TextField, &str, &str); 3] = [
    (TextField::Name, "naam", "Naam"),
    (TextField::Description, "omschrijving", "Omschrijving"),
    (TextField::HowToApply, "aanmelden", "Aanmelden"),
];

/// The `kompas-vertaling` term of one field in one language: `en-naam`.
pub fn translation_code(language: Language, field: TextField) -> String {
    let name = TRANSLATED_FIELDS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map_or("", |(_, n, _)| n);
    format!("{}-{name}", language.code())
}

/// The language and field of a `kompas-vertaling` term.
pub fn parse_translation_code(code: &str) -> Option<(Language, TextField)> {
    let (lang, name) = code.split_once('-')?;
    let language = TRANSLATABLE.into_iter().find(|l| l.code() == lang)?;
    let field = TRANSLATED_FIELDS.iter().find(|(_, n, _)| *n == name)?.0;
    Some((language, field))
}

/// A name-based UUID (SHA-256 of the parts, version 8, RFC 9562 variant).
pub fn uuid_for(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"kompas-hsds");
    for p in parts {
        h.update([0_u8]);
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0_u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// Is this a UUID as HSDS wants its ids (8-4-4-4-12 hexadecimal digits)?
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The HSDS id of one of our records: our own id when it is a UUID already,
/// otherwise a UUID derived from it (the original goes along as a
/// `kompas-kenmerk/kompas-id` attribute).
pub fn public_id(kind: &str, id: &str) -> String {
    if is_uuid(id) {
        id.to_string()
    } else {
        uuid_for(&[kind, id])
    }
}

pub fn taxonomy_id(key: &str) -> String {
    uuid_for(&["taxonomy", key])
}

pub fn term_id(key: &str, code: &str) -> String {
    uuid_for(&["term", key, code])
}

pub fn is_ours(key: &str) -> bool {
    TAXONOMIES.iter().any(|(k, _)| *k == key)
}

fn taxonomy_description(key: &str) -> &'static str {
    TAXONOMIES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, d)| d)
}

/// An HSDS taxonomy object for one of ours.
pub fn taxonomy(key: &str) -> Value {
    json!({
        "id": taxonomy_id(key),
        "name": key,
        "description": taxonomy_description(key),
        "version": "1",
    })
}

/// Every term of a taxonomy of ours: (code, name, description).
pub fn terms_of(key: &str) -> Vec<(String, String, String)> {
    let t = |c: &str, n: &str, d: &str| (c.to_string(), n.to_string(), d.to_string());
    match key {
        LAYER => Layer::ALL
            .iter()
            .map(|l| {
                t(
                    &format!("laag-{}", l.number()),
                    &format!("Laag {}: {}", l.number(), l.label_nl()),
                    l.explanation_nl(),
                )
            })
            .collect(),
        LIFE_DOMAIN => LifeDomain::ALL
            .iter()
            .map(|d| {
                t(
                    d.code(),
                    d.label_nl(),
                    &format!("Leefgebied {}", d.label_nl()),
                )
            })
            .collect(),
        TARGET_GROUP => TargetGroup::ALL
            .iter()
            .map(|g| {
                t(
                    g.code(),
                    g.label_nl(),
                    &format!("Doelgroep {}", g.label_nl()),
                )
            })
            .collect(),
        ACCESS => AccessRoute::ALL
            .iter()
            .map(|a| t(a.code(), a.label_nl(), a.label_nl()))
            .collect(),
        FEATURE => vec![
            t(
                KEYWORD,
                "Trefwoord",
                "Een zoekwoord; de waarde (value) is het woord.",
            ),
            t(
                CHECKED_BY,
                "Gecontroleerd door",
                "Wie het aanbod het laatst controleerde; de waarde (value) is de naam.",
            ),
            t(
                KOMPAS_ID,
                "Kompas-sleutel",
                "De eigen sleutel van het record in Kompas (value), als die geen UUID is.",
            ),
        ],
        TRANSLATION => TRANSLATABLE
            .iter()
            .flat_map(|l| {
                TRANSLATED_FIELDS.iter().map(move |(f, _, label)| {
                    t(
                        &translation_code(*l, *f),
                        &format!("{label} ({})", l.name_nl()),
                        &format!(
                            "{label} van het aanbod in het {}; de waarde (value) is de tekst.",
                            l.name_nl()
                        ),
                    )
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// An HSDS taxonomy term object (with its taxonomy nested) for one of ours.
pub fn term(key: &str, code: &str) -> Value {
    let (name, description) = terms_of(key)
        .into_iter()
        .find(|(c, _, _)| c == code)
        .map(|(_, n, d)| (n, d))
        .unwrap_or_else(|| (code.to_string(), code.to_string()));
    json!({
        "id": term_id(key, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": key,
        "taxonomy_id": taxonomy_id(key),
        "taxonomy_detail": taxonomy(key),
        "language": "nl",
    })
}

/// An attribute linking `link_id` (a service, organisation or location) to a
/// term of ours, with an optional value.
pub fn attribute(
    link_entity: &str,
    link_id: &str,
    key: &str,
    code: &str,
    value: Option<&str>,
) -> Value {
    let mut a = json!({
        "id": uuid_for(&["attribute", link_id, key, code, value.unwrap_or("")]),
        "link_id": link_id,
        "link_entity": link_entity,
        "link_type": "kompas",
        "taxonomy_term_id": term_id(key, code),
        "taxonomy_term": term(key, code),
    });
    if let (Some(v), Some(o)) = (value, a.as_object_mut()) {
        o.insert("value".into(), Value::String(v.to_string()));
    }
    a
}

/// If `attr` is an attribute with a term of ours: (taxonomy, code, value).
/// Recognised by the term's `taxonomy` name, its nested taxonomy's name or id,
/// or the term id alone (the tabular form).
pub fn recognise(attr: &Value) -> Option<(&'static str, String, Option<String>)> {
    let value = attr
        .get("value")
        .and_then(Value::as_str)
        .map(str::to_string);
    let ours = |name: &str| TAXONOMIES.iter().map(|(k, _)| *k).find(|k| *k == name);
    if let Some(t) = attr.get("taxonomy_term").filter(|t| t.is_object()) {
        let key = t
            .get("taxonomy")
            .and_then(Value::as_str)
            .and_then(ours)
            .or_else(|| {
                t.pointer("/taxonomy_detail/name")
                    .and_then(Value::as_str)
                    .and_then(ours)
            })
            .or_else(|| {
                let tid = t
                    .get("taxonomy_id")
                    .or_else(|| t.pointer("/taxonomy_detail/id"))
                    .and_then(Value::as_str)?;
                TAXONOMIES
                    .iter()
                    .map(|(k, _)| *k)
                    .find(|k| taxonomy_id(k) == tid)
            });
        if let Some(key) = key {
            let code = t
                .get("code")
                .and_then(Value::as_str)
                .or_else(|| t.get("name").and_then(Value::as_str))
                .unwrap_or_default()
                .trim()
                .to_string();
            return Some((key, code, value));
        }
    }
    let tid = attr
        .get("taxonomy_term_id")
        .or_else(|| attr.pointer("/taxonomy_term/id"))
        .and_then(Value::as_str)?;
    for (key, _) in TAXONOMIES {
        if let Some((code, _, _)) = terms_of(key)
            .into_iter()
            .find(|(c, _, _)| term_id(key, c) == tid)
        {
            return Some((key, code, value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_uuids() {
        let a = uuid_for(&["service", "koffieochtend"]);
        assert!(is_uuid(&a), "{a}");
        assert_eq!(a, uuid_for(&["service", "koffieochtend"]));
        assert_ne!(a, uuid_for(&["service", "koffie", "ochtend"]));
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(is_uuid("ac148810-d857-441c-9679-408f346de14b"));
        assert!(!is_uuid("koffieochtend"));
        assert_eq!(
            public_id("service", "ac148810-d857-441c-9679-408f346de14b"),
            "ac148810-d857-441c-9679-408f346de14b"
        );
    }

    #[test]
    fn our_attributes_are_recognised_in_both_forms() {
        let a = attribute("service", "x", LAYER, "laag-2", None);
        assert_eq!(recognise(&a), Some((LAYER, "laag-2".into(), None)));
        let tabular = json!({"id": "y", "taxonomy_term_id": term_id(ACCESS, "verwijzing"), "value": "huisarts"});
        assert_eq!(
            recognise(&tabular),
            Some((ACCESS, "verwijzing".into(), Some("huisarts".into())))
        );
        let foreign = json!({"id": "z", "taxonomy_term": {"id": "t", "name": "n", "description": "d", "taxonomy": "taxonomy"}});
        assert_eq!(recognise(&foreign), None);
        let t = attribute("service", "x", TRANSLATION, "ar-naam", Some("مقهى"));
        let (key, code, value) = recognise(&t).unwrap();
        assert_eq!((key, value.as_deref()), (TRANSLATION, Some("مقهى")));
        assert_eq!(
            parse_translation_code(&code),
            Some((Language::Ar, TextField::Name))
        );
        assert_eq!(parse_translation_code("nl-naam"), None);
        assert_eq!(parse_translation_code("en-kosten"), None);
        assert_eq!(terms_of(TRANSLATION).len(), 15);
        let bad = json!({"taxonomy_term": {"taxonomy": LAYER, "code": "laag-9"}});
        assert_eq!(recognise(&bad), Some((LAYER, "laag-9".into(), None)));
    }
}
