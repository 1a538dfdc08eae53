//! Strict address text: what the standard library accepts, with a precise error for what it does not.
//!
//! `std`'s parsers are the oracle for validity (they already refuse leading zeros in dotted quads); this
//! module's job is to say *where* and *why* a text is not an address.

use crate::base::{count_word, show_char, Span};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

crate::named_enum! {
    /// Why a text is not an address. The names are stable, and the same as the decoder's error codes of
    /// the same meaning (`wire::ErrorCode`), which a 227 or an EPRT with such an address reports.
    pub ErrorCode {
        /// Blanks around an address.
        SurroundingBlank => "surrounding-blank",
        /// A character that cannot appear in an address.
        InvalidCharacter => "invalid-character",
        /// A dotted-quad part with a leading zero (`010`): octal in some parsers, so ambiguous.
        LeadingZero => "leading-zero",
        /// A dotted quad with other than four parts.
        WrongOctetCount => "wrong-octet-count",
        /// An empty dotted-quad part (`1..2.3`).
        EmptyOctet => "empty-octet",
        /// A dotted-quad part above 255.
        OctetOutOfRange => "octet-out-of-range",
        /// `::` used twice in one IPv6 address.
        DoubleColonTwice => "double-colon-twice",
        /// An IPv6 group longer than four hex digits.
        GroupTooLong => "group-too-long",
        /// An IPv6 address with the wrong number of groups.
        WrongGroupCount => "wrong-group-count",
        /// An IPv6 zone index (`%eth0`): meaningless outside the host that wrote it.
        ZoneIndex => "zone-index",
        /// Any other malformed address.
        BadAddress => "bad-address",
    }
}

/// Why a text is not an address, and where: the byte span of the offending part.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AddressError {
    pub code: ErrorCode,
    pub message: String,
    pub span: Span,
}

impl AddressError {
    pub fn new(code: ErrorCode, span: Span, message: impl Into<String>) -> Self {
        AddressError {
            code,
            message: message.into(),
            span,
        }
    }
    /// The same error for text cut out of a larger input `by` bytes in.
    pub fn shift(mut self, by: usize) -> Self {
        self.span = self.span.shift(by);
        self
    }
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{}): {}",
            self.code, self.span.start, self.span.end, self.message
        )
    }
}

impl std::error::Error for AddressError {}

/// Parse an IPv4 or IPv6 address written exactly, with nothing around it. Errors name the offending bytes.
pub fn parse_ip(text: &str) -> Result<IpAddr, AddressError> {
    if text.trim().is_empty() {
        return Err(AddressError::new(
            ErrorCode::BadAddress,
            Span::new(0, text.len()),
            "no address given",
        ));
    }
    let lead = text.len() - text.trim_start().len();
    if lead > 0 {
        return Err(blank(Span::new(0, lead), "before"));
    }
    let trimmed_end = text.trim_end().len();
    if trimmed_end < text.len() {
        return Err(blank(Span::new(trimmed_end, text.len()), "after"));
    }
    if text.contains(':') {
        parse_v6(text).map(IpAddr::V6)
    } else {
        parse_v4(text).map(IpAddr::V4)
    }
}

fn blank(span: Span, side: &str) -> AddressError {
    AddressError::new(
        ErrorCode::SurroundingBlank,
        span,
        format!("blank {side} the address; write it with nothing around it"),
    )
}

fn invalid_char(at: usize, c: char, family: &str) -> AddressError {
    let hint = match c {
        '[' | ']' => {
            " (brackets belong around an IPv6 address in a URL, not in the address itself)"
        }
        '/' => " (that is a network prefix; give a single address)",
        _ => "",
    };
    AddressError::new(
        ErrorCode::InvalidCharacter,
        Span::new(at, at + c.len_utf8()),
        format!(
            "{} cannot appear in an {family} address{hint}",
            show_char(c)
        ),
    )
}

/// Strict dotted quad: four decimal parts 0-255, no leading zeros, no blanks.
pub(crate) fn parse_v4(text: &str) -> Result<Ipv4Addr, AddressError> {
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
    {
        return Err(invalid_char(at, c, "IPv4"));
    }
    let mut octets = [0u8; 4];
    let mut count = 0;
    let mut start = 0;
    for part in text.split('.') {
        let span = Span::new(start, start + part.len());
        start += part.len() + 1;
        if part.is_empty() {
            return Err(AddressError::new(
                ErrorCode::EmptyOctet,
                span,
                "empty part: two dots with no number between, or a dot at an end",
            ));
        }
        if part.len() > 1 && part.starts_with('0') {
            return Err(AddressError::new(
                ErrorCode::LeadingZero,
                span,
                format!("'{part}' has a leading zero; some programs read that as octal, so addresses are written without them"),
            ));
        }
        let value: u32 = part.bytes().fold(0u32, |v, b| {
            v.saturating_mul(10).saturating_add(u32::from(b - b'0'))
        });
        if value > 255 {
            return Err(AddressError::new(
                ErrorCode::OctetOutOfRange,
                span,
                format!("octet {part} is above 255"),
            ));
        }
        if count < 4 {
            octets[count] = value as u8;
        }
        count += 1;
    }
    if count != 4 {
        return Err(AddressError::new(
            ErrorCode::WrongOctetCount,
            Span::new(0, text.len()),
            format!(
                "{} parts: an IPv4 address has exactly four, like 192.0.2.1",
                count_word(count)
            ),
        ));
    }
    Ok(Ipv4Addr::from(octets))
}

/// Strict IPv6 text (RFC 4291 §2.2), with an embedded dotted quad allowed at the end.
pub(crate) fn parse_v6(text: &str) -> Result<Ipv6Addr, AddressError> {
    if let Some(at) = text.find('%') {
        return Err(AddressError::new(
            ErrorCode::ZoneIndex,
            Span::new(at, text.len()),
            "a zone index (%…) only means something on the host that wrote it; give the address alone",
        ));
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_hexdigit() || c == ':' || c == '.'))
    {
        return Err(invalid_char(at, c, "IPv6"));
    }
    let first = colons(text)?;
    let groups = count_groups(text)?;
    let compressed = first.is_some();
    if (compressed && groups > 7) || (!compressed && groups != 8) {
        let message = if compressed {
            format!("{groups} groups plus '::': with '::' there can be at most seven")
        } else {
            format!(
                "{} groups: an IPv6 address has eight (or fewer with '::')",
                count_word(groups)
            )
        };
        return Err(AddressError::new(
            ErrorCode::WrongGroupCount,
            Span::new(0, text.len()),
            message,
        ));
    }
    text.parse::<Ipv6Addr>().map_err(|_| {
        AddressError::new(
            ErrorCode::BadAddress,
            Span::new(0, text.len()),
            "not a valid IPv6 address",
        )
    })
}

/// The colons of IPv6 text: no `:::`, `::` at most once, no single colon at either end. Returns where
/// the `::` is, if there is one.
fn colons(text: &str) -> Result<Option<usize>, AddressError> {
    if let Some(at) = text.find(":::") {
        return Err(AddressError::new(
            ErrorCode::BadAddress,
            Span::new(at, at + 3),
            "three colons in a row",
        ));
    }
    let first = text.find("::");
    if let Some(first) = first {
        if let Some(second) = text[first + 2..].find("::") {
            let at = first + 2 + second;
            return Err(AddressError::new(
                ErrorCode::DoubleColonTwice,
                Span::new(at, at + 2),
                "'::' appears twice; it may stand only once, or the address would be ambiguous",
            ));
        }
    }
    if text.starts_with(':') && first != Some(0) {
        return Err(AddressError::new(
            ErrorCode::BadAddress,
            Span::new(0, 1),
            "a single colon cannot start an address",
        ));
    }
    if text.ends_with(':') && first.map(|f| f + 2) != Some(text.len()) {
        let at = text.len() - 1;
        return Err(AddressError::new(
            ErrorCode::BadAddress,
            Span::new(at, at + 1),
            "a single colon cannot end an address",
        ));
    }
    Ok(first)
}

/// How many 16-bit groups IPv6 text writes (an embedded dotted quad, allowed only at the end, counts two).
fn count_groups(text: &str) -> Result<usize, AddressError> {
    let mut groups = 0usize;
    let mut start = 0usize;
    let parts: Vec<&str> = text.split(':').collect();
    for (i, part) in parts.iter().enumerate() {
        let span = Span::new(start, start + part.len());
        start += part.len() + 1;
        if part.is_empty() {
            continue;
        }
        if part.contains('.') {
            if i + 1 != parts.len() {
                return Err(AddressError::new(
                    ErrorCode::BadAddress,
                    span,
                    "an embedded IPv4 address may only stand at the end",
                ));
            }
            parse_v4(part).map_err(|e| e.shift(span.start))?;
            groups += 2;
        } else if part.len() > 4 {
            return Err(AddressError::new(
                ErrorCode::GroupTooLong,
                span,
                format!(
                    "group '{part}' has {} hex digits; a group has at most four",
                    part.len()
                ),
            ));
        } else {
            groups += 1;
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exact_text() {
        assert_eq!(parse_ip("192.0.2.1").unwrap().to_string(), "192.0.2.1");
        assert_eq!(parse_ip("2001:DB8::1").unwrap().to_string(), "2001:db8::1");
        assert_eq!(
            parse_ip("::ffff:10.0.0.1").unwrap().to_string(),
            "::ffff:10.0.0.1"
        );
    }

    #[test]
    fn says_where_and_why() {
        let e = parse_ip("10.0.0.300").unwrap_err();
        assert_eq!(
            (e.code, e.span),
            (ErrorCode::OctetOutOfRange, Span::new(7, 10))
        );
        let e = parse_ip("::ffff:1.02.3.4").unwrap_err();
        assert_eq!((e.code, e.span), (ErrorCode::LeadingZero, Span::new(9, 11)));
        assert_eq!(
            parse_ip("1:2").unwrap_err().code,
            ErrorCode::WrongGroupCount
        );
        assert_eq!(parse_ip(":1::").unwrap_err().code, ErrorCode::BadAddress);
        assert_eq!(
            parse_ip("1.2.3.4/24").unwrap_err().code,
            ErrorCode::InvalidCharacter
        );
        assert_eq!(parse_ip("").unwrap_err().code, ErrorCode::BadAddress);
    }
}
