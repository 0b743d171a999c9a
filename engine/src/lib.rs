//! Ferry engine
#![forbid(unsafe_code)]

pub mod codes;
pub mod error;
pub mod path;
pub mod stdlib;
pub mod value;
