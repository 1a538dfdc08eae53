//! TCP connections: packets grouped by their address and port pairs (a new SYN on the same pair starts a
//! new connection), who opened them, how the handshake went, the ICMP errors that answered them, and both
//! directions reassembled.

use super::packet::{IcmpError, Tcp, ACK, FIN, RST, SYN};
use super::reassembly::{reassemble, Segment, Stream};
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

/// Bytes of each direction held in memory per connection, before FTP control connections are known.
pub const HEAD: usize = 16 * 1024;
/// Bytes held for an FTP control connection.
pub const CONTROL: usize = 8 * 1024 * 1024;

/// One TCP packet of a connection, compact (the payload stays in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub frame: u32,
    /// Microseconds since the capture's first packet.
    pub time_us: u64,
    /// Sent by the connection's client (the side that sent the SYN).
    pub from_client: bool,
    pub flags: u8,
    pub seq: u32,
    pub ack: u32,
    pub window: u16,
    /// Offset of the payload in the file, and its captured length.
    pub payload_at: usize,
    pub len: u32,
    pub missing: u32,
}

/// An ICMP error that quotes a packet of this connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IcmpNote {
    pub packet: u32,
    /// Microseconds since the capture's first packet.
    pub time_us: u64,
    /// Who sent the ICMP error (the destination host, or a router or firewall on the way).
    pub from: IpAddr,
    /// `icmp` or `icmpv6`.
    pub protocol: &'static str,
    #[serde(rename = "type")]
    pub kind: u8,
    pub code: u8,
    pub description: &'static str,
    /// What the connecting program is told (Linux errno text).
    pub errno: &'static str,
    /// The quoted packet was sent by the connection's client.
    pub quotes_client: bool,
}

impl IcmpNote {
    pub(crate) fn new(
        packet: u32,
        time_us: u64,
        from: IpAddr,
        e: &IcmpError,
        quotes_client: bool,
    ) -> Self {
        IcmpNote {
            packet,
            time_us,
            from,
            protocol: if e.v6 { "icmpv6" } else { "icmp" },
            kind: e.kind,
            code: e.code,
            description: e.describe(),
            errno: e.errno(),
            quotes_client,
        }
    }
}

/// How the connection's opening went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Opening {
    /// SYN, SYN-ACK (and usually the final ACK): the connection was made.
    Established,
    /// The SYN was answered by a reset: nothing listens there, or a firewall rejects it.
    Reset,
    /// The SYN was answered by an ICMP error.
    IcmpError,
    /// The SYN (perhaps sent several times) got no answer in the capture.
    Unanswered,
    /// A SYN-ACK with no SYN before it: the capture missed the SYN.
    SynAckOnly,
    /// No SYN at all: the connection was open before the capture started.
    MidStream,
}

impl Opening {
    pub const fn as_str(self) -> &'static str {
        match self {
            Opening::Established => "established",
            Opening::Reset => "reset",
            Opening::IcmpError => "icmp-error",
            Opening::Unanswered => "unanswered",
            Opening::SynAckOnly => "syn-ack-only",
            Opening::MidStream => "mid-stream",
        }
    }
}

/// A reference to one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PacketRef {
    pub packet: u32,
    pub time_us: u64,
    pub from_client: bool,
}

/// One TCP connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connection {
    /// Its index in [`super::Analysis::connections`].
    pub id: usize,
    /// The side that opened it (sent the SYN); when no SYN was seen, the side that sent the first packet
    /// seen, until the contents say otherwise (`client_known`).
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub client_known: bool,
    pub opening: Opening,
    pub first_packet: u32,
    pub last_packet: u32,
    /// Microseconds since the capture's first packet.
    pub start_us: u64,
    pub end_us: u64,
    /// The client's SYNs: the first and its retransmissions.
    pub syn: Vec<PacketRef>,
    pub syn_ack: Vec<PacketRef>,
    pub resets: Vec<PacketRef>,
    pub fins: Vec<PacketRef>,
    pub icmp: Vec<IcmpNote>,
    /// Packets sent by the client and by the server.
    pub packets: [u32; 2],
    /// The client's bytes to the server, and the server's to the client.
    pub to_server: Stream,
    pub to_client: Stream,
    #[serde(skip)]
    pub(crate) records: Vec<Record>,
    #[serde(skip)]
    isn: Option<u32>,
}

impl Connection {
    /// The packets of this connection (for the evidence of a data connection).
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The client's SYNs: how many, and over how long (microseconds from the first to the last).
    pub fn syn_span_us(&self) -> u64 {
        match (self.syn.first(), self.syn.last()) {
            (Some(a), Some(b)) => b.time_us.saturating_sub(a.time_us),
            _ => 0,
        }
    }

    fn closed(&self) -> bool {
        !self.resets.is_empty() || self.fins.len() >= 2
    }

    /// Swap the roles (the contents showed the other side is the client).
    pub(crate) fn swap(&mut self) {
        std::mem::swap(&mut self.client, &mut self.server);
        std::mem::swap(&mut self.to_server, &mut self.to_client);
        self.packets.swap(0, 1);
        for r in &mut self.records {
            r.from_client = !r.from_client;
        }
        for list in [
            &mut self.syn,
            &mut self.syn_ack,
            &mut self.resets,
            &mut self.fins,
        ] {
            for p in list.iter_mut() {
                p.from_client = !p.from_client;
            }
        }
        for i in &mut self.icmp {
            i.quotes_client = !i.quotes_client;
        }
    }

    /// Reassemble both directions, keeping up to `keep` bytes of each.
    pub(crate) fn reassemble(&mut self, file: &[u8], keep: usize) {
        let mut up = Vec::new();
        let mut down = Vec::new();
        for r in &self.records {
            let data = file
                .get(r.payload_at..r.payload_at.saturating_add(r.len as usize))
                .unwrap_or(&[]);
            let s = Segment {
                seq: r.seq,
                syn: r.flags & SYN != 0,
                fin: r.flags & FIN != 0,
                rst: r.flags & RST != 0,
                data,
                missing: r.missing,
                packet: r.frame,
            };
            if r.from_client {
                up.push(s);
            } else {
                down.push(s);
            }
        }
        self.to_server = reassemble(&up, keep);
        self.to_client = reassemble(&down, keep);
    }
}

type Key = (IpAddr, u16, IpAddr, u16);

fn key(a: SocketAddr, b: SocketAddr) -> Key {
    if (a.ip(), a.port()) <= (b.ip(), b.port()) {
        (a.ip(), a.port(), b.ip(), b.port())
    } else {
        (b.ip(), b.port(), a.ip(), a.port())
    }
}

/// Groups packets into connections as they come.
#[derive(Debug, Default, Clone)]
pub struct Table {
    pub connections: Vec<Connection>,
    current: HashMap<Key, usize>,
    /// ICMP errors that quote no connection of the capture.
    pub stray_icmp: Vec<IcmpNote>,
}

impl Table {
    #[allow(clippy::too_many_arguments)]
    pub fn tcp(
        &mut self,
        frame: u32,
        time_us: u64,
        src: IpAddr,
        dst: IpAddr,
        t: &Tcp<'_>,
        payload_at: usize,
    ) {
        let from = SocketAddr::new(src, t.src_port);
        let to = SocketAddr::new(dst, t.dst_port);
        let k = key(from, to);
        let syn_only = t.flags & (SYN | ACK) == SYN;
        let existing = self.current.get(&k).copied();
        let reuse = match existing {
            Some(i) => {
                let c = &self.connections[i];
                // A new SYN (not a retransmission of the first) on a known pair opens a new connection.
                !(syn_only
                    && (c.isn.is_some_and(|isn| isn != t.seq)
                        || (c.isn.is_none() && (c.closed() || c.packets[0] + c.packets[1] > 0))))
            }
            None => false,
        };
        let i = if let (true, Some(i)) = (reuse, existing) {
            i
        } else {
            let id = self.connections.len();
            // The initiator: the SYN's sender, or the SYN-ACK's receiver, or (unknown) the first sender.
            let (client, server, known) = if t.flags & (SYN | ACK) == (SYN | ACK) {
                (to, from, true)
            } else {
                (from, to, syn_only)
            };
            self.connections.push(Connection {
                id,
                client,
                server,
                client_known: known,
                opening: Opening::MidStream,
                first_packet: frame,
                last_packet: frame,
                start_us: time_us,
                end_us: time_us,
                syn: Vec::new(),
                syn_ack: Vec::new(),
                resets: Vec::new(),
                fins: Vec::new(),
                icmp: Vec::new(),
                packets: [0, 0],
                to_server: Stream::default(),
                to_client: Stream::default(),
                records: Vec::new(),
                isn: None,
            });
            self.current.insert(k, id);
            id
        };
        let c = &mut self.connections[i];
        let from_client = from == c.client;
        let r = PacketRef {
            packet: frame,
            time_us,
            from_client,
        };
        if syn_only && from_client {
            c.isn.get_or_insert(t.seq);
            c.syn.push(r);
        }
        if t.flags & (SYN | ACK) == (SYN | ACK) {
            c.syn_ack.push(r);
        }
        if t.flags & RST != 0 {
            c.resets.push(r);
        }
        if t.flags & FIN != 0 {
            c.fins.push(r);
        }
        c.packets[usize::from(!from_client)] += 1;
        c.last_packet = frame;
        c.end_us = c.end_us.max(time_us);
        c.records.push(Record {
            frame,
            time_us,
            from_client,
            flags: t.flags,
            seq: t.seq,
            ack: t.ack,
            window: t.window,
            payload_at,
            len: t.payload.len() as u32,
            missing: t.missing,
        });
    }

    /// An ICMP error: tie it to the connection of the packet it quotes.
    pub fn icmp(&mut self, frame: u32, time_us: u64, from: IpAddr, e: &IcmpError) {
        let tied = e.quoted.and_then(|q| {
            if q.protocol != 6 {
                return None;
            }
            let a = SocketAddr::new(q.src, q.src_port?);
            let b = SocketAddr::new(q.dst, q.dst_port?);
            let i = *self.current.get(&key(a, b))?;
            Some((i, a))
        });
        match tied {
            Some((i, sender)) => {
                let c = &mut self.connections[i];
                let quotes_client = sender == c.client;
                c.icmp
                    .push(IcmpNote::new(frame, time_us, from, e, quotes_client));
                c.last_packet = c.last_packet.max(frame);
            }
            None => self
                .stray_icmp
                .push(IcmpNote::new(frame, time_us, from, e, false)),
        }
    }

    /// Settle each connection's opening and reassemble it (heads only).
    pub fn finish(&mut self, file: &[u8]) {
        for c in &mut self.connections {
            c.opening = opening(c);
            c.reassemble(file, HEAD);
        }
    }
}

fn opening(c: &Connection) -> Opening {
    if c.syn.is_empty() {
        return if c.syn_ack.is_empty() {
            Opening::MidStream
        } else {
            Opening::SynAckOnly
        };
    }
    if !c.syn_ack.is_empty() {
        return Opening::Established;
    }
    if c.resets.iter().any(|r| !r.from_client) {
        return Opening::Reset;
    }
    if c.icmp.iter().any(|i| i.quotes_client) {
        return Opening::IcmpError;
    }
    Opening::Unanswered
}
