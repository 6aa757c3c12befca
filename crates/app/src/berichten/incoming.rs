//! What providers send: each file is read strictly, checked against the
//! allocations, applied, kept, and answered with its return message in the
//! outbox — all in the caller's transaction, so a file is taken whole or not
//! at all.

use super::{header, law_of, municipality_code};
use chrono::{DateTime, NaiveDate, Utc};
use kompas_domain::maatwerk::allocation::{check_claim_line, ClaimLine as Line, Claimed};
use kompas_domain::maatwerk::Law;
use kompas_domain::toegang::calendar::{HolidayRules, WorkingCalendar};
use kompas_domain::toegang::question::{AgeGroup, Channel};
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::reply::{claim_answer, LineDecision, ReplyTo};
use kompas_interop::istandaard::{
    self as std32, DebitCredit, Message, MessageKind, ReplyHeader, XsdVersion,
};
use kompas_store::maatwerk::{self as mw, AllocationRow, Direction, NewClaimLine, NewMessage};
use kompas_store::toegang::{self as tg, NewQuestion};
use kompas_store::{Result, StoreError};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The record-level code for "no remark" (WJ001 0200).
const OK: &str = "0200";
/// Full award of a claim (WJ001 8001).
const FULLY_AWARDED: &str = "8001";

/// What happened to one incoming file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub message_id: i64,
    pub kind: u16,
    pub summary: String,
    /// Each broken rule, with its id, in Dutch.
    pub problems: Vec<String>,
    /// The return message put in the outbox.
    pub reply_id: Option<i64>,
}

/// Reads, checks and applies one incoming message for `municipality_id`.
/// An unreadable or misaddressed file is refused whole (`Invalid`, in
/// Dutch, with line and element); rule violations are answered in the
/// return message and listed in `problems`.
pub async fn import(
    conn: &mut AnyConnection,
    scope: &MunicipalityScope,
    municipality_id: i64,
    file_name: Option<&str>,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<Imported> {
    let msg = std32::read(bytes)
        .map_err(|e| StoreError::Invalid(format!("Het bestand is geen geldig bericht: {e}")))?;
    let kind = msg.kind();
    if kind.sender_is_municipality() && !kind.is_reply() || kind == MessageKind::M325 {
        return Err(StoreError::Invalid(format!(
            "Een {}-bericht stuurt de gemeente zelf; het komt niet van een aanbieder.",
            kind.number()
        )));
    }
    let own = municipality_code(conn, municipality_id).await?;
    let h = msg.header().clone();
    let (agb, to) = if kind.sender_is_municipality() {
        // 302 and 320 keep our code as sender and name the provider as receiver.
        (h.receiver.clone(), h.sender.clone())
    } else {
        (h.sender.clone(), h.receiver.clone())
    };
    if to != own {
        return Err(StoreError::Invalid(format!(
            "Dit bericht is voor gemeente {to}, niet voor deze gemeente ({own})."
        )));
    }
    let (provider_id, provider_name) = mw::provider_with_agb(conn, scope, municipality_id, &agb)
        .await?
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "Afzender {agb} staat niet als aanbieder in de maatwerkcatalogus."
            ))
        })?;
    let law = law_of(msg.standard());
    // The Dutch day, as every date in Kompas.
    let today = kompas_domain::dutch_time::local(now).date();
    let cal = WorkingCalendar::new(HolidayRules::default());
    let xml = String::from_utf8_lossy(bytes).into_owned();
    let ctx = Ctx {
        scope,
        municipality_id,
        provider_id,
        provider_name: provider_name.clone(),
        law,
        today,
        now,
    };
    let mut applied = match &msg {
        Message::StartCare(m) => start(conn, &ctx, &m.client).await?,
        Message::StopCare(m) => stop(conn, &ctx, &m.client).await?,
        Message::AllocationRequest(m) => request(conn, &ctx, &m.client, &cal).await?,
        Message::ChangeRequest(m) => change_request(conn, &ctx, &m.client, &cal).await?,
        Message::Claim(m) => claim(conn, &ctx, &m.claim).await?,
        _ => Applied::reply_to_ours(conn, municipality_id, &msg).await?,
    };
    // The message itself, then its answer.
    let due = match kind {
        MessageKind::M323 => Some(cal.add_working_days(today, 10)),
        k if k.reply_kind().is_some() => Some(cal.add_working_days(today, 3)),
        _ => None,
    };
    let status = if applied.problems.is_empty() {
        "goedgekeurd"
    } else if applied.any_ok {
        "deels"
    } else {
        "afgekeurd"
    };
    let new = NewMessage {
        municipality_id,
        law,
        kind: kind.number().to_string(),
        direction: Direction::In,
        message_ref: h.message_id.clone(),
        dated_on: h.date,
        agb_code: agb.clone(),
        provider_id: Some(provider_id),
        household_id: applied.household_id,
        replies_to: applied.replies_to,
        answer_due_on: due,
        status: status.into(),
        summary: format!("{} van {provider_name}", applied.summary),
        problems: (!applied.problems.is_empty()).then(|| applied.problems.join("\n")),
        xml,
        file_name: file_name.map(str::to_string),
    };
    let message_id = mw::insert_message(conn, &new, &applied.allocations, now).await?;
    for l in &mut applied.claim_lines {
        l.message_id = message_id;
        mw::insert_claim_line(conn, l, now).await?;
    }
    let reply = match (&msg, applied.reply.take()) {
        (Message::Claim(c), _) => {
            let own_ref = ReplyTo {
                message_id: mw::next_message_ref(conn, municipality_id).await?,
                date: today.max(h.date),
                xsd_version: XsdVersion::release_3_2(),
                xslt_version: None,
            };
            let header_codes = if applied.problems.is_empty() {
                vec![FULLY_AWARDED.to_string()]
            } else {
                vec![OK.to_string()]
            };
            Some(
                claim_answer(c, &own_ref, &header_codes, &applied.decisions)
                    .map_err(|e| StoreError::Invalid(format!("Het declaratie-antwoord: {e}")))?,
            )
        }
        (_, Some(reply)) => Some(finish_reply(
            reply,
            (mw::next_message_ref(conn, municipality_id).await?, today),
            msg.standard(),
            &own,
            &agb,
            &h,
        )?),
        _ => None,
    };
    let reply_id = match reply {
        Some(reply) => {
            let out = std32::write_checked(&reply).map_err(|e| {
                StoreError::Invalid(format!("Het retourbericht is niet geldig: {e}"))
            })?;
            let rk = reply.kind();
            let r = NewMessage {
                municipality_id,
                law,
                kind: rk.number().to_string(),
                direction: Direction::Out,
                message_ref: reply.header().message_id.clone(),
                dated_on: today,
                agb_code: agb.clone(),
                provider_id: Some(provider_id),
                household_id: applied.household_id,
                replies_to: Some(message_id),
                answer_due_on: None,
                status: "klaar".into(),
                summary: format!(
                    "Antwoord ({}) op {} van {provider_name}",
                    rk.number(),
                    kind.number()
                ),
                problems: None,
                xml: out,
                file_name: None,
            };
            Some(mw::insert_message(conn, &r, &applied.allocations, now).await?)
        }
        None => None,
    };
    Ok(Imported {
        message_id,
        kind: kind.number(),
        summary: new.summary,
        problems: applied.problems,
        reply_id,
    })
}

struct Ctx<'a> {
    scope: &'a MunicipalityScope,
    municipality_id: i64,
    provider_id: i64,
    provider_name: String,
    law: Law,
    today: NaiveDate,
    now: DateTime<Utc>,
}

/// What applying a message did, and the return message to send.
#[derive(Default)]
struct Applied {
    summary: String,
    problems: Vec<String>,
    any_ok: bool,
    household_id: Option<i64>,
    allocations: Vec<i64>,
    replies_to: Option<i64>,
    claim_lines: Vec<NewClaimLine>,
    /// Per claim line, awarded or rejected with its codes.
    decisions: Vec<LineDecision>,
    /// The incoming message with its return codes filled in; the header is
    /// completed by `finish_reply`.
    reply: Option<Message>,
}

impl Applied {
    /// A return message to one of ours (302, 320): linked to what it answers.
    async fn reply_to_ours(
        conn: &mut AnyConnection,
        municipality_id: i64,
        msg: &Message,
    ) -> Result<Applied> {
        let Some(rh) = msg.reply_header() else {
            return Err(StoreError::Invalid(
                "Dit soort bericht verwacht Kompas niet.".into(),
            ));
        };
        let replies_to = mw::sent_message_with_ref(conn, municipality_id, &rh.original_id).await?;
        let mut codes: Vec<String> = rh.return_codes.clone();
        collect_codes(msg, &mut codes);
        let bad: Vec<String> = codes
            .into_iter()
            .filter(|c| c != OK && c != FULLY_AWARDED)
            .map(|c| format!("retourcode {c}"))
            .collect();
        Ok(Applied {
            summary: format!(
                "Retourbericht {} op ons bericht {}",
                msg.kind().number(),
                rh.original_id
            ),
            any_ok: bad.is_empty(),
            problems: bad,
            replies_to,
            ..Default::default()
        })
    }
}

/// The return codes of every record of a return message.
fn collect_codes(msg: &Message, codes: &mut Vec<String>) {
    if let Message::AllocationReply(m) = msg {
        if let Some(c) = &m.client {
            codes.extend(c.return_codes.iter().cloned());
            for p in &c.products {
                codes.extend(p.return_codes.iter().cloned());
            }
        }
    }
    if let Message::RequestAnswerReply(m) = msg {
        if let Some(a) = &m.answer {
            codes.extend(a.return_codes.iter().cloned());
        }
    }
}

/// Completes the return message's header: its own id and date, and the
/// reference to the message it answers.
fn finish_reply(
    reply: Message,
    (message_ref, today): (String, NaiveDate),
    standard: std32::Standard,
    own: &str,
    agb: &str,
    original: &std32::Header,
) -> Result<Message> {
    let on = today.max(original.date);
    let kind = reply.kind();
    let (sender, receiver) = if kind.sender_is_municipality() {
        (own, agb)
    } else {
        (agb, own)
    };
    let rh = |codes: Vec<String>| ReplyHeader {
        header: header(sender, receiver, message_ref.clone(), on),
        original_id: original.message_id.clone(),
        original_date: original.date,
        xslt_version: None,
        original_xsd_version: original.xsd_version.clone(),
        return_codes: codes,
    };
    Ok(match reply {
        Message::StartCareReply(mut m) => {
            m.standard = standard;
            m.header = rh(Vec::new());
            Message::StartCareReply(m)
        }
        Message::StopCareReply(mut m) => {
            m.standard = standard;
            m.header = rh(Vec::new());
            Message::StopCareReply(m)
        }
        Message::AllocationRequestReply(mut m) => {
            m.standard = standard;
            m.header = rh(Vec::new());
            Message::AllocationRequestReply(m)
        }
        Message::ChangeRequestReply(mut m) => {
            m.standard = standard;
            m.header = rh(Vec::new());
            Message::ChangeRequestReply(m)
        }
        Message::ClaimAnswer(mut m) => {
            let codes = m.header.return_codes.clone();
            m.standard = standard;
            m.header = rh(codes);
            Message::ClaimAnswer(m)
        }
        other => other,
    })
}

/// The header of a return message under construction; `finish_reply`
/// fills it in once the message id is drawn.
fn unfinished_header() -> ReplyHeader {
    let blank = header("", "", String::new(), NaiveDate::MIN);
    ReplyHeader {
        original_id: String::new(),
        original_date: blank.date,
        xslt_version: None,
        original_xsd_version: blank.xsd_version.clone(),
        return_codes: Vec::new(),
        header: blank,
    }
}

/// The allocation a provider's message names, if it is this provider's and
/// this client's.
async fn own_allocation(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    number: Option<u32>,
    bsn: &str,
) -> Result<Option<AllocationRow>> {
    let Some(n) =
        number.and_then(|n| kompas_domain::maatwerk::allocation::AllocationNumber::new(n).ok())
    else {
        return Ok(None);
    };
    let Some(a) =
        mw::allocation_by_number(conn, ctx.scope, ctx.municipality_id, ctx.law, n).await?
    else {
        return Ok(None);
    };
    if a.provider_id != ctx.provider_id {
        return Ok(None);
    }
    let client = mw::client_of(conn, ctx.scope, a.household_id, a.member_id).await?;
    if client.and_then(|c| c.bsn).as_deref() != Some(bsn) {
        return Ok(None);
    }
    Ok(Some(a))
}

/// TR019: a start or stop of care that names no allocation of this provider
/// for this client.
fn unknown_allocation(out: &mut Applied, codes: &mut Vec<String>, what: &str, number: Option<u32>) {
    *codes = vec!["9019".into()];
    out.problems.push(format!(
        "TR019: {what} van zorg hoort niet bij een toewijzing van deze aanbieder (toewijzing {})",
        number.map_or("leeg".into(), |n| n.to_string())
    ));
}

async fn start(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    client: &std32::StartClient,
) -> Result<Applied> {
    let mut out = Applied::default();
    let mut reply = client.clone();
    for p in &mut reply.products {
        let Some(a) = own_allocation(conn, ctx, p.allocation_number, &client.bsn).await? else {
            unknown_allocation(&mut out, &mut p.return_codes, "start", p.allocation_number);
            continue;
        };
        out.household_id = Some(a.household_id);
        out.allocations.push(a.id);
        if p.delivery_status == "1" && a.care_started_on.is_some() && a.care_stopped_on.is_none() {
            p.return_codes = vec!["9326".into()];
            out.problems.push(format!(
                "TR326: de zorg bij toewijzing {} is al gestart en nog niet gestopt",
                a.allocation.number
            ));
            continue;
        }
        mw::record_care_start(conn, ctx.scope, a.id, p.start_date).await?;
        p.return_codes = vec![OK.into()];
        out.any_ok = true;
    }
    reply.return_codes = vec![OK.into()];
    out.summary = format!("Start zorg ({} product(en))", reply.products.len());
    out.reply = Some(Message::StartCareReply(std32::StartCareReply {
        standard: std32::Standard::Wmo,
        header: unfinished_header(),
        client: Some(reply),
    }));
    Ok(out)
}

async fn stop(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    client: &std32::StopClient,
) -> Result<Applied> {
    let mut out = Applied::default();
    let mut reply = client.clone();
    for p in &mut reply.products {
        let Some(a) = own_allocation(conn, ctx, p.allocation_number, &client.bsn).await? else {
            unknown_allocation(&mut out, &mut p.return_codes, "stop", p.allocation_number);
            continue;
        };
        out.household_id = Some(a.household_id);
        out.allocations.push(a.id);
        mw::record_care_stop(conn, ctx.scope, a.id, p.end_date, &p.end_reason).await?;
        p.return_codes = vec![OK.into()];
        out.any_ok = true;
    }
    reply.return_codes = vec![OK.into()];
    out.summary = format!("Stop zorg ({} product(en))", reply.products.len());
    out.reply = Some(Message::StopCareReply(std32::StopCareReply {
        standard: std32::Standard::Wmo,
        header: unfinished_header(),
        client: Some(reply),
    }));
    Ok(out)
}

fn age_group(born: NaiveDate, today: NaiveDate) -> AgeGroup {
    let years = today.years_since(born).unwrap_or(0);
    match years {
        0..=17 => AgeGroup::Youth,
        18..=66 => AgeGroup::Adult,
        _ => AgeGroup::Senior,
    }
}

/// A request for allocation (315) becomes a question in the toegang queue,
/// to be answered within ten working days.
async fn request(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    client: &std32::RequestClient,
    cal: &WorkingCalendar,
) -> Result<Applied> {
    let mut out = Applied::default();
    let household = mw::member_with_bsn(conn, ctx.scope, &client.bsn)
        .await?
        .map(|(_, h)| h);
    let products: Vec<String> = client
        .products
        .iter()
        .map(|p| {
            let what = p
                .product
                .as_ref()
                .map(|x| {
                    format!(
                        "categorie {}{}",
                        x.category,
                        x.code
                            .as_ref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "een product".into());
            let amount = p
                .extent
                .as_ref()
                .map(|e| {
                    format!(
                        ", omvang {} (eenheid {}, frequentie {})",
                        e.volume, e.unit, e.frequency
                    )
                })
                .unwrap_or_default();
            format!(
                "{what} vanaf {}{amount}",
                p.allocation_start_date.format("%d-%m-%Y")
            )
        })
        .collect();
    let body = format!(
        "Verzoek om toewijzing van {}: {}.{}{}",
        ctx.provider_name,
        products.join("; "),
        if household.is_none() {
            " De cliënt is nog niet bekend bij de gemeente."
        } else {
            ""
        },
        client
            .comment
            .as_deref()
            .map(|c| format!(" Toelichting: {c}"))
            .unwrap_or_default()
    );
    let q = NewQuestion {
        municipality_id: ctx.municipality_id,
        channel: Channel::PartnerSignal,
        urgent: false,
        body,
        life_domains: Vec::new(),
        contact_name: Some(ctx.provider_name.clone()),
        contact_phone: None,
        contact_email: None,
        contact_way: None,
        age_group: age_group(client.birth_date.date, ctx.today),
        area_code: None,
        postcode: None,
        household_id: household,
        submitted_by: None,
        submitter_organization: None,
        reason: None,
        received_at: ctx.now,
        due_date: cal.add_working_days(ctx.today, 10),
    };
    let question = tg::create_question(conn, &q, None).await?;
    let mut reply = client.clone();
    for p in &mut reply.products {
        p.return_codes = vec![OK.into()];
    }
    reply.return_codes = vec![OK.into()];
    out.any_ok = true;
    out.household_id = household;
    out.summary = format!("Verzoek om toewijzing (vraag {question} in de wachtrij)");
    out.reply = Some(Message::AllocationRequestReply(
        std32::AllocationRequestReply {
            standard: std32::Standard::Wmo,
            header: unfinished_header(),
            client: Some(reply),
        },
    ));
    Ok(out)
}

/// A request for change (317) names current allocations of this provider
/// (TR350, TR351) and becomes a question on the household, answered within
/// ten working days.
async fn change_request(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    client: &std32::ChangeClient,
    cal: &WorkingCalendar,
) -> Result<Applied> {
    let mut out = Applied::default();
    let mut reply = client.clone();
    let req = &mut reply.request;
    for u in &mut req.unchanged {
        match own_allocation(conn, ctx, Some(u.allocation_number), &client.bsn).await? {
            Some(a) if a.allocation.is_current(ctx.today) => {
                out.household_id = Some(a.household_id);
                out.allocations.push(a.id);
                u.return_codes = vec![OK.into()];
            }
            _ => {
                u.return_codes = vec!["9350".into()];
                out.problems.push(format!(
                    "TR350: ongewijzigd product {} is geen actuele toewijzing van deze aanbieder",
                    u.allocation_number
                ));
            }
        }
    }
    let mut changes = Vec::new();
    for c in &mut req.to_change {
        match own_allocation(conn, ctx, Some(c.allocation_number), &client.bsn).await? {
            Some(a) if a.allocation.is_current(ctx.today) => {
                out.household_id = Some(a.household_id);
                out.allocations.push(a.id);
                c.return_codes = vec![OK.into()];
                let amount = c
                    .extent
                    .as_ref()
                    .map(|e| {
                        format!(
                            "omvang {} (eenheid {}, frequentie {})",
                            e.volume, e.unit, e.frequency
                        )
                    })
                    .or(c.budget.map(|b| format!("budget {} cent", b)))
                    .unwrap_or_else(|| "andere periode".into());
                changes.push(format!(
                    "toewijzing {} wijzigen per {}: {amount}",
                    c.allocation_number,
                    c.desired_start_date.format("%d-%m-%Y")
                ));
            }
            _ => {
                c.return_codes = vec!["9351".into()];
                out.problems.push(format!(
                    "TR351: te wijzigen product {} is geen actuele toewijzing van deze aanbieder",
                    c.allocation_number
                ));
            }
        }
    }
    for n in &mut req.new_products {
        n.return_codes = vec![OK.into()];
        changes.push(format!(
            "nieuw product {} per {}",
            n.product
                .as_ref()
                .map(|p| p.category.clone())
                .unwrap_or_default(),
            n.desired_start_date.format("%d-%m-%Y")
        ));
    }
    req.return_codes = vec![if out.problems.is_empty() {
        OK.into()
    } else {
        "0233".into()
    }];
    reply.return_codes = vec![OK.into()];
    if out.household_id.is_none() {
        out.household_id = mw::member_with_bsn(conn, ctx.scope, &client.bsn)
            .await?
            .map(|(_, h)| h);
    }
    let question = if out.problems.is_empty() {
        let q = NewQuestion {
            municipality_id: ctx.municipality_id,
            channel: Channel::PartnerSignal,
            urgent: false,
            body: format!(
                "Verzoek om wijziging van {} (reden {}): {}.",
                ctx.provider_name,
                client.request.reason,
                changes.join("; ")
            ),
            life_domains: Vec::new(),
            contact_name: Some(ctx.provider_name.clone()),
            contact_phone: None,
            contact_email: None,
            contact_way: None,
            age_group: AgeGroup::Unknown,
            area_code: None,
            postcode: None,
            household_id: out.household_id,
            submitted_by: None,
            submitter_organization: None,
            reason: None,
            received_at: ctx.now,
            due_date: cal.add_working_days(ctx.today, 10),
        };
        Some(tg::create_question(conn, &q, None).await?)
    } else {
        None
    };
    out.any_ok = question.is_some();
    out.summary = match question {
        Some(q) => format!("Verzoek om wijziging (vraag {q} in de wachtrij)"),
        None => "Verzoek om wijziging, afgekeurd".into(),
    };
    out.reply = Some(Message::ChangeRequestReply(std32::ChangeRequestReply {
        standard: std32::Standard::Wmo,
        header: unfinished_header(),
        client: Some(reply),
    }));
    Ok(out)
}

/// A claim (323): every line checked against its allocation and what was
/// approved on it before (this file's earlier lines included); approved
/// lines are the realised cost. Answered by a 325 per line.
async fn claim(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    body: &std32::ClaimBody,
) -> Result<Applied> {
    let mut out = Applied::default();
    let mut answer = body.clone();
    let mut awarded: i64 = 0;
    let mut lines_total = 0;
    // What earlier lines of this file approved, per allocation.
    let mut within: HashMap<i64, Claimed> = HashMap::new();
    let mut before: HashMap<i64, Claimed> = HashMap::new();
    let mut tariffs: HashMap<(String, Option<String>, NaiveDate), Option<i64>> = HashMap::new();
    let catalogue = mw::products(conn, ctx.scope, Some(ctx.law), None).await?;
    for c in &mut answer.clients {
        for l in &mut c.lines {
            lines_total += 1;
            let credit = l.submitted.debit_credit == DebitCredit::Credit;
            let signed = l.submitted.signed();
            let mut codes: Vec<(String, String)> = Vec::new();
            let alloc = own_allocation(conn, ctx, Some(l.allocation_number), &c.bsn).await?;
            let reference = l.reference.number.clone();
            if mw::claim_reference_exists(
                conn,
                ctx.municipality_id,
                ctx.provider_id,
                ctx.law,
                &reference,
                credit,
            )
            .await?
            {
                codes.push((
                    "8021".into(),
                    format!("TR314: prestatie {reference} is al eerder gedeclareerd"),
                ));
            }
            match &alloc {
                None => codes.push((
                    "9338".into(),
                    format!(
                        "TR338: prestatie {reference} hoort niet bij een toewijzing van deze aanbieder voor deze cliënt (toewijzing {})",
                        l.allocation_number
                    ),
                )),
                Some(a) if credit => {
                    let debit = l.reference.previous_number.clone().unwrap_or_else(|| reference.clone());
                    if mw::approved_debit(conn, ctx.municipality_id, ctx.provider_id, ctx.law, &debit).await?.is_none() {
                        codes.push(("8017".into(), format!("TR323: bij credit {reference} is geen goedgekeurde debetprestatie {debit} bekend")));
                    }
                    out.household_id = Some(a.household_id);
                }
                Some(a) => {
                    out.household_id = Some(a.household_id);
                    let key = (a.allocation.category.code.to_string(), a.allocation.product.as_ref().map(|p| p.as_str().to_string()), l.period.start);
                    let tariff = match tariffs.get(&key) {
                        Some(t) => *t,
                        None => {
                            let product = catalogue.iter().find(|p| {
                                p.municipality_id == ctx.municipality_id
                                    && p.category.code == key.0
                                    && Some(p.code.as_str()) == key.1.as_deref()
                            });
                            let t = match product {
                                Some(p) => mw::contract_tariff(conn, ctx.scope, ctx.provider_id, p.id, l.period.start).await?,
                                None => None,
                            };
                            tariffs.insert(key, t);
                            t
                        }
                    };
                    let prior = match before.get(&a.id) {
                        Some(c) => *c,
                        None => {
                            let c = mw::claimed_on(conn, a).await?;
                            before.insert(a.id, c);
                            c
                        }
                    };
                    let here = within.get(&a.id).copied().unwrap_or_default();
                    let so_far = Claimed {
                        volume: prior.volume + here.volume,
                        cents: prior.cents + here.cents,
                    };
                    let line = Line {
                        allocation: a.allocation.number,
                        category: l.product_category.clone(),
                        product: Some(l.product_code.clone()),
                        from: l.period.start,
                        to: l.period.end,
                        volume: u64::from(l.volume),
                        unit: l.unit.clone(),
                        tariff_cents: l.rate.unwrap_or(0),
                        amount_cents: signed,
                        credit,
                    };
                    for v in check_claim_line(&a.allocation, tariff, &line, so_far) {
                        codes.push((v.code.to_string(), format!("{}: prestatie {reference}: {}", v.rule, v.message)));
                    }
                }
            }
            let approved = if codes.is_empty() { signed } else { 0 };
            out.decisions.push(if codes.is_empty() {
                LineDecision::Awarded
            } else {
                let mut c: Vec<String> = codes.iter().map(|(c, _)| c.clone()).collect();
                c.dedup();
                LineDecision::Rejected(c)
            });
            if codes.is_empty() {
                l.return_codes = vec![OK.into()];
                out.any_ok = true;
                awarded += signed;
                if let (Some(a), false) = (&alloc, credit) {
                    let e = within.entry(a.id).or_default();
                    e.volume += u64::from(l.volume);
                    e.cents += signed;
                }
            } else {
                l.return_codes = codes.iter().map(|(c, _)| c.clone()).collect();
                l.return_codes.dedup();
                out.problems.extend(codes.iter().map(|(_, m)| m.clone()));
            }
            if let Some(a) = &alloc {
                if !out.allocations.contains(&a.id) {
                    out.allocations.push(a.id);
                }
            }
            out.claim_lines.push(NewClaimLine {
                municipality_id: ctx.municipality_id,
                message_id: 0,
                provider_id: ctx.provider_id,
                allocation: alloc.as_ref().map(|a| (a.id, a.household_id)),
                law: ctx.law,
                reference,
                category: l.product_category.clone(),
                product_code: Some(l.product_code.clone()),
                period_from: l.period.start,
                period_to: l.period.end,
                volume: i64::from(l.volume),
                unit: l.unit.clone(),
                tariff_cents: l.rate.unwrap_or(0),
                claimed_cents: signed,
                approved_cents: approved,
                rejected_rules: (approved == 0 && !l.return_codes.iter().all(|c| c == OK))
                    .then(|| l.return_codes.join(" ")),
            });
        }
    }
    out.summary = format!(
        "Declaratie {} ({} regels, {} goedgekeurd)",
        body.claim_number,
        lines_total,
        euros(awarded)
    );
    Ok(out)
}

use kompas_domain::money::euros;
