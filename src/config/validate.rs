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
//! - the advertised address: see [`super::advertised`].

use super::advertised::{check_address, Advertised};
use super::{Code, Field, Inputs, Kind, Problem, Target, DEFAULT_DATA_TIMEOUT};
use crate::base::PortRange;

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
        // than max port" (run by hand, and in tests/live_config_servers/).
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
