//! FTP control connections, found by what they carry (a greeting, commands, replies) on any port.

use crate::capture::conn::Connection;
use crate::capture::reassembly::Stream;
use crate::log::entry::is_command;

/// The first line of a stream's head (up to 512 bytes), without its line ending.
fn first_line(s: &Stream) -> Option<&[u8]> {
    let head = &s.bytes[..s.bytes.len().min(512)];
    if s.gaps.first().is_some_and(|g| g.offset == 0) {
        return None;
    }
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = &head[..end];
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

pub(super) fn reply_code(line: &[u8]) -> Option<u16> {
    let digits = line.get(..3)?;
    if !digits.iter().all(u8::is_ascii_digit) || !matches!(line.get(3), None | Some(b' ' | b'-')) {
        return None;
    }
    let code = u16::from(digits[0] - b'0') * 100
        + u16::from(digits[1] - b'0') * 10
        + u16::from(digits[2] - b'0');
    (100..600).contains(&code).then_some(code)
}

pub(super) fn looks_like_tls(b: &[u8]) -> bool {
    matches!(b, [0x14..=0x17, 0x03, 0x00..=0x04, ..])
}

/// Is this connection FTP control, and which way round? Some(false): as it is; Some(true): swapped.
pub(super) fn control_roles(c: &Connection) -> Option<bool> {
    let check = |to_client: &Stream, to_server: &Stream, known: bool| -> bool {
        let reply = first_line(to_client).and_then(reply_code);
        let command = first_line(to_server).map(|l| is_command(&String::from_utf8_lossy(l)));
        match (reply, command) {
            // A greeting; the client said nothing yet, or an FTP command (an SMTP server greets with 220 too).
            (Some(120 | 220 | 421), None | Some(true)) => {
                to_server.bytes.is_empty() || command == Some(true)
            }
            // Captured mid-session: replies one way, commands the other.
            (Some(_), Some(true)) => true,
            (None, Some(true)) => known && to_client.bytes.is_empty(),
            _ => false,
        }
    };
    if check(&c.to_client, &c.to_server, c.client_known) {
        return Some(false);
    }
    if !c.client_known && check(&c.to_server, &c.to_client, false) {
        return Some(true);
    }
    // Implicit FTPS: TLS from the first byte on the FTPS port.
    let port = c.server.port();
    if port == 990 && looks_like_tls(&c.to_server.bytes) {
        return Some(false);
    }
    None
}
