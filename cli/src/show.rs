//! Text that decode and classify both print: an address's class on one line, and a `^^^` marker
//! under the bytes an error names.

use ftp_explorer::address::Classification;
use ftp_explorer::wire;

/// A `^^^` line under the offending bytes, when they sit on the input's single line.
pub fn underline(input: &str, span: wire::Span) -> Option<String> {
    if input.contains('\n')
        || span.end > input.len()
        || !input.is_char_boundary(span.start)
        || !input.is_char_boundary(span.end)
    {
        return None;
    }
    let pad = input[..span.start].chars().count();
    let width = input[span.start..span.end].chars().count().max(1);
    Some(format!("{}{}\n", " ".repeat(pad), "^".repeat(width)))
}

/// The class of an address: category, the registry entry, reachability, an embedded IPv4 address.
pub fn class_line(c: &Classification) -> String {
    let mut s = c.category.as_str().to_string();
    if let (Some(range), Some(rfc)) = (&c.range, c.rfc) {
        s.push_str(&format!(" ({}, {range}, {rfc})", c.name.unwrap_or("")));
    }
    s.push_str(if c.globally_reachable {
        ", globally reachable"
    } else {
        ", not globally reachable"
    });
    if let Some(e) = &c.embedded_ipv4 {
        s.push_str(&format!("; carries IPv4 {} ({})", e.ip, e.category));
    }
    s
}
