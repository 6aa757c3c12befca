//! What the municipality sends: allocations (301) into the outbox, ending
//! allocations when a later decision replaces theirs, and the outbox the hub
//! collects.

use super::{header, municipality_code, split_name, standard_of};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use kompas_domain::maatwerk::allocation::ChangeReason;
use kompas_domain::maatwerk::decision::{Amount, DecisionKind};
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::{
    self as std32, AllocatedProduct, Allocation, AllocationClient, BirthDate, Contact, Extent,
    FullName, House, Message, Product, Surname,
};
use kompas_store::maatwerk::{
    self as mw, AllocationFilter, AllocationRow, Direction, MessageFilter, NewMessage,
};
use kompas_store::{Result, StoreError};
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Allocates product `position` of a sent decision to a provider and puts
/// the allocation message in the outbox.
pub async fn allocate(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    position: i64,
    provider_id: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = mw::allocate(conn, scope, decision_id, position, provider_id, now).await?;
    let a = mw::allocation_by_id(conn, scope, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("toewijzing {id}")))?;
    announce(conn, scope, &a, now).await?;
    Ok(id)
}

/// Puts a 301 for the client and provider of `a` in the outbox: all their
/// current allocations plus those changed since the last 301 (OP087).
pub async fn announce(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    a: &AllocationRow,
    now: DateTime<Utc>,
) -> Result<i64> {
    // The Dutch day, as every date in Kompas.
    let today = kompas_domain::dutch_time::local(now).date();
    let standard = standard_of(a.allocation.law)?;
    let client = mw::client_of(conn, scope, a.household_id, a.member_id)
        .await?
        .ok_or_else(|| {
            StoreError::NotFound(format!("cliënt van toewijzing {}", a.allocation.number))
        })?;
    let (Some(bsn), Some(born)) = (client.bsn.clone(), client.birth_date) else {
        return Err(StoreError::Invalid(format!(
            "Voor een toewijzing zijn het BSN en de geboortedatum van {} nodig. Vul ze aan bij het huishouden.",
            client.name
        )));
    };
    let last = mw::last_allocation_message(conn, a.household_id, a.provider_id).await?;
    let filter = AllocationFilter {
        provider_id: Some(a.provider_id),
        household_id: Some(a.household_id),
        law: Some(a.allocation.law),
        ..Default::default()
    };
    let mut carried: Vec<AllocationRow> = mw::allocations(conn, scope, filter)
        .await?
        .into_iter()
        .filter(|x| x.member_id == a.member_id)
        .filter(|x| x.allocation.is_current(today) || last.is_none_or(|l| x.changed_at > l))
        .collect();
    carried.sort_by_key(|x| x.allocation.number);
    let (given, prefix, surname) = split_name(&client.name);
    let initials = given
        .as_deref()
        .map(|g| {
            g.split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(char::is_ascii_alphabetic)
                .collect::<String>()
                .to_uppercase()
        })
        .filter(|i| !i.is_empty());
    let address = kompas_interop::istandaard::Address {
        house: client.house_number.map(|n| House {
            number: n.clamp(0, 99_999) as u32,
            letter: None,
            addition: client
                .house_number_addition
                .clone()
                .filter(|s| !s.trim().is_empty()),
            location_indication: None,
        }),
        postcode: client.postcode.as_ref().map(|p| p.replace(' ', "")),
        street: Some(client.street.chars().take(24).collect()).filter(|s: &String| !s.is_empty()),
        city: Some(client.city.chars().take(80).collect()).filter(|s: &String| !s.is_empty()),
        country_code: Some("NL".into()),
    };
    let products = carried.iter().map(allocated_product).collect();
    let municipality = municipality_code(conn, a.municipality_id).await?;
    let message_ref = mw::next_message_ref(conn, a.municipality_id).await?;
    let msg = Message::Allocation(Allocation {
        standard,
        header: header(&municipality, &a.agb_code, message_ref.clone(), today),
        client: AllocationClient {
            bsn,
            birth_date: BirthDate {
                date: born,
                date_usage: None,
            },
            gender: "0".into(),
            name: FullName {
                family_name: Surname {
                    surname: surname.chars().take(200).collect(),
                    prefix,
                },
                partner_name: None,
                given_names: given,
                initials,
                name_usage: "1".into(),
            },
            communication: None,
            legal_status: None,
            legal_representation: None,
            comment: None,
            relations: Vec::new(),
            contacts: vec![Contact {
                kind: "01".into(),
                address: Some(address),
                organisation: None,
                phone: None,
                email: None,
                period: None,
                return_codes: Vec::new(),
            }],
            products,
            return_codes: Vec::new(),
        },
    });
    let xml = std32::write_checked(&msg)
        .map_err(|e| StoreError::Invalid(format!("Het toewijzingsbericht is niet geldig: {e}")))?;
    let numbers: Vec<String> = carried
        .iter()
        .map(|x| x.allocation.number.to_string())
        .collect();
    let new = NewMessage {
        municipality_id: a.municipality_id,
        law: a.allocation.law,
        kind: "301".into(),
        direction: Direction::Out,
        message_ref,
        dated_on: today,
        agb_code: a.agb_code.clone(),
        provider_id: Some(a.provider_id),
        household_id: Some(a.household_id),
        replies_to: None,
        answer_due_on: None,
        status: "klaar".into(),
        summary: format!("Toewijzing {} aan {}", numbers.join(", "), a.provider_name),
        problems: None,
        xml,
        file_name: None,
    };
    let ids: Vec<i64> = carried.iter().map(|x| x.id).collect();
    mw::insert_message(conn, &new, &ids, now).await
}

fn allocated_product(x: &AllocationRow) -> AllocatedProduct {
    let al = &x.allocation;
    let local = kompas_domain::dutch_time::local(x.allocated_at);
    let (extent, budget) = match al.amount {
        Amount::Volume {
            quantity,
            unit,
            frequency,
        } => (
            Some(Extent {
                volume: quantity,
                unit: unit.code().into(),
                frequency: frequency.code().into(),
            }),
            None,
        ),
        Amount::Budget { cents } => (None, Some(cents)),
    };
    AllocatedProduct {
        allocation_number: al.number.get(),
        provider_reference: None,
        product: Some(Product {
            category: al.category.code.into(),
            code: al.product.as_ref().map(|p| p.as_str().to_string()),
        }),
        allocation_date: local.date(),
        allocation_time: local.time().with_nanosecond(0).unwrap_or_default(),
        start_date: al.start,
        end_date: al.end,
        change_reason: al.change_reason.map(|r| r.code().to_string()),
        extent,
        budget,
        comment: None,
        return_codes: Vec::new(),
    }
}

use chrono::Timelike;

/// When a sent decision changes, revokes or ends an earlier one, the
/// allocations of the earlier one end (the day before the new products
/// start, or on the day of sending) and their providers get a new 301.
pub async fn end_replaced(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    decision_id: i64,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let d = mw::decision_by_id(conn, scope, decision_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("besluit {decision_id}")))?;
    let Some(old) = d.draft.replaces else {
        return Ok(0);
    };
    let (last_day, reason) = match d.draft.kind {
        DecisionKind::Change => {
            let first = d
                .draft
                .lines
                .iter()
                .filter_map(|l| l.start)
                .min()
                .unwrap_or(on);
            (first - Duration::days(1), ChangeReason::Shortened)
        }
        DecisionKind::Revocation => (on, ChangeReason::Shortened),
        DecisionKind::Expiry => {
            let last = d
                .draft
                .lines
                .iter()
                .filter_map(|l| l.end)
                .max()
                .unwrap_or(on);
            (last, ChangeReason::Shortened)
        }
        _ => return Ok(0),
    };
    let touched = mw::end_allocations_of_decision(conn, scope, old, last_day, reason, now).await?;
    let mut done = BTreeSet::new();
    for a in &touched {
        if done.insert((a.household_id, a.member_id, a.provider_id)) {
            announce(conn, scope, a, now).await?;
        }
    }
    Ok(touched.len())
}

/// A message collected from the outbox.
#[derive(Debug, Clone)]
pub struct Exported {
    pub id: i64,
    pub file_name: String,
    pub xml: String,
}

/// Every pending outgoing message of the scope (or only `only`), as one
/// file each, marked as collected.
pub async fn export(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    only: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<Exported>> {
    let pending = mw::messages(
        conn,
        scope,
        &MessageFilter {
            pending: true,
            ..Default::default()
        },
    )
    .await?;
    let mut out = Vec::new();
    for m in pending
        .iter()
        .rev()
        .filter(|m| only.is_none_or(|o| o == m.id))
    {
        let Some((_, xml)) = mw::message_by_id(conn, scope, m.id).await? else {
            continue;
        };
        let prefix = match m.law {
            kompas_domain::maatwerk::Law::Jeugdwet => "JW",
            _ => "WMO",
        };
        out.push(Exported {
            id: m.id,
            file_name: format!("{prefix}{}_{}_{}.xml", m.kind, m.agb_code, m.message_ref),
            xml,
        });
    }
    let ids: Vec<i64> = out.iter().map(|e| e.id).collect();
    mw::mark_exported(conn, scope, &ids, now).await?;
    Ok(out)
}

/// The answers a municipality gives to a provider's request (WJ760).
pub const ANSWERS: &[(&str, &str)] = &[("2", "Aanvraag in onderzoek"), ("1", "Verzoek afgewezen")];

/// Why a request is refused (WJ759).
pub const REFUSALS: &[(&str, &str)] = &[
    ("1", "Geen wijziging, maar een nieuwe aanvraag"),
    ("2", "Past niet binnen het budget"),
    ("3", "Geen contract"),
    ("4", "Past niet binnen het contract"),
    ("5", "Andere gemeente"),
    ("6", "Stapeling"),
    ("7", "Inhoudelijk afgewezen"),
    ("8", "Woonplaatsbeginsel"),
    ("9", "Leeftijdsgrens bereikt"),
];

/// Answers a provider's request for allocation (315) or change (317) with a
/// 319 per provider reference: in investigation, or refused with a reason.
/// A granted request is answered by the allocation (301) itself.
pub async fn answer_request(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    request_id: i64,
    answer: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    if !ANSWERS.iter().any(|(c, _)| *c == answer) {
        return Err(StoreError::Invalid("Kies een antwoord.".into()));
    }
    let reason = match (answer, reason.map(str::trim).filter(|r| !r.is_empty())) {
        ("1", Some(r)) if REFUSALS.iter().any(|(c, _)| *c == r) => Some(r.to_string()),
        ("1", _) => {
            return Err(StoreError::Invalid(
                "Kies waarom het verzoek is afgewezen.".into(),
            ))
        }
        _ => None,
    };
    let (m, xml) = mw::message_by_id(conn, scope, request_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("bericht {request_id}")))?;
    let request = std32::read(xml.as_bytes())
        .map_err(|e| StoreError::Invalid(format!("Het opgeslagen verzoek is onleesbaar: {e}")))?;
    let references: Vec<String> =
        match &request {
            Message::AllocationRequest(r) => {
                let mut refs: Vec<String> = r
                    .client
                    .products
                    .iter()
                    .map(|p| p.provider_reference.clone())
                    .collect();
                refs.dedup();
                refs
            }
            Message::ChangeRequest(r) => vec![r.client.request.provider_reference.clone()],
            _ => return Err(StoreError::Invalid(
                "Alleen een verzoek om toewijzing (315) of om wijziging (317) krijgt een antwoord."
                    .into(),
            )),
        };
    // The Dutch day, as every date in Kompas.
    let today = kompas_domain::dutch_time::local(now).date();
    let municipality = municipality_code(conn, m.municipality_id).await?;
    let mut ids = Vec::new();
    for reference in references {
        let message_ref = mw::next_message_ref(conn, m.municipality_id).await?;
        let msg = Message::RequestAnswer(std32::RequestAnswer {
            standard: request.standard(),
            header: header(&municipality, &m.agb_code, message_ref.clone(), today),
            answer: std32::Answer {
                provider_reference: reference.clone(),
                answer: answer.to_string(),
                rejection_reason: reason.clone(),
                residence_principle: None,
                return_codes: Vec::new(),
            },
        });
        let xml = std32::write_checked(&msg)
            .map_err(|e| StoreError::Invalid(format!("Het antwoordbericht is niet geldig: {e}")))?;
        let what = ANSWERS
            .iter()
            .find(|(c, _)| *c == answer)
            .map_or("", |(_, t)| t);
        let new = NewMessage {
            municipality_id: m.municipality_id,
            law: m.law,
            kind: "319".into(),
            direction: Direction::Out,
            message_ref,
            dated_on: today,
            agb_code: m.agb_code.clone(),
            provider_id: m.provider_id,
            household_id: m.household_id,
            replies_to: Some(request_id),
            answer_due_on: None,
            status: "klaar".into(),
            summary: format!("Antwoord op verzoek {reference}: {what}"),
            problems: None,
            xml,
            file_name: None,
        };
        ids.push(mw::insert_message(conn, &new, &[], now).await?);
    }
    mw::set_message_status(conn, scope, request_id, "beantwoord", None).await?;
    Ok(ids)
}
