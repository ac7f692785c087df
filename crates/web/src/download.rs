//! What every downloaded file shares: a `Content-Disposition` that any file name is safe in
//! (RFC 6266 with RFC 5987's `filename*`), and CSV cells that a spreadsheet cannot run.

use axum::http::HeaderValue;

/// `attachment` or `inline` with `name`: an ASCII fallback without quotes, backslashes or
/// control characters, and the exact name percent-encoded in `filename*`.
pub fn content_disposition(kind: &str, name: &str) -> HeaderValue {
    let fallback: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// One CSV cell (semicolon-separated, as Swedish spreadsheets read): a text that begins like a
/// formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe so that it stays text
/// (OWASP's advice); a plain number such as `-0,07` is left a number. Quoted when it holds a
/// separator, a quote or a line break.
pub fn csv_cell(cell: &str) -> String {
    let number = |text: &str| {
        let digits = text.strip_prefix('-').unwrap_or(text);
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == ',')
            && digits.matches(',').count() <= 1
            && !digits.starts_with(',')
    };
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_come_out_inert_and_numbers_stay_numbers() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("=cmd|\" /C calc\"!A0"), "\"'=cmd|\"\" /C calc\"\"!A0\"");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("+46 470"), "'+46 470");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-0,07"), "-0,07");
        assert_eq!(csv_cell("-1276000,00"), "-1276000,00");
        assert_eq!(csv_cell("- punkt"), "'- punkt");
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("Växjö kommun"), "Växjö kommun");
    }

    #[test]
    fn any_file_name_gives_a_valid_header() {
        let header = content_disposition("attachment", "bidrag-\"x\"\r\nSet-Cookie: a=b.csv");
        let text = header.to_str().unwrap();
        assert!(text.starts_with("attachment; filename=\"bidrag-_x___Set-Cookie: a=b.csv\"; filename*=UTF-8''"));
        assert!(!text.contains('\r') && !text.contains('\n'));
        let swedish = content_disposition("inline", "protokoll-lsvo-2026-§ 5.pdf");
        assert!(swedish
            .to_str()
            .unwrap()
            .ends_with("filename*=UTF-8''protokoll-lsvo-2026-%C2%A7%205.pdf"));
    }
}
