//! `ftp-explorer config`: the configuration generator on the command line. All the knowledge is in
//! `ftp_explorer::config`; this file reads flags, prints the text (stdout) and the warnings (stderr).

use ftp_explorer::config::{self, Field, Generated, Inputs, Problem, Target};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

const HELP: &str = "\
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

/// A usage error: the reason, then a pointer to the help.
fn usage(reason: impl std::fmt::Display) -> ExitCode {
    eprintln!("ftp-explorer: config: {reason}");
    eprintln!("(ftp-explorer config --help shows the options and examples)");
    ExitCode::from(2)
}

pub fn run(args: &[String]) -> ExitCode {
    let mut inputs = Inputs::default();
    let mut target: Option<Target> = None;
    let mut ports_given = false;
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        // --flag=value is the same as --flag value.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = matches!(
            flag,
            "--address"
                | "--passive-ports"
                | "--max-clients"
                | "--max-per-ip"
                | "--data-timeout"
                | "--control-port"
        );
        if inline.is_some() && !takes_value {
            return usage(format!("{flag} takes no value"));
        }
        let value = if takes_value {
            match inline.or_else(|| it.next().cloned()) {
                Some(v) => v,
                None => return usage(format!("{flag} needs a value")),
            }
        } else {
            String::new()
        };
        match flag {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "--list" => {
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
                return ExitCode::SUCCESS;
            }
            "--json" => json = true,
            "--behind-nat" => inputs.behind_nat = true,
            "--no-active" => inputs.active = false,
            "--tls" => inputs.tls = true,
            "--address" => inputs.address = value,
            "--passive-ports" => match config::parse_port_range(&value) {
                Ok((a, b)) => {
                    inputs.passive_min = a;
                    inputs.passive_max = b;
                    ports_given = true;
                }
                Err(_) => {
                    return usage(format!(
                        "--passive-ports '{value}': write MIN-MAX, like 50000-51000"
                    ))
                }
            },
            "--max-clients" | "--max-per-ip" | "--data-timeout" | "--control-port" => {
                let Some(n) = whole(&value) else {
                    return usage(format!(
                        "{flag} '{value}': not a whole number (digits only)"
                    ));
                };
                match flag {
                    "--max-clients" => inputs.max_clients = n,
                    "--max-per-ip" => inputs.max_per_ip = n,
                    "--data-timeout" => inputs.data_timeout = n,
                    _ => inputs.control_port = n,
                }
            }
            f if f.starts_with('-') && f.len() > 1 => {
                return usage(format!("unknown option '{f}'"))
            }
            name => {
                if target.is_some() {
                    return usage(format!("one target only ('{name}' is a second one)"));
                }
                match Target::from_name(name) {
                    Some(t) => target = Some(t),
                    None => {
                        let names: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
                        return usage(format!(
                            "unknown target '{name}' (one of: {})",
                            names.join(", ")
                        ));
                    }
                }
            }
        }
    }
    let Some(target) = target else {
        let names: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
        return usage(format!("a target is needed: one of {}", names.join(", ")));
    };
    if !ports_given {
        return usage("--passive-ports MIN-MAX is needed (the same range in the server and the firewall), e.g. --passive-ports 50000-51000");
    }
    match config::generate(target, &inputs) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!(
                    "ftp-explorer: warning [{}] {}: {}",
                    w.code,
                    flag_of(w.field),
                    w.message
                );
            }
            let written = if json {
                let report = Report::ok(&generated);
                serde_json::to_string(&report)
                    .map(|s| s + "\n")
                    .unwrap_or_default()
            } else {
                generated.text.clone()
            };
            match std::io::stdout().lock().write_all(written.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(1),
            }
        }
        Err(problems) => {
            for p in &problems {
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
                let report = Report::failed(target, &problems);
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "{}",
                    serde_json::to_string(&report).unwrap_or_default()
                );
            }
            ExitCode::from(2)
        }
    }
}

/// A whole number written with digits only.
fn whole(t: &str) -> Option<u32> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
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
