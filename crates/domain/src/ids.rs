//! Typed identifiers, so that a meeting id can never be passed where a body id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The id of a value not yet stored; the store assigns the real one on create.
            pub const NEW: $name = $name(0);

            pub fn is_new(self) -> bool {
                self.0 == 0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_types!(
    /// Identifies a [`crate::Body`].
    BodyId,
    /// Identifies an [`crate::Organisation`].
    OrganisationId,
    /// Identifies a [`crate::Person`].
    PersonId,
    /// Identifies a [`crate::Membership`].
    MembershipId,
    /// Identifies a [`crate::Meeting`].
    MeetingId,
    /// Identifies an [`crate::Item`].
    ItemId,
    /// Identifies a [`crate::Grant`].
    GrantId,
    /// Identifies a [`crate::CostShare`].
    CostShareId,
    /// Identifies an [`crate::Agreement`].
    AgreementId,
    /// Identifies a user account.
    UserId,
    /// Identifies a [`crate::Dispatch`].
    DispatchId,
);
