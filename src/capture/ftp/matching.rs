//! Each negotiated data connection matched to the TCP connection that followed it: same port, after its
//! negotiation and before the next one, not claimed by another, the advertised address first; a
//! client's retries to the same place count as attempts of the same data connection.

use super::evidence::evidence_packets;
use super::verdict::{final_reply, summary, tell_session};
use super::{DataEvidence, FtpSession, WireOutcome};
use crate::capture::conn::{Connection, Opening};
use crate::log::Mode;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

/// Match each negotiated data connection to the TCP connection that followed it, and tell the session
/// what the wire showed.
pub(super) fn match_data(
    s: &mut FtpSession,
    connections: &[Connection],
    by_port: &HashMap<u16, Vec<usize>>,
    claimed: &mut [bool],
) {
    let control = &connections[s.connection];
    let negotiations = negotiation_packets(s);
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
        let expected_ip = dc.advertised.ip.or(match dc.mode {
            Mode::Passive => Some(control.server.ip()),
            Mode::Active => None,
        });
        let expected = match (expected_ip, dc.advertised.port) {
            (Some(ip), Some(p)) => Some(SocketAddr::new(ip, p)),
            _ => None,
        };
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
        let same_port: &[usize] = dc
            .advertised
            .port
            .and_then(|p| by_port.get(&p))
            .map_or(&[], Vec::as_slice);
        let window = Window {
            after,
            before,
            expected_ip,
        };
        let tried = attempts(same_port, window, connections, claimed);
        if !tried.is_empty() {
            observe(&mut ev, &tried, control, expected_ip);
        }
        ev.summary = summary(&ev);
        let dc = &mut s.session.data_connections[k];
        events.extend(tell_session(dc, &s.sources, &ev));
        s.data.push(ev);
    }
    s.session.events.extend(events);
}

/// The packet that carried each data connection's negotiation (the passive reply, or the active command).
fn negotiation_packets(s: &FtpSession) -> Vec<Option<u32>> {
    s.session
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
        .collect()
}

/// Where to look for a data connection: between its negotiation's packet and the next one's, preferring
/// the address it should go to.
#[derive(Clone, Copy)]
struct Window {
    after: u32,
    before: u32,
    expected_ip: Option<IpAddr>,
}

/// The TCP connections that tried to be this data connection (claimed here): the first one found, then
/// further attempts from the same side to the same place (a client retrying). Empty when none.
fn attempts<'c>(
    same_port: &[usize],
    w: Window,
    connections: &'c [Connection],
    claimed: &mut [bool],
) -> Vec<&'c Connection> {
    // Passive: the client opens it; active: the server does, to the address in PORT/EPRT. Either way the
    // port is the key, and it comes after the negotiation and before the next one.
    let first = same_port.partition_point(|&id| connections[id].first_packet <= w.after);
    let mut candidates: Vec<&Connection> = same_port[first..]
        .iter()
        .map(|&id| &connections[id])
        .take_while(|c| c.first_packet < w.before)
        .filter(|c| !claimed[c.id])
        .collect();
    // The exact address first.
    candidates.sort_by_key(|c| (Some(c.server.ip()) != w.expected_ip, c.first_packet));
    let Some(&first) = candidates.first() else {
        return Vec::new();
    };
    let mut all = vec![first];
    all.extend(
        candidates[1..]
            .iter()
            .filter(|c| c.server == first.server && c.client.ip() == first.client.ip()),
    );
    for c in &all {
        claimed[c.id] = true;
    }
    all
}

/// What the attempts show: the decisive one (an established attempt if any, else the last), how it was
/// answered, where it went and came from, its bytes and packets.
fn observe(
    ev: &mut DataEvidence,
    all: &[&Connection],
    control: &Connection,
    expected_ip: Option<IpAddr>,
) {
    let Some(&last) = all.last() else {
        return;
    };
    let decisive = all
        .iter()
        .find(|c| c.opening == Opening::Established)
        .copied()
        .unwrap_or(last);
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
    placed(ev, decisive, control, expected_ip);
    let (packets, omitted) = evidence_packets(decisive);
    ev.packets = packets;
    ev.packets_omitted = omitted;
}

/// Where the decisive attempt went and came from, against the negotiation: another address than the
/// advertised one, the advertised one translated by the server's NAT, a foreign source.
fn placed(
    ev: &mut DataEvidence,
    decisive: &Connection,
    control: &Connection,
    expected_ip: Option<IpAddr>,
) {
    let elsewhere = ev.mode == Mode::Passive
        && expected_ip.is_some_and(|ip| ip.to_canonical() != decisive.server.ip().to_canonical());
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
    let own = match ev.mode {
        Mode::Passive => control.client.ip(),
        Mode::Active => control.server.ip(),
    };
    ev.foreign_source = own.to_canonical() != decisive.client.ip().to_canonical();
}
