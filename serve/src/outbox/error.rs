//! What can go wrong in the outbox: the store, a refused delivery
//! description, or the HTTP client's set-up. Failed deliveries are not
//! errors: they are recorded on the entry (`last_error`).

use std::path::PathBuf;

/// An outbox operation that could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// Another process has the outbox file open; redb locks the whole file.
    #[error("the outbox {} is open in another process (is `ferry serve` running?)", .path.display())]
    AlreadyOpen {
        /// The outbox file.
        path: PathBuf,
    },
    /// The file was written by a newer Ferry whose layout this one does not
    /// know.
    #[error("the outbox {} has layout version {found}, this Ferry reads version {expected}", .path.display())]
    UnknownLayout {
        /// The outbox file.
        path: PathBuf,
        /// The version found in the file.
        found: u64,
        /// The version this build writes.
        expected: u64,
    },
    /// The embedded database failed (I/O, corruption, a full disk).
    #[error("outbox storage: {0}")]
    Storage(#[from] redb::Error),
    /// A stored record could not be decoded.
    #[error("outbox entry {id} is unreadable: {reason}")]
    Corrupt {
        /// The entry's id.
        id: u64,
        /// What the decoder said.
        reason: String,
    },
    /// A delivery's target is not an absolute `http` or `https` URL.
    #[error("delivery target {target:?} is not usable: {reason}")]
    InvalidTarget {
        /// The target as given.
        target: String,
        /// Why it was refused.
        reason: String,
    },
    /// A delivery's header cannot be sent: not valid HTTP, or one the
    /// worker sets itself.
    #[error("delivery header {name:?} is refused: {reason}")]
    InvalidHeader {
        /// The header name as given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The HTTP client could not be built.
    #[error("delivery client: {0}")]
    Client(String),
    /// The blocking task running a store operation panicked or was
    /// cancelled by a runtime shutdown.
    #[error("outbox task failed: {0}")]
    Task(String),
}

impl From<redb::DatabaseError> for OutboxError {
    fn from(error: redb::DatabaseError) -> Self {
        OutboxError::Storage(error.into())
    }
}

impl From<redb::TransactionError> for OutboxError {
    fn from(error: redb::TransactionError) -> Self {
        OutboxError::Storage(error.into())
    }
}

impl From<redb::TableError> for OutboxError {
    fn from(error: redb::TableError) -> Self {
        OutboxError::Storage(error.into())
    }
}

impl From<redb::StorageError> for OutboxError {
    fn from(error: redb::StorageError) -> Self {
        OutboxError::Storage(error.into())
    }
}

impl From<redb::CommitError> for OutboxError {
    fn from(error: redb::CommitError) -> Self {
        OutboxError::Storage(error.into())
    }
}
