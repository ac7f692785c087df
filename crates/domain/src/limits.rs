//! How long each kind of text may be, checked in the domain so that every front end (web,
//! API, import, CLI) gets the same bounds and nothing stored can later fail to render.
//!
//! The sizes are chosen for real protocols: a title is a line or two, a decision clause or a
//! recommendation at most a few pages, the notes of one item many pages (an imported protocol
//! whose layout is unknown keeps its whole text as one item's notes).

use crate::DomainError;

/// A title, a name, a place, a label: a line or two.
pub const TITLE: usize = 2_000;
/// A clause, a recommendation, a task, a preamble, one paragraph of notes: a few pages.
pub const TEXT: usize = 50_000;
/// All notes of an item together, and a remark of an imported head: hundreds of pages.
pub const NOTE: usize = 2_000_000;
/// Entries in one list (attendance, notes, clauses, attachments, recipients).
pub const ENTRIES: usize = 10_000;

/// Refuses `text` longer than `max` characters, naming the field in Swedish.
pub fn check(field: &'static str, text: &str, max: usize) -> Result<(), DomainError> {
    // Bytes bound characters from above, so most texts are cleared without counting.
    if text.len() > max {
        let length = text.chars().count();
        if length > max {
            return Err(DomainError::TooLong { field, length, max });
        }
    }
    Ok(())
}

/// [`check`] for an optional text.
pub fn check_opt(field: &'static str, text: Option<&str>, max: usize) -> Result<(), DomainError> {
    text.map_or(Ok(()), |text| check(field, text, max))
}

/// Refuses a list of more than [`ENTRIES`] entries.
pub fn check_entries<T>(field: &'static str, list: &[T]) -> Result<(), DomainError> {
    if list.len() > ENTRIES {
        return Err(DomainError::TooManyEntries {
            field,
            count: list.len(),
            max: ENTRIES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_not_bytes_are_counted() {
        assert!(check("Rubrik", &"ö".repeat(TITLE), TITLE).is_ok());
        let err = check("Rubrik", &"a".repeat(33_000), TITLE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Fältet ”Rubrik” är för långt: 33 000 tecken. Det får vara högst 2 000 tecken."
        );
    }
}
