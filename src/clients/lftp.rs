//! lftp, with its default settings (`ftp:fix-pasv-address yes`, `ftp:ignore-pasv-address no`,
//! `ftp:prefer-epsv no`, `ftp:auto-passive-mode yes`, no HTTP proxy).
//!
//! Written from lftp's public source, repository lavv17/lftp:
//! - `src/ftpclass.cc` (commit 7f8d6c0720c41888099842ab5747470ca67f1d9c): `Ftp::Handle_PASV`,
//!   `Ftp::Handle_EPSV`, `Ftp::ReceiveResp` (which line of a multi-line reply is handed on),
//!   `Ftp::CheckResp` (`case Expect::PASV/EPSV`: a reply of 4 characters or fewer switches passive
//!   off), and the place in `Ftp::Do` that chooses PASV or EPSV;
//! - `src/network.cc` (commit d1a29821ad3dcf67bcf36cb3407be13d90a4caf7): `sockaddr_u::is_reserved`,
//!   `is_multicast`, `is_private`, `is_loopback`;
//! - `src/resource.cc` (commit dd20115626ab05d381afc897f02d2e3f2190dea1): the defaults above.
//!
//! Checked against the real lftp 4.9.2 (Debian 4.9.2-2+b1) with a scripted server in a private
//! network namespace: tests/fixtures/clients/lftp/ (odd_server.py, run_lftp.py, observed.json).
//!
//! The rules, in our words:
//! - lftp hands the reply's *final* line to the parser (for a multi-line reply, the first later line
//!   that starts with three digits and a blank — any code, as `ftp:strict-multiline` is off by
//!   default); a final line of 4 characters or fewer is not parsed
//!   at all: passive mode is switched off.
//! - 227: from the fifth character on, at every digit it tries C `sscanf("%u,%u,%u,%u,%u,%u")`; the
//!   first place where all six numbers match wins. `%u` skips blanks before a number and takes a sign,
//!   so blanks after commas are fine but not before; more numbers after the sixth are ignored. Each
//!   number is stored into one byte, so only its low 8 bits count (300 → 44, 412 → 156). No six
//!   numbers: lftp disconnects giving the line itself as the reason, switches passive mode off and
//!   tries again (in active mode).
//! - The address is replaced by the control connection's peer when it is "reserved" (0/8, 127/8 other
//!   than 127.0.0.1, 240/4), multicast (224/4), or — fix-pasv-address — when it differs from the peer
//!   in being private (10/8, 172.16/12, 192.168/16, 169.254/16) or in being loopback (exactly
//!   127.0.0.1). lftp then logs "Address returned by PASV seemed to be incorrect and has been fixed".
//!   On an IPv6 control connection the PASV address is built as an IPv4-mapped IPv6 address, which
//!   lftp counts as reserved, so it is always replaced (lftp sends EPSV there anyway).
//! - 229: it takes the character after the first `(` (or the fifth character when there is none) as
//!   the delimiter, whatever it is, and reads `sscanf` format `DDD%uD` with D that character: three
//!   delimiters (a blank delimiter matches any run of blanks), then a number; what follows the number
//!   is not checked. The port is the number's low 16 bits (105537 → 40001); the host is the control
//!   connection's peer. Otherwise: "cannot parse EPSV response", passive mode off. A `%` delimiter
//!   never works (the format ends in an incomplete `%` directive; observed with lftp 4.9.2).
//! - Port 0 is not refused: lftp connects to it (and gets "Connection refused").

use super::{Reading, Seen};
use std::net::{IpAddr, Ipv4Addr};

const NAME: &str = "lftp";
const SOURCE: &str = "lftp 4.9.2 / lavv17/lftp src/ftpclass.cc (Handle_PASV, Handle_EPSV, ReceiveResp) @7f8d6c07, \
src/network.cc (sockaddr_u::is_reserved/is_multicast/is_private/is_loopback) @d1a29821, src/resource.cc defaults @dd201156";

/// lftp's own message when the 229 text does not match its format.
const EPSV_ERROR: &str = "cannot parse EPSV response";
const FIXED: &str = "Address returned by PASV seemed to be incorrect and has been fixed";

pub(super) fn read(seen: &Seen) -> Reading {
    let Some(line) = final_line(seen.reply) else {
        return Reading::reject(
            NAME,
            SOURCE,
            "Timeout - reconnecting",
            "the multi-line reply has no final line (three digits and a blank), so lftp keeps waiting for \
             one until net:timeout, then reconnects",
        );
    };
    if line.len() <= 4 {
        return Reading::reject(
            NAME,
            SOURCE,
            line,
            format!(
                "the final line `{line}` is 4 characters or fewer: lftp does not parse it, disconnects (giving \
                 the line as the reason), switches passive mode off (ftp:auto-passive-mode) and tries again in \
                 active mode"
            ),
        );
    }
    match seen.code() {
        Some(229) => epsv(line, seen),
        _ => pasv(line, seen),
    }
}

/// The line lftp hands to its parser: the single line, or the line that ends a multi-line reply.
fn final_line(reply: &str) -> Option<&str> {
    let mut lines = reply.lines();
    let first = lines.next().unwrap_or("");
    if first.as_bytes().get(3) != Some(&b'-') {
        return Some(first);
    }
    lines.find(|l| {
        let b = l.as_bytes();
        b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' '
    })
}

/// One glibc `%u` conversion at `i`: blanks, an optional sign, at least one digit. The value as
/// `strtoul` gives it on a 64-bit system (a negative number wraps, too large a number is the maximum).
/// Returns the value and the index after it.
fn scan_u(b: &[u8], i: usize) -> Option<(u64, usize)> {
    let (negative, digits) = super::c_number(b, i);
    let (start, mut i) = (digits.start, digits.start);
    let mut value: u64 = 0;
    let mut overflow = false;
    while i < digits.end {
        match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b[i] - b'0')))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return None;
    }
    let value = if overflow {
        u64::MAX
    } else if negative {
        value.wrapping_neg()
    } else {
        value
    };
    Some((value, i))
}

/// `sscanf(at, "%u,%u,%u,%u,%u,%u") == 6`: the six numbers.
fn six_numbers(b: &[u8], mut i: usize) -> Option<[u64; 6]> {
    let mut n = [0u64; 6];
    for (k, slot) in n.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b',') {
                return None;
            }
            i += 1;
        }
        let (v, next) = scan_u(b, i)?;
        *slot = v;
        i = next;
    }
    Some(n)
}

fn pasv(line: &str, seen: &Seen) -> Reading {
    let b = line.as_bytes();
    let found = (4..b.len())
        .filter(|&i| b[i].is_ascii_digit())
        .find_map(|i| six_numbers(b, i));
    let Some(n) = found else {
        return Reading::reject(
            NAME,
            SOURCE,
            line,
            "lftp scans the final line for the first digit where six comma-separated numbers follow (a blank \
             may come after a comma, not before) and finds none: it disconnects giving the line itself as the \
             reason, switches passive mode off (ftp:auto-passive-mode) and tries again in active mode",
        );
    };
    let byte = |v: u64| (v & 0xff) as u8;
    let advertised = Ipv4Addr::new(byte(n[0]), byte(n[1]), byte(n[2]), byte(n[3]));
    let port = u64::from(byte(n[4])) * 256 + u64::from(byte(n[5]));
    let mut wrapped = Vec::new();
    if n[..4].iter().any(|&v| v > 255) {
        wrapped.push(format!(
            "address numbers keep only their low 8 bits ({advertised})"
        ));
    }
    if n[4..].iter().any(|&v| v > 255) {
        wrapped.push(format!(
            "port numbers keep only their low 8 bits (port {port})"
        ));
    }
    let wrapped = if wrapped.is_empty() {
        String::new()
    } else {
        format!("; {}", wrapped.join(", "))
    };

    match seen.control {
        Some(IpAddr::V6(peer)) => {
            // The data address is built as ::ffff:a.b.c.d, which is_reserved() counts as reserved:
            // replaced by the last four bytes of the peer's address.
            let o = peer.octets();
            let fixed = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
            let ip = match peer.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => fixed.to_ipv6_mapped().to_string(),
            };
            Reading::accept(
                NAME,
                SOURCE,
                Some(ip),
                port,
                true,
                format!(
                    "on an IPv6 control connection lftp sends EPSV, not PASV; given a 227 it builds the address as \
                     an IPv4-mapped IPv6 address, which it counts as reserved, so it always replaces it by the \
                     last four bytes of the control peer (\"{FIXED}\"){wrapped}"
                ),
            )
        }
        Some(IpAddr::V4(peer)) => {
            if let Some(why) = suspicious(advertised, peer) {
                fixed(Some(peer.to_string()), port, &why, &wrapped)
            } else {
                Reading::accept(
                    NAME,
                    SOURCE,
                    Some(advertised.to_string()),
                    port,
                    false,
                    format!(
                        "{advertised} is in the same class as the control peer {peer} (private: {}, loopback: {}), \
                         so lftp keeps it{wrapped}",
                        is_private(advertised),
                        is_loopback(advertised)
                    ),
                )
            }
        }
        None => {
            if let Some(why) = reserved_or_multicast(advertised) {
                fixed(None, port, &why, &wrapped)
            } else {
                Reading::accept(
                    NAME,
                    SOURCE,
                    Some(advertised.to_string()),
                    port,
                    false,
                    format!(
                        "control peer unknown: lftp keeps {advertised} only when the peer is also {}private and \
                         {}loopback; otherwise it connects to the peer (ftp:fix-pasv-address){wrapped}",
                        if is_private(advertised) { "" } else { "not " },
                        if is_loopback(advertised) { "" } else { "not " },
                    ),
                )
            }
        }
    }
}

/// lftp's ftp:fix-pasv-address at work: it connects to the control peer (`None` when that is unknown).
fn fixed(peer: Option<String>, port: u64, why: &str, wrapped: &str) -> Reading {
    Reading::accept(
        NAME,
        SOURCE,
        peer,
        port,
        true,
        format!("{why}: lftp connects to the control peer instead (\"{FIXED}\"){wrapped}"),
    )
}

fn reserved_or_multicast(a: Ipv4Addr) -> Option<String> {
    if is_reserved(a) {
        Some(format!(
            "{a} is reserved for lftp (0/8, 127/8 other than 127.0.0.1, or 240/4)"
        ))
    } else if is_multicast(a) {
        Some(format!("{a} is multicast"))
    } else {
        None
    }
}

/// Why lftp's fix-pasv-address logic distrusts `a` given the control peer `peer`, if it does.
fn suspicious(a: Ipv4Addr, peer: Ipv4Addr) -> Option<String> {
    if let Some(why) = reserved_or_multicast(a) {
        return Some(why);
    }
    if is_private(a) != is_private(peer) {
        return Some(format!(
            "{a} is {}private but the control peer {peer} is {}",
            if is_private(a) { "" } else { "not " },
            if is_private(peer) { "private" } else { "not" }
        ));
    }
    if is_loopback(a) != is_loopback(peer) {
        return Some(format!(
            "{a} is {}loopback but the control peer {peer} is {}",
            if is_loopback(a) { "" } else { "not " },
            if is_loopback(peer) { "loopback" } else { "not" }
        ));
    }
    None
}

/// lftp's "reserved": 0/8, 127/8 except 127.0.0.1, 240/4.
fn is_reserved(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[0] == 0 || (o[0] == 127 && !is_loopback(a)) || o[0] >= 240
}
fn is_multicast(a: Ipv4Addr) -> bool {
    (224..240).contains(&a.octets()[0])
}
/// lftp's "private": 10/8, 172.16/12, 192.168/16 and 169.254/16 ("self-assigned").
fn is_private(a: Ipv4Addr) -> bool {
    let o = a.octets();
    o[0] == 10
        || (o[0] == 172 && (16..32).contains(&o[1]))
        || (o[0] == 192 && o[1] == 168)
        || (o[0] == 169 && o[1] == 254)
}
/// lftp's "loopback" is 127.0.0.1 only.
fn is_loopback(a: Ipv4Addr) -> bool {
    a == Ipv4Addr::LOCALHOST
}

fn epsv(line: &str, seen: &Seen) -> Reading {
    let b = line.as_bytes();
    let start = b.iter().position(|&c| c == b'(').map_or(4, |p| p + 1);
    let delim = b.get(start).copied().unwrap_or(0);
    let parsed = epsv_number(b, start, delim);
    let Some(value) = parsed else {
        return Reading::reject(
            NAME,
            SOURCE,
            EPSV_ERROR,
            format!(
                "lftp takes {} as the delimiter and expects it three times and then a number (`{}`); the text does \
                 not match, so it disconnects and switches passive mode off (ftp:auto-passive-mode)",
                show_delim(delim),
                format_shown(delim)
            ),
        );
    };
    let port = value & 0xffff;
    let wrapped = if value > 65535 {
        format!("; the number {value} keeps only its low 16 bits")
    } else {
        String::new()
    };
    let ip = seen.control.map(|c| c.to_string());
    Reading::accept(
        NAME,
        SOURCE,
        ip,
        port,
        false,
        format!(
            "lftp takes {} as the delimiter (any character is accepted) and connects to the control peer{wrapped}",
            show_delim(delim)
        ),
    )
}

/// `sscanf(text + start, "DDD%uD") == 1` with D the delimiter; the number as glibc reads it.
fn epsv_number(b: &[u8], start: usize, delim: u8) -> Option<u64> {
    let mut i = start;
    match delim {
        // The format becomes an empty C string: nothing is converted.
        0 => return None,
        // "%%%u%" ends in an incomplete `%` directive; glibc's sscanf then fails as a whole (observed
        // with lftp 4.9.2: both `(%%%40001%)` and `(%40001%)` give "cannot parse EPSV response").
        b'%' => return None,
        d if super::c_isspace(d) => {
            // A blank in a scanf format matches any run of blanks, including none.
            while i < b.len() && super::c_isspace(b[i]) {
                i += 1;
            }
        }
        d => {
            for _ in 0..3 {
                if b.get(i) != Some(&d) {
                    return None;
                }
                i += 1;
            }
        }
    }
    scan_u(b, i).map(|(v, _)| v)
}

fn show_delim(d: u8) -> String {
    match d {
        0 => "the end of the line".to_string(),
        b' ' => "a blank".to_string(),
        d if d.is_ascii_graphic() => format!("`{}`", d as char),
        d => format!("byte 0x{d:02x}"),
    }
}

fn format_shown(d: u8) -> String {
    if d.is_ascii_graphic() || d == b' ' {
        let c = d as char;
        format!("{c}{c}{c}%u{c}")
    } else {
        "DDD%uD".to_string()
    }
}
