//! PASV (RFC 959 §4.1.2) and its 227 reply: `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)`.

use super::checks;
use super::decoded::{Context, Decoded, Endpoint, Form, Kind};
use super::error::{DecodeError, ErrorCode, Span, Warning, WarningCode};
use super::numbers::{self, Located};
use super::reply::Reply;
use std::net::IpAddr;

/// The PASV command (no argument).
pub(crate) fn command() -> Decoded {
    let mut d = Decoded::new(
        Kind::Pasv,
        Form::Command,
        "PASV command: the client asks the server to listen on a new port and say where (227 reply).",
    );
    d.command = Some("PASV".into());
    d.facts.push("Passive mode: the server waits and the client opens the data connection, so only the server side needs an open port; a client behind NAT or a firewall is fine.".into());
    d.facts.push("PASV can only answer with an IPv4 address; on IPv6, and behind NAT, EPSV (RFC 2428) is the better request.".into());
    d
}

/// A 227 reply, single- or multi-line: the group may stand on any line. `full` is the reply's whole text;
/// `note_for` is asked for a note on an error (how real clients read the reply anyway).
pub(crate) fn reply_227(
    reply: &Reply<'_>,
    full: &str,
    ctx: &Context,
    note_for: super::decode::NoteFor227,
) -> Result<Decoded, DecodeError> {
    let mut first_error: Option<DecodeError> = None;
    for line in &reply.lines {
        let Some(loc) = numbers::locate(line.text, 6) else {
            continue;
        };
        match read_line(line.text, &loc, line.offset) {
            Ok((group, ip, math)) => {
                let mut d = Decoded::new(
                    Kind::Pasv,
                    Form::Reply,
                    format!("227 reply to PASV: the server listens on {ip} port {}; the client connects there.", math.port),
                );
                d.code = Some(227);
                d.endpoint = Some(Endpoint {
                    ip: Some(IpAddr::V4(ip)),
                    port: math.port,
                });
                d.arithmetic = Some(math);
                d.span = Some(group.span);
                d.facts.push(format!(
                    "The six numbers are h1,h2,h3,h4,p1,p2: the address is {ip} and the port is p1 × 256 + p2 = {math}."
                ));
                d.facts.push("Passive mode: the client opens the data connection to this address and port, so the server's firewall must let it in and a NAT in front of the server must forward it.".into());
                if !loc.parenthesized || loc.unclosed {
                    let message = if loc.unclosed {
                        "the opening parenthesis has no closing one; RFC 1123 tells clients to scan for the numbers, so most still read it"
                    } else {
                        "the numbers are not in parentheses: RFC 1123 §4.1.2.6 allows it and curl and Python ftplib scan for them, but clients that match the RFC 959 example literally fail"
                    };
                    d.warnings.push(Warning::new(
                        WarningCode::MissingParenthesis,
                        Some(group.span),
                        message,
                    ));
                }
                let rest = &line.text[loc.rest..];
                if numbers::has_digits(rest) {
                    d.warnings.push(Warning::new(
                        WarningCode::ExtraNumbers,
                        Some(Span::new(
                            line.offset + loc.rest,
                            line.offset + line.text.len(),
                        )),
                        "more numbers follow the group; they were ignored",
                    ));
                }
                if reply.is_multiline() {
                    d.facts.push(format!(
                        "A multi-line reply ({} lines): the numbers were found on one of them.",
                        reply.lines.len()
                    ));
                }
                checks::leading_zeros(&mut d, &group.leading_zeros);
                checks::address(
                    &mut d,
                    IpAddr::V4(ip),
                    Span::new(group.fields[0].span.start, group.fields[3].span.end),
                    ctx,
                );
                checks::port(
                    &mut d,
                    math.port,
                    Span::new(group.fields[4].span.start, group.fields[5].span.end),
                );
                return Ok(d);
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
    }
    // How curl and ftplib read it anyway (port 0 is an error for them too): from their models, over the
    // whole reply as they receive it, so the note agrees with the client table.
    let error = first_error.map(|e| match note_for(full, ctx.control_peer) {
        Some(n) if e.code != ErrorCode::PortZero => e.with_note(n),
        _ => e,
    });
    Err(error.unwrap_or_else(|| {
        let end = reply
            .lines
            .last()
            .map_or(reply.code_span.end, |l| l.offset + l.text.len());
        DecodeError::new(
            ErrorCode::NoNumberGroup,
            Span::new(reply.code_span.start, end),
            "no comma-separated numbers found: a 227 reply carries h1,h2,h3,h4,p1,p2",
        )
    }))
}

type Read = (numbers::Group, std::net::Ipv4Addr, super::PortMath);

fn read_line(text: &str, loc: &Located, base: usize) -> Result<Read, DecodeError> {
    numbers::check_glue(text, loc, base)?;
    let inner = &text[loc.span.start..loc.span.end];
    if let Some(e) =
        numbers::ipv6_in_group(inner, base + loc.span.start, "a 227 reply (PASV)", "EPSV")
    {
        return Err(e);
    }
    let group = numbers::parse_group(inner, base + loc.span.start)?;
    let (ip, math) = numbers::host_port(&group, "PASV")?;
    Ok((group, ip, math))
}
