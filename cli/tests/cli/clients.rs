//! `ftp-explorer decode --clients`: the per-client readings in text and JSON.

use serde_json::Value;

fn run(args: &[&str]) -> (i32, String) {
    let out = crate::common::run(args);
    (crate::common::code(&out), crate::common::stdout(&out))
}

#[test]
fn json_carries_one_reading_per_client_in_a_fixed_order() {
    let (code, out) = run(&[
        "decode",
        "--json",
        "--clients",
        "--control",
        "203.0.113.9",
        "227 Entering Passive Mode (256,1,2,3,4,5)",
    ]);
    assert_eq!(code, 1, "the strict reading rejects it");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["ok"], false);
    let clients = v["clients"].as_array().unwrap();
    let names: Vec<&str> = clients
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "curl",
            "python-ftplib",
            "filezilla",
            "lftp",
            "winscp",
            "go-jlaffaye-ftp",
            "commons-net",
            "wireshark"
        ]
    );
    for c in clients {
        for field in [
            "name", "accepted", "ip", "port", "replaced", "note", "differs", "source",
        ] {
            assert!(c.get(field).is_some(), "{field} missing in {c}");
        }
    }
    let curl = &clients[0];
    assert_eq!(curl["accepted"], true);
    assert_eq!(curl["ip"], "203.0.113.9");
    assert_eq!(curl["port"], 1029);
    assert_eq!(curl["replaced"], true);
    assert_eq!(curl["differs"], true); // the RFC reading rejects this reply
}

#[test]
fn a_standard_reply_reads_the_same_for_clients_that_follow_the_rfc() {
    let (code, out) = run(&[
        "decode",
        "--json",
        "--clients",
        "--control",
        "203.0.113.9",
        "227 Entering Passive Mode (203,0,113,9,195,80)",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    for c in v["clients"].as_array().unwrap() {
        assert_eq!(c["accepted"], true, "{c}");
        assert_eq!(c["port"], 50000, "{c}");
        assert_eq!(c["differs"], false, "{c}");
    }
}

#[test]
fn without_the_flag_there_is_no_clients_field_and_commands_get_none() {
    let (_, out) = run(&[
        "decode",
        "--json",
        "227 Entering Passive Mode (10,0,0,1,195,80)",
    ]);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert!(v.get("clients").is_none());
    let (_, out) = run(&["decode", "--json", "--clients", "PORT 10,0,0,1,195,80"]);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        v["clients"].as_array().unwrap().len(),
        0,
        "clients read replies, not commands"
    );
}

#[test]
fn text_output_marks_the_clients_that_differ() {
    let (_, out) = run(&[
        "decode",
        "--clients",
        "229 Entering Extended Passive Mode (!!!6446!)",
    ]);
    assert!(out.contains("≠ filezilla"), "{out}");
    assert!(out.contains("  curl"), "{out}");
    assert!(out.contains("wireshark        shows"), "{out}");
}
