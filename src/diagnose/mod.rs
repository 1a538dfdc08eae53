//! Rules over a [`Session`]: each finding has a stable code, a severity, a message in plain words, the fix,
//! and the log lines that triggered it. One rule per function, grouped by what they look at:
//! `advertised` (the address and port a passive reply names), `passive` (EPSV/PASV negotiation),
//! `active` (PORT/EPRT), `data` (how data connections ended), `server` (credentials, server errors).

mod active;
mod advertised;
mod blame;
pub mod capture;
mod data;
mod links;
mod passive;
mod server;

use crate::base::plural;
use crate::log::{Mode, Outcome, Session};
pub use blame::unreachable_advertised;
pub use links::{links, setup_form, Links, Setup, LINKS};
use serde::Serialize;

crate::named_enum! {
    /// How bad a finding is; findings sort most severe first.
    #[derive(PartialOrd, Ord)]
    pub Severity {
        Error => "error",
        Warning => "warning",
        Info => "info",
    }
}

crate::named_enum! {
    /// The stable code of a finding: `ALL`, the checker's (a log or a capture can raise them); `CAPTURE`,
    /// those only a packet capture raises (`capture.rs`).
    pub Code {
        AdvertisedPrivateAddress => "advertised-private-address",
        AdvertisedLoopbackAddress => "advertised-loopback-address",
        AdvertisedUnspecifiedAddress => "advertised-unspecified-address",
        AdvertisedSharedAddress => "advertised-shared-address",
        AdvertisedSpecialAddress => "advertised-special-address",
        AdvertisedAddressMismatch => "advertised-address-mismatch",
        ClientReplacedAddress => "client-replaced-address",
        MalformedReply => "malformed-reply",
        PortZero => "port-zero",
        PrivilegedPort => "privileged-port",
        EpsvFailedFallback => "epsv-failed-fallback",
        EpsvNotSupported => "epsv-not-supported",
        EpsvReplyToPasv => "epsv-reply-to-pasv",
        PasvOnIpv6 => "pasv-on-ipv6",
        PassiveModeRefused => "passive-mode-refused",
        EpsvAllViolated => "epsv-all-violated",
        DataConnectionTimeout => "data-connection-timeout",
        DataConnectionRefused => "data-connection-refused",
        ActiveConnectionFailed => "active-connection-failed",
        ActiveModeBehindNat => "active-mode-behind-nat",
        PortRefusedByServer => "port-refused-by-server",
        ForeignDataConnectionRejected => "foreign-data-connection-rejected",
        BounceRisk => "bounce-risk",
        TlsHidesPassiveReply => "tls-hides-passive-reply",
        CleartextCredentials => "cleartext-credentials",
        InvalidServerConfig => "invalid-server-config",
        PortOutsideRange => "port-outside-range",
        ; CAPTURE:
        DataSynUnanswered => "data-syn-unanswered",
        DataSynReset => "data-syn-reset",
        DataIcmpError => "data-icmp-error",
        DataForeignSource => "data-connection-foreign-source",
        DataNotSeen => "data-connection-not-seen",
        ReplyRewrittenInTransit => "reply-rewritten-in-transit",
        AddressTranslated => "address-translated",
        PacketLostBetweenSides => "packet-lost-between-sides",
        CaptureMidSession => "capture-starts-mid-session",
        CaptureSnaplenCut => "capture-snaplen-cut",
        CapturePacketsMissing => "capture-packets-missing",
        ControlEncrypted => "control-connection-encrypted",
        CaptureFileDamaged => "capture-file-damaged",
        CaptureNoFtp => "capture-no-ftp",
    }
}

/// Where a finding stands in the story, which orders findings of equal severity: what is wrong (an address,
/// a reply, a setting) before how a connection ended because of it, and notes on hygiene (a password in
/// clear text) last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Cause,
    Consequence,
    Hygiene,
}

impl Code {
    pub const fn tier(self) -> Tier {
        match self {
            Code::DataConnectionTimeout
            | Code::DataConnectionRefused
            | Code::ActiveConnectionFailed
            | Code::EpsvFailedFallback
            | Code::ForeignDataConnectionRejected => Tier::Consequence,
            Code::CleartextCredentials => Tier::Hygiene,
            _ => Tier::Cause,
        }
    }
}

/// One problem (or fact) found in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
    /// 1-based line numbers in the pasted log.
    pub lines: Vec<usize>,
}

impl Finding {
    pub(crate) fn new(
        code: Code,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
        mut lines: Vec<usize>,
    ) -> Self {
        lines.sort_unstable();
        lines.dedup();
        Finding {
            code,
            severity,
            message: message.into(),
            fix: fix.into(),
            lines,
        }
    }
}

/// What the user knows beyond the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The server's configured passive port range, inclusive.
    pub passive_range: Option<(u16, u16)>,
}

/// Findings (most severe first) and a one-line summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub findings: Vec<Finding>,
    pub summary: String,
    /// What the rules were told beyond the log (the links to Server setup use the passive range).
    #[serde(skip)]
    pub options: Options,
}

impl Diagnosis {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

type Rule = fn(&Session, &Options, &mut Vec<Finding>);

/// How many rules a diagnosis runs (one per step of a [`Diagnoser`]).
pub const RULE_COUNT: usize = RULES.len();

const RULES: &[Rule] = &[
    advertised::address_class,
    advertised::address_mismatch,
    advertised::client_replaced,
    advertised::malformed,
    advertised::privileged_port,
    advertised::outside_range,
    advertised::tls_hides_reply,
    passive::epsv_failed_fallback,
    passive::epsv_not_supported,
    passive::epsv_reply_to_pasv,
    passive::pasv_on_ipv6,
    passive::passive_refused,
    passive::epsv_all_violated,
    data::timeout_and_refused,
    data::foreign_rejected,
    active::connection_failed,
    active::behind_nat,
    active::refused_by_server,
    active::bounce_risk,
    server::cleartext_credentials,
    server::invalid_config,
];

/// Run every rule over the session.
pub fn diagnose(session: &Session, options: &Options) -> Diagnosis {
    let mut d = Diagnoser::new(options);
    while !d.step(session) {}
    d.finish(session)
}

/// [`diagnose`] one rule at a time, so a page can interleave the rules with rendering.
pub struct Diagnoser {
    options: Options,
    next_rule: usize,
    findings: Vec<Finding>,
}

impl Diagnoser {
    pub fn new(options: &Options) -> Self {
        Diagnoser {
            options: *options,
            next_rule: 0,
            findings: Vec::new(),
        }
    }

    /// Run the next rule; true once all have run.
    pub fn step(&mut self, session: &Session) -> bool {
        if let Some(rule) = RULES.get(self.next_rule) {
            rule(session, &self.options, &mut self.findings);
            self.next_rule += 1;
        }
        self.next_rule >= RULES.len()
    }

    /// Sort the findings (most severe first; at equal severity causes before their consequences and
    /// hygiene last, then by line) and write the summary.
    pub fn finish(mut self, session: &Session) -> Diagnosis {
        while !self.step(session) {}
        let mut findings = self.findings;
        findings.sort_by_key(|f| {
            (
                f.severity,
                f.code.tier(),
                f.lines.first().copied().unwrap_or(0),
            )
        });
        let summary = summary(session, &findings);
        Diagnosis {
            findings,
            summary,
            options: self.options,
        }
    }
}

fn summary(session: &Session, findings: &[Finding]) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    if errors + warnings > 0 {
        let first = &findings[0];
        let counts = match (errors, warnings) {
            (0, w) => format!("{w} warning{}", plural(w)),
            (e, 0) => format!("{e} error{}", plural(e)),
            (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
        };
        return format!("{counts}: {}", first.message);
    }
    // Healthy: say what worked.
    let ok = session
        .data_connections
        .iter()
        .rev()
        .find(|d| d.outcome == Outcome::Ok);
    match ok {
        Some(dc) => {
            let mode = match dc.mode {
                Mode::Passive => "passive",
                Mode::Active => "active",
            };
            // Say where the client connected only when the log shows it (ftplib, for one, does not, and
            // ignores the advertised address), or when the negotiation left no choice (EPSV, active mode).
            let shown = dc.used.as_ref().or((dc.via != crate::wire::Kind::Pasv
                && dc.via != crate::wire::Kind::Lpsv)
                .then_some(&dc.advertised));
            let port_only = crate::log::Address {
                ip: None,
                port: dc.advertised.port,
            };
            let addr = shown.unwrap_or(&port_only);
            let target = match (addr.ip, addr.port) {
                (Some(_), Some(_)) => format!(" to {addr}"),
                (None, Some(p)) => format!(" on port {p}"),
                _ => String::new(),
            };
            format!(
                "{mode} mode via {}; data connection{target} succeeded",
                dc.via.as_str().to_ascii_uppercase()
            )
        }
        None if session.exchanges.is_empty() => {
            "no FTP commands or replies found in this text".to_string()
        }
        None if session.data_connections.is_empty() => {
            "no data connection was negotiated in this log".to_string()
        }
        None => {
            "a data connection was negotiated; the log does not show a transfer over it".to_string()
        }
    }
}

/// Read a passive port range written `MIN-MAX` (1 ≤ MIN ≤ MAX ≤ 65535): [`PortRange::parse`], as a pair.
pub fn parse_range(text: &str) -> Result<(u16, u16), crate::base::RangeError> {
    crate::base::PortRange::parse(text).map(|r| (r.min, r.max))
}
