//! `ftp-explorer probe` against REAL servers: vsftpd (`/usr/sbin/vsftpd`) and pyftpdlib (python3; found
//! through `PYTHONPATH=$FTP_EXPLORER_SERVERS/py` when that variable is set) on 127.0.0.1, and inside
//! private network namespaces this file creates (`ip netns add`), where a misadvertised passive address
//! and a firewalled passive range (nftables, DROP → timeout, REJECT with a TCP reset → refused) are
//! set up. The expected codes are the checker's for the captured logs of the same situations
//! (tests/fixtures/logs/README.md).
//!
//! Every test is `#[ignore]`: it needs root, `ip`, `nft`, `ss`, vsftpd and pyftpdlib, and is run by
//! `cargo xtask test` once those are prepared:
//!
//! ```sh
//! cargo test --test live_probe -- --ignored
//! ```
//!
//! A missing program or privilege FAILS the test with a message saying what is missing. Traffic goes
//! only to 127.0.0.1 / ::1 of this machine or of a namespace made here (its 10.255.0.5 lives on that
//! namespace's loopback); every namespace and server is removed by a Drop guard, even when a test fails.

#[path = "../common/mod.rs"]
mod common;

mod places;
mod probing;
mod servers;
mod setup;

mod addresses;
mod firewalls;
mod ftps;
mod loopback;

use crate::common::BIN;
use places::*;
use probing::*;
use serde_json::Value;
use servers::*;
use setup::*;
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
