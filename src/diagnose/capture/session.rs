//! Findings about one FTP session as the capture holds it: its data connections (see `data`), the
//! connections under TLS that failed, a capture that starts mid-session, bytes cut by the snapshot length
//! or never captured, and a control connection turned to TLS.

use super::data::{data_rules, wire_failure};
use super::CAPTURE_AGAIN;
use crate::capture::ftp::FtpSession;
use crate::capture::Analysis;
use crate::diagnose::{Code, Finding, Severity};

/// Every capture rule for one session.
pub(super) fn session_rules(a: &Analysis, s: &FtpSession, out: &mut Vec<Finding>) {
    let control = a.connection(s.connection);
    for ev in &s.data {
        data_rules(a, s, ev, out);
    }
    // Under TLS: the connections between the hosts that nothing explains, when they failed.
    for &id in &s.unexplained {
        let Some(c) = a.connection(id) else { continue };
        wire_failure(c, None, s, Vec::new(), out);
    }
    if s.mid_session {
        let first = s
            .sources
            .get(2)
            .and_then(|l| l.packet)
            .or(control.map(|c| c.first_packet));
        out.push(Finding::new(
            Code::CaptureMidSession,
            Severity::Info,
            format!(
                "The capture starts after this control connection was opened (its first packet here is {}): the greeting, the login and anything negotiated before are not in it, so the findings cover only what was captured.",
                first.map_or_else(|| "unknown".to_string(), |p| format!("packet {p}"))
            ),
            "Start the capture before connecting, to see the whole session.",
            Vec::new(),
        ));
    }
    if s.snaplen_bytes > 0 || (a.cut_frames > 0 && s.damaged_lines > 0) {
        out.push(Finding::new(
            Code::CaptureSnaplenCut,
            if s.damaged_lines > 0 { Severity::Warning } else { Severity::Info },
            format!(
                "{} packets were cut by the snapshot length{}: {} bytes of this FTP dialogue are not in the capture, so {} of its lines could not be read. Addresses, ports and TCP flags are intact: which connections were made, refused or never answered is known; what the lost lines said (a 227's address, a PORT command, a transfer's reply) is not.",
                a.cut_frames,
                if a.snaplen > 0 { format!(" ({} bytes)", a.snaplen) } else { String::new() },
                s.snaplen_bytes,
                s.damaged_lines
            ),
            CAPTURE_AGAIN,
            Vec::new(),
        ));
    }
    let lost = s.missing_bytes.saturating_sub(s.snaplen_bytes);
    if lost > 0 {
        out.push(Finding::new(
            Code::CapturePacketsMissing,
            Severity::Warning,
            format!("{lost} bytes of this control connection were never captured (the segments that carried them are missing: dropped by the capture, or lost before the capture point), so {} lines could not be read in full.", s.damaged_lines),
            "Capture on the client or server itself rather than on a busy mirror port, with a larger buffer (`tcpdump -B 8192`), and check tcpdump's \"packets dropped by kernel\" count.",
            Vec::new(),
        ));
    }
    if let Some(e) = &s.encrypted {
        out.push(Finding::new(
            Code::ControlEncrypted,
            Severity::Info,
            format!(
                "{} the control connection is encrypted ({} bytes to the server, {} to the client). Its PASV/EPSV replies, PORT/EPRT commands and transfer replies are inside TLS: without the session keys this capture cannot say which address or port was advertised, nor which command opened which data connection. It does show every TCP connection opened between the two hosts during the session and how each was answered ({} here).",
                match (e.kind, e.packet) {
                    ("implicit", _) => "TLS starts with the first byte (implicit FTPS):".to_string(),
                    (_, Some(p)) => format!("After AUTH TLS (TLS from packet {p} on)"),
                    _ => "After AUTH TLS".to_string(),
                },
                e.bytes_to_server,
                e.bytes_to_client,
                s.unexplained.len()
            ),
            "To read it, capture with the TLS keys: curl and other OpenSSL clients write them to the file named by SSLKEYLOGFILE, and Wireshark decrypts with it (Preferences > Protocols > TLS > (Pre)-Master-Secret log). Or reproduce the problem without TLS on a test account.",
            Vec::new(),
        ));
    }
}
