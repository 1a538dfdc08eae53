//! `cargo xtask bench`: the core's throughput (against Python's ftplib), the page's size and load
//! time, its frame times and big pastes in headless Chromium, and a Lighthouse audit. Numbers, not
//! pass/fail.

use crate::{dist_sized, root, tools, BUDGET_GZIP_BYTES};
use std::path::{Path, PathBuf};

/// Measure and print: nothing here passes or fails on a number (the size budget is enforced by `test`).
pub fn bench() -> Result<(), String> {
    let root = root();
    let inputs = BenchInputs::write(&root)?;
    let env = tools::web()?;
    eprintln!("xtask: 1/5 core, natively (release build)");
    let rust = bench_core(&env, &root, &inputs)?;
    eprintln!("xtask: 2/5 the same lines with Python's ftplib and ipaddress");
    bench_python(&env, &root, &inputs, &rust);
    eprintln!("xtask: 3/5 the page: size against its budget");
    let dist_dir = root.join("target").join("bench-dist");
    let (env, gzip_total) = dist_sized(&dist_dir)?;
    println!("page size: {gzip_total} bytes gzip in all (budget {BUDGET_GZIP_BYTES})");
    eprintln!(
        "xtask: 4/5 the page in headless Chromium: load time, the flow explorer's frame times, and the checker on logs of 5, 21 and 37 MB pasted"
    );
    let browser = tools::browser()?;
    bench_page(&env, &root, &dist_dir, &browser, &inputs)?;
    eprintln!("xtask: 5/5 Lighthouse audit of the page (its own npm package: it is large)");
    let lighthouse = root.join("xtask").join("lighthouse");
    tools::npm_ci(&env, &lighthouse)?;
    let out = env
        .command("node")
        .current_dir(&lighthouse)
        .arg("run.mjs")
        .arg(&dist_dir)
        .arg(&browser.chromium)
        .output()
        .map_err(|e| e.to_string())?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

/// The benchmarks' input files, in target/bench/.
struct BenchInputs {
    /// 200,000 lines of 227, 229, PORT and EPRT.
    lines: PathBuf,
    /// Real client logs, 5 MB; and 4× (about 600,000 lines) and 7× (over a million lines) that: the
    /// page's big pastes.
    logs: [PathBuf; 3],
}

impl BenchInputs {
    fn write(root: &Path) -> Result<Self, String> {
        let dir = root.join("target").join("bench");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let lines = dir.join("lines.txt");
        std::fs::write(&lines, bench_lines(200_000)).map_err(|e| e.to_string())?;
        let five = bench_log(root, 5 * 1024 * 1024)?;
        let logs = [
            dir.join("log-5mb.txt"),
            dir.join("log-21mb.txt"),
            dir.join("log-37mb.txt"),
        ];
        for (path, times) in logs.iter().zip([1, 4, 7]) {
            std::fs::write(path, five.repeat(times)).map_err(|e| e.to_string())?;
        }
        Ok(BenchInputs { lines, logs })
    }
}

/// The lines of `text` that do not start with `hidden` (the machine-readable ones), printed.
fn print_lines_but(text: &str, hidden: &str) {
    print!(
        "{}",
        text.lines()
            .filter(|l| !l.starts_with(hidden))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
}

/// The core's benchmark (cargo bench): its report printed, its whole output returned.
fn bench_core(env: &tools::Env, root: &Path, inputs: &BenchInputs) -> Result<String, String> {
    let out = env
        .command("cargo")
        .current_dir(root)
        .args([
            "bench",
            "--package",
            "ftp-explorer",
            "--bench",
            "core",
            "--",
        ])
        .arg(&inputs.lines)
        .arg(&inputs.logs[0])
        .output()
        .map_err(|e| e.to_string())?;
    let rust = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "the core benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    print_lines_but(&rust, "RUST_");
    Ok(rust)
}

/// The same lines decoded by Python's ftplib and ipaddress, and the speed ratio to the core's `rust`
/// run (nothing but a note when python3 is missing).
fn bench_python(env: &tools::Env, root: &Path, inputs: &BenchInputs, rust: &str) {
    let out = env
        .command("python3")
        .arg(root.join("xtask/bench/python_ftplib.py"))
        .arg(&inputs.lines)
        .output();
    let py = match out {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => {
            println!("python3 not available: no comparison");
            return;
        }
    };
    print_lines_but(&py, "PYTHON_");
    let seconds = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    if let (Some(r), Some(p)) = (
        seconds(rust, "RUST_DECODE_SECONDS"),
        seconds(&py, "PYTHON_SECONDS"),
    ) {
        println!(
            "ratio: ftp-explorer is {:.1}x the speed of Python ftplib+ipaddress on the same lines",
            p / r
        );
    }
}

/// The page in headless Chromium: load time, the flow explorer's frame times, a ~100 MB capture, the
/// checker on the big pastes.
fn bench_page(
    env: &tools::Env,
    root: &Path,
    dist_dir: &Path,
    browser: &tools::Browser,
    inputs: &BenchInputs,
) -> Result<(), String> {
    let e2e = root.join("tests").join("e2e");
    tools::npm_ci(env, &e2e)?;
    let pastes = inputs
        .logs
        .iter()
        .map(|log| ("measure-big-paste.mjs", Some(log)));
    for (script, arg) in [
        ("measure-load.mjs", None),
        ("measure-frames.mjs", None),
        ("measure-big-capture.mjs", None),
    ]
    .into_iter()
    .chain(pastes)
    {
        let mut cmd = env.command("node");
        cmd.current_dir(&e2e)
            .arg(script)
            .env("FTPX_DIST", dist_dir)
            .env("FTPX_CHROMIUM", &browser.chromium);
        if let Some(a) = arg {
            cmd.arg(a);
        }
        let out = cmd.output().map_err(|e| e.to_string())?;
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
    Ok(())
}

/// `n` lines of 227, 229, PORT and EPRT, with addresses and ports from a fixed pseudo-random sequence.
fn bench_lines(n: usize) -> String {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::with_capacity(n * 48);
    for i in 0..n {
        let r = next();
        let (a, b, c, d) = (
            (r >> 8) as u8,
            (r >> 16) as u8,
            (r >> 24) as u8,
            (r >> 32) as u8,
        );
        let port = 1024 + (r >> 40) % 64000;
        let (p1, p2) = (port / 256, port % 256);
        let line = match i % 4 {
            0 => format!("227 Entering Passive Mode ({a},{b},{c},{d},{p1},{p2}).\n"),
            1 => format!("229 Entering Extended Passive Mode (|||{port}|)\n"),
            2 => format!("PORT {a},{b},{c},{d},{p1},{p2}\n"),
            _ => format!("EPRT |1|{a}.{b}.{c}.{d}|{port}|\n"),
        };
        out.push_str(&line);
    }
    out
}

/// The real client logs of tests/fixtures/logs, one after another, until the text is `size` bytes.
fn bench_log(root: &Path, size: usize) -> Result<String, String> {
    let dir = root.join("tests").join("fixtures").join("logs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "log")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("curl"))
        })
        .collect();
    files.sort();
    let mut out = String::with_capacity(size + 65536);
    while out.len() < size {
        for f in &files {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(f).map_err(|e| e.to_string())?,
            ));
        }
    }
    Ok(out)
}
