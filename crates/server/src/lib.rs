//! Kompas started: the settings (`settings`), the application over its
//! database and search index (`Application`) and the server loop (`server`).
//! The `kompas` binary and the tools in `kompas-devtools` start it from here.

pub mod jobs;
pub mod server;
pub mod settings;

use anyhow::Context;
use kompas_domain::{Clock, SystemClock};
use kompas_store::{migrate, Db};
use kompas_web::assets::Assets;
use kompas_web::{AppState, Site};
use settings::Settings;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Connects to the database of `settings` and brings its schema up to date.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url).await.map_err(|e| {
        anyhow::anyhow!("database {} is niet bereikbaar: {e}", settings.database_url)
    })?;
    migrate::run(&db)
        .await
        .map_err(|e| anyhow::anyhow!("database {}: {e}", settings.database_url))?;
    Ok(db)
}

/// The municipality shown on the public pages: the first one registered.
async fn site(db: &Db) -> Site {
    match kompas_store::tenancy::municipalities(db)
        .await
        .ok()
        .and_then(|m| m.into_iter().min_by_key(|m| m.id))
    {
        Some(m) => Site {
            name: m.name,
            municipality_id: Some(m.id),
        },
        None => Site {
            name: "uw gemeente".into(),
            municipality_id: None,
        },
    }
}

/// A built, bound, not yet running server. Tests bind port 0 and read `addr`.
pub struct Application {
    pub addr: SocketAddr,
    pub state: AppState,
    /// Header timeout and connection cap of the server loop.
    pub server: server::ServerLimits,
    /// This instance's name among those on one database (it takes job leases).
    pub instance: String,
    /// How often the search index looks for changes made elsewhere.
    pub index_poll: std::time::Duration,
    listener: TcpListener,
}

impl Application {
    pub async fn build(
        settings: &Settings,
        db: Db,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Application> {
        // No server without a strong secret key: it seals the stored secrets.
        let keyring = Arc::new(settings.keyring()?);
        let sealed = kompas_store::secrets::seal_plaintext(&db, &keyring)
            .await
            .context("onversleutelde geheimen versleutelen mislukt")?;
        if sealed.changed() > 0 {
            tracing::info!(
                count = sealed.changed(),
                key = keyring.current_id(),
                "plain-text secrets sealed with the secret key"
            );
        }
        // Secrets of a key we do not hold cannot be opened: those accounts
        // cannot finish a login. Say so at start, not at the first login.
        let known: Vec<&str> = std::iter::once(keyring.current_id())
            .chain(keyring.old_ids())
            .collect();
        for (key, count) in kompas_store::secrets::census(&db).await? {
            if let Some(key) = key.filter(|k| !known.contains(&k.as_str())) {
                tracing::error!(
                    key = %key,
                    count,
                    "stored secrets were sealed with a key that is not configured: \
                     set it in KOMPAS_SECRET_KEY_OLD and run `kompas secrets rotate`"
                );
            }
        }
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("kan niet luisteren op {}", settings.listen))?;
        let addr = listener.local_addr()?;
        let mut web = settings.web_config();
        if settings.listen.port() == 0 {
            web.public_url = format!("http://{addr}");
        }
        let index_dir = settings.data_dir.join("index");
        let search = kompas_search::SearchIndex::open(Some(&index_dir)).with_context(|| {
            format!(
                "zoekindex in {} kan niet worden geopend",
                index_dir.display()
            )
        })?;
        let state = AppState::new(
            db.clone(),
            clock,
            web,
            Assets::load(&settings.assets_dir),
            site(&db).await,
            Arc::new(search),
            keyring,
        );
        kompas_web::directory::sync_index(&state)
            .await
            .context("zoekindex bijwerken mislukt")?;
        kompas_web::pages::municipality::refresh_contact(&state)
            .await
            .context("contactgegevens van de gemeente lezen mislukt")?;
        Ok(Application {
            addr,
            state,
            server: settings.server,
            instance: format!(
                "{addr}/{}/{:08x}",
                std::process::id(),
                rand::random::<u32>()
            ),
            index_poll: settings.index_poll,
            listener,
        })
    }

    pub async fn build_default(settings: &Settings, db: Db) -> anyhow::Result<Application> {
        Self::build(settings, db, Arc::new(SystemClock)).await
    }

    /// Serves until `shutdown` resolves, then drains open requests.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let app = kompas_web::app(self.state.clone());
        self.run_router_until(app, shutdown).await
    }

    /// As `run_until`, serving `app` (the application with extra layers,
    /// such as a benchmark's timer) instead of the plain application.
    pub async fn run_router_until(
        self,
        app: axum::Router,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // Scheduled jobs: due ones run on exactly one instance (a lease in the database).
        let (state, instance) = (self.state.clone(), self.instance.clone());
        let janitor = tokio::spawn(async move {
            let mut tick = tokio::time::interval(jobs::CHECK_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = jobs::run_due(&state, &instance, state.clock.now()).await {
                    tracing::warn!(error = %e, "scheduled jobs could not be checked");
                }
            }
        });
        // Other instances and processes (an import, the other web servers)
        // change the directory while we serve: follow the database's change
        // feed, applying only what changed.
        let (state, poll) = (self.state.clone(), self.index_poll);
        let index_watch = tokio::spawn(async move {
            let mut tick = tokio::time::interval(poll);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = kompas_web::directory::sync_index(&state).await {
                    tracing::warn!(error = %e, "following the directory's changes failed");
                }
                // An admin may have saved the contact details on another instance.
                if let Err(e) = kompas_web::pages::municipality::refresh_contact(&state).await {
                    tracing::warn!(error = %e, "reading the municipality's contact failed");
                }
            }
        });
        // Budgets forget clients whose budget is full again.
        let state = self.state.clone();
        let budgets = tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.limits.forget_idle();
            }
        });
        let result = server::serve(self.listener, app, self.server, shutdown).await;
        janitor.abort();
        index_watch.abort();
        budgets.abort();
        self.state.db.close().await;
        result.context("de webserver stopte met een fout")
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("stopping");
}
