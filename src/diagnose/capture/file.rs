//! Findings about the capture file itself: damaged (cut short, or unreadable), or holding no FTP.

use crate::capture::Analysis;
use crate::diagnose::{Code, Finding, Severity};

/// The file could not be read to its end; no FTP control connection in it.
pub(super) fn file_rules(a: &Analysis, out: &mut Vec<Finding>) {
    if let Some(e) = &a.error {
        let cut_short = e.code == "truncated" && a.frames > 0;
        out.push(Finding::new(
            Code::CaptureFileDamaged,
            if cut_short { Severity::Warning } else { Severity::Error },
            if a.frames > 0 {
                format!("Reading stopped at byte {} ({}): {}. The {} packets before it were read and are diagnosed here.", e.offset, e.code, e.message, a.frames)
            } else {
                format!("The file could not be read as a capture: byte {}: {} ({}).", e.offset, e.message, e.code)
            },
            if cut_short {
                "Stop the capture cleanly (Ctrl-C in tcpdump, Stop in Wireshark) before copying the file, and copy it whole."
            } else {
                "Open the original capture file (pcap or pcapng, not compressed, not a text export); if it came from a tool that writes another format, convert it with `editcap -F pcapng IN OUT`."
            },
            Vec::new(),
        ));
    }
    if a.sessions.is_empty() && (a.error.is_none() || a.frames > 0) {
        let tls_990 = a
            .connections
            .iter()
            .filter(|c| c.server.port() == 990)
            .count();
        out.push(Finding::new(
            Code::CaptureNoFtp,
            Severity::Info,
            format!(
                "No FTP control connection was found in {} packets ({} TCP connections): none carries an FTP greeting, commands and replies{}.",
                a.frames,
                a.connections.len(),
                if tls_990 > 0 { ", or it is encrypted from its first byte" } else { "" }
            ),
            "Capture the control connection too: a filter such as `port 21 or portrange 50000-51000` (the server's passive range), or no filter at all, and start the capture before connecting.",
            Vec::new(),
        ));
    }
}
