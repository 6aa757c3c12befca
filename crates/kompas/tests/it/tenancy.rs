//! Municipalities are sealed off from each other. Every route that takes an id
//! is called by users of Beekhuizen (every role its rule lets in) with a real id
//! of Wilgendaal's, and must answer 404 and change nothing. The list below is
//! checked against the route table: a new route with an id and no entry here
//! fails the test.

use crate::both;
use crate::support::*;
use kompas_devtools::demo::DEMO_TOTP_SECRET;
use kompas_domain::{Role, Username};
use kompas_store::users::{self, NewUser};
use kompas_web::access::Access;
use sqlx::Row;
use std::collections::HashMap;

/// What the `{id}` (and second id) of a route points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Household,
    /// `{id}` a household, `{mid}` one of its members.
    HouseholdMember,
    /// `{id}` a household, `{cid}` one of its consents.
    HouseholdConsent,
    Question,
    Case,
    MaatwerkPath,
    MaatwerkDecision,
    Objection,
    CatalogueProvider,
    CatalogueProduct,
    CatalogueContract,
    /// An iWmo/iJw message (in or out).
    Message,
    Referral,
    Offer,
    Change,
    Synonym,
    Report,
    /// A public search that found little, counted for the editors.
    SearchMiss,
    Indicator,
    MonitorGoal,
    User,
    /// A municipality itself (its contact details).
    Municipality,
    /// Not a municipal record: the reason is the value.
    Exempt(&'static str),
}

const PUBLIC: Target = Target::Exempt("public directory data, the same for everyone");

const ROUTES: &[(&str, &str, Target)] = &[
    ("GET", "/aanbod/{id}", PUBLIC),
    ("POST", "/aanbod/{id}/melding", PUBLIC),
    ("GET", "/organisaties/{id}", PUBLIC),
    ("GET", "/api/hsds/services/{id}", PUBLIC),
    ("GET", "/api/hsds/organizations/{id}", PUBLIC),
    (
        "GET",
        "/mijn/inloggen/{token}",
        Target::Exempt("a one-time token is its own credential and names no municipality"),
    ),
    (
        "POST",
        "/mijn/inloggen/{token}",
        Target::Exempt("a one-time token is its own credential and names no municipality"),
    ),
    (
        "GET",
        "/mijn/digid/{gemeente}",
        Target::Exempt(
            "names the municipality whose DigiD broker to use; the BSN is matched \
             within that municipality only (tests/it/resident_digid.rs)",
        ),
    ),
    (
        "GET",
        "/mijn/digid/{gemeente}/terug",
        Target::Exempt(
            "names the municipality whose DigiD broker to use; the BSN is matched \
             within that municipality only (tests/it/resident_digid.rs)",
        ),
    ),
    (
        "GET",
        "/agenda/{token}",
        Target::Exempt(
            "a secret feed token is its own credential; it finds the worker's own agenda",
        ),
    ),
    (
        "GET",
        "/inloggen/sso/{provider}",
        Target::Exempt("the name of a login provider"),
    ),
    (
        "GET",
        "/inloggen/sso/{provider}/terug",
        Target::Exempt("the name of a login provider"),
    ),
    (
        "GET",
        "/monitor/registratie/{id}",
        Target::Exempt("a measure's code; figures are of the viewer's own municipality"),
    ),
    (
        "GET",
        "/monitor/registratie/{id}/csv",
        Target::Exempt("a measure's code; figures are of the viewer's own municipality"),
    ),
    ("GET", "/partner/verwijzingen/{id}", Target::Referral),
    ("POST", "/partner/verwijzingen/{id}/stap", Target::Referral),
    (
        "POST",
        "/werk/huishoudens/{id}/leden/{mid}/inloglink",
        Target::HouseholdMember,
    ),
    (
        "GET",
        "/werk/huishoudens/{id}/toestemming",
        Target::Household,
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/toestemming",
        Target::Household,
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/toestemming/{cid}/intrekken",
        Target::HouseholdConsent,
    ),
    ("GET", "/werk/vragen/{id}", Target::Question),
    ("POST", "/werk/vragen/{id}/toewijzen", Target::Question),
    ("POST", "/werk/vragen/{id}/contact", Target::Question),
    ("POST", "/werk/vragen/{id}/huishouden", Target::Question),
    ("POST", "/werk/vragen/{id}/afronden", Target::Question),
    ("GET", "/werk/huishoudens/{id}", Target::Household),
    ("POST", "/werk/huishoudens/{id}/leden", Target::Household),
    ("POST", "/werk/huishoudens/{id}/netwerk", Target::Household),
    (
        "POST",
        "/werk/huishoudens/{id}/betrokken",
        Target::Household,
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/leefgebieden",
        Target::Household,
    ),
    (
        "POST",
        "/werk/huishoudens/{id}/positieve-gezondheid",
        Target::Household,
    ),
    ("POST", "/werk/huishoudens/{id}/maatwerk", Target::Household),
    ("GET", "/werk/maatwerk/{id}", Target::MaatwerkPath),
    ("POST", "/werk/maatwerk/{id}/stap", Target::MaatwerkPath),
    ("GET", "/werk/maatwerk/{id}/besluit", Target::MaatwerkPath),
    ("POST", "/werk/maatwerk/{id}/besluit", Target::MaatwerkPath),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}",
        Target::MaatwerkDecision,
    ),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}/brief",
        Target::MaatwerkDecision,
    ),
    (
        "GET",
        "/werk/maatwerk/besluiten/{id}/document",
        Target::MaatwerkDecision,
    ),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/versturen",
        Target::MaatwerkDecision,
    ),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/bezwaar",
        Target::MaatwerkDecision,
    ),
    ("POST", "/werk/maatwerk/bezwaren/{id}", Target::Objection),
    (
        "GET",
        "/mijn/besluiten/{id}",
        Target::Exempt(
            "found only among the signed-in resident's own household's decisions; \
             another household's is 404 (tests/it/maatwerk.rs)",
        ),
    ),
    (
        "GET",
        "/beheer/maatwerk/aanbieders/{id}",
        Target::CatalogueProvider,
    ),
    (
        "POST",
        "/beheer/maatwerk/aanbieders/{id}",
        Target::CatalogueProvider,
    ),
    (
        "POST",
        "/beheer/maatwerk/aanbieders/{id}/contracten",
        Target::CatalogueProvider,
    ),
    (
        "POST",
        "/beheer/maatwerk/aanbieders/{id}/organisatie",
        Target::CatalogueProvider,
    ),
    (
        "POST",
        "/beheer/maatwerk/contracten/{id}/beeindigen",
        Target::CatalogueContract,
    ),
    (
        "GET",
        "/beheer/maatwerk/producten/{id}",
        Target::CatalogueProduct,
    ),
    (
        "POST",
        "/beheer/maatwerk/producten/{id}",
        Target::CatalogueProduct,
    ),
    (
        "GET",
        "/api/v1/maatwerk/besluiten/{id}",
        Target::MaatwerkDecision,
    ),
    (
        "POST",
        "/werk/maatwerk/besluiten/{id}/toewijzen",
        Target::MaatwerkDecision,
    ),
    ("GET", "/beheer/berichten/{id}", Target::Message),
    ("GET", "/beheer/berichten/{id}/xml", Target::Message),
    ("POST", "/beheer/berichten/{id}/ophalen", Target::Message),
    ("POST", "/beheer/berichten/{id}/antwoord", Target::Message),
    ("GET", "/partner/berichten/{id}", Target::Message),
    ("GET", "/werk/trajecten/{id}", Target::Case),
    ("GET", "/werk/trajecten/{id}/plan", Target::Case),
    ("POST", "/werk/trajecten/{id}/doelen", Target::Case),
    ("POST", "/werk/trajecten/{id}/doelen/status", Target::Case),
    ("POST", "/werk/trajecten/{id}/acties", Target::Case),
    ("POST", "/werk/trajecten/{id}/acties/gedaan", Target::Case),
    ("POST", "/werk/trajecten/{id}/hulp", Target::Case),
    ("POST", "/werk/trajecten/{id}/hulp/netwerk", Target::Case),
    ("POST", "/werk/trajecten/{id}/contact", Target::Case),
    ("POST", "/werk/trajecten/{id}/hulp/stoppen", Target::Case),
    ("POST", "/werk/trajecten/{id}/afspreken", Target::Case),
    ("POST", "/werk/trajecten/{id}/overdragen", Target::Case),
    ("POST", "/werk/trajecten/{id}/schalen", Target::Case),
    ("POST", "/werk/trajecten/{id}/casustafel", Target::Case),
    ("POST", "/werk/trajecten/{id}/verwijzingen", Target::Case),
    (
        "POST",
        "/werk/trajecten/{id}/verwijzingen/stap",
        Target::Case,
    ),
    ("POST", "/werk/trajecten/{id}/notities", Target::Case),
    ("POST", "/werk/trajecten/{id}/evaluaties", Target::Case),
    ("POST", "/werk/trajecten/{id}/momenten", Target::Case),
    ("POST", "/werk/trajecten/{id}/afsluiten", Target::Case),
    (
        "POST",
        "/werk/trajecten/{id}/nazorg-beeindigen",
        Target::Case,
    ),
    ("GET", "/partner/aanbod/{id}", Target::Offer),
    ("POST", "/partner/aanbod/{id}", Target::Offer),
    ("POST", "/redactie/wachtrij/{id}", Target::Change),
    ("GET", "/redactie/aanbod/{id}", Target::Offer),
    ("POST", "/redactie/aanbod/{id}", Target::Offer),
    (
        "POST",
        "/redactie/synoniemen/{id}/verwijderen",
        Target::Synonym,
    ),
    (
        "POST",
        "/redactie/meldingen/{id}/afgehandeld",
        Target::Report,
    ),
    (
        "POST",
        "/redactie/zoekvragen/{id}/synoniem",
        Target::SearchMiss,
    ),
    (
        "POST",
        "/redactie/zoekvragen/{id}/niet-nodig",
        Target::SearchMiss,
    ),
    ("GET", "/monitor/indicatoren/{id}", Target::Indicator),
    ("GET", "/monitor/indicatoren/{id}/csv", Target::Indicator),
    (
        "POST",
        "/monitor/doelenboom/doelen/{id}",
        Target::MonitorGoal,
    ),
    (
        "POST",
        "/monitor/doelenboom/doelen/{id}/verwijderen",
        Target::MonitorGoal,
    ),
    (
        "GET",
        "/monitor/doelenboom/indicatoren/{id}",
        Target::Indicator,
    ),
    (
        "POST",
        "/monitor/doelenboom/indicatoren/{id}",
        Target::Indicator,
    ),
    (
        "POST",
        "/monitor/doelenboom/indicatoren/{id}/verwijderen",
        Target::Indicator,
    ),
    ("GET", "/beheer/gebruikers/{id}", Target::User),
    ("POST", "/beheer/gebruikers/{id}/blokkeren", Target::User),
    ("POST", "/beheer/gebruikers/{id}/deblokkeren", Target::User),
    ("POST", "/beheer/gebruikers/{id}/rol", Target::User),
    (
        "POST",
        "/beheer/gebruikers/{id}/tweede-stap-wissen",
        Target::User,
    ),
    ("POST", "/beheer/gebruikers/{id}/gemeenten", Target::User),
    (
        "POST",
        "/beheer/gebruikers/{id}/gemeenten/intrekken",
        Target::User,
    ),
    ("GET", "/beheer/gemeente/{id}", Target::Municipality),
    ("POST", "/beheer/gemeente/{id}", Target::Municipality),
];

/// One id from a query with one integer parameter (`n` column).
async fn one_id(app: &TestApp, sql: &str, param: i64) -> i64 {
    let id: Option<i64> = sqlx::query(sql)
        .bind(param)
        .fetch_one(app.db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    id.unwrap_or_else(|| panic!("no record for: {sql}"))
}

/// Real records of Wilgendaal, one per kind (made where the demo has none).
async fn wilgendaal_records(app: &TestApp) -> HashMap<&'static str, i64> {
    let m = wilgendaal(app).await;
    let mut ids = HashMap::new();
    ids.insert("municipality", m);
    let first =
        |table: &str| format!("SELECT MIN(id) AS n FROM {table} WHERE municipality_id = $1");
    ids.insert("household", one_id(app, &first("households"), m).await);
    ids.insert(
        "member",
        one_id(
            app,
            "SELECT MIN(id) AS n FROM household_members WHERE household_id = $1",
            ids["household"],
        )
        .await,
    );
    ids.insert("question", one_id(app, &first("questions"), m).await);
    ids.insert("case", one_id(app, &first("cases"), m).await);
    // The demo has no maatwerk path: start one for that household.
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    let path = kompas_store::maatwerk::start_path(
        &mut tx,
        &kompas_domain::MunicipalityScope::single(m),
        ids["household"],
        None,
        kompas_domain::maatwerk::Law::Wmo,
        now.date_naive(),
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    ids.insert("maatwerk_path", path);
    let (decision, objection) =
        sent_decision_with_objection(app, &kompas_domain::MunicipalityScope::single(m), path).await;
    ids.insert("maatwerk_decision", decision);
    ids.insert("objection", objection);
    // The demo catalogue: a provider, a product and an open contract of Wilgendaal.
    ids.insert(
        "catalogue_provider",
        one_id(app, &first("maatwerk_providers"), m).await,
    );
    ids.insert(
        "catalogue_product",
        one_id(app, &first("maatwerk_products"), m).await,
    );
    ids.insert(
        "catalogue_contract",
        one_id(
            app,
            "SELECT MIN(c.id) AS n FROM maatwerk_contracts c JOIN maatwerk_providers p \
             ON p.id = c.provider_id WHERE p.municipality_id = $1 AND c.valid_until IS NULL",
            m,
        )
        .await,
    );
    // A message waiting in Wilgendaal's outbox, for a provider of Wilgendaal.
    let mut tx = app.db.begin().await.unwrap();
    let message = kompas_store::maatwerk::insert_message(
        &mut tx,
        &kompas_store::maatwerk::NewMessage {
            municipality_id: m,
            law: kompas_domain::maatwerk::Law::Wmo,
            kind: "301".into(),
            direction: kompas_store::maatwerk::Direction::Out,
            message_ref: "TENANCY1".into(),
            dated_on: now.date_naive(),
            agb_code: "75990011".into(),
            provider_id: Some(ids["catalogue_provider"]),
            household_id: Some(ids["household"]),
            replies_to: None,
            answer_due_on: None,
            status: "klaar".into(),
            summary: "Toewijzing (test)".into(),
            problems: None,
            xml: "<bericht/>".into(),
            file_name: None,
        },
        &[],
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    ids.insert("message", message);
    ids.insert(
        "referral",
        one_id(
            app,
            "SELECT MIN(r.id) AS n FROM referrals r JOIN cases c ON c.id = r.case_id \
             WHERE c.municipality_id = $1 AND r.status <> 'concept'",
            m,
        )
        .await,
    );
    let consent = one_id(
        app,
        "SELECT MIN(c.id) AS n FROM consents c JOIN households h ON h.id = c.household_id \
         WHERE h.municipality_id = $1",
        m,
    )
    .await;
    ids.insert("consent", consent);
    ids.insert(
        "consent_household",
        one_id(
            app,
            "SELECT household_id AS n FROM consents WHERE id = $1",
            consent,
        )
        .await,
    );
    ids.insert("offer", one_id(app, &first("offers"), m).await);
    ids.insert(
        "user",
        users::by_username(&app.db, "beheer")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    ids.insert(
        "indicator",
        one_id(
            app,
            "SELECT MIN(id) AS n FROM monitor_indicators WHERE scope = 'm:' || CAST($1 AS TEXT)",
            m,
        )
        .await,
    );
    ids.insert(
        "monitor_goal",
        one_id(
            app,
            "SELECT MIN(id) AS n FROM monitor_goals WHERE scope = 'm:' || CAST($1 AS TEXT)",
            m,
        )
        .await,
    );
    // A synonym, a visitor's report and a partner's proposal of Wilgendaal.
    let mut tx = app.db.begin().await.unwrap();
    let now = chrono::Utc::now();
    let synonym = kompas_store::directory::add_synonym(&mut tx, m, "verzegeld", "gesloten", now)
        .await
        .unwrap();
    let report = kompas_store::directory::add_report(
        &mut tx,
        ids["offer"],
        "Het telefoonnummer klopt niet.",
        None,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    kompas_store::search_misses::record(
        &app.db,
        m,
        &kompas_domain::directory::search_miss::search_month(now),
        &kompas_domain::directory::SearchMissQuery::new("wilgendaalse zoekvraag").unwrap(),
        0,
        now,
    )
    .await
    .unwrap();
    ids.insert("search_miss", one_id(app, &first("search_misses"), m).await);
    ids.insert("synonym", synonym);
    ids.insert("report", report);
    let partner = app.other_client();
    partner.login("partner").await;
    let org = users::by_username(&app.db, "partner")
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .unwrap();
    let own_offer = one_id(
        app,
        "SELECT MIN(id) AS n FROM offers WHERE organization_id = $1",
        org,
    )
    .await;
    let proposed = partner
        .post_form(
            &format!("/partner/aanbod/{own_offer}"),
            &[
                ("naam", "Voorstel van de partner"),
                ("omschrijving", "Een nieuwe omschrijving van dit aanbod."),
                ("laag", "3"),
                ("leefgebied", "financien"),
                ("toegang", "aanmelden"),
                ("gratis", "1"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(proposed.status(), 303, "the partner's proposal");
    ids.insert(
        "change",
        one_id(
            app,
            "SELECT MAX(id) AS n FROM offer_changes WHERE offer_id = $1",
            own_offer,
        )
        .await,
    );
    ids
}

fn concrete(path: &str, target: Target, ids: &HashMap<&'static str, i64>) -> String {
    let (id, second) = match target {
        Target::Household => (ids["household"], None),
        Target::HouseholdMember => (ids["household"], Some(("{mid}", ids["member"]))),
        Target::HouseholdConsent => (ids["consent_household"], Some(("{cid}", ids["consent"]))),
        Target::Question => (ids["question"], None),
        Target::Case => (ids["case"], None),
        Target::MaatwerkPath => (ids["maatwerk_path"], None),
        Target::MaatwerkDecision => (ids["maatwerk_decision"], None),
        Target::Objection => (ids["objection"], None),
        Target::CatalogueProvider => (ids["catalogue_provider"], None),
        Target::CatalogueProduct => (ids["catalogue_product"], None),
        Target::CatalogueContract => (ids["catalogue_contract"], None),
        Target::Message => (ids["message"], None),
        Target::Referral => (ids["referral"], None),
        Target::Offer => (ids["offer"], None),
        Target::Change => (ids["change"], None),
        Target::Synonym => (ids["synonym"], None),
        Target::Report => (ids["report"], None),
        Target::SearchMiss => (ids["search_miss"], None),
        Target::Indicator => (ids["indicator"], None),
        Target::MonitorGoal => (ids["monitor_goal"], None),
        Target::User => (ids["user"], None),
        Target::Municipality => (ids["municipality"], None),
        Target::Exempt(_) => (0, None),
    };
    let mut p = path.replace("{id}", &id.to_string());
    if let Some((slot, v)) = second {
        p = p.replace(slot, &v.to_string());
    }
    p
}

/// Users of Beekhuizen for every role (its admin comes with the demo), with
/// the demo password and second-factor key.
async fn beekhuizen_users(app: &TestApp) -> HashMap<Role, &'static str> {
    let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
        .await
        .unwrap();
    let org = kompas_store::tenancy::organizations(&app.db, beekhuizen.id)
        .await
        .unwrap()
        .remove(0)
        .id;
    let hash = users::by_username(&app.db, "consulent")
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    let mut out = HashMap::from([(Role::Admin, "beheer-beekhuizen")]);
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    for (role, name) in [
        (Role::Editor, "bk-redacteur"),
        (Role::Partner, "bk-partner"),
        (Role::Professional, "bk-consulent"),
        (Role::Coordinator, "bk-regisseur"),
        (Role::TeamLead, "bk-teamleider"),
        (Role::Policy, "bk-beleid"),
        (Role::ContractManager, "bk-contract"),
    ] {
        let id = users::create(
            &mut tx,
            &NewUser {
                username: Username::parse(name).unwrap(),
                display_name: name.into(),
                role,
                municipality_id: beekhuizen.id,
                organization_id: (role == Role::Partner).then_some(org),
                password_hash: hash.clone(),
            },
            now,
        )
        .await
        .unwrap();
        let sealed =
            kompas_store::secrets::seal_totp(&app.state.secrets, id, DEMO_TOTP_SECRET).unwrap();
        users::set_totp_secret(&mut tx, id, Some(&sealed), now)
            .await
            .unwrap();
        out.insert(role, name);
    }
    tx.commit().await.unwrap();
    out
}

/// A fingerprint of Wilgendaal's data that a refused request must leave alone.
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let m = wilgendaal(app).await;
    let mut out = Vec::new();
    for sql in [
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) AS n FROM cases WHERE municipality_id = $1",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) AS n FROM questions WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM household_members m JOIN households h ON h.id = m.household_id WHERE h.municipality_id = $1",
        "SELECT COUNT(*) AS n FROM consents c JOIN households h ON h.id = c.household_id WHERE h.municipality_id = $1 AND c.withdrawn_at IS NULL",
        "SELECT COUNT(*) AS n FROM synonyms WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM search_misses WHERE municipality_id = $1 AND handled_at IS NULL",
        "SELECT COUNT(*) AS n FROM offer_reports r JOIN offers f ON f.id = r.offer_id WHERE f.municipality_id = $1 AND r.handled_at IS NULL",
        "SELECT COUNT(*) AS n FROM offer_changes WHERE status = 'pending' AND $1 > 0",
        // An offer's translations, and every other edit of an offer (each bumps its version).
        "SELECT COUNT(*) AS n FROM offer_translations t JOIN offers f ON f.id = t.offer_id WHERE f.municipality_id = $1",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) AS n FROM offers WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM monitor_indicators WHERE scope = 'm:' || CAST($1 AS TEXT)",
        "SELECT COUNT(*) AS n FROM monitor_goals WHERE scope = 'm:' || CAST($1 AS TEXT)",
        "SELECT CAST(COALESCE(SUM(disabled), 0) AS BIGINT) AS n FROM users WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM user_municipalities WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM resident_links WHERE $1 > 0",
        // Every change of the catalogue writes a history row.
        "SELECT COUNT(*) AS n FROM maatwerk_catalogue_changes WHERE municipality_id = $1",
        // Allocations, and messages still waiting to be collected.
        "SELECT COUNT(*) AS n FROM maatwerk_allocations WHERE municipality_id = $1",
        "SELECT COUNT(organization_id) AS n FROM maatwerk_providers WHERE municipality_id = $1",
        "SELECT COUNT(*) AS n FROM maatwerk_messages WHERE municipality_id = $1 AND exported_at IS NULL",
        // The contact details residents see.
        "SELECT CAST(LENGTH(contact_phone || contact_email || contact_website) AS BIGINT) AS n FROM municipalities WHERE id = $1",
    ] {
        out.push(count(app, sql, m).await);
    }
    out
}

both!(
    another_municipality_gets_404_on_every_route_with_an_id,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let table = kompas_web::route_table(app.state.clone());
        let listed: HashMap<(String, String), Target> = ROUTES
            .iter()
            .map(|(m, p, t)| ((m.to_string(), p.to_string()), *t))
            .collect();
        let with_id: Vec<_> = table.iter().filter(|r| r.path.contains('{')).collect();
        let missing: Vec<String> = with_id
            .iter()
            .filter(|r| !listed.contains_key(&(r.method.to_string(), r.path.clone())))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(
            missing.is_empty(),
            "routes with an id but no entry in the cross-municipality test: {missing:?}"
        );
        let stale: Vec<_> = listed
            .keys()
            .filter(|(m, p)| {
                !with_id
                    .iter()
                    .any(|r| r.method.as_str() == m && &r.path == p)
            })
            .collect();
        assert!(
            stale.is_empty(),
            "entries for routes that do not exist: {stale:?}"
        );

        let ids = wilgendaal_records(&app).await;
        let accounts = beekhuizen_users(&app).await;
        let mut clients = HashMap::new();
        for (role, name) in &accounts {
            let c = app.other_client();
            c.login(name).await;
            clients.insert(*role, c);
        }
        let before = fingerprint(&app).await;
        let mut failures = Vec::new();
        let mut tried = 0;
        for r in &with_id {
            let target = listed[&(r.method.to_string(), r.path.clone())];
            if matches!(target, Target::Exempt(_)) {
                continue;
            }
            let roles: Vec<Role> = match r.access {
                Access::Roles(roles) => roles.to_vec(),
                other => panic!(
                    "{} {}: expected a role rule, got {other:?}",
                    r.method, r.path
                ),
            };
            let path = concrete(&r.path, target, &ids);
            for role in roles {
                let client = &clients[&role];
                let res = if r.method == "GET" {
                    client.get(&path).await
                } else {
                    client.post_form(&path, &[]).await
                };
                tried += 1;
                if res.status() != 404 {
                    failures.push(format!(
                        "{role} of Beekhuizen: {} {path} gave {}",
                        r.method,
                        res.status()
                    ));
                }
            }
        }
        assert!(tried > 60, "only {tried} requests tried");
        assert!(
            failures.is_empty(),
            "another municipality's records reached:\n{}",
            failures.join("\n")
        );
        assert_eq!(
            fingerprint(&app).await,
            before,
            "refused requests changed Wilgendaal's data"
        );

        // The same ids are real: Wilgendaal's own staff reach every page.
        let mut signed_in: HashMap<&str, Browser> = HashMap::new();
        for (account, path) in [
            ("beheer", format!("/beheer/gebruikers/{}", ids["user"])),
            (
                "beheer",
                format!("/beheer/gemeente/{}", ids["municipality"]),
            ),
            (
                "contractbeheer",
                format!("/beheer/maatwerk/aanbieders/{}", ids["catalogue_provider"]),
            ),
            (
                "beheer",
                format!("/beheer/maatwerk/producten/{}", ids["catalogue_product"]),
            ),
            (
                "beleid",
                format!("/monitor/indicatoren/{}", ids["indicator"]),
            ),
            ("redacteur", format!("/redactie/aanbod/{}", ids["offer"])),
            ("teamleider", format!("/werk/trajecten/{}", ids["case"])),
            ("teamleider", format!("/werk/vragen/{}", ids["question"])),
            (
                "consulent",
                format!("/api/v1/maatwerk/besluiten/{}", ids["maatwerk_decision"]),
            ),
        ] {
            // One login per account: a second-factor code counts once per 30 s.
            if !signed_in.contains_key(account) {
                let c = app.other_client();
                c.login(account).await;
                signed_in.insert(account, c);
            }
            let c = &signed_in[account];
            let status = c.get(&path).await.status();
            assert!(
                status.is_success(),
                "{account} of Wilgendaal: GET {path} gave {status}"
            );
        }
    }
);

both!(
    an_admin_manages_only_the_own_municipalitys_accounts,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        let bea = app.other_client();
        bea.login("beheer-beekhuizen").await;
        // The API and the page list Beekhuizen's accounts only.
        let api: serde_json::Value = bea.get("/api/v1/users").await.json().await.unwrap();
        let names: Vec<&str> = api
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"beheer-beekhuizen"));
        assert!(!names.contains(&"consulent"), "{names:?}");
        let page = bea.get("/beheer/gebruikers").await.text().await.unwrap();
        assert!(!page.contains("consulent"));
        // No account for Wilgendaal can be made from Beekhuizen.
        let res = bea
            .post_form(
                "/beheer/gebruikers",
                &[
                    ("gebruikersnaam", "indringer"),
                    ("naam", "Indringer"),
                    ("rol", "professional"),
                    ("gemeente", "GM9901"),
                    ("wachtwoord", "een-lang-wachtwoord-2026"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(users::by_username(&app.db, "indringer")
            .await
            .unwrap()
            .is_none());
        // Wilgendaal's audit rows are not on Beekhuizen's audit page.
        let consulent = app.other_client();
        consulent.login("consulent").await;
        let audit = bea.get("/beheer/audit").await.text().await.unwrap();
        assert!(audit.contains("beheer-beekhuizen"));
        assert!(!audit.contains("consulent ("), "Wilgendaal's rows shown");

        // Wilgendaal's admin makes its consultant work for Beekhuizen too: only
        // possible once Wilgendaal's admin also holds Beekhuizen.
        let beheer = app.other_client();
        beheer.login("beheer").await;
        let consulent_id = users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap()
            .id;
        let grant = |c: &Browser| {
            let c = c.clone();
            async move {
                c.post_form(
                    &format!("/beheer/gebruikers/{consulent_id}/gemeenten"),
                    &[("gemeente", "GM9902")],
                )
                .await
                .status()
            }
        };
        assert_eq!(
            grant(&beheer).await,
            422,
            "Wilgendaal's admin holds no Beekhuizen"
        );
        // The operator makes Wilgendaal's admin work for Beekhuizen too.
        kompas::commands::user_grant(&app.db, "beheer", "GM9902")
            .await
            .unwrap();
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        beheer.login("beheer").await;
        assert_eq!(grant(&beheer).await, 303);
        let consulent_user = users::by_username(&app.db, "consulent")
            .await
            .unwrap()
            .unwrap();
        let scope = users::scope_of(&app.db, &consulent_user).await.unwrap();
        assert!(scope.contains(beekhuizen.id));
        let rows = kompas_store::audit::recent_installation_wide(&app.db, 20)
            .await
            .unwrap();
        assert!(
            rows.iter().any(|r| r
                .entry
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("werkt nu ook voor Beekhuizen"))),
            "the grant is audited"
        );
    }
);

both!(
    a_shared_team_works_the_queues_it_is_granted,
    |backend| async move {
        let Some(app) = TestApp::spawn(backend).await else {
            return;
        };
        use kompas_domain::toegang::question::{AgeGroup, Channel};
        let beekhuizen = kompas_store::tenancy::municipality_by_code(&app.db, "GM9902")
            .await
            .unwrap();
        let now = chrono::Utc::now();
        let mut tx = app.db.begin().await.unwrap();
        let question = kompas_store::toegang::create_question(
            &mut tx,
            &kompas_store::toegang::NewQuestion {
                municipality_id: beekhuizen.id,
                channel: Channel::Professional,
                urgent: true,
                body: "Een buurman in Beekhuizen maakt zich zorgen.".into(),
                life_domains: Vec::new(),
                contact_name: None,
                contact_phone: None,
                contact_email: None,
                contact_way: None,
                age_group: AgeGroup::Adult,
                area_code: None,
                postcode: None,
                household_id: None,
                submitted_by: None,
                submitter_organization: None,
                reason: None,
                received_at: now,
                due_date: now.date_naive(),
            },
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let path = format!("/werk/vragen/{question}");
        let worker = app.other_client();
        worker.login("consulent").await;
        assert_eq!(worker.get(&path).await.status(), 404);
        let queue = worker.get("/werk/wachtrij").await.text().await.unwrap();
        assert!(!queue.contains(&path));
        // Granted Beekhuizen as well, the same worker sees both queues.
        kompas::commands::user_grant(&app.db, "consulent", "GM9902")
            .await
            .unwrap();
        let queue = worker.get("/werk/wachtrij").await.text().await.unwrap();
        assert!(
            queue.contains(&path),
            "the granted municipality's question is queued"
        );
        assert_eq!(worker.get(&path).await.status(), 200);
    }
);
