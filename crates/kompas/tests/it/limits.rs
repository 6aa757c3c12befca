//! Abuse limits on the real server: whose address counts behind a proxy,
//! login budgets per address and per account, the HSDS API's and search's own
//! budgets and cap, slow headers and the connection cap.

use crate::both;
use crate::support::{Backend, Browser, TestApp};
use kompas::settings::Settings;
use kompas_web::limits::client::TrustedProxies;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A browser whose every request carries `X-Forwarded-For: {forwarded}`,
/// as a proxy in front would add it.
fn behind_proxy(app: &TestApp, forwarded: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", forwarded.parse().unwrap());
    Browser {
        base: app.base.clone(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
    }
}

fn trust_loopback(s: &mut Settings) {
    s.limits.trusted_proxies = TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8"]).unwrap();
}

async fn status_of(b: &Browser, path: &str) -> u16 {
    b.get(path).await.status().as_u16()
}

both!(
    forwarded_for_counts_only_from_a_trusted_proxy,
    |backend: Backend| async move {
        // Nobody trusted: the header is ignored and everyone on this connection's
        // address shares one budget.
        let Some(app) = TestApp::spawn_with(backend, |s| s.limits.api_per_client = 3).await else {
            return;
        };
        for n in 1..=3 {
            let b = behind_proxy(&app, &format!("198.51.100.{n}"));
            assert_eq!(status_of(&b, "/api/hsds/services").await, 200);
        }
        let fourth = behind_proxy(&app, "198.51.100.4");
        assert_eq!(status_of(&fourth, "/api/hsds/services").await, 429);

        // Loopback trusted: two clients behind the proxy have their own budgets.
        let Some(app) = TestApp::spawn_with(backend, |s| {
            s.limits.api_per_client = 3;
            trust_loopback(s);
        })
        .await
        else {
            return;
        };
        let a = behind_proxy(&app, "198.51.100.1");
        for _ in 0..3 {
            assert_eq!(status_of(&a, "/api/hsds/services").await, 200);
        }
        assert_eq!(status_of(&a, "/api/hsds/services").await, 429);
        let b = behind_proxy(&app, "198.51.100.2");
        assert_eq!(status_of(&b, "/api/hsds/services").await, 200);
        // Claiming to be someone else in front of the proxy's own entry does not
        // move a client to another budget: the right-most untrusted hop counts.
        let spoof = behind_proxy(&app, "198.51.100.2, 198.51.100.1");
        assert_eq!(status_of(&spoof, "/api/hsds/services").await, 429);
        // Another trusted proxy in between is skipped.
        let inner = behind_proxy(&app, "198.51.100.3, 10.0.0.7");
        assert_eq!(status_of(&inner, "/api/hsds/services").await, 200);
    }
);

both!(
    logins_have_a_budget_per_account_apart_from_per_address,
    |backend: Backend| async move {
        let Some(app) = TestApp::spawn_with(backend, |s| {
            s.limits.login_per_address = 4;
            s.limits.login_per_account = 3;
            trust_loopback(s);
        })
        .await
        else {
            return;
        };
        // A spread attack on one account: each address tries once.
        for n in 1..=3 {
            let b = behind_proxy(&app, &format!("203.0.113.{n}"));
            let res = b.login_password("redacteur", "fout-wachtwoord").await;
            assert_eq!(res.status(), 422, "attempt {n}");
        }
        let b = behind_proxy(&app, "203.0.113.4");
        let res = b.login_password("redacteur", "fout-wachtwoord").await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().contains_key("retry-after"));
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Te veel pogingen voor deze gebruikersnaam"),
            "{page}"
        );

        // One address guessing many accounts runs out of its own budget …
        let noisy = behind_proxy(&app, "203.0.113.50");
        for n in 1..=4 {
            let res = noisy
                .login_password(&format!("medewerker{n}"), "fout-wachtwoord")
                .await;
            assert_eq!(res.status(), 422, "attempt {n}");
        }
        let res = noisy.login_password("partner", "fout-wachtwoord").await;
        assert_eq!(res.status(), 429);
        assert!(res.text().await.unwrap().contains("vanaf dit adres"));
        // … while a worker behind the same proxy, at another address, logs in.
        let worker = behind_proxy(&app, "203.0.113.60");
        let res = worker
            .login_password("partner", kompas_devtools::demo::DEMO_PASSWORD)
            .await;
        assert_eq!(res.status(), 303);
    }
);

both!(
    the_hsds_api_and_search_have_their_own_budget,
    |backend: Backend| async move {
        let Some(app) = TestApp::spawn_with(backend, |s| {
            s.limits.api_per_client = 3;
            s.limits.search_per_client = 2;
        })
        .await
        else {
            return;
        };
        for _ in 0..3 {
            assert_eq!(status_of(&app, "/api/hsds/services?per_page=5").await, 200);
        }
        let res = app.get("/api/hsds/services?per_page=5").await;
        assert_eq!(res.status(), 429);
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait >= 1);
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: serde_json::Value = res.json().await.unwrap();
        assert_eq!(problem["status"], 429);
        assert_eq!(problem["title"], "Te veel verzoeken");
        assert!(problem["detail"].as_str().unwrap().contains("seconden"));

        // Search has a budget of its own, answered with a Dutch page.
        for _ in 0..2 {
            assert_eq!(status_of(&app, "/zoeken?q=schulden").await, 200);
        }
        let res = app.get("/zoeken?q=schulden").await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().contains_key("retry-after"));
        let page = res.text().await.unwrap();
        assert!(page.contains("Te veel verzoeken"), "{page}");

        // The rest of the site still answers the same client.
        let offer: i64 = sqlx::query_scalar("SELECT MIN(id) FROM offers")
            .fetch_one(app.db.reader())
            .await
            .unwrap();
        for path in [
            "/",
            &format!("/aanbod/{offer}"),
            "/health",
            "/vraag-stellen",
        ] {
            assert_eq!(status_of(&app, path).await, 200, "{path}");
        }
    }
);

both!(
    a_full_api_answers_503_at_once_instead_of_queueing,
    |backend: Backend| async move {
        let Some(app) = TestApp::spawn_with(backend, |s| s.limits.api_in_flight = 1).await else {
            return;
        };
        // Fill the only place, as a slow request would.
        let place = app.state.limits.take_api_place().expect("a free place");
        let res = app.get("/api/hsds/services").await;
        assert_eq!(res.status(), 503);
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        // Search and pages are not behind the API's cap.
        assert_eq!(status_of(&app, "/zoeken?q=eten").await, 200);
        drop(place);
        assert_eq!(status_of(&app, "/api/hsds/services").await, 200);
    }
);

/// Reads until the server closes the connection; what it sent, if anything.
/// Gives up after `guard` so a server that never closes fails the test
/// instead of hanging it (not a latency check).
async fn read_until_closed(stream: &mut TcpStream, guard: Duration) -> Option<String> {
    let mut got = Vec::new();
    let mut buf = [0_u8; 1024];
    let closed = tokio::time::timeout(guard, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    closed
        .ok()
        .map(|()| String::from_utf8_lossy(&got).into_owned())
}

both!(slow_headers_are_cut_off, |backend: Backend| async move {
    let Some(app) = TestApp::spawn_with(backend, |s| {
        s.server.header_timeout = Duration::from_secs(1);
    })
    .await
    else {
        return;
    };
    // A client that trickles a header line now and then, never finishing.
    let mut slow = TcpStream::connect(app.addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: kompas\r\n")
        .await
        .unwrap();
    let (mut reader, mut writer) = slow.into_split();
    let trickle = tokio::spawn(async move {
        for n in 0..300 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer
                .write_all(format!("X-Langzaam-{n}: ja\r\n").as_bytes())
                .await
                .is_err()
            {
                return true;
            }
        }
        false
    });
    let mut got = Vec::new();
    let mut buf = [0_u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the server kept a slow client open");
    let text = String::from_utf8_lossy(&got);
    assert!(!text.contains("200 OK"), "{text}");
    trickle.abort();

    // A client that connects and says nothing is closed too.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    assert!(
        read_until_closed(&mut silent, Duration::from_secs(20))
            .await
            .is_some(),
        "the server kept a silent client open"
    );
    // Clients that send their request in time are served as before.
    assert_eq!(status_of(&app, "/health").await, 200);
});

both!(
    connections_over_the_cap_are_closed_at_once,
    |backend: Backend| async move {
        let Some(app) = TestApp::spawn_with(backend, |s| s.server.max_connections = 3).await else {
            return;
        };
        // Three idle connections take every place (the header timeout is 10 s).
        let mut held = Vec::new();
        for _ in 0..3 {
            held.push(TcpStream::connect(app.addr).await.unwrap());
        }
        let mut fourth = TcpStream::connect(app.addr).await.unwrap();
        let _ = fourth
            .write_all(b"GET /health HTTP/1.1\r\nHost: kompas\r\n\r\n")
            .await;
        let answer = read_until_closed(&mut fourth, Duration::from_secs(5))
            .await
            .expect("a connection over the cap is closed, not held");
        assert!(!answer.contains("200 OK"), "{answer}");
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 503"),
            "{answer}"
        );

        // A place comes back when a connection ends.
        drop(held.pop());
        let mut served = false;
        for _ in 0..50 {
            let mut s = TcpStream::connect(app.addr).await.unwrap();
            let _ = s
                .write_all(b"GET /health HTTP/1.1\r\nHost: kompas\r\nConnection: close\r\n\r\n")
                .await;
            let answer = read_until_closed(&mut s, Duration::from_secs(5))
                .await
                .unwrap_or_default();
            if answer.starts_with("HTTP/1.1 200") {
                served = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(served, "no place came back after a connection closed");
    }
);
