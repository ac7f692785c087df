//! The public portal: the notice board (anslagstavla) of adjusted protocols, and a page that
//! lets anyone verify a protocol against its SHA-256.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use samverkan_domain::{Body, Meeting, MeetingId};

use crate::auth::Viewer;
use crate::error::parse_id;
use crate::immutable;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

pub fn routes() -> Routes {
    Routes::new()
        .route("/anslagstavla", &["GET"], get(notice_board))
        .route("/moten/{id}/verifiera", &["GET"], get(verification))
        .route("/moten/{id}/protokoll.txt", &["GET"], get(canonical_text))
}

#[derive(Template)]
#[template(path = "notice_board.html")]
struct NoticeBoard {
    nav: Nav,
    notices: Vec<(Body, Meeting)>,
}

/// How many notices the board shows at most; more than this are never up at once.
const BOARD_LIMIT: i64 = 200;

/// The protocols whose notice is up today, newest posting first, with the dates the notice went
/// up and comes down. Older ones have moved to the archive (each body's page).
async fn notice_board(State(state): State<AppState>, viewer: Viewer) -> Result<Html<String>, AppError> {
    let today = chrono::Utc::now().date_naive();
    let mut bodies: Vec<Body> = Vec::new();
    let mut notices = Vec::new();
    for meeting in state.store.notices_up(today, BOARD_LIMIT).await? {
        let body = match bodies.iter().find(|b| b.id == meeting.body_id) {
            Some(body) => body.clone(),
            None => {
                let body = state.store.body(meeting.body_id).await?;
                bodies.push(body.clone());
                body
            }
        };
        notices.push((body, meeting));
    }
    Ok(Html(
        NoticeBoard {
            nav: Nav::of(&viewer),
            notices,
        }
        .render()?,
    ))
}

#[derive(Template)]
#[template(path = "verification.html")]
struct Verification {
    nav: Nav,
    body: Body,
    meeting: Meeting,
    /// The hash of the stored content now; it equals the locked hash unless the data was tampered with.
    current_sha256: String,
}

async fn verification(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let protocol = locked_protocol(&state, &id).await?;
    Ok(Html(
        Verification {
            nav: Nav::of(&viewer),
            current_sha256: protocol.content_sha256(),
            body: protocol.body,
            meeting: protocol.meeting,
        }
        .render()?,
    ))
}

/// The canonical text whose SHA-256 locks the protocol, so anyone can check the hash.
async fn canonical_text(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let protocol = locked_protocol(&state, &id).await?;
    let etag = immutable::etag(&protocol.meeting, "txt");
    if let Some(response) = immutable::not_modified(&request, etag.as_deref()) {
        return Ok(response);
    }
    let response = (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        protocol.canonical_text(),
    )
        .into_response();
    Ok(immutable::tagged(response, etag.as_deref(), true))
}

/// An adjusted protocol; one that is not adjusted has nothing to verify yet. The canonical
/// text is public as it is: it carries only the hash of a confidential item's content.
async fn locked_protocol(state: &AppState, id: &str) -> Result<samverkan_domain::Protocol, AppError> {
    let protocol = state.store.protocol(MeetingId(parse_id(id)?)).await?;
    if !protocol.meeting.status.is_locked() {
        return Err(AppError::BadInput("Protokollet är inte justerat ännu.".into()));
    }
    Ok(protocol)
}
