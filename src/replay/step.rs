//! A step's words and route: one event of the capture as a step of the flow view's drawing.

use super::devices::{hops, host, path, Edges};
use super::{Event, What};
use crate::capture::ftp::FtpSession;
use crate::capture::seconds;
use crate::scenario::{Connection as Conn, DecodedLine, Node, Step, StepKind, Translation};
use std::net::SocketAddr;

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

/// One event as a step of the drawing.
pub(super) fn step(s: &FtpSession, e: &Edges, ev: &Event, number: usize) -> Step {
    let mut st = words(ev, number);
    set_kind(&mut st, ev);
    if matches!(st.kind, StepKind::Timeout | StepKind::Note) {
        return st;
    }
    if let (Some(src), Some(dst)) = (ev.src, ev.dst) {
        route(&mut st, s, e, ev, src, dst);
    }
    st
}

/// The step's words: its text and its narration, told at the event's packet and time, from one host
/// to the other (a plain note until [`set_kind`] says what it is).
fn words(ev: &Event, number: usize) -> Step {
    let when = format!(
        "Packet {}, {}: ",
        ev.packet.map_or("?".to_string(), |p| p.to_string()),
        seconds(ev.time_us)
    );
    let data = ev.data.is_some();
    let connection = if data { Conn::Data } else { Conn::Control };
    let from = host(ev.from_client);
    let to = host(!ev.from_client);
    Step {
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
    }
}

/// The step's kind from the event's, with what goes with it: an FTP line's bytes and decoding, a failed
/// SYN's stop, a give-up or note staying at its side.
fn set_kind(st: &mut Step, ev: &Event) {
    let from = st.from;
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
}

/// The step's hops from `src` to `dst` through the drawing's devices: translated by the server's NAT
/// for a translated passive connection, starting where an error was sent from for a reset or ICMP error.
fn route(st: &mut Step, s: &FtpSession, e: &Edges, ev: &Event, src: SocketAddr, dst: SocketAddr) {
    let route = path(ev.from_client, e);
    let ev_data = ev.data.and_then(|i| s.data.get(i));
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
