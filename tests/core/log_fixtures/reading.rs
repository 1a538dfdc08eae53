//! What reading keeps and hides: passwords never leave the reader, every line is kept, unknown lines
//! stay visible, and selected details of particular logs.

use super::{ip, log_files, read, LO, PRIV, TMO};
use ftp_explorer::diagnose::{diagnose, Code, Options, Severity};
use ftp_explorer::log::{read_log, Role, Session};
use ftp_explorer::report::check_report;

/// Passwords used in the captures and in hand-written logs; none may survive reading.
const SECRETS: &[&str] = &["guest@example.com", "secret123", "hunter2", "letmein"];

/// Lines in the text as `grep -c ''` counts them.
fn physical_lines(text: &str) -> usize {
    text.matches('\n').count() + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

#[test]
fn passwords_never_leave_the_reader() {
    for file in log_files() {
        let text = read(&file);
        let s = read_log(&text, None);
        let d = diagnose(&s, &Options::default());
        let json = serde_json::to_string(&check_report(&s, &d)).unwrap();
        let plain = ftp_explorer::report::check_text(&s, &d, false);
        let markdown = ftp_explorer::report::check_text(&s, &d, true);
        for secret in SECRETS {
            for line in &s.lines {
                assert!(!line.text.contains(secret), "{file}:{}", line.number);
            }
            for e in &s.exchanges {
                if let Some(c) = &e.command {
                    assert!(!c.text.contains(secret), "{file}: {}", c.text);
                }
            }
            assert!(!json.contains(secret), "{file}: JSON holds {secret}");
            assert!(
                !plain.contains(secret) && !markdown.contains(secret),
                "{file}"
            );
        }
        // Every PASS command is masked (by us, or by the client: XXXX / *****).
        for e in &s.exchanges {
            let Some(c) = &e.command else { continue };
            if c.verb == "PASS" {
                let arg = c.text[4..].trim();
                assert!(
                    !arg.is_empty() && arg.bytes().all(|b| b == b'*' || b == b'X'),
                    "{file}:{}: {}",
                    c.line,
                    c.text
                );
            }
        }
    }
    // The captures really held the clear-text password before reading (so the test means something).
    let raw = read("curl-vsftpd-healthy-epsv.log");
    assert!(raw.contains("PASS guest@example.com"));
    let raw = read("tshark-vsftpd-follow-tcp-stream.log");
    assert!(raw.contains("PASS guest@example.com"));
    let s = read_log(&raw, None);
    assert_eq!(s.lines[16].text, "PASS ****");
    assert_eq!(s.lines[16].role, Role::Command);
}

#[test]
fn every_line_is_kept() {
    for file in log_files() {
        let text = read(&file);
        let s: Session = read_log(&text, None);
        assert_eq!(s.lines.len(), physical_lines(&text), "{file}");
        for (i, line) in s.lines.iter().enumerate() {
            assert_eq!(line.number, i + 1, "{file}");
        }
        // Every exchange, data connection and event points at lines that exist.
        let n = s.lines.len();
        for e in &s.exchanges {
            assert!(e.lines().iter().all(|&l| (1..=n).contains(&l)), "{file}");
        }
        for dc in &s.data_connections {
            assert!(dc.lines.iter().all(|&l| (1..=n).contains(&l)), "{file}");
            assert!(dc.exchange < s.exchanges.len(), "{file}");
        }
        let d = diagnose(&s, &Options::default());
        for f in &d.findings {
            assert!(!f.lines.is_empty(), "{file}: {} has no lines", f.code);
            assert!(f.lines.iter().all(|&l| (1..=n).contains(&l)), "{file}");
            assert!(Code::ALL.contains(&f.code));
        }
    }
}

#[test]
fn unknown_lines_stay_unknown_and_visible() {
    // The listing curl prints after its stderr, and lftp's certificate chatter, are not understood.
    let s = read_log(&read("curl-vsftpd-healthy-epsv.log"), None);
    let unknown: Vec<&str> = s.unknown_lines().map(|l| l.text.as_str()).collect();
    assert!(
        unknown.iter().any(|t| t.contains("hello.txt")),
        "{unknown:?}"
    );
    let s = read_log(&read("lftp-vsftpd-ftps.log"), None);
    assert!(s.unknown_lines().any(|l| l.text == "Loaded 144 CAs"));
    assert!(s.tls);
}

#[test]
fn selected_details() {
    // curl: the Skip line fixes the address actually used.
    let s = read_log(&read("curl-vsftpd-nat-skip-pasv-ip.log"), None);
    let used = s.data_connections[0].used.as_ref().unwrap();
    assert_eq!(used.ip, ip(LO));
    assert_eq!(used.port, Some(50005));
    assert_eq!(s.data_connections[0].transfer.as_deref(), Some("LIST"));
    // lftp: "Connecting data socket to (127.0.0.1) port 50000" after the fix.
    let s = read_log(&read("lftp-vsftpd-nat-wrong-address.log"), None);
    let used = s.data_connections[0].used.as_ref().unwrap();
    assert_eq!((used.ip, used.port), (ip(LO), Some(50000)));
    // tnftp prints passive replies twice: one exchange, both lines.
    let s = read_log(&read("tnftp-vsftpd-healthy-epsv.log"), None);
    let epsv: Vec<_> = s
        .exchanges
        .iter()
        .filter(|e| e.code() == Some(229))
        .collect();
    assert_eq!(epsv.len(), 1);
    assert_eq!(epsv[0].reply.as_ref().unwrap().lines, vec![30, 31]);
    // Pure-FTPd's multi-line greeting through ftplib's one *resp* string: one 220 reply.
    let s = read_log(
        &read("ftplib-pure-ftpd-pasv-ports-blocked-refused.log"),
        None,
    );
    let greeting = s.exchanges[0].reply.as_ref().unwrap();
    assert_eq!(greeting.code, 220);
    assert_eq!(greeting.text.lines().count(), 6);
    // The ftplib timeout comes from Python's exception line.
    let s = read_log(&read("ftplib-vsftpd-nat-trust-timeout.log"), None);
    assert_eq!(
        s.data_connections[0].reason.as_deref(),
        Some("TimeoutError: timed out")
    );
    // TLS: curl's AUTH SSL and lftp's AUTH TLS answered 234.
    assert!(read_log(&read("curl-vsftpd-ftps.log"), None).tls);
    assert!(read_log(&read("lftp-vsftpd-ftps-nat-wrong-address.log"), None).tls);
    assert!(!read_log(&read("filezilla-proftpd-pasv-timeout.log"), None).tls);
    // Docker-free NAT fix text for 10.255.0.5.
    let s = read_log(&read("curl-vsftpd-nat-no-skip-timeout.log"), None);
    let d = diagnose(&s, &Options::default());
    let f = d.findings.iter().find(|f| f.code.as_str() == PRIV).unwrap();
    // curl connected to 10.255.0.5 and timed out: the address is the cause, an error (issue 18: it was a
    // warning ranked after the timeout).
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.lines, vec![12, 15]);
    assert!(f.fix.contains("pasv_address") && !f.fix.contains("docker run"));
    let t = d.findings.iter().find(|f| f.code.as_str() == TMO).unwrap();
    assert!(t.message.contains("10.255.0.5:50010"), "{}", t.message);
}
