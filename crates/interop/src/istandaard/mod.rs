//! iWmo and iJw release 3.2: a database-free codec for the messages that
//! municipalities and care providers exchange (allocation 301, start 305,
//! stop 307, request for allocation 315, request for change 317, answer 319,
//! claim 323 and their return messages 302 … 325).
//!
//! - [`read`] detects the standard and the message from the root namespace
//!   and refuses anything the XSD refuses for the modelled fields (order,
//!   unknown elements, dates, patterns, lengths, code lists), with a Dutch
//!   message naming line and element ([`ReadError`]).
//! - [`write`] produces UTF-8 XML in schema order with the usual prefixes
//!   (`wmo301:` / `iwmo:`, `jw301:` / `ijw:`).
//! - [`reply`] builds the return message for an incoming message.
//!
//! Records (client, relation, contact, product, claim line) are the same
//! Rust types in a message and in its return message; in the return message
//! each record carries its `return_codes` (at least one), in the outgoing
//! message that list is empty. What [`read`] accepts, [`write`] writes as a
//! schema-valid message; [`write_checked`] re-reads what it wrote.

pub mod codes;
mod messages;
pub mod reply;
mod types;
mod xml;

use chrono::NaiveDate;

pub use messages::{
    AllocatedProduct, AllocationClient, Answer, ChangeClient, ChangeRequestBody, ClaimAnswerBody,
    ClaimBody, ClaimClient, ClaimLine, Contact, NewProduct, ProductChange, Relation, RequestClient,
    RequestedProduct, ResidencePrinciple, StartClient, StartProduct, StopClient, StopProduct,
    UnchangedProduct,
};
pub use types::{
    Address, Amount, BirthDate, ClosedPeriod, Communication, DebitCredit, Extent, FullName, House,
    OpenPeriod, Phone, Phones, Product, ProductReference, Referrer, ShortName, Surname, XsdVersion,
};

use xml::{Cx, El, R, W};

/// The standard a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standard {
    /// iWmo (Wmo 2015)
    Wmo,
    /// iJw (Jeugdwet)
    Jeugdwet,
}

impl Standard {
    /// Prefix of the basisschema namespace: `iwmo` or `ijw`.
    pub fn base_prefix(self) -> &'static str {
        match self {
            Standard::Wmo => "iwmo",
            Standard::Jeugdwet => "ijw",
        }
    }
    /// Namespace of the basisschema.
    pub fn base_namespace(self) -> &'static str {
        match self {
            Standard::Wmo => "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
            Standard::Jeugdwet => "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
        }
    }
    fn message_stem(self) -> &'static str {
        match self {
            Standard::Wmo => "wmo",
            Standard::Jeugdwet => "jw",
        }
    }
    /// Prefix of a message namespace, e.g. `wmo301` or `jw301`.
    pub fn message_prefix(self, kind: MessageKind) -> String {
        format!("{}{}", self.message_stem(), kind.number())
    }
    /// Namespace of a message, e.g. `http://www.istandaarden.nl/iwmo/3_2/wmo301/schema`.
    pub fn message_namespace(self, kind: MessageKind) -> String {
        format!(
            "http://www.istandaarden.nl/{}/3_2/{}/schema",
            self.base_prefix(),
            self.message_prefix(kind)
        )
    }
    /// File name stem of the message's XSD and of its examples: `WMO301`, `JW301`.
    pub fn schema_name(self, kind: MessageKind) -> String {
        self.message_prefix(kind).to_uppercase()
    }
}

/// The message types of release 3.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// 301 Toewijzing (allocation)
    M301,
    /// 302 return message of 301
    M302,
    /// 305 Start zorg (start of care)
    M305,
    /// 306 return message of 305
    M306,
    /// 307 Stop zorg (end of care)
    M307,
    /// 308 return message of 307
    M308,
    /// 315 Verzoek om toewijzing (request for allocation)
    M315,
    /// 316 return message of 315
    M316,
    /// 317 Verzoek om wijziging (request for change)
    M317,
    /// 318 return message of 317
    M318,
    /// 319 Antwoordbericht (answer to 315/317)
    M319,
    /// 320 return message of 319
    M320,
    /// 323 Declaratie (claim)
    M323,
    /// 325 Declaratie-antwoord (answer to a claim)
    M325,
}

impl MessageKind {
    /// All kinds, in number order.
    pub const ALL: [MessageKind; 14] = [
        MessageKind::M301,
        MessageKind::M302,
        MessageKind::M305,
        MessageKind::M306,
        MessageKind::M307,
        MessageKind::M308,
        MessageKind::M315,
        MessageKind::M316,
        MessageKind::M317,
        MessageKind::M318,
        MessageKind::M319,
        MessageKind::M320,
        MessageKind::M323,
        MessageKind::M325,
    ];

    /// The message number, e.g. 301.
    pub fn number(self) -> u16 {
        match self {
            MessageKind::M301 => 301,
            MessageKind::M302 => 302,
            MessageKind::M305 => 305,
            MessageKind::M306 => 306,
            MessageKind::M307 => 307,
            MessageKind::M308 => 308,
            MessageKind::M315 => 315,
            MessageKind::M316 => 316,
            MessageKind::M317 => 317,
            MessageKind::M318 => 318,
            MessageKind::M319 => 319,
            MessageKind::M320 => 320,
            MessageKind::M323 => 323,
            MessageKind::M325 => 325,
        }
    }

    /// From a message number.
    pub fn from_number(n: u16) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.number() == n)
    }

    /// `BerichtCode` of this message in a standard (COD002).
    pub fn message_code(self, standard: Standard) -> &'static str {
        use MessageKind::*;
        match (standard, self) {
            (Standard::Wmo, M301) => "414",
            (Standard::Wmo, M302) => "415",
            (Standard::Wmo, M305) => "418",
            (Standard::Wmo, M306) => "419",
            (Standard::Wmo, M307) => "420",
            (Standard::Wmo, M308) => "421",
            (Standard::Wmo, M315) => "444",
            (Standard::Wmo, M316) => "445",
            (Standard::Wmo, M317) => "480",
            (Standard::Wmo, M318) => "481",
            (Standard::Wmo, M319) => "482",
            (Standard::Wmo, M320) => "483",
            (Standard::Wmo, M323) => "484",
            (Standard::Wmo, M325) => "485",
            (Standard::Jeugdwet, M301) => "436",
            (Standard::Jeugdwet, M302) => "437",
            (Standard::Jeugdwet, M305) => "438",
            (Standard::Jeugdwet, M306) => "439",
            (Standard::Jeugdwet, M307) => "440",
            (Standard::Jeugdwet, M308) => "441",
            (Standard::Jeugdwet, M315) => "446",
            (Standard::Jeugdwet, M316) => "447",
            (Standard::Jeugdwet, M317) => "486",
            (Standard::Jeugdwet, M318) => "487",
            (Standard::Jeugdwet, M319) => "488",
            (Standard::Jeugdwet, M320) => "489",
            (Standard::Jeugdwet, M323) => "490",
            (Standard::Jeugdwet, M325) => "491",
        }
    }

    /// Whether this is an answer to another message (302 … 320 and 325).
    pub fn is_reply(self) -> bool {
        use MessageKind::*;
        matches!(self, M302 | M306 | M308 | M316 | M318 | M320 | M325)
    }

    /// The return message for an incoming message (301 → 302 … 323 → 325).
    pub fn reply_kind(self) -> Option<MessageKind> {
        use MessageKind::*;
        match self {
            M301 => Some(M302),
            M305 => Some(M306),
            M307 => Some(M308),
            M315 => Some(M316),
            M317 => Some(M318),
            M319 => Some(M320),
            M323 => Some(M325),
            _ => None,
        }
    }

    /// Whether `Afzender` is a municipality (4 digits) rather than a provider
    /// (AGB code, 8 digits). Return messages keep the sender of the message
    /// they answer; 325 is sent by the municipality.
    pub fn sender_is_municipality(self) -> bool {
        use MessageKind::*;
        matches!(self, M301 | M302 | M319 | M320 | M325)
    }
}

/// `Header` of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `Afzender`: municipality code (4 digits) or AGB code (8 digits), see
    /// [`MessageKind::sender_is_municipality`]
    pub sender: String,
    /// `Ontvanger`: the other one of the two
    pub receiver: String,
    /// `BerichtIdentificatie/Identificatie`
    pub message_id: String,
    /// `BerichtIdentificatie/Dagtekening`
    pub date: NaiveDate,
    /// `XsdVersie`
    pub xsd_version: XsdVersion,
}

/// `Header` of a return message: the own header plus the reference to the
/// message it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyHeader {
    /// `BerichtCode` … `XsdVersie`
    pub header: Header,
    /// `IdentificatieRetour` (325: `DeclaratieIdentificatie/Identificatie`)
    pub original_id: String,
    /// `DagtekeningRetour` (325: `DeclaratieIdentificatie/Dagtekening`)
    pub original_date: NaiveDate,
    /// `XsltVersie`
    pub xslt_version: Option<String>,
    /// `XsdVersieRetour` (325: `XsdVersieDeclaratie`)
    pub original_xsd_version: XsdVersion,
    /// `RetourCodes/RetourCode` (302 … 320: optional, empty = absent; 325: at least one)
    pub return_codes: Vec<String>,
}

macro_rules! message_pair {
    ($(#[$m1:meta])* $out:ident, $(#[$m2:meta])* $ret:ident, $elem:literal, $field:ident : $body:ty) => {
        $(#[$m1])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $out {
            /// iWmo or iJw (root namespace)
            pub standard: Standard,
            /// `Header`
            pub header: Header,
            #[doc = concat!("`", $elem, "`")]
            pub $field: $body,
        }

        $(#[$m2])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $ret {
            /// iWmo or iJw (root namespace)
            pub standard: Standard,
            /// `Header`
            pub header: ReplyHeader,
            #[doc = concat!("`", $elem, "` (absent when the whole message was refused)")]
            pub $field: Option<$body>,
        }
    };
}

message_pair!(
    /// 301: allocation of care to a provider.
    Allocation,
    /// 302: return message of 301.
    AllocationReply,
    "Client", client: AllocationClient
);
message_pair!(
    /// 305: start of care.
    StartCare,
    /// 306: return message of 305.
    StartCareReply,
    "Client", client: StartClient
);
message_pair!(
    /// 307: end of care.
    StopCare,
    /// 308: return message of 307.
    StopCareReply,
    "Client", client: StopClient
);
message_pair!(
    /// 315: request for allocation.
    AllocationRequest,
    /// 316: return message of 315.
    AllocationRequestReply,
    "Client", client: RequestClient
);
message_pair!(
    /// 317: request for change.
    ChangeRequest,
    /// 318: return message of 317.
    ChangeRequestReply,
    "Client", client: ChangeClient
);
message_pair!(
    /// 319: answer to a request (315/317).
    RequestAnswer,
    /// 320: return message of 319.
    RequestAnswerReply,
    "Antwoord", answer: Answer
);
/// 323: claim (`Declaratie`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// iWmo or iJw (root namespace)
    pub standard: Standard,
    /// `Header`
    pub header: Header,
    /// `Declaratie`
    pub claim: ClaimBody,
}

/// Any message of release 3.2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// 301
    Allocation(Allocation),
    /// 302
    AllocationReply(AllocationReply),
    /// 305
    StartCare(StartCare),
    /// 306
    StartCareReply(StartCareReply),
    /// 307
    StopCare(StopCare),
    /// 308
    StopCareReply(StopCareReply),
    /// 315
    AllocationRequest(AllocationRequest),
    /// 316
    AllocationRequestReply(AllocationRequestReply),
    /// 317
    ChangeRequest(ChangeRequest),
    /// 318
    ChangeRequestReply(ChangeRequestReply),
    /// 319
    RequestAnswer(RequestAnswer),
    /// 320
    RequestAnswerReply(RequestAnswerReply),
    /// 323
    Claim(Claim),
    /// 325
    ClaimAnswer(ClaimAnswerMessage),
}

/// 325: answer to a claim (`DeclaratieAntwoord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAnswerMessage {
    /// iWmo or iJw (root namespace)
    pub standard: Standard,
    /// `Header`
    pub header: ReplyHeader,
    /// `DeclaratieAntwoord` (absent when the whole claim was refused)
    pub answer: Option<ClaimAnswerBody>,
}

impl Message {
    /// iWmo or iJw.
    pub fn standard(&self) -> Standard {
        match self {
            Message::Allocation(m) => m.standard,
            Message::AllocationReply(m) => m.standard,
            Message::StartCare(m) => m.standard,
            Message::StartCareReply(m) => m.standard,
            Message::StopCare(m) => m.standard,
            Message::StopCareReply(m) => m.standard,
            Message::AllocationRequest(m) => m.standard,
            Message::AllocationRequestReply(m) => m.standard,
            Message::ChangeRequest(m) => m.standard,
            Message::ChangeRequestReply(m) => m.standard,
            Message::RequestAnswer(m) => m.standard,
            Message::RequestAnswerReply(m) => m.standard,
            Message::Claim(m) => m.standard,
            Message::ClaimAnswer(m) => m.standard,
        }
    }

    /// The message type.
    pub fn kind(&self) -> MessageKind {
        use MessageKind::*;
        match self {
            Message::Allocation(_) => M301,
            Message::AllocationReply(_) => M302,
            Message::StartCare(_) => M305,
            Message::StartCareReply(_) => M306,
            Message::StopCare(_) => M307,
            Message::StopCareReply(_) => M308,
            Message::AllocationRequest(_) => M315,
            Message::AllocationRequestReply(_) => M316,
            Message::ChangeRequest(_) => M317,
            Message::ChangeRequestReply(_) => M318,
            Message::RequestAnswer(_) => M319,
            Message::RequestAnswerReply(_) => M320,
            Message::Claim(_) => M323,
            Message::ClaimAnswer(_) => M325,
        }
    }

    /// The own header (for return messages without the reference to the original).
    pub fn header(&self) -> &Header {
        match self.reply_header() {
            Some(r) => &r.header,
            None => match self {
                Message::Allocation(m) => &m.header,
                Message::StartCare(m) => &m.header,
                Message::StopCare(m) => &m.header,
                Message::AllocationRequest(m) => &m.header,
                Message::ChangeRequest(m) => &m.header,
                Message::RequestAnswer(m) => &m.header,
                Message::Claim(m) => &m.header,
                Message::AllocationReply(m) => &m.header.header,
                Message::StartCareReply(m) => &m.header.header,
                Message::StopCareReply(m) => &m.header.header,
                Message::AllocationRequestReply(m) => &m.header.header,
                Message::ChangeRequestReply(m) => &m.header.header,
                Message::RequestAnswerReply(m) => &m.header.header,
                Message::ClaimAnswer(m) => &m.header.header,
            },
        }
    }

    /// The header of a return message, with the reference to the original.
    pub fn reply_header(&self) -> Option<&ReplyHeader> {
        match self {
            Message::AllocationReply(m) => Some(&m.header),
            Message::StartCareReply(m) => Some(&m.header),
            Message::StopCareReply(m) => Some(&m.header),
            Message::AllocationRequestReply(m) => Some(&m.header),
            Message::ChangeRequestReply(m) => Some(&m.header),
            Message::RequestAnswerReply(m) => Some(&m.header),
            Message::ClaimAnswer(m) => Some(&m.header),
            _ => None,
        }
    }
}

/// Why a message could not be read. `Display` gives one Dutch sentence for a
/// contract manager, e.g. `regel 12, element Client/Bsn: "12345" is geen
/// geldige BSN (9 cijfers)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Line in the file (1-based), where known.
    pub line: Option<usize>,
    /// Element path below the root, e.g. `Client/ToegewezenProducten/ToegewezenProduct/Einddatum`.
    pub path: Option<String>,
    /// What is wrong, in Dutch.
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.line, &self.path) {
            (Some(l), Some(p)) => write!(f, "regel {l}, element {p}: {}", self.message),
            (Some(l), None) => write!(f, "regel {l}: {}", self.message),
            (None, Some(p)) => write!(f, "element {p}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ReadError {}

fn identify(ns: Option<&str>) -> Option<(Standard, MessageKind)> {
    let ns = ns?;
    for standard in [Standard::Wmo, Standard::Jeugdwet] {
        for kind in MessageKind::ALL {
            if standard.message_namespace(kind) == ns {
                return Some((standard, kind));
            }
        }
    }
    None
}

/// Reads one iWmo or iJw 3.2 message. Strict: see the module documentation.
pub fn read(xml: &[u8]) -> Result<Message, ReadError> {
    let root = xml::parse(xml)?;
    let Some((standard, kind)) = identify(root.ns.as_deref()) else {
        return Err(ReadError {
            line: Some(root.line),
            path: Some(root.name.clone()),
            message: format!(
                "dit is geen iWmo- of iJw-bericht van release 3.2 (onbekende namespace {})",
                root.ns.as_deref().unwrap_or("(geen)")
            ),
        });
    };
    if root.name != "Bericht" {
        return Err(ReadError {
            line: Some(root.line),
            path: Some(root.name.clone()),
            message: "het hoofdelement moet Bericht heten".to_string(),
        });
    }
    let cx = Cx {
        standard,
        msg_ns: standard.message_namespace(kind),
        base_ns: standard.base_namespace(),
        retour: kind.is_reply(),
    };
    let el = El {
        node: &root,
        path: String::new(),
        cx: &cx,
    };
    let mut c = el.cur()?;
    use MessageKind::*;
    let msg = if kind.is_reply() {
        let header = c.m("Header", |e| read_reply_header(e, kind))?;
        match kind {
            M302 => Message::AllocationReply(AllocationReply {
                standard,
                header,
                client: c.om("Client", AllocationClient::read)?,
            }),
            M306 => Message::StartCareReply(StartCareReply {
                standard,
                header,
                client: c.om("Client", StartClient::read)?,
            }),
            M308 => Message::StopCareReply(StopCareReply {
                standard,
                header,
                client: c.om("Client", StopClient::read)?,
            }),
            M316 => Message::AllocationRequestReply(AllocationRequestReply {
                standard,
                header,
                client: c.om("Client", RequestClient::read)?,
            }),
            M318 => Message::ChangeRequestReply(ChangeRequestReply {
                standard,
                header,
                client: c.om("Client", ChangeClient::read)?,
            }),
            M320 => Message::RequestAnswerReply(RequestAnswerReply {
                standard,
                header,
                answer: c.om("Antwoord", Answer::read)?,
            }),
            _ => Message::ClaimAnswer(ClaimAnswerMessage {
                standard,
                header,
                answer: c.om("DeclaratieAntwoord", ClaimAnswerBody::read)?,
            }),
        }
    } else {
        let header = c.m("Header", |e| read_header(e, kind))?;
        match kind {
            M301 => Message::Allocation(Allocation {
                standard,
                header,
                client: c.m("Client", AllocationClient::read)?,
            }),
            M305 => Message::StartCare(StartCare {
                standard,
                header,
                client: c.m("Client", StartClient::read)?,
            }),
            M307 => Message::StopCare(StopCare {
                standard,
                header,
                client: c.m("Client", StopClient::read)?,
            }),
            M315 => Message::AllocationRequest(AllocationRequest {
                standard,
                header,
                client: c.m("Client", RequestClient::read)?,
            }),
            M317 => Message::ChangeRequest(ChangeRequest {
                standard,
                header,
                client: c.m("Client", ChangeClient::read)?,
            }),
            M319 => Message::RequestAnswer(RequestAnswer {
                standard,
                header,
                answer: c.m("Antwoord", Answer::read)?,
            }),
            _ => Message::Claim(Claim {
                standard,
                header,
                claim: c.m("Declaratie", ClaimBody::read)?,
            }),
        }
    };
    c.end()?;
    Ok(msg)
}

/// Reads the common part of a header and leaves the cursor after `XsdVersie`.
fn read_header_start(c: &mut xml::Cur, kind: MessageKind) -> R<Header> {
    let standard = c.cx().standard;
    let code = kind.message_code(standard);
    c.m("BerichtCode", |e| {
        let v = e.raw()?;
        if v != code {
            return Err(e.err(format!(
                "berichtcode \"{v}\" past niet bij dit bericht (verwacht {code})"
            )));
        }
        Ok(())
    })?;
    c.m("BerichtVersie", |e| {
        if e.int(0, 99)? != 3 {
            return Err(e.err("alleen release 3.2 wordt gelezen (BerichtVersie 3)"));
        }
        Ok(())
    })?;
    c.m("BerichtSubversie", |e| {
        if e.int(0, 99)? != 2 {
            return Err(e.err("alleen release 3.2 wordt gelezen (BerichtSubversie 2)"));
        }
        Ok(())
    })?;
    let muni = kind.sender_is_municipality();
    let party = |e: &El, is_muni: bool| if is_muni { e.municipality() } else { e.agb() };
    let sender = c.m("Afzender", |e| party(e, muni))?;
    let receiver = c.m("Ontvanger", |e| party(e, !muni))?;
    let (message_id, date) = c.m("BerichtIdentificatie", read_identification)?;
    let xsd_version = c.m("XsdVersie", XsdVersion::read)?;
    Ok(Header {
        sender,
        receiver,
        message_id,
        date,
        xsd_version,
    })
}

fn read_identification(e: &El) -> R<(String, NaiveDate)> {
    let mut c = e.cur()?;
    let id = c.b("Identificatie", |e| e.text(12))?;
    let date = c.b("Dagtekening", El::date)?;
    c.end()?;
    Ok((id, date))
}

fn read_header(e: &El, kind: MessageKind) -> R<Header> {
    let mut c = e.cur()?;
    let h = read_header_start(&mut c, kind)?;
    c.end()?;
    Ok(h)
}

fn read_reply_header(e: &El, kind: MessageKind) -> R<ReplyHeader> {
    let mut c = e.cur()?;
    let header = read_header_start(&mut c, kind)?;
    let claim = kind == MessageKind::M325;
    let (original_id, original_date) = if claim {
        c.m("DeclaratieIdentificatie", read_identification)?
    } else {
        (
            c.m("IdentificatieRetour", |e| e.text(12))?,
            c.m("DagtekeningRetour", El::date)?,
        )
    };
    let xslt_version = c.om("XsltVersie", El::version)?;
    let original_xsd_version = c.m(
        if claim {
            "XsdVersieDeclaratie"
        } else {
            "XsdVersieRetour"
        },
        XsdVersion::read,
    )?;
    let return_codes = if claim {
        c.rc()?
    } else {
        c.olist("RetourCodes", "RetourCode", |e| {
            e.code(codes::RETOUR_CODE, "RetourCode (WJ001)")
        })?
    };
    c.end()?;
    Ok(ReplyHeader {
        header,
        original_id,
        original_date,
        xslt_version,
        original_xsd_version,
        return_codes,
    })
}

fn write_header(w: &mut W, standard: Standard, kind: MessageKind, h: &Header) {
    w.m("BerichtCode", kind.message_code(standard));
    w.m("BerichtVersie", "3");
    w.m("BerichtSubversie", "2");
    w.m("Afzender", &h.sender);
    w.m("Ontvanger", &h.receiver);
    w.em("BerichtIdentificatie", |w| {
        w.b("Identificatie", &h.message_id);
        w.b("Dagtekening", h.date);
    });
    w.em("XsdVersie", |w| h.xsd_version.write(w));
}

fn write_reply_header(w: &mut W, standard: Standard, kind: MessageKind, h: &ReplyHeader) {
    write_header(w, standard, kind, &h.header);
    if kind == MessageKind::M325 {
        w.em("DeclaratieIdentificatie", |w| {
            w.b("Identificatie", &h.original_id);
            w.b("Dagtekening", h.original_date);
        });
        w.om("XsltVersie", &h.xslt_version);
        w.em("XsdVersieDeclaratie", |w| h.original_xsd_version.write(w));
        w.codes(&h.return_codes);
    } else {
        w.m("IdentificatieRetour", &h.original_id);
        w.m("DagtekeningRetour", h.original_date);
        w.om("XsltVersie", &h.xslt_version);
        w.em("XsdVersieRetour", |w| h.original_xsd_version.write(w));
        if !h.return_codes.is_empty() {
            w.codes(&h.return_codes);
        }
    }
}

/// Writes a message as UTF-8 XML (declaration, namespaces, schema order,
/// tab indentation).
pub fn write(msg: &Message) -> String {
    let standard = msg.standard();
    let kind = msg.kind();
    let prefix = standard.message_prefix(kind);
    let attrs = format!(
        "xmlns:{}=\"{}\" xmlns:{}=\"{}\"",
        standard.base_prefix(),
        standard.base_namespace(),
        prefix,
        standard.message_namespace(kind)
    );
    let mut w = W::new(prefix, standard.base_prefix(), kind.is_reply());
    w.root("Bericht", &attrs, |w| {
        let hdr = |w: &mut W, h: &Header| w.em("Header", |w| write_header(w, standard, kind, h));
        let rhdr = |w: &mut W, h: &ReplyHeader| {
            w.em("Header", |w| write_reply_header(w, standard, kind, h))
        };
        match msg {
            Message::Allocation(m) => {
                hdr(w, &m.header);
                w.em("Client", |w| m.client.write(w));
            }
            Message::AllocationReply(m) => {
                rhdr(w, &m.header);
                if let Some(c) = &m.client {
                    w.em("Client", |w| c.write(w));
                }
            }
            Message::StartCare(m) => {
                hdr(w, &m.header);
                w.em("Client", |w| m.client.write(w));
            }
            Message::StartCareReply(m) => {
                rhdr(w, &m.header);
                if let Some(c) = &m.client {
                    w.em("Client", |w| c.write(w));
                }
            }
            Message::StopCare(m) => {
                hdr(w, &m.header);
                w.em("Client", |w| m.client.write(w));
            }
            Message::StopCareReply(m) => {
                rhdr(w, &m.header);
                if let Some(c) = &m.client {
                    w.em("Client", |w| c.write(w));
                }
            }
            Message::AllocationRequest(m) => {
                hdr(w, &m.header);
                w.em("Client", |w| m.client.write(w, standard));
            }
            Message::AllocationRequestReply(m) => {
                rhdr(w, &m.header);
                if let Some(c) = &m.client {
                    w.em("Client", |w| c.write(w, standard));
                }
            }
            Message::ChangeRequest(m) => {
                hdr(w, &m.header);
                w.em("Client", |w| m.client.write(w));
            }
            Message::ChangeRequestReply(m) => {
                rhdr(w, &m.header);
                if let Some(c) = &m.client {
                    w.em("Client", |w| c.write(w));
                }
            }
            Message::RequestAnswer(m) => {
                hdr(w, &m.header);
                w.em("Antwoord", |w| m.answer.write(w, standard));
            }
            Message::RequestAnswerReply(m) => {
                rhdr(w, &m.header);
                if let Some(a) = &m.answer {
                    w.em("Antwoord", |w| a.write(w, standard));
                }
            }
            Message::Claim(m) => {
                hdr(w, &m.header);
                w.em("Declaratie", |w| m.claim.write(w));
            }
            Message::ClaimAnswer(m) => {
                rhdr(w, &m.header);
                if let Some(a) = &m.answer {
                    w.em("DeclaratieAntwoord", |w| a.write(w));
                }
            }
        }
    });
    w.finish()
}

/// Writes a message and reads it back: an error means a field value breaks
/// the schema (e.g. a BSN that is not 9 digits, an empty return-code list in
/// a return message) and the text must not be sent.
pub fn write_checked(msg: &Message) -> Result<String, ReadError> {
    let xml = write(msg);
    read(xml.as_bytes())?;
    Ok(xml)
}
