//! The Samverkan web application: server-rendered Swedish pages and the JSON API.
//!
//! [`router`] builds the whole application around an [`AppState`]; the binary serves it and the
//! tests start it on port 0. Every handler returns [`AppError`] on failure, which maps to an
//! HTTP status in one place (see [`error`]).

mod api;
pub mod error;
mod pages;
mod views;

use std::sync::Arc;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use samverkan_storage::Store;

pub use error::AppError;

/// What every handler shares: the store behind its trait.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState { store }
    }
}

/// The whole application: pages, JSON API, static files and the health check.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/static/style.css", get(stylesheet))
        .route("/health", get(|| async { "ok" }))
        .fallback(|| async { AppError::PageNotFound })
        .with_state(state)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/style.css"),
    )
}
