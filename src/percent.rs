//! Percent-encoding (RFC 3986 §2.1) for the links the page writes and reads: share links, flow links,
//! setup links, exported `data:` URLs. One encoder, told which bytes stay as they are; one decoder.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `text` with every byte that `keep` refuses written as `%XX` (upper-case hex, UTF-8 bytes). A `keep`
/// that takes a byte of 0x80 or above takes them all, so the text stays UTF-8.
pub fn encode(text: &str, keep: fn(u8) -> bool) -> String {
    let mut out = Vec::with_capacity(text.len());
    for &b in text.as_bytes() {
        if keep(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Undo [`encode`]; `+` is a space, as forms write it. A malformed escape stays as it is; invalid UTF-8
/// is replaced.
pub fn decode(text: &str) -> String {
    let b = text.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_keep_refuses_and_decodes_it_back() {
        let text = "a b+c%d&é/#";
        let e = encode(text, |b| b.is_ascii_alphanumeric());
        assert_eq!(e, "a%20b%2Bc%25d%26%C3%A9%2F%23");
        assert_eq!(decode(&e), text);
        // Non-ASCII kept whole when every high byte is kept.
        assert_eq!(encode("é %", |b| b >= 0x80), "é%20%25");
        // `+` is a space; a malformed or cut escape stays.
        assert_eq!(decode("a+b%2x%4"), "a b%2x%4");
    }
}
