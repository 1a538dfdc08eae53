//! Ready-made scenarios: each row of the classic troubleshooting table, the two attacks, and the
//! lessons in between. A preset only sets knobs; its outcome is derived like any other scenario's.

use super::model::*;
use serde::Serialize;

/// A named scenario, optionally with a second one to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preset {
    /// Stable, for URLs and `ftp-explorer flow --preset`.
    pub id: &'static str,
    pub title: &'static str,
    /// The symptom as a user reports it (the troubleshooting table's left column), when it is one.
    pub symptom: Option<&'static str>,
    pub scenario: Scenario,
    /// Shown side by side, when the lesson is a contrast.
    pub compare: Option<Scenario>,
}

fn base() -> Scenario {
    Scenario::default()
}

fn with(f: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut s = base();
    f(&mut s);
    s
}

/// A preset's row.
fn p(
    id: &'static str,
    title: &'static str,
    symptom: Option<&'static str>,
    scenario: Scenario,
    compare: Option<Scenario>,
) -> Preset {
    Preset {
        id,
        title,
        symptom,
        scenario,
        compare,
    }
}

/// Every preset, in teaching order.
pub fn presets() -> Vec<Preset> {
    [active(), passive(), server_path(), attacks(), ipv6()].concat()
}

/// Active mode: the address check, the client's NAT and firewall, the FTP helper.
fn active() -> Vec<Preset> {
    vec![
        p(
            "active-vs-passive",
            "Active and passive side by side (client behind NAT, server configured for NAT)",
            None,
            with(|s| {
                s.mode = Mode::Port;
                s.server = ServerSite::NatExternal;
            }),
            Some(with(|s| {
                s.mode = Mode::Pasv;
                s.server = ServerSite::NatExternal;
            })),
        ),
        p(
            "active-nat",
            "Active mode behind NAT: the server's address check refuses the private address in PORT",
            Some("active mode fails behind NAT (500 Illegal PORT command)"),
            with(|s| {
                s.mode = Mode::Port;
                s.server = ServerSite::Public;
            }),
            None,
        ),
        p(
            "active-nat-no-forward",
            "Active mode behind NAT, public address announced: the server's SYN dies at the client's router",
            Some("active mode behind NAT: 200 PORT, then 425 Failed to establish connection"),
            with(|s| {
                s.mode = Mode::Port;
                s.port_ip = PortIp::External;
                s.server = ServerSite::Public;
            }),
            None,
        ),
        p(
            "active-firewall",
            "Active mode through the client's firewall",
            Some("active mode: 425 Failed to establish connection"),
            with(|s| {
                s.mode = Mode::Port;
                s.client = ClientSite::Public;
                s.client_firewall = true;
                s.server = ServerSite::Public;
            }),
            None,
        ),
        p(
            "active-alg",
            "Active mode rescued by the router's FTP helper",
            None,
            with(|s| {
                s.mode = Mode::Port;
                s.alg = true;
                s.server = ServerSite::Public;
            }),
            None,
        ),
        p(
            "active-alg-ftps",
            "…but not with FTPS",
            Some("active mode works with FTP but not with FTPS"),
            with(|s| {
                s.mode = Mode::Port;
                s.alg = true;
                s.tls = true;
                s.server = ServerSite::Public;
            }),
            None,
        ),
    ]
}

/// Passive mode: the address in the 227, EPSV, the client in the server's LAN.
fn passive() -> Vec<Preset> {
    vec![
        p(
            "pasv-private-ip",
            "Timeout connecting to data port (private IP in PASV)",
            Some("timeout connecting to data port"),
            with(|s| {
                s.mode = Mode::Pasv;
                s.server = ServerSite::Nat;
            }),
            None,
        ),
        p(
            "pasv-address-set",
            "The external address configured: passive works behind NAT",
            None,
            with(|s| {
                s.server = ServerSite::NatExternal;
            }),
            None,
        ),
        p(
            "epsv-no-address",
            "EPSV works without any address",
            None,
            with(|s| {
                s.mode = Mode::Epsv;
                s.server = ServerSite::Nat;
            }),
            None,
        ),
        p(
            "epsv-works-pasv-fails",
            "EPSV works, PASV fails",
            Some("EPSV works, PASV fails"),
            with(|s| {
                s.mode = Mode::Pasv;
                s.server = ServerSite::Nat;
            }),
            Some(with(|s| {
                s.mode = Mode::Epsv;
                s.server = ServerSite::Nat;
            })),
        ),
        p(
            "works-locally",
            "Works locally, fails externally",
            Some("works locally, fails externally"),
            with(|s| {
                s.server = ServerSite::Nat;
            }),
            Some(with(|s| {
                s.server = ServerSite::Nat;
                s.client = ClientSite::Lan;
            })),
        ),
    ]
}

/// The server's firewall and the path: closed or mismatched ranges, helpers, idle timeouts, exhaustion.
fn server_path() -> Vec<Preset> {
    vec![
        p(
            "refused-data-port",
            "Connection refused to data port",
            Some("connection refused to data port"),
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.server_firewall = ServerFirewall::Closed;
                s.blocked = Blocked::Reject;
            }),
            None,
        ),
        p(
            "range-closed",
            "Passive range closed in the firewall: timeout",
            Some("timeout connecting to data port"),
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.server_firewall = ServerFirewall::Closed;
            }),
            None,
        ),
        p(
            "range-mismatch",
            "The firewall opens another range than the server uses",
            Some("timeout connecting to data port"),
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.server_firewall = ServerFirewall::Mismatch;
            }),
            None,
        ),
        p(
            "alg-cleartext",
            "The router's FTP helper rescues cleartext PASV",
            None,
            with(|s| {
                s.server = ServerSite::Nat;
                s.server_firewall = ServerFirewall::Closed;
                s.alg = true;
            }),
            None,
        ),
        p(
            "alg-ftps",
            "…but not FTPS",
            Some("works with FTP, fails with FTPS"),
            with(|s| {
                s.server = ServerSite::Nat;
                s.server_firewall = ServerFirewall::Closed;
                s.alg = true;
                s.tls = true;
            }),
            None,
        ),
        p(
            "stall-idle-timeout",
            "Transfer starts but stalls (firewall idle timeout)",
            Some("transfer starts but stalls"),
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.idle_timeout = 300;
                s.transfer_seconds = 900;
            }),
            None,
        ),
        p(
            "range-exhausted",
            "Random failures with many clients (port range exhausted)",
            Some("random failures with many clients"),
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.addresses.passive_range = Range::new(50000, 50009);
                s.busy_ports = 10;
            }),
            None,
        ),
    ]
}

/// The two attacks: port stealing and the FTP bounce.
fn attacks() -> Vec<Preset> {
    vec![
        p(
            "port-stealing",
            "Port stealing, turned away by the address check",
            None,
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.attack = Attack::Steal;
            }),
            None,
        ),
        p(
            "port-stealing-unchecked",
            "Port stealing without the address check",
            None,
            with(|s| {
                s.server = ServerSite::NatExternal;
                s.attack = Attack::Steal;
                s.ip_check = false;
            }),
            None,
        ),
        p(
            "bounce",
            "FTP bounce: PORT naming a third host",
            None,
            with(|s| {
                s.mode = Mode::Port;
                s.client = ClientSite::Public;
                s.server = ServerSite::Public;
                s.attack = Attack::Bounce;
                s.ip_check = false;
            }),
            None,
        ),
        p(
            "bounce-refused",
            "FTP bounce, refused by the address check",
            None,
            with(|s| {
                s.mode = Mode::Port;
                s.client = ClientSite::Public;
                s.server = ServerSite::Public;
                s.attack = Attack::Bounce;
            }),
            None,
        ),
    ]
}

/// IPv6: no NAT, stateful firewalls; PASV cannot carry the address.
fn ipv6() -> Vec<Preset> {
    vec![
        p(
            "ipv6-epsv",
            "IPv6: EPSV through stateful firewalls",
            None,
            with(|s| {
                *s = s.with_ip(IpVersion::V6);
                s.mode = Mode::Epsv;
            }),
            None,
        ),
        p(
            "ipv6-pasv",
            "IPv6: PASV cannot carry the address",
            None,
            with(|s| {
                *s = s.with_ip(IpVersion::V6);
                s.mode = Mode::Pasv;
            }),
            None,
        ),
    ]
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<Preset> {
    presets().into_iter().find(|p| p.id == id)
}
