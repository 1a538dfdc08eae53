//! The report as text: the same look as `ftp-explorer check`, then the attempts and the transcript.

use super::analysis::{summary, Analysis};
use super::record::{Attempt, ConnectResult, Probe, Toward};
use super::target::endpoint;
use crate::address::{classify, Category};
use std::fmt::Write as _;
use std::net::IpAddr;

fn class_phrase(ip: IpAddr) -> String {
    let c = classify(ip.to_canonical());
    match (c.category, c.rfc) {
        (Category::Public, _) => "public".to_string(),
        (cat, Some(rfc)) => format!("{}, {rfc}", cat.as_str()),
        (cat, None) => cat.as_str().to_string(),
    }
}

/// One line per attempt: `EPSV  127.0.0.1:50003  control address  connected (1 ms); LIST: 226, 120 bytes`.
pub fn attempt_line(a: &Attempt) -> String {
    let to = endpoint(a.ip, a.port);
    let toward = match a.toward {
        Toward::Advertised => format!("advertised ({})", class_phrase(a.ip)),
        Toward::ControlAddress => "control address".to_string(),
        Toward::ThisMachine => "this machine (the server connects)".to_string(),
    };
    let result = match a.result {
        ConnectResult::Connected => format!("connected ({} ms)", a.elapsed_ms),
        ConnectResult::TimedOut => format!("timed out after {} ms", a.elapsed_ms),
        ConnectResult::Skipped => "not tried".to_string(),
        ref r => format!("{} ({} ms)", r.as_str(), a.elapsed_ms),
    };
    let detail = match (&a.result, &a.error) {
        (ConnectResult::Refused | ConnectResult::TimedOut, _) | (_, None) => String::new(),
        (_, Some(e)) => format!(": {e}"),
    };
    let transfer = a
        .transfer
        .as_ref()
        .map(|t| {
            let reply = match (&t.code, &t.reply) {
                (Some(_), Some(r)) => r.clone(),
                _ => "no final reply".to_string(),
            };
            format!("; {}: {reply}, {} bytes", t.command, t.bytes)
        })
        .unwrap_or_default();
    format!(
        "{:<5} {to}  {toward}: {result}{detail}{transfer} (lines {})",
        a.via.as_str().to_uppercase(),
        line_ranges(&a.lines)
    )
}

/// `3-7, 9` for lines 3, 4, 5, 6, 7, 9.
pub fn line_ranges(lines: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j + 1 < lines.len() && lines[j + 1] == lines[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}-{}", lines[i], lines[j])
        } else {
            lines[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// The report as text: the same look as `ftp-explorer check` (summary, findings, data connections), then
/// the attempts and the numbered transcript the findings' line numbers point into.
pub fn render_text(probe: &Probe, analysis: &Analysis) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "ftp-explorer probe: {}", summary(probe, analysis));
    s.push('\n');
    write_head(&mut s, probe);
    // The checker's sections, from its own renderer.
    let check = crate::report::check_text(&analysis.session, &analysis.diagnosis, false);
    match check.find("\nFindings\n") {
        Some(at) => s.push_str(&check[at..]),
        None => s.push_str(&check),
    }
    if !probe.attempts.is_empty() {
        let _ = writeln!(s, "\nAttempts\n--------");
        for a in &probe.attempts {
            let _ = writeln!(s, "{}", attempt_line(a));
        }
    }
    let _ = writeln!(
        s,
        "\nTranscript (curl -v style; `ftp-explorer check` reads it)\n{}",
        "-".repeat(57)
    );
    let width = probe.transcript.len().to_string().len().max(2);
    for (i, l) in probe.transcript.lines().iter().enumerate() {
        let _ = writeln!(s, "{:>width$}  {l}", i + 1);
    }
    s
}

/// `Server:`, `From:`, `Greeting:`, `User:`, `TLS:`, `Features (FEAT):`, `Stopped at`: what is known.
fn write_head(s: &mut String, probe: &Probe) {
    if let Some(t) = &probe.target {
        let _ = write!(s, "Server: {}", t.display());
        if let Some(p) = probe.peer {
            if t.ip.is_none() {
                let _ = write!(s, " ({})", p.ip());
            }
        }
        s.push('\n');
    }
    if let Some(l) = probe.local {
        let _ = writeln!(s, "From: {}", l.ip());
    }
    if let Some(g) = &probe.greeting {
        let _ = writeln!(s, "Greeting: {g}");
    }
    if !probe.user.is_empty() {
        let _ = writeln!(s, "User: {}", probe.user);
    }
    match &probe.tls {
        Some(t) => {
            let _ = writeln!(
                s,
                "TLS: {} {}, certificate {}; data connections {}",
                t.version,
                t.cipher,
                if t.verified {
                    "verified"
                } else {
                    "NOT verified (--insecure)"
                },
                if t.protected_data {
                    "encrypted (PROT P)"
                } else {
                    "in clear text"
                }
            );
        }
        None if probe.peer.is_some() => {
            let _ = writeln!(
                s,
                "TLS: none (commands, password and data cross the network in clear text)"
            );
        }
        None => {}
    }
    if !probe.features.is_empty() {
        let _ = writeln!(s, "Features (FEAT): {}", probe.features.join(", "));
    }
    if let Some(e) = &probe.error {
        let _ = writeln!(s, "Stopped at {}: {}", e.stage, e.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::record::Transfer;
    use crate::wire::Kind;

    #[test]
    fn line_ranges_join_runs() {
        assert_eq!(line_ranges(&[3, 4, 5, 7, 9, 10]), "3-5, 7, 9-10");
        assert_eq!(line_ranges(&[1]), "1");
        assert_eq!(line_ranges(&[]), "");
    }

    #[test]
    fn attempt_lines() {
        let mut a = Attempt::new(
            Kind::Pasv,
            Toward::Advertised,
            ("10.255.0.5".parse().unwrap(), 50000),
            ConnectResult::TimedOut,
        );
        a.elapsed_ms = 1000;
        a.error = Some("no answer within 1.0 s".into());
        a.lines = vec![8, 9, 10];
        assert_eq!(
            attempt_line(&a),
            "PASV  10.255.0.5:50000  advertised (private, RFC 1918): timed out after 1000 ms (lines 8-10)"
        );
        let mut b = Attempt::new(
            Kind::Epsv,
            Toward::ControlAddress,
            ("127.0.0.1".parse().unwrap(), 50003),
            ConnectResult::Connected,
        );
        b.elapsed_ms = 1;
        b.transfer = Some(Transfer {
            code: Some(226),
            reply: Some("226 Directory send OK.".into()),
            bytes: 120,
            ..Transfer::new("LIST")
        });
        b.lines = vec![3, 4, 5, 6, 7];
        assert_eq!(
            attempt_line(&b),
            "EPSV  127.0.0.1:50003  control address: connected (1 ms); LIST: 226 Directory send OK., 120 bytes (lines 3-7)"
        );
        let mut c = Attempt::new(
            Kind::Eprt,
            Toward::ThisMachine,
            ("127.0.0.1".parse().unwrap(), 41000),
            ConnectResult::Failed,
        );
        c.error = Some("the server refused EPRT".into());
        c.transfer = Some(Transfer::new("LIST"));
        c.lines = vec![12];
        assert_eq!(
            attempt_line(&c),
            "EPRT  127.0.0.1:41000  this machine (the server connects): failed (0 ms): the server refused EPRT; LIST: no final reply, 0 bytes (lines 12)"
        );
    }
}
