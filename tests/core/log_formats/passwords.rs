//! Password lines in every client's spelling are masked, in the session and in share links.

use super::SAMPLES;
use ftp_explorer::log::{read_log, Format};
use ftp_explorer::share::{fragment_for, text_from_fragment};

/// Each spelling of a password line, the masked line, and the format it is read in.
const PASSWORDS: &[(&str, &str, Format)] = &[
    ("> PASS secret123", "> PASS ****", Format::Curl),
    ("---> PASS secret123", "---> PASS ****", Format::Lftp),
    (
        "Command:\tPASS secret123",
        "Command:\tPASS ****",
        Format::FileZilla,
    ),
    (
        "10:00:00\tCommand:\tPASS secret123",
        "10:00:00\tCommand:\tPASS ****",
        Format::FileZilla,
    ),
    (
        "> 2024-05-01 10:00:00.108 PASS secret123",
        "> 2024-05-01 10:00:00.108 PASS ****",
        Format::WinScp,
    ),
    (
        "*cmd* 'PASS secret123'",
        "*cmd* 'PASS ****'",
        Format::Ftplib,
    ),
    (
        r"*put* 'PASS secret123\r\n'",
        r"*put* 'PASS ****\r\n'",
        Format::Ftplib,
    ),
    // repr uses double quotes when the text holds a single quote.
    (
        r#"*cmd* "PASS sec'ret123""#,
        r#"*cmd* "PASS ****""#,
        Format::Ftplib,
    ),
    ("C: PASS secret123", "C: PASS ****", Format::Transcript),
    ("pass secret123", "pass ****", Format::Plain),
    ("PASS secret123", "PASS ****", Format::Wireshark),
    ("---> PASS secret123", "---> PASS ****", Format::BsdFtp),
    // A password with blanks and quotes is masked whole.
    ("> PASS my sec'ret123 x", "> PASS ****", Format::Curl),
    ("> PASS secret123\r", "> PASS ****", Format::Curl),
];

#[test]
fn passwords_are_masked_in_every_format() {
    for (line, masked, format) in PASSWORDS {
        let text = format!("{line}\n");
        for given in [Some(*format), None] {
            let s = read_log(&text, given);
            assert_eq!(s.lines.len(), 1);
            assert_eq!(s.lines[0].text, *masked, "{format} {given:?}");
            let debug = format!("{s:?}");
            assert!(!debug.contains("secret123"), "{format}: {debug}");
            assert!(!debug.contains("ret123"), "{format}: {debug}");
        }
        let s = read_log(&text, Some(*format));
        if !line.starts_with("*put*") {
            // *put* repeats *cmd*: only *cmd* is the command.
            let cmd = s.exchanges[0].command.as_ref().unwrap();
            assert_eq!(cmd.verb, "PASS", "{format}");
            assert!(cmd.text.ends_with("****"), "{format}: {}", cmd.text);
        }
    }
    // Clients that mask themselves are left alone; words that only contain PASS are not arguments.
    for kept in [
        "---> PASS XXXX",
        "*cmd* 'PASS *****************'",
        "Command:\tPASS ********",
        "< 230 Login successful. PASSWORD ok",
        "< 530 Please login with USER and PASS.",
        "> PASV",
    ] {
        assert_eq!(read_log(kept, None).lines[0].text, kept);
    }
}

#[test]
fn share_links_round_trip_with_passwords_masked() {
    for (text, _) in SAMPLES {
        let f = fragment_for(text);
        assert!(f.starts_with("log="));
        assert!(f
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%=".contains(&b)));
        assert_eq!(text_from_fragment(&f).as_deref(), Some(*text));
        assert_eq!(text_from_fragment(&format!("#{f}")).as_deref(), Some(*text));
    }
    for (line, masked, _) in PASSWORDS {
        let text = format!("{line}\n> PWD\n");
        let f = fragment_for(&text);
        assert!(!f.contains("secret123") && !f.contains("ret123"), "{f}");
        let back = text_from_fragment(&f).unwrap();
        let cr = if line.ends_with('\r') { "\r" } else { "" };
        assert_eq!(back, format!("{masked}{cr}\n> PWD\n"));
        // The session read from the link is the session read from the paste.
        let a = read_log(&text, None);
        let b = read_log(&back, None);
        assert_eq!(a.lines, b.lines);
        assert_eq!(a.exchanges, b.exchanges);
    }
    // A hand-written link with a password in clear is masked on the way in.
    let back = text_from_fragment("#log=%3E%20PASS%20hunter2%0A%3E%20PWD").unwrap();
    assert_eq!(back, "> PASS ****\n> PWD");
    // Non-ASCII text survives.
    let text = "* é ✓ 100%\n< 220 Bienvenue ☺\n";
    assert_eq!(text_from_fragment(&fragment_for(text)).unwrap(), text);
    assert_eq!(text_from_fragment("#other=1"), None);
}
