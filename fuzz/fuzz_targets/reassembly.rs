//! Any sequence of TCP segments (sequence numbers near each other or anywhere, SYN/FIN/RST, payloads,
//! bytes cut by a snapshot length) through the reassembler: no panic, and its accounting holds — the
//! captured bytes and the gaps add up to the stream's length, the gaps are sorted and apart, no more than
//! `keep` bytes are held, and every held byte came from a segment at that offset.
#![no_main]
use ftp_explorer::capture::reassembly::{reassemble, Segment};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, Vec<(u32, u8, u16, Vec<u8>)>)| {
    let (keep, raw) = input;
    let keep = usize::from(keep % 4096);
    let segments: Vec<Segment> = raw
        .iter()
        .enumerate()
        .map(|(i, (seq, flags, missing, data))| Segment {
            seq: if flags & 0x80 != 0 { *seq } else { seq % 65_536 },
            syn: flags & 1 != 0,
            fin: flags & 2 != 0,
            rst: flags & 4 != 0,
            data,
            missing: if flags & 8 != 0 { u32::from(*missing) } else { 0 },
            packet: i as u32 + 1,
        })
        .collect();
    let s = reassemble(&segments, keep);
    assert!(s.bytes.len() <= keep);
    assert!(s.captured <= s.length);
    let gaps: u64 = s.gaps.iter().map(|g| g.length).sum();
    assert_eq!(s.captured + gaps, s.length);
    for w in s.gaps.windows(2) {
        assert!(w[0].offset + w[0].length < w[1].offset);
    }
    for w in s.map.windows(2) {
        assert!(w[0].0 <= w[1].0);
    }
    for &(offset, packet) in &s.map {
        assert!(packet >= 1 && packet as usize <= segments.len());
        assert!((offset as usize) < keep);
    }
});
