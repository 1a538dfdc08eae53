//! Every finding code: a small log that triggers it (code, severity, exact lines) and a close variant
//! that must not. `every_code_has_a_trigger_and_a_quiet_variant` fails when a code is added to
//! `Code::ALL` without cases here.

use ftp_explorer::diagnose::{diagnose, Code, Diagnosis, Finding, Options, Severity};
use ftp_explorer::log::read_log;
use std::collections::BTreeSet;

/// A curl -v log: the control connection to `$ip` (written `$trying` in the "Trying" line), login as
/// lines 1-7, then the given lines from line 8 on.
macro_rules! curl {
    ($trying:literal, $ip:literal; $($line:literal),* $(,)?) => {
        concat!(
            "*   Trying ", $trying, ":21...\n",
            "* Connected to ftp.example.net (", $ip, ") port 21 (#0)\n",
            "< 220 (vsFTPd 3.0.3)\n",
            "> USER anonymous\n",
            "< 331 Please specify the password.\n",
            "> PASS guest@example.com\n",
            "< 230 Login successful.\n",
            $($line, "\n"),*
        )
    };
}

/// curl against a server at the public (documentation) address 203.0.113.10.
macro_rules! public {
    ($($line:literal),* $(,)?) => { curl!("203.0.113.10", "203.0.113.10"; $($line),*) };
}

/// curl against a server at the private address 192.168.1.10 (same network as the client).
macro_rules! lan {
    ($($line:literal),* $(,)?) => { curl!("192.168.1.10", "192.168.1.10"; $($line),*) };
}

/// curl over IPv6.
macro_rules! v6 {
    ($($line:literal),* $(,)?) => { curl!("[2001:db8::10]", "2001:db8::10"; $($line),*) };
}

/// FTPS: AUTH TLS on lines 4-5, login 6-9, then the given lines from line 10 on.
macro_rules! ftps {
    ($auth_reply:literal; $($line:literal),* $(,)?) => {
        concat!(
            "*   Trying 203.0.113.10:21...\n",
            "* Connected to ftp.example.net (203.0.113.10) port 21 (#0)\n",
            "< 220 (vsFTPd 3.0.3)\n",
            "> AUTH TLS\n",
            "< ", $auth_reply, "\n",
            "> USER anonymous\n",
            "< 331 Please specify the password.\n",
            "> PASS guest@example.com\n",
            "< 230 Login successful.\n",
            $($line, "\n"),*
        )
    };
}

const RANGE: Option<(u16, u16)> = Some((50000, 50010));

struct Trigger {
    code: Code,
    log: &'static str,
    range: Option<(u16, u16)>,
    severity: Severity,
    lines: &'static [usize],
}

struct Quiet {
    code: Code,
    log: &'static str,
    range: Option<(u16, u16)>,
}

const fn t(code: Code, log: &'static str, severity: Severity, lines: &'static [usize]) -> Trigger {
    Trigger {
        code,
        log,
        range: None,
        severity,
        lines,
    }
}

const fn q(code: Code, log: &'static str) -> Quiet {
    Quiet {
        code,
        log,
        range: None,
    }
}

use Severity::{Error, Info, Warning};

const TRIGGERS: &[Trigger] = &[
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

const QUIET: &[Quiet] = &[
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

fn check(log: &str, range: Option<(u16, u16)>) -> Diagnosis {
    diagnose(
        &read_log(log, None),
        &Options {
            passive_range: range,
        },
    )
}

fn with(d: &Diagnosis, code: Code) -> Vec<&Finding> {
    d.findings.iter().filter(|f| f.code == code).collect()
}

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

#[test]
fn every_code_has_a_trigger_and_a_quiet_variant() {
    let all: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let triggered: BTreeSet<&str> = TRIGGERS.iter().map(|c| c.code.as_str()).collect();
    let quiet: BTreeSet<&str> = QUIET.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        all.difference(&triggered).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "codes without a trigger"
    );
    assert_eq!(
        all.difference(&quiet).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "codes without a quiet variant"
    );
    assert_eq!(Code::ALL.len(), 27);
    // Codes are distinct kebab-case names.
    assert_eq!(all.len(), Code::ALL.len());
    for c in &all {
        assert!(c
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()));
    }
}

#[test]
fn docker_bridge_gets_the_docker_fix() {
    let d = check(
        public!("> PASV", "< 227 Entering Passive Mode (172,17,0,2,195,80)."),
        None,
    );
    let f = with(&d, Code::AdvertisedPrivateAddress);
    assert_eq!(f.len(), 1);
    assert!(f[0].fix.contains("Docker"), "{}", f[0].fix);
    assert!(f[0]
        .fix
        .contains("docker run -p 21:21 -p 50000-50010:50000-50010"));
    // 172.16.x.x is private too, but not Docker's default bridge.
    let d = check(
        public!("> PASV", "< 227 Entering Passive Mode (172,16,0,2,195,80)."),
        None,
    );
    let f = with(&d, Code::AdvertisedPrivateAddress);
    assert!(!f[0].fix.contains("docker run"));
    assert!(f[0].fix.contains("pasv_address=PUBLIC_IP"));
    assert!(f[0].message.contains("172.16.0.2"));
    assert!(f[0].message.contains("203.0.113.10"));
}

#[test]
fn messages_name_what_they_found() {
    let d = check(
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,100)."
        ),
        RANGE,
    );
    let f = with(&d, Code::PortOutsideRange);
    assert!(f[0].message.contains("50020") && f[0].message.contains("50000-50010"));
    let d = check(
        public!(
            "> EPRT |1|198.51.100.99|50000|",
            "< 500 I won't open a connection to 198.51.100.99 (only to 203.0.113.50)",
        ),
        None,
    );
    let f = with(&d, Code::BounceRisk);
    assert!(f[0].message.contains("203.0.113.50"), "{}", f[0].message);
    assert!(f[0].message.contains("EPRT"));
    // The same reply is an anti-bounce refusal.
    assert_eq!(with(&d, Code::PortRefusedByServer).len(), 1);
    let d = check(public!("> PASV", "< 500 OOPS: invalid pasv_address"), None);
    assert!(with(&d, Code::InvalidServerConfig)[0]
        .message
        .contains("invalid pasv_address"));
    let d = check(
        public!(
            "> EPSV",
            "< 500 'EPSV': command not understood.",
            "* Failed EPSV attempt. Disabling EPSV",
        ),
        None,
    );
    assert!(with(&d, Code::EpsvNotSupported)[0].message.contains("500"));
}

#[test]
fn epsv_fallback_is_seen_without_the_clients_words() {
    // lftp says nothing like "Disabling EPSV": a failed EPSV connection followed by PASV is enough.
    let log = "\
---- Connecting to ftp.example.net (203.0.113.10) port 21
<--- 220 (vsFTPd 3.0.3)
---> USER anonymous
<--- 331 Please specify the password.
---> PASS XXXX
<--- 230 Login successful.
---> EPSV
<--- 229 Entering Extended Passive Mode (|||50012|)
---- Connecting data socket to (203.0.113.10) port 50012
**** Timeout - reconnecting
---> PASV
<--- 227 Entering Passive Mode (203,0,113,10,195,81).
";
    let d = check(log, None);
    let f = with(&d, Code::EpsvFailedFallback);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].lines, vec![7, 8, 9, 10]);
    assert_eq!(with(&d, Code::DataConnectionTimeout).len(), 1);
}

#[test]
fn findings_are_sorted_most_severe_first_and_summarised() {
    // One info (cleartext), two warnings (privileged port; the timeout), one error: the private address
    // the client connected to, which explains the timeout (issue 18: it was the timeout, an error too,
    // and the private address came second; the passive range is only a further suspect).
    let log = public!(
        "> PASV",
        "< 227 Entering Passive Mode (192,168,1,10,0,80).",
        "*   Trying 192.168.1.10:80...",
        "* ipv4 connect timeout after 2996ms, move on!",
    );
    let d = check(log, None);
    let sev: Vec<Severity> = d.findings.iter().map(|f| f.severity).collect();
    assert_eq!(
        sev,
        vec![Error, Warning, Warning, Info],
        "{:#?}",
        d.findings
    );
    assert!(d.has_errors());
    assert!(
        d.summary.starts_with("1 error, 2 warnings: "),
        "{}",
        d.summary
    );
    assert!(d.summary.ends_with(&d.findings[0].message));
    assert_eq!(d.findings[0].code, Code::AdvertisedPrivateAddress);
    // Within one severity, the cause (privileged port) before the consequence (timeout).
    let codes: Vec<Code> = d.findings[1..3].iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        vec![Code::PrivilegedPort, Code::DataConnectionTimeout]
    );
    // Two errors of one tier: by first line. The private address (line 9) and a timeout at the control
    // address, which the client chose instead (curl's "Skip"): the address does not explain that one.
    let log = public!(
        "> PASV",
        "< 227 Entering Passive Mode (192,168,1,10,195,80).",
        "* Skip 192.168.1.10 for data connection, re-use 203.0.113.10 instead",
        "*   Trying 203.0.113.10:50000...",
        "* ipv4 connect timeout after 2996ms, move on!",
        "> PASV",
        "< 227 Entering Passive Mode (203,0,113,10,195,81).",
        "*   Trying 203.0.113.10:50001...",
        "* ipv4 connect timeout after 2996ms, move on!",
    );
    let d = check(log, None);
    let errors: Vec<&Finding> = d
        .findings
        .iter()
        .filter(|f| f.severity == Error && f.code == Code::DataConnectionTimeout)
        .collect();
    assert_eq!(errors.len(), 2, "{:#?}", d.findings);
    assert!(errors[0].lines[0] < errors[1].lines[0]);

    let d = check(public!("> PASV", "< 500 OOPS: invalid pasv_address"), None);
    assert!(d.summary.starts_with("1 error: "), "{}", d.summary);
    let d = check(
        public!("> PASV", "< 229 Entering Extended Passive Mode (|||50012|)"),
        None,
    );
    assert!(d.summary.starts_with("1 warning: "), "{}", d.summary);
    assert!(!d.has_errors());
}

#[test]
fn summaries_without_problems() {
    let d = check("hello\nworld\n", None);
    assert_eq!(d.summary, "no FTP commands or replies found in this text");
    let d = check(
        ftps!("234 Proceed with negotiation."; "> PWD", "< 257 \"/\" is the current directory"),
        None,
    );
    assert_eq!(d.summary, "no data connection was negotiated in this log");
    let d = check(
        public!("> EPSV", "< 229 Entering Extended Passive Mode (|||50012|)"),
        None,
    );
    assert_eq!(
        d.summary,
        "a data connection was negotiated; the log does not show a transfer over it"
    );
}

#[test]
fn passive_range_parsing() {
    use ftp_explorer::diagnose::parse_range;
    assert_eq!(parse_range("50000-50010"), Ok((50000, 50010)));
    assert_eq!(parse_range(" 1 - 65535 "), Ok((1, 65535)));
    assert_eq!(parse_range("7-7"), Ok((7, 7)));
    assert!(parse_range("5-1")
        .unwrap_err()
        .to_string()
        .contains("above"));
    for bad in ["0-10", "1-65536", "50000", "a-b", "", "-5", "5-"] {
        assert!(parse_range(bad).is_err(), "{bad}");
    }
}

/// Issue 18: every finding of every trigger leads somewhere real — its flow preset exists and reads back
/// as that preset, its Server setup link reads back with no problem — and each code's finding carries
/// exactly the preset its row in `diagnose::LINKS` names (or the private-address lesson, for a failure
/// the advertised address explains).
#[test]
fn every_trigger_links_to_a_real_preset_and_a_valid_setup() {
    use ftp_explorer::diagnose::{links, LINKS};
    for (i, case) in TRIGGERS.iter().enumerate() {
        let s = read_log(case.log, None);
        let d = diagnose(
            &s,
            &Options {
                passive_range: case.range,
            },
        );
        for (f, l) in d.findings.iter().zip(links(&d.findings, &s, &d.options)) {
            let row = LINKS.iter().find(|(c, _, _)| *c == f.code).unwrap();
            let explained = matches!(
                f.code,
                Code::DataConnectionTimeout | Code::DataConnectionRefused
            ) && l.preset == Some("pasv-private-ip");
            assert!(
                l.preset == row.1 || explained,
                "trigger #{i} {}: {:?}",
                f.code,
                l.preset
            );
            if let Some(href) = l.flow_href() {
                let link = ftp_explorer::scenario::FlowLink::from_query(&href["#/flow?".len()..])
                    .unwrap_or_else(|e| panic!("trigger #{i}: {href}: {e:?}"));
                assert_eq!(link.preset.as_deref(), l.preset);
            }
            if let Some(q) = &l.setup {
                let (form, problems) = ftp_explorer::config::from_query(q);
                assert!(problems.is_empty(), "trigger #{i}: {q}: {problems:?}");
                assert_eq!(&ftp_explorer::config::to_query(&form), q);
            }
        }
    }
}
