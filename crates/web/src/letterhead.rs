//! A body's own logo: uploaded by its secretary (PNG or JPEG, at most 1 MB), shown on the
//! body's pages and in the head of its protocols, notices and extracts.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use samverkan_domain::BodyId;
use sha2::{Digest, Sha256};

use crate::auth::{Action, Viewer};
use crate::error::parse_id;
use crate::routes::Routes;
use crate::{AppError, AppState};

/// The largest logo accepted: a letterhead, not a poster.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/organ/{id}/logotyp",
            &["GET", "POST"],
            get(logo)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_LOGO_BYTES + 16 * 1024)),
        )
        .route("/organ/{id}/logotyp/ta-bort", &["POST"], post(remove))
}

async fn managed(state: &AppState, viewer: &Viewer, id: &str) -> Result<BodyId, AppError> {
    let body = state.store.body(BodyId(parse_id(id)?)).await?;
    viewer.require(state, Action::ManageBody(body.id)).await?;
    Ok(body.id)
}

/// The logo, for anyone: it is on the body's public pages. Its hash is its ETag.
async fn logo(State(state): State<AppState>, Path(id): Path<String>, request: HeaderMap) -> Result<Response, AppError> {
    let body = state.store.body(BodyId(parse_id(&id)?)).await?;
    let sha256 = body.logo_sha256.ok_or(AppError::PageNotFound)?;
    let etag = format!("\"{sha256}\"");
    if request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let (media, content) = state.store.file(&sha256).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&media).unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
            (
                header::ETAG,
                HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")),
            ),
        ],
        content,
    )
        .into_response())
}

/// Takes an uploaded PNG or JPEG as the body's logo. The CSRF token comes in the query string,
/// as for attachments.
async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let body = managed(&state, &viewer, &id).await?;
    let mut multipart =
        multipart.map_err(|_| AppError::BadInput("Formuläret ska skickas som filuppladdning.".into()))?;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_string();
            file = Some((name, field.bytes().await.map_err(upload_error)?));
        }
    }
    let (name, content) = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| AppError::BadInput("Välj en bildfil att ladda upp.".into()))?;
    if content.len() > MAX_LOGO_BYTES {
        return Err(AppError::BadInput("Logotypen får vara högst 1 MB.".into()));
    }
    let media = crate::minutes::media_type(&name, &content)
        .ok()
        .filter(|m| m.starts_with("image/"))
        .ok_or_else(|| AppError::BadInput("Logotypen ska vara en PNG- eller JPEG-bild.".into()))?;
    let sha256 = hex::encode(Sha256::digest(&content));
    state.store.put_file(&sha256, media, &content).await?;
    state.store.set_body_logo(body, Some(&sha256)).await?;
    Ok(Redirect::to(&format!("/organ/{body}")).into_response())
}

async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = managed(&state, &viewer, &id).await?;
    if !fields.iter().any(|(k, v)| k == "confirm" && v == "ja") {
        return Err(AppError::BadInput("Kryssa i att logotypen ska tas bort.".into()));
    }
    state.store.set_body_logo(body, None).await?;
    Ok(Redirect::to(&format!("/organ/{body}")).into_response())
}

fn upload_error(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadInput("Logotypen får vara högst 1 MB.".into())
    } else {
        AppError::BadInput("Uppladdningen avbröts eller var felaktig. Försök igen.".into())
    }
}
