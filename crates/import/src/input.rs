//! Reads a source file into text: plain text (UTF-8), PDF (via Debian's `pdftotext -layout`),
//! Word (DOCX: the XML inside the zip; table rows become tab-separated lines) and HTML pages.
//! The format is told by content, not by the file name.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use quick_xml::events::Event;
use sha2::{Digest, Sha256};

use crate::{ImportError, MAX_SOURCE_BYTES};

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
    let name = file_name.to_string();
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(ImportError::TooLarge {
            file: name,
            size: bytes.len() as u64,
        });
    }
    let (format, text) = if bytes.starts_with(b"%PDF-") {
        (SourceFormat::Pdf, pdf_text(&name, bytes)?)
    } else if bytes.starts_with(b"PK\x03\x04") {
        (SourceFormat::Docx, docx_text(&name, bytes)?)
    } else {
        let text = plain_text(&name, bytes)?;
        if looks_like_html(file_name, &text) {
            (SourceFormat::Html, html_text(&text))
        } else {
            (SourceFormat::Text, text)
        }
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(match format {
            SourceFormat::Pdf => ImportError::ScannedPdf(name),
            SourceFormat::Text if bytes.iter().all(|b| b.is_ascii_whitespace()) => ImportError::Empty(name),
            _ => ImportError::NoText(name),
        });
    }
    Ok(SourceText {
        file_name: name,
        format,
        sha256: hex::encode(Sha256::digest(bytes)),
        text,
    })
}

/// UTF-8 text without a byte-order mark; binary data and other encodings are refused.
fn plain_text(name: &str, bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty(name.to_string()));
    }
    let controls = bytes
        .iter()
        .filter(|b| **b == 0 || (**b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if bytes.contains(&0) || controls * 100 > bytes.len() {
        return Err(ImportError::Binary(name.to_string()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotUtf8(name.to_string()))?;
    Ok(text.trim_start_matches('\u{feff}').replace('\u{0c}', "\n"))
}

fn looks_like_html(file_name: &str, text: &str) -> bool {
    let start = text.trim_start().get(..15).unwrap_or("").to_lowercase();
    let lower_name = file_name.to_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || ((lower_name.ends_with(".html") || lower_name.ends_with(".htm")) && text.contains('<'))
}

/// The text of a PDF by `pdftotext -layout`; runs of spaces between columns become tabs.
fn pdf_text(name: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ImportError::PdftotextMissing,
            _ => ImportError::BadPdf {
                file: name.to_string(),
                reason: error.to_string(),
            },
        })?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input = bytes.to_vec();
    // Written from a thread so a large PDF cannot fill both pipes and stall.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = Vec::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("stdout was piped")
        .read_to_end(&mut stdout)
        .ok();
    child
        .stderr
        .take()
        .expect("stderr was piped")
        .read_to_string(&mut stderr)
        .ok();
    let status = child.wait().map_err(|error| ImportError::BadPdf {
        file: name.to_string(),
        reason: error.to_string(),
    })?;
    let _ = writer.join();
    let reason = || {
        stderr
            .lines()
            .next()
            .unwrap_or("filen är trasig eller ofullständig")
            .trim_start_matches("Syntax Error: ")
            .to_string()
    };
    if !status.success() {
        return Err(ImportError::BadPdf {
            file: name.to_string(),
            reason: reason(),
        });
    }
    let text = String::from_utf8_lossy(&stdout).replace('\u{0c}', "\n");
    if !text.chars().any(char::is_alphabetic) {
        // pdftotext may accept a broken file yet find nothing: say which it was.
        if stderr.contains("Error") {
            return Err(ImportError::BadPdf {
                file: name.to_string(),
                reason: reason(),
            });
        }
        return Err(ImportError::ScannedPdf(name.to_string()));
    }
    Ok(text.lines().map(columns_to_tabs).collect::<Vec<_>>().join("\n"))
}

/// "Beslutande      Anna Andersson      Region" → cells separated by tabs.
fn columns_to_tabs(line: &str) -> String {
    let trimmed = line.trim_end();
    let indent = trimmed.len() - trimmed.trim_start().len();
    let mut out = String::new();
    let mut spaces = 0;
    for c in trimmed.trim_start().chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 3 {
            out.push('\t');
        } else {
            out.extend(std::iter::repeat_n(' ', spaces));
        }
        spaces = 0;
        out.push(c);
    }
    if indent >= 8 && !out.is_empty() {
        // A line that starts in a later column keeps its empty first cell.
        out.insert(0, '\t');
    }
    out
}

/// The text of a Word document: one line per paragraph, a table row's cells joined by tabs.
fn docx_text(name: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let bad = |reason: String| ImportError::BadDocx {
        file: name.to_string(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| bad("word/document.xml saknas; filen är inte ett Word-dokument".into()))?
        .take(MAX_SOURCE_BYTES * 4)
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut cells: Option<Vec<String>> = None;
    let mut cell_depth = 0usize;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tr" => cells = Some(Vec::new()),
                b"tc" => {
                    cell_depth += 1;
                    if let Some(cells) = cells.as_mut() {
                        cells.push(String::new());
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => paragraph.push('\t'),
                b"br" | b"cr" => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.decode().map_err(|e| bad(e.to_string()))?;
                paragraph.push_str(&quick_xml::escape::unescape(&text).map_err(|e| bad(e.to_string()))?);
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().map_err(|e| bad(e.to_string()))?;
                let entity = format!("&{name};");
                paragraph.push_str(&quick_xml::escape::unescape(&entity).unwrap_or_default());
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let text = std::mem::take(&mut paragraph);
                    match cells.as_mut().and_then(|c| c.last_mut()).filter(|_| cell_depth > 0) {
                        Some(cell) => {
                            if !cell.is_empty() && !text.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(text.trim());
                        }
                        None => lines.push(text),
                    }
                }
                b"tc" => cell_depth = cell_depth.saturating_sub(1),
                b"tr" => {
                    if let Some(row) = cells.take() {
                        lines.push(row.join("\t"));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lines.join("\n"))
}

/// The text of an HTML page: scripts and styles dropped, block elements end lines, table cells
/// are joined by tabs, list entries get "- ", entities are decoded.
fn html_text(html: &str) -> String {
    const BLOCKS: [&str; 20] = [
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article", "header",
        "footer", "ul", "ol", "title", "hr",
    ];
    let mut out = String::new();
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while let Some(open) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&decode_entities(&rest[..open]));
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = &skip_until {
            if closing && &name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "head" if !closing => skip_until = Some(name),
            "td" | "th" if !closing && !out.ends_with('\n') && !out.is_empty() => out.push('\t'),
            "li" if !closing => out.push_str("\n- "),
            n if BLOCKS.contains(&n) => out.push('\n'),
            _ => {}
        }
    }
    if skip_until.is_none() {
        out.push_str(&decode_entities(rest));
    }
    out.lines()
        .map(|l| {
            l.split('\t')
                .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|end| entity(&tail[1..end]));
        match (decoded, end) {
            (Some(c), Some(end)) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "aring" => 'å',
        "auml" => 'ä',
        "ouml" => 'ö',
        "Aring" => 'Å',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "eacute" => 'é',
        "ndash" => '–',
        "mdash" => '—',
        "sect" => '§',
        "rdquo" => '”',
        "ldquo" => '“',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_columns_become_cells() {
        assert_eq!(
            columns_to_tabs("Beslutande     Anna Andersson     Region"),
            "Beslutande\tAnna Andersson\tRegion"
        );
        assert_eq!(
            columns_to_tabs("           Bo Berg    Växjö kommun"),
            "\tBo Berg\tVäxjö kommun"
        );
        assert_eq!(columns_to_tabs("§ 12 Två  ord"), "§ 12 Två  ord");
    }

    #[test]
    fn html_becomes_lines_and_cells() {
        let text = html_text(
            "<html><head><title>x</title><style>p{}</style></head><body><h1>Protokoll &sect; 12</h1>\
             <p>Sammantr&auml;de&nbsp;2023-10-20</p><script>alert(1)</script>\
             <table><tr><td>Nr</td><td>Ärende</td></tr><tr><td>1</td><td>Mötet &amp; öppnas</td></tr></table>\
             <ul><li>Ett</li><li>Två</li></ul></body></html>",
        );
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines,
            [
                "Protokoll § 12",
                "Sammanträde 2023-10-20",
                "Nr\tÄrende",
                "1\tMötet & öppnas",
                "- Ett",
                "- Två"
            ]
        );
    }
}
