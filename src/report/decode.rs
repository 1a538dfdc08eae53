//! `decode --json` and `classify --json`: one object per input.

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
