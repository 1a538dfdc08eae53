//! `ftp-explorer probe`'s arguments, and the settings they give.

use super::tls::Trust;
use ftp_explorer::diagnose::parse_range;
use ftp_explorer::probe::{parse_target, ProbeTarget, TargetError, DEFAULT_PORT};
use std::net::SocketAddr;
use std::time::Duration;

pub const HELP: &str = "\
ftp-explorer probe HOST[:PORT] [--user U --password-stdin] [--tls [--insecure] [--ca-file PEM]]
                   [--active] [--json] [--timeout SECONDS] [--skip-advertised] [-4|-6]
                   [--passive-range MIN-MAX]

Connect to a live FTP server and find out, from this machine, whether its data connections work:
connect and log in (anonymous unless --user), read FEAT, ask EPSV and connect to the port it names at
the control address, ask PASV and connect to the address and port its 227 names (and, when that is
not the control address, ask PASV again and connect to the control address with the new port, as
curl does by default), and with --active offer this machine's address (EPRT, or PORT if EPRT is
refused) and wait for the server to connect back. Each data connection that opens is used for one
LIST. The answers are classified and diagnosed by the same rules, with the same codes, as
`ftp-explorer check`; the report ends with every attempt and the full transcript (curl -v style:
`ftp-explorer check` reads it back to the same findings). The password is never printed.
A 227 naming 0.0.0.0 (which would reach this machine itself) is not connected to; the control
address is tried instead.

HOST is a host name, an IPv4 address or a bracketed IPv6 address: ftp.example.com, 192.0.2.7:2121,
[2001:db8::7]:2121 (a bare IPv6 address takes no port). PORT defaults to 21.

OPTIONS:
    --user U             log in as U (default: anonymous)
    --password-stdin     read the password from standard input (one line); never from the command
                         line, where other users could see it (default for anonymous: an e-mail-like
                         placeholder)
    --tls                explicit FTPS: AUTH TLS before logging in, then PBSZ 0 and PROT P (data
                         connections encrypted too). The certificate is checked against the
                         system's trusted certificates (/etc/ssl/certs) and the HOST name or address
    --insecure           with --tls: do not check the certificate (self-signed test servers); the
                         report says it was not verified
    --ca-file PEM        with --tls: trust the certificates in this PEM file instead of the system's
    --active             also try active mode: the server connects back to this machine
    --skip-advertised    never connect to an address a 227 names when it is not the control address
                         (a server you do not trust); the control address is still tried
    --timeout SECONDS    the limit for each connection and each wait for a reply (default 10; a
                         fraction such as 0.5 is allowed); reading a listing gets three times it.
                         A data port that drops packets costs one timeout per attempt
    -4, -6               use only IPv4 / IPv6 addresses of a host name
    --passive-range A-B  the server's configured passive port range: ports outside it are flagged
    --json               one JSON object (below)
    -h, --help           this help

JSON: {\"target\":{\"host\",\"ip\",\"port\"}, \"peer\", \"local\", \"user\", \"greeting\", \"features\":[…],
       \"tls\":{\"version\",\"cipher\",\"verified\",\"protected_data\"}|null,
       \"error\":{\"stage\",\"message\"}|null,
       \"findings\":[{\"code\",\"severity\",\"message\",\"fix\",\"lines\"}], \"summary\",
       \"attempts\":[{\"via\",\"toward\",\"ip\",\"port\",\"result\",\"error\",\"elapsed_ms\",
                    \"transfer\":{\"command\",\"code\",\"reply\",\"bytes\"}|null, \"lines\"}],
       \"data_connections\":[…], \"exchanges\":[…],
       \"transcript\":[{\"number\",\"text\",\"role\"}], \"exit_code\"}
  result: connected, refused, timed-out, unreachable, failed, skipped.
  toward: advertised (a 227's address when it is not the control address), control-address,
  this-machine (active mode). Finding lines are transcript line numbers.

EXIT STATUS: 0 no error finding, 1 an error finding (e.g. a data connection timed out or was
refused), 2 usage error, or the probe could not get as far as the data connections (name not
found, could not connect, no greeting, TLS or login refused: see \"error\").

EXAMPLES:
    ftp-explorer probe ftp.example.com
    ftp-explorer probe --active --timeout 3 192.0.2.7:2121
    printf '%s\\n' \"$FTP_PASSWORD\" | ftp-explorer probe --user alice --password-stdin --tls ftp.example.com
    ftp-explorer probe --json '[::1]:2121' | jq '.findings[].code'
";

/// `-4` / `-6`: which addresses of a host name are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub fn is_v4(self) -> bool {
        self == Family::V4
    }
    /// 4 or 6.
    pub fn number(self) -> u8 {
        match self {
            Family::V4 => 4,
            Family::V6 => 6,
        }
    }
    pub fn admits(self, addr: &SocketAddr) -> bool {
        addr.is_ipv4() == self.is_v4()
    }
}

/// What the probe is asked to do, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub target: ProbeTarget,
    pub user: Option<String>,
    pub password_stdin: bool,
    /// Explicit FTPS, and which certificates to trust.
    pub tls: Option<Trust>,
    pub json: bool,
    pub active: bool,
    pub skip_advertised: bool,
    pub timeout: Duration,
    pub family: Option<Family>,
    pub passive_range: Option<(u16, u16)>,
}

pub enum Parsed {
    Help,
    Run(Box<Settings>),
}

pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut target = None;
    let (mut tls, mut insecure, mut ca_file) = (false, false, None);
    let mut a = Settings {
        target: ProbeTarget {
            host: String::new(),
            ip: None,
            port: DEFAULT_PORT,
        },
        user: None,
        password_stdin: false,
        tls: None,
        json: false,
        active: false,
        skip_advertised: false,
        timeout: Duration::from_secs(10),
        family: None,
        passive_range: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str, what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--json" => a.json = true,
            "--tls" => tls = true,
            "--insecure" => insecure = true,
            "--active" => a.active = true,
            "--skip-advertised" => a.skip_advertised = true,
            "--password-stdin" => a.password_stdin = true,
            "-4" => a.family = Some(Family::V4),
            "-6" => a.family = Some(Family::V6),
            "--user" => {
                let u = value("--user", "a user name")?;
                if u.is_empty() || u.chars().any(char::is_control) {
                    return Err("--user: the name must be one line, not empty".into());
                }
                a.user = Some(u);
            }
            "--ca-file" => ca_file = Some(value("--ca-file", "a PEM file")?),
            "--timeout" => {
                let t = value("--timeout", "SECONDS")?;
                let secs: f64 = t
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .ok_or_else(|| {
                        format!("--timeout '{t}': expected seconds, more than 0 and at most 3600")
                    })?;
                a.timeout = Duration::from_secs_f64(secs);
            }
            "--passive-range" => {
                let r = value("--passive-range", "MIN-MAX")?;
                a.passive_range =
                    Some(parse_range(&r).map_err(|e| format!("--passive-range {e}"))?);
            }
            "--password" | "-p" => {
                // Never echo what follows: it may be the password itself.
                return Err(format!(
                    "{arg} is not accepted: a password on the command line is visible to other users; use --password-stdin"
                ));
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option '{flag}'"))
            }
            host => {
                if target.is_some() {
                    return Err("probe takes one HOST[:PORT]".into());
                }
                target = Some(parse_target(host).map_err(|e| match e {
                    TargetError::Empty => e.to_string(),
                    _ => format!("'{host}': {e}"),
                })?);
            }
        }
    }
    let Some(t) = target else {
        return Err("probe needs HOST[:PORT]".into());
    };
    if (insecure || ca_file.is_some()) && !tls {
        return Err("--insecure and --ca-file go with --tls".into());
    }
    if insecure && ca_file.is_some() {
        return Err("--insecure and --ca-file exclude each other".into());
    }
    if tls {
        a.tls = Some(match (insecure, ca_file) {
            (true, _) => Trust::Insecure,
            (false, Some(path)) => Trust::CaFile(path.into()),
            (false, None) => Trust::System,
        });
    }
    if let (Some(ip), Some(f)) = (t.ip, a.family) {
        if f.is_v4() != ip.is_ipv4() {
            return Err(format!("-{} contradicts the address {ip}", f.number()));
        }
    }
    a.target = t;
    Ok(Parsed::Run(Box::new(a)))
}

/// The password from standard input's bytes: one line (a final line break is dropped), not empty.
pub fn password_from(bytes: &[u8]) -> Result<String, &'static str> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let text = text.strip_suffix('\r').unwrap_or(text).to_string();
    if text.contains(['\r', '\n']) {
        return Err("--password-stdin: the password must be a single line");
    }
    if text.is_empty() {
        return Err("--password-stdin: standard input held no password");
    }
    Ok(text)
}
