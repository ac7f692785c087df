//! Search errors; `Display` is the Swedish sentence users see.

/// Why a search or an index update failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("Skriv något att söka efter.")]
    EmptyQuery,
    #[error("Sökfrågan är för lång. Den får vara högst {max} tecken.")]
    TooLong { max: usize },
    #[error(
        "Så långt in i träfflistan går det inte att bläddra (högst {max_hits} träffar). Förfina sökningen i stället."
    )]
    PageTooFar { max_hits: usize },
    #[error("Sökindexet kunde inte läsas eller skrivas.")]
    Index(#[from] tantivy::TantivyError),
    #[error("Sökindexets katalog kunde inte skapas.")]
    Directory(#[source] std::io::Error),
    #[error("Sökindexet är låst efter ett tidigare fel.")]
    Poisoned,
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(error: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Index(error.into())
    }
}
