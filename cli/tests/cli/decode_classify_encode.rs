//! The command-line tool, run as a process: JSON shapes, exit codes, stdin grouping, encode, help.

use crate::common::{code, run, run_stdin, stderr, stdout};

use serde_json::Value;
use std::process::Output;

/// One JSON object per line.
fn json_lines(o: &Output) -> Vec<Value> {
    let out = stdout(o);
    assert!(out.ends_with('\n'), "{out:?}");
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[track_caller]
fn assert_has(v: &Value, fields: &[&str]) {
    let k = keys(v);
    for f in fields {
        assert!(k.contains(f), "missing {f} in {v}");
    }
}

#[track_caller]
fn assert_success_shape(v: &Value) {
    assert_has(
        v,
        &["input", "ok", "kind", "ip", "port", "address", "warnings"],
    );
    assert_eq!(v["ok"], true);
    assert!(v["input"].is_string());
    assert!(v["kind"].is_string());
    for w in v["warnings"].as_array().unwrap() {
        assert!(w["code"].is_string(), "{w}");
        assert!(w["message"].is_string(), "{w}");
    }
}

#[track_caller]
fn assert_failure_shape(v: &Value) {
    assert_eq!(keys(v), ["error", "input", "kind", "ok"], "{v}");
    assert_eq!(v["ok"], false);
    let e = &v["error"];
    let mut k = keys(e);
    k.retain(|k| *k != "note");
    assert_eq!(k, ["code", "message", "span"], "{e}");
    let span = e["span"].as_array().expect("span is [start,end]");
    assert_eq!(span.len(), 2);
    assert!(span[0].as_u64().unwrap() <= span[1].as_u64().unwrap());
}

// ---------------------------------------------------------------- decode --json

#[test]
fn decode_json_one_object_per_input() {
    let o = run(&[
        "decode",
        "--json",
        "227 Entering Passive Mode (192,168,1,100,195,80).",
        "229 Entering Extended Passive Mode (|||6446|)",
        "EPRT |1|132.235.1.2|6275|",
        "EPSV ALL",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json_lines(&o);
    assert_eq!(v.len(), 4);
    for x in &v {
        assert_success_shape(x);
    }

    let pasv = &v[0];
    assert_eq!(
        pasv["input"],
        "227 Entering Passive Mode (192,168,1,100,195,80)."
    );
    assert_eq!(pasv["kind"], "pasv");
    assert_eq!(pasv["ip"], "192.168.1.100");
    assert_eq!(pasv["port"], 50000);
    assert_eq!(pasv["address"]["category"], "private");
    assert_eq!(pasv["address"]["range"], "192.168.0.0/16");
    assert_eq!(pasv["warnings"][0]["code"], "non-public-address");
    assert_eq!(pasv["warnings"][0]["span"], serde_json::json!([27, 40]));
    assert_eq!(pasv["code"], 227);
    assert_eq!(pasv["form"], "reply");
    assert_eq!(
        pasv["arithmetic"],
        serde_json::json!({"p1": 195, "p2": 80, "high": 49920, "port": 50000})
    );
    assert_eq!(pasv["span"], serde_json::json!([27, 47]));

    let epsv = &v[1];
    assert_eq!(epsv["kind"], "epsv");
    assert_eq!(epsv["ip"], Value::Null);
    assert_eq!(epsv["port"], 6446);
    assert_eq!(epsv["address"], Value::Null);
    assert_eq!(epsv["delimiter"], "|");
    assert_eq!(epsv["warnings"], serde_json::json!([]));

    let eprt = &v[2];
    assert_eq!(eprt["kind"], "eprt");
    assert_eq!(eprt["ip"], "132.235.1.2");
    assert_eq!(eprt["port"], 6275);
    assert_eq!(eprt["address"]["category"], "public");

    let all = &v[3];
    assert_eq!(all["kind"], "epsv");
    assert_eq!(all["command"], "EPSV ALL");
    assert_eq!(all["port"], Value::Null);
}

#[test]
fn decode_json_failure_and_exit_code_1() {
    let o = run(&[
        "decode",
        "--json",
        "227 Entering Passive Mode (256,1,2,3,4,5)",
        "PORT 8,8,8,8,195,80",
        "hello",
    ]);
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v.len(), 3);
    assert_failure_shape(&v[0]);
    assert_eq!(v[0]["kind"], "pasv");
    assert_eq!(v[0]["error"]["code"], "octet-out-of-range");
    assert_eq!(v[0]["error"]["message"], "octet 256 is above 255");
    assert_eq!(v[0]["error"]["span"], serde_json::json!([27, 30]));
    assert!(v[0]["error"]["note"].as_str().unwrap().contains("56.1.2.3"));
    assert_success_shape(&v[1]);
    assert_eq!(v[1]["port"], 50000);
    assert_failure_shape(&v[2]);
    assert_eq!(v[2]["kind"], Value::Null);
    assert_eq!(v[2]["error"]["code"], "unknown-input");
    assert_eq!(v[2]["error"]["span"], serde_json::json!([0, 5]));

    // kind is recognised even when the text is malformed.
    let o = run(&["decode", "--json", "EPRT |9|x|1|", "229 nothing"]);
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v[0]["kind"], "eprt");
    assert_eq!(v[0]["error"]["code"], "unsupported-network-protocol");
    assert_eq!(v[1]["kind"], "epsv");
    assert_eq!(v[1]["error"]["code"], "no-epsv-group");
}

#[test]
fn decode_ipv6_in_rfc5952_form() {
    let o = run(&["decode", "--json", "EPRT |2|2001:DB8:0:0:0:0:0:1|5282|"]);
    assert_eq!(code(&o), 0);
    let v = json_lines(&o);
    assert_eq!(v[0]["ip"], "2001:db8::1");
    assert_eq!(v[0]["port"], 5282);
    assert_eq!(v[0]["address"]["ip"], "2001:db8::1");
    assert_eq!(v[0]["address"]["category"], "documentation");
    assert_eq!(v[0]["address"]["family"], 6);

    let o = run(&[
        "decode",
        "--json",
        "LPRT 6,16,16,128,0,0,0,0,0,0,0,8,8,0,32,12,65,122,2,20,162",
    ]);
    assert_eq!(json_lines(&o)[0]["ip"], "1080::8:800:200c:417a");
}

#[test]
fn decode_with_control_peer() {
    let o = run(&[
        "decode",
        "--json",
        "--control",
        "198.51.100.7",
        "229 Entering Extended Passive Mode (|||6446|)",
        "227 Entering Passive Mode (10,0,0,1,195,80)",
    ]);
    assert_eq!(code(&o), 0);
    let v = json_lines(&o);
    assert_eq!(v[0]["ip"], "198.51.100.7");
    assert_eq!(v[0]["port"], 6446);
    assert_eq!(v[0]["address"]["category"], "documentation");
    let codes: Vec<&str> = v[1]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["non-public-address", "address-mismatch"]);

    let o = run(&["decode", "--json", "--control", "::1", "PASV"]);
    assert_eq!(json_lines(&o)[0]["warnings"][0]["code"], "pasv-on-ipv6");

    // A bad --control address is a usage error.
    let o = run(&["decode", "--control", "010.0.0.1", "PASV"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--control '010.0.0.1'"),
        "{}",
        stderr(&o)
    );
    let o = run(&["decode", "--control"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn decode_stdin_groups_multiline_replies() {
    let input = "220 Welcome\r\n\
                 227-Entering Passive Mode\r\n\
                 227-the numbers follow\r\n\
                 227 (8,8,8,8,100,200)\r\n\
                 \r\n\
                 EPSV\r\n\
                 229 Entering Extended Passive Mode (|||50000|)\r\n";
    let o = run_stdin(&["decode", "--json"], input);
    assert_eq!(code(&o), 1, "the 220 greeting carries no endpoint");
    let v = json_lines(&o);
    assert_eq!(v.len(), 4, "{v:?}");
    assert_failure_shape(&v[0]);
    assert_eq!(v[0]["input"], "220 Welcome");
    assert_eq!(v[0]["error"]["code"], "no-endpoint-reply");
    assert_success_shape(&v[1]);
    assert_eq!(
        v[1]["input"],
        "227-Entering Passive Mode\r\n227-the numbers follow\r\n227 (8,8,8,8,100,200)"
    );
    assert_eq!(v[1]["ip"], "8.8.8.8");
    assert_eq!(v[1]["port"], 25800);
    assert_eq!(v[2]["command"], "EPSV");
    assert_eq!(v[3]["port"], 50000);

    // All ok: exit 0.
    let o = run_stdin(
        &["decode", "--json"],
        "227-Hello\n227 Entering Passive Mode (8,8,8,8,100,200)\n",
    );
    assert_eq!(code(&o), 0);
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["port"], 25800);
}

#[test]
fn decode_argument_with_line_breaks_is_one_reply() {
    let o = run(&[
        "decode",
        "--json",
        "227-Entering Passive Mode\n227 (10,0,0,1,195,80)",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["ip"], "10.0.0.1");
    assert_eq!(v[0]["port"], 50000);
    let facts = v[0]["facts"].as_array().unwrap();
    assert!(facts
        .iter()
        .any(|f| f.as_str().unwrap().contains("multi-line")));

    // Two lines that are not one multi-line reply: a framing error, not two inputs.
    let o = run(&["decode", "--json", "227 (1,2,3,4,5,6)\n227 (1,2,3,4,5,7)"]);
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["error"]["code"], "bad-reply-framing");
}

#[test]
fn decode_text_output() {
    let o = run(&["decode", "227 Entering Passive Mode (10,0,0,1,195,80)"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(out.contains("address    10.0.0.1"), "{out}");
    assert!(out.contains("port       50000"), "{out}");
    assert!(out.contains("195 × 256 + 80 = 49920 + 80 = 50000"), "{out}");
    assert!(out.contains("class      private"), "{out}");
    assert!(out.contains("[non-public-address]"), "{out}");

    let o = run(&["decode", "PORT 1,2,3,4,0,0"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("\n             ^^^\n"), "{out}");
    assert!(out.contains("[port-zero]"), "{out}");
    assert!(stderr(&o).contains("1 of 1 input(s) could not be decoded"));

    // A text starting with a hyphen after --.
    let o = run(&["decode", "--json", "--", "-x"]);
    assert_eq!(code(&o), 1);
    assert_eq!(json_lines(&o)[0]["input"], "-x");
}

// ---------------------------------------------------------------- exit code 2

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["decode", "--bogus"][..],
        &["classify", "--nope", "1.2.3.4"],
        &["encode", "--what"],
        &["frobnicate"],
        &[],
        &["classify"],
        &["encode"],
        &["encode", "pasv", "1.2.3.4"],
        &["encode", "foo", "1.2.3.4", "5"],
        &["encode", "pasv", "1.2.3.4", "5", "6"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(stderr(&o).starts_with("ftp-explorer: "), "{args:?}");
    }
    let o = run(&["decode", "--bogus"]);
    assert!(stderr(&o).contains("unknown option '--bogus'"));
}

// ---------------------------------------------------------------- classify

#[test]
fn classify_json() {
    let o = run(&[
        "classify",
        "--json",
        "100.64.0.1",
        "2001:DB8::1",
        "192.0.0.9",
        "8.8.8.8",
    ]);
    assert_eq!(code(&o), 0);
    let v = json_lines(&o);
    assert_eq!(v.len(), 4);
    for x in &v {
        assert_has(
            x,
            &[
                "input",
                "ok",
                "ip",
                "family",
                "category",
                "range",
                "rfc",
                "globally_reachable",
                "description",
            ],
        );
        assert_eq!(x["ok"], true);
    }
    assert_eq!(v[0]["input"], "100.64.0.1");
    assert_eq!(v[0]["ip"], "100.64.0.1");
    assert_eq!(v[0]["family"], 4);
    assert_eq!(v[0]["category"], "shared_cgnat");
    assert_eq!(v[0]["range"], "100.64.0.0/10");
    assert_eq!(v[0]["rfc"], "RFC 6598");
    assert_eq!(v[0]["globally_reachable"], false);
    assert_eq!(v[1]["input"], "2001:DB8::1");
    assert_eq!(v[1]["ip"], "2001:db8::1");
    assert_eq!(v[1]["family"], 6);
    assert_eq!(v[1]["category"], "documentation");
    assert_eq!(v[2]["category"], "ietf_protocol");
    assert_eq!(v[2]["globally_reachable"], true);
    assert_eq!(v[3]["category"], "public");
    assert_eq!(v[3]["range"], Value::Null);
    assert_eq!(v[3]["rfc"], Value::Null);
    assert_eq!(v[3]["globally_reachable"], true);
    assert!(v[3]["description"].as_str().unwrap().contains("Internet"));
}

#[test]
fn classify_failures() {
    let o = run(&["classify", "--json", "1.2.3.4", "010.0.0.1", "fe80::1%eth0"]);
    assert_eq!(code(&o), 1);
    let v = json_lines(&o);
    assert_eq!(v[0]["ok"], true);
    assert_eq!(keys(&v[1]), ["error", "input", "ok"]);
    assert_eq!(v[1]["ok"], false);
    assert_eq!(v[1]["error"]["code"], "leading-zero");
    assert_eq!(v[1]["error"]["span"], serde_json::json!([0, 3]));
    assert_eq!(v[2]["error"]["code"], "zone-index");
    assert_eq!(v[2]["error"]["span"], serde_json::json!([7, 12]));

    let o = run(&["classify", "256.1.1.1"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("^^^"), "{out}");
    assert!(out.contains("[octet-out-of-range]"), "{out}");

    let o = run(&["classify", "::ffff:10.0.0.1"]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("carries IPv4 10.0.0.1 (private)"),
        "{}",
        stdout(&o)
    );
}

// ---------------------------------------------------------------- encode

#[test]
fn encode_all_six_forms() {
    let cases = [
        (
            &["encode", "pasv", "192.168.1.100", "50000"][..],
            "227 Entering Passive Mode (192,168,1,100,195,80)",
        ),
        (
            &["encode", "epsv", "6446"],
            "229 Entering Extended Passive Mode (|||6446|)",
        ),
        (
            &["encode", "epsv", "::1", "6446"],
            "229 Entering Extended Passive Mode (|||6446|)",
        ),
        (
            &["encode", "port", "10.0.0.1", "50000"],
            "PORT 10,0,0,1,195,80",
        ),
        (
            &["encode", "eprt", "132.235.1.2", "6275"],
            "EPRT |1|132.235.1.2|6275|",
        ),
        (
            &["encode", "eprt", "1080::8:800:200C:417A", "5282"],
            "EPRT |2|1080::8:800:200c:417a|5282|",
        ),
        (
            &["encode", "lpsv", "132.235.1.2", "6275"],
            "228 Entering Long Passive Mode (4,4,132,235,1,2,2,24,131)",
        ),
        (
            &["encode", "lprt", "132.235.1.2", "6275"],
            "LPRT 4,4,132,235,1,2,2,24,131",
        ),
        (
            &["encode", "lprt", "::1", "50000"],
            "LPRT 6,16,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,2,195,80",
        ),
        (
            &["encode", "PASV", "8.8.8.8", "25800"],
            "227 Entering Passive Mode (8,8,8,8,100,200)",
        ),
    ];
    for (args, expected) in cases {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), format!("{expected}\n"), "{args:?}");
        // And the output decodes back.
        let back = run(&["decode", "--json", expected]);
        assert_eq!(code(&back), 0, "{expected}");
    }
}

#[test]
fn encode_errors() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["encode", "pasv", "2001:db8::1", "50000"],
            "[wrong-family]",
        ),
        (&["encode", "port", "::1", "50000"], "[wrong-family]"),
        (
            &["encode", "port", "0.0.0.0", "50000"],
            "[unspecified-address]",
        ),
        (&["encode", "eprt", "::", "50000"], "[unspecified-address]"),
        (&["encode", "pasv", "1.2.3.4", "0"], "[port-zero]"),
        (
            &["encode", "pasv", "1.2.3.4", "70000"],
            "not a number from 1 to 65535",
        ),
        (&["encode", "pasv", "010.0.0.1", "5"], "[leading-zero]"),
    ];
    for (args, message) in cases {
        let o = run(args);
        assert_eq!(code(&o), 1, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.starts_with("ftp-explorer: "), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let o = run(&["encode", "pasv", "1.2.3.4", "+5"]);
    assert_eq!(code(&o), 1);
}

// ---------------------------------------------------------------- help

#[test]
fn help_for_each_command() {
    let cases: [(&[&str], &str); 9] = [
        (&["--help"], "USAGE:"),
        (&["-h"], "USAGE:"),
        (&["help"], "USAGE:"),
        (&["decode", "--help"], "ftp-explorer decode [--json]"),
        (&["help", "decode"], "ftp-explorer decode [--json]"),
        (&["classify", "--help"], "ftp-explorer classify [--json]"),
        (&["help", "classify"], "ftp-explorer classify [--json]"),
        (&["encode", "--help"], "ftp-explorer encode pasv|epsv"),
        (&["encode", "-h"], "ftp-explorer encode pasv|epsv"),
    ];
    for (args, head) in cases {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}");
        let out = stdout(&o);
        assert!(out.contains(head), "{args:?}: {out}");
        assert!(out.contains("EXAMPLES:"), "{args:?}: {out}");
        assert!(out.contains("    ftp-explorer "), "{args:?}: {out}");
    }
    let o = run(&["--version"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("ftp-explorer "));
}

#[test]
fn help_examples_run() {
    // The examples in the help texts do what they say.
    let o = run(&[
        "decode",
        "227 Entering Passive Mode (192,168,1,100,195,80).",
    ]);
    assert_eq!(code(&o), 0);
    let o = run(&["decode", "--json", "EPRT |2|::1|6275|"]);
    assert_eq!(json_lines(&o)[0]["address"]["category"], "loopback");
    let o = run(&["classify", "100.64.0.1", "fe80::1"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(
        out.contains("shared_cgnat") && out.contains("link_local"),
        "{out}"
    );
    let o = run(&["encode", "pasv", "203.0.113.50", "50000"]);
    assert_eq!(
        stdout(&o),
        "227 Entering Passive Mode (203,0,113,50,195,80)\n"
    );
    let o = run(&["encode", "eprt", "::1", "6275"]);
    assert_eq!(stdout(&o), "EPRT |2|::1|6275|\n");
}

/// An argument that is not UTF-8 is read lossily with a warning, never a panic (exit 101).
#[test]
fn a_non_utf8_argument_is_read_with_a_warning_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let o = std::process::Command::new(crate::common::BIN)
        .arg("decode")
        .arg(std::ffi::OsStr::from_bytes(
            b"227 Entering Passive Mode (10,0,0,1,195,\xff)",
        ))
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "decoded as a malformed reply, not a crash");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("argument 2 is not UTF-8"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("227 Entering Passive Mode"));
}
