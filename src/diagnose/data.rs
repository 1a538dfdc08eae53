//! Rules on how passive data connections ended.

use super::blame::{self, foreign};
use super::{Code, Finding, Options, Severity};
use crate::log::{DataConnection, Mode, Outcome, Session};

fn endpoint(dc: &DataConnection) -> String {
    dc.used.as_ref().unwrap_or(&dc.advertised).to_string()
}

/// `nc -zv HOST PORT` for the endpoint the client used (IPv6 without brackets, as nc takes it).
fn nc(dc: &DataConnection) -> String {
    let at = endpoint(dc);
    format!(
        "nc -zv {}",
        at.replace([':', '[', ']'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    )
}

pub(super) fn timeout_and_refused(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for dc in s
        .data_connections
        .iter()
        .filter(|d| d.mode == Mode::Passive)
    {
        let at = endpoint(dc);
        let via = dc.via.as_str().to_ascii_uppercase();
        let code = match dc.outcome {
            Outcome::Refused => Code::DataConnectionRefused,
            _ => Code::DataConnectionTimeout,
        };
        let Some(failed) = blame::failure(dc) else {
            continue;
        };
        if let Some(ip) = blame::unreachable_advertised(s, dc) {
            // The advertised address explains the failure (an error of its own, first): the passive
            // range is only a further suspect, and the check aims at the address the client reached.
            let check = format!(
                "Check from the client, while a transfer waits: `{}`{} should connect.",
                blame::nc_check(s, dc.advertised.port),
                blame::placeholder_note(s)
            );
            out.push(Finding::new(
                code,
                Severity::Warning,
                format!("The data connection to {at} (negotiated with {via}) {failed}: it went to {ip}, the advertised address this client cannot reach (see the finding about it). Whether the passive port range is open as well, this log cannot tell."),
                format!("Fix the advertised address first; if the data connection to the server's own address still fails, open and forward the passive port range (vsftpd pasv_min_port/pasv_max_port, ProFTPD PassivePorts, Pure-FTPd -p). {check}"),
                dc.lines.clone(),
            ));
            continue;
        }
        let check = format!(
            "From the client's machine, while a transfer waits, `{}` should connect.",
            nc(dc)
        );
        match dc.outcome {
            Outcome::TimedOut => out.push(Finding::new(
                code,
                Severity::Error,
                format!("The data connection to {at} (negotiated with {via}) timed out: packets to the passive port are dropped. The server's firewall or the NAT in front of it does not open or forward its passive port range."),
                format!("Open and forward the server's whole passive port range (e.g. 50000-51000) on its firewall and router, and make sure the server uses that range (vsftpd pasv_min_port/pasv_max_port, ProFTPD PassivePorts). {check}"),
                dc.lines.clone(),
            )),
            Outcome::Refused => out.push(Finding::new(
                code,
                Severity::Error,
                format!("The data connection to {at} (negotiated with {via}) was refused: nothing listens there. Either the advertised address is wrong (another host, or the NAT's own address without forwarding), or a firewall rejects the passive port."),
                format!("Check that the advertised address is the server's public address and that the passive range is forwarded (and, in Docker, published) to the server. {check}"),
                dc.lines.clone(),
            )),
            _ => out.push(Finding::new(
                code,
                Severity::Error,
                format!("The server reported that the passive data connection to {at} never arrived (\"{}\"): the client could not reach the passive port.", dc.reason.as_deref().unwrap_or("").lines().next().unwrap_or("")),
                format!("Open and forward the server's passive port range on its firewall and router. {check}"),
                dc.lines.clone(),
            )),
        }
    }
}

pub(super) fn foreign_rejected(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        let Some(r) = &e.reply else { continue };
        let to_port_command = matches!(e.verb(), Some("PORT" | "EPRT" | "LPRT"));
        if r.code >= 400 && foreign(&r.text) && !to_port_command {
            out.push(Finding::new(
                Code::ForeignDataConnectionRejected,
                Severity::Error,
                format!("The server rejected a data connection that came from a different address than the control connection (\"{}\"). A NAT that uses another public address for the second connection, a proxy, or a load balancer causes this.", r.text.lines().next().unwrap_or("")),
                "Make both connections leave from the same address (NAT \"sticky\"/paired pooling, no per-connection load balancing), or, if that is not possible and you accept the risk of port stealing, relax the server's check (vsftpd pasv_promiscuous=YES, ProFTPD AllowForeignAddress on).",
                e.lines(),
            ));
        }
    }
}
