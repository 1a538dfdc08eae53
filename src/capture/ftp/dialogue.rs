//! A control connection's dialogue: its two directions' lines merged in packet order and read by the log
//! checker's own reader as a `C:`/`S:` transcript, with where each line came from; where TLS took over;
//! what the capture is missing. And the password scrubbed from the kept bytes.

use super::control::reply_code;
use super::lines::{lines_of, time_of, Piece};
use super::{Encrypted, FtpSession, LineSource};
use crate::capture::conn::{Connection, Opening};
use crate::log::{read_log, Format, Role};
use std::net::SocketAddr;

/// Read a control connection's dialogue into a session (its data connections not yet matched).
pub(super) fn read_dialogue(c: &Connection) -> FtpSession {
    let (up, tls_up, damaged_up) = lines_of(&c.to_server, c, true);
    let (down, tls_down, damaged_down) = lines_of(&c.to_client, c, false);
    let mut pieces: Vec<Piece> = up.into_iter().chain(down).collect();
    pieces.sort_by_key(|p| (p.packet.unwrap_or(u32::MAX), p.offset));
    let (text, sources) = transcript(c, &pieces);
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
    let encrypted = encryption(c, tls_up, tls_down);
    if encrypted.is_some() {
        session.tls = true;
    }
    let (missing, snaplen) = missing_bytes(c);
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

/// The transcript the log reader reads (two `Node` lines naming the ends, then `C:`/`S:` lines; a damaged
/// line bare, so it is kept for the timeline but never read as a command or a reply), and where each of
/// its lines came from.
fn transcript(c: &Connection, pieces: &[Piece]) -> (String, Vec<LineSource>) {
    let bracket = |a: SocketAddr| match a {
        SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        SocketAddr::V4(v4) => v4.to_string(),
    };
    let mut text = format!(
        "Node 0: {}\nNode 1: {}\n",
        bracket(c.client),
        bracket(c.server)
    );
    let header = |line| LineSource {
        line,
        packet: Some(c.first_packet),
        time_us: c.start_us,
        from_client: None,
    };
    let mut sources = vec![header(1), header(2)];
    for p in pieces {
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
    (text, sources)
}

/// Where TLS took over the control connection (the offsets where each direction's first TLS record
/// starts), if it did.
fn encryption(c: &Connection, tls_up: Option<u64>, tls_down: Option<u64>) -> Option<Encrypted> {
    if tls_up.is_none() && tls_down.is_none() {
        return None;
    }
    let implicit = tls_up == Some(0);
    let packet = tls_up.and_then(|o| c.to_server.packet_at(o));
    Some(Encrypted {
        kind: if implicit { "implicit" } else { "explicit" },
        packet,
        time_us: packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us),
        bytes_to_server: tls_up.map_or(0, |o| c.to_server.length.saturating_sub(o)),
        bytes_to_client: tls_down.map_or(0, |o| c.to_client.length.saturating_sub(o)),
    })
}

/// Bytes of the dialogue the capture does not hold, and how many of them the snapshot length cut.
fn missing_bytes(c: &Connection) -> (u64, u64) {
    let gaps = c.to_server.gaps.iter().chain(&c.to_client.gaps);
    let (mut missing, mut snaplen) = (0u64, 0u64);
    for g in gaps {
        missing = missing.saturating_add(g.length);
        if g.snaplen {
            snaplen = snaplen.saturating_add(g.length);
        }
    }
    (missing, snaplen)
}

/// The control connection's kept bytes with every PASS argument overwritten by `*` (same length, so TLS
/// and other offsets stay right): the raw stream stays available (for a TLS handshake reader) without the
/// password.
pub(super) fn scrub_password(c: &mut Connection) {
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
