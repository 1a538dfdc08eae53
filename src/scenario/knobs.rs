//! The scenario's controls described as data: each knob's key (the link's and the CLI's), a label, a
//! help text, and its choices. The page renders its form from this list; setting a value goes through
//! [`super::link::apply`], so the page holds no knowledge of what the values mean.

use super::link::scenario_pairs_all;
use super::model::*;
use serde::Serialize;

/// How a knob is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// One of `choices`.
    Choice,
    /// A whole number (seconds, a count).
    Number,
    /// An IP address of the scenario's version.
    Address,
    /// `MIN-MAX`.
    Range,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Knob {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: Input,
    /// `(value, label)` pairs for [`Input::Choice`].
    pub choices: Vec<(&'static str, &'static str)>,
    /// The group it is shown in: `mode`, `client`, `server`, `path`, `advanced`, `addresses`.
    pub group: &'static str,
}

fn choice(
    key: &'static str,
    label: &'static str,
    group: &'static str,
    help: &'static str,
    choices: Vec<(&'static str, &'static str)>,
) -> Knob {
    Knob {
        key,
        label,
        help,
        input: Input::Choice,
        choices,
        group,
    }
}

fn other(
    key: &'static str,
    label: &'static str,
    group: &'static str,
    input: Input,
    help: &'static str,
) -> Knob {
    Knob {
        key,
        label,
        help,
        input,
        choices: Vec::new(),
        group,
    }
}

const ON_OFF: [(&str, &str); 2] = [("off", "off"), ("on", "on")];

/// Every knob, in the order shown.
pub fn knobs() -> Vec<Knob> {
    vec![
        choice("mode", "Mode", "mode", "How the data connection is set up.", vec![
            (Mode::Port.as_str(), "Active: PORT"),
            (Mode::Eprt.as_str(), "Extended active: EPRT"),
            (Mode::Pasv.as_str(), "Passive: PASV"),
            (Mode::Epsv.as_str(), "Extended passive: EPSV"),
            (Mode::EpsvAll.as_str(), "EPSV ALL, then EPSV"),
        ]),
        choice("ip", "IP version", "mode", "IPv6 has no NAT here: the NAT sites become routers with stateful firewalls.", vec![("4", "IPv4"), ("6", "IPv6")]),
        choice("client", "Client", "client", "Where the client is.", vec![
            (ClientSite::Public.as_str(), "public address"),
            (ClientSite::Nat.as_str(), "behind NAT"),
            (ClientSite::Lan.as_str(), "in the server's LAN"),
        ]),
        choice("client-firewall", "Client firewall", "client", "A stateful firewall at the client: outgoing allowed, new incoming refused.", ON_OFF.to_vec()),
        choice("pasv-ip", "After a 227, the client connects to", "client", "RFC 959 says: the reply's address. curl (since 7.74) and Python ftplib ignore it by default and use the control connection's address.", vec![
            (PasvIp::Use.as_str(), "the reply's address (RFC 959)"),
            (PasvIp::Ignore.as_str(), "the control address (curl, ftplib)"),
        ]),
        choice("port-ip", "In PORT/EPRT, the client writes", "client", "Active mode only. Behind NAT a client can only write its private address, unless told its public one (FileZilla's active-mode external IP, curl -P ADDRESS, lftp ftp:port-ipv4).", vec![
            (PortIp::Own.as_str(), "its own address"),
            (PortIp::External.as_str(), "its public address (configured)"),
        ]),
        choice("server", "Server", "server", "Where the server is, and whether it knows its external address.", vec![
            (ServerSite::Public.as_str(), "public address"),
            (ServerSite::Nat.as_str(), "behind NAT"),
            (ServerSite::NatExternal.as_str(), "behind NAT, pasv_address set"),
        ]),
        choice("server-firewall", "Server firewall: passive range", "server", "What the server's firewall (and its NAT's port forwards) let in besides the control port.", vec![
            (ServerFirewall::Open.as_str(), "open"),
            (ServerFirewall::Closed.as_str(), "closed"),
            (ServerFirewall::Mismatch.as_str(), "another range open"),
        ]),
        choice("ip-check", "Server checks data-connection addresses", "server", "vsftpd pasv_promiscuous=NO / port_promiscuous=NO, ProFTPD AllowForeignAddress off (the defaults).", ON_OFF.to_vec()),
        choice("alg", "FTP helper (ALG) on routers", "path", "Linux nf_conntrack_ftp / nf_nat_ftp or a router ALG: reads cleartext PORT and 227, rewrites addresses, opens the data port.", ON_OFF.to_vec()),
        choice("tls", "TLS (FTPS)", "path", "Explicit FTPS: AUTH TLS encrypts the control connection, which FTP helpers then cannot read.", ON_OFF.to_vec()),
        choice("blocked", "Firewalls refuse by", "path", "drop: silence, the sender times out. reject: a TCP reset, \"connection refused\" at once.", vec![
            (Blocked::Drop.as_str(), "dropping (timeout)"),
            (Blocked::Reject.as_str(), "rejecting (refused)"),
        ]),
        choice("attack", "Attack", "advanced", "Port stealing races the client to the passive port; the FTP bounce makes the server connect to a third host.", vec![
            (Attack::None.as_str(), "none"),
            (Attack::Steal.as_str(), "port stealing"),
            (Attack::Bounce.as_str(), "FTP bounce"),
        ]),
        other("idle-timeout", "Idle timeout of routers/firewalls (s, 0 = never)", "advanced", Input::Number, "State for a connection idle this long is forgotten."),
        other("transfer", "Transfer duration (s)", "advanced", Input::Number, "The control connection is idle meanwhile."),
        other("busy", "Passive ports already in use", "advanced", Input::Number, "Other clients' transfers."),
        other("range", "Server's passive range", "addresses", Input::Range, "vsftpd pasv_min_port-pasv_max_port."),
        other("firewall-range", "Range the firewall opens when it mismatches", "addresses", Input::Range, "Only used with \"another range open\"."),
        other("client-private", "Client's private address", "addresses", Input::Address, "Behind its NAT."),
        other("client-public", "Client's public address", "addresses", Input::Address, "Its NAT's outside address, or its own."),
        other("server-private", "Server's private address", "addresses", Input::Address, "Behind its NAT."),
        other("server-public", "Server's public address", "addresses", Input::Address, "Its NAT's outside address, or its own."),
    ]
}

/// The current value of a knob, as its control shows it.
pub fn value_of(s: &Scenario, key: &str) -> String {
    scenario_pairs_all(s)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}
