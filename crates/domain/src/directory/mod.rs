//! The sociale kaart (directory): the words of DESIGN.md §2 as types.

pub mod address;
pub mod draft;
pub mod hours;
pub mod offer;
pub mod record;
pub mod search_miss;
pub mod translation;

pub use draft::{FieldError, OfferDraft, OfferStatus};
pub use hours::{OpeningHours, Weekday};
pub use offer::{AccessRoute, AgeRange, Layer, LifeDomain, TargetGroup};
pub use record::{DirectoryOrganization, Location, Offer, OfferPlace, OrganizationInput, Saved};
pub use search_miss::SearchMissQuery;
pub use translation::{OfferTranslation, TextField};
