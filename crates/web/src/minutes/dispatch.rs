//! Sending the notice (kallelse) of a meeting by e-mail, and recording that it was sent.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use chrono::Utc;
use samverkan_domain::*;
use samverkan_mail::{cancellation_message, notice_message};
use samverkan_storage::StoreError;

use super::{current_meeting, managed_meeting, see, Fields, Result};
use crate::auth::Viewer;
use crate::once::{self, Outcome};
use crate::{AppError, AppState};

/// Mails the agenda and a calendar invitation to every current member with an e-mail address,
/// records the dispatch, and moves a planned meeting to "notice sent". Without SMTP the notice
/// is still issued: it is recorded, and members find it on their start page in Samverkan.
pub async fn send_notice(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (meeting, fields) = current_meeting(&state, &viewer, &id, fields).await?;
    meeting.ensure_notice_may_be_sent().map_err(StoreError::from)?;
    let location = format!("/moten/{}", meeting.id);
    once::run(&state, fields.text(once::FIELD), &location, async {
        let protocol = state.store.protocol(meeting.id).await?;
        let now = Utc::now();
        let (subject, recipients) = match state.mailer.as_ref() {
            Some(mailer) => {
                let recipients = member_addresses(&state, &protocol.meeting).await?;
                let url = format!("{}/moten/{}", state.public_url.trim_end_matches('/'), meeting.id);
                let notice = notice_message(
                    mailer.from(),
                    &recipients,
                    &protocol.body,
                    &protocol.meeting,
                    &protocol.items,
                    &url,
                    now,
                )?;
                mailer.send(notice.message).await?;
                (notice.subject, notice.recipients)
            }
            None => (
                format!(
                    "Kallelse: {} {} (i Samverkan; e-post är inte inställd)",
                    protocol.body.short_name, protocol.meeting.date
                ),
                Vec::new(),
            ),
        };
        record_notice(&state, &viewer, meeting.id, subject, recipients, now).await?;
        let mut meeting = protocol.meeting;
        if meeting.status == MeetingStatus::Planned {
            meeting
                .transition(MeetingStatus::NoticeSent, None, now)
                .map_err(StoreError::from)?;
            state.store.update_meeting(&meeting).await?;
            state.reindex(meeting.id).await;
        }
        Ok(Outcome::Done(location.clone()))
    })
    .await
}

/// Tells the members that `meeting` is cancelled: by e-mail with a calendar cancellation when
/// SMTP is set and a member has an address, and always as a record on the meeting.
pub async fn announce_cancellation(state: &AppState, viewer: &Viewer, meeting: &Meeting) -> Result<()> {
    let body = state.store.body(meeting.body_id).await?;
    let now = Utc::now();
    let recipients = member_addresses(state, meeting).await?;
    let (subject, recipients) = match state.mailer.as_ref() {
        Some(mailer) if !recipients.is_empty() => {
            let url = format!("{}/moten/{}", state.public_url.trim_end_matches('/'), meeting.id);
            let message = cancellation_message(mailer.from(), &recipients, &body, meeting, &url, now)?;
            mailer.send(message.message).await?;
            (message.subject, message.recipients)
        }
        _ => (
            format!(
                "Inställt: {} {} (i Samverkan, utan e-post)",
                body.short_name, meeting.date
            ),
            Vec::new(),
        ),
    };
    record_notice(state, viewer, meeting.id, subject, recipients, now).await
}

/// Records that a notice about a meeting went out (by e-mail or, without SMTP, in Samverkan).
async fn record_notice(
    state: &AppState,
    viewer: &Viewer,
    meeting: MeetingId,
    subject: String,
    recipients: Vec<String>,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    state
        .store
        .record_dispatch(&Dispatch {
            id: DispatchId::NEW,
            meeting_id: meeting,
            kind: DispatchKind::Notice,
            subject,
            recipients,
            sent_by: viewer.user.as_ref().map(|u| u.username.clone()),
            sent_at: now,
        })
        .await?;
    Ok(())
}

/// The e-mail addresses of the body's members on the day of the meeting.
async fn member_addresses(state: &AppState, meeting: &Meeting) -> Result<Vec<String>> {
    let persons = state.store.persons_in(meeting.body_id).await?;
    let mut addresses: Vec<String> = state
        .store
        .memberships(meeting.body_id)
        .await?
        .iter()
        .filter(|m| m.period.contains(meeting.date))
        .filter_map(|m| persons.iter().find(|p| p.id == m.person_id))
        .filter_map(|p| p.email.clone())
        .collect();
    addresses.sort();
    addresses.dedup();
    Ok(addresses)
}

/// Sends one item of an adjusted protocol as an extract to the addresses given (one per line
/// or comma-separated), and records it.
pub async fn send_extract(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, item_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let meeting = managed_meeting(&state, &viewer, &id).await?;
    let item = super::meeting_item(&state, &meeting, &item_id).await?;
    if !meeting.status.is_locked() {
        return Err(AppError::BadInput(
            "Ett protokollsutdrag kan skickas först när protokollet är justerat.".into(),
        ));
    }
    let mailer = state.mailer.as_ref().ok_or_else(|| {
        AppError::BadInput("E-post är inte inställd i Samverkan. Be administratören ange en SMTP-server.".into())
    })?;
    let recipients: Vec<String> = Fields::from(fields)
        .value("recipients")
        .split([',', '\n', ';'])
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let body = state.store.body(meeting.body_id).await?;
    let verify_url = format!(
        "{}/moten/{}/verifiera",
        state.public_url.trim_end_matches('/'),
        meeting.id
    );
    let extract = samverkan_mail::extract_message(mailer.from(), &recipients, &body, &meeting, &item, &verify_url)?;
    mailer.send(extract.message).await?;
    state
        .store
        .record_dispatch(&Dispatch {
            id: DispatchId::NEW,
            meeting_id: meeting.id,
            kind: DispatchKind::Extract { item_id: item.id },
            subject: extract.subject,
            recipients: extract.recipients,
            sent_by: viewer.user.as_ref().map(|u| u.username.clone()),
            sent_at: Utc::now(),
        })
        .await?;
    Ok(see(format!("/moten/{}#p{}", meeting.id, item.position)))
}
