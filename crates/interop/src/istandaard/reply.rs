//! Building return messages (302 … 320, 325) for an incoming message.
//!
//! A return message repeats the incoming message (same `Afzender` and
//! `Ontvanger`, the same records) and adds return codes (WJ001): one list on
//! the header and one per record. Records are numbered in the order they
//! appear in the incoming message, depth first: see [`records`]. A record
//! without an explicit list gets [`NO_REMARK`].
//!
//! When the header codes contain [`TECHNICAL_REJECTION`] the body is left
//! out (the message as a whole was refused).
//!
//! For a claim (323) the answer (325) has no per-line amount: a line is
//! either awarded in full or rejected with its codes. The answer lists only
//! the clients with rejected lines, and only those lines; the awarded total
//! is the submitted total minus the rejected lines.

use chrono::NaiveDate;

use super::types::{Amount, XsdVersion};
use super::{
    AllocationReply, AllocationRequestReply, ChangeRequestReply, Claim, ClaimAnswerBody,
    ClaimAnswerMessage, Header, Message, MessageKind, ReplyHeader, RequestAnswerReply,
    StartCareReply, StopCareReply,
};

/// WJ001 `0001`: the message is refused for technical reasons (as a whole).
pub const TECHNICAL_REJECTION: &str = "0001";
/// WJ001 `0200`: no remark on this part of the message (accepted).
pub const NO_REMARK: &str = "0200";
/// WJ001 `0233`: this part of the message was not assessed.
pub const NOT_ASSESSED: &str = "0233";
/// WJ001 `8001`: the claim is awarded in full (325, on `DeclaratieAntwoord`).
pub const CLAIM_FULLY_AWARDED: &str = "8001";
/// WJ001 `9056`, TR056: the message identification is not unique.
pub const ID_NOT_UNIQUE: &str = "9056";
/// WJ001 `8848`, TR135: the date of the message lies after the system date.
pub const DATE_IN_FUTURE: &str = "8848";
/// WJ001 `S300`, TR378: invalid municipality code.
pub const INVALID_MUNICIPALITY: &str = "S300";
/// WJ001 `S329`, TR381: invalid product code.
pub const INVALID_PRODUCT_CODE: &str = "S329";
/// WJ001 `0611`, TR418: the rate claimed differs from the contract rate.
pub const RATE_NOT_CONTRACT_RATE: &str = "0611";

/// The WJ001 codes that report a violated technical rule, as (code, rule).
/// Codes `0001`, `0200`, `0233`, `8001` and `9355` have no rule.
pub const RULE_CODES: &[(&str, &str)] = &[
    ("0611", "TR418"),
    ("8017", "TR323"),
    ("8021", "TR314"),
    ("8187", "TR304"),
    ("8214", "TR318"),
    ("8848", "TR135"),
    ("9019", "TR019"),
    ("9056", "TR056"),
    ("9063", "TR063"),
    ("9069", "TR069"),
    ("9071", "TR071"),
    ("9074", "TR074"),
    ("9307", "TR307"),
    ("9308", "TR308"),
    ("9319", "TR319"),
    ("9321", "TR321"),
    ("9322", "TR322"),
    ("9326", "TR326"),
    ("9332", "TR332"),
    ("9333", "TR333"),
    ("9338", "TR338"),
    ("9339", "TR339"),
    ("9340", "TR340"),
    ("9341", "TR341"),
    ("9346", "TR346"),
    ("9347", "TR347"),
    ("9349", "TR349"),
    ("9350", "TR350"),
    ("9351", "TR351"),
    ("9357", "TR357"),
    ("9359", "TR359"),
    ("9360", "TR360"),
    ("9361", "TR361"),
    ("9365", "TR365"),
    ("9366", "TR366"),
    ("9367", "TR367"),
    ("9369", "TR369"),
    ("9373", "TR373"),
    ("9374", "TR374"),
    ("9375", "TR375"),
    ("9379", "TR379"),
    ("9384", "TR384"),
    ("9385", "TR385"),
    ("9387", "TR387"),
    ("9388", "TR388"),
    ("9389", "TR389"),
    ("9390", "TR390"),
    ("9411", "TR411"),
    ("9412", "TR412"),
    ("9413", "TR413"),
    ("9414", "TR414"),
    ("9415", "TR415"),
    ("S300", "TR378"),
    ("S329", "TR381"),
];

/// The return code for a technical rule (`"TR056"` → `"9056"`).
pub fn code_for_rule(rule: &str) -> Option<&'static str> {
    RULE_CODES.iter().find(|(_, r)| *r == rule).map(|(c, _)| *c)
}

/// The technical rule a return code reports (`"9056"` → `"TR056"`).
pub fn rule_for_code(code: &str) -> Option<&'static str> {
    RULE_CODES.iter().find(|(c, _)| *c == code).map(|(_, r)| *r)
}

/// Whether a code is in WJ001 (the schema's enumeration).
pub fn is_return_code(code: &str) -> bool {
    super::codes::RETOUR_CODE.contains(&code)
}

/// The own header fields of the return message. `Afzender` and `Ontvanger`
/// are not asked for: the schema makes the return message keep those of the
/// message it answers (302 … 320), and 325 swaps those of the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTo {
    /// `BerichtIdentificatie/Identificatie` of the return message
    pub message_id: String,
    /// `BerichtIdentificatie/Dagtekening` of the return message
    pub date: NaiveDate,
    /// `XsdVersie` of the return message
    pub xsd_version: XsdVersion,
    /// `XsltVersie` (version of the checks applied), optional
    pub xslt_version: Option<String>,
}

/// Return codes for the header and per record (see [`records`]); records
/// without a list get [`NO_REMARK`]. Header codes may be empty for 302 … 320
/// (no `RetourCodes` on the header); for 325 empty means [`NO_REMARK`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnCodes {
    /// `Header/RetourCodes`
    pub header: Vec<String>,
    /// Per record, by index in [`records`]
    pub records: Vec<Vec<String>>,
}

/// Why no return message can be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyError {
    /// The message is itself a return message (or a 325).
    NotAnsweredMessage(MessageKind),
    /// A return code is not in WJ001.
    UnknownCode(String),
    /// More record code lists were given than the message has records.
    TooManyRecords { given: usize, records: usize },
}

impl std::fmt::Display for ReplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplyError::NotAnsweredMessage(k) => {
                write!(
                    f,
                    "op bericht {} wordt geen retourbericht gestuurd",
                    k.number()
                )
            }
            ReplyError::UnknownCode(c) => write!(f, "retourcode {c} staat niet in WJ001"),
            ReplyError::TooManyRecords { given, records } => write!(
                f,
                "{given} lijsten met retourcodes, maar het bericht heeft {records} onderdelen"
            ),
        }
    }
}

impl std::error::Error for ReplyError {}

/// One record of an incoming message that gets its own return codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// Index in [`ReturnCodes::records`].
    pub index: usize,
    /// Element path, with 1-based positions, e.g. `Client/Relaties/Relatie[2]/Contact`.
    pub path: String,
}

/// Walks the records of an incoming message in document order, calling
/// handing out the given codes (or [`NO_REMARK`]) and noting each record.
struct Walker<'a> {
    codes: &'a [Vec<String>],
    seen: Vec<RecordRef>,
}

impl Walker<'_> {
    fn next(&mut self, path: String) -> Vec<String> {
        let index = self.seen.len();
        self.seen.push(RecordRef { index, path });
        match self.codes.get(index) {
            Some(c) if !c.is_empty() => c.clone(),
            _ => vec![NO_REMARK.to_string()],
        }
    }
}

fn nth(path: &str, name: &str, i: usize) -> String {
    format!("{path}/{name}[{}]", i + 1)
}

fn mark(msg: &mut Message, w: &mut Walker) {
    match msg {
        Message::Allocation(m) => {
            let c = &mut m.client;
            c.return_codes = w.next("Client".into());
            for (i, r) in c.relations.iter_mut().enumerate() {
                let p = nth("Client/Relaties", "Relatie", i);
                r.return_codes = w.next(p.clone());
                r.contact.return_codes = w.next(format!("{p}/Contact"));
            }
            for (i, r) in c.contacts.iter_mut().enumerate() {
                r.return_codes = w.next(nth("Client/Contactgegevens", "Contact", i));
            }
            for (i, r) in c.products.iter_mut().enumerate() {
                r.return_codes = w.next(nth("Client/ToegewezenProducten", "ToegewezenProduct", i));
            }
        }
        Message::StartCare(m) => {
            m.client.return_codes = w.next("Client".into());
            for (i, r) in m.client.products.iter_mut().enumerate() {
                r.return_codes = w.next(nth("Client/StartProducten", "StartProduct", i));
            }
        }
        Message::StopCare(m) => {
            m.client.return_codes = w.next("Client".into());
            for (i, r) in m.client.products.iter_mut().enumerate() {
                r.return_codes = w.next(nth("Client/StopProducten", "StopProduct", i));
            }
        }
        Message::AllocationRequest(m) => {
            m.client.return_codes = w.next("Client".into());
            for (i, r) in m.client.products.iter_mut().enumerate() {
                r.return_codes =
                    w.next(nth("Client/AangevraagdeProducten", "AangevraagdProduct", i));
            }
        }
        Message::ChangeRequest(m) => {
            m.client.return_codes = w.next("Client".into());
            let v = &mut m.client.request;
            v.return_codes = w.next("Client/Verzoek".into());
            for (i, r) in v.unchanged.iter_mut().enumerate() {
                r.return_codes = w.next(nth(
                    "Client/Verzoek/OngewijzigdeProducten",
                    "OngewijzigdProduct",
                    i,
                ));
            }
            for (i, r) in v.to_change.iter_mut().enumerate() {
                r.return_codes = w.next(nth(
                    "Client/Verzoek/TeWijzigenProducten",
                    "TeWijzigenProduct",
                    i,
                ));
            }
            for (i, r) in v.new_products.iter_mut().enumerate() {
                r.return_codes = w.next(nth("Client/Verzoek/NieuweProducten", "NieuwProduct", i));
            }
        }
        Message::RequestAnswer(m) => {
            m.answer.return_codes = w.next("Antwoord".into());
            if let Some(r) = &mut m.answer.residence_principle {
                r.return_codes = w.next("Antwoord/Woonplaatsbeginsel".into());
            }
        }
        Message::Claim(m) => {
            for (ci, c) in m.claim.clients.iter_mut().enumerate() {
                let cp = nth("Declaratie/Clienten", "Client", ci);
                for (i, l) in c.lines.iter_mut().enumerate() {
                    l.return_codes = w.next(nth(&format!("{cp}/Prestaties"), "Prestatie", i));
                }
            }
        }
        _ => {}
    }
}

/// The records of an incoming message that get return codes, in order.
/// For a claim (323) these are the claim lines (`Prestatie`).
pub fn records(incoming: &Message) -> Vec<RecordRef> {
    let mut copy = incoming.clone();
    let mut w = Walker {
        codes: &[],
        seen: Vec::new(),
    };
    mark(&mut copy, &mut w);
    w.seen
}

fn check_codes(codes: &ReturnCodes) -> Result<(), ReplyError> {
    for c in codes.header.iter().chain(codes.records.iter().flatten()) {
        if !is_return_code(c) {
            return Err(ReplyError::UnknownCode(c.clone()));
        }
    }
    Ok(())
}

fn reply_header(
    incoming: &Header,
    own: &ReplyTo,
    header_codes: Vec<String>,
    swap: bool,
) -> ReplyHeader {
    let (sender, receiver) = if swap {
        (incoming.receiver.clone(), incoming.sender.clone())
    } else {
        (incoming.sender.clone(), incoming.receiver.clone())
    };
    ReplyHeader {
        header: Header {
            sender,
            receiver,
            message_id: own.message_id.clone(),
            date: own.date,
            xsd_version: own.xsd_version.clone(),
        },
        original_id: incoming.message_id.clone(),
        original_date: incoming.date,
        xslt_version: own.xslt_version.clone(),
        original_xsd_version: incoming.xsd_version.clone(),
        return_codes: header_codes,
    }
}

/// Builds the return message (302, 306, 308, 316, 318, 320 or 325) for an
/// incoming 301, 305, 307, 315, 317, 319 or 323. For 323 a claim line whose
/// record codes are empty or only [`NO_REMARK`] is awarded, any other code
/// rejects it (see [`claim_answer`]).
pub fn build_reply(
    incoming: &Message,
    own: &ReplyTo,
    codes: &ReturnCodes,
) -> Result<Message, ReplyError> {
    check_codes(codes)?;
    let count = records(incoming).len();
    if codes.records.len() > count {
        return Err(ReplyError::TooManyRecords {
            given: codes.records.len(),
            records: count,
        });
    }
    if let Message::Claim(claim) = incoming {
        let decisions: Vec<LineDecision> = (0..count)
            .map(|i| match codes.records.get(i) {
                Some(c) if c.iter().any(|x| x != NO_REMARK) => LineDecision::Rejected(c.clone()),
                _ => LineDecision::Awarded,
            })
            .collect();
        return claim_answer(claim, own, &codes.header, &decisions);
    }
    let refused = codes.header.iter().any(|c| c == TECHNICAL_REJECTION);
    let mut body = incoming.clone();
    let mut w = Walker {
        codes: &codes.records,
        seen: Vec::new(),
    };
    mark(&mut body, &mut w);
    let header = reply_header(incoming.header(), own, codes.header.clone(), false);
    let standard = incoming.standard();
    Ok(match body {
        Message::Allocation(m) => Message::AllocationReply(AllocationReply {
            standard,
            header,
            client: (!refused).then_some(m.client),
        }),
        Message::StartCare(m) => Message::StartCareReply(StartCareReply {
            standard,
            header,
            client: (!refused).then_some(m.client),
        }),
        Message::StopCare(m) => Message::StopCareReply(StopCareReply {
            standard,
            header,
            client: (!refused).then_some(m.client),
        }),
        Message::AllocationRequest(m) => Message::AllocationRequestReply(AllocationRequestReply {
            standard,
            header,
            client: (!refused).then_some(m.client),
        }),
        Message::ChangeRequest(m) => Message::ChangeRequestReply(ChangeRequestReply {
            standard,
            header,
            client: (!refused).then_some(m.client),
        }),
        Message::RequestAnswer(m) => Message::RequestAnswerReply(RequestAnswerReply {
            standard,
            header,
            answer: (!refused).then_some(m.answer),
        }),
        other => return Err(ReplyError::NotAnsweredMessage(other.kind())),
    })
}

/// The outcome of one claim line (`Prestatie`) of a 323.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineDecision {
    /// Awarded in full (the line is not repeated in the 325).
    Awarded,
    /// Rejected, with its return codes (at least one, WJ001).
    Rejected(Vec<String>),
}

/// Builds the 325 for a claim: `decisions` per claim line in document order
/// (missing entries are awarded). Header codes empty means [`NO_REMARK`];
/// with [`TECHNICAL_REJECTION`] the `DeclaratieAntwoord` is left out.
pub fn claim_answer(
    claim: &Claim,
    own: &ReplyTo,
    header_codes: &[String],
    decisions: &[LineDecision],
) -> Result<Message, ReplyError> {
    for c in header_codes
        .iter()
        .chain(decisions.iter().flat_map(|d| match d {
            LineDecision::Awarded => [].iter(),
            LineDecision::Rejected(c) => c.iter(),
        }))
    {
        if !is_return_code(c) {
            return Err(ReplyError::UnknownCode(c.clone()));
        }
    }
    let header_codes = if header_codes.is_empty() {
        vec![NO_REMARK.to_string()]
    } else {
        header_codes.to_vec()
    };
    let refused = header_codes.iter().any(|c| c == TECHNICAL_REJECTION);
    let header = reply_header(&claim.header, own, header_codes, true);
    let body = &claim.claim;
    let mut index = 0usize;
    let mut rejected_total = 0i64;
    let mut clients = Vec::new();
    for c in &body.clients {
        let mut lines = Vec::new();
        for l in &c.lines {
            if let Some(LineDecision::Rejected(codes)) = decisions.get(index) {
                let mut line = l.clone();
                line.return_codes = if codes.is_empty() {
                    vec![NOT_ASSESSED.to_string()]
                } else {
                    codes.clone()
                };
                rejected_total += l.submitted.signed();
                lines.push(line);
            }
            index += 1;
        }
        if !lines.is_empty() {
            let mut client = c.clone();
            client.lines = lines;
            client.return_codes = vec![NO_REMARK.to_string()];
            clients.push(client);
        }
    }
    let awarded = body.total_submitted.signed() - rejected_total;
    let mut total_awarded = Amount::from_signed(awarded);
    if awarded == 0 {
        total_awarded.debit_credit = body.total_submitted.debit_credit;
    }
    let answer_code = if clients.is_empty() {
        CLAIM_FULLY_AWARDED
    } else {
        NO_REMARK
    };
    Ok(Message::ClaimAnswer(ClaimAnswerMessage {
        standard: claim.standard,
        header,
        answer: if refused {
            None
        } else {
            Some(ClaimAnswerBody {
                claim_number: body.claim_number.clone(),
                total_submitted: body.total_submitted,
                total_awarded,
                clients,
                return_codes: vec![answer_code.to_string()],
            })
        },
    }))
}
