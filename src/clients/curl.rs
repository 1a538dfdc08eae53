//! curl (libcurl 8.x) reading a 227 or 229 reply.
//!
//! Written from curl's public source: `lib/ftp.c` of curl 8.11.0 (`ftp_state_pasv_resp`, `match_pasv_6nums`,
//! `control_address`, `ftp_epsv_disable`) and `lib/pingpong.c` (`Curl_pp_readresp`: which bytes the reply
//! buffer holds), plus `docs/cmdline-opts/ftp-skip-pasv-ip.md` (on by default since 7.74.0, the
//! CVE-2020-8284 fix). Older behaviour is from curl 7.88.1 (`sscanf` based, replaced by PR #10590 "ftp: make
//! less use of sscanf" for 8.0.0) and was checked against the real curl 7.88.1, see
//! `tests/fixtures/clients/curl_ftplib/observed.json`. The rules, in our words:
//!
//! - Which text. curl's FTP end-of-reply test takes the first line that starts with three digits and a
//!   space; earlier lines are dropped from the buffer. The parser reads from the fifth byte of that line
//!   to the end of the buffer (in 8.x the buffer also holds whatever arrived after that line; in 7.x it
//!   is cut after the final line). So in a multi-line reply only the final line counts.
//! - Which command. curl sends EPSV first (a 229 is its answer) and PASV after EPSV failed or with
//!   `--disable-epsv` (a 227 is its answer). A 229 to PASV fails with "Bad PASV/EPSV response: 229";
//!   any other reply to EPSV (a 227 too) makes curl give up EPSV and send PASV.
//! - 227: at each byte in turn, try to read six numbers separated by bare commas, each starting with a
//!   digit and each at most 255 (leading zeros are fine, blanks are not). The first position where that
//!   works wins, so a scan can start in the middle of a number: `(256,1,2,3,4,5)` reads as 56.1.2.3.
//!   Nothing found: "Couldn't interpret the 227-response". Port = p1 * 256 + p2.
//!   The address: by default (`CURLOPT_FTP_SKIP_PASV_IP`, default on since 7.74.0) curl ignores it and
//!   connects to the control connection's address.
//! - 229: find the first `(`; the next three bytes must be one repeated delimiter (any byte) followed by a
//!   digit; read the digits; the byte after them must be the delimiter again, else "Weirdly formatted EPSV
//!   reply"; a value above 65535 is "Illegal port number in EPSV reply". No closing `)` is needed. The
//!   address is always the control connection's.
//! - Port 0 passes both parsers; the connection to port 0 then fails (after a 229, curl falls back to PASV).

use super::{Reading, Seen};
use std::net::IpAddr;

const NAME: &str = "curl";
const SOURCE: &str = "curl lib/ftp.c (8.11.0: ftp_state_pasv_resp, match_pasv_6nums) and lib/pingpong.c; CURLOPT_FTP_SKIP_PASV_IP default since 7.74.0";

pub(super) fn read(seen: &Seen) -> Reading {
    // The final line: the first that starts with three digits and a space (curl's LASTLINE test).
    let lines: Vec<&str> = seen.reply.split('\n').collect();
    let Some(last) = lines.iter().position(|l| is_last_line(l)) else {
        return Reading::reject(
            NAME,
            SOURCE,
            "(no final reply line: curl keeps waiting for one until its timeout)",
            "curl ends a reply only at a line that starts with three digits and a space; this text has none, so curl waits for more.",
        );
    };
    // The reply buffer from the final line on, each line ended by CRLF as on the wire.
    let buffer: String = lines[last..].iter().map(|l| format!("{l}\r\n")).collect();
    let code: u16 = buffer[..3].parse().unwrap_or(0);
    let text = &buffer.as_bytes()[4..];
    let multi = if last > 0 {
        " curl reads only the final line of a multi-line reply; the earlier lines are dropped."
    } else {
        ""
    };
    let extra = if last + 1 < lines.len() {
        " (Lines after the final one are still in curl's buffer and are scanned too, in curl 8.x.)"
    } else {
        ""
    };
    // A 229 is the answer to EPSV (sent first), a 227 the answer to PASV.
    let asked_epsv = seen.code() == Some(229);
    match (asked_epsv, code) {
        (true, 229) => epsv(text, seen.control, &format!("{multi}{extra}")),
        (false, 227) => pasv(text, seen.control, &format!("{multi}{extra}")),
        (true, other) => Reading::reject(
            NAME,
            SOURCE,
            "Failed EPSV attempt. Disabling EPSV",
            format!("The final line has code {other:03}, not 229: curl takes EPSV as failed and sends PASV instead.{multi}"),
        ),
        (false, other) => Reading::reject(
            NAME,
            SOURCE,
            format!("Bad PASV/EPSV response: {other:03}"),
            format!("The final line has code {other:03}, not the 227 curl expects after PASV.{multi}"),
        ),
    }
}

fn is_last_line(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 3 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' '
}

/// Digits from `i`: their value (saturating, like strtoul's ULONG_MAX) and the index after them.
fn number_at(b: &[u8], i: usize) -> (u64, usize) {
    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let v = b[i..end].iter().fold(0u64, |v, d| {
        v.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    (v, end)
}

/// `match_pasv_6nums`: six numbers of at most 255 at `start`, bare commas between.
fn six_at(b: &[u8], start: usize) -> Option<[u64; 6]> {
    let mut out = [0u64; 6];
    let mut i = start;
    for (n, slot) in out.iter_mut().enumerate() {
        if n > 0 {
            if b.get(i) != Some(&b',') {
                return None;
            }
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let (v, end) = number_at(b, i);
        if v > 255 {
            return None;
        }
        *slot = v;
        i = end;
    }
    Some(out)
}

/// The six numbers curl reads from a 227 text (its byte-by-byte scan), if any: also used by the
/// decoder's error note (`clients::lenient`).
pub(crate) fn scan227(text: &str) -> Option<[u64; 6]> {
    let b = text.as_bytes();
    (0..b.len()).find_map(|i| six_at(b, i))
}

fn pasv(text: &[u8], control: Option<IpAddr>, more: &str) -> Reading {
    let Some((start, n)) = (0..text.len()).find_map(|i| six_at(text, i).map(|n| (i, n))) else {
        // curl 7.x scanned with sscanf("%u,%u,..."), which skips blanks before each number.
        let squeezed: Vec<u8> = text
            .iter()
            .copied()
            .filter(|c| *c != b' ' && *c != b'\t')
            .collect();
        let old = if (0..squeezed.len()).any(|i| six_at(&squeezed, i).is_some()) {
            " curl 7.x (sscanf) skipped blanks before each number and read this reply."
        } else {
            ""
        };
        return Reading::reject(
            NAME,
            SOURCE,
            "Couldn't interpret the 227-response",
            format!("curl found no six comma-separated numbers of at most 255 each (no blanks allowed) in the final line.{more}{old}"),
        );
    };
    let advertised = format!("{}.{}.{}.{}", n[0], n[1], n[2], n[3]);
    let port = (n[4] << 8) + n[5];
    let mut note = String::new();
    let starts_mid_number = start > 0 && text[start - 1].is_ascii_digit();
    if starts_mid_number {
        note.push_str(&format!(
            "curl's byte-by-byte scan skipped a number above 255 and started inside it, reading {advertised} port {port} (curl 7.x rejected such a reply: \"Couldn't interpret the 227-response\"). "
        ));
    }
    if port == 0 {
        note.push_str("Port 0: curl tries to connect to port 0, which fails (\"Failed to connect ... Couldn't connect to server\"). ");
    }
    let (ip, replaced) = match control {
        Some(c) => {
            let c = c.to_string();
            let replaced = c != advertised;
            if replaced {
                note.push_str(&format!(
                    "curl ignores the advertised {advertised} and connects to the control connection's address {c} (--ftp-skip-pasv-ip, the default since 7.74.0); with --no-ftp-skip-pasv-ip, and in curl before 7.74.0, it connects to {advertised}."
                ));
            } else {
                note.push_str("curl connects to the control connection's address (--ftp-skip-pasv-ip, the default since 7.74.0), which is also the advertised one.");
            }
            (Some(c), replaced)
        }
        None => {
            note.push_str(&format!(
                "curl ignores the advertised {advertised} and connects to the control connection's address, unknown here (--ftp-skip-pasv-ip, the default since 7.74.0); with --no-ftp-skip-pasv-ip, and in curl before 7.74.0, it connects to {advertised}."
            ));
            (None, true)
        }
    };
    note.push_str(more);
    Reading::accept(
        NAME,
        SOURCE,
        ip,
        port,
        replaced,
        note.trim_end().to_string(),
    )
}

fn epsv(text: &[u8], control: Option<IpAddr>, more: &str) -> Reading {
    let weird = |why: &str| {
        Reading::reject(
            NAME,
            SOURCE,
            "Weirdly formatted EPSV reply",
            format!("{why}{more} After this error curl stops; it does not retry with PASV."),
        )
    };
    let Some(open) = text.iter().position(|&c| c == b'(') else {
        return weird("curl found no '(' in the final line.");
    };
    let p = &text[open + 1..];
    let at = |i: usize| p.get(i).copied().unwrap_or(0);
    let sep = at(0);
    if sep == 0 || at(1) != sep || at(2) != sep || !at(3).is_ascii_digit() {
        let blank = if at(0) == at(1) && at(1) == at(2) && at(3) == b' ' {
            " curl 7.x (sscanf) skipped blanks before the port and accepted it."
        } else {
            ""
        };
        return weird(&format!(
            "After '(' curl needs three identical delimiters and then a digit (an address between the delimiters is not accepted).{blank}"
        ));
    }
    let (num, end) = number_at(p, 3);
    if at(end) != sep {
        return weird(&format!(
            "The port must be followed by the same delimiter '{}'. (Newer curl releases, which parse with curlx_str_number, are reported to say \"Illegal port number in EPSV reply\" here.)",
            char::from(sep)
        ));
    }
    if num > 0xffff {
        return Reading::reject(
            NAME,
            SOURCE,
            "Illegal port number in EPSV reply",
            format!("The port {num} is above 65535.{more}"),
        );
    }
    let mut note =
        String::from("curl connects to the control connection's address on the EPSV port");
    match control {
        Some(c) => note.push_str(&format!(" ({c})")),
        None => note.push_str(" (unknown here)"),
    }
    note.push('.');
    if sep != b'|' {
        note.push_str(&format!(
            " Any repeated delimiter is accepted, here '{}'.",
            char::from(sep)
        ));
    }
    if !p[end + 1..].starts_with(b")") {
        note.push_str(" No closing ')' is needed.");
    }
    if num == 0 {
        note.push_str(" Port 0: the connection fails, and curl then disables EPSV and sends PASV.");
    }
    note.push_str(more);
    Reading::accept(
        NAME,
        SOURCE,
        control.map(|c| c.to_string()),
        num,
        false,
        note,
    )
}
