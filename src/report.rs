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
}

#[derive(Debug, Serialize)]
pub struct FailedReport<'a> {
    pub input: &'a str,
    pub ok: bool,
    pub kind: Option<Kind>,
    pub error: &'a DecodeError,
}

impl DecodeReport<'_> {
    pub fn ok(&self) -> bool {
        matches!(self, DecodeReport::Decoded(_))
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
        }),
        Err(error) => DecodeReport::Failed(FailedReport {
            input,
            ok: false,
            kind: recognise(input),
            error,
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
            error,
        },
    }
}
