//! The directory's search index. The database is the source of truth: the
//! index is built from it (see `kompas_web::directory`), updated on every
//! edit, and rebuilt at start when missing or made by another analyzer.

pub mod analyzer;
pub mod index;

pub use index::{Facets, Hit, IndexedOffer, Results, SearchError, SearchIndex, SearchQuery};
