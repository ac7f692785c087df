//! Old protocols imported in the web: a secretary uploads one or many files (text, PDF, DOCX,
//! HTML) to a body; each waits for review, where its extraction stands beside its source with
//! every line marked as placed, page furniture or not placed; the secretary corrects the date,
//! the body, the attendance and where items begin, and stores it as adjusted history.
//!
//! The upload and the corrections are kept in the store (not in a server's memory), and the
//! extraction is read again from the stored source with the corrections each time, so what is
//! stored is exactly what the review page last showed.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Form;
use chrono::Utc;
use samverkan_domain::*;
use samverkan_import::corrections::{Corrections, MAX_ITEM_STARTS};
use samverkan_import::{ImportOptions, Imported, SourceText, MAX_SOURCE_BYTES};
use samverkan_storage::{PendingImport, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::{Action, Viewer};
use crate::error::parse_id;
use crate::follow_up::managed_body;
use crate::minutes::forms::parse_date;
use crate::nav::Nav;
use crate::routes::Routes;
use crate::{AppError, AppState};

type Result<T, E = AppError> = std::result::Result<T, E>;

/// Files in one upload, and all of them together: a year of protocols at a time.
const MAX_FILES: usize = 50;
const MAX_UPLOAD_BYTES: usize = 100 * 1024 * 1024;
/// Uploads listed on a body's import page.
const LISTED: i64 = 200;

pub fn routes() -> Routes {
    Routes::new()
        .route("/organ/{id}/import", &["GET"], get(import_page))
        .route(
            "/organ/{id}/import",
            &["POST"],
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/import/{id}", &["GET"], get(review_page))
        .route("/import/{id}", &["POST"], post(correct))
        .route("/import/{id}/spara", &["POST"], post(store))
        .route("/import/{id}/ta-bort", &["POST"], post(discard))
}

/// What a review has corrected: the importer's corrections and the body it belongs to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Review {
    #[serde(flatten)]
    corrections: Corrections,
    /// Another body than the one it was uploaded to.
    body_id: Option<i64>,
}

impl Review {
    fn of(pending: &PendingImport) -> Review {
        // Written by this module only; an unreadable value is no correction.
        serde_json::from_str(&pending.corrections).unwrap_or_default()
    }

    fn body(&self, pending: &PendingImport) -> BodyId {
        self.body_id.map_or(pending.body_id, BodyId)
    }
}

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportPage {
    nav: Nav,
    body: Body,
    pending: Vec<PendingImport>,
    /// One line per file of the last upload: stored for review, or why not.
    results: Vec<(bool, String)>,
}

async fn import_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Html<String>> {
    let body = managed_body(&state, &viewer, &id).await?;
    let pending = state.store.pending_imports(body.id, LISTED).await?;
    Ok(Html(
        ImportPage {
            nav: Nav::of(&viewer),
            body,
            pending,
            results: Vec::new(),
        }
        .render()?,
    ))
}

/// Reads a file in a blocking thread: PDF text comes from `pdftotext`, a process of its own.
async fn read_source(file_name: String, bytes: Vec<u8>) -> Result<SourceText, String> {
    tokio::task::spawn_blocking(move || samverkan_import::read_source(&file_name, &bytes).map_err(|e| e.to_string()))
        .await
        .unwrap_or_else(|_| Err("Filen kunde inte läsas.".into()))
}

/// Takes each uploaded file that can be read as a protocol; says per file what became of it.
/// The CSRF token comes in the query string, as the token check does not read multipart bodies.
async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    let body = managed_body(&state, &viewer, &id).await?;
    let user = viewer.user.as_ref().ok_or(AppError::Unauthenticated)?;
    let mut multipart =
        multipart.map_err(|_| AppError::BadInput("Formuläret ska skickas som filuppladdning.".into()))?;
    let mut results = Vec::new();
    let mut stored = Vec::new();
    let mut files = 0;
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        if field.name() != Some("files") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(upload_error)?;
        if name.is_empty() && bytes.is_empty() {
            continue;
        }
        files += 1;
        if files > MAX_FILES {
            results.push((false, format!("{name}: högst {MAX_FILES} filer tas emot åt gången.")));
            continue;
        }
        if bytes.len() as u64 > MAX_SOURCE_BYTES {
            results.push((false, format!("{name}: filen är större än 20 MB.")));
            continue;
        }
        let media = media_type(&name);
        let source = match read_source(name.clone(), bytes.to_vec()).await {
            Ok(source) => source,
            Err(why) => {
                results.push((false, why));
                continue;
            }
        };
        let sha256 = hex::encode(Sha256::digest(&bytes));
        state.store.put_file(&sha256, media, &bytes).await?;
        let pending = PendingImport {
            id: 0,
            body_id: body.id,
            version: 0,
            file_name: source.file_name.clone(),
            source_sha256: sha256,
            uploaded_by: user.username.clone(),
            uploaded_at: Utc::now(),
            corrections: "{}".into(),
        };
        match state.store.add_pending_import(&pending).await {
            Ok(p) => {
                results.push((true, format!("{name}: väntar på granskning.")));
                stored.push(p.id);
            }
            Err(StoreError::Duplicate { what }) => results.push((false, format!("{name}: {what} finns redan."))),
            Err(error) => return Err(error.into()),
        }
    }
    if files == 0 {
        return Err(AppError::BadInput("Välj en eller flera filer att ladda upp.".into()));
    }
    // One file read well goes straight to its review.
    if let ([only], true) = (stored.as_slice(), results.iter().all(|(ok, _)| *ok)) {
        return Ok(Redirect::to(&format!("/import/{only}")).into_response());
    }
    let pending = state.store.pending_imports(body.id, LISTED).await?;
    let page = ImportPage {
        nav: Nav::of(&viewer),
        body,
        pending,
        results,
    };
    let status = if stored.is_empty() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn upload_error(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::BadInput("Uppladdningen är för stor: högst 100 MB åt gången.".into())
    } else {
        AppError::BadInput("Uppladdningen avbröts eller var felaktig. Försök igen.".into())
    }
}

/// The media type the file store keeps a source under, by its name.
fn media_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).as_deref() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("html" | "htm") => "text/html; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// An upload the viewer may review: they manage the body it belongs to.
async fn reviewed(state: &AppState, viewer: &Viewer, id: &str) -> Result<(PendingImport, Review)> {
    let pending = state.store.pending_import(parse_id(id)?).await?;
    let review = Review::of(&pending);
    viewer.require(state, Action::ManageBody(pending.body_id)).await?;
    viewer.require(state, Action::ManageBody(review.body(&pending))).await?;
    Ok((pending, review))
}

/// The upload read again from its stored source, with the review's corrections.
async fn extraction(state: &AppState, pending: &PendingImport, review: &Review) -> Result<(SourceText, Imported)> {
    let (_, bytes) = state.store.file(&pending.source_sha256).await?;
    let source = read_source(pending.file_name.clone(), bytes)
        .await
        .map_err(AppError::BadInput)?;
    let options = ImportOptions {
        body_name: None,
        date: None,
        imported_at: Utc::now(),
        corrections: review.corrections.clone(),
    };
    let text = source.clone();
    let imported = tokio::task::spawn_blocking(move || samverkan_import::import(&text, &options))
        .await
        .map_err(|_| AppError::BadInput("Filen kunde inte läsas.".into()))?
        .map_err(|e| AppError::BadInput(e.to_string()))?;
    Ok((source, imported))
}

/// One line of the source as the review shows it.
struct SourceLine {
    number: usize,
    text: String,
    /// "placed", "furniture", "unplaced" or "empty": a CSS class and what the legend explains.
    class: &'static str,
    starts_item: bool,
}

#[derive(Template)]
#[template(path = "import_review.html")]
struct ReviewPage {
    nav: Nav,
    pending: PendingImport,
    body: Body,
    /// Bodies the viewer may move the import to.
    bodies: Vec<Body>,
    protocol: Protocol,
    date_basis: &'static str,
    date_value: String,
    attendance_text: String,
    detected_body: String,
    lines: Vec<SourceLine>,
    warnings: Vec<String>,
    fidelity: String,
    placed_lines: usize,
    unplaced_lines: usize,
    /// Per part of the source (head, each item): its lines, and the share placed.
    parts: Vec<(String, String, String)>,
    error: Option<String>,
}

async fn review_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Result<Response> {
    let (pending, review) = reviewed(&state, &viewer, &id).await?;
    Ok(Html(render_review(&state, &viewer, pending, review, None).await?).into_response())
}

async fn render_review(
    state: &AppState,
    viewer: &Viewer,
    pending: PendingImport,
    review: Review,
    error: Option<String>,
) -> Result<String> {
    let (source, imported) = extraction(state, &pending, &review).await?;
    let body = state.store.body(review.body(&pending)).await?;
    let bodies = managed_bodies(state, viewer).await?;
    let report = &imported.report;
    let furniture: std::collections::HashSet<usize> = report.furniture.iter().map(|(_, r)| r.line).collect();
    let unplaced: std::collections::HashSet<usize> = report.left_over.iter().map(|r| r.line).collect();
    let starts: std::collections::HashSet<usize> = report.item_lines.iter().flatten().copied().collect();
    let lines: Vec<SourceLine> = source
        .text
        .lines()
        .enumerate()
        .map(|(i, text)| {
            let number = i + 1;
            let class = if text.trim().is_empty() {
                "empty"
            } else if furniture.contains(&number) {
                "furniture"
            } else if unplaced.contains(&number) {
                "unplaced"
            } else {
                "placed"
            };
            SourceLine {
                number,
                text: text.to_string(),
                class,
                starts_item: starts.contains(&number),
            }
        })
        .collect();
    let count = |c: &str| lines.iter().filter(|l| l.class == c).count();
    let (placed_lines, unplaced_lines) = (count("placed"), count("unplaced"));
    let protocol = imported.protocol;
    let meeting = &protocol.meeting;
    let basis = meeting.source.as_ref().map_or(DateBasis::Text, |s| s.date_basis);
    let attendance_text = meeting
        .attendance
        .iter()
        .map(samverkan_import::corrections::line)
        .collect::<Vec<_>>()
        .join("\n");
    Ok(ReviewPage {
        nav: Nav::of(viewer),
        date_basis: match basis {
            DateBasis::Text => "läst ur protokollets text",
            DateBasis::Given => "angivet vid granskningen",
            DateBasis::FileName => "taget ur filnamnet – kontrollera",
            DateBasis::Unknown => "okänt – ange datumet",
        },
        date_value: if basis == DateBasis::Unknown {
            String::new()
        } else {
            meeting.date.to_string()
        },
        attendance_text,
        detected_body: protocol.body.name.clone(),
        warnings: report.warnings.clone(),
        fidelity: format!("{:.1}", report.fidelity * 100.0).replace('.', ","),
        placed_lines,
        unplaced_lines,
        parts: report
            .parts
            .iter()
            .map(|p| {
                (
                    p.part.clone(),
                    format!("{}–{}", p.first_line, p.last_line),
                    format!("{:.0} %", p.placed_share() * 100.0),
                )
            })
            .collect(),
        lines,
        body,
        bodies,
        protocol,
        pending,
        error,
    }
    .render()?)
}

/// The correction form: date, body, attendance and the lines that begin items.
fn review_from_form(fields: &[(String, String)], bodies_allowed: &[BodyId]) -> Result<(i64, Review)> {
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
    let version = value("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let date = match value("date").filter(|d| !d.is_empty()) {
        Some(d) => Some(parse_date(d).map_err(|e| AppError::BadInput(e.to_string()))?),
        None => None,
    };
    let body_id = match value("body_id").filter(|b| !b.is_empty()) {
        Some(b) => {
            let id = b
                .parse::<i64>()
                .ok()
                .filter(|id| bodies_allowed.contains(&BodyId(*id)))
                .ok_or_else(|| AppError::BadInput("Välj ett organ i listan.".into()))?;
            Some(id)
        }
        None => None,
    };
    // A field left out of the form corrects nothing; an emptied one empties.
    let attendance: Option<Vec<String>> = value("attendance").map(|text| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    });
    if attendance.as_ref().is_some_and(|a| a.len() > ENTRIES_MAX) {
        return Err(AppError::BadInput(format!(
            "Närvarolistan får ha högst {ENTRIES_MAX} rader."
        )));
    }
    let starts: Vec<usize> = fields
        .iter()
        .filter(|(k, _)| k == "start")
        .filter_map(|(_, v)| v.parse().ok())
        .take(MAX_ITEM_STARTS + 1)
        .collect();
    if starts.len() > MAX_ITEM_STARTS {
        return Err(AppError::BadInput(format!(
            "Högst {MAX_ITEM_STARTS} ärenden kan markeras."
        )));
    }
    // The checkboxes were on the form (none ticked is then a choice, not an omission).
    let starts = value("starts_shown").map(|_| starts);
    Ok((
        version,
        Review {
            corrections: Corrections {
                date,
                attendance,
                item_starts: starts,
            },
            body_id,
        },
    ))
}

const ENTRIES_MAX: usize = samverkan_domain::limits::ENTRIES;

/// The bodies the viewer may move an import to: those they manage.
async fn managed_bodies(state: &AppState, viewer: &Viewer) -> Result<Vec<Body>> {
    let mut managed = Vec::new();
    for b in state.store.bodies().await? {
        if viewer.may(state, Action::ManageBody(b.id)).await? {
            managed.push(b);
        }
    }
    Ok(managed)
}

/// Saves the corrections and shows the extraction read again with them.
async fn correct(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (pending, _) = reviewed(&state, &viewer, &id).await?;
    let allowed: Vec<BodyId> = managed_bodies(&state, &viewer).await?.iter().map(|b| b.id).collect();
    let (version, review) = match review_from_form(&fields, &allowed) {
        Ok(parsed) => parsed,
        Err(error) => {
            let review = Review::of(&pending);
            let page = render_review(&state, &viewer, pending, review, Some(error.to_string())).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
        }
    };
    let json =
        serde_json::to_string(&review).map_err(|_| AppError::BadInput("Rättelserna kunde inte sparas.".into()))?;
    state.store.correct_pending_import(pending.id, version, &json).await?;
    Ok(Redirect::to(&format!("/import/{}", pending.id)).into_response())
}

#[derive(Deserialize)]
struct VersionForm {
    version: i64,
}

/// Stores the upload, as the review page showed it, as an adjusted protocol of its body.
async fn store(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<VersionForm>,
) -> Result<Response> {
    let (pending, review) = reviewed(&state, &viewer, &id).await?;
    let (_, imported) = extraction(&state, &pending, &review).await?;
    let mut protocol = imported.protocol;
    if protocol
        .meeting
        .source
        .as_ref()
        .is_some_and(|s| s.date_basis == DateBasis::Unknown)
    {
        let page = render_review(
            &state,
            &viewer,
            pending,
            review,
            Some("Ange sammanträdets datum innan protokollet sparas.".into()),
        )
        .await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
    }
    // The body it belongs to, as stored: the protocol is found under it by name.
    protocol.body = state.store.body(review.body(&pending)).await?;
    protocol.meeting.adjustment.content_sha256 = Some(protocol.content_sha256());
    let stored = state
        .store
        .complete_pending_import(
            pending.id,
            form.version,
            &protocol,
            &imported.grants,
            &imported.cost_shares,
        )
        .await?;
    state.reindex(stored.meeting.id).await;
    Ok(Redirect::to(&format!("/moten/{}", stored.meeting.id)).into_response())
}

#[derive(Deserialize)]
struct DiscardForm {
    confirm: Option<String>,
}

/// Throws an upload away without storing it, once the secretary has ticked that they mean it.
async fn discard(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<DiscardForm>,
) -> Result<Response> {
    let (pending, _) = reviewed(&state, &viewer, &id).await?;
    if form.confirm.is_none() {
        return Err(AppError::BadInput(
            "Bocka i att importen ska kastas; ingenting har tagits bort.".into(),
        ));
    }
    state.store.discard_pending_import(pending.id).await?;
    Ok(Redirect::to(&format!("/organ/{}/import", pending.body_id)).into_response())
}
