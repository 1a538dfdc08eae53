//! FTP in a capture: control connections found by what they carry (a greeting, commands and replies) on any
//! port; each dialogue cut into lines, passwords masked at once, and read by the log checker's own reader
//! as a `C:`/`S:` transcript — so a capture gives the same [`Session`] as a log, and the same rules apply.
//! Then every data connection the dialogue negotiated is matched to the TCP connection that followed it
//! (or to its absence), and the [`Session`] learns what the wire shows: where the client really
//! connected, whether the connection was answered, refused or never answered.

use super::conn::{Connection, IcmpNote, Opening, Record, CONTROL};
use super::packet::{ACK, FIN, PSH, RST, SYN};
use super::reassembly::Stream;
use crate::log::entry::is_command;
use crate::log::mask::mask_password;
use crate::log::{read_log, Address, Event, Format, Mode, Outcome, Role, Session};
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

/// The first line of a stream's head (up to 512 bytes), without its line ending.
fn first_line(s: &Stream) -> Option<&[u8]> {
    let head = &s.bytes[..s.bytes.len().min(512)];
    if s.gaps.first().is_some_and(|g| g.offset == 0) {
        return None;
    }
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = &head[..end];
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

fn reply_code(line: &[u8]) -> Option<u16> {
    let digits = line.get(..3)?;
    if !digits.iter().all(u8::is_ascii_digit) || !matches!(line.get(3), None | Some(b' ' | b'-')) {
        return None;
    }
    let code = u16::from(digits[0] - b'0') * 100
        + u16::from(digits[1] - b'0') * 10
        + u16::from(digits[2] - b'0');
    (100..600).contains(&code).then_some(code)
}

fn looks_like_tls(b: &[u8]) -> bool {
    matches!(b, [0x14..=0x17, 0x03, 0x00..=0x04, ..])
}

/// Is this connection FTP control, and which way round? Some(false): as it is; Some(true): swapped.
fn control_roles(c: &Connection) -> Option<bool> {
    let check = |to_client: &Stream, to_server: &Stream, known: bool| -> bool {
        let reply = first_line(to_client).and_then(reply_code);
        let command = first_line(to_server).map(|l| is_command(&String::from_utf8_lossy(l)));
        match (reply, command) {
            // A greeting; the client said nothing yet, or an FTP command (an SMTP server greets with 220 too).
            (Some(120 | 220 | 421), None | Some(true)) => {
                to_server.bytes.is_empty() || command == Some(true)
            }
            // Captured mid-session: replies one way, commands the other.
            (Some(_), Some(true)) => true,
            (None, Some(true)) => known && to_client.bytes.is_empty(),
            _ => false,
        }
    };
    if check(&c.to_client, &c.to_server, c.client_known) {
        return Some(false);
    }
    if !c.client_known && check(&c.to_server, &c.to_client, false) {
        return Some(true);
    }
    // Implicit FTPS: TLS from the first byte on the FTPS port.
    let port = c.server.port();
    if port == 990 && looks_like_tls(&c.to_server.bytes) {
        return Some(false);
    }
    None
}

/// A line cut out of one direction.
struct Piece {
    packet: Option<u32>,
    time_us: u64,
    from_client: bool,
    offset: u64,
    text: String,
    /// Part of it is not in the capture: shown, never read as a command or reply.
    damaged: bool,
}

/// The marker for missing bytes.
fn missing_marker(s: &Stream, start: u64, end: u64) -> String {
    let cut = s
        .gaps
        .iter()
        .any(|g| g.snaplen && g.offset < end && g.offset + g.length > start);
    let why = if cut {
        "cut by the snapshot length"
    } else {
        "not captured"
    };
    format!("[…{} bytes {why}…]", end - start)
}

/// Cut a direction into lines, up to where TLS starts. Returns the lines, the TLS start offset (if any),
/// and how many lines touched missing bytes.
fn lines_of(s: &Stream, c: &Connection, from_client: bool) -> (Vec<Piece>, Option<u64>, u32) {
    let mut out = Vec::new();
    let mut damaged = 0;
    let bytes = &s.bytes;
    let len = bytes.len() as u64;
    let mut at = 0u64;
    let mut tls = None;
    // Does a line start at `at` for sure (the stream's start, or right after a captured newline)?
    let line_start = |at: u64| {
        (at == 0 && s.syn)
            || (at > 0 && !s.has_gap(at - 1, at) && bytes.get(at as usize - 1) == Some(&b'\n'))
    };
    while at < len {
        // The next gap at or after `at` (gaps are sorted and disjoint).
        let gap = s
            .gaps
            .iter()
            .find(|g| g.offset.saturating_add(g.length) > at);
        if let Some(g) = gap.filter(|g| g.offset <= at) {
            // A line that starts inside missing bytes: nothing of it is known.
            let end = g.offset.saturating_add(g.length).min(len);
            let packet = s.packet_at(end.min(len.saturating_sub(1)));
            damaged += 1;
            out.push(Piece {
                packet,
                time_us: packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us),
                from_client,
                offset: at,
                text: format!("[incomplete] {}", missing_marker(s, at, end)),
                damaged: true,
            });
            at = end;
            continue;
        }
        let run_end = gap.map_or(len, |g| g.offset.min(len));
        let here = &bytes[at as usize..run_end as usize];
        if looks_like_tls(here) {
            tls = Some(at);
            break;
        }
        let (end, into_gap) = match here.iter().position(|&b| b == b'\n') {
            Some(i) => (at + i as u64 + 1, None),
            None => (
                run_end,
                gap.map(|g| g.offset.saturating_add(g.length).min(len)),
            ),
        };
        let raw = &bytes[at as usize..end as usize];
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let packet = s.packet_at(end.saturating_sub(1));
        let time_us = packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us);
        let text = String::from_utf8_lossy(line);
        let piece = match into_gap {
            None => {
                // Passwords are masked here, before the text goes anywhere else.
                let text = if from_client {
                    mask_password(&text).into_owned()
                } else {
                    text.into_owned()
                };
                (!text.trim().is_empty()).then_some((text, false))
            }
            Some(gap_end) => {
                damaged += 1;
                let marker = missing_marker(s, end, gap_end);
                let shown = if !from_client {
                    Some(text.into_owned())
                } else if line_start(at) {
                    // The head of a client line: masked like any other (a password needs "PASS " first).
                    Some(mask_password(&text).into_owned())
                } else {
                    None // the tail of a line whose head is lost: it could be a password
                };
                let text = match shown {
                    Some(t) => format!("[incomplete] {t}{marker}"),
                    None => format!(
                        "[incomplete] [{} bytes of a client line]{marker}",
                        line.len()
                    ),
                };
                Some((text, true))
            }
        };
        if let Some((text, damaged)) = piece {
            out.push(Piece {
                packet,
                time_us,
                from_client,
                offset: at,
                text,
                damaged,
            });
        }
        at = into_gap.unwrap_or(end);
    }
    (out, tls, damaged)
}

fn time_of(c: &Connection, packet: u32) -> Option<u64> {
    let r = c.records.binary_search_by_key(&packet, |r| r.frame).ok()?;
    c.records.get(r).map(|r| r.time_us)
}

/// Find the FTP sessions among the connections, read their dialogues and match their data connections.
pub fn sessions(connections: &mut [Connection], file: &[u8]) -> Vec<FtpSession> {
    let mut found = Vec::new();
    for (i, c) in connections.iter_mut().enumerate() {
        let Some(swap) = control_roles(c) else {
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
        let mut s = read_dialogue(&connections[i]);
        scrub_password(&mut connections[i]);
        match_data(&mut s, connections, &by_port, &mut claimed);
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

/// The control connection's kept bytes with every PASS argument overwritten by `*` (same length, so TLS
/// and other offsets stay right): the raw stream stays available (for a TLS handshake reader) without the
/// password.
fn scrub_password(c: &mut Connection) {
    let bytes = &mut c.to_server.bytes;
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        let verb = line.get(..5).map(|v| v.to_ascii_uppercase());
        if verb.as_deref() == Some(b"PASS ") {
            let stop = if line.ends_with(b"\r") { end - 1 } else { end };
            for b in &mut bytes[at + 5..stop] {
                *b = b'*';
            }
        }
        at = end + 1;
    }
}

fn read_dialogue(c: &Connection) -> FtpSession {
    let (up, tls_up, damaged_up) = lines_of(&c.to_server, c, true);
    let (down, tls_down, damaged_down) = lines_of(&c.to_client, c, false);
    let mut pieces: Vec<Piece> = up.into_iter().chain(down).collect();
    pieces.sort_by_key(|p| (p.packet.unwrap_or(u32::MAX), p.offset));
    let bracket = |a: SocketAddr| match a {
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => v4.to_string(),
    };
    let mut text = format!(
        "Node 0: {}\nNode 1: {}\n",
        bracket(c.client),
        bracket(c.server)
    );
    let mut sources = vec![
        LineSource {
            line: 1,
            packet: Some(c.first_packet),
            time_us: c.start_us,
            from_client: None,
        },
        LineSource {
            line: 2,
            packet: Some(c.first_packet),
            time_us: c.start_us,
            from_client: None,
        },
    ];
    for p in &pieces {
        // A damaged line is kept for the timeline but never read as a command or a reply.
        text.push_str(match (p.damaged, p.from_client) {
            (true, _) => "",
            (false, true) => "C: ",
            (false, false) => "S: ",
        });
        text.push_str(&p.text);
        text.push('\n');
        sources.push(LineSource {
            line: sources.len() + 1,
            packet: p.packet,
            time_us: p.time_us,
            from_client: Some(p.from_client),
        });
    }
    let mut session = read_log(&text, Some(Format::Transcript));
    // The transcript's header lines name the two ends: the reader's own notes, not unknown text.
    for l in session.lines.iter_mut().take(2) {
        l.role = Role::Client;
    }
    // The first thing the server said: a greeting, unless the capture began later (a damaged first line
    // says nothing either way).
    let first_server = pieces.iter().find(|p| !p.from_client);
    let no_greeting = first_server.is_some_and(|p| {
        !p.damaged
            && !reply_code(p.text.as_bytes()).is_some_and(|code| matches!(code, 120 | 220 | 421))
    });
    let encrypted = match (tls_up, tls_down) {
        (None, None) => None,
        (up_at, down_at) => {
            let implicit = up_at == Some(0);
            let packet = up_at.and_then(|o| c.to_server.packet_at(o));
            Some(Encrypted {
                kind: if implicit { "implicit" } else { "explicit" },
                packet,
                time_us: packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us),
                bytes_to_server: up_at.map_or(0, |o| c.to_server.length.saturating_sub(o)),
                bytes_to_client: down_at.map_or(0, |o| c.to_client.length.saturating_sub(o)),
            })
        }
    };
    if encrypted.is_some() {
        session.tls = true;
    }
    let gaps = c.to_server.gaps.iter().chain(&c.to_client.gaps);
    let (mut missing, mut snaplen) = (0u64, 0u64);
    for g in gaps {
        missing = missing.saturating_add(g.length);
        if g.snaplen {
            snaplen = snaplen.saturating_add(g.length);
        }
    }
    let implicit = encrypted.as_ref().is_some_and(|e| e.kind == "implicit");
    FtpSession {
        connection: c.id,
        client: c.client,
        server: c.server,
        session,
        sources,
        data: Vec::new(),
        mid_session: c.opening == Opening::MidStream
            || c.opening == Opening::SynAckOnly
            || (no_greeting && !implicit),
        damaged_lines: damaged_up + damaged_down,
        missing_bytes: missing,
        snaplen_bytes: snaplen,
        encrypted,
        unexplained: Vec::new(),
    }
}

fn flags_text(f: u8) -> String {
    let mut v = Vec::new();
    for (bit, name) in [
        (SYN, "SYN"),
        (RST, "RST"),
        (FIN, "FIN"),
        (PSH, "PSH"),
        (ACK, "ACK"),
    ] {
        if f & bit != 0 {
            v.push(name);
        }
    }
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(",")
    }
}

fn evidence_packets(c: &Connection) -> (Vec<PacketEvidence>, u32) {
    let recs = &c.records;
    let first_seq = |from_client: bool| {
        recs.iter()
            .find(|r| r.from_client == from_client)
            .map(|r| r.seq)
    };
    let (base_c, base_s) = (first_seq(true), first_seq(false));
    let one = |r: &Record| {
        let (from, to) = if r.from_client {
            (c.client, c.server)
        } else {
            (c.server, c.client)
        };
        let base = if r.from_client { base_c } else { base_s }.unwrap_or(r.seq);
        let note = if r.flags & (SYN | ACK) == SYN {
            "connection request".to_string()
        } else if r.flags & (SYN | ACK) == (SYN | ACK) {
            "connection accepted".to_string()
        } else if r.flags & RST != 0 {
            "reset: the connection is refused or torn down".to_string()
        } else if r.flags & FIN != 0 {
            "end of this side's data".to_string()
        } else if r.len > 0 || r.missing > 0 {
            format!("{} bytes of data", u64::from(r.len) + u64::from(r.missing))
        } else {
            "acknowledgement".to_string()
        };
        PacketEvidence {
            packet: r.frame,
            time_us: r.time_us,
            from,
            to,
            flags: flags_text(r.flags),
            seq: r.seq.wrapping_sub(base),
            len: r.len + r.missing,
            note,
        }
    };
    let mut out: Vec<PacketEvidence> = Vec::new();
    let omitted = recs.len().saturating_sub(32) as u32;
    if recs.len() <= 32 {
        out.extend(recs.iter().map(one));
    } else {
        out.extend(recs[..24].iter().map(one));
        out.extend(recs[recs.len() - 8..].iter().map(one));
    }
    for i in &c.icmp {
        out.push(PacketEvidence {
            packet: i.packet,
            time_us: i.time_us,
            from: SocketAddr::new(i.from, 0),
            to: if i.quotes_client { c.client } else { c.server },
            flags: "ICMP".to_string(),
            seq: 0,
            len: 0,
            note: format!(
                "{} {} type {} code {}: {} (the program is told \"{}\")",
                i.protocol, i.from, i.kind, i.code, i.description, i.errno
            ),
        });
    }
    out.sort_by_key(|p| p.packet);
    (out, omitted)
}

/// Match each negotiated data connection to the TCP connection that followed it.
fn match_data(
    s: &mut FtpSession,
    connections: &[Connection],
    by_port: &HashMap<u16, Vec<usize>>,
    claimed: &mut [bool],
) {
    let control = &connections[s.connection];
    let negotiations: Vec<Option<u32>> = s
        .session
        .data_connections
        .iter()
        .map(|dc| {
            let ex = s.session.exchanges.get(dc.exchange)?;
            let line = match dc.mode {
                Mode::Passive => ex.reply.as_ref().and_then(|r| r.lines.first().copied()),
                Mode::Active => ex.command.as_ref().map(|c| c.line),
            }?;
            s.packet_of(line)
        })
        .collect();
    let mut events = Vec::new();
    for k in 0..s.session.data_connections.len() {
        let dc = &s.session.data_connections[k];
        let after = negotiations[k].unwrap_or(control.first_packet);
        let before = negotiations[k + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(u32::MAX);
        let port = dc.advertised.port;
        let expected_ip = dc.advertised.ip.or(match dc.mode {
            Mode::Passive => Some(control.server.ip()),
            Mode::Active => None,
        });
        let expected = match (expected_ip, port) {
            (Some(ip), Some(p)) => Some(SocketAddr::new(ip, p)),
            _ => None,
        };
        // Passive: the client opens it; active: the server does, to the address in PORT/EPRT. Either way
        // the port is the key, and it comes after the negotiation and before the next one.
        let same_port: &[usize] = port
            .and_then(|p| by_port.get(&p))
            .map_or(&[], Vec::as_slice);
        let first = same_port.partition_point(|&id| connections[id].first_packet <= after);
        let mut candidates: Vec<&Connection> = same_port[first..]
            .iter()
            .map(|&id| &connections[id])
            .take_while(|c| c.first_packet < before)
            .filter(|c| !claimed[c.id])
            .collect();
        // The exact address first.
        candidates.sort_by_key(|c| (Some(c.server.ip()) != expected_ip, c.first_packet));
        let mut ev = DataEvidence {
            index: k,
            mode: dc.mode,
            negotiated_packet: negotiations[k],
            expected,
            wire: WireOutcome::NotSeen,
            connection: None,
            attempts: Vec::new(),
            from: None,
            to: None,
            to_other_address: false,
            translated: false,
            foreign_source: false,
            syns: 0,
            syn_span_us: 0,
            reset_by: None,
            icmp: None,
            bytes_to_server: 0,
            bytes_to_client: 0,
            final_reply: final_reply(&s.session, k),
            summary: String::new(),
            packets: Vec::new(),
            packets_omitted: 0,
        };
        if let Some(first) = candidates.first() {
            // Further attempts from the same side to the same place (a client retrying).
            let same: Vec<usize> = candidates[1..]
                .iter()
                .filter(|c| c.server == first.server && c.client.ip() == first.client.ip())
                .map(|c| c.id)
                .collect();
            claimed[first.id] = true;
            for &a in &same {
                claimed[a] = true;
            }
            // The attempt that decided the outcome: an established one if any, else the last.
            let all: Vec<&Connection> = std::iter::once(*first)
                .chain(same.iter().map(|&a| &connections[a]))
                .collect();
            let decisive = all
                .iter()
                .find(|c| c.opening == Opening::Established)
                .copied()
                .unwrap_or(all[all.len() - 1]);
            ev.connection = Some(decisive.id);
            ev.attempts = all
                .iter()
                .map(|c| c.id)
                .filter(|&id| id != decisive.id)
                .collect();
            ev.from = Some(decisive.client);
            ev.to = Some(decisive.server);
            ev.syns = all.iter().map(|c| c.syn.len() as u32).sum();
            ev.syn_span_us = match (
                all.first().and_then(|c| c.syn.first()),
                all.iter().rev().find_map(|c| c.syn.last()),
            ) {
                (Some(a), Some(b)) => b.time_us.saturating_sub(a.time_us),
                _ => 0,
            };
            ev.wire = match decisive.opening {
                Opening::Established => WireOutcome::Connected,
                Opening::Reset => WireOutcome::Reset,
                Opening::IcmpError => WireOutcome::IcmpError,
                Opening::Unanswered => WireOutcome::Unanswered,
                Opening::SynAckOnly | Opening::MidStream => WireOutcome::Partial,
            };
            ev.reset_by = decisive
                .resets
                .iter()
                .find(|r| !r.from_client)
                .map(|_| decisive.server.ip());
            ev.icmp = decisive.icmp.iter().find(|i| i.quotes_client).cloned();
            ev.bytes_to_server = decisive.to_server.captured;
            ev.bytes_to_client = decisive.to_client.captured;
            let elsewhere = dc.mode == Mode::Passive
                && expected_ip
                    .is_some_and(|ip| ip.to_canonical() != decisive.server.ip().to_canonical());
            // Behind the server's NAT the public address it advertises arrives as its own private one.
            let reachable = |ip: IpAddr| {
                let c = crate::address::classify(ip.to_canonical());
                c.globally_reachable || c.category == crate::address::Category::Documentation
            };
            ev.translated = elsewhere
                && decisive.server.ip() == control.server.ip()
                && expected_ip.is_some_and(reachable)
                && !reachable(control.server.ip());
            ev.to_other_address = elsewhere && !ev.translated;
            let own = match dc.mode {
                Mode::Passive => control.client.ip(),
                Mode::Active => control.server.ip(),
            };
            ev.foreign_source = own.to_canonical() != decisive.client.ip().to_canonical();
            let (packets, omitted) = evidence_packets(decisive);
            ev.packets = packets;
            ev.packets_omitted = omitted;
        }
        ev.summary = summary(&ev);
        // What the wire shows, told to the session the checker's rules read.
        let dc = &mut s.session.data_connections[k];
        if let (Some(to), Mode::Passive) = (ev.to, dc.mode) {
            dc.used = Some(Address {
                ip: Some(to.ip()),
                port: Some(to.port()),
            });
        }
        match ev.wire {
            WireOutcome::Unanswered => {
                dc.outcome = Outcome::TimedOut;
                dc.reason = Some(ev.summary.clone());
            }
            WireOutcome::Reset | WireOutcome::IcmpError => {
                dc.outcome = Outcome::Refused;
                dc.reason = Some(ev.summary.clone());
            }
            WireOutcome::Connected
                if dc.outcome == Outcome::Unknown
                    && (ev.bytes_to_client + ev.bytes_to_server > 0) =>
            {
                dc.outcome = Outcome::Ok;
            }
            _ => {}
        }
        if ev.to_other_address {
            let line = negotiations[k]
                .and_then(|p| {
                    s.sources.iter().find(|src| {
                        src.packet == Some(p) && src.from_client == Some(dc.mode == Mode::Active)
                    })
                })
                .map_or(1, |src| src.line);
            events.push(Event::ReplacedAddress {
                line,
                advertised: dc.advertised.ip,
                used: ev.to.map(|t| t.ip()),
                text: format!(
                    "the capture shows the client connecting to {} instead",
                    ev.to.map(|t| t.to_string()).unwrap_or_default()
                ),
            });
        }
        s.data.push(ev);
    }
    s.session.events.extend(events);
}

fn final_reply(session: &Session, k: usize) -> Option<String> {
    let dc = session.data_connections.get(k)?;
    let negotiation = session
        .exchanges
        .get(dc.exchange)
        .map(|e| e.lines())
        .unwrap_or_default();
    dc.lines
        .iter()
        .rev()
        .filter(|l| !negotiation.contains(l))
        .filter_map(|&l| session.lines.get(l.checked_sub(1)?))
        .find(|l| l.role == Role::Reply)
        .map(|l| l.text.trim_start_matches("S: ").to_string())
}

fn summary(ev: &DataEvidence) -> String {
    let to = ev.to.map(|t| t.to_string()).unwrap_or_default();
    let tries = |n: u32| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    match ev.wire {
        WireOutcome::NotSeen => "no packet of this data connection is in the capture: no connection was attempted, or the capture did not include it (a capture filter such as \"port 21\", or another interface)".to_string(),
        WireOutcome::Connected => format!(
            "connected to {to}{}; {} bytes to the server, {} bytes to the client{}",
            if ev.translated {
                format!(
                    " (the advertised {}, translated by the NAT in front of the server: this capture was taken behind it)",
                    ev.expected.map(|e| e.to_string()).unwrap_or_default()
                )
            } else {
                String::new()
            },
            ev.bytes_to_server,
            ev.bytes_to_client,
            ev.final_reply.as_ref().map(|r| format!("; final reply \"{r}\"")).unwrap_or_default()
        ),
        WireOutcome::Unanswered => format!(
            "SYN to {to} sent {} over {}, never answered (no SYN-ACK, no reset, no ICMP error): dropped on the way or at the destination",
            tries(ev.syns),
            super::duration(ev.syn_span_us)
        ),
        WireOutcome::Reset => format!(
            "SYN to {to} answered by a reset from {}: nothing listens on that port there, or a firewall rejects it",
            ev.reset_by.map(|i| i.to_string()).unwrap_or_default()
        ),
        WireOutcome::IcmpError => match &ev.icmp {
            Some(i) => format!(
                "SYN to {to} answered by an ICMP error from {} (packet {}): {} — the program is told \"{}\"",
                i.from, i.packet, i.description, i.errno
            ),
            None => format!("SYN to {to} answered by an ICMP error"),
        },
        WireOutcome::Partial => format!("a connection to {to} that was already open when the capture started (its SYN is not in the capture)"),
    }
}
