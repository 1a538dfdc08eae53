//! The command-line tool, run as a process: one test binary for every offline test of the CLI, a
//! module per subject. (The live probe against real servers, `live_probe`, is its own target: it runs
//! as root with `--ignored`.)

#[path = "../common/mod.rs"]
mod common;

mod capture;
mod check;
mod clients;
mod config;
mod decode_classify_encode;
mod flow;
mod practice;
mod probe;
mod probe_tls;
