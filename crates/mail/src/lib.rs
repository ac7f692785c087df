//! Samverkan's e-mail: the notice (kallelse) of a meeting with its agenda in the text and a
//! calendar invitation (.ics) attached, sent over SMTP.

mod approval;
mod extract;
mod ics;
mod notice;

pub use approval::approval_void_message;
pub use extract::extract_message;
pub use ics::{calendar_feed, calendar_invitation, calendar_of};
pub use notice::{cancellation_message, notice_message, OutgoingMessage};

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

/// Why a message could not be composed or sent. `Display` is a Swedish sentence for the
/// secretary; the source carries the cause for the log.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("E-postadressen ”{0}” är inte giltig.")]
    InvalidAddress(String),
    #[error("Det finns ingen mottagare med e-postadress.")]
    NoRecipients,
    #[error("Meddelandet kunde inte sättas ihop.")]
    Compose(#[source] lettre::error::Error),
    #[error("E-postservern tog inte emot meddelandet.")]
    Send(#[source] lettre::transport::smtp::Error),
    #[error("E-postserverns adress ska skrivas smtp://värd:port.")]
    InvalidServer,
}

/// A plain-text message from `from` to every one of `recipients`.
fn plain_message(
    from: &lettre::message::Mailbox,
    recipients: &[String],
    subject: String,
    text: String,
) -> Result<OutgoingMessage, MailError> {
    if recipients.is_empty() {
        return Err(MailError::NoRecipients);
    }
    let mut builder = Message::builder().from(from.clone()).subject(subject.clone());
    for address in recipients {
        let mailbox: lettre::message::Mailbox = address
            .parse()
            .map_err(|_| MailError::InvalidAddress(address.clone()))?;
        builder = builder.to(mailbox);
    }
    let message = builder
        .singlepart(lettre::message::SinglePart::plain(text))
        .map_err(MailError::Compose)?;
    Ok(OutgoingMessage {
        message,
        recipients: recipients.to_vec(),
        subject,
    })
}

/// Sends messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Mailer {
    /// A mailer for an `smtp://host:port` URL (a relay on the local network, without TLS;
    /// credentials may be given as `smtp://user:password@host:port`) and the sender's address.
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, MailError> {
        let rest = smtp_url.strip_prefix("smtp://").ok_or(MailError::InvalidServer)?;
        let (credentials, server) = match rest.rsplit_once('@') {
            Some((credentials, server)) => (Some(credentials), server),
            None => (None, rest),
        };
        let server = server.trim_end_matches('/');
        let (host, port) = match server.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().map_err(|_| MailError::InvalidServer)?),
            None => (server, 25),
        };
        if host.is_empty() {
            return Err(MailError::InvalidServer);
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
        if let Some((user, password)) = credentials.and_then(|c| c.split_once(':')) {
            builder = builder.credentials(Credentials::new(user.to_string(), password.to_string()));
        }
        let transport = builder.build();
        let from = from.parse().map_err(|_| MailError::InvalidAddress(from.to_string()))?;
        Ok(Mailer { transport, from })
    }

    pub fn from(&self) -> &lettre::message::Mailbox {
        &self.from
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        self.transport.send(message).await.map_err(MailError::Send)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_checked() {
        assert!(Mailer::new("smtp://localhost:2525", "kansli@example.invalid").is_ok());
        assert!(Mailer::new("smtp://user:secret@mail.example.invalid", "kansli@example.invalid").is_ok());
        assert!(matches!(
            Mailer::new("http://x", "a@b.se"),
            Err(MailError::InvalidServer)
        ));
        assert!(matches!(
            Mailer::new("smtp://host:port", "a@b.se"),
            Err(MailError::InvalidServer)
        ));
        assert!(matches!(
            Mailer::new("smtp://localhost", "inte en adress"),
            Err(MailError::InvalidAddress(_))
        ));
    }
}
