//! A capture's FTP session replayed: its own packets and FTP lines, in the order the capture holds them.
//!
//! [`events`] reads one session of an [`Analysis`] into what happened, packet by packet: the control
//! connection's opening, every command and reply (with the decoding of those that carry an endpoint),
//! each data connection's SYNs (and their retries), SYN-ACK, reset or ICMP error, its bytes, and the
//! moment a SYN was given up on. The page's capture report lists them as its timeline ([`Event::text`]),
//! and [`replay`] turns them into a [`Timeline`] that the flow view draws and steps like a simulated one.
//!
//! The drawing's devices are the client and the server; a device between them is drawn only where the
//! capture proves one: a NAT in front of the server when the server advertised another address than the
//! one the control connection reached (or the data connection arrived translated), a NAT in front of the
//! client when PORT/EPRT named another address than the one the control connection came from, a
//! firewall or router when a reset or ICMP error came from a third address. The outcome is what the wire
//! shows — never scripted.

use crate::address::classify;
use crate::capture::ftp::{DataEvidence, FtpSession, WireOutcome};
use crate::capture::{duration, seconds, Analysis, Connection, IcmpNote};
use crate::diagnose::{Diagnosis, Severity};
use crate::log::{Mode, Role};
use crate::scenario::{
    Connection as Conn, DataConnection, DecodedLine, Failure, Hop, Node, NodeLabel, Scenario, Step,
    StepKind, Timeline, Translation, Verdict,
};
use std::net::{IpAddr, SocketAddr};

/// Steps a replay holds at most (a long session's rest is in the report's timeline).
pub const MAX_STEPS: usize = 400;

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Syn,
    SynAck,
    Reset,
    Icmp,
    Command,
    Reply,
    /// Bytes on a data connection (told once per connection, at its first data packet).
    Data,
    /// A side gave up waiting for an answer to its SYNs.
    GaveUp,
    /// The control connection turned to TLS.
    Tls,
    /// Something the capture does not show (a data connection with no packet in it).
    Note,
}

/// One thing that happened, at a packet of the capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub packet: Option<u32>,
    pub time_us: u64,
    pub what: What,
    /// Which data connection (0-based, in the session's `data`; past its end: a connection under TLS no
    /// negotiation explains, in `unexplained` order); None for the control connection.
    pub data: Option<usize>,
    /// Sent by the client's host (else the server's host; for an error, its sender's side).
    pub from_client: bool,
    /// The addresses the capture shows.
    pub src: Option<SocketAddr>,
    pub dst: Option<SocketAddr>,
    /// The transcript line (FTP lines only).
    pub line: Option<usize>,
    /// The short text: the FTP line, or `SYN`, `RST`, `ICMP …`, `135 bytes`.
    pub text: String,
    /// What it means, in a sentence.
    pub narration: String,
    /// A packet that did not get the answer it asked for (an unanswered SYN, a refused one).
    pub failed: bool,
    /// An error sent by a device between the hosts (its address is neither host's).
    pub between: bool,
}

/// A data connection's outcome on the wire in a few words ("no answer to 3 SYNs over 2.0 s").
pub fn outcome_words(e: &DataEvidence) -> String {
    match e.wire {
        WireOutcome::Connected => {
            let mut s = "connected".to_string();
            if e.to_other_address {
                s.push_str(", to another address than advertised");
            }
            s
        }
        WireOutcome::Unanswered => format!(
            "no answer to {} SYN{}{}",
            e.syns,
            if e.syns == 1 { "" } else { "s" },
            if e.syns > 1 {
                format!(" over {}", duration(e.syn_span_us))
            } else {
                String::new()
            }
        ),
        WireOutcome::Reset => match e.reset_by {
            Some(ip) => format!("refused: reset by {ip}"),
            None => "refused: reset".to_string(),
        },
        WireOutcome::IcmpError => match &e.icmp {
            Some(i) => format!("refused: ICMP from {} (“{}”)", i.from, i.errno),
            None => "refused: ICMP error".to_string(),
        },
        WireOutcome::Partial => "open before the capture started".to_string(),
        WireOutcome::NotSeen => "not in the capture".to_string(),
    }
}

fn plural(n: u32, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The session's data connections' TCP connections, in `Event::data` order: each negotiated one's
/// connection (and its further attempts), then the unexplained ones.
fn data_connections<'a>(a: &'a Analysis, s: &FtpSession) -> Vec<(usize, &'a Connection)> {
    let mut out = Vec::new();
    for e in &s.data {
        for id in e.connection.iter().chain(&e.attempts) {
            if let Some(c) = a.connection(*id) {
                if !out.iter().any(|(_, o): &(usize, &Connection)| o.id == c.id) {
                    out.push((e.index, c));
                }
            }
        }
    }
    for (k, id) in s.unexplained.iter().enumerate() {
        if let Some(c) = a.connection(*id) {
            out.push((s.data.len() + k, c));
        }
    }
    out
}

fn icmp_text(i: &IcmpNote) -> String {
    format!("ICMP {} from {}", i.description, i.from)
}

/// What happened in session `index` of `a`, packet by packet, in the capture's order.
pub fn events(a: &Analysis, index: usize) -> Vec<Event> {
    let Some(s) = a.sessions.get(index) else {
        return Vec::new();
    };
    let mut out: Vec<(u32, u8, Event)> = Vec::new();
    let mut push = |order: u8, e: Event| out.push((e.packet.unwrap_or(0), order, e));
    // The control connection's opening.
    if let Some(c) = a.connection(s.connection) {
        if let Some(syn) = c.syn.first() {
            push(
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
            push(
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
    // The dialogue (the transcript's header lines have no source).
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
        push(
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
    if let Some(e) = &s.encrypted {
        push(
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
    // The data connections.
    for (i, c) in data_connections(a, s) {
        let ev = s.data.get(i);
        let host_client = c.client.ip() == s.client.ip()
            || ev.is_some_and(|e| e.mode == Mode::Passive)
            || (ev.is_none() && c.server.ip() == s.server.ip());
        let number = i + 1;
        let ack = !c.syn_ack.is_empty();
        let refused = !c.resets.is_empty() && !ack;
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
            push(
                2,
                Event {
                    packet: Some(syn.packet),
                    time_us: syn.time_us,
                    what: What::Syn,
                    data: Some(i),
                    from_client: host_client,
                    src: Some(c.client),
                    dst: Some(c.server),
                    line: None,
                    text: format!("SYN{retry}"),
                    narration: format!(
                        "Data connection {number}: the {} sends a SYN from {} to {}{retry}.",
                        if host_client { "client" } else { "server" },
                        c.client,
                        c.server
                    ),
                    failed: !ack,
                    between: false,
                },
            );
        }
        if let Some(sa) = c.syn_ack.first() {
            push(
                2,
                Event {
                    packet: Some(sa.packet),
                    time_us: sa.time_us,
                    what: What::SynAck,
                    data: Some(i),
                    from_client: !host_client,
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
        if let (Some(r), true) = (c.resets.first(), refused) {
            let from = if r.from_client { c.client } else { c.server };
            push(
                2,
                Event {
                    packet: Some(r.packet),
                    time_us: r.time_us,
                    what: What::Reset,
                    data: Some(i),
                    from_client: !host_client,
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
        for n in c.icmp.iter().filter(|_| !ack) {
            push(
                2,
                Event {
                    packet: Some(n.packet),
                    time_us: n.time_us,
                    what: What::Icmp,
                    data: Some(i),
                    from_client: !host_client,
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
        // The bytes, at the first packet that carried any.
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
            push(
                2,
                Event {
                    packet: Some(r.frame),
                    time_us: r.time_us,
                    what: What::Data,
                    data: Some(i),
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
        // Nothing answered: the side gave up (the next thing the capture shows is its consequence).
        if !ack && !refused && (c.icmp.is_empty()) {
            if let Some(last) = c.syn.last() {
                push(
                    3,
                    Event {
                        packet: Some(last.packet),
                        time_us: last.time_us,
                        what: What::GaveUp,
                        data: Some(i),
                        from_client: host_client,
                        src: None,
                        dst: None,
                        line: None,
                        text: format!("no answer to {}", plural(c.syn.len() as u32, "SYN")),
                        narration: format!(
                            "Data connection {number}: no answer to {} in {} — nothing came back in the capture, so the {} gives up waiting (a timeout).",
                            plural(c.syn.len() as u32, "SYN"),
                            duration(c.syn_span_us()),
                            if host_client { "client" } else { "server" }
                        ),
                        failed: true,
                        between: false,
                    },
                );
            }
        }
    }
    // Negotiated data connections with no packet in the capture.
    for e in s.data.iter().filter(|e| e.wire == WireOutcome::NotSeen) {
        let expected = e
            .expected
            .map_or("the negotiated port".to_string(), |x| x.to_string());
        push(
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
    out.sort_by_key(|(p, o, _)| (*p, *o));
    out.into_iter().map(|(_, _, e)| e).collect()
}

/// The drawing's devices a capture proves, besides the client and the server.
#[derive(Debug, Default)]
struct Edges {
    /// In front of the server: (title, detail).
    server: Option<(String, String)>,
    client: Option<(String, String)>,
}

fn add(slot: &mut Option<(String, String)>, title: &str, detail: String) {
    match slot {
        Some((t, d)) => {
            if !t.contains(title) {
                t.push_str(" + ");
                t.push_str(title);
            }
            if !d.contains(&detail) {
                d.push_str(" · ");
                d.push_str(&detail);
            }
        }
        None => *slot = Some((title.to_string(), detail)),
    }
}

fn edges(a: &Analysis, s: &FtpSession) -> Edges {
    let mut e = Edges::default();
    for (dc, ev) in s.session.data_connections.iter().zip(&s.data) {
        let adv = dc.advertised.ip;
        match dc.mode {
            Mode::Passive => {
                if let (true, Some(x), Some(to)) = (ev.translated, ev.expected, ev.to) {
                    add(
                        &mut e.server,
                        "server's NAT",
                        format!("{} outside · {} inside", x.ip(), to.ip()),
                    );
                } else if let Some(ip) = adv.filter(|ip| *ip != s.server.ip()) {
                    add(
                        &mut e.server,
                        "server's NAT",
                        format!("advertises {ip} · reached at {}", s.server.ip()),
                    );
                }
            }
            Mode::Active => {
                if let Some(ip) = adv.filter(|ip| *ip != s.client.ip()) {
                    add(
                        &mut e.client,
                        "client's NAT",
                        format!("announces {ip} · seen as {}", s.client.ip()),
                    );
                }
            }
        }
    }
    for (i, c) in data_connections(a, s) {
        let passive = s.data.get(i).is_none_or(|e| e.mode == Mode::Passive);
        let slot = if passive {
            &mut e.server
        } else {
            &mut e.client
        };
        let third = |ip: IpAddr| ip != c.server.ip() && ip != c.client.ip();
        if c.syn_ack.is_empty() {
            for r in c.resets.iter().filter(|r| !r.from_client) {
                let ip = c.server.ip();
                if third(ip) {
                    add(
                        slot,
                        "firewall",
                        format!("{ip} (sent the reset) · packet {}", r.packet),
                    );
                }
            }
            for n in c.icmp.iter().filter(|n| third(n.from)) {
                add(
                    slot,
                    "firewall",
                    format!("{} (sent the ICMP error)", n.from),
                );
            }
        }
    }
    e
}

/// The node of a host: the client's side or the server's.
fn host(client: bool) -> Node {
    if client {
        Node::Client
    } else {
        Node::Server
    }
}

/// The nodes between two hosts, from `from`'s side, with the edges present.
fn path(from_client: bool, e: &Edges) -> Vec<Node> {
    let mut v = vec![host(from_client)];
    let (near, far) = if from_client {
        (e.client.is_some(), e.server.is_some())
    } else {
        (e.server.is_some(), e.client.is_some())
    };
    let (ne, fe) = if from_client {
        (Node::ClientEdge, Node::ServerEdge)
    } else {
        (Node::ServerEdge, Node::ClientEdge)
    };
    if near {
        v.push(ne);
    }
    v.push(Node::Internet);
    if far {
        v.push(fe);
    }
    v.push(host(!from_client));
    v
}

fn hops(nodes: &[Node], src: SocketAddr, dst: SocketAddr) -> Vec<Hop> {
    nodes
        .windows(2)
        .map(|w| Hop {
            from: w[0],
            to: w[1],
            src,
            dst,
        })
        .collect()
}

fn decoded(text: &str) -> Option<DecodedLine> {
    let head: String = text
        .chars()
        .take(4)
        .collect::<String>()
        .to_ascii_uppercase();
    let carries = ["227", "228", "229", "PORT", "EPRT", "LPRT"]
        .iter()
        .any(|p| head.starts_with(p));
    if !carries {
        return None;
    }
    crate::wire::decode(text).ok().map(|d| DecodedLine {
        kind: d.kind,
        endpoint: d.endpoint,
        summary: d.summary,
    })
}

/// Session `index` of `a` as a timeline for the flow view: its own packets and FTP lines as steps, the
/// hosts as the drawing's client and server (with a NAT or firewall between where the capture proves
/// one), the outcome from what the wire shows. `diagnosis` (the session's, when known) gives the fix.
pub fn replay(a: &Analysis, index: usize, diagnosis: Option<&Diagnosis>) -> Option<Timeline> {
    let s = a.sessions.get(index)?;
    let e = edges(a, s);
    let all = events(a, index);
    let mut steps = Vec::new();
    for ev in all.iter().take(MAX_STEPS) {
        steps.push(step(s, &e, ev, steps.len() + 1));
    }
    if all.len() > MAX_STEPS {
        let rest = all.len() - MAX_STEPS;
        steps.push(Step {
            number: steps.len() + 1,
            from: Node::Client,
            to: Node::Client,
            kind: StepKind::Note,
            connection: Conn::Control,
            text: String::new(),
            bytes: None,
            endpoint: None,
            decoded: None,
            hops: Vec::new(),
            reached: Node::Client,
            delivered: true,
            verdicts: Vec::new(),
            translations: Vec::new(),
            helper: None,
            encrypted: false,
            narration: format!(
                "{rest} more packets and lines follow; the capture's report lists them all."
            ),
        });
    }
    // The outcome: the last data connection the wire shows an attempt of decides.
    let attempted: Vec<&DataEvidence> = s
        .data
        .iter()
        .filter(|d| d.wire != WireOutcome::NotSeen)
        .collect();
    let decisive = attempted
        .last()
        .copied()
        .or_else(|| s.data.iter().find(|d| d.wire == WireOutcome::NotSeen));
    let unexplained_ok = s
        .unexplained
        .iter()
        .filter_map(|&i| a.connection(i))
        .any(|c| !c.syn_ack.is_empty() || c.syn.is_empty());
    let works = match decisive {
        Some(d) => matches!(d.wire, WireOutcome::Connected | WireOutcome::Partial),
        None => unexplained_ok || s.unexplained.is_empty() && s.session.data_connections.is_empty(),
    };
    let failure = decisive.and_then(|d| match d.wire {
        WireOutcome::Unanswered | WireOutcome::NotSeen => Some(Failure::Timeout),
        WireOutcome::Reset | WireOutcome::IcmpError => Some(Failure::Refused),
        _ => None,
    });
    let summary = match decisive {
        Some(d) => format!("Data connection {}: {}", d.index + 1, d.summary),
        None if !s.unexplained.is_empty() => format!(
            "{} under TLS; their negotiation cannot be read.",
            plural(s.unexplained.len() as u32, "data connection")
        ),
        None => diagnosis.map_or_else(
            || "No data connection in this session.".to_string(),
            |d| d.summary.clone(),
        ),
    };
    let mut fix: Vec<String> = Vec::new();
    if !works {
        for f in diagnosis
            .map(|d| d.findings.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            if fix.is_empty() {
                // The drawing's text is plain: the finding's `code` marks go.
                fix.push(f.fix.replace('`', ""));
            }
        }
    }
    let mode = s
        .session
        .data_connections
        .first()
        .map_or(crate::scenario::Mode::Pasv, |dc| {
            use crate::wire::Kind;
            match dc.via {
                Kind::Epsv => crate::scenario::Mode::Epsv,
                Kind::Port | Kind::Lprt => crate::scenario::Mode::Port,
                Kind::Eprt => crate::scenario::Mode::Eprt,
                _ => crate::scenario::Mode::Pasv,
            }
        });
    let mut notes = vec![
        "Replayed from a capture taken at one point: every address is as seen there, on every leg. A device between the hosts is drawn only where the capture proves one.".to_string(),
        "Timing and packet numbers are the capture's own; the data connection's bytes are one step, not one per packet.".to_string(),
    ];
    if s.mid_session {
        notes.push(
            "The capture starts mid-session: what happened before it is not replayed.".into(),
        );
    }
    if s.encrypted.is_some() {
        notes.push("After AUTH TLS the dialogue is encrypted: no command or reply can be read, only the connections.".into());
    }
    let data_connection = DataConnection {
        opened: works && decisive.is_some(),
        from: decisive.and_then(|d| d.from).map(|x| x.to_string()),
        to: decisive
            .and_then(|d| d.to.or(d.expected))
            .map(|x| x.to_string()),
        failure,
        reason: decisive.map_or(String::new(), outcome_words),
    };
    let label = |node: Node, title: String, detail: String, present: bool| NodeLabel {
        node,
        title,
        detail,
        present,
    };
    let (st, sd) = e.server.clone().unwrap_or_default();
    let (ct, cd) = e.client.clone().unwrap_or_default();
    let nodes = vec![
        label(
            Node::Client,
            "FTP client".into(),
            s.client.ip().to_string(),
            true,
        ),
        label(Node::ClientEdge, ct, cd, e.client.is_some()),
        label(
            Node::Internet,
            "network between".into(),
            "not seen by the capture".into(),
            true,
        ),
        label(Node::ServerEdge, st, sd, e.server.is_some()),
        label(
            Node::Server,
            "FTP server".into(),
            format!("{} port {}", s.server.ip(), s.server.port()),
            true,
        ),
        label(Node::ThirdParty, String::new(), String::new(), false),
    ];
    let mut t = Timeline {
        scenario: Scenario {
            mode,
            tls: s.session.tls,
            ..Scenario::default()
        },
        title: format!(
            "Capture replay: session {}, {} → {}",
            index + 1,
            s.client,
            s.server
        ),
        steps,
        data_connection,
        works,
        summary,
        fix,
        notes,
        attack: None,
        nodes,
    };
    stops(&mut t, s.client.ip(), s.server.ip());
    Some(t)
}

/// One event as a step of the drawing.
fn step(s: &FtpSession, e: &Edges, ev: &Event, number: usize) -> Step {
    let when = format!(
        "Packet {}, {}: ",
        ev.packet.map_or("?".to_string(), |p| p.to_string()),
        seconds(ev.time_us)
    );
    let data = ev.data.is_some();
    let connection = if data { Conn::Data } else { Conn::Control };
    let from = host(ev.from_client);
    let to = host(!ev.from_client);
    let mut st = Step {
        number,
        from,
        to,
        kind: StepKind::Note,
        connection,
        text: ev.text.clone(),
        bytes: None,
        endpoint: None,
        decoded: None,
        hops: Vec::new(),
        reached: to,
        delivered: true,
        verdicts: Vec::new(),
        translations: Vec::new(),
        helper: None,
        encrypted: false,
        narration: format!("{when}{}", ev.narration),
    };
    let route = path(ev.from_client, e);
    let (src, dst) = (ev.src, ev.dst);
    let ev_data = ev.data.and_then(|i| s.data.get(i));
    match ev.what {
        What::Command | What::Reply => {
            st.kind = if ev.what == What::Command {
                StepKind::Command
            } else {
                StepKind::Reply
            };
            st.bytes = Some(format!("{}\r\n", ev.text));
            st.decoded = decoded(&ev.text);
            st.endpoint = st.decoded.as_ref().and_then(|d| d.endpoint);
            if let Some(d) = &st.decoded {
                st.narration.push_str(&format!(" Decoded: {}", d.summary));
            }
        }
        What::Syn => {
            st.kind = StepKind::Syn;
            if ev.failed {
                // Where it stopped: what answered it (the next events), or nothing.
                st.delivered = false;
                st.reached = Node::Internet;
            }
        }
        What::SynAck => st.kind = StepKind::SynAck,
        What::Reset | What::Icmp => st.kind = StepKind::Rst,
        What::Data => st.kind = StepKind::Data,
        What::GaveUp => {
            st.kind = StepKind::Timeout;
            st.to = from;
            st.reached = from;
        }
        What::Tls => {
            st.kind = StepKind::Tls;
            st.encrypted = true;
        }
        What::Note => {
            st.kind = StepKind::Note;
            st.to = from;
            st.reached = from;
        }
    }
    if matches!(st.kind, StepKind::Timeout | StepKind::Note) {
        return st;
    }
    if let (Some(src), Some(dst)) = (src, dst) {
        // A translated passive connection (captured behind the server's NAT): the advertised address
        // outside, the server's own inside.
        let translated = ev_data
            .filter(|d| d.translated && ev.what == What::Syn)
            .and_then(|d| d.expected);
        st.hops = hops(&route, src, dst);
        if let Some(outside) = translated {
            let edge = route.iter().position(|n| *n == Node::ServerEdge);
            if let Some(k) = edge {
                for h in st.hops.iter_mut().take(k) {
                    h.dst = outside;
                }
                st.translations.push(Translation {
                    device: Node::ServerEdge,
                    before: format!("{src} → {outside}"),
                    after: format!("{src} → {dst}"),
                    why: "the server's NAT forwards the advertised public address to the server (the capture shows the connection arriving at its private address)".into(),
                });
            }
        }
        if matches!(ev.what, What::Reset | What::Icmp) {
            // The error comes from the host the SYN went to, or from a device in front of it.
            let at = match (ev.between, ev.from_client) {
                (false, c) => host(c),
                (true, true) => Node::ClientEdge,
                (true, false) => Node::ServerEdge,
            };
            st.from = at;
            let start = route.iter().position(|n| *n == at).unwrap_or(0);
            st.hops = hops(&route[start..], src, dst);
        }
    }
    st
}

/// Fill in where each failed SYN stopped, from what answered it (a reset, an ICMP error) or nothing.
fn stops(t: &mut Timeline, client: IpAddr, server: IpAddr) {
    let n = t.steps.len();
    for i in 0..n {
        if t.steps[i].kind != StepKind::Syn || t.steps[i].delivered {
            continue;
        }
        let conn = t.steps[i].connection;
        // The answer: the next step on the same connection that is a reset or an ICMP error.
        let answer = t.steps[i + 1..]
            .iter()
            .take_while(|s| !(s.kind == StepKind::Syn && s.connection == conn && s.delivered))
            .find(|s| s.kind == StepKind::Rst && s.connection == conn)
            .map(|s| (s.from, s.text.clone()));
        let syn = &mut t.steps[i];
        match answer {
            Some((node, text)) => {
                syn.reached = node;
                let keep = syn
                    .hops
                    .iter()
                    .position(|h| h.to == node)
                    .map_or(0, |k| k + 1);
                syn.hops.truncate(keep);
                syn.verdicts.push(Verdict {
                    device: node,
                    allowed: false,
                    rule: format!("answered with {text}"),
                    state: Vec::new(),
                });
            }
            None => {
                let dst = syn.hops.last().map(|h| h.dst.ip());
                let acceptor = syn.to;
                let own = if acceptor == Node::Client {
                    client
                } else {
                    server
                };
                if dst == Some(own) {
                    // Addressed to the host the control connection reached: the capture cannot tell
                    // whether it died on the way or at that host's firewall.
                    syn.reached = acceptor;
                    syn.verdicts.push(Verdict {
                        device: acceptor,
                        allowed: false,
                        rule: format!(
                            "no answer in the capture: dropped on the way, or by a firewall at {own}"
                        ),
                        state: Vec::new(),
                    });
                } else {
                    syn.reached = Node::Internet;
                    let keep = syn
                        .hops
                        .iter()
                        .position(|h| h.to == Node::Internet)
                        .map_or(0, |k| k + 1);
                    syn.hops.truncate(keep);
                    // A private (or otherwise unroutable) address: nothing on the Internet carries it
                    // there (the drawing says LOST, no route).
                    if let Some(ip) =
                        dst.filter(|ip| classify(*ip).globally_reachable || is_doc(*ip))
                    {
                        syn.verdicts.push(Verdict {
                            device: Node::Internet,
                            allowed: false,
                            rule: format!("no answer in the capture from {ip}"),
                            state: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}

/// Documentation addresses (RFC 5737, RFC 3849) stand for public ones in examples and test networks.
fn is_doc(ip: IpAddr) -> bool {
    classify(ip).category.as_str() == "documentation"
}
