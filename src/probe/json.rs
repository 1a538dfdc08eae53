//! `ftp-explorer probe --json`: the report as one JSON object.

use super::analysis::{exit_code, summary, Analysis};
use super::record::{Attempt, Probe, ProbeError, TlsInfo};
use super::target::ProbeTarget;
use crate::diagnose::Finding;
use crate::log::{DataConnection, Exchange, Role};
use serde::Serialize;

/// One line of the transcript in JSON: its number, its text, and what the reader made of it.
#[derive(Debug, Serialize)]
pub struct TranscriptLine<'a> {
    pub number: usize,
    pub text: &'a str,
    pub role: Role,
}

/// `ftp-explorer probe --json`: `{"target", "peer", "local", "user", "greeting", "features", "tls",
/// "error", "findings":[{"code","severity","message","fix","lines"}], "summary", "attempts":[…],
/// "data_connections":[…], "exchanges":[…], "transcript":[{"number","text","role"}], "exit_code"}`.
#[derive(Debug, Serialize)]
pub struct ProbeJson<'a> {
    pub target: Option<&'a ProbeTarget>,
    pub peer: Option<String>,
    pub local: Option<String>,
    pub user: &'a str,
    pub greeting: Option<&'a str>,
    pub features: &'a [String],
    pub tls: Option<&'a TlsInfo>,
    pub error: Option<&'a ProbeError>,
    pub findings: &'a [Finding],
    pub summary: String,
    pub attempts: &'a [Attempt],
    pub data_connections: &'a [DataConnection],
    pub exchanges: &'a [Exchange],
    pub transcript: Vec<TranscriptLine<'a>>,
    pub exit_code: u8,
}

/// The JSON report.
pub fn json_report<'a>(probe: &'a Probe, analysis: &'a Analysis) -> ProbeJson<'a> {
    ProbeJson {
        target: probe.target.as_ref(),
        peer: probe.peer.map(|p| p.to_string()),
        local: probe.local.map(|p| p.to_string()),
        user: &probe.user,
        greeting: probe.greeting.as_deref(),
        features: &probe.features,
        tls: probe.tls.as_ref(),
        error: probe.error.as_ref(),
        findings: &analysis.diagnosis.findings,
        summary: summary(probe, analysis),
        attempts: &probe.attempts,
        data_connections: &analysis.session.data_connections,
        exchanges: &analysis.session.exchanges,
        transcript: analysis
            .session
            .lines
            .iter()
            .map(|l| TranscriptLine {
                number: l.number,
                text: &l.text,
                role: l.role,
            })
            .collect(),
        exit_code: exit_code(probe, analysis),
    }
}
