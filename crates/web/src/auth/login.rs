//! Logging in with a password (argon2, throttled) and logging out.

use std::net::{IpAddr, SocketAddr};
use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Form;
use chrono::Utc;
use rand_core::OsRng;
use serde::Deserialize;

use super::session::Session;
use super::throttle::Throttle;
use super::Viewer;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/logga-in", &["GET", "POST"], get(login_form).post(login))
        .route("/logga-ut", &["POST"], axum::routing::post(logout))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    username: String,
    error: Option<String>,
}

async fn login_form(viewer: Viewer) -> Result<Html<String>, AppError> {
    Ok(Html(
        LoginPage {
            nav: Nav::of(&viewer),
            username: String::new(),
            error: None,
        }
        .render()?,
    ))
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

/// The shortest password an account may be given.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password checked or given; argon2's work should not grow with what a stranger
/// sends.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The address the request came from, when the server was started with connection info:
/// behind a trusted reverse proxy, the client its `X-Forwarded-For` names.
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        Ok(ClientAddress(
            peer.map(|peer| client_behind(peer, &forwarded, &state.trusted_proxies)),
        ))
    }
}

/// The client of a request from `peer`: each proxy appends the address it got the request
/// from, so the list is read from the right, past the trusted proxies, to the first address
/// none of them vouches for. A header from anyone else, or one that does not parse, counts for
/// nothing: the peer itself is the client.
pub fn client_behind(peer: IpAddr, forwarded_for: &str, trusted: &[IpAddr]) -> IpAddr {
    // A server listening on [::] sees IPv4 peers as ::ffff:a.b.c.d; compared as plain IPv4.
    let trusted: Vec<IpAddr> = trusted.iter().map(IpAddr::to_canonical).collect();
    let mut client = peer.to_canonical();
    // At most as many hops as there are trusted proxies, and a bounded header.
    for hop in forwarded_for.rsplit(',').take(trusted.len().min(16)) {
        if !trusted.contains(&client) {
            break;
        }
        match hop.trim().parse::<IpAddr>() {
            Ok(address) => client = address.to_canonical(),
            Err(_) => break,
        }
    }
    client
}

async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientAddress(address): ClientAddress,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_string();
    let refuse = |error: AppError, viewer: &Viewer| -> Result<Response, AppError> {
        let mut response = (
            error.status(),
            Html(
                LoginPage {
                    nav: Nav::of(viewer),
                    username: username.clone(),
                    error: Some(error.user_message()),
                }
                .render()?,
            ),
        )
            .into_response();
        if let AppError::TooManyAttempts { seconds } = error {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        Ok(response)
    };
    if form.password.chars().count() > MAX_PASSWORD_CHARS || username.chars().count() > 200 {
        return refuse(AppError::WrongPassword, &viewer);
    }
    let throttle = Throttle::new(&username, address);
    if let Err(error) = throttle.check(&state, Utc::now()).await {
        // Debug: a flood of refused attempts must not become a flood of log lines.
        tracing::debug!(username = ?username, ?address, "login refused while throttled");
        return refuse(error, &viewer);
    }
    let user = state.store.user_by_username(&username).await?;
    let hash = user.as_ref().map(|user| user.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU: on the blocking pool it cannot stall the
    // threads that answer every other request.
    let verified = tokio::task::spawn_blocking(move || verify(hash.as_deref(), &form.password))
        .await
        .unwrap_or(false);
    match user {
        Some(user) if verified && user.disabled => {
            tracing::info!(username = ?username, "login to a disabled account");
            refuse(
                AppError::BadInput("Kontot är avstängt. Kontakta administratören.".into()),
                &viewer,
            )
        }
        Some(user) if verified => {
            throttle.succeeded(&state).await?;
            let session = Session::logged_in(&user.username);
            state
                .store
                .create_session(&session.token_sha256(), user.id, session.expires_at())
                .await?;
            Ok((
                StatusCode::SEE_OTHER,
                [
                    (SET_COOKIE, session.set_cookie(&state.session_key, state.secure_cookies)),
                    // Signed in, a person starts on their own page.
                    (LOCATION, "/mitt".parse().expect("static location")),
                ],
            )
                .into_response())
        }
        _ => {
            throttle.failed(&state, Utc::now()).await?;
            // Debug formatting escapes newlines and control characters: a user name cannot
            // write a line of its own into the log.
            tracing::info!(username = ?username, ?address, "failed login");
            refuse(AppError::WrongPassword, &viewer)
        }
    }
}

/// Whether `password` matches `hash`. An unknown user costs the same work as a known one: the
/// password is checked against a hash of nothing, and the answer is no.
fn verify(hash: Option<&str>, password: &str) -> bool {
    static NOBODY: LazyLock<String> = LazyLock::new(|| {
        Argon2::default()
            .hash_password(b"", &SaltString::generate(&mut OsRng))
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    });
    let known = hash.is_some();
    let matches = PasswordHash::new(hash.unwrap_or(NOBODY.as_str()))
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok());
    known && matches
}

async fn logout(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    state.store.end_session(&viewer.session.token_sha256()).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                SET_COOKIE,
                Session::anonymous().set_cookie(&state.session_key, state.secure_cookies),
            ),
            (LOCATION, "/".parse().expect("static location")),
        ],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::client_behind;
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_is_read_from_the_right_past_trusted_proxies_only() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // Two proxies in a row: the client is what the first of them appended.
        assert_eq!(
            client_behind(ip("10.0.0.2"), "203.0.113.5, 10.0.0.1", &trusted),
            ip("203.0.113.5")
        );
        // A forged address before the real one is never reached.
        assert_eq!(
            client_behind(ip("10.0.0.1"), "1.2.3.4, 203.0.113.5", &trusted),
            ip("203.0.113.5")
        );
        // An untrusted peer, an empty or broken header: the peer itself.
        assert_eq!(
            client_behind(ip("198.51.100.9"), "203.0.113.5", &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(client_behind(ip("10.0.0.1"), "", &trusted), ip("10.0.0.1"));
        assert_eq!(
            client_behind(ip("10.0.0.1"), "not an address", &trusted),
            ip("10.0.0.1")
        );
        assert_eq!(client_behind(ip("10.0.0.1"), "203.0.113.5", &[]), ip("10.0.0.1"));
        // A dual-stack listener's view of an IPv4 proxy is the same proxy.
        assert_eq!(
            client_behind(ip("::ffff:10.0.0.1"), "203.0.113.5", &trusted),
            ip("203.0.113.5")
        );
    }
}
