//! Share links: the pasted text travels in the URL fragment (`#log=…`), which browsers never send to any
//! server. Passwords are masked before the text goes into the link.

use crate::log::mask::mask_password;

/// Characters left as they are in the fragment (RFC 3986 unreserved); everything else is `%XX` (UTF-8).
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// The fragment (without `#`) that carries `text`, every `PASS` argument masked.
pub fn fragment_for(text: &str) -> String {
    let masked: Vec<String> = text
        .split('\n')
        .map(|l| mask_password(l).into_owned())
        .collect();
    let masked = masked.join("\n");
    format!("log={}", crate::percent::encode(&masked, unreserved))
}

/// The text a fragment carries (`log=…`, with or without the leading `#`), or `None` if it carries none.
/// Malformed escapes are kept literally; invalid UTF-8 is replaced. Passwords are masked again, in case
/// the link was written by hand.
pub fn text_from_fragment(fragment: &str) -> Option<String> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    let encoded = f.split('&').find_map(|part| part.strip_prefix("log="))?;
    let text = crate::percent::decode(encoded);
    let masked: Vec<String> = text
        .split('\n')
        .map(|l| mask_password(l).into_owned())
        .collect();
    Some(masked.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_masks() {
        let log = "> USER bob\n> PASS hunter2\n< 227 Entering Passive Mode (10,0,0,1,195,80).\n* é ✓ 100%";
        let f = fragment_for(log);
        assert!(!f.contains("hunter2"));
        assert!(f.starts_with("log=%3E%20USER%20bob%0A"));
        assert_eq!(
            text_from_fragment(&format!("#{f}")).unwrap(),
            log.replace("hunter2", "****")
        );
    }

    #[test]
    fn tolerates_junk() {
        assert_eq!(text_from_fragment("#other=1"), None);
        assert_eq!(text_from_fragment("log=%zz%4"), Some("%zz%4".to_string()));
        assert_eq!(text_from_fragment("x=1&log=a+b"), Some("a b".to_string()));
        assert_eq!(text_from_fragment("log=%FF"), Some("\u{FFFD}".to_string()));
    }
}
