//! Sent maatwerk decisions as JSON in the shape of the ZGW Besluiten API:
//! the dates of a sent decision, a revocation's effect on the decision it
//! revokes, drafts kept inside, pages, the audit row per decision read, and
//! the walls: another municipality (404), no login (401), another role (403).

use crate::both;
use crate::maatwerk::{applied, d, household_help};
use crate::support::*;
use kompas_domain::maatwerk::decision::*;
use kompas_domain::maatwerk::letter::reference;
use kompas_domain::maatwerk::Law;
use kompas_store::maatwerk as mw;
use serde_json::Value;

const BASE: &str = "/api/v1/maatwerk/besluiten";

async fn json(b: &Browser, path: &str) -> Value {
    let res = b.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// The numbers at the end of the `url`s of a page's results.
fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b["url"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

both!(
    sent_decisions_come_out_as_zgw_besluiten_and_drafts_stay_inside,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let (scope, path) = applied(&app, 501).await;
        let mut budget = household_help(Some(d(4, 15)), Some(d(9, 30)));
        budget.amount = Some(Amount::Budget { cents: 120_000 });
        budget.delivery = Delivery::PersonalBudget;
        let grant = DecisionDraft {
            law: Law::Wmo,
            kind: DecisionKind::First,
            replaces: None,
            lines: vec![household_help(Some(d(4, 6)), Some(d(12, 31))), budget],
        };
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        let sent = mw::save_decision(&mut tx, &scope, path, &grant, None, now)
            .await
            .unwrap();
        mw::send_decision(&mut tx, &scope, sent, d(4, 2))
            .await
            .unwrap();
        let draft = mw::save_decision(&mut tx, &scope, path, &grant, None, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let household = mw::decision_by_id(&mut app.db.begin().await.unwrap(), &scope, sent)
            .await
            .unwrap()
            .unwrap()
            .household_id;

        let pro = app.other_client();
        pro.login("consulent").await;
        let b = json(&pro, &format!("{BASE}/{sent}")).await;
        assert_eq!(b["identificatie"], reference(Law::Wmo, sent));
        assert!(b["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{BASE}/{sent}")));
        assert_eq!(b["verantwoordelijkeOrganisatie"], "GM9901");
        assert_eq!(b["besluittype"], "urn:kompas:besluittype:wmo:eerste");
        assert_eq!(
            b["bestuursorgaan"],
            "college van burgemeester en wethouders"
        );
        assert_eq!(b["datum"], "2026-04-02");
        assert_eq!(b["verzenddatum"], "2026-04-02");
        assert_eq!(b["ingangsdatum"], "2026-04-06");
        assert_eq!(b["vervaldatum"], "2026-12-31");
        assert_eq!(b["vervalreden"], "tijdelijk");
        // Six weeks end on Ascension Day, 14 May: the next day counts.
        assert_eq!(b["uiterlijkeReactiedatum"], "2026-05-15");
        let products = b["kompas"]["producten"].as_array().unwrap();
        assert_eq!(products.len(), 2);
        assert_eq!(products[1]["budgetEurocent"], 120_000);
        // One audit row per decision read, about its household.
        let audited = |id: i64| {
            count(
                &app,
                "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'maatwerkbesluit' \
                 AND object_id = CAST($1 AS TEXT) AND action = 'read'",
                id,
            )
        };
        assert_eq!(audited(sent).await, 1);
        let about = format!("huishouden:{household}");
        let subject: String = sqlx::query_scalar(
            "SELECT subject FROM audit_log WHERE object_type = 'maatwerkbesluit' ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(app.db.reader())
        .await
        .unwrap();
        assert_eq!(subject, about);

        // A draft is internal: not by id, not in the list.
        assert_eq!(pro.get(&format!("{BASE}/{draft}")).await.status(), 404);
        // (From just before ours: the demo's own decisions come first.)
        let after = sent - 1;
        let listed = json(&pro, &format!("{BASE}?sinds=2026-04-01&na={after}")).await;
        assert_eq!(ids(&listed), vec![sent]);
        assert_eq!(listed["next"], Value::Null);
        let later = format!("{BASE}?sinds=2026-04-03&na={after}");
        assert!(ids(&json(&pro, &later).await).is_empty());
        assert_eq!(audited(sent).await, 2, "the list read it once more");
        assert_eq!(audited(draft).await, 0);
        let bad = pro.get(&format!("{BASE}?sinds=1-4-2026")).await;
        assert_eq!(bad.status(), 400);

        // The municipality revokes it: the decision says when and why it ended.
        let mut stop = household_help(None, Some(d(6, 30)));
        stop.amount = None;
        stop.start = None;
        let revocation = DecisionDraft {
            law: Law::Wmo,
            kind: DecisionKind::Revocation,
            replaces: Some(sent),
            lines: vec![stop],
        };
        let mut tx = app.db.begin().await.unwrap();
        let revoked = mw::save_decision(&mut tx, &scope, path, &revocation, None, now)
            .await
            .unwrap();
        mw::send_decision(&mut tx, &scope, revoked, d(6, 1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let b = json(&pro, &format!("{BASE}/{sent}")).await;
        assert_eq!(b["vervaldatum"], "2026-06-30");
        assert_eq!(b["vervalreden"], "ingetrokken_overheid");
        let r = json(&pro, &format!("{BASE}/{revoked}")).await;
        assert_eq!(r["kompas"]["vervangt"], reference(Law::Wmo, sent));
        assert_eq!(r["vervalreden"], Value::Null);

        // Pages of one, following `next`, from just before our decision (the
        // demo's own sent decisions come before it).
        let first = json(
            &pro,
            &format!("{BASE}?sinds=2026-01-01&aantal=1&na={}", sent - 1),
        )
        .await;
        assert_eq!(ids(&first), vec![sent]);
        let next = first["next"].as_str().unwrap();
        let rest = &next[next.find(BASE).unwrap()..];
        let second = json(&pro, rest).await;
        assert_eq!(ids(&second), vec![revoked]);
        assert_eq!(second["next"], Value::Null);

        // Another municipality's reader, no login, another role.
        let other = app.other_client();
        other.login("beheer-beekhuizen").await;
        assert_eq!(other.get(&format!("{BASE}/{sent}")).await.status(), 404);
        assert!(ids(&json(&other, BASE).await).is_empty());
        let anonymous = app.other_client();
        let res = anonymous.get(&format!("{BASE}/{sent}")).await;
        assert_eq!(res.status(), 401);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json"));
        assert_eq!(anonymous.get(BASE).await.status(), 401);
        let coordinator = app.other_client();
        coordinator.login("regisseur").await;
        assert_eq!(
            coordinator.get(&format!("{BASE}/{sent}")).await.status(),
            403
        );
        assert_eq!(audited(sent).await, 4, "refused reads leave no row");

        // Documented, with the ZGW field names.
        let doc = json(&app.web, "/api/v1/openapi.json").await;
        let schema = &doc["components"]["schemas"]["Besluit"]["properties"];
        for field in [
            "verzenddatum",
            "uiterlijkeReactiedatum",
            "vervalreden",
            "kompas",
        ] {
            assert!(schema.get(field).is_some(), "{field} in {schema}");
        }
    }
);
