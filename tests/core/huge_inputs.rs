//! Huge input is handled without a crash: a 20 MB paste of replies and commands, and a one-million-line
//! client log. (How fast is measured by `cargo xtask bench`, not asserted here.)

use ftp_explorer::diagnose::{diagnose, Options};
use ftp_explorer::log::read_log;
use ftp_explorer::wire::{decode_all, Context};

#[test]
fn a_20_mb_paste_of_replies_and_commands() {
    let unit = "227 Entering Passive Mode (192,168,1,100,195,80).\n229 Entering Extended Passive Mode (|||6446|)\n\
                PORT 10,0,0,1,4,1\nEPRT |2|::1|6275|\n227 Entering Passive Mode (256,1,2,3,4,5)\nnot ftp at all\n";
    let text = unit.repeat(20 * 1024 * 1024 / unit.len() + 1);
    assert!(text.len() >= 20 * 1024 * 1024);
    let results = decode_all(&text, &Context::default());
    let per_unit = 6;
    assert_eq!(results.len(), text.len() / unit.len() * per_unit);
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    assert_eq!(
        failed,
        results.len() / 3,
        "two of the six lines of each unit are errors"
    );
}

#[test]
fn a_one_million_line_log() {
    let log = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/logs/curl-vsftpd-nat-skip-pasv-ip.log"
    ))
    .unwrap();
    let lines_per_copy = log.lines().count();
    let copies = 1_000_000 / lines_per_copy + 1;
    let text = log.repeat(copies);
    let session = read_log(&text, None);
    assert!(session.lines.len() >= 1_000_000);
    assert_eq!(
        session.lines.len(),
        text.lines().count(),
        "every line is kept"
    );
    let d = diagnose(&session, &Options::default());
    // Each copy of the session repeats the private-address finding.
    let private = d
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "advertised-private-address")
        .count();
    assert_eq!(private, copies);
    assert!(d
        .findings
        .iter()
        .all(|f| f.lines.iter().all(|&l| l >= 1 && l <= session.lines.len())));
}
