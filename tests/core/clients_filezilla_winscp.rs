//! Table tests for the FileZilla and WinSCP models (`src/clients/filezilla.rs`, `src/clients/winscp.rs`):
//! accepted, address, port, replaced, error text and `differs` for each case.

use ftp_explorer::clients::{interpret, Reading};
use std::net::IpAddr;

/// A public control peer, a private one.
const PUB: &str = "203.0.113.10";
const PRIV: &str = "192.168.1.1";

/// What one client should make of a reply.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Accepted: ip (None = the unknown control address), port, replaced, differs.
    Ok(Option<&'static str>, u64, bool, bool),
    /// Rejected: the client's own error text (None: it logs none), differs.
    No(Option<&'static str>, bool),
}
use Want::{No, Ok};

struct Case {
    what: &'static str,
    reply: &'static str,
    control: Option<&'static str>,
    filezilla: Want,
    winscp: Want,
}

fn reading(reply: &str, control: Option<IpAddr>, name: &str) -> Reading {
    interpret(reply, control)
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name} reading for {reply:?}"))
}

fn check(case: &Case, name: &str, want: Want) {
    let control = case.control.map(|c| c.parse::<IpAddr>().unwrap());
    let r = reading(case.reply, control, name);
    let ctx = format!("{name}, {}: {:?} → {r:#?}", case.what, case.reply);
    match want {
        Ok(ip, port, replaced, differs) => {
            assert!(r.accepted, "{ctx}");
            assert_eq!(r.ip.as_deref(), ip, "{ctx}");
            assert_eq!(r.port, Some(port), "{ctx}");
            assert_eq!(r.replaced, replaced, "{ctx}");
            assert_eq!(r.error, None, "{ctx}");
            assert_eq!(r.differs, differs, "{ctx}");
        }
        No(error, differs) => {
            assert!(!r.accepted, "{ctx}");
            assert_eq!(r.ip, None, "{ctx}");
            assert_eq!(r.port, None, "{ctx}");
            assert!(!r.replaced, "{ctx}");
            assert_eq!(r.error.as_deref(), error, "{ctx}");
            assert_eq!(r.differs, differs, "{ctx}");
        }
    }
    assert!(!r.note.is_empty(), "{ctx}");
    assert!(!r.source.is_empty() && r.source != "stub", "{ctx}");
}

const CASES: &[Case] = &[
    // --- 227: the shapes of the text -----------------------------------------------------------
    Case {
        what: "standard 227",
        reply: "227 Entering Passive Mode (198,51,100,20,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some("198.51.100.20"), 50000, false, false),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    Case {
        what: "no parentheses",
        reply: "227 Entering Passive Mode 198,51,100,20,195,80",
        control: Some(PUB),
        filezilla: Ok(Some("198.51.100.20"), 50000, false, false),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    Case {
        what: "text after the parenthesis (vsftpd's \").\")",
        reply: "227 Entering Passive Mode (198,51,100,20,195,80).",
        control: Some(PUB),
        filezilla: Ok(Some("198.51.100.20"), 50000, false, false),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    Case {
        // FileZilla's regular expression must end at a blank, ')' or the end of the line; WinSCP reads
        // "80." with atol in a listing.
        what: "no parentheses, full stop after the numbers",
        reply: "227 Entering Passive Mode 198,51,100,20,195,80.",
        control: Some(PUB),
        filezilla: No(None, true),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    Case {
        what: "blanks after the commas",
        reply: "227 Entering Passive Mode (198, 51, 100, 20, 195, 80)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("198. 51. 100. 20"), 50000, false, true),
    },
    Case {
        what: "leading zeros",
        reply: "227 Entering Passive Mode (198,051,100,020,195,080)",
        control: Some(PUB),
        filezilla: Ok(Some("198.051.100.020"), 50000, false, true),
        winscp: Ok(Some("198.051.100.020"), 50000, false, true),
    },
    Case {
        // Text prefixes: "010." is not "10.", so both count it as routable.
        what: "leading zeros hide 10/8 from both routable rules",
        reply: "227 Entering Passive Mode (010,001,002,003,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some("010.001.002.003"), 50000, false, true),
        winscp: Ok(Some("010.001.002.003"), 50000, false, true),
    },
    Case {
        what: "leading zeros on a 192.168 address",
        reply: "227 Entering Passive Mode (192,168,001,010,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some(PUB), 50000, true, true),
    },
    Case {
        what: "more than three significant digits",
        reply: "227 Entering Passive Mode (1198,51,100,20,195,80)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("1198.51.100.20"), 50000, false, true),
    },
    Case {
        // FileZilla: no valid address, so unroutable, and the public peer replaces it. WinSCP: a text prefix
        // rule, "300..." is routable.
        what: "address number above 255",
        reply: "227 Entering Passive Mode (300,51,100,20,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some("300.51.100.20"), 50000, false, true),
    },
    Case {
        what: "port byte above 255",
        reply: "227 Entering Passive Mode (198,51,100,20,256,80)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("198.51.100.20"), 65616, false, true),
    },
    Case {
        what: "low port byte above 255",
        reply: "227 Entering Passive Mode (198,51,100,20,195,999)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("198.51.100.20"), 50919, false, true),
    },
    Case {
        // FileZilla: the regular expression needs a blank, ')' or the end after the sixth number. WinSCP's
        // listing takes the last two as the port and everything before as the address.
        what: "seven numbers",
        reply: "227 Entering Passive Mode (198,51,100,20,195,80,1)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("198.51.100.20.195"), 20481, false, true),
    },
    Case {
        what: "five numbers",
        reply: "227 Entering Passive Mode (198,51,100,195,80)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some("198.51.100"), 50000, false, true),
    },
    Case {
        what: "port 0",
        reply: "227 Entering Passive Mode (198,51,100,20,0,0)",
        control: Some(PUB),
        filezilla: Ok(Some("198.51.100.20"), 0, false, true),
        winscp: Ok(Some("198.51.100.20"), 0, false, true),
    },
    Case {
        what: "no numbers at all",
        reply: "227 Entering Passive Mode",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: No(None, false),
    },
    // --- multi-line 227: only the final line counts ----------------------------------------------
    Case {
        what: "multi-line 227, numbers on the first line only",
        reply: "227-Entering Passive Mode (198,51,100,20,195,80)\n227 OK",
        control: Some(PUB),
        filezilla: No(None, true),
        winscp: No(None, true),
    },
    Case {
        what: "multi-line 227, numbers on the final line",
        reply: "227-Here it comes\n227 Entering Passive Mode (198,51,100,20,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some("198.51.100.20"), 50000, false, false),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    // --- the address: routable or not ------------------------------------------------------------
    Case {
        what: "0.0.0.0 with a public control peer",
        reply: "227 Entering Passive Mode (0,0,0,0,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some("0.0.0.0"), 50000, false, false),
    },
    Case {
        what: "private address, public control peer",
        reply: "227 Entering Passive Mode (192,168,1,10,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some(PUB), 50000, true, true),
    },
    Case {
        what: "172.16/12 address, public control peer",
        reply: "227 Entering Passive Mode (172,20,1,1,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some(PUB), 50000, true, true),
    },
    Case {
        what: "172.32 is outside 172.16/12",
        reply: "227 Entering Passive Mode (172,32,1,1,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some("172.32.1.1"), 50000, false, false),
        winscp: Ok(Some("172.32.1.1"), 50000, false, false),
    },
    Case {
        what: "loopback address, public control peer",
        reply: "227 Entering Passive Mode (127,0,0,1,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, true, true),
        winscp: Ok(Some(PUB), 50000, true, true),
    },
    Case {
        what: "private address, private control peer",
        reply: "227 Entering Passive Mode (192,168,1,10,195,80)",
        control: Some(PRIV),
        filezilla: Ok(Some("192.168.1.10"), 50000, false, false),
        winscp: Ok(Some("192.168.1.10"), 50000, false, false),
    },
    Case {
        what: "CGNAT 100.64/10 address, public control peer",
        reply: "227 Entering Passive Mode (100,64,1,10,195,80)",
        control: Some(PUB),
        filezilla: Ok(Some("100.64.1.10"), 50000, false, false),
        winscp: Ok(Some("100.64.1.10"), 50000, false, false),
    },
    Case {
        what: "public address, control unknown",
        reply: "227 Entering Passive Mode (198,51,100,20,195,80)",
        control: None,
        filezilla: Ok(Some("198.51.100.20"), 50000, false, false),
        winscp: Ok(Some("198.51.100.20"), 50000, false, false),
    },
    Case {
        // Assumed: the unknown control address is routable, so both use it.
        what: "private address, control unknown",
        reply: "227 Entering Passive Mode (192,168,1,10,195,80)",
        control: None,
        filezilla: Ok(None, 50000, true, true),
        winscp: Ok(None, 50000, true, true),
    },
    // --- 229 ---------------------------------------------------------------------------------------
    Case {
        what: "standard 229",
        reply: "229 Entering Extended Passive Mode (|||50000|)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, false, false),
        winscp: Ok(Some(PUB), 50000, false, false),
    },
    Case {
        what: "229, control unknown",
        reply: "229 Entering Extended Passive Mode (|||50000|)",
        control: None,
        filezilla: Ok(None, 50000, false, false),
        winscp: Ok(None, 50000, false, false),
    },
    Case {
        what: "229, IPv6 control peer",
        reply: "229 Entering Extended Passive Mode (|||50000|)",
        control: Some("2001:db8::7"),
        filezilla: Ok(Some("2001:db8::7"), 50000, false, false),
        winscp: Ok(Some("2001:db8::7"), 50000, false, false),
    },
    Case {
        what: "229, text after the parenthesis",
        reply: "229 Entering Extended Passive Mode (|||50000|).",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, false, false),
        winscp: Ok(Some(PUB), 50000, false, false),
    },
    Case {
        what: "229, another delimiter (!)",
        reply: "229 Entering Extended Passive Mode (!!!50000!)",
        control: Some(PUB),
        filezilla: No(None, true),
        winscp: Ok(Some(PUB), 50000, false, false),
    },
    Case {
        what: "229, mixed delimiters",
        reply: "229 Entering Extended Passive Mode (|!|50000|)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some(PUB), 50000, false, true),
    },
    Case {
        what: "229, protocol and address fields filled",
        reply: "229 Entering Extended Passive Mode (|1|198.51.100.20|50000|)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some(PUB), 198, false, true),
    },
    Case {
        what: "229, closing delimiter missing",
        reply: "229 Entering Extended Passive Mode (|||50000)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some(PUB), 5000, false, true),
    },
    Case {
        what: "229 without parentheses",
        reply: "229 Entering Extended Passive Mode |||50000|",
        control: Some(PUB),
        filezilla: No(None, true),
        winscp: Ok(Some(PUB), 0, false, true),
    },
    Case {
        what: "229, empty port",
        reply: "229 Entering Extended Passive Mode (||||)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some(PUB), 0, false, true),
    },
    Case {
        what: "229, port above 65535",
        reply: "229 Entering Extended Passive Mode (|||70000|)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: No(Some("Port 70000 not valid"), false),
    },
    Case {
        what: "229, port 0",
        reply: "229 Entering Extended Passive Mode (|||0|)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: Ok(Some(PUB), 0, false, true),
    },
    Case {
        what: "229, negative port",
        reply: "229 Entering Extended Passive Mode (|||-1|)",
        control: Some(PUB),
        filezilla: No(None, false),
        winscp: No(Some("Port 4294967295 not valid"), false),
    },
    Case {
        // fz::to_integral<unsigned int> wraps at 2^32; atol saturates.
        what: "229, port that overflows 32 bits",
        reply: "229 Entering Extended Passive Mode (|||4294967297|)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 1, false, true),
        winscp: No(Some("Port 2147483647 not valid"), false),
    },
    Case {
        what: "229, signed port",
        reply: "229 Entering Extended Passive Mode (|||+50000|)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, false, true),
        winscp: Ok(Some(PUB), 50000, false, true),
    },
    Case {
        what: "multi-line 229, port on the final line",
        reply: "229-Extended passive\n229 Entering Extended Passive Mode (|||50000|)",
        control: Some(PUB),
        filezilla: Ok(Some(PUB), 50000, false, false),
        winscp: Ok(Some(PUB), 50000, false, false),
    },
];

#[test]
fn filezilla_table() {
    for case in CASES {
        check(case, "filezilla", case.filezilla);
    }
}

#[test]
fn winscp_table() {
    for case in CASES {
        check(case, "winscp", case.winscp);
    }
}

#[test]
fn substitution_notes_quote_the_clients_log_lines() {
    let public: IpAddr = PUB.parse().unwrap();
    let reply = "227 Entering Passive Mode (192,168,1,10,195,80)";
    let fz = reading(reply, Some(public), "filezilla");
    assert!(
        fz.note.contains(
            "Server sent passive reply with unroutable address. Using server address instead."
        ),
        "{}",
        fz.note
    );
    let ws = reading(reply, Some(public), "winscp");
    assert!(
        ws.note.contains("Server sent passive reply with unroutable address 192.168.1.10, using host address instead."),
        "{}",
        ws.note
    );
}

#[test]
fn only_the_final_line_of_a_multi_line_reply_is_named() {
    let public: IpAddr = PUB.parse().unwrap();
    for name in ["filezilla", "winscp"] {
        let r = reading(
            "227-Entering Passive Mode (198,51,100,20,195,80)\n227 OK",
            Some(public),
            name,
        );
        assert!(r.note.contains("\"227 OK\""), "{name}: {}", r.note);
    }
}

#[test]
fn winscp_file_transfers_need_six_numbers() {
    let public: IpAddr = PUB.parse().unwrap();
    let r = reading(
        "227 Entering Passive Mode (198,51,100,20,195,80,1)",
        Some(public),
        "winscp",
    );
    assert!(r.note.contains("file transfer"), "{}", r.note);
    let r = reading(
        "227 Entering Passive Mode (198,51,100,20,195,80)",
        Some(public),
        "winscp",
    );
    assert!(!r.note.contains("file transfer"), "{}", r.note);
}

#[test]
fn filezilla_ipv6_peers_follow_libfilezilla() {
    // A private 227 address with a link-local or ULA control peer: the peer is not routable either.
    for peer in ["fe80::1", "fd00::1", "::1"] {
        let r = reading(
            "227 Entering Passive Mode (10,0,0,5,195,80)",
            Some(peer.parse().unwrap()),
            "filezilla",
        );
        assert_eq!(r.ip.as_deref(), Some("10.0.0.5"), "{peer}");
        assert!(!r.replaced, "{peer}");
    }
    let r = reading(
        "227 Entering Passive Mode (10,0,0,5,195,80)",
        Some("2001:db8::1".parse().unwrap()),
        "filezilla",
    );
    assert_eq!(r.ip.as_deref(), Some("2001:db8::1"));
    assert!(r.replaced);
}
