//! Findings about a session's data connections as the wire shows them: how an opening failed
//! (unanswered, reset, ICMP error), a connection from a foreign source, one that is not in the capture.

use super::packets;
use crate::capture::ftp::{DataEvidence, FtpSession};
use crate::capture::{duration, Analysis, Connection, Opening};
use crate::diagnose::{Code, Finding, Severity};
use crate::log::Mode;

/// The log lines behind a data connection.
fn lines_of(s: &FtpSession, ev: &DataEvidence) -> Vec<usize> {
    s.session
        .data_connections
        .get(ev.index)
        .map(|d| d.lines.clone())
        .unwrap_or_default()
}

/// The findings for one negotiated data connection: how its opening failed, where it came from, or that
/// it is not in the capture.
pub(super) fn data_rules(a: &Analysis, s: &FtpSession, ev: &DataEvidence, out: &mut Vec<Finding>) {
    let lines = lines_of(s, ev);
    match ev.connection.and_then(|id| a.connection(id)) {
        Some(c) => {
            wire_failure(c, Some(ev), s, lines.clone(), out);
            if ev.foreign_source {
                let own = a.connection(s.connection).map(|c| match ev.mode {
                    Mode::Passive => c.client.ip(),
                    Mode::Active => c.server.ip(),
                });
                let (who, side) = match ev.mode {
                    Mode::Passive => ("client", "the client's"),
                    Mode::Active => ("server", "the server's"),
                };
                out.push(Finding::new(
                    Code::DataForeignSource,
                    Severity::Warning,
                    format!(
                        "The data connection came from {}, while the control connection's {who} is {}. {}",
                        c.client.ip(),
                        own.map(|i| i.to_string()).unwrap_or_default(),
                        if ev.mode == Mode::Passive {
                            "A NAT that maps each connection to another public address (an address pool), a proxy or a load balancer does this; servers that check it (vsftpd, ProFTPD, pyftpdlib by default) refuse the connection with a 425 to prevent port stealing."
                        } else {
                            "The server opened it from another of its addresses; clients and firewalls that expect it from the control connection's address may refuse it."
                        }
                    ),
                    format!("Make both connections leave from the same address ({side} NAT with paired/sticky address pooling), or, if you accept the port-stealing risk, relax the server's check (vsftpd pasv_promiscuous=YES, ProFTPD AllowForeignAddress on)."),
                    lines,
                ));
            }
        }
        None => {
            let dc = s.session.data_connections.get(ev.index);
            let asked = dc.is_some_and(|d| d.transfer.is_some());
            if !asked && ev.mode == Mode::Passive && s.encrypted.is_none() {
                out.push(Finding::new(
                    Code::DataNotSeen,
                    Severity::Warning,
                    format!(
                        "The server offered {} for a data connection ({}), and no connection to it is in the capture: the client never connected, or its SYN never reached this capture point (dropped on the way: a firewall, or a NAT that does not forward the port), or a capture filter left it out. No transfer command followed.",
                        ev.expected.map(|e| e.to_string()).unwrap_or_else(|| "a port".to_string()),
                        dc.map_or("", |d| d.via.as_str()).to_ascii_uppercase()
                    ),
                    "Capture on the client's side too (or without a port filter) to see whether the client tried; then open and forward the passive range on the way.",
                    lines,
                ));
                return;
            }
            if asked && s.encrypted.is_none() {
                out.push(Finding::new(
                    Code::DataNotSeen,
                    Severity::Warning,
                    format!(
                        "No packet of the data connection for {} ({} to {}) is in the capture: the {} never tried to connect, or the capture did not include it (a capture filter such as \"port 21\", or another interface).",
                        dc.and_then(|d| d.transfer.as_deref()).unwrap_or("the transfer"),
                        dc.map_or("", |d| d.via.as_str()).to_ascii_uppercase(),
                        ev.expected.map(|e| e.to_string()).unwrap_or_else(|| "an unknown endpoint".to_string()),
                        if ev.mode == Mode::Passive { "client" } else { "server" }
                    ),
                    "Capture without a port filter (or with the passive range: `port 21 or portrange 50000-51000`) on the interface the traffic takes, to see whether the data connection was attempted.",
                    lines,
                ));
            }
        }
    }
}

/// A data connection's opening, described for the findings about how it failed.
struct Opened<'a> {
    c: &'a Connection,
    /// The server opened it (active mode).
    active: bool,
    /// `The server's` or `The client's`.
    who: &'static str,
    /// `negotiated with EPSV`, or `negotiated inside TLS`.
    via: String,
    /// ` in packet N`, when the negotiation's packet is known.
    neg: String,
    /// The packets of its SYNs.
    syns: Vec<u32>,
    /// Passive mode, to the private address the server advertised.
    advertised_private: bool,
}

impl<'a> Opened<'a> {
    fn new(c: &'a Connection, ev: Option<&DataEvidence>, s: &FtpSession) -> Self {
        let active = ev
            .map(|e| e.mode == Mode::Active)
            .unwrap_or(c.client.ip() == s.server.ip());
        let via = ev
            .and_then(|e| s.session.data_connections.get(e.index))
            .map(|d| format!("negotiated with {}", d.via.as_str().to_ascii_uppercase()))
            .unwrap_or_else(|| "negotiated inside TLS".to_string());
        let neg = ev
            .and_then(|e| e.negotiated_packet)
            .map(|p| format!(" in packet {p}"))
            .unwrap_or_default();
        let advertised_private = ev.is_some_and(|e| {
            e.mode == Mode::Passive
                && !e.to_other_address
                && e.expected.is_some_and(|x| {
                    let class = crate::address::classify(x.ip().to_canonical());
                    !class.globally_reachable && x.ip() != s.server.ip()
                })
        });
        Opened {
            c,
            active,
            who: if active {
                "The server's"
            } else {
                "The client's"
            },
            via,
            neg,
            syns: c.syn.iter().map(|p| p.packet).collect(),
            advertised_private,
        }
    }

    /// What to do about it: passive mode for an active connection; else the server's passive range or the
    /// address it advertises.
    fn fix(&self) -> String {
        let to = self.c.server;
        if self.active {
            "Use passive mode (EPSV/PASV): the client then opens the data connection itself. Active mode only works when the client accepts incoming connections on its data ports (its firewall and any NAT in front of it).".to_string()
        } else if self.advertised_private {
            format!(
                "The client used the address the server advertised, {}, which it cannot reach. {}",
                to.ip(),
                crate::diagnose::advertised::NAT_FIX
            )
        } else {
            format!("Open and forward the server's whole passive port range (the port here is {}) on its firewall and on the router in front of it, and make the server advertise the address clients reach it at. Check from outside with `nc -zv {} {}` while a transfer waits.", to.port(), to.ip(), to.port())
        }
    }
}

/// The three failures of a data connection's opening, for a negotiated one (with `ev`) or an unexplained
/// one under TLS.
pub(super) fn wire_failure(
    c: &Connection,
    ev: Option<&DataEvidence>,
    s: &FtpSession,
    lines: Vec<usize>,
    out: &mut Vec<Finding>,
) {
    let o = Opened::new(c, ev, s);
    let finding = match c.opening {
        Opening::Unanswered => Some(unanswered(&o, lines)),
        Opening::Reset => Some(reset(&o, lines)),
        Opening::IcmpError => icmp_error(&o, lines),
        _ => None,
    };
    out.extend(finding);
}

/// Its SYNs got no answer at all.
fn unanswered(o: &Opened<'_>, lines: Vec<usize>) -> Finding {
    let Opened { who, via, neg, .. } = o;
    let to = o.c.server;
    Finding::new(
        Code::DataSynUnanswered,
        Severity::Error,
        format!(
            "{who} data connection to {to} ({via}{neg}) was never answered: its SYN was sent {} over {} (packets {}) and no SYN-ACK, reset or ICMP error came back. The packets are dropped on the way — {}.",
            crate::capture::times(o.syns.len()),
            duration(o.c.syn_span_us()),
            packets(&o.syns),
            if o.active {
                "by the client's firewall, or by a NAT in front of the client that has no mapping for the port (the address in PORT/EPRT may be a private one the server cannot reach)"
            } else if o.advertised_private {
                "a private address is not reachable across the Internet"
            } else {
                "by a firewall that drops the passive port, or by a router in front of the server that does not forward it"
            }
        ),
        o.fix(),
        lines,
    )
}

/// Its SYN was answered by a reset.
fn reset(o: &Opened<'_>, lines: Vec<usize>) -> Finding {
    let Opened { who, via, neg, .. } = o;
    let to = o.c.server;
    let rst = o.c.resets.iter().find(|r| !r.from_client).map(|r| r.packet);
    Finding::new(
        Code::DataSynReset,
        Severity::Error,
        format!(
            "{who} data connection to {to} ({via}{neg}) was refused: its SYN (packet {}) was answered by a reset{} from {}. Nothing listens on port {} there, or a firewall rejects the connection with a reset; the program is told \"Connection refused\".",
            packets(&o.syns),
            rst.map(|p| format!(" (packet {p})")).unwrap_or_default(),
            to.ip(),
            to.port()
        ),
        o.fix(),
        lines,
    )
}

/// Its SYN was answered by an ICMP error (None when the error quotes no packet of the client's).
fn icmp_error(o: &Opened<'_>, lines: Vec<usize>) -> Option<Finding> {
    let Opened { who, via, neg, .. } = o;
    let to = o.c.server;
    let i = o.c.icmp.iter().find(|i| i.quotes_client)?;
    Some(Finding::new(
        Code::DataIcmpError,
        Severity::Error,
        format!(
            "{who} data connection to {to} ({via}{neg}) was rejected: its SYN (packet {}) was answered by an ICMP error from {} (packet {}): {} ({} type {} code {}). {} rejects it; the program is told \"{}\".",
            packets(&o.syns),
            i.from,
            i.packet,
            i.description,
            i.protocol,
            i.kind,
            i.code,
            if i.from == to.ip() { "The destination host's firewall" } else { "A firewall or router on the way (at the address that sent the error)" },
            i.errno
        ),
        o.fix(),
        lines,
    ))
}
