//! The capture file itself: pcap (either byte order, micro- or nanosecond timestamps, and the "modified"
//! pcap of old Linux tcpdump) and pcapng (several sections, several interfaces, enhanced, simple and
//! obsolete packet blocks), recognised by their magic bytes. Written by hand: the format is a few fixed
//! headers, and `pcap-parser` (with `nom`) added 46.8 KB (14.6 KB gzipped) to a Wasm release build, more
//! than the whole page has left, without naming the byte offset of an error.
//!
//! [`Reader`] yields one [`Frame`] at a time and never panics: at the first structural error it stops and
//! keeps a [`FileError`] that names the byte offset and the reason; the frames before it stay valid.

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

/// Does this look like a capture file (pcap or pcapng magic)?
pub fn is_capture(bytes: &[u8]) -> bool {
    matches!(
        bytes.get(..4),
        Some(
            [0xd4, 0xc3, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0xc3, 0xd4]
                | [0x4d, 0x3c, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0x3c, 0x4d]
                | [0x34, 0xcd, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0xcd, 0x34]
                | [0x0a, 0x0d, 0x0d, 0x0a]
        )
    )
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

/// What the first bytes are, when they are not a capture's magic.
fn not_a_capture(data: &[u8]) -> FileError {
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

impl Reader {
    /// Read the file header. An error here means nothing could be read at all.
    pub fn open(data: &[u8]) -> Result<Reader, FileError> {
        let magic = data.get(..4).ok_or_else(|| not_a_capture(data))?;
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
        match magic {
            [0xd4, 0xc3, 0xb2, 0xa1] => {}
            [0xa1, 0xb2, 0xc3, 0xd4] => r.big = true,
            [0x4d, 0x3c, 0xb2, 0xa1] => r.nanos = true,
            [0xa1, 0xb2, 0x3c, 0x4d] => (r.big, r.nanos) = (true, true),
            [0x34, 0xcd, 0xb2, 0xa1] => r.modified = true,
            [0xa1, 0xb2, 0xcd, 0x34] => (r.big, r.modified) = (true, true),
            [0x0a, 0x0d, 0x0d, 0x0a] => {
                r.kind = Kind::Pcapng;
                r.info.format = "pcapng";
                r.info.timestamps = "per-interface";
                // The byte order comes from the section header; check it is readable now.
                let bom = data.get(8..12).ok_or_else(|| {
                    FileError::new(
                        data.len(),
                        "truncated",
                        "the file ends inside the pcapng section header (it needs at least 28 bytes)",
                    )
                })?;
                match bom {
                    [0x4d, 0x3c, 0x2b, 0x1a] => {}
                    [0x1a, 0x2b, 0x3c, 0x4d] => r.big = true,
                    _ => {
                        return Err(FileError::new(
                            8,
                            "bad-magic",
                            format!("the pcapng section header's byte-order magic is {}, not 1a 2b 3c 4d in either order", hex4(bom)),
                        ))
                    }
                }
                r.info.byte_order = if r.big { "big" } else { "little" };
                return Ok(r);
            }
            _ => return Err(not_a_capture(data)),
        }
        r.info.byte_order = if r.big { "big" } else { "little" };
        r.info.timestamps = if r.nanos {
            "nanoseconds"
        } else {
            "microseconds"
        };
        if data.len() < 24 {
            return Err(FileError::new(
                data.len(),
                "truncated",
                format!(
                    "the file ends after {} bytes, inside the 24-byte pcap header",
                    data.len()
                ),
            ));
        }
        let major = u16_at(data, 4, r.big).unwrap_or(0);
        if major != 2 {
            return Err(FileError::new(
                4,
                "bad-version",
                format!("pcap version {major} (only version 2 exists)"),
            ));
        }
        let snaplen = u32_at(data, 16, r.big).unwrap_or(0);
        let link = u32_at(data, 20, r.big).unwrap_or(0);
        // The upper bits may carry the FCS length (LINKTYPE_* is the low 16 bits).
        let link_type = (link & 0xffff) as u16;
        let Some(name) = link_name(link_type) else {
            return Err(FileError::new(
                20,
                "unknown-link-type",
                format!("link type {link_type} is not one this reader decodes (Ethernet 1, BSD loopback 0, raw IP 101/228/229, Linux cooked 113 and 276)"),
            ));
        };
        r.info.sections = 1;
        r.info.interfaces.push(Interface {
            section: 0,
            link_type,
            link: name,
            snaplen,
            name: None,
            units_per_second: if r.nanos { 1_000_000_000 } else { 1_000_000 },
            offset_seconds: 0,
        });
        r.pos = 24;
        Ok(r)
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
            Kind::Pcapng => loop {
                match self.next_block(data) {
                    Step::Frame(f) => return Some(f),
                    Step::Skip => continue,
                    Step::End => {
                        self.done = true;
                        return None;
                    }
                    Step::Error(e) => return self.fail(e),
                }
            },
        }
    }

    fn next_pcap<'a>(&mut self, data: &'a [u8]) -> Option<Frame<'a>> {
        let at = self.pos;
        let left = data.len().saturating_sub(at);
        if left == 0 {
            self.done = true;
            return None;
        }
        let header = if self.modified { 24 } else { 16 };
        let number = self.frames + 1;
        if left < header {
            return self.fail(FileError::new(
                at,
                "truncated",
                format!("the file ends inside packet {number}'s {header}-byte record header ({left} bytes left): the capture was cut short"),
            ));
        }
        let big = self.big;
        let sec = u32_at(data, at, big).unwrap_or(0);
        let frac = u32_at(data, at + 4, big).unwrap_or(0);
        let incl = u32_at(data, at + 8, big).unwrap_or(0);
        let orig = u32_at(data, at + 12, big).unwrap_or(0);
        let snaplen = self.info.interfaces.first().map_or(0, |i| i.snaplen);
        if incl > MAX_PACKET.max(snaplen) {
            return self.fail(FileError::new(
                at + 8,
                "absurd-length",
                format!("packet {number} claims {incl} captured bytes, more than any capture holds (at most {}): the file is damaged here", MAX_PACKET.max(snaplen)),
            ));
        }
        let start = at + header;
        let end = start + incl as usize;
        let Some(bytes) = data.get(start..end) else {
            return self.fail(FileError::new(
                at,
                "truncated",
                format!("the file ends inside packet {number} (its record needs {incl} bytes, {} are left): the capture was cut short", left - header),
            ));
        };
        self.pos = end;
        self.frames = number;
        let ns_frac = if self.nanos {
            u64::from(frac)
        } else {
            u64::from(frac) * 1000
        };
        let iface = self.info.interfaces.first();
        Some(Frame {
            number,
            time_ns: u64::from(sec) * 1_000_000_000 + ns_frac,
            interface: 0,
            link_type: iface.map_or(1, |i| i.link_type),
            data: bytes,
            original_len: orig.max(incl),
            offset: start,
        })
    }

    fn next_block<'a>(&mut self, data: &'a [u8]) -> Step<'a> {
        let at = self.pos;
        let left = data.len().saturating_sub(at);
        if left == 0 {
            return Step::End;
        }
        if left < 12 {
            return Step::Error(FileError::new(
                at,
                "truncated",
                format!("the file ends inside a pcapng block header ({left} bytes left): the capture was cut short"),
            ));
        }
        let mut big = self.big;
        let raw_type = u32_at(data, at, big).unwrap_or(0);
        let is_shb = raw_type == 0x0a0d0d0a;
        if is_shb {
            // A new section: its own byte order.
            match data.get(at + 8..at + 12) {
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => big = false,
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => big = true,
                Some(other) => {
                    return Step::Error(FileError::new(
                        at + 8,
                        "bad-magic",
                        format!("section header byte-order magic {}", hex4(other)),
                    ))
                }
                None => {
                    return Step::Error(FileError::new(
                        at,
                        "truncated",
                        "the file ends inside a section header",
                    ))
                }
            }
        }
        let len = u32_at(data, at + 4, big).unwrap_or(0) as usize;
        if len < 12 || len % 4 != 0 {
            return Step::Error(FileError::new(
                at + 4,
                "bad-block",
                format!("a pcapng block (type 0x{raw_type:08x}) claims a total length of {len} bytes: it must be a multiple of 4 and at least 12"),
            ));
        }
        if len > left {
            let number = self.frames + 1;
            let what = if matches!(raw_type, 2 | 3 | 6) {
                format!("packet {number}'s block")
            } else {
                format!("a block (type 0x{raw_type:08x})")
            };
            let code = if len > 1 << 28 {
                "absurd-length"
            } else {
                "truncated"
            };
            return Step::Error(FileError::new(
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
            ));
        }
        let trailer = u32_at(data, at + len - 4, big).unwrap_or(0) as usize;
        if trailer != len {
            return Step::Error(FileError::new(
                at + len - 4,
                "bad-block",
                format!("a pcapng block's trailing length ({trailer}) differs from its leading length ({len}): the file is damaged here"),
            ));
        }
        let body = &data[at + 8..at + len - 4];
        self.pos = at + len;
        match raw_type {
            0x0a0d0d0a => {
                self.big = big;
                self.info.sections += 1;
                self.section_base = self.info.interfaces.len();
                if self.info.sections == 1 {
                    self.info.byte_order = if big { "big" } else { "little" };
                }
                let major = u16_at(body, 4, big).unwrap_or(0);
                if major != 1 {
                    return Step::Error(FileError::new(
                        at + 12,
                        "bad-version",
                        format!("pcapng section version {major} (only version 1 exists)"),
                    ));
                }
                Step::Skip
            }
            1 => {
                let link_type = u16_at(body, 0, big).unwrap_or(0);
                let snaplen = u32_at(body, 4, big).unwrap_or(0);
                let mut iface = Interface {
                    section: self.info.sections.saturating_sub(1),
                    link_type,
                    link: link_name(link_type).unwrap_or("unsupported"),
                    snaplen,
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
                            if let Some(b) =
                                value.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok())
                            {
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
                self.info.interfaces.push(iface);
                Step::Skip
            }
            6 | 2 => {
                let enhanced = raw_type == 6;
                let id = if enhanced {
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
            3 => {
                let orig = u32_at(body, 0, big).unwrap_or(0);
                let number = self.frames + 1;
                let index = self.section_base;
                let Some(iface) = self.info.interfaces.get(index) else {
                    return Step::Error(FileError::new(
                        at,
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
                    offset: at + 12,
                })
            }
            _ => Step::Skip,
        }
    }
}

enum Step<'a> {
    Frame(Frame<'a>),
    Skip,
    End,
    Error(FileError),
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

fn to_ns(units: u64, per_second: u64, offset_seconds: i64) -> u64 {
    if per_second == 0 {
        return 0;
    }
    let ns = u128::from(units) * 1_000_000_000 / u128::from(per_second);
    let ns = ns as i128 + i128::from(offset_seconds) * 1_000_000_000;
    ns.clamp(0, i128::from(u64::MAX)) as u64
}
