//! `ferry serve`: mappings behind HTTP.
//!
//! A service that links the engine like any user's service would: routes
//! from one configuration file, each a compiled [`ferry_engine::Mapping`]
//! with its contracts. Transform routes answer with the mapped payload;
//! webhook routes verify the sender's signature, persist the event, answer
//! `202` and deliver the mapped event downstream from a durable outbox.
//! Mappings run on the blocking pool, never on the reactor threads.

#![warn(missing_docs)]

pub mod outbox;
pub mod signature;

mod app;
mod auth;
pub mod config;
pub mod observe;
pub mod openapi;
mod problem;
pub mod routes;
mod server;
mod webhook;

pub use app::{Service, router};
pub use problem::Problem;
pub use routes::{LoadErrors, Routes};
pub use server::{Bound, check, serve};
