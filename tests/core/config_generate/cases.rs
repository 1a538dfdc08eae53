//! Validation: each code, with inputs that trigger it and close inputs that do not.

use super::with;
use ftp_explorer::config::{Code, Field, Inputs, Severity, Target};

/// A code, the severity and field it comes with, and inputs for `target` that raise it (`yes`) and
/// close ones that do not (`no`).
pub(super) struct Case {
    pub(super) code: Code,
    pub(super) severity: Severity,
    pub(super) field: Field,
    pub(super) target: Target,
    pub(super) yes: Inputs,
    pub(super) no: Inputs,
}

fn case(
    code: Code,
    severity: Severity,
    field: Field,
    target: Target,
    yes: Inputs,
    no: Inputs,
) -> Case {
    Case {
        code,
        severity,
        field,
        target,
        yes,
        no,
    }
}

/// Every case, by subject.
pub(super) fn cases() -> Vec<Case> {
    [
        address_syntax_cases(),
        address_class_cases(),
        address_kind_cases(),
        range_content_cases(),
        range_size_cases(),
        port_and_limit_cases(),
        timeout_and_mode_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// An address that cannot be read, or none where one is needed.
fn address_syntax_cases() -> Vec<Case> {
    use Code::*;
    use Severity::Error;
    use Target::*;
    vec![
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "192.168.1.256".into()),
            with(|i| i.address = "192.168.1.255".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "010.0.0.1".into()),
            with(|i| i.address = "10.0.0.1".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "ftp_server.example".into()),
            with(|i| i.address = "ftp-server.example".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "1.2.3.4\nanon_upload_enable=YES".into()),
            with(|i| i.address = " 1.2.3.4 ".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "::ffff:198.51.100.20".into()),
            with(|i| i.address = "2001:db8::1".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Nftables,
            with(|i| i.address = "not an address".into()),
            with(|i| i.address = String::new()),
        ),
        case(
            AddressRequired,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| {
                i.address = String::new();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = String::new();
                i.behind_nat = false
            }),
        ),
        case(
            AddressRequired,
            Error,
            Field::Address,
            Docker,
            with(|i| i.address = String::new()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
    ]
}

/// An IPv4 address by its class: unusable, not public, documentation.
fn address_class_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "0.0.0.0".into()),
            with(|i| i.address = "1.0.0.1".into()),
        ),
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "224.0.0.1".into()),
            with(|i| i.address = "223.255.255.254".into()),
        ),
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "240.0.0.1".into()),
            with(|i| i.address = "8.8.8.8".into()),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| {
                i.address = "192.168.1.10".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "192.168.1.10".into();
                i.behind_nat = false
            }),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            PureFtpd,
            with(|i| {
                i.address = "100.64.0.1".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "100.63.255.255".into();
                i.behind_nat = true
            }),
        ),
        case(
            AddressNotPublic,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "10.0.0.5".into()),
            with(|i| i.address = "11.0.0.5".into()),
        ),
        case(
            AddressNotPublic,
            Warning,
            Field::Address,
            Pyftpdlib,
            with(|i| i.address = "127.0.0.1".into()),
            with(|i| i.address = "128.0.0.1".into()),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            Docker,
            with(|i| i.address = "172.17.0.2".into()),
            with(|i| i.address = "172.32.0.2".into()),
        ),
        case(
            AddressDocumentation,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "203.0.113.9".into()),
            with(|i| i.address = "203.0.114.9".into()),
        ),
    ]
}

/// IPv6, and host names (unsupported, or resolved once).
fn address_kind_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            AddressIpv6,
            Warning,
            Field::Address,
            Proftpd,
            with(|i| i.address = "2001:db8::1".into()),
            with(|i| i.address = "192.0.2.1".into()),
        ),
        case(
            AddressIpv6,
            Error,
            Field::Address,
            Proftpd,
            with(|i| {
                i.address = "2001:db8::1".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "192.0.2.1".into();
                i.behind_nat = true
            }),
        ),
        case(
            AddressHostNameUnsupported,
            Error,
            Field::Address,
            Pyftpdlib,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            AddressResolvedAtStart,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            AddressResolvedAtStart,
            Warning,
            Field::Address,
            Proftpd,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
    ]
}

/// Which ports a passive range holds: out of bounds, backwards, the control port, service ports.
fn range_content_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            PassiveRangeOutOfBounds,
            Error,
            Field::PassivePorts,
            Iptables,
            with(|i| {
                i.passive_min = 1023;
                i.passive_max = 2000
            }),
            with(|i| {
                i.passive_min = 1024;
                i.passive_max = 2000
            }),
        ),
        case(
            PassiveRangeOutOfBounds,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 65000;
                i.passive_max = 65536
            }),
            with(|i| {
                i.passive_min = 65000;
                i.passive_max = 65535
            }),
        ),
        case(
            PassiveRangeReversed,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 51000;
                i.passive_max = 50000
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 51000
            }),
        ),
        case(
            PassiveRangeIncludesControlPort,
            Error,
            Field::PassivePorts,
            Ufw,
            with(|i| i.control_port = 50500),
            with(|i| i.control_port = 51001),
        ),
        case(
            PassiveRangeIncludesServicePorts,
            Warning,
            Field::PassivePorts,
            Nftables,
            with(|i| {
                i.passive_min = 3250;
                i.passive_max = 3350;
            }),
            with(|i| {
                i.passive_min = 3307;
                i.passive_max = 3388;
            }),
        ),
    ]
}

/// How many ports a passive range holds, for the clients allowed.
fn range_size_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            PassiveRangeTooSmall,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50048
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50049
            }),
        ),
        case(
            PassiveRangeTooSmall,
            Error,
            Field::PassivePorts,
            Nftables,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50009;
                i.max_clients = 11
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50009;
                i.max_clients = 10
            }),
        ),
        case(
            PassiveRangeSinglePort,
            Error,
            Field::PassivePorts,
            Proftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50000;
                i.max_clients = 1;
                i.max_per_ip = 1
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50001;
                i.max_clients = 1;
                i.max_per_ip = 1
            }),
        ),
        case(
            PassiveRangeTight,
            Warning,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50099;
            }),
        ),
        case(
            PureFtpdClientsCapped,
            Warning,
            Field::MaxClients,
            PureFtpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50099
            }),
        ),
        case(
            PureFtpdClientsCapped,
            Warning,
            Field::MaxClients,
            PureFtpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
                i.max_clients = 0
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
                i.max_clients = 49
            }),
        ),
    ]
}

/// The control port and the client limits.
fn port_and_limit_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            ControlPortOutOfRange,
            Error,
            Field::ControlPort,
            Firewalld,
            with(|i| i.control_port = 0),
            with(|i| i.control_port = 1),
        ),
        case(
            ControlPortOutOfRange,
            Error,
            Field::ControlPort,
            Vsftpd,
            with(|i| i.control_port = 65536),
            with(|i| i.control_port = 65535),
        ),
        case(
            UnlimitedClients,
            Warning,
            Field::MaxClients,
            Pyftpdlib,
            with(|i| i.max_clients = 0),
            with(|i| i.max_clients = 1),
        ),
        case(
            UnlimitedPerIp,
            Warning,
            Field::MaxPerIp,
            Proftpd,
            with(|i| i.max_per_ip = 0),
            with(|i| i.max_per_ip = 1),
        ),
        case(
            MaxPerIpAboveMaxClients,
            Warning,
            Field::MaxPerIp,
            Vsftpd,
            with(|i| {
                i.max_clients = 5;
                i.max_per_ip = 6
            }),
            with(|i| {
                i.max_clients = 5;
                i.max_per_ip = 5
            }),
        ),
    ]
}

/// The data timeout, active mode and TLS.
fn timeout_and_mode_cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            DataTimeoutOutOfRange,
            Error,
            Field::DataTimeout,
            Vsftpd,
            with(|i| i.data_timeout = 0),
            with(|i| i.data_timeout = 1),
        ),
        case(
            DataTimeoutOutOfRange,
            Error,
            Field::DataTimeout,
            Nftables,
            with(|i| i.data_timeout = 65536),
            with(|i| i.data_timeout = 65535),
        ),
        case(
            DataTimeoutShort,
            Warning,
            Field::DataTimeout,
            Proftpd,
            with(|i| i.data_timeout = 29),
            with(|i| i.data_timeout = 30),
        ),
        case(
            DataTimeoutUnsupported,
            Warning,
            Field::DataTimeout,
            PureFtpd,
            with(|i| i.data_timeout = 600),
            with(|i| i.data_timeout = 300),
        ),
        case(
            ActiveModeNotDisableable,
            Warning,
            Field::Active,
            PureFtpd,
            with(|i| i.active = false),
            with(|i| i.active = true),
        ),
        case(
            TlsActiveMode,
            Warning,
            Field::Active,
            Nftables,
            with(|i| {
                i.tls = true;
                i.active = true
            }),
            with(|i| {
                i.tls = true;
                i.active = false
            }),
        ),
    ]
}
