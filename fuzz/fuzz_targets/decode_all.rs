//! Any pasted text split into inputs and decoded: no panic, every input a slice of the paste.
#![no_main]
use ftp_explorer::wire::{decode_all, reply::split_inputs, Context};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for span in split_inputs(text) {
        assert!(span.start <= span.end && span.end <= text.len());
    }
    let _ = decode_all(text, &Context::default());
});
