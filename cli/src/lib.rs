//! The parts of the `ftp-explorer` command line that can be tested without running the binary. Today:
//! the live probe ([`probe`]): its arguments, TLS set-up, control connection and session.

pub mod probe;
