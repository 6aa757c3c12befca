//! The public sociale kaart in the resident's language and in plain words
//! (issue 15): the language from `?taal=`, the cookie that keeps it and
//! `Accept-Language`; Arabic right to left; residents' labels instead of the
//! professional terms; how to get an indication; the folded filters; the way
//! forward when nothing is found; error pages in the resident's language on
//! public paths only.

use crate::both;
use crate::support::*;

async fn html_of(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

fn html_tag(page: &str) -> &str {
    let start = page.find("<html").expect("<html>");
    &page[start..start + page[start..].find('>').expect("end of <html>")]
}

both!(
    the_language_comes_from_the_address_sticks_and_follows_the_browser,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let web = app.other_client();
        let res = web.get("/zoeken?q=schulden&taal=en").await;
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with("kompas_taal=en"));
        assert!(cookie, "the choice is kept in a cookie");
        let (status, page) = html_of(res).await;
        assert_eq!(status, 200);
        assert_eq!(html_tag(&page), r#"<html lang="en" dir="ltr""#);
        assert!(page.contains("Search for help"), "English heading");
        assert!(page.contains(" results</h2>") || page.contains("1 result</h2>"));
        assert!(page.contains("More choices"), "the filters in English");
        assert!(!page.contains("Zoeken naar hulp") && !page.contains("Meer keuzes"));

        // The next request without ?taal= stays English (the cookie).
        let (_, page) = html_of(web.get("/zoeken?q=schulden").await).await;
        assert!(
            html_tag(&page).contains(r#"lang="en""#),
            "{}",
            html_tag(&page)
        );
        assert!(page.contains("Search for help"));
        let (_, page) = html_of(web.get("/vraagwijzer").await).await;
        assert!(page.contains("Who are you looking for help for?"));

        // Arabic: right to left, on the search page and the vraagwijzer.
        let (_, page) = html_of(web.get("/zoeken?q=schulden&taal=ar").await).await;
        assert_eq!(html_tag(&page), r#"<html lang="ar" dir="rtl""#);
        assert!(page.contains("البحث عن مساعدة"), "Arabic heading");
        let (_, page) = html_of(web.get("/vraagwijzer").await).await;
        assert!(html_tag(&page).contains(r#"dir="rtl""#));
        assert!(page.contains("لمن تبحث عن مساعدة؟"));

        // A first visit with a Turkish browser gets Turkish.
        let res = app
            .other_client()
            .client
            .get(app.url("/zoeken?q=schulden"))
            .header("accept-language", "tr-TR,tr;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap();
        let (_, page) = html_of(res).await;
        assert_eq!(html_tag(&page), r#"<html lang="tr" dir="ltr""#);
        assert!(page.contains("Yardım arayın"), "Turkish heading");

        // Without any of these: Dutch.
        let (_, page) = html_of(app.other_client().get("/zoeken?q=schulden").await).await;
        assert_eq!(html_tag(&page), r#"<html lang="nl" dir="ltr""#);
        assert!(page.contains("Zoeken naar hulp"));
    }
);

both!(
    residents_read_plain_words_and_how_to_get_an_indication,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let ids = crate::directory::seed(&app).await;
        let (geldmaatje, schuldregeling) = (ids[1], ids[2]);
        let web = app.other_client();

        // Topic tiles in residents' words, not the professional terms.
        let (_, start) = html_of(web.get("/").await).await;
        for plain in [
            "Hulp in en om het huis",
            "Meedoen in de buurt",
            "Alcohol, drugs en gokken",
        ] {
            assert!(start.contains(plain), "{plain}");
        }
        for jargon in [
            "Dagelijkse levensverrichtingen",
            "Maatschappelijke deelname",
            "Middelengebruik",
            "Laagdrempelige ondersteuning",
        ] {
            assert!(!start.contains(jargon), "the start page says {jargon}");
        }

        // No card says "Laagdrempelige ondersteuning"; an open-access card
        // says what that means for the resident.
        let (_, page) = html_of(web.get("/zoeken?q=schulden").await).await;
        assert!(page.contains("Geldmaatje Zonnebloem"));
        assert!(!page.contains("Laagdrempelige ondersteuning"));
        assert!(!page.contains("Met een indicatie of beschikking"));
        assert!(page.contains("Vrij toegankelijk: u kunt zo binnenlopen"));
        assert!(page.contains("U kunt zo binnenlopen"));

        // An offer that needs a decision says how to get one and links the form.
        let (status, page) = html_of(web.get(&format!("/aanbod/{schuldregeling}")).await).await;
        assert_eq!(status, 200);
        let needs = page
            .find("U heeft eerst een besluit van de gemeente nodig")
            .expect("the access route in plain words");
        let how = page
            .find("Hoe krijgt u dat besluit?")
            .expect("how to get it");
        let form = page[how..]
            .find(r#"href="/vraag-stellen""#)
            .expect("a link to the question form");
        assert!(
            needs < how && form < 1200,
            "the link follows the explanation"
        );
        let (_, page) = html_of(web.get(&format!("/aanbod/{schuldregeling}?taal=en")).await).await;
        assert!(page.contains("How do you get that decision?"));
        assert!(page.contains("Ask the municipality your question"));
        let (_, page) = html_of(web.get(&format!("/aanbod/{geldmaatje}?taal=nl")).await).await;
        assert!(
            !page.contains("Hoe krijgt u dat besluit?"),
            "open offers need no decision"
        );
        assert!(page.contains("U kunt zo binnenlopen"));
    }
);

both!(
    filters_fold_away_and_nothing_found_offers_the_form_and_the_guide,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let web = app.other_client();
        // Closed, even with choices made; the button says how many.
        let (_, page) = html_of(web.get("/zoeken?q=schulden&laag=3&gratis=1").await).await;
        assert!(
            page.contains(r#"<details class="kompas-filters">"#),
            "closed"
        );
        assert!(page.contains("<summary>Meer keuzes (2 gekozen)</summary>"));
        let (_, page) = html_of(web.get("/zoeken?q=schulden").await).await;
        assert!(page.contains("<summary>Meer keuzes</summary>"));
        let (_, page) = html_of(web.get("/zoeken?q=schulden&laag=3&taal=pl").await).await;
        assert!(page.contains("Więcej opcji (wybrane: 1)"));

        // Nothing found: the question form and the vraagwijzer, in the language chosen.
        for (path, ask) in [
            (
                "/zoeken?q=qwzrtxnonsens&taal=nl",
                "Stel uw vraag aan de gemeente",
            ),
            (
                "/zoeken?q=qwzrtxnonsens&taal=en",
                "Ask the municipality your question",
            ),
            ("/zoeken?q=qwzrtxnonsens&taal=ar", "اطرح سؤالك على البلدية"),
        ] {
            let (status, page) = html_of(web.get(path).await).await;
            assert_eq!(status, 200);
            let few = page.find(r#"class="kompas-few""#).expect(path);
            let block = &page[few..few + page[few..].find("</div>").unwrap()];
            assert!(
                block.contains(r#"href="/vraag-stellen""#),
                "{path}: {block}"
            );
            assert!(block.contains(ask), "{path}: {block}");
            assert!(block.contains(r#"href="/vraagwijzer""#), "{path}: {block}");
        }
    }
);

both!(
    errors_speak_the_residents_language_on_public_pages_only,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let web = app.other_client();
        let (status, page) = html_of(web.get("/aanbod/999999999?taal=en").await).await;
        assert_eq!(status, 404);
        assert_eq!(html_tag(&page), r#"<html lang="en" dir="ltr""#);
        assert!(page.contains("Page not found") && page.contains("Go to the start page"));
        assert!(!page.contains("Pagina niet gevonden"));
        let (status, page) = html_of(web.get("/bestaat-niet?taal=ar").await).await;
        assert_eq!(status, 404);
        assert_eq!(html_tag(&page), r#"<html lang="ar" dir="rtl""#);
        assert!(page.contains("الصفحة غير موجودة"));

        // A bad search, in the resident's language, with what was wrong.
        let (status, page) = html_of(web.get("/zoeken?laag=9&taal=en").await).await;
        assert_eq!(status, 400);
        assert!(
            page.contains(
                "This search is not right: type of help &#39;9&#39; is not a number from 1 to 5."
            ) || page.contains(
                "This search is not right: type of help &#x27;9&#x27; is not a number from 1 to 5."
            ),
            "{page}"
        );
        let (status, page) = html_of(web.get("/vraagwijzer?over=geluk&taal=uk").await).await;
        assert_eq!(status, 400);
        assert!(page.contains("Перевірте свою відповідь"));

        // Professional parts stay Dutch, whatever the resident chose.
        let (status, page) = html_of(web.get("/beheer/bestaat-niet").await).await;
        assert!(status >= 400, "{status}");
        assert!(
            html_tag(&page).contains(r#"lang="nl""#),
            "{}",
            html_tag(&page)
        );
        assert!(!page.contains("Go to the start page") && !page.contains("إلى الصفحة الرئيسية"));
    }
);
