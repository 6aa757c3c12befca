//! Sharing with partners (issue 5 §3–4): the consent a household gives per
//! member, organisation, life domain, purpose and period, and the partner's
//! inbox of referrals, which shows only what that consent allows. Partner
//! access is computed from consent alone (`kompas_store::plan::visible_domains`).

pub mod consent;
pub mod inbox;
