//! Serving the web application, and logging.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use samverkan_search::SearchIndex;
use samverkan_storage::Store;
use samverkan_web::auth::SessionKey;
use samverkan_web::{AppState, Follower, Mailer};
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
    let (follower, kept) = Follower::with_marker(config.index_path.join(CHANGE_FLOOR_FILE));
    // A new index is built from the database; an existing one replays what it missed, unless
    // it has followed further than this database has gone (an index of another database, a
    // restore): then it is built anew too.
    let last = store
        .last_search_change()
        .await
        .map_err(database::cause)
        .context("could not read the search change log")?;
    let state_needs_rebuild = fresh || !kept || follower.floor() > last;
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
        trusted_proxies: config.trusted_proxies.iter().copied().collect(),
        search: Arc::new(search),
        follower: Arc::new(tokio::sync::Mutex::new(follower)),
        hot_copies: Arc::default(),
        signer: signer(config)?.map(Arc::new),
    };
    if state_needs_rebuild {
        tracing::info!(path = %config.index_path.display(), "new search index: building it from the database");
        state
            .rebuild_search()
            .await
            .map_err(|error| anyhow::anyhow!("{error:?}"))
            .context("could not build the search index")?;
    } else {
        let mut replayed = 0;
        loop {
            let applied = state
                .apply_search_changes()
                .await
                .map_err(|error| anyhow::anyhow!("{error:?}"))
                .context("could not bring the search index up to date")?;
            if applied == 0 {
                break;
            }
            replayed += applied;
        }
        tracing::info!(
            meetings = replayed,
            "search index brought up to date from the change log"
        );
    }
    Ok(state)
}

/// The organisation's signing key and certificate, when both are configured.
pub(crate) fn signer(config: &Config) -> Result<Option<samverkan_sign::Signer>> {
    let signer = match (&config.signing_key, &config.signing_certificate) {
        (None, None) => None,
        (Some(key), Some(certificate)) => {
            let read = |path: &std::path::Path| {
                std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))
            };
            let signer = samverkan_sign::Signer::from_pem(&read(key)?, &read(certificate)?)?
                .with_timestamp_authority(config.timestamp_url.clone());
            tracing::info!(subject = %signer.subject(), timestamped = signer.timestamps(), "adjusted protocols are signed");
            Some(signer)
        }
        _ => anyhow::bail!("signing_key and signing_certificate go together: set both or neither"),
    };
    if signer.is_none() && config.timestamp_url.is_some() {
        anyhow::bail!("timestamp_url timestamps signatures: set signing_key and signing_certificate too");
    }
    Ok(signer)
}

/// The file in the index directory that keeps how far the index has followed the change log.
const CHANGE_FLOOR_FILE: &str = "samverkan-change-floor";
/// How often a server looks for changes made by other processes.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Serves the application on `address` until Ctrl-C, printing the address it really got, and
/// keeps the search index following the database's change log meanwhile.
pub async fn serve_store(mut state: AppState, address: SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("could not listen on {address}"))?;
    let local = listener.local_addr().context("could not read the listening address")?;
    if state.public_url == crate::config::DEFAULT_PUBLIC_URL {
        // Links in e-mail, feeds and OParl ids then at least reach this server (a demo on a
        // free port); behind a proxy or a name, public_url must be configured.
        state.public_url = format!("http://{local}");
        if !local.ip().is_loopback() {
            tracing::warn!(public_url = %state.public_url, "public_url is not configured: links are made with the listening address");
        }
    }
    let store = state.store.clone();
    // Saves through other servers and imports by the CLI reach this index through the change log.
    // On PostgreSQL a notification wakes the follower at once; polling stays as the fallback.
    let mut woken = match store.change_signal().await {
        Ok(signal) => signal,
        Err(error) => {
            tracing::warn!(?error, "no change notifications; the search index follows by polling");
            None
        }
    };
    let follower = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FOLLOW_EVERY);
        loop {
            match &mut woken {
                Some(signal) => {
                    tokio::select! {
                        _ = tick.tick() => {}
                        notified = signal.recv() => if notified.is_none() { woken = None },
                    }
                }
                None => {
                    tick.tick().await;
                }
            }
            if let Err(error) = follower.apply_search_changes().await {
                tracing::warn!(?error, "the search index could not follow the change log");
            }
        }
    });
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
