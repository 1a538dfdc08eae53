//! Table tests for the Apache Commons Net and Wireshark models (src/clients/commons_net.rs and
//! src/clients/wireshark.rs): each row is a reply, the control connection's peer, and what each model
//! must answer (accepted, ip, port, replaced, error text, and whether it differs from the RFC reading).

use ftp_explorer::clients::{interpret, Reading};
use std::net::IpAddr;

const PRIV: &str = "192.168.1.2";
const PUB: &str = "203.0.113.5";
const V6: &str = "2001:db8::1";

const PASV_ERR: &str = "Could not parse passive host information.\nServer Reply: ";
const EPSV_ERR: &str = "Could not parse extended passive host information.\nServer Reply: ";
const SIOOBE: &str = "java.lang.StringIndexOutOfBoundsException";
const EPSV_EXPERT: &str = "EPSV arguments must have the form (|||<port>|)";

/// What one model must answer.
#[derive(Debug, Clone)]
struct Want {
    accepted: bool,
    ip: Option<&'static str>,
    port: Option<u64>,
    replaced: bool,
    error: Option<String>,
    differs: bool,
}

fn ok(ip: Option<&'static str>, port: u64, replaced: bool, differs: bool) -> Want {
    Want {
        accepted: true,
        ip,
        port: Some(port),
        replaced,
        error: None,
        differs,
    }
}

fn no(error: Option<String>, differs: bool) -> Want {
    Want {
        accepted: false,
        ip: None,
        port: None,
        replaced: false,
        error,
        differs,
    }
}

fn pick<'a>(readings: &'a [Reading], name: &str) -> &'a Reading {
    readings
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no reading named {name}"))
}

fn check(label: &str, reply: &str, control: Option<&str>, name: &str, want: &Want) {
    let control: Option<IpAddr> = control.map(|c| c.parse().unwrap());
    let readings = interpret(reply, control);
    let r = pick(&readings, name);
    let ctx = format!("[{label}] {name} on {reply:?} (control {control:?}): {r:#?}");
    assert_eq!(r.accepted, want.accepted, "accepted {ctx}");
    assert_eq!(r.ip.as_deref(), want.ip, "ip {ctx}");
    assert_eq!(r.port, want.port, "port {ctx}");
    assert_eq!(r.replaced, want.replaced, "replaced {ctx}");
    assert_eq!(r.error, want.error, "error {ctx}");
    assert_eq!(r.differs, want.differs, "differs {ctx}");
    assert!(!r.note.is_empty(), "empty note {ctx}");
    assert!(!r.source.is_empty() && r.source != "stub", "source {ctx}");
}

struct Row {
    label: &'static str,
    reply: &'static str,
    control: Option<&'static str>,
    commons: Want,
    wireshark: Want,
}

fn run(rows: &[Row]) {
    for row in rows {
        check(
            row.label,
            row.reply,
            row.control,
            "commons-net",
            &row.commons,
        );
        check(
            row.label,
            row.reply,
            row.control,
            "wireshark",
            &row.wireshark,
        );
    }
}

#[test]
fn pasv_227_table() {
    let std = "227 Entering Passive Mode (192,168,1,2,19,137)";
    let line_err = |line: &str| Some(format!("{PASV_ERR}{line}"));
    run(&[
        Row {
            label: "standard, control = advertised",
            reply: std,
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "private address, public control peer",
            reply: std,
            control: Some(PUB),
            // 3.9.0+ default: always the control address (the NAT workaround is moot).
            commons: ok(Some(PUB), 5001, true, true),
            // Wireshark shows what was advertised (and sets ftp.passive.nat).
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "control unknown",
            reply: std,
            control: None,
            commons: ok(None, 5001, true, true),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "IPv6 control connection",
            reply: std,
            control: Some(V6),
            commons: no(
                Some("(no exception: _openDataConnection_ returns null and the transfer method returns false)".into()),
                true,
            ),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "no parentheses",
            reply: "227 Entering Passive Mode 192,168,1,2,19,137",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "vsftpd's ')' then '.'",
            reply: "227 Entering Passive Mode (192,168,1,2,19,137).",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "blanks after commas",
            reply: "227 Entering Passive Mode (192, 168, 1, 2, 19, 137)",
            control: Some(PRIV),
            commons: no(line_err("227 Entering Passive Mode (192, 168, 1, 2, 19, 137)"), false),
            // sscanf's %d skips blanks before each number.
            wireshark: ok(Some(PRIV), 5001, false, true),
        },
        Row {
            label: "blanks before commas",
            reply: "227 Entering Passive Mode (192 ,168 ,1 ,2 ,19 ,137)",
            control: Some(PRIV),
            commons: no(line_err("227 Entering Passive Mode (192 ,168 ,1 ,2 ,19 ,137)"), false),
            wireshark: no(None, false),
        },
        Row {
            label: "leading zeros",
            reply: "227 Entering Passive Mode (192,168,001,002,019,137)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "octet > 255",
            reply: "227 Entering Passive Mode (256,168,1,2,19,137)",
            control: Some(PRIV),
            // The advertised text is dropped anyway.
            commons: ok(Some(PRIV), 5001, true, true),
            // 256 << 24 overflows 32 bits.
            wireshark: ok(Some("0.168.1.2"), 5001, false, true),
        },
        Row {
            label: "last octet > 255 spills into the third",
            reply: "227 Entering Passive Mode (192,168,1,300,19,137)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, true, true),
            // 1 << 8 | 300 = 0x12C: third byte 1, fourth 0x2C.
            wireshark: ok(Some("192.168.1.44"), 5001, false, true),
        },
        Row {
            label: "four-digit number: the regex starts inside it",
            reply: "227 Entering Passive Mode (1192,168,1,2,19,137)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, true),
            // sscanf reads 1192 whole; 1192 << 24 keeps only its low byte 0xA8 = 168.
            wireshark: ok(Some("168.168.1.2"), 5001, false, true),
        },
        Row {
            label: "first port byte > 255",
            reply: "227 Entering Passive Mode (192,168,1,2,300,137)",
            control: Some(PRIV),
            // 300 << 8 | 137 = 76937, refused by InetSocketAddress.
            commons: no(Some("port out of range:76937".into()), false),
            // (300 & 0xFF) << 8 | 137 = 44 * 256 + 137.
            wireshark: ok(Some(PRIV), 11401, false, true),
        },
        Row {
            label: "second port byte > 255",
            reply: "227 Entering Passive Mode (192,168,1,2,19,300)",
            control: Some(PRIV),
            // 19 << 8 | 300: a bitwise OR, 4908 (not 19*256+300 = 5164).
            commons: ok(Some(PRIV), 4908, false, true),
            // 19 << 8 | (300 & 0xFF) = 4864 + 44.
            wireshark: ok(Some(PRIV), 4908, false, true),
        },
        Row {
            label: "seven numbers",
            reply: "227 Entering Passive Mode (192,168,1,2,19,137,5)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, true),
            wireshark: ok(Some(PRIV), 5001, false, true),
        },
        Row {
            label: "five numbers",
            reply: "227 Entering Passive Mode (192,168,1,2,19)",
            control: Some(PRIV),
            commons: no(line_err("227 Entering Passive Mode (192,168,1,2,19)"), false),
            wireshark: no(None, false),
        },
        Row {
            label: "port 0",
            reply: "227 Entering Passive Mode (192,168,1,2,0,0)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 0, false, true),
            wireshark: ok(Some(PRIV), 0, false, true),
        },
        Row {
            label: "0.0.0.0",
            reply: "227 Entering Passive Mode (0,0,0,0,19,137)",
            control: Some(PUB),
            // The RFC reading keeps 0.0.0.0 as advertised.
            commons: ok(Some(PUB), 5001, true, true),
            wireshark: ok(Some("0.0.0.0"), 5001, false, false),
        },
        Row {
            label: "0.0.0.0, control unknown",
            reply: "227 Entering Passive Mode (0,0,0,0,19,137)",
            control: None,
            commons: ok(None, 5001, true, true),
            wireshark: ok(Some("0.0.0.0"), 5001, false, false),
        },
        Row {
            label: "private address, public control, 10/8",
            reply: "227 Entering Passive Mode (10,0,0,5,19,137)",
            control: Some(PUB),
            commons: ok(Some(PUB), 5001, true, true),
            wireshark: ok(Some("10.0.0.5"), 5001, false, false),
        },
        Row {
            label: "public address, other public control",
            reply: "227 Entering Passive Mode (198,51,100,7,19,137)",
            control: Some(PUB),
            commons: ok(Some(PUB), 5001, true, true),
            wireshark: ok(Some("198.51.100.7"), 5001, false, false),
        },
        Row {
            label: "multi-line, numbers on the first line",
            reply: "227-Entering Passive Mode (192,168,1,2,19,137)\n227 OK",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
        Row {
            label: "multi-line, numbers on the last line",
            reply: "227-Hello\n227 Entering Passive Mode (192,168,1,2,19,137)",
            control: Some(PRIV),
            commons: no(line_err("227-Hello"), true),
            wireshark: no(None, true),
        },
        Row {
            label: "digits in the text before the numbers",
            reply: "227 Entering Passive Mode v2 (192,168,1,2,19,137)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 5001, false, false),
            wireshark: ok(Some(PRIV), 5001, false, false),
        },
    ]);
}

#[test]
fn epsv_229_table() {
    let e = |inner: &str| Some(format!("{EPSV_ERR}{inner}"));
    let expert = || Some(EPSV_EXPERT.to_string());
    run(&[
        Row {
            label: "standard",
            reply: "229 Entering Extended Passive Mode (|||6446|)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, false),
            wireshark: ok(Some(PRIV), 6446, false, false),
        },
        Row {
            label: "control unknown",
            reply: "229 Entering Extended Passive Mode (|||6446|)",
            control: None,
            commons: ok(None, 6446, false, false),
            wireshark: ok(None, 6446, false, false),
        },
        Row {
            label: "IPv6 control",
            reply: "229 Entering Extended Passive Mode (|||6446|)",
            control: Some(V6),
            commons: ok(Some(V6), 6446, false, false),
            wireshark: ok(Some(V6), 6446, false, false),
        },
        Row {
            label: "another valid delimiter",
            reply: "229 Entering Extended Passive Mode (!!!6446!)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, false),
            wireshark: ok(Some(PRIV), 6446, false, false),
        },
        Row {
            label: "text after the parenthesis",
            reply: "229 Entering Extended Passive Mode (|||6446|).",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, false),
            wireshark: ok(Some(PRIV), 6446, false, false),
        },
        Row {
            label: "digit as delimiter (invalid under RFC 2428)",
            reply: "229 Entering Extended Passive Mode (1116446 1)",
            control: Some(PRIV),
            // Commons Net accepts any repeated character; parseInt("6446 ") fails on the blank.
            commons: no(e("1116446 1"), false),
            // Not a valid delimiter: the parser starts at '1' and reads 1116446, out of range, stopping at ' '.
            wireshark: no(expert(), false),
        },
        Row {
            label: "letter as delimiter",
            reply: "229 Entering Extended Passive Mode (zzz6446z)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, false),
            // 'z' is printable and not a hex digit: a valid RFC 2428 delimiter.
            wireshark: ok(Some(PRIV), 6446, false, false),
        },
        Row {
            label: "mixed delimiters",
            reply: "229 Entering Extended Passive Mode (|!|6446|)",
            control: Some(PRIV),
            commons: no(e("|!|6446|"), false),
            wireshark: no(expert(), false),
        },
        Row {
            label: "closing delimiter missing",
            reply: "229 Entering Extended Passive Mode (|||6446)",
            control: Some(PRIV),
            commons: no(e("|||6446"), false),
            wireshark: ok(Some(PRIV), 6446, false, true),
        },
        Row {
            label: "closing delimiter differs",
            reply: "229 Entering Extended Passive Mode (|||6446!)",
            control: Some(PRIV),
            commons: no(e("|||6446!"), false),
            wireshark: ok(Some(PRIV), 6446, false, true),
        },
        Row {
            label: "two leading delimiters",
            reply: "229 Entering Extended Passive Mode (||6446|)",
            control: Some(PRIV),
            commons: no(e("||6446|"), false),
            wireshark: ok(Some(PRIV), 6446, false, true),
        },
        Row {
            label: "fields not empty",
            reply: "229 Entering Extended Passive Mode (|1|2|6446|)",
            control: Some(PRIV),
            commons: no(e("|1|2|6446|"), false),
            // Stops after one delimiter and reads the 1.
            wireshark: ok(Some(PRIV), 1, false, true),
        },
        Row {
            label: "no delimiters",
            reply: "229 Entering Extended Passive Mode (6446)",
            control: Some(PRIV),
            commons: no(e("6446"), false),
            wireshark: ok(Some(PRIV), 6446, false, true),
        },
        Row {
            label: "no parentheses",
            reply: "229 Entering Extended Passive Mode |||6446|",
            control: Some(PRIV),
            commons: no(Some(SIOOBE.into()), true),
            wireshark: no(expert(), true),
        },
        Row {
            label: "empty port",
            reply: "229 Entering Extended Passive Mode (||||)",
            control: Some(PRIV),
            commons: no(e("||||"), false),
            // The failed conversion stops at '|' and the 0 it left behind is shown.
            wireshark: ok(Some(PRIV), 0, false, true),
        },
        Row {
            label: "three delimiters only",
            reply: "229 Entering Extended Passive Mode (|||)",
            control: Some(PRIV),
            commons: no(Some(SIOOBE.into()), false),
            wireshark: no(expert(), false),
        },
        Row {
            label: "inner text too short",
            reply: "229 Entering Extended Passive Mode (||)",
            control: Some(PRIV),
            commons: no(Some(SIOOBE.into()), false),
            wireshark: no(expert(), false),
        },
        Row {
            label: "port > 65535",
            reply: "229 Entering Extended Passive Mode (|||70000|)",
            control: Some(PRIV),
            commons: no(Some("port out of range:70000".into()), false),
            // ERANGE leaves 65535, rescued because the conversion stopped at '|'.
            wireshark: ok(Some(PRIV), 65535, false, true),
        },
        Row {
            label: "port > 65535 before ')'",
            reply: "229 Entering Extended Passive Mode (|||70000)",
            control: Some(PRIV),
            commons: no(e("|||70000"), false),
            wireshark: no(expert(), false),
        },
        Row {
            label: "port beyond Java int",
            reply: "229 Entering Extended Passive Mode (|||99999999999|)",
            control: Some(PRIV),
            commons: no(e("|||99999999999|"), false),
            wireshark: ok(Some(PRIV), 65535, false, true),
        },
        Row {
            label: "port 0",
            reply: "229 Entering Extended Passive Mode (|||0|)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 0, false, true),
            wireshark: ok(Some(PRIV), 0, false, true),
        },
        Row {
            label: "signed port",
            reply: "229 Entering Extended Passive Mode (|||+6446|)",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, true),
            wireshark: no(expert(), false),
        },
        Row {
            label: "negative port",
            reply: "229 Entering Extended Passive Mode (|||-1|)",
            control: Some(PRIV),
            commons: no(Some("port out of range:-1".into()), false),
            wireshark: no(expert(), false),
        },
        Row {
            label: "blank before the port",
            reply: "229 Entering Extended Passive Mode (||| 6446|)",
            control: Some(PRIV),
            commons: no(e("||| 6446|"), false),
            wireshark: ok(Some(PRIV), 6446, false, true),
        },
        Row {
            label: "multi-line, port on the first line",
            reply: "229-Entering Extended Passive Mode (|||6446|)\n229 OK",
            control: Some(PRIV),
            commons: ok(Some(PRIV), 6446, false, false),
            wireshark: ok(Some(PRIV), 6446, false, false),
        },
        Row {
            label: "multi-line, port on the last line",
            reply: "229-Hello\n229 Entering Extended Passive Mode (|||6446|)",
            control: Some(PRIV),
            commons: no(Some(SIOOBE.into()), true),
            wireshark: no(expert(), true),
        },
    ]);
}

#[test]
fn wireshark_nat_flag_in_note() {
    let std = "227 Entering Passive Mode (192,168,1,2,19,137)";
    let note = |control: Option<&str>| {
        let readings = interpret(std, control.map(|c| c.parse().unwrap()));
        pick(&readings, "wireshark").note.clone()
    };
    assert!(
        note(Some(PUB)).contains("ftp.passive.nat = True"),
        "{}",
        note(Some(PUB))
    );
    assert!(
        note(Some(PRIV)).contains("ftp.passive.nat is not added"),
        "{}",
        note(Some(PRIV))
    );
    assert!(note(None).contains("unknown here"), "{}", note(None));
    assert!(
        note(Some(V6)).contains("ftp.passive.nat = True"),
        "{}",
        note(Some(V6))
    );
}

#[test]
fn commons_net_notes_name_the_nat_workaround() {
    let readings = interpret(
        "227 Entering Passive Mode (192,168,1,2,19,137)",
        Some(PUB.parse().unwrap()),
    );
    let r = pick(&readings, "commons-net");
    assert!(r.note.contains("ipAddressFromPasvResponse"), "{}", r.note);
    assert!(r.note.contains("NatServerResolverImpl"), "{}", r.note);
}
