//! What was sent out about a meeting: the notice (kallelse) and protocol extracts
//! (protokollsutdrag), with who received them and when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{DispatchId, ItemId, MeetingId};

/// What kind of mailing it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DispatchKind {
    Notice,
    /// One item's minutes sent to its distribution list.
    Extract {
        item_id: ItemId,
    },
}

/// One mailing, as a record that it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    pub id: DispatchId,
    pub meeting_id: MeetingId,
    pub kind: DispatchKind,
    pub subject: String,
    /// The e-mail addresses it went to.
    pub recipients: Vec<String>,
    /// The user who sent it.
    pub sent_by: Option<String>,
    pub sent_at: DateTime<Utc>,
}
