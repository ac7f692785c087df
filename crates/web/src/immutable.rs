//! Adjusted protocols are immutable documents: what is served of one carries an `ETag` made
//! from its locked content hash, so a client (or a cache in front of the servers) that has it
//! gets `304 Not Modified` without the document being read or rendered again.

use axum::body::Bytes;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use samverkan_domain::{Meeting, MeetingId};

use crate::hot_copies::HotCopy;
use crate::{AppError, AppState};

/// The entity tag of one rendering (`variant`: public or members, and the format) of a locked
/// protocol; none for one that is still open to change.
pub fn etag(meeting: &Meeting, variant: &str) -> Option<String> {
    Locked::of(meeting).map(|locked| etag_of(&locked.hash, variant))
}

/// The entity tag of one rendering of the locked content with hash `hash`.
pub fn etag_of(hash: &str, variant: &str) -> String {
    format!("\"{hash}-{variant}\"")
}

/// A locked protocol as its kept copies name it: the meeting, its version and content hash.
pub struct Locked {
    pub meeting: MeetingId,
    pub version: i64,
    pub hash: String,
}

impl Locked {
    /// None for a protocol still open to change.
    pub fn of(meeting: &Meeting) -> Option<Locked> {
        let hash = meeting
            .adjustment
            .content_sha256
            .clone()
            .filter(|_| meeting.status.is_locked())?;
        Some(Locked {
            meeting: meeting.id,
            version: meeting.version,
            hash,
        })
    }
}

/// The kept copy of a locked protocol's rendering `variant`: from this process's memory
/// ([`crate::hot_copies`]), else from the database (then held in memory too). Without one, what
/// [`keep`] needs to keep the rendering once made.
pub async fn kept(
    state: &AppState,
    meeting: MeetingId,
    variant: &'static str,
) -> Result<Result<HotCopy, Missing>, AppError> {
    if let Some(copy) = state.hot_copies.get(meeting, variant) {
        return Ok(Ok(copy));
    }
    let generation = state.hot_copies.generation();
    Ok(match state.store.locked_rendering(meeting, variant).await? {
        Some(kept) => {
            let copy = HotCopy {
                hash: kept.content_sha256,
                version: kept.meeting_version,
                content: Bytes::from(kept.content),
            };
            state.hot_copies.put(generation, meeting, variant, copy.clone());
            Ok(copy)
        }
        None => Err(Missing { generation }),
    })
}

/// A rendering found in no copy, and when it was looked for: one made from what was read after
/// that may be held.
pub struct Missing {
    generation: u64,
}

/// Keeps `content`, made from a locked protocol read after `missing` was found, under `variant`
/// and the meeting's version, where [`kept`] finds it for every server. A failure only loses
/// the copy for next time.
pub async fn keep(state: &AppState, missing: Missing, locked: &Locked, variant: &'static str, content: Bytes) {
    let stored = format!("{variant}:{}", locked.version);
    if let Err(error) = state
        .store
        .put_rendering(locked.meeting, &stored, &locked.hash, &content)
        .await
    {
        tracing::warn!(meeting = %locked.meeting, ?error, "a rendering of the locked protocol could not be kept");
    }
    let copy = HotCopy {
        hash: locked.hash.clone(),
        version: locked.version,
        content,
    };
    state.hot_copies.put(missing.generation, locked.meeting, variant, copy);
}

/// `304 Not Modified` when the request already holds this tag.
pub fn not_modified(request: &HeaderMap, etag: Option<&str>) -> Option<Response> {
    let etag = etag?;
    let held = request.get_all(IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok());
    let matches = held
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == etag || tag == "*" || tag.strip_prefix("W/") == Some(etag));
    matches.then(|| {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        tag(&mut response, etag, true);
        response
    })
}

/// Marks a response with its tag; a public rendering may be cached by anyone for a day, a
/// members' one only by the member's own browser.
pub fn tagged(mut response: Response, etag: Option<&str>, public: bool) -> Response {
    if let Some(etag) = etag {
        tag(&mut response, etag, public);
    }
    response
}

fn tag(response: &mut Response, etag: &str, public: bool) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(ETAG, value);
    }
    let policy = if public {
        "public, max-age=86400"
    } else {
        "private, max-age=3600"
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
}
