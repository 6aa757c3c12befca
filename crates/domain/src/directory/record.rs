//! The directory's records as the database keeps them: organisations,
//! locations and offers with their ids. Plain data, so exchange formats and
//! pages can use them without knowing the database.

use super::OfferDraft;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryOrganization {
    pub id: i64,
    pub municipality_id: i64,
    pub hsds_id: String,
    pub name: String,
    pub description: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationInput {
    pub hsds_id: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Location {
    pub id: i64,
    pub hsds_id: String,
    pub organization_id: Option<i64>,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub area_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// An offer as stored, with its organisation and location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    pub id: i64,
    pub municipality_id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_hsds_id: String,
    pub location: Option<Location>,
    pub draft: OfferDraft,
    pub hsds_extra: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    /// Its texts in residents' languages; filled only where they are needed
    /// (`kompas_store::offer_translations::fill`), else empty.
    pub translations: Vec<super::OfferTranslation>,
}

/// Where an offer belongs: municipality, organisation and (optional) location.
#[derive(Debug, Clone, Copy)]
pub struct OfferPlace {
    pub municipality_id: i64,
    pub organization_id: i64,
    pub location_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created(i64),
    Updated(i64),
    Unchanged(i64),
}

impl Saved {
    pub fn id(self) -> i64 {
        match self {
            Saved::Created(id) | Saved::Updated(id) | Saved::Unchanged(id) => id,
        }
    }
}
