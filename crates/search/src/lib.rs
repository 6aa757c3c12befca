//! The directory's search index. The database is the source of truth: the
//! index is built from it (see `kompas_web::directory`), updated on every
//! edit, and rebuilt at start when missing or made by another analyzer.
//! Queries are read first (`understand`: the shipped `thesaurus`, the
//! municipality's synonyms, compounds, typos), then searched.

pub mod analyzer;
pub mod index;
pub mod thesaurus;
pub mod understand;

pub use index::{Facets, Hit, IndexedOffer, Results, SearchError, SearchIndex, SearchQuery};
pub use thesaurus::{CrisisKind, Thesaurus};
pub use understand::{Source, Understanding, Unit};
