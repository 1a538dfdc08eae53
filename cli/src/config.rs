//! `ftp-explorer config`: the configuration generator on the command line. All the knowledge is in
//! `ftp_explorer::config`; this file reads the arguments, prints the text (stdout) and the warnings
//! (stderr).

use crate::usage::Usage;
use clap::Args;
use ftp_explorer::config::{self, Field, Generated, Inputs, Problem, Target};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer config TARGET --address ADDR_OR_HOST --passive-ports MIN-MAX [--behind-nat]
                    [--no-active] [--tls] [--max-clients N] [--max-per-ip N]
                    [--data-timeout SECONDS] [--control-port N] [--json]
ftp-explorer config --list

Write the configuration that makes FTP data connections work: the settings first, each under a
one-line comment, then notes that explain every one of them. Targets:
    vsftpd      lines for vsftpd.conf
    proftpd     directives for proftpd.conf
    pure-ftpd   a start script with Pure-FTPd's command-line options (and Debian's conf/ files)
    pyftpdlib   a runnable Python server script
    nftables    a complete nftables input policy (nft -f)
    iptables    iptables-restore / ip6tables-restore rules (a shell script)
    ufw         ufw commands
    firewalld   a firewalld service (XML) and the firewall-cmd commands
    docker      the docker run -p mappings (and Compose ports)
The text goes to standard output, warnings to standard error.

OPTIONS:
    --address ADDR_OR_HOST  the address the server advertises in 227 replies: the public IPv4 address
                            clients connect to (or a host name, for vsftpd, ProFTPD and Pure-FTPd).
                            Required with --behind-nat and for docker; without it the server
                            advertises the address the client connected to. Firewall rules ignore it.
    --passive-ports MIN-MAX the passive port range, within 1024-65535, e.g. 50000-51000 (required)
    --behind-nat            the server is behind NAT (router, cloud 1:1 NAT): its own address is not
                            the one clients connect to
    --no-active             refuse active mode (PORT/EPRT): clients must use passive mode
    --tls                   require FTPS (explicit TLS) on control and data connections
    --max-clients N         clients at once, in all (default 50; 0 = no limit)
    --max-per-ip N          clients at once from one IP address (default 10; 0 = no limit)
    --data-timeout SECONDS  how long a data transfer may stall (default 300; 1-65535)
    --control-port N        the control connection's port (default 21)
    --json                  one JSON object: {\"target\", \"ok\", \"filename\", \"language\", \"command\",
                            \"text\", \"warnings\":[{\"code\",\"severity\",\"field\",\"message\"}], \"errors\":[…]}
    --list                  the targets, one per line: name, display name, kind
    -h, --help              this help

EXIT STATUS: 0 the configuration was written (warnings or not), 2 invalid input (the reason is on
standard error; with --json the errors are in the object too).

EXAMPLES:
    ftp-explorer config vsftpd --address 203.0.113.10 --passive-ports 50000-51000 --behind-nat
    ftp-explorer config proftpd --address ftp.example.com --passive-ports 49152-65534 --tls --no-active
    ftp-explorer config nftables --passive-ports 50000-51000 --tls > /etc/nftables.d/ftp.nft
    ftp-explorer config pyftpdlib --address 198.51.100.7 --passive-ports 60000-60099 --max-clients 40
";

/// Print a usage error's reason, then a pointer to the help.
pub fn usage(reason: &str) {
    eprintln!("ftp-explorer: config: {reason}");
    eprintln!("(ftp-explorer config --help shows the options and examples)");
}

/// `config`'s arguments. A flag given twice: the last one counts.
#[derive(Args)]
#[command(override_help = HELP, args_override_self = true)]
pub struct ConfigArgs {
    /// The target (one): vsftpd, proftpd, …
    #[arg(value_name = "TARGET")]
    targets: Vec<String>,
    /// The address the server advertises in 227 replies.
    #[arg(long, value_name = "ADDR_OR_HOST", allow_hyphen_values = true)]
    address: Option<String>,
    /// The passive port range.
    #[arg(long, value_name = "MIN-MAX", allow_hyphen_values = true, value_parser = passive_ports)]
    passive_ports: Option<(u32, u32)>,
    /// The server is behind NAT.
    #[arg(long)]
    behind_nat: bool,
    /// Refuse active mode.
    #[arg(long)]
    no_active: bool,
    /// Require FTPS.
    #[arg(long)]
    tls: bool,
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = whole("--max-clients"))]
    max_clients: Option<u32>,
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = whole("--max-per-ip"))]
    max_per_ip: Option<u32>,
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true, value_parser = whole("--data-timeout"))]
    data_timeout: Option<u32>,
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = whole("--control-port"))]
    control_port: Option<u32>,
    /// One JSON object.
    #[arg(long)]
    json: bool,
    /// The targets, one per line.
    #[arg(long)]
    list: bool,
}

/// `--passive-ports`: MIN-MAX (whether the range is usable is the generator's to say).
fn passive_ports(value: &str) -> Result<(u32, u32), String> {
    config::parse_port_range(value)
        .map_err(|_| format!("--passive-ports '{value}': write MIN-MAX, like 50000-51000"))
}

/// A whole number written with digits only, for `flag`.
fn whole(flag: &'static str) -> impl Fn(&str) -> Result<u32, String> + Clone + Send + Sync {
    move |t: &str| {
        Some(t)
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| format!("{flag} '{t}': not a whole number (digits only)"))
    }
}

pub fn run(a: &ConfigArgs) -> Result<ExitCode, Usage> {
    if a.list {
        return Ok(list());
    }
    let target = a.target()?;
    let inputs = a.inputs()?;
    Ok(match config::generate(target, &inputs) {
        Ok(generated) => written(&generated, a.json),
        Err(problems) => refused(target, &problems, a.json),
    })
}

impl ConfigArgs {
    /// The one target named.
    fn target(&self) -> Result<Target, Usage> {
        let names = || {
            let names: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
            names.join(", ")
        };
        match self.targets.as_slice() {
            [] => Err(Usage(format!("a target is needed: one of {}", names()))),
            [name, rest @ ..] => {
                let target = Target::from_name(name).ok_or_else(|| {
                    Usage(format!("unknown target '{name}' (one of: {})", names()))
                })?;
                match rest.first() {
                    Some(second) => Err(Usage(format!(
                        "one target only ('{second}' is a second one)"
                    ))),
                    None => Ok(target),
                }
            }
        }
    }

    /// The generator's inputs: the defaults, changed by the flags given.
    fn inputs(&self) -> Result<Inputs, Usage> {
        let Some((passive_min, passive_max)) = self.passive_ports else {
            return Err(Usage::new("--passive-ports MIN-MAX is needed (the same range in the server and the firewall), e.g. --passive-ports 50000-51000"));
        };
        let d = Inputs::default();
        Ok(Inputs {
            address: self.address.clone().unwrap_or(d.address),
            behind_nat: self.behind_nat,
            passive_min,
            passive_max,
            active: !self.no_active,
            tls: self.tls,
            max_clients: self.max_clients.unwrap_or(d.max_clients),
            max_per_ip: self.max_per_ip.unwrap_or(d.max_per_ip),
            data_timeout: self.data_timeout.unwrap_or(d.data_timeout),
            control_port: self.control_port.unwrap_or(d.control_port),
        })
    }
}

/// `--list`: name, display name, kind.
fn list() -> ExitCode {
    let mut out = std::io::stdout().lock();
    for t in config::targets() {
        let kind = match t.kind {
            config::Kind::Server => "server",
            config::Kind::Firewall => "firewall",
            config::Kind::Container => "container",
        };
        if writeln!(out, "{}\t{}\t{kind}", t.name, t.display_name).is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// The configuration written: warnings on stderr, the text (or the JSON object) on stdout.
fn written(generated: &Generated, json: bool) -> ExitCode {
    for w in &generated.warnings {
        eprintln!(
            "ftp-explorer: warning [{}] {}: {}",
            w.code,
            flag_of(w.field),
            w.message
        );
    }
    let text = if json {
        serde_json::to_string(&Report::ok(generated))
            .map(|s| s + "\n")
            .unwrap_or_default()
    } else {
        generated.text.clone()
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// Nothing written: every problem on stderr (and in the JSON object), exit status 2.
fn refused(target: Target, problems: &[Problem], json: bool) -> ExitCode {
    for p in problems {
        let kind = if p.is_error() { "error" } else { "warning" };
        eprintln!(
            "ftp-explorer: {kind} [{}] {}: {}",
            p.code,
            flag_of(p.field),
            p.message
        );
    }
    let n = problems.iter().filter(|p| p.is_error()).count();
    eprintln!("ftp-explorer: config {target}: nothing written ({n} error(s) in the input)");
    if json {
        let report = Report::failed(target, problems);
        let _ = writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string(&report).unwrap_or_default()
        );
    }
    ExitCode::from(2)
}

/// The command-line flag an input comes from (for messages).
fn flag_of(field: Field) -> &'static str {
    match field {
        Field::Target => "TARGET",
        Field::Address => "--address",
        Field::BehindNat => "--behind-nat",
        Field::PassivePorts => "--passive-ports",
        Field::Active => "--no-active",
        Field::Tls => "--tls",
        Field::MaxClients => "--max-clients",
        Field::MaxPerIp => "--max-per-ip",
        Field::DataTimeout => "--data-timeout",
        Field::ControlPort => "--control-port",
    }
}

/// `config --json`.
#[derive(Serialize)]
struct Report<'a> {
    target: Target,
    ok: bool,
    filename: Option<&'a str>,
    language: Option<&'a str>,
    command: Option<&'a str>,
    text: Option<&'a str>,
    warnings: Vec<&'a Problem>,
    errors: Vec<&'a Problem>,
}

impl<'a> Report<'a> {
    fn ok(g: &'a Generated) -> Self {
        Report {
            target: g.target,
            ok: true,
            filename: Some(g.filename),
            language: Some(g.language),
            command: Some(&g.command),
            text: Some(&g.text),
            warnings: g.warnings.iter().collect(),
            errors: Vec::new(),
        }
    }

    fn failed(target: Target, problems: &'a [Problem]) -> Self {
        Report {
            target,
            ok: false,
            filename: None,
            language: None,
            command: None,
            text: None,
            warnings: problems.iter().filter(|p| !p.is_error()).collect(),
            errors: problems.iter().filter(|p| p.is_error()).collect(),
        }
    }
}
