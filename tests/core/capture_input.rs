//! The capture reader on every container and link type, and on bad input: the real packets of the fixtures
//! re-encapsulated (raw IP, IPv4/IPv6 link types, BSD loopback in both byte orders, VLAN tags, big-endian
//! pcap, pcapng with several sections, interfaces, timestamp resolutions and simple packet blocks) give
//! the same analysis; broken files give an error naming the byte offset and the reason and keep what came
//! before; no cut or changed byte makes anything panic.

use ftp_explorer::capture::file::Reader;
use ftp_explorer::capture::ftp::WireOutcome;
use ftp_explorer::capture::reassembly::{reassemble, Segment};
use ftp_explorer::capture::{analyse, is_capture, Analysis};
use ftp_explorer::diagnose::capture::diagnose_capture;
use ftp_explorer::diagnose::Options;
use proptest::prelude::*;
use std::path::Path;

/// A frame: (nanoseconds, captured bytes, original length).
type Frame = (u64, Vec<u8>, u32);

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/captures")
            .join(name),
    )
    .unwrap()
}

/// The frames of a capture: (nanoseconds, captured bytes, original length).
fn frames(file: &[u8]) -> Vec<Frame> {
    let mut r = Reader::open(file).unwrap();
    let mut out = Vec::new();
    while let Some(f) = r.next_frame(file) {
        out.push((f.time_ns, f.data.to_vec(), f.original_len));
    }
    assert!(r.error.is_none());
    out
}

/// A pcap file: link type, byte order, nanosecond timestamps.
fn pcap(frames: &[Frame], link: u32, big: bool, nanos: bool) -> Vec<u8> {
    let w32 = |v: &mut Vec<u8>, x: u32| {
        v.extend(if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        })
    };
    let w16 = |v: &mut Vec<u8>, x: u16| {
        v.extend(if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        })
    };
    let mut v = Vec::new();
    w32(&mut v, if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 });
    w16(&mut v, 2);
    w16(&mut v, 4);
    w32(&mut v, 0);
    w32(&mut v, 0);
    w32(&mut v, 262_144);
    w32(&mut v, link);
    for (ns, data, orig) in frames {
        w32(&mut v, (ns / 1_000_000_000) as u32);
        w32(
            &mut v,
            if nanos {
                (ns % 1_000_000_000) as u32
            } else {
                (ns % 1_000_000_000 / 1000) as u32
            },
        );
        w32(&mut v, data.len() as u32);
        w32(&mut v, *orig);
        v.extend(data);
    }
    v
}

/// A pcapng block.
fn block(v: &mut Vec<u8>, big: bool, kind: u32, body: &[u8]) {
    let w32 = |v: &mut Vec<u8>, x: u32| {
        v.extend(if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        })
    };
    let padded = (body.len() + 3) & !3;
    let len = 12 + padded as u32;
    w32(v, kind);
    w32(v, len);
    v.extend(body);
    v.extend(std::iter::repeat_n(0, padded - body.len()));
    w32(v, len);
}

/// One pcapng section: (link type, if_tsresol) per interface; packets as (interface, frame); `simple`
/// writes the packets of interface 0 as simple packet blocks.
fn section(big: bool, ifaces: &[(u16, u8)], packets: &[(u32, &Frame)], simple: bool) -> Vec<u8> {
    let b32 = |x: u32| {
        if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        }
    };
    let b16 = |x: u16| {
        if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        }
    };
    let mut v = Vec::new();
    let mut shb = Vec::new();
    shb.extend(b32(0x1a2b_3c4d));
    shb.extend(b16(1));
    shb.extend(b16(0));
    shb.extend([0xff; 8]); // section length unknown
    block(&mut v, big, 0x0a0d_0d0a, &shb);
    for &(link, res) in ifaces {
        let mut idb = Vec::new();
        idb.extend(b16(link));
        idb.extend(b16(0));
        idb.extend(b32(0));
        // if_tsresol, then opt_endofopt
        idb.extend(b16(9));
        idb.extend(b16(1));
        idb.extend([res, 0, 0, 0]);
        idb.extend([0, 0, 0, 0]);
        block(&mut v, big, 1, &idb);
    }
    for &(iface, (ns, data, orig)) in packets {
        if simple && iface == 0 {
            let mut spb = Vec::new();
            spb.extend(b32(*orig));
            spb.extend(data);
            block(&mut v, big, 3, &spb);
            continue;
        }
        let res = ifaces[iface as usize].1;
        let units = if res == 9 { *ns } else { ns / 1000 };
        let mut epb = Vec::new();
        epb.extend(b32(iface));
        epb.extend(b32((units >> 32) as u32));
        epb.extend(b32(units as u32));
        epb.extend(b32(data.len() as u32));
        epb.extend(b32(*orig));
        epb.extend(data);
        block(&mut v, big, 6, &epb);
    }
    v
}

fn strip_ethernet(f: &[Frame]) -> Vec<Frame> {
    f.iter()
        .map(|(t, d, o)| (*t, d[14..].to_vec(), o - 14))
        .collect()
}

fn with_header(f: &[Frame], header: impl Fn(&[u8]) -> Vec<u8>) -> Vec<Frame> {
    f.iter()
        .map(|(t, d, o)| {
            let mut h = header(d);
            let n = h.len() as u32;
            h.extend(d);
            (*t, h, o + n)
        })
        .collect()
}

/// What matters of an analysis, to compare two encapsulations of the same packets.
fn gist(a: &Analysis) -> Vec<String> {
    let d = diagnose_capture(a, &Options::default());
    let mut out = vec![d.summary.clone()];
    for s in &a.sessions {
        out.push(format!(
            "{} -> {} lines {}",
            s.client,
            s.server,
            s.session.lines.len()
        ));
        for ev in &s.data {
            out.push(format!(
                "{:?} {:?} {} {}",
                ev.wire, ev.to, ev.bytes_to_client, ev.bytes_to_server
            ));
        }
    }
    out
}

#[test]
fn every_link_type_and_container_gives_the_same_analysis() {
    let original = bytes("pasv-healthy.pcap");
    let want = gist(&analyse(&original));
    assert_eq!(want[2], "Connected Some(127.0.0.1:50003) 135 0");
    let eth = frames(&original);
    let ip = strip_ethernet(&eth);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("big-endian pcap", pcap(&eth, 1, true, false)),
        ("nanosecond big-endian pcap", pcap(&eth, 1, true, true)),
        ("raw IP (101)", pcap(&ip, 101, false, false)),
        ("raw IP (12)", pcap(&ip, 12, false, false)),
        ("IPv4 (228)", pcap(&ip, 228, false, false)),
        (
            "BSD loopback, little-endian AF_INET",
            pcap(
                &with_header(&ip, |_| 2u32.to_le_bytes().to_vec()),
                0,
                false,
                false,
            ),
        ),
        (
            "BSD loopback, big-endian AF_INET",
            pcap(
                &with_header(&ip, |_| 2u32.to_be_bytes().to_vec()),
                0,
                true,
                false,
            ),
        ),
        (
            "OpenBSD loopback (108)",
            pcap(
                &with_header(&ip, |_| 2u32.to_be_bytes().to_vec()),
                108,
                false,
                false,
            ),
        ),
        (
            "Ethernet with two VLAN tags",
            pcap(
                &eth.iter()
                    .map(|(t, d, o)| {
                        let mut v = d[..12].to_vec();
                        v.extend([0x88, 0xa8, 0x00, 0x07, 0x81, 0x00, 0x00, 0x2a]);
                        v.extend(&d[12..]);
                        (*t, v, o + 8)
                    })
                    .collect::<Vec<_>>(),
                1,
                false,
                false,
            ),
        ),
        (
            "Linux cooked v1",
            pcap(
                &with_header(&ip, |_| {
                    let mut h = vec![0, 0, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
                    h.extend([0x08, 0x00]);
                    h
                }),
                113,
                false,
                false,
            ),
        ),
    ];
    for (name, file) in &cases {
        assert!(is_capture(file), "{name}");
        let a = analyse(file);
        assert!(a.error.is_none(), "{name}: {:?}", a.error);
        assert_eq!(gist(&a), want, "{name}");
    }
    // pcapng: two sections (the second big-endian), Ethernet then raw IP, micro- then nanosecond
    // timestamps, two interfaces in the first section, simple packet blocks.
    let half = eth.len() / 2;
    let first: Vec<(u32, &Frame)> = eth[..half].iter().map(|f| (1, f)).collect();
    let second: Vec<(u32, &Frame)> = ip[half..].iter().map(|f| (0, f)).collect();
    let mut file = section(false, &[(1, 9), (1, 6)], &first, false);
    file.extend(section(true, &[(101, 9)], &second, false));
    let a = analyse(&file);
    assert!(a.error.is_none(), "{:?}", a.error);
    assert_eq!(a.file.sections, 2);
    assert_eq!(a.file.interfaces.len(), 3);
    assert_eq!(gist(&a), want);
    // Simple packet blocks carry no timestamp: the analysis still pairs everything.
    let all: Vec<(u32, &Frame)> = eth.iter().map(|f| (0, f)).collect();
    let a = analyse(&section(false, &[(1, 6)], &all, true));
    assert!(a.error.is_none());
    assert_eq!(gist(&a)[1..], want[1..]);
}

#[test]
fn ipv6_link_types() {
    let original = bytes("ipv6-epsv.pcapng");
    let want = gist(&analyse(&original));
    let ip = strip_ethernet(&frames(&original));
    for (name, file) in [
        ("IPv6 (229)", pcap(&ip, 229, false, false)),
        ("raw IP (101)", pcap(&ip, 101, false, false)),
        (
            "BSD loopback AF_INET6 = 30 (macOS)",
            pcap(
                &with_header(&ip, |_| 30u32.to_le_bytes().to_vec()),
                0,
                false,
                false,
            ),
        ),
        (
            "BSD loopback AF_INET6 = 24 (NetBSD, OpenBSD)",
            pcap(
                &with_header(&ip, |_| 24u32.to_le_bytes().to_vec()),
                0,
                false,
                false,
            ),
        ),
    ] {
        assert_eq!(gist(&analyse(&file)), want, "{name}");
    }
}

#[test]
fn ipv6_extension_headers_are_skipped() {
    // Insert a hop-by-hop options header (8 bytes of padding options) in every IPv6 packet.
    let original = bytes("ipv6-epsv.pcapng");
    let want = gist(&analyse(&original));
    let ip: Vec<Frame> = strip_ethernet(&frames(&original))
        .into_iter()
        .map(|(t, d, o)| {
            let mut v = d[..40].to_vec();
            let next = v[6];
            v[6] = 0; // hop-by-hop
            let len = u16::from_be_bytes([v[4], v[5]]) + 8;
            v[4..6].copy_from_slice(&len.to_be_bytes());
            v.extend([next, 0, 1, 4, 0, 0, 0, 0]); // PadN
            v.extend(&d[40..]);
            (t, v, o + 8)
        })
        .collect();
    assert_eq!(gist(&analyse(&pcap(&ip, 229, false, false))), want);
}

fn error(file: &[u8]) -> (Analysis, ftp_explorer::capture::FileError) {
    let a = analyse(file);
    let e = a.error.clone().expect("an error");
    (a, e)
}

#[test]
fn bad_input_names_the_offset_and_the_reason() {
    let good = bytes("pasv-healthy.pcap");
    // Empty, and a few bytes.
    let (_, e) = error(b"");
    assert_eq!((e.offset, e.code), (0, "truncated"));
    let (_, e) = error(b"\xd4\xc3");
    assert_eq!(e.code, "truncated");
    // A text file (a log) given as a capture.
    let (a, e) = error(b"220 (vsFTPd 3.0.3)\r\nUSER anonymous\r\n");
    assert_eq!((e.offset, e.code), (0, "text-not-capture"));
    assert!(e.message.contains("220 (vsFTPd 3.0.3)"), "{}", e.message);
    assert_eq!(a.frames, 0);
    // Wrong magic.
    let (_, e) = error(&[0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0, 0]);
    assert_eq!((e.offset, e.code), (0, "bad-magic"));
    assert!(e.message.contains("00 01 02 03"), "{}", e.message);
    // Compressed.
    let (_, e) = error(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
    assert_eq!(e.code, "compressed");
    // The header cut short.
    let (_, e) = error(&good[..20]);
    assert_eq!((e.offset, e.code), (20, "truncated"));
    // An unknown link type (147, USER0).
    let mut f = good.clone();
    f[20..24].copy_from_slice(&147u32.to_le_bytes());
    let (_, e) = error(&f);
    assert_eq!((e.offset, e.code), (20, "unknown-link-type"));
    assert!(e.message.contains("147"));
    // Cut inside a packet: the packets before it are kept, and the session with them.
    let cut = 2000;
    let (a, e) = error(&good[..cut]);
    assert_eq!(e.code, "truncated");
    assert!(e.offset < cut as u64 && e.offset > 24);
    assert!(a.frames > 10 && a.frames < 33, "{}", a.frames);
    assert_eq!(a.sessions.len(), 1);
    let d = diagnose_capture(&a, &Options::default());
    let f = d
        .findings
        .iter()
        .find(|f| f.code.as_str() == "capture-file-damaged")
        .unwrap();
    assert!(
        f.message.contains(&format!("byte {}", e.offset)),
        "{}",
        f.message
    );
    assert_eq!(f.severity, ftp_explorer::diagnose::Severity::Warning);
    // An absurd length in the fifth record: the four before it are kept.
    let mut f = good.clone();
    let mut at = 24;
    for _ in 0..4 {
        let incl = u32::from_le_bytes(f[at + 8..at + 12].try_into().unwrap()) as usize;
        at += 16 + incl;
    }
    f[at + 8..at + 12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    let (a, e) = error(&f);
    assert_eq!((e.offset, e.code), (at as u64 + 8, "absurd-length"));
    assert!(e.message.contains("packet 5"), "{}", e.message);
    assert_eq!(a.frames, 4);
    let d = diagnose_capture(&a, &Options::default());
    assert!(d.has_errors());
}

#[test]
fn bad_pcapng_blocks() {
    let f = frames(&bytes("pasv-healthy.pcap"));
    let packets: Vec<(u32, &Frame)> = f.iter().map(|p| (0, p)).collect();
    let good = section(false, &[(1, 6)], &packets, false);
    assert!(analyse(&good).error.is_none());
    // The section header's byte-order magic damaged.
    let mut bad = good.clone();
    bad[8] = 0;
    let (_, e) = error(&bad);
    assert_eq!((e.offset, e.code), (8, "bad-magic"));
    // A block length that is not a multiple of 4 (the first packet block: after SHB 28 and IDB 32).
    let mut bad = good.clone();
    let epb = 28 + 32;
    bad[epb + 4] += 1;
    let (a, e) = error(&bad);
    assert_eq!((e.offset, e.code), (epb as u64 + 4, "bad-block"));
    assert_eq!(a.frames, 0);
    // The trailing length differs.
    let mut bad = good.clone();
    let len = u32::from_le_bytes(bad[epb + 4..epb + 8].try_into().unwrap()) as usize;
    bad[epb + len - 4] ^= 4;
    let (_, e) = error(&bad);
    assert_eq!(e.code, "bad-block");
    assert_eq!(e.offset, (epb + len - 4) as u64);
    // A packet on an interface that was never described.
    let mut bad = good.clone();
    bad[epb + 8] = 7;
    let (_, e) = error(&bad);
    assert_eq!(e.code, "bad-block");
    assert!(e.message.contains("interface 7"), "{}", e.message);
    // A block claiming more than the file holds, at the end.
    let (a, e) = error(&good[..good.len() - 10]);
    assert_eq!(e.code, "truncated");
    assert_eq!(a.frames as usize, f.len() - 1);
}

#[test]
fn the_reader_can_go_in_slices() {
    let file = bytes("two-sessions-any.pcap");
    let whole = analyse(&file);
    let mut r = ftp_explorer::capture::CaptureReader::new(&file);
    let mut steps = 0;
    let mut last = 0.0;
    while !r.step(&file, 5) {
        steps += 1;
        assert!(r.progress() >= last);
        last = r.progress();
    }
    assert!(steps >= 10);
    assert_eq!(r.finish(&file), whole);
}

#[test]
fn every_cut_of_a_capture_reads_without_panic() {
    for name in ["pasv-healthy.pcap", "epsv-healthy.pcapng", "lftp-sll2.pcap"] {
        let file = bytes(name);
        let total = analyse(&file).frames;
        for cut in 0..file.len() {
            let a = analyse(&file[..cut]);
            assert!(a.frames <= total);
            // Too short for the header: nothing read, and said so.
            if cut < 24 {
                assert!(a.error.is_some() && a.frames == 0);
            }
            let d = diagnose_capture(&a, &Options::default());
            let _ = ftp_explorer::report::capture_text(&a, &d, false);
        }
    }
}

#[test]
fn wire_outcome_names_are_stable() {
    let names: Vec<&str> = [
        WireOutcome::Connected,
        WireOutcome::Unanswered,
        WireOutcome::Reset,
        WireOutcome::IcmpError,
        WireOutcome::Partial,
        WireOutcome::NotSeen,
    ]
    .iter()
    .map(|w| w.as_str())
    .collect();
    assert_eq!(
        names,
        [
            "connected",
            "unanswered",
            "reset",
            "icmp-error",
            "partial",
            "not-seen"
        ]
    );
    for w in names {
        assert_eq!(serde_json::to_string(&w).unwrap(), format!("\"{w}\""));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any bytes changed anywhere in a real capture: no panic, and reading, diagnosing and rendering finish.
    #[test]
    fn any_changed_bytes_never_panic(
        which in 0usize..4,
        changes in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let name = ["pasv-healthy.pcap", "epsv-healthy.pcapng", "pasv-range-icmp-client.pcap", "ipv6-epsv.pcapng"][which];
        let mut file = bytes(name);
        for (i, b) in changes {
            let at = i.index(file.len());
            file[at] = b;
        }
        let a = analyse(&file);
        let d = diagnose_capture(&a, &Options::default());
        let _ = ftp_explorer::report::capture_text(&a, &d, true);
        let _ = serde_json::to_string(&ftp_explorer::report::capture_report(&a, &d)).unwrap();
    }

    /// Any bytes after a valid header: no panic.
    #[test]
    fn random_bodies_never_panic(pcapng in any::<bool>(), body in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let mut file = if pcapng {
            let mut v = Vec::new();
            block(&mut v, false, 0x0a0d_0d0a, &[0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
            v
        } else {
            pcap(&[], 1, false, false)
        };
        file.extend(body);
        let a = analyse(&file);
        let _ = diagnose_capture(&a, &Options::default());
    }

    /// The reassembler on any segments: no panic, and its accounting holds.
    #[test]
    fn reassembly_never_panics(
        segs in proptest::collection::vec(
            (any::<u32>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 0..40), 0u32..100),
            0..40,
        ),
        keep in 0usize..200,
    ) {
        let segments: Vec<Segment> = segs
            .iter()
            .enumerate()
            .map(|(i, (seq, flags, data, missing))| Segment {
                // Mostly near each other, sometimes anywhere.
                seq: if flags & 0x80 != 0 { *seq } else { seq % 300 },
                syn: flags & 1 != 0,
                fin: flags & 2 != 0,
                rst: flags & 4 != 0,
                data,
                missing: if flags & 8 != 0 { *missing } else { 0 },
                packet: i as u32 + 1,
            })
            .collect();
        let s = reassemble(&segments, keep);
        prop_assert!(s.bytes.len() <= keep);
        prop_assert!(s.captured <= s.length);
        let gap_total: u64 = s.gaps.iter().map(|g| g.length).sum();
        prop_assert_eq!(s.captured + gap_total, s.length);
        prop_assert!(s.gaps.windows(2).all(|w| w[0].offset + w[0].length < w[1].offset + 1));
        prop_assert!(s.map.windows(2).all(|w| w[0].0 <= w[1].0));
    }
}
