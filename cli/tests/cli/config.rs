//! `ftp-explorer config`: the text on stdout, warnings on stderr, exit 0 / 2 with the reason, --json,
//! --help, --list.

use crate::common::{code, run, stderr, stdout};
use ftp_explorer::config::{generate, Inputs, Target};
use serde_json::Value;

#[test]
fn writes_the_same_text_as_the_core_and_warns_on_stderr() {
    let o = run(&[
        "config",
        "vsftpd",
        "--address",
        "203.0.113.10",
        "--passive-ports",
        "50000-51000",
        "--behind-nat",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = generate(
        Target::Vsftpd,
        &Inputs {
            address: "203.0.113.10".into(),
            behind_nat: true,
            ..Inputs::default()
        },
    )
    .unwrap();
    assert_eq!(stdout(&o), want.text);
    assert!(stdout(&o).contains("\npasv_address=203.0.113.10\n"));
    let err = stderr(&o);
    assert!(err.starts_with("ftp-explorer: warning [address-documentation] --address: 203.0.113.10 is a documentation address"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn every_target_and_option() {
    for t in [
        "vsftpd",
        "proftpd",
        "pure-ftpd",
        "pyftpdlib",
        "iptables",
        "nftables",
        "ufw",
        "firewalld",
        "docker",
    ] {
        let o = run(&[
            "config",
            t,
            "--address",
            "198.51.100.7",
            "--passive-ports",
            "40000-40999",
            "--behind-nat",
            "--no-active",
            "--tls",
            "--max-clients",
            "20",
            "--max-per-ip",
            "4",
            "--data-timeout",
            "120",
            "--control-port",
            "2121",
        ]);
        assert_eq!(code(&o), 0, "{t}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains(&format!(
            "ftp-explorer config {t} --address 198.51.100.7 --passive-ports 40000-40999 --behind-nat --no-active --tls --max-clients 20 --max-per-ip 4 --data-timeout 120 --control-port 2121"
        )), "{t}: the header repeats the command");
        assert!(text.contains("2121"), "{t}");
    }
}

#[test]
fn flag_equals_value_and_any_order() {
    let a = run(&[
        "config",
        "--passive-ports=50000-50099",
        "nftables",
        "--tls",
        "--control-port=990",
    ]);
    let b = run(&[
        "config",
        "nftables",
        "--control-port",
        "990",
        "--tls",
        "--passive-ports",
        "50000-50099",
    ]);
    assert_eq!(code(&a), 0, "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
    assert!(stdout(&a).contains("tcp dport 990 ct state new accept"));
}

/// Exit 2, the reason on stderr, nothing on stdout.
fn refused(args: &[&str], reason: &str) {
    let o = run(args);
    assert_eq!(code(&o), 2, "{args:?}: {}", stdout(&o));
    assert!(stderr(&o).contains(reason), "{args:?}: {}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
}

#[test]
fn invalid_input_exits_2_with_the_reason() {
    refused(&["config"], "a target is needed: one of vsftpd, proftpd, pure-ftpd, pyftpdlib, nftables, iptables, ufw, firewalld, docker");
    refused(
        &["config", "iis", "--passive-ports", "50000-51000"],
        "unknown target 'iis'",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "proftpd",
            "--passive-ports",
            "50000-51000",
        ],
        "one target only",
    );
    refused(&["config", "vsftpd"], "--passive-ports MIN-MAX is needed");
    refused(
        &["config", "vsftpd", "--passive-ports", "50000"],
        "--passive-ports '50000': write MIN-MAX",
    );
    refused(
        &["config", "vsftpd", "--passive-ports"],
        "--passive-ports needs a value",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--max-clients",
            "many",
        ],
        "--max-clients 'many': not a whole number",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--control-port",
            "-1",
        ],
        "--control-port '-1': not a whole number",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--verbose",
        ],
        "unknown option '--verbose'",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--tls=yes",
        ],
        "--tls takes no value",
    );
    // Validation errors: the code, the flag, the message, and a last line saying nothing was written.
    refused(
        &["config", "vsftpd", "--passive-ports", "1000-2000"],
        "ftp-explorer: error [passive-range-out-of-bounds] --passive-ports: the passive range 1000-2000 must lie within 1024-65535",
    );
    refused(
        &["config", "proftpd", "--passive-ports", "51000-50000"],
        "error [passive-range-reversed]",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--behind-nat",
        ],
        "error [address-required] --address: Behind NAT the server must be told the public address",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--behind-nat",
            "--address",
            "192.168.1.10",
        ],
        "error [address-not-public]",
    );
    refused(
        &[
            "config",
            "pyftpdlib",
            "--passive-ports",
            "50000-51000",
            "--address",
            "ftp.example.com",
        ],
        "error [address-host-name-unsupported]",
    );
    refused(
        &["config", "vsftpd", "--passive-ports", "50000-50009"],
        "error [passive-range-too-small]",
    );
    refused(
        &[
            "config",
            "vsftpd",
            "--passive-ports",
            "50000-51000",
            "--address",
            "1.2.3.4 x",
        ],
        "error [address-invalid]",
    );
    refused(
        &[
            "config",
            "ufw",
            "--passive-ports",
            "50000-51000",
            "--control-port",
            "70000",
        ],
        "error [control-port-out-of-range]",
    );
    let o = run(&[
        "config",
        "vsftpd",
        "--passive-ports",
        "1000-2000",
        "--data-timeout",
        "0",
    ]);
    assert!(
        stderr(&o)
            .ends_with("ftp-explorer: config vsftpd: nothing written (2 error(s) in the input)\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn json_output() {
    let o = run(&[
        "config",
        "pure-ftpd",
        "--json",
        "--address",
        "ftp.example.com",
        "--passive-ports",
        "50000-50059",
        "--max-clients",
        "40",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["target"], "pure-ftpd");
    assert_eq!(v["ok"], true);
    assert_eq!(v["filename"], "pure-ftpd-start.sh");
    assert_eq!(v["language"], "bash");
    assert!(v["command"]
        .as_str()
        .unwrap()
        .starts_with("ftp-explorer config pure-ftpd --address ftp.example.com"));
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("  -P ftp.example.com\n"));
    assert_eq!(v["warnings"][0]["code"], "pure-ftpd-clients-capped");
    assert_eq!(v["warnings"][0]["severity"], "warning");
    assert_eq!(v["warnings"][0]["field"], "max_clients");
    assert!(v["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("admits 30 clients, not 40"));
    assert_eq!(v["errors"], serde_json::json!([]));

    let o = run(&[
        "config",
        "docker",
        "--json",
        "--passive-ports",
        "50000-51000",
        "--max-clients",
        "0",
    ]);
    assert_eq!(code(&o), 2);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["text"], Value::Null);
    assert_eq!(v["errors"][0]["code"], "address-required");
    assert_eq!(v["warnings"][0]["code"], "unlimited-clients");
    assert!(stderr(&o).contains("error [address-required]"));
}

#[test]
fn help_and_list() {
    for args in [
        &["config", "--help"][..],
        &["config", "-h"],
        &["help", "config"],
        &["config", "vsftpd", "--help"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}");
        let h = stdout(&o);
        assert!(h.starts_with("ftp-explorer config TARGET --address ADDR_OR_HOST --passive-ports MIN-MAX [--behind-nat]\n"), "{h}");
        for flag in [
            "--no-active",
            "--tls",
            "--max-clients N",
            "--max-per-ip N",
            "--data-timeout SECONDS",
            "--control-port N",
            "--json",
            "EXIT STATUS",
            "EXAMPLES",
        ] {
            assert!(h.contains(flag), "{flag}");
        }
    }
    let o = run(&["config", "--list"]);
    assert_eq!(code(&o), 0);
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[0], "vsftpd\tvsftpd\tserver");
    assert!(lines.contains(&"pure-ftpd\tPure-FTPd\tserver".to_string()));
    assert!(lines.contains(&"nftables\tnftables\tfirewall".to_string()));
    assert!(lines.contains(&"docker\tDocker\tcontainer".to_string()));
}

#[test]
fn the_help_examples_run() {
    let o = run(&["config", "--help"]);
    let help = stdout(&o);
    let examples: Vec<&str> = help
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ftp-explorer config "))
        .filter(|l| !l.starts_with("TARGET") && !l.starts_with("--list"))
        .collect();
    assert_eq!(examples.len(), 4, "{help}");
    for e in examples {
        let e = e.split(" >").next().unwrap();
        let mut args = vec!["config"];
        args.extend(e.split_whitespace());
        let o = run(&args);
        assert_eq!(code(&o), 0, "{e}: {}", stderr(&o));
    }
}
