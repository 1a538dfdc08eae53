//! `check` on a log: the JSON shape (`--json`) and the text report (plain or Markdown).

use crate::diagnose::{Diagnosis, Finding};
use crate::log::{DataConnection, Mode, Session};
use serde::Serialize;
use std::fmt::Write;

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
pub fn check_text(session: &Session, diagnosis: &Diagnosis, markdown: bool) -> String {
    let mut s = String::new();
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
    connection_text(&mut s, session);
    heading(&mut s, "Findings", markdown);
    if diagnosis.findings.is_empty() {
        let _ = writeln!(s, "No problems found.");
    }
    for f in &diagnosis.findings {
        finding_text(&mut s, f, markdown);
    }
    if !session.data_connections.is_empty() {
        heading(&mut s, "Data connections", markdown);
        for dc in &session.data_connections {
            data_connection_text(&mut s, dc, markdown);
        }
    }
    s
}

/// A section heading: `### Findings` in Markdown, else the title underlined with dashes.
fn heading(s: &mut String, t: &str, markdown: bool) {
    if markdown {
        let _ = writeln!(s, "\n### {t}\n");
    } else {
        let _ = writeln!(s, "\n{t}\n{}", "-".repeat(t.chars().count()));
    }
}

/// The log's format, the control connection and whether it turned to TLS.
fn connection_text(s: &mut String, session: &Session) {
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
}

/// One finding with the log lines behind it.
fn finding_text(s: &mut String, f: &Finding, markdown: bool) {
    let lines = f
        .lines
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    finding_entry(s, f, &format!(" (lines {lines})"), markdown);
}

/// One finding as text or Markdown: severity, code, `at` (what it points at, with its leading blank, or
/// nothing), the message and the fix. Logs point at lines, captures at packets.
pub(super) fn finding_entry(s: &mut String, f: &Finding, at: &str, markdown: bool) {
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

/// One data connection: its mode, what negotiated it, where it went, what for and how it ended.
fn data_connection_text(s: &mut String, dc: &DataConnection, markdown: bool) {
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
        if dc.mode == Mode::Passive {
            "passive"
        } else {
            "active"
        },
        dc.via.as_str().to_ascii_uppercase()
    );
}
