//! Proper Swedish protocols as PDF: the minutes (sammanträdesprotokoll), the notice with
//! agenda (kallelse) and an extract of one item (protokollsutdrag).
//!
//! The stored model is turned into plain data ([`data`]), serialised as JSON and handed to a
//! Typst template (`templates/*.typ`) that reads it with `json("data.json")`: no text from a
//! protocol is ever parsed as Typst markup. Typst runs as a library in [`world`], with the
//! fonts of `typst-assets` compiled into the binary, and writes PDF/A-2b.

mod data;
mod world;

use samverkan_domain::{ItemId, Protocol};

pub use data::Audience;

/// One template serves the protocol, the notice and the extract.
const TEMPLATE: &str = include_str!("../templates/protocol.typ");

/// The document's date: when the protocol was locked, or else the meeting day.
fn date_of(protocol: &Protocol) -> chrono::DateTime<chrono::Utc> {
    protocol
        .meeting
        .adjustment
        .locked_at
        .unwrap_or_else(|| protocol.meeting.date.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// A body's logo for the head of its documents: a PNG or JPEG file.
#[derive(Debug, Clone)]
pub struct Logo {
    bytes: Vec<u8>,
    png: bool,
}

impl Logo {
    /// The logo in `bytes`, if they are a PNG or JPEG image.
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Logo> {
        let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        (png || bytes.starts_with(b"\xFF\xD8\xFF")).then_some(Logo { bytes, png })
    }

    pub(crate) fn path(&self) -> &'static str {
        if self.png {
            "/logo.png"
        } else {
            "/logo.jpg"
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("Dokumentet kunde inte sättas: {0}")]
    Typeset(String),
    #[error("PDF-filen kunde inte skrivas: {0}")]
    Pdf(String),
    #[error("Ärendet finns inte i protokollet.")]
    NoSuchItem,
}

/// The minutes of a meeting. `verify_url` is printed on the signature page of an adjusted
/// protocol; the public audience sees confidential items by number only.
pub fn protocol_pdf(
    protocol: &Protocol,
    audience: Audience,
    verify_url: Option<&str>,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, RenderError> {
    let data = data::protocol(protocol, audience, verify_url).with_logo(logo);
    world::render(TEMPLATE, &data, logo, date_of(protocol))
}

/// The notice of a meeting with its agenda.
pub fn notice_pdf(protocol: &Protocol, logo: Option<&Logo>) -> Result<Vec<u8>, RenderError> {
    let data = data::notice(protocol).with_logo(logo);
    world::render(TEMPLATE, &data, logo, date_of(protocol))
}

/// An extract of one item, certified by the protocol's adjustment.
pub fn extract_pdf(
    protocol: &Protocol,
    item: ItemId,
    verify_url: Option<&str>,
    logo: Option<&Logo>,
) -> Result<Vec<u8>, RenderError> {
    let data = data::extract(protocol, item, verify_url)
        .ok_or(RenderError::NoSuchItem)?
        .with_logo(logo);
    world::render(TEMPLATE, &data, logo, date_of(protocol))
}
