//! The order of findings (most severe first, cause before consequence) and the summary line.

use super::check;
use ftp_explorer::diagnose::Severity::{Error, Info, Warning};
use ftp_explorer::diagnose::{Code, Finding, Severity};

#[test]
fn findings_are_sorted_most_severe_first_and_summarised() {
    // One info (cleartext), two warnings (privileged port; the timeout), one error: the private address
    // the client connected to, which explains the timeout (issue 18: it was the timeout, an error too,
    // and the private address came second; the passive range is only a further suspect).
    let log = public!(
        "> PASV",
        "< 227 Entering Passive Mode (192,168,1,10,0,80).",
        "*   Trying 192.168.1.10:80...",
        "* ipv4 connect timeout after 2996ms, move on!",
    );
    let d = check(log, None);
    let sev: Vec<Severity> = d.findings.iter().map(|f| f.severity).collect();
    assert_eq!(
        sev,
        vec![Error, Warning, Warning, Info],
        "{:#?}",
        d.findings
    );
    assert!(d.has_errors());
    assert!(
        d.summary.starts_with("1 error, 2 warnings: "),
        "{}",
        d.summary
    );
    assert!(d.summary.ends_with(&d.findings[0].message));
    assert_eq!(d.findings[0].code, Code::AdvertisedPrivateAddress);
    // Within one severity, the cause (privileged port) before the consequence (timeout).
    let codes: Vec<Code> = d.findings[1..3].iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        vec![Code::PrivilegedPort, Code::DataConnectionTimeout]
    );
    // Two errors of one tier: by first line. The private address (line 9) and a timeout at the control
    // address, which the client chose instead (curl's "Skip"): the address does not explain that one.
    let log = public!(
        "> PASV",
        "< 227 Entering Passive Mode (192,168,1,10,195,80).",
        "* Skip 192.168.1.10 for data connection, re-use 203.0.113.10 instead",
        "*   Trying 203.0.113.10:50000...",
        "* ipv4 connect timeout after 2996ms, move on!",
        "> PASV",
        "< 227 Entering Passive Mode (203,0,113,10,195,81).",
        "*   Trying 203.0.113.10:50001...",
        "* ipv4 connect timeout after 2996ms, move on!",
    );
    let d = check(log, None);
    let errors: Vec<&Finding> = d
        .findings
        .iter()
        .filter(|f| f.severity == Error && f.code == Code::DataConnectionTimeout)
        .collect();
    assert_eq!(errors.len(), 2, "{:#?}", d.findings);
    assert!(errors[0].lines[0] < errors[1].lines[0]);

    let d = check(public!("> PASV", "< 500 OOPS: invalid pasv_address"), None);
    assert!(d.summary.starts_with("1 error: "), "{}", d.summary);
    let d = check(
        public!("> PASV", "< 229 Entering Extended Passive Mode (|||50012|)"),
        None,
    );
    assert!(d.summary.starts_with("1 warning: "), "{}", d.summary);
    assert!(!d.has_errors());
}

#[test]
fn summaries_without_problems() {
    let d = check("hello\nworld\n", None);
    assert_eq!(d.summary, "no FTP commands or replies found in this text");
    let d = check(
        ftps!("234 Proceed with negotiation."; "> PWD", "< 257 \"/\" is the current directory"),
        None,
    );
    assert_eq!(d.summary, "no data connection was negotiated in this log");
    let d = check(
        public!("> EPSV", "< 229 Entering Extended Passive Mode (|||50012|)"),
        None,
    );
    assert_eq!(
        d.summary,
        "a data connection was negotiated; the log does not show a transfer over it"
    );
}
