//! FileZilla (current 3.x engine): how it reads a 227 or 229 reply and where it connects.
//!
//! Written from the public source, in our own words:
//! - FileZilla 3 engine `src/engine/ftp/rawtransfer.cpp` (read in the mirror FreezeTwist/FileZilla-noupdate
//!   at commit bce296e7, identical in this part to rain-1/filezilla-ng at 23ee5d32):
//!   `CFtpRawTransferOpData::ParsePasvResponse`, `ParseEpsvResponse`, `ParseResponse` (what happens when
//!   parsing fails) and `GetPassiveCommand` (PASV on IPv4, EPSV on IPv6 control connections);
//! - `src/engine/ftp/ftpcontrolsocket.cpp` (same commit): `CFtpControlSocket::ParseLine` (which line of a
//!   multi-line reply becomes `m_Response`);
//! - the engine option table (`"Pasv reply fallback mode"` default 0, `"Allow transfermode fallback"`
//!   default on);
//! - libfilezilla `lib/iputils.cpp` (jasonbrianhall/libfilezilla 5a63f8a8, dhvssigrun/lfz 53c4e024,
//!   williamxin/libfilezilla 6376f7de agree): `is_routable_address`, `get_address_type`;
//! - libfilezilla `lib/libfilezilla/string.hpp`: `to_integral` (optional sign, digits only, unsigned
//!   arithmetic that wraps, 0 on anything else).
//!
//! The rules:
//! - Lines: a line of three characters or fewer is ignored. A line with `-` after the code opens a
//!   multi-line reply, which ends at the first line starting with the code and a space; only that final
//!   line is parsed (the text before it is only logged). Otherwise the first line is the reply.
//! - 227 (`ParsePasvResponse`): the regular expression `( |\()(N,N,N,N,N,N)( |\)|$)` with
//!   `N = 0*[0-9]{1,3}` is searched in the whole line, the leftmost match wins. So the six numbers must be
//!   preceded by a blank or `(` and followed by a blank, `)` or the end of the line; no blanks around the
//!   commas; any number of leading zeros but at most three other digits; a seventh number breaks the
//!   match. The last two numbers are the port bytes, each must be at most 255; nothing else is checked
//!   (port 0 and address numbers above 255 pass). The address is the first four numbers joined with dots,
//!   verbatim (leading zeros kept).
//! - Unroutable address: if the advertised address is not routable (by libfilezilla's own rule, below) and
//!   the control connection's peer is, FileZilla logs "Server sent passive reply with unroutable address.
//!   Using server address instead." and connects to the peer (default "Pasv reply fallback mode" 0; mode 1
//!   fails passive mode instead, mode 2 always uses the peer).
//! - libfilezilla's routable rule for IPv4 text: not routable when it is no valid dotted quad (a number
//!   above 255, a first number 0 — so 0.0.0.0 —, not four numbers), or when the text starts with `127`,
//!   `10.`, `192.168` or `169.254`, or starts with `172` and the second number is 16 to 31. These are
//!   text prefixes, so `010.0.0.1` counts as routable. Everything else is routable, including 100.64/10
//!   (CGNAT), 198.18/15, 240/4, multicast and the documentation ranges. IPv6: `::`, `::1`, fe80::/10 and
//!   fc00::/7 are not routable; `::ffff:a.b.c.d` follows the IPv4 rule; everything else is routable.
//! - 229 (`ParseEpsvResponse`): the text must contain `(|||`, then `|)` with at least one character in
//!   between: only `|` is accepted as the delimiter and the address fields must be empty. The port text
//!   goes through `to_integral<unsigned int>` (a sign is accepted, anything but digits gives 0, overflow
//!   wraps at 2^32); 0 or above 65535 is refused. The host is the control connection's peer.
//! - A reply it cannot parse makes FileZilla log nothing of its own; with the default "Allow fallback to
//!   other transfer mode" it retries the transfer in active mode.

use super::{Reading, Seen};
use std::net::IpAddr;

const NAME: &str = "filezilla";
const SOURCE: &str =
    "FileZilla 3 src/engine/ftp/rawtransfer.cpp (CFtpRawTransferOpData::ParsePasvResponse, \
ParseEpsvResponse), src/engine/ftp/ftpcontrolsocket.cpp (ParseLine); libfilezilla lib/iputils.cpp \
(is_routable_address, get_address_type)";

const UNROUTABLE_LOG: &str =
    "Server sent passive reply with unroutable address. Using server address instead.";
const FALLBACK: &str =
    " FileZilla logs no error of its own for this; with the default \"Allow fallback to other \
transfer mode\" it retries the transfer in active mode (PORT/EPRT).";

pub(super) fn read(seen: &Seen) -> Reading {
    let Some(line) = response_line(seen.reply) else {
        return refuse(
            "The multi-line reply never ends with a line starting with its code and a space, so FileZilla is \
             still waiting for the end of the reply."
                .to_string(),
        );
    };
    let multi = if seen.reply.contains('\n') {
        format!(
            " Of the multi-line reply only the line \"{}\" is parsed.",
            clip(line)
        )
    } else {
        String::new()
    };
    match seen.code() {
        Some(229) => epsv(seen, line, &multi),
        _ => pasv(seen, line, &multi),
    }
}

/// A refusal: FileZilla has no error text of its own for an unparsable passive reply.
fn refuse(note: String) -> Reading {
    Reading::no_endpoint(NAME, SOURCE, None, note)
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `CFtpControlSocket::ParseLine`: the line that becomes `m_Response`.
fn response_line(reply: &str) -> Option<&str> {
    let mut end_marker: Option<[u8; 4]> = None;
    for line in reply.split('\n') {
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

/// The regular expression's number: a maximal run of digits with at most three digits after its leading
/// zeros (all zeros is fine). Returns the run's length.
fn number_run(b: &[u8]) -> Option<usize> {
    let len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if len == 0 {
        return None;
    }
    let zeros = b[..len].iter().take_while(|&&c| c == b'0').count();
    (len - zeros <= 3).then_some(len)
}

/// `std::regex_search` with `( |\()(N,N,N,N,N,N)( |\)|$)`: the six number texts of the leftmost match.
fn six_numbers(line: &str) -> Option<[&str; 6]> {
    let b = line.as_bytes();
    'start: for (i, &c) in b.iter().enumerate() {
        if c != b' ' && c != b'(' {
            continue;
        }
        let mut pos = i + 1;
        let mut out = [""; 6];
        for (k, slot) in out.iter_mut().enumerate() {
            if k > 0 {
                if b.get(pos) != Some(&b',') {
                    continue 'start;
                }
                pos += 1;
            }
            let Some(len) = number_run(&b[pos.min(b.len())..]) else {
                continue 'start;
            };
            *slot = &line[pos..pos + len];
            pos += len;
        }
        if matches!(b.get(pos), None | Some(b' ') | Some(b')')) {
            return Some(out);
        }
    }
    None
}

/// `fz::to_integral<unsigned int>`: optional sign, then digits only (else 0); unsigned arithmetic wraps.
fn to_integral_u32(s: &str) -> u32 {
    let b = s.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return 0;
    }
    let v = digits.iter().fold(0u32, |v, &c| {
        v.wrapping_mul(10).wrapping_add(u32::from(c - b'0'))
    });
    if negative {
        v.wrapping_neg()
    } else {
        v
    }
}

/// libfilezilla `get_address_type(...) == ipv4` for text made of digits and dots.
fn is_ipv4_text(s: &str) -> bool {
    let mut segment: u32 = 0;
    let mut dots = 0;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'.' {
            if b.get(i + 1) == Some(&b'.') || segment > 255 || (dots == 0 && segment == 0) {
                return false;
            }
            dots += 1;
            segment = 0;
        } else if c.is_ascii_digit() {
            segment = (segment * 10 + u32::from(c - b'0')).min(1000);
        } else {
            return false;
        }
    }
    dots == 3 && segment <= 255
}

/// libfilezilla `is_routable_address` for IPv4 text (text prefixes, as the library compares them).
fn routable_v4_text(s: &str) -> bool {
    if !is_ipv4_text(s) || s.len() < 7 {
        return false;
    }
    if s.starts_with("127")
        || s.starts_with("10.")
        || s.starts_with("192.168")
        || s.starts_with("169.254")
    {
        return false;
    }
    if s.starts_with("172") {
        let middle = &s[4..];
        let Some(pos) = middle.find('.').filter(|&p| p <= 3) else {
            return false;
        };
        let second = to_integral_u32(&middle[..pos]) & 0xFF;
        if (16..=31).contains(&second) {
            return false;
        }
    }
    true
}

/// libfilezilla `is_routable_address` for the control connection's peer.
fn routable_peer(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => routable_v4_text(&v4.to_string()),
        IpAddr::V6(v6) => {
            let seg = v6.segments();
            if v6.is_unspecified() || v6.is_loopback() {
                return false;
            }
            if let Some(v4) = v6.to_ipv4_mapped() {
                return routable_v4_text(&v4.to_string());
            }
            let first = seg[0];
            if first >> 8 == 0xfe {
                // fe80::/10: the third hex digit is 8 to b.
                return (first >> 4) & 0xc != 0x8;
            }
            !(first >> 8 == 0xfc || first >> 8 == 0xfd)
        }
    }
}

fn pasv(seen: &Seen, line: &str, multi: &str) -> Reading {
    let Some(n) = six_numbers(line) else {
        return refuse(format!(
            "ParsePasvResponse finds no six comma-separated numbers (at most three digits after leading zeros, \
             no blanks) preceded by a blank or \"(\" and followed by a blank, \")\" or the end of the line.{multi}{FALLBACK}"
        ));
    };
    let lsb = to_integral_u32(n[5]);
    let msb = to_integral_u32(n[4]);
    if lsb > 255 || msb > 255 {
        return refuse(format!(
            "The port bytes {},{} must each be at most 255; ParsePasvResponse refuses the reply.{multi}{FALLBACK}",
            n[4], n[5]
        ));
    }
    let port = u64::from(msb * 256 + lsb);
    let host = n[..4].join(".");
    let mut note = format!(
        "Reads {} as address {host}, port {msb}×256+{lsb} = {port}.",
        n.join(",")
    );
    if n[..4].iter().any(|s| s.len() > 1 && s.starts_with('0')) {
        note.push_str(" The address text keeps its leading zeros verbatim; FileZilla then connects to that text as it stands.");
    }
    if port == 0 {
        note.push_str(" Port 0 is not refused for 227 (only the 229 parser checks for 0).");
    }
    note.push_str(multi);
    let host_routable = routable_v4_text(&host);
    match seen.control {
        _ if host_routable => {
            note.push_str(
                " The address counts as routable for libfilezilla, so FileZilla uses it.",
            );
            Reading::accept(NAME, SOURCE, Some(host), port, false, note)
        }
        Some(peer) if routable_peer(peer) => {
            note.push_str(&format!(
                " {host} is not routable for libfilezilla but the server's address {peer} is: FileZilla logs \
                 \"{UNROUTABLE_LOG}\" and connects to {peer}."
            ));
            Reading::accept(NAME, SOURCE, Some(peer.to_string()), port, true, note)
        }
        Some(peer) => {
            note.push_str(&format!(
                " {host} is not routable for libfilezilla, but neither is the server's address {peer}, so \
                 FileZilla keeps {host}."
            ));
            Reading::accept(NAME, SOURCE, Some(host), port, false, note)
        }
        None => {
            note.push_str(&format!(
                " {host} is not routable for libfilezilla. The control address is not known; assuming it is \
                 routable (the usual case over the Internet), FileZilla logs \"{UNROUTABLE_LOG}\" and connects to \
                 the server's address instead. Were the server's address unroutable too, it would keep {host}."
            ));
            Reading::accept(NAME, SOURCE, None, port, true, note)
        }
    }
}

fn epsv(seen: &Seen, line: &str, multi: &str) -> Reading {
    let Some(open) = line.find("(|||") else {
        return refuse(format!(
            "ParseEpsvResponse needs the text \"(|||\": only \"|\" is accepted as the delimiter and the protocol \
             and address fields must be empty.{multi}{FALLBACK}"
        ));
    };
    let from = open + 4;
    let close = line[from..].find("|)").map(|p| p + from);
    let Some(close) = close.filter(|&c| c > from) else {
        return refuse(format!(
            "ParseEpsvResponse needs a port followed by \"|)\" after \"(|||\".{multi}{FALLBACK}"
        ));
    };
    let text = &line[from..close];
    let value = to_integral_u32(text);
    if value == 0 || value > 65535 {
        let why = if value == 0 {
            "0 (or not a number)"
        } else {
            "above 65535"
        };
        return refuse(format!(
            "The port \"{text}\" reads as {value}, {why}: ParseEpsvResponse refuses it.{multi}{FALLBACK}"
        ));
    }
    let mut note = format!("Reads port {value} and connects to the control connection's peer");
    match seen.control {
        Some(peer) => note.push_str(&format!(" {peer}.")),
        None => note.push_str(" (not known here)."),
    }
    if text.parse::<u32>().ok() != Some(value) {
        note.push_str(&format!(
            " The port text \"{text}\" goes through to_integral<unsigned int>: a sign is accepted and overflow wraps at 2^32."
        ));
    }
    if let Some(IpAddr::V4(_)) = seen.control {
        note.push_str(" (FileZilla itself sends EPSV only on IPv6 control connections or through a proxy; on IPv4 it sends PASV.)");
    }
    note.push_str(multi);
    Reading::accept(
        NAME,
        SOURCE,
        seen.control.map(|c| c.to_string()),
        u64::from(value),
        false,
        note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routable_rule_is_libfilezillas() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.1.1",
            "172.16.0.1",
            "172.31.9.9",
            "0.0.0.0",
            "0.1.2.3",
            "300.1.2.3",
            "172.016.1.1",
        ] {
            assert!(!routable_v4_text(s), "{s}");
        }
        for s in [
            "100.64.0.1",
            "198.18.0.1",
            "240.0.0.1",
            "224.0.0.1",
            "172.32.0.1",
            "172.15.0.1",
            "010.0.0.1",
            "8.8.8.8",
        ] {
            assert!(routable_v4_text(s), "{s}");
        }
        for s in [
            "::",
            "::1",
            "fe80::1",
            "febf::1",
            "fc00::1",
            "fd12::1",
            "::ffff:192.168.1.1",
        ] {
            assert!(!routable_peer(s.parse().unwrap()), "{s}");
        }
        for s in ["2001:db8::1", "fec0::1", "ff02::1", "::ffff:8.8.8.8", "::2"] {
            assert!(routable_peer(s.parse().unwrap()), "{s}");
        }
    }

    #[test]
    fn regex_search() {
        assert_eq!(
            six_numbers("227 x (1,2,3,4,5,6)").unwrap(),
            ["1", "2", "3", "4", "5", "6"]
        );
        assert_eq!(six_numbers("227 1,2,3,4,5,6").unwrap()[0], "1");
        assert!(six_numbers("227 x (1,2,3,4,5,6.").is_none());
        assert!(six_numbers("227 x (1,2,3,4,5,6,7)").is_none());
        assert!(six_numbers("227 x (1, 2,3,4,5,6)").is_none());
        assert_eq!(six_numbers("227 x (0001,2,3,4,5,0006)").unwrap()[0], "0001");
        assert!(six_numbers("227 x (1000,2,3,4,5,6)").is_none());
        assert!(six_numbers("227 x=1,2,3,4,5,6").is_none());
    }

    #[test]
    fn to_integral_wraps() {
        assert_eq!(to_integral_u32("+21"), 21);
        assert_eq!(to_integral_u32("4294967297"), 1);
        assert_eq!(to_integral_u32(" 21"), 0);
        assert_eq!(to_integral_u32("-1"), u32::MAX);
    }
}
