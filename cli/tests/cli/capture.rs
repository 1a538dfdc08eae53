//! `ftp-explorer check` on captures, run as a process: detection by magic bytes, the text, Markdown and
//! JSON reports, the packet evidence in JSON, exit codes, two captures compared, bad input.

use crate::common::{code, run, stderr, stdout};

use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/captures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn json(args: &[&str]) -> (Value, i32) {
    let o = run(args);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one object on one line");
    (serde_json::from_str(&out).expect("JSON"), code(&o))
}

#[test]
fn a_failing_capture_text_markdown_json() {
    let file = fixture("nat-private-used-client.pcap");
    let o = run(&["check", &file]);
    assert_eq!(code(&o), 1);
    let text = stdout(&o);
    assert!(text.starts_with("ftp-explorer: "), "{text}");
    for want in [
        "[error] data-syn-unanswered",
        "[error] advertised-private-address",
        "Data connections",
        "passive via PASV (packet ",
        "unanswered — SYN to 10.0.1.5:50004 sent 3 times",
        "C: PASS ****",
        "S: 227 Entering Passive Mode (10,0,1,5,195,84).",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(!text.contains("guest@example.com"));
    let md = stdout(&run(&["check", "--markdown", &file]));
    assert!(md.starts_with("## ftp-explorer: "), "{md}");
    assert!(md.contains("- **ERROR** `data-syn-unanswered`"), "{md}");
    assert!(md.contains("```\n"), "{md}");

    let (v, exit) = json(&["check", "--json", &file]);
    assert_eq!(exit, 1);
    assert_eq!(v["kind"], "capture");
    assert_eq!(v["file"]["format"], "pcap");
    assert_eq!(v["error"], Value::Null);
    let s = &v["sessions"][0];
    assert_eq!(s["server"], "203.0.113.5:21");
    // The checker's fields, and the wire's.
    let dc = &s["data_connections"][0];
    assert_eq!(dc["via"], "pasv");
    assert_eq!(dc["outcome"], "timed-out");
    assert_eq!(dc["wire"]["wire"], "unanswered");
    assert_eq!(dc["wire"]["syns"], 3);
    assert_eq!(dc["wire"]["to"], "10.0.1.5:50004");
    // The packet evidence: three SYNs.
    let packets = dc["wire"]["packets"].as_array().unwrap();
    assert_eq!(packets.len(), 3);
    for p in packets {
        assert_eq!(p["flags"], "SYN");
        assert_eq!(p["to"], "10.0.1.5:50004");
        assert!(p["packet"].as_u64().unwrap() > 0);
    }
    let codes: Vec<&str> = s["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"data-syn-unanswered") && codes.contains(&"data-connection-timeout"),
        "{codes:?}"
    );
    // Each line knows its packet.
    let lines = s["lines"].as_array().unwrap();
    assert!(lines.iter().any(|l| l["text"] == "C: PASV"
        && l["packet"].as_u64().is_some()
        && l["from_client"] == true));
}

#[test]
fn a_healthy_capture_exits_0_and_pcapng_is_recognised() {
    let o = run(&["check", &fixture("epsv-healthy.pcapng")]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).starts_with(
        "ftp-explorer: passive mode via EPSV; data connection to 127.0.0.1:50008 succeeded"
    ));
    // From standard input too, by its magic bytes.
    let o = crate::common::run_stdin(
        &["check"],
        std::fs::read(fixture("pasv-healthy.pcap")).unwrap(),
    );
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Session 1: 127.0.0.1:41454 → 127.0.0.1:2121"));
}

#[test]
fn two_captures_compared() {
    let (c, s) = (
        fixture("nat-helper-pasv-client.pcap"),
        fixture("nat-helper-pasv-server.pcap"),
    );
    let o = run(&["check", &c, &s]);
    assert_eq!(code(&o), 0);
    let text = stdout(&o);
    for want in [
        "1 FTP session paired between the client side and the server side.",
        "[info] reply-rewritten-in-transit",
        "\"227 Entering Passive Mode (10,0,1,5,195,80).\"",
        "\"227 Entering Passive Mode (203,0,113,5,195,80).\"",
        "[info] address-translated",
        "The client side",
        "The server side",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let (v, exit) = json(&["check", "--json", &c, &s]);
    assert_eq!(exit, 0);
    assert_eq!(v["kind"], "comparison");
    assert_eq!(v["comparison"]["rewrites"][0]["what"], "227 reply");
    assert_eq!(v["first"]["kind"], "capture");
    assert_eq!(v["second"]["sessions"][0]["server"], "10.0.1.5:21");
    // A failing pair exits 1.
    let o = run(&[
        "check",
        &fixture("pasv-range-dropped-client.pcap"),
        &fixture("pasv-range-dropped-server.pcap"),
    ]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("[error] packet-lost-between-sides"));
}

#[test]
fn bad_input() {
    let dir = std::env::temp_dir().join(format!("ftpx-capture-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A truncated capture: reported with the offset, what came before is diagnosed.
    let good = std::fs::read(fixture("pasv-range-reset-client.pcap")).unwrap();
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &good[..good.len() - 30]).unwrap();
    let o = run(&["check", cut.to_str().unwrap()]);
    let text = stdout(&o);
    assert!(text.contains("Reading stopped: byte "), "{text}");
    assert!(text.contains("[warning] capture-file-damaged"), "{text}");
    assert!(text.contains("[error] data-syn-reset"), "{text}");
    assert_eq!(code(&o), 1);
    // A pcap with an absurd first record length: nothing to diagnose, said plainly, exit 1.
    let mut bad = good.clone();
    bad[32..36].copy_from_slice(&u32::MAX.to_le_bytes());
    let absurd = dir.join("absurd.pcap");
    std::fs::write(&absurd, &bad).unwrap();
    let (v, exit) = json(&["check", "--json", absurd.to_str().unwrap()]);
    assert_eq!(exit, 1);
    assert_eq!(v["error"]["code"], "absurd-length");
    assert_eq!(v["error"]["offset"], 32);
    // A text file given as one of two captures: a usage error naming the file and the reason.
    let log = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/logs/curl-vsftpd-healthy-pasv.log");
    let o = run(&[
        "check",
        &fixture("pasv-healthy.pcap"),
        log.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("is not a capture: byte 0:") && err.contains("text-not-capture"),
        "{err}"
    );
    // A log alone is still a log.
    let o = run(&["check", log.to_str().unwrap()]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Log format: curl -v"));
    std::fs::remove_dir_all(&dir).ok();
}
