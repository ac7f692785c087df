//! The message to an adjuster whose approval a change of the minutes has made void.

use lettre::message::Mailbox;
use samverkan_domain::{Body, Meeting};

use crate::{MailError, OutgoingMessage};

/// Tells `recipients` (the adjusters whose approval is now void) that the protocol changed
/// after they approved it and waits for their approval of the text as it now stands.
pub fn approval_void_message(
    from: &Mailbox,
    recipients: &[String],
    body: &Body,
    meeting: &Meeting,
    meeting_url: &str,
) -> Result<OutgoingMessage, MailError> {
    let subject = format!(
        "Ändrat efter ditt godkännande: protokoll {} {}",
        body.short_name, meeting.date
    );
    let text = format!(
        "Protokollet från sammanträdet {1} i {0} har ändrats efter att du godkände det.\n\n\
         Ditt godkännande gäller den tidigare versionen och räknas inte längre. Läs protokollet \
         som det nu ser ut och godkänn det igen:\n\n{meeting_url}\n",
        body.name, meeting.date
    );
    crate::plain_message(from, recipients, subject, text)
}
