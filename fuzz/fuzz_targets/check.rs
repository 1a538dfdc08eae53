//! Any pasted text through the log reader (every format, and detection) and every rule: no panic, every
//! line kept, every finding pointing at lines that exist.
#![no_main]
use ftp_explorer::diagnose::{diagnose, Options};
use ftp_explorer::log::{read_log, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (choice, text) = input;
    let format = Format::ALL.get(usize::from(choice)).copied(); // out of range: detect
    let session = read_log(text, format);
    assert_eq!(session.lines.len(), text.lines().count());
    let d = diagnose(&session, &Options { passive_range: Some((50000, 50010)) });
    for f in &d.findings {
        assert!(f.lines.iter().all(|&l| l >= 1 && l <= session.lines.len()), "{:?}", f);
    }
});
