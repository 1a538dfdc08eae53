//! pcap: one 24-byte file header (version, snapshot length, link type), then one record per packet (a
//! 16-byte header, or 24 in the "modified" format, and the captured bytes).

use super::{link_name, u16_at, u32_at, FileError, Frame, Interface, Reader, MAX_PACKET};

impl Reader {
    /// Read the 24-byte pcap header into the reader's one interface; `self` already knows the byte order,
    /// the timestamp precision and the record format from the magic number.
    pub(super) fn open_pcap(mut self, data: &[u8]) -> Result<Reader, FileError> {
        self.info.byte_order = if self.big { "big" } else { "little" };
        self.info.timestamps = if self.nanos {
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
        let major = u16_at(data, 4, self.big).unwrap_or(0);
        if major != 2 {
            return Err(FileError::new(
                4,
                "bad-version",
                format!("pcap version {major} (only version 2 exists)"),
            ));
        }
        let snaplen = u32_at(data, 16, self.big).unwrap_or(0);
        let link = u32_at(data, 20, self.big).unwrap_or(0);
        // The upper bits may carry the FCS length (LINKTYPE_* is the low 16 bits).
        let link_type = (link & 0xffff) as u16;
        let Some(name) = link_name(link_type) else {
            return Err(FileError::new(
                20,
                "unknown-link-type",
                format!("link type {link_type} is not one this reader decodes (Ethernet 1, BSD loopback 0, raw IP 101/228/229, Linux cooked 113 and 276)"),
            ));
        };
        self.info.sections = 1;
        self.info.interfaces.push(Interface {
            section: 0,
            link_type,
            link: name,
            snaplen,
            name: None,
            units_per_second: if self.nanos { 1_000_000_000 } else { 1_000_000 },
            offset_seconds: 0,
        });
        self.pos = 24;
        Ok(self)
    }

    /// The next pcap record.
    pub(super) fn next_pcap<'a>(&mut self, data: &'a [u8]) -> Option<Frame<'a>> {
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
}
