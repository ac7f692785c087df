//! The notice (kallelse): who is invited to what, with the agenda.

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use samverkan_domain::{Body, Item, Meeting};

use crate::{calendar_invitation, MailError};

/// A composed notice and the addresses it goes to.
pub struct OutgoingMessage {
    pub message: Message,
    pub recipients: Vec<String>,
    pub subject: String,
}

/// Composes the notice of `meeting` to `recipients` (e-mail addresses), with the agenda (the
/// items' numbers and titles; confidential ones by number only) and a calendar invitation.
pub fn notice_message(
    from: &Mailbox,
    recipients: &[String],
    body: &Body,
    meeting: &Meeting,
    items: &[Item],
    meeting_url: &str,
    now: DateTime<Utc>,
) -> Result<OutgoingMessage, MailError> {
    let subject = format!("Kallelse: {} {}", body.short_name, meeting.date);
    let mut text = format!("Välkommen till sammanträde med {}.\n\n", body.name);
    text.push_str(&format!("Datum: {}\n", meeting.date));
    if let Some(start) = meeting.start_time {
        let end = meeting
            .end_time
            .map(|e| format!("–{}", e.format("%H.%M")))
            .unwrap_or_default();
        text.push_str(&format!("Tid: {}{end}\n", start.format("%H.%M")));
    }
    if let Some(place) = &meeting.place {
        text.push_str(&format!("Plats: {place}\n"));
    }
    if let Some(link) = &meeting.video_link {
        text.push_str(&format!("Videolänk: {link}\n"));
    }
    text.push_str("\nFöredragningslista\n\n");
    for item in items {
        let title = if item.confidential {
            samverkan_domain::CONFIDENTIAL_TITLE
        } else {
            item.title.as_str()
        };
        text.push_str(&format!("§ {} {title}\n", item.number));
    }
    text.push_str(&format!("\nHandlingar och dagordning: {meeting_url}\n"));
    compose(from, recipients, subject, text, body, meeting, now)
}

/// Composes the news that `meeting` is cancelled, with a calendar cancellation of its event.
pub fn cancellation_message(
    from: &Mailbox,
    recipients: &[String],
    body: &Body,
    meeting: &Meeting,
    meeting_url: &str,
    now: DateTime<Utc>,
) -> Result<OutgoingMessage, MailError> {
    let subject = format!("Inställt: {} {}", body.short_name, meeting.date);
    let text = format!(
        "Sammanträdet med {} den {} är inställt.\n\nMer information: {meeting_url}\n",
        body.name, meeting.date
    );
    compose(from, recipients, subject, text, body, meeting, now)
}

/// A message to every recipient (as blind copies) with the text and the meeting's calendar
/// event attached.
fn compose(
    from: &Mailbox,
    recipients: &[String],
    subject: String,
    text: String,
    body: &Body,
    meeting: &Meeting,
    now: DateTime<Utc>,
) -> Result<OutgoingMessage, MailError> {
    if recipients.is_empty() {
        return Err(MailError::NoRecipients);
    }
    let mut builder = Message::builder().from(from.clone()).subject(subject.clone());
    for address in recipients {
        let mailbox: Mailbox = address
            .parse()
            .map_err(|_| MailError::InvalidAddress(address.clone()))?;
        builder = builder.bcc(mailbox);
    }
    let invitation = calendar_invitation(body, meeting, from.email.as_ref(), now);
    let calendar = ContentType::parse(&format!(
        "text/calendar; charset=utf-8; method={}",
        crate::ics::calendar_method(meeting)
    ))
    .expect("a valid media type");
    let message = builder
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(text))
                .singlepart(Attachment::new("kallelse.ics".to_string()).body(invitation, calendar)),
        )
        .map_err(MailError::Compose)?;
    Ok(OutgoingMessage {
        message,
        recipients: recipients.to_vec(),
        subject,
    })
}
