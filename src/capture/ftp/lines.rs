//! One direction of a control connection cut into lines, up to where TLS starts: passwords masked at
//! once, and lines that touch bytes the capture does not hold marked `[incomplete]`.

use super::control::looks_like_tls;
use crate::capture::conn::Connection;
use crate::capture::reassembly::Stream;
use crate::log::mask::mask_password;

/// A line cut out of one direction.
pub(super) struct Piece {
    pub packet: Option<u32>,
    pub time_us: u64,
    pub from_client: bool,
    pub offset: u64,
    pub text: String,
    /// Part of it is not in the capture: shown, never read as a command or reply.
    pub damaged: bool,
}

/// The marker for missing bytes.
fn missing_marker(s: &Stream, start: u64, end: u64) -> String {
    let cut = s
        .gaps
        .iter()
        .any(|g| g.snaplen && g.offset < end && g.offset + g.length > start);
    let why = if cut {
        "cut by the snapshot length"
    } else {
        "not captured"
    };
    format!("[…{} bytes {why}…]", end - start)
}

/// Cut a direction into lines, up to where TLS starts. Returns the lines, the TLS start offset (if any),
/// and how many lines touched missing bytes.
pub(super) fn lines_of(
    s: &Stream,
    c: &Connection,
    from_client: bool,
) -> (Vec<Piece>, Option<u64>, u32) {
    let mut out = Vec::new();
    let mut damaged = 0;
    let bytes = &s.bytes;
    let len = bytes.len() as u64;
    let mut at = 0u64;
    let mut tls = None;
    // Does a line start at `at` for sure (the stream's start, or right after a captured newline)?
    let line_start = |at: u64| {
        (at == 0 && s.syn)
            || (at > 0 && !s.has_gap(at - 1, at) && bytes.get(at as usize - 1) == Some(&b'\n'))
    };
    while at < len {
        // The next gap at or after `at` (gaps are sorted and disjoint).
        let gap = s
            .gaps
            .iter()
            .find(|g| g.offset.saturating_add(g.length) > at);
        if let Some(g) = gap.filter(|g| g.offset <= at) {
            // A line that starts inside missing bytes: nothing of it is known.
            let end = g.offset.saturating_add(g.length).min(len);
            let packet = s.packet_at(end.min(len.saturating_sub(1)));
            damaged += 1;
            out.push(Piece {
                packet,
                time_us: packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us),
                from_client,
                offset: at,
                text: format!("[incomplete] {}", missing_marker(s, at, end)),
                damaged: true,
            });
            at = end;
            continue;
        }
        let run_end = gap.map_or(len, |g| g.offset.min(len));
        let here = &bytes[at as usize..run_end as usize];
        if looks_like_tls(here) {
            tls = Some(at);
            break;
        }
        let (end, into_gap) = match here.iter().position(|&b| b == b'\n') {
            Some(i) => (at + i as u64 + 1, None),
            None => (
                run_end,
                gap.map(|g| g.offset.saturating_add(g.length).min(len)),
            ),
        };
        let raw = &bytes[at as usize..end as usize];
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let packet = s.packet_at(end.saturating_sub(1));
        let time_us = packet.and_then(|p| time_of(c, p)).unwrap_or(c.start_us);
        let text = String::from_utf8_lossy(line);
        let piece = match into_gap {
            None => {
                // Passwords are masked here, before the text goes anywhere else.
                let text = if from_client {
                    mask_password(&text).into_owned()
                } else {
                    text.into_owned()
                };
                (!text.trim().is_empty()).then_some((text, false))
            }
            Some(gap_end) => {
                damaged += 1;
                let marker = missing_marker(s, end, gap_end);
                // The head of a client line is masked like any other (a password needs "PASS " first);
                // the tail of a line whose head is lost is not shown: it could be a password.
                let head = line_start(at);
                Some((
                    incomplete_line(&text, line.len(), from_client, head, &marker),
                    true,
                ))
            }
        };
        if let Some((text, damaged)) = piece {
            out.push(Piece {
                packet,
                time_us,
                from_client,
                offset: at,
                text,
                damaged,
            });
        }
        at = into_gap.unwrap_or(end);
    }
    (out, tls, damaged)
}

/// A line that runs into missing bytes, as shown: `[incomplete]`, what is known of it, and the marker.
/// A client line is shown only from its head (masked); else only its length.
fn incomplete_line(text: &str, len: usize, from_client: bool, head: bool, marker: &str) -> String {
    if !from_client {
        format!("[incomplete] {text}{marker}")
    } else if head {
        format!("[incomplete] {}{marker}", mask_password(text))
    } else {
        format!("[incomplete] [{len} bytes of a client line]{marker}")
    }
}

/// The time of one of the connection's packets.
pub(super) fn time_of(c: &Connection, packet: u32) -> Option<u64> {
    let r = c.records.binary_search_by_key(&packet, |r| r.frame).ok()?;
    c.records.get(r).map(|r| r.time_us)
}
