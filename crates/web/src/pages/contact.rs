//! The home municipality's contact details as the pages show them, and the
//! cache every page reads them from (no query per page). Kept apart from the
//! admin page (`municipality`) so the application state can hold the cache.

use kompas_domain::contact::AccessibilityStatus;
use kompas_store::municipality_contact::ContactOf;
use std::sync::{Arc, RwLock};

/// The home municipality's contact as the pages show it.
#[derive(Debug, Clone, Default)]
pub struct PublicContact {
    pub name: String,
    /// Grouped for reading, e.g. `030 123 4567`; empty when not given.
    pub phone: String,
    pub phone_href: String,
    pub visiting_address: String,
    pub postal_address: String,
    pub email: String,
    pub opening_hours: String,
    pub website: String,
    pub privacy_email: String,
    pub accessibility: AccessibilityStatus,
    pub accessibility_checked_on: Option<chrono::NaiveDate>,
}

impl PublicContact {
    pub fn of(c: ContactOf) -> PublicContact {
        let phone = c.contact.phone_number();
        PublicContact {
            name: c.name,
            phone: phone.as_ref().map(|p| p.display()).unwrap_or_default(),
            phone_href: phone.map(|p| p.tel_href()).unwrap_or_default(),
            visiting_address: c.contact.visiting_address,
            postal_address: c.contact.postal_address,
            email: c.contact.email,
            opening_hours: c.contact.opening_hours,
            website: c.contact.website,
            privacy_email: c.contact.privacy_email,
            accessibility: c.contact.accessibility,
            accessibility_checked_on: c.contact.accessibility_checked_on,
        }
    }
}

/// The cached contact of the home municipality.
#[derive(Debug, Default)]
pub struct ContactCache(RwLock<Option<Arc<PublicContact>>>);

impl ContactCache {
    pub fn get(&self) -> Option<Arc<PublicContact>> {
        self.0.read().ok().and_then(|c| c.clone())
    }

    pub fn set(&self, contact: Option<PublicContact>) {
        if let Ok(mut c) = self.0.write() {
            *c = contact.map(Arc::new);
        }
    }
}
