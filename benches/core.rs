//! Throughput of the core, natively: `cargo xtask bench` runs this (numbers are reported, not asserted).
//! Usage: core LINES_FILE LOG_FILE — each line of LINES_FILE is decoded and its address classified; LOG_FILE
//! is read as a client log and diagnosed.

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
}
