//! The route table. Pages and API endpoints are registered here, each with its
//! access rule; API endpoints also land in the OpenAPI document (utoipa), so a
//! registered API route is a documented one.

use crate::access::{self, Access};
use crate::state::AppState;
use crate::{
    api, auth, directory, hsds_api, maatwerk, monitor, pages, plan, resident, sharing, toegang,
};
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use kompas_domain::Role;
use utoipa::openapi::path::HttpMethod;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: String,
    pub access: Access,
}

pub struct Routes {
    router: Router<AppState>,
    api: OpenApiRouter<AppState>,
    table: Vec<RouteInfo>,
}

const ADMIN: &[Role] = &[Role::Admin];
const PARTNER: &[Role] = &[Role::Partner];
const EDITORS: &[Role] = &[Role::Editor, Role::Admin];
/// The monitor's dashboards: aggregates only.
const MONITOR: &[Role] = &[Role::Policy, Role::TeamLead];
/// The goal tree, measurements and explanations.
const MONITOR_EDIT: &[Role] = &[Role::Policy, Role::Admin];
/// Who triages questions and works with households.
const WORKERS: &[Role] = &[Role::Professional, Role::Coordinator, Role::TeamLead];
/// Who keeps the maatwerk catalogue (providers, products, contracts).
const CATALOGUE: &[Role] = &[Role::Admin, Role::ContractManager];
/// Who reads sent decisions through the API (case systems sign in as one).
const DECISION_READERS: &[Role] = &[Role::Professional, Role::Admin];

impl Routes {
    fn new() -> Self {
        Routes {
            router: Router::new(),
            api: OpenApiRouter::with_openapi(api::ApiDoc::openapi_base()),
            table: Vec::new(),
        }
    }

    fn guard(access: Access, mr: MethodRouter<AppState>) -> MethodRouter<AppState> {
        mr.route_layer(axum::middleware::from_fn_with_state(
            access,
            access::enforce,
        ))
    }

    fn add(
        mut self,
        method: Method,
        path: &str,
        access: Access,
        mr: MethodRouter<AppState>,
    ) -> Self {
        self.table.push(RouteInfo {
            method,
            path: path.to_string(),
            access,
        });
        self.router = self.router.route(path, Self::guard(access, mr));
        self
    }

    pub fn get<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, access, get(handler))
    }

    pub fn post<H, T>(self, path: &str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, access, post(handler))
    }

    /// An API endpoint described with `#[utoipa::path]`, registered via `routes!`.
    pub fn api(mut self, access: Access, r: UtoipaMethodRouter<AppState>) -> Self {
        let (schemas, paths, mr) = r;
        for (path, item) in &paths.paths {
            let ops = [
                (Method::GET, &item.get, HttpMethod::Get),
                (Method::POST, &item.post, HttpMethod::Post),
                (Method::PUT, &item.put, HttpMethod::Put),
                (Method::PATCH, &item.patch, HttpMethod::Patch),
                (Method::DELETE, &item.delete, HttpMethod::Delete),
            ];
            for (method, op, _) in ops {
                if op.is_some() {
                    self.table.push(RouteInfo {
                        method,
                        path: path.clone(),
                        access,
                    });
                }
            }
        }
        self.api = self.api.routes((schemas, paths, Self::guard(access, mr)));
        self
    }

    fn finish(self) -> (Router<AppState>, Vec<RouteInfo>) {
        let (api_router, openapi) = self.api.split_for_parts();
        let openapi = std::sync::Arc::new(openapi);
        let mut table = self.table;
        table.push(RouteInfo {
            method: Method::GET,
            path: "/api/v1/openapi.json".into(),
            access: Access::Public,
        });
        let router = self
            .router
            .merge(api_router)
            .route(
                "/api/v1/openapi.json",
                get(move || {
                    let doc = openapi.clone();
                    async move { axum::Json(doc.as_ref().clone()) }
                }),
            )
            .fallback(pages::not_found);
        (router, table)
    }
}

pub fn build(state: AppState) -> (Router, Vec<RouteInfo>) {
    let parts: [fn(Routes) -> Routes; 12] = [
        public_pages,
        residents,
        work,
        plan_routes,
        maatwerk_routes,
        catalogue_routes,
        directory_editing,
        monitor_routes,
        hsds,
        accounts,
        administration,
        json_api,
    ];
    let routes = parts.into_iter().fold(Routes::new(), |r, part| part(r));
    let (router, table) = routes.finish();
    (router.with_state(state), table)
}

/// Public pages and the sociale kaart, public.
fn public_pages(r: Routes) -> Routes {
    r.get("/", Access::Public, directory::pages::start)
        // The sociale kaart, public.
        .get("/zoeken", Access::Public, directory::pages::search)
        .get("/zoeken/afdrukken", Access::Public, directory::pages::print)
        .get("/aanbod/{id}", Access::Public, directory::pages::offer)
        .post(
            "/aanbod/{id}/melding",
            Access::Public,
            directory::pages::report,
        )
        .get(
            "/organisaties/{id}",
            Access::Public,
            directory::pages::organization,
        )
        .get("/vraagwijzer", Access::Public, directory::pages::guide)
}

/// Toegang: questions arrive, are triaged and lead to a household; partners'
/// signals and referrals, and the resident's own pages.
fn residents(r: Routes) -> Routes {
    r.get("/vraag-stellen", Access::Public, toegang::resident::form)
        .post("/vraag-stellen", Access::Public, toegang::resident::submit)
        .get(
            "/vraag-stellen/verstuurd",
            Access::Public,
            toegang::resident::confirmation,
        )
        // How residents reach the municipality, what it keeps and how accessible this is.
        .get("/privacy", Access::Public, pages::statements::privacy)
        .get(
            "/toegankelijkheid",
            Access::Public,
            pages::statements::accessibility,
        )
        .get(
            "/partner/signalen",
            Access::Roles(PARTNER),
            toegang::partner::list,
        )
        .post(
            "/partner/signalen",
            Access::Roles(PARTNER),
            toegang::partner::submit,
        )
        .get(
            "/partner/verwijzingen",
            Access::Roles(PARTNER),
            sharing::inbox::list,
        )
        .get(
            "/partner/verwijzingen/{id}",
            Access::Roles(PARTNER),
            sharing::inbox::show,
        )
        .post(
            "/partner/verwijzingen/{id}/stap",
            Access::Roles(PARTNER),
            sharing::inbox::step,
        )
        .post(
            "/werk/huishoudens/{id}/leden/{mid}/inloglink",
            Access::Roles(WORKERS),
            resident::make_link,
        )
        .get("/mijn", Access::Public, resident::home)
        .get(
            "/mijn/inloggen/{token}",
            Access::Public,
            resident::enter_form,
        )
        .post("/mijn/inloggen/{token}", Access::Public, resident::enter)
        .post("/mijn/uitloggen", Access::Public, resident::leave)
        .get("/mijn/besluiten/{id}", Access::Public, resident::decision)
        .get("/mijn/inzage", Access::Public, resident::looks)
        .get(
            "/mijn/digid/{gemeente}",
            Access::Public,
            resident::digid::start,
        )
        .get(
            "/mijn/digid/{gemeente}/terug",
            Access::Public,
            resident::digid::callback,
        )
}

/// Workers: consent, the queue, questions and households.
fn work(r: Routes) -> Routes {
    r.post("/mijn/correctie", Access::Public, resident::correction)
        .get(
            "/werk/huishoudens/{id}/toestemming",
            Access::Roles(WORKERS),
            sharing::consent::show,
        )
        .post(
            "/werk/huishoudens/{id}/toestemming",
            Access::Roles(WORKERS),
            sharing::consent::add,
        )
        .post(
            "/werk/huishoudens/{id}/toestemming/{cid}/intrekken",
            Access::Roles(WORKERS),
            sharing::consent::withdraw,
        )
        .get(
            "/werk/wachtrij",
            Access::Roles(WORKERS),
            toegang::work::queue,
        )
        .get(
            "/werk/signalen/import",
            Access::Roles(WORKERS),
            toegang::signals_import::form,
        )
        .post(
            "/werk/signalen/import",
            Access::Roles(WORKERS),
            toegang::signals_import::upload,
        )
        .get(
            "/werk/signalen/import/voorbeeld.csv",
            Access::Roles(WORKERS),
            toegang::signals_import::example,
        )
        .get(
            "/werk/vragen/nieuw",
            Access::Roles(WORKERS),
            toegang::work::new_form,
        )
        .post(
            "/werk/vragen/nieuw",
            Access::Roles(WORKERS),
            toegang::work::create,
        )
        .get(
            "/werk/vragen/{id}",
            Access::Roles(WORKERS),
            toegang::work::question,
        )
        .post(
            "/werk/vragen/{id}/toewijzen",
            Access::Roles(WORKERS),
            toegang::work::assign,
        )
        .post(
            "/werk/vragen/{id}/contact",
            Access::Roles(WORKERS),
            toegang::work::first_contact,
        )
        .post(
            "/werk/vragen/{id}/huishouden",
            Access::Roles(WORKERS),
            toegang::work::link_household,
        )
        .post(
            "/werk/vragen/{id}/afronden",
            Access::Roles(WORKERS),
            toegang::work::close,
        )
        .get(
            "/werk/huishoudens/{id}",
            Access::Roles(WORKERS),
            toegang::household::show,
        )
        .post(
            "/werk/huishoudens/{id}/leden",
            Access::Roles(WORKERS),
            toegang::household::add_member,
        )
        .post(
            "/werk/huishoudens/{id}/netwerk",
            Access::Roles(WORKERS),
            toegang::household::add_contact,
        )
        .post(
            "/werk/huishoudens/{id}/betrokken",
            Access::Roles(WORKERS),
            toegang::household::set_involved,
        )
        .post(
            "/werk/huishoudens/{id}/leefgebieden",
            Access::Roles(WORKERS),
            toegang::household::add_domain_assessment,
        )
        .post(
            "/werk/huishoudens/{id}/positieve-gezondheid",
            Access::Roles(WORKERS),
            toegang::household::add_health,
        )
}

/// Maatwerk: the worklist of legal paths, a path's page and steps, starting
/// one from a household; decisions (compose, read, print, send) and objections.
fn maatwerk_routes(r: Routes) -> Routes {
    r.get(
        "/werk/maatwerk",
        Access::Roles(WORKERS),
        maatwerk::paths::worklist,
    )
    .get(
        "/werk/maatwerk/{id}",
        Access::Roles(WORKERS),
        maatwerk::paths::show,
    )
    .post(
        "/werk/maatwerk/{id}/stap",
        Access::Roles(WORKERS),
        maatwerk::paths::step,
    )
    .post(
        "/werk/huishoudens/{id}/maatwerk",
        Access::Roles(WORKERS),
        maatwerk::paths::start,
    )
    .get(
        "/werk/maatwerk/{id}/besluit",
        Access::Roles(WORKERS),
        maatwerk::decisions::compose,
    )
    .post(
        "/werk/maatwerk/{id}/besluit",
        Access::Roles(WORKERS),
        maatwerk::decisions::create,
    )
    .get(
        "/werk/maatwerk/besluiten/{id}",
        Access::Roles(WORKERS),
        maatwerk::decisions::show,
    )
    .get(
        "/werk/maatwerk/besluiten/{id}/brief",
        Access::Roles(WORKERS),
        maatwerk::decisions::print,
    )
    .get(
        "/werk/maatwerk/besluiten/{id}/document",
        Access::Roles(WORKERS),
        maatwerk::decisions::document,
    )
    .post(
        "/werk/maatwerk/besluiten/{id}/versturen",
        Access::Roles(WORKERS),
        maatwerk::decisions::send,
    )
    .post(
        "/werk/maatwerk/besluiten/{id}/bezwaar",
        Access::Roles(WORKERS),
        maatwerk::decisions::object,
    )
    .post(
        "/werk/maatwerk/besluiten/{id}/toewijzen",
        Access::Roles(WORKERS),
        maatwerk::allocations::allocate,
    )
    .post(
        "/werk/maatwerk/bezwaren/{id}",
        Access::Roles(WORKERS),
        maatwerk::decisions::objection_step,
    )
}

/// The maatwerk catalogue: what a municipality can grant, from whom, at what tariff.
fn catalogue_routes(r: Routes) -> Routes {
    use maatwerk::catalogue as c;
    let rule = || Access::Roles(CATALOGUE);
    r.get(
        "/beheer/maatwerk/brieven",
        Access::Roles(ADMIN),
        maatwerk::letters::show,
    )
    .post(
        "/beheer/maatwerk/brieven",
        Access::Roles(ADMIN),
        maatwerk::letters::save,
    )
    .get("/beheer/maatwerk", rule(), c::overview)
    .post(
        "/beheer/maatwerk/aanbieders",
        rule(),
        c::create_entry::<c::Providers>,
    )
    .get(
        "/beheer/maatwerk/aanbieders/{id}",
        rule(),
        c::entry::<c::Providers>,
    )
    .post(
        "/beheer/maatwerk/aanbieders/{id}",
        rule(),
        c::update_entry::<c::Providers>,
    )
    .post(
        "/beheer/maatwerk/aanbieders/{id}/contracten",
        rule(),
        c::add_contract,
    )
    .post(
        "/beheer/maatwerk/aanbieders/{id}/organisatie",
        rule(),
        c::link_organization,
    )
    .post(
        "/beheer/maatwerk/contracten/{id}/beeindigen",
        rule(),
        c::end_contract,
    )
    .get("/beheer/maatwerk/producten", rule(), c::products)
    .post(
        "/beheer/maatwerk/producten",
        rule(),
        c::create_entry::<c::Products>,
    )
    .get(
        "/beheer/maatwerk/producten/{id}",
        rule(),
        c::entry::<c::Products>,
    )
    .post(
        "/beheer/maatwerk/producten/{id}",
        rule(),
        c::update_entry::<c::Products>,
    )
    .get("/beheer/berichten", rule(), maatwerk::berichten::list)
    .post(
        "/beheer/berichten/inlezen",
        rule(),
        maatwerk::berichten::upload,
    )
    .get("/beheer/berichten/{id}", rule(), maatwerk::berichten::show)
    .get(
        "/beheer/berichten/{id}/xml",
        rule(),
        maatwerk::berichten::download,
    )
    .post(
        "/beheer/berichten/{id}/ophalen",
        rule(),
        maatwerk::berichten::collect,
    )
    .post(
        "/beheer/berichten/{id}/antwoord",
        rule(),
        maatwerk::berichten::answer,
    )
    .get(
        "/partner/toewijzingen",
        Access::Roles(&[Role::Partner]),
        maatwerk::berichten::provider_overview,
    )
    .get(
        "/partner/berichten/{id}",
        Access::Roles(&[Role::Partner]),
        maatwerk::berichten::provider_message,
    )
    .get("/beheer/maatwerk/import", rule(), c::import_form)
    .post("/beheer/maatwerk/import", rule(), c::import)
    .get(
        "/beheer/maatwerk/import/voorbeeld.csv",
        rule(),
        c::import_example,
    )
}

/// Plan: a worker's cases, the case page with every coordinator step,
/// and the plan for the household.
fn plan_routes(r: Routes) -> Routes {
    r.get("/werk/trajecten", Access::Roles(WORKERS), plan::list::mine)
        .get("/werk/agenda", Access::Roles(WORKERS), plan::agenda::show)
        .get(
            "/werk/team",
            Access::Roles(&[Role::TeamLead]),
            plan::team::caseload,
        )
        .post(
            "/werk/agenda/link",
            Access::Roles(WORKERS),
            plan::agenda::new_link,
        )
        .get("/agenda/{token}", Access::Public, plan::agenda::feed)
        .get(
            "/werk/huishoudens",
            Access::Roles(WORKERS),
            toegang::find::find,
        )
        .get(
            "/werk/mijn-gegevens",
            Access::Roles(WORKERS),
            plan::contact::show,
        )
        .post(
            "/werk/mijn-gegevens",
            Access::Roles(WORKERS),
            plan::contact::save,
        )
        .get(
            "/werk/trajecten/{id}",
            Access::Roles(WORKERS),
            plan::case::show,
        )
        .get(
            "/werk/trajecten/{id}/plan",
            Access::Roles(WORKERS),
            plan::print::show,
        )
        .post(
            "/werk/trajecten/{id}/doelen",
            Access::Roles(WORKERS),
            plan::steps::add_goal,
        )
        .post(
            "/werk/trajecten/{id}/doelen/status",
            Access::Roles(WORKERS),
            plan::steps::goal_status,
        )
        .post(
            "/werk/trajecten/{id}/acties",
            Access::Roles(WORKERS),
            plan::steps::add_action,
        )
        .post(
            "/werk/trajecten/{id}/acties/gedaan",
            Access::Roles(WORKERS),
            plan::steps::action_done,
        )
        .post(
            "/werk/trajecten/{id}/hulp",
            Access::Roles(WORKERS),
            plan::steps::add_support,
        )
        .post(
            "/werk/trajecten/{id}/contact",
            Access::Roles(WORKERS),
            plan::steps::add_contact,
        )
        .post(
            "/werk/trajecten/{id}/hulp/netwerk",
            Access::Roles(WORKERS),
            plan::steps::add_network_support,
        )
        .post(
            "/werk/trajecten/{id}/hulp/stoppen",
            Access::Roles(WORKERS),
            plan::steps::end_support,
        )
        .post(
            "/werk/trajecten/{id}/afspreken",
            Access::Roles(WORKERS),
            plan::steps::agree_plan,
        )
        .post(
            "/werk/trajecten/{id}/overdragen",
            Access::Roles(WORKERS),
            plan::steps::hand_over,
        )
        .post(
            "/werk/trajecten/{id}/schalen",
            Access::Roles(WORKERS),
            plan::steps::scale,
        )
        .post(
            "/werk/trajecten/{id}/casustafel",
            Access::Roles(WORKERS),
            plan::steps::case_table,
        )
        .post(
            "/werk/trajecten/{id}/verwijzingen",
            Access::Roles(WORKERS),
            plan::steps::refer,
        )
        .post(
            "/werk/trajecten/{id}/verwijzingen/stap",
            Access::Roles(WORKERS),
            plan::steps::referral_step,
        )
        .post(
            "/werk/trajecten/{id}/notities",
            Access::Roles(WORKERS),
            plan::steps::add_note,
        )
        .post(
            "/werk/trajecten/{id}/evaluaties",
            Access::Roles(WORKERS),
            plan::steps::plan_evaluation,
        )
        .post(
            "/werk/trajecten/{id}/momenten",
            Access::Roles(WORKERS),
            plan::steps::complete_moment,
        )
        .post(
            "/werk/trajecten/{id}/afsluiten",
            Access::Roles(WORKERS),
            plan::steps::close,
        )
        .post(
            "/werk/trajecten/{id}/nazorg-beeindigen",
            Access::Roles(WORKERS),
            plan::steps::end_aftercare,
        )
}

/// Partners keep their own offers current; editors review.
fn directory_editing(r: Routes) -> Routes {
    r.get(
        "/partner/aanbod",
        Access::Roles(PARTNER),
        directory::editorial::partner_offers,
    )
    .post(
        "/partner/aanbod/bevestigen",
        Access::Roles(PARTNER),
        directory::editorial::partner_confirm,
    )
    .get(
        "/partner/aanbod/nieuw",
        Access::Roles(PARTNER),
        directory::editorial::partner_new_form,
    )
    .post(
        "/partner/aanbod/nieuw",
        Access::Roles(PARTNER),
        directory::editorial::partner_propose_new,
    )
    .get(
        "/partner/aanbod/{id}",
        Access::Roles(PARTNER),
        directory::editorial::partner_edit_form,
    )
    .post(
        "/partner/aanbod/{id}",
        Access::Roles(PARTNER),
        directory::editorial::partner_propose,
    )
    .get(
        "/redactie",
        Access::Roles(EDITORS),
        directory::editorial::editor_home,
    )
    .get(
        "/redactie/wachtrij",
        Access::Roles(EDITORS),
        directory::editorial::editor_queue,
    )
    .post(
        "/redactie/wachtrij/{id}",
        Access::Roles(EDITORS),
        directory::editorial::editor_decide,
    )
    .get(
        "/redactie/aanbod/{id}",
        Access::Roles(EDITORS),
        directory::editorial::editor_edit_form,
    )
    .post(
        "/redactie/aanbod/{id}",
        Access::Roles(EDITORS),
        directory::editorial::editor_save,
    )
    .get(
        "/redactie/verouderd",
        Access::Roles(EDITORS),
        directory::editorial::editor_stale,
    )
    .post(
        "/redactie/verouderd",
        Access::Roles(EDITORS),
        directory::editorial::editor_confirm,
    )
    .get(
        "/redactie/synoniemen",
        Access::Roles(EDITORS),
        directory::editorial::editor_synonyms,
    )
    .post(
        "/redactie/synoniemen",
        Access::Roles(EDITORS),
        directory::editorial::editor_add_synonyms,
    )
    .post(
        "/redactie/synoniemen/{id}/verwijderen",
        Access::Roles(EDITORS),
        directory::editorial::editor_delete_synonym,
    )
    .get(
        "/redactie/zoekvragen",
        Access::Roles(EDITORS),
        directory::search_misses::list,
    )
    .post(
        "/redactie/zoekvragen/{id}/synoniem",
        Access::Roles(EDITORS),
        directory::search_misses::make_synonym,
    )
    .post(
        "/redactie/zoekvragen/{id}/niet-nodig",
        Access::Roles(EDITORS),
        directory::search_misses::not_needed,
    )
    .get(
        "/redactie/meldingen",
        Access::Roles(EDITORS),
        directory::editorial::editor_reports,
    )
    .post(
        "/redactie/meldingen/{id}/afgehandeld",
        Access::Roles(EDITORS),
        directory::editorial::editor_close_report,
    )
}

/// The monitor: dashboards for policy and team leads, editing for policy.
fn monitor_routes(r: Routes) -> Routes {
    r.get("/monitor", Access::Roles(MONITOR), monitor::dashboard::home)
        .get(
            "/monitor/indicatoren/{id}",
            Access::Roles(MONITOR),
            monitor::dashboard::indicator,
        )
        .get(
            "/monitor/indicatoren/{id}/csv",
            Access::Roles(MONITOR),
            monitor::dashboard::indicator_csv,
        )
        .get(
            "/monitor/registratie",
            Access::Roles(MONITOR),
            monitor::dashboard::registration,
        )
        .get(
            "/monitor/registratie/{id}",
            Access::Roles(MONITOR),
            monitor::dashboard::measure,
        )
        .get(
            "/monitor/registratie/{id}/csv",
            Access::Roles(MONITOR),
            monitor::dashboard::measure_download,
        )
        .get(
            "/monitor/raadsrapportage",
            Access::Roles(MONITOR),
            monitor::dashboard::report,
        )
        .get(
            "/monitor/doelenboom",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::editor,
        )
        .post(
            "/monitor/doelenboom/doelen",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::create_goal,
        )
        .post(
            "/monitor/doelenboom/doelen/{id}",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::update_goal,
        )
        .post(
            "/monitor/doelenboom/doelen/{id}/verwijderen",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::delete_goal,
        )
        .get(
            "/monitor/doelenboom/indicatoren/nieuw",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::new_indicator_form,
        )
        .post(
            "/monitor/doelenboom/indicatoren/nieuw",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::create_indicator,
        )
        .get(
            "/monitor/doelenboom/indicatoren/{id}",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::edit_indicator_form,
        )
        .post(
            "/monitor/doelenboom/indicatoren/{id}",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::update_indicator,
        )
        .post(
            "/monitor/doelenboom/indicatoren/{id}/verwijderen",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::delete_indicator,
        )
        .get(
            "/monitor/doelenboom/csv",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::export_tree,
        )
        .post(
            "/monitor/doelenboom/csv",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::import_tree,
        )
        .get(
            "/monitor/metingen",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::measurements_form,
        )
        .post(
            "/monitor/metingen",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::add_measurement,
        )
        .post(
            "/monitor/metingen/import",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::import_measurements,
        )
        .post(
            "/monitor/toelichting",
            Access::Roles(MONITOR_EDIT),
            monitor::editor::explain,
        )
        .get(
            "/monitor/kosten",
            Access::Roles(MONITOR),
            monitor::costs::page,
        )
        .get(
            "/monitor/kosten/begroting",
            Access::Roles(MONITOR_EDIT),
            monitor::costs::budget_form,
        )
        .post(
            "/monitor/kosten/begroting",
            Access::Roles(MONITOR_EDIT),
            monitor::costs::save_budget,
        )
        .post(
            "/monitor/kosten/taakvelden",
            Access::Roles(MONITOR_EDIT),
            monitor::costs::save_mapping,
        )
        .get("/static/kompas.css", Access::Public, pages::theme_css)
        .get("/static/nlds.css", Access::Public, pages::nlds_css)
        .get("/metrics", Access::Public, pages::metrics)
        .api(Access::Public, utoipa_axum::routes!(api::health))
}

/// The sociale kaart as HSDS 3.0: public, open CORS (see hsds_api).
fn hsds(r: Routes) -> Routes {
    r.api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::root)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::profile_doc)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::services)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::service)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::organizations)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::organization)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::taxonomies)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::taxonomy_terms)),
    )
    .api(
        Access::Public,
        hsds_api::cors(utoipa_axum::routes!(hsds_api::service_at_locations)),
    )
}

/// Accounts.
fn accounts(r: Routes) -> Routes {
    r.get("/inloggen", Access::Public, auth::pages::login_form)
        .post("/inloggen", Access::Public, auth::pages::login)
        .get(
            "/inloggen/tweede-stap",
            Access::SecondFactorPending,
            auth::pages::second_factor_form,
        )
        .post(
            "/inloggen/tweede-stap",
            Access::SecondFactorPending,
            auth::pages::second_factor,
        )
        .post("/uitloggen", Access::AnySession, auth::pages::logout)
        .get(
            "/inloggen/sso/{provider}",
            Access::Public,
            auth::oidc::start,
        )
        .get(
            "/inloggen/sso/{provider}/terug",
            Access::Public,
            auth::oidc::callback,
        )
}

/// Administration.
fn administration(r: Routes) -> Routes {
    r.get(
        "/beheer/gebruikers",
        Access::Roles(ADMIN),
        pages::admin::users,
    )
    .post(
        "/beheer/gebruikers",
        Access::Roles(ADMIN),
        pages::admin::create_user,
    )
    .get(
        "/beheer/gebruikers/{id}",
        Access::Roles(ADMIN),
        pages::admin::user,
    )
    .post(
        "/beheer/gebruikers/{id}/blokkeren",
        Access::Roles(ADMIN),
        pages::admin::disable_user,
    )
    .post(
        "/beheer/gebruikers/{id}/deblokkeren",
        Access::Roles(ADMIN),
        pages::admin::enable_user,
    )
    .post(
        "/beheer/gebruikers/{id}/rol",
        Access::Roles(ADMIN),
        pages::admin::change_role,
    )
    .post(
        "/beheer/gebruikers/{id}/tweede-stap-wissen",
        Access::Roles(ADMIN),
        pages::admin::reset_second_factor,
    )
    .post(
        "/beheer/gebruikers/{id}/gemeenten",
        Access::Roles(ADMIN),
        pages::admin::grant_municipality,
    )
    .post(
        "/beheer/gebruikers/{id}/gemeenten/intrekken",
        Access::Roles(ADMIN),
        pages::admin::revoke_municipality,
    )
    .get(
        "/beheer/audit",
        Access::Roles(ADMIN),
        pages::audit_log::page,
    )
    .get(
        "/beheer/gemeente",
        Access::Roles(ADMIN),
        pages::municipality::list,
    )
    .get(
        "/beheer/gemeente/{id}",
        Access::Roles(ADMIN),
        pages::municipality::show,
    )
    .post(
        "/beheer/gemeente/{id}",
        Access::Roles(ADMIN),
        pages::municipality::save,
    )
    .get(
        "/beheer/audit/export.csv",
        Access::Roles(ADMIN),
        pages::audit_log::export,
    )
}

/// JSON API.
fn json_api(r: Routes) -> Routes {
    r.api(Access::SignedIn, utoipa_axum::routes!(api::me))
        .api(Access::SignedIn, utoipa_axum::routes!(api::municipalities))
        .api(Access::Roles(ADMIN), utoipa_axum::routes!(api::users))
        .api(
            Access::Roles(DECISION_READERS),
            utoipa_axum::routes!(api::maatwerk::decisions),
        )
        .api(
            Access::Roles(DECISION_READERS),
            utoipa_axum::routes!(api::maatwerk::decision),
        )
}
