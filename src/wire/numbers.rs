//! The comma-separated number groups of PASV (227), PORT, LPSV (228) and LPRT: finding them in free
//! reply text the way robust clients do, then reading them strictly.

use super::error::{count_word, show_char, DecodeError, ErrorCode, Span};

/// One number of a group, with its place in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The value; saturates at `u32::MAX` for absurdly long digit strings.
    pub value: u32,
    pub span: Span,
}

/// A syntactically valid group: one or more decimal numbers separated by bare commas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub fields: Vec<Field>,
    pub span: Span,
    /// Fields written with a leading zero (`010`): legal decimal, but unusual.
    pub leading_zeros: Vec<Span>,
}

/// Where a group stands in a line of reply text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// The group's text, relative to the line.
    pub span: Span,
    /// Found between `(` and `)`.
    pub parenthesized: bool,
    /// An opening parenthesis without its closing one.
    pub unclosed: bool,
    /// Where the text after the group (and its closing parenthesis) begins.
    pub rest: usize,
}

fn is_group_char(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b',' | b' ' | b'\t' | b'+' | b'-')
}

/// Find the number group in one line of reply text (RFC 1123 §4.1.2.6: clients must scan for the numbers,
/// since the parentheses may be missing). In order of preference:
/// 1. the content of the first `(...)` that holds a digit (an unclosed `(` runs to the end of its run of
///    number-like characters);
/// 2. the first place where `min_fields` comma-separated numbers start, skipping digits before them;
/// 3. the first run of number-like characters with a digit and a comma (so a malformed group still gets
///    a precise error rather than "not found").
pub fn locate(line: &str, min_fields: usize) -> Option<Located> {
    let b = line.as_bytes();
    let mut search = 0;
    // A parenthesised text with digits but no comma ("(v2)", "(256)") is kept only as a last resort.
    let mut digits_only: Option<Located> = None;
    while let Some(open) = line[search..].find('(').map(|i| i + search) {
        let inner = open + 1;
        let found = match line[inner..].find(')').map(|i| i + inner) {
            Some(close) => {
                search = close + 1;
                Located {
                    span: Span::new(inner, close),
                    parenthesized: true,
                    unclosed: false,
                    rest: close + 1,
                }
            }
            None => {
                let mut end = inner;
                while end < b.len() && is_group_char(b[end]) {
                    end += 1;
                }
                while end > inner && matches!(b[end - 1], b' ' | b'\t') {
                    end -= 1;
                }
                search = b.len();
                Located {
                    span: Span::new(inner, end),
                    parenthesized: true,
                    unclosed: true,
                    rest: end,
                }
            }
        };
        let content = &line[found.span.start..found.span.end];
        if content.bytes().any(|c| c.is_ascii_digit()) {
            if content.contains(',') {
                return Some(found);
            }
            digits_only.get_or_insert(found);
        }
        if search >= b.len() {
            break;
        }
    }
    // 2. Bare numbers, as curl and ftplib scan for them.
    for start in 0..b.len() {
        if b[start].is_ascii_digit() && (start == 0 || !b[start - 1].is_ascii_digit()) {
            if let Some(end) = match_run(b, start, min_fields) {
                return Some(Located {
                    span: Span::new(start, end),
                    parenthesized: false,
                    unclosed: false,
                    rest: end,
                });
            }
        }
    }
    // 3. Anything that looks like a (broken) group.
    let mut i = 0;
    while i < b.len() {
        if is_group_char(b[i]) {
            let start = i;
            while i < b.len() && is_group_char(b[i]) {
                i += 1;
            }
            let run = &line[start..i];
            if run.contains(',') && run.bytes().any(|c| c.is_ascii_digit()) {
                let s = start + (run.len() - run.trim_start().len());
                let e = start + run.trim_end().len();
                return Some(Located {
                    span: Span::new(s, e),
                    parenthesized: false,
                    unclosed: false,
                    rest: e,
                });
            }
        } else {
            i += 1;
        }
    }
    digits_only
}

/// If at least `min` numbers separated by bare commas start at `start`, the end of the whole run of such
/// numbers (so that extra numbers are part of the group and reported).
fn match_run(b: &[u8], start: usize, min: usize) -> Option<usize> {
    let mut i = start;
    let mut count = 0;
    loop {
        let d = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return None;
        }
        count += 1;
        if i + 1 < b.len() && b[i] == b',' && b[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            break;
        }
    }
    (count >= min).then_some(i)
}

/// Read `text` (exactly a group, nothing else) strictly: decimal numbers separated by bare commas.
/// `base` is added to every span so they point into the whole input.
pub fn parse_group(text: &str, base: usize) -> Result<Group, DecodeError> {
    let mut fields = Vec::new();
    let mut leading_zeros = Vec::new();
    let mut pos = 0;
    let tokens: Vec<&str> = text.split(',').collect();
    for (index, token) in tokens.iter().enumerate() {
        let span = Span::new(base + pos, base + pos + token.len());
        if token.is_empty() {
            let comma = if index == 0 { base } else { base + pos - 1 };
            let why = if index == 0 {
                "the group starts with a comma"
            } else if index + 1 == tokens.len() {
                "the group ends with a comma"
            } else {
                "two commas with no number between them"
            };
            return Err(DecodeError::new(
                ErrorCode::EmptyField,
                Span::new(comma, comma + 1),
                format!("empty field: {why}"),
            ));
        }
        if let Some((j, c)) = token.char_indices().find(|&(_, c)| !c.is_ascii_digit()) {
            let at = Span::new(span.start + j, span.start + j + c.len_utf8());
            let has_digit = token.bytes().any(|c| c.is_ascii_digit());
            return Err(match c {
                ' ' | '\t' => DecodeError::new(
                    ErrorCode::BlankInGroup,
                    at,
                    "a blank inside the numbers: they must be separated by bare commas",
                ),
                '+' | '-' => DecodeError::new(
                    ErrorCode::SignInGroup,
                    at,
                    format!(
                        "{} sign: the numbers are plain decimal digits",
                        show_char(c)
                    ),
                ),
                _ if has_digit => DecodeError::new(
                    ErrorCode::GluedCharacters,
                    at,
                    format!(
                        "{} is glued to a number: each field must be decimal digits only",
                        show_char(c)
                    ),
                ),
                _ => DecodeError::new(
                    ErrorCode::NotANumber,
                    span,
                    format!("'{token}' is not a number"),
                ),
            });
        }
        if token.len() > 1 && token.starts_with('0') {
            leading_zeros.push(span);
        }
        let value = token.bytes().fold(0u32, |v, d| {
            v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        });
        fields.push(Field { value, span });
        pos += token.len() + 1;
    }
    Ok(Group {
        fields,
        span: Span::new(base, base + text.len()),
        leading_zeros,
    })
}

/// The error for a group with the wrong number of fields: "five numbers, PASV needs six".
pub fn wrong_count(found: usize, needed: usize, form: &str, span: Span) -> DecodeError {
    let code = if found < needed {
        ErrorCode::TooFewNumbers
    } else {
        ErrorCode::TooManyNumbers
    };
    DecodeError::new(
        code,
        span,
        format!(
            "{} {}, {form} needs {}",
            count_word(found),
            if found == 1 { "number" } else { "numbers" },
            count_word(needed)
        ),
    )
}

/// Any digits in `text`? (Numbers after a group are reported as extra.)
pub fn has_digits(text: &str) -> bool {
    text.bytes().any(|c| c.is_ascii_digit())
}

/// Read a six-number group as h1,h2,h3,h4,p1,p2 (PASV and PORT): an IPv4 address and a port.
pub fn host_port(
    group: &Group,
    form: &str,
) -> Result<(std::net::Ipv4Addr, super::PortMath), DecodeError> {
    let f = &group.fields;
    if f.len() != 6 {
        return Err(wrong_count(f.len(), 6, form, group.span));
    }
    for field in &f[..4] {
        if field.value > 255 {
            return Err(DecodeError::new(
                ErrorCode::OctetOutOfRange,
                field.span,
                format!("octet {} is above 255", field.value),
            ));
        }
    }
    for field in &f[4..] {
        if field.value > 255 {
            return Err(DecodeError::new(
                ErrorCode::PortByteOutOfRange,
                field.span,
                format!(
                    "port byte {} is above 255: the port is sent as two bytes, p1 × 256 + p2",
                    field.value
                ),
            ));
        }
    }
    let ip = std::net::Ipv4Addr::new(
        f[0].value as u8,
        f[1].value as u8,
        f[2].value as u8,
        f[3].value as u8,
    );
    let math = super::PortMath::new(f[4].value as u8, f[5].value as u8);
    if math.port == 0 {
        return Err(port_zero(Span::new(f[4].span.start, f[5].span.end)));
    }
    Ok((ip, math))
}

pub fn port_zero(span: Span) -> DecodeError {
    DecodeError::new(
        ErrorCode::PortZero,
        span,
        "port 0 is not a usable port: no data connection can be made to it",
    )
}

/// A letter or digit directly before or after a bare (unparenthesised) group is glued to it.
pub fn check_glue(line: &str, loc: &Located, base: usize) -> Result<(), DecodeError> {
    if loc.parenthesized && !loc.unclosed {
        return Ok(());
    }
    // Before an unclosed group stands its '('; only what follows can be glued.
    let before = if loc.parenthesized {
        None
    } else {
        line[..loc.span.start].chars().next_back()
    };
    let after = line[loc.span.end..].chars().next();
    let glued = |c: char| c.is_alphanumeric() || c == '_';
    if let Some(c) = before.filter(|&c| glued(c)) {
        let at = base + loc.span.start - c.len_utf8();
        return Err(DecodeError::new(
            ErrorCode::GluedCharacters,
            Span::new(at, at + c.len_utf8()),
            format!("{} is glued to the first number", show_char(c)),
        ));
    }
    if let Some(c) = after.filter(|&c| glued(c)) {
        let at = base + loc.span.end;
        return Err(DecodeError::new(
            ErrorCode::GluedCharacters,
            Span::new(at, at + c.len_utf8()),
            format!("{} is glued to the last number", show_char(c)),
        ));
    }
    Ok(())
}

/// An IPv6 address where the four address numbers of a PASV/PORT group belong, as pyftpdlib writes on an
/// IPv6 connection (`227 Entering passive mode (::1,195,80).`): these forms can only carry IPv4.
/// `text` is the group's text and `base` its offset in the input.
pub fn ipv6_in_group(text: &str, base: usize, form: &str, instead: &str) -> Option<DecodeError> {
    let first = text.split(',').next()?;
    if !first.contains(':') {
        return None;
    }
    let candidate = first.trim();
    candidate.parse::<std::net::Ipv6Addr>().ok()?;
    let at = base + (first.len() - first.trim_start().len());
    Some(DecodeError::new(
        ErrorCode::WrongFamily,
        Span::new(at, at + candidate.len()),
        format!(
            "{candidate} is an IPv6 address, but {form} can only carry an IPv4 address as four comma-separated numbers (h1,h2,h3,h4); on IPv6 use {instead} (RFC 2428)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str, min: usize) -> Option<&str> {
        locate(line, min).map(|l| &line[l.span.start..l.span.end])
    }

    #[test]
    fn locate_prefers_parentheses_then_bare_numbers_then_anything_group_like() {
        assert_eq!(
            found("227 Entering Passive Mode (1,2,3,4,5,6).", 6),
            Some("1,2,3,4,5,6")
        );
        assert_eq!(
            found("227 Mode 2 then 1,2,3,4,5,6 ok", 6),
            Some("1,2,3,4,5,6")
        );
        assert_eq!(
            found("227 Mode 12, 34 and 1,2,3,4,5,6", 6),
            Some("1,2,3,4,5,6")
        );
        assert_eq!(found("227 Mode 1, 2, 3", 6), Some("1, 2, 3"));
        assert_eq!(found("227 Mode (1,2,3,4,5,6", 6), Some("1,2,3,4,5,6"));
        assert_eq!(found("227 no numbers at all", 6), None);
        assert_eq!(found("227 (42)", 6), Some("42"));
    }

    #[test]
    fn match_run_counts_and_extends() {
        assert_eq!(match_run(b"1,2,3,4,5,6,7)", 0, 6), Some(13));
        assert_eq!(match_run(b"1,2,3", 0, 6), None);
        assert_eq!(match_run(b"1,2,3,4,5,6,", 0, 6), Some(11));
    }

    #[test]
    fn parse_group_is_strict() {
        let g = parse_group("10,010,255", 100).unwrap();
        assert_eq!(
            g.fields.iter().map(|f| f.value).collect::<Vec<_>>(),
            [10, 10, 255]
        );
        assert_eq!(g.leading_zeros, [Span::new(103, 106)]);
        assert_eq!(
            parse_group("1,,2", 0).unwrap_err().code,
            ErrorCode::EmptyField
        );
        assert_eq!(parse_group("1, 2", 0).unwrap_err().span, Span::new(2, 3));
        assert_eq!(
            parse_group("+1,2", 0).unwrap_err().code,
            ErrorCode::SignInGroup
        );
        assert_eq!(
            parse_group("1a,2", 0).unwrap_err().code,
            ErrorCode::GluedCharacters
        );
        assert_eq!(
            parse_group("x,2", 0).unwrap_err().code,
            ErrorCode::NotANumber
        );
        assert_eq!(
            parse_group("99999999999999999999", 0).unwrap().fields[0].value,
            u32::MAX
        );
    }
}
