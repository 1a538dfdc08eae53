//! The capture's events in order: one session's packets and FTP lines, read into [`Event`]s.

use super::{data_connections, plural, Event, What};
use crate::capture::ftp::{FtpSession, WireOutcome};
use crate::capture::{duration, Analysis, Connection, IcmpNote};
use crate::log::{Mode, Role};
use std::net::SocketAddr;

/// Events with their sort key: the packet, then the kind's order (control connection, dialogue, data
/// connections, give-ups, unseen connections) for events at the same packet.
#[derive(Default)]
struct Ordered(Vec<(u32, u8, Event)>);

impl Ordered {
    fn push(&mut self, order: u8, e: Event) {
        self.0.push((e.packet.unwrap_or(0), order, e));
    }

    /// The events in the capture's order (a stable sort: ties keep the order they were pushed in).
    fn into_sorted(self) -> Vec<Event> {
        let mut out = self.0;
        out.sort_by_key(|(p, o, _)| (*p, *o));
        out.into_iter().map(|(_, _, e)| e).collect()
    }
}

/// What happened in session `index` of `a`, packet by packet, in the capture's order.
pub fn events(a: &Analysis, index: usize) -> Vec<Event> {
    let Some(s) = a.sessions.get(index) else {
        return Vec::new();
    };
    let mut out = Ordered::default();
    if let Some(c) = a.connection(s.connection) {
        control_opening(&mut out, c);
    }
    dialogue(&mut out, s);
    tls_turn(&mut out, s);
    for (i, c) in data_connections(a, s) {
        DataLink::new(s, i, c).push_events(&mut out);
    }
    unseen_data_connections(&mut out, s);
    out.into_sorted()
}

/// The control connection's opening: the client's SYN and the server's SYN-ACK.
fn control_opening(out: &mut Ordered, c: &Connection) {
    if let Some(syn) = c.syn.first() {
        out.push(
            0,
            Event {
                packet: Some(syn.packet),
                time_us: syn.time_us,
                what: What::Syn,
                data: None,
                from_client: true,
                src: Some(c.client),
                dst: Some(c.server),
                line: None,
                text: "SYN".into(),
                narration: format!(
                    "The client opens the control connection: a SYN from {} to {}.",
                    c.client, c.server
                ),
                failed: false,
                between: false,
            },
        );
    }
    if let Some(sa) = c.syn_ack.first() {
        out.push(
            0,
            Event {
                packet: Some(sa.packet),
                time_us: sa.time_us,
                what: What::SynAck,
                data: None,
                from_client: false,
                src: Some(c.server),
                dst: Some(c.client),
                line: None,
                text: "SYN-ACK".into(),
                narration: "The server accepts the control connection (SYN-ACK).".into(),
                failed: false,
                between: false,
            },
        );
    }
}

/// The dialogue: every command and reply (the transcript's header lines have no source).
fn dialogue(out: &mut Ordered, s: &FtpSession) {
    for (l, src) in s.session.lines.iter().zip(&s.sources) {
        let Some(from_client) = src.from_client else {
            continue;
        };
        let text = l
            .text
            .strip_prefix("C: ")
            .or_else(|| l.text.strip_prefix("S: "))
            .unwrap_or(&l.text);
        let (what, narration) = match (from_client, l.role) {
            (true, _) => (What::Command, format!("The client sends “{text}”.")),
            (false, Role::Reply) => (What::Reply, format!("The server replies “{text}”.")),
            (false, _) => (What::Reply, format!("The server sends “{text}”.")),
        };
        let (c, sv) = (s.client, s.server);
        out.push(
            1,
            Event {
                packet: src.packet,
                time_us: src.time_us,
                what,
                data: None,
                from_client,
                src: Some(if from_client { c } else { sv }),
                dst: Some(if from_client { sv } else { c }),
                line: Some(l.number),
                text: text.to_string(),
                narration,
                failed: false,
                between: false,
            },
        );
    }
}

/// The moment the control connection turned to TLS, if it did.
fn tls_turn(out: &mut Ordered, s: &FtpSession) {
    if let Some(e) = &s.encrypted {
        out.push(
            1,
            Event {
                packet: e.packet,
                time_us: e.time_us,
                what: What::Tls,
                data: None,
                from_client: true,
                src: Some(s.client),
                dst: Some(s.server),
                line: None,
                text: "TLS".into(),
                narration: format!(
                    "The control connection turns to TLS: from here on only record sizes are visible ({} bytes to the server, {} to the client), no command and no reply.",
                    e.bytes_to_server, e.bytes_to_client
                ),
                failed: false,
                between: false,
            },
        );
    }
}

fn icmp_text(i: &IcmpNote) -> String {
    format!("ICMP {} from {}", i.description, i.from)
}

/// One TCP connection of a data connection, with what its events share.
struct DataLink<'a> {
    /// The data connection (`Event::data`).
    i: usize,
    c: &'a Connection,
    /// Its 1-based number in the narration.
    number: usize,
    /// Opened by the client's host (else the server's).
    host_client: bool,
    /// A SYN-ACK came.
    ack: bool,
    /// A reset came and no SYN-ACK.
    refused: bool,
}

impl<'a> DataLink<'a> {
    fn new(s: &FtpSession, i: usize, c: &'a Connection) -> Self {
        let ev = s.data.get(i);
        let host_client = c.client.ip() == s.client.ip()
            || ev.is_some_and(|e| e.mode == Mode::Passive)
            || (ev.is_none() && c.server.ip() == s.server.ip());
        let ack = !c.syn_ack.is_empty();
        DataLink {
            i,
            c,
            number: i + 1,
            host_client,
            ack,
            refused: !c.resets.is_empty() && !ack,
        }
    }

    /// The opener's side in words.
    fn opener(&self) -> &'static str {
        if self.host_client {
            "client"
        } else {
            "server"
        }
    }

    /// Its events, in the order they are pushed: SYNs, SYN-ACK, reset, ICMP errors, bytes, give-up.
    fn push_events(&self, out: &mut Ordered) {
        self.syns(out);
        self.syn_ack(out);
        self.reset(out);
        self.icmp_errors(out);
        self.bytes(out);
        self.gave_up(out);
    }

    /// Each SYN (a retry says which try it is and how long after the first).
    fn syns(&self, out: &mut Ordered) {
        let (c, number) = (self.c, self.number);
        for (k, syn) in c.syn.iter().enumerate() {
            let retry = if k == 0 {
                String::new()
            } else {
                format!(
                    " (try {}, {} after the first)",
                    k + 1,
                    duration(syn.time_us.saturating_sub(c.syn[0].time_us))
                )
            };
            out.push(
                2,
                Event {
                    packet: Some(syn.packet),
                    time_us: syn.time_us,
                    what: What::Syn,
                    data: Some(self.i),
                    from_client: self.host_client,
                    src: Some(c.client),
                    dst: Some(c.server),
                    line: None,
                    text: format!("SYN{retry}"),
                    narration: format!(
                        "Data connection {number}: the {} sends a SYN from {} to {}{retry}.",
                        self.opener(),
                        c.client,
                        c.server
                    ),
                    failed: !self.ack,
                    between: false,
                },
            );
        }
    }

    fn syn_ack(&self, out: &mut Ordered) {
        let (c, number) = (self.c, self.number);
        if let Some(sa) = c.syn_ack.first() {
            out.push(
                2,
                Event {
                    packet: Some(sa.packet),
                    time_us: sa.time_us,
                    what: What::SynAck,
                    data: Some(self.i),
                    from_client: !self.host_client,
                    src: Some(c.server),
                    dst: Some(c.client),
                    line: None,
                    text: "SYN-ACK".into(),
                    narration: format!(
                        "Data connection {number}: {} accepts it (SYN-ACK): the connection is open.",
                        c.server
                    ),
                    failed: false,
                    between: false,
                },
            );
        }
    }

    /// The reset that refused it (only when no SYN-ACK came).
    fn reset(&self, out: &mut Ordered) {
        let (c, number) = (self.c, self.number);
        if let (Some(r), true) = (c.resets.first(), self.refused) {
            let from = if r.from_client { c.client } else { c.server };
            out.push(
                2,
                Event {
                    packet: Some(r.packet),
                    time_us: r.time_us,
                    what: What::Reset,
                    data: Some(self.i),
                    from_client: !self.host_client,
                    src: Some(from),
                    dst: Some(c.client),
                    line: None,
                    text: format!("RST from {}", from.ip()),
                    narration: format!(
                        "Data connection {number}: a reset comes back from {} — the address the SYN went to: nothing listens on port {}, or a firewall in front of it rejects the connection in its name. The program is told “Connection refused”.",
                        from.ip(),
                        c.server.port()
                    ),
                    failed: true,
                    between: false,
                },
            );
        }
    }

    /// The ICMP errors that answered its SYNs (only when no SYN-ACK came).
    fn icmp_errors(&self, out: &mut Ordered) {
        let (c, number) = (self.c, self.number);
        for n in c.icmp.iter().filter(|_| !self.ack) {
            out.push(
                2,
                Event {
                    packet: Some(n.packet),
                    time_us: n.time_us,
                    what: What::Icmp,
                    data: Some(self.i),
                    from_client: !self.host_client,
                    src: Some(SocketAddr::new(n.from, 0)),
                    dst: Some(c.client),
                    line: None,
                    text: icmp_text(n),
                    narration: format!(
                        "Data connection {number}: {} answers the SYN with an ICMP error ({}, type {} code {}){}. The program is told “{}”.",
                        n.from,
                        n.description,
                        n.kind,
                        n.code,
                        if n.from == c.server.ip() {
                            ""
                        } else {
                            ": a firewall or router on the way, not the host the SYN went to"
                        },
                        n.errno
                    ),
                    failed: true,
                    between: n.from != c.server.ip(),
                },
            );
        }
    }

    /// The bytes, at the first packet that carried any.
    fn bytes(&self, out: &mut Ordered) {
        let (c, number, host_client) = (self.c, self.number, self.host_client);
        if let Some(r) = c.records().iter().find(|r| r.len > 0) {
            let (up, down) = (c.to_server.length, c.to_client.length);
            let text = match (up, down) {
                (0, d) => format!(
                    "{d} bytes to the {}",
                    if host_client { "client" } else { "server" }
                ),
                (u, 0) => format!(
                    "{u} bytes to the {}",
                    if host_client { "server" } else { "client" }
                ),
                (u, d) => format!("{u} bytes one way, {d} the other"),
            };
            out.push(
                2,
                Event {
                    packet: Some(r.frame),
                    time_us: r.time_us,
                    what: What::Data,
                    data: Some(self.i),
                    from_client: r.from_client == host_client,
                    src: Some(if r.from_client { c.client } else { c.server }),
                    dst: Some(if r.from_client { c.server } else { c.client }),
                    line: None,
                    text: text.clone(),
                    narration: format!(
                        "Data connection {number} carries the transfer: {text} (packets {}–{}).",
                        c.first_packet, c.last_packet
                    ),
                    failed: false,
                    between: false,
                },
            );
        }
    }

    /// Nothing answered: the side gave up (the next thing the capture shows is its consequence).
    fn gave_up(&self, out: &mut Ordered) {
        let (c, number) = (self.c, self.number);
        if !self.ack && !self.refused && (c.icmp.is_empty()) {
            if let Some(last) = c.syn.last() {
                out.push(
                    3,
                    Event {
                        packet: Some(last.packet),
                        time_us: last.time_us,
                        what: What::GaveUp,
                        data: Some(self.i),
                        from_client: self.host_client,
                        src: None,
                        dst: None,
                        line: None,
                        text: format!("no answer to {}", plural(c.syn.len() as u32, "SYN")),
                        narration: format!(
                            "Data connection {number}: no answer to {} in {} — nothing came back in the capture, so the {} gives up waiting (a timeout).",
                            plural(c.syn.len() as u32, "SYN"),
                            duration(c.syn_span_us()),
                            self.opener()
                        ),
                        failed: true,
                        between: false,
                    },
                );
            }
        }
    }
}

/// Negotiated data connections with no packet in the capture.
fn unseen_data_connections(out: &mut Ordered, s: &FtpSession) {
    for e in s.data.iter().filter(|e| e.wire == WireOutcome::NotSeen) {
        let expected = e
            .expected
            .map_or("the negotiated port".to_string(), |x| x.to_string());
        out.push(
            4,
            Event {
                packet: e.negotiated_packet,
                time_us: e
                    .negotiated_packet
                    .and_then(|p| s.sources.iter().find(|src| src.packet == Some(p)))
                    .map_or(0, |src| src.time_us),
                what: What::Note,
                data: Some(e.index),
                from_client: e.mode == Mode::Passive,
                src: None,
                dst: e.expected,
                line: None,
                text: format!("no packet to {expected} in this capture"),
                narration: format!(
                    "Data connection {}: no packet of it to {expected} appears in this capture: it never reached the place the capture was taken, or was never sent.",
                    e.index + 1
                ),
                failed: true,
                between: false,
            },
        );
    }
}
