//! Serving the web application, and logging.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use samverkan_search::SearchIndex;
use samverkan_storage::Store;
use samverkan_web::auth::SessionKey;
use samverkan_web::{AppState, Mailer};
use secrecy::ExposeSecret;
use tracing_subscriber::EnvFilter;

use crate::cli::ServeArgs;
use crate::config::Config;
use crate::database;

/// Logs to standard error; `RUST_LOG` wins over the configured filter.
pub fn init_logging(filter: &str) {
    // tantivy reports every commit at info; only its warnings matter here.
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(format!("tantivy=warn,{filter}")))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    // A second call (tests running commands in one process) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `samverkan serve`.
pub async fn serve(config: &Config, args: &ServeArgs) -> Result<()> {
    if config.session_secret.is_none() {
        tracing::warn!("no session_secret configured: logins end when the server stops");
    }
    let store = database::open(&config.database_url).await?;
    serve_store(app_state(config, store).await?, config.listen(&args.listen)).await
}

/// The web application's state for a store under this configuration.
pub async fn app_state(config: &Config, store: Arc<dyn Store>) -> Result<AppState> {
    let session_key = match &config.session_secret {
        Some(secret) => SessionKey::from_secret(secret.expose_secret()),
        None => SessionKey::random(),
    };
    let (search, fresh) = SearchIndex::open_or_create(&config.index_path)
        .map_err(|error| anyhow::anyhow!("{error}"))
        .with_context(|| format!("could not open the search index in {}", config.index_path.display()))?;
    let state_needs_rebuild = fresh;
    let mailer = config
        .smtp_url
        .as_ref()
        .map(|url| Mailer::new(url.expose_secret(), &config.mail_from))
        .transpose()
        .map_err(|error| anyhow::anyhow!("invalid e-mail settings (smtp_url, mail_from): {error}"))?;
    let state = AppState {
        store,
        session_key,
        secure_cookies: config.secure_cookies,
        mailer,
        public_url: config.public_url.clone(),
        search: Arc::new(search),
    };
    if state_needs_rebuild {
        tracing::info!(path = %config.index_path.display(), "new search index: building it from the database");
        state
            .rebuild_search()
            .await
            .map_err(|error| anyhow::anyhow!("{error:?}"))
            .context("could not build the search index")?;
    }
    Ok(state)
}

/// Serves the application on `address` until Ctrl-C, printing the address it really got.
/// The search index is rebuilt from the database first, so that protocols stored while the
/// server was down (imports, restores) are found.
pub async fn serve_store(state: AppState, address: SocketAddr) -> Result<()> {
    let store = state.store.clone();
    let count = state
        .rebuild_search()
        .await
        .map_err(|error| anyhow::anyhow!("{error:?}"))
        .context("could not build the search index")?;
    tracing::info!(items = count, "search index built");
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("could not listen on {address}"))?;
    let local = listener.local_addr().context("could not read the listening address")?;
    tracing::info!(backend = store.backend(), %local, "serving");
    // Tests and scripts wait for this line to know the server is up.
    println!("Samverkan listening on http://{local}");
    axum::serve(listener, state.into_service())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the web server stopped with an error")
}
