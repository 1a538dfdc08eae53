//! Any text into the strict address parser; whatever parses must classify and print back to itself.
#![no_main]
use ftp_explorer::address::{classify, parse_ip};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse_ip(text) {
        Ok(ip) => {
            let class = classify(ip);
            assert_eq!(class.ip, ip);
            assert_eq!(parse_ip(&ip.to_string()).ok(), Some(ip));
        }
        Err(e) => assert!(e.span.start <= e.span.end && e.span.end <= text.len()),
    }
});
