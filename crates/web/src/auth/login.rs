//! Logging in with a password (argon2) and logging out.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use askama::Template;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::session::Session;
use super::Viewer;
use crate::nav::Nav;
use crate::{AppError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/logga-in", get(login_form).post(login))
        .route("/logga-ut", axum::routing::post(logout))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    username: String,
    error: Option<&'static str>,
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

async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let user = state.store.user_by_username(form.username.trim()).await?;
    let verified = user.as_ref().is_some_and(|user| {
        PasswordHash::new(&user.password_hash).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(form.password.as_bytes(), &hash)
                .is_ok()
        })
    });
    match user {
        Some(user) if verified => {
            let session = Session::logged_in(&user.username);
            Ok((
                StatusCode::SEE_OTHER,
                [
                    (SET_COOKIE, session.set_cookie(&state.session_key, state.secure_cookies)),
                    (LOCATION, "/".parse().expect("static location")),
                ],
            )
                .into_response())
        }
        _ => {
            tracing::info!(username = %form.username, "failed login");
            let page = LoginPage {
                nav: Nav::of(&viewer),
                username: form.username,
                error: Some("Fel användarnamn eller lösenord."),
            };
            Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response())
        }
    }
}

async fn logout(State(state): State<AppState>) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (
                SET_COOKIE,
                Session::anonymous().set_cookie(&state.session_key, state.secure_cookies),
            ),
            (LOCATION, "/".parse().expect("static location")),
        ],
    )
        .into_response()
}
