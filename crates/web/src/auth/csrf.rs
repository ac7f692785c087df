//! CSRF protection for every state-changing request, checked in one middleware.
//!
//! The token is an HMAC of the session's nonce. A request other than GET/HEAD must carry it
//! as the form field `_csrf`, the query parameter `_csrf` (multipart uploads) or the header
//! `X-CSRF-Token` (scripts); otherwise it is refused before any handler runs.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::session::{Session, SessionKey};
use crate::{AppError, AppState};

/// The largest form body read to find the token; uploads carry it in the query string.
const FORM_LIMIT: usize = 1024 * 1024;

/// The CSRF token for a session.
pub fn token_for(session: &Session, key: &SessionKey) -> String {
    key.sign(&format!("csrf:{}", session.nonce))
}

fn field(encoded: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// Middleware: refuses a state-changing request without the session's CSRF token.
pub async fn verify_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return AppError::CsrfRejected.into_response();
    };
    let expected = token_for(&session, &state.session_key);
    let from_header = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = request.uri().query().and_then(|q| field(q, "_csrf"));
    if from_header.or(from_query).as_deref() == Some(expected.as_str()) {
        return next.run(request).await;
    }
    let is_form = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::CsrfRejected.into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return AppError::FormTooLarge {
            max_kb: FORM_LIMIT / 1024,
        }
        .into_response();
    };
    let matches = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| field(text, "_csrf"))
        .is_some_and(|token| token == expected);
    if !matches {
        return AppError::CsrfRejected.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_url_encoded_fields() {
        assert_eq!(field("a=1&_csrf=ab%2Bc&b=2", "_csrf").as_deref(), Some("ab+c"));
        assert_eq!(field("title=Hej+d%C3%A5", "title").as_deref(), Some("Hej då"));
        assert_eq!(field("a=1", "_csrf"), None);
        assert_eq!(
            field("_csrf=%zz", "_csrf").as_deref(),
            Some("%zz"),
            "kept verbatim, never matches a token"
        );
    }
}
