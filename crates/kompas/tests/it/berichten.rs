//! The iWmo/iJw exchange end to end, on both databases: a decision's product
//! allocated to a contracted provider (301 in the outbox, valid against the
//! XSD), the provider's start of care (305 → 306), a month of claims with one
//! line over the allocation (323 → 325 rejecting it with TR321), the same
//! file twice refused (TR056), a file for another municipality refused whole,
//! and another municipality seeing none of it.

use crate::both;
use crate::support::*;
use chrono::NaiveDate;
use kompas_domain::maatwerk::codes::{category, Frequency, Unit};
use kompas_domain::maatwerk::decision::{
    Amount, DecisionDraft, DecisionKind, Delivery, Line, Outcome,
};
use kompas_domain::maatwerk::Law;
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::{
    self as std32, Amount as MsgAmount, BirthDate, ClaimBody, ClaimClient, ClaimLine, ClosedPeriod,
    DebitCredit, Header, Message, Product, ProductReference, ShortName, Standard, StartCare,
    StartClient, StartProduct, Surname, XsdVersion,
};
use kompas_store::maatwerk::{self as mw, AllocationFilter, Direction, MessageFilter};
use kompas_store::toegang as tg;
use sqlx::Row;
use std::path::PathBuf;

const BSN: &str = "999991024";
const AGB: &str = "75990011"; // Thuiszorg De Wilgenhoek in the demo catalogue

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Validates `xml` against the vendored XSD of its message with xmllint.
pub(crate) fn assert_valid(xml: &str, schema: &str) {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../interop/testdata/istandaarden-3.2");
    let dir = if schema.starts_with("JW") {
        "ijw"
    } else {
        "iwmo"
    };
    let xsd = root.join(dir).join("xsd").join(format!("{schema}.xsd"));
    let tmp = TempDir::new("bericht");
    let file = tmp.0.join(format!("{schema}.xml"));
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint is needed for these tests: apt-get install libxml2-utils");
    assert!(
        out.status.success(),
        "{schema} does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A member with a BSN in a new household of Wilgendaal, a Wmo path for
/// them and a sent decision granting 3 hours of household help a week
/// (01A01) from January to June 2026; (scope, decision, household).
pub(crate) async fn granted_household_help(
    app: &TestApp,
    bsn: &str,
    number: i64,
) -> (MunicipalityScope, i64, i64) {
    let muni = wilgendaal(app).await;
    let scope = MunicipalityScope::single(muni);
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    let address = tg::Address {
        postcode: Some("9903 XQ".into()),
        house_number: Some(number),
        house_number_addition: None,
        street: "Wilgenlaan".into(),
        city: "Wilgendaal".into(),
        area_code: None,
    };
    let h = tg::create_household(&mut tx, muni, &address, now)
        .await
        .unwrap();
    let m = tg::add_member(
        &mut tx,
        h,
        "Greet van der Wiel",
        Some(d(1948, 5, 2)),
        "anders",
        Some(bsn),
        now,
    )
    .await
    .unwrap();
    let path = mw::start_path(
        &mut tx,
        &scope,
        h,
        Some(m),
        Law::Wmo,
        d(2025, 12, 1),
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let draft = DecisionDraft {
        law: Law::Wmo,
        kind: DecisionKind::First,
        replaces: None,
        lines: vec![Line {
            category: category(Law::Wmo, "01").unwrap(),
            product: Some(kompas_domain::maatwerk::codes::ProductCode::parse("01A01").unwrap()),
            outcome: Outcome::Granted,
            amount: Some(Amount::Volume {
                quantity: 3,
                unit: Unit::Hour,
                frequency: Frequency::PerWeek,
            }),
            delivery: Delivery::InKind,
            start: Some(d(2026, 1, 1)),
            end: Some(d(2026, 6, 30)),
            reasoning: "Schoonmaken lukt niet meer sinds de heupoperatie.".into(),
        }],
    };
    let mut tx = app.db.begin().await.unwrap();
    let version = mw::path_by_id(&mut tx, &scope, path)
        .await
        .unwrap()
        .unwrap()
        .version;
    mw::record_step(
        &mut tx,
        &scope,
        path,
        version,
        &mw::Step::Report(d(2025, 12, 10)),
    )
    .await
    .unwrap();
    mw::record_step(
        &mut tx,
        &scope,
        path,
        version + 1,
        &mw::Step::Application(d(2025, 12, 11)),
    )
    .await
    .unwrap();
    let decision = mw::save_decision(&mut tx, &scope, path, &draft, None, now)
        .await
        .unwrap();
    kompas_app::maatwerk::send_decision(&mut tx, &scope, decision, d(2025, 12, 20), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (scope, decision, h)
}

async fn provider(app: &TestApp, scope: &MunicipalityScope) -> i64 {
    let mut conn = app.db.begin().await.unwrap();
    mw::provider_with_agb(&mut conn, scope, scope.ids()[0], AGB)
        .await
        .unwrap()
        .unwrap()
        .0
}

fn header(id: &str, on: NaiveDate) -> Header {
    Header {
        sender: AGB.into(),
        receiver: "9901".into(),
        message_id: id.into(),
        date: on,
        xsd_version: XsdVersion::release_3_2(),
    }
}

fn short_name() -> ShortName {
    ShortName {
        family_name: Surname {
            surname: "Wiel".into(),
            prefix: Some("van der".into()),
        },
        given_names: None,
        initials: Some("G".into()),
    }
}

pub(crate) fn start_message(number: u32, on: NaiveDate) -> String {
    std32::write(&Message::StartCare(StartCare {
        standard: Standard::Wmo,
        header: header(&format!("START{number}"), on),
        client: StartClient {
            bsn: BSN.into(),
            birth_date: BirthDate {
                date: d(1948, 5, 2),
                date_usage: None,
            },
            gender: "2".into(),
            name: short_name(),
            products: vec![StartProduct {
                allocation_number: Some(number),
                product: Some(Product {
                    category: "01".into(),
                    code: Some("01A01".into()),
                }),
                allocation_start_date: Some(d(2026, 1, 1)),
                start_date: on,
                delivery_status: "1".into(),
                return_codes: Vec::new(),
            }],
            return_codes: Vec::new(),
        },
    }))
}

/// A claim with one line per (month, hours) at the 2026 contract tariff.
pub(crate) fn claim_message(id: &str, number: u32, lines: &[(u32, u32)], tariff: i64) -> String {
    let lines: Vec<ClaimLine> = lines
        .iter()
        .map(|(month, hours)| {
            let start = d(2026, *month, 1);
            let end = d(2026, *month + 1, 1).pred_opt().unwrap();
            ClaimLine {
                reference: ProductReference {
                    number: format!("{id}-{month}"),
                    previous_number: None,
                },
                allocation_number: number,
                product_category: "01".into(),
                product_code: "01A01".into(),
                period: ClosedPeriod { start, end },
                volume: *hours,
                unit: "04".into(),
                rate: Some(tariff),
                submitted: MsgAmount {
                    cents: i64::from(*hours) * tariff,
                    debit_credit: DebitCredit::Debit,
                },
                return_codes: Vec::new(),
            }
        })
        .collect();
    let total: i64 = lines.iter().map(|l| l.submitted.cents).sum();
    std32::write(&Message::Claim(std32::Claim {
        standard: Standard::Wmo,
        header: header(id, d(2026, 3, 5)),
        claim: ClaimBody {
            claim_number: id.into(),
            period: ClosedPeriod {
                start: d(2026, 1, 1),
                end: d(2026, 2, 28),
            },
            claim_date: d(2026, 3, 5),
            total_submitted: MsgAmount {
                cents: total,
                debit_credit: DebitCredit::Debit,
            },
            clients: vec![ClaimClient {
                bsn: BSN.into(),
                lines,
                return_codes: Vec::new(),
            }],
        },
    }))
}

async fn import(
    app: &TestApp,
    scope: &MunicipalityScope,
    xml: &str,
) -> kompas_store::Result<kompas_app::berichten::Imported> {
    let mut tx = app.db.begin().await.unwrap();
    let r = kompas_app::berichten::import(
        &mut tx,
        scope,
        scope.ids()[0],
        Some("test.xml"),
        xml.as_bytes(),
        chrono::Utc::now(),
    )
    .await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

both!(
    allocation_start_and_a_claim_with_one_line_over_round_trip,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, decision, household) = granted_household_help(&app, BSN, 301).await;
        let provider = provider(&app, &scope).await;
        let now = chrono::Utc::now();

        // Allocate: a number, and a 301 waiting in the outbox that validates.
        let mut tx = app.db.begin().await.unwrap();
        let id = kompas_app::berichten::allocate(&mut tx, &scope, decision, 1, provider, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = app.db.begin().await.unwrap();
        let a = mw::allocation_by_id(&mut conn, &scope, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.household_id, household);
        assert_eq!(a.status_nl(d(2026, 1, 2)), "wacht op start");
        // The same product cannot be allocated twice.
        let twice =
            kompas_app::berichten::allocate(&mut conn, &scope, decision, 1, provider, now).await;
        assert!(twice.is_err());
        drop(conn);
        let number = a.allocation.number.get();
        let mut tx = app.db.begin().await.unwrap();
        let files = kompas_app::berichten::export(&mut tx, &scope, None, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let ours: Vec<_> = files.iter().filter(|f| f.xml.contains(BSN)).collect();
        assert_eq!(ours.len(), 1, "one 301 for this client");
        assert!(
            ours[0].file_name.starts_with("WMO301_75990011_"),
            "{}",
            ours[0].file_name
        );
        assert_valid(&ours[0].xml, "WMO301");
        let Message::Allocation(sent) = std32::read(ours[0].xml.as_bytes()).unwrap() else {
            panic!("not a 301");
        };
        assert_eq!(sent.header.sender, "9901");
        assert_eq!(sent.header.receiver, AGB);
        let p = &sent.client.products[0];
        assert_eq!(p.allocation_number, number);
        assert_eq!(p.start_date, d(2026, 1, 1));
        assert_eq!(
            p.extent
                .as_ref()
                .map(|e| (e.volume, e.unit.as_str(), e.frequency.as_str())),
            Some((3, "04", "2"))
        );
        assert_eq!(sent.client.name.family_name.surname, "Wiel");
        assert_eq!(
            sent.client.name.family_name.prefix.as_deref(),
            Some("van der")
        );
        // Collected: the outbox no longer holds it.
        let mut tx = app.db.begin().await.unwrap();
        let again = kompas_app::berichten::export(&mut tx, &scope, None, now)
            .await
            .unwrap();
        assert!(again.iter().all(|f| !f.xml.contains(BSN)));
        tx.commit().await.unwrap();

        // The provider starts care: 306 in the outbox, the allocation shows it.
        let started = import(&app, &scope, &start_message(number, d(2026, 1, 5)))
            .await
            .unwrap();
        assert!(started.problems.is_empty(), "{:?}", started.problems);
        let mut conn = app.db.begin().await.unwrap();
        let a = mw::allocation_by_id(&mut conn, &scope, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.care_started_on, Some(d(2026, 1, 5)));
        let (reply, xml) = mw::message_by_id(&mut conn, &scope, started.reply_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reply.kind, "306");
        assert_eq!(reply.replies_to, Some(started.message_id));
        assert_valid(&xml, "WMO306");
        // Starting again while care runs breaks TR326.
        drop(conn);
        let mut restart = start_message(number, d(2026, 1, 6));
        restart = restart.replace(&format!("START{number}"), &format!("RESTART{number}"));
        let r = import(&app, &scope, &restart).await.unwrap();
        assert!(
            r.problems.iter().any(|p| p.starts_with("TR326")),
            "{:?}",
            r.problems
        );
        // An unknown allocation number breaks TR019.
        let unknown = start_message(number + 9000, d(2026, 1, 6));
        let r = import(&app, &scope, &unknown).await.unwrap();
        assert!(
            r.problems.iter().any(|p| p.starts_with("TR019")),
            "{:?}",
            r.problems
        );

        // A month of claims: January within (household help: six weeks of 3 hours),
        // February over it.
        let tariff = 3285;
        let claim = claim_message("DECL1", number, &[(1, 13), (2, 19)], tariff);
        let answered = import(&app, &scope, &claim).await.unwrap();
        assert_eq!(answered.problems.len(), 1, "{:?}", answered.problems);
        assert!(
            answered.problems[0].starts_with("TR321"),
            "{}",
            answered.problems[0]
        );
        assert!(
            answered.problems[0].contains("hoogstens 18 uur"),
            "{}",
            answered.problems[0]
        );
        let mut conn = app.db.begin().await.unwrap();
        let (answer, xml) = mw::message_by_id(&mut conn, &scope, answered.reply_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(answer.kind, "325");
        assert_valid(&xml, "WMO325");
        let Message::ClaimAnswer(m) = std32::read(xml.as_bytes()).unwrap() else {
            panic!("not a 325");
        };
        assert_eq!(m.header.header.sender, "9901");
        let body = m.answer.unwrap();
        assert_eq!(body.total_awarded.signed(), 13 * tariff);
        let rejected: Vec<_> = body.clients.iter().flat_map(|c| &c.lines).collect();
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reference.number, "DECL1-2");
        assert_eq!(rejected[0].return_codes, ["9321"]);
        // Realised cost: the approved line only.
        let r = sqlx::query(
            "SELECT CAST(SUM(approved_cents) AS BIGINT) AS approved, CAST(SUM(claimed_cents) AS BIGINT) AS claimed, COUNT(*) AS n \
             FROM maatwerk_claim_lines WHERE allocation_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(r.try_get::<i64, _>("approved").unwrap(), 13 * tariff);
        assert_eq!(r.try_get::<i64, _>("claimed").unwrap(), 32 * tariff);
        assert_eq!(r.try_get::<i64, _>("n").unwrap(), 2);
        // Everything about this allocation can be found by it.
        let found = mw::messages(
            &mut conn,
            &scope,
            &MessageFilter {
                allocation_id: Some(id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let kinds: Vec<&str> = found.iter().map(|m| m.kind.as_str()).collect();
        for k in ["301", "305", "306", "323", "325"] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
        drop(conn);

        // The same file again: refused whole, by rule.
        let twice = import(&app, &scope, &claim).await.unwrap_err().to_string();
        assert!(twice.contains("TR056"), "{twice}");
        // The rest of February on top of what was approved: TR322 would follow
        // only past the total; within it, a new line is approved.
        let more = claim_message("DECL2", number, &[(2, 18)], tariff);
        let r = import(&app, &scope, &more).await.unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        // A wrong tariff breaks TR418.
        let wrong = claim_message("DECL3", number, &[(3, 6)], tariff + 100);
        let r = import(&app, &scope, &wrong).await.unwrap();
        assert!(
            r.problems.iter().any(|p| p.starts_with("TR418")),
            "{:?}",
            r.problems
        );

        // Garbled files and files for someone else are refused, nothing stored.
        let before = count(
            &app,
            "SELECT COUNT(*) AS n FROM maatwerk_messages WHERE municipality_id = $1",
            scope.ids()[0],
        )
        .await;
        let e = import(&app, &scope, "<wmo305:Bericht")
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("geen geldig bericht"), "{e}");
        let elsewhere = start_message(number, d(2026, 1, 5))
            .replace("<wmo305:Ontvanger>9901<", "<wmo305:Ontvanger>0384<");
        let e = import(&app, &scope, &elsewhere)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("0384"), "{e}");
        let after = count(
            &app,
            "SELECT COUNT(*) AS n FROM maatwerk_messages WHERE municipality_id = $1",
            scope.ids()[0],
        )
        .await;
        assert_eq!(before, after);

        // Another municipality sees none of it.
        let other = MunicipalityScope::single(
            kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
                .await
                .unwrap()
                .id,
        );
        let mut conn = app.db.begin().await.unwrap();
        assert!(mw::allocation_by_id(&mut conn, &other, id)
            .await
            .unwrap()
            .is_none());
        assert!(mw::message_by_id(&mut conn, &other, started.message_id)
            .await
            .unwrap()
            .is_none());
        let theirs = mw::allocations(&mut conn, &other, AllocationFilter::default())
            .await
            .unwrap();
        assert!(theirs.iter().all(|x| x.id != id));
        let msgs = mw::messages(
            &mut conn,
            &other,
            &MessageFilter {
                direction: Some(Direction::In),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(msgs.iter().all(|m| m.id != started.message_id));
        drop(conn);
        let e = import(&app, &other, &start_message(number, d(2026, 1, 5)))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("9901") || e.contains("catalogus"), "{e}");
    }
);

both!(
    a_request_for_allocation_lands_in_the_queue_and_is_answered,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, _, household) = granted_household_help(&app, "999991036", 302).await;
        let request = std32::write(&Message::AllocationRequest(std32::AllocationRequest {
            standard: Standard::Wmo,
            header: header("VOT1", d(2026, 2, 2)),
            client: std32::RequestClient {
                bsn: "999991036".into(),
                birth_date: BirthDate {
                    date: d(1948, 5, 2),
                    date_usage: None,
                },
                gender: "2".into(),
                name: short_name(),
                custodian_known: None,
                comment: Some("Wil ook hulp bij persoonlijke verzorging.".into()),
                products: vec![std32::RequestedProduct {
                    provider_reference: "REF-77".into(),
                    decision_number: None,
                    product: Some(Product {
                        category: "03".into(),
                        code: Some("03A01".into()),
                    }),
                    decision_start_date: None,
                    allocation_start_date: d(2026, 3, 1),
                    allocation_end_date: Some(d(2026, 12, 31)),
                    extent: Some(std32::Extent {
                        volume: 120,
                        unit: "01".into(),
                        frequency: "2".into(),
                    }),
                    budget: None,
                    referrer: std32::Referrer {
                        kind: "01".into(),
                        name: Some("Gemeente".into()),
                        care_provider_code: None,
                    },
                    framework_contract: None,
                    comment: None,
                    return_codes: Vec::new(),
                }],
                return_codes: Vec::new(),
            },
        }));
        assert_valid(&request, "WMO315");
        let done = import(&app, &scope, &request).await.unwrap();
        assert!(done.problems.is_empty(), "{:?}", done.problems);
        // A question in the queue for this household, due in ten working days.
        let q = count(
            &app,
            "SELECT COUNT(*) AS n FROM questions WHERE household_id = $1 AND channel = 'partner' \
             AND body LIKE 'Verzoek om toewijzing%'",
            household,
        )
        .await;
        assert_eq!(q, 1);
        let mut conn = app.db.begin().await.unwrap();
        let (reply, xml) = mw::message_by_id(&mut conn, &scope, done.reply_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(reply.kind, "316");
        assert_valid(&xml, "WMO316");
        // Refusing needs a reason; with one, a 319 waits in the outbox.
        let e = kompas_app::berichten::answer_request(
            &mut conn,
            &scope,
            done.message_id,
            "1",
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(e.contains("waarom"), "{e}");
        let ids = kompas_app::berichten::answer_request(
            &mut conn,
            &scope,
            done.message_id,
            "1",
            Some("4"),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let (answer, xml) = mw::message_by_id(&mut conn, &scope, ids[0])
            .await
            .unwrap()
            .unwrap();
        assert_eq!(answer.kind, "319");
        assert_eq!(answer.replies_to, Some(done.message_id));
        assert_valid(&xml, "WMO319");
        assert!(xml.contains("REF-77"));
        // A claim is not a request: it gets no 319.
        let e = kompas_app::berichten::answer_request(
            &mut conn,
            &scope,
            ids[0],
            "2",
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(e.contains("315"), "{e}");
    }
);
