//! Any text into the reply/command decoder, with and without a control peer: no panic, spans in bounds.
#![no_main]
use ftp_explorer::wire::{decode_with, Context, Span};
use libfuzzer_sys::fuzz_target;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn check(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fuzz_target!(|text: &str| {
    for peer in [None, Some(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7))), Some(IpAddr::V6(Ipv6Addr::LOCALHOST))] {
        match decode_with(text, &Context { control_peer: peer }) {
            Ok(d) => {
                d.span.into_iter().for_each(|s| check(text, s));
                d.warnings.iter().filter_map(|w| w.span).for_each(|s| check(text, s));
            }
            Err(e) => check(text, e.span),
        }
    }
});
