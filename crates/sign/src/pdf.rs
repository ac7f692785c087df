//! The incremental update that carries a signature: a signature dictionary with room for the
//! CMS, an invisible signature field on the first page, the catalog with its AcroForm, a new
//! cross-reference section and trailer. The document before it is left untouched.

use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::SignError;

/// A PDF with its signature update written, the signature's place still zeros.
pub struct Prepared {
    pub bytes: Vec<u8>,
    /// The `<…>` hex string that will hold the CMS, brackets included.
    contents: Range<usize>,
}

impl Prepared {
    /// What the signature covers: everything but its own hex string.
    pub fn signed_ranges(&self) -> [Range<usize>; 2] {
        [0..self.contents.start, self.contents.end..self.bytes.len()]
    }

    /// The document with `cms` (DER) in its place.
    /// The SHA-256 of every byte the signature covers.
    pub fn digest(&self) -> Vec<u8> {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        for range in self.signed_ranges() {
            hasher.update(&self.bytes[range]);
        }
        hasher.finalize().to_vec()
    }

    pub fn with_signature(mut self, cms: &[u8]) -> Result<Vec<u8>, SignError> {
        let hex = hex::encode_upper(cms);
        let room = self.contents.len() - 2;
        if hex.len() > room {
            return Err(SignError::Cms(format!(
                "the signature needs {} bytes, there is room for {}",
                hex.len() / 2,
                room / 2
            )));
        }
        let start = self.contents.start + 1;
        self.bytes[start..start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The number after `key` in `text` ("/Size 76" → 76; "/Root 75 0 R" → 75, the object).
fn number_after(text: &str, key: &str) -> Option<u64> {
    let rest = &text[text.find(key)? + key.len()..];
    rest.trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The offsets of objects from every cross-reference table of the file (the newest wins).
fn offsets(pdf: &[u8], startxref: usize) -> Result<std::collections::HashMap<u64, usize>, SignError> {
    let mut found = std::collections::HashMap::new();
    let mut at = Some(startxref);
    let mut guard = 0;
    while let Some(position) = at {
        guard += 1;
        if guard > 64 || position >= pdf.len() || !pdf[position..].starts_with(b"xref") {
            return Err(SignError::Pdf("a cross-reference table was expected (no xref streams)"));
        }
        let text = String::from_utf8_lossy(&pdf[position..]);
        let trailer = text.find("trailer").ok_or(SignError::Pdf("no trailer"))?;
        let mut lines = text[4..trailer].lines().map(str::trim).filter(|l| !l.is_empty());
        while let Some(header) = lines.next() {
            let mut parts = header.split_whitespace();
            let (Some(first), Some(count)) = (parts.next(), parts.next()) else {
                return Err(SignError::Pdf("a broken cross-reference subsection"));
            };
            let first: u64 = first
                .parse()
                .map_err(|_| SignError::Pdf("a broken cross-reference subsection"))?;
            let count: u64 = count
                .parse()
                .map_err(|_| SignError::Pdf("a broken cross-reference subsection"))?;
            for n in 0..count {
                let entry = lines
                    .next()
                    .ok_or(SignError::Pdf("a short cross-reference subsection"))?;
                let mut fields = entry.split_whitespace();
                let offset: usize = fields.next().and_then(|o| o.parse().ok()).unwrap_or(0);
                let kind = fields.nth(1).unwrap_or("f");
                if kind == "n" {
                    found.entry(first + n).or_insert(offset);
                }
            }
        }
        let trailer_text = &text[trailer..];
        at = number_after(trailer_text, "/Prev").map(|p| p as usize);
    }
    Ok(found)
}

/// The dictionary of object `number` ("<< … >>"), as text.
fn dictionary(pdf: &[u8], offsets: &std::collections::HashMap<u64, usize>, number: u64) -> Result<String, SignError> {
    let start = *offsets
        .get(&number)
        .ok_or(SignError::Pdf("an object the document names is missing"))?;
    let text = &pdf[start..];
    let end = find(text, b"endobj").ok_or(SignError::Pdf("an object without endobj"))?;
    let object = String::from_utf8_lossy(&text[..end]);
    let open = object
        .find("<<")
        .ok_or(SignError::Pdf("an object that is not a dictionary"))?;
    let close = object
        .rfind(">>")
        .ok_or(SignError::Pdf("an object that is not a dictionary"))?;
    if object[close..].contains("stream") || object[open..close].contains("stream\n") {
        return Err(SignError::Pdf("a stream where a dictionary was expected"));
    }
    Ok(object[open..close + 2].to_string())
}

/// A PDF text string: ASCII as it is (parentheses and backslash escaped), anything else as
/// UTF-16 with a byte-order mark in hex.
fn text_string(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        let escaped = text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        format!("({escaped})")
    } else {
        let mut hex = String::from("<FEFF");
        for unit in text.encode_utf16() {
            hex.push_str(&format!("{unit:04X}"));
        }
        hex.push('>');
        hex
    }
}

/// Writes the signature update after `pdf`, with `room` bytes for the CMS.
pub fn prepare(pdf: &[u8], reason: &str, at: DateTime<Utc>, room: usize) -> Result<Prepared, SignError> {
    let tail_start = pdf.len().saturating_sub(2048);
    let startxref_at = rfind(&pdf[tail_start..], b"startxref").ok_or(SignError::Pdf("no startxref"))? + tail_start;
    let startxref = number_after(&String::from_utf8_lossy(&pdf[startxref_at..]), "startxref")
        .ok_or(SignError::Pdf("no startxref offset"))? as usize;
    let trailer_at = rfind(&pdf[..startxref_at], b"trailer").ok_or(SignError::Pdf("no trailer"))?;
    let trailer = String::from_utf8_lossy(&pdf[trailer_at..startxref_at]).to_string();
    let size = number_after(&trailer, "/Size").ok_or(SignError::Pdf("no /Size in the trailer"))?;
    let root = number_after(&trailer, "/Root").ok_or(SignError::Pdf("no /Root in the trailer"))?;
    let info = trailer.find("/Info").and_then(|_| number_after(&trailer, "/Info"));
    let id = trailer.find("/ID").map(|start| {
        let rest = &trailer[start..];
        rest[..rest.find(']').map_or(rest.len(), |e| e + 1)].to_string()
    });

    let offsets = offsets(pdf, startxref)?;
    let catalog = dictionary(pdf, &offsets, root)?;
    if catalog.contains("/AcroForm") {
        return Err(SignError::Pdf("the document already has a form"));
    }
    let pages = number_after(&catalog, "/Pages").ok_or(SignError::Pdf("no /Pages in the catalog"))?;
    let pages_dictionary = dictionary(pdf, &offsets, pages)?;
    let kids = &pages_dictionary[pages_dictionary.find("/Kids").ok_or(SignError::Pdf("no /Kids"))? + 5..];
    let first_page: u64 = kids
        .trim_start()
        .trim_start_matches('[')
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or(SignError::Pdf("no first page"))?;
    let page = dictionary(pdf, &offsets, first_page)?;

    let (signature, field) = (size, size + 1);
    let page = match page.find("/Annots") {
        None => format!("{} /Annots [{field} 0 R]>>", &page[..page.len() - 2]),
        Some(at) => {
            let rest = &page[at + 7..];
            let bracket = rest.trim_start();
            if !bracket.starts_with('[') {
                return Err(SignError::Pdf("the first page's annotations are not an inline array"));
            }
            let open = at + 7 + (rest.len() - bracket.len()) + 1;
            format!("{}{field} 0 R {}", &page[..open], &page[open..])
        }
    };
    let catalog = format!(
        "{} /AcroForm <</Fields [{field} 0 R] /SigFlags 3>>>>",
        &catalog[..catalog.len() - 2]
    );
    let date = at.format("D:%Y%m%d%H%M%SZ");
    let placeholder = "0000000000";
    let signature_object = format!(
        "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached \
         /ByteRange [0 {placeholder} {placeholder} {placeholder}] /Contents <{}> /M ({date}) /Reason {}>>",
        "0".repeat(room * 2),
        text_string(reason)
    );
    // An invisible field: a zero-size widget, printed (PDF/A wants the print flag) and locked.
    let field_object = format!(
        "<</Type /Annot /Subtype /Widget /FT /Sig /T (Justering) /V {signature} 0 R /Rect [0 0 0 0] /F 132 /P {first_page} 0 R>>"
    );

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut entries: Vec<(u64, usize)> = Vec::new();
    for (number, body) in [
        (root, catalog),
        (first_page, page),
        (signature, signature_object),
        (field, field_object),
    ] {
        entries.push((number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    entries.sort();
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (number, offset) in &entries {
        out.extend_from_slice(format!("{number} 1\n{offset:010} 00000 n\r\n").as_bytes());
    }
    let mut trailer = format!("trailer\n<</Size {} /Root {root} 0 R /Prev {startxref}", size + 2);
    if let Some(info) = info {
        trailer.push_str(&format!(" /Info {info} 0 R"));
    }
    if let Some(id) = id {
        trailer.push(' ');
        trailer.push_str(&id);
    }
    trailer.push_str(&format!(">>\nstartxref\n{xref}\n%%EOF\n"));
    out.extend_from_slice(trailer.as_bytes());

    // Where the signature's hex string stands, and the byte ranges around it.
    let signature_at = entries
        .iter()
        .find(|(n, _)| *n == signature)
        .map(|(_, o)| *o)
        .unwrap_or(0);
    let contents_at = signature_at
        + find(&out[signature_at..], b"/Contents <").ok_or(SignError::Pdf("no room for the signature"))?
        + "/Contents ".len();
    let contents = contents_at..contents_at + room * 2 + 2;
    let ranges = format!(
        "[0 {:010} {:010} {:010}]",
        contents.start,
        contents.end,
        out.len() - contents.end
    );
    let byte_range_at =
        signature_at + find(&out[signature_at..], b"/ByteRange [").ok_or(SignError::Pdf("no byte range"))? + 11;
    let old_length = format!("[0 {placeholder} {placeholder} {placeholder}]").len();
    if ranges.len() != old_length {
        return Err(SignError::Pdf("the document is too large to sign"));
    }
    out[byte_range_at..byte_range_at + old_length].copy_from_slice(ranges.as_bytes());
    Ok(Prepared { bytes: out, contents })
}
