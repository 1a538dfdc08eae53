//! Rules on active mode: PORT/EPRT/LPRT and the connection the server makes back to the client.

use super::advertised::{control_ip, effective, public_peer};
use super::{Code, Finding, Options, Severity};
use crate::address::Category;
use crate::log::{Mode, Outcome, Session};

pub(super) fn connection_failed(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for dc in s.data_connections.iter().filter(|d| d.mode == Mode::Active) {
        if matches!(
            dc.outcome,
            Outcome::Failed | Outcome::TimedOut | Outcome::Refused
        ) {
            let at = match (dc.advertised.ip, dc.advertised.port) {
                (Some(ip), Some(p)) => format!(" to {ip} port {p}"),
                _ => String::new(),
            };
            out.push(Finding::new(
                Code::ActiveConnectionFailed,
                Severity::Error,
                format!("In active mode the server could not connect back to the client{at} ({}). The client's firewall or NAT blocks the incoming data connection.", dc.reason.as_deref().unwrap_or("no data connection").lines().next().unwrap_or("")),
                "Use passive mode (EPSV/PASV): the client then opens the data connection itself. Active mode only works when the client accepts inbound connections on its data ports.",
                dc.lines.clone(),
            ));
        }
    }
}

pub(super) fn behind_nat(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let control = control_ip(s);
    let control_public = public_peer(control);
    for e in &s.exchanges {
        let Some(d) = e.decoded() else { continue };
        if d.kind.is_passive() {
            continue;
        }
        let Some(ip) = d.ip() else { continue };
        let class = effective(ip);
        let nat_like = matches!(
            class.category,
            Category::Private | Category::SharedCgnat | Category::UniqueLocal | Category::LinkLocal
        );
        if !nat_like || !(control_public || control.is_none()) {
            continue;
        }
        out.push(Finding::new(
            Code::ActiveModeBehindNat,
            if control_public { Severity::Error } else { Severity::Warning },
            format!(
                "The client offered its private address {ip} for an active-mode data connection{}. The server cannot connect to a private address across the Internet.",
                control.map_or_else(|| " (if the server is across the Internet)".to_string(), |c| format!(" while the server is at the public address {c}"))
            ),
            "Use passive mode (EPSV/PASV). If active mode is required, configure the client's external address and forward its active port range (FileZilla/WinSCP: \"external IP\" settings; curl: `-P EXTERNAL_IP`).",
            e.lines(),
        ));
    }
}

pub(super) fn refused_by_server(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        if !matches!(e.verb(), Some("PORT" | "EPRT" | "LPRT")) {
            continue;
        }
        let Some(r) = &e.reply else { continue };
        if r.code < 400 {
            continue;
        }
        // 425 to the command itself: the server tried to connect back at once (pyftpdlib) and failed.
        if r.code == 425 && !r.text.to_ascii_lowercase().contains("foreign") {
            out.push(Finding::new(
                Code::ActiveConnectionFailed,
                Severity::Error,
                format!("In active mode the server could not connect back to the client (\"{}\"). The client's firewall or NAT blocks the incoming data connection.", r.text.lines().next().unwrap_or("")),
                "Use passive mode (EPSV/PASV): the client then opens the data connection itself. Active mode only works when the client accepts inbound connections on its data ports.",
                e.lines(),
            ));
            continue;
        }
        let text = r.text.lines().next().unwrap_or("");
        let lower = text.to_ascii_lowercase();
        let why = if lower.contains("won't open a connection")
            || lower.contains("foreign address")
            || lower.contains("illegal port")
        {
            "The server refuses to connect to an address other than the client's own (an anti-bounce check): the address in the command is not the one the server sees the client coming from, usually because of NAT."
        } else if r.code == 522 {
            "The server does not support the network protocol in the EPRT command."
        } else {
            "The server refused the active-mode command."
        };
        out.push(Finding::new(
            Code::PortRefusedByServer,
            Severity::Error,
            format!("{why} (\"{text}\")"),
            "Use passive mode (EPSV/PASV). In active mode the command must carry the client's public address, which a client behind NAT does not know unless configured.",
            e.lines(),
        ));
    }
}

pub(super) fn bounce_risk(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    let control = control_ip(s);
    for e in &s.exchanges {
        let Some(d) = e.decoded() else { continue };
        if d.kind.is_passive() {
            continue;
        }
        let (Some(ip), Some(port)) = (d.ip(), d.port()) else {
            continue;
        };
        // The server's reply may name the client's real address: "… (only to 198.51.100.7)".
        let only_to = e.reply.as_ref().and_then(|r| {
            let t = r.text.as_str();
            t.find("only to ")
                .and_then(|i| crate::log::entry::first_ip(&t[i + 8..]))
        });
        // A private address refused "only to" a public one is NAT (active-mode-behind-nat), not a bounce.
        let third_party =
            effective(ip).globally_reachable || effective(ip).category == Category::Documentation;
        let reason =
            if third_party && only_to.is_some_and(|c| c.to_canonical() != ip.to_canonical()) {
                Some(format!(
                    "the server says the client is {}, so {ip} is a third party",
                    only_to.unwrap_or(ip)
                ))
            } else if control.is_some_and(|c| c.to_canonical() == ip.to_canonical())
                && !effective(ip).category.eq(&Category::Loopback)
            {
                Some(format!(
                    "{ip} is the server's own address, not the client's"
                ))
            } else if port < 1024 {
                Some(format!("port {port} is a privileged service port"))
            } else {
                None
            };
        let Some(reason) = reason else { continue };
        out.push(Finding::new(
            Code::BounceRisk,
            Severity::Warning,
            format!("This {} names a host other than the client: {reason}. Asking a server to connect to a third party is the FTP bounce attack (RFC 2577); servers refuse it.", d.kind.as_str().to_ascii_uppercase()),
            "An active-mode command must name the client's own address and an unprivileged port. If this was not you, the client or something rewriting its commands is misbehaving; servers should keep their anti-bounce checks on (vsftpd port_promiscuous=NO).",
            e.lines(),
        ));
    }
}
