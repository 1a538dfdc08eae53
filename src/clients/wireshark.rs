//! Wireshark's FTP dissector: not a client, but what a capture of the reply would show.
//!
//! Written from the public source, in our own words:
//! - wireshark/wireshark `epan/dissectors/packet-ftp.c` (current development line, stored at commit
//!   01a25bb2): `dissect_ftp` (only the first line of the segment is dissected; the code and the
//!   character after it are skipped; `ftp.passive.nat` is added when the parsed address differs from
//!   the packet's source address), `parse_port_pasv`, `parse_extended_pasv_response`,
//!   `isvalid_rfc2428_delimiter`, and the registration of `ftp.passive.ip` / `ftp.passive.port` /
//!   `ftp.passive.nat`, `ftp.epsv.ip` / `ftp.epsv.port` and the expert info `ftp.epsv.args_invalid`;
//! - wireshark/wireshark `wsutil/strtoi.c` (`ws_strtou16` / `ws_basestrtou64`, used for the EPSV port).
//!
//! The rules:
//! - The dissector does no reassembly of multi-line replies: it dissects the first line of each TCP
//!   segment. This model assumes the whole reply arrived in one segment, so only its first line counts;
//!   the other lines are shown as plain text.
//! - 227: after the code and the following character, it looks for a digit and tries
//!   `sscanf("%d,%d,%d,%d,%d,%d")` there; if that does not give six numbers it skips that run of digits
//!   and looks for the next digit. `%d` skips blanks before each number and takes a sign, but the
//!   commas must follow the numbers directly. Nothing is range checked: the address is
//!   `a<<24 | b<<16 | c<<8 | d` in 32 bits (bits of numbers above 255 spill into the neighbouring byte),
//!   the port is `(p1 & 0xFF) << 8 | (p2 & 0xFF)`, i.e. each port byte modulo 256. Found: the fields
//!   `ftp.passive.ip`, `ftp.passive.port`, and `ftp.passive.nat` (only when true) if the address differs
//!   from the packet's source (the server, i.e. the control peer). Not found: no fields, no expert info.
//! - 229: from the first `(` of the line, up to three characters that are the same valid RFC 2428
//!   delimiter (printable, not a hex digit, `.` or `:`) are skipped; fewer are tolerated. The port is read
//!   with `ws_strtou16` (leading blanks allowed, no sign, trailing text ignored); a failed conversion
//!   still counts when the character where it stopped is `|`, with the value the function left behind
//!   (65535 for an out-of-range number, 0 when there were no digits). A `)` must follow somewhere.
//!   Found: `ftp.epsv.ip` (generated: the packet's source address) and `ftp.epsv.port`. Not found:
//!   expert info "EPSV arguments must have the form (|||<port>|)". There is no NAT flag for 229.

use super::{Reading, Seen};
use std::net::{IpAddr, Ipv4Addr};

const NAME: &str = "wireshark";
const SOURCE: &str =
    "wireshark/wireshark epan/dissectors/packet-ftp.c (dissect_ftp, parse_port_pasv, \
parse_extended_pasv_response, isvalid_rfc2428_delimiter) and wsutil/strtoi.c (ws_strtou16)";

const EPSV_EXPERT: &str = "EPSV arguments must have the form (|||<port>|)";

pub(super) fn read(seen: &Seen) -> Reading {
    let first = seen.reply.lines().next().unwrap_or("");
    // The dissector copies the line into a C string: an embedded NUL ends it.
    let first = first.split('\0').next().unwrap_or("");
    // Skip the three digits and, if present, the character after them.
    // (Skipping bytes of a multi-byte separator changes nothing: they are neither digits nor '('.)
    let mut start = first.len().min(4);
    while !first.is_char_boundary(start) {
        start += 1;
    }
    let rest = &first[start..];
    match seen.code() {
        Some(229) => epsv(seen, rest),
        _ => pasv(seen, rest),
    }
}

fn multi_line_note(seen: &Seen) -> &'static str {
    if seen.reply.contains('\n') {
        " Only the first line of the segment is dissected (assuming the whole reply is one TCP segment); the other \
         lines are shown as text."
    } else {
        ""
    }
}

/// A reading where the dissector extracts nothing. Wireshark shows no error for a 227 it cannot parse.
fn nothing(note: String, error: Option<String>) -> Reading {
    Reading::no_endpoint(NAME, SOURCE, error, note)
}

// ---------------------------------------------------------------------------------------------
// 227

/// glibc `scanf("%d")` at `s`: blanks, an optional sign, at least one digit. The digits go through
/// `strtol` (saturating at the `long` range) and the result is stored as an `int` (truncated).
/// Returns the value and the bytes consumed.
fn scan_d(s: &[u8]) -> Option<(i32, usize)> {
    let (negative, digits) = super::c_number(s, 0);
    if digits.is_empty() {
        return None;
    }
    let end = digits.end;
    let mut v: i128 = 0;
    for &c in &s[digits] {
        v = (v * 10 + i128::from(c - b'0')).min(i128::from(i64::MAX) + 1);
    }
    let v = if negative { -v } else { v };
    let long = v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    Some((long as i32, end))
}

/// `sscanf(p, "%d,%d,%d,%d,%d,%d")` returning six numbers, or `None` when fewer convert.
fn scan_six(s: &[u8]) -> Option<[i32; 6]> {
    let mut out = [0i32; 6];
    let mut pos = 0;
    for (i, slot) in out.iter_mut().enumerate() {
        if i > 0 {
            if s.get(pos) != Some(&b',') {
                return None;
            }
            pos += 1;
        }
        let (v, used) = scan_d(&s[pos..])?;
        *slot = v;
        pos += used;
    }
    Some(out)
}

/// `parse_port_pasv`: the six numbers found and the text they were read from.
fn parse_port_pasv(rest: &str) -> Option<([i32; 6], &str)> {
    let b = rest.as_bytes();
    let mut p = 0;
    loop {
        while p < b.len() && !b[p].is_ascii_digit() {
            p += 1;
        }
        if p >= b.len() {
            return None;
        }
        if let Some(n) = scan_six(&b[p..]) {
            return Some((n, &rest[p..]));
        }
        while p < b.len() && b[p].is_ascii_digit() {
            p += 1;
        }
    }
}

fn pasv(seen: &Seen, rest: &str) -> Reading {
    let Some((n, at)) = parse_port_pasv(rest) else {
        return nothing(
            format!(
                "parse_port_pasv finds no six comma-separated numbers in the first line, so the capture shows no \
                 ftp.passive.ip/port (and no expert info).{}",
                multi_line_note(seen)
            ),
            None,
        );
    };
    // C int arithmetic, wrapping as it does in practice (shifting past 32 bits or a negative number is
    // undefined behaviour in C; compilers produce the two's complement result).
    let ip = (n[0] as u32).wrapping_shl(24)
        | (n[1] as u32).wrapping_shl(16)
        | (n[2] as u32).wrapping_shl(8)
        | n[3] as u32;
    let ip = Ipv4Addr::from(ip);
    let port = (((n[4] & 0xFF) << 8) | (n[5] & 0xFF)) as u16;
    let shown = n
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut note = format!(
        "Reads {shown} (scanning from \"{}\").",
        at.chars().take(40).collect::<String>()
    );
    if n[..4].iter().any(|v| !(0..=255).contains(v)) {
        note.push_str(
            " Address numbers are not range checked: they are shifted and ORed into 32 bits.",
        );
    }
    if n[4..].iter().any(|v| !(0..=255).contains(v)) {
        note.push_str(" Port bytes are taken modulo 256 (& 0xFF).");
    }
    note.push_str(&format!(
        " Shows ftp.passive.ip = {ip}, ftp.passive.port = {port}."
    ));
    match seen.control {
        Some(src) if src != IpAddr::V4(ip) => note.push_str(&format!(
            " ftp.passive.nat = True: the advertised address differs from the packet's source {src}."
        )),
        Some(_) => note.push_str(" ftp.passive.nat is not added: the advertised address equals the packet's source."),
        None => note.push_str(&format!(
            " ftp.passive.nat is added (True) when the packet's source (the server) is not {ip}; it is unknown here."
        )),
    }
    if ip.is_unspecified() {
        note.push_str(" The expected data conversation is set up with 0.0.0.0, so the data connection is not linked to it.");
    }
    note.push_str(multi_line_note(seen));
    Reading::accept(
        NAME,
        SOURCE,
        Some(ip.to_string()),
        u64::from(port),
        false,
        note,
    )
}

// ---------------------------------------------------------------------------------------------
// 229

/// `isvalid_rfc2428_delimiter`: printable, not a hex digit (either case), `.` or `:`.
fn valid_delimiter(c: u8) -> bool {
    c.is_ascii_graphic() && !b"0123456789abcdef.:".contains(&c.to_ascii_lowercase())
}

/// `ws_strtou16(s, &endptr, &port)`: (success, the value left in `port`, where conversion stopped).
fn ws_strtou16(s: &[u8]) -> (bool, u16, usize) {
    if matches!(s.first(), Some(b'-' | b'+')) {
        return (false, 0, 0);
    }
    // g_ascii_strtoull: blanks, an optional sign, decimal digits; no digits means end = start.
    let (negative, digits) = super::c_number(s, 0);
    if digits.is_empty() {
        return (false, 0, 0);
    }
    let (i, end) = (digits.start, digits.end);
    let mut overflow = false;
    let mut v: u64 = 0;
    for &c in &s[i..end] {
        match v
            .checked_mul(10)
            .and_then(|x| x.checked_add(u64::from(c - b'0')))
        {
            Some(x) => v = x,
            None => overflow = true,
        }
    }
    if overflow {
        return (false, u16::MAX, end);
    }
    let v = if negative { v.wrapping_neg() } else { v };
    match u16::try_from(v) {
        Ok(p) => (true, p, end),
        Err(_) => (false, u16::MAX, end),
    }
}

fn epsv(seen: &Seen, rest: &str) -> Reading {
    let addr = seen.control.map(|c| c.to_string());
    let field = match seen.control {
        Some(IpAddr::V6(_)) => "ftp.epsv.ipv6",
        _ => "ftp.epsv.ip",
    };
    if rest.is_empty() {
        return nothing(
            format!(
                "Nothing follows the code, so the EPSV parser is not run.{}",
                multi_line_note(seen)
            ),
            None,
        );
    }
    let invalid = |why: String| {
        nothing(
            format!(
                "{why} Expert info ftp.epsv.args_invalid.{}",
                multi_line_note(seen)
            ),
            Some(EPSV_EXPERT.to_string()),
        )
    };
    let b = rest.as_bytes();
    let Some(open) = b.iter().position(|&c| c == b'(') else {
        return invalid("There is no '(' in the first line.".to_string());
    };
    let mut p = open + 1;
    let mut delimiter: Option<u8> = None;
    let mut skipped = 0;
    for _ in 0..3 {
        let Some(&c) = b.get(p) else { break };
        if delimiter.is_none() && valid_delimiter(c) {
            delimiter = Some(c);
        }
        if Some(c) != delimiter {
            break;
        }
        p += 1;
        skipped += 1;
    }
    if p >= b.len() {
        return invalid("The line ends right after the delimiters.".to_string());
    }
    let (ok, port, stop) = ws_strtou16(&b[p..]);
    let rescued = !ok && b.get(p + stop) == Some(&b'|');
    if !ok && !rescued {
        let here = rest[p..].chars().take(20).collect::<String>();
        return invalid(format!(
            "After {skipped} delimiter(s) ws_strtou16 cannot read a port from \"{here}\"."
        ));
    }
    if !b[p..].contains(&b')') {
        return invalid("No ')' follows the port.".to_string());
    }
    let mut note = match delimiter {
        Some(d) if skipped == 3 => format!(
            "Skips the delimiters '{}{}{}'",
            d as char, d as char, d as char
        ),
        Some(d) => format!(
            "Skips only {skipped} '{}' delimiter(s) (tolerated)",
            d as char
        ),
        None => "No valid delimiter follows '(' (tolerated)".to_string(),
    };
    note.push_str(" and reads the port with ws_strtou16, ignoring what follows it.");
    if rescued {
        note.push_str(&format!(
            " The conversion fails, but it stopped at '|', so the value it left behind ({port}) is shown anyway."
        ));
    }
    note.push_str(&format!(
        " Shows {field} (generated: the packet's source address"
    ));
    match &addr {
        Some(a) => note.push_str(&format!(" {a})")),
        None => note.push_str(", unknown here)"),
    }
    note.push_str(&format!(
        " and ftp.epsv.port = {port}; there is no NAT flag for 229."
    ));
    note.push_str(multi_line_note(seen));
    Reading::accept(NAME, SOURCE, addr, u64::from(port), false, note)
}
