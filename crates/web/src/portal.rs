//! The public portal: the notice board (anslagstavla) of adjusted protocols, and a page that
//! lets anyone verify a protocol against its SHA-256.

use askama::Template;
use axum::body::Bytes;
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
        .route(
            "/moten/{id}/verifiera",
            &["GET", "POST"],
            get(verification)
                .post(verify_upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::minutes::MAX_UPLOAD_BYTES + 64 * 1024,
                )),
        )
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
    let notices = notices_with_bodies(&state, today, BOARD_LIMIT).await?;
    Ok(Html(
        NoticeBoard {
            nav: Nav::of(&viewer),
            notices,
        }
        .render()?,
    ))
}

/// The protocols whose notice is up on `day`, at most `limit`, each with its body (each body
/// read once).
pub(crate) async fn notices_with_bodies(
    state: &AppState,
    day: chrono::NaiveDate,
    limit: i64,
) -> Result<Vec<(Body, Meeting)>, AppError> {
    let mut bodies: Vec<Body> = Vec::new();
    let mut notices = Vec::new();
    for meeting in state.store.notices_up(day, limit).await? {
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
    Ok(notices)
}

#[derive(Template)]
#[template(path = "verification.html")]
struct Verification {
    nav: Nav,
    body: Body,
    meeting: Meeting,
    /// The hash of the stored content now; it equals the locked hash unless the data was tampered with.
    current_sha256: String,
    /// What an uploaded PDF turned out to be: (whether it is this protocol as issued, the sentence).
    checked: Option<(bool, String)>,
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
            checked: None,
        }
        .render()?,
    ))
}

/// Checks an uploaded PDF: whether its signature holds over the whole file, whether it was made
/// with this organisation's certificate, and whether it is this protocol as Samverkan issued it.
async fn verify_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Html<String>, AppError> {
    let protocol = locked_protocol(&state, &id).await?;
    let mut multipart =
        multipart.map_err(|_| AppError::BadInput("Formuläret ska skickas som filuppladdning.".into()))?;
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadInput("Uppladdningen avbröts eller var felaktig. Försök igen.".into()))?
    {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(|_| AppError::TooLarge)?);
        }
    }
    let content = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| AppError::BadInput("Välj PDF-filen som ska kontrolleras.".into()))?;
    let issued = state.store.is_rendering(protocol.meeting.id, &content).await?;
    let checked = match samverkan_sign::verify_pdf(&content) {
        Err(error) => (
            false,
            match error.to_string() {
                e if e.contains("changed after") => {
                    "Filen har ändrats efter att den undertecknades. Den är inte protokollet som det justerades."
                        .to_string()
                }
                e if e.contains("no signature") => {
                    "Filen är inte undertecknad, så den kan inte kontrolleras här.".to_string()
                }
                _ => "Filens underskrift är trasig eller går inte att läsa.".to_string(),
            },
        ),
        Ok(verified) => {
            let ours = state
                .signer
                .as_ref()
                .is_some_and(|s| s.certificate_der() == verified.certificate_der.as_slice());
            match (verified.whole_file, ours, issued) {
                (false, _, _) => (
                    false,
                    format!(
                        "Underskriften av {} är hel, men något har lagts till i filen efter den.",
                        verified.subject
                    ),
                ),
                (true, false, _) => (
                    false,
                    format!(
                        "Filen är undertecknad av {}, som inte är organisationens certifikat.",
                        verified.subject
                    ),
                ),
                (true, true, false) => (
                    false,
                    "Filen är undertecknad av organisationen men är inte det här protokollet.".to_string(),
                ),
                (true, true, true) => (
                    true,
                    format!(
                        "Filen är det justerade protokollet, oförändrat, undertecknat av {}{}.",
                        verified.subject,
                        // The token's time is read and checked by the PDF reader.
                        if verified.timestamped {
                            ", med en tidsstämpel för underskriften"
                        } else {
                            ""
                        }
                    ),
                ),
            }
        }
    };
    Ok(Html(
        Verification {
            nav: Nav::of(&viewer),
            current_sha256: protocol.content_sha256(),
            body: protocol.body,
            meeting: protocol.meeting,
            checked: Some(checked),
        }
        .render()?,
    ))
}

/// Under what the canonical text is kept once made (with the meeting's version after it).
const CANONICAL_TEXT: &str = concat!("canonical-text:", env!("CARGO_PKG_VERSION"));

/// The canonical text whose SHA-256 locks the protocol, so anyone can check the hash. Being
/// the locked content itself it is made once, kept beside the protocol and then read whole.
async fn canonical_text(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: HeaderMap,
) -> Result<Response, AppError> {
    let meeting = MeetingId(parse_id(&id)?);
    let (etag, text) = match immutable::kept(&state, meeting, CANONICAL_TEXT).await? {
        Ok(copy) => (Some(immutable::etag_of(&copy.hash, "txt")), copy.content),
        Err(missing) => {
            let protocol = locked_protocol(&state, &id).await?;
            let text = Bytes::from(protocol.canonical_text());
            if let Some(locked) = immutable::Locked::of(&protocol.meeting) {
                immutable::keep(&state, missing, &locked, CANONICAL_TEXT, text.clone()).await;
            }
            (immutable::etag(&protocol.meeting, "txt"), text)
        }
    };
    if let Some(response) = immutable::not_modified(&request, etag.as_deref()) {
        return Ok(response);
    }
    let response = ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response();
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
