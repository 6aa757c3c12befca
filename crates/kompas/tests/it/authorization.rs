//! Every route of the router, called as every role, against an explicit rule
//! written here. A route without a rule fails the test, and so does a rule
//! for a route that no longer exists.

use crate::both;
use crate::support::*;
use kompas_devtools::demo::DEMO_PASSWORD;
use std::collections::BTreeSet;

/// Who may call a route, written independently of the router's own table.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Everyone,
    /// Only someone who passed the password and still owes the second factor.
    Pending,
    /// Any session (complete or pending).
    AnySession,
    SignedIn,
    Only(&'static [&'static str]),
}

const RULES: &[(&str, &str, Rule)] = &[
    ("GET", "/", Rule::Everyone),
    ("GET", "/zoeken", Rule::Everyone),
    ("GET", "/zoeken/afdrukken", Rule::Everyone),
    ("GET", "/aanbod/{id}", Rule::Everyone),
    ("POST", "/aanbod/{id}/melding", Rule::Everyone),
    ("GET", "/organisaties/{id}", Rule::Everyone),
    ("GET", "/vraagwijzer", Rule::Everyone),
    ("GET", "/vraag-stellen", Rule::Everyone),
    ("POST", "/vraag-stellen", Rule::Everyone),
    ("GET", "/vraag-stellen/verstuurd", Rule::Everyone),
    ("GET", "/privacy", Rule::Everyone),
    ("GET", "/toegankelijkheid", Rule::Everyone),
    ("GET", "/partner/signalen", Rule::Only(&["partner"])),
    ("POST", "/partner/signalen", Rule::Only(&["partner"])),
    ("GET", "/partner/verwijzingen", Rule::Only(&["partner"])),
    ("GET", "/mijn", Rule::Everyone),
    ("GET", "/mijn/inloggen/{token}", Rule::Everyone),
    ("GET", "/agenda/{token}", Rule::Everyone),
    ("POST", "/mijn/inloggen/{token}", Rule::Everyone),
    ("POST", "/mijn/uitloggen", Rule::Everyone),
    ("POST", "/mijn/correctie", Rule::Everyone),
    ("GET", "/mijn/besluiten/{id}", Rule::Everyone),
    ("GET", "/mijn/inzage", Rule::Everyone),
    ("GET", "/mijn/digid/{gemeente}", Rule::Everyone),
    ("GET", "/mijn/digid/{gemeente}/terug", Rule::Everyone),
    (
        "POST",
        "/werk/huishoudens/{id}/leden/{mid}/inloglink",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/partner/verwijzingen/{id}",
        Rule::Only(&["partner"]),
    ),
    (
        "POST",
        "/partner/verwijzingen/{id}/stap",
        Rule::Only(&["partner"]),
    ),
    (
        "GET",
        "/werk/huishoudens/{id}/toestemming",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/toestemming",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/toestemming/{cid}/intrekken",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/wachtrij",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/huishoudens",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    ("GET", "/werk/team", Rule::Only(&["team_lead"])),
    (
        "GET",
        "/werk/agenda",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/agenda/link",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/mijn-gegevens",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/mijn-gegevens",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/signalen/import",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/signalen/import",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/signalen/import/voorbeeld.csv",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/vragen/nieuw",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/vragen/nieuw",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/vragen/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/vragen/{id}/toewijzen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/vragen/{id}/contact",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/vragen/{id}/huishouden",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/vragen/{id}/afronden",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/huishoudens/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/leden",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/netwerk",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/betrokken",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/leefgebieden",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/positieve-gezondheid",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/maatwerk/{id}/stap",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/maatwerk",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk/{id}/besluit",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/maatwerk/{id}/besluit",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}/brief",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}/document",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/versturen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/bezwaar",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/maatwerk/bezwaren/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/trajecten",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/trajecten/{id}",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "GET",
        "/werk/trajecten/{id}/plan",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/doelen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/doelen/status",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/acties",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/acties/gedaan",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/hulp",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/hulp/stoppen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/hulp/netwerk",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/contact",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/afspreken",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/overdragen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/schalen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/casustafel",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/verwijzingen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/verwijzingen/stap",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/notities",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/evaluaties",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/momenten",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/afsluiten",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    (
        "POST",
        "/werk/trajecten/{id}/nazorg-beeindigen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
    ("GET", "/partner/aanbod", Rule::Only(&["partner"])),
    (
        "POST",
        "/partner/aanbod/bevestigen",
        Rule::Only(&["partner"]),
    ),
    ("GET", "/partner/aanbod/nieuw", Rule::Only(&["partner"])),
    ("POST", "/partner/aanbod/nieuw", Rule::Only(&["partner"])),
    ("GET", "/partner/aanbod/{id}", Rule::Only(&["partner"])),
    ("POST", "/partner/aanbod/{id}", Rule::Only(&["partner"])),
    ("GET", "/redactie", Rule::Only(&["editor", "admin"])),
    (
        "GET",
        "/redactie/wachtrij",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/wachtrij/{id}",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "GET",
        "/redactie/aanbod/{id}",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/aanbod/{id}",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "GET",
        "/redactie/verouderd",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/verouderd",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "GET",
        "/redactie/synoniemen",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/synoniemen",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/synoniemen/{id}/verwijderen",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "GET",
        "/redactie/zoekvragen",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/zoekvragen/{id}/synoniem",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/zoekvragen/{id}/niet-nodig",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "GET",
        "/redactie/meldingen",
        Rule::Only(&["editor", "admin"]),
    ),
    (
        "POST",
        "/redactie/meldingen/{id}/afgehandeld",
        Rule::Only(&["editor", "admin"]),
    ),
    // The monitor: dashboards for policy and team leads, editing for policy and admin.
    ("GET", "/monitor", Rule::Only(&["policy", "team_lead"])),
    (
        "GET",
        "/monitor/indicatoren/{id}",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/indicatoren/{id}/csv",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/registratie",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/registratie/{id}",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/registratie/{id}/csv",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/raadsrapportage",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/doelenboom",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/doelen",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/doelen/{id}",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/doelen/{id}/verwijderen",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "GET",
        "/monitor/doelenboom/indicatoren/nieuw",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/indicatoren/nieuw",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "GET",
        "/monitor/doelenboom/indicatoren/{id}",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/indicatoren/{id}",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/indicatoren/{id}/verwijderen",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "GET",
        "/monitor/doelenboom/csv",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/doelenboom/csv",
        Rule::Only(&["policy", "admin"]),
    ),
    ("GET", "/monitor/metingen", Rule::Only(&["policy", "admin"])),
    (
        "POST",
        "/monitor/metingen",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/metingen/import",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/toelichting",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "GET",
        "/monitor/kosten",
        Rule::Only(&["policy", "team_lead"]),
    ),
    (
        "GET",
        "/monitor/kosten/begroting",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/kosten/begroting",
        Rule::Only(&["policy", "admin"]),
    ),
    (
        "POST",
        "/monitor/kosten/taakvelden",
        Rule::Only(&["policy", "admin"]),
    ),
    ("GET", "/static/kompas.css", Rule::Everyone),
    ("GET", "/static/nlds.css", Rule::Everyone),
    ("GET", "/metrics", Rule::Everyone),
    ("GET", "/health", Rule::Everyone),
    ("GET", "/api/hsds/", Rule::Everyone),
    ("GET", "/api/hsds/profile", Rule::Everyone),
    ("GET", "/api/hsds/services", Rule::Everyone),
    ("GET", "/api/hsds/services/{id}", Rule::Everyone),
    ("GET", "/api/hsds/organizations", Rule::Everyone),
    ("GET", "/api/hsds/organizations/{id}", Rule::Everyone),
    ("GET", "/api/hsds/taxonomies", Rule::Everyone),
    ("GET", "/api/hsds/taxonomy_terms", Rule::Everyone),
    ("GET", "/api/hsds/service_at_locations", Rule::Everyone),
    ("GET", "/api/v1/openapi.json", Rule::Everyone),
    ("GET", "/inloggen", Rule::Everyone),
    ("POST", "/inloggen", Rule::Everyone),
    ("GET", "/inloggen/sso/{provider}", Rule::Everyone),
    ("GET", "/inloggen/sso/{provider}/terug", Rule::Everyone),
    ("GET", "/inloggen/tweede-stap", Rule::Pending),
    ("POST", "/inloggen/tweede-stap", Rule::Pending),
    ("POST", "/uitloggen", Rule::AnySession),
    ("GET", "/api/v1/me", Rule::SignedIn),
    ("GET", "/api/v1/municipalities", Rule::SignedIn),
    ("GET", "/api/v1/users", Rule::Only(&["admin"])),
    (
        "GET",
        "/api/v1/maatwerk/besluiten",
        Rule::Only(&["professional", "admin"]),
    ),
    (
        "GET",
        "/api/v1/maatwerk/besluiten/{id}",
        Rule::Only(&["professional", "admin"]),
    ),
    ("GET", "/beheer/gebruikers", Rule::Only(&["admin"])),
    ("POST", "/beheer/gebruikers", Rule::Only(&["admin"])),
    ("GET", "/beheer/gebruikers/{id}", Rule::Only(&["admin"])),
    (
        "POST",
        "/beheer/gebruikers/{id}/blokkeren",
        Rule::Only(&["admin"]),
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/deblokkeren",
        Rule::Only(&["admin"]),
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/rol",
        Rule::Only(&["admin"]),
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/tweede-stap-wissen",
        Rule::Only(&["admin"]),
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/gemeenten",
        Rule::Only(&["admin"]),
    ),
    (
        "POST",
        "/beheer/gebruikers/{id}/gemeenten/intrekken",
        Rule::Only(&["admin"]),
    ),
    ("GET", "/beheer/audit", Rule::Only(&["admin"])),
    ("GET", "/beheer/gemeente", Rule::Only(&["admin"])),
    ("GET", "/beheer/gemeente/{id}", Rule::Only(&["admin"])),
    ("POST", "/beheer/gemeente/{id}", Rule::Only(&["admin"])),
    ("GET", "/beheer/audit/export.csv", Rule::Only(&["admin"])),
    ("GET", "/beheer/maatwerk/brieven", Rule::Only(&["admin"])),
    ("POST", "/beheer/maatwerk/brieven", Rule::Only(&["admin"])),
    ("GET", "/beheer/maatwerk", CATALOGUE),
    ("POST", "/beheer/maatwerk/aanbieders", CATALOGUE),
    ("GET", "/beheer/maatwerk/aanbieders/{id}", CATALOGUE),
    ("POST", "/beheer/maatwerk/aanbieders/{id}", CATALOGUE),
    (
        "POST",
        "/beheer/maatwerk/aanbieders/{id}/contracten",
        CATALOGUE,
    ),
    (
        "POST",
        "/beheer/maatwerk/aanbieders/{id}/organisatie",
        CATALOGUE,
    ),
    (
        "POST",
        "/beheer/maatwerk/contracten/{id}/beeindigen",
        CATALOGUE,
    ),
    ("GET", "/beheer/maatwerk/producten", CATALOGUE),
    ("POST", "/beheer/maatwerk/producten", CATALOGUE),
    ("GET", "/beheer/maatwerk/producten/{id}", CATALOGUE),
    ("POST", "/beheer/maatwerk/producten/{id}", CATALOGUE),
    ("GET", "/beheer/maatwerk/import", CATALOGUE),
    ("POST", "/beheer/maatwerk/import", CATALOGUE),
    ("GET", "/beheer/maatwerk/import/voorbeeld.csv", CATALOGUE),
    ("GET", "/beheer/berichten", CATALOGUE),
    ("POST", "/beheer/berichten/inlezen", CATALOGUE),
    ("GET", "/beheer/berichten/{id}", CATALOGUE),
    ("GET", "/beheer/berichten/{id}/xml", CATALOGUE),
    ("POST", "/beheer/berichten/{id}/ophalen", CATALOGUE),
    ("POST", "/beheer/berichten/{id}/antwoord", CATALOGUE),
    ("GET", "/partner/toewijzingen", Rule::Only(&["partner"])),
    ("GET", "/partner/berichten/{id}", Rule::Only(&["partner"])),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/toewijzen",
        Rule::Only(&["professional", "coordinator", "team_lead"]),
    ),
];

/// The maatwerk catalogue: admins and contract managers.
const CATALOGUE: Rule = Rule::Only(&["admin", "contract_manager"]);

/// The viewers we try: anonymous, half logged in, and every role.
const VIEWERS: &[&str] = &[
    "anonymous",
    "pending",
    "editor",
    "partner",
    "professional",
    "coordinator",
    "team_lead",
    "policy",
    "contract_manager",
    "admin",
];

fn demo_account(viewer: &str) -> Option<&'static str> {
    Some(match viewer {
        "pending" => "regisseur",
        "editor" => "redacteur",
        "partner" => "partner",
        "professional" => "consulent",
        "coordinator" => "regisseur",
        "team_lead" => "teamleider",
        "policy" => "beleid",
        "contract_manager" => "contractbeheer",
        "admin" => "beheer",
        _ => return None,
    })
}

fn allowed(rule: Rule, viewer: &str) -> bool {
    match rule {
        Rule::Everyone => true,
        Rule::Pending => viewer == "pending",
        Rule::AnySession => viewer != "anonymous",
        Rule::SignedIn => !matches!(viewer, "anonymous" | "pending"),
        Rule::Only(roles) => roles.contains(&viewer),
    }
}

async fn viewer_client(app: &TestApp, viewer: &str) -> Browser {
    let c = app.other_client();
    match (viewer, demo_account(viewer)) {
        ("pending", Some(account)) => {
            assert_eq!(c.login_password(account, DEMO_PASSWORD).await.status(), 303);
        }
        (_, Some(account)) => c.login(account).await,
        (_, None) => {}
    }
    c
}

fn was_denied(res: &reqwest::Response) -> bool {
    let to_login = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| {
            l.starts_with("/inloggen?terug=") || l.starts_with("/inloggen/tweede-stap")
        });
    matches!(res.status().as_u16(), 401 | 403) || (res.status().is_redirection() && to_login)
}

both!(
    every_route_follows_its_rule_for_every_role,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let table = kompas_web::route_table(app.state.clone());
        let routes: BTreeSet<(String, String)> = table
            .iter()
            .map(|r| (r.method.to_string(), r.path.clone()))
            .collect();
        let ruled: BTreeSet<(String, String)> = RULES
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        let without_rule: Vec<_> = routes.difference(&ruled).collect();
        assert!(
            without_rule.is_empty(),
            "routes without an authorization rule: {without_rule:?}"
        );
        let stale: Vec<_> = ruled.difference(&routes).collect();
        assert!(
            stale.is_empty(),
            "rules for routes that do not exist: {stale:?}"
        );

        let mut failures = Vec::new();
        for viewer in VIEWERS {
            let mut client = viewer_client(&app, viewer).await;
            for (method, path, rule) in RULES {
                let concrete = path
                    .replace("{id}", "999999")
                    .replace("{provider}", "onbekend");
                let res = if *method == "GET" {
                    client.get(&concrete).await
                } else {
                    client.post_form(&concrete, &[]).await
                };
                let denied = was_denied(&res);
                let status = res.status();
                if denied == allowed(*rule, viewer) {
                    failures.push(format!(
                        "{viewer} {method} {path}: status {status}, expected {}",
                        if allowed(*rule, viewer) {
                            "allowed"
                        } else {
                            "denied"
                        }
                    ));
                }
                if *path == "/uitloggen" && viewer != &"anonymous" {
                    client = viewer_client(&app, viewer).await;
                }
            }
        }
        assert!(
            failures.is_empty(),
            "authorization mismatches:\n{}",
            failures.join("\n")
        );
    }
);
