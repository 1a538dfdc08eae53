//! Every finding code: a small log that triggers it (code, severity, exact lines) and a close variant
//! that must not. `every_code_has_a_trigger_and_a_quiet_variant` fails when a code is added to
//! `Code::ALL` without cases here.
//!
//! Split by subject: `triggers` (each code fires) and `quiet` (its close variants do not), `catalogue`
//! (every code has both, and leads to a real preset), `particular_findings`, `ordering_and_summary`,
//! `passive_range`. The log-building macros, the table types and `check`/`with` live here.

use ftp_explorer::diagnose::{diagnose, Code, Diagnosis, Finding, Options, Severity};
use ftp_explorer::log::read_log;

/// A curl -v log: the control connection to `$ip` (written `$trying` in the "Trying" line), login as
/// lines 1-7, then the given lines from line 8 on.
macro_rules! curl {
    ($trying:literal, $ip:literal; $($line:literal),* $(,)?) => {
        concat!(
            "*   Trying ", $trying, ":21...\n",
            "* Connected to ftp.example.net (", $ip, ") port 21 (#0)\n",
            "< 220 (vsFTPd 3.0.3)\n",
            "> USER anonymous\n",
            "< 331 Please specify the password.\n",
            "> PASS guest@example.com\n",
            "< 230 Login successful.\n",
            $($line, "\n"),*
        )
    };
}

/// curl against a server at the public (documentation) address 203.0.113.10.
macro_rules! public {
    ($($line:literal),* $(,)?) => { curl!("203.0.113.10", "203.0.113.10"; $($line),*) };
}

/// curl against a server at the private address 192.168.1.10 (same network as the client).
macro_rules! lan {
    ($($line:literal),* $(,)?) => { curl!("192.168.1.10", "192.168.1.10"; $($line),*) };
}

/// curl over IPv6.
macro_rules! v6 {
    ($($line:literal),* $(,)?) => { curl!("[2001:db8::10]", "2001:db8::10"; $($line),*) };
}

/// FTPS: AUTH TLS on lines 4-5, login 6-9, then the given lines from line 10 on.
macro_rules! ftps {
    ($auth_reply:literal; $($line:literal),* $(,)?) => {
        concat!(
            "*   Trying 203.0.113.10:21...\n",
            "* Connected to ftp.example.net (203.0.113.10) port 21 (#0)\n",
            "< 220 (vsFTPd 3.0.3)\n",
            "> AUTH TLS\n",
            "< ", $auth_reply, "\n",
            "> USER anonymous\n",
            "< 331 Please specify the password.\n",
            "> PASS guest@example.com\n",
            "< 230 Login successful.\n",
            $($line, "\n"),*
        )
    };
}

const RANGE: Option<(u16, u16)> = Some((50000, 50010));

struct Trigger {
    code: Code,
    log: &'static str,
    range: Option<(u16, u16)>,
    severity: Severity,
    lines: &'static [usize],
}

struct Quiet {
    code: Code,
    log: &'static str,
    range: Option<(u16, u16)>,
}

const fn t(code: Code, log: &'static str, severity: Severity, lines: &'static [usize]) -> Trigger {
    Trigger {
        code,
        log,
        range: None,
        severity,
        lines,
    }
}

const fn q(code: Code, log: &'static str) -> Quiet {
    Quiet {
        code,
        log,
        range: None,
    }
}

fn check(log: &str, range: Option<(u16, u16)>) -> Diagnosis {
    diagnose(
        &read_log(log, None),
        &Options {
            passive_range: range,
        },
    )
}

fn with(d: &Diagnosis, code: Code) -> Vec<&Finding> {
    d.findings.iter().filter(|f| f.code == code).collect()
}

// Declared after the macros, which are in scope only below their definitions.
mod catalogue;
mod ordering_and_summary;
mod particular_findings;
mod passive_range;
mod quiet;
mod triggers;
