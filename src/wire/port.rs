//! PORT (RFC 959 §4.1.2): `PORT h1,h2,h3,h4,p1,p2`, what active mode sends.

use super::checks;
use super::decoded::{Context, Decoded, Endpoint, Form, Kind};
use super::error::{DecodeError, ErrorCode, Span};
use super::numbers;
use std::net::IpAddr;

/// `PORT` with its argument (`arg` and its offset in the input). The argument must be exactly the group.
pub(crate) fn command(
    arg: Option<(&str, usize)>,
    verb_span: Span,
    ctx: &Context,
) -> Result<Decoded, DecodeError> {
    let Some((arg, at)) = arg else {
        return Err(DecodeError::new(
            ErrorCode::MissingArgument,
            verb_span,
            "PORT needs an argument: h1,h2,h3,h4,p1,p2",
        ));
    };
    if let Some(e) = numbers::ipv6_in_group(arg, at, "PORT", "EPRT") {
        return Err(e);
    }
    let group = numbers::parse_group(arg, at)?;
    let (ip, math) = numbers::host_port(&group, "PORT")?;
    let addr_span = Span::new(group.fields[0].span.start, group.fields[3].span.end);
    if ip.is_unspecified() {
        return Err(unspecified(IpAddr::V4(ip), addr_span, "PORT"));
    }
    let mut d = Decoded::new(
        Kind::Port,
        Form::Command,
        format!("PORT command (active mode): the client listens on {ip} port {} and the server connects there.", math.port),
    );
    d.command = Some("PORT".into());
    d.endpoint = Some(Endpoint {
        ip: Some(IpAddr::V4(ip)),
        port: math.port,
    });
    d.arithmetic = Some(math);
    d.span = Some(group.span);
    d.facts.push(format!("The six numbers are h1,h2,h3,h4,p1,p2: the address is {ip} and the port is p1 × 256 + p2 = {math}."));
    d.facts.push(active_mode_fact());
    checks::leading_zeros(&mut d, &group.leading_zeros);
    checks::address(&mut d, IpAddr::V4(ip), addr_span, ctx);
    checks::port(
        &mut d,
        math.port,
        Span::new(group.fields[4].span.start, group.fields[5].span.end),
    );
    Ok(d)
}

pub(crate) fn active_mode_fact() -> String {
    "Active mode: the server opens the data connection back to the client, so the client's firewall must let it in and a NAT in front of the client must forward it (or an FTP helper must rewrite this command).".into()
}

pub(crate) fn unspecified(ip: IpAddr, span: Span, form: &str) -> DecodeError {
    DecodeError::new(
        ErrorCode::UnspecifiedAddress,
        span,
        format!("{ip} names no host: the server cannot connect to it. {form} must carry the address the client listens on"),
    )
}
