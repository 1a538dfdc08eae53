//! The capture file itself: pcap (either byte order, micro- or nanosecond timestamps, and the "modified"
//! pcap of old Linux tcpdump) and pcapng (several sections, several interfaces, enhanced, simple and
//! obsolete packet blocks), recognised by their magic bytes. Written by hand: the format is a few fixed
//! headers, and `pcap-parser` (with `nom`) added 46.8 KB (14.6 KB gzipped) to a Wasm release build, more
//! than the whole page has left, without naming the byte offset of an error.
//!
//! [`Reader`] yields one [`Frame`] at a time and never panics: at the first structural error it stops and
//! keeps a [`FileError`] that names the byte offset and the reason; the frames before it stay valid.
//!
//! - `magic`: which format the first bytes announce, or what the file is instead.
//! - `pcap`: the file header and the packet records.
//! - `pcapng`: block framing, section headers, interface descriptions and the packet blocks.

mod magic;
mod pcap;
mod pcapng;

pub use magic::is_capture;

use magic::{magic, not_a_capture, Magic};
use serde::Serialize;

/// The most bytes one packet record may hold before its length counts as absurd (tcpdump's and
/// Wireshark's largest snapshot length), unless the file's own snapshot length is larger.
pub const MAX_PACKET: u32 = 262_144;

/// Why reading stopped. `code` is a stable kebab-case name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// Byte offset in the file where the problem is.
    pub offset: u64,
    pub code: &'static str,
    pub message: String,
}

impl FileError {
    fn new(offset: usize, code: &'static str, message: impl Into<String>) -> Self {
        FileError {
            offset: offset as u64,
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {}: {} [{}]", self.offset, self.message, self.code)
    }
}

impl std::error::Error for FileError {}

/// One interface (pcap: the file's single link; pcapng: an interface description block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interface {
    /// The pcapng section it belongs to (0 for pcap).
    pub section: u32,
    /// The link-layer header type (LINKTYPE_* number).
    pub link_type: u16,
    /// Its name (`ethernet`, `linux-sll`, …), or `unsupported` when this reader does not decode it.
    pub link: &'static str,
    /// The snapshot length: 0 means none.
    pub snaplen: u32,
    /// The interface's name, when the pcapng block gives one.
    pub name: Option<String>,
    #[serde(skip)]
    units_per_second: u64,
    #[serde(skip)]
    offset_seconds: i64,
}

/// What kind of file it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    /// `pcap` or `pcapng`.
    pub format: &'static str,
    /// pcap: the byte order of the file (`little` or `big`); pcapng: of its first section.
    pub byte_order: &'static str,
    /// pcap: `microseconds` or `nanoseconds`; pcapng: per interface (`if_tsresol`), shown as `per-interface`.
    pub timestamps: &'static str,
    pub sections: u32,
    pub interfaces: Vec<Interface>,
}

/// One captured packet, borrowed from the file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// 1-based, in file order (as Wireshark numbers them).
    pub number: u32,
    /// Nanoseconds since the Unix epoch (0 when the file says nothing sensible).
    pub time_ns: u64,
    /// Index into [`FileInfo::interfaces`].
    pub interface: u32,
    pub link_type: u16,
    /// The captured bytes.
    pub data: &'a [u8],
    /// The packet's length on the wire (more than `data.len()` when the snapshot length cut it).
    pub original_len: u32,
    /// Byte offset of `data` in the file.
    pub offset: usize,
}

/// The name of a link type this reader decodes, or None.
pub fn link_name(link_type: u16) -> Option<&'static str> {
    Some(match link_type {
        0 => "bsd-loopback",
        1 => "ethernet",
        12 | 14 | 101 => "raw-ip",
        108 => "openbsd-loopback",
        113 => "linux-sll",
        228 => "ipv4",
        229 => "ipv6",
        276 => "linux-sll2",
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pcap,
    Pcapng,
}

/// Reads frames one at a time. Every offset and length is checked; nothing here can panic. It holds no
/// borrow of the file: each call is given the same bytes (so a page can keep them and read in slices).
#[derive(Debug, Clone)]
pub struct Reader {
    pos: usize,
    len: usize,
    kind: Kind,
    big: bool,
    /// pcap: nanosecond timestamps.
    nanos: bool,
    /// pcap: Kuznetzov's modified format (8 more bytes per record header).
    modified: bool,
    /// pcapng: index in `info.interfaces` of the current section's first interface.
    section_base: usize,
    frames: u32,
    pub info: FileInfo,
    /// Why reading stopped early, if it did.
    pub error: Option<FileError>,
    done: bool,
}

fn u16_at(d: &[u8], at: usize, big: bool) -> Option<u16> {
    let b: [u8; 2] = d.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(if big {
        u16::from_be_bytes(b)
    } else {
        u16::from_le_bytes(b)
    })
}

fn u32_at(d: &[u8], at: usize, big: bool) -> Option<u32> {
    let b: [u8; 4] = d.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    })
}

fn hex4(d: &[u8]) -> String {
    d.iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Reader {
    /// Read the file header. An error here means nothing could be read at all.
    pub fn open(data: &[u8]) -> Result<Reader, FileError> {
        let found = magic(data).ok_or_else(|| not_a_capture(data))?;
        let mut r = Reader {
            pos: 0,
            len: data.len(),
            kind: Kind::Pcap,
            big: false,
            nanos: false,
            modified: false,
            section_base: 0,
            frames: 0,
            info: FileInfo {
                format: "pcap",
                byte_order: "little",
                timestamps: "microseconds",
                sections: 0,
                interfaces: Vec::new(),
            },
            error: None,
            done: false,
        };
        match found {
            Magic::Pcap {
                big,
                nanos,
                modified,
            } => {
                (r.big, r.nanos, r.modified) = (big, nanos, modified);
                r.open_pcap(data)
            }
            Magic::Pcapng => {
                r.kind = Kind::Pcapng;
                r.open_pcapng(data)
            }
        }
    }

    /// How far reading has come, in bytes.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The file's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn fail<'a>(&mut self, e: FileError) -> Option<Frame<'a>> {
        self.error = Some(e);
        self.done = true;
        None
    }

    /// The next frame, or None at the end of the file or at the first error (then [`Reader::error`]).
    pub fn next_frame<'a>(&mut self, data: &'a [u8]) -> Option<Frame<'a>> {
        if self.done || data.len() != self.len {
            return None;
        }
        match self.kind {
            Kind::Pcap => self.next_pcap(data),
            Kind::Pcapng => self.next_pcapng(data),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_error_is_an_error_with_its_offset_and_code() {
        let Err(e) = Reader::open(b"\xd4\xc3\xb2\xa1\x02\x00") else {
            panic!("a 6-byte pcap cannot open");
        };
        let e: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(
            e.to_string(),
            "byte 6: the file ends after 6 bytes, inside the 24-byte pcap header [truncated]"
        );
        assert!(!is_capture(b"\x1f\x8b\x08\x00"));
        assert_eq!(
            Reader::open(b"\x1f\x8b\x08\x00").err().map(|e| e.code),
            Some("compressed")
        );
    }
}
