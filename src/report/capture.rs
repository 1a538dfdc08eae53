//! `check --json` on captures: one capture's report (its sessions, each with the checker's fields, where
//! each line came from and what the wire showed), and two captures compared.

use serde::Serialize;

/// One FTP session of a capture, for `check --json`: the checker's fields (`exchanges`,
/// `data_connections`, `events`, `findings`, `summary`, …) plus where each line came from and what the wire
/// showed for each data connection (`data_connections[i].wire`, with its packet evidence).
#[derive(Debug, Serialize)]
pub struct CaptureSessionReport<'a> {
    pub client: std::net::SocketAddr,
    pub server: std::net::SocketAddr,
    pub control_connection: Option<&'a crate::capture::Connection>,
    pub mid_session: bool,
    pub tls: bool,
    pub encrypted: Option<&'a crate::capture::ftp::Encrypted>,
    pub damaged_lines: u32,
    pub exchanges: &'a [crate::log::Exchange],
    pub data_connections: Vec<CaptureDataReport<'a>>,
    pub events: &'a [crate::log::Event],
    /// The dialogue: `{"line","packet","time_us","from_client","text","role"}` per line.
    pub lines: Vec<CaptureLine<'a>>,
    /// TCP connections between the two hosts that no readable negotiation explains (under TLS).
    pub unexplained: Vec<&'a crate::capture::Connection>,
    pub findings: &'a [crate::diagnose::Finding],
    pub summary: &'a str,
}

/// A data connection: the checker's fields, and `wire` (what the capture shows, with `packets`).
#[derive(Debug, Serialize)]
pub struct CaptureDataReport<'a> {
    #[serde(flatten)]
    pub negotiated: &'a crate::log::DataConnection,
    pub wire: &'a crate::capture::DataEvidence,
}

#[derive(Debug, Serialize)]
pub struct CaptureLine<'a> {
    pub line: usize,
    pub packet: Option<u32>,
    pub time_us: u64,
    pub from_client: Option<bool>,
    pub text: &'a str,
    pub role: crate::log::Role,
}

/// `ftp-explorer check --json CAPTURE`: `{"kind":"capture", "file":{…}, "error":{…}|null, "frames",
/// "duration_us", "skipped", "cut_frames", "snaplen", "sessions":[…], "findings":[…], "summary"}`.
#[derive(Debug, Serialize)]
pub struct CaptureReport<'a> {
    pub kind: &'static str,
    pub file: &'a crate::capture::FileInfo,
    pub error: Option<&'a crate::capture::FileError>,
    pub bytes: u64,
    pub frames: u32,
    pub duration_us: u64,
    pub skipped: &'a crate::capture::Skipped,
    pub cut_frames: u32,
    pub snaplen: u32,
    pub tcp_connections: usize,
    pub stray_icmp: &'a [crate::capture::IcmpNote],
    pub sessions: Vec<CaptureSessionReport<'a>>,
    /// Findings about the capture as a whole.
    pub findings: &'a [crate::diagnose::Finding],
    pub summary: &'a str,
}

pub fn capture_report<'a>(
    a: &'a crate::capture::Analysis,
    d: &'a crate::diagnose::capture::CaptureDiagnosis,
) -> CaptureReport<'a> {
    let sessions = a
        .sessions
        .iter()
        .zip(&d.sessions)
        .map(|(s, diag)| CaptureSessionReport {
            client: s.client,
            server: s.server,
            control_connection: a.connection(s.connection),
            mid_session: s.mid_session,
            tls: s.session.tls,
            encrypted: s.encrypted.as_ref(),
            damaged_lines: s.damaged_lines,
            exchanges: &s.session.exchanges,
            data_connections: s
                .session
                .data_connections
                .iter()
                .zip(&s.data)
                .map(|(negotiated, wire)| CaptureDataReport { negotiated, wire })
                .collect(),
            events: &s.session.events,
            lines: s
                .session
                .lines
                .iter()
                .zip(&s.sources)
                .map(|(l, src)| CaptureLine {
                    line: l.number,
                    packet: src.packet,
                    time_us: src.time_us,
                    from_client: src.from_client,
                    text: &l.text,
                    role: l.role,
                })
                .collect(),
            unexplained: s
                .unexplained
                .iter()
                .filter_map(|&i| a.connection(i))
                .collect(),
            findings: &diag.findings,
            summary: &diag.summary,
        })
        .collect();
    CaptureReport {
        kind: "capture",
        file: &a.file,
        error: a.error.as_ref(),
        bytes: a.bytes,
        frames: a.frames,
        duration_us: a.duration_us,
        skipped: &a.skipped,
        cut_frames: a.cut_frames,
        snaplen: a.snaplen,
        tcp_connections: a.connections.len(),
        stray_icmp: &a.stray_icmp,
        sessions,
        findings: &d.findings,
        summary: &d.summary,
    }
}

/// `ftp-explorer check --json CLIENT-SIDE SERVER-SIDE`: `{"kind":"comparison", "first":{capture report},
/// "second":{…}, "comparison":{"pairs","rewrites","translations","lost",…}, "findings":[…], "summary"}`.
#[derive(Debug, Serialize)]
pub struct ComparisonReport<'a> {
    pub kind: &'static str,
    pub first: CaptureReport<'a>,
    pub second: CaptureReport<'a>,
    pub comparison: &'a crate::capture::Comparison,
    pub findings: &'a [crate::diagnose::Finding],
    pub summary: &'a str,
}
