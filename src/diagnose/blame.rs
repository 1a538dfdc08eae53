//! Which of several findings names the cause. The most common NAT failure shows two symptoms: the server
//! advertised an address the client cannot reach, and the data connection to it timed out. The address
//! is the cause; a closed passive range is at most a further suspect, which the log cannot confirm. This
//! module decides when a failed data connection is explained by the advertised address, and writes the
//! checks that can work from where the client is (never a command aimed at the unreachable address).

use super::advertised::{control_ip, effective};
use crate::address::Category;
use crate::log::{DataConnection, Event, Mode, Outcome, Session};
use crate::wire::Kind;
use std::net::IpAddr;

/// A server's reply about a data connection that came from another address (not a reachability failure).
pub(super) fn foreign(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("bad ip connecting") || t.contains("foreign address") || t.contains("foreign ip")
}

/// How a passive data connection failed, in words ("timed out", "was refused", "failed"), or `None` when
/// it did not fail for lack of reachability (ok, not attempted, or a server rejecting a foreign address).
pub(super) fn failure(dc: &DataConnection) -> Option<&'static str> {
    match dc.outcome {
        Outcome::TimedOut => Some("timed out"),
        Outcome::Refused => Some("was refused"),
        Outcome::Failed
            if dc
                .reason
                .as_deref()
                .is_some_and(|r| r.starts_with("425") && !foreign(r)) =>
        {
            Some("never arrived")
        }
        _ => None,
    }
}

/// Did the client say (on one of this connection's lines) that it replaced the advertised address?
/// Events are in log order, so this is a binary search, not a scan.
fn replaced(s: &Session, dc: &DataConnection) -> bool {
    let (Some(&first), Some(&last)) = (dc.lines.iter().min(), dc.lines.iter().max()) else {
        return false;
    };
    let start = s.events.partition_point(|e| e.line() < first);
    s.events[start..]
        .iter()
        .take_while(|e| e.line() <= last)
        .any(|e| matches!(e, Event::ReplacedAddress { line, .. } if dc.lines.contains(line)))
}

/// The advertised address that explains this failed passive data connection, if one does: the client
/// connected to the address of a 227/228 reply (as far as the log shows: it names that address, or names
/// none and says nothing of replacing it), that address is not the control connection's, and it cannot be
/// reached from where the client is — not globally reachable while the client reached the server at
/// another address. With no control address in the log (ftplib, `ftp -d`), a loopback address is left
/// out: the client may well run on the server's own machine (and then reaches it), so a closed port is as
/// likely; a private, shared or special-purpose address is taken as the cause.
pub fn unreachable_advertised(s: &Session, dc: &DataConnection) -> Option<IpAddr> {
    if dc.mode != Mode::Passive || !matches!(dc.via, Kind::Pasv | Kind::Lpsv) {
        return None;
    }
    failure(dc)?;
    let advertised = dc.advertised.ip?.to_canonical();
    let control = control_ip(s);
    if control == Some(advertised) {
        return None;
    }
    let used = match dc.used.as_ref().and_then(|u| u.ip) {
        Some(u) => u.to_canonical(),
        None if replaced(s, dc) => return None,
        None => advertised,
    };
    if used != advertised {
        return None;
    }
    let control_global = control.is_some_and(|c| effective(c).globally_reachable);
    let reachable = match effective(advertised).category {
        Category::Public => true,
        // Clients replace it with the control address; it is a finding of its own.
        Category::Unspecified => true,
        // Stands for a public address in examples, unless the real server is on the Internet.
        Category::Documentation => !control_global,
        Category::Loopback => control.is_none(),
        _ => false,
    };
    (!reachable).then_some(advertised)
}

/// The server as the client reached it, for a command: the control connection's address (or host name).
pub(super) fn server_host(s: &Session) -> Option<String> {
    let c = s.control.as_ref()?;
    c.ip.map(|ip| ip.to_canonical().to_string())
        .or_else(|| c.host.clone())
}

/// `nc -zv HOST PORT` aimed at the server as the client reached it (`SERVER` when the log does not say).
pub(super) fn nc_check(s: &Session, port: Option<u16>) -> String {
    let host = server_host(s).unwrap_or_else(|| "SERVER".to_string());
    let port = port.map_or_else(|| "PORT".to_string(), |p| p.to_string());
    format!("nc -zv {host} {port}")
}

/// `ftp://HOST[:PORT]/` for the server as the client reached it (`SERVER` when the log does not say).
pub(super) fn ftp_url(s: &Session) -> String {
    let host = match s.control.as_ref() {
        Some(c) => match (c.ip.map(|ip| ip.to_canonical()), &c.host) {
            (Some(IpAddr::V6(v6)), _) => format!("[{v6}]"),
            (Some(ip), _) => ip.to_string(),
            (None, Some(h)) => h.clone(),
            (None, None) => "SERVER".to_string(),
        },
        None => "SERVER".to_string(),
    };
    let port = s
        .control
        .as_ref()
        .and_then(|c| c.port)
        .filter(|&p| p != 21)
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    format!("ftp://{host}{port}/")
}

/// "SERVER is the address or name you connect to" when a command had to say `SERVER`.
pub(super) fn placeholder_note(s: &Session) -> &'static str {
    if server_host(s).is_none() {
        " (SERVER: the address or name the client connects to; this log does not show it)"
    } else {
        ""
    }
}
