//! What a timeline is made of: steps (one message or event each), and the derived outcome.

use super::model::Scenario;
use crate::wire::{Endpoint, Kind};
use serde::Serialize;
use std::net::SocketAddr;

crate::named_enum! {
    @own_display
    /// The places in the drawing, left to right. Displayed in words for the narration ("the server-side
    /// NAT/firewall"); `as_str` is the JSON's and the CLI's name.
    pub Node {
        Client => "client",
        /// The client's NAT router and/or firewall (or a plain router when it has neither).
        ClientEdge => "client-edge",
        Internet => "internet",
        /// The server's NAT router and firewall.
        ServerEdge => "server-edge",
        Server => "server",
        /// A third host on the Internet: the port thief, or the bounce target.
        ThirdParty => "third-party",
    }
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Node::Client => "client",
            Node::ClientEdge => "client-side NAT/firewall",
            Node::Internet => "Internet",
            Node::ServerEdge => "server-side NAT/firewall",
            Node::Server => "server",
            Node::ThirdParty => "third host",
        })
    }
}

crate::named_enum! {
    /// What a step is.
    pub StepKind {
        /// A TCP SYN: a connection is being opened.
        Syn => "syn",
        /// The SYN-ACK: the connection is accepted (the final ACK follows at once).
        SynAck => "syn-ack",
        /// A TCP reset: "connection refused".
        Rst => "rst",
        /// An FTP command, client to server.
        Command => "command",
        /// An FTP reply, server to client.
        Reply => "reply",
        /// File data on the data connection.
        Data => "data",
        /// A packet discarded on its way (by a firewall, a NAT without a mapping, or no route).
        Drop => "drop",
        /// A side gives up waiting.
        Timeout => "timeout",
        /// The TLS handshake on the control connection.
        Tls => "tls",
        /// Something a program decides on its own (no packet).
        Note => "note",
    }
}

crate::named_enum! {
    /// Which connection a step belongs to.
    pub Connection {
        Control => "control",
        Data => "data",
        /// The attacker's own connection (port stealing).
        Attack => "attack",
    }
}

crate::named_enum! {
    /// Why the data connection did not open.
    pub Failure {
        /// Nothing came back: a firewall dropped it, or nothing routes to the address.
        Timeout => "timeout",
        /// A reset came back: a firewall rejected it, or nothing listens there.
        Refused => "refused",
        /// One of the programs refused to go on (the server rejected the command, or a connection from a
        /// foreign address; the client could not form the command).
        Rejected => "rejected",
    }
}

/// The packet on one leg of its way, as seen there (addresses change at a NAT).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    pub from: Node,
    pub to: Node,
    pub src: SocketAddr,
    pub dst: SocketAddr,
}

/// A firewall's decision on a packet, with the rule and the state that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub device: Node,
    pub allowed: bool,
    /// The rule that decided, in words (`ct state established,related accept`, `tcp dport 21 accept`,
    /// `policy drop`).
    pub rule: String,
    /// The connections the device tracks at that moment that matter here.
    pub state: Vec<String>,
}

/// An address translation made at a NAT router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    pub device: Node,
    /// `src → dst` before and after.
    pub before: String,
    pub after: String,
    pub why: String,
}

/// What an FTP helper (ALG) did with a control-connection message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelperAction {
    pub device: Node,
    /// The line before and after the rewrite, when it rewrote one.
    pub rewrote: Option<(String, String)>,
    /// The data connection it now expects and lets through (`198.51.100.7 → 203.0.113.100:50000`).
    pub expects: Option<String>,
    /// True when it could not read the message (TLS).
    pub blind: bool,
    pub note: String,
}

/// An FTP line read back by the core's decoder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodedLine {
    pub kind: Kind,
    pub endpoint: Option<Endpoint>,
    pub summary: String,
}

/// One step of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// 1-based, as shown.
    pub number: usize,
    pub from: Node,
    pub to: Node,
    pub kind: StepKind,
    pub connection: Connection,
    /// The FTP line (without CRLF) or a short label (`SYN`).
    pub text: String,
    /// The exact bytes sent for an FTP line, CRLF included.
    pub bytes: Option<String>,
    /// For a line that sets up a data connection: the endpoint the sender meant to send.
    pub endpoint: Option<Endpoint>,
    /// What the core's decoder reads back from `bytes` (the same endpoint: one source of truth).
    pub decoded: Option<DecodedLine>,
    /// The packet leg by leg, as far as it got.
    pub hops: Vec<Hop>,
    /// Where it ended: `to` when delivered, otherwise the node that stopped it.
    pub reached: Node,
    pub delivered: bool,
    pub verdicts: Vec<Verdict>,
    pub translations: Vec<Translation>,
    pub helper: Option<HelperAction>,
    /// The control connection is encrypted: devices in between see only ciphertext.
    pub encrypted: bool,
    pub narration: String,
}

/// The data connection's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataConnection {
    pub opened: bool,
    /// Who connects, as that side sees itself (`None` when no connection was attempted).
    pub from: Option<String>,
    /// Where it connects to, as the connecting side sees it.
    pub to: Option<String>,
    pub failure: Option<Failure>,
    pub reason: String,
}

/// How an attack ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttackOutcome {
    pub kind: super::model::Attack,
    pub succeeded: bool,
    pub explanation: String,
}

/// The whole derived story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub scenario: Scenario,
    /// A one-line title for the network (`PASV · client behind NAT · server behind NAT …`).
    pub title: String,
    pub steps: Vec<Step>,
    pub data_connection: DataConnection,
    /// Did the user get the file?
    pub works: bool,
    /// One sentence: what happened and why.
    pub summary: String,
    /// What to change to make it work (empty when it works).
    pub fix: Vec<String>,
    /// Where real clients and servers differ from what is drawn.
    pub notes: Vec<String>,
    pub attack: Option<AttackOutcome>,
    /// Labels for the drawing's boxes: what each node is in this scenario.
    pub nodes: Vec<NodeLabel>,
}

/// What a box in the drawing stands for in this scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeLabel {
    pub node: Node,
    pub title: String,
    /// The addresses it holds (`192.168.1.10`, `198.51.100.7 outside`).
    pub detail: String,
    /// False for a box that plays no part (no third party, no device at an edge).
    pub present: bool,
}
