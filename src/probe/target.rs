//! What the probe is pointed at: `HOST[:PORT]`, read strictly.

use crate::address::parse_ip;
use serde::Serialize;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

/// The FTP control port when `HOST` carries none.
pub const DEFAULT_PORT: u16 = 21;

/// What `HOST[:PORT]` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeTarget {
    /// The host as given (a name, or the address text without brackets).
    pub host: String,
    /// The address, when `host` is one (no name lookup needed).
    pub ip: Option<IpAddr>,
    pub port: u16,
}

impl ProbeTarget {
    /// `host:port`, `[v6]:port`.
    pub fn display(&self) -> String {
        match self.ip {
            Some(IpAddr::V6(ip)) => format!("[{ip}]:{}", self.port),
            _ => format!("{}:{}", self.host, self.port),
        }
    }
}

/// Why a `HOST[:PORT]` text names no target. The message does not repeat the text (the caller has it,
/// and a text with user information may hold a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// `ftps://`, `sftp://`: another protocol, or explicit FTPS asked the wrong way.
    Scheme,
    /// `user@host`: the user (and maybe a password) in the host.
    UserInfo,
    /// Nothing at all.
    Empty,
    /// The port is not a number from 1 to 65535 (the port text).
    Port(String),
    /// `[` without `]`.
    UnclosedBracket,
    /// What stands between brackets is not an IPv6 address (that text).
    NotIpv6InBrackets(String),
    /// Something other than `:PORT` after `]`.
    AfterBracket,
    /// Several colons, no brackets, and not an IPv6 address (the address parser's reason).
    Ipv6(String),
    /// `:21`.
    NoHost,
    /// Digits and dots that are not a strictly written IPv4 address.
    Ipv4 { host: String, reason: String },
    /// Neither an address nor a valid host name.
    Name(String),
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Scheme => f.write_str(
                "only ftp:// (explicit FTPS is --tls; implicit FTPS and SFTP are other protocols)",
            ),
            TargetError::UserInfo => f.write_str(
                "give the user with --user and the password with --password-stdin, not in HOST",
            ),
            TargetError::Empty => f.write_str("HOST is empty"),
            TargetError::Port(p) => write!(f, "the port '{p}' is not a number from 1 to 65535"),
            TargetError::UnclosedBracket => f.write_str("'[' without its ']'"),
            TargetError::NotIpv6InBrackets(inside) => {
                write!(f, "'{inside}' between brackets is not an IPv6 address")
            }
            TargetError::AfterBracket => f.write_str("expected ':PORT' after ']'"),
            TargetError::Ipv6(reason) => write!(
                f,
                "not an IPv6 address ({reason}); write an IPv6 address with a port as [ADDRESS]:PORT"
            ),
            TargetError::NoHost => f.write_str("the host is missing"),
            TargetError::Ipv4 { host, reason } => {
                write!(f, "'{host}' is not an IPv4 address: {reason}")
            }
            TargetError::Name(host) => {
                write!(f, "'{host}' is neither an address nor a host name")
            }
        }
    }
}

impl std::error::Error for TargetError {}

/// Read `HOST[:PORT]`: a host name, an IPv4 address, a bracketed IPv6 address (`[::1]:2121`), a bare IPv6
/// address (no port), optionally as an `ftp://` URL (a path after the host is ignored).
pub fn parse_target(text: &str) -> Result<ProbeTarget, TargetError> {
    let t = text.trim();
    let t = t
        .strip_prefix("ftp://")
        .or_else(|| t.strip_prefix("FTP://"))
        .unwrap_or(t);
    if t.starts_with("ftps://") || t.starts_with("sftp://") {
        return Err(TargetError::Scheme);
    }
    // A URL path, and user info (`user@host`: use --user).
    let t = if text.contains("://") {
        t.split('/').next().unwrap_or(t)
    } else {
        t
    };
    if t.contains('@') {
        return Err(TargetError::UserInfo);
    }
    if t.is_empty() {
        return Err(TargetError::Empty);
    }
    if let Some(rest) = t.strip_prefix('[') {
        return bracketed(rest);
    }
    // A bare IPv6 address: more than one colon, no brackets, so no port.
    if t.matches(':').count() > 1 {
        return match parse_ip(t) {
            Ok(ip) => Ok(ProbeTarget {
                host: ip.to_string(),
                ip: Some(ip),
                port: DEFAULT_PORT,
            }),
            Err(e) => Err(TargetError::Ipv6(e.message)),
        };
    }
    let (host, port) = match t.split_once(':') {
        Some((h, p)) => (h, port_of(p)?),
        None => (t, DEFAULT_PORT),
    };
    host_and_port(host, port)
}

/// `[v6]` or `[v6]:port`, after the `[`.
fn bracketed(rest: &str) -> Result<ProbeTarget, TargetError> {
    let Some((inside, after)) = rest.split_once(']') else {
        return Err(TargetError::UnclosedBracket);
    };
    let ip = match parse_ip(inside) {
        Ok(ip @ IpAddr::V6(_)) => ip,
        _ => return Err(TargetError::NotIpv6InBrackets(inside.to_string())),
    };
    let port = match after {
        "" => DEFAULT_PORT,
        _ => match after.strip_prefix(':') {
            Some(p) => port_of(p)?,
            None => return Err(TargetError::AfterBracket),
        },
    };
    Ok(ProbeTarget {
        host: ip.to_string(),
        ip: Some(ip),
        port,
    })
}

fn port_of(p: &str) -> Result<u16, TargetError> {
    match p.parse::<u16>() {
        Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(TargetError::Port(p.to_string())),
    }
}

/// An IPv4 address or a host name, with its port.
fn host_and_port(host: &str, port: u16) -> Result<ProbeTarget, TargetError> {
    if host.is_empty() {
        return Err(TargetError::NoHost);
    }
    // Digits and dots only: an IPv4 address, written strictly (a resolver would read `010.1.1.1` as octal).
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return match parse_ip(host) {
            Ok(ip) => Ok(ProbeTarget {
                host: host.to_string(),
                ip: Some(ip),
                port,
            }),
            Err(e) => Err(TargetError::Ipv4 {
                host: host.to_string(),
                reason: e.message,
            }),
        };
    }
    if !valid_host_name(host) {
        return Err(TargetError::Name(host.to_string()));
    }
    Ok(ProbeTarget {
        host: host.to_string(),
        ip: None,
        port,
    })
}

/// Labels of letters, digits, `-` and `_`, at most 63 bytes each and 253 in all, no label empty or with a
/// hyphen at either end.
fn valid_host_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `1.2.3.4:21` or `[::1]:21`.
pub fn endpoint(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        let t = parse_target("[::1]:2121").unwrap();
        assert_eq!((t.ip, t.port), (Some("::1".parse().unwrap()), 2121));
        assert_eq!(t.display(), "[::1]:2121");
        let t = parse_target("127.0.0.1:21").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 21));
        let t = parse_target("ftp.example.com").unwrap();
        assert_eq!((t.ip, t.port), (None, 21));
        let t = parse_target("ftp://ftp.example.com:2121/pub/").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("ftp.example.com", 2121));
        assert_eq!(parse_target("::1").unwrap().port, 21);
        for bad in [
            "",
            "host:0",
            "host:65536",
            "host:x",
            "[::1",
            "[1.2.3.4]:21",
            "010.0.0.1",
            "a b",
            "u:p@host",
            "ftps://h",
            ":21",
            "1.2.3:21",
            "[::1]21",
        ] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }

    /// Each error says what is wrong in the words the CLI printed before it had a type, and never
    /// repeats a text that holds user information.
    #[test]
    fn errors_say_why() {
        let says = |text: &str| parse_target(text).unwrap_err().to_string();
        assert_eq!(says(""), "HOST is empty");
        assert_eq!(says("h:0"), "the port '0' is not a number from 1 to 65535");
        assert_eq!(says("[::1"), "'[' without its ']'");
        assert_eq!(
            says("[1.2.3.4]:21"),
            "'1.2.3.4' between brackets is not an IPv6 address"
        );
        assert_eq!(says("[::1]21"), "expected ':PORT' after ']'");
        assert_eq!(says(":21"), "the host is missing");
        assert!(says("1.2.3:21").starts_with("'1.2.3' is not an IPv4 address: "));
        assert!(says("1::2::3").starts_with("not an IPv6 address ("));
        assert_eq!(says("a b"), "'a b' is neither an address nor a host name");
        assert!(says("ftps://h").starts_with("only ftp://"));
        let secret = says("alice:hunter2@host");
        assert!(!secret.contains("hunter2"), "{secret}");
        assert_eq!(parse_target("u@h"), Err(TargetError::UserInfo));
    }

    #[test]
    fn host_names() {
        assert!(valid_host_name("ftp.example.com"));
        assert!(valid_host_name("a_b-c.d"));
        for bad in ["-a.com", "a-.com", "a..com", "a b", &"x".repeat(64), ""] {
            assert!(!valid_host_name(bad), "{bad}");
        }
        assert!(!valid_host_name(&["a"; 128].join(".")));
    }
}
