//! The Samverkan web application: server-rendered Swedish pages and the JSON API.
//!
//! [`router`] builds the whole application around an [`AppState`]; the binary serves it and the
//! tests start it on port 0. Every handler returns [`AppError`] on failure, which maps to an
//! HTTP status in one place (see [`error`]).

mod admin;
mod api;
mod api_types;
pub mod auth;
mod documents;
mod download;
pub mod error;
mod feeds;
mod follow;
mod follow_up;
mod headers;
pub mod hot_copies;
mod immutable;
mod imports;
mod letterhead;
mod mine;
mod minutes;
mod nav;
mod once;
mod oparl;
mod pages;
mod portal;
mod registers;
mod routes;
mod search;
mod views;

use std::sync::Arc;

use axum::http::header;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use samverkan_domain::MeetingId;
use samverkan_search::SearchIndex;
use samverkan_storage::Store;

use auth::SessionKey;

pub use error::AppError;
pub use follow::Follower;
pub use routes::Route;
use routes::Routes;
pub use samverkan_mail::Mailer;

/// What every handler shares: the store behind its trait and the session key.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub session_key: SessionKey,
    /// Whether session cookies carry `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Sends notices and extracts; none when no SMTP server is configured.
    pub mailer: Option<Mailer>,
    /// The address users reach Samverkan at, for links in e-mail ("https://samverkan.example").
    pub public_url: String,
    /// The full-text index, kept current by every handler that changes a protocol and by the
    /// change log for what other processes change ([`follow`]).
    pub search: Arc<SearchIndex>,
    /// Where this process's index stands in the change log.
    pub follower: Arc<tokio::sync::Mutex<Follower>>,
    /// The most read renderings of locked protocols, forgotten when their meeting changes.
    pub hot_copies: Arc<hot_copies::HotCopies>,
    /// Signs the PDF of every adjusted protocol (PAdES); none leaves them unsigned.
    pub signer: Option<Arc<samverkan_sign::Signer>>,
    /// Reverse proxies in front of the servers, whose `X-Forwarded-For` names the client (login
    /// throttling counts per client); from anyone else the header is ignored.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
}

impl AppState {
    /// State with a random session key: logins last until the process ends.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            session_key: SessionKey::random(),
            secure_cookies: false,
            mailer: None,
            public_url: "http://127.0.0.1:8080".to_string(),
            search: Arc::new(SearchIndex::in_memory().expect("an index in memory can always be created")),
            follower: Arc::default(),
            hot_copies: Arc::default(),
            signer: None,
            trusted_proxies: Arc::from([]),
        }
    }

    /// The router as a service that records each connection's address (login throttling
    /// counts per client address).
    pub fn into_service(
        self,
    ) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<Router, std::net::SocketAddr> {
        router(self).into_make_service_with_connect_info::<std::net::SocketAddr>()
    }

    /// Fills the search index anew from every protocol in the store.
    pub async fn rebuild_search(&self) -> Result<usize, AppError> {
        // Changes made while the index is rebuilt are applied afterwards, from this point on.
        let last = self.store.last_search_change().await?;
        // One protocol in memory at a time: the archive may be far larger than the server.
        let mut rebuild = self.search.start_rebuild()?;
        for body in self.store.bodies().await? {
            for meeting in self.store.meetings(body.id).await? {
                rebuild.add(&self.store.protocol(meeting.id).await?)?;
            }
        }
        let count = rebuild.commit()?;
        self.settle_search_changes(last).await;
        Ok(count)
    }

    /// The content hash of a protocol out for adjustment, taken before a change so that
    /// [`AppState::changed`] can tell whose approval the change makes void; none otherwise.
    pub async fn hash_before_change(&self, meeting: &samverkan_domain::Meeting) -> Result<Option<String>, AppError> {
        if meeting.status != samverkan_domain::MeetingStatus::SentForAdjustment {
            return Ok(None);
        }
        Ok(Some(self.store.protocol(meeting.id).await?.content_sha256()))
    }

    /// After a change of a meeting's minutes: the search index follows, and the adjusters who
    /// had approved the text as it stood before (`before`) are told by e-mail that their
    /// approval is void. Neither can fail the save: the database is the truth, and the page
    /// shows the void approvals anyway.
    pub async fn changed(&self, meeting: MeetingId, before: Option<String>) {
        self.reindex(meeting).await;
        let (Some(before), Some(mailer)) = (before, &self.mailer) else {
            return;
        };
        if let Err(error) = self.tell_void_approvals(meeting, &before, mailer).await {
            tracing::warn!(%meeting, ?error, "the adjusters could not be told their approval is void");
        }
    }

    async fn tell_void_approvals(&self, meeting: MeetingId, before: &str, mailer: &Mailer) -> Result<(), AppError> {
        let protocol = self.store.protocol(meeting).await?;
        if protocol.content_sha256() == before {
            return Ok(());
        }
        let mut recipients = Vec::new();
        for adjuster in &protocol.meeting.adjustment.adjusters {
            if adjuster.approves() && adjuster.has_approved(before) {
                if let Some(person) = adjuster.person_id {
                    recipients.extend(self.store.person(person).await?.email);
                }
            }
        }
        if recipients.is_empty() {
            return Ok(());
        }
        let url = format!("{}/moten/{}", self.public_url.trim_end_matches('/'), meeting);
        let message =
            samverkan_mail::approval_void_message(mailer.from(), &recipients, &protocol.body, &protocol.meeting, &url)?;
        mailer.send(message.message).await?;
        Ok(())
    }

    /// Brings the search index up to date with one meeting after a change. The database is
    /// the truth: a failure here is logged, never shown as a failed save.
    /// A meeting that no longer exists leaves the index.
    pub async fn reindex(&self, meeting: MeetingId) {
        self.reindex_all(&[meeting]).await;
    }

    /// Brings these meetings up to date in the search index, a few protocols to a commit (a
    /// commit writes files and takes milliseconds; a few, so that a long replay never holds
    /// the archive in memory), off the async threads.
    pub async fn reindex_all(&self, meetings: &[MeetingId]) {
        for chunk in meetings.chunks(REINDEX_CHUNK) {
            self.reindex_chunk(chunk).await;
        }
    }

    async fn reindex_chunk(&self, meetings: &[MeetingId]) {
        for &meeting in meetings {
            // Whatever changed the meeting may have changed what its copies show.
            self.hot_copies.forget(meeting);
        }
        let protocols = match self.store.protocols(meetings).await {
            Ok(protocols) => protocols,
            Err(error) => {
                tracing::error!(
                    ?meetings,
                    ?error,
                    "the search index could not be updated; run samverkan reindex"
                );
                return;
            }
        };
        // A meeting that is not there any more leaves the index.
        let removed: Vec<MeetingId> = meetings
            .iter()
            .copied()
            .filter(|m| !protocols.iter().any(|p| p.meeting.id == *m))
            .collect();
        let search = self.search.clone();
        let done = tokio::task::spawn_blocking(move || search.update(&protocols, &removed)).await;
        match done {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::error!(
                    ?meetings,
                    ?error,
                    "the search index could not be updated; run samverkan reindex"
                )
            }
            Err(error) => tracing::error!(?error, "a search index update failed"),
        }
    }
}

/// How many meetings' protocols one search index commit takes at most.
const REINDEX_CHUNK: usize = 32;

/// Every route of the application: pages, JSON API, static files and the health check.
fn all_routes() -> Routes {
    Routes::new()
        .merge(pages::routes())
        .merge(minutes::routes())
        .merge(mine::routes())
        .merge(admin::routes())
        .merge(follow_up::routes())
        .merge(registers::routes())
        .merge(imports::routes())
        .merge(letterhead::routes())
        .merge(feeds::routes())
        .merge(portal::routes())
        .merge(documents::routes())
        .merge(search::routes())
        .merge(auth::routes())
        .nest("/api/v1", api::routes())
        .nest("/oparl/v1", oparl::routes())
        .route("/static/style.css", &["GET"], get(stylesheet))
        .route("/static/minutes.js", &["GET"], get(minutes_script))
        .route("/health", &["GET"], get(|| async { "ok" }))
}

/// Every route the router serves, one per method, for tests that must walk all of them.
pub fn route_table() -> Vec<Route> {
    let (_, mut table) = all_routes().into_parts();
    table.sort();
    table
}

/// The whole application, with its middleware.
pub fn router(state: AppState) -> Router {
    let (routes, _) = all_routes().into_parts();
    routes
        .fallback(|| async { AppError::PageNotFound })
        // Layers run outside in: the session is read first, then the CSRF token checked.
        .layer(from_fn_with_state(state.clone(), auth::verify_csrf))
        .layer(from_fn_with_state(state.clone(), error::frame_errors))
        .layer(from_fn_with_state(state.clone(), auth::session_layer))
        .layer(from_fn_with_state(state.clone(), headers::security_headers))
        .with_state(state)
}

async fn minutes_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../static/minutes.js"),
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/style.css"),
    )
}
