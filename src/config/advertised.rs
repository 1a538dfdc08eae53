//! The address to advertise in 227 replies: reading it from the input ([`Advertised::parse`], whose
//! error is an [`AdvertisedError`]) and checking it for a target (IANA's registries, [`crate::address`]):
//! an address no client can connect to is an error; private/shared/loopback space is an error behind
//! NAT (the classic mistake) and a warning otherwise (a LAN-only server is legitimate); documentation
//! space is a warning (examples and tests use it); behind NAT (and in Docker, which is NAT) an address is
//! required; the firewall targets do not use the address, so only its syntax is checked there.

use super::{Code, Field, Inputs, Kind, Problem, Target};
use crate::address::{classify, parse_ip, AddressError, Category};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The address to advertise, read from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advertised {
    /// None given: the server advertises the address the client connected to.
    None,
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
    /// A host name (checked: letters, digits, hyphens, dots; at most 253 characters).
    Host(String),
}

/// Why a text is neither an IP address nor a host name. Its `Display` says so in a sentence naming the
/// text (the message of the [`Code::AddressInvalid`] problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdvertisedError {
    /// The text as read (blanks around it removed).
    pub text: String,
    pub kind: AdvertisedErrorKind,
}

/// What is wrong with an address or host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdvertisedErrorKind {
    /// An IPv4 address written in IPv6 form (`::ffff:192.0.2.1`): this IPv4 address is meant.
    Ipv4Mapped(Ipv4Addr),
    /// Numeric text (digits and dots, or a `:`) that is not an IP address.
    NotAnIp(AddressError),
    /// A character outside ASCII (an internationalised name not in its `xn--` form).
    NonAscii(char),
    /// A character that can appear in neither an address nor a host name.
    Character(char),
    /// More than 253 characters (this many).
    TooLong(usize),
    /// A final dot (`ftp.example.com.`).
    FinalDot,
    /// Two dots in a row, or a leading dot.
    EmptyLabel,
    /// A label of more than 63 characters.
    LabelTooLong(String),
    /// A label starting or ending with a hyphen.
    LabelHyphen(String),
    /// A last label of digits only (`1.2.3.4.5`): neither an address nor a name.
    NumericLastLabel,
}

impl Advertised {
    /// Read an address or host name; blanks around it are ignored, an empty text is [`Advertised::None`].
    /// Numeric text is read strictly (no leading zeros: some programs would read `010` as octal).
    pub fn parse(text: &str) -> Result<Advertised, AdvertisedError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Advertised::None);
        }
        let error = |kind| AdvertisedError {
            text: t.to_string(),
            kind,
        };
        if t.contains(':') || t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return match parse_ip(t) {
                Ok(IpAddr::V4(v4)) => Ok(Advertised::Ipv4(v4)),
                Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                    Some(v4) => Err(error(AdvertisedErrorKind::Ipv4Mapped(v4))),
                    None => Ok(Advertised::Ipv6(v6)),
                },
                Err(e) => Err(error(AdvertisedErrorKind::NotAnIp(e))),
            };
        }
        host_name(t)
            .map(|()| Advertised::Host(t.to_string()))
            .map_err(error)
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Advertised::None)
    }
}

/// A host name as DNS allows it (RFC 1123 §2.1): labels of 1–63 letters, digits and hyphens, not
/// starting or ending with a hyphen, at most 253 characters, a last label that is not all digits.
fn host_name(t: &str) -> Result<(), AdvertisedErrorKind> {
    use AdvertisedErrorKind as E;
    if let Some(c) = t.chars().find(|c| !c.is_ascii()) {
        return Err(E::NonAscii(c));
    }
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(E::Character(c));
    }
    if t.len() > 253 {
        return Err(E::TooLong(t.len()));
    }
    if t.ends_with('.') {
        return Err(E::FinalDot);
    }
    for label in t.split('.') {
        if label.is_empty() {
            return Err(E::EmptyLabel);
        }
        if label.len() > 63 {
            return Err(E::LabelTooLong(label.to_string()));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(E::LabelHyphen(label.to_string()));
        }
    }
    if t.rsplit('.')
        .next()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(E::NumericLastLabel);
    }
    Ok(())
}

impl fmt::Display for AdvertisedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AdvertisedErrorKind as E;
        let t = &self.text;
        match &self.kind {
            E::Ipv4Mapped(v4) => write!(
                f,
                "'{t}' is an IPv4 address written in IPv6 form: write {v4} itself"
            ),
            E::NotAnIp(e) => write!(f, "'{t}' is not an IP address: {}", e.message),
            E::NonAscii(c) => write!(
                f,
                "'{t}' holds '{c}': write an internationalised name in its ASCII form (xn--…)"
            ),
            E::Character(c) => {
                let shown = if c.is_ascii_graphic() {
                    format!("'{c}'")
                } else {
                    format!("the character U+{:04X}", *c as u32)
                };
                write!(
                    f,
                    "'{}' is neither an IP address nor a host name: {shown} cannot appear in either",
                    t.escape_debug()
                )
            }
            E::TooLong(len) => write!(
                f,
                "the host name is {len} characters long; DNS allows 253"
            ),
            E::FinalDot => write!(
                f,
                "'{t}': remove the final dot (the servers want the name without it)"
            ),
            E::EmptyLabel => write!(
                f,
                "'{t}' has an empty label (two dots in a row, or a leading dot)"
            ),
            E::LabelTooLong(label) => write!(
                f,
                "'{t}': the label '{label}' is {} characters long; DNS allows 63",
                label.len()
            ),
            E::LabelHyphen(label) => write!(
                f,
                "'{t}': the label '{label}' starts or ends with a hyphen"
            ),
            E::NumericLastLabel => write!(
                f,
                "'{t}' is neither an IP address (four numbers 0-255) nor a host name (its last label is all digits)"
            ),
        }
    }
}

impl std::error::Error for AdvertisedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            AdvertisedErrorKind::NotAnIp(e) => Some(e),
            _ => None,
        }
    }
}

/// Where the server sits, as the address problems say it: behind NAT (Docker publishes ports through
/// NAT, so the server inside must advertise the host's address), and how the message names it.
struct Behind {
    nat: bool,
    where_: &'static str,
}

impl Behind {
    fn of(target: Target, inputs: &Inputs) -> Behind {
        Behind {
            nat: inputs.behind_nat || target == Target::Docker,
            where_: if target == Target::Docker {
                "Behind Docker's NAT (published ports)"
            } else {
                "Behind NAT"
            },
        }
    }
}

/// Read the address and say what is wrong with it for `target`; `None` when it cannot be read.
pub(crate) fn check_address(
    target: Target,
    inputs: &Inputs,
    p: &mut Vec<Problem>,
) -> Option<Advertised> {
    let address = match Advertised::parse(&inputs.address) {
        Ok(a) => a,
        Err(e) => {
            p.push(Problem::error(
                Code::AddressInvalid,
                Field::Address,
                e.to_string(),
            ));
            return None;
        }
    };
    if target.kind() == Kind::Firewall {
        return Some(address); // firewall rules never use the address
    }
    let behind = Behind::of(target, inputs);
    let where_ = behind.where_;
    let problem = match &address {
        Advertised::None if behind.nat => Some(Problem::error(
            Code::AddressRequired,
            Field::Address,
            format!("{where_} the server must be told the public address clients connect to: without it, the 227 reply names the server's own private address and every passive transfer times out"),
        )),
        Advertised::None => None,
        Advertised::Host(name) => host_name_problem(target, name),
        Advertised::Ipv6(v6) => Some(ipv6_problem(*v6, &behind)),
        Advertised::Ipv4(v4) => ipv4_problem(*v4, &behind),
    };
    p.extend(problem);
    Some(address)
}

/// A host name where the target needs a number, or resolves it only once.
fn host_name_problem(target: Target, name: &str) -> Option<Problem> {
    match target {
        Target::Pyftpdlib => Some(Problem::error(
            Code::AddressHostNameUnsupported,
            Field::Address,
            format!("pyftpdlib's masquerade_address must be an IPv4 address (it is copied into the 227 reply as it is): give the address '{name}' resolves to"),
        )),
        Target::Vsftpd | Target::Proftpd => Some(Problem::warning(
            Code::AddressResolvedAtStart,
            Field::Address,
            format!("{} resolves '{name}' once, when it starts: after the address behind the name changes (a dynamic address), restart the server", target.display_name()),
        )),
        _ => None,
    }
}

/// An IPv6 address, which no 227 reply can carry.
fn ipv6_problem(v6: Ipv6Addr, behind: &Behind) -> Problem {
    let message = format!("{v6} is an IPv6 address: a 227 reply (PASV) can only carry an IPv4 address, and an EPSV reply carries no address at all (the client reuses the control connection's)");
    if behind.nat {
        Problem::error(
            Code::AddressIpv6,
            Field::Address,
            format!(
                "{message}. {}, give the public IPv4 address that IPv4 clients connect to",
                behind.where_
            ),
        )
    } else {
        Problem::warning(
            Code::AddressIpv6,
            Field::Address,
            format!("{message}, so nothing is written into the configuration for it"),
        )
    }
}

/// An IPv4 address by its IANA class: fine when public, else who can (or cannot) reach it.
fn ipv4_problem(v4: Ipv4Addr, behind: &Behind) -> Option<Problem> {
    let c = classify(IpAddr::V4(v4));
    let what = format!(
        "{v4} is {} ({}, {})",
        c.category.phrase(),
        c.range.as_deref().unwrap_or(""),
        c.rfc.unwrap_or("")
    );
    let where_ = behind.where_;
    let problem = match c.category {
        Category::Public => return None,
        Category::Documentation => Problem::warning(
            Code::AddressDocumentation,
            Field::Address,
            format!("{what}: it is reserved for examples and never belongs to a real host. Fine for a test; in production give the server's real public address"),
        ),
        Category::Private
        | Category::SharedCgnat
        | Category::LinkLocal
        | Category::Loopback
        | Category::Benchmarking => {
            if behind.nat {
                Problem::error(
                    Code::AddressNotPublic,
                    Field::Address,
                    format!("{what}. {where_} the 227 reply must carry the public address clients connect to; a client outside that network cannot reach this one and its passive transfers time out"),
                )
            } else if c.category == Category::Loopback {
                Problem::warning(
                    Code::AddressNotPublic,
                    Field::Address,
                    format!("{what}: only clients on this very machine can use the 227 reply"),
                )
            } else {
                Problem::warning(
                    Code::AddressNotPublic,
                    Field::Address,
                    format!("{what}: only clients inside that network can reach it. Right for a LAN-only server; for clients on the Internet give the public address"),
                )
            }
        }
        _ => Problem::error(
            Code::AddressUnusable,
            Field::Address,
            format!(
                "{what}. {} No client can open a data connection to it",
                c.category.meaning()
            ),
        ),
    };
    Some(problem)
}
