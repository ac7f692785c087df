//! The protocol extract (protokollsutdrag): one item of an adjusted protocol, sent to the
//! item's distribution list with the facts that let the recipient verify it.

use lettre::message::Mailbox;
use samverkan_domain::{Addressee, Body, Item, Meeting};

use crate::{MailError, OutgoingMessage};

/// Composes the extract of `item`; `verify_url` is the page that shows the protocol's hash.
pub fn extract_message(
    from: &Mailbox,
    recipients: &[String],
    body: &Body,
    meeting: &Meeting,
    item: &Item,
    verify_url: &str,
) -> Result<OutgoingMessage, MailError> {
    if recipients.is_empty() {
        return Err(MailError::NoRecipients);
    }
    let subject = format!(
        "Protokollsutdrag: {} {} § {} {}",
        body.short_name, meeting.date, item.number, item.title
    );
    let mut text = format!(
        "PROTOKOLLSUTDRAG\n{}\nSammanträde {}\n\n§ {} {}\n\n",
        body.name, meeting.date, item.number, item.title
    );
    for presenter in &item.presenters {
        text.push_str(&format!("Föredragande: {}\n\n", presenter.name));
    }
    for note in &item.notes {
        text.push_str(&format!("{note}\n\n"));
    }
    if let Some(decision) = &item.decision {
        text.push_str(&format!(
            "{}\n",
            decision.preamble.clone().unwrap_or_else(|| "Beslut".to_string())
        ));
        for clause in &decision.clauses {
            text.push_str(&format!("- {}\n", clause.text));
        }
        text.push('\n');
    }
    for r in &item.recommendations {
        let to: Vec<&str> = r.addressees.iter().map(Addressee::name).collect();
        text.push_str(&format!("Rekommendation till {}: {}\n\n", to.join(", "), r.text));
    }
    for a in &meeting.adjustment.adjusters {
        if let Some(at) = a.approved_at {
            text.push_str(&format!(
                "Justerat av {} ({}) {}\n",
                a.name,
                a.role.label_sv(),
                at.format("%Y-%m-%d")
            ));
        }
    }
    if let Some(hash) = &meeting.adjustment.content_sha256 {
        text.push_str(&format!(
            "\nProtokollets kontrollsumma (SHA-256): {hash}\nVerifiera: {verify_url}\n"
        ));
    }
    crate::plain_message(from, recipients, subject, text)
}
