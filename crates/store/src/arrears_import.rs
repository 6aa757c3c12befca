//! Payment-arrears signals (*vroegsignalering*) into the toegang queue.
//!
//! Each signal is matched to a household of the municipality: by BSN first,
//! then by address; when neither is known a household is created at that
//! address. A signal for a household with an open arrears question from
//! within three months is merged into it (`merge_into`); otherwise it opens a
//! new question on the `vroegsignalering` channel. Everything happens in the
//! caller's transaction, so a file lands whole or not at all.

use crate::toegang::{self, NewArrears, NewQuestion};
use crate::{audit, Db, Result};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::toegang::arrears::{merge_into, ArrearsSignal, OpenArrears};
use kompas_domain::toegang::question::Channel;
use kompas_domain::{AuditAction, AuditEntry, Role};
use sqlx::{AnyConnection, Row};

/// Who imports, when, and the deadlines of new questions.
#[derive(Debug, Clone)]
pub struct ImportContext {
    pub municipality_id: i64,
    pub now: DateTime<Utc>,
    pub due_normal: NaiveDate,
    pub due_urgent: NaiveDate,
    pub user_id: Option<i64>,
    pub role: Option<Role>,
}

/// How a signal found its household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseholdMatch {
    Bsn,
    Address,
    New,
}

impl HouseholdMatch {
    pub fn label_nl(self) -> &'static str {
        match self {
            HouseholdMatch::Bsn => "bekend huishouden (BSN)",
            HouseholdMatch::Address => "bekend huishouden (adres)",
            HouseholdMatch::New => "nieuw huishouden",
        }
    }
}

/// What became of one signal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub line: usize,
    pub household_id: i64,
    pub matched: HouseholdMatch,
    pub question_id: i64,
    /// Added to an open question instead of opening a new one.
    pub merged: bool,
}

async fn household_at(
    conn: &mut AnyConnection,
    municipality_id: i64,
    s: &ArrearsSignal,
) -> Result<Option<i64>> {
    let r = sqlx::query(
        "SELECT id FROM households WHERE municipality_id = $1 AND postcode = $2 AND house_number = $3 \
         AND COALESCE(house_number_addition, '') = $4 ORDER BY id LIMIT 1",
    )
    .bind(municipality_id)
    .bind(s.postcode.as_str())
    .bind(i64::from(s.house_number))
    .bind(s.house_number_addition.clone().unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(r.map(|r| r.try_get("id")).transpose()?)
}

/// The household of a signal, created (with the person as a member) when unknown.
async fn household_for(
    conn: &mut AnyConnection,
    ctx: &ImportContext,
    s: &ArrearsSignal,
) -> Result<(i64, HouseholdMatch)> {
    if let Some(bsn) = &s.bsn {
        if let Some(h) =
            toegang::household_with_bsn_in(conn, ctx.municipality_id, bsn.as_str()).await?
        {
            return Ok((h, HouseholdMatch::Bsn));
        }
    }
    let (household, matched) = match household_at(conn, ctx.municipality_id, s).await? {
        Some(h) => (h, HouseholdMatch::Address),
        None => {
            let address = toegang::Address {
                postcode: Some(s.postcode.as_str().to_string()),
                house_number: Some(i64::from(s.house_number)),
                house_number_addition: s.house_number_addition.clone(),
                street: String::new(),
                city: String::new(),
                area_code: crate::directory::area_for_postcode_in(conn, s.postcode.digits())
                    .await?,
            };
            let h = toegang::create_household(conn, ctx.municipality_id, &address, ctx.now).await?;
            (h, HouseholdMatch::New)
        }
    };
    // The person named joins the household unless someone of that name is there.
    let known = sqlx::query(
        "SELECT COUNT(*) AS n FROM household_members WHERE household_id = $1 AND LOWER(name) = LOWER($2)",
    )
    .bind(household)
    .bind(&s.person_name)
    .fetch_one(&mut *conn)
    .await?
    .try_get::<i64, _>("n")?;
    if known == 0 {
        toegang::add_member(
            conn,
            household,
            &s.person_name,
            s.birth_date,
            "anders",
            s.bsn.as_ref().map(|b| b.as_str()),
            ctx.now,
        )
        .await?;
    }
    Ok((household, matched))
}

/// Imports the signals in order; a later signal in the same file can merge
/// into a question an earlier one opened.
pub async fn import_arrears(
    conn: &mut AnyConnection,
    ctx: &ImportContext,
    signals: &[(usize, ArrearsSignal)],
) -> Result<Vec<Imported>> {
    let mut out = Vec::with_capacity(signals.len());
    for (line, s) in signals {
        let (household, matched) = household_for(conn, ctx, s).await?;
        let open: Vec<OpenArrears> = toegang::open_arrears_of(conn, household)
            .await?
            .into_iter()
            .map(|(id, first, last)| OpenArrears {
                id,
                household_id: household,
                first_signal: first,
                last_signal: last,
            })
            .collect();
        let (question_id, merged) = match merge_into(&open, household, s.signal_date) {
            Some(q) => {
                if s.is_urgent() {
                    toegang::make_urgent(conn, q, ctx.due_urgent).await?;
                }
                (q, true)
            }
            None => {
                let urgent = s.is_urgent();
                let area: Option<String> =
                    sqlx::query("SELECT area_code FROM households WHERE id = $1")
                        .bind(household)
                        .fetch_one(&mut *conn)
                        .await?
                        .try_get("area_code")?;
                let q = NewQuestion {
                    municipality_id: ctx.municipality_id,
                    channel: Channel::PaymentArrears,
                    urgent,
                    body: s.summary_nl(),
                    life_domains: s.life_domains(),
                    contact_name: Some(s.person_name.clone()),
                    contact_phone: None,
                    contact_email: None,
                    contact_way: None,
                    age_group: s.age_group(),
                    area_code: area,
                    postcode: None,
                    household_id: Some(household),
                    submitted_by: ctx.user_id,
                    submitter_organization: None,
                    reason: None,
                    received_at: ctx.now,
                    due_date: if urgent {
                        ctx.due_urgent
                    } else {
                        ctx.due_normal
                    },
                };
                (toegang::create_question(conn, &q, ctx.role).await?, false)
            }
        };
        toegang::add_arrears(
            conn,
            question_id,
            household,
            &NewArrears {
                creditor_kind: s.creditor_kind.code().to_string(),
                creditor: s.creditor.clone(),
                amount_cents: s.amount.cents(),
                months_overdue: i64::from(s.months_overdue.get()),
                signal_date: s.signal_date,
                person_name: s.person_name.clone(),
            },
            ctx.now,
        )
        .await?;
        out.push(Imported {
            line: *line,
            household_id: household,
            matched,
            question_id,
            merged,
        });
    }
    Ok(out)
}

/// Imports a whole file in one transaction, with an audit row per signal
/// (`entry` fills in who and why; the object and subject are set here).
pub async fn import_file(
    db: &Db,
    ctx: &ImportContext,
    signals: &[(usize, ArrearsSignal)],
    entry: impl Fn(AuditAction) -> AuditEntry,
) -> Result<Vec<Imported>> {
    let mut tx = db.begin().await?;
    let done = import_arrears(&mut tx, ctx, signals).await?;
    for i in &done {
        let mut e = entry(if i.merged {
            AuditAction::Update
        } else {
            AuditAction::Create
        });
        e.object_type = "vraag".into();
        e.object_id = Some(i.question_id.to_string());
        e.subject = Some(format!("huishouden:{}", i.household_id));
        e.detail = Some(format!(
            "signaal betalingsachterstand van regel {}: {}",
            i.line,
            i.matched.label_nl()
        ));
        audit::append(&mut tx, &e).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// "3 signalen verwerkt: 2 nieuwe vragen, 1 samengevoegd met een open vraag. Huishoudens: …"
pub fn summary_nl(done: &[Imported]) -> String {
    let count = |m: HouseholdMatch| done.iter().filter(|i| i.matched == m).count();
    let merged = done.iter().filter(|i| i.merged).count();
    format!(
        "{} {} verwerkt: {} {}, {} samengevoegd met een open vraag. Huishoudens: {} gevonden op BSN, {} op adres, {} nieuw.",
        done.len(),
        if done.len() == 1 { "signaal" } else { "signalen" },
        done.len() - merged,
        if done.len() - merged == 1 { "nieuwe vraag" } else { "nieuwe vragen" },
        merged,
        count(HouseholdMatch::Bsn),
        count(HouseholdMatch::Address),
        count(HouseholdMatch::New),
    )
}
