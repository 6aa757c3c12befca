//! The audit log as the privacy officer uses it (issue 16): filters on
//! household, worker, organisation, action and period, applied in SQL within
//! the admin's municipalities; paged; Dutch times and words; a CSV export of
//! the filtered rows that is itself audited.

use crate::both;
use crate::support::*;
use kompas_domain::{AuditAction, AuditEntry, AuditOutcome};
use kompas_store::{audit, tenancy, users};

fn row(
    at: &str,
    who: &users::User,
    municipality: i64,
    action: AuditAction,
    object: (&str, i64),
    household: i64,
    detail: &str,
) -> AuditEntry {
    AuditEntry {
        at: at.into(),
        actor_user_id: Some(who.id),
        actor_username: Some(who.username.clone()),
        actor_role: Some(who.role.as_str().into()),
        actor_organization_id: who.organization_id,
        municipality_id: Some(municipality),
        action,
        object_type: object.0.into(),
        object_id: Some(object.1.to_string()),
        subject: Some(format!("huishouden:{household}")),
        purpose: Some("uitvoering".into()),
        legal_ground: None,
        outcome: AuditOutcome::Success,
        detail: Some(detail.into()),
    }
}

async fn user(app: &TestApp, name: &str) -> users::User {
    users::by_username(&app.db, name).await.unwrap().unwrap()
}

both!(
    the_officer_filters_pages_and_exports_the_audit_log,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let wilgendaal = wilgendaal(&app).await;
        let beekhuizen = tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap()
            .id;
        let consulent = user(&app, "consulent").await;
        let regisseur = user(&app, "regisseur").await;
        let partner = user(&app, "partner").await;
        let partner_org = partner
            .organization_id
            .expect("the demo partner has an organisation");
        let other = user(&app, "beheer-beekhuizen").await;
        let rows = [
            // 10 January 2025, 12:30 UTC = 13:30 in the Netherlands.
            row(
                "2025-01-10T12:30:00.000000Z",
                &consulent,
                wilgendaal,
                AuditAction::Read,
                ("vraag", 7),
                9001,
                "merk-januari",
            ),
            row(
                "2025-03-02T09:00:00.000000Z",
                &regisseur,
                wilgendaal,
                AuditAction::Update,
                ("traject", 8),
                9001,
                "merk-maart",
            ),
            row(
                "2025-03-03T09:00:00.000000Z",
                &consulent,
                wilgendaal,
                AuditAction::Read,
                ("huishouden", 9002),
                9002,
                "=HYPERLINK(\"x\")",
            ),
            row(
                "2025-03-04T09:00:00.000000Z",
                &partner,
                wilgendaal,
                AuditAction::Read,
                ("verwijzing", 3),
                9001,
                "merk-partner",
            ),
            // Another municipality's row about a household with the same number.
            row(
                "2025-03-05T09:00:00.000000Z",
                &other,
                beekhuizen,
                AuditAction::Read,
                ("vraag", 1),
                9001,
                "merk-beekhuizen",
            ),
        ];
        for r in &rows {
            audit::record(&app.db, r).await.unwrap();
        }
        let admin = app.other_client();
        admin.login("beheer").await;
        let page = |q: String| {
            let admin = admin.clone();
            async move {
                let res = admin.get(&format!("/beheer/audit?{q}")).await;
                assert_eq!(res.status(), 200, "{q}");
                res.text().await.unwrap()
            }
        };

        // Household 9001: its three Wilgendaal rows, never Beekhuizen's.
        let h = page("huishouden=9001".into()).await;
        for m in ["merk-januari", "merk-maart", "merk-partner"] {
            assert!(h.contains(m), "{m} missing");
        }
        assert!(!h.contains("merk-beekhuizen"));
        assert!(!h.contains("HYPERLINK"));
        assert!(h.contains("1–3 van 3"), "the count");
        // Dutch local time and Dutch words, no English codes.
        assert!(h.contains("10-01-2025 13:30"), "local time");
        assert!(h.contains("hulpvraag 7"));
        assert!(h.contains("gewijzigd"));
        assert!(h.contains("consulent (Consulent"));
        assert!(!h.contains(">read<") && !h.contains(">update<"));

        // Worker, organisation, action and period each narrow the rows.
        let w = page(format!("huishouden=9001&medewerker={}", regisseur.id)).await;
        assert!(w.contains("merk-maart") && !w.contains("merk-januari"));
        let o = page(format!("organisatie={partner_org}")).await;
        assert!(o.contains("merk-partner") && !o.contains("merk-maart"));
        let a = page("huishouden=9001&handeling=update".into()).await;
        assert!(a.contains("merk-maart") && !a.contains("merk-partner"));
        let p = page("van=2025-01-10&tot=10-1-2025".into()).await;
        assert!(p.contains("merk-januari") && !p.contains("merk-maart"));
        assert!(p.contains("1–1 van 1"));
        let p = page("van=2025-03-02&tot=2025-03-04&huishouden=9001".into()).await;
        assert!(p.contains("merk-maart") && p.contains("merk-partner"));
        assert!(!p.contains("merk-januari"));
        // A wrong field is named, and nothing is shown as if it were filtered.
        let res = admin.get("/beheer/audit?van=gisteren").await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("Van: vul een datum in"));
        assert!(!body.contains("merk-"));

        // Beekhuizen's admin with the same filter sees only Beekhuizen.
        let bea = app.other_client();
        bea.login("beheer-beekhuizen").await;
        let b = bea
            .get("/beheer/audit?huishouden=9001")
            .await
            .text()
            .await
            .unwrap();
        assert!(b.contains("merk-beekhuizen"));
        assert!(!b.contains("merk-januari") && !b.contains("merk-partner"));
        let csv = bea
            .get("/beheer/audit/export.csv?huishouden=9001")
            .await
            .text()
            .await
            .unwrap();
        assert!(csv.contains("merk-beekhuizen") && !csv.contains("merk-maart"));

        // The CSV: the filtered rows, Dutch headers, formula-safe cells.
        let res = admin
            .get("/beheer/audit/export.csv?van=2025-01-01&tot=2025-12-31")
            .await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let csv = res.text().await.unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "Nummer;Tijd;Gebruiker;Rol;Organisatie;Handeling;Soort gegeven;Kenmerk;Over;Doel;Grondslag;Uitkomst;Toelichting"
        );
        assert_eq!(lines.count(), 4, "{csv}");
        assert!(csv.contains("10-01-2025 13:30;consulent;Consulent;"));
        assert!(csv.contains("'=HYPERLINK"), "a formula is neutralised");
        assert!(!csv.contains("merk-beekhuizen"));
        // The export is in the audit log itself, with its filter.
        let e = page("handeling=export".into()).await;
        assert!(e.contains("auditlog"), "{e}");
        assert!(e.contains("4 van 4 regels; filter: van=2025-01-01"));

        // Paged: 150 more rows give two pages of 100.
        let mut tx = app.db.begin().await.unwrap();
        for i in 0..150 {
            let at = format!("2025-06-01T10:{:02}:{:02}.000000Z", i / 60, i % 60);
            let r = row(
                &at,
                &consulent,
                wilgendaal,
                AuditAction::Read,
                ("vraag", i),
                9100,
                &format!("reeks-{i}-"),
            );
            audit::append(&mut tx, &r).await.unwrap();
        }
        tx.commit().await.unwrap();
        let first = page("huishouden=9100".into()).await;
        assert!(first.contains("1–100 van 150"));
        assert!(first.contains("reeks-149-") && !first.contains("reeks-49-"));
        assert!(
            first.contains("huishouden=9100&#38;pagina=2"),
            "next page keeps the filter"
        );
        let second = page("huishouden=9100&pagina=2".into()).await;
        assert!(second.contains("101–150 van 150"));
        assert!(second.contains("reeks-49-") && second.contains("reeks-0-"));
        assert!(!second.contains("reeks-50-"));
    }
);
