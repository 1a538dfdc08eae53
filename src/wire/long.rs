//! Long addresses (RFC 1639, "FOOBAR"): the LPSV command, its 228 reply and the LPRT command.
//! The group is `af,hal,h1,…,hN,pal,p1,p2`: address family (4 = IPv4, 6 = IPv6, the IP version numbers),
//! address length in bytes, the address bytes, port length (2), the port bytes.

use super::checks;
use super::decoded::{Context, Decoded, Endpoint, Form, Kind, PortMath};
use super::error::{DecodeError, ErrorCode, Span, Warning, WarningCode};
use super::numbers::{self, Group};
use super::port::{active_mode_fact, unspecified};
use super::reply::Reply;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub(crate) fn lpsv_command() -> Decoded {
    let mut d = Decoded::new(
        Kind::Lpsv,
        Form::Command,
        "LPSV command: the client asks the server to listen and answer with a long address (228 reply, RFC 1639).",
    );
    d.command = Some("LPSV".into());
    d.facts.push("LPSV predates EPSV (RFC 2428) and is rarely implemented today; most servers answer 500 or 502.".into());
    d
}

/// The address and port in a long group.
struct Long {
    ip: IpAddr,
    math: PortMath,
    addr_span: Span,
    port_span: Span,
}

fn read(group: &Group, form: &str) -> Result<Long, DecodeError> {
    let f = &group.fields;
    if f.len() < 2 {
        return Err(numbers::wrong_count(f.len(), 9, form, group.span));
    }
    let (af, hal) = (f[0].value, f[1].value);
    let want_hal = match af {
        4 => 4,
        6 => 16,
        _ => {
            return Err(DecodeError::new(
                ErrorCode::UnsupportedAddressFamily,
                f[0].span,
                format!("address family {af} is unknown: 4 means IPv4 and 6 means IPv6"),
            ))
        }
    };
    if hal != want_hal {
        return Err(DecodeError::new(
            ErrorCode::BadAddressLength,
            f[1].span,
            format!("address length {hal} does not fit family {af}: an IPv{af} address is {want_hal} bytes"),
        ));
    }
    let hal = want_hal as usize;
    let needed = 2 + hal + 1 + 2;
    if f.len() > 2 + hal && f[2 + hal].value != 2 {
        return Err(DecodeError::new(
            ErrorCode::BadPortLength,
            f[2 + hal].span,
            format!(
                "port length {} is wrong: a TCP port is 2 bytes",
                f[2 + hal].value
            ),
        ));
    }
    if f.len() != needed {
        return Err(numbers::wrong_count(f.len(), needed, form, group.span));
    }
    let mut bytes = [0u8; 16];
    for (i, field) in f[2..2 + hal].iter().enumerate() {
        if field.value > 255 {
            return Err(DecodeError::new(
                ErrorCode::OctetOutOfRange,
                field.span,
                format!("address byte {} is above 255", field.value),
            ));
        }
        bytes[i] = field.value as u8;
    }
    let (p1, p2) = (&f[needed - 2], &f[needed - 1]);
    for p in [p1, p2] {
        if p.value > 255 {
            return Err(DecodeError::new(
                ErrorCode::PortByteOutOfRange,
                p.span,
                format!("port byte {} is above 255", p.value),
            ));
        }
    }
    let math = PortMath::new(p1.value as u8, p2.value as u8);
    let port_span = Span::new(p1.span.start, p2.span.end);
    if math.port == 0 {
        return Err(numbers::port_zero(port_span));
    }
    let ip = if hal == 4 {
        IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]))
    } else {
        IpAddr::V6(Ipv6Addr::from(bytes))
    };
    Ok(Long {
        ip,
        math,
        addr_span: Span::new(f[2].span.start, f[1 + hal].span.end),
        port_span,
    })
}

fn fill(d: &mut Decoded, group: &Group, long: &Long, ctx: &Context) {
    d.endpoint = Some(Endpoint {
        ip: Some(long.ip),
        port: long.math.port,
    });
    d.arithmetic = Some(long.math);
    d.span = Some(group.span);
    let family = if long.ip.is_ipv4() {
        "4 (IPv4), address length 4"
    } else {
        "6 (IPv6), address length 16"
    };
    d.facts.push(format!(
        "Family {family}, the address bytes, then port length 2 and the port bytes: port = p1 × 256 + p2 = {}.",
        long.math
    ));
    checks::leading_zeros(d, &group.leading_zeros);
    checks::address(d, long.ip, long.addr_span, ctx);
    checks::port(d, long.math.port, long.port_span);
}

pub(crate) fn reply_228(reply: &Reply<'_>, ctx: &Context) -> Result<Decoded, DecodeError> {
    let mut first_error = None;
    for line in &reply.lines {
        let Some(loc) = numbers::locate(line.text, 9) else {
            continue;
        };
        let result = numbers::check_glue(line.text, &loc, line.offset)
            .and_then(|_| {
                numbers::parse_group(
                    &line.text[loc.span.start..loc.span.end],
                    line.offset + loc.span.start,
                )
            })
            .and_then(|g| read(&g, "LPSV").map(|l| (g, l)));
        match result {
            Ok((group, long)) => {
                let mut d = Decoded::new(
                    Kind::Lpsv,
                    Form::Reply,
                    format!("228 reply to LPSV: the server listens on {} port {}; the client connects there.", long.ip, long.math.port),
                );
                d.code = Some(228);
                fill(&mut d, &group, &long, ctx);
                // As for 227: an unclosed parenthesis is reported too, and numbers after the group.
                if !loc.parenthesized || loc.unclosed {
                    d.warnings.push(Warning::new(
                        WarningCode::MissingParenthesis,
                        Some(group.span),
                        if loc.unclosed {
                            "the opening parenthesis has no closing one"
                        } else {
                            "the numbers are not in parentheses"
                        },
                    ));
                }
                if numbers::has_digits(&line.text[loc.rest..]) {
                    d.warnings.push(Warning::new(
                        WarningCode::ExtraNumbers,
                        Some(Span::new(
                            line.offset + loc.rest,
                            line.offset + line.text.len(),
                        )),
                        "more numbers follow the group; they were ignored",
                    ));
                }
                return Ok(d);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        let end = reply
            .lines
            .last()
            .map_or(reply.code_span.end, |l| l.offset + l.text.len());
        DecodeError::new(
            ErrorCode::NoNumberGroup,
            Span::new(reply.code_span.start, end),
            "no comma-separated numbers found: a 228 reply carries af,hal,address…,pal,p1,p2",
        )
    }))
}

pub(crate) fn lprt_command(
    arg: Option<(&str, usize)>,
    verb_span: Span,
    ctx: &Context,
) -> Result<Decoded, DecodeError> {
    let Some((arg, at)) = arg else {
        return Err(DecodeError::new(
            ErrorCode::MissingArgument,
            verb_span,
            "LPRT needs an argument: af,hal,address…,pal,p1,p2",
        ));
    };
    let group = numbers::parse_group(arg, at)?;
    let long = read(&group, "LPRT")?;
    if long.ip.is_unspecified() {
        return Err(unspecified(long.ip, long.addr_span, "LPRT"));
    }
    let mut d = Decoded::new(
        Kind::Lprt,
        Form::Command,
        format!("LPRT command (long active mode): the client listens on {} port {} and the server connects there.", long.ip, long.math.port),
    );
    d.command = Some("LPRT".into());
    fill(&mut d, &group, &long, ctx);
    d.facts.push(active_mode_fact());
    Ok(d)
}
