//! Python's ftplib (CPython 3.12+) reading a 227 or 229 reply.
//!
//! Written from CPython's public source, `Lib/ftplib.py` (main branch; the same code in 3.9–3.13):
//! `FTP.getline`, `FTP.getmultiline`, `FTP.getresp`, `FTP.makepasv`, `FTP.ntransfercmd`, `parse227`,
//! `parse229`, and the `trust_server_pasv_ipv4_address = False` class attribute added by the fix for
//! bpo-43285 (CPython 3.6.14, 3.7.11, 3.8.9, 3.9.3, 3.10). Checked against the real ftplib of Python 3.11.7,
//! see `tests/fixtures/clients/curl_ftplib/observed.json`. The rules, in our words:
//!
//! - Which text. `getmultiline` returns the first line and, when its fourth character is '-', every
//!   following line up to and including the first one that starts with the same code and has no '-'
//!   there, joined with '\n'. The parsers search that whole text (the code included), so numbers on the
//!   first line of a multi-line reply count. A line longer than 8192 characters raises
//!   `Error("got more than 8192 bytes")`.
//! - Which command. `makepasv` sends PASV when the control connection is IPv4 and EPSV when it is IPv6.
//!   A reply with the other code fails with `error_reply` (the reply text).
//! - 227 (`parse227`): the first match of six `\d+` groups separated by bare commas anywhere in the
//!   text; no range check. Host = the four groups joined with dots as written, port = (p1 << 8) + p2,
//!   which can exceed 65535. Nothing found: `error_proto` (the reply text). By default
//!   (`trust_server_pasv_ipv4_address = False`) the host is replaced by the control connection's peer.
//! - 229 (`parse229`): first '(' and the first ')' after it (both needed), the characters just inside
//!   them must be equal, splitting the inside on that character must give exactly 5 parts; the port is
//!   `int()` of the fourth part (which takes blanks around it, a sign and '_' between digits; anything
//!   else is a `ValueError`). The host is always the control connection's peer. Any failure of the
//!   shape: `error_proto` (the reply text).
//! - Connecting: `socket.create_connection` passes the port to getaddrinfo as a decimal string; glibc
//!   keeps its low 16 bits, so a port above 65535 connects to port mod 65536 (observed), and a negative
//!   one fails with `socket.gaierror: [Errno -8] Servname not supported for ai_socktype`.

use super::{Reading, Seen};
use std::net::IpAddr;

const NAME: &str = "python-ftplib";
const SOURCE: &str = "CPython Lib/ftplib.py (main, 3.12+): getmultiline, makepasv, parse227, parse229, trust_server_pasv_ipv4_address (bpo-43285)";

pub(super) fn read(seen: &Seen) -> Reading {
    let lines: Vec<&str> = seen.reply.split('\n').collect();
    if lines.iter().any(|l| l.chars().count() + 2 > 8192) {
        return Reading::reject(
            NAME,
            SOURCE,
            "ftplib.Error: got more than 8192 bytes",
            "ftplib reads at most 8192 characters a line (FTP.maxline).",
        );
    }
    // getmultiline
    let first = lines[0];
    let mut taken = 1;
    let mut left_over = String::new();
    if first.chars().nth(3) == Some('-') {
        let code: String = first.chars().take(3).collect();
        match lines[1..].iter().position(|l| l.chars().take(3).collect::<String>() == code && l.chars().nth(3) != Some('-')) {
            Some(i) => taken = i + 2,
            None => {
                return Reading::reject(
                    NAME,
                    SOURCE,
                    "TimeoutError: timed out",
                    format!("The reply starts as a multi-line reply ('{code}-') but no line ends it ('{code}' without '-'): ftplib keeps reading until its timeout (forever without one)."),
                )
            }
        }
    }
    if taken < lines.len() {
        left_over = format!(
            " ftplib's reply ends at line {taken}; the {} line(s) after it are read as the answer to the next command.",
            lines.len() - taken
        );
    }
    let resp = lines[..taken].join("\n");
    // makepasv: PASV on an IPv4 control connection, EPSV on IPv6. The reply's code says which was sent.
    let mismatch = match (seen.code(), seen.control) {
        (Some(229), Some(IpAddr::V4(_))) | (Some(229), None) => " ftplib sends EPSV only on an IPv6 control connection; over IPv4 it sends PASV, and a 229 answer to PASV fails with error_reply.",
        (Some(227), Some(IpAddr::V6(_))) => " ftplib sends PASV only on an IPv4 control connection; over IPv6 it sends EPSV, and a 227 answer to EPSV fails with error_reply.",
        _ => "",
    };
    let more = format!("{left_over}{mismatch}");
    if resp.starts_with("229") {
        parse229(&resp, seen.control, &more)
    } else {
        parse227(&resp, seen.control, &more)
    }
}

fn proto(resp: &str, why: &str, more: &str) -> Reading {
    Reading::reject(
        NAME,
        SOURCE,
        format!("ftplib.error_proto: {resp}"),
        format!("{why}{more}"),
    )
}

/// The first match of `(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)` (re.ASCII): the digit strings.
fn six_groups(b: &[u8]) -> Option<[&[u8]; 6]> {
    'start: for start in 0..b.len() {
        let mut out: [&[u8]; 6] = [&[]; 6];
        let mut i = start;
        for (n, slot) in out.iter_mut().enumerate() {
            if n > 0 {
                if b.get(i) != Some(&b',') {
                    continue 'start;
                }
                i += 1;
            }
            let len = b[i.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if len == 0 {
                continue 'start;
            }
            *slot = &b[i..i + len];
            i += len;
        }
        return Some(out);
    }
    None
}

/// The six numbers ftplib's `parse227` reads from a reply, if any (no range check): also used by the
/// decoder's error note (`clients::lenient`).
pub(crate) fn scan227(text: &str) -> Option<[u64; 6]> {
    six_groups(text.as_bytes()).map(|g| g.map(value))
}

fn value(d: &[u8]) -> u64 {
    d.iter().fold(0u64, |v, c| {
        v.saturating_mul(10).saturating_add(u64::from(c - b'0'))
    })
}

fn parse227(resp: &str, control: Option<IpAddr>, more: &str) -> Reading {
    let Some(g) = six_groups(resp.as_bytes()) else {
        return proto(resp, "parse227 found no six comma-separated numbers (blanks after the commas are not allowed).", more);
    };
    let text = |d: &[u8]| String::from_utf8_lossy(d).into_owned();
    let host = format!(
        "{}.{}.{}.{}",
        text(g[0]),
        text(g[1]),
        text(g[2]),
        text(g[3])
    );
    let nums: Vec<u64> = g.iter().map(|d| value(d)).collect();
    let canonical = format!("{}.{}.{}.{}", nums[0], nums[1], nums[2], nums[3]);
    let port = nums[4].saturating_mul(256).saturating_add(nums[5]);
    let mut note = String::new();
    if let Some(caveat) = port_caveat(port) {
        note.push_str(&caveat);
        note.push(' ');
    }
    let (ip, replaced) = match control {
        Some(c) => {
            let c = c.to_string();
            let replaced = c != canonical;
            if replaced {
                note.push_str(&format!(
                    "ftplib ignores the advertised {host} and connects to the control connection's peer {c} (trust_server_pasv_ipv4_address = False, the default since the bpo-43285 fix of 2021); with it set to True, and before that fix, it connects to '{host}'."
                ));
            } else {
                note.push_str(&format!("ftplib connects to the control connection's peer (trust_server_pasv_ipv4_address = False, the default since the bpo-43285 fix), which is also the advertised address; with it set to True it connects to '{host}'."));
            }
            (Some(c), replaced)
        }
        None => {
            note.push_str(&format!(
                "ftplib ignores the advertised {host} and connects to the control connection's peer, unknown here (trust_server_pasv_ipv4_address = False, the default since the bpo-43285 fix of 2021); with it set to True, and before that fix, it connects to '{host}'."
            ));
            (None, true)
        }
    };
    if nums[..4].iter().any(|&n| n > 255) {
        note.push_str(&format!(" ('{host}' is no valid address: with trust_server_pasv_ipv4_address = True the lookup fails with socket.gaierror.)"));
    }
    note.push_str(more);
    Reading::accept(NAME, SOURCE, ip, port, replaced, note)
}

fn parse229(resp: &str, control: Option<IpAddr>, more: &str) -> Reading {
    let chars: Vec<char> = resp.chars().collect();
    let Some(left) = chars.iter().position(|&c| c == '(') else {
        return proto(resp, "parse229 needs a '('.", more);
    };
    let Some(right) = chars[left + 1..]
        .iter()
        .position(|&c| c == ')')
        .map(|i| i + left + 1)
    else {
        return proto(resp, "parse229 needs a ')' after the '('.", more);
    };
    let delim = chars[left + 1];
    if delim != chars[right - 1] {
        return proto(
            resp,
            "parse229 needs the same character just inside '(' and ')'.",
            more,
        );
    }
    let inside: String = chars[left + 1..right].iter().collect();
    let parts: Vec<&str> = inside.split(delim).collect();
    if parts.len() != 5 {
        return proto(
            resp,
            &format!("Split on '{delim}', the text between the parentheses must give exactly 5 parts (it gives {}).", parts.len()),
            more,
        );
    }
    let field = parts[3];
    let port = match python_int(field) {
        Some(p) => p,
        None => {
            return Reading::reject(
                NAME,
                SOURCE,
                format!("ValueError: invalid literal for int() with base 10: {}", python_repr(field)),
                format!("parse229 converts the port with int(), which raises; ftplib does not catch it.{more}"),
            )
        }
    };
    if port < 0 {
        return Reading::reject(
            NAME,
            SOURCE,
            "socket.gaierror: [Errno -8] Servname not supported for ai_socktype",
            format!("int() gives the negative port {port}; the connection attempt fails (glibc's getaddrinfo).{more}"),
        );
    }
    let port = port as u64;
    let mut note =
        String::from("ftplib connects to the control connection's peer on the EPSV port");
    match control {
        Some(c) => note.push_str(&format!(" ({c})")),
        None => note.push_str(" (unknown here)"),
    }
    note.push('.');
    if delim != '|' {
        note.push_str(&format!(" Any delimiter is accepted, here '{delim}'."));
    }
    if !parts[1].is_empty() || !parts[2].is_empty() {
        note.push_str(" The protocol and address fields are ignored.");
    }
    if field.trim() != field || field.contains(['+', '_']) {
        note.push_str(&format!(" int() accepts '{field}'."));
    }
    if let Some(caveat) = port_caveat(port) {
        note.push(' ');
        note.push_str(&caveat);
    }
    note.push_str(more);
    Reading::accept(
        NAME,
        SOURCE,
        control.map(|c| c.to_string()),
        port,
        false,
        note,
    )
}

/// Python's `int(s)` for base 10 on ASCII input: blanks around, an optional sign, digits with single
/// underscores between them. Saturates instead of growing without bound. (Python also takes non-ASCII
/// decimal digits and Unicode blanks; not modelled.)
/// What happens to a port ftplib computes without a range check (227 and 229 alike), if anything.
fn port_caveat(port: u64) -> Option<String> {
    match port {
        0 => Some("Port 0: the connection fails (ConnectionRefusedError).".to_string()),
        p if p > 0xffff => Some(format!(
            "No range check: port {p} is above 65535; on Linux (glibc getaddrinfo) the connection goes to port {} (the low 16 bits), elsewhere it may fail.",
            p & 0xffff
        )),
        _ => None,
    }
}

fn python_int(s: &str) -> Option<i128> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b' || c == '\x0c');
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let b = digits.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    let mut v: i128 = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => v = v.saturating_mul(10).saturating_add(i128::from(c - b'0')),
            b'_' if b[i + 1] != b'_' => {}
            _ => return None,
        }
    }
    Some(if neg { -v } else { v })
}

/// Python's repr of a str, for the plain cases (single quotes unless the text holds one).
fn python_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}
