//! Storage errors: what went wrong, with the database cause kept as the source.

use samverkan_domain::DomainError;

/// Why a store operation failed. `Display` is a plain Swedish sentence for users; the source
/// chain carries the technical cause for the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} finns inte.")]
    NotFound { what: &'static str },
    #[error("Någon annan har sparat ändringar under tiden. Ladda om sidan och gör om din ändring.")]
    Conflict,
    #[error("{what} finns redan.")]
    Duplicate { what: &'static str },
    #[error("Det som valdes (en person, en organisation, ett sammanträde eller ett ärende) finns inte längre. Ladda om sidan och välj igen.")]
    MissingReference,
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("Databasen innehåller ett oväntat värde i {column}: {value:?}.")]
    Corrupt { column: &'static str, value: String },
    #[error("Databasen svarade med ett fel.")]
    Database(#[source] sqlx::Error),
    #[error("Databasens schema kunde inte uppdateras.")]
    Migration(#[source] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate { what: "Posten" },
            // A row that names one that does not exist: an id from a stale or forged form.
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::MissingReference,
            _ => StoreError::Database(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(error)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt {
            column: "json",
            value: error.to_string(),
        }
    }
}
