//! The JSON shapes the CLI prints (`decode --json`, `classify --json`), one object per input. Field names
//! and meanings are a contract that scripts rely on: add fields freely, never rename or remove one.

use crate::address::{classify, parse_ip, Classification};
use crate::base::plural;
use crate::wire::{recognise, DecodeError, Decoded, Form, Kind, PortMath, Span, Warning};
use serde::Serialize;
use std::net::IpAddr;

/// `{"input":…, "ok":true, "kind":…, "ip":…, "port":…, "address":{…}, "warnings":[…], …}` or
/// `{"input":…, "ok":false, "kind":…|null, "error":{"code":…, "message":…, "span":[start,end]}}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum DecodeReport<'a> {
    Decoded(DecodedReport<'a>),
    Failed(FailedReport<'a>),
}

#[derive(Debug, Serialize)]
pub struct DecodedReport<'a> {
    pub input: &'a str,
    pub ok: bool,
    pub kind: Kind,
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
    pub address: Option<&'a Classification>,
    pub warnings: &'a [Warning],
    pub form: Form,
    pub code: Option<u16>,
    pub command: Option<&'a str>,
    pub arithmetic: Option<PortMath>,
    pub span: Option<Span>,
    pub delimiter: Option<char>,
    pub summary: &'a str,
    pub facts: &'a [String],
    /// With `decode --clients`: how each well-known client reads this reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clients: Option<&'a [crate::clients::Reading]>,
}

#[derive(Debug, Serialize)]
pub struct FailedReport<'a> {
    pub input: &'a str,
    pub ok: bool,
    pub kind: Option<Kind>,
    pub error: &'a DecodeError,
    /// With `decode --clients`: how each well-known client reads this reply (some read what the strict
    /// reading rejects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clients: Option<&'a [crate::clients::Reading]>,
}

impl<'a> DecodeReport<'a> {
    pub fn ok(&self) -> bool {
        matches!(self, DecodeReport::Decoded(_))
    }

    /// The same report with the per-client readings attached (`decode --clients`).
    pub fn with_clients(mut self, readings: &'a [crate::clients::Reading]) -> Self {
        match &mut self {
            DecodeReport::Decoded(d) => d.clients = Some(readings),
            DecodeReport::Failed(f) => f.clients = Some(readings),
        }
        self
    }
}

/// The report for one input and what decoding it gave.
pub fn decode_report<'a>(
    input: &'a str,
    result: &'a Result<Decoded, DecodeError>,
) -> DecodeReport<'a> {
    match result {
        Ok(d) => DecodeReport::Decoded(DecodedReport {
            input,
            ok: true,
            kind: d.kind,
            ip: d.ip(),
            port: d.port(),
            address: d.address.as_ref(),
            warnings: &d.warnings,
            form: d.form,
            code: d.code,
            command: d.command.as_deref(),
            arithmetic: d.arithmetic,
            span: d.span,
            delimiter: d.delimiter,
            summary: &d.summary,
            facts: &d.facts,
            clients: None,
        }),
        Err(error) => DecodeReport::Failed(FailedReport {
            input,
            ok: false,
            kind: recognise(input),
            error,
            clients: None,
        }),
    }
}

/// `{"input":…, "ok":true, "ip":…, "family":4|6, "category":…, "range":…|null, "rfc":…|null,
/// "globally_reachable":bool, "description":…}` or `{"input":…, "ok":false, "error":{…}}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ClassifyReport<'a> {
    Classified {
        input: &'a str,
        ok: bool,
        #[serde(flatten)]
        class: Classification,
    },
    Failed {
        input: &'a str,
        ok: bool,
        error: DecodeError,
    },
}

/// Parse `input` strictly as an address and classify it.
pub fn classify_report(input: &str) -> ClassifyReport<'_> {
    match parse_ip(input) {
        Ok(ip) => ClassifyReport::Classified {
            input,
            ok: true,
            class: classify(ip),
        },
        Err(error) => ClassifyReport::Failed {
            input,
            ok: false,
            error: error.into(),
        },
    }
}

/// `ftp-explorer check --json`: `{"format":…, "control":{…}|null, "exchanges":[…], "data_connections":[…],
/// "findings":[{"code","severity","message","fix","lines"}], "summary":…}` (plus `tls`, `events`,
/// `unknown_lines`).
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    pub format: crate::log::Format,
    pub format_detected: bool,
    pub control: Option<&'a crate::log::Peer>,
    pub tls: bool,
    pub exchanges: &'a [crate::log::Exchange],
    pub data_connections: &'a [crate::log::DataConnection],
    pub events: &'a [crate::log::Event],
    pub unknown_lines: Vec<&'a crate::log::Line>,
    pub findings: &'a [crate::diagnose::Finding],
    pub summary: &'a str,
}

pub fn check_report<'a>(
    session: &'a crate::log::Session,
    diagnosis: &'a crate::diagnose::Diagnosis,
) -> CheckReport<'a> {
    CheckReport {
        format: session.format,
        format_detected: !session.format_given,
        control: session.control.as_ref(),
        tls: session.tls,
        exchanges: &session.exchanges,
        data_connections: &session.data_connections,
        events: &session.events,
        unknown_lines: session.unknown_lines().collect(),
        findings: &diagnosis.findings,
        summary: &diagnosis.summary,
    }
}

/// The report as plain text (for a terminal, or to paste into a ticket); `markdown` adds headings and
/// code formatting.
pub fn check_text(
    session: &crate::log::Session,
    diagnosis: &crate::diagnose::Diagnosis,
    markdown: bool,
) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let h = |s: &mut String, t: &str| {
        if markdown {
            let _ = writeln!(s, "\n### {t}\n");
        } else {
            let _ = writeln!(s, "\n{t}\n{}", "-".repeat(t.chars().count()));
        }
    };
    let _ = writeln!(
        s,
        "{}{}",
        if markdown {
            "## ftp-explorer: "
        } else {
            "ftp-explorer: "
        },
        diagnosis.summary
    );
    let _ = writeln!(
        s,
        "\nLog format: {}{}",
        session.format.title(),
        if session.format_given {
            " (as given)"
        } else {
            " (detected)"
        }
    );
    if let Some(c) = &session.control {
        let host = c.host.clone().unwrap_or_default();
        let ip = c.ip.map(|i| i.to_string()).unwrap_or_default();
        let port = c.port.map(|p| format!(" port {p}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "Control connection: {host}{}{ip}{}{port}",
            if host.is_empty() { "" } else { " (" },
            if host.is_empty() { "" } else { ")" }
        );
    }
    if session.tls {
        let _ = writeln!(s, "TLS: the control connection is encrypted (AUTH TLS).");
    }
    h(&mut s, "Findings");
    if diagnosis.findings.is_empty() {
        let _ = writeln!(s, "No problems found.");
    }
    for f in &diagnosis.findings {
        let lines = f
            .lines
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if markdown {
            let _ = writeln!(
                s,
                "- **{}** `{}` (lines {lines}): {}\n  - Fix: {}",
                f.severity.as_str().to_ascii_uppercase(),
                f.code,
                f.message,
                f.fix
            );
        } else {
            let _ = writeln!(
                s,
                "[{}] {} (lines {lines})\n  {}\n  Fix: {}\n",
                f.severity.as_str(),
                f.code,
                f.message,
                f.fix
            );
        }
    }
    if !session.data_connections.is_empty() {
        h(&mut s, "Data connections");
        for dc in &session.data_connections {
            let adv = dc.advertised.to_string();
            let used = dc
                .used
                .as_ref()
                .map(|u| format!(", used {u}"))
                .unwrap_or_default();
            let outcome = dc.outcome.as_str();
            let transfer = dc
                .transfer
                .as_deref()
                .map(|t| format!(" for {t}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "{}{} via {}: advertised {adv}{used}{transfer}: {outcome}",
                if markdown { "- " } else { "" },
                if dc.mode == crate::log::Mode::Passive {
                    "passive"
                } else {
                    "active"
                },
                dc.via.as_str().to_ascii_uppercase()
            );
        }
    }
    s
}

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

fn heading(s: &mut String, t: &str, markdown: bool, level: usize) {
    use std::fmt::Write;
    if markdown {
        let _ = writeln!(s, "\n{} {t}\n", "#".repeat(level));
    } else {
        let underline = if level <= 3 { '=' } else { '-' };
        let _ = writeln!(
            s,
            "\n{t}\n{}",
            underline.to_string().repeat(t.chars().count())
        );
    }
}

fn finding_text(s: &mut String, f: &crate::diagnose::Finding, packets: &[u32], markdown: bool) {
    use std::fmt::Write;
    let mut at = Vec::new();
    if !packets.is_empty() {
        let list: Vec<String> = packets.iter().map(u32::to_string).collect();
        at.push(format!(
            "packet{} {}",
            plural(packets.len()),
            list.join(", ")
        ));
    }
    let at = if at.is_empty() {
        String::new()
    } else {
        format!(" ({})", at.join("; "))
    };
    if markdown {
        let _ = writeln!(
            s,
            "- **{}** `{}`{at}: {}\n  - Fix: {}",
            f.severity.as_str().to_ascii_uppercase(),
            f.code,
            f.message,
            f.fix
        );
    } else {
        let _ = writeln!(
            s,
            "[{}] {}{at}\n  {}\n  Fix: {}\n",
            f.severity.as_str(),
            f.code,
            f.message,
            f.fix
        );
    }
}

/// The capture report as text (or Markdown): the summary, the file, then per FTP session its findings,
/// its data connections with what the wire showed, and its dialogue with packet numbers and times.
pub fn capture_text(
    a: &crate::capture::Analysis,
    d: &crate::diagnose::capture::CaptureDiagnosis,
    markdown: bool,
) -> String {
    use crate::capture::seconds;
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}{}",
        if markdown {
            "## ftp-explorer: "
        } else {
            "ftp-explorer: "
        },
        d.summary
    );
    let links: Vec<&str> = {
        let mut v: Vec<&str> = a.file.interfaces.iter().map(|i| i.link).collect();
        v.dedup();
        v
    };
    let _ = writeln!(
        s,
        "\nCapture: {} ({} byte order, {} timestamps), {} interface{} ({}), {} packets over {}; {} TCP connection{}, {} FTP session{}.",
        a.file.format,
        a.file.byte_order,
        a.file.timestamps,
        a.file.interfaces.len(),
        plural(a.file.interfaces.len()),
        links.join(", "),
        a.frames,
        seconds(a.duration_us),
        a.connections.len(),
        plural(a.connections.len()),
        a.sessions.len(),
        plural(a.sessions.len()),
    );
    if let Some(e) = &a.error {
        let _ = writeln!(s, "Reading stopped: {e}.");
    }
    if !d.findings.is_empty() {
        heading(&mut s, "Capture", markdown, 3);
        for f in &d.findings {
            finding_text(&mut s, f, &[], markdown);
        }
    }
    for (n, (session, diag)) in a.sessions.iter().zip(&d.sessions).enumerate() {
        let c = a.connection(session.connection);
        heading(
            &mut s,
            &format!(
                "Session {}: {} → {}{}",
                n + 1,
                session.client,
                session.server,
                c.map(|c| format!(" (packets {}–{})", c.first_packet, c.last_packet))
                    .unwrap_or_default()
            ),
            markdown,
            3,
        );
        let _ = writeln!(s, "{}", diag.summary);
        heading(&mut s, "Findings", markdown, 4);
        if diag.findings.is_empty() {
            let _ = writeln!(s, "No problems found.");
        }
        for f in &diag.findings {
            let mut packets: Vec<u32> = f
                .lines
                .iter()
                .filter_map(|&l| session.packet_of(l))
                .collect();
            packets.sort_unstable();
            packets.dedup();
            finding_text(&mut s, f, &packets, markdown);
        }
        if !session.data.is_empty() {
            heading(&mut s, "Data connections", markdown, 4);
            for (dc, ev) in session.session.data_connections.iter().zip(&session.data) {
                let _ = writeln!(
                    s,
                    "{}{} via {}{}: advertised {}{}: {} — {}",
                    if markdown { "- " } else { "" },
                    if dc.mode == crate::log::Mode::Passive {
                        "passive"
                    } else {
                        "active"
                    },
                    dc.via.as_str().to_ascii_uppercase(),
                    ev.negotiated_packet
                        .map(|p| format!(" (packet {p})"))
                        .unwrap_or_default(),
                    dc.advertised,
                    dc.transfer
                        .as_deref()
                        .map(|t| format!(" for {t}"))
                        .unwrap_or_default(),
                    ev.wire.as_str(),
                    ev.summary
                );
            }
        }
        if !session.unexplained.is_empty() {
            heading(
                &mut s,
                "Other connections between the two hosts",
                markdown,
                4,
            );
            for &id in &session.unexplained {
                if let Some(c) = a.connection(id) {
                    let _ = writeln!(
                        s,
                        "{}{} → {} (packets {}–{}): {}, {} bytes to the server, {} to the client",
                        if markdown { "- " } else { "" },
                        c.client,
                        c.server,
                        c.first_packet,
                        c.last_packet,
                        c.opening.as_str(),
                        c.to_server.captured,
                        c.to_client.captured
                    );
                }
            }
        }
        heading(&mut s, "Dialogue", markdown, 4);
        if markdown {
            s.push_str("```\n");
        }
        for (l, src) in session.session.lines.iter().zip(&session.sources).skip(2) {
            let _ = writeln!(
                s,
                "{:>6} {:>15}  {}",
                src.packet.map(|p| p.to_string()).unwrap_or_default(),
                seconds(src.time_us),
                l.text
            );
        }
        if let Some(e) = &session.encrypted {
            let _ = writeln!(
                s,
                "{:>6} {:>15}  [TLS: {} bytes to the server, {} to the client, unreadable without the keys]",
                e.packet.map(|p| p.to_string()).unwrap_or_default(),
                seconds(e.time_us),
                e.bytes_to_server,
                e.bytes_to_client
            );
        }
        if markdown {
            s.push_str("```\n");
        }
    }
    s
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

/// The two-sided comparison as text (or Markdown): what changed between the capture points, then each
/// side's own report.
#[allow(clippy::too_many_arguments)]
pub fn comparison_text(
    first: &crate::capture::Analysis,
    first_d: &crate::diagnose::capture::CaptureDiagnosis,
    second: &crate::capture::Analysis,
    second_d: &crate::diagnose::capture::CaptureDiagnosis,
    c: &crate::capture::Comparison,
    findings: &[crate::diagnose::Finding],
    summary: &str,
    markdown: bool,
) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}{summary}",
        if markdown {
            "## ftp-explorer: "
        } else {
            "ftp-explorer: "
        }
    );
    let _ = writeln!(
        s,
        "\n{} FTP session{} paired between the {} side and the {} side{}{}.",
        c.pairs.len(),
        plural(c.pairs.len()),
        c.first_side,
        c.second_side,
        if c.unpaired_first.is_empty() {
            String::new()
        } else {
            format!(
                "; {} only on the {} side",
                c.unpaired_first.len(),
                c.first_side
            )
        },
        if c.unpaired_second.is_empty() {
            String::new()
        } else {
            format!(
                "; {} only on the {} side",
                c.unpaired_second.len(),
                c.second_side
            )
        }
    );
    heading(&mut s, "Between the two sides", markdown, 3);
    if findings.is_empty() {
        let _ = writeln!(s, "Nothing changed between the two capture points.");
    }
    for f in findings {
        finding_text(&mut s, f, &[], markdown);
    }
    for (name, a, d) in [
        (&c.first_side, first, first_d),
        (&c.second_side, second, second_d),
    ] {
        heading(&mut s, &format!("The {name} side"), markdown, 3);
        s.push_str(&capture_text(a, d, markdown));
    }
    s
}
