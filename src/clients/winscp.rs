//! WinSCP: its FTP engine is an old FileZilla 2.x engine (`source/filezilla/`), with WinSCP's own
//! "Force IP address for passive mode connections" setting (default Auto).
//!
//! Written from the public source, in our own words:
//! - winscp/winscp `source/filezilla/FtpControlSocket.cpp` (stored at commit acb5f146):
//!   `CFtpControlSocket::List` (state `LIST_PORT_PASV`: the parsing of the passive reply for a directory
//!   listing, the first data connection WinSCP opens), `CFtpControlSocket::FileTransfer` (state
//!   `FILETRANSFER_PORTPASV`: the same parsing plus a check for exactly five separators), `OnReceive`
//!   (which line of a multi-line reply is processed), `IsRoutableAddress` and `CheckForcePasvIp`;
//!   the same `IsRoutableAddress`/`CheckForcePasvIp` are in mirror/winscp c1a15781;
//! - `source/core/SessionData.cpp` (`FtpForcePasvIp = asAuto` by default), `source/core/FtpFileSystem.cpp`
//!   (passes it unchanged to the engine) and `TAutoSwitch { asOn, asOff, asAuto }` — so the engine sees 2,
//!   the `default:` (auto) branch of `CheckForcePasvIp`. (The old `FzApiStructures.cpp` defaults
//!   `iForcePasvIp` to -1, which also lands in that branch.)
//!
//! Not read: newer WinSCP releases move this parsing into `CFtpControlSocket::ParsePasvPort` (declared in
//! the current `FtpControlSocket.h`); its body was not available, so this model follows commit acb5f146.
//! Also unverified: how the C runtime WinSCP is built with treats an overflowing `atol` (we saturate, as
//! C runtimes document), and AWS Transfer Family's statement that WinSCP handles a 0.0.0.0 reply (nothing
//! in the source read does).
//!
//! The rules:
//! - Lines: a line of three characters or fewer is dropped. A line with `-` after the code opens a
//!   multi-line reply; the following lines are discarded until one starts with the code and a space, which
//!   is the reply processed. Otherwise the first line is the reply.
//! - The text to read: if the line contains both `(` and `)`, the text between the first `(` and the first
//!   `)`; otherwise, from the first digit after the code to the end of the line; no digit at all: WinSCP
//!   switches to active mode (no message).
//! - 227 (IPv4 control connection): from the end, the text after the last comma is the low port byte, the
//!   text after the comma before it the high byte, each read with `atol` (leading blanks, a sign, digits,
//!   the rest ignored); port = low + 256 × high with no range check; the address is everything before,
//!   commas turned into dots — nothing checks that it has four numbers or that they are at most 255. For a
//!   file transfer (not a listing) the text must contain exactly five separators, or WinSCP switches to
//!   active mode.
//! - Force IP, Auto: if the address is not routable by WinSCP's own rule and the control connection's peer
//!   is, it logs "Server sent passive reply with unroutable address %s, using host address instead." and
//!   connects to the peer. WinSCP's rule is only text prefixes: `127`, `10.`, `192.168`, `169.254`, and
//!   `172.` with a second number 16 to 31 are unroutable; everything else — 0.0.0.0, 100.64/10, a number
//!   above 255, text that is no address at all — is routable.
//! - 229 (IPv6 control connection): of the text read, the first three characters are dropped (whatever
//!   they are — the delimiter is not checked) and the last one too; the rest goes through `atol`. Below 0
//!   or above 65535 is refused with "Port %u not valid"; 0 passes. The host is the server's host name as
//!   configured (we show the control connection's address).

use super::{Reading, Seen};
use std::net::IpAddr;

const NAME: &str = "winscp";
const SOURCE: &str = "winscp/winscp source/filezilla/FtpControlSocket.cpp (CFtpControlSocket::List LIST_PORT_PASV, \
FileTransfer FILETRANSFER_PORTPASV, OnReceive, IsRoutableAddress, CheckForcePasvIp); source/core/SessionData.cpp \
(FtpForcePasvIp = asAuto)";

/// WinSCP keeps at most 2000 bytes of a reply line.
const MAX_LINE: usize = 2000;

pub(super) fn read(seen: &Seen) -> Reading {
    let Some(line) = reply_line(seen.reply) else {
        return refuse(
            "The multi-line reply never ends with a line starting with its code and a space, so WinSCP is still \
             waiting for the end of the reply."
                .to_string(),
            None,
        );
    };
    let multi = if seen.reply.contains('\n') {
        format!(
            " Of the multi-line reply only the line \"{}\" is processed.",
            clip(line)
        )
    } else {
        String::new()
    };
    let Some(text) = text_to_read(line) else {
        return refuse(
            format!(
                "The reply has no parentheses and no digit after the code, so WinSCP switches to active mode \
                 (PORT/EPRT) without a message.{multi}"
            ),
            None,
        );
    };
    match seen.code() {
        Some(229) => epsv(seen, text, &multi),
        _ => pasv(seen, text, &multi),
    }
}

fn refuse(note: String, error: Option<String>) -> Reading {
    Reading::no_endpoint(NAME, SOURCE, error, note)
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `CFtpControlSocket::OnReceive`: the line that is processed as the reply.
fn reply_line(reply: &str) -> Option<&str> {
    let mut end_marker: Option<[u8; 4]> = None;
    for line in reply.split('\n') {
        let line = truncate(line, MAX_LINE);
        let b = line.as_bytes();
        if b.len() <= 3 {
            continue;
        }
        match end_marker {
            Some(m) => {
                if b.len() >= 4 && b[..4] == m {
                    return Some(line);
                }
            }
            None if b[3] == b'-' => end_marker = Some([b[0], b[1], b[2], b' ']),
            None => return Some(line),
        }
    }
    None
}

/// Between the first `(` and the first `)` when both exist (empty if `)` comes first), else from the
/// first digit after the code to the end of the line.
fn text_to_read(line: &str) -> Option<&str> {
    if let (Some(open), Some(close)) = (line.find('('), line.find(')')) {
        return Some(if close > open {
            &line[open + 1..close]
        } else {
            ""
        });
    }
    let after = line.get(4..).unwrap_or("");
    let digit = after.find(|c: char| c.is_ascii_digit())?;
    Some(&after[digit..])
}

/// `atol`: leading blanks, an optional sign, digits; stops at the first other character; 0 if none.
/// Out-of-range values saturate at the 32-bit `long` range (the C runtime's documented overflow result).
fn atol(s: &str) -> i32 {
    let b = s.as_bytes();
    let (negative, digits) = super::c_number(b, 0);
    let mut v: i64 = 0;
    for &c in &b[digits] {
        v = (v * 10 + i64::from(c - b'0')).min(i64::from(i32::MAX) + 1);
    }
    let v = if negative { -v } else { v };
    v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// `CString::ReverseFind(',')` split: (text before, text after); before is empty when there is no comma.
fn split_last_comma(s: &str) -> (&str, &str) {
    match s.rfind(',') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => ("", s),
    }
}

/// `CFtpControlSocket::IsRoutableAddress`: text prefixes only.
fn is_routable(host: &str) -> bool {
    if host.starts_with("127")
        || host.starts_with("10.")
        || host.starts_with("192.168")
        || host.starts_with("169.254")
    {
        return false;
    }
    if host.starts_with("172") {
        let middle = host.get(4..).unwrap_or("");
        let part = match middle.find('.') {
            Some(pos) => atol(&middle[..pos]),
            None => 0,
        };
        if (16..=31).contains(&part) {
            return false;
        }
    }
    true
}

fn pasv(seen: &Seen, text: &str, multi: &str) -> Reading {
    let (rest, low_text) = split_last_comma(text);
    let (host_text, high_text) = split_last_comma(rest);
    let low = atol(low_text);
    let high = atol(high_text);
    // `int` arithmetic, then passed on as an unsigned port (`UINT`).
    let computed = low.wrapping_add(high.wrapping_mul(256));
    let port = u64::from(computed as u32);
    let host = host_text.replace(',', ".");
    let mut note = format!(
        "Reads \"{}\": port {low} + 256×{high} = {computed}, address text \"{host}\".",
        clip(text)
    );
    if !(0..=65535).contains(&computed) {
        note.push_str(" WinSCP does not range-check the port.");
    }
    let numbers: Vec<&str> = host_text.split(',').collect();
    let plain = numbers.len() == 4
        && numbers.iter().all(|n| {
            !n.is_empty()
                && n.bytes().all(|c| c.is_ascii_digit())
                && n.parse::<u32>().is_ok_and(|v| v <= 255)
        });
    if !plain {
        note.push_str(
            " WinSCP does not check that the address is four numbers of at most 255; it connects to this text as \
             it stands (a host name lookup of it fails unless it happens to be an address).",
        );
    }
    if text.replace(',', ".").matches('.').count() != 5 {
        note.push_str(
            " This is the directory listing's reading; for a file transfer WinSCP counts the separators, finds \
             other than five and switches to active mode instead.",
        );
    }
    note.push_str(multi);
    let host_routable = is_routable(&host);
    match seen.control {
        _ if host_routable => {
            note.push_str(
                " The address counts as routable for WinSCP's Auto rule, so WinSCP uses it.",
            );
            if host == "0.0.0.0" {
                note.push_str(
                    " (In the source read, 0.0.0.0 gets no special treatment; AWS Transfer Family's documentation \
                     says WinSCP handles a 0.0.0.0 reply, possibly in a newer release's ParsePasvPort, not read.)",
                );
            }
            Reading::accept(NAME, SOURCE, Some(host), port, false, note)
        }
        Some(peer) if is_routable(&peer.to_string()) => {
            note.push_str(&format!(
                " Force IP is Auto: {host} is not routable but the server's address {peer} is, so WinSCP logs \
                 \"Server sent passive reply with unroutable address {host}, using host address instead.\" and \
                 connects to {peer}."
            ));
            Reading::accept(NAME, SOURCE, Some(peer.to_string()), port, true, note)
        }
        Some(peer) => {
            note.push_str(&format!(
                " Force IP is Auto: {host} is not routable, but neither is the server's address {peer}, so WinSCP \
                 keeps {host}."
            ));
            Reading::accept(NAME, SOURCE, Some(host), port, false, note)
        }
        None => {
            note.push_str(&format!(
                " Force IP is Auto: {host} is not routable. The control address is not known; assuming it is \
                 routable (the usual case over the Internet), WinSCP logs \"Server sent passive reply with \
                 unroutable address {host}, using host address instead.\" and connects to the server's address. \
                 Were that unroutable too, it would keep {host}."
            ));
            Reading::accept(NAME, SOURCE, None, port, true, note)
        }
    }
}

fn epsv(seen: &Seen, text: &str, multi: &str) -> Reading {
    // `temp.Mid(3)`, then all but the last character.
    let inner = text.get(3..).unwrap_or("");
    let inner = match inner.char_indices().next_back() {
        Some((last, _)) => &inner[..last],
        None => "",
    };
    let port = atol(inner);
    let saturated = port == i32::MAX || port == i32::MIN;
    if !(0..=65535).contains(&port) {
        let shown = port as u32;
        return refuse(
            format!(
                "Drops the first three characters of \"{}\" and the last one, reads \"{}\" as {port}: out of range, \
                 WinSCP logs \"Port {shown} not valid\" and the operation fails.{}{multi}",
                clip(text),
                clip(inner),
                if saturated {
                    " (An overflowing number is assumed to saturate in atol, as C runtimes document.)"
                } else {
                    ""
                }
            ),
            Some(format!("Port {shown} not valid")),
        );
    }
    let mut note = format!(
        "Drops the first three characters of \"{}\" and the last one (the delimiters are not checked) and reads \
         \"{}\" as port {port}.",
        clip(text),
        clip(inner)
    );
    if port == 0 {
        note.push_str(" Port 0 is not refused.");
    }
    match seen.control {
        Some(peer) => note.push_str(&format!(
            " It connects to the server's host name as configured, i.e. the control connection's server {peer}."
        )),
        None => note.push_str(" It connects to the server's host name as configured (the control address is not known here)."),
    }
    if let Some(IpAddr::V4(_)) = seen.control {
        note.push_str(
            " (WinSCP itself sends EPSV only on IPv6 control connections; on IPv4 it sends PASV.)",
        );
    }
    note.push_str(multi);
    Reading::accept(
        NAME,
        SOURCE,
        seen.control.map(|c| c.to_string()),
        port as u64,
        false,
        note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routable_rule_is_winscps() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.1.1",
            "172.16.0.1",
            "172.31.9.9",
        ] {
            assert!(!is_routable(s), "{s}");
        }
        for s in [
            "0.0.0.0",
            "100.64.0.1",
            "300.1.2.3",
            "172.32.0.1",
            "010.0.0.1",
            "8.8.8.8",
        ] {
            assert!(is_routable(s), "{s}");
        }
    }

    #[test]
    fn atol_like_c() {
        assert_eq!(atol(" 80"), 80);
        assert_eq!(atol("6."), 6);
        assert_eq!(atol("x"), 0);
        assert_eq!(atol("-5"), -5);
        assert_eq!(atol("99999999999"), i32::MAX);
    }
}
