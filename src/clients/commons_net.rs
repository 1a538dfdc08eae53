//! Apache Commons Net `FTPClient` (3.9.0 and later, default settings).
//!
//! Written from the public source, in our own words:
//! - apache/commons-net `src/main/java/org/apache/commons/net/ftp/FTPClient.java`, a 3.9.0-or-later
//!   version (it has the `ipAddressFromPasvResponse` switch and the `Duration` API; the commit of that
//!   copy is not known; the repository's stored pom.xml, commit 4dc402a8, is 3.10.1-SNAPSHOT). Read
//!   there: `_openDataConnection_`
//!   (which reply line is parsed, EPSV only over IPv6 or with `setUseEPSVwithIPv4(true)`),
//!   `_parsePassiveModeReply` with its `PARMS_PAT`, `_parseExtendedPassiveModeReply`,
//!   `NatServerResolverImpl` / `HostnameResolver`, the field `ipAddressFromPasvResponse` and the system
//!   property `FTP_IP_ADDRESS_FROM_PASV_RESPONSE` (both `@since 3.9.0`);
//! - apache/commons-net `src/main/java/org/apache/commons/net/ftp/FTP.java` (`getReply`: the first line
//!   of the reply, code included, is `_replyLines.get(0)`);
//! - the JDK's `java.net.InetSocketAddress` (`checkPort`: "port out of range:" + port), which the
//!   data connection is built with.
//!
//! The rules:
//! - Both replies are read from the FIRST line of the reply only, code included.
//! - 227: the regular expression `(\d{1,3},\d{1,3},\d{1,3},\d{1,3}),(\d{1,3}),(\d{1,3})` is searched
//!   anywhere in that line (Java `Matcher.find`, so it may start inside a longer run of digits). No
//!   match: a `MalformedServerReplyException` with "Could not parse passive host information." and,
//!   on the next line, "Server Reply: " and the line. The port is `p1 << 8 | p2` (a bitwise OR:
//!   bytes above 255 overlap, nothing is range checked). Since 3.9.0 the advertised address is ignored by default and the data connection goes to
//!   the control connection's address (`_socket_.getInetAddress()`); only with the system property
//!   `org.apache.commons.net.ftp.ipAddressFromPasvResponse=true` (or `setIpAddressFromPasvResponse(true)`)
//!   is it used, and then the NAT workaround (`NatServerResolverImpl`, installed by default) replaces a
//!   site-local advertised address by the control address when the latter is not site-local.
//! - 229: the text between the first `(` (or the line start when there is none) and the first `)` is
//!   trimmed; its first three characters and its last must be the same character (any character), else
//!   a `MalformedServerReplyException` with "Could not parse extended passive host information." and,
//!   on the next line, "Server Reply: " and that trimmed text; what lies between the third and the last character goes through
//!   `Integer.parseInt` (sign allowed, no blanks), failure giving the same exception. The host is the
//!   control connection's address. A missing `)`, `)` before `(`, or a text shorter than four
//!   characters make `String.substring`/`charAt` throw `StringIndexOutOfBoundsException` instead.
//! - Either way the port then goes into `new InetSocketAddress(host, port)`, which throws
//!   `IllegalArgumentException("port out of range:" + port)` outside 0..=65535. Port 0 passes and the
//!   connect itself fails.
//! - Over an IPv6 control connection the client sends only EPSV; when that does not get 229 it gives up
//!   (`_openDataConnection_` returns null), so a 227 is never parsed there.

use super::{Reading, Seen};
use std::net::{IpAddr, Ipv4Addr};

const NAME: &str = "commons-net";
const SOURCE: &str =
    "apache/commons-net FTPClient.java (_openDataConnection_, _parsePassiveModeReply, \
_parseExtendedPassiveModeReply, NatServerResolverImpl; 3.9.0+ defaults) and FTP.java (getReply)";

const PASV_ERROR: &str = "Could not parse passive host information.\nServer Reply: ";
const EPSV_ERROR: &str = "Could not parse extended passive host information.\nServer Reply: ";
const SIOOBE: &str = "java.lang.StringIndexOutOfBoundsException";

pub(super) fn read(seen: &Seen) -> Reading {
    let first = seen.reply.lines().next().unwrap_or("");
    match seen.code() {
        Some(229) => epsv(seen, first),
        _ => pasv(seen, first),
    }
}

fn control_text(seen: &Seen) -> Option<String> {
    seen.control.map(|c| c.to_string())
}

fn multi_line_note(seen: &Seen) -> &'static str {
    if seen.reply.contains('\n') {
        " Only the first line of the multi-line reply is parsed (_replyLines.get(0))."
    } else {
        ""
    }
}

// ---------------------------------------------------------------------------------------------
// 227

/// What `PARMS_PAT` finds: the four address numbers as written and the two port numbers.
struct Parms<'a> {
    groups: [&'a str; 6],
    host: [&'a str; 4],
    p1: u32,
    p2: u32,
}

/// Java `Matcher.find` of `(\d{1,3},\d{1,3},\d{1,3},\d{1,3}),(\d{1,3}),(\d{1,3})`: tried at every start
/// position in turn. A `\d{1,3}` followed by a comma must take the whole run of digits up to that comma
/// (at most three); the last one takes up to three digits and ignores what follows.
fn find_parms(line: &str) -> Option<Parms<'_>> {
    let b = line.as_bytes();
    let run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    'start: for start in 0..b.len() {
        let mut pos = start;
        let mut groups = [""; 6];
        for (i, group) in groups.iter_mut().enumerate() {
            let n = run(pos);
            if n == 0 {
                continue 'start;
            }
            let take = if i < 5 {
                if n > 3 || b.get(pos + n) != Some(&b',') {
                    continue 'start;
                }
                n
            } else {
                n.min(3)
            };
            *group = &line[pos..pos + take];
            pos += take + usize::from(i < 5);
        }
        return Some(Parms {
            groups,
            host: [groups[0], groups[1], groups[2], groups[3]],
            p1: groups[4].parse().ok()?,
            p2: groups[5].parse().ok()?,
        });
    }
    None
}

/// The advertised address when it is a plain dotted quad (each number 0..=255).
fn advertised_v4(host: &[&str; 4]) -> Option<Ipv4Addr> {
    let mut o = [0u8; 4];
    for (slot, text) in o.iter_mut().zip(host) {
        *slot = text.parse::<u8>().ok()?;
    }
    Some(Ipv4Addr::from(o))
}

/// Java `Inet4Address.isSiteLocalAddress`: 10/8, 172.16/12, 192.168/16.
fn site_local_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    a == 10 || (a == 172 && (16..=31).contains(&b)) || (a == 192 && b == 168)
}

fn site_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => site_local_v4(v4),
        // Inet6Address.isSiteLocalAddress: fec0::/10.
        IpAddr::V6(v6) => v6.segments()[0] & 0xffc0 == 0xfec0,
    }
}

fn pasv(seen: &Seen, first: &str) -> Reading {
    if let Some(IpAddr::V6(_)) = seen.control {
        return Reading::reject(
            NAME,
            SOURCE,
            "(no exception: _openDataConnection_ returns null and the transfer method returns false)",
            "Over an IPv6 control connection Commons Net sends only EPSV and gives up when the answer is not 229 \
             (\"Must use EPSV for IPV6\"), so a 227 reply is never parsed.",
        );
    }
    let Some(m) = find_parms(first) else {
        return Reading::reject(
            NAME,
            SOURCE,
            format!("{PASV_ERROR}{first}"),
            format!(
                "MalformedServerReplyException: PARMS_PAT (six comma-separated numbers of 1-3 digits, no blanks) \
                 is not found in the first line.{}",
                multi_line_note(seen)
            ),
        );
    };
    let port = (m.p1 << 8) | m.p2;
    let host_text = m.host.join(".");
    let advertised = advertised_v4(&m.host);
    let mut note = format!(
        "PARMS_PAT matches {}; port = {} << 8 | {} = {}.",
        m.groups.join(","),
        m.p1,
        m.p2,
        port
    );
    if m.p1 > 255 || m.p2 > 255 {
        note.push_str(
            " Port bytes are not range checked and are combined with a bitwise OR, not p1*256+p2.",
        );
    }
    if port > 65535 {
        note.push_str(&format!(
            " Parsing succeeds, but opening the data connection throws IllegalArgumentException from \
             new InetSocketAddress(host, {port})."
        ));
        note.push_str(multi_line_note(seen));
        return Reading::reject(NAME, SOURCE, format!("port out of range:{port}"), note);
    }
    // 3.9.0+ default: the advertised address is dropped for the control connection's address.
    let replaced = match (advertised, seen.control) {
        (Some(a), Some(IpAddr::V4(c))) => a != c,
        _ => true,
    };
    if m.host.join(",") == "0,0,0,0" {
        note.push_str(" 0,0,0,0 is explicitly mapped to the control connection's address.");
    }
    note.push_str(
        " Since 3.9.0 the advertised address is ignored by default (ipAddressFromPasvResponse is false unless the \
         system property org.apache.commons.net.ftp.ipAddressFromPasvResponse=true) and the client connects to the \
         control connection's address",
    );
    match seen.control {
        Some(c) if replaced => {
            note.push_str(&format!(" {c} instead of the advertised {host_text}."))
        }
        Some(_) => note.push_str(", which here is the advertised address."),
        None => note.push_str(" (not known here)."),
    }
    // What the pre-3.9.0 behaviour (the property set) would do, for comparison.
    match (advertised, seen.control) {
        (Some(a), Some(c)) if site_local_v4(a) && !site_local(c) => note.push_str(&format!(
            " With the property set (pre-3.9.0 behaviour) the default NAT workaround (NatServerResolverImpl) would \
             still replace the site-local {a} with the non-site-local control address {c}."
        )),
        (Some(a), _) if site_local_v4(a) => note.push_str(
            " With the property set (pre-3.9.0 behaviour) the default NAT workaround (NatServerResolverImpl) replaces \
             this site-local address only when the control address is not site-local.",
        ),
        (None, _) if host_text != "0.0.0.0" => note.push_str(&format!(
            " With the property set (pre-3.9.0 behaviour) {host_text} would be resolved by InetAddress.getByName \
             in the NAT workaround (behaviour not modelled)."
        )),
        _ => {}
    }
    if port == 0 {
        note.push_str(" Port 0 passes InetSocketAddress; the connect itself fails.");
    }
    note.push_str(multi_line_note(seen));
    Reading::accept(
        NAME,
        SOURCE,
        control_text(seen),
        u64::from(port),
        replaced,
        note,
    )
}

// ---------------------------------------------------------------------------------------------
// 229

/// Java `Integer.parseInt` (radix 10), ASCII digits only: an optional sign and at least one digit,
/// within the `int` range.
fn java_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = s
        .parse()
        .ok()
        .filter(|v: &i64| (i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(v))?;
    Some(v)
}

/// Java `String.trim`: strips every character up to U+0020 from both ends.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

fn epsv(seen: &Seen, first: &str) -> Reading {
    let sioobe = |why: &str| {
        Reading::reject(
            NAME,
            SOURCE,
            SIOOBE,
            format!(
                "{why} An unchecked exception, not MalformedServerReplyException; its message depends on the JDK.{}",
                multi_line_note(seen)
            ),
        )
    };
    let begin = first.find('(').map_or(0, |i| i + 1);
    let Some(end) = first.find(')') else {
        return sioobe("There is no ')', so substring(indexOf('(') + 1, -1) throws.");
    };
    if end < begin {
        return sioobe("The first ')' comes before the first '(', so substring throws.");
    }
    let inner = java_trim(&first[begin..end]);
    let chars: Vec<char> = inner.chars().collect();
    if chars.len() < 3 {
        return sioobe(
            "The text inside the parentheses is shorter than three characters, so charAt throws.",
        );
    }
    let (d1, d2, d3, d4) = (chars[0], chars[1], chars[2], chars[chars.len() - 1]);
    let malformed = |why: String| {
        Reading::reject(
            NAME,
            SOURCE,
            format!("{EPSV_ERROR}{inner}"),
            format!(
                "MalformedServerReplyException: {why}{}",
                multi_line_note(seen)
            ),
        )
    };
    if !(d1 == d2 && d2 == d3 && d3 == d4) {
        return malformed(format!(
            "the first three characters and the last ('{d1}', '{d2}', '{d3}', '{d4}') must all be the same character."
        ));
    }
    if chars.len() == 3 {
        return sioobe("Three delimiters and nothing else: substring(3, 2) throws.");
    }
    let number: String = chars[3..chars.len() - 1].iter().collect();
    let Some(port) = java_parse_int(&number) else {
        return malformed(format!("Integer.parseInt(\"{number}\") fails."));
    };
    let mut note = format!(
        "Delimiters '{d1}' (any character is accepted as long as the first three and the last agree); \
         Integer.parseInt(\"{number}\") = {port}."
    );
    if !(0..=65535).contains(&port) {
        note.push_str(&format!(
            " Parsing succeeds, but opening the data connection throws IllegalArgumentException from \
             new InetSocketAddress(host, {port})."
        ));
        note.push_str(multi_line_note(seen));
        return Reading::reject(NAME, SOURCE, format!("port out of range:{port}"), note);
    }
    note.push_str(" The host is always the control connection's address (getRemoteAddress())");
    note.push_str(if seen.control.is_some() {
        "."
    } else {
        ", not known here."
    });
    if port == 0 {
        note.push_str(" Port 0 passes InetSocketAddress; the connect itself fails.");
    }
    note.push_str(
        " Commons Net sends EPSV only over IPv6 or after setUseEPSVwithIPv4(true); by default over IPv4 it sends PASV.",
    );
    note.push_str(multi_line_note(seen));
    Reading::accept(NAME, SOURCE, control_text(seen), port as u64, false, note)
}
