//! Reading source files: every format the importer accepts, and every way a file can be bad.
//! Fixtures are built here; nothing binary is committed.

use std::io::Write;

use proptest::prelude::*;
use samverkan_import::{read_source, ImportError, SourceFormat, MAX_SOURCE_BYTES};

/// A one-page PDF whose only text is `text` (Helvetica), with a correct cross-reference table.
fn pdf_with_text(text: Option<&str>) -> Vec<u8> {
    let content = match text {
        Some(t) => format!("BT /F1 12 Tf 72 720 Td ({t}) Tj ET"),
        None => "0 0 1 rg 72 72 200 200 re f".to_string(),
    };
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).into_bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

/// A DOCX with two paragraphs and a three-column table, as Word writes the XML.
fn docx() -> Vec<u8> {
    let document = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Protokoll Länssamordningsgrupp (LSG)</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Datum: </w:t></w:r><w:r><w:t>2023-10-20 &amp; § 12</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>Nr</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ärende</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Beslut</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Mötet öppnas</w:t></w:r></w:p><w:p><w:r><w:t>Andra stycket</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Läggs till handlingarna</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
</w:body></w:document>"#;
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    buffer.into_inner()
}

fn pdftotext_installed() -> bool {
    std::process::Command::new("pdftotext").arg("-v").output().is_ok()
}

#[test]
fn docx_paragraphs_and_table_rows() {
    let source = read_source("protokoll.docx", &docx()).unwrap();
    assert_eq!(source.format, SourceFormat::Docx);
    let lines: Vec<&str> = source.text.lines().collect();
    assert_eq!(
        lines,
        [
            "Protokoll Länssamordningsgrupp (LSG)",
            "Datum: 2023-10-20 & § 12",
            "Nr\tÄrende\tBeslut",
            "1\tMötet öppnas Andra stycket\tLäggs till handlingarna"
        ]
    );
    assert_eq!(source.sha256.len(), 64);
}

#[test]
fn pdf_text_comes_through_pdftotext() {
    if !pdftotext_installed() {
        eprintln!("pdftotext (poppler-utils) is not installed; CI installs it");
        return;
    }
    let source = read_source("protokoll.pdf", &pdf_with_text(Some("Protokoll 12 beslut 2023-10-20"))).unwrap();
    assert_eq!(source.format, SourceFormat::Pdf);
    assert!(
        source.text.contains("Protokoll 12 beslut 2023-10-20"),
        "{:?}",
        source.text
    );
}

#[test]
fn pdf_without_text_is_a_scan() {
    if !pdftotext_installed() {
        return;
    }
    let error = read_source("skannad.pdf", &pdf_with_text(None)).unwrap_err();
    assert!(matches!(error, ImportError::ScannedPdf(_)), "{error:?}");
    assert!(error.to_string().contains("inskannad"));
}

#[test]
fn truncated_pdf_is_refused() {
    if !pdftotext_installed() {
        return;
    }
    let pdf = pdf_with_text(Some("Protokoll"));
    let error = read_source("trasig.pdf", &pdf[..200]).unwrap_err();
    assert!(
        matches!(error, ImportError::BadPdf { .. } | ImportError::ScannedPdf(_)),
        "{error:?}"
    );
}

#[test]
fn bad_text_files_are_refused_with_swedish_sentences() {
    let empty = read_source("tom.txt", b"").unwrap_err();
    assert_eq!(empty.to_string(), "Filen tom.txt är tom.");
    assert!(matches!(
        read_source("blank.txt", b" \n\t\n").unwrap_err(),
        ImportError::Empty(_)
    ));
    let binary = read_source("bild.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap_err();
    assert!(binary.to_string().contains("binärfil"));
    let latin1 = read_source("latin1.txt", b"Sammantr\xe4de 2011-02-22").unwrap_err();
    assert!(latin1.to_string().contains("UTF-8") && latin1.to_string().contains("Latin-1"));
    let big = vec![b'a'; MAX_SOURCE_BYTES as usize + 1];
    assert!(matches!(
        read_source("stor.txt", &big).unwrap_err(),
        ImportError::TooLarge { .. }
    ));
    let zip_not_word = {
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"x").unwrap();
        zip.finish().unwrap();
        buffer.into_inner()
    };
    assert!(read_source("arkiv.docx", &zip_not_word)
        .unwrap_err()
        .to_string()
        .contains("Word-filen"));
}

#[test]
fn byte_order_mark_and_crlf_are_normalised() {
    let source = read_source("a.txt", "\u{feff}Rad ett\r\nRad två\r\n".as_bytes()).unwrap();
    assert_eq!(source.text, "Rad ett\nRad två\n");
    assert_eq!(source.format, SourceFormat::Text);
}

#[test]
fn html_pages_are_read_as_text() {
    let page = "<!DOCTYPE html><html><body><p>Protokoll LSVO</p><p>Tid: 20 oktober 2023</p></body></html>";
    let source = read_source("protokoll.html", page.as_bytes()).unwrap();
    assert_eq!(source.format, SourceFormat::Html);
    assert!(source.text.contains("Protokoll LSVO\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn reading_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), prefix in 0usize..4) {
        let prefixes: [&[u8]; 4] = [b"", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf"];
        let mut input = prefixes[prefix].to_vec();
        input.extend(bytes);
        let _ = read_source("x", &input);
    }
}
