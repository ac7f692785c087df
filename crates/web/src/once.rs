//! Forms that create something are sent once: each carries a one-time token (`_once`, made
//! with the form as its page is rendered), and the first submission claims it in the store, so
//! a double click or a reload of the answer creates nothing twice and leads where the first one
//! led.

use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;

use crate::{AppError, AppState};

/// The form field holding the token.
pub const FIELD: &str = "_once";

/// A new token for a form on a page being rendered.
pub fn new_token() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What a form's work came to.
pub enum Outcome {
    /// It was done; the answer is a redirect to `location`, where a repeat also leads.
    Done(String),
    /// It was refused (the form comes back with the reason); the same form may be sent again.
    Refused(Response),
}

/// Runs the work of a form carrying `token` once. A repeat of a submission that was done is
/// sent where the first one led (to `fallback` while the first is still running); a refused
/// or failed one releases the token, so nothing the user wrote is lost to a resubmission.
/// A form without a token (a script's) just runs.
pub async fn run<F>(state: &AppState, token: Option<String>, fallback: &str, work: F) -> Result<Response, AppError>
where
    F: std::future::Future<Output = Result<Outcome, AppError>>,
{
    let token = token.filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    if let Some(token) = &token {
        if let Some(earlier) = state.store.claim_submission(token, Utc::now()).await? {
            let location = earlier.unwrap_or_else(|| fallback.to_string());
            return Ok(Redirect::to(&location).into_response());
        }
    }
    let outcome = work.await;
    if let Some(token) = &token {
        let location = match &outcome {
            Ok(Outcome::Done(location)) => Some(location.as_str()),
            _ => None,
        };
        state.store.finish_submission(token, location).await?;
    }
    Ok(match outcome? {
        Outcome::Done(location) => Redirect::to(&location).into_response(),
        Outcome::Refused(response) => response,
    })
}
