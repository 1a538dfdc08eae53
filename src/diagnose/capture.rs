//! Rules over a packet capture. Each FTP session in it is first diagnosed by the checker's own rules (its
//! dialogue is the same [`crate::log::Session`] a log gives, told what the wire showed), then by the rules
//! here, which only a capture can raise (`Code::CAPTURE`):
//!
//! | code | severity | when |
//! |---|---|---|
//! | `data-syn-unanswered` | error | a data connection's SYN got no answer at all (retransmissions counted) |
//! | `data-syn-reset` | error | a data connection's SYN was answered by a reset |
//! | `data-icmp-error` | error | a data connection's SYN was answered by an ICMP error |
//! | `data-connection-foreign-source` | warning | a data connection came from another address than the control connection's peer |
//! | `data-connection-not-seen` | warning | a transfer was asked for, and no packet of its data connection is in the capture |
//! | `reply-rewritten-in-transit` | warning / info | two captures: a 227/229/PORT/EPRT differs between the sides (an FTP helper rewrote it) |
//! | `address-translated` | info | two captures: a connection's addresses or ports differ between the sides (NAT) |
//! | `packet-lost-between-sides` | error | two captures: packets seen on one side never reached the other |
//! | `capture-starts-mid-session` | info | the control connection was open before the capture started |
//! | `capture-snaplen-cut` | warning / info | packets were cut by the snapshot length |
//! | `capture-packets-missing` | warning | bytes of the control connection were never captured |
//! | `control-connection-encrypted` | info | the control connection turned to TLS: what can and cannot be known |
//! | `capture-file-damaged` | error / warning | the file could not be read to its end |
//! | `capture-no-ftp` | info | no FTP control connection in the capture |

use super::{diagnose, Code, Diagnosis, Finding, Options, Severity};
use crate::base::plural;
use crate::capture::compare::{Comparison, PacketsLost, Rewrite, Translation};
use crate::capture::ftp::{DataEvidence, FtpSession};
use crate::capture::{duration, Analysis, Connection, Opening};
use crate::log::Mode;
use serde::Serialize;

/// The diagnosis of a whole capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptureDiagnosis {
    /// One per FTP session (same order as `Analysis::sessions`): the checker's rules and the capture rules.
    pub sessions: Vec<Diagnosis>,
    /// Findings about the capture itself (the file, sessions that were not found).
    pub findings: Vec<Finding>,
    pub summary: String,
}

impl CaptureDiagnosis {
    pub fn has_errors(&self) -> bool {
        self.sessions.iter().any(Diagnosis::has_errors)
            || self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

const CAPTURE_AGAIN: &str = "Capture again with the whole packets: `tcpdump -s 0 -w ftp.pcap` (0 is the default since tcpdump 4.0; older systems cut at 68 or 96 bytes), or Wireshark's defaults.";

/// Read and diagnose one capture file.
pub fn check_capture(bytes: &[u8], options: &Options) -> (Analysis, CaptureDiagnosis) {
    let a = crate::capture::analyse(bytes);
    let d = diagnose_capture(&a, options);
    (a, d)
}

/// Two captures of the same sessions, each diagnosed, and what changed between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TwoSided {
    pub first: Analysis,
    pub first_diagnosis: CaptureDiagnosis,
    pub second: Analysis,
    pub second_diagnosis: CaptureDiagnosis,
    pub comparison: Comparison,
    /// Findings about what changed between the two capture points.
    pub findings: Vec<Finding>,
    pub summary: String,
}

impl TwoSided {
    pub fn has_errors(&self) -> bool {
        self.first_diagnosis.has_errors()
            || self.second_diagnosis.has_errors()
            || self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Read, diagnose and compare two captures: `first` taken on the client's side, `second` on the server's.
pub fn check_two_sides(first: &[u8], second: &[u8], options: &Options) -> TwoSided {
    let (a, da) = check_capture(first, options);
    let (b, db) = check_capture(second, options);
    let comparison = crate::capture::compare(&a, &b, "client", "server");
    let findings = comparison_findings(&comparison);
    let between = counted(&findings).unwrap_or_else(|| {
        if findings.is_empty() {
            "nothing changed between the two capture points".to_string()
        } else {
            findings[0].message.clone()
        }
    });
    let summary = format!("between the sides: {between}; client side: {}", da.summary);
    TwoSided {
        first: a,
        first_diagnosis: da,
        second: b,
        second_diagnosis: db,
        comparison,
        findings,
        summary,
    }
}

/// Diagnose every session of a capture.
pub fn diagnose_capture(a: &Analysis, options: &Options) -> CaptureDiagnosis {
    let mut sessions = Vec::new();
    for s in &a.sessions {
        let base = diagnose(&s.session, options);
        // The capture's own findings first: at equal severity and line they are the more precise ones.
        let mut findings = Vec::new();
        session_rules(a, s, &mut findings);
        findings.extend(base.findings.into_iter().map(|f| adjust(s, f)));
        findings.sort_by_key(|f| {
            (
                f.severity,
                f.code.tier(),
                f.lines.first().copied().unwrap_or(0),
            )
        });
        let summary = match (&s.encrypted, counted(&findings)) {
            (Some(e), None) => encrypted_summary(a, s, e),
            _ => super::summary(&s.session, &findings),
        };
        sessions.push(Diagnosis {
            findings,
            summary,
            options: *options,
        });
    }
    let mut findings = Vec::new();
    file_rules(a, &mut findings);
    findings.sort_by_key(|f| f.severity);
    let summary = overall(a, &sessions, &findings);
    CaptureDiagnosis {
        sessions,
        findings,
        summary,
    }
}

/// A checker finding, told what the wire showed.
fn adjust(s: &FtpSession, mut f: Finding) -> Finding {
    if f.code == Code::ActiveModeBehindNat {
        // The server's connection arrived all the same: something on the way forwarded it.
        let arrived = s.data.iter().find(|ev| {
            ev.wire == crate::capture::WireOutcome::Connected
                && s.session
                    .data_connections
                    .get(ev.index)
                    .is_some_and(|d| d.lines.iter().any(|l| f.lines.contains(l)))
        });
        if let Some(ev) = arrived {
            f.severity = Severity::Info;
            f.message.push_str(&format!(
                " Yet the server's connection arrived ({}): a NAT on the way let it in — an FTP helper that rewrote this command, or a port forwarding. A capture on the server's side shows what the server received.",
                ev.packets.first().map_or_else(|| "see the data connection".to_string(), |p| format!("packet {}", p.packet))
            ));
        }
    }
    f
}

fn encrypted_summary(a: &Analysis, s: &FtpSession, e: &crate::capture::ftp::Encrypted) -> String {
    let conns: Vec<&Connection> = s
        .unexplained
        .iter()
        .filter_map(|&i| a.connection(i))
        .collect();
    let ok = conns
        .iter()
        .filter(|c| c.opening == Opening::Established)
        .count();
    format!(
        "the control connection is encrypted ({} TLS{}): its dialogue cannot be read; {} other connection{} between the hosts, {ok} established",
        e.kind,
        e.packet.map(|p| format!(" from packet {p}")).unwrap_or_default(),
        conns.len(),
        plural(conns.len())
    )
}

/// "2 errors, 1 warning: first message", or None when nothing is worse than info.
fn counted(findings: &[Finding]) -> Option<String> {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let counted = |n: usize, w: &str| format!("{n} {w}{}", plural(n));
    let counts = match (errors, warnings) {
        (0, 0) => return None,
        (0, w) => counted(w, "warning"),
        (e, 0) => counted(e, "error"),
        (e, w) => format!("{}, {}", counted(e, "error"), counted(w, "warning")),
    };
    let first = findings.iter().min_by_key(|f| f.severity)?;
    Some(format!("{counts}: {}", first.message))
}

fn overall(a: &Analysis, sessions: &[Diagnosis], findings: &[Finding]) -> String {
    let bad = findings.iter().find(|f| f.severity == Severity::Error);
    if a.sessions.is_empty() {
        return match bad {
            Some(f) => f.message.clone(),
            None => format!(
                "no FTP control connection in this capture ({} packets, {} TCP connections)",
                a.frames,
                a.connections.len()
            ),
        };
    }
    let first = if sessions.len() == 1 {
        sessions[0].summary.clone()
    } else {
        let failing = sessions.iter().filter(|d| d.has_errors()).count();
        let which = sessions
            .iter()
            .enumerate()
            .find(|(_, d)| d.has_errors())
            .or_else(|| sessions.iter().enumerate().next())
            .map(|(i, d)| format!("session {}: {}", i + 1, d.summary))
            .unwrap_or_default();
        format!(
            "{} FTP sessions, {} with errors; {which}",
            sessions.len(),
            failing
        )
    };
    match bad {
        Some(f) => format!("{first} (and: {})", f.message),
        None => first,
    }
}

fn file_rules(a: &Analysis, out: &mut Vec<Finding>) {
    if let Some(e) = &a.error {
        let cut_short = e.code == "truncated" && a.frames > 0;
        out.push(Finding::new(
            Code::CaptureFileDamaged,
            if cut_short { Severity::Warning } else { Severity::Error },
            if a.frames > 0 {
                format!("Reading stopped at byte {} ({}): {}. The {} packets before it were read and are diagnosed here.", e.offset, e.code, e.message, a.frames)
            } else {
                format!("The file could not be read as a capture: byte {}: {} ({}).", e.offset, e.message, e.code)
            },
            if cut_short {
                "Stop the capture cleanly (Ctrl-C in tcpdump, Stop in Wireshark) before copying the file, and copy it whole."
            } else {
                "Open the original capture file (pcap or pcapng, not compressed, not a text export); if it came from a tool that writes another format, convert it with `editcap -F pcapng IN OUT`."
            },
            Vec::new(),
        ));
    }
    if a.sessions.is_empty() && (a.error.is_none() || a.frames > 0) {
        let tls_990 = a
            .connections
            .iter()
            .filter(|c| c.server.port() == 990)
            .count();
        out.push(Finding::new(
            Code::CaptureNoFtp,
            Severity::Info,
            format!(
                "No FTP control connection was found in {} packets ({} TCP connections): none carries an FTP greeting, commands and replies{}.",
                a.frames,
                a.connections.len(),
                if tls_990 > 0 { ", or it is encrypted from its first byte" } else { "" }
            ),
            "Capture the control connection too: a filter such as `port 21 or portrange 50000-51000` (the server's passive range), or no filter at all, and start the capture before connecting.",
            Vec::new(),
        ));
    }
}

fn lines_of(s: &FtpSession, ev: &DataEvidence) -> Vec<usize> {
    s.session
        .data_connections
        .get(ev.index)
        .map(|d| d.lines.clone())
        .unwrap_or_default()
}

fn packets(list: &[u32]) -> String {
    let shown: Vec<String> = list.iter().take(8).map(u32::to_string).collect();
    let more = list.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn session_rules(a: &Analysis, s: &FtpSession, out: &mut Vec<Finding>) {
    let control = a.connection(s.connection);
    for ev in &s.data {
        data_rules(a, s, ev, out);
    }
    // Under TLS: the connections between the hosts that nothing explains, when they failed.
    for &id in &s.unexplained {
        let Some(c) = a.connection(id) else { continue };
        wire_failure(c, None, s, Vec::new(), out);
    }
    if s.mid_session {
        let first = s
            .sources
            .get(2)
            .and_then(|l| l.packet)
            .or(control.map(|c| c.first_packet));
        out.push(Finding::new(
            Code::CaptureMidSession,
            Severity::Info,
            format!(
                "The capture starts after this control connection was opened (its first packet here is {}): the greeting, the login and anything negotiated before are not in it, so the findings cover only what was captured.",
                first.map_or_else(|| "unknown".to_string(), |p| format!("packet {p}"))
            ),
            "Start the capture before connecting, to see the whole session.",
            Vec::new(),
        ));
    }
    if s.snaplen_bytes > 0 || (a.cut_frames > 0 && s.damaged_lines > 0) {
        out.push(Finding::new(
            Code::CaptureSnaplenCut,
            if s.damaged_lines > 0 { Severity::Warning } else { Severity::Info },
            format!(
                "{} packets were cut by the snapshot length{}: {} bytes of this FTP dialogue are not in the capture, so {} of its lines could not be read. Addresses, ports and TCP flags are intact: which connections were made, refused or never answered is known; what the lost lines said (a 227's address, a PORT command, a transfer's reply) is not.",
                a.cut_frames,
                if a.snaplen > 0 { format!(" ({} bytes)", a.snaplen) } else { String::new() },
                s.snaplen_bytes,
                s.damaged_lines
            ),
            CAPTURE_AGAIN,
            Vec::new(),
        ));
    }
    let lost = s.missing_bytes.saturating_sub(s.snaplen_bytes);
    if lost > 0 {
        out.push(Finding::new(
            Code::CapturePacketsMissing,
            Severity::Warning,
            format!("{lost} bytes of this control connection were never captured (the segments that carried them are missing: dropped by the capture, or lost before the capture point), so {} lines could not be read in full.", s.damaged_lines),
            "Capture on the client or server itself rather than on a busy mirror port, with a larger buffer (`tcpdump -B 8192`), and check tcpdump's \"packets dropped by kernel\" count.",
            Vec::new(),
        ));
    }
    if let Some(e) = &s.encrypted {
        out.push(Finding::new(
            Code::ControlEncrypted,
            Severity::Info,
            format!(
                "{} the control connection is encrypted ({} bytes to the server, {} to the client). Its PASV/EPSV replies, PORT/EPRT commands and transfer replies are inside TLS: without the session keys this capture cannot say which address or port was advertised, nor which command opened which data connection. It does show every TCP connection opened between the two hosts during the session and how each was answered ({} here).",
                match (e.kind, e.packet) {
                    ("implicit", _) => "TLS starts with the first byte (implicit FTPS):".to_string(),
                    (_, Some(p)) => format!("After AUTH TLS (TLS from packet {p} on)"),
                    _ => "After AUTH TLS".to_string(),
                },
                e.bytes_to_server,
                e.bytes_to_client,
                s.unexplained.len()
            ),
            "To read it, capture with the TLS keys: curl and other OpenSSL clients write them to the file named by SSLKEYLOGFILE, and Wireshark decrypts with it (Preferences > Protocols > TLS > (Pre)-Master-Secret log). Or reproduce the problem without TLS on a test account.",
            Vec::new(),
        ));
    }
}

fn data_rules(a: &Analysis, s: &FtpSession, ev: &DataEvidence, out: &mut Vec<Finding>) {
    let lines = lines_of(s, ev);
    match ev.connection.and_then(|id| a.connection(id)) {
        Some(c) => {
            wire_failure(c, Some(ev), s, lines.clone(), out);
            if ev.foreign_source {
                let own = a.connection(s.connection).map(|c| match ev.mode {
                    Mode::Passive => c.client.ip(),
                    Mode::Active => c.server.ip(),
                });
                let (who, side) = match ev.mode {
                    Mode::Passive => ("client", "the client's"),
                    Mode::Active => ("server", "the server's"),
                };
                out.push(Finding::new(
                    Code::DataForeignSource,
                    Severity::Warning,
                    format!(
                        "The data connection came from {}, while the control connection's {who} is {}. {}",
                        c.client.ip(),
                        own.map(|i| i.to_string()).unwrap_or_default(),
                        if ev.mode == Mode::Passive {
                            "A NAT that maps each connection to another public address (an address pool), a proxy or a load balancer does this; servers that check it (vsftpd, ProFTPD, pyftpdlib by default) refuse the connection with a 425 to prevent port stealing."
                        } else {
                            "The server opened it from another of its addresses; clients and firewalls that expect it from the control connection's address may refuse it."
                        }
                    ),
                    format!("Make both connections leave from the same address ({side} NAT with paired/sticky address pooling), or, if you accept the port-stealing risk, relax the server's check (vsftpd pasv_promiscuous=YES, ProFTPD AllowForeignAddress on)."),
                    lines,
                ));
            }
        }
        None => {
            let dc = s.session.data_connections.get(ev.index);
            let asked = dc.is_some_and(|d| d.transfer.is_some());
            if !asked && ev.mode == Mode::Passive && s.encrypted.is_none() {
                out.push(Finding::new(
                    Code::DataNotSeen,
                    Severity::Warning,
                    format!(
                        "The server offered {} for a data connection ({}), and no connection to it is in the capture: the client never connected, or its SYN never reached this capture point (dropped on the way: a firewall, or a NAT that does not forward the port), or a capture filter left it out. No transfer command followed.",
                        ev.expected.map(|e| e.to_string()).unwrap_or_else(|| "a port".to_string()),
                        dc.map_or("", |d| d.via.as_str()).to_ascii_uppercase()
                    ),
                    "Capture on the client's side too (or without a port filter) to see whether the client tried; then open and forward the passive range on the way.",
                    lines,
                ));
                return;
            }
            if asked && s.encrypted.is_none() {
                out.push(Finding::new(
                    Code::DataNotSeen,
                    Severity::Warning,
                    format!(
                        "No packet of the data connection for {} ({} to {}) is in the capture: the {} never tried to connect, or the capture did not include it (a capture filter such as \"port 21\", or another interface).",
                        dc.and_then(|d| d.transfer.as_deref()).unwrap_or("the transfer"),
                        dc.map_or("", |d| d.via.as_str()).to_ascii_uppercase(),
                        ev.expected.map(|e| e.to_string()).unwrap_or_else(|| "an unknown endpoint".to_string()),
                        if ev.mode == Mode::Passive { "client" } else { "server" }
                    ),
                    "Capture without a port filter (or with the passive range: `port 21 or portrange 50000-51000`) on the interface the traffic takes, to see whether the data connection was attempted.",
                    lines,
                ));
            }
        }
    }
}

/// The three failures of a data connection's opening, for a negotiated one (with `ev`) or an unexplained
/// one under TLS.
fn wire_failure(
    c: &Connection,
    ev: Option<&DataEvidence>,
    s: &FtpSession,
    lines: Vec<usize>,
    out: &mut Vec<Finding>,
) {
    let active = ev
        .map(|e| e.mode == Mode::Active)
        .unwrap_or(c.client.ip() == s.server.ip());
    let via = ev
        .and_then(|e| s.session.data_connections.get(e.index))
        .map(|d| format!("negotiated with {}", d.via.as_str().to_ascii_uppercase()))
        .unwrap_or_else(|| "negotiated inside TLS".to_string());
    let neg = ev
        .and_then(|e| e.negotiated_packet)
        .map(|p| format!(" in packet {p}"))
        .unwrap_or_default();
    let syns: Vec<u32> = c.syn.iter().map(|p| p.packet).collect();
    let who = if active {
        "The server's"
    } else {
        "The client's"
    };
    let to = c.server;
    let advertised_private = ev.is_some_and(|e| {
        e.mode == Mode::Passive
            && !e.to_other_address
            && e.expected.is_some_and(|x| {
                let class = crate::address::classify(x.ip().to_canonical());
                !class.globally_reachable && x.ip() != s.server.ip()
            })
    });
    let passive_fix = if advertised_private {
        format!(
            "The client used the address the server advertised, {}, which it cannot reach. {}",
            to.ip(),
            super::advertised::NAT_FIX
        )
    } else {
        format!("Open and forward the server's whole passive port range (the port here is {}) on its firewall and on the router in front of it, and make the server advertise the address clients reach it at. Check from outside with `nc -zv {} {}` while a transfer waits.", to.port(), to.ip(), to.port())
    };
    let active_fix = "Use passive mode (EPSV/PASV): the client then opens the data connection itself. Active mode only works when the client accepts incoming connections on its data ports (its firewall and any NAT in front of it).".to_string();
    let fix = if active { active_fix } else { passive_fix };
    match c.opening {
        Opening::Unanswered => out.push(Finding::new(
            Code::DataSynUnanswered,
            Severity::Error,
            format!(
                "{who} data connection to {to} ({via}{neg}) was never answered: its SYN was sent {} over {} (packets {}) and no SYN-ACK, reset or ICMP error came back. The packets are dropped on the way — {}.",
                crate::capture::times(syns.len()),
                duration(c.syn_span_us()),
                packets(&syns),
                if active {
                    "by the client's firewall, or by a NAT in front of the client that has no mapping for the port (the address in PORT/EPRT may be a private one the server cannot reach)"
                } else if advertised_private {
                    "a private address is not reachable across the Internet"
                } else {
                    "by a firewall that drops the passive port, or by a router in front of the server that does not forward it"
                }
            ),
            fix,
            lines,
        )),
        Opening::Reset => {
            let rst = c.resets.iter().find(|r| !r.from_client).map(|r| r.packet);
            out.push(Finding::new(
                Code::DataSynReset,
                Severity::Error,
                format!(
                    "{who} data connection to {to} ({via}{neg}) was refused: its SYN (packet {}) was answered by a reset{} from {}. Nothing listens on port {} there, or a firewall rejects the connection with a reset; the program is told \"Connection refused\".",
                    packets(&syns),
                    rst.map(|p| format!(" (packet {p})")).unwrap_or_default(),
                    to.ip(),
                    to.port()
                ),
                fix,
                lines,
            ));
        }
        Opening::IcmpError => {
            if let Some(i) = c.icmp.iter().find(|i| i.quotes_client) {
                out.push(Finding::new(
                    Code::DataIcmpError,
                    Severity::Error,
                    format!(
                        "{who} data connection to {to} ({via}{neg}) was rejected: its SYN (packet {}) was answered by an ICMP error from {} (packet {}): {} ({} type {} code {}). {} rejects it; the program is told \"{}\".",
                        packets(&syns),
                        i.from,
                        i.packet,
                        i.description,
                        i.protocol,
                        i.kind,
                        i.code,
                        if i.from == to.ip() { "The destination host's firewall" } else { "A firewall or router on the way (at the address that sent the error)" },
                        i.errno
                    ),
                    fix,
                    lines,
                ));
            }
        }
        _ => {}
    }
}

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
