//! What can be wrong with the inputs: a [`Problem`] (an error stops generation, a warning travels with
//! the text) has a stable [`Code`] and names the input ([`Field`]) it is about; [`Problems`] are what
//! [`super::generate`] refuses with.

use super::Severity;
use serde::Serialize;
use std::fmt;

crate::named_enum! {
    /// The input a problem is about (a form shows the message beside it). Its names are the JSON's
    /// `field` values (snake_case, like the query's keys).
    pub Field {
        Target => "target",
        Address => "address",
        BehindNat => "behind_nat",
        PassivePorts => "passive_ports",
        Active => "active",
        Tls => "tls",
        MaxClients => "max_clients",
        MaxPerIp => "max_per_ip",
        DataTimeout => "data_timeout",
        ControlPort => "control_port",
    }
}

crate::named_enum! {
    /// The stable code of a problem with the inputs.
    pub Code {
        /// Error: not an IP address and not a host name (the message says why).
        AddressInvalid => "address-invalid",
        /// Error: behind NAT (or in Docker) the server must be told the address clients connect to.
        AddressRequired => "address-required",
        /// Error: no client can connect to it (unspecified, multicast, broadcast, reserved…).
        AddressUnusable => "address-unusable",
        /// Private, shared (CGNAT), link-local, loopback or benchmarking space: an error behind NAT (the
        /// classic misconfiguration), a warning otherwise (only clients of that network can reach it).
        AddressNotPublic => "address-not-public",
        /// Warning: documentation space (RFC 5737 / RFC 3849) is never a real host.
        AddressDocumentation => "address-documentation",
        /// An IPv6 address: a 227 reply can only carry IPv4 (EPSV carries no address). An error behind NAT,
        /// a warning otherwise (nothing is written into the configuration).
        AddressIpv6 => "address-ipv6",
        /// Error: the server program needs a numeric address (pyftpdlib).
        AddressHostNameUnsupported => "address-host-name-unsupported",
        /// Warning: the host name is resolved once, when the server starts (vsftpd, ProFTPD).
        AddressResolvedAtStart => "address-resolved-at-start",
        /// Error: not MIN-MAX.
        PassiveRangeSyntax => "passive-range-syntax",
        /// Error: outside 1024–65535.
        PassiveRangeOutOfBounds => "passive-range-out-of-bounds",
        /// Error: MIN above MAX.
        PassiveRangeReversed => "passive-range-reversed",
        /// Error: the control port lies inside the passive range.
        PassiveRangeIncludesControlPort => "passive-range-includes-control-port",
        /// Error: fewer passive ports than clients allowed at once (port exhaustion).
        PassiveRangeTooSmall => "passive-range-too-small",
        /// Error: ProFTPD refuses a range of one port (`PassivePorts N N`).
        PassiveRangeSinglePort => "passive-range-single-port",
        /// Warning: fewer than two passive ports per client (parallel transfers exhaust it).
        PassiveRangeTight => "passive-range-tight",
        /// Warning: the range holds well-known service ports (3306, 5432, 6379…) that its firewall rule
        /// would expose.
        PassiveRangeIncludesServicePorts => "passive-range-includes-service-ports",
        /// Warning: Pure-FTPd lowers its client limit to half the passive ports.
        PureFtpdClientsCapped => "pure-ftpd-clients-capped",
        /// Error: the control port is not 1–65535.
        ControlPortOutOfRange => "control-port-out-of-range",
        /// Warning: no limit on clients (resource exhaustion).
        UnlimitedClients => "unlimited-clients",
        /// Warning: no per-address limit (one host can take every slot).
        UnlimitedPerIp => "unlimited-per-ip",
        /// Warning: the per-address limit is above the total limit, so it never applies.
        MaxPerIpAboveMaxClients => "max-per-ip-above-max-clients",
        /// Error: the data timeout is not 1–65535 seconds.
        DataTimeoutOutOfRange => "data-timeout-out-of-range",
        /// Warning: under 30 seconds, slow or briefly stalled transfers are cut.
        DataTimeoutShort => "data-timeout-short",
        /// Warning: the target has no data-connection timeout (Pure-FTPd).
        DataTimeoutUnsupported => "data-timeout-unsupported",
        /// Warning: the target cannot refuse PORT/EPRT (Pure-FTPd).
        ActiveModeNotDisableable => "active-mode-not-disableable",
        /// Warning: active mode under TLS: no firewall or NAT on the client's side can read the encrypted
        /// PORT command, so active transfers usually fail.
        TlsActiveMode => "tls-active-mode",
        /// Error (query and CLI): not a whole number.
        NotANumber => "not-a-number",
        /// Error (query): not a yes/no value.
        NotABoolean => "not-a-boolean",
        /// Error (query and CLI): no such target.
        TargetUnknown => "target-unknown",
    }
}

/// A problem with the inputs: an error stops generation, a warning travels with the generated text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: Code,
    pub severity: Severity,
    pub field: Field,
    pub message: String,
}

impl Problem {
    pub(crate) fn error(code: Code, field: Field, message: impl Into<String>) -> Self {
        Problem {
            code,
            severity: Severity::Error,
            field,
            message: message.into(),
        }
    }

    pub(crate) fn warning(code: Code, field: Field, message: impl Into<String>) -> Self {
        Problem {
            code,
            severity: Severity::Warning,
            field,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `error [passive-range-reversed] passive_ports: the passive range …`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.severity, self.code, self.field, self.message
        )
    }
}

impl std::error::Error for Problem {}

/// Every problem that stopped [`super::generate`]: errors first, then warnings (at least one error). A
/// slice of [`Problem`] for everything else (`iter`, `len`, indexing); serialised as a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problems, as a plain list.
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    /// The errors only (the warnings that came with them left out).
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.is_error())
    }
}

impl std::ops::Deref for Problems {
    type Target = [Problem];
    fn deref(&self) -> &[Problem] {
        &self.0
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        Problems(problems)
    }
}

impl From<Problems> for Vec<Problem> {
    fn from(problems: Problems) -> Self {
        problems.0
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl PartialEq<Vec<Problem>> for Problems {
    fn eq(&self, other: &Vec<Problem>) -> bool {
        &self.0 == other
    }
}

/// One problem a line.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, p) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
