//! Two captures of the same sessions, taken at two points (the client and the server, or both sides of a
//! NAT): their FTP sessions paired by what the client said (commands pass through NAT unchanged, except
//! PORT/EPRT), their data connections paired by negotiation, and what changed between the two points —
//! addresses and ports translated, a 227/229/PORT/EPRT rewritten by an FTP helper, packets seen on one
//! side that never reached the other.

use super::ftp::{FtpSession, WireOutcome};
use super::{Analysis, Connection};
use crate::log::{Mode, Role};
use serde::Serialize;
use std::net::{IpAddr, SocketAddr};

/// A line of the dialogue that differs between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// `227 reply`, `PORT command`, …
    pub what: String,
    /// The side that sent it, and what it sent.
    pub sent_side: String,
    pub sent_text: String,
    pub sent_packet: Option<u32>,
    pub sent_address: Option<IpAddr>,
    /// The side that received it, and what arrived.
    pub received_side: String,
    pub received_text: String,
    pub received_packet: Option<u32>,
    pub received_address: Option<IpAddr>,
    /// The data connection it negotiated was made.
    pub worked: bool,
}

/// A connection whose addresses differ between the sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// `control` or `data`.
    pub what: String,
    pub first_side: String,
    pub first_client: SocketAddr,
    pub first_server: SocketAddr,
    pub second_side: String,
    pub second_client: SocketAddr,
    pub second_server: SocketAddr,
    /// What the translation is, in words.
    pub how: String,
}

/// Packets of a connection seen on one side and never on the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PacketsLost {
    pub what: String,
    /// A data connection (the failure that matters), rather than another.
    pub data: bool,
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub seen_side: String,
    pub missing_side: String,
    pub packets: Vec<u32>,
    /// Where they vanished, as far as the two captures tell.
    pub why: String,
}

/// Which data connection of the first side is which of the second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataPair {
    /// Index in both sessions' `data`.
    pub index: usize,
    pub first: Option<usize>,
    pub second: Option<usize>,
    pub first_wire: WireOutcome,
    pub second_wire: WireOutcome,
}

/// Two sessions, one from each capture, that are the same session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionPair {
    /// Indexes in each analysis's `sessions`.
    pub first: usize,
    pub second: usize,
    pub data: Vec<DataPair>,
}

/// What two captures of the same sessions show together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub first_side: String,
    pub second_side: String,
    pub pairs: Vec<SessionPair>,
    /// Sessions found in one capture only.
    pub unpaired_first: Vec<usize>,
    pub unpaired_second: Vec<usize>,
    pub rewrites: Vec<Rewrite>,
    pub translations: Vec<Translation>,
    pub lost: Vec<PacketsLost>,
}

/// The client's commands, as the pairing key (PORT/EPRT arguments left out: a helper may rewrite them).
fn commands(s: &FtpSession) -> Vec<String> {
    s.session
        .exchanges
        .iter()
        .filter_map(|e| e.command.as_ref())
        .map(|c| match c.verb.as_str() {
            "PORT" | "EPRT" | "LPRT" => c.verb.clone(),
            _ => c.text.clone(),
        })
        .collect()
}

fn common_prefix(a: &[String], b: &[String]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Compare two captures: `first` taken on the `first_side` (say "client"), `second` on the other.
pub fn compare(
    first: &Analysis,
    second: &Analysis,
    first_side: &str,
    second_side: &str,
) -> Comparison {
    let mut out = Comparison {
        first_side: first_side.to_string(),
        second_side: second_side.to_string(),
        pairs: Vec::new(),
        unpaired_first: Vec::new(),
        unpaired_second: Vec::new(),
        rewrites: Vec::new(),
        translations: Vec::new(),
        lost: Vec::new(),
    };
    let keys_b: Vec<Vec<String>> = second.sessions.iter().map(commands).collect();
    let mut used = vec![false; second.sessions.len()];
    for (i, s) in first.sessions.iter().enumerate() {
        let key = commands(s);
        let best = keys_b
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .map(|(j, k)| (common_prefix(&key, k), j))
            .filter(|&(n, _)| n >= 1 || key.is_empty())
            .max_by_key(|&(n, j)| (n, usize::MAX - j));
        match best {
            Some((_, j)) => {
                used[j] = true;
                let pair = pair_sessions(first, second, i, j, &mut out);
                out.pairs.push(pair);
            }
            None => out.unpaired_first.push(i),
        }
    }
    out.unpaired_second = (0..second.sessions.len()).filter(|&j| !used[j]).collect();
    out
}

fn how(a: (SocketAddr, SocketAddr), b: (SocketAddr, SocketAddr)) -> String {
    let mut parts = Vec::new();
    if a.0.ip() != b.0.ip() {
        parts.push(format!(
            "the client's address {} appears as {} (source NAT{})",
            a.0.ip(),
            b.0.ip(),
            if a.0.port() != b.0.port() {
                format!(", its port {} as {}", a.0.port(), b.0.port())
            } else {
                String::new()
            }
        ));
    } else if a.0.port() != b.0.port() {
        parts.push(format!(
            "the client's port {} appears as {}",
            a.0.port(),
            b.0.port()
        ));
    }
    if a.1.ip() != b.1.ip() {
        parts.push(format!(
            "the server's address {} is {} on the other side (destination NAT, port forwarding{})",
            a.1.ip(),
            b.1.ip(),
            if a.1.port() != b.1.port() {
                format!("; port {} to {}", a.1.port(), b.1.port())
            } else {
                String::new()
            }
        ));
    } else if a.1.port() != b.1.port() {
        parts.push(format!(
            "the server's port {} is {} on the other side",
            a.1.port(),
            b.1.port()
        ));
    }
    parts.join("; ")
}

fn translation(
    what: &str,
    out: &Comparison,
    a: &Connection,
    b: &Connection,
) -> Option<Translation> {
    if a.client == b.client && a.server == b.server {
        return None;
    }
    Some(Translation {
        what: what.to_string(),
        first_side: out.first_side.clone(),
        first_client: a.client,
        first_server: a.server,
        second_side: out.second_side.clone(),
        second_client: b.client,
        second_server: b.server,
        how: how((a.client, a.server), (b.client, b.server)),
    })
}

fn pair_sessions(
    first: &Analysis,
    second: &Analysis,
    i: usize,
    j: usize,
    out: &mut Comparison,
) -> SessionPair {
    let (sa, sb) = (&first.sessions[i], &second.sessions[j]);
    let (ca, cb) = (
        &first.connections[sa.connection],
        &second.connections[sb.connection],
    );
    if let Some(t) = translation("control", out, ca, cb) {
        out.translations.push(t);
    }
    let control_how = how((ca.client, ca.server), (cb.client, cb.server));
    // The dialogue, line by line in each direction.
    let lines = |s: &FtpSession, role: Role| -> Vec<(usize, String)> {
        s.session
            .lines
            .iter()
            .filter(|l| l.role == role)
            .map(|l| (l.number, strip(&l.text).to_string()))
            .collect()
    };
    for role in [Role::Command, Role::Reply] {
        let (la, lb) = (lines(sa, role), lines(sb, role));
        for ((na, ta), (nb, tb)) in la.iter().zip(&lb) {
            if ta == tb {
                continue;
            }
            let what = describe(ta, role);
            // Commands travel from the client, replies from the server.
            let first_sent = (role == Role::Command) == (out.first_side == "client");
            let (sent, received) = if first_sent {
                ((sa, *na, ta), (sb, *nb, tb))
            } else {
                ((sb, *nb, tb), (sa, *na, ta))
            };
            let address = |t: &str| crate::wire::decode(t).ok().and_then(|d| d.ip());
            let worked = data_after(sa, *na).is_some_and(|w| w == WireOutcome::Connected);
            out.rewrites.push(Rewrite {
                what,
                sent_side: if first_sent {
                    out.first_side.clone()
                } else {
                    out.second_side.clone()
                },
                sent_text: sent.2.clone(),
                sent_packet: sent.0.packet_of(sent.1),
                sent_address: address(sent.2),
                received_side: if first_sent {
                    out.second_side.clone()
                } else {
                    out.first_side.clone()
                },
                received_text: received.2.clone(),
                received_packet: received.0.packet_of(received.1),
                received_address: address(received.2),
                worked,
            });
        }
    }
    // Data connections, in negotiation order.
    let mut data = Vec::new();
    for (k, (da, db)) in sa.data.iter().zip(&sb.data).enumerate() {
        let (xa, xb) = (
            da.connection.map(|c| &first.connections[c]),
            db.connection.map(|c| &second.connections[c]),
        );
        data.push(DataPair {
            index: k,
            first: da.connection,
            second: db.connection,
            first_wire: da.wire,
            second_wire: db.wire,
        });
        match (xa, xb) {
            (Some(a), Some(b)) => {
                if let Some(t) = translation("data", out, a, b) {
                    if t.how != control_how {
                        out.translations.push(t);
                    }
                }
                lost_in_pair(out, a, b);
            }
            (Some(a), None) => out.lost.push(vanished(out, a, true, da.mode)),
            (None, Some(b)) => out.lost.push(vanished(out, b, false, db.mode)),
            (None, None) => {}
        }
    }
    SessionPair {
        first: i,
        second: j,
        data,
    }
}

/// The data connection negotiated by the line `line` (or the next one after it), and its outcome.
fn data_after(s: &FtpSession, line: usize) -> Option<WireOutcome> {
    let dc = s
        .session
        .data_connections
        .iter()
        .position(|d| d.lines.first().is_some_and(|&l| l >= line) || d.lines.contains(&line))?;
    s.data.get(dc).map(|e| e.wire)
}

fn strip(text: &str) -> &str {
    text.strip_prefix("C: ")
        .or_else(|| text.strip_prefix("S: "))
        .unwrap_or(text)
}

fn describe(text: &str, role: Role) -> String {
    if role == Role::Reply {
        let code = text.get(..3).unwrap_or("");
        format!("{code} reply")
    } else {
        let verb = text.split(' ').next().unwrap_or("").to_ascii_uppercase();
        format!("{verb} command")
    }
}

fn vanished(out: &Comparison, c: &Connection, seen_first: bool, mode: Mode) -> PacketsLost {
    let (seen, missing) = if seen_first {
        (out.first_side.clone(), out.second_side.clone())
    } else {
        (out.second_side.clone(), out.first_side.clone())
    };
    let answered_here =
        !c.syn_ack.is_empty() || c.resets.iter().any(|r| !r.from_client) || !c.icmp.is_empty();
    let why = if answered_here {
        format!(
            "the answer{} came from a device between the two capture points, not from the far end",
            c.icmp
                .first()
                .map(|i| format!(" (ICMP from {})", i.from))
                .unwrap_or_default()
        )
    } else {
        format!(
            "a device between the two capture points dropped them (a firewall, or a NAT with no forwarding for port {}){}",
            c.server.port(),
            if mode == Mode::Active { "; in active mode the server connects to the client" } else { "" }
        )
    };
    PacketsLost {
        what: "data".to_string(),
        data: true,
        client: c.client,
        server: c.server,
        seen_side: seen,
        missing_side: missing,
        packets: c
            .records
            .iter()
            .filter(|r| r.from_client)
            .map(|r| r.frame)
            .collect(),
        why,
    }
}

/// Both sides saw the connection: did some of its opening packets not make it across?
fn lost_in_pair(out: &mut Comparison, a: &Connection, b: &Connection) {
    // Which side is upstream of the client's packets: the one where the client's SYNs are more numerous.
    let (sa, sb) = (a.syn.len(), b.syn.len());
    if sa > sb && b.syn_ack.is_empty() {
        out.lost.push(PacketsLost {
            what: "data".to_string(),
            data: true,
            client: a.client,
            server: a.server,
            seen_side: out.first_side.clone(),
            missing_side: out.second_side.clone(),
            packets: a.syn[sb..].iter().map(|p| p.packet).collect(),
            why: "some of the client's SYN retransmissions were dropped between the capture points"
                .to_string(),
        });
    } else if sb > sa && a.syn_ack.is_empty() {
        out.lost.push(PacketsLost {
            what: "data".to_string(),
            data: true,
            client: b.client,
            server: b.server,
            seen_side: out.second_side.clone(),
            missing_side: out.first_side.clone(),
            packets: b.syn[sa..].iter().map(|p| p.packet).collect(),
            why: "some of the SYN retransmissions were dropped between the capture points"
                .to_string(),
        });
    }
    // Answers seen where the connection starts but not where it ends.
    let answers =
        |c: &Connection| c.syn_ack.len() + c.resets.iter().filter(|r| !r.from_client).count();
    if answers(b) > 0 && answers(a) == 0 {
        out.lost.push(PacketsLost {
            what: "data".to_string(),
            data: true,
            client: b.client,
            server: b.server,
            seen_side: out.second_side.clone(),
            missing_side: out.first_side.clone(),
            packets: b
                .syn_ack
                .iter()
                .chain(b.resets.iter())
                .map(|p| p.packet)
                .collect(),
            why: "the answers to the SYN were dropped on their way back".to_string(),
        });
    }
}
