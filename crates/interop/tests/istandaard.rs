//! iWmo / iJw 3.2 codec: examples, strictness, round trip, schema validity
//! (xmllint) and return messages. Uses only `testdata/istandaarden-3.2`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code may fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use kompas_interop::istandaard::{
    read, reply, write, write_checked, DebitCredit, Message, MessageKind, Standard, XsdVersion,
};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/istandaarden-3.2")
}

fn dir(standard: Standard) -> &'static str {
    match standard {
        Standard::Wmo => "iwmo",
        Standard::Jeugdwet => "ijw",
    }
}

fn example_path(standard: Standard, kind: MessageKind) -> PathBuf {
    testdata()
        .join(dir(standard))
        .join("berichten")
        .join(format!("{}.xml", standard.schema_name(kind)))
}

fn xsd_path(standard: Standard, kind: MessageKind) -> PathBuf {
    testdata()
        .join(dir(standard))
        .join("xsd")
        .join(format!("{}.xsd", standard.schema_name(kind)))
}

const BAD_EXAMPLES: [&str; 2] = ["JW315", "JW318"];

/// Every example file that exists, with its standard and kind.
fn examples() -> Vec<(Standard, MessageKind, PathBuf)> {
    let mut out = Vec::new();
    for standard in [Standard::Wmo, Standard::Jeugdwet] {
        for kind in MessageKind::ALL {
            let p = example_path(standard, kind);
            if p.exists() {
                out.push((standard, kind, p));
            }
        }
    }
    out
}

fn valid_examples() -> Vec<(Standard, MessageKind, PathBuf)> {
    examples()
        .into_iter()
        .filter(|(s, k, _)| !BAD_EXAMPLES.contains(&s.schema_name(*k).as_str()))
        .collect()
}

fn load(standard: Standard, kind: MessageKind) -> Message {
    let p = example_path(standard, kind);
    let bytes = std::fs::read(&p).expect("example present");
    match read(&bytes) {
        Ok(m) => m,
        Err(e) => panic!("{}: {e}", p.display()),
    }
}

fn xmllint_validate(xml: &str, standard: Standard, kind: MessageKind, label: &str) {
    let probe = Command::new("xmllint").arg("--version").output();
    assert!(
        probe.is_ok(),
        "xmllint is not installed: install libxml2-utils (apt-get install libxml2-utils) to run the schema tests"
    );
    let dir = std::env::temp_dir().join(format!("kompas-istandaard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{label}.xml"));
    std::fs::write(&file, xml).expect("write temp file");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd_path(standard, kind))
        .arg(&file)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "{label} does not validate against {}:\n{}\n{xml}",
        xsd_path(standard, kind).display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&file);
}

#[test]
fn every_example_is_found() {
    assert_eq!(examples().len(), 7 + 14);
}

#[test]
fn valid_examples_are_read_with_standard_and_kind() {
    for (standard, kind, p) in valid_examples() {
        let m = read(&std::fs::read(&p).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(m.standard(), standard, "{}", p.display());
        assert_eq!(m.kind(), kind, "{}", p.display());
        assert_eq!(m.reply_header().is_some(), kind.is_reply());
    }
}

#[test]
fn round_trip_equals_and_validates() {
    for (standard, kind, p) in valid_examples() {
        let first = read(&std::fs::read(&p).expect("read")).expect("valid example");
        let xml = write(&first);
        let second =
            read(xml.as_bytes()).unwrap_or_else(|e| panic!("re-read {}: {e}\n{xml}", p.display()));
        assert_eq!(first, second, "{}", p.display());
        xmllint_validate(
            &xml,
            standard,
            kind,
            &format!("roundtrip-{}", standard.schema_name(kind)),
        );
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn wmo301_fields() {
    let Message::Allocation(m) = load(Standard::Wmo, MessageKind::M301) else {
        panic!("not a 301")
    };
    let h = &m.header;
    assert_eq!(h.sender, "0384");
    assert_eq!(h.receiver, "42420001");
    assert_eq!(h.message_id, "123456789012");
    assert_eq!(h.date, d(2023, 8, 13));
    assert_eq!(h.xsd_version, XsdVersion::release_3_2());
    let c = &m.client;
    assert_eq!(c.bsn, "999900006");
    assert_eq!(c.birth_date.date, d(1967, 8, 13));
    assert_eq!(c.birth_date.date_usage, None);
    assert_eq!(c.gender, "1");
    assert_eq!(c.name.family_name.surname, "Wit");
    assert_eq!(c.name.family_name.prefix.as_deref(), Some("de"));
    let partner = c.name.partner_name.as_ref().expect("partner name");
    assert_eq!(partner.surname, "Jansen");
    assert_eq!(partner.prefix.as_deref(), Some("van"));
    assert_eq!(c.name.given_names.as_deref(), Some("Tim"));
    assert_eq!(c.name.initials.as_deref(), Some("T"));
    assert_eq!(c.name.name_usage, "4");
    let comm = c.communication.as_ref().expect("communication");
    assert_eq!(
        (comm.form.as_str(), comm.language.as_deref()),
        ("1", Some("Deens"))
    );
    assert_eq!(c.legal_status.as_deref(), Some("02"));
    assert_eq!(c.legal_representation.as_deref(), Some("06"));
    assert_eq!(c.comment.as_deref(), Some("Client commentaar"));
    assert_eq!(c.relations.len(), 2);
    let r = &c.relations[0];
    assert_eq!(
        (r.number.as_str(), r.order, r.kind.as_str()),
        ("1", Some(1), "03")
    );
    assert_eq!(r.birth_date.as_ref().map(|b| b.date), Some(d(1967, 1, 13)));
    assert_eq!(r.gender.as_deref(), Some("0"));
    assert_eq!(r.name.given_names.as_deref(), Some("Jan"));
    let a = r.contact.address.as_ref().expect("address");
    let house = a.house.as_ref().expect("house");
    assert_eq!(house.number, 10);
    assert_eq!(house.letter.as_deref(), Some("A"));
    assert_eq!(house.addition.as_deref(), Some("BEL"));
    assert_eq!(house.location_indication.as_deref(), Some("AB"));
    assert_eq!(a.postcode.as_deref(), Some("9999XX"));
    assert_eq!(a.street.as_deref(), Some("straat"));
    assert_eq!(a.city.as_deref(), Some("plaats"));
    assert_eq!(a.country_code.as_deref(), Some("AD"));
    assert_eq!(r.contact.organisation.as_deref(), Some("THuis"));
    let phones = r.contact.phone.as_ref().expect("phones");
    assert_eq!(phones.first.number, "0101234567");
    assert_eq!(phones.first.country_prefix, "0031");
    assert_eq!(
        phones.second.as_ref().map(|p| p.number.as_str()),
        Some("0201234567")
    );
    assert_eq!(r.contact.email.as_deref(), Some("a@b.com"));
    assert!(r.contact.return_codes.is_empty());
    assert_eq!(c.relations[1].name.family_name.surname, "Mentor");
    assert_eq!(c.contacts.len(), 1);
    assert_eq!(c.contacts[0].email.as_deref(), Some("1@er.com"));
    assert_eq!(c.contacts[0].phone, None);
    assert_eq!(c.products.len(), 1);
    let p = &c.products[0];
    assert_eq!(p.allocation_number, 101);
    assert_eq!(p.provider_reference.as_deref(), Some("42420002"));
    let prod = p.product.as_ref().expect("product");
    assert_eq!(
        (prod.category.as_str(), prod.code.as_deref()),
        ("01", Some("01A01"))
    );
    assert_eq!(p.allocation_date, d(2023, 8, 13));
    assert_eq!(
        p.allocation_time,
        NaiveTime::from_hms_opt(12, 34, 56).expect("time")
    );
    assert_eq!(p.start_date, d(2023, 1, 1));
    assert_eq!(p.end_date, Some(d(2023, 12, 31)));
    assert_eq!(p.change_reason, None);
    let e = p.extent.as_ref().expect("extent");
    assert_eq!(
        (e.volume, e.unit.as_str(), e.frequency.as_str()),
        (10, "01", "1")
    );
    assert_eq!(p.budget, None);
    assert!(p
        .comment
        .as_deref()
        .is_some_and(|t| t.starts_with("Toegewezen product 1")));
    assert!(c.return_codes.is_empty());
}

#[test]
fn jw305_fields() {
    let Message::StartCare(m) = load(Standard::Jeugdwet, MessageKind::M305) else {
        panic!("not a 305")
    };
    assert_eq!(m.standard, Standard::Jeugdwet);
    assert_eq!(m.header.sender, "65656055");
    assert_eq!(m.header.receiver, "0363");
    assert_eq!(m.header.date, d(2026, 4, 15));
    let c = &m.client;
    assert_eq!(c.bsn, "999900006");
    assert_eq!(c.birth_date.date, d(2010, 2, 14));
    assert_eq!(c.name.family_name.surname, "Wit");
    assert_eq!(c.name.given_names.as_deref(), Some("Tom"));
    assert_eq!(c.products.len(), 2);
    let p = &c.products[0];
    assert_eq!(p.allocation_number, Some(300201));
    assert_eq!(p.product.as_ref().map(|x| x.category.as_str()), Some("55"));
    assert_eq!(
        p.product.as_ref().and_then(|x| x.code.as_deref()),
        Some("55A11")
    );
    assert_eq!(p.allocation_start_date, Some(d(2026, 4, 1)));
    assert_eq!(p.start_date, d(2026, 4, 3));
    assert_eq!(p.delivery_status, "1");
    assert_eq!(c.products[1].start_date, d(2026, 4, 15));
}

#[test]
fn wmo323_fields() {
    let Message::Claim(m) = load(Standard::Wmo, MessageKind::M323) else {
        panic!("not a 323")
    };
    assert_eq!(m.header.sender, "65656055");
    assert_eq!(m.header.receiver, "0384");
    assert_eq!(m.header.message_id, "765432198");
    let c = &m.claim;
    assert_eq!(c.claim_number, "DN001");
    assert_eq!(
        (c.period.start, c.period.end),
        (d(2023, 4, 1), d(2023, 4, 30))
    );
    assert_eq!(c.claim_date, d(2023, 5, 6));
    assert_eq!(c.total_submitted.cents, 58000);
    assert_eq!(c.total_submitted.debit_credit, DebitCredit::Debit);
    assert_eq!(c.clients.len(), 2);
    assert_eq!(c.clients[0].bsn, "999900006");
    assert_eq!(c.clients[1].bsn, "999900018");
    let l = &c.clients[0].lines[0];
    assert_eq!(l.reference.number, "RN001");
    assert_eq!(l.reference.previous_number, None);
    assert_eq!(l.allocation_number, 20072);
    assert_eq!(
        (l.product_category.as_str(), l.product_code.as_str()),
        ("01", "01A03")
    );
    assert_eq!(
        (l.period.start, l.period.end),
        (d(2023, 4, 1), d(2023, 4, 30))
    );
    assert_eq!((l.volume, l.unit.as_str(), l.rate), (4, "04", Some(1250)));
    assert_eq!(l.submitted.cents, 5000);
    let sum: i64 = c
        .clients
        .iter()
        .flat_map(|c| &c.lines)
        .map(|l| l.submitted.signed())
        .sum();
    assert_eq!(sum, c.total_submitted.signed());
    let last = &c.clients[1].lines[1];
    assert_eq!(
        (last.reference.number.as_str(), last.volume, last.rate),
        ("RN004", 16, Some(1500))
    );
    assert_eq!(last.submitted.cents, 24000);
}

#[test]
fn jw325_fields() {
    let Message::ClaimAnswer(m) = load(Standard::Jeugdwet, MessageKind::M325) else {
        panic!("not a 325")
    };
    let h = &m.header;
    assert_eq!(h.header.sender, "0384");
    assert_eq!(h.header.receiver, "65656055");
    assert_eq!(h.header.message_id, "654321987");
    assert_eq!(h.original_id, "765432198");
    assert_eq!(h.original_date, d(2023, 5, 7));
    assert_eq!(h.xslt_version.as_deref(), Some("1.0.0"));
    assert_eq!(h.return_codes, vec!["0200"]);
    let a = m.answer.as_ref().expect("answer");
    assert_eq!(a.claim_number, "DN001");
    assert_eq!(a.total_submitted.cents, 58000);
    assert_eq!(a.total_submitted.debit_credit, DebitCredit::Credit);
    assert_eq!(a.total_awarded.cents, 34000);
    assert_eq!(a.return_codes, vec!["0200"]);
    assert_eq!(a.clients.len(), 2);
    let c = &a.clients[0];
    assert_eq!(c.bsn, "999900006");
    assert_eq!(c.return_codes, vec!["0200"]);
    assert_eq!(c.lines.len(), 2);
    assert_eq!(
        c.lines[0].reference.previous_number.as_deref(),
        Some("RT001")
    );
    assert_eq!(c.lines[0].return_codes, vec!["0611"]);
    assert_eq!(c.lines[1].return_codes, vec!["9339", "9340", "9341"]);
    assert_eq!(c.lines[1].submitted.cents, 14000);
    assert_eq!(a.clients[1].lines[0].return_codes, vec!["9307"]);
}

#[test]
fn spot_checks_of_the_other_examples() {
    let Message::AllocationReply(m) = load(Standard::Jeugdwet, MessageKind::M302) else {
        panic!("302")
    };
    // The JW302 example refuses the whole message (8848): header only.
    assert_eq!(m.header.return_codes, vec!["8848"]);
    assert!(m.client.is_none());
    assert_eq!(m.header.header.sender.len(), 4);

    let Message::StopCare(m) = load(Standard::Wmo, MessageKind::M307) else {
        panic!("307")
    };
    assert!(!m.client.products.is_empty());
    assert!(m.client.products.iter().all(|p| p.end_date >= p.start_date));

    let Message::AllocationRequest(m) = load(Standard::Wmo, MessageKind::M315) else {
        panic!("315")
    };
    assert_eq!(m.client.custodian_known, None);
    assert!(!m.client.products[0].provider_reference.is_empty());

    let Message::ChangeRequest(m) = load(Standard::Jeugdwet, MessageKind::M317) else {
        panic!("317")
    };
    assert_eq!(m.client.bsn.len(), 9);
    let v = &m.client.request;
    assert!(!(v.unchanged.is_empty() && v.to_change.is_empty() && v.new_products.is_empty()));

    let Message::RequestAnswer(m) = load(Standard::Wmo, MessageKind::M319) else {
        panic!("319")
    };
    assert!(["1", "2"].contains(&m.answer.answer.as_str()));
    assert_eq!(m.answer.residence_principle, None);

    for kind in [
        MessageKind::M306,
        MessageKind::M308,
        MessageKind::M316,
        MessageKind::M320,
    ] {
        let m = load(Standard::Jeugdwet, kind);
        let h = m.reply_header().expect("reply header");
        assert!(!h.original_id.is_empty(), "{kind:?}");
        assert_eq!(
            m.header().sender.len() + m.header().receiver.len(),
            12,
            "{kind:?}"
        );
    }
}

fn read_err(xml: &str) -> String {
    match read(xml.as_bytes()) {
        Ok(m) => panic!("accepted: {m:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn known_bad_examples_are_refused_naming_the_element() {
    let bytes = std::fs::read(example_path(Standard::Jeugdwet, MessageKind::M315)).expect("JW315");
    let e = read(&bytes).expect_err("JW315 has 2027-06-31");
    assert_eq!(e.line, Some(44));
    assert_eq!(
        e.path.as_deref(),
        Some("Client/AangevraagdeProducten/AangevraagdProduct/ToewijzingEinddatum")
    );
    assert!(
        e.to_string()
            .contains("\"2027-06-31\" is geen geldige datum"),
        "{e}"
    );
    assert!(
        e.to_string().starts_with("regel 44, element Client/"),
        "{e}"
    );

    let bytes = std::fs::read(example_path(Standard::Jeugdwet, MessageKind::M318)).expect("JW318");
    let e = read(&bytes).expect_err("JW318 has RetourCode for RetourCodes");
    assert!(
        e.path.as_deref().is_some_and(|p| p.contains("RetourCode")),
        "{e}"
    );
    assert!(e.to_string().contains("RetourCode"), "{e}");
}

fn wmo301_text() -> String {
    std::fs::read_to_string(example_path(Standard::Wmo, MessageKind::M301)).expect("WMO301")
}

#[test]
fn wrong_values_are_refused_with_line_and_path() {
    let x = wmo301_text();
    let e = read_err(&x.replacen("<wmo301:Bsn>999900006<", "<wmo301:Bsn>12345<", 1));
    assert!(
        e.ends_with("element Client/Bsn: \"12345\" is geen geldige BSN (9 cijfers)"),
        "{e}"
    );
    assert!(e.starts_with("regel "), "{e}");
    let e = read_err(&x.replacen(
        "<wmo301:Ontvanger>42420001<",
        "<wmo301:Ontvanger>4242001<",
        1,
    ));
    assert!(
        e.contains("Header/Ontvanger") && e.contains("AGB-code (8 cijfers)"),
        "{e}"
    );
    let e = read_err(&x.replacen("<wmo301:Afzender>0384<", "<wmo301:Afzender>384<", 1));
    assert!(
        e.contains("Header/Afzender") && e.contains("gemeentecode (4 cijfers)"),
        "{e}"
    );
    let e = read_err(&x.replacen("<wmo301:Geslacht>1<", "<wmo301:Geslacht>7<", 1));
    assert!(
        e.contains("Client/Geslacht") && e.contains("geen geldige code"),
        "{e}"
    );
    let e = read_err(&x.replacen("<wmo301:BerichtCode>414<", "<wmo301:BerichtCode>436<", 1));
    assert!(e.contains("BerichtCode"), "{e}");
    let e = read_err(&x.replacen("<iwmo:Datum>1967-08-13<", "<iwmo:Datum>1967-02-30<", 1));
    assert!(
        e.contains("Client/Geboortedatum/Datum") && e.contains("geen geldige datum"),
        "{e}"
    );
    let e = read_err(&x.replacen(
        "<wmo301:Toewijzingstijd>12:34:56<",
        "<wmo301:Toewijzingstijd>25:00:00<",
        1,
    ));
    assert!(
        e.contains("Toewijzingstijd") && e.contains("geen geldige tijd"),
        "{e}"
    );
    let e = read_err(&x.replacen(
        "<iwmo:Postcode>9999XX<",
        "<iwmo:Postcode>9999 XX toolong<",
        1,
    ));
    assert!(e.contains("Postcode") && e.contains("te lang"), "{e}");
    let e = read_err(&x.replacen("<iwmo:Volume>10<", "<iwmo:Volume>-1<", 1));
    assert!(e.contains("Omvang/Volume"), "{e}");
    let e = read_err(&x.replacen("<iwmo:Categorie>01<", "<iwmo:Categorie>45<", 1));
    assert!(
        e.contains("Product/Categorie") && e.contains("WMO020"),
        "{e}"
    );
}

#[test]
fn unknown_misplaced_and_missing_elements_are_refused() {
    let x = wmo301_text();
    let e = read_err(&x.replacen(
        "<wmo301:Geslacht>",
        "<wmo301:Onbekend>1</wmo301:Onbekend><wmo301:Geslacht>",
        1,
    ));
    assert!(e.contains("Onbekend"), "{e}");
    // Bsn after Geboortedatum: misplaced.
    let bsn = "<wmo301:Bsn>999900006</wmo301:Bsn>";
    let moved = x.replacen(bsn, "", 1).replacen(
        "<wmo301:Geslacht>1<",
        &format!("{bsn}<wmo301:Geslacht>1<"),
        1,
    );
    let e = read_err(&moved);
    assert!(
        e.contains("element Client/Bsn")
            && e.contains("ontbreekt of staat niet op de goede plaats"),
        "{e}"
    );
    let e = read_err(&x.replacen(bsn, "", 1));
    assert!(e.contains("Client/Bsn"), "{e}");
    // An element in the wrong namespace.
    let e = read_err(&x.replacen(
        "<wmo301:Bsn>999900006</wmo301:Bsn>",
        "<iwmo:Bsn>999900006</iwmo:Bsn>",
        1,
    ));
    assert!(e.contains("Client/Bsn"), "{e}");
    // iJw-only element in an iWmo 315.
    let t =
        std::fs::read_to_string(example_path(Standard::Wmo, MessageKind::M315)).expect("WMO315");
    let naam_end = "</wmo315:Naam>";
    let e = read_err(&t.replacen(
        naam_end,
        &format!("{naam_end}<wmo315:GezagsdragerBekend>1</wmo315:GezagsdragerBekend>"),
        1,
    ));
    assert!(e.contains("GezagsdragerBekend"), "{e}");
    // Unknown namespace.
    let e = read_err(&x.replace("iwmo/3_2/wmo301", "iwmo/3_1/wmo301"));
    assert!(e.contains("geen iWmo- of iJw-bericht"), "{e}");
    // Text where elements belong, an attribute, DOCTYPE.
    let e = read_err(&x.replacen("<wmo301:Client>", "<wmo301:Client>tekst", 1));
    assert!(e.contains("Client"), "{e}");
    let e = read_err(&x.replacen("<wmo301:Client>", "<wmo301:Client id=\"1\">", 1));
    assert!(e.contains("attribuut"), "{e}");
}

#[test]
fn garbled_input_is_refused_without_panic() {
    for (_, _, p) in examples() {
        let bytes = std::fs::read(&p).expect("read");
        let trimmed = bytes.trim_ascii_end().len();
        let step = (trimmed / 400).max(1);
        for cut in (0..trimmed).step_by(step) {
            assert!(read(&bytes[..cut]).is_err(), "{} cut at {cut}", p.display());
        }
        // Deterministic byte changes: must never panic (some may still be valid).
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let mut b = bytes.clone();
            for _ in 0..3 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let i = (seed >> 33) as usize % b.len();
                b[i] = (seed >> 13) as u8;
            }
            let _ = read(&b);
        }
    }
    for junk in [
        &b""[..],
        b"   ",
        b"<",
        b"<a/>",
        b"\xff\xfe<x>",
        b"<?xml version=\"1.0\"?>",
        b"<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
    ] {
        assert!(read(junk).is_err());
    }
    let deep = "<a>".repeat(10_000);
    assert!(read(deep.as_bytes()).is_err());
}

fn own(id: &str) -> reply::ReplyTo {
    reply::ReplyTo {
        message_id: id.to_string(),
        date: d(2026, 5, 1),
        xsd_version: XsdVersion::release_3_2(),
        xslt_version: Some("1.0.0".to_string()),
    }
}

#[test]
fn replies_follow_the_schema_for_every_outgoing_example() {
    for (standard, kind, _) in valid_examples() {
        let Some(reply_kind) = kind.reply_kind() else {
            continue;
        };
        let incoming = load(standard, kind);
        let recs = reply::records(&incoming);
        assert!(!recs.is_empty(), "{kind:?}");
        // All accepted.
        let all_ok = reply::ReturnCodes {
            header: vec![reply::NO_REMARK.to_string()],
            records: vec![],
        };
        let r = reply::build_reply(&incoming, &own("R1"), &all_ok).expect("reply");
        assert_eq!(r.kind(), reply_kind);
        if reply_kind == MessageKind::M325 {
            assert_eq!(r.header().sender, incoming.header().receiver);
        } else {
            assert_eq!(r.header().sender, incoming.header().sender);
            assert_eq!(r.header().receiver, incoming.header().receiver);
        }
        let xml = write_checked(&r).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        xmllint_validate(
            &xml,
            standard,
            reply_kind,
            &format!("reply-ok-{}", standard.schema_name(reply_kind)),
        );
        assert_eq!(read(xml.as_bytes()).expect("re-read"), r);
        // The last record rejected with a rule code.
        let mut records = vec![vec![]; recs.len()];
        if let Some(last) = records.last_mut() {
            *last = vec!["9056".to_string(), "S329".to_string()];
        }
        let codes = reply::ReturnCodes {
            header: vec![],
            records,
        };
        let r = reply::build_reply(&incoming, &own("R2"), &codes).expect("reply");
        let xml = write(&r);
        xmllint_validate(
            &xml,
            standard,
            reply_kind,
            &format!("reply-rej-{}", standard.schema_name(reply_kind)),
        );
        assert!(xml.contains("<") && xml.contains(">S329<"), "{kind:?}");
        // Refused as a whole: header only.
        let refused = reply::ReturnCodes {
            header: vec![reply::TECHNICAL_REJECTION.to_string()],
            records: vec![],
        };
        let r = reply::build_reply(&incoming, &own("R3"), &refused).expect("reply");
        let xml = write(&r);
        xmllint_validate(
            &xml,
            standard,
            reply_kind,
            &format!("reply-0001-{}", standard.schema_name(reply_kind)),
        );
        assert!(
            !xml.contains(":Client>")
                && !xml.contains(":Antwoord>")
                && !xml.contains(":DeclaratieAntwoord>")
        );
    }
}

#[test]
fn reply_headers_and_record_order() {
    let incoming = load(Standard::Wmo, MessageKind::M301);
    let recs = reply::records(&incoming);
    let paths: Vec<&str> = recs.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Client",
            "Client/Relaties/Relatie[1]",
            "Client/Relaties/Relatie[1]/Contact",
            "Client/Relaties/Relatie[2]",
            "Client/Relaties/Relatie[2]/Contact",
            "Client/Contactgegevens/Contact[1]",
            "Client/ToegewezenProducten/ToegewezenProduct[1]",
        ]
    );
    let mut records = vec![vec![]; 7];
    records[6] = vec!["9332".to_string()];
    let r = reply::build_reply(
        &incoming,
        &own("ANTW1"),
        &reply::ReturnCodes {
            header: vec![],
            records,
        },
    )
    .expect("302");
    let Message::AllocationReply(m) = &r else {
        panic!("302")
    };
    assert_eq!(m.header.header.sender, "0384");
    assert_eq!(m.header.header.receiver, "42420001");
    assert_eq!(m.header.header.message_id, "ANTW1");
    assert_eq!(m.header.original_id, "123456789012");
    assert_eq!(m.header.original_date, d(2023, 8, 13));
    assert!(m.header.return_codes.is_empty());
    let c = m.client.as_ref().expect("client");
    assert_eq!(c.return_codes, vec!["0200"]);
    assert_eq!(c.products[0].return_codes, vec!["9332"]);
    assert_eq!(reply::rule_for_code("9332"), Some("TR332"));
    assert_eq!(reply::code_for_rule("TR056"), Some("9056"));
    assert!(matches!(
        reply::build_reply(
            &incoming,
            &own("X"),
            &reply::ReturnCodes {
                header: vec!["1234".into()],
                records: vec![]
            }
        ),
        Err(reply::ReplyError::UnknownCode(_))
    ));
    assert!(matches!(
        reply::build_reply(&r, &own("X"), &reply::ReturnCodes::default()),
        Err(reply::ReplyError::NotAnsweredMessage(MessageKind::M302))
    ));
    assert!(matches!(
        reply::build_reply(
            &incoming,
            &own("X"),
            &reply::ReturnCodes {
                header: vec![],
                records: vec![vec![]; 8]
            }
        ),
        Err(reply::ReplyError::TooManyRecords {
            given: 8,
            records: 7
        })
    ));
}

#[test]
fn claim_answer_totals() {
    let Message::Claim(claim) = load(Standard::Wmo, MessageKind::M323) else {
        panic!("323")
    };
    // Everything awarded: 8001, no clients, awarded = submitted.
    let r = reply::claim_answer(&claim, &own("DA1"), &[], &[]).expect("325");
    let Message::ClaimAnswer(m) = &r else {
        panic!("325")
    };
    assert_eq!(m.header.header.sender, "0384");
    assert_eq!(m.header.header.receiver, "65656055");
    assert_eq!(m.header.original_id, "765432198");
    assert_eq!(m.header.return_codes, vec!["0200"]);
    let a = m.answer.as_ref().expect("answer");
    assert_eq!(a.return_codes, vec!["8001"]);
    assert!(a.clients.is_empty());
    assert_eq!(a.total_awarded, a.total_submitted);
    xmllint_validate(&write(&r), Standard::Wmo, MessageKind::M325, "claim-all");
    // Line 2 (RN002) and line 3 (RN003) rejected.
    use reply::LineDecision::{Awarded, Rejected};
    let decisions = vec![
        Awarded,
        Rejected(vec!["0611".into()]),
        Rejected(vec!["9307".into(), "9308".into()]),
        Awarded,
    ];
    let r = reply::claim_answer(&claim, &own("DA2"), &[], &decisions).expect("325");
    let Message::ClaimAnswer(m) = &r else {
        panic!("325")
    };
    let a = m.answer.as_ref().expect("answer");
    let lines: Vec<_> = claim.claim.clients.iter().flat_map(|c| &c.lines).collect();
    let rejected = lines[1].submitted.cents + lines[2].submitted.cents;
    assert_eq!(a.total_awarded.cents, 58000 - rejected);
    assert_eq!(a.total_awarded.debit_credit, DebitCredit::Debit);
    assert_eq!(a.return_codes, vec!["0200"]);
    assert_eq!(a.clients.len(), 2);
    assert_eq!(a.clients[0].lines.len(), 1);
    assert_eq!(a.clients[0].lines[0].return_codes, vec!["0611"]);
    assert_eq!(a.clients[1].lines[0].return_codes, vec!["9307", "9308"]);
    let xml = write_checked(&r).expect("valid");
    xmllint_validate(&xml, Standard::Wmo, MessageKind::M325, "claim-some");
}
