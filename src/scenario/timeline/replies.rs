//! The lines each side sends: the client's commands and the server's replies, worded as vsftpd 3.0.5
//! words them. The lines that carry an endpoint (227, 229, PORT, EPRT) are written by
//! [`crate::wire::encode`], so what the timeline shows is what the core's decoder reads.

use crate::wire::{self, DecodeError, Endpoint, Kind};
use std::net::IpAddr;

// ---- logging in ------------------------------------------------------------------------------

pub(super) const GREETING: &str = "220 (vsFTPd 3.0.5)";
pub(super) const AUTH_TLS: &str = "AUTH TLS";
pub(super) const AUTH_OK: &str = "234 Proceed with negotiation.";
pub(super) const PBSZ: &str = "PBSZ 0";
pub(super) const PBSZ_OK: &str = "200 PBSZ set to 0.";
pub(super) const PROT: &str = "PROT P";
pub(super) const PROT_OK: &str = "200 PROT now Private.";
pub(super) const USER: &str = "USER anonymous";
pub(super) const USER_OK: &str = "331 Please specify the password.";
pub(super) const PASS: &str = "PASS anonymous@";
pub(super) const PASS_OK: &str = "230 Login successful.";
pub(super) const TYPE: &str = "TYPE I";
pub(super) const TYPE_OK: &str = "200 Switching to Binary mode.";

// ---- setting up the data connection ----------------------------------------------------------

pub(super) const EPSV_ALL: &str = "EPSV ALL";
pub(super) const EPSV_ALL_OK: &str = "200 EPSV ALL ok.";
/// vsftpd's last words when it cannot bind any port of its passive range.
pub(super) const NO_FREE_PORT: &str = "500 OOPS: vsf_sysutil_bind";
/// The reply to a data connection from another address than the control connection's.
pub(super) const BAD_IP: &str = "425 Security: Bad IP connecting.";
/// The reply when the server could not connect back (active mode).
pub(super) const NO_CONNECTION: &str = "425 Failed to establish connection.";

/// The client's request for passive mode.
pub(super) const fn passive_request(epsv: bool) -> &'static str {
    if epsv {
        "EPSV"
    } else {
        "PASV"
    }
}

/// The server's answer to PASV (`advertised` may be `0.0.0.0`) or, without an address, to EPSV: the
/// line and the endpoint it means.
pub(super) fn passive_answer(advertised: Option<IpAddr>, port: u16) -> (String, Endpoint) {
    let kind = if advertised.is_some() {
        Kind::Pasv
    } else {
        Kind::Epsv
    };
    let text = wire::encode(kind, advertised, port).unwrap_or_default();
    (
        text,
        Endpoint {
            ip: advertised,
            port,
        },
    )
}

/// The client's PORT or EPRT, when the command can carry this address.
pub(super) fn active_request(kind: Kind, ip: IpAddr, port: u16) -> Result<String, DecodeError> {
    wire::encode(kind, Some(ip), port)
}

/// The refusal of a PORT or EPRT (vsftpd's address check).
pub(super) fn illegal(kind: Kind) -> &'static str {
    if kind == Kind::Port {
        "500 Illegal PORT command."
    } else {
        "500 Illegal EPRT command."
    }
}

/// The acceptance of a PORT or EPRT.
pub(super) fn accepted(kind: Kind) -> &'static str {
    if kind == Kind::Port {
        "200 PORT command successful. Consider using PASV."
    } else {
        "200 EPRT command successful. Consider using EPSV."
    }
}

// ---- the transfer ----------------------------------------------------------------------------

pub(super) const RETR: &str = "RETR hello.txt";
pub(super) const OPENING: &str =
    "150 Opening BINARY mode data connection for hello.txt (41 bytes).";
pub(super) const COMPLETE: &str = "226 Transfer complete.";
pub(super) const QUIT: &str = "QUIT";
pub(super) const GOODBYE: &str = "221 Goodbye.";
/// The file on the data connection, as a step shows it.
pub(super) const FILE: &str = "hello.txt";
/// The file, with its size, when it goes where it should not.
pub(super) const FILE_WITH_SIZE: &str = "hello.txt (41 bytes)";
