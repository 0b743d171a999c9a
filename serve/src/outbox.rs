//! The durable outbox of webhook routes and its delivery worker (being written).
