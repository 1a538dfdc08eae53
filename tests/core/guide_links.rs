//! The troubleshooting guide points at real things: every preset id exists and shows a failure (or,
//! for the security checklist, the attack), every example log name exists, ids are unique.

use ftp_explorer::guide::{symptom, RISKS, SYMPTOMS};
use ftp_explorer::log::examples::EXAMPLES;
use ftp_explorer::scenario::{preset, timeline};
use std::collections::HashSet;

#[test]
fn every_symptom_opens_a_preset_that_fails_and_a_real_example_log() {
    let mut ids = HashSet::new();
    for s in SYMPTOMS {
        assert!(ids.insert(s.id), "duplicate id {}", s.id);
        assert!(
            s.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: not URL-safe",
            s.id
        );
        let p = preset(s.preset).unwrap_or_else(|| panic!("{}: no preset {}", s.id, s.preset));
        let t = timeline(&p.scenario);
        assert!(
            !t.works,
            "{}: preset {} works, so it does not show the symptom",
            s.id, s.preset
        );
        if let Some(name) = s.example_log {
            assert!(
                EXAMPLES.iter().any(|e| e.name == name),
                "{}: no example log {name}",
                s.id
            );
        }
        assert!(
            !s.causes.is_empty() && !s.checks.is_empty() && !s.fix.is_empty(),
            "{}",
            s.id
        );
        assert_eq!(symptom(s.id).map(|x| x.title), Some(s.title));
    }
    // The classic table's rows are all there.
    for needed in [
        "refused",
        "timeout-private-ip",
        "works-locally",
        "stalls",
        "random-failures",
        "epsv-works-pasv-fails",
        "active-illegal-port",
        "active-timeout",
    ] {
        assert!(symptom(needed).is_some(), "{needed}");
    }
}

#[test]
fn every_risk_has_config_lines_and_its_preset_exists() {
    for r in RISKS {
        assert!(!r.lines.is_empty(), "{}", r.id);
        if let Some(id) = r.preset {
            assert!(preset(id).is_some(), "{}: no preset {id}", r.id);
        }
    }
}

fn fixture_logs() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logs");
    let mut logs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "log").then(|| {
                let bytes = std::fs::read(&path).unwrap();
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                )
            })
        })
        .collect();
    logs.sort();
    logs
}

#[test]
fn every_search_wording_is_real_and_points_at_a_symptom() {
    use ftp_explorer::guide::WORDINGS;
    let logs = fixture_logs();
    assert!(logs.len() > 60);
    for w in WORDINGS {
        assert!(
            symptom(w.symptom).is_some(),
            "{}: no symptom {}",
            w.text,
            w.symptom
        );
        assert!(
            logs.iter().any(|(_, text)| text.contains(w.text)),
            "\"{}\" ({}) is in no log of tests/fixtures/logs",
            w.text,
            w.source
        );
    }
}

/// A line of a real failing log, pasted into the guide's search as it is, finds the symptom the log
/// shows (its ground truth in tests/fixtures/logs/README.md), first or second (timeouts read alike).
#[test]
fn a_failing_logs_error_line_finds_its_symptom() {
    use ftp_explorer::guide::search;
    let logs = fixture_logs();
    for (file, line_holds, expected) in [
        (
            "curl-vsftpd-nat-no-skip-timeout.log",
            "curl: (28)",
            "timeout-private-ip",
        ),
        (
            "curl-pure-ftpd-nat-no-skip-timeout.log",
            "curl: (28)",
            "timeout-private-ip",
        ),
        (
            "curl-vsftpd-pasv-ports-blocked-timeout.log",
            "curl: (28)",
            "timeout-range",
        ),
        (
            "curl-vsftpd-pasv-ports-blocked-refused.log",
            "curl: (7)",
            "refused",
        ),
        (
            "curl-vsftpd-pasv-ports-blocked-refused.log",
            "failed: Connection refused",
            "refused",
        ),
        (
            "curl-vsftpd-nat-skip-pasv-ip.log",
            "Skip 10.255.0.5",
            "timeout-private-ip",
        ),
        (
            "curl-vsftpd-active-port-blocked-timeout.log",
            "< 425",
            "active-timeout",
        ),
        (
            "curl-vsftpd-active-foreign-address-refused.log",
            "Illegal PORT",
            "active-illegal-port",
        ),
        (
            "curl-vsftpd-active-foreign-address-refused.log",
            "Illegal EPRT",
            "active-illegal-port",
        ),
        (
            "curl-pure-ftpd-active-foreign-address-refused.log",
            "won't open",
            "active-illegal-port",
        ),
        (
            "lftp-vsftpd-nat-nofix-timeout.log",
            "Timeout - reconnecting",
            "timeout-private-ip",
        ),
        (
            "lftp-vsftpd-pasv-ports-blocked-timeout.log",
            "Fatal error",
            "timeout-range",
        ),
        (
            "lftp-proftpd-pasv-ports-blocked-refused.log",
            "Data socket error",
            "refused",
        ),
        (
            "lftp-proftpd-pasv-ports-blocked-refused.log",
            "Fatal error",
            "refused",
        ),
        (
            "lftp-vsftpd-nat-wrong-address.log",
            "seemed to be incorrect",
            "timeout-private-ip",
        ),
        (
            "lftp-vsftpd-active-port-blocked-timeout.log",
            "<--- 425",
            "active-timeout",
        ),
        (
            "ftplib-vsftpd-nat-trust-timeout.log",
            "TimeoutError",
            "timeout-private-ip",
        ),
        (
            "ftplib-pyftpdlib-pasv-ports-blocked-timeout.log",
            "TimeoutError",
            "timeout-range",
        ),
        (
            "ftplib-vsftpd-pasv-ports-blocked-refused.log",
            "ConnectionRefusedError",
            "refused",
        ),
        (
            "ftplib-vsftpd-active-port-blocked-timeout.log",
            "ftplib.error_temp",
            "active-timeout",
        ),
        (
            "ftplib-pyftpdlib-active-port-blocked-refused.log",
            "ftplib.error_temp",
            "active-timeout",
        ),
        (
            "tnftp-vsftpd-nat-address-mismatch.log",
            "address mismatch",
            "timeout-private-ip",
        ),
        (
            "inetutils-vsftpd-nat-address-mismatch.log",
            "address mismatch",
            "timeout-private-ip",
        ),
        (
            "tnftp-proftpd-pasv-ports-blocked-refused.log",
            "Can't connect",
            "refused",
        ),
        (
            "filezilla-proftpd-pasv-timeout.log",
            "Connection timed out",
            "timeout-range",
        ),
        (
            "filezilla-vsftpd-nat-unroutable-address.log",
            "unroutable",
            "timeout-private-ip",
        ),
        (
            "winscp-pure-ftpd-pasv-timeout.log",
            "Timeout detected",
            "timeout-range",
        ),
        (
            "winscp-vsftpd-nat-unroutable-address.log",
            "unroutable",
            "timeout-private-ip",
        ),
    ] {
        let (_, text) = logs
            .iter()
            .find(|(name, _)| name == file)
            .unwrap_or_else(|| panic!("no fixture {file}"));
        let line = text
            .lines()
            .find(|l| l.contains(line_holds))
            .unwrap_or_else(|| panic!("{file}: no line holding {line_holds}"));
        let hits: Vec<&str> = search(line).iter().map(|h| h.symptom.id).collect();
        assert!(
            hits.iter().take(2).any(|id| *id == expected),
            "{file}: {line:?} found {hits:?}, not {expected}"
        );
    }
}
