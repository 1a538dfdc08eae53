//! What decoding returns: plain data, serialisable, shared by the CLI's JSON and the web page.

use super::error::{Span, Warning};
use crate::address::Classification;
use serde::Serialize;
use std::fmt;
use std::net::IpAddr;

/// Which of the six forms a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// PASV command / 227 reply (RFC 959).
    Pasv,
    /// EPSV command / 229 reply (RFC 2428).
    Epsv,
    /// PORT command (RFC 959).
    Port,
    /// EPRT command (RFC 2428), and the 522 reply that refuses a network protocol.
    Eprt,
    /// LPSV command / 228 reply (RFC 1639).
    Lpsv,
    /// LPRT command (RFC 1639).
    Lprt,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Pasv,
        Kind::Epsv,
        Kind::Port,
        Kind::Eprt,
        Kind::Lpsv,
        Kind::Lprt,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Pasv => "pasv",
            Kind::Epsv => "epsv",
            Kind::Port => "port",
            Kind::Eprt => "eprt",
            Kind::Lpsv => "lpsv",
            Kind::Lprt => "lprt",
        }
    }

    /// Passive forms: the server listens and the client connects. Active forms: the other way round.
    pub const fn is_passive(self) -> bool {
        matches!(self, Kind::Pasv | Kind::Epsv | Kind::Lpsv)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A command the client sends, or a reply the server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Command,
    Reply,
}

/// Where a data connection goes. EPSV carries no address: the client reuses the control connection's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub ip: Option<IpAddr>,
    pub port: u16,
}

/// The port arithmetic of PASV/PORT/LPSV/LPRT: port = p1 × 256 + p2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PortMath {
    pub p1: u8,
    pub p2: u8,
    /// p1 × 256
    pub high: u32,
    pub port: u16,
}

impl PortMath {
    pub fn new(p1: u8, p2: u8) -> Self {
        let high = u32::from(p1) * 256;
        PortMath {
            p1,
            p2,
            high,
            port: (high + u32::from(p2)) as u16,
        }
    }
    /// The two bytes of a port.
    pub fn of_port(port: u16) -> Self {
        PortMath::new((port >> 8) as u8, (port & 0xff) as u8)
    }
}

impl fmt::Display for PortMath {
    /// `195 × 256 + 80 = 49920 + 80 = 50000`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × 256 + {} = {} + {} = {}",
            self.p1, self.p2, self.high, self.p2, self.port
        )
    }
}

/// A decoded reply or command: the endpoint (if it carries one) and every fact worth showing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decoded {
    pub kind: Kind,
    pub form: Form,
    /// The reply code (227, 228, 229, 522) for replies.
    pub code: Option<u16>,
    /// The command as a canonical word or phrase (`EPSV ALL`, `PORT`) for commands.
    pub command: Option<String>,
    /// Where the data connection goes; `None` for commands and replies that only ask or refuse.
    pub endpoint: Option<Endpoint>,
    /// The address of the endpoint, classified.
    pub address: Option<Classification>,
    /// p1 × 256 + p2, for the forms that carry the port as two bytes.
    pub arithmetic: Option<PortMath>,
    /// Where the endpoint's text (the number group, or the delimited fields) stands in the input.
    pub span: Option<Span>,
    /// The EPSV/EPRT delimiter.
    pub delimiter: Option<char>,
    /// One sentence: what this is.
    pub summary: String,
    /// Further explanation for a learner, one fact per entry.
    pub facts: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Decoded {
    pub(crate) fn new(kind: Kind, form: Form, summary: impl Into<String>) -> Self {
        Decoded {
            kind,
            form,
            code: None,
            command: None,
            endpoint: None,
            address: None,
            arithmetic: None,
            span: None,
            delimiter: None,
            summary: summary.into(),
            facts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The endpoint's address, if the text carries one.
    pub fn ip(&self) -> Option<IpAddr> {
        self.endpoint.and_then(|e| e.ip)
    }

    pub fn port(&self) -> Option<u16> {
        self.endpoint.map(|e| e.port)
    }
}

/// What is known about the connection the text was seen on. Everything is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The control connection's peer as the client sees it (the server's address).
    pub control_peer: Option<IpAddr>,
}
