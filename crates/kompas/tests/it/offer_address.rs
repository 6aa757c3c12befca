//! An offer's visiting address edited by an editor of its municipality
//! (issue 16): validated, kept in the offer's own location, in the offer's
//! history; another municipality's editor finds no such offer.

use crate::both;
use crate::directory::{breiclub_edit, form_version, seed};
use crate::support::*;
use kompas_store::directory as dir;
use sqlx::Row;

async fn location_of(app: &TestApp, offer: i64) -> (i64, String, String, String) {
    let r = sqlx::query(
        "SELECT l.id, l.address, l.postcode, l.city FROM offers f JOIN locations l ON l.id = f.location_id WHERE f.id = $1",
    )
    .bind(offer)
    .fetch_one(app.db.reader())
    .await
    .unwrap();
    (
        r.try_get("id").unwrap(),
        r.try_get("address").unwrap(),
        r.try_get("postcode").unwrap(),
        r.try_get("city").unwrap(),
    )
}

/// Saves the Zonnebloemcafé form with an address; the response.
async fn save_with(c: &Browser, id: i64, address: [&str; 4]) -> reqwest::Response {
    let edit = format!("/redactie/aanbod/{id}");
    let form = c.get(&edit).await.text().await.unwrap();
    assert!(form.contains("Bezoekadres"));
    let version = form_version(&form);
    let mut fields = breiclub_edit(&version).to_vec();
    for (k, v) in ["straat", "huisnummer", "postcode", "plaats"]
        .into_iter()
        .zip(address)
    {
        fields.push((k, v));
    }
    c.post_form(&edit, &fields).await
}

both!(an_editor_edits_an_offers_address, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let ids = seed(&app).await;
    let editor = app.other_client();
    editor.login("redacteur").await;

    // No address yet: one is given, validated and normalised.
    let res = save_with(
        &editor,
        ids[0],
        ["Kerkstraat", "12a", "1234ab", "Wilgendaal"],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (first, line, postcode, city) = location_of(&app, ids[0]).await;
    assert_eq!(
        (line.as_str(), postcode.as_str(), city.as_str()),
        ("Kerkstraat 12a", "1234 AB", "Wilgendaal")
    );
    let history = dir::offer_history(&app.db, ids[0]).await.unwrap();
    assert_eq!(
        history[0].reason,
        "adres gewijzigd van geen adres naar Kerkstraat 12a, 1234 AB Wilgendaal"
    );
    let public = app
        .get(&format!("/aanbod/{}", ids[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("Kerkstraat 12a") && public.contains("1234 AB"));
    // The form shows it back, split into its fields.
    let form = editor
        .get(&format!("/redactie/aanbod/{}", ids[0]))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains("value=\"Kerkstraat\"") && form.contains("value=\"12a\""));

    // A location another offer shares stays; this offer gets its own.
    sqlx::query("UPDATE offers SET location_id = $1 WHERE id = $2")
        .bind(first)
        .bind(ids[1])
        .execute(app.db.writer())
        .await
        .unwrap();
    let res = save_with(
        &editor,
        ids[0],
        ["Dorpsstraat", "3", "1234 AC", "Wilgendaal"],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (own, line, _, _) = location_of(&app, ids[0]).await;
    assert_ne!(own, first);
    assert_eq!(line, "Dorpsstraat 3");
    assert_eq!(location_of(&app, ids[1]).await.1, "Kerkstraat 12a");
    let history = dir::offer_history(&app.db, ids[0]).await.unwrap();
    assert!(history[0]
        .reason
        .contains("van Kerkstraat 12a, 1234 AB Wilgendaal naar Dorpsstraat 3"));

    // Mistakes are named per field and nothing changes.
    let res = save_with(
        &editor,
        ids[0],
        ["Dorpsstraat", "", "0123 AB", "Wilgendaal"],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("postcode: een postcode bestaat uit 4 cijfers"),
        "{page}"
    );
    assert!(page.contains("huisnummer: vul een huisnummer in"));
    assert_eq!(location_of(&app, ids[0]).await.1, "Dorpsstraat 3");

    // Another municipality's editor: no such offer, for reading or saving.
    let bram = beekhuizen_editor(&app).await;
    let edit = format!("/redactie/aanbod/{}", ids[0]);
    assert_eq!(bram.get(&edit).await.status(), 404);
    let version = {
        let form = editor.get(&edit).await.text().await.unwrap();
        form_version(&form)
    };
    let mut fields = breiclub_edit(&version).to_vec();
    fields.extend([
        ("straat", "Inbraakweg"),
        ("huisnummer", "1"),
        ("postcode", "9999 ZZ"),
        ("plaats", "Elders"),
    ]);
    assert_eq!(bram.post_form(&edit, &fields).await.status(), 404);
    assert_eq!(location_of(&app, ids[0]).await.1, "Dorpsstraat 3");
});
