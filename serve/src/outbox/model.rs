//! The outbox's vocabulary: what goes in ([`Delivery`]), what names it
//! ([`EntryId`]), and what the store reports back ([`EntrySummary`],
//! [`OutboxStats`]).

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};

use super::error::OutboxError;

/// A mapped event waiting to be POSTed to its target.
///
/// The webhook route builds one after it has verified and mapped an event;
/// [`Outbox::enqueue`](super::Outbox::enqueue) makes it durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The route that produced the event, for listing, metrics and the
    /// de-duplication key.
    pub route: String,
    /// The URL the body is POSTed to (`http` or `https`).
    pub target: String,
    /// The request body, sent as is.
    pub body: Vec<u8>,
    /// The `content-type` of the body.
    pub content_type: String,
    /// Extra request headers, e.g. `traceparent` or `webhook-id`. The
    /// worker adds `content-type` and `idempotency-key` itself, and
    /// `webhook-id` unless one is given here.
    pub headers: Vec<(String, String)>,
    /// The sender's event id, when it has one: shown in listings and used
    /// by [`Outbox::enqueue_once`](super::Outbox::enqueue_once).
    pub event_id: Option<String>,
}

/// The id of an outbox entry: increasing in the order entries were
/// enqueued, never reused within one outbox file.
///
/// Shown and parsed as a plain decimal number, as the CLI takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId(pub u64);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for EntryId {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(EntryId)
    }
}

/// What [`Outbox::enqueue_once`](super::Outbox::enqueue_once) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// The event was new: it is now a pending entry with this id.
    New(EntryId),
    /// The event id was seen within the window: nothing was enqueued.
    Duplicate,
}

/// Where an entry stands. A delivered entry is removed from the outbox in
/// the transaction that records its delivery, so it has no state here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryState {
    /// Waiting for its next attempt (or being attempted now).
    Pending,
    /// Given up on: a permanent refusal or `max_attempts` reached. Stays
    /// until replayed or purged.
    Dead,
}

/// Which entries [`Outbox::list`](super::Outbox::list) shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// Pending entries only.
    Pending,
    /// Dead entries only.
    Dead,
    /// Both.
    All,
}

/// Which entries [`Outbox::replay`](super::Outbox::replay) and
/// [`Outbox::purge`](super::Outbox::purge) act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every dead entry.
    AllDead,
    /// These entries; ids that do not exist are skipped.
    Ids(Vec<EntryId>),
}

/// One entry as listed: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySummary {
    /// The entry's id.
    pub id: EntryId,
    /// The route that enqueued it.
    pub route: String,
    /// Where it is POSTed.
    pub target: String,
    /// The sender's event id, if it had one.
    pub event_id: Option<String>,
    /// Pending or dead.
    pub state: EntryState,
    /// Attempts started so far (reset by a replay).
    pub attempts: u32,
    /// When it was enqueued.
    pub created: SystemTime,
    /// When it is next due, for a pending entry. While an attempt is in
    /// flight this is the end of its lease.
    pub next_attempt: Option<SystemTime>,
    /// The HTTP status of the last failed attempt, if it got one.
    pub last_status: Option<u16>,
    /// Why the last attempt failed: the status with a short excerpt of the
    /// response body, or the transport error.
    pub last_error: Option<String>,
}

/// The outbox's size, for metrics and `ferry outbox` listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxStats {
    /// Entries waiting for delivery (including those in flight).
    pub pending: u64,
    /// Entries given up on.
    pub dead: u64,
    /// How long the oldest pending entry has waited, if any is pending.
    pub oldest_pending_age: Option<Duration>,
    /// Event ids remembered for de-duplication (expired ones are pruned as
    /// new ones arrive).
    pub remembered_event_ids: u64,
}

/// Headers a [`Delivery`] may not carry: the worker sets the first two,
/// the HTTP client the framing ones.
const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "idempotency-key",
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
];

impl Delivery {
    /// Checks that the delivery can be sent: the target is an absolute
    /// `http` or `https` URL with a host, and every header is valid HTTP
    /// and not one the worker or the client sets. [`enqueue`] calls it, so
    /// a bad delivery is refused before it is stored; a route may call it
    /// on a sample at start-up to check its configured target.
    ///
    /// [`enqueue`]: super::Outbox::enqueue
    pub fn validate(&self) -> Result<(), OutboxError> {
        check_target(&self.target)?;
        for (name, value) in &self.headers {
            let refuse = |reason| OutboxError::InvalidHeader {
                name: name.clone(),
                reason,
            };
            let parsed =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| refuse("not a header name"))?;
            if RESERVED_HEADERS.contains(&parsed.as_str()) {
                return Err(refuse("set by the delivery worker"));
            }
            HeaderValue::from_str(value).map_err(|_| refuse("not a header value"))?;
        }
        HeaderValue::from_str(&self.content_type).map_err(|_| OutboxError::InvalidHeader {
            name: "content-type".into(),
            reason: "not a header value",
        })?;
        Ok(())
    }
}

/// Checks that `target` is an absolute `http` or `https` URL with a host;
/// returns it parsed.
pub(super) fn check_target(target: &str) -> Result<Url, OutboxError> {
    let refuse = |reason: String| OutboxError::InvalidTarget {
        target: target.to_owned(),
        reason,
    };
    let url = Url::parse(target).map_err(|error| refuse(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse(format!(
            "scheme {:?} is not http or https",
            url.scheme()
        )));
    }
    if url.host().is_none() {
        return Err(refuse("no host".into()));
    }
    Ok(url)
}
