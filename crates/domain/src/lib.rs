//! Pure types and rules of Kompas. Nothing in here knows about HTTP or SQL:
//! handlers and repositories parse into these types and ask them for decisions.

pub mod audit;
pub mod bsn;
pub mod clock;
pub mod contact;
pub mod directory;
pub mod dutch_time;
pub mod input;
pub mod language;
pub mod lockout;
pub mod maatwerk;
pub mod money;
pub mod monitor;
pub mod plan;
pub mod postcode;
pub mod resident_login;
pub mod role;
pub mod scope;
pub mod secret_key;
pub mod spreadsheet;
pub mod toegang;
pub mod totp;
pub mod username;

pub use audit::{AuditAction, AuditEntry, AuditOutcome, ChainHash};
pub use bsn::Bsn;
pub use clock::{Clock, FixedClock, SystemClock};
pub use postcode::Postcode;
pub use role::Role;
pub use scope::MunicipalityScope;
pub use username::Username;
