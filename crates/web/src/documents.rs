//! PDF documents on the web: the protocol, the notice with agenda, and extracts.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_domain::{Body, ItemId, MeetingId, Protocol};
use samverkan_render::{Audience, RenderError};

use crate::auth::{Action, Viewer};
use crate::download::content_disposition;
use crate::error::parse_id;
use crate::immutable;
use crate::routes::Routes;
use crate::views::public_protocol;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/moten/{id}/protokoll.pdf", &["GET"], get(protocol))
        .route("/moten/{id}/kallelse.pdf", &["GET"], get(notice))
        .route("/moten/{id}/arenden/{item}/utdrag.pdf", &["GET"], get(extract))
}

fn pdf(name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_DISPOSITION, content_disposition("inline", &name)),
        ],
        bytes,
    )
        .into_response()
}

/// Typesetting takes a while; it runs off the async workers.
async fn typeset(work: impl FnOnce() -> Result<Vec<u8>, RenderError> + Send + 'static) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::BadInput("Dokumentet kunde inte skapas.".into()))?
        .map_err(AppError::from)
}

/// The protocol as the viewer may see it (members whole, everyone else its public view, the
/// same as every public output) and whether the viewer is a member of its body.
async fn load(state: &AppState, viewer: &Viewer, id: &str) -> Result<(Protocol, bool), AppError> {
    let protocol = state.store.protocol(MeetingId(parse_id(id)?)).await?;
    let member = viewer.may(state, Action::ViewDrafts(protocol.body.id)).await?;
    let protocol = if member { protocol } else { public_protocol(protocol) };
    Ok((protocol, member))
}

fn file_name(protocol: &Protocol, what: &str) -> String {
    let short: String = protocol
        .body
        .short_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{what}-{short}-{}.pdf", protocol.meeting.date)
}

/// The body's logo for the head of its documents, when it has one.
pub(crate) async fn logo(state: &AppState, body: &Body) -> Result<Option<samverkan_render::Logo>, AppError> {
    match &body.logo_sha256 {
        Some(sha256) => Ok(samverkan_render::Logo::from_bytes(state.store.file(sha256).await?.1)),
        None => Ok(None),
    }
}

/// The minutes: members get every item of any draft; the public gets adjusted protocols
/// without confidential content.
async fn protocol(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let (protocol, member) = load(&state, &viewer, &id).await?;
    if !member && !protocol.meeting.status.is_locked() {
        return Err(AppError::BadInput("Protokollet är inte justerat ännu.".into()));
    }
    let audience = if member { Audience::Members } else { Audience::Public };
    let logo = logo(&state, &protocol.body).await?;
    // The logo is not part of the protocol's content, but it is of the document.
    let letterhead = protocol.body.logo_sha256.as_deref().unwrap_or("-").to_string();
    let etag = immutable::etag(
        &protocol.meeting,
        &format!("{}:{letterhead}", if member { "pdf-members" } else { "pdf-public" }),
    );
    if let Some(response) = immutable::not_modified(&request, etag.as_deref()) {
        return Ok(response);
    }
    let verify = format!(
        "{}/moten/{}/verifiera",
        state.public_url.trim_end_matches('/'),
        protocol.meeting.id
    );
    let name = file_name(&protocol, "protokoll");
    // An adjusted protocol is typeset once per audience and address; every server shares the copy.
    let locked = protocol
        .meeting
        .adjustment
        .content_sha256
        .clone()
        .filter(|_| protocol.meeting.status.is_locked());
    // A new version of Samverkan may typeset differently, so its version is part of the key.
    let signer = state.signer.clone().filter(|_| locked.is_some());
    let signed_by = signer.as_ref().map(|s| s.subject()).unwrap_or_default();
    let variant = format!(
        "{}:{}:{verify}:{letterhead}:{signed_by}",
        if member { "members" } else { "public" },
        env!("CARGO_PKG_VERSION")
    );
    let meeting = protocol.meeting.id;
    if let Some(hash) = &locked {
        if let Some(bytes) = state.store.rendering(meeting, &variant, hash).await? {
            return Ok(immutable::tagged(pdf(name, bytes), etag.as_deref(), !member));
        }
    }
    let (short_name, date, locked_at) = (
        protocol.body.short_name.clone(),
        protocol.meeting.date,
        protocol.meeting.adjustment.locked_at,
    );
    let mut bytes =
        typeset(move || samverkan_render::protocol_pdf(&protocol, audience, Some(&verify), logo.as_ref())).await?;
    // The adjusted protocol carries the organisation's signature over the whole document.
    let mut keep = true;
    if let Some(signer) = signer {
        let signed = signer
            .sign_protocol(&bytes, &short_name, date, locked_at)
            .await
            .map_err(|e| AppError::Render(RenderError::Pdf(e.to_string())))?;
        if let Some(error) = signed.timestamp_failed {
            // Served signed without its time, and made again next time rather than kept.
            tracing::warn!(%meeting, ?error, "the signature of an adjusted protocol got no timestamp");
            keep = false;
        }
        bytes = signed.pdf;
    }
    if let Some(hash) = locked.as_ref().filter(|_| keep) {
        if let Err(error) = state.store.put_rendering(meeting, &variant, hash, &bytes).await {
            // The document was made; only the copy for next time is missing.
            tracing::warn!(%meeting, ?error, "the rendered protocol could not be kept");
        }
    }
    Ok(immutable::tagged(pdf(name, bytes), etag.as_deref(), !member))
}

/// The notice with the agenda, which is public.
async fn notice(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Response, AppError> {
    let (protocol, _) = load(&state, &viewer, &id).await?;
    let name = file_name(&protocol, "kallelse");
    let logo = logo(&state, &protocol.body).await?;
    let bytes = typeset(move || samverkan_render::notice_pdf(&protocol, logo.as_ref())).await?;
    Ok(pdf(name, bytes))
}

/// An extract of one item of an adjusted protocol; a confidential one for members only.
async fn extract(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (protocol, member) = load(&state, &viewer, &id).await?;
    let item = ItemId(parse_id(&item)?);
    let found = protocol
        .items
        .iter()
        .find(|i| i.id == item)
        .ok_or(AppError::PageNotFound)?;
    if !protocol.meeting.status.is_locked() {
        return Err(AppError::BadInput(
            "Ett protokollsutdrag kan skapas först när protokollet är justerat.".into(),
        ));
    }
    if found.confidential && !member {
        return Err(AppError::PageNotFound);
    }
    let verify = format!(
        "{}/moten/{}/verifiera",
        state.public_url.trim_end_matches('/'),
        protocol.meeting.id
    );
    let name = file_name(&protocol, &format!("utdrag-{}", found.number.as_str().replace(' ', "")));
    let logo = logo(&state, &protocol.body).await?;
    let bytes = typeset(move || samverkan_render::extract_pdf(&protocol, item, Some(&verify), logo.as_ref())).await?;
    Ok(pdf(name, bytes))
}
