//! Sessions as signed cookies: `username.nonce.expiry.signature`, signed with HMAC-SHA256.
//!
//! Every visitor gets a session (anonymous until login) so that every form, the login form
//! included, carries a CSRF token bound to it. An anonymous session lives in its cookie alone.
//! A logged-in session's nonce is also its secret: the store keeps its SHA-256, and the cookie
//! counts only while that row does, so logout, a new password or a disabled account end it on
//! every server at once (see [`crate::auth::Viewer`]).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use chrono::{Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::AppState;

pub const COOKIE_NAME: &str = "samverkan_session";
/// How long a login lasts.
const LIFETIME: Duration = Duration::hours(10);

/// The secret that signs session cookies and CSRF tokens.
#[derive(Clone)]
pub struct SessionKey(Arc<[u8; 32]>);

impl SessionKey {
    /// A key derived from a configured secret, so sessions survive restarts.
    pub fn from_secret(secret: &str) -> SessionKey {
        SessionKey(Arc::new(Sha256::digest(secret.as_bytes()).into()))
    }

    /// A random key: sessions end when the process does.
    pub fn random() -> SessionKey {
        SessionKey(Arc::new(random_bytes()))
    }

    pub(super) fn sign(&self, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_slice()).expect("HMAC takes any key length");
        mac.update(message.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn verify(&self, message: &str, signature: &str) -> bool {
        let Ok(signature) = hex::decode(signature) else {
            return false;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_slice()).expect("HMAC takes any key length");
        mac.update(message.as_bytes());
        mac.verify_slice(&signature).is_ok()
    }
}

fn random_bytes() -> [u8; 32] {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// One visitor's session, as the request carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The logged-in user's name; none for an anonymous visitor.
    pub username: Option<String>,
    /// Random per session; CSRF tokens are derived from it.
    pub nonce: String,
    pub expires: i64,
}

impl Session {
    pub fn anonymous() -> Session {
        Session {
            username: None,
            nonce: hex::encode(&random_bytes()[..16]),
            expires: (Utc::now() + LIFETIME).timestamp(),
        }
    }

    /// A fresh session for a user who just logged in (a new nonce stops session fixation);
    /// its nonce is a 256-bit secret, recorded in the store by its hash.
    pub fn logged_in(username: &str) -> Session {
        Session {
            username: Some(username.to_string()),
            nonce: hex::encode(random_bytes()),
            ..Session::anonymous()
        }
    }

    /// The SHA-256 of the session's secret, under which the store records a login.
    pub fn token_sha256(&self) -> String {
        hex::encode(Sha256::digest(self.nonce.as_bytes()))
    }

    /// When the session ends at the latest.
    pub fn expires_at(&self) -> chrono::DateTime<Utc> {
        chrono::DateTime::from_timestamp(self.expires, 0).unwrap_or_else(Utc::now)
    }

    fn payload(&self) -> String {
        format!(
            "{}.{}.{}",
            hex::encode(self.username.as_deref().unwrap_or_default()),
            self.nonce,
            self.expires
        )
    }

    pub fn to_cookie_value(&self, key: &SessionKey) -> String {
        let payload = self.payload();
        let signature = key.sign(&payload);
        format!("{payload}.{signature}")
    }

    /// The session in a cookie value, if the signature holds and it has not expired.
    pub fn from_cookie_value(value: &str, key: &SessionKey) -> Option<Session> {
        let (payload, signature) = value.rsplit_once('.')?;
        if !key.verify(payload, signature) {
            return None;
        }
        let mut parts = payload.split('.');
        let username = String::from_utf8(hex::decode(parts.next()?).ok()?).ok()?;
        let nonce = parts.next()?.to_string();
        let expires: i64 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || expires < Utc::now().timestamp() {
            return None;
        }
        Some(Session {
            username: (!username.is_empty()).then_some(username),
            nonce,
            expires,
        })
    }

    /// The `Set-Cookie` header value for this session.
    pub fn set_cookie(&self, key: &SessionKey, secure: bool) -> HeaderValue {
        let secure = if secure { "; Secure" } else { "" };
        let value = format!(
            "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            self.to_cookie_value(key),
            LIFETIME.num_seconds()
        );
        HeaderValue::from_str(&value).expect("cookie values are ASCII")
    }
}

/// Reads the session cookie of a request.
fn session_of(request: &Request, key: &SessionKey) -> Option<Session> {
    request
        .headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(name, _)| *name == COOKIE_NAME)
        .find_map(|(_, value)| Session::from_cookie_value(value, key))
}

/// Middleware: puts the visitor's session into the request, starting an anonymous one (and
/// setting its cookie) when there is none or it is invalid.
pub async fn session_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let (session, is_new) = match session_of(&request, &state.session_key) {
        Some(session) => (session, false),
        None => (Session::anonymous(), true),
    };
    request.extensions_mut().insert(session.clone());
    let mut response = next.run(request).await;
    // A handler that logged someone in or out has set its own cookie. A response any cache may
    // keep and hand to others (an adjusted protocol) never carries one.
    let shared = response
        .headers()
        .get(axum::http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    if is_new && !shared && !response.headers().contains_key(SET_COOKIE) {
        response
            .headers_mut()
            .append(SET_COOKIE, session.set_cookie(&state.session_key, state.secure_cookies));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_session_round_trips_and_tampering_is_refused() {
        let key = SessionKey::from_secret("test");
        let session = Session::logged_in("sekreterare");
        let value = session.to_cookie_value(&key);
        assert_eq!(Session::from_cookie_value(&value, &key), Some(session.clone()));

        let forged = value.replacen(&hex::encode("sekreterare"), &hex::encode("admin"), 1);
        assert_eq!(Session::from_cookie_value(&forged, &key), None);
        assert_eq!(
            Session::from_cookie_value(&value, &SessionKey::from_secret("other")),
            None
        );

        let expired = Session {
            expires: Utc::now().timestamp() - 1,
            ..session
        };
        assert_eq!(Session::from_cookie_value(&expired.to_cookie_value(&key), &key), None);
    }
}
