//! Errors and warnings produced by the decoders: a stable code, a message a student understands, and the
//! byte span of the offending part of the input.

use serde::Serialize;
use std::fmt;

pub use crate::base::Span;
pub(crate) use crate::base::{count_word, show_char};

crate::named_enum! {
    /// Why a text could not be decoded. The string form is a stable contract.
    pub ErrorCode {
        /// Nothing but blanks.
        EmptyInput => "empty-input",
        /// Neither a reply (three digits) nor a command this tool knows.
        UnknownInput => "unknown-input",
        /// A reply code not followed by a space, a hyphen or the end of the line.
        BadReplyFraming => "bad-reply-framing",
        /// A multi-line reply (`227-`) whose closing line (`227 `) never comes.
        UnterminatedMultiline => "unterminated-multiline",
        /// A well-formed reply that carries no data-connection endpoint (e.g. `200 OK`).
        NoEndpointReply => "no-endpoint-reply",
        /// No comma-separated group of numbers anywhere in the text.
        NoNumberGroup => "no-number-group",
        TooFewNumbers => "too-few-numbers",
        TooManyNumbers => "too-many-numbers",
        /// Two commas with nothing between them, or a comma at either end of the group.
        EmptyField => "empty-field",
        /// A blank inside the group (`1, 2`).
        BlankInGroup => "blank-in-group",
        /// A `+` or `-` sign inside the group.
        SignInGroup => "sign-in-group",
        /// A letter or other character stuck to a number (`4a`).
        GluedCharacters => "glued-characters",
        /// A field that holds no digit at all.
        NotANumber => "not-a-number",
        /// An address byte above 255.
        OctetOutOfRange => "octet-out-of-range",
        /// A port byte (p1 or p2) above 255.
        PortByteOutOfRange => "port-byte-out-of-range",
        /// Port 0: no data connection can be made to it.
        PortZero => "port-zero",
        /// A decimal port above 65535.
        PortOutOfRange => "port-out-of-range",
        /// The port field is empty.
        MissingPort => "missing-port",
        /// The port field holds something other than decimal digits.
        BadPort => "bad-port",
        /// 0.0.0.0 or :: where the address must name a host (PORT, EPRT, LPRT).
        UnspecifiedAddress => "unspecified-address",
        /// An EPSV/EPRT delimiter outside printable ASCII 33-126.
        BadDelimiter => "bad-delimiter",
        /// The four EPSV/EPRT delimiters are not all the same character.
        DelimitersDiffer => "delimiters-differ",
        /// A 229 reply whose protocol or address field is not empty.
        FieldsNotEmpty => "fields-not-empty",
        /// A 229 reply with no `(|||port|)` group.
        NoEpsvGroup => "no-epsv-group",
        /// EPRT/EPSV network protocol other than 1 (IPv4) or 2 (IPv6): servers answer 522.
        UnsupportedNetworkProtocol => "unsupported-network-protocol",
        /// LPRT/228 address family other than 4 (IPv4) or 6 (IPv6).
        UnsupportedAddressFamily => "unsupported-address-family",
        /// LPRT/228 address length that does not fit the family (4 for IPv4, 16 for IPv6).
        BadAddressLength => "bad-address-length",
        /// LPRT/228 port length other than 2.
        BadPortLength => "bad-port-length",
        /// EPRT with the wrong number of fields.
        WrongFieldCount => "wrong-field-count",
        /// EPRT protocol 1 with an IPv6 address, or 2 with IPv4.
        AddressFamilyMismatch => "address-family-mismatch",
        /// A command that takes no argument was given one (`PASV x`).
        UnexpectedArgument => "unexpected-argument",
        /// A command that needs an argument was given none (`PORT`).
        MissingArgument => "missing-argument",
        /// An argument of the wrong shape (`EPSV foo`).
        BadArgument => "bad-argument",
        // Address text (see `address::parse_ip`).
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
        // Encoding.
        /// The address family cannot be carried by the requested form (IPv6 in PASV/PORT).
        WrongFamily => "wrong-family",
    }
}

crate::named_enum! {
    /// Something worth knowing that does not stop decoding. The string form is a stable contract.
    pub WarningCode {
        /// The address is not a public unicast address; the message names its class.
        NonPublicAddress => "non-public-address",
        /// A data port below 1024.
        PrivilegedPort => "privileged-port",
        /// The group is not enclosed in parentheses (legal per RFC 1123, but strict clients fail).
        MissingParenthesis => "missing-parenthesis",
        /// More numbers follow the group in the text; they were ignored.
        ExtraNumbers => "extra-numbers",
        /// A number written with leading zeros (`010`).
        LeadingZeros => "leading-zeros",
        /// PASV/PORT/IPv4 forms used over an IPv6 control connection.
        PasvOnIpv6 => "pasv-on-ipv6",
        /// The advertised address differs from the control connection's peer.
        AddressMismatch => "address-mismatch",
        /// An EPSV/EPRT delimiter other than the recommended `|`.
        UnusualDelimiter => "unusual-delimiter",
        /// 0.0.0.0 advertised in a passive reply.
        UnspecifiedAddress => "unspecified-address",
        /// The address is multicast or broadcast: TCP cannot connect to it.
        NotUnicast => "not-unicast",
    }
}

/// Why decoding failed, where, and (when a real client behaves differently) what that client would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodeError {
    pub code: ErrorCode,
    pub message: String,
    pub span: Span,
    /// How real clients treat this malformed input, when they differ from the strict reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DecodeError {
    pub fn new(code: ErrorCode, span: Span, message: impl Into<String>) -> Self {
        DecodeError {
            code,
            message: message.into(),
            span,
            note: None,
        }
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
    pub(crate) fn shift(mut self, by: usize) -> Self {
        self.span = self.span.shift(by);
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{}): {}",
            self.code, self.span.start, self.span.end, self.message
        )?;
        if let Some(note) = &self.note {
            write!(f, " [{note}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// An address that is not one (in an EPRT, or as a control address): the same code, message and span.
impl From<crate::address::AddressError> for DecodeError {
    fn from(e: crate::address::AddressError) -> Self {
        use crate::address::ErrorCode as A;
        let code = match e.code {
            A::SurroundingBlank => ErrorCode::SurroundingBlank,
            A::InvalidCharacter => ErrorCode::InvalidCharacter,
            A::LeadingZero => ErrorCode::LeadingZero,
            A::WrongOctetCount => ErrorCode::WrongOctetCount,
            A::EmptyOctet => ErrorCode::EmptyOctet,
            A::OctetOutOfRange => ErrorCode::OctetOutOfRange,
            A::DoubleColonTwice => ErrorCode::DoubleColonTwice,
            A::GroupTooLong => ErrorCode::GroupTooLong,
            A::WrongGroupCount => ErrorCode::WrongGroupCount,
            A::ZoneIndex => ErrorCode::ZoneIndex,
            A::BadAddress => ErrorCode::BadAddress,
        };
        DecodeError::new(code, e.span, e.message)
    }
}

/// A fact that does not stop decoding but that a learner or an administrator should see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Warning {
    pub fn new(code: WarningCode, span: Option<Span>, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
            span,
        }
    }
}
