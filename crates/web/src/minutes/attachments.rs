//! Attachments (bilagor): upload with a size cap and a type check, stored by SHA-256, and
//! download for whoever may see the item.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use samverkan_domain::*;
use sha2::{Digest, Sha256};

use super::{managed_meeting, meeting_item, see, Result};
use crate::auth::{Action, Viewer};
use crate::download::content_disposition;
use crate::error::parse_id;
use crate::routes::Routes;
use crate::{AppError, AppState};

/// The largest file accepted.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/moten/{id}/arenden/{item}/bilagor",
            &["POST"],
            // Room for the other form fields around the file.
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/moten/{id}/arenden/{item}/bilagor/{index}", &["GET"], get(download))
}

/// The media type of an upload whose name and first bytes agree; anything else is refused.
pub fn media_type(file_name: &str, content: &[u8]) -> Result<&'static str> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let zip = content.starts_with(b"PK\x03\x04");
    let media = match extension.as_str() {
        "pdf" if looks_like_pdf(content) => "application/pdf",
        "docx" if zip => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" if zip => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" if zip => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" if zip => "application/vnd.oasis.opendocument.text",
        "ods" if zip => "application/vnd.oasis.opendocument.spreadsheet",
        "png" if content.starts_with(b"\x89PNG\r\n\x1a\n") => "image/png",
        "jpg" | "jpeg" if content.starts_with(b"\xFF\xD8\xFF") => "image/jpeg",
        "txt" | "csv" if std::str::from_utf8(content).is_ok() => "text/plain; charset=utf-8",
        _ => {
            return Err(AppError::BadInput(format!(
                "Filen ”{file_name}” kan inte tas emot. Tillåtna filtyper är PDF, Word, Excel, PowerPoint, \
                 OpenDocument, PNG, JPEG och text, och innehållet måste stämma med filändelsen."
            )))
        }
    };
    Ok(media)
}

/// Whether `content` has the frame of a PDF file: the `%PDF-n.n` header line, objects, a
/// cross-reference, and `%%EOF` at the end. A file that only borrows the first bytes (an HTML
/// page behind `%PDF-`) is refused.
fn looks_like_pdf(content: &[u8]) -> bool {
    let header = content.len() > 9
        && content.starts_with(b"%PDF-")
        && content[5].is_ascii_digit()
        && content[6] == b'.'
        && content[7].is_ascii_digit()
        && matches!(content[8], b'\r' | b'\n' | b' ');
    let contains = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    let tail = &content[content.len().saturating_sub(1024)..];
    header
        && contains(tail, b"%%EOF")
        && contains(content, b" obj")
        && (contains(tail, b"startxref") || contains(content, b"/XRef"))
}

/// Adds an uploaded file to an item of an open protocol. The form carries its CSRF token in
/// the query string, since the token check does not read multipart bodies.
async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<Response> {
    // Authorisation comes before anything the body says, even a malformed body.
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let mut item = meeting_item(&state, &meeting, &item_id).await?;
    let mut multipart =
        multipart.map_err(|_| AppError::BadInput("Formuläret ska skickas som filuppladdning.".into()))?;
    let (mut label, mut title, mut version, mut file) = (String::new(), String::new(), None, None);
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name().unwrap_or_default() {
            "label" => label = field.text().await.map_err(upload_error)?.trim().to_string(),
            "title" => title = field.text().await.map_err(upload_error)?.trim().to_string(),
            "version" => version = field.text().await.map_err(upload_error)?.trim().parse::<i64>().ok(),
            "file" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(upload_error)?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let (file_name, content) = file
        .filter(|(name, bytes)| !name.is_empty() && !bytes.is_empty())
        .ok_or_else(|| AppError::BadInput("Välj en fil att ladda upp.".into()))?;
    if content.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::TooLarge);
    }
    let media = media_type(&file_name, &content)?;
    meeting.ensure_editable().map_err(samverkan_storage::StoreError::from)?;
    let sha256 = hex::encode(Sha256::digest(&content));
    state.store.put_file(&sha256, media, &content).await?;
    item.version = version.unwrap_or(-1);
    item.attachments.push(Attachment {
        label: if label.is_empty() {
            format!("Bilaga {}", item.attachments.len() + 1)
        } else {
            label
        },
        title: if title.is_empty() { file_name.clone() } else { title },
        file_sha256: Some(sha256),
        file_name: Some(file_name),
        media_type: Some(media.to_string()),
    });
    let saved = state.store.update_item(&item).await?;
    state.reindex(meeting.id).await;
    Ok(see(format!("/moten/{}#p{}", meeting.id, saved.position)))
}

fn upload_error(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadInput("Uppladdningen avbröts eller var felaktig. Försök igen.".into())
    }
}

/// Serves an attachment to whoever may see its item: members of the body always, the public
/// once the protocol is adjusted and unless the item is confidential.
async fn download(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id, index)): Path<(String, String, String)>,
) -> Result<Response> {
    let meeting = state.store.meeting(MeetingId(parse_id(&id)?)).await?;
    let item = meeting_item(&state, &meeting, &item_id).await?;
    let member = viewer.may(&state, Action::ViewDrafts(meeting.body_id)).await?;
    if !member && (item.confidential || !meeting.status.is_locked()) {
        return Err(AppError::PageNotFound);
    }
    let attachment = index
        .parse::<usize>()
        .ok()
        .and_then(|i| item.attachments.get(i))
        .ok_or(AppError::PageNotFound)?;
    let sha256 = attachment.file_sha256.as_deref().ok_or(AppError::PageNotFound)?;
    let (media, content) = state.store.file(sha256).await?;
    let name = attachment.file_name.clone().unwrap_or_else(|| "bilaga".into());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&media).unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CONTENT_DISPOSITION, content_disposition("attachment", &name)),
        ],
        content,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_must_match_name_and_content() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\nxref\n0 1\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n";
        assert_eq!(media_type("Bilaga 3.pdf", pdf).unwrap(), "application/pdf");
        assert!(media_type("rapport.PDF", pdf).is_ok());
        assert!(
            media_type("rapport.pdf", b"%PDF-<html><script>alert(1)</script></html>").is_err(),
            "a web page behind a PDF header"
        );
        assert!(media_type("rapport.pdf", b"%PDF-1.4").is_err(), "a header alone");
        assert!(
            media_type("rapport.pdf", b"MZ\x90\x00").is_err(),
            "an executable named .pdf"
        );
        assert!(media_type("program.exe", b"MZ").is_err());
        assert!(media_type("lista.csv", b"Kommun;Belopp\nUme\xC3\xA5;100").is_ok());
        assert!(media_type("lista.txt", b"\xff\xfe").is_err());
    }
}
