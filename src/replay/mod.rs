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

mod capture_events;
mod devices;
mod step;
mod timeline;

pub use capture_events::events;
pub use timeline::replay;

use crate::capture::ftp::{DataEvidence, FtpSession, WireOutcome};
use crate::capture::{duration, Analysis, Connection};
use std::net::SocketAddr;

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
