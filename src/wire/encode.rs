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
