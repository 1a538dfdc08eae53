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
//!
//! - `file`: the file itself (damaged, no FTP in it).
//! - `session`: one FTP session as captured (mid-session, cut or missing bytes, TLS).
//! - `data`: its data connections (unanswered, reset, ICMP error, foreign source, not seen).
//! - `sides`: two captures compared (rewritten replies, translated addresses, lost packets).

mod data;
mod file;
mod session;
mod sides;

pub use sides::comparison_findings;

use super::{diagnose, Code, Diagnosis, Finding, Options, Severity};
use crate::base::plural;
use crate::capture::compare::Comparison;
use crate::capture::ftp::FtpSession;
use crate::capture::{Analysis, Connection, Opening};
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
        session::session_rules(a, s, &mut findings);
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
    file::file_rules(a, &mut findings);
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

/// Packet numbers for a sentence: the first eight, then how many more.
fn packets(list: &[u32]) -> String {
    let shown: Vec<String> = list.iter().take(8).map(u32::to_string).collect();
    let more = list.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
