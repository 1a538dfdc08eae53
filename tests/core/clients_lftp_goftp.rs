//! Table tests for the lftp and go-jlaffaye-ftp models (src/clients/lftp.rs, src/clients/goftp.rs),
//! and a check that the lftp model agrees with what the real lftp 4.9.2 did with the same replies
//! (tests/fixtures/clients/lftp/observed.json, recorded by run_lftp.py; this test only reads it).

use ftp_explorer::clients::{interpret, Reading};
use std::net::IpAddr;

const LFTP: &str = "lftp";
const GO: &str = "go-jlaffaye-ftp";

fn reading(reply: &str, control: Option<&str>, name: &str) -> Reading {
    let control: Option<IpAddr> = control.map(|c| c.parse().expect("control address"));
    interpret(reply, control)
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name} reading for {reply:?}"))
}

/// What a model is expected to say.
#[derive(Debug)]
enum Want {
    /// Accepted: ip, port, replaced, differs.
    Ok(Option<&'static str>, u64, bool, bool),
    /// Rejected: the client's error text, differs.
    Err(&'static str, bool),
}
use Want::{Err, Ok};

struct Case {
    what: &'static str,
    reply: &'static str,
    control: Option<&'static str>,
    lftp: Want,
    go: Want,
}

const PUB: Option<&str> = Some("203.0.113.5");
const SAME: Option<&str> = Some("192.0.2.10");

fn cases() -> Vec<Case> {
    vec![
        Case {
            what: "standard 227",
            reply: "227 Entering Passive Mode (192,0,2,10,156,65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "standard 229",
            reply: "229 Entering Extended Passive Mode (|||40001|)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "227 without parentheses",
            reply: "227 Entering Passive Mode 192,0,2,10,156,65",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Err("invalid PASV response format", true),
        },
        Case {
            what: "vsftpd's text after the parenthesis",
            reply: "227 Entering Passive Mode (192,0,2,10,156,65).",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "blanks after commas",
            reply: "227 Entering Passive Mode (192, 0, 2, 10, 156, 65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Err("strconv.Atoi: parsing \" 156\": invalid syntax", false),
        },
        Case {
            what: "blanks before commas",
            reply: "227 Entering Passive Mode (192 ,0 ,2 ,10 ,156 ,65)",
            control: SAME,
            lftp: Err("227 Entering Passive Mode (192 ,0 ,2 ,10 ,156 ,65)", false),
            go: Err("strconv.Atoi: parsing \"156 \": invalid syntax", false),
        },
        Case {
            what: "leading zeros",
            reply: "227 Entering Passive Mode (192,000,002,010,156,065)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.000.002.010"), 40001, false, true),
        },
        Case {
            what: "address number above 255",
            reply: "227 Entering Passive Mode (300,0,2,10,156,65)",
            control: PUB,
            lftp: Ok(Some("44.0.2.10"), 40001, false, true),
            go: Ok(Some("300.0.2.10"), 40001, false, true),
        },
        Case {
            what: "port number above 255",
            reply: "227 Entering Passive Mode (192,0,2,10,412,65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Ok(Some("192.0.2.10"), 105537, false, true),
        },
        Case {
            what: "negative port number",
            reply: "227 Entering Passive Mode (192,0,2,10,-1,65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 65345, false, true),
            go: Err("dial tcp: address -191: invalid port", false),
        },
        Case {
            what: "seven numbers",
            reply: "227 Entering Passive Mode (192,0,2,10,156,65,7)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Ok(Some("192.0.2.10"), 40001, false, true),
        },
        Case {
            what: "five numbers",
            reply: "227 Entering Passive Mode (192,0,2,10,156)",
            control: SAME,
            lftp: Err("227 Entering Passive Mode (192,0,2,10,156)", false),
            go: Err("invalid PASV response format", false),
        },
        Case {
            what: "port 0 (227)",
            reply: "227 Entering Passive Mode (192,0,2,10,0,0)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 0, false, true),
            go: Ok(Some("192.0.2.10"), 0, false, true),
        },
        Case {
            what: "multi-line 227, numbers on the first line",
            reply: "227-Entering Passive Mode (192,0,2,10,156,65)\n227 OK",
            control: SAME,
            lftp: Err("227 OK", true),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "multi-line 227, numbers on the last line",
            reply: "227-Hello\n227 Entering Passive Mode (192,0,2,10,156,65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "multi-line 227 without its final line",
            reply: "227-Entering Passive Mode (192,0,2,10,156,65)",
            control: SAME,
            lftp: Err("Timeout - reconnecting", false),
            go: Err("EOF", false),
        },
        Case {
            what: "a bare code",
            reply: "227",
            control: SAME,
            lftp: Err("227", false),
            go: Err("short response: 227", false),
        },
        Case {
            what: "the last ')' before the first '('",
            reply: "227 Entering Passive Mode 192,0,2,10,156,65) (",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Err("runtime error: slice bounds out of range [42:39]", true),
        },
        Case {
            what: "0.0.0.0, public control",
            reply: "227 Entering Passive Mode (0,0,0,0,156,65)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, true, true),
            go: Ok(Some("0.0.0.0"), 40001, false, false),
        },
        Case {
            what: "0.0.0.0, private control",
            reply: "227 Entering Passive Mode (0,0,0,0,156,65)",
            control: Some("10.0.0.1"),
            lftp: Ok(Some("10.0.0.1"), 40001, true, true),
            go: Ok(Some("10.0.0.1"), 40001, true, true),
        },
        Case {
            what: "private address, public control",
            reply: "227 Entering Passive Mode (10,1,2,3,156,65)",
            control: PUB,
            lftp: Ok(Some("203.0.113.5"), 40001, true, true),
            go: Ok(Some("203.0.113.5"), 40001, true, true),
        },
        Case {
            what: "public address differing from the public control",
            reply: "227 Entering Passive Mode (198,51,100,8,156,65)",
            control: PUB,
            lftp: Ok(Some("198.51.100.8"), 40001, false, false),
            go: Ok(Some("198.51.100.8"), 40001, false, false),
        },
        Case {
            what: "another private address, private control",
            reply: "227 Entering Passive Mode (192,168,7,9,156,65)",
            control: Some("10.0.0.1"),
            lftp: Ok(Some("192.168.7.9"), 40001, false, false),
            go: Ok(Some("192.168.7.9"), 40001, false, false),
        },
        Case {
            what: "public address, loopback control",
            reply: "227 Entering Passive Mode (198,51,100,8,156,65)",
            control: Some("127.0.0.1"),
            lftp: Ok(Some("127.0.0.1"), 40001, true, true),
            go: Ok(Some("127.0.0.1"), 40001, true, true),
        },
        Case {
            what: "127.0.0.2, loopback control (lftp: reserved; Go: loopback like the peer)",
            reply: "227 Entering Passive Mode (127,0,0,2,156,65)",
            control: Some("127.0.0.1"),
            lftp: Ok(Some("127.0.0.1"), 40001, true, true),
            go: Ok(Some("127.0.0.2"), 40001, false, false),
        },
        Case {
            what: "link-local address, private control (lftp: private; Go: not private)",
            reply: "227 Entering Passive Mode (169,254,1,1,156,65)",
            control: Some("10.0.0.1"),
            lftp: Ok(Some("169.254.1.1"), 40001, false, false),
            go: Ok(Some("10.0.0.1"), 40001, true, true),
        },
        Case {
            what: "multicast address",
            reply: "227 Entering Passive Mode (224,0,0,1,156,65)",
            control: PUB,
            lftp: Ok(Some("203.0.113.5"), 40001, true, true),
            go: Ok(Some("203.0.113.5"), 40001, true, true),
        },
        Case {
            what: "class E address (lftp: reserved; Go: an ordinary address)",
            reply: "227 Entering Passive Mode (240,0,0,1,156,65)",
            control: PUB,
            lftp: Ok(Some("203.0.113.5"), 40001, true, true),
            go: Ok(Some("240.0.0.1"), 40001, false, false),
        },
        Case {
            what: "control unknown, private address",
            reply: "227 Entering Passive Mode (10,1,2,3,156,65)",
            control: None,
            lftp: Ok(Some("10.1.2.3"), 40001, false, false),
            go: Ok(Some("10.1.2.3"), 40001, false, false),
        },
        Case {
            what: "control unknown, 0.0.0.0",
            reply: "227 Entering Passive Mode (0,0,0,0,156,65)",
            control: None,
            lftp: Ok(None, 40001, true, true),
            go: Ok(Some("0.0.0.0"), 40001, false, false),
        },
        Case {
            what: "control unknown, multicast",
            reply: "227 Entering Passive Mode (224,0,0,1,156,65)",
            control: None,
            lftp: Ok(None, 40001, true, true),
            go: Ok(None, 40001, true, true),
        },
        Case {
            what: "227 on an IPv6 control connection",
            reply: "227 Entering Passive Mode (192,0,2,10,156,65)",
            control: Some("2001:db8::1"),
            lftp: Ok(Some("::ffff:0.0.0.1"), 40001, true, true),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        // EPSV
        Case {
            what: "229, delimiter !",
            reply: "229 Entering Extended Passive Mode (!!!40001!)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Err("invalid EPSV response format", true),
        },
        Case {
            what: "229, delimiter #",
            reply: "229 Entering Extended Passive Mode (###40001#)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Err("invalid EPSV response format", true),
        },
        Case {
            what: "229, blank delimiter",
            reply: "229 Entering Extended Passive Mode (   40001 )",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Err("invalid EPSV response format", false),
        },
        Case {
            what: "229, delimiter %",
            reply: "229 Entering Extended Passive Mode (%%%40001%)",
            control: SAME,
            lftp: Err("cannot parse EPSV response", true),
            go: Err("invalid EPSV response format", true),
        },
        Case {
            what: "229, mixed delimiters (first differs)",
            reply: "229 Entering Extended Passive Mode (!||40001|)",
            control: SAME,
            lftp: Err("cannot parse EPSV response", false),
            go: Err("invalid EPSV response format", false),
        },
        Case {
            what: "229, mixed delimiters (last differs)",
            reply: "229 Entering Extended Passive Mode (|||40001!)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Err("runtime error: slice bounds out of range [35:34]", false),
        },
        Case {
            what: "229, last delimiter missing",
            reply: "229 Entering Extended Passive Mode (|||40001)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Err("runtime error: slice bounds out of range [35:34]", false),
        },
        Case {
            what: "229, text after the parenthesis",
            reply: "229 Entering Extended Passive Mode (|||40001|).",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "229, no parentheses, nothing before",
            reply: "229 |||40001|",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, false),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "229, no parentheses, text before",
            reply: "229 Entering Extended Passive Mode |||40001|",
            control: SAME,
            lftp: Err("cannot parse EPSV response", true),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "229, blank before the port",
            reply: "229 Entering Extended Passive Mode (||| 40001|)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Err("strconv.Atoi: parsing \" 40001\": invalid syntax", false),
        },
        Case {
            what: "229 naming an address",
            reply: "229 Entering Extended Passive Mode (|1|192.0.2.10|40001|)",
            control: SAME,
            lftp: Err("cannot parse EPSV response", false),
            go: Err("invalid EPSV response format", false),
        },
        Case {
            what: "229, port above 65535",
            reply: "229 Entering Extended Passive Mode (|||105537|)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 40001, false, true),
            go: Ok(Some("192.0.2.10"), 105537, false, true),
        },
        Case {
            what: "229, port 0",
            reply: "229 Entering Extended Passive Mode (|||0|)",
            control: SAME,
            lftp: Ok(Some("192.0.2.10"), 0, false, true),
            go: Ok(Some("192.0.2.10"), 0, false, true),
        },
        Case {
            what: "229, no port",
            reply: "229 Entering Extended Passive Mode (|||)",
            control: SAME,
            lftp: Err("cannot parse EPSV response", false),
            go: Err("runtime error: slice bounds out of range [35:34]", false),
        },
        Case {
            what: "229, empty port between four bars",
            reply: "229 Entering Extended Passive Mode (||||)",
            control: SAME,
            lftp: Err("cannot parse EPSV response", false),
            go: Err("strconv.Atoi: parsing \"\": invalid syntax", false),
        },
        Case {
            what: "multi-line 229, port on the first line",
            reply: "229-Entering Extended Passive Mode (|||40001|)\n229 OK",
            control: SAME,
            lftp: Err("cannot parse EPSV response", true),
            go: Ok(Some("192.0.2.10"), 40001, false, false),
        },
        Case {
            what: "229, control unknown",
            reply: "229 Entering Extended Passive Mode (|||40001|)",
            control: None,
            lftp: Ok(None, 40001, false, false),
            go: Ok(None, 40001, false, false),
        },
    ]
}

fn check(case: &Case, name: &str, want: &Want) -> Vec<String> {
    let r = reading(case.reply, case.control, name);
    let got = match (r.accepted, &r.error) {
        (true, None) => format!(
            "Ok({:?}, {}, {}, {})",
            r.ip,
            r.port.unwrap_or(u64::MAX),
            r.replaced,
            r.differs
        ),
        (false, Some(e)) => format!("Err({e:?}, {})", r.differs),
        _ => format!("inconsistent reading {r:?}"),
    };
    let matches = match want {
        Ok(ip, port, replaced, differs) => {
            r.accepted
                && r.error.is_none()
                && r.ip.as_deref() == *ip
                && r.port == Some(*port)
                && r.replaced == *replaced
                && r.differs == *differs
        }
        Err(error, differs) => {
            !r.accepted
                && r.error.as_deref() == Some(*error)
                && r.ip.is_none()
                && r.port.is_none()
                && r.differs == *differs
        }
    };
    let mut problems = Vec::new();
    if !matches {
        problems.push(format!(
            "{name}, {} ({:?}, control {:?}): want {want:?}, got {got}",
            case.what, case.reply, case.control
        ));
    }
    if r.note.is_empty() || r.source.is_empty() || r.source == "stub" {
        problems.push(format!(
            "{name}, {}: note and source must be filled in",
            case.what
        ));
    }
    problems
}

#[test]
fn lftp_and_go_readings() {
    let mut problems = Vec::new();
    for case in cases() {
        problems.extend(check(&case, LFTP, &case.lftp));
        problems.extend(check(&case, GO, &case.go));
    }
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn lftp_notes_say_when_it_fixed_the_address() {
    let r = reading("227 Entering Passive Mode (10,1,2,3,156,65)", PUB, LFTP);
    assert!(
        r.note
            .contains("Address returned by PASV seemed to be incorrect and has been fixed"),
        "{}",
        r.note
    );
    let r = reading("229 Entering Extended Passive Mode (!!!40001!)", PUB, GO);
    assert!(
        r.note.contains("PASV"),
        "the Go note must say it falls back to PASV: {}",
        r.note
    );
}

// ---- The real lftp ---------------------------------------------------------------------------

#[test]
fn lftp_model_agrees_with_the_real_lftp() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/clients/lftp/observed.json"
    );
    let text = std::fs::read_to_string(path).expect("observed.json (recorded by run_lftp.py)");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("observed.json is JSON");
    assert!(
        doc["lftp_version"].as_str().unwrap_or("").contains("4.9"),
        "recorded with lftp 4.9.x"
    );
    let observations = doc["observations"].as_array().expect("observations");
    assert!(
        observations.len() >= 40,
        "expected the full set of scenarios"
    );
    let mut problems = Vec::new();
    for o in observations {
        let id = o["id"].as_str().unwrap();
        let reply = o["reply"].as_str().unwrap();
        let control = o["control"].as_str().unwrap();
        let strings = |key: &str| -> Vec<String> {
            o[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let connects = strings("connect_attempts");
        let errors = strings("error_lines");
        let other = strings("other_output");
        let fixed = o["fixed_note"].as_bool().unwrap();
        let r = reading(reply, Some(control), LFTP);
        if let Some(first) = connects.first() {
            // lftp went on to open the data connection: the model must accept, with the same endpoint.
            let model = format!(
                "{}:{}",
                r.ip.clone().unwrap_or_default(),
                r.port.unwrap_or(u64::MAX)
            );
            if !r.accepted || &model != first {
                problems.push(format!(
                    "{id}: lftp connected to {first}, the model says {r:?}"
                ));
            }
            if r.replaced != fixed {
                problems.push(format!(
                    "{id}: lftp fixed the address: {fixed}, the model: {}",
                    r.replaced
                ));
            }
        } else {
            if r.accepted {
                problems.push(format!(
                    "{id}: lftp made no data connection, the model accepts: {r:?}"
                ));
                continue;
            }
            let error = r.error.clone().unwrap_or_default();
            // lftp's own words: logged as "**** <error>", or the reason in its final message.
            let logged = errors.iter().any(|l| l == &format!("**** {error}"));
            let reason = other.iter().any(|l| l.ends_with(&format!("({error})")));
            if !logged && !reason {
                problems.push(format!(
                    "{id}: model error {error:?} not in lftp's output {errors:?} {other:?}"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
