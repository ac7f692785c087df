//! Why a source file could not be read; the text is the sentence the user sees.

/// The largest source file the importer reads (20 MiB); bigger files are refused unread.
pub const MAX_SOURCE_BYTES: u64 = 20 * 1024 * 1024;

/// A source that cannot be imported. Nothing is stored when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Filen {0} är tom.")]
    Empty(String),
    #[error("Filen {file} är {size} byte; största tillåtna storlek är 20 MB.")]
    TooLarge { file: String, size: u64 },
    #[error("Filen {0} är en binärfil och inte ett protokoll i text, PDF, Word (DOCX) eller HTML.")]
    Binary(String),
    #[error("Filen {0} är inte kodad som UTF-8 (troligen Latin-1/Windows-1252). Spara den som UTF-8 och försök igen.")]
    NotUtf8(String),
    #[error("PDF-filen {file} kunde inte läsas: {reason}")]
    BadPdf { file: String, reason: String },
    #[error("PDF-filen {0} innehåller ingen text (troligen en inskannad bild). Den måste tolkas med OCR innan den kan importeras.")]
    ScannedPdf(String),
    #[error("Word-filen {file} kunde inte läsas: {reason}")]
    BadDocx { file: String, reason: String },
    #[error("Verktyget pdftotext (Debian-paketet poppler-utils) saknas; det behövs för att läsa PDF.")]
    PdftotextMissing,
    #[error("Filen {0} innehåller ingen text som kan tolkas som ett protokoll.")]
    NoText(String),
    #[error("Filen {file} kunde inte läsas: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}
