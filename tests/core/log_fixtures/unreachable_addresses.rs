//! Advertised addresses the client cannot reach: the address is blamed first, and every check a fix
//! suggests names a host the client can reach.

use super::{log_files, read, PRIV, REF, TMO};
use ftp_explorer::diagnose::{diagnose, Options, Severity};
use ftp_explorer::log::read_log;

/// Issue 18: where the client used an advertised address it cannot reach, that address leads, the
/// timeout follows as a further suspect, and every check names the address the client reached the server
/// at (never `nc -zv 10.255.0.5 …`, which cannot work from where the client is).
#[test]
fn nat_failures_blame_the_address_and_check_what_can_work() {
    for (file, failure, control) in [
        ("lftp-vsftpd-nat-nofix-timeout.log", TMO, Some("127.0.0.1")),
        ("ftplib-vsftpd-nat-trust-timeout.log", TMO, None),
        (
            "curl-pure-ftpd-nat-no-skip-timeout.log",
            TMO,
            Some("127.0.0.1"),
        ),
        (
            "curl-vsftpd-nat-no-skip-timeout.log",
            TMO,
            Some("127.0.0.1"),
        ),
        (
            "curl-vsftpd-nat-no-skip-refused.log",
            REF,
            Some("127.0.0.1"),
        ),
        ("ftplib-proftpd-nat-trust-refused.log", REF, None),
        ("ftplib-pyftpdlib-nat-trust-timeout.log", TMO, None),
    ] {
        let s = read_log(&read(file), None);
        let d = diagnose(&s, &Options::default());
        let codes: Vec<(&str, Severity)> = d
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| (f.code.as_str(), f.severity))
            .collect();
        assert_eq!(
            codes,
            vec![(PRIV, Severity::Error), (failure, Severity::Warning)],
            "{file}"
        );
        let first = &d.findings[0];
        assert!(first.message.contains("10.255.0.5"), "{file}");
        assert!(
            d.summary
                .contains(": The server advertised 10.255.0.5, a private address"),
            "{file}: {}",
            d.summary
        );
        let host = control.unwrap_or("SERVER");
        for f in &d.findings {
            assert!(!f.fix.contains("nc -zv 10.255.0.5"), "{file}: {}", f.fix);
            assert!(!f.fix.contains("ftp://10.255.0.5"), "{file}: {}", f.fix);
            assert!(
                !f.fix.contains("outside the server's network"),
                "{file}: {}",
                f.fix
            );
        }
        assert!(
            first
                .fix
                .contains(&format!("`curl -v --disable-epsv ftp://{host}")),
            "{file}: {}",
            first.fix
        );
        let port = s.data_connections[0].advertised.port.unwrap();
        assert!(
            d.findings[1]
                .fix
                .contains(&format!("`nc -zv {host} {port}`")),
            "{file}: {}",
            d.findings[1].fix
        );
        match control {
            Some(c) => assert!(first.fix.contains(&format!("pasv_address={c}")), "{file}"),
            None => assert!(first.fix.contains("(SERVER: the address or name"), "{file}"),
        }
    }
}

/// Every `nc -zv HOST` a fix suggests, in every log, aims at a host the client can reach: the control
/// connection's address or host name, the endpoint the client really used, or the SERVER placeholder;
/// never an advertised address that explains a failure.
#[test]
fn checks_name_reachable_addresses_only() {
    for file in log_files() {
        let s = read_log(&read(&file), None);
        let d = diagnose(&s, &Options::default());
        let blamed: Vec<String> = s
            .data_connections
            .iter()
            .filter_map(|dc| ftp_explorer::diagnose::unreachable_advertised(&s, dc))
            .map(|ip| ip.to_string())
            .collect();
        for f in &d.findings {
            for cmd in f.fix.split('`').skip(1).step_by(2) {
                let host = if let Some(rest) = cmd.strip_prefix("nc -zv ") {
                    rest.split_whitespace().next().unwrap_or("")
                } else if let Some(i) = cmd.find("ftp://") {
                    cmd[i + 6..].split(['/', ':']).next().unwrap_or("")
                } else {
                    continue;
                };
                assert!(!host.is_empty(), "{file}: {cmd}");
                assert!(
                    !blamed.iter().any(|b| b == host),
                    "{file}: `{cmd}` aims at {host}, which the client cannot reach"
                );
            }
        }
    }
}
