//! Any reply through every client model, with and without a control peer: no panic.
#![no_main]
use ftp_explorer::clients::interpret;
use libfuzzer_sys::fuzz_target;
use std::net::IpAddr;

fuzz_target!(|input: (u8, &str)| {
    let (which, text) = input;
    let prefix = ["227 ", "229 ", "227-", "", "229 (", "227 ("][usize::from(which) % 6];
    let reply = format!("{prefix}{text}");
    let peers: [Option<IpAddr>; 3] = [None, "203.0.113.9".parse().ok(), "::1".parse().ok()];
    for control in peers {
        for r in interpret(&reply, control) {
            assert!(!r.accepted || r.port.is_some(), "{} accepted without a port", r.name);
        }
    }
});
