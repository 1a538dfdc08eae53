//! Throughput of the core, natively: `cargo xtask bench` runs this (numbers are reported, not asserted).
//! Usage: core LINES_FILE LOG_FILE — each line of LINES_FILE is decoded and its address classified; LOG_FILE
//! is read as a client log and diagnosed. Then packet captures, made here in memory: one FTP session whose
//! data connection carries 100 MB, and 20,000 short sessions, each read and diagnosed.

use ftp_explorer::address::classify;
use ftp_explorer::diagnose::{diagnose, Options};
use ftp_explorer::log::read_log;
use ftp_explorer::wire::decode;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [lines_path, log_path] = args.as_slice() else {
        eprintln!("usage: core LINES_FILE LOG_FILE");
        std::process::exit(2);
    };
    let lines_text = std::fs::read_to_string(lines_path).expect("lines file");
    let lines: Vec<&str> = lines_text.lines().collect();
    let mut times = Vec::new();
    let mut decoded = 0usize;
    for _ in 0..5 {
        let start = Instant::now();
        decoded = 0;
        for line in &lines {
            if let Ok(d) = decode(line) {
                if let Some(ip) = d.ip() {
                    std::hint::black_box(classify(ip));
                }
                decoded += 1;
            }
        }
        times.push(start.elapsed().as_secs_f64());
    }
    let t = median(times);
    println!(
        "decode+classify: {} lines ({} decoded, {:.1} MB) in {:.3} s (median of 5): {:.0} lines/s, {:.1} MB/s",
        lines.len(),
        decoded,
        lines_text.len() as f64 / 1e6,
        t,
        lines.len() as f64 / t,
        lines_text.len() as f64 / 1e6 / t
    );
    println!("RUST_DECODE_SECONDS {t:.6}");

    let log = std::fs::read_to_string(log_path).expect("log file");
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let session = read_log(&log, None);
        let d = diagnose(&session, &Options::default());
        findings = d.findings.len();
        times.push(start.elapsed().as_secs_f64());
    }
    let t = median(times);
    println!(
        "checker: {:.1} MB log ({} lines, {} findings) in {:.3} s (median of 3): {:.1} MB/s",
        log.len() as f64 / 1e6,
        log.lines().count(),
        findings,
        t,
        log.len() as f64 / 1e6 / t
    );

    capture_figures();
}

/// Ethernet + IPv4 + TCP (no options), checksums left zero (the reader does not check them).
#[allow(clippy::too_many_arguments)]
fn tcp_frame(
    src: [u8; 4],
    dst: [u8; 4],
    sport: u16,
    dport: u16,
    seq: u32,
    ack: u32,
    flags: u8,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = vec![0u8; 14 + 20 + 20];
    f[12] = 0x08;
    let ip = &mut f[14..34];
    ip[0] = 0x45;
    ip[2..4].copy_from_slice(&((40 + payload.len()) as u16).to_be_bytes());
    ip[8] = 64;
    ip[9] = 6;
    ip[12..16].copy_from_slice(&src);
    ip[16..20].copy_from_slice(&dst);
    let t = &mut f[34..54];
    t[0..2].copy_from_slice(&sport.to_be_bytes());
    t[2..4].copy_from_slice(&dport.to_be_bytes());
    t[4..8].copy_from_slice(&seq.to_be_bytes());
    t[8..12].copy_from_slice(&ack.to_be_bytes());
    t[12] = 5 << 4;
    t[13] = flags;
    t[14..16].copy_from_slice(&65535u16.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// One FTP session (control and data connection) as frames; the data connection carries `data` bytes.
fn session_frames(client_port: u16, data_port: u16, data: usize, out: &mut Vec<Vec<u8>>) {
    const SYN: u8 = 2;
    const ACK: u8 = 0x10;
    const PSH: u8 = 8;
    const FIN: u8 = 1;
    let (c, s) = ([198, 51, 100, 7], [203, 0, 113, 5]);
    let (mut cs, mut ss) = (1000u32, 5000u32);
    out.push(tcp_frame(c, s, client_port, 21, cs, 0, SYN, b""));
    out.push(tcp_frame(s, c, 21, client_port, ss, cs + 1, SYN | ACK, b""));
    cs += 1;
    ss += 1;
    out.push(tcp_frame(c, s, client_port, 21, cs, ss, ACK, b""));
    let p227 = format!(
        "227 Entering Passive Mode (203,0,113,5,{},{}).\r\n",
        data_port >> 8,
        data_port & 255
    );
    let dialogue: [(bool, &[u8]); 8] = [
        (false, b"220 (vsFTPd 3.0.3)\r\n"),
        (true, b"USER anonymous\r\n"),
        (false, b"331 Please specify the password.\r\n"),
        (true, b"PASS secret\r\n"),
        (false, b"230 Login successful.\r\n"),
        (true, b"PASV\r\n"),
        (false, p227.as_bytes()),
        (true, b"RETR big.bin\r\n"),
    ];
    for (from_client, line) in dialogue {
        if from_client {
            out.push(tcp_frame(c, s, client_port, 21, cs, ss, PSH | ACK, line));
            cs += line.len() as u32;
        } else {
            out.push(tcp_frame(s, c, 21, client_port, ss, cs, PSH | ACK, line));
            ss += line.len() as u32;
        }
    }
    // The data connection.
    let (mut dc, mut ds) = (70_000u32, 90_000u32);
    let cport = client_port.wrapping_add(1);
    out.push(tcp_frame(c, s, cport, data_port, dc, 0, SYN, b""));
    out.push(tcp_frame(
        s,
        c,
        data_port,
        cport,
        ds,
        dc + 1,
        SYN | ACK,
        b"",
    ));
    dc += 1;
    ds += 1;
    out.push(tcp_frame(c, s, cport, data_port, dc, ds, ACK, b""));
    let line = b"150 Opening BINARY mode data connection.\r\n";
    out.push(tcp_frame(s, c, 21, client_port, ss, cs, PSH | ACK, line));
    ss += line.len() as u32;
    let chunk = [b'x'; 1448];
    let mut left = data;
    let mut n = 0;
    while left > 0 {
        let len = left.min(1448);
        out.push(tcp_frame(
            s,
            c,
            data_port,
            cport,
            ds,
            dc,
            ACK,
            &chunk[..len],
        ));
        ds = ds.wrapping_add(len as u32);
        left -= len;
        n += 1;
        if n % 2 == 0 {
            out.push(tcp_frame(c, s, cport, data_port, dc, ds, ACK, b""));
        }
    }
    out.push(tcp_frame(s, c, data_port, cport, ds, dc, FIN | ACK, b""));
    out.push(tcp_frame(
        c,
        s,
        cport,
        data_port,
        dc,
        ds + 1,
        FIN | ACK,
        b"",
    ));
    let line = b"226 Transfer complete.\r\n";
    out.push(tcp_frame(s, c, 21, client_port, ss, cs, PSH | ACK, line));
}

fn pcap_file(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut v = Vec::with_capacity(24 + frames.iter().map(|f| f.len() + 16).sum::<usize>());
    v.extend(0xa1b2_c3d4u32.to_le_bytes());
    v.extend(2u16.to_le_bytes());
    v.extend(4u16.to_le_bytes());
    v.extend([0; 8]);
    v.extend(262_144u32.to_le_bytes());
    v.extend(1u32.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        v.extend(1_700_000_000u32.to_le_bytes());
        v.extend(((i % 1_000_000) as u32).to_le_bytes());
        v.extend((f.len() as u32).to_le_bytes());
        v.extend((f.len() as u32).to_le_bytes());
        v.extend(f);
    }
    v
}

fn capture_figures() {
    use ftp_explorer::capture::analyse;
    use ftp_explorer::diagnose::capture::diagnose_capture;
    let mut bulk = Vec::new();
    session_frames(40_000, 50_000, 100 * 1024 * 1024, &mut bulk);
    let mut many = Vec::new();
    for i in 0..20_000u32 {
        session_frames(
            10_000 + (i % 25_000) as u16 * 2,
            50_000 + (i % 1000) as u16,
            2000,
            &mut many,
        );
    }
    for (what, frames) in [
        ("one session, 100 MB transfer", bulk),
        ("20,000 short sessions", many),
    ] {
        let file = pcap_file(&frames);
        let mut times = Vec::new();
        let mut sessions = 0;
        let mut errors = false;
        for _ in 0..3 {
            let start = Instant::now();
            let a = analyse(&file);
            let d = diagnose_capture(&a, &Options::default());
            sessions = a.sessions.len();
            errors = d.has_errors();
            std::hint::black_box(&d);
            times.push(start.elapsed().as_secs_f64());
        }
        let t = median(times);
        println!(
            "capture ({what}): {:.1} MB, {} packets, {} FTP sessions{} in {:.3} s (median of 3): {:.0} MB/s, {:.0} packets/s",
            file.len() as f64 / 1e6,
            frames.len(),
            sessions,
            if errors { ", with errors" } else { "" },
            t,
            file.len() as f64 / 1e6 / t,
            frames.len() as f64 / t
        );
    }
}
