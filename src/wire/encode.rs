//! Canonical text for each form, from an address and a port: what [`super::decode`] reads back.

use super::decoded::{Kind, PortMath};
use super::error::{DecodeError, ErrorCode, Span};
use std::net::{IpAddr, Ipv4Addr};

fn bytes_v4(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{},{},{},{}", o[0], o[1], o[2], o[3])
}

fn long_group(ip: IpAddr, m: PortMath) -> String {
    let (af, bytes): (u8, Vec<u8>) = match ip {
        IpAddr::V4(v4) => (4, v4.octets().to_vec()),
        IpAddr::V6(v6) => (6, v6.octets().to_vec()),
    };
    let addr: Vec<String> = bytes.iter().map(u8::to_string).collect();
    format!(
        "{af},{},{},2,{},{}",
        bytes.len(),
        addr.join(","),
        m.p1,
        m.p2
    )
}

fn need_v4(ip: Option<IpAddr>, kind: Kind) -> Result<Ipv4Addr, DecodeError> {
    match ip {
        Some(IpAddr::V4(v4)) => Ok(v4),
        Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped().ok_or_else(|| {
            DecodeError::new(
                ErrorCode::WrongFamily,
                Span::default(),
                format!(
                    "{} can only carry IPv4; for {v6} use {}",
                    kind.as_str().to_ascii_uppercase(),
                    if kind.is_passive() { "EPSV" } else { "EPRT" }
                ),
            )
        }),
        None => Err(need_ip(kind)),
    }
}

fn need_ip(kind: Kind) -> DecodeError {
    DecodeError::new(
        ErrorCode::BadAddress,
        Span::default(),
        format!("{} needs an address", kind.as_str().to_ascii_uppercase()),
    )
}

/// The canonical text of `kind` for `ip` and `port` (EPSV ignores `ip`: its reply carries none).
/// Refuses port 0, and the unspecified address in the active forms, exactly as the decoder does.
pub fn encode(kind: Kind, ip: Option<IpAddr>, port: u16) -> Result<String, DecodeError> {
    if port == 0 {
        return Err(super::numbers::port_zero(Span::default()));
    }
    // PASV and PORT carry an IPv4-mapped address as its IPv4 address: check that one (::ffff:0.0.0.0
    // is 0.0.0.0 on the wire, which the decoder refuses in PORT).
    let ip = match (kind, ip) {
        (Kind::Pasv | Kind::Port, Some(IpAddr::V6(v6))) => {
            v6.to_ipv4_mapped().map(IpAddr::V4).or(ip)
        }
        _ => ip,
    };
    if !kind.is_passive() && ip.is_some_and(|ip| ip.is_unspecified()) {
        return Err(super::port::unspecified(
            ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
            Span::default(),
            &kind.as_str().to_ascii_uppercase(),
        ));
    }
    let m = PortMath::of_port(port);
    Ok(match kind {
        Kind::Pasv => format!(
            "227 Entering Passive Mode ({},{},{})",
            bytes_v4(need_v4(ip, kind)?),
            m.p1,
            m.p2
        ),
        Kind::Port => format!("PORT {},{},{}", bytes_v4(need_v4(ip, kind)?), m.p1, m.p2),
        Kind::Epsv => format!("229 Entering Extended Passive Mode (|||{port}|)"),
        Kind::Eprt => {
            let ip = ip.ok_or_else(|| need_ip(kind))?;
            format!("EPRT |{}|{ip}|{port}|", if ip.is_ipv4() { 1 } else { 2 })
        }
        Kind::Lpsv => format!(
            "228 Entering Long Passive Mode ({})",
            long_group(ip.ok_or_else(|| need_ip(kind))?, m)
        ),
        Kind::Lprt => format!("LPRT {}", long_group(ip.ok_or_else(|| need_ip(kind))?, m)),
    })
}

/// Which input of an encode form an error belongs to (the page shows it beside that field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Address,
    Port,
}

impl Field {
    /// The field's name as a message shows it: `address`, `port`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Address => "address",
            Field::Port => "port",
        }
    }
}

/// An error of an encode form, and the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub error: DecodeError,
}

impl std::fmt::Display for FieldError {
    /// `port: port-zero (bytes 0..1): …`: the field, then the error.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.as_str(), self.error)
    }
}

impl std::error::Error for FieldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Does the form carry an address? EPSV's 229 reply does not: the client reuses the control
/// connection's, so an address given for it is ignored.
pub const fn carries_address(kind: Kind) -> bool {
    !matches!(kind, Kind::Epsv)
}

/// [`encode`] from the text of a form's fields (what the page's encoder and `ftp-explorer encode` take):
/// the address is read strictly ([`crate::address::parse_ip`]; blank: none), the port as a decimal TCP
/// port. Every error names its field and has a stable code: `bad-address` when a form needs an address
/// and has none, `wrong-family` for IPv6 in PASV/PORT, `unspecified-address` for 0.0.0.0 in an active
/// form, `missing-port`, `bad-port`, `port-out-of-range`, `port-zero`, and the address reader's codes.
/// Both fields are checked, so both errors show at once.
pub fn encode_fields(kind: Kind, address: &str, port: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let ip = if !carries_address(kind) || address.trim().is_empty() {
        None
    } else {
        match crate::address::parse_ip(address.trim()) {
            Ok(ip) => Some(ip),
            Err(error) => {
                errors.push(FieldError {
                    field: Field::Address,
                    error: error.into(),
                });
                None
            }
        }
    };
    let port = port.trim();
    let port = match super::port_number(port, Span::new(0, port.len())) {
        Ok(p) => Some(p),
        Err(error) => {
            errors.push(FieldError {
                field: Field::Port,
                error,
            });
            None
        }
    };
    if errors.first().is_some_and(|e| e.field == Field::Address) {
        return Err(errors);
    }
    // The address is read (or absent): what `encode` says about it (port 0 is the port field's error,
    // already found, so a stand-in port cannot fail here).
    match encode(kind, ip, port.unwrap_or(1)) {
        Ok(text) if errors.is_empty() => Ok(text),
        Ok(_) => Err(errors),
        Err(error) => {
            errors.insert(
                0,
                FieldError {
                    field: Field::Address,
                    error,
                },
            );
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::decode;

    fn codes(r: &Result<String, Vec<FieldError>>) -> Vec<(Field, &'static str)> {
        match r {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|e| (e.field, e.error.code.as_str())).collect(),
        }
    }

    #[test]
    fn fields_encode_every_form_and_decode_back() {
        for (kind, address, port, text) in [
            (
                Kind::Pasv,
                "192.168.1.100",
                "50000",
                "227 Entering Passive Mode (192,168,1,100,195,80)",
            ),
            (
                Kind::Epsv,
                "",
                "6446",
                "229 Entering Extended Passive Mode (|||6446|)",
            ),
            (
                Kind::Epsv,
                "203.0.113.5",
                "6446",
                "229 Entering Extended Passive Mode (|||6446|)",
            ),
            (Kind::Port, " 10.0.0.1 ", " 1025", "PORT 10,0,0,1,4,1"),
            (Kind::Eprt, "::1", "6275", "EPRT |2|::1|6275|"),
            (
                Kind::Lpsv,
                "4.4.8.8",
                "612",
                "228 Entering Long Passive Mode (4,4,4,4,8,8,2,2,100)",
            ),
            (
                Kind::Lprt,
                "::1",
                "65535",
                "LPRT 6,16,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,2,255,255",
            ),
        ] {
            let got = encode_fields(kind, address, port);
            assert_eq!(got.as_deref(), Ok(text), "{kind} {address} {port}");
            let back = decode(text).unwrap();
            assert_eq!(back.kind, kind);
            assert_eq!(
                back.endpoint.map(|e| e.port),
                Some(port.trim().parse().unwrap())
            );
        }
    }

    #[test]
    fn each_error_names_its_field_and_code() {
        use Field::*;
        let case = |k, a, p| codes(&encode_fields(k, a, p));
        assert_eq!(
            case(Kind::Pasv, "2001:db8::1", "50000"),
            [(Address, "wrong-family")]
        );
        assert_eq!(
            case(Kind::Port, "2001:db8::1", "50000"),
            [(Address, "wrong-family")]
        );
        assert_eq!(case(Kind::Pasv, "", "50000"), [(Address, "bad-address")]);
        assert_eq!(case(Kind::Eprt, "", "50000"), [(Address, "bad-address")]);
        assert_eq!(
            case(Kind::Port, "0.0.0.0", "50000"),
            [(Address, "unspecified-address")]
        );
        assert_eq!(
            case(Kind::Pasv, "10.0.0.01", "50000"),
            [(Address, "leading-zero")]
        );
        assert_eq!(case(Kind::Pasv, "10.0.0.1", ""), [(Port, "missing-port")]);
        assert_eq!(case(Kind::Pasv, "10.0.0.1", "5e4"), [(Port, "bad-port")]);
        assert_eq!(
            case(Kind::Pasv, "10.0.0.1", "65536"),
            [(Port, "port-out-of-range")]
        );
        assert_eq!(case(Kind::Epsv, "nonsense", "0"), [(Port, "port-zero")]);
        // Both at once.
        assert_eq!(
            case(Kind::Pasv, "::1", "x"),
            [(Address, "wrong-family"), (Port, "bad-port")]
        );
        assert_eq!(
            case(Kind::Lprt, "1.2.3", "99999999999999999999999"),
            [(Address, "wrong-octet-count"), (Port, "port-out-of-range")]
        );
        // An IPv4-mapped IPv6 address goes into a 227 as its IPv4 address.
        assert_eq!(
            encode_fields(Kind::Pasv, "::ffff:192.0.2.1", "21").as_deref(),
            Ok("227 Entering Passive Mode (192,0,2,1,0,21)")
        );
    }

    #[test]
    fn a_field_error_is_an_error_that_names_its_field() {
        let Err(errors) = encode_fields(Kind::Pasv, "192.0.2.1", "0") else {
            panic!("port 0 is an error");
        };
        let e: &dyn std::error::Error = &errors[0];
        assert!(e.to_string().starts_with("port: port-zero"), "{e}");
        assert!(e.source().is_some());
    }
}
