//! Go's github.com/jlaffaye/ftp (master), default dial options.
//!
//! Written from the library's public source, repository jlaffaye/ftp, `ftp.go` at commit
//! 00c0bdd0801b5b75f56f689bd2bfd209325e507f: `(*ServerConn).epsv`, `pasv`, `isBogusDataIP`,
//! `getDataConnPort`, `openDataConn`, `cmd`; and from the Go standard library it relies on:
//! `net/textproto` (`Reader.ReadResponse`, `parseCodeLine`: how the reply's lines become one
//! message), `strconv.Atoi` (its errors), `net.ParseIP` and `net.IP.IsPrivate/IsLoopback/IsMulticast`,
//! and `net.Dial` (a port outside 0-65535 fails with "invalid port").
//!
//! The rules, in our words:
//! - The reply becomes one message: the first line after its code and separator, then each later
//!   line (after `NNN-`/`NNN ` when it carries the same code, else whole) joined with `\n`, up to the
//!   line with the same code and a blank. The parsers search this whole message.
//! - By default the library sends EPSV first — whatever FEAT says, although the `DialWithDisabledEPSV`
//!   comment says otherwise — and PASV only with `DialWithDisabledEPSV(true)` or after an EPSV
//!   reply it could not use (it then skips EPSV for the rest of the session).
//! - 229: the port is what lies between the first `|||` and the last `|`, read with `strconv.Atoi`
//!   (a sign is allowed, blanks are not). Other delimiters are not accepted: "invalid EPSV response
//!   format". When no `|` follows the `|||` the slice is inverted and the library panics. The host is
//!   the control connection's peer. No range check: Dial refuses a port above 65535.
//! - 227: the numbers are what lies between the first `(` and the last `)`, split at commas; fewer
//!   than six pieces is "invalid PASV response format", the fifth and sixth are read with
//!   `strconv.Atoi` (no blanks, no range check: port = p1*256+p2), the first four are joined with dots
//!   *as text*. No parentheses: "invalid PASV response format".
//! - The advertised host is kept unless it parses as an IP and is "bogus" (logic taken from lftp):
//!   multicast, or differing from the control peer in `IsPrivate` (10/8, 172.16/12, 192.168/16,
//!   fc00::/7) or in `IsLoopback` (127/8, ::1) — then the control peer is used. 0.0.0.0 is none of
//!   these, so with a public control peer it is kept. A host that does not parse (a number above 255,
//!   leading zeros) is kept as text, and Dial looks it up as a host name.

use super::{Reading, Seen};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const NAME: &str = "go-jlaffaye-ftp";
const SOURCE: &str = "jlaffaye/ftp ftp.go (epsv, pasv, isBogusDataIP, getDataConnPort) @00c0bdd0; \
Go net/textproto ReadResponse, strconv.Atoi, net.IP.IsPrivate/IsLoopback/IsMulticast";

const PASV_FORMAT: &str = "invalid PASV response format";
const EPSV_FORMAT: &str = "invalid EPSV response format";
const EPSV_FALLBACK: &str =
    "getDataConnPort then sends PASV instead, and skips EPSV for the rest of the session";

pub(super) fn read(seen: &Seen) -> Reading {
    let message = match message(seen.reply) {
        Ok(m) => m,
        Err(e) => return Reading::reject(NAME, SOURCE, e.error, e.note),
    };
    match seen.code() {
        Some(229) => epsv(&message, seen),
        _ => pasv(&message, seen),
    }
}

/// Why `textproto.Reader.ReadResponse` gave no message: the error Go returns, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ResponseError {
    /// The error text as the Go program sees it (`short response: …`, `EOF`).
    error: String,
    /// Why, in our words.
    note: String,
}

impl std::fmt::Display for ResponseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for ResponseError {}

/// The message `textproto.Reader.ReadResponse` returns for the reply, or its error.
fn message(reply: &str) -> Result<String, ResponseError> {
    let mut lines = reply.lines();
    let first = lines.next().unwrap_or("");
    let (code, continued, text) = code_line(first).map_err(|error| ResponseError {
        error,
        note: "net/textproto needs three digits and a blank or `-` at the start of the reply"
            .to_string(),
    })?;
    let mut message = text.to_string();
    let mut continued = continued;
    while continued {
        let Some(line) = lines.next() else {
            return Err(ResponseError {
                error: "EOF".to_string(),
                note: "the multi-line reply has no final line (same code and a blank): net/textproto keeps reading; \
                 the library sets no read deadline, so it waits until the server closes the connection (io.EOF)"
                    .to_string(),
            });
        };
        match code_line(line) {
            Ok((c2, more, text)) if c2 == code => {
                message.push('\n');
                message.push_str(text);
                continued = more;
            }
            _ => {
                message.push('\n');
                message.push_str(line);
            }
        }
    }
    Ok(message)
}

/// `textproto.parseCodeLine`: code, continued, text after the separator.
fn code_line(line: &str) -> Result<(u16, bool, &str), String> {
    let b = line.as_bytes();
    if b.len() < 4 || (b[3] != b' ' && b[3] != b'-') {
        return Err(format!("short response: {line}"));
    }
    // strconv.Atoi of the first three bytes, at least 100: only three ASCII digits can give that.
    if !b[..3].iter().all(u8::is_ascii_digit) || b[0] == b'0' {
        return Err(format!("invalid response code: {line}"));
    }
    let code = b[..3]
        .iter()
        .fold(0u16, |v, d| v * 10 + u16::from(d - b'0'));
    Ok((code, b[3] == b'-', &line[4..]))
}

fn epsv(message: &str, seen: &Seen) -> Reading {
    let start = message.find("|||");
    let end = message.rfind('|');
    let (Some(start), Some(end)) = (start, end) else {
        return Reading::reject(
            NAME,
            SOURCE,
            EPSV_FORMAT,
            format!("the library looks for `|||` literally (no other delimiter is accepted) and finds none; {EPSV_FALLBACK}"),
        );
    };
    if start + 3 > end {
        return Reading::reject(
            NAME,
            SOURCE,
            format!("runtime error: slice bounds out of range [{}:{}]", start + 3, end),
            "no `|` follows the `|||`, so the port slice runs backwards and epsv() panics: the program crashes \
             unless the caller recovers",
        );
    }
    let text = &message[start + 3..end];
    let value = match go_atoi(text) {
        Ok(v) => v,
        Err(e) => {
            return Reading::reject(
                NAME,
                SOURCE,
                e,
                format!("the port is everything between the first `|||` and the last `|`, read by strconv.Atoi; {EPSV_FALLBACK}"),
            )
        }
    };
    let ip = seen.control.map(go_host);
    with_port(value, |port, range| {
        Reading::accept(
            NAME,
            SOURCE,
            ip.clone(),
            port,
            false,
            format!("the library connects to the control connection's peer{range}"),
        )
    })
}

/// Accept with the port when Dial can use it or it is at least positive (above 65535 Dial fails);
/// a negative port cannot be shown, so that is a rejection with Dial's error.
fn with_port(value: i64, accept: impl Fn(u64, String) -> Reading) -> Reading {
    match value {
        0..=65535 => accept(value as u64, String::new()),
        v if v > 65535 => accept(
            v as u64,
            format!("; there is no range check, and net.Dial then fails: `dial tcp: address {v}: invalid port`"),
        ),
        v => Reading::reject(
            NAME,
            SOURCE,
            format!("dial tcp: address {v}: invalid port"),
            "the reply is read without a range check, giving a negative port; net.Dial refuses it",
        ),
    }
}

fn pasv(message: &str, seen: &Seen) -> Reading {
    let (Some(start), Some(end)) = (message.find('('), message.rfind(')')) else {
        return Reading::reject(
            NAME,
            SOURCE,
            PASV_FORMAT,
            "the library needs a `(` and a `)` around the numbers",
        );
    };
    if start + 1 > end {
        return Reading::reject(
            NAME,
            SOURCE,
            format!("runtime error: slice bounds out of range [{}:{}]", start + 1, end),
            "the last `)` comes before the first `(`, so the slice runs backwards and pasv() panics: the program \
             crashes unless the caller recovers",
        );
    }
    let parts: Vec<&str> = message[start + 1..end].split(',').collect();
    if parts.len() < 6 {
        return Reading::reject(
            NAME,
            SOURCE,
            PASV_FORMAT,
            format!("{} comma-separated pieces between the first `(` and the last `)`; the library needs at least six", parts.len()),
        );
    }
    let atoi_note = "p1 and p2 are read by strconv.Atoi, which takes no blanks";
    let p1 = match go_atoi(parts[4]) {
        Ok(v) => v,
        Err(e) => return Reading::reject(NAME, SOURCE, e, atoi_note),
    };
    let p2 = match go_atoi(parts[5]) {
        Ok(v) => v,
        Err(e) => return Reading::reject(NAME, SOURCE, e, atoi_note),
    };
    let value = p1.wrapping_mul(256).wrapping_add(p2);
    let host = parts[..4].join(".");
    let extra = if parts.len() > 6 {
        "; pieces after the sixth are ignored"
    } else {
        ""
    };

    let data_ip = go_parse_ip(&host);
    let control = seen.control.map(|c| c.to_canonical());
    let control_host = control.map(go_host);
    let (ip, replaced, why) = match (data_ip, control) {
        _ if control_host.as_deref() == Some(host.as_str()) => {
            (Some(host.clone()), false, "the advertised address is the control peer".to_string())
        }
        (None, _) => (
            Some(host.clone()),
            false,
            format!(
                "`{host}` is not an IP address for net.ParseIP (leading zeros and numbers above 255 are refused), so \
                 the bogus-address check is skipped and net.Dial looks `{host}` up as a host name"
            ),
        ),
        (Some(data), Some(cmd)) => match bogus(cmd, data) {
            Some(reason) => (control_host.clone(), true, format!("{reason}: the library connects to the control peer instead")),
            None => (
                Some(host.clone()),
                false,
                format!(
                    "{data} is in the same class as the control peer {cmd} (private: {}, loopback: {}, multicast: no), so the \
                     library keeps it",
                    go_is_private(data),
                    go_is_loopback(data)
                ),
            ),
        },
        (Some(data), None) => {
            if go_is_multicast(data) {
                (None, true, format!("{data} is multicast: the library connects to the control peer instead"))
            } else {
                (
                    Some(host.clone()),
                    false,
                    format!(
                        "control peer unknown: the library keeps {data} only when the peer is also {}private and {}loopback; \
                         otherwise it connects to the peer",
                        if go_is_private(data) { "" } else { "not " },
                        if go_is_loopback(data) { "" } else { "not " }
                    ),
                )
            }
        }
    };
    with_port(value, |port, range| {
        Reading::accept(
            NAME,
            SOURCE,
            ip.clone(),
            port,
            replaced,
            format!("{why}{extra}{range}"),
        )
    })
}

/// `isBogusDataIP`: why the library distrusts `data` given the control peer `cmd`, if it does.
fn bogus(cmd: IpAddr, data: IpAddr) -> Option<String> {
    if go_is_multicast(data) {
        return Some(format!("{data} is multicast"));
    }
    if go_is_private(cmd) != go_is_private(data) {
        return Some(format!(
            "{data} is {}private but the control peer {cmd} is {}",
            if go_is_private(data) { "" } else { "not " },
            if go_is_private(cmd) { "private" } else { "not" }
        ));
    }
    if go_is_loopback(cmd) != go_is_loopback(data) {
        return Some(format!(
            "{data} is {}loopback but the control peer {cmd} is {}",
            if go_is_loopback(data) { "" } else { "not " },
            if go_is_loopback(cmd) {
                "loopback"
            } else {
                "not"
            }
        ));
    }
    None
}

/// Go's `net.IP.String()` of the control peer: IPv4-mapped addresses print as IPv4.
fn go_host(ip: IpAddr) -> String {
    ip.to_canonical().to_string()
}

/// `net.IP.IsPrivate` (RFC 1918, RFC 4193).
fn go_is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            o[0] == 10 || (o[0] == 172 && o[1] & 0xf0 == 16) || (o[0] == 192 && o[1] == 168)
        }
        IpAddr::V6(a) => a.octets()[0] & 0xfe == 0xfc,
    }
}
/// `net.IP.IsLoopback`: 127/8 or ::1.
fn go_is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => a.octets()[0] == 127,
        IpAddr::V6(a) => a == Ipv6Addr::LOCALHOST,
    }
}
/// `net.IP.IsMulticast`: 224/4 or ff00::/8.
fn go_is_multicast(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => a.octets()[0] & 0xf0 == 0xe0,
        IpAddr::V6(a) => a.octets()[0] == 0xff,
    }
}

/// `net.ParseIP` for the host text: dotted IPv4 with 1-3 digit fields, no leading zeros, each ≤ 255;
/// text with a colon is tried as IPv6 (std's parser stands in for Go's there). IPv4-mapped IPv6 is
/// classified as its IPv4, as Go does.
fn go_parse_ip(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        return s
            .parse::<Ipv6Addr>()
            .ok()
            .map(|a| IpAddr::V6(a).to_canonical());
    }
    let fields: Vec<&str> = s.split('.').collect();
    if fields.len() != 4 {
        return None;
    }
    let mut o = [0u8; 4];
    for (slot, f) in o.iter_mut().zip(&fields) {
        if f.is_empty()
            || !f.bytes().all(|b| b.is_ascii_digit())
            || (f.len() > 1 && f.starts_with('0'))
        {
            return None;
        }
        *slot = f.parse::<u8>().ok()?;
    }
    Some(IpAddr::V4(Ipv4Addr::from(o)))
}

/// `strconv.Atoi` on a 64-bit system, with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(s));
    let range = || format!("strconv.Atoi: parsing {}: value out of range", go_quote(s));
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(syntax());
    }
    if s.len() < 19 {
        // Fast path: digits only, the value always fits.
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax());
        }
        let v: i64 = digits.bytes().fold(0, |v, d| v * 10 + i64::from(d - b'0'));
        return Ok(if neg { -v } else { v });
    }
    // ParseInt → ParseUint: the first non-digit is a syntax error, an overflow a range error,
    // whichever comes first.
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(syntax());
        }
        match n
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
        {
            Some(v) => n = v,
            None => return Err(range()),
        }
    }
    let cutoff = 1u64 << 63;
    match (neg, n) {
        (false, n) if n >= cutoff => Err(range()),
        (true, n) if n > cutoff => Err(range()),
        (true, n) => Ok((n as i64).wrapping_neg()),
        (false, n) => Ok(n as i64),
    }
}

/// `strconv.Quote`, for the texts that occur here.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
