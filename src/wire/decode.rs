//! Recognise which form a text is (reply code or command verb) and hand it to its decoder.

use super::decoded::{Context, Decoded, Kind};
use super::error::{DecodeError, ErrorCode, Span};
use super::reply::{self, parse_reply, starts_with_code};
use super::{eprt, epsv, long, pasv, port};
use std::net::IpAddr;

/// Decode one reply (possibly multi-line) or one command, knowing nothing of the connection.
pub fn decode(input: &str) -> Result<Decoded, DecodeError> {
    decode_with(input, &Context::default())
}

/// Decode one reply or command. `ctx` adds what is known of the control connection (its peer), which
/// EPSV needs to name an address and which the checks for IPv6 and address mismatch use.
pub fn decode_with(input: &str, ctx: &Context) -> Result<Decoded, DecodeError> {
    decode_noted(input, ctx, no_note)
}

/// What a layer above may add to an error in a malformed 227 reply (given the whole reply and the control
/// connection's peer): a note on how real clients read it anyway (`clients::decode_with` passes the client models' reading). The decoder itself knows no
/// client.
pub type NoteFor227 = fn(reply: &str, control: Option<IpAddr>) -> Option<String>;

fn no_note(_: &str, _: Option<IpAddr>) -> Option<String> {
    None
}

/// [`decode_with`], with `note` asked for a note on an error in a 227 reply's number group.
pub fn decode_noted(input: &str, ctx: &Context, note: NoteFor227) -> Result<Decoded, DecodeError> {
    let body = input.trim();
    if body.is_empty() {
        return Err(DecodeError::new(
            ErrorCode::EmptyInput,
            Span::new(0, input.len()),
            "nothing to decode",
        ));
    }
    let lead = input.len() - input.trim_start().len();
    let result = if starts_with_code(body) {
        decode_reply(body, ctx, note)
    } else {
        decode_command(body, ctx)
    };
    result.map(|d| shift(d, lead)).map_err(|e| e.shift(lead))
}

/// Which form `input` claims to be, from its reply code or command verb alone (even when it is malformed).
pub fn recognise(input: &str) -> Option<Kind> {
    let body = input.trim_start();
    if starts_with_code(body) {
        return match &body[..3] {
            "227" => Some(Kind::Pasv),
            "228" => Some(Kind::Lpsv),
            "229" => Some(Kind::Epsv),
            "522" => Some(Kind::Eprt),
            _ => None,
        };
    }
    let verb = body.split([' ', '\t', '\r', '\n']).next().unwrap_or("");
    Kind::from_name(verb)
}

fn decode_reply(body: &str, ctx: &Context, note: NoteFor227) -> Result<Decoded, DecodeError> {
    let reply = parse_reply(body)?;
    match reply.code {
        227 => pasv::reply_227(&reply, body, ctx, note),
        228 => long::reply_228(&reply, ctx),
        229 => epsv::reply_229(&reply, ctx),
        522 => Ok(epsv::reply_522(&reply)),
        code => Err(DecodeError::new(
            ErrorCode::NoEndpointReply,
            reply.code_span,
            format!(
                "reply {code} ({}) carries no data-connection endpoint; the forms decoded here are 227, 228, 229 and 522",
                reply_class(code)
            ),
        )),
    }
}

/// RFC 959 §4.2: what the first digit of a reply code says.
fn reply_class(code: u16) -> &'static str {
    match code / 100 {
        1 => "positive preliminary",
        2 => "positive completion",
        3 => "positive intermediate",
        4 => "transient negative",
        5 => "permanent negative",
        _ => "not a valid class",
    }
}

fn decode_command(body: &str, ctx: &Context) -> Result<Decoded, DecodeError> {
    let verb_end = body.find([' ', '\t', '\r', '\n']).unwrap_or(body.len());
    let verb = &body[..verb_end];
    let verb_span = Span::new(0, verb_end);
    let Some(kind) = Kind::from_name(verb) else {
        return Err(DecodeError::new(
            ErrorCode::UnknownInput,
            verb_span,
            format!(
                "'{}' is neither a reply (three digits) nor one of PASV, EPSV, LPSV, PORT, EPRT, LPRT",
                truncate(verb, 40)
            ),
        ));
    };
    if let Some(nl) = body.find(['\r', '\n']) {
        return Err(DecodeError::new(
            ErrorCode::BadArgument,
            Span::new(nl, body.len()),
            "a command is a single line; this one goes on",
        ));
    }
    let arg = match body[verb_end..].chars().next() {
        None => None,
        Some(' ') => Some((&body[verb_end + 1..], verb_end + 1)),
        Some(c) => {
            return Err(DecodeError::new(
                ErrorCode::BadArgument,
                Span::new(verb_end, verb_end + c.len_utf8()),
                "the command and its argument are separated by a single space",
            ))
        }
    };
    match kind {
        Kind::Pasv | Kind::Lpsv => {
            if let Some((a, at)) = arg {
                return Err(DecodeError::new(
                    ErrorCode::UnexpectedArgument,
                    Span::new(at, at + a.len()),
                    format!("{} takes no argument", verb.to_ascii_uppercase()),
                ));
            }
            let mut d = if kind == Kind::Pasv {
                pasv::command()
            } else {
                long::lpsv_command()
            };
            super::checks::family_of_request(&mut d, ctx);
            Ok(d)
        }
        Kind::Epsv => epsv::command(arg),
        Kind::Port => port::command(arg, verb_span, ctx),
        Kind::Eprt => eprt::command(arg, verb_span, ctx),
        Kind::Lprt => long::lprt_command(arg, verb_span, ctx),
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn shift(mut d: Decoded, by: usize) -> Decoded {
    if by == 0 {
        return d;
    }
    d.span = d.span.map(|s| s.shift(by));
    for w in &mut d.warnings {
        w.span = w.span.map(|s| s.shift(by));
    }
    d
}

/// Split pasted text into inputs (each multi-line reply is one) and decode each one, keeping its text.
pub fn decode_all<'a>(
    text: &'a str,
    ctx: &Context,
) -> Vec<(&'a str, Result<Decoded, DecodeError>)> {
    decode_all_noted(text, ctx, no_note)
}

/// [`decode_all`], with `note` as in [`decode_noted`].
pub fn decode_all_noted<'a>(
    text: &'a str,
    ctx: &Context,
    note: NoteFor227,
) -> Vec<(&'a str, Result<Decoded, DecodeError>)> {
    reply::split_inputs(text)
        .into_iter()
        .map(|s| {
            let part = &text[s.start..s.end];
            (part, decode_noted(part, ctx, note))
        })
        .collect()
}
