//! Accounts end to end against the real app: login, lockout, second factor,
//! session renewal, CSRF, blocking, and that each of these is audited.

use crate::both;
use crate::support::*;
use kompas_devtools::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET};
use kompas_store::audit;

async fn audit_details(app: &TestApp) -> Vec<(String, String)> {
    audit::recent_installation_wide(&app.db, 500)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.entry.action.as_str().to_string(),
                r.entry.detail.unwrap_or_default(),
            )
        })
        .collect()
}

both!(login_and_logout_with_a_password, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    let res = app.login_password("redacteur", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "redacteur");
    assert_eq!(me["role"], "editor");
    assert!(app
        .get("/")
        .await
        .text()
        .await
        .unwrap()
        .contains("Ingelogd als Roos de Redacteur"));
    let res = app.post_form("/uitloggen", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    let log = audit_details(&app).await;
    assert!(log.iter().any(|(a, _)| a == "login"));
    assert!(log.iter().any(|(a, _)| a == "logout"));
});

both!(
    a_wrong_password_says_so_without_revealing_the_account,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let known = app.login_password("redacteur", "verkeerd-wachtwoord").await;
        assert_eq!(known.status(), 422);
        let known = known.text().await.unwrap();
        let unknown = app
            .login_password("bestaat-niet", "verkeerd-wachtwoord")
            .await
            .text()
            .await
            .unwrap();
        for page in [&known, &unknown] {
            assert!(
                page.contains("Gebruikersnaam of wachtwoord klopt niet."),
                "{page}"
            );
        }
        assert!(
            known.contains("value=\"redacteur\""),
            "the typed name is kept"
        );
        assert!(audit_details(&app)
            .await
            .iter()
            .any(|(a, _)| a == "failed_login"));
    }
);

both!(
    five_wrong_passwords_lock_the_name_for_a_while,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        for _ in 0..5 {
            assert_eq!(
                app.login_password("redacteur", "fout-fout-fout")
                    .await
                    .status(),
                422
            );
        }
        // Even the right password is refused now, and the page says why.
        let res = app.login_password("redacteur", DEMO_PASSWORD).await;
        assert_eq!(res.status(), 429);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("te vaak een verkeerd wachtwoord"));
        assert_eq!(app.get("/api/v1/me").await.status(), 401);
        // A name that does not exist locks the same way, so a lock tells nothing.
        for _ in 0..5 {
            app.login_password("niemand", "fout-fout-fout").await;
        }
        let res = app.login_password("niemand", "fout-fout-fout").await;
        assert_eq!(res.status(), 429);
        // Another account is not affected.
        let other = app.other_client();
        assert_eq!(
            other.login_password("beleid", DEMO_PASSWORD).await.status(),
            303
        );
    }
);

both!(the_session_id_is_new_at_every_login, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = session_cookie(&app.login_password("redacteur", DEMO_PASSWORD).await).unwrap();
    let second = session_cookie(&app.login_password("redacteur", DEMO_PASSWORD).await).unwrap();
    assert_ne!(first, second);
    // The old session no longer works.
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("kompas_sessie={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
});

both!(
    roles_with_personal_data_need_the_second_factor,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let res = app.login_password("consulent", DEMO_PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/inloggen/tweede-stap"));
        // Half logged in is not logged in.
        assert_eq!(app.get("/api/v1/me").await.status(), 401);
        let page = app.get("/").await;
        assert_eq!(page.status(), 200);
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", "000000")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Deze code klopt niet"));
        let code = current_totp(DEMO_TOTP_SECRET, 0);
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", &code), ("terug", "/")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get("/api/v1/me").await.status(), 200);
        // The same code cannot be used again (replay), not even in a new login.
        let other = app.other_client();
        other.login_password("consulent", DEMO_PASSWORD).await;
        let res = other
            .post_form("/inloggen/tweede-stap", &[("code", &code)])
            .await;
        assert_eq!(res.status(), 422);
        assert_eq!(other.get("/api/v1/me").await.status(), 401);
    }
);

both!(
    a_first_login_enrols_the_second_factor,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beheer").await;
        let form = [
            ("gebruikersnaam", "nieuwe.regisseur"),
            ("naam", "Nina Nieuw"),
            ("rol", "coordinator"),
            ("gemeente", "GM9901"),
            ("organisatie", ""),
            ("wachtwoord", "een-goed-wachtwoord"),
        ];
        assert_eq!(
            app.post_form("/beheer/gebruikers", &form).await.status(),
            303
        );
        let nina = app.other_client();
        let res = nina
            .login_password("nieuwe.regisseur", "een-goed-wachtwoord")
            .await;
        assert_eq!(res.status(), 303);
        let page = nina
            .get("/inloggen/tweede-stap")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("<svg"), "a QR code is shown");
        let secret = page
            .split("name=\"geheim\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let code = current_totp(&secret.replace(' ', ""), 0);
        let res = nina
            .post_form(
                "/inloggen/tweede-stap",
                &[("code", &code), ("geheim", &secret)],
            )
            .await;
        assert_eq!(res.status(), 303);
        let me: serde_json::Value = nina.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["role"], "coordinator");
        // The new key is stored sealed, never as typed.
        let (_, stored) = crate::secrets::stored_totp(&app.db, "nieuwe.regisseur").await;
        assert!(stored.starts_with("v1."), "{stored}");
        assert!(!stored.contains(&secret.replace(' ', "")));
    }
);

both!(
    forms_without_the_token_or_from_elsewhere_are_refused,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("redacteur").await;
        let res = app
            .client
            .post(app.url("/uitloggen"))
            .form(&[("csrf", "nep")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("formulier is verlopen"));
        let token = app.csrf().await;
        let res = app
            .client
            .post(app.url("/uitloggen"))
            .header("origin", "https://kwaadwillend.example")
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(app.get("/api/v1/me").await.status(), 200, "still logged in");
    }
);

both!(
    an_admin_adds_and_blocks_users_and_both_are_audited,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beheer").await;
        // Invalid input: a Dutch message per field, and what was typed is kept.
        let bad = [
            ("gebruikersnaam", "x"),
            ("naam", "Kees"),
            ("rol", "editor"),
            ("gemeente", "GM9901"),
            ("organisatie", ""),
            ("wachtwoord", "kort"),
        ];
        let res = app.post_form("/beheer/gebruikers", &bad).await;
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Gebruikersnaam: een gebruikersnaam heeft 3 tot 64 tekens"),
            "{page}"
        );
        assert!(page.contains("value=\"Kees\""));
        let good = [
            ("gebruikersnaam", "kees"),
            ("naam", "Kees Klaver"),
            ("rol", "editor"),
            ("gemeente", "GM9901"),
            ("organisatie", ""),
            ("wachtwoord", "lang-genoeg-wachtwoord"),
        ];
        assert_eq!(
            app.post_form("/beheer/gebruikers", &good).await.status(),
            303
        );
        let dup = app.post_form("/beheer/gebruikers", &good).await;
        assert_eq!(dup.status(), 422);
        assert!(dup.text().await.unwrap().contains("bestaat al"));
        // Kees logs in; then the admin blocks him and his session ends at once.
        let kees = app.other_client();
        assert_eq!(
            kees.login_password("kees", "lang-genoeg-wachtwoord")
                .await
                .status(),
            303
        );
        assert_eq!(kees.get("/api/v1/me").await.status(), 200);
        let users: serde_json::Value = app.get("/api/v1/users").await.json().await.unwrap();
        let id = users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "kees")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        assert_eq!(
            app.post_form(&format!("/beheer/gebruikers/{id}/blokkeren"), &[])
                .await
                .status(),
            303
        );
        assert_eq!(kees.get("/api/v1/me").await.status(), 401);
        assert_eq!(
            kees.login_password("kees", "lang-genoeg-wachtwoord")
                .await
                .status(),
            422
        );
        let log = audit_details(&app).await;
        assert!(log.iter().any(|(a, d)| a == "create" && d.contains("kees")));
        assert!(log
            .iter()
            .any(|(a, d)| a == "update" && d.contains("geblokkeerd")));
        assert_eq!(
            audit::verify(&app.db).await.unwrap(),
            audit::Verification::Intact {
                rows: log.len() as u64
            }
        );
    }
);

both!(
    an_admin_sees_only_users_of_own_municipalities,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        // An admin of another region must not see Wilgenland's users.
        let mut tx = app.db.writer().begin().await.unwrap();
        let other = kompas_store::tenancy::create_municipality(&mut tx, "GM9950", "Elders", None)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        kompas::commands::user_add(
            &app.db,
            kompas::commands::AddUser {
                username: "beheer-elders".into(),
                name: "Els Elders".into(),
                role: "admin".into(),
                municipality: "GM9950".into(),
                organisation: None,
                password: DEMO_PASSWORD.into(),
            },
        )
        .await
        .unwrap();
        let _ = other;
        let els = app.other_client();
        els.login_password("beheer-elders", DEMO_PASSWORD).await;
        // Enrol the second factor with a fresh secret shown on the page.
        let page = els.get("/inloggen/tweede-stap").await.text().await.unwrap();
        let secret = page
            .split("name=\"geheim\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let code = current_totp(&secret.replace(' ', ""), 0);
        assert_eq!(
            els.post_form(
                "/inloggen/tweede-stap",
                &[("code", &code), ("geheim", &secret)]
            )
            .await
            .status(),
            303
        );
        let users: serde_json::Value = els.get("/api/v1/users").await.json().await.unwrap();
        let names: Vec<&str> = users
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["beheer-elders"]);
        // Wilgendaal's admin sees Wilgendaal only: sharing a region with
        // Beekhuizen grants nothing.
        app.login("beheer").await;
        let users: serde_json::Value = app.get("/api/v1/users").await.json().await.unwrap();
        let names: Vec<&str> = users
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"consulent")
                && !names.contains(&"beheer-beekhuizen")
                && !names.contains(&"beheer-elders"),
            "{names:?}"
        );
    }
);

both!(
    five_wrong_codes_end_the_pending_login,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        assert_eq!(
            app.login_password("consulent", DEMO_PASSWORD)
                .await
                .status(),
            303
        );
        for left in (1..=4).rev() {
            let res = app
                .post_form("/inloggen/tweede-stap", &[("code", "000000")])
                .await;
            assert_eq!(res.status(), 422);
            assert!(res
                .text()
                .await
                .unwrap()
                .contains(&format!("nog {left} keer")));
        }
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", "000000")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/inloggen?fout=codes");
        // Guessing on is pointless: the pending login is gone, and so the right
        // code no longer logs in either.
        for _ in 0..20 {
            let res = app
                .post_form("/inloggen/tweede-stap", &[("code", "000000")])
                .await;
            assert_eq!(res.status(), 401);
        }
        let code = current_totp(DEMO_TOTP_SECRET, 0);
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", &code)])
            .await;
        assert_eq!(res.status(), 401);
        assert_eq!(app.get("/api/v1/me").await.status(), 401);
        // It counted as a failed login of the account.
        let failures = count(
            &app,
            "SELECT failures AS n FROM login_attempts WHERE username = 'consulent' AND $1 > 0",
            1,
        )
        .await;
        assert_eq!(failures, 1);
        let page = app.get("/inloggen?fout=codes").await.text().await.unwrap();
        assert!(page.contains("te vaak een verkeerde code"));
    }
);

both!(parallel_wrong_passwords_all_count, |backend| async move {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let tries = 12;
    let mut handles = Vec::new();
    for _ in 0..tries {
        let c = app.other_client();
        c.csrf().await;
        handles.push(tokio::spawn(async move {
            c.login_password("redacteur", "fout-fout-fout")
                .await
                .status()
                .as_u16()
        }));
    }
    for h in handles {
        let status = h.await.unwrap();
        assert!(matches!(status, 422 | 429), "status {status}");
    }
    let failures = count(
        &app,
        "SELECT failures AS n FROM login_attempts WHERE username = 'redacteur' AND $1 > 0",
        1,
    )
    .await;
    // Every failure counted until the lock (5), none lost to a race.
    assert!(failures >= 5, "failures counted: {failures}");
    let res = app.login_password("redacteur", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429, "the account is locked");
});

both!(
    the_session_id_is_new_after_the_second_factor,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let pending =
            session_cookie(&app.login_password("consulent", DEMO_PASSWORD).await).unwrap();
        let code = current_totp(DEMO_TOTP_SECRET, 0);
        let res = app
            .post_form("/inloggen/tweede-stap", &[("code", &code), ("terug", "/")])
            .await;
        assert_eq!(res.status(), 303);
        let complete = session_cookie(&res).unwrap();
        assert_ne!(pending, complete);
        assert_eq!(app.get("/api/v1/me").await.status(), 200);
        let res = reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .header("cookie", format!("kompas_sessie={pending}"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            401,
            "the id from before the second factor is dead"
        );
    }
);

both!(
    an_admin_unblocks_changes_roles_and_resets_the_second_factor,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        app.login("beheer").await;
        let consulent = kompas_store::users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap();
        let id = consulent.id;
        let worker = app.other_client();
        worker.login("consulent").await;
        // Locked out by wrong passwords: the admin sees it and unblocks.
        let stranger = app.other_client();
        for _ in 0..5 {
            stranger.login_password("consulent", "fout-fout-fout").await;
        }
        let page = app
            .get(&format!("/beheer/gebruikers/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("tijdelijk op slot"), "{page}");
        let post = |path: &'static str, fields: &'static [(&'static str, &'static str)]| {
            let app = app.web.clone();
            async move {
                app.post_form(&format!("/beheer/gebruikers/{id}/{path}"), fields)
                    .await
                    .status()
            }
        };
        assert_eq!(post("deblokkeren", &[]).await, 303);
        assert_eq!(
            stranger
                .login_password("consulent", DEMO_PASSWORD)
                .await
                .status(),
            303
        );
        // A new role ends the sessions, so it applies at once.
        assert_eq!(post("rol", &[("rol", "coordinator")]).await, 303);
        assert_eq!(worker.get("/api/v1/me").await.status(), 401);
        let now = kompas_store::users::by_id(&app.db, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.role, kompas_domain::Role::Coordinator);
        assert_eq!(post("rol", &[("rol", "koning")]).await, 422);
        // A lost phone: the second factor is wiped and set up again at login.
        assert_eq!(post("tweede-stap-wissen", &[]).await, 303);
        let now = kompas_store::users::by_id(&app.db, id)
            .await
            .unwrap()
            .unwrap();
        assert!(now.totp_secret.is_none());
        // Each change is in the audit log.
        let log = audit_details(&app).await;
        for words in [
            "gedeblokkeerd",
            "rol coordinator",
            "tweede stap van consulent gewist",
        ] {
            assert!(
                log.iter().any(|(_, d)| d.contains(words)),
                "no audit row with '{words}'"
            );
        }
    }
);
