//! `ftp-explorer check`, run as a process: the JSON contract, exit codes, standard input, `--format`,
//! `--passive-range`, Markdown and plain text output, help.

use crate::common::{code, run, run_stdin, stderr, stdout};

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/logs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

const HEALTHY: &str = "curl-vsftpd-healthy-epsv.log";
/// One error (the timeout) and one warning (the private address), exit 1.
const BROKEN: &str = "curl-vsftpd-nat-no-skip-timeout.log";
/// Two warnings only (curl worked around the private address), exit 0.
const WARNED: &str = "curl-vsftpd-nat-skip-pasv-ip.log";

/// The one JSON object `check --json` prints.
fn json(o: &Output) -> Value {
    let out = stdout(o);
    assert_eq!(out.lines().count(), 1, "one object on one line: {out}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(v.is_object());
    v
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn codes(v: &Value) -> BTreeSet<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn json_has_the_contract_fields() {
    let o = run(&["check", "--json", &fixture(HEALTHY)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    let contract = [
        "format",
        "control",
        "exchanges",
        "data_connections",
        "findings",
        "summary",
    ];
    let have = keys(&v);
    for k in contract {
        assert!(have.contains(k), "missing {k}: {have:?}");
    }
    // Besides the contract, only the documented additions.
    let extra: BTreeSet<&str> = have
        .iter()
        .copied()
        .filter(|k| !contract.contains(k))
        .collect();
    let allowed: BTreeSet<&str> = ["format_detected", "tls", "events", "unknown_lines"].into();
    assert!(extra.is_subset(&allowed), "undocumented fields {extra:?}");

    assert_eq!(v["format"], "curl");
    assert_eq!(
        keys(&v["control"]),
        ["host", "ip", "port"].into_iter().collect()
    );
    assert_eq!(v["control"]["ip"], "127.0.0.1");
    assert_eq!(v["control"]["port"], 2121);
    assert!(v["control"]["host"].is_null());
    assert!(v["exchanges"].as_array().unwrap().len() >= 7);
    let dcs = v["data_connections"].as_array().unwrap();
    assert_eq!(dcs.len(), 1);
    assert_eq!(dcs[0]["mode"], "passive");
    assert_eq!(dcs[0]["via"], "epsv");
    assert_eq!(dcs[0]["outcome"], "ok");
    assert_eq!(dcs[0]["advertised"]["port"], 50003);
    assert_eq!(
        v["summary"],
        "passive mode via EPSV; data connection to 127.0.0.1:50003 succeeded"
    );
    // Findings: exactly {code, severity, message, fix, lines}; here only the info about the password.
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    for f in findings {
        assert_eq!(
            keys(f),
            ["code", "fix", "lines", "message", "severity"]
                .into_iter()
                .collect()
        );
        assert!(f["lines"].as_array().unwrap().iter().all(Value::is_u64));
    }
    assert_eq!(findings[0]["code"], "cleartext-credentials");
    assert_eq!(findings[0]["severity"], "info");
    assert_eq!(findings[0]["lines"], serde_json::json!([8, 9]));
    // Never the password.
    assert!(!stdout(&o).contains("guest@example.com"));
}

#[test]
fn control_is_null_when_the_log_does_not_show_it() {
    let o = run(&[
        "check",
        "--json",
        &fixture("ftplib-vsftpd-healthy-retr.log"),
    ]);
    assert_eq!(code(&o), 0);
    let v = json(&o);
    assert_eq!(v["format"], "ftplib");
    assert!(v["control"].is_null());
}

#[test]
fn exit_1_only_for_errors() {
    let o = run(&["check", "--json", &fixture(BROKEN)]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(
        codes(&v),
        [
            "advertised-private-address",
            "cleartext-credentials",
            "data-connection-timeout"
        ]
        .map(String::from)
        .into()
    );
    // The cause first: curl connected to the advertised private address and timed out (issue 18: the
    // timeout came first, and the address second as a warning).
    let first = &v["findings"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "advertised-private-address");
    assert_eq!(v["findings"][1]["code"], "data-connection-timeout");
    assert_eq!(v["findings"][1]["severity"], "warning");
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .starts_with("1 error, 1 warning: "));
    // Warnings alone do not fail.
    let o = run(&["check", "--json", &fixture(WARNED)]);
    assert_eq!(code(&o), 0);
    assert!(json(&o)["summary"]
        .as_str()
        .unwrap()
        .starts_with("2 warnings: "));
    // The same for text output.
    assert_eq!(code(&run(&["check", &fixture(BROKEN)])), 1);
    assert_eq!(code(&run(&["check", "--markdown", &fixture(BROKEN)])), 1);
}

#[test]
fn usage_errors_exit_2() {
    let file = fixture(HEALTHY);
    for args in [
        vec!["check", "--format", "putty", &file],
        vec!["check", "--passive-range", "5-1", &file],
        vec!["check", "--passive-range", "0-10", &file],
        vec!["check", "--passive-range", "fifty", &file],
        vec!["check", "--passive-range"],
        vec!["check", "--format"],
        vec!["check", "--frobnicate", &file],
        vec!["check", &file, &file],
        vec!["check", "/nonexistent/ftp-explorer/session.log"],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(stderr(&o).starts_with("ftp-explorer: "), "{args:?}");
    }
    let o = run(&["check", "--format", "putty", &file]);
    assert!(stderr(&o).contains("unknown format 'putty'"));
    assert!(stderr(&o).contains("bsd-ftp"), "lists the names");
    let o = run(&["check", "--passive-range", "5-1", &file]);
    assert!(stderr(&o).contains("5-1"), "{}", stderr(&o));
    let o = run(&["check", "/nonexistent/ftp-explorer/session.log"]);
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn reads_standard_input_with_dash_or_no_file() {
    let text = std::fs::read(fixture(BROKEN)).unwrap();
    let from_file = json(&run(&["check", "--json", &fixture(BROKEN)]));
    for args in [vec!["check", "--json", "-"], vec!["check", "--json"]] {
        let o = run_stdin(&args, &text);
        assert_eq!(code(&o), 1, "{args:?}");
        assert_eq!(json(&o), from_file, "{args:?}");
    }
    // A short paste from a terminal.
    let paste = "PASV\n227 Entering Passive Mode (192,168,1,100,195,80).\n";
    let o = run_stdin(&["check", "--json"], paste.as_bytes());
    assert_eq!(code(&o), 0);
    let v = json(&o);
    assert_eq!(v["format"], "plain");
    assert_eq!(
        v["data_connections"][0]["advertised"]["ip"],
        "192.168.1.100"
    );
    // Invalid UTF-8 is read, not refused.
    let o = run_stdin(&["check", "--json", "-"], b"> USER \xff\xfe\n< 331 ok\n");
    assert_eq!(code(&o), 0);
    assert_eq!(json(&o)["format"], "curl");
    // Empty input.
    let o = run_stdin(&["check"], b"");
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("no FTP commands or replies found"));
}

#[test]
fn format_override_is_reported() {
    let file = fixture("tnftp-vsftpd-healthy-epsv.log");
    let v = json(&run(&["check", "--json", &file]));
    assert_eq!(v["format"], "bsd-ftp");
    assert_eq!(v["format_detected"], true);
    let v = json(&run(&["check", "--json", "--format", "lftp", &file]));
    assert_eq!(v["format"], "lftp");
    assert_eq!(v["format_detected"], false);
    // Names are case-insensitive.
    let v = json(&run(&["check", "--json", "--format", "LFTP", &file]));
    assert_eq!(v["format"], "lftp");
    // The override is named in the text report.
    let o = run(&["check", "--format", "lftp", &file]);
    assert!(stdout(&o).contains("Log format: lftp -d (as given)"));
    let o = run(&["check", &file]);
    assert!(stdout(&o).contains("(detected)"));
}

#[test]
fn passive_range_flags_ports_outside_it() {
    // The EPSV reply names port 50003.
    let file = fixture(HEALTHY);
    let v = json(&run(&["check", "--json", &file]));
    assert!(!codes(&v).contains("port-outside-range"));
    let v = json(&run(&[
        "check",
        "--json",
        "--passive-range",
        "50000-50010",
        &file,
    ]));
    assert!(!codes(&v).contains("port-outside-range"));
    let o = run(&["check", "--json", "--passive-range", "50000-50001", &file]);
    assert_eq!(code(&o), 0, "a warning");
    let v = json(&o);
    let f: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "port-outside-range")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[0]["lines"], serde_json::json!([14, 17]));
    assert!(f[0]["message"].as_str().unwrap().contains("50000-50001"));
}

#[test]
fn markdown_report() {
    let o = run(&["check", "--markdown", &fixture(BROKEN)]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.starts_with("## ftp-explorer: "), "{out}");
    assert!(out.contains("### Findings"));
    assert!(out.contains("- **ERROR** `advertised-private-address` (lines "));
    assert!(out.contains("- **WARNING** `data-connection-timeout` (lines "));
    assert!(out.contains("  - Fix: "));
    assert!(out.contains("### Data connections"));
    assert!(!out.contains("guest@example.com"));
    let o = run(&["check", "--markdown", &fixture(HEALTHY)]);
    assert!(stdout(&o).starts_with(
        "## ftp-explorer: passive mode via EPSV; data connection to 127.0.0.1:50003 succeeded\n"
    ));
}

#[test]
fn text_report_lists_findings_with_fixes() {
    let o = run(&["check", &fixture(BROKEN)]);
    let out = stdout(&o);
    assert!(
        out.starts_with("ftp-explorer: 1 error, 1 warning: "),
        "{out}"
    );
    assert!(out.contains("Log format: curl -v (detected)"));
    assert!(out.contains("Control connection: 127.0.0.1 port 2121"));
    assert!(
        out.contains("[warning] data-connection-timeout (lines 12, 15, 16, 17, 18, 19, 21)"),
        "{out}"
    );
    assert!(out.contains("[error] advertised-private-address (lines 12, 15)"));
    // The headline comes first, and its check aims at the control address, not at 10.255.0.5.
    assert!(
        out.find("[error] advertised-private-address")
            < out.find("[warning] data-connection-timeout")
    );
    assert!(out.contains("`curl -v --disable-epsv ftp://127.0.0.1:2121/`"));
    assert!(out.contains("`nc -zv 127.0.0.1 50010`"));
    assert!(!out.contains("nc -zv 10.255.0.5"));
    assert!(out.contains("[info] cleartext-credentials (lines 6, 7)"));
    // Every finding is followed by its fix.
    let findings = out.matches("\n[").count();
    assert_eq!(findings, 3);
    assert_eq!(out.matches("\n  Fix: ").count(), findings);
    assert!(out.contains(
        "passive via PASV: advertised 10.255.0.5:50010, used 10.255.0.5:50010: timed-out"
    ));
    assert!(!out.contains("guest@example.com"));
    // A healthy log says so.
    let out = stdout(&run(&["check", &fixture("lftp-vsftpd-ftps.log")]));
    assert!(out.contains("No problems found."), "{out}");
    assert!(out.contains("TLS: the control connection is encrypted"));
}

#[test]
fn help_shows_examples() {
    for args in [
        vec!["check", "--help"],
        vec!["check", "-h"],
        vec!["help", "check"],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 0, "{args:?}");
        let out = stdout(&o);
        assert!(out.starts_with("ftp-explorer check "), "{args:?}");
        assert!(out.contains("EXAMPLES:"));
        assert!(out.contains("ftp-explorer check --json --passive-range"));
        assert!(out.contains("--format F"));
        assert!(out.contains("--markdown"));
        assert!(out.contains("EXIT STATUS"));
    }
    // The main help names the command.
    let out = stdout(&run(&["--help"]));
    assert!(out.contains("ftp-explorer check"));
}
