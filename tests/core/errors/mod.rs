//! Every error code the decoders produce, with its exact span; every warning code; the `note` on a 227
//! that lenient clients read differently.
//!
//! Split by subject: `framing` (inputs and reply framing), `number_groups` (227 / PORT), `extended`
//! (EPSV / 229 and EPRT), `long_forms` (LPRT / 228), `codes` (the code list itself), `warnings`. The
//! decoding helpers live here.

mod codes;
mod extended;
mod framing;
mod long_forms;
mod number_groups;
mod warnings;

// Decoding as the page and the CLI show it: the strict reading, and on a malformed 227 the note on how
// real clients read it (`clients::decode_with` adds it; `wire` knows no client).
use ftp_explorer::clients::{decode, decode_with};
use ftp_explorer::wire::{Context, DecodeError, Decoded, ErrorCode, Span, WarningCode};
use std::net::IpAddr;

fn err(input: &str) -> DecodeError {
    match decode(input) {
        Ok(d) => panic!("{input:?} should fail, decoded {d:?}"),
        Err(e) => e,
    }
}

/// The error's code, and that its span covers exactly `part`, found at byte `at` of `input`.
#[track_caller]
fn expect(input: &str, code: ErrorCode, start: usize, end: usize) -> DecodeError {
    let e = err(input);
    assert_eq!(e.code, code, "{input:?}: {e}");
    assert_eq!(e.span, Span::new(start, end), "{input:?}: {e}");
    assert!(e.span.end <= input.len());
    e
}

/// Like `expect`, with the span given as the first occurrence of `part` at or after byte `from`.
#[track_caller]
fn expect_at(input: &str, code: ErrorCode, part: &str, from: usize) -> DecodeError {
    let start = from + input[from..].find(part).expect("part in input");
    expect(input, code, start, start + part.len())
}

fn ok(input: &str) -> Decoded {
    decode(input).unwrap_or_else(|e| panic!("{input:?} should decode, got {e}"))
}

fn peer(text: &str) -> Context {
    Context {
        control_peer: Some(text.parse::<IpAddr>().unwrap()),
    }
}

fn codes(d: &Decoded) -> Vec<WarningCode> {
    d.warnings.iter().map(|w| w.code).collect()
}

const P: &str = "227 Entering Passive Mode ";
