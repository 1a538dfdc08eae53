//! Rules on the passive negotiation itself: EPSV and PASV requests and what answered them.

use super::advertised::control_ip;
use super::{Code, Finding, Options, Severity};
use crate::log::{Event, Exchange, Mode, Outcome, Session};

fn negative(e: &Exchange) -> bool {
    e.reply.as_ref().is_some_and(|r| r.is_negative())
}

fn reply_mentions(e: &Exchange, words: &[&str]) -> bool {
    e.reply.as_ref().is_some_and(|r| {
        let t = r.text.to_ascii_lowercase();
        words.iter().any(|w| t.contains(w))
    })
}

pub(super) fn epsv_failed_fallback(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    // Clients say "disabling EPSV" also when the server simply refused EPSV: that is epsv-not-supported.
    // EPSV commands in log order: (line, refused).
    let epsv: Vec<(usize, bool)> = s
        .exchanges
        .iter()
        .filter(|e| e.verb() == Some("EPSV"))
        .filter_map(|e| e.command.as_ref().map(|c| (c.line, negative(e))))
        .collect();
    let refused_before = |line: usize| {
        let before = epsv.partition_point(|&(l, _)| l < line);
        before.checked_sub(1).is_some_and(|i| epsv[i].1)
    };
    let mut lines: Vec<usize> = s
        .events
        .iter()
        .filter(|e| matches!(e, Event::EpsvDisabled { .. }) && !refused_before(e.line()))
        .map(Event::line)
        .collect();
    // An EPSV data connection that failed, followed by a PASV request.
    let last_pasv = s.exchanges.iter().rposition(|e| e.verb() == Some("PASV"));
    for dc in &s.data_connections {
        let failed = matches!(
            dc.outcome,
            Outcome::TimedOut | Outcome::Refused | Outcome::Failed
        );
        if dc.via == crate::wire::Kind::Epsv && failed {
            let later_pasv = last_pasv.is_some_and(|p| p > dc.exchange);
            if later_pasv || !lines.is_empty() {
                lines.extend(&dc.lines);
            }
        }
    }
    if lines.is_empty() {
        return;
    }
    out.push(Finding::new(
        Code::EpsvFailedFallback,
        Severity::Warning,
        "The data connection negotiated with EPSV failed and the client fell back to PASV. Something between client and server (a firewall or NAT without EPSV support, or the server's own firewall) blocks the EPSV data port.",
        "Open the server's passive port range for EPSV as for PASV (it is the same range), or update the middlebox; meanwhile `curl --disable-epsv` (or the client's \"use PASV\" option) avoids the delay.",
        lines,
    ));
}

pub(super) fn epsv_not_supported(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        let code = e.code().unwrap_or(0);
        if e.verb() == Some("EPSV")
            && matches!(code, 500 | 501 | 502 | 504)
            && !reply_mentions(e, &["ipv6", "epsv all"])
        {
            out.push(Finding::new(
                Code::EpsvNotSupported,
                Severity::Info,
                format!("The server does not support EPSV (reply {code}); the client has to use PASV, whose reply carries an address that must be right."),
                "Nothing to do if PASV works. Otherwise enable EPSV on the server (every current FTP server supports it) or make sure its PASV address is the public one.",
                e.lines(),
            ));
        }
    }
}

pub(super) fn epsv_reply_to_pasv(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        if e.verb() == Some("PASV") && e.code() == Some(229) {
            out.push(Finding::new(
                Code::EpsvReplyToPasv,
                Severity::Warning,
                "The server (or a NAT64/464XLAT translator on the way) answered PASV with an EPSV-style 229 reply. The port was decoded as EPSV; clients that expect a 227 may fail.",
                "Have the client send EPSV directly; if a translator rewrites the reply, that path needs EPSV.",
                e.lines(),
            ));
        }
    }
}

pub(super) fn pasv_on_ipv6(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let control_v6 = control_ip(s).is_some_and(|ip| ip.is_ipv6());
    for e in &s.exchanges {
        let verb = e.verb().unwrap_or("");
        let refused_for_v6 =
            reply_mentions(e, &["ipv6", "epsv instead"]) && matches!(verb, "PASV" | "PORT");
        if (control_v6 && matches!(verb, "PASV" | "PORT" | "LPSV")) || refused_for_v6 {
            let refused = negative(e);
            out.push(Finding::new(
                Code::PasvOnIpv6,
                if refused { Severity::Error } else { Severity::Warning },
                format!(
                    "{verb} was used over an IPv6 control connection. {verb} can only carry an IPv4 address{}.",
                    if refused { ", so the server refused it" } else { "; the reply cannot name the server's IPv6 address" }
                ),
                "Use EPSV (passive) or EPRT (active) on IPv6, as RFC 2428 specifies: in curl this is the default; in other clients enable \"use EPSV\".",
                e.lines(),
            ));
        }
    }
}

pub(super) fn passive_refused(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let passive: Vec<&Exchange> = s
        .exchanges
        .iter()
        .filter(|e| matches!(e.verb(), Some("PASV" | "EPSV" | "LPSV")))
        .collect();
    let refused: Vec<&&Exchange> = passive.iter().filter(|e| negative(e)).collect();
    let any_ok = s.data_connections.iter().any(|d| d.mode == Mode::Passive);
    let asked_pasv = passive.iter().any(|e| e.verb() == Some("PASV"));
    // A vsftpd "500 OOPS" is a configuration error (invalid-server-config), not a refusal of passive mode.
    let oops = refused.iter().any(|e| reply_mentions(e, &["oops"]));
    if refused.is_empty() || any_ok || !asked_pasv || refused.len() != passive.len() || oops {
        return;
    }
    out.push(Finding::new(
        Code::PassiveModeRefused,
        Severity::Error,
        "The server refused every passive-mode request (PASV and EPSV). It has passive mode disabled or cannot open passive ports.",
        "Enable passive mode on the server (vsftpd pasv_enable=YES with a port range) — or, if the client is not behind NAT or a firewall, use active mode (PORT/EPRT).",
        refused.iter().flat_map(|e| e.lines()).collect(),
    ));
}

pub(super) fn epsv_all_violated(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let Some(start) = s.exchanges.iter().position(|e| {
        e.command
            .as_ref()
            .is_some_and(|c| c.text.to_ascii_uppercase().starts_with("EPSV ALL"))
            && e.code().is_some_and(|c| c < 300)
    }) else {
        return;
    };
    for e in &s.exchanges[start + 1..] {
        let verb = e.verb().unwrap_or("");
        if matches!(verb, "PASV" | "PORT" | "EPRT" | "LPSV" | "LPRT") {
            let accepted = e.code().is_some_and(|c| c < 300);
            let mut lines = s.exchanges[start].lines();
            lines.extend(e.lines());
            out.push(Finding::new(
                Code::EpsvAllViolated,
                Severity::Warning,
                format!(
                    "After EPSV ALL the client sent {verb}, which RFC 2428 §4 forbids{}.",
                    if accepted { ", and the server accepted it instead of refusing it" } else { "" }
                ),
                "After EPSV ALL only EPSV may set up data connections: fix the client, or do not send EPSV ALL. NAT devices rely on it to skip rewriting.",
                lines,
            ));
        }
    }
}
