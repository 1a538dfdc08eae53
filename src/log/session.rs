//! What a log gives: the session — its lines, commands paired with their replies (endpoints decoded), the
//! data connections from negotiation to outcome, and the client's own messages that matter. Read by
//! [`super::reader`], built by [`super::builder`] (exchanges) and [`super::data`] (data connections).

use super::format::Format;
use crate::wire::{DecodeError, Decoded, Kind};
use serde::Serialize;
use std::net::IpAddr;

pub use super::reader::{read_log, LogReader};

/// The control connection's peer, as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Peer {
    pub host: Option<String>,
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

/// What a line of the log was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Command,
    Reply,
    /// The client's own message (connecting, errors, notes).
    Client,
    Blank,
    /// Not understood: kept and shown.
    Unknown,
}

/// One line of the pasted log, passwords masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// 1-based line number in the paste.
    pub number: usize,
    pub text: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    /// The command as sent (password masked).
    pub text: String,
    /// The verb, upper case (`PASV`).
    pub verb: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub code: u16,
    /// All lines of the reply, joined with `\n`, as the server sent them.
    pub text: String,
    pub lines: Vec<usize>,
}

impl Reply {
    pub fn is_negative(&self) -> bool {
        self.code >= 400
    }
}

/// The result of decoding an endpoint-bearing command or reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decoding {
    Decoded(Box<Decoded>),
    Error(DecodeError),
}

/// A command and the reply to it (either may be missing: the greeting has no command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    pub command: Option<Command>,
    pub reply: Option<Reply>,
    /// For PASV/EPSV/LPSV replies and PORT/EPRT/LPRT commands: what the core made of the endpoint.
    pub decoding: Option<Decoding>,
}

impl Exchange {
    pub fn verb(&self) -> Option<&str> {
        self.command.as_ref().map(|c| c.verb.as_str())
    }
    pub fn code(&self) -> Option<u16> {
        self.reply.as_ref().map(|r| r.code)
    }
    pub fn decoded(&self) -> Option<&Decoded> {
        match &self.decoding {
            Some(Decoding::Decoded(d)) => Some(d.as_ref()),
            _ => None,
        }
    }
    /// The lines of this exchange (command and reply).
    pub fn lines(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.command.iter().map(|c| c.line).collect();
        v.extend(self.reply.iter().flat_map(|r| r.lines.iter().copied()));
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Passive,
    Active,
}

/// How a data connection ended, as far as the log tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    TimedOut,
    Refused,
    /// The server or client reported another failure (425, 426, an error message).
    Failed,
    /// Negotiated, but no transfer command followed.
    NotAttempted,
    /// A transfer began but the log ends before its result.
    Unknown,
}

impl Outcome {
    /// The JSON name (kebab-case), without going through a serializer.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::TimedOut => "timed-out",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::NotAttempted => "not-attempted",
            Outcome::Unknown => "unknown",
        }
    }
}

/// An address and port a connection went to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

impl std::fmt::Display for Address {
    /// `192.0.2.1:50000`, `[2001:db8::1]:50000`, or `port 50000 at the control address` when the log does
    /// not name the address.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.ip, self.port) {
            (Some(IpAddr::V6(ip)), Some(p)) => write!(f, "[{ip}]:{p}"),
            (Some(ip), Some(p)) => write!(f, "{ip}:{p}"),
            (None, Some(p)) => write!(f, "port {p} at the control address"),
            (Some(ip), None) => write!(f, "{ip}"),
            (None, None) => f.write_str("an unknown endpoint"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataConnection {
    pub mode: Mode,
    /// The form that negotiated it (`pasv`, `epsv`, `port`, `eprt`, `lpsv`, `lprt`).
    pub via: Kind,
    /// Index into `exchanges` of the negotiation.
    pub exchange: usize,
    /// The endpoint the negotiation named (for EPSV: the control address, when known, and the port).
    pub advertised: Address,
    /// Where the client actually connected (passive mode), when the log says.
    pub used: Option<Address>,
    pub outcome: Outcome,
    /// The transfer command that used it (`LIST`, `RETR x`), if any.
    pub transfer: Option<String>,
    /// Why it failed, in the log's words.
    pub reason: Option<String>,
    pub lines: Vec<usize>,
}

/// What the client said that matters to the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    ReplacedAddress {
        line: usize,
        advertised: Option<IpAddr>,
        used: Option<IpAddr>,
        text: String,
    },
    EpsvDisabled {
        line: usize,
        text: String,
    },
    PassiveFailed {
        line: usize,
        text: String,
    },
    TimedOut {
        line: usize,
        text: String,
    },
    Refused {
        line: usize,
        text: String,
    },
    ClientError {
        line: usize,
        text: String,
    },
}

impl Event {
    pub fn line(&self) -> usize {
        match self {
            Event::ReplacedAddress { line, .. }
            | Event::EpsvDisabled { line, .. }
            | Event::PassiveFailed { line, .. }
            | Event::TimedOut { line, .. }
            | Event::Refused { line, .. }
            | Event::ClientError { line, .. } => *line,
        }
    }
}

/// Everything read from a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub format: Format,
    /// True when the format was given rather than detected.
    pub format_given: bool,
    pub control: Option<Peer>,
    /// TLS was negotiated on the control connection (`AUTH TLS`/`AUTH SSL` answered 234).
    pub tls: bool,
    pub lines: Vec<Line>,
    pub exchanges: Vec<Exchange>,
    pub data_connections: Vec<DataConnection>,
    pub events: Vec<Event>,
}

impl Session {
    /// Lines not understood by the reader (kept and shown).
    pub fn unknown_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.role == Role::Unknown)
    }
}
