//! Text ⇄ typed values for FTP's data-connection forms. Nothing here panics, whatever the input.
//!
//! | form | command | reply | module |
//! |---|---|---|---|
//! | passive (RFC 959) | `PASV` | `227 … (h1,h2,h3,h4,p1,p2)` | [`pasv`] |
//! | extended passive (RFC 2428) | `EPSV`, `EPSV 1`, `EPSV 2`, `EPSV ALL` | `229 … (\|\|\|port\|)`, `522` | [`epsv`] |
//! | active (RFC 959) | `PORT h1,h2,h3,h4,p1,p2` | | [`port`] |
//! | extended active (RFC 2428) | `EPRT \|1\|addr\|port\|` | | [`eprt`] |
//! | long (RFC 1639) | `LPSV`, `LPRT af,hal,…` | `228 … (af,hal,…)` | [`long`] |
//!
//! [`decode`] recognises which form a text is and reads it; [`encode`] writes the canonical text back.
//! Reply framing and multi-line grouping are in [`reply`]; the number-group scanner in [`numbers`].

mod checks;
mod decode;
mod decoded;
mod encode;
pub mod eprt;
pub mod epsv;
pub mod error;
pub mod long;
pub mod numbers;
pub mod pasv;
pub mod port;
pub mod reply;

pub use decode::{
    decode, decode_all, decode_all_noted, decode_noted, decode_with, recognise, NoteFor227,
};
pub use decoded::{Context, Decoded, Endpoint, Form, Kind, PortMath};
pub use encode::{carries_address, encode, encode_fields, Field, FieldError};
pub use error::{DecodeError, ErrorCode, Span, Warning, WarningCode};

/// A decimal TCP port 1-65535 (EPSV, EPRT).
pub(crate) fn port_number(text: &str, span: Span) -> Result<u16, DecodeError> {
    if text.is_empty() {
        return Err(DecodeError::new(
            ErrorCode::MissingPort,
            span,
            "the port is missing",
        ));
    }
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| !c.is_ascii_digit()) {
        return Err(DecodeError::new(
            ErrorCode::BadPort,
            Span::new(span.start + i, span.start + i + c.len_utf8()),
            format!(
                "{} in the port: a port is decimal digits only",
                error::show_char(c)
            ),
        ));
    }
    let value = text.bytes().fold(0u64, |v, d| {
        v.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    match value {
        0 => Err(numbers::port_zero(span)),
        1..=65535 => Ok(value as u16),
        _ => Err(DecodeError::new(
            ErrorCode::PortOutOfRange,
            span,
            format!("port {text} is above 65535, the largest TCP port"),
        )),
    }
}
