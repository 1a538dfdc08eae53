//! `ftp-explorer probe`'s command line (clap, derive) and the checked [`Settings`] it gives.
//!
//! [`ProbeArgs`] is the command (its flags, its help with the JSON shape, exit statuses and examples);
//! [`ProbeArgs::settings`] makes the checks clap cannot express and turns it into [`Settings`]. A usage
//! error is a [`clap::Error`]: printed with the usage, exit status 2; `--help` exits 0.

use super::tls::Trust;
use clap::error::ErrorKind;
use clap::{ArgAction, CommandFactory, Parser};
use ftp_explorer::diagnose::parse_range;
use ftp_explorer::probe::{parse_target, ProbeTarget, TargetError};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The default `--timeout`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

const USAGE: &str = "\
ftp-explorer probe HOST[:PORT] [--user U --password-stdin]
                          [--tls [--insecure] [--ca-file PEM]] [--active] [--json]
                          [--timeout SECONDS] [--skip-advertised] [-4|-6] [--passive-range MIN-MAX]";

const ABOUT: &str = "\
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
[2001:db8::7]:2121 (a bare IPv6 address takes no port). PORT defaults to 21.";

const AFTER_HELP: &str = "\
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
    ftp-explorer probe --json '[::1]:2121' | jq '.findings[].code'";

/// `ftp-explorer probe`'s command line, as clap reads it.
#[derive(Debug, Clone, Default, Parser)]
#[command(
    name = "probe",
    bin_name = "ftp-explorer probe",
    override_usage = USAGE,
    about = ABOUT,
    after_help = AFTER_HELP,
    help_template = "{usage-heading} {usage}\n\n{about}\n\nOPTIONS:\n{options}\n{after-help}",
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct ProbeArgs {
    /// The server: HOST, HOST:PORT, [IPv6]:PORT, ftp://HOST:PORT/ (checked by `settings`).
    #[arg(value_name = "HOST[:PORT]")]
    pub host: Option<String>,
    /// log in as U (default: anonymous)
    #[arg(long, value_name = "U", allow_hyphen_values = true, value_parser = user_name)]
    pub user: Option<String>,
    /// read the password from standard input (one line); never from the
    /// command line, where other users could see it (default for
    /// anonymous: an e-mail-like placeholder)
    #[arg(long, verbatim_doc_comment)]
    pub password_stdin: bool,
    /// explicit FTPS: AUTH TLS before logging in, then PBSZ 0 and PROT P
    /// (data connections encrypted too). The certificate is checked
    /// against the system's trusted certificates (/etc/ssl/certs) and the
    /// HOST name or address
    #[arg(long, verbatim_doc_comment)]
    pub tls: bool,
    /// with --tls: do not check the certificate (self-signed test
    /// servers); the report says it was not verified
    #[arg(long, verbatim_doc_comment)]
    pub insecure: bool,
    /// with --tls: trust the certificates in this PEM file instead of
    /// the system's
    #[arg(
        long,
        value_name = "PEM",
        allow_hyphen_values = true,
        verbatim_doc_comment
    )]
    pub ca_file: Option<PathBuf>,
    /// also try active mode: the server connects back to this machine
    #[arg(long)]
    pub active: bool,
    /// never connect to an address a 227 names when it is not the control
    /// address (a server you do not trust); the control address is still
    /// tried
    #[arg(long, verbatim_doc_comment)]
    pub skip_advertised: bool,
    /// the limit for each connection and each wait for a reply (default
    /// 10; a fraction such as 0.5 is allowed); reading a listing gets
    /// three times it. A data port that drops packets costs one timeout
    /// per attempt
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true, value_parser = seconds, verbatim_doc_comment)]
    pub timeout: Option<Duration>,
    /// use only IPv4 addresses of a host name
    #[arg(short = '4', overrides_with = "ipv6")]
    pub ipv4: bool,
    /// use only IPv6 addresses of a host name
    #[arg(short = '6', overrides_with = "ipv4")]
    pub ipv6: bool,
    /// the server's configured passive port range: ports outside it are
    /// flagged
    #[arg(long, value_name = "MIN-MAX", allow_hyphen_values = true, value_parser = port_range, verbatim_doc_comment)]
    pub passive_range: Option<(u16, u16)>,
    /// one JSON object (below)
    #[arg(long)]
    pub json: bool,
    /// Refused: a password on the command line is visible to other users. Read so that it is never
    /// echoed (not even as an unknown argument).
    #[arg(long = "password", hide = true, num_args = 0..=1, allow_hyphen_values = true)]
    pub password_long: Option<Option<String>>,
    /// `-p`: the same.
    #[arg(short = 'p', hide = true, num_args = 0..=1, allow_hyphen_values = true)]
    pub password_short: Option<Option<String>>,
    /// this help
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    pub help: Option<bool>,
}

/// `--user`: one line, not empty.
fn user_name(text: &str) -> Result<String, String> {
    if text.is_empty() || text.chars().any(char::is_control) {
        return Err("the name must be one line, not empty".into());
    }
    Ok(text.to_string())
}

/// `--timeout`: seconds, more than 0 and at most an hour; a fraction is allowed.
fn seconds(text: &str) -> Result<Duration, String> {
    text.parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| "expected seconds, more than 0 and at most 3600".into())
}

/// `--passive-range`: MIN-MAX (the checker's reading).
fn port_range(text: &str) -> Result<(u16, u16), String> {
    // clap quotes the value itself: the reason alone.
    parse_range(text).map_err(|e| {
        let e = e.to_string();
        e.strip_prefix(&format!("'{text}': "))
            .map_or(e.clone(), str::to_string)
    })
}

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

impl ProbeArgs {
    /// Read `probe`'s arguments (what follows `probe` on the command line). `Err` is a usage error, or
    /// the help (`--help`: [`clap::Error::exit_code`] is 0).
    pub fn parse_from_args(args: &[String]) -> Result<Self, clap::Error> {
        Self::try_parse_from(std::iter::once("probe").chain(args.iter().map(String::as_str)))
    }

    /// A usage error about these arguments, printed as clap prints its own.
    pub fn usage_error(message: impl std::fmt::Display) -> clap::Error {
        Self::command().error(ErrorKind::ValueValidation, message)
    }

    /// The checks clap cannot make, and the settings they give.
    pub fn settings(&self) -> Result<Settings, clap::Error> {
        let conflict = |m: &str| Self::command().error(ErrorKind::ArgumentConflict, m);
        // Never echo what follows: it may be the password itself.
        for (given, flag) in [
            (self.password_long.is_some(), "--password"),
            (self.password_short.is_some(), "-p"),
        ] {
            if given {
                return Err(Self::command().error(
                    ErrorKind::UnknownArgument,
                    format!("{flag} is not accepted: a password on the command line is visible to other users; use --password-stdin"),
                ));
            }
        }
        let Some(host) = &self.host else {
            return Err(Self::command().error(
                ErrorKind::MissingRequiredArgument,
                "probe needs HOST[:PORT]",
            ));
        };
        let target = parse_target(host).map_err(|e| {
            Self::usage_error(match e {
                TargetError::Empty => e.to_string(),
                // The text may hold a password: not repeated.
                TargetError::UserInfo => format!("HOST: {e}"),
                _ => format!("'{host}': {e}"),
            })
        })?;
        if (self.insecure || self.ca_file.is_some()) && !self.tls {
            return Err(conflict("--insecure and --ca-file go with --tls"));
        }
        if self.insecure && self.ca_file.is_some() {
            return Err(conflict("--insecure and --ca-file exclude each other"));
        }
        let family = match (self.ipv4, self.ipv6) {
            (true, _) => Some(Family::V4),
            (_, true) => Some(Family::V6),
            _ => None,
        };
        if let (Some(ip), Some(f)) = (target.ip, family) {
            if f.is_v4() != ip.is_ipv4() {
                return Err(conflict(&format!(
                    "-{} contradicts the address {ip}",
                    f.number()
                )));
            }
        }
        let tls = self.tls.then(|| match (self.insecure, &self.ca_file) {
            (true, _) => Trust::Insecure,
            (false, Some(path)) => Trust::CaFile(path.clone()),
            (false, None) => Trust::System,
        });
        Ok(Settings {
            target,
            user: self.user.clone(),
            password_stdin: self.password_stdin,
            tls,
            json: self.json,
            active: self.active,
            skip_advertised: self.skip_advertised,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            family,
            passive_range: self.passive_range,
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Settings, clap::Error> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        ProbeArgs::parse_from_args(&args)?.settings()
    }

    /// The error's words, as printed.
    fn refused(args: &[&str]) -> String {
        let e = parse(args).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{args:?}: {e}");
        e.to_string()
    }

    #[test]
    fn the_command_is_well_formed() {
        ProbeArgs::command().debug_assert();
    }

    #[test]
    fn every_flag() {
        let s = parse(&[
            "--user",
            "alice",
            "--password-stdin",
            "--tls",
            "--ca-file",
            "/tmp/ca.pem",
            "--active",
            "--skip-advertised",
            "--timeout",
            "0.5",
            "-4",
            "--passive-range",
            "50000-50100",
            "--json",
            "ftp://ftp.example.com:2121/pub/",
        ])
        .unwrap();
        assert_eq!(
            s,
            Settings {
                target: parse_target("ftp.example.com:2121").unwrap(),
                user: Some("alice".into()),
                password_stdin: true,
                tls: Some(Trust::CaFile("/tmp/ca.pem".into())),
                json: true,
                active: true,
                skip_advertised: true,
                timeout: Duration::from_millis(500),
                family: Some(Family::V4),
                passive_range: Some((50000, 50100)),
            }
        );
    }

    #[test]
    fn defaults_and_repeats() {
        let s = parse(&["127.0.0.1"]).unwrap();
        assert_eq!(s.target.port, 21);
        assert_eq!(s.timeout, DEFAULT_TIMEOUT);
        assert_eq!((s.user, s.tls, s.family), (None, None, None));
        assert!(!(s.json || s.active || s.skip_advertised || s.password_stdin));
        // A flag given twice is fine, the last value wins; -4 and -6: the last one.
        let s = parse(&["h", "--json", "--json", "--timeout", "3", "--timeout", "4"]).unwrap();
        assert_eq!(s.timeout, Duration::from_secs(4));
        assert_eq!(parse(&["h", "-4", "-6"]).unwrap().family, Some(Family::V6));
        assert_eq!(parse(&["h", "-6", "-4"]).unwrap().family, Some(Family::V4));
        // TLS trust.
        assert_eq!(parse(&["h", "--tls"]).unwrap().tls, Some(Trust::System));
        assert_eq!(
            parse(&["h", "--tls", "--insecure"]).unwrap().tls,
            Some(Trust::Insecure)
        );
        // A user name that starts with a hyphen is a name.
        assert_eq!(
            parse(&["h", "--user", "-bob"]).unwrap().user.as_deref(),
            Some("-bob")
        );
    }

    #[test]
    fn usage_errors_say_why() {
        let cases: &[(&[&str], &str)] = &[
            (&[], "probe needs HOST[:PORT]"),
            (&["[::1"], "'[::1': '[' without its ']'"),
            (
                &["host:0"],
                "'host:0': the port '0' is not a number from 1 to 65535",
            ),
            (&["a", "b"], "unexpected argument 'b'"),
            (
                &["h", "--timeout", "0"],
                "expected seconds, more than 0 and at most 3600",
            ),
            (&["h", "--timeout", "nan"], "expected seconds"),
            (
                &["h", "--insecure"],
                "--insecure and --ca-file go with --tls",
            ),
            (
                &["h", "--ca-file", "x"],
                "--insecure and --ca-file go with --tls",
            ),
            (
                &["h", "--tls", "--insecure", "--ca-file", "x"],
                "--insecure and --ca-file exclude each other",
            ),
            (&["h", "--bogus"], "unexpected argument '--bogus'"),
            (&["--user"], "a value is required for '--user <U>'"),
            (&["h", "--user", ""], "the name must be one line, not empty"),
            (&["h", "--user", "a\nb"], "the name must be one line"),
            (&["-6", "127.0.0.1"], "-6 contradicts the address 127.0.0.1"),
            (&["-4", "[::1]:21"], "-4 contradicts the address ::1"),
            (
                &["h", "--passive-range", "9-1"],
                "'9-1' for '--passive-range <MIN-MAX>': the first port (9) is above the second (1)",
            ),
        ];
        for (args, says) in cases {
            let text = refused(args);
            assert!(text.contains(says), "{args:?}: {text}");
        }
    }

    /// `--password` and `-p` are refused in every spelling, and what follows them is never repeated.
    #[test]
    fn a_password_on_the_command_line_is_refused_unechoed() {
        for args in [
            &["h", "--password", "hunter2secret"][..],
            &["h", "--password=hunter2secret"],
            &["h", "-p", "hunter2secret"],
            &["h", "-phunter2secret"],
            &["--password", "hunter2secret"],
            &["h", "--password"],
            &["h", "-p"],
            &["h", "--password", "--hunter2secret"],
        ] {
            let text = refused(args);
            assert!(text.contains("is not accepted"), "{args:?}: {text}");
            assert!(!text.contains("hunter2secret"), "{args:?}: {text}");
        }
        assert!(refused(&["h", "-p", "x"]).contains("-p is not accepted"));
        // User information in HOST may hold a password: not repeated either.
        let text = refused(&["alice:hunter2secret@ftp.example.com"]);
        assert!(text.contains("--password-stdin") && !text.contains("hunter2secret"));
    }

    /// The help: exit status 0, every flag, the JSON shape, the exit statuses and the examples.
    #[test]
    fn the_help() {
        for flag in ["--help", "-h"] {
            let e = ProbeArgs::parse_from_args(&[flag.to_string()]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DisplayHelp);
            assert_eq!(e.exit_code(), 0);
            let help = e.to_string();
            assert!(
                help.starts_with("Usage: ftp-explorer probe HOST[:PORT]"),
                "{help}"
            );
            for part in [
                "--user <U>",
                "--password-stdin",
                "--tls",
                "--insecure",
                "--ca-file <PEM>",
                "--active",
                "--skip-advertised",
                "--timeout <SECONDS>",
                "-4 ",
                "-6 ",
                "--passive-range <MIN-MAX>",
                "--json",
                "-h, --help",
                "JSON: {\"target\":{\"host\",\"ip\",\"port\"}",
                "  result: connected, refused, timed-out, unreachable, failed, skipped.",
                "EXIT STATUS: 0 no error finding, 1 an error finding",
                "EXAMPLES:\n    ftp-explorer probe ftp.example.com\n",
                "printf '%s\\n' \"$FTP_PASSWORD\" | ftp-explorer probe --user alice --password-stdin --tls",
            ] {
                assert!(help.contains(part), "{part}: {help}");
            }
            // The refused flags are not advertised.
            assert!(
                !help.contains("--password ") && !help.contains("-p,"),
                "{help}"
            );
            // Plain text that fits a 100-column terminal (the two long example lines aside).
            let long: Vec<&str> = help
                .lines()
                .filter(|l| l.chars().count() > 100)
                .filter(|l| !l.contains("printf") && !l.starts_with("connect and log in"))
                .collect();
            assert!(long.is_empty(), "{long:?}");
        }
    }

    #[test]
    fn passwords_from_standard_input() {
        assert_eq!(password_from(b"s3cret\n").unwrap(), "s3cret");
        assert_eq!(password_from(b"s3cret\r\n").unwrap(), "s3cret");
        assert_eq!(password_from(b"s3cret").unwrap(), "s3cret");
        assert_eq!(password_from(b" spaces kept \n").unwrap(), " spaces kept ");
        assert!(password_from(b"a\nQUIT\n").is_err());
        assert!(password_from(b"a\rb").is_err());
        assert!(password_from(b"\n").is_err());
        assert!(password_from(b"").is_err());
    }

    #[test]
    fn families() {
        let v4: SocketAddr = "127.0.0.1:21".parse().unwrap();
        let v6: SocketAddr = "[::1]:21".parse().unwrap();
        assert!(Family::V4.admits(&v4) && !Family::V4.admits(&v6));
        assert!(Family::V6.admits(&v6) && !Family::V6.admits(&v4));
        assert_eq!((Family::V4.number(), Family::V6.number()), (4, 6));
    }
}
