//! EPSV (RFC 2428 §3): the `EPSV`, `EPSV 1`, `EPSV 2` and `EPSV ALL` commands, the 229 reply
//! `229 Entering Extended Passive Mode (|||6446|)`, and the 522 reply that refuses a network protocol.

use super::checks;
use super::decoded::{Context, Decoded, Endpoint, Form, Kind};
use super::error::{show_char, DecodeError, ErrorCode, Span, Warning, WarningCode};
use super::reply::Reply;

/// RFC 2428 network protocol numbers (IANA Address Family Numbers): 1 = IPv4, 2 = IPv6.
pub(crate) fn protocol_name(n: u32) -> Option<&'static str> {
    match n {
        1 => Some("IPv4"),
        2 => Some("IPv6"),
        _ => None,
    }
}

pub(crate) fn unsupported_protocol(value: &str, span: Span) -> DecodeError {
    DecodeError::new(
        ErrorCode::UnsupportedNetworkProtocol,
        span,
        format!("network protocol {value} is unknown: 1 means IPv4 and 2 means IPv6; a server answers \"522 Network protocol not supported\""),
    )
}

/// `EPSV`, `EPSV <net-prt>` or `EPSV ALL`. `arg` is the argument and its offset in the input.
pub(crate) fn command(arg: Option<(&str, usize)>) -> Result<Decoded, DecodeError> {
    let mut d = Decoded::new(Kind::Epsv, Form::Command, "");
    d.facts.push("The 229 reply carries only a port: the client connects to the same address as the control connection, so NAT in front of the server cannot make it advertise a wrong address.".into());
    match arg {
        None => {
            d.command = Some("EPSV".into());
            d.summary = "EPSV command: the client asks the server to listen on a port for the same network protocol as the control connection (229 reply).".into();
        }
        Some((a, _)) if a.eq_ignore_ascii_case("ALL") => {
            d.command = Some("EPSV ALL".into());
            d.summary = "EPSV ALL: the client promises to use only EPSV from now on; the server must refuse PORT, EPRT, PASV and LPSV after it (RFC 2428 §4).".into();
            d.facts.push("NAT devices that see EPSV ALL know they need not rewrite any address in this session.".into());
        }
        Some((a, at)) => {
            let span = Span::new(at, at + a.len());
            if a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DecodeError::new(
                    ErrorCode::BadArgument,
                    span,
                    format!(
                        "'{a}' is not an EPSV argument: use nothing, 1 (IPv4), 2 (IPv6) or ALL"
                    ),
                ));
            }
            let n: u32 = a.parse().unwrap_or(u32::MAX);
            let Some(name) = protocol_name(n) else {
                return Err(unsupported_protocol(a, span));
            };
            d.command = Some(format!("EPSV {n}"));
            d.summary = format!("EPSV {n}: the client asks the server to listen for an {name} data connection (229 reply).");
        }
    }
    Ok(d)
}

/// A 229 reply: `(<d><d><d><port><d>)` with any delimiter in printable ASCII 33-126 (RFC 2428 §3).
pub(crate) fn reply_229(reply: &Reply<'_>, ctx: &Context) -> Result<Decoded, DecodeError> {
    let mut first_error = None;
    for line in &reply.lines {
        let found = match line.text.find('(') {
            Some(open) => Some((
                open + 1,
                line.text[open + 1..].find(')').map(|c| c + open + 1),
                true,
            )),
            // A bare group ends at its fourth delimiter, not at the end of the line.
            None => bare_group(line.text).map(|start| {
                let d = line.text.as_bytes()[start] as char;
                let close = line.text[start + 3..].find(d).map(|i| start + 3 + i + 1);
                (start, close, false)
            }),
        };
        let Some((start, close, parenthesized)) = found else {
            continue;
        };
        match read(line.text, start, close, line.offset) {
            Ok((port, delimiter, span, port_span)) => {
                let mut d = Decoded::new(
                    Kind::Epsv,
                    Form::Reply,
                    format!("229 reply to EPSV: the server listens on port {port} at the address the control connection already uses."),
                );
                d.code = Some(229);
                d.endpoint = Some(Endpoint {
                    ip: ctx.control_peer,
                    port,
                });
                d.span = Some(span);
                d.delimiter = Some(delimiter);
                d.facts.push(match ctx.control_peer {
                    Some(peer) => format!("EPSV carries no address: the client connects to {peer}, the control connection's peer, on port {port}."),
                    None => format!("EPSV carries no address: the client reuses the control connection's address and connects to port {port}."),
                });
                d.facts.push("Passive mode: the server's firewall must let this port in and a NAT in front of the server must forward it; no address can be advertised wrongly.".into());
                if delimiter != '|' {
                    d.warnings.push(Warning::new(
                        WarningCode::UnusualDelimiter,
                        Some(Span::new(span.start, span.start + delimiter.len_utf8())),
                        format!("the delimiter is {}, not the recommended '|': RFC 2428 allows it, but FileZilla and Go's jlaffaye/ftp accept only '|'", show_char(delimiter)),
                    ));
                }
                if !parenthesized || close.is_none() {
                    d.warnings.push(Warning::new(
                        WarningCode::MissingParenthesis,
                        Some(span),
                        "RFC 2428 puts the fields in parentheses; curl looks for '(' and would reject this reply (\"Weirdly formatted EPSV reply\")",
                    ));
                }
                if let Some(peer) = ctx.control_peer {
                    d.address = Some(crate::address::classify(peer));
                }
                checks::port(&mut d, port, port_span);
                return Ok(d);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        let end = reply.lines.last().map_or(reply.code_span.end, |l| l.offset + l.text.len());
        DecodeError::new(
            ErrorCode::NoEpsvGroup,
            Span::new(reply.code_span.start, end),
            "no (|||port|) group found: a 229 reply carries the port between four identical delimiters in parentheses",
        )
    }))
}

/// Without parentheses: three identical printable non-alphanumeric characters followed by a digit.
fn bare_group(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find(|&i| {
        let d = b[i];
        (33..=126).contains(&d)
            && !d.is_ascii_alphanumeric()
            && b[i + 1] == d
            && b[i + 2] == d
            && b[i + 3].is_ascii_digit()
    })
}

type Read = (u16, char, Span, Span);

/// Read the fields starting at `start` (just after `(`), ending before `close` (the `)`) if there is one.
fn read(text: &str, start: usize, close: Option<usize>, base: usize) -> Result<Read, DecodeError> {
    let end = close.unwrap_or_else(|| text.trim_end().len().max(start));
    let inner = &text[start..end];
    let span = Span::new(base + start, base + end);
    let mut chars = inner.char_indices();
    let Some((_, d)) = chars.next() else {
        return Err(DecodeError::new(
            ErrorCode::NoEpsvGroup,
            span,
            "the parentheses are empty: expected (|||port|)",
        ));
    };
    if !(33..=126).contains(&(d as u32)) {
        return Err(DecodeError::new(
            ErrorCode::BadDelimiter,
            Span::new(span.start, span.start + d.len_utf8()),
            format!(
                "{} cannot be a delimiter: RFC 2428 allows printable ASCII 33-126 only",
                show_char(d)
            ),
        ));
    }
    let dl = d.len_utf8();
    // Fields: "" (net-prt) "" (address) port, then the closing delimiter.
    let fields: Vec<&str> = inner[dl..].split(d).collect();
    if fields.len() == 4 && fields[3].is_empty() && (!fields[0].is_empty() || !fields[1].is_empty())
    {
        return Err(DecodeError::new(
            ErrorCode::FieldsNotEmpty,
            Span::new(span.start + dl, span.start + dl + fields[0].len() + dl + fields[1].len()),
            format!(
                "a 229 reply leaves the protocol and address fields empty (|||port|); this one has '{}' and '{}', which is the EPRT form",
                fields[0], fields[1]
            ),
        ));
    }
    // Check the delimiters positionally, so the message names the first one that differs.
    let cs: Vec<(usize, char)> = inner.char_indices().collect();
    let at = |i: usize| {
        Span::new(
            span.start + cs[i].0,
            span.start + cs[i].0 + cs[i].1.len_utf8(),
        )
    };
    if let Some(i) = (1..cs.len().min(3)).find(|&i| cs[i].1 != d) {
        return Err(differ(d, cs[i].1, at(i)));
    }
    if cs.len() < 4 {
        return Err(DecodeError::new(
            ErrorCode::NoEpsvGroup,
            span,
            "too short: expected four delimiters around the port, (|||port|)",
        ));
    }
    if cs.len() == 4 && cs[3].1 == d {
        return Err(DecodeError::new(
            ErrorCode::MissingPort,
            span,
            "the port is missing: (||||) has nothing between the third and fourth delimiter",
        ));
    }
    let last = cs.len() - 1;
    if cs[last].1 != d {
        if cs[last].1.is_ascii_digit() {
            return Err(DecodeError::new(
                ErrorCode::NoEpsvGroup,
                Span::new(span.end, span.end),
                format!(
                    "no closing delimiter after the port: expected {}",
                    show_char(d)
                ),
            ));
        }
        return Err(differ(d, cs[last].1, at(last)));
    }
    let port_span = Span::new(span.start + cs[3].0, span.start + cs[last].0);
    let port = super::port_number(&inner[cs[3].0..cs[last].0], port_span)?;
    Ok((port, d, span, port_span))
}

fn differ(d: char, c: char, span: Span) -> DecodeError {
    DecodeError::new(
        ErrorCode::DelimitersDiffer,
        span,
        format!(
            "EPSV delimiters differ: {} then {}",
            show_char(d),
            show_char(c)
        ),
    )
}

/// A 522 reply: the server does not support the network protocol asked for; it may list those it does.
pub(crate) fn reply_522(reply: &Reply<'_>) -> Decoded {
    let text: String = reply
        .lines
        .iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join(" ");
    let listed: Vec<&'static str> = text
        .rfind('(')
        .and_then(|o| text[o + 1..].find(')').map(|c| &text[o + 1..o + 1 + c]))
        .map(|inside| {
            inside
                .split(',')
                // "(1,2)" per RFC 2428; pyftpdlib writes "(use 1)".
                .filter_map(|p| p.split_whitespace().last()?.parse::<u32>().ok())
                .filter_map(protocol_name)
                .collect()
        })
        .unwrap_or_default();
    let mut d = Decoded::new(
        Kind::Eprt,
        Form::Reply,
        if listed.is_empty() {
            "522 reply: the server does not support the network protocol the client asked for (RFC 2428).".to_string()
        } else {
            format!("522 reply: the server does not support that network protocol; it supports {} (RFC 2428).", listed.join(" and "))
        },
    );
    d.code = Some(522);
    d.facts.push("522 answers EPRT with an unknown protocol number, or EPSV <n> for a protocol the server cannot listen on. The client should retry with a protocol from the list in parentheses.".into());
    d
}
