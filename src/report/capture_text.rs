//! `check` on captures as text (or Markdown): one capture's report, and two captures compared.

use crate::base::plural;
use crate::capture::ftp::FtpSession;
use crate::capture::{seconds, Analysis, Comparison};
use crate::diagnose::capture::CaptureDiagnosis;
use crate::diagnose::{Diagnosis, Finding};
use crate::log::Mode;
use std::fmt::Write;

/// A heading: `###`/`####` in Markdown, else the title underlined (`=` for a level-3 heading, `-` below).
fn heading(s: &mut String, t: &str, markdown: bool, level: usize) {
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

/// One finding, with the packets behind it.
fn finding_text(s: &mut String, f: &Finding, packets: &[u32], markdown: bool) {
    let at = if packets.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = packets.iter().map(u32::to_string).collect();
        format!(" (packet{} {})", plural(packets.len()), list.join(", "))
    };
    super::check::finding_entry(s, f, &at, markdown);
}

/// The capture report as text (or Markdown): the summary, the file, then per FTP session its findings,
/// its data connections with what the wire showed, and its dialogue with packet numbers and times.
pub fn capture_text(a: &Analysis, d: &CaptureDiagnosis, markdown: bool) -> String {
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
    file_text(&mut s, a);
    if !d.findings.is_empty() {
        heading(&mut s, "Capture", markdown, 3);
        for f in &d.findings {
            finding_text(&mut s, f, &[], markdown);
        }
    }
    for (n, (session, diag)) in a.sessions.iter().zip(&d.sessions).enumerate() {
        session_text(&mut s, a, n + 1, session, diag, markdown);
    }
    s
}

/// The file: its format, interfaces, packets, connections and sessions, and why reading stopped.
fn file_text(s: &mut String, a: &Analysis) {
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
}

/// One FTP session (numbered from 1): its summary, findings, data connections, the other connections
/// between its hosts, and its dialogue.
fn session_text(
    s: &mut String,
    a: &Analysis,
    number: usize,
    session: &FtpSession,
    diag: &Diagnosis,
    markdown: bool,
) {
    let c = a.connection(session.connection);
    heading(
        s,
        &format!(
            "Session {number}: {} → {}{}",
            session.client,
            session.server,
            c.map(|c| format!(" (packets {}–{})", c.first_packet, c.last_packet))
                .unwrap_or_default()
        ),
        markdown,
        3,
    );
    let _ = writeln!(s, "{}", diag.summary);
    heading(s, "Findings", markdown, 4);
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
        finding_text(s, f, &packets, markdown);
    }
    if !session.data.is_empty() {
        heading(s, "Data connections", markdown, 4);
        data_connections_text(s, session, markdown);
    }
    if !session.unexplained.is_empty() {
        heading(s, "Other connections between the two hosts", markdown, 4);
        unexplained_text(s, a, session, markdown);
    }
    heading(s, "Dialogue", markdown, 4);
    dialogue_text(s, session, markdown);
}

/// Each negotiated data connection and what the wire showed.
fn data_connections_text(s: &mut String, session: &FtpSession, markdown: bool) {
    for (dc, ev) in session.session.data_connections.iter().zip(&session.data) {
        let _ = writeln!(
            s,
            "{}{} via {}{}: advertised {}{}: {} — {}",
            if markdown { "- " } else { "" },
            if dc.mode == Mode::Passive {
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

/// The TCP connections between the two hosts that no readable negotiation explains.
fn unexplained_text(s: &mut String, a: &Analysis, session: &FtpSession, markdown: bool) {
    for c in session
        .unexplained
        .iter()
        .filter_map(|&id| a.connection(id))
    {
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

/// The dialogue, one line each with its packet number and time (a code block in Markdown), then where
/// TLS took over.
fn dialogue_text(s: &mut String, session: &FtpSession, markdown: bool) {
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

/// The two-sided comparison as text (or Markdown): what changed between the capture points, then each
/// side's own report.
#[allow(clippy::too_many_arguments)]
pub fn comparison_text(
    first: &Analysis,
    first_d: &CaptureDiagnosis,
    second: &Analysis,
    second_d: &CaptureDiagnosis,
    c: &Comparison,
    findings: &[Finding],
    summary: &str,
    markdown: bool,
) -> String {
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
