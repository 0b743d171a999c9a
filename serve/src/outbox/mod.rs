//! The durable outbox of webhook routes and its delivery worker.
//!
//! A webhook route verifies the sender's signature, maps the event and
//! calls [`Outbox::enqueue_once`] (or [`Outbox::enqueue`]); it answers
//! `202` only after that returns `Ok`, when the entry is committed to disk.
//! A [`Deliverer`] then POSTs each entry to its target, retrying with
//! backoff, and keeps what it cannot deliver as dead entries for an
//! operator to [`replay`](Outbox::replay) or [`purge`](Outbox::purge).
//!
//! Guarantees:
//! - what `enqueue` acknowledged survives a process kill or a restart
//!   (redb commits with `fsync` before returning);
//! - delivery is at least once: a crash after the target answered but
//!   before the outcome was recorded sends the entry again, with the same
//!   `idempotency-key`, for the target to de-duplicate;
//! - no target origin ever has more than its limit of attempts in flight;
//! - a retry never comes sooner than the target's `Retry-After` (up to
//!   [`DeliveryPolicy::max_retry_after`]).
//!
//! Not guaranteed: order (entries are attempted roughly oldest-due first,
//! but retries and concurrency reorder them); durability against a lying
//! disk; timing under wall-clock jumps (due times are wall-clock, so they
//! survive a restart). Run one [`Deliverer`] per outbox: its limits are
//! its own.
//!
//! Layout: `model` (the types), `store` (the redb file), `dedup` (the
//! event-id window), `admin` (replay, purge), `lease` (the worker's store operations), `handle`
//! (the async [`Outbox`]), `backoff`, `limits`, `attempt` (one POST) and
//! `deliver` (the [`Deliverer`] loop).

mod admin;
mod attempt;
mod backoff;
mod dedup;
mod deliver;
mod error;
mod handle;
mod lease;
mod limits;
mod model;
mod store;

pub use backoff::Backoff;
pub use deliver::{Deliverer, DeliveryPolicy, Target};
pub use error::OutboxError;
pub use handle::Outbox;
pub use model::{
    Delivery, Enqueued, EntryId, EntryState, EntrySummary, OutboxStats, Selection, StateFilter,
};
pub use tokio_util::sync::CancellationToken;
