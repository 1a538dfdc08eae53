//! `ftp-explorer probe`: the pure half of the live probe. The CLI (`cli/src/probe.rs`) does
//! the network I/O; everything it decides and everything it prints is here, as plain functions over plain
//! data, so the probe's findings come from the same rules, with the same codes, as `ftp-explorer check`.
//!
//! How: the probe writes its [`Transcript`] in `curl -v` form (`> CMD`, `< reply`, `* note`), and the
//! notes about connections use the words curl uses (`Trying 10.0.0.5:50000...`, `connect to … failed:
//! Connection refused`, `Skip 10.0.0.5 for data connection, re-use 192.0.2.7 instead`). [`analyse`] reads
//! that text with the checker's own reader ([`crate::log::read_log`]) and runs [`crate::diagnose`] on it:
//! the finding lines are transcript lines, and `ftp-explorer check` on the printed transcript gives the
//! same findings.
//!
//! - [`parse_target`]: `HOST`, `HOST:PORT`, `1.2.3.4:21`, `[::1]:2121`, `ftp://host:port/`.
//! - [`Transcript`]: the dialogue, with the password never written and control characters neutralised.
//! - [`pasv_plan`]: where to connect after a 227 (the advertised address, the control address, or both).
//! - [`Attempt`]: one data connection tried, and how it ended.
//! - [`analyse`], [`render_text`], [`ProbeJson`]: the report, as text (like `check`'s) or JSON.

use crate::address::{classify, parse_ip, Category};
use crate::diagnose::{diagnose, Diagnosis, Options};
use crate::log::{read_log, Format, Outcome, Session};
use crate::wire::Kind;
use serde::Serialize;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};

/// The FTP control port when `HOST` carries none.
pub const DEFAULT_PORT: u16 = 21;

/// What `HOST[:PORT]` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The host as given (a name, or the address text without brackets).
    pub host: String,
    /// The address, when `host` is one (no name lookup needed).
    pub ip: Option<IpAddr>,
    pub port: u16,
}

impl Target {
    /// `host:port`, `[v6]:port`.
    pub fn display(&self) -> String {
        match self.ip {
            Some(IpAddr::V6(ip)) => format!("[{ip}]:{}", self.port),
            _ => format!("{}:{}", self.host, self.port),
        }
    }
}

/// Read `HOST[:PORT]`: a host name, an IPv4 address, a bracketed IPv6 address (`[::1]:2121`), a bare IPv6
/// address (no port), optionally as an `ftp://` URL (a path after the host is ignored).
pub fn parse_target(text: &str) -> Result<Target, String> {
    let t = text.trim();
    let t = t
        .strip_prefix("ftp://")
        .or_else(|| t.strip_prefix("FTP://"))
        .unwrap_or(t);
    if t.starts_with("ftps://") || t.starts_with("sftp://") {
        return Err(format!(
            "'{text}': only ftp:// (explicit FTPS is --tls; implicit FTPS and SFTP are other protocols)"
        ));
    }
    // A URL path, and user info (`user@host`: use --user).
    let t = if text.contains("://") {
        t.split('/').next().unwrap_or(t)
    } else {
        t
    };
    if t.contains('@') {
        return Err(format!(
            "'{text}': give the user with --user and the password with --password-stdin, not in HOST"
        ));
    }
    if t.is_empty() {
        return Err("HOST is empty".into());
    }
    let port_of = |p: &str| -> Result<u16, String> {
        match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            _ => Err(format!(
                "'{text}': the port '{p}' is not a number from 1 to 65535"
            )),
        }
    };
    if let Some(rest) = t.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return Err(format!("'{text}': '[' without its ']'"));
        };
        let ip = match parse_ip(inside) {
            Ok(ip @ IpAddr::V6(_)) => ip,
            _ => {
                return Err(format!(
                    "'{text}': '{inside}' between brackets is not an IPv6 address"
                ))
            }
        };
        let port = match after {
            "" => DEFAULT_PORT,
            _ => match after.strip_prefix(':') {
                Some(p) => port_of(p)?,
                None => return Err(format!("'{text}': expected ':PORT' after ']'")),
            },
        };
        return Ok(Target {
            host: ip.to_string(),
            ip: Some(ip),
            port,
        });
    }
    // A bare IPv6 address: more than one colon, no brackets, so no port.
    if t.matches(':').count() > 1 {
        return match parse_ip(t) {
            Ok(ip) => Ok(Target {
                host: ip.to_string(),
                ip: Some(ip),
                port: DEFAULT_PORT,
            }),
            Err(e) => Err(format!(
                "'{text}': not an IPv6 address ({}); write an IPv6 address with a port as [ADDRESS]:PORT",
                e.message
            )),
        };
    }
    let (host, port) = match t.split_once(':') {
        Some((h, p)) => (h, port_of(p)?),
        None => (t, DEFAULT_PORT),
    };
    if host.is_empty() {
        return Err(format!("'{text}': the host is missing"));
    }
    // Digits and dots only: an IPv4 address, written strictly (a resolver would read `010.1.1.1` as octal).
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return match parse_ip(host) {
            Ok(ip) => Ok(Target {
                host: host.to_string(),
                ip: Some(ip),
                port,
            }),
            Err(e) => Err(format!(
                "'{text}': '{host}' is not an IPv4 address: {}",
                e.message
            )),
        };
    }
    let valid_name = host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !valid_name {
        return Err(format!(
            "'{text}': '{host}' is neither an address nor a host name"
        ));
    }
    Ok(Target {
        host: host.to_string(),
        ip: None,
        port,
    })
}

/// `1.2.3.4:21` or `[::1]:21`.
pub fn endpoint(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// The probe's dialogue in `curl -v` form: `> ` a command, `< ` a reply line, `* ` the probe's note.
/// The password is never written: `PASS` is always shown as `PASS ****`, and any text the server sends
/// back is scrubbed of it too. Control characters (terminal escapes a hostile server might send) are
/// written as `?`.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    lines: Vec<String>,
    secret: Option<String>,
}

impl Transcript {
    pub fn new() -> Self {
        Self::default()
    }

    /// A transcript that scrubs `secret` (the password) from everything written to it.
    pub fn with_secret(secret: Option<&str>) -> Self {
        Transcript {
            lines: Vec::new(),
            secret: secret.filter(|s| !s.is_empty()).map(str::to_string),
        }
    }

    fn push(&mut self, prefix: &str, text: &str) -> usize {
        let clean = scrub(text, self.secret.as_deref());
        self.lines.push(format!("{prefix}{clean}"));
        self.lines.len()
    }

    /// `text` as the transcript would hold it: control characters as `?`, the password as `****`.
    /// Everything the server sends goes through this before the probe keeps or quotes it.
    pub fn clean(&self, text: &str) -> String {
        scrub(text, self.secret.as_deref())
    }

    /// A command sent; returns its line number (1-based). `PASS x` is written `PASS ****`.
    pub fn command(&mut self, text: &str) -> usize {
        let verb = text.split(' ').next().unwrap_or("");
        if verb.eq_ignore_ascii_case("PASS") {
            return self.push("> ", "PASS ****");
        }
        self.push("> ", text)
    }

    /// One line of a reply; returns its line number.
    pub fn reply_line(&mut self, text: &str) -> usize {
        self.push("< ", text)
    }

    /// The probe's own note; returns its line number.
    pub fn note(&mut self, text: &str) -> usize {
        self.push("* ", text)
    }

    /// Lines so far (the next line written gets number `len() + 1`).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The whole transcript, one line per line, ending in a line break.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

/// `text` with every control character written `?` and the secret written `****`. A password shorter
/// than 3 characters is scrubbed only where it stands as a whole word (every `a` in a reply is not it).
pub fn scrub(text: &str, secret: Option<&str>) -> String {
    let mut s: String = text
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    if let Some(secret) = secret.filter(|p| !p.is_empty()) {
        let clean: String = secret
            .chars()
            .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
            .collect();
        if clean.chars().count() >= 3 {
            s = s.replace(&clean, "****");
        } else {
            s = s
                .split(' ')
                .map(|w| if w == clean { "****" } else { w })
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    s
}

/// Notes about connections, worded as curl words them so the checker's reader follows them.
pub mod note {
    use super::endpoint;
    use std::net::IpAddr;

    /// `  Trying 1.2.3.4:21...` (a connection attempt starts).
    pub fn trying(ip: IpAddr, port: u16) -> String {
        format!("  Trying {}...", endpoint(ip, port))
    }

    /// The control connection is up.
    pub fn connected_control(host: &str, ip: IpAddr, port: u16) -> String {
        format!("Connected to {host} ({ip}) port {port}")
    }

    /// A data connection is up.
    pub fn connected_data(ip: IpAddr, port: u16, ms: u64) -> String {
        format!("Connected to {ip} port {port} (data connection, {ms} ms)")
    }

    /// The client replaces the advertised address with the control connection's (what curl does).
    pub fn skip(advertised: IpAddr, control: IpAddr, why: &str) -> String {
        format!("Skip {advertised} for data connection, re-use {control} instead ({why})")
    }
}

/// How one connection attempt ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectResult {
    /// The TCP connection was made (passive), or the server connected to us (active).
    Connected,
    /// A reset answered the SYN: nothing listens there, or a firewall rejects it.
    Refused,
    /// No answer within the time allowed: a firewall drops the packets, or the address goes nowhere.
    TimedOut,
    /// The network said there is no way there (no route, host or network unreachable).
    Unreachable,
    /// Another error (its text is in `error`).
    Failed,
    /// Not tried (the reason is in `error`).
    Skipped,
}

impl ConnectResult {
    pub const fn as_str(&self) -> &'static str {
        match self {
            ConnectResult::Connected => "connected",
            ConnectResult::Refused => "refused",
            ConnectResult::TimedOut => "timed-out",
            ConnectResult::Unreachable => "unreachable",
            ConnectResult::Failed => "failed",
            ConnectResult::Skipped => "skipped",
        }
    }

    /// The note that says an attempt to `ip:port` failed this way, in the words the checker's reader
    /// knows (`Connection refused`, `timed out`); `detail` is the system's message.
    pub fn failure_note(&self, ip: IpAddr, port: u16, ms: u64, detail: &str) -> String {
        let why = match self {
            ConnectResult::Refused => "Connection refused".to_string(),
            ConnectResult::TimedOut => format!("Connection timed out after {ms} ms"),
            ConnectResult::Unreachable => format!("{detail} (unreachable)"),
            ConnectResult::Failed => detail.to_string(),
            ConnectResult::Connected | ConnectResult::Skipped => detail.to_string(),
        };
        format!("connect to {ip} port {port} failed: {why}")
    }
}

/// Which address a data connection was tried at, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Toward {
    /// The address and port the server's 227 named.
    Advertised,
    /// The control connection's address with the advertised port (EPSV always; after PASV what curl,
    /// FileZilla for unroutable addresses, and lftp do).
    ControlAddress,
    /// Active mode: the server connects to this machine.
    ThisMachine,
}

/// The transfer run over a data connection that was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    /// `LIST`.
    pub command: String,
    /// The final reply's code and first line (`226 Directory send OK.`), if one came.
    pub code: Option<u16>,
    pub reply: Option<String>,
    /// Bytes received on the data connection.
    pub bytes: u64,
}

/// One data connection the probe tried (or, in active mode, waited for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// The negotiation that named the endpoint: `epsv`, `pasv`, `eprt`, `port`.
    pub via: Kind,
    pub toward: Toward,
    pub ip: IpAddr,
    pub port: u16,
    pub result: ConnectResult,
    /// The system's or the server's words, when it did not connect.
    pub error: Option<String>,
    /// How long the connection took (or how long the probe waited).
    pub elapsed_ms: u64,
    pub transfer: Option<Transfer>,
    /// Transcript lines of this attempt.
    pub lines: Vec<usize>,
}

/// Why the probe stopped before it could try a data connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeError {
    /// `resolve`, `connect`, `greeting`, `tls`, `login`, `control`.
    pub stage: &'static str,
    pub message: String,
}

/// TLS on the control connection, as negotiated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsInfo {
    pub version: String,
    pub cipher: String,
    /// False with `--insecure`: the certificate was not checked.
    pub verified: bool,
    /// `PROT P` accepted: data connections are encrypted too.
    pub protected_data: bool,
}

/// Everything the probe saw. The I/O side fills it in; [`analyse`] turns it into findings.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub target: Option<Target>,
    /// The address the control connection reached, and the local address it left from.
    pub peer: Option<SocketAddr>,
    pub local: Option<SocketAddr>,
    pub user: String,
    pub transcript: Transcript,
    pub greeting: Option<String>,
    /// Lines of the FEAT reply between its first and last line (`EPSV`, `AUTH TLS`, …).
    pub features: Vec<String>,
    pub tls: Option<TlsInfo>,
    pub attempts: Vec<Attempt>,
    pub error: Option<ProbeError>,
}

/// The features a FEAT reply lists: its middle lines, trimmed (`211-Features:` … `211 End`).
pub fn features(reply_lines: &[String]) -> Vec<String> {
    if reply_lines.len() < 3 {
        return Vec::new();
    }
    reply_lines[1..reply_lines.len() - 1]
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Is a reply complete? `lines` are the lines read so far (without line endings). A multi-line reply
/// (`ddd-`) ends with a line that starts with the same code and a space (RFC 959 §4.2).
pub fn reply_complete(lines: &[String]) -> bool {
    let Some(first) = lines.first() else {
        return false;
    };
    if !crate::wire::reply::starts_with_code(first) {
        return true; // not a reply: take the line as it is, the caller reports it
    }
    if first.as_bytes().get(3) != Some(&b'-') {
        return true;
    }
    let code = &first[..3];
    lines.len() > 1
        && lines.last().is_some_and(|l| {
            l.len() >= 3
                && l.is_char_boundary(3)
                && &l[..3] == code
                && l.as_bytes().get(3) != Some(&b'-')
        })
}

/// The code of a reply's first line (0 when it has none).
pub fn reply_code(first_line: &str) -> u16 {
    if crate::wire::reply::starts_with_code(first_line) {
        first_line[..3].parse().unwrap_or(0)
    } else {
        0
    }
}

/// Where to connect after a 227 named `advertised` (`port` from the reply) on a control connection to
/// `control`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasvPlan {
    /// Connect to the advertised endpoint; `Err` says why not (the note to write).
    pub advertised: Result<(), String>,
    /// Then also try the control address with the port, after a second PASV when the advertised
    /// endpoint was tried (its listener is used up), or on this reply when it was not.
    pub control_address: bool,
}

/// Decide where to connect after a 227. The advertised endpoint is tried unless it is the unspecified
/// address (on Linux 0.0.0.0 reaches this machine itself), of another family than the control
/// connection, or `skip_advertised` is set. The control address is tried as well whenever it differs,
/// so the report says both what clients that trust the reply and what clients that replace it (curl's
/// default) will see.
pub fn pasv_plan(control: IpAddr, advertised: IpAddr, skip_advertised: bool) -> PasvPlan {
    let (c, a) = (control.to_canonical(), advertised.to_canonical());
    if c == a {
        return PasvPlan {
            advertised: Ok(()),
            control_address: false,
        };
    }
    let why_not = if a.is_unspecified() {
        Some(format!(
            "{a} names no host: not connecting there (it would reach this machine itself)"
        ))
    } else if a.is_ipv4() != c.is_ipv4() {
        Some(format!(
            "{a} is of another address family than the control connection ({c})"
        ))
    } else if skip_advertised {
        Some(format!(
            "not connecting to the advertised {a} (--skip-advertised)"
        ))
    } else {
        None
    };
    PasvPlan {
        advertised: why_not.map_or(Ok(()), Err),
        control_address: true,
    }
}

/// The active-mode command that names `local` (this machine's end of the control connection): `EPRT`
/// for both families, or `PORT` (IPv4 only) when `eprt` is false.
pub fn active_command(local: SocketAddr, eprt: bool) -> Option<String> {
    let ip = local.ip().to_canonical();
    let kind = if eprt || ip.is_ipv6() {
        Kind::Eprt
    } else {
        Kind::Port
    };
    crate::wire::encode(kind, Some(ip), local.port()).ok()
}

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
fn merge_repeats(findings: Vec<crate::diagnose::Finding>) -> Vec<crate::diagnose::Finding> {
    let mut out: Vec<crate::diagnose::Finding> = Vec::with_capacity(findings.len());
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

/// One line of the transcript in JSON: its number, its text, and what the reader made of it.
#[derive(Debug, Serialize)]
pub struct TranscriptLine<'a> {
    pub number: usize,
    pub text: &'a str,
    pub role: crate::log::Role,
}

/// `ftp-explorer probe --json`: `{"target", "peer", "local", "user", "greeting", "features", "tls",
/// "error", "findings":[{"code","severity","message","fix","lines"}], "summary", "attempts":[…],
/// "data_connections":[…], "exchanges":[…], "transcript":[{"number","text","role"}], "exit_code"}`.
#[derive(Debug, Serialize)]
pub struct ProbeJson<'a> {
    pub target: Option<&'a Target>,
    pub peer: Option<String>,
    pub local: Option<String>,
    pub user: &'a str,
    pub greeting: Option<&'a str>,
    pub features: &'a [String],
    pub tls: Option<&'a TlsInfo>,
    pub error: Option<&'a ProbeError>,
    pub findings: &'a [crate::diagnose::Finding],
    pub summary: String,
    pub attempts: &'a [Attempt],
    pub data_connections: &'a [crate::log::DataConnection],
    pub exchanges: &'a [crate::log::Exchange],
    pub transcript: Vec<TranscriptLine<'a>>,
    pub exit_code: u8,
}

/// The JSON report.
pub fn json_report<'a>(probe: &'a Probe, analysis: &'a Analysis) -> ProbeJson<'a> {
    ProbeJson {
        target: probe.target.as_ref(),
        peer: probe.peer.map(|p| p.to_string()),
        local: probe.local.map(|p| p.to_string()),
        user: &probe.user,
        greeting: probe.greeting.as_deref(),
        features: &probe.features,
        tls: probe.tls.as_ref(),
        error: probe.error.as_ref(),
        findings: &analysis.diagnosis.findings,
        summary: summary(probe, analysis),
        attempts: &probe.attempts,
        data_connections: &analysis.session.data_connections,
        exchanges: &analysis.session.exchanges,
        transcript: analysis
            .session
            .lines
            .iter()
            .map(|l| TranscriptLine {
                number: l.number,
                text: &l.text,
                role: l.role,
            })
            .collect(),
        exit_code: exit_code(probe, analysis),
    }
}

/// The one-line summary: why the probe stopped; or the counts and the most severe finding (as the
/// checker words it); or, when nothing is wrong, which data connections worked.
pub fn summary(probe: &Probe, analysis: &Analysis) -> String {
    use crate::diagnose::Severity;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = parse_target("[::1]:2121").unwrap();
        assert_eq!((t.ip, t.port), (Some("::1".parse().unwrap()), 2121));
        assert_eq!(t.display(), "[::1]:2121");
        let t = parse_target("127.0.0.1:21").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 21));
        let t = parse_target("ftp.example.com").unwrap();
        assert_eq!((t.ip, t.port), (None, 21));
        let t = parse_target("ftp://ftp.example.com:2121/pub/").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("ftp.example.com", 2121));
        assert_eq!(parse_target("::1").unwrap().port, 21);
        for bad in [
            "",
            "host:0",
            "host:65536",
            "host:x",
            "[::1",
            "[1.2.3.4]:21",
            "010.0.0.1",
            "a b",
            "u:p@host",
            "ftps://h",
            ":21",
            "1.2.3:21",
            "[::1]21",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn transcript_never_holds_the_password() {
        let mut t = Transcript::with_secret(Some("s3cret!"));
        t.command("PASS s3cret!");
        t.reply_line("230 welcome s3cret! \u{1b}[31m");
        t.note("x s3cret! y");
        let text = t.text();
        assert!(!text.contains("s3cret!"), "{text}");
        assert!(text.contains("> PASS ****") && text.contains("?[31m"));
        assert_eq!(scrub("ok ab abc", Some("ab")), "ok **** abc");
    }

    #[test]
    fn replies_frame() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(reply_complete(&l(&["220 hi"])));
        assert!(!reply_complete(&l(&["211-Features:"])));
        assert!(!reply_complete(&l(&["211-Features:", " EPSV", "211-x"])));
        assert!(reply_complete(&l(&["211-Features:", " EPSV", "211 End"])));
        assert_eq!(
            features(&l(&["211-Features:", " EPSV", " AUTH TLS", "211 End"])),
            ["EPSV", "AUTH TLS"]
        );
        assert_eq!(reply_code("530 no"), 530);
        assert_eq!(line_ranges(&[3, 4, 5, 7, 9, 10]), "3-5, 7, 9-10");
        assert_eq!(line_ranges(&[]), "");
    }

    #[test]
    fn plans() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let same = pasv_plan(ip("127.0.0.1"), ip("127.0.0.1"), false);
        assert_eq!(
            same,
            PasvPlan {
                advertised: Ok(()),
                control_address: false
            }
        );
        let nat = pasv_plan(ip("127.0.0.1"), ip("10.255.0.5"), false);
        assert_eq!(
            nat,
            PasvPlan {
                advertised: Ok(()),
                control_address: true
            }
        );
        assert!(pasv_plan(ip("127.0.0.1"), ip("0.0.0.0"), false)
            .advertised
            .is_err());
        assert!(pasv_plan(ip("::1"), ip("10.0.0.1"), false)
            .advertised
            .is_err());
        assert!(pasv_plan(ip("127.0.0.1"), ip("10.0.0.1"), true)
            .advertised
            .is_err());
        let local: SocketAddr = "127.0.0.1:41234".parse().unwrap();
        assert_eq!(
            active_command(local, true).unwrap(),
            "EPRT |1|127.0.0.1|41234|"
        );
        assert_eq!(
            active_command(local, false).unwrap(),
            "PORT 127,0,0,1,161,18"
        );
    }

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
        let text = render_text(&p, &a);
        // The private address the probe connected to is the cause (issue 18); the timeout follows from it.
        assert!(
            text.contains("[error] advertised-private-address"),
            "{text}"
        );
        assert!(text.contains("[warning] data-connection-timeout"), "{text}");
        assert!(!text.contains("x@y"));
    }
}
