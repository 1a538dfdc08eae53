//! What `curl -v` would have printed for a simulated session (the lines the checker reads, worded as
//! curl 7.88 words them in the project's real logs, `tests/fixtures/logs/curl-*.log`), so that a
//! `read-log` exercise's log comes from the engine and its answer from the checker.

use crate::scenario::{Connection, Failure, Mode, StepKind, Timeline};
use std::fmt::Write;

/// The session as a `curl -v` log: the control dialogue, the data connection's attempt and how it
/// ended; it stops where curl gives up.
pub fn curl_log(t: &Timeline) -> String {
    let mut out = String::new();
    let control = t
        .steps
        .iter()
        .find(|s| s.connection == Connection::Control && s.kind == StepKind::Syn)
        .and_then(|s| s.hops.first())
        .map(|h| h.dst);
    let (host, port) = control.map_or(("192.0.2.1".to_string(), 21), |a| {
        (a.ip().to_string(), a.port())
    });
    let _ = writeln!(out, "*   Trying {}...", show(&host, port));
    let _ = writeln!(out, "* Connected to {host} ({host}) port {port} (#0)");
    let passive = matches!(t.scenario.mode, Mode::Pasv | Mode::Epsv | Mode::EpsvAll);
    let mut data_started = false;
    for s in &t.steps {
        match (s.connection, s.kind) {
            (Connection::Control, StepKind::Command) => {
                let _ = writeln!(out, "> {}", s.text);
            }
            (Connection::Control, StepKind::Reply) => {
                let _ = writeln!(out, "< {}", s.text);
                if passive && (s.text.starts_with("227") || s.text.starts_with("229")) {
                    data_started = true;
                    connecting(&mut out, t, s.endpoint.as_ref().and_then(|e| e.ip));
                }
                if !passive && (s.text.starts_with("200 P") || s.text.starts_with("200 E")) {
                    out.push_str("* Connect data stream actively\n");
                }
            }
            (Connection::Data, StepKind::SynAck) if passive && data_started => {
                let _ = writeln!(out, "* Connected 2nd connection to {}", target(t));
            }
            _ => {}
        }
        if passive && data_started && s.connection == Connection::Data && ends(t, s.kind) {
            gave_up(&mut out, t, &host, port);
            return out;
        }
    }
    out
}

/// `host:port`, with brackets for IPv6.
fn show(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Where the client connects for data (as it sees it): `ip port N`.
fn target(t: &Timeline) -> String {
    let to = t.data_connection.to.clone().unwrap_or_default();
    match to.rsplit_once(':') {
        Some((ip, port)) => format!("{} port {port}", ip.trim_matches(['[', ']'])),
        None => to,
    }
}

/// curl's lines before a passive data connection: the skipped address, if the client ignored it, and
/// the attempt.
fn connecting(out: &mut String, t: &Timeline, advertised: Option<std::net::IpAddr>) {
    let to = t.data_connection.to.clone().unwrap_or_default();
    let (ip, port) = to.rsplit_once(':').unwrap_or((&to, ""));
    let ip = ip.trim_matches(['[', ']']);
    if let Some(adv) = advertised {
        if adv.to_string() != ip {
            let _ = writeln!(out, "* Skip {adv} for data connection, re-use {ip} instead");
        }
    }
    let _ = writeln!(out, "* Connecting to {ip} ({ip}) port {port}");
    let _ = writeln!(out, "*   Trying {}...", show(ip, port.parse().unwrap_or(0)));
}

/// Whether this data step is where the attempt ends for curl (the engine's timeout or reset).
fn ends(t: &Timeline, kind: StepKind) -> bool {
    !t.data_connection.opened && matches!(kind, StepKind::Timeout | StepKind::Rst)
}

/// curl giving up on the data connection, as it words it.
fn gave_up(out: &mut String, t: &Timeline, host: &str, port: u16) {
    let family = if host.contains(':') { "ipv6" } else { "ipv4" };
    let (code, ms) = match t.data_connection.failure {
        Some(Failure::Refused) => {
            let _ = writeln!(out, "* connect to {} failed: Connection refused", target(t));
            (7, 5)
        }
        _ => {
            let _ = writeln!(out, "* {family} connect timeout after 2998ms, move on!");
            (28, 3001)
        }
    };
    let message = format!(
        "Failed to connect to {host} port {port} after {ms} ms: Couldn't connect to server"
    );
    let _ = writeln!(
        out,
        "* {message}\n* Closing connection 0\ncurl: ({code}) {message}"
    );
}
