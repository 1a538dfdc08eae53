//! What the probe tries next, given what the server answered: the greeting, explicit TLS, the login, data
//! protection, where to connect after a passive reply, and the active-mode command. Pure decisions; the
//! CLI carries them out.

use super::reader::ControlReply;
use crate::wire::{decode_with, Context, Kind};
use std::net::{IpAddr, SocketAddr};

/// The password sent for an anonymous login when none is given.
pub const ANONYMOUS_PASSWORD: &str = "probe@ftp-explorer.invalid";

/// What a reply read while waiting for the greeting means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting {
    /// 120 "ready in n minutes": the 220 is still to come.
    Wait,
    /// 220: go on.
    Ready,
    /// Anything else: the server will not serve this connection.
    Refused,
}

pub fn greeting(code: u16) -> Greeting {
    match code {
        120 => Greeting::Wait,
        220 => Greeting::Ready,
        _ => Greeting::Refused,
    }
}

/// `AUTH TLS` accepted (234): the TLS handshake starts.
pub fn auth_tls_accepted(code: u16) -> bool {
    code == 234
}

/// The next step of the login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Logged in (230, or 202: no login needed).
    Accepted,
    /// Send `PASS` with this password.
    Pass(String),
    /// The server asks for a password and there is none to give (a named user without
    /// `--password-stdin`).
    NeedPassword,
    /// The server refused.
    Refused,
}

/// The step after `USER user` was answered `code`. An anonymous user (`anonymous`, `ftp`) without a
/// password sends an e-mail-like placeholder, as clients do.
pub fn after_user(code: u16, user: &str, password: Option<&str>) -> Login {
    match code {
        230 | 202 => Login::Accepted,
        331 | 332 => {
            let anonymous = matches!(user.to_ascii_lowercase().as_str(), "anonymous" | "ftp");
            match (password, anonymous) {
                (Some(p), _) => Login::Pass(p.to_string()),
                (None, true) => Login::Pass(ANONYMOUS_PASSWORD.to_string()),
                (None, false) => Login::NeedPassword,
            }
        }
        _ => Login::Refused,
    }
}

/// The step after `PASS` was answered `code`: logged in, or refused.
pub fn after_pass(code: u16) -> Login {
    match code {
        230 | 202 => Login::Accepted,
        _ => Login::Refused,
    }
}

/// `PROT P` accepted (2yz): data connections are encrypted too.
pub fn protection_accepted(code: u16) -> bool {
    code / 100 == 2
}

/// The port a passive reply (229, or 227) names, when it decodes.
pub fn passive_port(reply: &ControlReply, ctx: &Context) -> Option<u16> {
    if !matches!(reply.code, 227 | 229) {
        return None;
    }
    decode_with(&reply.text(), ctx).ok().and_then(|d| d.port())
}

/// Where to connect after a 227 named `advertised` (`port` from the reply) on a control connection to
/// `control`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasvPlan {
    /// Connect to the advertised endpoint; `Err` says why not (the note to write).
    pub advertised: Result<(), String>,
    /// Then also try the control address with the port, after a second PASV when the advertised
    /// endpoint was tried (its listener is used up), or on this reply when it was not.
    pub control_address: bool,
}

/// Decide where to connect after a 227. The advertised endpoint is tried unless it is the unspecified
/// address (on Linux 0.0.0.0 reaches this machine itself), of another family than the control
/// connection, or `skip_advertised` is set. The control address is tried as well whenever it differs,
/// so the report says both what clients that trust the reply and what clients that replace it (curl's
/// default) will see.
pub fn pasv_plan(control: IpAddr, advertised: IpAddr, skip_advertised: bool) -> PasvPlan {
    let (c, a) = (control.to_canonical(), advertised.to_canonical());
    if c == a {
        return PasvPlan {
            advertised: Ok(()),
            control_address: false,
        };
    }
    let why_not = if a.is_unspecified() {
        Some(format!(
            "{a} names no host: not connecting there (it would reach this machine itself)"
        ))
    } else if a.is_ipv4() != c.is_ipv4() {
        Some(format!(
            "{a} is of another address family than the control connection ({c})"
        ))
    } else if skip_advertised {
        Some(format!(
            "not connecting to the advertised {a} (--skip-advertised)"
        ))
    } else {
        None
    };
    PasvPlan {
        advertised: why_not.map_or(Ok(()), Err),
        control_address: true,
    }
}

/// The active-mode command that names `local` (this machine's end of the control connection): `EPRT`
/// for both families, or `PORT` (IPv4 only) when `eprt` is false.
pub fn active_command(local: SocketAddr, eprt: bool) -> Option<String> {
    let ip = local.ip().to_canonical();
    let kind = if eprt || ip.is_ipv6() {
        Kind::Eprt
    } else {
        Kind::Port
    };
    crate::wire::encode(kind, Some(ip), local.port()).ok()
}

/// After `EPRT` was answered `code` on a connection from `local`: fall back to `PORT` (a server that
/// does not know EPRT answers 5yz; PORT can name only IPv4).
pub fn port_after_eprt(code: u16, local: IpAddr) -> bool {
    code >= 500 && local.is_ipv4()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn login_plan() {
        let pw = Some("s3cret");
        assert_eq!(after_user(230, "alice", None), Login::Accepted);
        assert_eq!(after_user(202, "alice", None), Login::Accepted);
        assert_eq!(after_user(331, "alice", pw), Login::Pass("s3cret".into()));
        assert_eq!(after_user(332, "alice", pw), Login::Pass("s3cret".into()));
        assert_eq!(after_user(331, "alice", None), Login::NeedPassword);
        for anonymous in ["anonymous", "ANONYMOUS", "ftp", "Ftp"] {
            assert_eq!(
                after_user(331, anonymous, None),
                Login::Pass(ANONYMOUS_PASSWORD.into()),
                "{anonymous}"
            );
        }
        // A given password wins over the placeholder, for anonymous too.
        assert_eq!(after_user(331, "ftp", pw), Login::Pass("s3cret".into()));
        for refused in [530, 421, 500, 0, 331 + 100] {
            assert_eq!(
                after_user(refused, "alice", pw),
                Login::Refused,
                "{refused}"
            );
        }
        assert_eq!(after_pass(230), Login::Accepted);
        assert_eq!(after_pass(202), Login::Accepted);
        // A second 331 after PASS is not followed: the login is refused.
        for refused in [331, 332, 530, 0] {
            assert_eq!(after_pass(refused), Login::Refused, "{refused}");
        }
    }

    #[test]
    fn greeting_tls_and_protection() {
        assert_eq!(greeting(120), Greeting::Wait);
        assert_eq!(greeting(220), Greeting::Ready);
        assert_eq!(greeting(421), Greeting::Refused);
        assert_eq!(greeting(0), Greeting::Refused);
        assert!(auth_tls_accepted(234));
        assert!(!auth_tls_accepted(334) && !auth_tls_accepted(200));
        assert!(protection_accepted(200));
        assert!(!protection_accepted(536) && !protection_accepted(0));
    }

    #[test]
    fn pasv_plans() {
        let same = pasv_plan(ip("127.0.0.1"), ip("127.0.0.1"), false);
        assert_eq!(
            same,
            PasvPlan {
                advertised: Ok(()),
                control_address: false
            }
        );
        // The mapped form of the control address is the same address.
        assert_eq!(
            pasv_plan(ip("::ffff:127.0.0.1"), ip("127.0.0.1"), true),
            same
        );
        let nat = pasv_plan(ip("127.0.0.1"), ip("10.255.0.5"), false);
        assert_eq!(
            nat,
            PasvPlan {
                advertised: Ok(()),
                control_address: true
            }
        );
        let unspecified = pasv_plan(ip("127.0.0.1"), ip("0.0.0.0"), false);
        assert_eq!(
            unspecified.advertised,
            Err(
                "0.0.0.0 names no host: not connecting there (it would reach this machine itself)"
                    .into()
            )
        );
        assert!(unspecified.control_address);
        assert_eq!(
            pasv_plan(ip("::1"), ip("10.0.0.1"), false).advertised,
            Err("10.0.0.1 is of another address family than the control connection (::1)".into())
        );
        let skipped = pasv_plan(ip("127.0.0.1"), ip("10.0.0.1"), true);
        assert_eq!(
            skipped.advertised,
            Err("not connecting to the advertised 10.0.0.1 (--skip-advertised)".into())
        );
        assert!(skipped.control_address);
    }

    #[test]
    fn passive_ports() {
        let ctx = Context {
            control_peer: Some(ip("127.0.0.1")),
        };
        let reply = |lines: &[&str]| {
            ControlReply::from_lines(lines.iter().map(|s| s.to_string()).collect())
        };
        assert_eq!(
            passive_port(
                &reply(&["229 Entering Extended Passive Mode (|||6446|)"]),
                &ctx
            ),
            Some(6446)
        );
        assert_eq!(
            passive_port(
                &reply(&["227 Entering Passive Mode (127,0,0,1,195,80)."]),
                &ctx
            ),
            Some(50000)
        );
        // On a later line of a multi-line reply, too.
        assert_eq!(
            passive_port(&reply(&["229-Hi", "229 Extended (|||21000|)"]), &ctx),
            Some(21000)
        );
        assert_eq!(
            passive_port(&reply(&["500 EPSV not understood"]), &ctx),
            None
        );
        assert_eq!(passive_port(&reply(&["229 garbage"]), &ctx), None);
    }

    #[test]
    fn active_commands() {
        let local: SocketAddr = "127.0.0.1:41234".parse().unwrap();
        assert_eq!(
            active_command(local, true).unwrap(),
            "EPRT |1|127.0.0.1|41234|"
        );
        assert_eq!(
            active_command(local, false).unwrap(),
            "PORT 127,0,0,1,161,18"
        );
        // IPv6 has no PORT; a mapped IPv4 address is written as IPv4.
        let v6: SocketAddr = "[::1]:2000".parse().unwrap();
        assert_eq!(active_command(v6, false).unwrap(), "EPRT |2|::1|2000|");
        let mapped: SocketAddr = "[::ffff:10.0.0.1]:2000".parse().unwrap();
        assert_eq!(
            active_command(mapped, false).unwrap(),
            "PORT 10,0,0,1,7,208"
        );
        assert!(port_after_eprt(500, ip("127.0.0.1")));
        assert!(port_after_eprt(522, ip("127.0.0.1")));
        assert!(!port_after_eprt(200, ip("127.0.0.1")));
        assert!(!port_after_eprt(500, ip("::1")));
    }
}
