//! Warnings shared by every form: the address class, the port, and the control connection's family.

use super::decoded::{Context, Decoded};
use super::error::{Span, Warning, WarningCode};
use crate::address::{classify, Category};
use std::net::IpAddr;

/// Classify the endpoint's address, store it, and warn about what its class means for this form.
pub(crate) fn address(d: &mut Decoded, ip: IpAddr, span: Span, ctx: &Context) {
    let full = classify(ip);
    // An IPv4-mapped address means its IPv4 address on the wire: judge that one.
    let class = match (&full.category, &full.embedded_ipv4) {
        (Category::Ipv4Mapped, Some(inner)) => (**inner).clone(),
        _ => full.clone(),
    };
    let passive = d.kind.is_passive();
    let range = class
        .range
        .as_deref()
        .map(|r| format!(", {r}"))
        .unwrap_or_default();
    let rfc = class
        .rfc
        .map(|r| format!(" ({r}{range})"))
        .unwrap_or_default();
    match class.category {
        Category::Public => {}
        Category::Unspecified => d.warnings.push(Warning::new(
            WarningCode::UnspecifiedAddress,
            Some(span),
            format!(
                "{ip} is the unspecified address: it names no host. Some clients connect to the control connection's address instead (curl and Python ftplib ignore the advertised address by default; FileZilla substitutes the server's address when that one is routable; AWS Transfer Family relies on this), others fail. Advertise a real address."
            ),
        )),
        Category::Multicast | Category::Broadcast => d.warnings.push(Warning::new(
            WarningCode::NotUnicast,
            Some(span),
            format!("{ip} is {}{rfc}: TCP cannot connect to it, so no data connection can open.", class.category.phrase()),
        )),
        category => {
            let consequence = match (class.globally_reachable, passive, category) {
                (true, _, _) => "",
                (false, true, Category::Loopback) => " Only a client on the server's own machine can connect to it; every other client reaches itself instead. The server must advertise its public address (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P).",
                (false, true, _) => " A client outside the server's own network cannot connect to it: a server behind NAT must advertise its public address (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P).",
                (false, false, Category::Loopback) => " Only a server on the client's own machine can connect to it.",
                (false, false, _) => " Only a server on the client's own network can connect back to it: from behind NAT, use passive mode instead (or rely on a NAT FTP helper that rewrites the command, which TLS prevents).",
            };
            d.warnings.push(Warning::new(
                WarningCode::NonPublicAddress,
                Some(span),
                format!("{ip} is {}{rfc}.{consequence}", category.phrase()),
            ));
        }
    }
    if let Some(peer) = ctx.control_peer.map(|p| p.to_canonical()) {
        if peer.is_ipv6() && ip.is_ipv4() && matches!(d.kind, super::Kind::Pasv | super::Kind::Port)
        {
            d.warnings.push(Warning::new(
                WarningCode::PasvOnIpv6,
                Some(span),
                format!(
                    "the control connection uses IPv6 ({peer}) but {} can only carry IPv4; use {} (RFC 2428). Many servers refuse it: \"425 You cannot use PASV on IPv6 connections. Use EPSV instead.\"",
                    d.kind.as_str().to_ascii_uppercase(),
                    if passive { "EPSV" } else { "EPRT" }
                ),
            ));
        } else if passive && peer != ip {
            d.warnings.push(Warning::new(
                WarningCode::AddressMismatch,
                Some(span),
                format!(
                    "the server advertised {ip} but the control connection goes to {peer}. That can be deliberate (a separate data host), but curl (since 7.74.0) and Python ftplib (since bpo-43285) ignore the advertised address and connect to {peer}, while FileZilla only replaces it when it is unroutable."
                ),
            ));
        }
    }
    d.address = Some(full);
}

/// Warn about a privileged port.
pub(crate) fn port(d: &mut Decoded, port: u16, span: Span) {
    if port < 1024 {
        let why = if d.kind.is_passive() {
            "unusual for a passive data port (servers normally hand out ports from a high range such as 50000-51000)"
        } else {
            "the pattern of the FTP bounce attack (RFC 2577): many servers refuse PORT/EPRT to ports below 1024"
        };
        d.warnings.push(Warning::new(
            WarningCode::PrivilegedPort,
            Some(span),
            format!("port {port} is privileged (below 1024): {why}"),
        ));
    }
}

/// Warn about numbers written with leading zeros.
pub(crate) fn leading_zeros(d: &mut Decoded, spans: &[Span]) {
    if let Some(&first) = spans.first() {
        d.warnings.push(Warning::new(
            WarningCode::LeadingZeros,
            Some(first),
            "a number is written with a leading zero: it is still decimal, but some parsers may misread it",
        ));
    }
}

/// Where the control connection is IPv6 and the endpoint form is IPv4-only, though no address was given.
pub(crate) fn family_of_request(d: &mut Decoded, ctx: &Context) {
    if let Some(peer) = ctx.control_peer.map(|p| p.to_canonical()) {
        if peer.is_ipv6() && d.kind == super::Kind::Pasv {
            d.warnings.push(Warning::new(
                WarningCode::PasvOnIpv6,
                None,
                format!("the control connection uses IPv6 ({peer}): PASV can only answer with an IPv4 address; use EPSV (RFC 2428)"),
            ));
        }
    }
}
