//! Findings from two captures of the same sessions: replies an FTP helper rewrote, addresses a NAT
//! translated, packets that never reached the other side.

use super::packets;
use crate::base::plural;
use crate::capture::compare::{Comparison, PacketsLost, Rewrite, Translation};
use crate::diagnose::{Code, Finding, Severity};

/// Findings from a comparison of two captures.
pub fn comparison_findings(c: &Comparison) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &c.rewrites {
        out.push(rewrite_finding(r));
    }
    for t in &c.translations {
        out.push(translation_finding(t));
    }
    for l in &c.lost {
        out.push(lost_finding(l));
    }
    out.sort_by_key(|f| f.severity);
    out
}

fn rewrite_finding(r: &Rewrite) -> Finding {
    let what = match (r.sent_address, r.received_address) {
        (Some(a), Some(b)) if a != b => format!(": the address {a} became {b}"),
        _ => String::new(),
    };
    Finding::new(
        Code::ReplyRewrittenInTransit,
        if r.worked { Severity::Info } else { Severity::Warning },
        format!(
            "A device between the two capture points rewrote the {} in transit{what}. Sent on the {} side (packet {}): \"{}\"; arrived on the {} side (packet {}): \"{}\". That is an FTP helper (ALG, such as Linux's nf_conntrack_ftp with nf_nat_ftp) in a NAT router{}.",
            r.what,
            r.sent_side,
            r.sent_packet.map_or("?".to_string(), |p| p.to_string()),
            r.sent_text,
            r.received_side,
            r.received_packet.map_or("?".to_string(), |p| p.to_string()),
            r.received_text,
            if r.worked { "; the data connection then worked" } else { "; the data connection still failed" }
        ),
        "Nothing to do while it works. But a helper only reads cleartext: under FTPS (AUTH TLS) it cannot rewrite, so the server must advertise its public address itself (vsftpd pasv_address, ProFTPD MasqueradeAddress), and active-mode clients behind NAT should use passive mode.",
        Vec::new(),
    )
}

fn translation_finding(t: &Translation) -> Finding {
    Finding::new(
        Code::AddressTranslated,
        Severity::Info,
        format!(
            "The {} connection {} → {} on the {} side is {} → {} on the {} side: {}.",
            t.what, t.first_client, t.first_server, t.first_side, t.second_client, t.second_server, t.second_side, t.how
        ),
        "Nothing to fix by itself: this is what NAT does. It matters for FTP because addresses inside the control connection (227, PORT, EPRT) are not translated unless a helper rewrites them.",
        Vec::new(),
    )
}

fn lost_finding(l: &PacketsLost) -> Finding {
    Finding::new(
        Code::PacketLostBetweenSides,
        if l.data { Severity::Error } else { Severity::Warning },
        format!(
            "{} packet{} of the {} connection {} → {} seen on the {} side (packets {}) never appear on the {} side: {}.",
            l.packets.len(),
            plural(l.packets.len()),
            l.what,
            l.client,
            l.server,
            l.seen_side,
            packets(&l.packets),
            l.missing_side,
            l.why
        ),
        "Look at the devices between the two capture points (firewalls, NAT port forwarding, security groups): one of them drops these packets. For a passive data connection, open and forward the passive range; for an active one, let the server's connection in (or use passive mode).",
        Vec::new(),
    )
}
