//! The first four bytes: which capture format they announce, and, when they announce none, what the file
//! is instead (compressed, text, something else), said so the user knows what to do.

use super::{hex4, FileError};

/// What a file's magic number says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Magic {
    /// pcap, with its byte order, timestamp precision and whether it is Kuznetzov's modified format.
    Pcap {
        big: bool,
        nanos: bool,
        modified: bool,
    },
    /// pcapng (the byte order is in the section header).
    Pcapng,
}

/// The format the magic number names, or None.
pub(super) fn magic(head: &[u8]) -> Option<Magic> {
    let pcap = |big, nanos, modified| {
        Some(Magic::Pcap {
            big,
            nanos,
            modified,
        })
    };
    match head.get(..4)? {
        [0xd4, 0xc3, 0xb2, 0xa1] => pcap(false, false, false),
        [0xa1, 0xb2, 0xc3, 0xd4] => pcap(true, false, false),
        [0x4d, 0x3c, 0xb2, 0xa1] => pcap(false, true, false),
        [0xa1, 0xb2, 0x3c, 0x4d] => pcap(true, true, false),
        [0x34, 0xcd, 0xb2, 0xa1] => pcap(false, false, true),
        [0xa1, 0xb2, 0xcd, 0x34] => pcap(true, false, true),
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(Magic::Pcapng),
        _ => None,
    }
}

/// Does this look like a capture file (pcap or pcapng magic)?
pub fn is_capture(bytes: &[u8]) -> bool {
    magic(bytes).is_some()
}

/// What the first bytes are, when they are not a capture's magic.
pub(super) fn not_a_capture(data: &[u8]) -> FileError {
    if data.len() < 4 {
        return FileError::new(
            0,
            "truncated",
            format!(
                "the file holds {} byte{}: too short for a capture's 4-byte magic number",
                data.len(),
                crate::base::plural(data.len())
            ),
        );
    }
    let head = &data[..data.len().min(512)];
    let text = head
        .iter()
        .all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80);
    if data.starts_with(&[0x1f, 0x8b]) {
        return FileError::new(0, "compressed", "the file is gzip-compressed: decompress it first (gunzip), then open the .pcap or .pcapng inside");
    }
    if data.starts_with(b"\xfd7zXZ") || data.starts_with(b"PK\x03\x04") || data.starts_with(b"BZh")
    {
        return FileError::new(0, "compressed", "the file is an archive or compressed (xz, zip or bzip2): extract the .pcap or .pcapng inside first");
    }
    if text {
        let first = String::from_utf8_lossy(head);
        let first = first
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>();
        return FileError::new(
            0,
            "text-not-capture",
            format!("this is text (it starts \"{first}\"), not a packet capture: a capture starts with the bytes d4 c3 b2 a1 (pcap) or 0a 0d 0d 0a (pcapng). Paste a client log into the checker instead"),
        );
    }
    FileError::new(
        0,
        "bad-magic",
        format!(
            "the file starts with {}, which is neither pcap (d4 c3 b2 a1 or a1 b2 c3 d4, nanosecond: 4d 3c b2 a1) nor pcapng (0a 0d 0d 0a)",
            hex4(data)
        ),
    )
}
