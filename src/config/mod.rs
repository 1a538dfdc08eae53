//! The configuration generator: from a few facts about an FTP server (the address to advertise, NAT, the
//! passive port range, active mode, TLS, connection limits, the data-connection timeout, the control
//! port) to the exact, commented configuration of a server program (vsftpd, ProFTPD, Pure-FTPd,
//! pyftpdlib), the firewall rules (iptables, nftables, ufw, firewalld) and the Docker port mapping.
//!
//! Pure: no I/O, no panic on any input. [`generate`] validates first: an error stops generation, a
//! warning travels with the text. Every problem has a stable kebab-case [`Code`] and names the input
//! ([`Field`]) it is about, so a form can show it beside that input.
//!
//! ```
//! use ftp_explorer::config::{generate, Inputs, Target};
//! let inputs = Inputs { address: "203.0.113.10".into(), behind_nat: true, ..Inputs::default() };
//! let out = generate(Target::Vsftpd, &inputs).unwrap();
//! assert!(out.text.contains("\npasv_address=203.0.113.10\n"));
//! assert_eq!(out.warnings[0].code.as_str(), "address-documentation");
//! ```
//!
//! Option names and meanings were checked against the programs themselves: vsftpd 3.0.3
//! (`vsftpd.conf(5)`), ProFTPD 1.3.8 (its directive documentation in `proftpd-doc`, and `proftpd -n -c`
//! runs), Pure-FTPd 1.0.50 (`pure-ftpd --help`, `pure-ftpd(8)`, the README, Debian's `pure-ftpd-wrapper`),
//! pyftpdlib 2.2.0 (its source), nftables 1.0.6 (`nft(8)`), iptables 1.8.9 (`iptables-extensions(8)`),
//! ufw 0.36.2 (`ufw(8)`, `ufw-framework(8)`) and firewalld 1.3.3 (`firewall-cmd(1)`,
//! `firewalld.service(5)`, `firewalld.helper(5)`); each generator cites its sources beside its data.
//! `tests/live_config_servers/` runs the generated files on the real programs.

mod advertised;
mod docker;
mod firewall;
mod problem;
mod proftpd;
mod pureftpd;
mod pyftpdlib;
mod query;
mod text;
mod validate;
mod vsftpd;

pub use crate::diagnose::Severity;
pub use advertised::{Advertised, AdvertisedError, AdvertisedErrorKind};
pub use problem::{Code, Field, Problem, Problems};
pub use query::{from_query, to_query, Form, Pair, DEFAULT_FIREWALL};
pub use text::NOTES_HEADING;
pub use validate::{check, parse_port_range};

use serde::{Serialize, Serializer};
use std::fmt;

/// Where a TLS-enabled configuration expects the server certificate (PEM, with its chain).
pub const TLS_CERT_FILE: &str = "/etc/ssl/certs/ftp-server.crt";
/// Where a TLS-enabled configuration expects the certificate's private key (PEM, readable by root only).
pub const TLS_KEY_FILE: &str = "/etc/ssl/private/ftp-server.key";

/// The default data-connection timeout in seconds (vsftpd's and pyftpdlib's default).
pub const DEFAULT_DATA_TIMEOUT: u32 = 300;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Vsftpd,
    Proftpd,
    PureFtpd,
    Pyftpdlib,
    Iptables,
    Nftables,
    Ufw,
    Firewalld,
    Docker,
}

/// The three families of targets: a server program, a host firewall, a container runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Server,
    Firewall,
    Container,
}

impl Target {
    /// Every target, in the order a form lists them.
    pub const ALL: &'static [Target] = &[
        Target::Vsftpd,
        Target::Proftpd,
        Target::PureFtpd,
        Target::Pyftpdlib,
        Target::Nftables,
        Target::Iptables,
        Target::Ufw,
        Target::Firewalld,
        Target::Docker,
    ];

    /// The stable name (the CLI's argument, the query's `target=`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Target::Vsftpd => "vsftpd",
            Target::Proftpd => "proftpd",
            Target::PureFtpd => "pure-ftpd",
            Target::Pyftpdlib => "pyftpdlib",
            Target::Iptables => "iptables",
            Target::Nftables => "nftables",
            Target::Ufw => "ufw",
            Target::Firewalld => "firewalld",
            Target::Docker => "docker",
        }
    }

    /// The name people write.
    pub const fn display_name(self) -> &'static str {
        match self {
            Target::Vsftpd => "vsftpd",
            Target::Proftpd => "ProFTPD",
            Target::PureFtpd => "Pure-FTPd",
            Target::Pyftpdlib => "pyftpdlib",
            Target::Iptables => "iptables",
            Target::Nftables => "nftables",
            Target::Ufw => "ufw",
            Target::Firewalld => "firewalld",
            Target::Docker => "Docker",
        }
    }

    pub const fn kind(self) -> Kind {
        match self {
            Target::Vsftpd | Target::Proftpd | Target::PureFtpd | Target::Pyftpdlib => Kind::Server,
            Target::Iptables | Target::Nftables | Target::Ufw | Target::Firewalld => Kind::Firewall,
            Target::Docker => Kind::Container,
        }
    }

    /// The target with this stable name (`pureftpd` and `pure_ftpd` are accepted too).
    pub fn from_name(name: &str) -> Option<Target> {
        match name.to_ascii_lowercase().as_str() {
            "pureftpd" | "pure_ftpd" => Some(Target::PureFtpd),
            n => Target::ALL.iter().copied().find(|t| t.as_str() == n),
        }
    }

    /// What the generated text is, for a file name and syntax highlighting.
    const fn file(self) -> (&'static str, &'static str) {
        match self {
            Target::Vsftpd => ("vsftpd.conf", "ini"),
            Target::Proftpd => ("proftpd-ftp-explorer.conf", "apache"),
            Target::PureFtpd => ("pure-ftpd-start.sh", "bash"),
            Target::Pyftpdlib => ("ftp_server.py", "python"),
            Target::Iptables => ("ftp-iptables.sh", "bash"),
            Target::Nftables => ("ftp-server.nft", "nftables"),
            Target::Ufw => ("ftp-ufw.sh", "bash"),
            Target::Firewalld => ("ftp-firewalld.sh", "bash"),
            Target::Docker => ("docker-ftp.sh", "bash"),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One entry of [`targets`]: what a form's target picker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetInfo {
    pub target: Target,
    pub name: &'static str,
    pub display_name: &'static str,
    pub kind: Kind,
    /// A suggested file name for the generated text.
    pub filename: &'static str,
}

/// Every target with its display name, kind and suggested file name.
pub fn targets() -> Vec<TargetInfo> {
    Target::ALL
        .iter()
        .map(|&t| TargetInfo {
            target: t,
            name: t.as_str(),
            display_name: t.display_name(),
            kind: t.kind(),
            filename: t.file().0,
        })
        .collect()
}

/// What the administrator tells the generator. Numbers are wide (`u32`) so that a form can hold any
/// typed value and [`check`] can say what is wrong with it (a port of 70000, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inputs {
    /// The address to advertise in 227 replies: an IPv4 address (the usual case), an IPv6 address, or a
    /// host name; empty for none (the server then advertises the address the client connected to).
    /// Blanks around it are ignored.
    pub address: String,
    /// The server sits behind NAT (a router, a cloud's 1:1 NAT, Docker): its own address is not the one
    /// clients connect to.
    pub behind_nat: bool,
    /// The passive port range, inclusive.
    pub passive_min: u32,
    pub passive_max: u32,
    /// Active mode (PORT/EPRT: the server connects to the client) stays allowed.
    pub active: bool,
    /// FTPS (explicit TLS, `AUTH TLS`) is required on control and data connections.
    pub tls: bool,
    /// Simultaneous clients in all; 0 = no limit.
    pub max_clients: u32,
    /// Simultaneous clients from one IP address; 0 = no limit.
    pub max_per_ip: u32,
    /// Seconds a data transfer may stall before the server gives up.
    pub data_timeout: u32,
    /// The control connection's port.
    pub control_port: u32,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            address: String::new(),
            behind_nat: false,
            passive_min: 50000,
            passive_max: 51000,
            active: true,
            tls: false,
            max_clients: 50,
            max_per_ip: 10,
            data_timeout: DEFAULT_DATA_TIMEOUT,
            control_port: 21,
        }
    }
}

/// A generated configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generated {
    pub target: Target,
    /// The whole text, commented line by line, ready to copy.
    pub text: String,
    /// Suggested file name.
    pub filename: &'static str,
    /// The text's language (for highlighting): `ini`, `apache`, `bash`, `python`, `nftables`.
    pub language: &'static str,
    /// The command line that generates the same text.
    pub command: String,
    pub warnings: Vec<Problem>,
}

/// Validate the inputs for `target` and write its configuration. `Err` holds every problem (errors
/// first, then warnings); `Ok` carries the warnings with the text.
pub fn generate(target: Target, inputs: &Inputs) -> Result<Generated, Problems> {
    let (settings, problems) = validate::settings(target, inputs);
    let Some(s) = settings else {
        return Err(Problems(problems));
    };
    let (filename, language) = target.file();
    Ok(Generated {
        target,
        text: write(&s),
        filename,
        language,
        // As the text's header writes it: from the validated settings (an address in its usual form).
        command: command_line(target, &s.inputs()),
        warnings: problems,
    })
}

/// What a form can show while its inputs hold errors: the configuration for the inputs with every field
/// in error back at its default (the address: none), and those fields, in the order of [`Field`]. When
/// an address is required but none is usable, the text is written without one (the form says so).
/// `None` only when the inputs hold no error (then [`generate`] is the answer) — never otherwise.
pub fn preview(target: Target, inputs: &Inputs) -> Option<(Generated, Vec<Field>)> {
    let d = Inputs::default();
    let errors = |i: &Inputs| -> Vec<Field> {
        check(target, i)
            .into_iter()
            .filter(|p| p.is_error() && p.code != Code::AddressRequired)
            .map(|p| p.field)
            .collect()
    };
    let reset = |i: &mut Inputs, f: Field| match f {
        Field::Address => i.address.clear(),
        Field::PassivePorts => (i.passive_min, i.passive_max) = (d.passive_min, d.passive_max),
        Field::MaxClients => i.max_clients = d.max_clients,
        Field::MaxPerIp => i.max_per_ip = d.max_per_ip,
        Field::DataTimeout => i.data_timeout = d.data_timeout,
        Field::ControlPort => i.control_port = d.control_port,
        Field::Target | Field::BehindNat | Field::Active | Field::Tls => {}
    };
    if check(target, inputs).iter().all(|p| !p.is_error()) {
        return None;
    }
    let mut i = inputs.clone();
    let mut replaced: Vec<Field> = Vec::new();
    // Put the fields in error back; a second round catches a problem between two fields (a range too
    // small for the client limit, a range holding the control port); then every number goes back.
    for round in 0..3 {
        let fields = errors(&i);
        if fields.is_empty() {
            break;
        }
        let fields = if round < 2 {
            fields
        } else {
            vec![
                Field::PassivePorts,
                Field::MaxClients,
                Field::MaxPerIp,
                Field::DataTimeout,
                Field::ControlPort,
            ]
        };
        for f in fields {
            reset(&mut i, f);
            if !replaced.contains(&f) {
                replaced.push(f);
            }
        }
    }
    let required = check(target, &i)
        .iter()
        .any(|p| p.code == Code::AddressRequired);
    if required && !replaced.contains(&Field::Address) {
        replaced.push(Field::Address);
    }
    // In the form's order.
    let replaced: Vec<Field> = [
        Field::Address,
        Field::PassivePorts,
        Field::MaxClients,
        Field::MaxPerIp,
        Field::DataTimeout,
        Field::ControlPort,
    ]
    .into_iter()
    .filter(|f| replaced.contains(f))
    .collect();
    let s = validate::settings_without_address(target, &i).0?;
    let (filename, language) = target.file();
    Some((
        Generated {
            target,
            text: write(&s),
            filename,
            language,
            command: command_line(target, &s.inputs()),
            warnings: Vec::new(),
        },
        replaced,
    ))
}

/// Whether `text`, typed so far into `field`, is wrong whatever comes next: it holds a character that
/// can never appear there (or a number that is already too large). A form can show such an error at
/// once and leave the field's other problems (an address or a range not finished yet) until the user
/// leaves the field.
pub fn wrong_while_typing(field: Field, text: &str) -> bool {
    let t = text.trim();
    let too_big = |n: &str, max: u64| n.len() > 10 || n.parse::<u64>().is_ok_and(|v| v > max);
    match field {
        Field::Address => {
            t.chars()
                .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-')))
                || t.contains("..")
                || t.starts_with('.')
                || t.starts_with('-')
        }
        Field::PassivePorts => {
            t.chars()
                .any(|c| !(c.is_ascii_digit() || c == '-' || c == ' '))
                || t.matches('-').count() > 1
                || t.split('-').any(|n| too_big(n.trim(), 65535))
        }
        Field::ControlPort | Field::DataTimeout => {
            !t.bytes().all(|b| b.is_ascii_digit()) || too_big(t, 65535)
        }
        Field::MaxClients | Field::MaxPerIp => {
            !t.bytes().all(|b| b.is_ascii_digit()) || too_big(t, u64::from(u32::MAX))
        }
        Field::Target | Field::BehindNat | Field::Active | Field::Tls => false,
    }
}

/// The text for validated settings.
fn write(s: &validate::Settings) -> String {
    match s.target {
        Target::Vsftpd => vsftpd::generate(s),
        Target::Proftpd => proftpd::generate(s),
        Target::PureFtpd => pureftpd::generate(s),
        Target::Pyftpdlib => pyftpdlib::generate(s),
        Target::Iptables => firewall::iptables(s),
        Target::Nftables => firewall::nftables(s),
        Target::Ufw => firewall::ufw(s),
        Target::Firewalld => firewall::firewalld(s),
        Target::Docker => docker::generate(s),
    }
}

/// The `ftp-explorer config …` command line for these inputs (only non-default options are written).
pub fn command_line(target: Target, inputs: &Inputs) -> String {
    let d = Inputs::default();
    let mut c = format!("ftp-explorer config {target}");
    let address = inputs.address.trim();
    if !address.is_empty() {
        c.push_str(&format!(" --address {}", text::shell_quote(address)));
    }
    c.push_str(&format!(
        " --passive-ports {}-{}",
        inputs.passive_min, inputs.passive_max
    ));
    if inputs.behind_nat {
        c.push_str(" --behind-nat");
    }
    if !inputs.active {
        c.push_str(" --no-active");
    }
    if inputs.tls {
        c.push_str(" --tls");
    }
    for (flag, value, default) in [
        ("--max-clients", inputs.max_clients, d.max_clients),
        ("--max-per-ip", inputs.max_per_ip, d.max_per_ip),
        ("--data-timeout", inputs.data_timeout, d.data_timeout),
        ("--control-port", inputs.control_port, d.control_port),
    ] {
        if value != default {
            c.push_str(&format!(" {flag} {value}"));
        }
    }
    c
}
