//! Detecting the format: from a few lines, its names, the control peer each client names, the
//! `--format` override, and `looks_like_session`.

use super::{BSD, CURL, FILEZILLA, FTPLIB, LFTP, SAMPLES, TRANSCRIPT, WINSCP};
use ftp_explorer::diagnose::{diagnose, Options};
use ftp_explorer::log::{detect, looks_like_session, read_log, Format, Role};

#[test]
fn detects_each_format_from_a_few_lines() {
    for (text, want) in SAMPLES {
        assert_eq!(detect(text), *want, "{text}");
        let s = read_log(text, None);
        assert_eq!(s.format, *want);
        assert!(!s.format_given);
        // Every sample holds the USER command and the 331 reply, whatever the markers.
        let user = s
            .exchanges
            .iter()
            .find(|e| e.verb() == Some("USER"))
            .unwrap_or_else(|| panic!("{want}: no USER in {:#?}", s.exchanges));
        assert_eq!(user.code(), Some(331), "{want}");
        assert!(
            s.lines.iter().any(|l| l.role == Role::Command),
            "{want}: no command line"
        );
    }
    assert_eq!(detect(""), Format::Plain);
    assert_eq!(detect("just some words\nand more"), Format::Plain);
}

#[test]
fn format_names_are_the_contract() {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "curl",
            "lftp",
            "filezilla",
            "winscp",
            "ftplib",
            "bsd-ftp",
            "transcript",
            "wireshark",
            "plain"
        ]
    );
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.as_str()), Some(f));
        assert_eq!(
            Format::from_name(&f.as_str().to_uppercase()),
            Some(f),
            "names are case-insensitive"
        );
        assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        assert!(!f.title().is_empty());
    }
    assert_eq!(Format::from_name("cURL"), Some(Format::Curl));
    assert_eq!(Format::from_name("putty"), None);
}

#[test]
fn control_peer_from_each_client_message() {
    let peer = |text: &str| {
        let s = read_log(text, None);
        s.control
            .map(|c| (c.host, c.ip.map(|i| i.to_string()), c.port))
    };
    let ip = Some("192.0.2.10".to_string());
    assert_eq!(
        peer(CURL),
        Some((Some("ftp.example.net".into()), ip.clone(), Some(21)))
    );
    assert_eq!(
        peer(LFTP),
        Some((Some("ftp.example.net".into()), ip.clone(), Some(21)))
    );
    assert_eq!(peer(FILEZILLA), Some((None, ip.clone(), Some(21))));
    assert_eq!(peer(BSD), Some((None, ip.clone(), None)));
    assert_eq!(
        peer(WINSCP),
        Some((Some("ftp.example.com".into()), None, None))
    );
    assert_eq!(peer(FTPLIB), None);
    // An IPv6 address ending a sentence is not host "::" and port 1.
    assert_eq!(
        peer("Connected to 2001:db8::1.\n220 hi\n---> USER a\n"),
        Some((None, Some("2001:db8::1".into()), None))
    );
    assert_eq!(
        peer("*   Trying [2001:db8::1]:2121...\n< 220 hi\n> USER a\n"),
        Some((None, Some("2001:db8::1".into()), Some(2121)))
    );
}

#[test]
fn format_override_is_used_and_reported() {
    // lftp text read as lftp, then forced to plain: the markers are then not understood.
    let s = read_log(LFTP, Some(Format::Lftp));
    assert_eq!(s.format, Format::Lftp);
    assert!(s.format_given);
    let s = read_log(LFTP, Some(Format::Plain));
    assert_eq!(s.format, Format::Plain);
    assert!(s.format_given);
    assert!(s.exchanges.is_empty());
    assert_eq!(s.unknown_lines().count(), 4);
    // ftp -d output that happens to look like lftp is read as given.
    let s = read_log(BSD, Some(Format::Lftp));
    assert_eq!(s.format, Format::Lftp);
    assert_eq!(
        s.exchanges.iter().filter(|e| e.command.is_some()).count(),
        1
    );
    // A transcript forced as curl: "C: USER" is not a curl line.
    let s = read_log(TRANSCRIPT, Some(Format::Curl));
    assert_eq!(s.format, Format::Curl);
    assert!(s.exchanges.is_empty());
    // The report says whether the format was detected.
    let d = diagnose(&s, &Options::default());
    let json = serde_json::to_value(ftp_explorer::report::check_report(&s, &d)).unwrap();
    assert_eq!(json["format"], "curl");
    assert_eq!(json["format_detected"], false);
}

#[test]
fn looks_like_session_tells_logs_from_single_replies() {
    for (text, format) in SAMPLES {
        assert!(looks_like_session(text), "{format}");
    }
    assert!(looks_like_session(
        "USER anonymous\n331 Please specify the password.\n"
    ));
    assert!(looks_like_session(
        "PASV\n227 Entering Passive Mode (192,168,1,100,195,80).\n"
    ));
    assert!(!looks_like_session(
        "227 Entering Passive Mode (192,168,1,100,195,80)."
    ));
    assert!(!looks_like_session(
        "227 Entering Passive Mode (192,168,1,100,195,80).\n229 Entering Extended Passive Mode (|||6446|)\n"
    ));
    assert!(!looks_like_session(
        "227-Hello\n227 Entering Passive Mode (192,168,1,100,195,80).\n"
    ));
    assert!(!looks_like_session("PORT 192,168,1,100,195,80"));
    assert!(!looks_like_session("EPRT |2|::1|6275|"));
    assert!(!looks_like_session(""));
    assert!(!looks_like_session("192.168.1.100"));
}
