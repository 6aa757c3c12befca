//! The public search page as a resident meets it: the crisis block above the
//! results when a search signals danger (and not otherwise), the quieter
//! numbers on the start page and the question form, what the words were read
//! as, and the question form when little is found.

use crate::support::*;

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.web.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

fn search(q: &str) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    format!("/zoeken?{}", s.finish())
}

const CRISIS: &str = "Hulp nodig, nu meteen?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn danger_puts_the_crisis_numbers_above_the_results() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let html = page(&app, &search("mijn partner slaat me")).await;
    let block = html.find(CRISIS).expect("crisis block");
    assert!(
        block < html.find("id=\"resultaten\"").unwrap(),
        "above the results"
    );
    // Veilig Thuis first, the other numbers still there.
    let vt = html.find("tel:08002000").unwrap();
    assert!(vt < html.find("tel:113").unwrap() && html.contains("tel:112"));
    let html = page(&app, &search("ik wil niet meer leven")).await;
    assert!(html.find("tel:113").unwrap() < html.find("tel:08002000").unwrap());
    for ordinary in [
        "koffie drinken",
        "hulp bij de administratie",
        "ruzie met de buren",
    ] {
        assert!(
            !page(&app, &search(ordinary)).await.contains(CRISIS),
            "{ordinary}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_start_page_and_the_question_form_carry_the_numbers_quietly() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    for path in ["/", "/vraag-stellen"] {
        let html = page(&app, path).await;
        assert!(html.contains("kompas-crisis--quiet"), "{path}");
        for tel in ["tel:112", "tel:113", "tel:08002000"] {
            assert!(html.contains(tel), "{path}: {tel}");
        }
        assert!(!html.contains(CRISIS));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_says_what_it_understood_and_offers_the_question_form() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("app");
    let html = page(&app, &search("scholden")).await;
    assert!(
        html.contains("U zocht op: <strong><bdi>schulden</bdi></strong>"),
        "{}",
        &html[html.find("resultaten").unwrap_or(0)..][..600.min(html.len())]
    );
    let html = page(&app, &search("qwzrtx")).await;
    assert!(html.contains("0 resultaten"));
    assert!(html.contains("Deze woorden kennen we niet: <bdi>qwzrtx</bdi>"));
    assert!(html.contains("href=\"/vraag-stellen\">Stel uw vraag aan de gemeente</a>"));
}
