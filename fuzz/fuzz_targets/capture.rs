//! Any bytes as a capture file: read (pcap or pcapng, whatever the magic says), TCP reassembled, FTP
//! sessions found, every rule run, both reports rendered: no panic, and every finding points at lines that
//! exist. The first byte picks the container header put in front of the rest (or none), so the fuzzer
//! spends its time past the magic.
#![no_main]
use ftp_explorer::capture::analyse;
use ftp_explorer::diagnose::capture::diagnose_capture;
use ftp_explorer::diagnose::Options;
use libfuzzer_sys::fuzz_target;

const PCAP: [u8; 24] = [
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
];
const PCAPNG: [u8; 28] = [
    0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0,
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let mut file = Vec::with_capacity(data.len() + 32);
    match choice % 4 {
        0 => {}
        1 => file.extend(PCAP),
        2 => {
            // pcap with another link type: raw IP, Linux cooked v1/v2, BSD loopback
            let mut h = PCAP;
            h[20] = [101, 113, 0, 20][usize::from(choice / 4 % 4)];
            h[21] = if choice / 4 % 4 == 3 { 1 } else { 0 }; // 276 = 0x114
            file.extend(h);
        }
        _ => file.extend(PCAPNG),
    }
    file.extend(rest);
    let a = analyse(&file);
    let d = diagnose_capture(&a, &Options { passive_range: Some((50000, 50010)) });
    for (s, diag) in a.sessions.iter().zip(&d.sessions) {
        assert_eq!(s.sources.len(), s.session.lines.len());
        for f in &diag.findings {
            assert!(f.lines.iter().all(|&l| l >= 1 && l <= s.session.lines.len()), "{f:?}");
        }
    }
    let _ = ftp_explorer::report::capture_text(&a, &d, false);
    let _ = serde_json::to_string(&ftp_explorer::report::capture_report(&a, &d));
});
