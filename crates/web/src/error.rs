//! Error policy of the web application.
//!
//! Handlers return [`AppError`]. Its `IntoResponse` is the one place where an error becomes an
//! HTTP status: not found → 404, stale save or duplicate → 409, broken domain rule or bad input
//! → 422, anything else → 500. The user sees a plain Swedish sentence; the technical cause of a
//! 500 goes to the log only. The JSON API wraps the same error in [`ApiError`] to answer JSON.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use samverkan_search::SearchError;
use samverkan_storage::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Sidan finns inte.")]
    PageNotFound,
    #[error("{0}")]
    BadInput(String),
    #[error("Du behöver logga in för att se eller göra detta.")]
    Unauthenticated,
    #[error("Du har inte behörighet att göra detta.")]
    Forbidden,
    #[error("Formuläret har gått ut eller kom inte från Samverkan. Ladda om sidan och försök igen.")]
    CsrfRejected,
    #[error("Fel användarnamn eller lösenord.")]
    WrongPassword,
    #[error("För många misslyckade inloggningar. Vänta {seconds} sekunder och försök igen.")]
    TooManyAttempts { seconds: u64 },
    #[error("Filen är för stor. Den får vara högst 20 MB.")]
    TooLarge,
    #[error("Formuläret är för stort. Det får vara högst {max_kb} kB.")]
    FormTooLarge { max_kb: usize },
    #[error("Sidan kunde inte visas.")]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Mail(#[from] samverkan_mail::MailError),
    #[error(transparent)]
    Search(#[from] samverkan_search::SearchError),
    #[error("Dokumentet kunde inte skapas.")]
    Render(#[from] samverkan_render::RenderError),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::PageNotFound | AppError::Store(StoreError::NotFound { .. }) => StatusCode::NOT_FOUND,
            AppError::Unauthenticated | AppError::WrongPassword => StatusCode::UNAUTHORIZED,
            AppError::TooLarge | AppError::FormTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Store(StoreError::Conflict | StoreError::Duplicate { .. }) => StatusCode::CONFLICT,
            AppError::Store(StoreError::Domain(_) | StoreError::MissingReference) | AppError::BadInput(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Mail(samverkan_mail::MailError::Send(_)) => StatusCode::BAD_GATEWAY,
            AppError::Mail(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Search(
                SearchError::EmptyQuery | SearchError::TooLong { .. } | SearchError::PageTooFar { .. },
            ) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Search(_) | AppError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Store(_) | AppError::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence shown to the user; never the technical cause of an internal error.
    pub fn user_message(&self) -> String {
        if self.status() == StatusCode::BAD_GATEWAY {
            format!("{self} Försök igen om en stund; inget har registrerats som skickat.")
        } else if self.status().is_server_error() {
            "Något gick fel hos oss. Försök igen om en stund.".to_string()
        } else {
            self.to_string()
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = ?self, "request failed");
        } else {
            // Debug formatting escapes control characters a user may have put in the value.
            tracing::debug!(error = ?self, "request refused");
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: crate::nav::Nav,
    status: u16,
    message: String,
    login: bool,
}

impl ErrorPage {
    fn html(&self) -> String {
        self.render()
            .unwrap_or_else(|_| "<!doctype html><title>Fel</title><p>Något gick fel.</p>".to_string())
    }
}

/// What an error page says, kept on the response so that [`frame_errors`] can render it
/// again in the frame of the signed-in viewer.
#[derive(Debug, Clone)]
struct ErrorContent {
    status: u16,
    message: String,
    login: bool,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let content = ErrorContent {
            status: status.as_u16(),
            message: self.user_message(),
            login: matches!(self, AppError::Unauthenticated),
        };
        let page = ErrorPage {
            nav: crate::nav::Nav::default(),
            status: content.status,
            message: content.message.clone(),
            login: content.login,
        };
        let mut response = (status, Html(page.html())).into_response();
        response.extensions_mut().insert(content);
        response
    }
}

/// Middleware: an error page answered to a signed-in viewer shows their name and "Logga ut"
/// in the header, not "Logga in" (the error itself is made without the request at hand).
pub async fn frame_errors(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::extract::FromRequestParts;
    let session = request.extensions().get::<crate::auth::Session>().cloned();
    let mut response = next.run(request).await;
    let Some(content) = response.extensions_mut().remove::<ErrorContent>() else {
        return response;
    };
    let Some(session) = session.filter(|s| s.username.is_some()) else {
        return response;
    };
    let (mut parts, ()) = axum::http::Request::new(()).into_parts();
    parts.extensions.insert(session);
    if let Ok(viewer) = crate::auth::Viewer::from_request_parts(&mut parts, &state).await {
        let page = ErrorPage {
            nav: crate::nav::Nav::of(&viewer),
            status: content.status,
            message: content.message,
            login: content.login && viewer.user.is_none(),
        };
        *response.body_mut() = axum::body::Body::from(page.html());
        response.headers_mut().remove(axum::http::header::CONTENT_LENGTH);
    }
    response
}

/// An [`AppError`] answered as JSON: `{"error": "…"}` with the same status.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let body = serde_json::json!({ "error": self.0.user_message() });
        (self.0.status(), axum::Json(body)).into_response()
    }
}

/// Parses an id from a path segment; anything but a positive number is a page that does not exist.
pub fn parse_id(segment: &str) -> Result<i64, AppError> {
    segment
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::PageNotFound)
}
