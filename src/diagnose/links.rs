//! From a finding to where it can be seen and fixed: the flow preset that shows it happening
//! (`#/flow?preset=ID`, see [`crate::scenario::presets`]) and, where the fix is on the server, Server setup
//! with that fix filled in (`#/setup?…`, the form of [`crate::config::to_query`]) from what the log tells:
//! the server program (its greeting), the address clients reach it at, the control port, TLS, and the
//! passive ports it handed out (or the range the user gave).

use super::blame;
use super::{Code, Finding, Options};
use crate::address::Category;
use crate::config::{to_query, Form, Inputs, Target};
use crate::log::{Mode, Session};
use std::net::IpAddr;

/// What Server setup gets from a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    /// No server-side fix (the client, a middlebox, or nothing to configure).
    No,
    /// Behind NAT: advertise the address clients reach the server at.
    Nat,
    /// Advertise the address clients reach the server at (no NAT implied).
    Address,
    /// The passive port range (and a firewall opening it).
    Range,
    /// Require TLS.
    Tls,
    /// A valid configuration as such (passive mode on, a range, the address as the log tells).
    Server,
}

/// One row per finding code: the preset that shows it, and which fix Server setup can fill in. A failed
/// data connection that the advertised address explains (see [`blame`]) shows as `pasv-private-ip` and
/// gets the NAT fix instead of its row's.
#[rustfmt::skip]
pub const LINKS: &[(Code, Option<&str>, Setup)] = &[
    (Code::AdvertisedPrivateAddress, Some("pasv-private-ip"), Setup::Nat),
    (Code::AdvertisedLoopbackAddress, Some("pasv-private-ip"), Setup::Nat),
    (Code::AdvertisedUnspecifiedAddress, None, Setup::Address),
    (Code::AdvertisedSharedAddress, Some("pasv-private-ip"), Setup::Nat),
    (Code::AdvertisedSpecialAddress, Some("pasv-private-ip"), Setup::Nat),
    (Code::AdvertisedAddressMismatch, Some("pasv-address-set"), Setup::Address),
    (Code::ClientReplacedAddress, Some("pasv-private-ip"), Setup::Nat),
    (Code::MalformedReply, None, Setup::No),
    (Code::PortZero, None, Setup::Range),
    (Code::PrivilegedPort, None, Setup::Range),
    (Code::EpsvFailedFallback, Some("range-closed"), Setup::Range),
    (Code::EpsvNotSupported, Some("epsv-works-pasv-fails"), Setup::No),
    (Code::EpsvReplyToPasv, None, Setup::No),
    (Code::PasvOnIpv6, Some("ipv6-pasv"), Setup::No),
    (Code::PassiveModeRefused, None, Setup::Server),
    (Code::EpsvAllViolated, None, Setup::No),
    (Code::DataConnectionTimeout, Some("range-closed"), Setup::Range),
    (Code::DataConnectionRefused, Some("refused-data-port"), Setup::Range),
    (Code::ActiveConnectionFailed, Some("active-firewall"), Setup::No),
    (Code::ActiveModeBehindNat, Some("active-nat"), Setup::No),
    (Code::PortRefusedByServer, Some("active-nat"), Setup::No),
    (Code::ForeignDataConnectionRejected, Some("port-stealing"), Setup::No),
    (Code::BounceRisk, Some("bounce"), Setup::No),
    (Code::TlsHidesPassiveReply, Some("alg-ftps"), Setup::Nat),
    (Code::CleartextCredentials, None, Setup::Tls),
    (Code::InvalidServerConfig, None, Setup::Server),
    (Code::PortOutsideRange, Some("range-mismatch"), Setup::Range),
];

/// Where a finding leads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Links {
    /// The flow preset that shows it happening.
    pub preset: Option<&'static str>,
    /// Server setup's form with the fix filled in (the query after `#/setup?`).
    pub setup: Option<String>,
}

impl Links {
    /// `#/flow?preset=ID`.
    pub fn flow_href(&self) -> Option<String> {
        self.preset.map(|p| format!("#/flow?preset={p}"))
    }
    /// `#/setup?…`.
    pub fn setup_href(&self) -> Option<String> {
        self.setup.as_ref().map(|q| format!("#/setup?{q}"))
    }
}

fn row(code: Code) -> (Option<&'static str>, Setup) {
    LINKS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or((None, Setup::No), |&(_, p, s)| (p, s))
}

/// The links of each finding, in order (the shared facts of the log are read once).
pub fn links<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    s: &Session,
    o: &Options,
) -> Vec<Links> {
    let mut base: Option<Form> = None;
    findings
        .into_iter()
        .map(|f| {
            let (mut preset, mut setup) = row(f.code);
            if matches!(
                f.code,
                Code::DataConnectionTimeout | Code::DataConnectionRefused
            ) && explained_by_address(f, s)
            {
                preset = Some("pasv-private-ip");
                setup = Setup::Nat;
            }
            let setup = (setup != Setup::No).then(|| {
                let base = base.get_or_insert_with(|| setup_form(s, o));
                to_query(&apply(base.clone(), setup, s))
            });
            Links { preset, setup }
        })
        .collect()
}

/// Is this failed-connection finding about a data connection the advertised address explains?
fn explained_by_address(f: &Finding, s: &Session) -> bool {
    s.data_connections
        .iter()
        .filter(|d| d.mode == Mode::Passive && d.lines == f.lines)
        .any(|d| blame::unreachable_advertised(s, d).is_some())
}

/// What the log tells the setup form, whatever the finding: the server program, the control port, TLS,
/// and the passive range (the user's, else one that holds the ports the server handed out).
pub fn setup_form(s: &Session, o: &Options) -> Form {
    let mut inputs = Inputs::default();
    if let Some(port) = s.control.as_ref().and_then(|c| c.port) {
        inputs.control_port = u32::from(port);
    }
    inputs.tls = s.tls;
    if let Some((min, max)) = o.passive_range.or_else(|| seen_range(s)) {
        inputs.passive_min = u32::from(min);
        inputs.passive_max = u32::from(max);
    }
    Form {
        target: target(s),
        inputs,
    }
}

fn apply(mut form: Form, setup: Setup, s: &Session) -> Form {
    match setup {
        Setup::Nat => {
            form.inputs.behind_nat = true;
            form.inputs.address = address_to_advertise(s).unwrap_or_default();
        }
        Setup::Address => form.inputs.address = address_to_advertise(s).unwrap_or_default(),
        Setup::Tls => form.inputs.tls = true,
        Setup::Range | Setup::Server | Setup::No => {}
    }
    form
}

/// The address clients reach the server at, when the log shows one worth advertising: the control
/// connection's IPv4 address when it is public (or a documentation address, which stands for one), else
/// its host name. A private or loopback control address is no address to advertise to the Internet: the
/// form is left for the user to fill in (and says so).
fn address_to_advertise(s: &Session) -> Option<String> {
    let c = s.control.as_ref()?;
    match c.ip.map(|ip| ip.to_canonical()) {
        Some(ip @ IpAddr::V4(_)) => {
            let class = crate::address::classify(ip);
            (class.globally_reachable || class.category == Category::Documentation)
                .then(|| ip.to_string())
        }
        Some(IpAddr::V6(_)) => None,
        None => c.host.clone(),
    }
}

/// The server program, from its greeting (220); Docker when it advertises Docker's bridge network.
fn target(s: &Session) -> Target {
    let docker = s.exchanges.iter().any(|e| {
        e.decoded()
            .filter(|d| d.kind.is_passive())
            .and_then(|d| d.ip())
            .is_some_and(super::advertised::is_docker_bridge)
    });
    if docker {
        return Target::Docker;
    }
    let greeting = s
        .exchanges
        .iter()
        .filter_map(|e| e.reply.as_ref())
        .find(|r| r.code == 220)
        .map(|r| r.text.to_ascii_lowercase())
        .unwrap_or_default();
    if greeting.contains("vsftpd") {
        Target::Vsftpd
    } else if greeting.contains("proftpd") {
        Target::Proftpd
    } else if greeting.contains("pure-ftpd") {
        Target::PureFtpd
    } else if greeting.contains("pyftpdlib") {
        Target::Pyftpdlib
    } else {
        Target::Vsftpd
    }
}

/// A passive range holding every port the server handed out: the form's default (50000-51000) when it
/// already does, else from the lowest port seen, at least 50 ports wide (the form's default client limit).
/// None when a port is privileged (the form would refuse the range).
fn seen_range(s: &Session) -> Option<(u16, u16)> {
    let mut ports = s
        .exchanges
        .iter()
        .filter_map(|e| e.decoded())
        .filter(|d| d.kind.is_passive() && d.form == crate::wire::Form::Reply)
        .filter_map(|d| d.port());
    let first = ports.next()?;
    let (min, max) = ports.fold((first, first), |(a, b), p| (a.min(p), b.max(p)));
    let d = Inputs::default();
    if u32::from(min) >= d.passive_min && u32::from(max) <= d.passive_max {
        return None;
    }
    if min < 1024 {
        return None;
    }
    Some((min, max.max(min.saturating_add(49))))
}
