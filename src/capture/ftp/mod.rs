//! FTP in a capture: control connections found by what they carry (a greeting, commands and replies) on any
//! port; each dialogue cut into lines, passwords masked at once, and read by the log checker's own reader
//! as a `C:`/`S:` transcript — so a capture gives the same [`Session`] as a log, and the same rules apply.
//! Then every data connection the dialogue negotiated is matched to the TCP connection that followed it
//! (or to its absence), and the [`Session`] learns what the wire shows: where the client really
//! connected, whether the connection was answered, refused or never answered.
//!
//! - `control`: which connections are FTP control connections, and which end is the client.
//! - `lines`: one direction of a control connection cut into lines (passwords masked at once).
//! - `dialogue`: both directions merged and read as a transcript, where TLS took over, what is missing.
//! - `matching`: each negotiated data connection matched to the TCP connection(s) that followed it.
//! - `verdict`: what that match means, in a sentence, and what it tells the checker's session.
//! - `evidence`: a data connection's packets, listed as evidence.

mod control;
mod dialogue;
mod evidence;
mod lines;
mod matching;
mod verdict;

use super::conn::{Connection, IcmpNote, CONTROL};
use crate::log::{Mode, Session};
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

/// Where a line of the session's transcript came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineSource {
    /// The line number in [`Session::lines`].
    pub line: usize,
    /// The packet that completed the line.
    pub packet: Option<u32>,
    pub time_us: u64,
    /// Sent by the client (a command) or the server (a reply); None for the transcript's header lines.
    pub from_client: Option<bool>,
}

/// The control connection turned to TLS: from here on nothing of the dialogue can be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Encrypted {
    /// `explicit` (AUTH TLS, then the handshake) or `implicit` (TLS from the first byte, port 990 style).
    pub kind: &'static str,
    /// The packet where the first TLS record starts (client side).
    pub packet: Option<u32>,
    pub time_us: u64,
    /// Encrypted bytes in each direction.
    pub bytes_to_server: u64,
    pub bytes_to_client: u64,
}

/// What the wire shows for a negotiated data connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireOutcome {
    /// The TCP connection was made.
    Connected,
    /// SYN (perhaps retransmitted) with no answer.
    Unanswered,
    /// SYN answered by a reset.
    Reset,
    /// SYN answered by an ICMP error.
    IcmpError,
    /// The connection was already open when the capture started, or its SYN is missing.
    Partial,
    /// No packet of it is in the capture.
    NotSeen,
}

impl WireOutcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            WireOutcome::Connected => "connected",
            WireOutcome::Unanswered => "unanswered",
            WireOutcome::Reset => "reset",
            WireOutcome::IcmpError => "icmp-error",
            WireOutcome::Partial => "partial",
            WireOutcome::NotSeen => "not-seen",
        }
    }
}

/// One packet of a data connection, as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PacketEvidence {
    pub packet: u32,
    pub time_us: u64,
    pub from: SocketAddr,
    pub to: SocketAddr,
    /// `SYN`, `SYN,ACK`, `ACK`, `PSH,ACK`, `FIN,ACK`, `RST`, `RST,ACK`, or `ICMP` for an ICMP error.
    pub flags: String,
    /// Sequence number relative to the sender's first (0 for the SYN).
    pub seq: u32,
    pub len: u32,
    /// What it means, in words.
    pub note: String,
}

/// A negotiated data connection and what happened to it on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataEvidence {
    /// Index in the session's `data_connections`.
    pub index: usize,
    pub mode: Mode,
    /// The packet that carried the negotiation (the 227/229/228 reply, or the PORT/EPRT/LPRT command).
    pub negotiated_packet: Option<u32>,
    /// Where the connection should go: the advertised address (or, for EPSV, the control connection's
    /// server address) and port.
    pub expected: Option<SocketAddr>,
    pub wire: WireOutcome,
    /// The TCP connection (index in the analysis's `connections`), and any further attempts.
    pub connection: Option<usize>,
    pub attempts: Vec<usize>,
    /// Who opened it and where it went.
    pub from: Option<SocketAddr>,
    pub to: Option<SocketAddr>,
    /// Passive mode: the client connected to another address than the one advertised.
    pub to_other_address: bool,
    /// Passive mode, captured behind the server's NAT: the advertised (public) address arrives here as the
    /// server's own (private) one, translated by the NAT in front of the server.
    pub translated: bool,
    /// It was opened from an address that is not the control connection's peer on that side.
    pub foreign_source: bool,
    /// SYNs sent, and microseconds from the first to the last.
    pub syns: u32,
    pub syn_span_us: u64,
    /// Who answered the SYN with a reset.
    pub reset_by: Option<IpAddr>,
    pub icmp: Option<IcmpNote>,
    pub bytes_to_server: u64,
    pub bytes_to_client: u64,
    /// The last reply of the transfer on the control connection (226, 425, 426…).
    pub final_reply: Option<String>,
    /// One sentence saying what happened.
    pub summary: String,
    /// The connection's packets (the first 24 and the last 8, and every ICMP error).
    pub packets: Vec<PacketEvidence>,
    pub packets_omitted: u32,
}

/// One FTP control connection and everything tied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FtpSession {
    /// The control connection (index in the analysis's `connections`).
    pub connection: usize,
    pub client: SocketAddr,
    pub server: SocketAddr,
    /// The dialogue, read by the log checker's reader (passwords masked).
    pub session: Session,
    /// Where each line of `session.lines` came from (same order).
    pub sources: Vec<LineSource>,
    /// One per `session.data_connections`.
    pub data: Vec<DataEvidence>,
    /// The capture starts after the control connection was opened (no SYN, or no greeting).
    pub mid_session: bool,
    /// Lines lost, in part or whole, to bytes the capture does not hold.
    pub damaged_lines: u32,
    /// Bytes of the dialogue the capture does not hold, and how many of them the snapshot length cut.
    pub missing_bytes: u64,
    pub snaplen_bytes: u64,
    pub encrypted: Option<Encrypted>,
    /// TCP connections between the two hosts during the session that no readable negotiation explains
    /// (under TLS: the data connections, whose negotiation is encrypted).
    pub unexplained: Vec<usize>,
}

impl FtpSession {
    /// The packet that carried a transcript line.
    pub fn packet_of(&self, line: usize) -> Option<u32> {
        self.sources
            .get(line.checked_sub(1)?)
            .and_then(|s| s.packet)
    }
}

/// Find the FTP sessions among the connections, read their dialogues and match their data connections.
pub fn sessions(connections: &mut [Connection], file: &[u8]) -> Vec<FtpSession> {
    let mut found = Vec::new();
    for (i, c) in connections.iter_mut().enumerate() {
        let Some(swap) = control::control_roles(c) else {
            continue;
        };
        if swap {
            c.swap();
            c.client_known = true;
        }
        c.reassemble(file, CONTROL);
        found.push(i);
    }
    let mut claimed = vec![false; connections.len()];
    for &i in &found {
        claimed[i] = true;
    }
    // Connections by their server's port (in the order they started): the data connections' key.
    let mut by_port: HashMap<u16, Vec<usize>> = HashMap::new();
    for c in connections.iter() {
        by_port.entry(c.server.port()).or_default().push(c.id);
    }
    let mut out = Vec::new();
    for &i in &found {
        let mut s = dialogue::read_dialogue(&connections[i]);
        dialogue::scrub_password(&mut connections[i]);
        matching::match_data(&mut s, connections, &by_port, &mut claimed);
        out.push(s);
    }
    // Under TLS (or with lines lost) nothing says which connections are data connections: list the ones
    // between the two hosts during the session that no negotiation claimed.
    for s in &mut out {
        let control = &connections[s.connection];
        let hosts = [control.client.ip(), control.server.ip()];
        let (start, end) = (control.first_packet, control.last_packet);
        // Connections are in the order they started: only those that started during the session.
        let from = connections.partition_point(|c| c.first_packet <= start);
        let to = connections.partition_point(|c| c.first_packet <= end);
        for c in connections.get(from..to).unwrap_or(&[]) {
            if !claimed[c.id] && hosts.contains(&c.client.ip()) && hosts.contains(&c.server.ip()) {
                s.unexplained.push(c.id);
                claimed[c.id] = true;
            }
        }
    }
    out
}
