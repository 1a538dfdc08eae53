//! The trigger table: for every finding code, a small log that fires it, with its severity and exact
//! lines.

use super::{check, t, with, Trigger, RANGE};
use ftp_explorer::diagnose::Code;
use ftp_explorer::diagnose::Severity::{Error, Info, Warning};

pub(super) const TRIGGERS: &[Trigger] = &[
    t(
        Code::AdvertisedPrivateAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (192,168,1,10,195,80)."
        ),
        Error,
        &[8, 9],
    ),
    // Reached at a private address, another private address is only a warning.
    t(
        Code::AdvertisedPrivateAddress,
        lan!(
            "> PASV",
            "< 227 Entering Passive Mode (192,168,1,20,195,80)."
        ),
        Warning,
        &[8, 9],
    ),
    t(
        Code::AdvertisedLoopbackAddress,
        public!("> PASV", "< 227 Entering Passive Mode (127,0,0,1,195,80)."),
        Error,
        &[8, 9],
    ),
    t(
        Code::AdvertisedUnspecifiedAddress,
        public!("> PASV", "< 227 Entering Passive Mode (0,0,0,0,195,80)."),
        Warning,
        &[8, 9],
    ),
    t(
        Code::AdvertisedSharedAddress,
        public!("> PASV", "< 227 Entering Passive Mode (100,64,0,5,195,80)."),
        Error,
        &[8, 9],
    ),
    t(
        Code::AdvertisedSpecialAddress,
        public!("> PASV", "< 227 Entering Passive Mode (240,0,0,1,195,80)."),
        Error,
        &[8, 9],
    ),
    t(
        Code::AdvertisedAddressMismatch,
        public!("> PASV", "< 227 Entering Passive Mode (8,8,8,8,195,80)."),
        Warning,
        &[8, 9],
    ),
    t(
        Code::ClientReplacedAddress,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (10,0,0,5,195,81).",
            "* Skip 10.0.0.5 for data connection, re-use 203.0.113.10 instead",
            "*   Trying 203.0.113.10:50001...",
        ),
        Warning,
        &[8, 9, 10],
    ),
    t(
        Code::MalformedReply,
        public!("> PASV", "< 227 Entering Passive Mode (1,195,84)."),
        Error,
        &[8, 9],
    ),
    t(
        Code::PortZero,
        public!("> PASV", "< 227 Entering Passive Mode (203,0,113,10,0,0)."),
        Error,
        &[8, 9],
    ),
    t(
        Code::PrivilegedPort,
        public!("> PASV", "< 227 Entering Passive Mode (203,0,113,10,0,21)."),
        Warning,
        &[8, 9],
    ),
    t(
        Code::EpsvFailedFallback,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* connect to 203.0.113.10 port 50012 failed: Connection refused",
            "* Failed EPSV attempt. Disabling EPSV",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,81).",
        ),
        Warning,
        &[8, 9, 10, 11, 12],
    ),
    t(
        Code::EpsvNotSupported,
        public!(
            "> EPSV",
            "< 500 'EPSV': command not understood.",
            "* Failed EPSV attempt. Disabling EPSV",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,81).",
        ),
        Info,
        &[8, 9],
    ),
    t(
        Code::EpsvReplyToPasv,
        public!("> PASV", "< 229 Entering Extended Passive Mode (|||50012|)"),
        Warning,
        &[8, 9],
    ),
    t(
        Code::PasvOnIpv6,
        v6!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80)."
        ),
        Warning,
        &[8, 9],
    ),
    t(
        Code::PasvOnIpv6,
        v6!("> PASV", "< 500 Illegal PASV command."),
        Error,
        &[8, 9],
    ),
    t(
        Code::PassiveModeRefused,
        public!(
            "> EPSV",
            "< 502 Command not implemented.",
            "> PASV",
            "< 502 Command not implemented.",
        ),
        Error,
        &[8, 9, 10, 11],
    ),
    t(
        Code::EpsvAllViolated,
        public!(
            "> EPSV ALL",
            "< 200 EPSV ALL ok.",
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
        ),
        Warning,
        &[8, 9, 10, 11],
    ),
    t(
        Code::DataConnectionTimeout,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* ipv4 connect timeout after 2996ms, move on!",
        ),
        Error,
        &[8, 9, 10, 11],
    ),
    // The server's 425 after LIST: the passive connection never arrived.
    t(
        Code::DataConnectionTimeout,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
            "> LIST",
            "< 425 Failed to establish connection.",
        ),
        Error,
        &[8, 9, 10, 11],
    ),
    t(
        Code::DataConnectionRefused,
        public!(
            "> EPSV",
            "< 229 Entering Extended Passive Mode (|||50012|)",
            "*   Trying 203.0.113.10:50012...",
            "* connect to 203.0.113.10 port 50012 failed: Connection refused",
        ),
        Error,
        &[8, 9, 10, 11],
    ),
    t(
        Code::ActiveConnectionFailed,
        public!(
            "> PORT 203,0,113,50,195,80",
            "< 200 PORT command successful. Consider using PASV.",
            "> LIST",
            "< 425 Failed to establish connection.",
        ),
        Error,
        &[8, 9, 10, 11],
    ),
    // pyftpdlib connects back when it gets PORT, and answers PORT itself with 425.
    t(
        Code::ActiveConnectionFailed,
        public!(
            "> PORT 203,0,113,50,195,80",
            "< 425 Can't connect to specified address."
        ),
        Error,
        &[8, 9],
    ),
    t(
        Code::ActiveModeBehindNat,
        public!(
            "> PORT 192,168,1,23,213,49",
            "< 200 PORT command successful. Consider using PASV."
        ),
        Error,
        &[8, 9],
    ),
    t(
        Code::PortRefusedByServer,
        public!("> PORT 203,0,113,50,195,80", "< 500 Illegal PORT command."),
        Error,
        &[8, 9],
    ),
    t(
        Code::ForeignDataConnectionRejected,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80).",
            "> LIST",
            "< 425 Security: Bad IP connecting.",
        ),
        Error,
        &[10, 11],
    ),
    // PORT naming the server's own public address.
    t(
        Code::BounceRisk,
        public!(
            "> PORT 203,0,113,10,195,80",
            "< 200 PORT command successful. Consider using PASV."
        ),
        Warning,
        &[8, 9],
    ),
    // PORT naming a privileged port.
    t(
        Code::BounceRisk,
        public!(
            "> PORT 203,0,113,50,0,25",
            "< 200 PORT command successful. Consider using PASV."
        ),
        Warning,
        &[8, 9],
    ),
    // The server says who the client really is.
    t(
        Code::BounceRisk,
        public!(
            "> EPRT |1|198.51.100.99|50000|",
            "< 500 I won't open a connection to 198.51.100.99 (only to 203.0.113.50)",
        ),
        Warning,
        &[8, 9],
    ),
    t(
        Code::TlsHidesPassiveReply,
        ftps!(
            "234 Proceed with negotiation.";
            "> PASV",
            "< 227 Entering Passive Mode (10,0,0,5,195,80).",
        ),
        Warning,
        &[10, 11],
    ),
    t(
        Code::CleartextCredentials,
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,80)."
        ),
        Info,
        &[6, 7],
    ),
    t(
        Code::InvalidServerConfig,
        public!("> PASV", "< 500 OOPS: invalid pasv_address"),
        Error,
        &[8, 9],
    ),
    Trigger {
        code: Code::PortOutsideRange,
        log: public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,100)."
        ),
        range: RANGE,
        severity: Warning,
        lines: &[8, 9],
    },
];

#[test]
fn every_trigger_fires_with_its_severity_and_lines() {
    let mut failures = Vec::new();
    for (i, case) in TRIGGERS.iter().enumerate() {
        let d = check(case.log, case.range);
        let found = with(&d, case.code);
        let ok = found.len() == 1
            && found[0].severity == case.severity
            && found[0].lines == case.lines
            && !found[0].message.is_empty()
            && !found[0].fix.is_empty();
        if !ok {
            failures.push(format!(
                "trigger #{i} {}: want one {:?} at {:?}, got {:#?}",
                case.code, case.severity, case.lines, d.findings
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
