//! Rules on the address and port that passive replies advertise.

use super::{blame, Code, Finding, Options, Severity};
use crate::address::{classify, Category, Classification};
use crate::log::{Decoding, Event, Exchange, Session};
use crate::wire::{ErrorCode, Form, Kind};
use std::net::IpAddr;

pub(super) const NAT_FIX: &str = "Tell the server its public address and forward its passive port range: vsftpd `pasv_address=PUBLIC_IP` (or `pasv_addr_resolve=YES` with a host name), ProFTPD `MasqueradeAddress PUBLIC_IP`, Pure-FTPd `-P PUBLIC_IP` (ForcePassiveIP), pyftpdlib `handler.masquerade_address`. Clients that use EPSV are not affected: its reply carries no address.";

const DOCKER_FIX: &str = "The server runs in a Docker container and reports its bridge address (172.17.0.0/16). Publish the control port and the whole passive range (`docker run -p 21:21 -p 50000-50010:50000-50010 …`, the same range the server is configured with) and give the server the host's public address (vsftpd `pasv_address`, or the image's variable such as PASV_ADDRESS/PUBLICHOST).";

pub(super) fn control_ip(s: &Session) -> Option<IpAddr> {
    s.control
        .as_ref()
        .and_then(|c| c.ip)
        .map(|ip| ip.to_canonical())
}

/// Passive replies that decoded with an address (227, 228), with their exchange and its index.
fn advertised(s: &Session) -> impl Iterator<Item = (usize, &Exchange, IpAddr)> {
    s.exchanges.iter().enumerate().filter_map(|(i, e)| {
        let d = e.decoded()?;
        (d.form == Form::Reply && matches!(d.kind, Kind::Pasv | Kind::Lpsv)).then_some(())?;
        Some((i, e, d.ip()?))
    })
}

/// The class that matters on the wire (an IPv4-mapped address means its IPv4 address).
pub(super) fn effective(ip: IpAddr) -> Classification {
    classify(ip.to_canonical())
}

/// Is the control peer on the public Internet? Documentation ranges (RFC 5737, RFC 3849) count as
/// public here: they exist to stand for public addresses in examples and tutorials.
pub(super) fn public_peer(ip: Option<IpAddr>) -> bool {
    ip.map(effective)
        .is_some_and(|c| c.globally_reachable || c.category == Category::Documentation)
}

pub(super) fn is_docker_bridge(ip: IpAddr) -> bool {
    matches!(ip.to_canonical(), IpAddr::V4(v4) if v4.octets()[0] == 172 && v4.octets()[1] == 17)
}

pub(super) fn address_class(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let control = control_ip(s);
    // A transfer only says the advertised address works when the client did not replace it. (The lines
    // of the replacements are collected once: scanning every event for every data connection made a
    // 20 MB log take a second here.)
    let replacements: std::collections::HashSet<usize> = s
        .events
        .iter()
        .filter_map(|e| match e {
            Event::ReplacedAddress { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    let replaced =
        |d: &crate::log::DataConnection| d.lines.iter().any(|l| replacements.contains(l));
    // A long log repeats the same few addresses: classify each once.
    let mut classes: std::collections::HashMap<IpAddr, Classification> =
        std::collections::HashMap::new();
    let worked: std::collections::HashSet<usize> = s
        .data_connections
        .iter()
        .filter(|d| d.outcome == crate::log::Outcome::Ok && !replaced(d))
        .map(|d| d.exchange)
        .collect();
    // Failed data connections that went to an advertised address the client cannot reach: that address
    // is then the cause, reported first (see `blame`).
    // One finding per such address, worded from the first connection it failed, with the lines of every
    // reply that advertised it (a client may have worked around it in another): the address, that
    // connection, and where its finding is in `out`. (Few addresses: a list, not a map.)
    let mut blamed: Vec<(IpAddr, &crate::log::DataConnection, Option<usize>)> = Vec::new();
    for d in &s.data_connections {
        if let Some(ip) = blame::unreachable_advertised(s, d) {
            if !blamed.iter().any(|b| b.0 == ip) {
                blamed.push((ip, d, None));
            }
        }
    }
    for (index, e, ip) in advertised(s) {
        let ip = ip.to_canonical();
        if Some(ip) == control {
            continue; // the address the client already talks to: reachable by definition
        }
        if let Some(b) = blamed.iter_mut().find(|b| b.0 == ip) {
            match b.2 {
                Some(at) => out[at].lines.extend(e.lines()),
                None => {
                    let class = classes.entry(ip).or_insert_with(|| effective(ip)).clone();
                    b.2 = Some(out.len());
                    out.push(cause(s, e, ip, &class, b.1));
                }
            }
            continue;
        }
        // With no control address in the log (ftplib, ftp -d), a transfer that worked over this reply
        // suggests a client on the same machine or network: worth knowing, not an error.
        let local_guess = control.is_none() && worked.contains(&index);
        let class = classes.entry(ip).or_insert_with(|| effective(ip)).clone();
        let Some((code, severity, message, fix)) = class_finding(ip, &class, control) else {
            continue;
        };
        let lines = e.lines();
        let (severity, message) = if local_guess && class.category != Category::Unspecified {
            (
                Severity::Info,
                format!("{message} The transfer in this log worked, so the client is probably on the server's own machine or network (the log does not show the control connection's address); clients elsewhere would fail."),
            )
        } else {
            (severity, message)
        };
        out.push(Finding::new(code, severity, message, fix, lines));
    }
    for at in blamed.iter().filter_map(|b| b.2) {
        let lines = &mut out[at].lines;
        lines.sort_unstable();
        lines.dedup();
    }
}

/// The finding an advertised address of this class calls for (none for a public address, nor for a
/// documentation address unless the server is really reached at a public one): code, severity, message
/// and fix. Behind a public control address a private or shared one is an error; otherwise a warning.
type Worded = (Code, Severity, String, String);

fn class_finding(ip: IpAddr, class: &Classification, control: Option<IpAddr>) -> Option<Worded> {
    let control_public = public_peer(control);
    let range = class.range.clone().unwrap_or_default();
    let rfc = class.rfc.unwrap_or("");
    let peer = control.map_or_else(|| "the server".to_string(), |c| c.to_string());
    let (code, severity, message, fix) = match class.category {
        Category::Public => return None,
        // In hand-written and teaching logs, documentation ranges stand for public addresses; only a
        // server really reached at a public address is wrong to advertise one.
        Category::Documentation if !control.is_some_and(|c| effective(c).globally_reachable) => return None,
        Category::Private => (
            Code::AdvertisedPrivateAddress,
            if control_public { Severity::Error } else { Severity::Warning },
            format!(
                "The server advertised {ip}, a private address ({rfc}, {range}), for the data connection{}. A client outside the server's network cannot reach it: the server is behind NAT and does not know its public address.",
                if control_public { format!(", while you reach it at the public address {peer}") } else { String::new() }
            ),
            if is_docker_bridge(ip) { DOCKER_FIX.to_string() } else { NAT_FIX.to_string() },
        ),
        Category::Loopback => (
            Code::AdvertisedLoopbackAddress,
            if control_public { Severity::Error } else { Severity::Warning },
            format!("The server advertised {ip}, a loopback address: every client that connects there reaches itself, not the server, and gets \"connection refused\"."),
            format!("The server is configured (or resolves its own name) to a loopback address. {NAT_FIX}"),
        ),
        Category::Unspecified => (
            Code::AdvertisedUnspecifiedAddress,
            Severity::Warning,
            format!("The server advertised {ip}, which names no host. Some clients then connect to the control address ({peer}) — curl, Python ftplib and FileZilla do, and AWS Transfer Family relies on it — but others fail."),
            format!("Advertise a real address. {NAT_FIX}"),
        ),
        Category::SharedCgnat => (
            Code::AdvertisedSharedAddress,
            if control_public { Severity::Error } else { Severity::Warning },
            format!("The server advertised {ip}, a carrier-grade NAT (shared) address ({rfc}, {range}): not reachable from the Internet. FileZilla does not treat this range as unroutable, so it will not fall back to the server's address."),
            format!("The server sits behind a provider's NAT. {NAT_FIX} If the provider's NAT has no public address for you, passive FTP from outside cannot work: use a VPN or a host with a public address."),
        ),
        other => (
            Code::AdvertisedSpecialAddress,
            Severity::Error,
            format!("The server advertised {ip}, {} ({rfc}, {range}): no client can connect to it.", other.phrase()),
            format!("The server's interface or passive-address setting is wrong. {NAT_FIX}"),
        ),
    };
    Some((code, severity, message, fix))
}

pub(super) fn address_mismatch(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let Some(control) = control_ip(s) else { return };
    for (_, e, ip) in advertised(s) {
        let ip = ip.to_canonical();
        if ip == control || !effective(ip).is_public() {
            continue;
        }
        out.push(Finding::new(
            Code::AdvertisedAddressMismatch,
            Severity::Warning,
            format!("The server advertised {ip} for the data connection, but the control connection goes to {control}. A separate data host or a load balancer can do this on purpose, but curl (since 7.74.0) and Python ftplib (since bpo-43285) ignore the advertised address and connect to {control}, while FileZilla connects to {ip}."),
            format!("If {ip} is not where this server's passive ports are open, set the passive address to {control} (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P). If a separate data host is intended, make the passive ports reachable on {control} too."),
            e.lines(),
        ));
    }
}

pub(super) fn client_replaced(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    // Passive replies in log order, by their first line: the one a message replaced is the latest before it.
    let replies: Vec<(usize, &Exchange)> = s
        .exchanges
        .iter()
        .filter_map(|e| {
            e.reply
                .as_ref()
                .filter(|r| matches!(r.code, 227 | 228))
                .map(|r| (r.lines[0], e))
        })
        .collect();
    for ev in &s.events {
        let Event::ReplacedAddress {
            line,
            advertised,
            used,
            text,
        } = ev
        else {
            continue;
        };
        if advertised.is_some() && used.is_some() && advertised == used {
            continue; // curl names the control address even when both are the same
        }
        let what = match (advertised, used) {
            (Some(a), Some(u)) => format!("The client did not use the advertised address {a} and connected to {u} instead"),
            _ => "The client did not use the advertised address and connected to the server's control address instead".to_string(),
        };
        let mut lines = vec![*line];
        // The reply it replaced: the latest passive reply before this line.
        let before = replies.partition_point(|(first, _)| first < line);
        if let Some((_, e)) = before.checked_sub(1).and_then(|i| replies.get(i)) {
            lines.extend(e.lines());
        }
        out.push(Finding::new(
            Code::ClientReplacedAddress,
            Severity::Warning,
            format!("{what} (\"{}\"). This client worked around it, but the server is still misconfigured: clients that trust the advertised address (FileZilla when it looks routable, older curl and ftplib, many libraries) will fail.", text.trim()),
            NAT_FIX.to_string(),
            lines,
        ));
    }
}

pub(super) fn malformed(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        let Some(Decoding::Error(err)) = &e.decoding else {
            continue;
        };
        let is_reply = e
            .reply
            .as_ref()
            .is_some_and(|r| matches!(r.code, 227..=229));
        let note = err
            .note
            .as_ref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        if err.code == ErrorCode::PortZero {
            out.push(Finding::new(
                Code::PortZero,
                Severity::Error,
                format!("The {} names port 0, which no connection can use.", if is_reply { "server's passive reply" } else { "client's PORT/EPRT command" }),
                "Port 0 means the program did not get a real port from the operating system; check its passive/active port configuration.",
                e.lines(),
            ));
        } else if is_reply {
            let code = e.code().unwrap_or(0);
            out.push(Finding::new(
                Code::MalformedReply,
                Severity::Error,
                format!("The {code} reply is malformed: {}.{note}", err.message),
                "Fix the server (or the middlebox rewriting its replies) so it sends the RFC form: 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2), 229 Entering Extended Passive Mode (|||port|).",
                e.lines(),
            ));
        }
    }
}

pub(super) fn privileged_port(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        let Some(d) = e.decoded() else { continue };
        let Some(port) = d.port() else { continue };
        if port >= 1024 {
            continue;
        }
        let (message, fix) = if d.kind.is_passive() {
            (
                format!("The server handed out port {port} for the data connection, a privileged port (below 1024). Passive ports normally come from a high range, and firewalls rarely open low ones."),
                "Configure a passive port range above 1024 (vsftpd pasv_min_port/pasv_max_port, ProFTPD PassivePorts, Pure-FTPd -p) and open it in the firewall.",
            )
        } else {
            (
                format!("The client asked the server to connect to port {port}, a privileged port (below 1024). That is the pattern of the FTP bounce attack (RFC 2577), and servers refuse it."),
                "Active mode should name a port above 1024 on the client itself; check the client's active-mode port settings.",
            )
        };
        out.push(Finding::new(
            Code::PrivilegedPort,
            Severity::Warning,
            message,
            fix,
            e.lines(),
        ));
    }
}

pub(super) fn outside_range(s: &Session, o: &Options, out: &mut Vec<Finding>) {
    let Some((min, max)) = o.passive_range else {
        return;
    };
    for e in &s.exchanges {
        let Some(d) = e.decoded() else { continue };
        if !(d.kind.is_passive() && d.form == Form::Reply) {
            continue;
        }
        let Some(port) = d.port() else { continue };
        if port < min || port > max {
            out.push(Finding::new(
                Code::PortOutsideRange,
                Severity::Warning,
                format!("The server handed out port {port}, outside the passive range {min}-{max} you gave: the firewall or NAT forwarding that range will not let this connection through."),
                "The server is not using the configured range: check that its configuration was reloaded and names the same range (vsftpd pasv_min_port/pasv_max_port, ProFTPD PassivePorts, Pure-FTPd -p), and that pasv_min_port is not larger than pasv_max_port.",
                e.lines(),
            ));
        }
    }
}

pub(super) fn tls_hides_reply(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    if !s.tls {
        return;
    }
    let control = control_ip(s);
    for (_, e, ip) in advertised(s) {
        let ip = ip.to_canonical();
        let class = effective(ip);
        if Some(ip) == control
            || class.globally_reachable
            || class.category == Category::Unspecified
        {
            continue;
        }
        out.push(Finding::new(
            Code::TlsHidesPassiveReply,
            Severity::Warning,
            format!("The control connection is encrypted (AUTH TLS), so a router's FTP helper (ALG, nf_conntrack_ftp) cannot read or rewrite this reply: the internal address {ip} reaches the client unchanged. Without TLS a helper may have hidden this problem."),
            format!("The server itself must advertise its public address under TLS. {NAT_FIX}"),
            e.lines(),
        ));
    }
}

/// The advertised address as the cause of a failed data connection (see [`blame::unreachable_advertised`]):
/// an error, whatever the control peer's class, with a fix naming the address to advertise and a check
/// that can work from where the client is.
fn cause(
    s: &Session,
    e: &Exchange,
    ip: IpAddr,
    class: &Classification,
    dc: &crate::log::DataConnection,
) -> Finding {
    let code = match class.category {
        Category::Private => Code::AdvertisedPrivateAddress,
        Category::Loopback => Code::AdvertisedLoopbackAddress,
        Category::SharedCgnat => Code::AdvertisedSharedAddress,
        _ => Code::AdvertisedSpecialAddress,
    };
    let failed = blame::failure(dc).unwrap_or("failed");
    let port = dc
        .advertised
        .port
        .map(|p| format!(" (port {p})"))
        .unwrap_or_default();
    let reply = e.code().unwrap_or(227);
    let what = match (class.rfc, class.range.as_deref()) {
        (Some(rfc), Some(range)) => format!("{} ({rfc}, {range})", class.category.phrase()),
        _ => class.category.phrase().to_string(),
    };
    let control = control_ip(s);
    let server = blame::server_host(s);
    let where_ = match (&control, &server) {
        (Some(c), _) => format!(", but the client reached the server at {c}"),
        (None, Some(h)) => format!(", but the client reached the server at {h}"),
        (None, None) => " — no client outside the server's own network can reach it (this log does not show where the client reached the server)".to_string(),
    };
    let itself = if class.category == Category::Loopback {
        " (there, the client reached itself, not the server)"
    } else {
        ""
    };
    let message = format!(
        "The server advertised {ip}, {what}, in its {reply} reply{where_}. The client connected there{port} and the data connection {failed}{itself}: the server is behind NAT (or in a container) and advertises an address this client cannot reach."
    );
    // The address to advertise: the one the client reached (an IPv4 address, as a 227 reply needs), or
    // its host name, or a placeholder.
    let (address, host_name) = match (control, &server) {
        (Some(IpAddr::V4(v4)), _) => (v4.to_string(), false),
        (None, Some(h)) => (h.clone(), true),
        _ => ("PUBLIC_IP".to_string(), false),
    };
    let set = if is_docker_bridge(ip) {
        format!("The server runs in a Docker container and reports its bridge address. Publish the control port and the whole passive range (`docker run -p 21:21 -p 50000-50010:50000-50010 …`, the range the server uses) and make it advertise {address} (vsftpd `pasv_address`, or the image's variable such as PASV_ADDRESS/PUBLICHOST).")
    } else {
        let (whose, resolve, py) = if host_name {
            (
                "the name this client reached it at",
                " with `pasv_addr_resolve=YES`",
                " (the IPv4 address behind the name)",
            )
        } else if address == "PUBLIC_IP" {
            ("its public address", "", "")
        } else {
            ("the address this client reached it at", "", "")
        };
        format!("Make the server advertise {address}, {whose}: vsftpd `pasv_address={address}`{resolve}, ProFTPD `MasqueradeAddress {address}`, Pure-FTPd `-P {address}` (ForcePassiveIP), pyftpdlib `handler.masquerade_address`{py}; and forward the passive port range to the server.")
    };
    let fix = format!(
        "{set} Meanwhile, clients that ignore the advertised address get through (curl and Python ftplib by default, lftp's ftp:fix-pasv-address, any client using EPSV). Check from the client: `curl -v --disable-epsv {}`{} ignores the advertised address and connects to the server's own address; if that lists, the advertised address is the only problem.",
        blame::ftp_url(s),
        blame::placeholder_note(s)
    );
    Finding::new(code, Severity::Error, message, fix, e.lines())
}
