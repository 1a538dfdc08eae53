//! Checking the inputs: which are errors (no configuration can be right) and which are warnings (the
//! configuration works, but probably not as the administrator hopes).
//!
//! Choices, for a demanding administrator:
//! - the passive range must lie in 1024–65535 (below 1024 are privileged ports; ProFTPD's
//!   `PassivePorts` documentation requires it too), MIN ≤ MAX, and must not hold the control port;
//! - fewer passive ports than clients allowed at once is an error: the extra clients' transfers fail
//!   (vsftpd ends the session with "500 OOPS: vsf_sysutil_bind", Pure-FTPd answers "All reserved TCP
//!   ports are busy"), or worse, ProFTPD and pyftpdlib silently fall back to a port *outside* the range, which the
//!   firewall then drops;
//! - the advertised address is checked with the IANA registries ([`crate::address`]): an address no
//!   client can connect to is an error; private/shared/loopback space is an error behind NAT (the classic
//!   mistake) and a warning otherwise (a LAN-only server is legitimate); documentation space is a warning
//!   (examples and tests use it);
//! - behind NAT (and in Docker, which is NAT) an address is required;
//! - the firewall targets do not use the address, so only its syntax is checked there.

use super::{Code, Field, Inputs, Kind, Problem, Target, DEFAULT_DATA_TIMEOUT};
use crate::address::{classify, parse_ip, Category};
use crate::base::PortRange;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The address to advertise, read from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advertised {
    /// None given: the server advertises the address the client connected to.
    None,
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
    /// A host name (checked: letters, digits, hyphens, dots; at most 253 characters).
    Host(String),
}

impl Advertised {
    /// Read an address or host name; blanks around it are ignored, an empty text is [`Advertised::None`].
    /// Numeric text is read strictly (no leading zeros: some programs would read `010` as octal).
    pub fn parse(text: &str) -> Result<Advertised, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Advertised::None);
        }
        if t.contains(':') || t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return match parse_ip(t) {
                Ok(IpAddr::V4(v4)) => Ok(Advertised::Ipv4(v4)),
                Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                    Some(v4) => Err(format!(
                        "'{t}' is an IPv4 address written in IPv6 form: write {v4} itself"
                    )),
                    None => Ok(Advertised::Ipv6(v6)),
                },
                Err(e) => Err(format!("'{t}' is not an IP address: {}", e.message)),
            };
        }
        host_name(t).map(|()| Advertised::Host(t.to_string()))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Advertised::None)
    }
}

/// A host name as DNS allows it (RFC 1123 §2.1): labels of 1–63 letters, digits and hyphens, not
/// starting or ending with a hyphen, at most 253 characters, a last label that is not all digits.
fn host_name(t: &str) -> Result<(), String> {
    if let Some(c) = t.chars().find(|c| !c.is_ascii()) {
        return Err(format!(
            "'{t}' holds '{c}': write an internationalised name in its ASCII form (xn--…)"
        ));
    }
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        let shown = if c.is_ascii_graphic() {
            format!("'{c}'")
        } else {
            format!("the character U+{:04X}", c as u32)
        };
        return Err(format!(
            "'{}' is neither an IP address nor a host name: {shown} cannot appear in either",
            t.escape_debug()
        ));
    }
    if t.len() > 253 {
        return Err(format!(
            "the host name is {} characters long; DNS allows 253",
            t.len()
        ));
    }
    if t.ends_with('.') {
        return Err(format!(
            "'{t}': remove the final dot (the servers want the name without it)"
        ));
    }
    for label in t.split('.') {
        if label.is_empty() {
            return Err(format!(
                "'{t}' has an empty label (two dots in a row, or a leading dot)"
            ));
        }
        if label.len() > 63 {
            return Err(format!(
                "'{t}': the label '{label}' is {} characters long; DNS allows 63",
                label.len()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "'{t}': the label '{label}' starts or ends with a hyphen"
            ));
        }
    }
    if t.rsplit('.')
        .next()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "'{t}' is neither an IP address (four numbers 0-255) nor a host name (its last label is all digits)"
        ));
    }
    Ok(())
}

/// Read `MIN-MAX` (blanks around the numbers are allowed): [`PortRange::parse_numbers`], whose error
/// becomes the form's problem. Only the syntax is checked here; [`check`] says whether the range is
/// usable (and explains what is wrong with its values).
pub fn parse_port_range(text: &str) -> Result<(u32, u32), Problem> {
    PortRange::parse_numbers(text).map_err(|_| {
        Problem::error(
            Code::PassiveRangeSyntax,
            Field::PassivePorts,
            format!("'{text}' is not a port range: write MIN-MAX, like 50000-51000"),
        )
    })
}

/// A whole number written with digits only (no sign), at most `u32::MAX`.
pub(crate) fn number(t: &str) -> Option<u32> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The validated inputs the generators work from.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub target: Target,
    pub address: Advertised,
    pub behind_nat: bool,
    /// The passive ports.
    pub range: PortRange,
    pub active: bool,
    pub tls: bool,
    pub max_clients: u32,
    pub max_per_ip: u32,
    pub data_timeout: u32,
    pub control_port: u16,
}

impl Settings {
    /// The passive range as the program writes it: `50000-51000` or `50000:51000` (`sep`), or one
    /// number when it holds one port.
    pub fn range_text(&self, sep: char) -> String {
        if self.range.min == self.range.max {
            self.range.min.to_string()
        } else {
            format!("{}{sep}{}", self.range.min, self.range.max)
        }
    }

    /// How many passive ports the range holds.
    pub fn ports(&self) -> u32 {
        self.range.len()
    }

    /// The inputs that give these settings (for the command line a header shows).
    pub fn inputs(&self) -> Inputs {
        Inputs {
            address: match &self.address {
                Advertised::None => String::new(),
                Advertised::Ipv4(a) => a.to_string(),
                Advertised::Ipv6(a) => a.to_string(),
                Advertised::Host(h) => h.clone(),
            },
            behind_nat: self.behind_nat,
            passive_min: self.range.min.into(),
            passive_max: self.range.max.into(),
            active: self.active,
            tls: self.tls,
            max_clients: self.max_clients,
            max_per_ip: self.max_per_ip,
            data_timeout: self.data_timeout,
            control_port: self.control_port.into(),
        }
    }
}

/// Every problem with the inputs for this target: errors first, then warnings.
pub fn check(target: Target, inputs: &Inputs) -> Vec<Problem> {
    settings(target, inputs).1
}

/// The settings (when no problem is an error) and every problem, errors first.
pub(crate) fn settings(target: Target, inputs: &Inputs) -> (Option<Settings>, Vec<Problem>) {
    settings_with(target, inputs, true)
}

/// As [`settings`], but a missing address is no error (for [`super::preview`], which says so).
pub(crate) fn settings_without_address(
    target: Target,
    inputs: &Inputs,
) -> (Option<Settings>, Vec<Problem>) {
    settings_with(target, inputs, false)
}

fn settings_with(
    target: Target,
    inputs: &Inputs,
    address_required: bool,
) -> (Option<Settings>, Vec<Problem>) {
    let mut p = Vec::new();
    let address = check_address(target, inputs, &mut p);
    if !address_required {
        p.retain(|x| x.code != Code::AddressRequired);
    }
    let range = check_range(target, inputs, &mut p);
    let control_port = match u16::try_from(inputs.control_port) {
        Ok(port) if port > 0 => Some(port),
        _ => {
            p.push(Problem::error(
                Code::ControlPortOutOfRange,
                Field::ControlPort,
                format!(
                    "control port {} is not a TCP port: use 1-65535 (FTP's is 21)",
                    inputs.control_port
                ),
            ));
            None
        }
    };
    if let (Some(range), Some(port)) = (range, control_port) {
        if range.contains(port) {
            let PortRange { min, max } = range;
            p.push(Problem::error(
                Code::PassiveRangeIncludesControlPort,
                Field::PassivePorts,
                format!("the passive range {min}-{max} holds the control port {port}: the server would hand it out for data connections; move one of them"),
            ));
        }
    }
    check_limits(target, inputs, range, &mut p);
    check_timeout(target, inputs, &mut p);
    check_modes(target, inputs, &mut p);

    p.sort_by_key(|x| !x.is_error()); // stable: errors first, each group in field order
    let ok = !p.iter().any(Problem::is_error);
    let settings = match (ok, address, range, control_port) {
        (true, Some(address), Some(range), Some(control_port)) => Some(Settings {
            target,
            address,
            behind_nat: inputs.behind_nat,
            range,
            active: inputs.active,
            tls: inputs.tls,
            max_clients: inputs.max_clients,
            max_per_ip: inputs.max_per_ip,
            data_timeout: inputs.data_timeout,
            control_port,
        }),
        _ => None,
    };
    (settings, p)
}

fn check_address(target: Target, inputs: &Inputs, p: &mut Vec<Problem>) -> Option<Advertised> {
    let address = match Advertised::parse(&inputs.address) {
        Ok(a) => a,
        Err(message) => {
            p.push(Problem::error(
                Code::AddressInvalid,
                Field::Address,
                message,
            ));
            return None;
        }
    };
    if target.kind() == Kind::Firewall {
        return Some(address); // firewall rules never use the address
    }
    // Docker publishes ports through NAT: the server inside must advertise the host's address.
    let nat = inputs.behind_nat || target == Target::Docker;
    let where_ = if target == Target::Docker {
        "Behind Docker's NAT (published ports)"
    } else {
        "Behind NAT"
    };
    match &address {
        Advertised::None if nat => p.push(Problem::error(
            Code::AddressRequired,
            Field::Address,
            format!("{where_} the server must be told the public address clients connect to: without it, the 227 reply names the server's own private address and every passive transfer times out"),
        )),
        Advertised::None => {}
        Advertised::Host(name) => match target {
            Target::Pyftpdlib => p.push(Problem::error(
                Code::AddressHostNameUnsupported,
                Field::Address,
                format!("pyftpdlib's masquerade_address must be an IPv4 address (it is copied into the 227 reply as it is): give the address '{name}' resolves to"),
            )),
            Target::Vsftpd | Target::Proftpd => p.push(Problem::warning(
                Code::AddressResolvedAtStart,
                Field::Address,
                format!("{} resolves '{name}' once, when it starts: after the address behind the name changes (a dynamic address), restart the server", target.display_name()),
            )),
            _ => {}
        },
        Advertised::Ipv6(v6) => {
            let message = format!("{v6} is an IPv6 address: a 227 reply (PASV) can only carry an IPv4 address, and an EPSV reply carries no address at all (the client reuses the control connection's)");
            if nat {
                p.push(Problem::error(
                    Code::AddressIpv6,
                    Field::Address,
                    format!("{message}. {where_}, give the public IPv4 address that IPv4 clients connect to"),
                ));
            } else {
                p.push(Problem::warning(
                    Code::AddressIpv6,
                    Field::Address,
                    format!("{message}, so nothing is written into the configuration for it"),
                ));
            }
        }
        Advertised::Ipv4(v4) => {
            let c = classify(IpAddr::V4(*v4));
            let what = format!(
                "{v4} is {} ({}, {})",
                c.category.phrase(),
                c.range.as_deref().unwrap_or(""),
                c.rfc.unwrap_or("")
            );
            match c.category {
                Category::Public => {}
                Category::Documentation => p.push(Problem::warning(
                    Code::AddressDocumentation,
                    Field::Address,
                    format!("{what}: it is reserved for examples and never belongs to a real host. Fine for a test; in production give the server's real public address"),
                )),
                Category::Private
                | Category::SharedCgnat
                | Category::LinkLocal
                | Category::Loopback
                | Category::Benchmarking => {
                    if nat {
                        p.push(Problem::error(
                            Code::AddressNotPublic,
                            Field::Address,
                            format!("{what}. {where_} the 227 reply must carry the public address clients connect to; a client outside that network cannot reach this one and its passive transfers time out"),
                        ));
                    } else if c.category == Category::Loopback {
                        p.push(Problem::warning(
                            Code::AddressNotPublic,
                            Field::Address,
                            format!("{what}: only clients on this very machine can use the 227 reply"),
                        ));
                    } else {
                        p.push(Problem::warning(
                            Code::AddressNotPublic,
                            Field::Address,
                            format!("{what}: only clients inside that network can reach it. Right for a LAN-only server; for clients on the Internet give the public address"),
                        ));
                    }
                }
                _ => p.push(Problem::error(
                    Code::AddressUnusable,
                    Field::Address,
                    format!("{what}. {} No client can open a data connection to it", c.category.meaning()),
                )),
            }
        }
    }
    Some(address)
}

fn check_range(target: Target, inputs: &Inputs, p: &mut Vec<Problem>) -> Option<PortRange> {
    let (min, max) = (inputs.passive_min, inputs.passive_max);
    let mut ok = true;
    if !(1024..=65535).contains(&min) || !(1024..=65535).contains(&max) {
        p.push(Problem::error(
            Code::PassiveRangeOutOfBounds,
            Field::PassivePorts,
            format!("the passive range {min}-{max} must lie within 1024-65535: ports below 1024 are privileged (system services; clients and servers refuse them for data) and 65535 is the highest TCP port"),
        ));
        ok = false;
    }
    if min > max {
        p.push(Problem::error(
            Code::PassiveRangeReversed,
            Field::PassivePorts,
            format!("the passive range {min}-{max} is backwards: the first port must not be above the second (did you mean {max}-{min}?)"),
        ));
        ok = false;
    }
    if !ok {
        return None;
    }
    if target == Target::Proftpd && min == max {
        // proftpd 1.3.8 with `PassivePorts 50000 50000`: "fatal: PassivePorts: min port must be less
        // than max port" (run by hand, and in tests/live_config_servers.rs).
        p.push(Problem::error(
            Code::PassiveRangeSinglePort,
            Field::PassivePorts,
            format!("ProFTPD refuses a passive range of one port ('PassivePorts {min} {max}': min port must be less than max port); open at least two"),
        ));
    }
    // Both within 1024–65535 (so the casts keep the values) and in order, as checked above.
    Some(PortRange {
        min: min as u16,
        max: max as u16,
    })
}

fn check_limits(target: Target, inputs: &Inputs, range: Option<PortRange>, p: &mut Vec<Problem>) {
    let (clients, per_ip) = (inputs.max_clients, inputs.max_per_ip);
    if target.kind() != Kind::Firewall {
        if clients == 0 {
            let extra = if target == Target::PureFtpd {
                " (Pure-FTPd has no unlimited setting: it keeps its default of 50, and at most half the passive ports)"
            } else {
                ""
            };
            p.push(Problem::warning(
                Code::UnlimitedClients,
                Field::MaxClients,
                format!("no limit on clients: a flood of connections can exhaust the server's processes, memory and passive ports{extra}"),
            ));
        }
        if per_ip == 0 {
            p.push(Problem::warning(
                Code::UnlimitedPerIp,
                Field::MaxPerIp,
                "no per-address limit: one host can take every client slot",
            ));
        } else if clients > 0 && per_ip > clients {
            p.push(Problem::warning(
                Code::MaxPerIpAboveMaxClients,
                Field::MaxPerIp,
                format!("the per-address limit ({per_ip}) is above the total limit ({clients}), so it never applies"),
            ));
        }
    }
    let Some(range) = range else {
        return;
    };
    let (PortRange { min, max }, ports) = (range, range.len());
    if clients > ports {
        p.push(Problem::error(
            Code::PassiveRangeTooSmall,
            Field::PassivePorts,
            format!("the passive range {min}-{max} holds {ports} port(s) for up to {clients} clients: when more clients transfer at once than there are ports, their transfers fail (ProFTPD and pyftpdlib even fall back to a port outside the range, which the firewall drops). Open at least {clients} ports, or lower the client limit"),
        ));
    } else if target == Target::PureFtpd {
        // pure-ftpd(8), -c: "if you combine it with -p it will be forced down to half the number of
        // ports specified by -p"; without -c the default is 50.
        let effective = if clients == 0 { 50 } else { clients };
        if effective > ports / 2 {
            p.push(Problem::warning(
                Code::PureFtpdClientsCapped,
                Field::MaxClients,
                format!("Pure-FTPd lowers its client limit to half the passive ports: with {ports} ports it admits {} clients, not {effective}. Open at least {} ports to keep {effective}", ports / 2, effective * 2),
            ));
        }
    } else if clients > 0 && ports < clients.saturating_mul(2) {
        // Pure-FTPd's README: "It's recommended to use at least twice the max number of clients you
        // are expecting"; FileZilla transfers two files at once by default, each on its own data
        // connection, while the session keeps browsing.
        p.push(Problem::warning(
            Code::PassiveRangeTight,
            Field::PassivePorts,
            format!("the passive range {min}-{max} holds {ports} ports for up to {clients} clients, fewer than two each: clients that transfer in parallel (FileZilla: two files at once by default) can exhaust it at busy times. Open at least {} ports", clients.saturating_mul(2)),
        ));
    }
    let exposed: Vec<String> = SERVICE_PORTS
        .iter()
        .filter(|(port, _)| range.contains(*port))
        .map(|(port, name)| format!("{port} ({name})"))
        .collect();
    if !exposed.is_empty() {
        p.push(Problem::warning(
            Code::PassiveRangeIncludesServicePorts,
            Field::PassivePorts,
            format!("the passive range {min}-{max} includes ports other services often listen on: {}. The firewall rules open the whole range to everyone, so such a service on this host would be exposed; choose a range clear of them (49152-65534, IANA's dynamic ports, is)", exposed.join(", ")),
        ));
    }
}

/// Ports of 1024 and above where services that must not face the Internet commonly listen (IANA
/// registrations and the services' own defaults).
const SERVICE_PORTS: &[(u16, &str)] = &[
    (1433, "Microsoft SQL Server"),
    (1521, "Oracle"),
    (2049, "NFS"),
    (2375, "Docker API"),
    (2376, "Docker API over TLS"),
    (2379, "etcd"),
    (3306, "MySQL/MariaDB"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5900, "VNC"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (6443, "Kubernetes API"),
    (8080, "HTTP proxies and admin consoles"),
    (9200, "Elasticsearch"),
    (10250, "Kubernetes kubelet"),
    (11211, "memcached"),
    (27017, "MongoDB"),
];

fn check_timeout(target: Target, inputs: &Inputs, p: &mut Vec<Problem>) {
    let t = inputs.data_timeout;
    if !(1..=65535).contains(&t) {
        // 65535: ProFTPD's maximum for TimeoutStalled (its mod_xfer documentation); 0 would let a stalled
        // transfer hold a port and a process forever.
        p.push(Problem::error(
            Code::DataTimeoutOutOfRange,
            Field::DataTimeout,
            format!("a data timeout of {t} seconds is not usable: give 1-65535 seconds (0 would let a stalled transfer hold a port and a process forever)"),
        ));
        return;
    }
    if target.kind() == Kind::Firewall {
        return;
    }
    if t < 30 {
        p.push(Problem::warning(
            Code::DataTimeoutShort,
            Field::DataTimeout,
            format!("a data timeout of {t} seconds cuts transfers that pause briefly (a slow disk, a busy client, a mobile link); 300 is the usual value"),
        ));
    }
    if target == Target::PureFtpd && t != DEFAULT_DATA_TIMEOUT {
        p.push(Problem::warning(
            Code::DataTimeoutUnsupported,
            Field::DataTimeout,
            "Pure-FTPd has no data-connection timeout setting (pure-ftpd(8)); only its idle timeout (-I, in minutes) applies, so this value is not used",
        ));
    }
}

fn check_modes(target: Target, inputs: &Inputs, p: &mut Vec<Problem>) {
    if target == Target::PureFtpd && !inputs.active {
        p.push(Problem::warning(
            Code::ActiveModeNotDisableable,
            Field::Active,
            "Pure-FTPd has no option to refuse PORT/EPRT (pure-ftpd(8)): active mode stays available. Block it in the firewall instead (drop new outgoing connections from port 20)",
        ));
    }
    if inputs.tls && inputs.active {
        p.push(Problem::warning(
            Code::TlsActiveMode,
            Field::Active,
            "active mode under TLS: the PORT command is encrypted, so no firewall or NAT router on the client's side can see which port to let in, and active transfers usually fail. Consider disallowing active mode",
        ));
    }
}
