//! What a data connection's match means: one sentence for the report, and what the wire tells the
//! checker's session (the outcome, where the client really connected, an address it replaced).

use super::{DataEvidence, LineSource, WireOutcome};
use crate::log::{Address, DataConnection, Event, Mode, Outcome, Role, Session};

/// What the wire shows, told to the session the checker's rules read: where a passive connection went,
/// how it ended, and, when the client connected elsewhere than advertised, the event that says so.
pub(super) fn tell_session(
    dc: &mut DataConnection,
    sources: &[LineSource],
    ev: &DataEvidence,
) -> Option<Event> {
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
            if dc.outcome == Outcome::Unknown && (ev.bytes_to_client + ev.bytes_to_server > 0) =>
        {
            dc.outcome = Outcome::Ok;
        }
        _ => {}
    }
    if !ev.to_other_address {
        return None;
    }
    let line = ev
        .negotiated_packet
        .and_then(|p| {
            sources.iter().find(|src| {
                src.packet == Some(p) && src.from_client == Some(dc.mode == Mode::Active)
            })
        })
        .map_or(1, |src| src.line);
    Some(Event::ReplacedAddress {
        line,
        advertised: dc.advertised.ip,
        used: ev.to.map(|t| t.ip()),
        text: format!(
            "the capture shows the client connecting to {} instead",
            ev.to.map(|t| t.to_string()).unwrap_or_default()
        ),
    })
}

/// The last reply of the transfer on the control connection (226, 425, 426…), after the negotiation.
pub(super) fn final_reply(session: &Session, k: usize) -> Option<String> {
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

/// One sentence saying what happened to a data connection on the wire.
pub(super) fn summary(ev: &DataEvidence) -> String {
    let to = ev.to.map(|t| t.to_string()).unwrap_or_default();
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
            crate::capture::times(ev.syns as usize),
            crate::capture::duration(ev.syn_span_us)
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
