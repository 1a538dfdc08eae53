//! The JSON shapes the CLI prints (`decode --json`, `classify --json`), one object per input. Field names
//! and meanings are a contract that scripts rely on: add fields freely, never rename or remove one.

use crate::address::{classify, parse_ip, Classification};
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
