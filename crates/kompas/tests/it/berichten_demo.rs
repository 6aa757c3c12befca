//! The demo's iWmo/iJw exchange, on both databases: the demo decisions'
//! contracted products are allocated to two providers, each provider's
//! claim has one line rejected by TR321 (9321 in the 325), the provider
//! organisation of the demo acts for its provider, and every message the
//! hub collects with `kompas berichten export` validates against its XSD.

use crate::berichten::assert_valid;
use crate::both;
use crate::support::*;
use kompas_domain::MunicipalityScope;
use kompas_interop::istandaard::{self as std32, Message};
use kompas_store::maatwerk::{self as mw, AllocationFilter, Direction, MessageFilter};
use sqlx::Row;

both!(
    the_demo_allocates_starts_and_claims_with_two_providers,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let muni = wilgendaal(&app).await;
        let scope = MunicipalityScope::single(muni);
        let mut conn = app.db.begin().await.unwrap();
        let all = mw::allocations(&mut conn, &scope, AllocationFilter::default())
            .await
            .unwrap();
        assert!(all.len() >= 2, "{} allocations", all.len());
        let mut agbs: Vec<&str> = all.iter().map(|a| a.agb_code.as_str()).collect();
        agbs.sort_unstable();
        agbs.dedup();
        assert!(agbs.len() >= 2, "{agbs:?}");
        assert!(
            agbs.contains(&"75990011") && agbs.contains(&"41990035"),
            "{agbs:?}"
        );
        // Care started for every allocation that has begun.
        assert!(all.iter().all(|a| a.care_started_on.is_some()), "{all:?}");

        // The 301s were collected; the 306s and 325s wait for the contract manager.
        let pending = mw::messages(
            &mut conn,
            &scope,
            &MessageFilter {
                pending: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(pending.iter().all(|m| m.kind != "301"), "{pending:?}");
        assert!(pending.iter().any(|m| m.kind == "306"));
        let answers: Vec<_> = pending.iter().filter(|m| m.kind == "325").collect();
        assert_eq!(answers.len(), 2, "one 325 per provider");
        for a in &answers {
            let (_, xml) = mw::message_by_id(&mut conn, &scope, a.id)
                .await
                .unwrap()
                .unwrap();
            let Message::ClaimAnswer(m) = std32::read(xml.as_bytes()).unwrap() else {
                panic!("not a 325");
            };
            let rejected: Vec<_> = m
                .answer
                .iter()
                .flat_map(|b| &b.clients)
                .flat_map(|c| &c.lines)
                .collect();
            assert_eq!(rejected.len(), 1, "{}: {rejected:?}", a.agb_code);
            assert!(
                rejected[0].return_codes.iter().any(|c| c == "9321"),
                "{:?}",
                rejected[0].return_codes
            );
        }
        let claims = mw::messages(
            &mut conn,
            &scope,
            &MessageFilter {
                direction: Some(Direction::In),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let claims: Vec<_> = claims.iter().filter(|m| m.kind == "323").collect();
        assert_eq!(claims.len(), 2);
        assert!(claims.iter().all(|c| c.status == "deels"), "{claims:?}");
        assert!(claims.iter().all(|c| c
            .problems
            .as_deref()
            .is_some_and(|p| p.starts_with("TR321"))));

        // The demo's care provider organisation acts for its provider.
        let org: i64 =
            sqlx::query("SELECT id FROM organizations WHERE name = 'Jeugdhulp De Kompasroos'")
                .fetch_one(&mut *conn)
                .await
                .unwrap()
                .try_get("id")
                .unwrap();
        let acts_for = mw::providers_of_organization(&mut conn, &scope, org)
            .await
            .unwrap();
        assert_eq!(acts_for.len(), 1);
        assert_eq!(acts_for[0].2, "41990035");
        drop(conn);

        // What the hub collects validates, each against its own schema.
        let dir = TempDir::new("berichten-demo");
        let mut out = Vec::new();
        let n = kompas::berichten_cli::export(&app.db, Some("GM9901"), &dir.0, &mut out)
            .await
            .unwrap();
        assert_eq!(n, pending.len());
        let mut kinds = Vec::new();
        for entry in std::fs::read_dir(&dir.0).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let schema = name.split('_').next().unwrap().to_string();
            let xml = std::fs::read_to_string(&path).unwrap();
            assert_valid(&xml, &schema);
            kinds.push(schema);
        }
        kinds.sort();
        kinds.dedup();
        for k in ["JW306", "JW325", "WMO306", "WMO325"] {
            assert!(kinds.iter().any(|x| x == k), "{k} missing from {kinds:?}");
        }
        // Collected: the outbox is empty now.
        let mut conn = app.db.begin().await.unwrap();
        let left = mw::messages(
            &mut conn,
            &scope,
            &MessageFilter {
                pending: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(left.is_empty(), "{left:?}");
        drop(conn);

        // The provider's own account sees its allocations and messages; the
        // welfare partner, acting for no provider, sees none.
        let provider = app.web.other_client();
        provider.login("aanbieder").await;
        let page = provider
            .get("/partner/toewijzingen")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("AGB 41990035"), "{page}");
        assert!(page.contains("Joep Hendriks"), "{page}");
        assert!(page.contains("Declaratie"), "{page}");
        assert!(!page.contains("Tromp"), "another provider's client: {page}");
        let welfare = app.web.other_client();
        welfare.login("partner").await;
        let page = welfare
            .get("/partner/toewijzingen")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("nog niet gekoppeld"), "{page}");
    }
);
