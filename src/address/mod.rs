//! Address classification against the IANA special-purpose registries, and strict parsing of address text.
//!
//! `registry` holds the data (one row per block); `classify` turns an address into a [`Classification`];
//! `parse` reads address text strictly, explaining exactly what is wrong with a malformed one.

mod category;
mod classify;
mod parse;
pub mod registry;

pub use category::Category;
pub use classify::{classify, Classification};
pub use parse::{parse_ip, AddressError, ErrorCode};
