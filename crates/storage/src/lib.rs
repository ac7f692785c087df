//! The storage trait of Samverkan and what both backends share.
//!
//! [`Store`] is the one interface the rest of the program talks to. The SQLite crate
//! (embedded default) and the PostgreSQL crate (servers) each own their migrations and a
//! connection pool, and both get their implementation from [`impl_sql_store!`], so the SQL
//! they run is written once. The backends run the same test suite ([`testsuite`]).
//!
//! Rules the store itself guards, whatever the caller does:
//! - a meeting or item saved with a stale `version` is refused with [`StoreError::Conflict`];
//! - nothing of an adjusted protocol changes, except that it may be published
//!   ([`samverkan_domain::DomainError::ProtocolAdjusted`]).

mod error;
mod rows;
mod sql;
mod store;
#[cfg(feature = "testsuite")]
pub mod testsuite;

pub use error::StoreError;
#[doc(hidden)]
pub use rows::*;
pub use store::{
    Between, Change, Deletion, LockedRendering, MeetingListing, NewUser, PendingImport, RecordKind, RecordTimes, Store,
    User, UserRole,
};

/// Re-exported for [`impl_sql_store!`], which expands inside the backend crates.
#[doc(hidden)]
pub mod __private {
    pub use async_trait::async_trait;
    pub use chrono;
    pub use rand_core;
    pub use samverkan_domain as domain;
    pub use sqlx;
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Wakes a follower of the change log when another process may have written to it.
pub type ChangeSignal = tokio::sync::mpsc::Receiver<()>;
