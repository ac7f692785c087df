//! Typst as a library: a world of one template, one JSON data file and the shipped fonts.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::RenderError;

/// The fonts, parsed once: Libertinus Serif for text, with DejaVu Sans Mono for hashes.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

struct DocumentWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    /// The body's logo, as the template asks for it (`/logo.png` or `/logo.jpg`).
    logo: Option<(FileId, Bytes)>,
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if let Some((_, logo)) = self.logo.as_ref().filter(|(logo_id, _)| *logo_id == id) {
            Ok(logo.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let today = chrono::Utc::now().date_naive();
        use chrono::Datelike;
        Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
    }
}

/// Typesets `template` with `data` as `data.json` and writes PDF/A-2b dated `date`, so that the
/// same protocol always gives the same document.
pub fn render(
    template: &str,
    data: &impl Serialize,
    logo: Option<&crate::Logo>,
    date: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, RenderError> {
    let mut value = serde_json::to_value(data).map_err(|e| RenderError::Typeset(e.to_string()))?;
    make_printable(&mut value);
    let json = serde_json::to_vec(&value).map_err(|e| RenderError::Typeset(e.to_string()))?;
    let world = DocumentWorld {
        main: Source::new(file_id("/main.typ"), template.to_string()),
        data_id: file_id("/data.json"),
        data: Bytes::new(json),
        logo: logo.map(|logo| (file_id(logo.path()), Bytes::new(logo.bytes().to_vec()))),
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|diagnostics| RenderError::Typeset(messages(&diagnostics)))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| RenderError::Pdf(e.message().to_string()))?;
    use chrono::{Datelike, Timelike};
    let timestamp = Datetime::from_ymd_hms(
        date.year(),
        date.month() as u8,
        date.day() as u8,
        date.hour() as u8,
        date.minute() as u8,
        date.second() as u8,
    )
    .map(Timestamp::new_utc);
    let options = PdfOptions {
        standards,
        timestamp,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| RenderError::Pdf(messages(&diagnostics)))
}

fn messages(diagnostics: &[typst::diag::SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every string of the data made printable (see [`printable`]).
fn make_printable(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => *text = printable(text),
        serde_json::Value::Array(values) => values.iter_mut().for_each(make_printable),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(make_printable),
        _ => {}
    }
}

/// The longest run without a break opportunity that is printed as it stands; no word is this
/// long, and the PDF writer cannot take a text run of tens of kilobytes.
const LONGEST_WORD: usize = 200;

/// Private-use characters (a Word "Symbol" bullet, U+F0B7, in imported text) have no glyph in
/// any font, and PDF/A forbids a missing glyph: they are printed as a bullet. A run of more
/// than [`LONGEST_WORD`] characters without a space gets a zero-width break opportunity after
/// every [`LONGEST_WORD`], so that it wraps instead of running off the page.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > LONGEST_WORD {
                out.push('\u{200b}');
                run = 1;
            }
        }
        out.push(if ('\u{e000}'..='\u{f8ff}').contains(&c) {
            '•'
        } else {
            c
        });
    }
    out
}
