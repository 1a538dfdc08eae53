//! pcapng: a sequence of blocks, each framed by its type and its total length (repeated at its end).
//! Section headers (each with its own byte order), interface descriptions (link type, snapshot length,
//! name, timestamp resolution and offset), and enhanced, simple and obsolete packet blocks; the rest is
//! skipped.

use super::{hex4, link_name, u16_at, u32_at, FileError, Frame, Interface, Reader};

/// The section header block's type (also the file's magic number).
const SECTION_HEADER: u32 = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION: u32 = 1;
const OBSOLETE_PACKET: u32 = 2;
const SIMPLE_PACKET: u32 = 3;
const ENHANCED_PACKET: u32 = 6;

/// What one block gave.
enum Step<'a> {
    Frame(Frame<'a>),
    Skip,
    End,
    Error(FileError),
}

/// A block whose framing checked out: where it starts, its type, its byte order and its body (between the
/// leading type and length and the trailing length).
struct Block<'a> {
    at: usize,
    len: usize,
    raw_type: u32,
    big: bool,
    body: &'a [u8],
}

impl Reader {
    /// Check that the first section header's byte-order magic is readable (the blocks are read later).
    pub(super) fn open_pcapng(mut self, data: &[u8]) -> Result<Reader, FileError> {
        self.info.format = "pcapng";
        self.info.timestamps = "per-interface";
        let bom = data.get(8..12).ok_or_else(|| {
            FileError::new(
                data.len(),
                "truncated",
                "the file ends inside the pcapng section header (it needs at least 28 bytes)",
            )
        })?;
        match bom {
            [0x4d, 0x3c, 0x2b, 0x1a] => {}
            [0x1a, 0x2b, 0x3c, 0x4d] => self.big = true,
            _ => {
                return Err(FileError::new(
                    8,
                    "bad-magic",
                    format!("the pcapng section header's byte-order magic is {}, not 1a 2b 3c 4d in either order", hex4(bom)),
                ))
            }
        }
        self.info.byte_order = if self.big { "big" } else { "little" };
        Ok(self)
    }

    /// The next packet of a pcapng file, skipping the blocks that carry none.
    pub(super) fn next_pcapng<'a>(&mut self, data: &'a [u8]) -> Option<Frame<'a>> {
        loop {
            match self.next_block(data) {
                Step::Frame(f) => return Some(f),
                Step::Skip => continue,
                Step::End => {
                    self.done = true;
                    return None;
                }
                Step::Error(e) => return self.fail(e),
            }
        }
    }

    fn next_block<'a>(&mut self, data: &'a [u8]) -> Step<'a> {
        let block = match self.block_at(data) {
            Ok(Some(block)) => block,
            Ok(None) => return Step::End,
            Err(e) => return Step::Error(e),
        };
        self.pos = block.at + block.len;
        match block.raw_type {
            SECTION_HEADER => self.section_header(&block),
            INTERFACE_DESCRIPTION => {
                let section = self.info.sections.saturating_sub(1);
                let iface = interface_description(block.body, block.big, section);
                self.info.interfaces.push(iface);
                Step::Skip
            }
            ENHANCED_PACKET | OBSOLETE_PACKET => self.packet_block(&block),
            SIMPLE_PACKET => self.simple_packet_block(&block),
            _ => Step::Skip,
        }
    }

    /// The block at the reading position, its framing checked (a section header brings its own byte
    /// order); None at the end of the file.
    fn block_at<'a>(&self, data: &'a [u8]) -> Result<Option<Block<'a>>, FileError> {
        let at = self.pos;
        let left = data.len().saturating_sub(at);
        if left == 0 {
            return Ok(None);
        }
        if left < 12 {
            return Err(FileError::new(
                at,
                "truncated",
                format!("the file ends inside a pcapng block header ({left} bytes left): the capture was cut short"),
            ));
        }
        let mut big = self.big;
        let raw_type = u32_at(data, at, big).unwrap_or(0);
        if raw_type == SECTION_HEADER {
            // A new section: its own byte order.
            match data.get(at + 8..at + 12) {
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => big = false,
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => big = true,
                Some(other) => {
                    return Err(FileError::new(
                        at + 8,
                        "bad-magic",
                        format!("section header byte-order magic {}", hex4(other)),
                    ))
                }
                None => {
                    return Err(FileError::new(
                        at,
                        "truncated",
                        "the file ends inside a section header",
                    ))
                }
            }
        }
        let len = u32_at(data, at + 4, big).unwrap_or(0) as usize;
        if len < 12 || len % 4 != 0 {
            return Err(FileError::new(
                at + 4,
                "bad-block",
                format!("a pcapng block (type 0x{raw_type:08x}) claims a total length of {len} bytes: it must be a multiple of 4 and at least 12"),
            ));
        }
        if len > left {
            return Err(self.block_cut_short(at, raw_type, len, left));
        }
        let trailer = u32_at(data, at + len - 4, big).unwrap_or(0) as usize;
        if trailer != len {
            return Err(FileError::new(
                at + len - 4,
                "bad-block",
                format!("a pcapng block's trailing length ({trailer}) differs from its leading length ({len}): the file is damaged here"),
            ));
        }
        Ok(Some(Block {
            at,
            len,
            raw_type,
            big,
            body: &data[at + 8..at + len - 4],
        }))
    }

    /// A block that claims more bytes than the file has left: cut short, or (absurdly long) damaged.
    fn block_cut_short(&self, at: usize, raw_type: u32, len: usize, left: usize) -> FileError {
        let number = self.frames + 1;
        let what = if matches!(raw_type, OBSOLETE_PACKET | SIMPLE_PACKET | ENHANCED_PACKET) {
            format!("packet {number}'s block")
        } else {
            format!("a block (type 0x{raw_type:08x})")
        };
        let code = if len > 1 << 28 {
            "absurd-length"
        } else {
            "truncated"
        };
        FileError::new(
            at,
            code,
            format!(
                "the file ends inside {what}: it claims {len} bytes, {left} are left{}",
                if code == "truncated" {
                    ": the capture was cut short"
                } else {
                    "; the file is damaged here"
                }
            ),
        )
    }

    /// A section header: a new section, with its own byte order and interfaces.
    fn section_header<'a>(&mut self, block: &Block<'_>) -> Step<'a> {
        let big = block.big;
        self.big = big;
        self.info.sections += 1;
        self.section_base = self.info.interfaces.len();
        if self.info.sections == 1 {
            self.info.byte_order = if big { "big" } else { "little" };
        }
        let major = u16_at(block.body, 4, big).unwrap_or(0);
        if major != 1 {
            return Step::Error(FileError::new(
                block.at + 12,
                "bad-version",
                format!("pcapng section version {major} (only version 1 exists)"),
            ));
        }
        Step::Skip
    }

    /// An enhanced packet block, or the obsolete packet block (a 16-bit interface id).
    fn packet_block<'a>(&mut self, block: &Block<'a>) -> Step<'a> {
        let (at, body, big) = (block.at, block.body, block.big);
        let id = if block.raw_type == ENHANCED_PACKET {
            u32_at(body, 0, big).unwrap_or(u32::MAX)
        } else {
            u32::from(u16_at(body, 0, big).unwrap_or(u16::MAX))
        };
        let high = u32_at(body, 4, big).unwrap_or(0);
        let low = u32_at(body, 8, big).unwrap_or(0);
        let cap = u32_at(body, 12, big).unwrap_or(0);
        let orig = u32_at(body, 16, big).unwrap_or(0);
        let number = self.frames + 1;
        let Some(bytes) = body.get(20..20 + cap as usize) else {
            return Step::Error(FileError::new(
                at + 20,
                "absurd-length",
                format!("packet {number} claims {cap} captured bytes, more than its block holds ({}): the file is damaged here", body.len().saturating_sub(20)),
            ));
        };
        let index = self.section_base + id as usize;
        let Some(iface) = self.info.interfaces.get(index).filter(|_| id != u32::MAX) else {
            return Step::Error(FileError::new(
                at + 8,
                "bad-block",
                format!("packet {number} names interface {id}, which its section never described"),
            ));
        };
        self.frames = number;
        let units = (u64::from(high) << 32) | u64::from(low);
        Step::Frame(Frame {
            number,
            time_ns: to_ns(units, iface.units_per_second, iface.offset_seconds),
            interface: index as u32,
            link_type: iface.link_type,
            data: bytes,
            original_len: orig.max(cap),
            offset: at + 28,
        })
    }

    /// A simple packet block: no timestamp, the section's first interface, the length on the wire only.
    fn simple_packet_block<'a>(&mut self, block: &Block<'a>) -> Step<'a> {
        let body = block.body;
        let orig = u32_at(body, 0, block.big).unwrap_or(0);
        let number = self.frames + 1;
        let index = self.section_base;
        let Some(iface) = self.info.interfaces.get(index) else {
            return Step::Error(FileError::new(
                block.at,
                "bad-block",
                format!("packet {number} (a simple packet block) comes before any interface description"),
            ));
        };
        let room = body.len().saturating_sub(4);
        let mut cap = (orig as usize).min(room);
        if iface.snaplen > 0 {
            cap = cap.min(iface.snaplen as usize);
        }
        self.frames = number;
        Step::Frame(Frame {
            number,
            time_ns: 0,
            interface: index as u32,
            link_type: iface.link_type,
            data: body.get(4..4 + cap).unwrap_or(&[]),
            original_len: orig.max(cap as u32),
            offset: block.at + 12,
        })
    }
}

/// An interface description block: link type, snapshot length, and the options this reader uses
/// (`if_name`, `if_tsresol`, `if_tsoffset`).
fn interface_description(body: &[u8], big: bool, section: u32) -> Interface {
    let link_type = u16_at(body, 0, big).unwrap_or(0);
    let mut iface = Interface {
        section,
        link_type,
        link: link_name(link_type).unwrap_or("unsupported"),
        snaplen: u32_at(body, 4, big).unwrap_or(0),
        name: None,
        units_per_second: 1_000_000,
        offset_seconds: 0,
    };
    for (code, value) in options(body.get(8..).unwrap_or(&[]), big) {
        match code {
            2 => {
                iface.name = Some(
                    String::from_utf8_lossy(value)
                        .trim_end_matches('\0')
                        .to_string(),
                )
            }
            9 => {
                let r = value.first().copied().unwrap_or(6);
                let exp = u32::from(r & 0x7f);
                iface.units_per_second = if r & 0x80 == 0 {
                    10u64.checked_pow(exp).unwrap_or(0)
                } else {
                    1u64.checked_shl(exp).unwrap_or(0)
                };
            }
            14 => {
                if let Some(b) = value.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
                    iface.offset_seconds = if big {
                        i64::from_be_bytes(b)
                    } else {
                        i64::from_le_bytes(b)
                    };
                }
            }
            _ => {}
        }
    }
    iface
}

/// pcapng options: (code, value) until opt_endofopt or the end.
fn options(mut d: &[u8], big: bool) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    while d.len() >= 4 {
        let code = u16_at(d, 0, big).unwrap_or(0);
        let len = u16_at(d, 2, big).unwrap_or(0) as usize;
        if code == 0 {
            break;
        }
        let Some(value) = d.get(4..4 + len) else {
            break;
        };
        out.push((code, value));
        let padded = (4 + len + 3) & !3;
        d = d.get(padded..).unwrap_or(&[]);
    }
    out
}

/// A timestamp in the interface's units, plus its offset, as nanoseconds since the Unix epoch.
fn to_ns(units: u64, per_second: u64, offset_seconds: i64) -> u64 {
    if per_second == 0 {
        return 0;
    }
    let ns = u128::from(units) * 1_000_000_000 / u128::from(per_second);
    let ns = ns as i128 + i128::from(offset_seconds) * 1_000_000_000;
    ns.clamp(0, i128::from(u64::MAX)) as u64
}
