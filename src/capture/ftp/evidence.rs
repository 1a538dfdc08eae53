//! A data connection's packets, listed as evidence: flags, relative sequence numbers, what each means.

use super::PacketEvidence;
use crate::capture::conn::{Connection, Record};
use crate::capture::packet::{ACK, FIN, PSH, RST, SYN};
use std::net::SocketAddr;

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

pub(super) fn evidence_packets(c: &Connection) -> (Vec<PacketEvidence>, u32) {
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
