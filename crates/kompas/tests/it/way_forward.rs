//! A way forward everywhere (issue 15): the municipality's contact details on
//! every public page, kept by its own admin only; the privacy and
//! accessibility statements; the question's confirmation with a reference
//! number, the deadline and the phone number, in the resident's language.

use crate::both;
use crate::support::*;

async fn audit_rows(app: &TestApp, municipality: i64) -> i64 {
    count(
        app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'gemeente-contact' AND municipality_id = $1",
        municipality,
    )
    .await
}

fn contact_form<'a>(phone: &'a str, hours: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("telefoon", phone),
        ("bezoekadres", "Markt 7, 9901 AB Wilgendaal"),
        ("postadres", "Postbus 7, 9900 AA Wilgendaal"),
        ("email", "loket@wilgendaal.example"),
        ("openingstijden", hours),
        ("website", "https://wilgendaal.example"),
        ("privacy", "fg@wilgendaal.example"),
        ("status", "volledig"),
        ("getest_op", "2026-10-15"),
    ]
}

both!(
    the_contact_an_admin_saves_shows_in_the_footer_of_public_pages,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let m = wilgendaal(&app).await;
        let resident = app.web.other_client();
        // The demo's contact, on the start page and the search page.
        for path in ["/", "/zoeken", "/vraag-stellen"] {
            let page = resident.get(path).await.text().await.unwrap();
            assert!(page.contains("Contact met de gemeente"), "{path}");
            assert!(
                page.contains("href=\"tel:140999\" dir=\"ltr\">14 0999</a>"),
                "{path}"
            );
            assert!(page.contains("href=\"/privacy\""), "{path}");
            assert!(page.contains("href=\"/toegankelijkheid\""), "{path}");
        }

        // Another municipality's admin cannot see or change it.
        let other = app.other_client();
        other.login("beheer-beekhuizen").await;
        let path = format!("/beheer/gemeente/{m}");
        assert_eq!(other.get(&path).await.status(), 404);
        let refused = other
            .post_form(&path, &contact_form("030 666 6666", "Nooit"))
            .await;
        assert_eq!(refused.status(), 404);
        assert_eq!(audit_rows(&app, m).await, 0);

        // Wilgendaal's admin: one municipality, so the list leads to its form.
        let admin = app.other_client();
        admin.login("beheer").await;
        let list = admin.get("/beheer/gemeente").await;
        assert_eq!(list.status(), 303);
        assert_eq!(list.headers()["location"], path.as_str());
        let form = admin.get(&path).await.text().await.unwrap();
        assert!(form.contains("value=\"14 0999\""), "{form}");

        // A bad phone number: a Dutch error, and everything typed is kept.
        let bad = admin
            .post_form(&path, &contact_form("bel ons maar", "Ma-vr 9-12 uur"))
            .await;
        assert_eq!(bad.status(), 422);
        let page = bad.text().await.unwrap();
        assert!(
            page.contains("Dit is geen Nederlands telefoonnummer"),
            "{page}"
        );
        assert!(page.contains("value=\"bel ons maar\""), "{page}");
        assert!(page.contains("value=\"Ma-vr 9-12 uur\""), "{page}");
        assert!(page.contains("aria-invalid=\"true\""));
        assert_eq!(audit_rows(&app, m).await, 0, "nothing saved");
        let footer = resident.get("/").await.text().await.unwrap();
        assert!(footer.contains("14 0999"), "the old number stays");

        // A good one: saved, audited and at once in every footer, labels
        // in the resident's language and the data as entered.
        let saved = admin
            .post_form(&path, &contact_form("+31 30 123 4567", "Ma-vr 9-12 uur"))
            .await;
        assert_eq!(saved.status(), 303);
        assert_eq!(audit_rows(&app, m).await, 1);
        let notice = admin
            .get(saved.headers()["location"].to_str().unwrap())
            .await
            .text()
            .await
            .unwrap();
        assert!(notice.contains("De contactgegevens zijn opgeslagen"));
        let english = resident
            .get("/vraag-stellen?taal=en")
            .await
            .text()
            .await
            .unwrap();
        assert!(english.contains("Contact the municipality"), "{english}");
        assert!(english.contains("Opening hours"));
        assert!(english.contains("Ma-vr 9-12 uur"));
        assert!(english.contains("href=\"tel:+31301234567\" dir=\"ltr\">030 123 4567</a>"));
        assert!(english.contains("Markt 7, 9901 AB Wilgendaal"));
        assert!(english.contains("mailto:loket@wilgendaal.example"));
        assert!(!english.contains("14 0999"));
        // A professional page shows it too (from the same cache).
        let werk = admin.get("/beheer/gebruikers").await.text().await.unwrap();
        assert!(werk.contains("030 123 4567"));
    }
);

both!(
    the_privacy_and_accessibility_statements_speak_the_residents_language,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let resident = app.web.other_client();
        for (lang, title, retention) in [
            (
                "nl",
                "Privacyverklaring",
                "20 jaar na de laatste verandering",
            ),
            ("en", "Privacy statement", "20 years after the last change"),
            ("ar", "بيان الخصوصية", "20 سنة بعد آخر تغيير"),
        ] {
            let res = resident.get(&format!("/privacy?taal={lang}")).await;
            assert_eq!(res.status(), 200);
            let page = res.text().await.unwrap();
            assert!(page.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
            assert!(page.contains(title), "{lang}: {page}");
            assert!(page.contains("Wilgendaal"), "{lang}");
            assert!(page.contains(retention), "{lang}: {page}");
            assert!(page.contains("Wgs"), "{lang}");
            assert!(page.contains("mailto:privacy@wilgendaal.example"), "{lang}");
            assert!(page.contains("href=\"tel:140999\""), "{lang}");
            assert!(page.contains("href=\"/mijn\""), "{lang}");
        }
        let arabic = resident.get("/privacy?taal=ar").await.text().await.unwrap();
        assert!(arabic.contains("dir=\"rtl\""));

        for (lang, status, checked) in [
            ("nl", "voldoet gedeeltelijk", "maandag 2 november 2026"),
            ("en", "partially meets", "02-11-2026"),
            ("ar", "جزئياً", "02-11-2026"),
        ] {
            let res = resident
                .get(&format!("/toegankelijkheid?taal={lang}"))
                .await;
            assert_eq!(res.status(), 200);
            let page = res.text().await.unwrap();
            assert!(page.contains(status), "{lang}: {page}");
            assert!(page.contains(checked), "{lang}: {page}");
            assert!(page.contains("Wilgendaal"), "{lang}");
            assert!(page.contains("href=\"tel:140999\""), "{lang}");
        }

        // The statement follows the settings.
        let admin = app.other_client();
        admin.login("beheer").await;
        let m = wilgendaal(&app).await;
        let saved = admin
            .post_form(
                &format!("/beheer/gemeente/{m}"),
                &contact_form("14 0999", "Ma-vr 9-12 uur"),
            )
            .await;
        assert_eq!(saved.status(), 303);
        let page = resident
            .get("/toegankelijkheid?taal=nl")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("voldoet volledig"), "{page}");
        assert!(page.contains("donderdag 15 oktober 2026"), "{page}");
    }
);

both!(
    a_question_in_english_gets_an_english_confirmation_with_reference_deadline_and_phone,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let resident = app.web.other_client();
        let form = resident
            .get("/vraag-stellen?taal=en")
            .await
            .text()
            .await
            .unwrap();
        assert!(form.contains("Ask your question"));
        assert!(form.contains("Your question, in your own words"));
        assert!(form.contains("Money and debts"), "residents' words");
        // The crisis numbers are on the form itself.
        for number in ["tel:112", "tel:113", "tel:08000113", "tel:08002000"] {
            assert!(form.contains(number), "{number}");
        }
        // Nothing is marked wrong before a submit.
        assert!(!form.contains("aria-invalid"));
        assert!(!form.contains("utrecht-form-field--invalid"));

        // An empty submit: errors in English.
        let refused = resident
            .post_form("/vraag-stellen", &[("telefoon", "12")])
            .await;
        assert_eq!(refused.status(), 422);
        let page = refused.text().await.unwrap();
        assert!(page.contains("Your question has not been sent yet."));
        assert!(page.contains("Write in a few words what you need help with."));
        assert!(page.contains("Fill in a phone number of 10 digits"));
        assert!(page.contains("Tick the box"));
        assert!(page.contains("value=\"12\""), "what was typed is kept");

        let sent = resident
            .post_form(
                "/vraag-stellen",
                &[
                    ("vraag", "I cannot pay my rent any more"),
                    ("contact", "email"),
                    ("email", "sam@example.nl"),
                    ("leefgebied", "financien"),
                    ("toestemming", "ja"),
                ],
            )
            .await;
        assert_eq!(sent.status(), 303);
        let to = sent.headers()["location"].to_str().unwrap().to_string();
        let id: i64 = sqlx::Row::try_get(
            &sqlx::query("SELECT MAX(id) AS id FROM questions")
                .fetch_one(app.db.reader())
                .await
                .unwrap(),
            "id",
        )
        .unwrap();
        let q = question_of(&app, id).await;
        let year = kompas_domain::dutch_time::local(chrono::Utc::now())
            .format("%Y")
            .to_string();
        let reference = format!("V-{year}-{id:06}");
        let confirm = resident.get(&to).await.text().await.unwrap();
        assert!(confirm.contains("<html lang=\"en\""));
        assert!(confirm.contains("Your question has been sent"), "{confirm}");
        assert!(confirm.contains(&reference), "{reference}: {confirm}");
        assert!(confirm.contains("within 5 working days"), "{confirm}");
        let due = q.due_date.format("%d-%m-%Y").to_string();
        assert!(
            confirm.contains(&format!("by {due} at the latest")),
            "{due}: {confirm}"
        );
        assert!(
            confirm.contains("href=\"tel:140999\" dir=\"ltr\">14 0999</a>"),
            "{confirm}"
        );
        assert!(!confirm.contains("bel met de gemeente"));
        // The reference finds the question.
        assert_eq!(
            kompas_domain::toegang::reference::QuestionReference::parse(&reference)
                .unwrap()
                .number,
            id
        );

        // A made-up reference in the address is not shown (only escaped, in
        // the language links that keep the address).
        let fake = resident
            .get("/vraag-stellen/verstuurd?kenmerk=%3Cb%3Ehallo")
            .await
            .text()
            .await
            .unwrap();
        assert!(!fake.contains("<b>hallo"));
        assert!(!fake.contains("Your reference number"));
    }
);
