//! The quiet table: for every finding code, a close variant of its trigger that must not fire it.

use super::{check, q, with, Quiet, RANGE};
use ftp_explorer::diagnose::Code;

pub(super) const QUIET: &[Quiet] = &[
    // The server's private address is the one the client already uses.
    q(
        Code::AdvertisedPrivateAddress,
        lan!(
            "> PASV",
            "< 227 Entering Passive Mode (192,168,1,10,195,80)."
        ),
    ),
    q(
        Code::AdvertisedLoopbackAddress,
        curl!("127.0.0.1", "127.0.0.1"; "> PASV", "< 227 Entering Passive Mode (127,0,0,1,195,80)."),
    ),
    q(
        Code::AdvertisedUnspecifiedAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80)."
        ),
    ),
    // Just below 100.64.0.0/10: a public address.
    q(
        Code::AdvertisedSharedAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (100,63,255,254,195,80)."
        ),
    ),
    // Documentation ranges stand for public addresses in examples.
    q(
        Code::AdvertisedSpecialAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (198,51,100,7,195,80)."
        ),
    ),
    q(
        Code::AdvertisedAddressMismatch,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80)."
        ),
    ),
    // A private address is advertised-private-address, not a mismatch.
    q(
        Code::AdvertisedAddressMismatch,
        public!("> PASV", "< 227 Entering Passive Mode (10,0,0,5,195,80)."),
    ),
    // curl names the control address even when it equals the advertised one.
    q(
        Code::ClientReplacedAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,81).",
            "* Skip 203.0.113.10 for data connection, re-use 203.0.113.10 instead",
        ),
    ),
    q(
        Code::MalformedReply,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,84)."
        ),
    ),
    // Port 1 is privileged, not zero.
    q(
        Code::PortZero,
        public!("> PASV", "< 227 Entering Passive Mode (203,0,113,10,0,1)."),
    ),
    q(
        Code::PrivilegedPort,
        public!("> PASV", "< 227 Entering Passive Mode (203,0,113,10,4,0)."),
    ),
    // EPSV refused with 500 is epsv-not-supported, even though curl says "Disabling EPSV".
    q(
        Code::EpsvFailedFallback,
        public!(
            "> EPSV",
            "< 500 'EPSV': command not understood.",
            "* Failed EPSV attempt. Disabling EPSV",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,81).",
        ),
    ),
    q(
        Code::EpsvNotSupported,
        public!("> EPSV", "< 229 Entering Extended Passive Mode (|||50012|)"),
    ),
    q(
        Code::EpsvReplyToPasv,
        public!("> EPSV", "< 229 Entering Extended Passive Mode (|||50012|)"),
    ),
    q(
        Code::PasvOnIpv6,
        v6!("> EPSV", "< 229 Entering Extended Passive Mode (|||50012|)"),
    ),
    q(
        Code::PasvOnIpv6,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80)."
        ),
    ),
    // EPSV refused but PASV worked.
    q(
        Code::PassiveModeRefused,
        public!(
            "> EPSV",
            "< 502 Command not implemented.",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
        ),
    ),
    // vsftpd's 500 OOPS is invalid-server-config.
    q(
        Code::PassiveModeRefused,
        public!("> PASV", "< 500 OOPS: invalid pasv_address"),
    ),
    q(
        Code::EpsvAllViolated,
        public!(
            "> EPSV ALL",
            "< 200 EPSV ALL ok.",
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
        ),
    ),
    // EPSV ALL refused: the client may use PASV.
    q(
        Code::EpsvAllViolated,
        public!(
            "> EPSV ALL",
            "< 500 Unknown command.",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
        ),
    ),
    q(
        Code::DataConnectionTimeout,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* Connected 2nd connection to 203.0.113.10 port 50012 (#0)",
            "> LIST",
            "< 150 Here comes the directory listing.",
            "< 226 Directory send OK.",
        ),
    ),
    // A refusal is not a timeout.
    q(
        Code::DataConnectionTimeout,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* connect to 203.0.113.10 port 50012 failed: Connection refused",
        ),
    ),
    q(
        Code::DataConnectionRefused,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* ipv4 connect timeout after 2996ms, move on!",
        ),
    ),
    q(
        Code::ActiveConnectionFailed,
        public!(
            "> PORT 203,0,113,50,195,80",
            "< 200 PORT command successful. Consider using PASV.",
            "> LIST",
            "< 150 Here comes the directory listing.",
            "< 226 Directory send OK.",
        ),
    ),
    // Client and server on the same private network.
    q(
        Code::ActiveModeBehindNat,
        lan!(
            "> PORT 192,168,1,23,213,49",
            "< 200 PORT command successful. Consider using PASV."
        ),
    ),
    q(
        Code::PortRefusedByServer,
        public!(
            "> PORT 203,0,113,50,195,80",
            "< 200 PORT command successful. Consider using PASV."
        ),
    ),
    q(
        Code::ForeignDataConnectionRejected,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
            "> LIST",
            "< 425 Failed to establish connection.",
        ),
    ),
    // The client's own address and an unprivileged port.
    q(
        Code::BounceRisk,
        public!(
            "> PORT 203,0,113,50,195,80",
            "< 200 PORT command successful. Consider using PASV."
        ),
    ),
    // "only to" the address the command names.
    q(
        Code::BounceRisk,
        public!(
            "> EPRT |1|203.0.113.50|50000|",
            "< 500 I won't open a connection to 203.0.113.50 (only to 203.0.113.50)",
        ),
    ),
    // Client and server on one machine: PORT 127.0.0.1 names the control address, legitimately.
    q(
        Code::BounceRisk,
        curl!("127.0.0.1", "127.0.0.1"; "> PORT 127,0,0,1,195,80", "< 200 PORT command successful."),
    ),
    // AUTH TLS refused: a NAT helper can still read the reply.
    q(
        Code::TlsHidesPassiveReply,
        ftps!(
            "530 Please login with USER and PASS.";
            "> PASV",
            "< 227 Entering Passive Mode (10,0,0,5,195,80).",
        ),
    ),
    q(
        Code::CleartextCredentials,
        ftps!(
            "234 Proceed with negotiation.";
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
        ),
    ),
    q(
        Code::InvalidServerConfig,
        public!("> PASV", "< 500 Unknown command."),
    ),
    Quiet {
        code: Code::PortOutsideRange,
        log: public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,85)."
        ),
        range: RANGE,
    },
    // Without a range there is nothing to compare with.
    q(
        Code::PortOutsideRange,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,100)."
        ),
    ),
];

#[test]
fn every_quiet_variant_stays_quiet() {
    let mut failures = Vec::new();
    for (i, case) in QUIET.iter().enumerate() {
        let d = check(case.log, case.range);
        if !with(&d, case.code).is_empty() {
            failures.push(format!(
                "quiet #{i} {}: {:#?}",
                case.code,
                with(&d, case.code)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
