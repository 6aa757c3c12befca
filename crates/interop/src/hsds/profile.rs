//! The Dutch profile of Kompas for HSDS 3.0, as the profiles reference asks:
//! JSON Merge Patches (RFC 7386) on the HSDS schema files, served at
//! `/api/hsds/profile` and explained in `docs/hsds-profiel.md`.

use super::vocab;
use serde_json::{json, Value};

pub const PROFILE_VERSION: &str = "1.0.0";

/// The profile document; `uri` is where it is served.
pub fn profile(uri: &str) -> Value {
    let taxonomies: Vec<Value> = vocab::TAXONOMIES
        .iter()
        .map(|(key, _)| {
            let mut t = vocab::taxonomy(key);
            let terms: Vec<Value> = vocab::terms_of(key)
                .into_iter()
                .map(|(code, name, _)| json!({"id": vocab::term_id(key, &code), "code": code, "name": name}))
                .collect();
            if let Some(o) = t.as_object_mut() {
                o.insert("terms".into(), Value::Array(terms));
            }
            t
        })
        .collect();
    json!({
        "name": "kompas-nl",
        "title": "Nederlands profiel van Kompas voor Open Referral HSDS 3.0",
        "version": PROFILE_VERSION,
        "uri": uri,
        "hsds_version": "3.0",
        "description": "Wijzigingen op HSDS 3.0 voor Nederlandse sociale kaarten: geen verplichte provincie (state_province), Nederlandse postcodes (1234 AB), CBS-gebiedscodes (GM/WK/BU) in service_areas.extent, en de eigen taxonomieën van Kompas (laag, leefgebied, doelgroep, toegang, kenmerk) als attributes.",
        "documentation": "docs/hsds-profiel.md",
        "modifications": {
            "address.json": {
                "required": ["id", "address_1", "city", "postal_code", "country", "address_type"],
                "properties": {
                    "state_province": {
                        "description": "Niet gebruikt in Nederland. Kompas schrijft een lege tekst, zodat validatie tegen het basisschema van HSDS blijft slagen."
                    },
                    "postal_code": {
                        "description": "Nederlandse postcode: vier cijfers (niet beginnend met 0), een spatie en twee hoofdletters, niet SA, SD of SS.",
                        "pattern": "^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$",
                        "example": "9901 AB"
                    },
                    "country": {
                        "description": "ISO 3166-1 alpha-2; in dit profiel NL.",
                        "default": "NL"
                    }
                }
            },
            "service_area.json": {
                "properties": {
                    "extent": {
                        "description": "Bij extent_type 'text': de CBS-code van het gebied, GM (gemeente), WK (wijk) of BU (buurt), bijvoorbeeld WK990101. Een aanbod zonder werkgebied geldt voor de hele gemeente."
                    },
                    "extent_type": {
                        "description": "'text' voor een CBS-gebiedscode."
                    }
                },
                "if": {"properties": {"extent_type": {"const": "text"}}, "required": ["extent_type"]},
                "then": {"properties": {"extent": {"pattern": "^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{6,8})$"}}}
            },
            "location.json": {
                "properties": {
                    "external_identifier_type": {
                        "description": "'cbs' wanneer external_identifier de CBS-wijkcode van de locatie is."
                    }
                }
            },
            "service.json": {
                "properties": {
                    "attributes": {
                        "description": "Naast eigen attributen de taxonomieën van Kompas: kompas-laag (precies één, laag-1 tot en met laag-5), kompas-leefgebied (minstens één), kompas-doelgroep, kompas-toegang (precies één; value = wie verwijst of indiceert) kompas-kenmerk (trefwoord, gecontroleerd-door, kompas-id; value = de waarde) en kompas-vertaling (taal-veld, zoals en-naam; value = de vertaalde tekst)."
                    },
                    "eligibility_description": {"description": "Voor wie het aanbod is (Kompas: 'voor wie')."},
                    "fees_description": {"description": "Wat het kost, in gewone taal. Gratis aanbod heeft een cost_option 'Gratis' met amount 0."},
                    "assured_date": {"description": "Datum van de laatste controle door de redactie."},
                    "assurer_email": {"description": "E-mailadres van wie controleerde; een naam staat in het attribuut kompas-kenmerk/gecontroleerd-door."}
                }
            },
            "openapi.json": {
                "info": {"description": "De HSDS-API van Kompas onder /api/hsds/. Alleen actief aanbod wordt getoond, tenzij de parameter status iets anders vraagt."}
            }
        },
        "taxonomies": taxonomies,
    })
}
