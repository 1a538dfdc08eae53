//! EPRT (RFC 2428 §2): `EPRT <d><net-prt><d><net-addr><d><tcp-port><d>`, e.g. `EPRT |2|::1|6275|`.

use super::checks;
use super::decoded::{Context, Decoded, Endpoint, Form, Kind};
use super::epsv::{protocol_name, unsupported_protocol};
use super::error::{count_word, show_char, DecodeError, ErrorCode, Span, Warning, WarningCode};
use super::port::{active_mode_fact, unspecified};
use crate::address::parse_ip;

pub(crate) fn command(
    arg: Option<(&str, usize)>,
    verb_span: Span,
    ctx: &Context,
) -> Result<Decoded, DecodeError> {
    let (d, fields, spans, whole) = split(arg, verb_span)?;
    let at = whole.start;
    let dl = d.len_utf8();
    let (proto, addr, port_text) = (fields[0], fields[1], fields[2]);
    let family = family(proto, spans[0])?;
    let ip = parse_ip(addr).map_err(|e| DecodeError::from(e.shift(spans[1].start)))?;
    let wanted_v6 = family == "IPv6";
    if ip.is_ipv6() != wanted_v6 {
        return Err(DecodeError::new(
            ErrorCode::AddressFamilyMismatch,
            spans[1],
            format!(
                "protocol {proto} means {family}, but {ip} is an {} address",
                if ip.is_ipv6() { "IPv6" } else { "IPv4" }
            ),
        ));
    }
    if ip.is_unspecified() {
        return Err(unspecified(ip, spans[1], "EPRT"));
    }
    let port = super::port_number(port_text, spans[2])?;
    let mut dec = Decoded::new(
        Kind::Eprt,
        Form::Command,
        format!("EPRT command (extended active mode): the client listens on {ip} port {port} ({family}) and the server connects there."),
    );
    dec.command = Some("EPRT".into());
    dec.endpoint = Some(Endpoint { ip: Some(ip), port });
    dec.span = Some(whole);
    dec.delimiter = Some(d);
    dec.facts.push(format!(
        "Fields: protocol {proto} ({family}), address {ip}, port {port} written in decimal (no p1 × 256 + p2 arithmetic in EPRT)."
    ));
    dec.facts.push(active_mode_fact());
    if d != '|' {
        dec.warnings.push(Warning::new(
            WarningCode::UnusualDelimiter,
            Some(Span::new(at, at + dl)),
            format!("the delimiter is {}, not the recommended '|': RFC 2428 allows it, but some servers accept only '|'", show_char(d)),
        ));
    }
    checks::address(&mut dec, ip, spans[1], ctx);
    checks::port(&mut dec, port, spans[2]);
    Ok(dec)
}

/// The argument's delimiter, its three fields and their spans, and the whole argument's span.
type Fields<'a> = (char, [&'a str; 3], [Span; 3], Span);

fn split(arg: Option<(&str, usize)>, verb_span: Span) -> Result<Fields<'_>, DecodeError> {
    let missing = || {
        DecodeError::new(
            ErrorCode::MissingArgument,
            verb_span,
            "EPRT needs an argument: |protocol|address|port|",
        )
    };
    let (arg, at) = arg.ok_or_else(missing)?;
    let d = arg.chars().next().ok_or_else(missing)?;
    let dl = d.len_utf8();
    if !(33..=126).contains(&(d as u32)) {
        return Err(DecodeError::new(
            ErrorCode::BadDelimiter,
            Span::new(at, at + dl),
            format!(
                "{} cannot be a delimiter: RFC 2428 allows printable ASCII 33-126 only",
                show_char(d)
            ),
        ));
    }
    let whole = Span::new(at, at + arg.len());
    let fields: Vec<&str> = arg[dl..].split(d).collect();
    // "|1|a|p|" splits into ["1", "a", "p", ""].
    if fields.len() != 4 || !fields[3].is_empty() {
        let found = fields
            .len()
            .saturating_sub(usize::from(fields.last().is_some_and(|f| f.is_empty())));
        // "|1|a|p" has the right fields but no closing delimiter: say so rather than "found three".
        let missing_close = if fields.len() == 3 && !fields[2].is_empty() {
            format!(
                ", but the closing {} after the port is missing",
                show_char(d)
            )
        } else {
            String::new()
        };
        return Err(DecodeError::new(
            ErrorCode::WrongFieldCount,
            whole,
            format!(
                "EPRT has three fields between four {} delimiters (|protocol|address|port|); found {}{missing_close}",
                show_char(d),
                count_word(found)
            ),
        ));
    }
    let mut offset = at + dl;
    let mut spans = [Span::default(); 3];
    for (i, f) in fields[..3].iter().enumerate() {
        spans[i] = Span::new(offset, offset + f.len());
        offset += f.len() + dl;
    }
    Ok((d, [fields[0], fields[1], fields[2]], spans, whole))
}

/// The address family a protocol field names (1: IPv4, 2: IPv6).
fn family(proto: &str, span: Span) -> Result<&'static str, DecodeError> {
    let n: Option<u32> = proto
        .parse()
        .ok()
        .filter(|_| proto.bytes().all(|b| b.is_ascii_digit()));
    match n.and_then(protocol_name) {
        Some(name) => Ok(name),
        None if proto.is_empty() || n.is_none() => Err(DecodeError::new(
            ErrorCode::BadArgument,
            span,
            format!("'{proto}' is not a network protocol number: 1 means IPv4, 2 means IPv6"),
        )),
        None => Err(unsupported_protocol(proto, span)),
    }
}
