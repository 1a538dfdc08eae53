//! TCP stream reassembly, one direction at a time, offline (every segment of the direction is known):
//! sequence numbers unwrapped to 64-bit stream offsets, segments placed where they belong whatever order
//! they came in, and everything unusual noted — a segment that arrived out of order, one retransmitted
//! (already held), one that overlaps held data (and whether its bytes differ), bytes never captured
//! (lost, or cut by the snapshot length). The first copy of a byte wins, as in most TCP stacks.
//!
//! Nothing here can panic: offsets are 64-bit and checked, and only the first `keep` bytes of the
//! stream are held in memory (a data connection's contents are counted, not kept).

use serde::Serialize;

/// One segment of one direction, in capture order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    pub seq: u32,
    pub syn: bool,
    pub fin: bool,
    pub rst: bool,
    /// The payload the capture holds.
    pub data: &'a [u8],
    /// Payload bytes the packet carried beyond `data` (cut by the snapshot length).
    pub missing: u32,
    /// The frame number of the packet (for the notes).
    pub packet: u32,
}

/// Bytes of the stream that the capture does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Offset in the stream (0 = the first byte after the SYN, or the first byte seen).
    pub offset: u64,
    pub length: u64,
    /// True when the packets were captured but cut by the snapshot length; false when the bytes were
    /// never captured at all (lost before the capture point, or the capture dropped them).
    pub snaplen: bool,
}

/// Segments worth pointing at, by what was odd about them (the first few frame numbers of each, and how many).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Noted {
    pub count: u32,
    pub packets: Vec<u32>,
}

impl Noted {
    const KEEP: usize = 20;
    fn add(&mut self, packet: u32) {
        self.count = self.count.saturating_add(1);
        if self.packets.len() < Self::KEEP {
            self.packets.push(packet);
        }
    }
}

/// One direction of a TCP connection, put back together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stream {
    /// The stream's length as far as the capture tells (the furthest byte any segment reached).
    pub length: u64,
    /// Bytes the capture holds (`length` minus the gaps).
    pub captured: u64,
    /// A SYN was seen: offset 0 is the stream's true start. Without it, offset 0 is the first byte seen and
    /// anything before it was sent before the capture started.
    pub syn: bool,
    /// Offset of the FIN, when one was seen.
    pub fin: Option<u64>,
    pub reset: bool,
    pub gaps: Vec<Gap>,
    /// Segments that came after a later part of the stream: reordered on the way, or retransmissions of
    /// segments the capture never saw.
    pub out_of_order: Noted,
    /// Segments whose every byte was already held: retransmissions.
    pub retransmitted: Noted,
    /// Segments that overlap held bytes in part (repacketised retransmissions).
    pub overlapping: Noted,
    /// Segments whose overlapping bytes differ from the held ones (the first copy was kept).
    pub conflicting: Noted,
    /// The first `keep` bytes (gaps are zero bytes: see `gaps`).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Which packet first brought the bytes from each offset on, for the kept bytes: (offset, frame).
    #[serde(skip)]
    pub map: Vec<(u64, u32)>,
}

impl Stream {
    /// The frame that brought the byte at `offset` (within the kept bytes).
    pub fn packet_at(&self, offset: u64) -> Option<u32> {
        let i = self.map.partition_point(|&(o, _)| o <= offset);
        i.checked_sub(1).map(|i| self.map[i].1)
    }

    /// Does `[start, end)` touch a gap?
    pub fn has_gap(&self, start: u64, end: u64) -> bool {
        self.gaps
            .iter()
            .any(|g| g.offset < end && g.offset.saturating_add(g.length) > start)
    }
}

/// Sorted, disjoint, non-adjacent half-open ranges.
#[derive(Debug, Default, Clone)]
struct Ranges(Vec<(u64, u64)>);

impl Ranges {
    /// How much of [s, e) is already covered.
    fn covered(&self, s: u64, e: u64) -> u64 {
        let mut i = self.0.partition_point(|&(_, end)| end <= s);
        let mut n = 0;
        while let Some(&(a, b)) = self.0.get(i) {
            if a >= e {
                break;
            }
            n += b.min(e) - a.max(s);
            i += 1;
        }
        n
    }

    /// The uncovered parts of [s, e).
    fn holes(&self, s: u64, e: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut at = s;
        let mut i = self.0.partition_point(|&(_, end)| end <= s);
        while let Some(&(a, b)) = self.0.get(i) {
            if a >= e {
                break;
            }
            if a > at {
                out.push((at, a));
            }
            at = at.max(b);
            i += 1;
        }
        if at < e {
            out.push((at, e));
        }
        out
    }

    fn insert(&mut self, s: u64, e: u64) {
        if s >= e {
            return;
        }
        // Fast path: at or after the end.
        if let Some(last) = self.0.last_mut() {
            if s >= last.0 && s <= last.1 {
                last.1 = last.1.max(e);
                return;
            }
            if s > last.1 {
                self.0.push((s, e));
                return;
            }
        } else {
            self.0.push((s, e));
            return;
        }
        let i = self.0.partition_point(|&(_, end)| end < s);
        let mut j = i;
        let (mut ns, mut ne) = (s, e);
        while let Some(&(a, b)) = self.0.get(j) {
            if a > ne {
                break;
            }
            ns = ns.min(a);
            ne = ne.max(b);
            j += 1;
        }
        self.0.splice(i..j, std::iter::once((ns, ne)));
    }

    fn end(&self) -> u64 {
        self.0.last().map_or(0, |r| r.1)
    }
}

/// Put one direction back together. `keep` bounds the bytes held in memory.
pub fn reassemble(segments: &[Segment<'_>], keep: usize) -> Stream {
    let abs = unwrap_sequence(segments);
    let syn = segments.iter().position(|s| s.syn);
    let base = match syn {
        // Data starts one after the SYN's sequence number.
        Some(i) => abs[i].saturating_add(1),
        // Captured mid-stream: the earliest byte seen is offset 0.
        None => segments
            .iter()
            .zip(&abs)
            .filter(|(s, _)| !s.data.is_empty() || s.missing > 0 || s.fin)
            .map(|(_, &a)| a)
            .min()
            .unwrap_or(0),
    };
    let mut r = Reassembler {
        out: Stream {
            syn: syn.is_some(),
            ..Stream::default()
        },
        keep,
        got: Ranges::default(),
        cut: Ranges::default(),
        furthest: 0,
    };
    for (s, &a) in segments.iter().zip(&abs) {
        r.place(s, a, base);
    }
    r.finish()
}

/// The 32-bit sequence numbers unwrapped: each one relative to the previous (segments of one direction
/// are less than 2^31 bytes apart), from 0 for the first segment.
fn unwrap_sequence(segments: &[Segment<'_>]) -> Vec<i64> {
    let mut abs: Vec<i64> = Vec::with_capacity(segments.len());
    let mut prev: Option<(u32, i64)> = None;
    for s in segments {
        let a = match prev {
            None => 0i64,
            Some((pseq, pabs)) => pabs.saturating_add(i64::from(s.seq.wrapping_sub(pseq) as i32)),
        };
        abs.push(a);
        prev = Some((s.seq, a));
    }
    abs
}

/// One direction being put back together.
struct Reassembler {
    out: Stream,
    /// How many bytes to hold.
    keep: usize,
    /// The stream offsets some segment brought.
    got: Ranges,
    /// The offsets the snapshot length cut.
    cut: Ranges,
    /// The furthest offset any segment (or FIN) reached.
    furthest: u64,
}

impl Reassembler {
    /// Place one segment (`a`: its unwrapped sequence number; `base`: the stream's offset 0).
    fn place(&mut self, s: &Segment<'_>, a: i64, base: i64) {
        let out = &mut self.out;
        if s.rst {
            out.reset = true;
        }
        // A SYN's own sequence number is one before the data.
        let start_i = if s.syn { a.saturating_add(1) } else { a } - base;
        let len = s.data.len() as u64;
        let total = len.saturating_add(u64::from(s.missing));
        if start_i < 0 {
            // Bytes from before the stream's start: only a damaged or forged segment does this.
            if total > 0 {
                out.conflicting.add(s.packet);
            }
            return;
        }
        let start = start_i as u64;
        if s.fin {
            let at = start.saturating_add(total);
            out.fin.get_or_insert(at);
            self.furthest = self.furthest.max(at);
        }
        if total == 0 {
            return;
        }
        let end = start.saturating_add(len);
        if len > 0 {
            self.hold(s, start, end);
        }
        if s.missing > 0 {
            self.cut.insert(end, start.saturating_add(total));
        }
        self.furthest = self.furthest.max(start.saturating_add(total));
    }

    /// A segment's captured bytes `[start, end)`: what was odd about it noted, and its new bytes kept
    /// (the first copy wins).
    fn hold(&mut self, s: &Segment<'_>, start: u64, end: u64) {
        let (got, out, keep) = (&mut self.got, &mut self.out, self.keep as u64);
        let len = end - start;
        let held = got.covered(start, end);
        if held == len {
            out.retransmitted.add(s.packet);
        } else if held > 0 {
            out.overlapping.add(s.packet);
        } else if start < got.end() {
            out.out_of_order.add(s.packet);
        }
        // Differing bytes where this segment overlaps kept ones (offsets below `keep` fit a usize).
        let kept = (out.bytes.len() as u64).min(keep);
        if held > 0 && start < kept {
            let k_end = end.min(kept);
            let mut differs = false;
            for (h0, h1) in overlap_parts(got, start, k_end) {
                let (a, b) = ((h0 - start) as usize, (h1 - start) as usize);
                if s.data.get(a..b) != out.bytes.get(h0 as usize..h1 as usize) {
                    differs = true;
                }
            }
            if differs {
                out.conflicting.add(s.packet);
            }
        }
        // Keep the new bytes (the first copy wins).
        if start < keep {
            for (h0, h1) in got.holes(start, end.min(keep)) {
                let (k0, k1) = (h0 as usize, h1 as usize);
                if out.bytes.len() < k1 {
                    out.bytes.resize(k1, 0);
                }
                let (a, b) = ((h0 - start) as usize, (h1 - start) as usize);
                if let (Some(dst), Some(src)) = (out.bytes.get_mut(k0..k1), s.data.get(a..b)) {
                    dst.copy_from_slice(src);
                }
                out.map.push((h0, s.packet));
            }
        }
        got.insert(start, end);
    }

    /// The stream's length, its gaps (cut by the snapshot length, or never captured) and what it holds.
    fn finish(self) -> Stream {
        let mut out = self.out;
        out.length = self.furthest.max(self.got.end());
        out.map.sort_unstable();
        for (h0, h1) in self.got.holes(0, out.length) {
            let snaplen = self.cut.covered(h0, h1) == h1 - h0;
            out.gaps.push(Gap {
                offset: h0,
                length: h1 - h0,
                snaplen,
            });
        }
        out.captured = out.length - out.gaps.iter().map(|g| g.length).sum::<u64>();
        out
    }
}

/// The covered parts of [s, e).
fn overlap_parts(got: &Ranges, s: u64, e: u64) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut i = got.0.partition_point(|&(_, end)| end <= s);
    while let Some(&(a, b)) = got.0.get(i) {
        if a >= e {
            break;
        }
        out.push((a.max(s), b.min(e)));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(seq: u32, data: &[u8], packet: u32) -> Segment<'_> {
        Segment {
            seq,
            syn: false,
            fin: false,
            rst: false,
            data,
            missing: 0,
            packet,
        }
    }

    #[test]
    fn in_order_with_syn() {
        let mut syn = seg(99, b"", 1);
        syn.syn = true;
        let s = reassemble(
            &[syn, seg(100, b"220 hi\r\n", 2), seg(108, b"331 x\r\n", 3)],
            1000,
        );
        assert_eq!(s.bytes, b"220 hi\r\n331 x\r\n");
        assert!(s.syn && s.gaps.is_empty());
        assert_eq!(s.packet_at(9), Some(3));
        assert_eq!(s.packet_at(0), Some(2));
    }

    #[test]
    fn reordered_retransmitted_overlapping_missing() {
        let segs = [
            seg(0, b"abcd", 1),
            seg(8, b"ijkl", 2),  // ahead: 4 bytes missing for now
            seg(4, b"efgh", 3),  // fills the hole: out of order
            seg(4, b"efgh", 4),  // retransmitted
            seg(6, b"ghij", 5),  // overlaps, same bytes
            seg(10, b"KLmn", 6), // overlaps, different bytes (first copy kept)
            seg(20, b"uv", 7),   // leaves a gap 14..20
        ];
        let s = reassemble(&segs, 1000);
        assert_eq!(&s.bytes[..14], b"abcdefghijklmn");
        assert_eq!(s.out_of_order.packets, vec![3]);
        assert_eq!(s.retransmitted.packets, vec![4, 5]);
        assert_eq!(s.overlapping.packets, vec![6]);
        assert_eq!(s.conflicting.packets, vec![6]);
        assert_eq!(
            s.gaps,
            vec![Gap {
                offset: 14,
                length: 6,
                snaplen: false
            }]
        );
        assert_eq!(s.length, 22);
        assert_eq!(s.captured, 16);
    }

    #[test]
    fn wraps_and_starts_mid_stream() {
        let s = reassemble(
            &[
                seg(u32::MAX - 1, b"ab", 1),
                seg(0, b"cd", 2),
                seg(u32::MAX - 3, b"xy", 3),
            ],
            100,
        );
        // The third segment came before the first one seen: offset 0 is the earliest byte.
        assert_eq!(s.bytes, b"xyabcd");
        assert!(!s.syn);
    }

    #[test]
    fn snaplen_cut_is_a_gap_of_its_own_kind() {
        let mut a = seg(0, b"ab", 1);
        a.missing = 3;
        let s = reassemble(&[a, seg(5, b"fg", 2)], 100);
        assert_eq!(
            s.gaps,
            vec![Gap {
                offset: 2,
                length: 3,
                snaplen: true
            }]
        );
    }
}
