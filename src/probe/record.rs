//! What the probe saw: the record the I/O side fills in and the analysis reads.

use super::target::ProbeTarget;
use super::transcript::Transcript;
use crate::wire::Kind;
use serde::Serialize;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

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

    /// What the report says of a failed attempt (the `error` of an [`Attempt`]): plain words for a
    /// refusal and a timeout (`timeout_secs`, the limit), the system's message `detail` for the rest.
    pub fn failure_message(&self, timeout_secs: f64, detail: &str) -> String {
        match self {
            ConnectResult::TimedOut => format!("no answer within {timeout_secs:.1} s"),
            ConnectResult::Refused => "connection refused".to_string(),
            _ => detail.to_string(),
        }
    }
}

impl fmt::Display for ConnectResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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

impl Transfer {
    /// A transfer of `command` with nothing received yet.
    pub fn new(command: &str) -> Self {
        Transfer {
            command: command.to_string(),
            code: None,
            reply: None,
            bytes: 0,
        }
    }
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

impl Attempt {
    /// An attempt at `ip:port` not yet made: `result` as given, nothing else known.
    pub fn new(
        via: Kind,
        toward: Toward,
        (ip, port): (IpAddr, u16),
        result: ConnectResult,
    ) -> Self {
        Attempt {
            via,
            toward,
            ip,
            port,
            result,
            error: None,
            elapsed_ms: 0,
            transfer: None,
            lines: Vec::new(),
        }
    }
}

/// Where the probe stopped before it could try a data connection. The names (`as_str`, and the JSON
/// `"stage"`) are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Looking up the host name.
    Resolve,
    /// Opening the control connection.
    Connect,
    /// Waiting for the server's 220.
    Greeting,
    /// AUTH TLS and the handshake.
    Tls,
    /// USER and PASS.
    Login,
    /// The control connection after logging in.
    Control,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Resolve,
        Stage::Connect,
        Stage::Greeting,
        Stage::Tls,
        Stage::Login,
        Stage::Control,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Resolve => "resolve",
            Stage::Connect => "connect",
            Stage::Greeting => "greeting",
            Stage::Tls => "tls",
            Stage::Login => "login",
            Stage::Control => "control",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the probe stopped before it could try a data connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeError {
    /// `resolve`, `connect`, `greeting`, `tls`, `login`, `control`.
    pub stage: Stage,
    pub message: String,
}

impl ProbeError {
    pub fn new(stage: Stage, message: impl Into<String>) -> Self {
        ProbeError {
            stage,
            message: message.into(),
        }
    }
}

/// `tls: the server refused AUTH TLS: "530 …"`.
impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.stage, self.message)
    }
}

impl std::error::Error for ProbeError {}

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

/// Everything the probe saw. The I/O side fills it in; [`analyse`](super::analyse) turns it into
/// findings.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub target: Option<ProbeTarget>,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON `"stage"` strings are a contract: they are the names `as_str` gives.
    #[test]
    fn stage_names_are_stable() {
        let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            ["resolve", "connect", "greeting", "tls", "login", "control"]
        );
        for s in Stage::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::from(s.as_str())
            );
            assert_eq!(s.to_string(), s.as_str());
        }
        let e = ProbeError::new(Stage::Tls, "refused");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"stage":"tls","message":"refused"}"#
        );
        assert_eq!(e.to_string(), "tls: refused");
        let _: &dyn std::error::Error = &e;
    }

    #[test]
    fn connect_results() {
        let ip: IpAddr = "10.0.0.5".parse().unwrap();
        assert_eq!(
            ConnectResult::Refused.failure_note(ip, 21, 3, "x"),
            "connect to 10.0.0.5 port 21 failed: Connection refused"
        );
        assert_eq!(
            ConnectResult::TimedOut.failure_note(ip, 21, 1000, "x"),
            "connect to 10.0.0.5 port 21 failed: Connection timed out after 1000 ms"
        );
        assert_eq!(
            ConnectResult::Unreachable.failure_note(ip, 21, 3, "No route to host"),
            "connect to 10.0.0.5 port 21 failed: No route to host (unreachable)"
        );
        assert_eq!(
            ConnectResult::TimedOut.failure_message(2.0, "x"),
            "no answer within 2.0 s"
        );
        assert_eq!(
            ConnectResult::Refused.failure_message(2.0, "x"),
            "connection refused"
        );
        assert_eq!(ConnectResult::Failed.failure_message(2.0, "boom"), "boom");
        assert_eq!(ConnectResult::TimedOut.to_string(), "timed-out");
        assert_eq!(
            serde_json::to_value(ConnectResult::TimedOut).unwrap(),
            "timed-out"
        );
    }
}
