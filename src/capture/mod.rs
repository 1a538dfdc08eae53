//! Packet captures: what really happened on the wire.
//!
//! - [`file`]: pcap and pcapng, recognised by their magic bytes; errors name the byte offset.
//! - [`packet`]: link layers, IPv4/IPv6, TCP, ICMP errors.
//! - [`reassembly`]: TCP streams put back together, with every oddity noted.
//! - [`conn`]: TCP connections, their openings, the ICMP errors that answered them.
//! - [`ftp`]: FTP control connections found by their contents, each dialogue read into the checker's
//!   [`crate::log::Session`] (passwords masked first), and every negotiated data connection matched to the
//!   TCP connection that followed it — or to its absence.
//! - [`compare`]: two captures of the same sessions (client side, server side): what changed between them.
//!
//! [`analyse`] reads a whole file; [`CaptureReader`] does the same a slice at a time (for a page).
//! [`crate::diagnose::capture`] turns an [`Analysis`] into findings.

pub mod compare;
pub mod conn;
pub mod file;
pub mod ftp;
pub mod packet;
pub mod reassembly;

pub use compare::{compare, Comparison};
pub use conn::{Connection, IcmpNote, Opening};
pub use file::{is_capture, FileError, FileInfo};
pub use ftp::{DataEvidence, FtpSession, WireOutcome};

use serde::Serialize;

/// Frames that gave no TCP packet or ICMP error, by why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Not IP (ARP and the like).
    pub not_ip: u32,
    /// Copies of packets the capture also holds (Linux `-i any` sees each loopback packet twice).
    pub duplicates: u32,
    /// Shorter than the headers they announce.
    pub malformed: u32,
    /// On an interface whose link type this reader does not decode.
    pub unsupported_link: u32,
    /// IP packets of other protocols (UDP, informational ICMP…) or later fragments.
    pub other: u32,
}

/// Everything read from one capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub file: FileInfo,
    /// Why reading stopped early (what was read before it is kept), or why nothing could be read.
    pub error: Option<FileError>,
    pub bytes: u64,
    pub frames: u32,
    /// Nanoseconds since the Unix epoch of the first frame (0 when unknown).
    pub start_ns: u64,
    /// Microseconds from the first frame to the last.
    pub duration_us: u64,
    pub skipped: Skipped,
    /// Frames that the snapshot length cut (captured shorter than on the wire).
    pub cut_frames: u32,
    /// The largest snapshot length of the file's interfaces (0 when none was set).
    pub snaplen: u32,
    /// Every TCP connection.
    pub connections: Vec<Connection>,
    /// ICMP errors that quote no connection of the capture.
    pub stray_icmp: Vec<IcmpNote>,
    /// The FTP control connections, in the order they started.
    pub sessions: Vec<FtpSession>,
}

impl Analysis {
    /// The connection with this id.
    pub fn connection(&self, id: usize) -> Option<&Connection> {
        self.connections.get(id)
    }
}

/// Reads a capture a slice at a time. Every call must pass the same bytes.
#[derive(Debug, Clone)]
pub struct CaptureReader {
    reader: Option<file::Reader>,
    error: Option<FileError>,
    table: conn::Table,
    skipped: Skipped,
    cut_frames: u32,
    first_ns: Option<u64>,
    last_us: u64,
    frames: u32,
    len: usize,
}

impl CaptureReader {
    pub fn new(bytes: &[u8]) -> Self {
        let (reader, error) = match file::Reader::open(bytes) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        CaptureReader {
            reader,
            error,
            table: conn::Table::default(),
            skipped: Skipped::default(),
            cut_frames: 0,
            first_ns: None,
            last_us: 0,
            frames: 0,
            len: bytes.len(),
        }
    }

    /// Read up to `max_frames` more frames; true once the file is read (or reading stopped at an error).
    pub fn step(&mut self, bytes: &[u8], max_frames: usize) -> bool {
        let Some(reader) = self.reader.as_mut() else {
            return true;
        };
        for _ in 0..max_frames {
            let Some(frame) = reader.next_frame(bytes) else {
                return true;
            };
            self.frames = frame.number;
            let first = *self.first_ns.get_or_insert(frame.time_ns);
            let time_us = frame.time_ns.saturating_sub(first) / 1000;
            self.last_us = self.last_us.max(time_us);
            if frame.data.len() < frame.original_len as usize {
                self.cut_frames += 1;
            }
            if file::link_name(frame.link_type).is_none() {
                self.skipped.unsupported_link += 1;
                continue;
            }
            match packet::decode(frame.link_type, frame.data, frame.original_len) {
                Err(packet::Skip::NotIp) => self.skipped.not_ip += 1,
                Err(packet::Skip::Duplicate) => self.skipped.duplicates += 1,
                Err(packet::Skip::Malformed) => self.skipped.malformed += 1,
                Ok(p) => match p.transport {
                    packet::Transport::Tcp(t) => {
                        let at =
                            (t.payload.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
                        self.table.tcp(frame.number, time_us, p.src, p.dst, &t, at);
                    }
                    packet::Transport::Icmp(e) => self.table.icmp(frame.number, time_us, p.src, &e),
                    packet::Transport::Other => self.skipped.other += 1,
                },
            }
        }
        false
    }

    /// How much of the file is read, from 0 to 1.
    pub fn progress(&self) -> f64 {
        match &self.reader {
            Some(r) if self.len > 0 => r.position() as f64 / self.len as f64,
            _ => 1.0,
        }
    }

    /// Finish reading (whatever is left), reassemble, find the FTP sessions.
    pub fn finish(mut self, bytes: &[u8]) -> Analysis {
        while !self.step(bytes, usize::MAX) {}
        let (info, error) = match self.reader {
            Some(r) => (r.info.clone(), r.error.clone()),
            None => (
                FileInfo {
                    format: "unknown",
                    byte_order: "unknown",
                    timestamps: "unknown",
                    sections: 0,
                    interfaces: Vec::new(),
                },
                self.error,
            ),
        };
        let mut table = self.table;
        table.finish(bytes);
        let snaplen = info.interfaces.iter().map(|i| i.snaplen).max().unwrap_or(0);
        let mut analysis = Analysis {
            file: info,
            error,
            bytes: bytes.len() as u64,
            frames: self.frames,
            start_ns: self.first_ns.unwrap_or(0),
            duration_us: self.last_us,
            skipped: self.skipped,
            cut_frames: self.cut_frames,
            snaplen,
            connections: table.connections,
            stray_icmp: table.stray_icmp,
            sessions: Vec::new(),
        };
        analysis.sessions = ftp::sessions(&mut analysis.connections, bytes);
        analysis
    }
}

/// Read a whole capture.
pub fn analyse(bytes: &[u8]) -> Analysis {
    CaptureReader::new(bytes).finish(bytes)
}

/// `12.345678 s`, from microseconds, without floating point.
pub fn seconds(us: u64) -> String {
    format!("{}.{:06} s", us / 1_000_000, us % 1_000_000)
}

/// `1.2 s` / `350 ms`: a short duration for sentences.
pub fn duration(us: u64) -> String {
    if us >= 1_000_000 {
        format!("{}.{} s", us / 1_000_000, us % 1_000_000 / 100_000)
    } else {
        format!("{} ms", us / 1000)
    }
}

/// `once`, `3 times`: how often a packet was sent, for sentences.
pub fn times(n: usize) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}
