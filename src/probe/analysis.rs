//! The probe read as a client log: the checker's reader and rules over the transcript, the exit status and
//! the one-line summary.

use super::record::{Attempt, ConnectResult, Probe};
use super::target::endpoint;
use crate::diagnose::{diagnose, Diagnosis, Finding, Options, Severity};
use crate::log::{read_log, Format, Outcome, Session};

/// The probe read as a client log, and the checker's diagnosis of it.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub session: Session,
    pub diagnosis: Diagnosis,
}

/// Read the transcript with the checker's reader (as a `curl -v` log) and run every rule. A data
/// connection that failed in a way the log words cannot say (no route to host) is marked `failed` with
/// the system's message.
pub fn analyse(probe: &Probe, options: &Options) -> Analysis {
    let mut session = read_log(&probe.transcript.text(), Some(Format::Curl));
    for a in &probe.attempts {
        if !matches!(a.result, ConnectResult::Unreachable | ConnectResult::Failed) {
            continue;
        }
        let Some(first) = a.lines.first() else {
            continue;
        };
        if let Some(dc) = session
            .data_connections
            .iter_mut()
            .find(|d| d.lines.contains(first) || d.lines.iter().any(|l| a.lines.contains(l)))
        {
            if matches!(dc.outcome, Outcome::NotAttempted | Outcome::Unknown) {
                dc.outcome = Outcome::Failed;
                dc.reason = a.error.clone();
            }
        }
    }
    let mut diagnosis = diagnose(&session, options);
    diagnosis.findings = merge_repeats(std::mem::take(&mut diagnosis.findings));
    Analysis { session, diagnosis }
}

/// One finding per (code, severity, message, fix): the probe asks PASV twice when the advertised address
/// is not the control address, and the same advertised address would otherwise be reported twice.
/// The lines of the repeats are joined.
fn merge_repeats(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        match out.iter_mut().find(|o| {
            o.code == f.code && o.severity == f.severity && o.message == f.message && o.fix == f.fix
        }) {
            Some(o) => {
                o.lines.extend(f.lines);
                o.lines.sort_unstable();
                o.lines.dedup();
            }
            None => out.push(f),
        }
    }
    out
}

/// Exit status: 2 when the probe could not get as far as the data connections (could not connect, no
/// greeting, TLS or login refused), 1 when a finding is an error, else 0.
pub fn exit_code(probe: &Probe, analysis: &Analysis) -> u8 {
    if probe.error.is_some() {
        2
    } else if analysis.diagnosis.has_errors() {
        1
    } else {
        0
    }
}

/// The one-line summary: why the probe stopped; or the counts and the most severe finding (as the
/// checker words it); or, when nothing is wrong, which data connections worked.
pub fn summary(probe: &Probe, analysis: &Analysis) -> String {
    if let Some(e) = &probe.error {
        return format!("could not probe ({}): {}", e.stage, e.message);
    }
    let findings = &analysis.diagnosis.findings;
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if errors + warnings > 0 {
        let counts = match (errors, warnings) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        return format!("{counts}: {}", findings[0].message);
    }
    let tried: Vec<&Attempt> = probe
        .attempts
        .iter()
        .filter(|a| a.result != ConnectResult::Skipped)
        .collect();
    if tried.is_empty() {
        return analysis.diagnosis.summary.clone();
    }
    let worked: Vec<String> = tried
        .iter()
        .filter(|a| a.result == ConnectResult::Connected)
        .map(|a| a.via.as_str().to_uppercase())
        .collect();
    let failed: Vec<String> = tried
        .iter()
        .filter(|a| a.result != ConnectResult::Connected)
        .map(|a| {
            format!(
                "{} to {} ({})",
                a.via.as_str().to_uppercase(),
                endpoint(a.ip, a.port),
                a.result.as_str()
            )
        })
        .collect();
    match (worked.is_empty(), failed.is_empty()) {
        (false, true) => format!(
            "no problem found: every data connection worked ({})",
            worked.join(", ")
        ),
        (_, false) => format!(
            "no error finding, but {} of {} data connections did not work: {}",
            failed.len(),
            tried.len(),
            failed.join("; ")
        ),
        (true, true) => analysis.diagnosis.summary.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::note;
    use crate::probe::record::{ProbeError, Stage, Toward};
    use crate::wire::Kind;
    use std::net::IpAddr;

    /// A probe whose advertised address timed out and whose control-address retry worked reads, through
    /// the checker, as the NAT case: private address, timeout, replaced address.
    #[test]
    fn nat_transcript_gives_the_checkers_codes() {
        let mut p = Probe::default();
        let t = &mut p.transcript;
        t.note(&note::trying("127.0.0.1".parse().unwrap(), 2121));
        t.note(&note::connected_control(
            "127.0.0.1",
            "127.0.0.1".parse().unwrap(),
            2121,
        ));
        t.reply_line("220 hi");
        t.command("USER anonymous");
        t.reply_line("331 pw");
        t.command("PASS x@y");
        t.reply_line("230 ok");
        t.command("PASV");
        t.reply_line("227 Entering Passive Mode (10,255,0,5,195,80).");
        t.note(&note::trying("10.255.0.5".parse().unwrap(), 50000));
        t.note(&ConnectResult::TimedOut.failure_note(
            "10.255.0.5".parse().unwrap(),
            50000,
            1000,
            "",
        ));
        t.command("PASV");
        t.reply_line("227 Entering Passive Mode (10,255,0,5,195,81).");
        t.note(&note::skip(
            "10.255.0.5".parse().unwrap(),
            "127.0.0.1".parse().unwrap(),
            "the control address",
        ));
        t.note(&note::trying("127.0.0.1".parse().unwrap(), 50001));
        t.note(&note::connected_data(
            "127.0.0.1".parse().unwrap(),
            50001,
            0,
        ));
        t.command("LIST");
        t.reply_line("150 Here comes the directory listing.");
        t.reply_line("226 Directory send OK.");
        let a = analyse(&p, &Options::default());
        let mut codes: Vec<&str> = a
            .diagnosis
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes,
            [
                "advertised-private-address",
                "cleartext-credentials",
                "client-replaced-address",
                "data-connection-timeout"
            ]
        );
        let outcomes: Vec<Outcome> = a
            .session
            .data_connections
            .iter()
            .map(|d| d.outcome)
            .collect();
        assert_eq!(outcomes, [Outcome::TimedOut, Outcome::Ok]);
        assert_eq!(exit_code(&p, &a), 1);
        let text = crate::probe::render_text(&p, &a);
        // The private address the probe connected to is the cause (issue 18); the timeout follows from it.
        assert!(
            text.contains("[error] advertised-private-address"),
            "{text}"
        );
        assert!(text.contains("[warning] data-connection-timeout"), "{text}");
        assert!(!text.contains("x@y"));
    }

    /// A stop says where, and wins over everything else; its exit status is 2.
    #[test]
    fn a_stop_is_the_summary() {
        let p = Probe {
            error: Some(ProbeError::new(Stage::Login, "login as bob refused")),
            ..Probe::default()
        };
        let a = analyse(&p, &Options::default());
        assert_eq!(
            summary(&p, &a),
            "could not probe (login): login as bob refused"
        );
        assert_eq!(exit_code(&p, &a), 2);
    }

    /// No finding: the summary names what worked and what did not, skipped attempts aside.
    #[test]
    fn summaries_without_findings() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let mut p = Probe {
            attempts: vec![
                Attempt::new(
                    Kind::Epsv,
                    Toward::ControlAddress,
                    (ip, 50000),
                    ConnectResult::Connected,
                ),
                Attempt::new(
                    Kind::Pasv,
                    Toward::Advertised,
                    ("0.0.0.0".parse().unwrap(), 50001),
                    ConnectResult::Skipped,
                ),
            ],
            ..Probe::default()
        };
        let a = analyse(&p, &Options::default());
        assert_eq!(
            summary(&p, &a),
            "no problem found: every data connection worked (EPSV)"
        );
        assert_eq!(exit_code(&p, &a), 0);
        p.attempts.push(Attempt::new(
            Kind::Eprt,
            Toward::ThisMachine,
            (ip, 41000),
            ConnectResult::Unreachable,
        ));
        let a = analyse(&p, &Options::default());
        assert_eq!(
            summary(&p, &a),
            "no error finding, but 1 of 2 data connections did not work: EPRT to 127.0.0.1:41000 (unreachable)"
        );
    }
}
