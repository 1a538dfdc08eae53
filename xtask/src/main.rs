//! `cargo xtask serve | dist | test`: the project's two set-up commands (and the build), each installing
//! whatever it needs first. See README.md.

mod bench;
mod seal;
mod servers;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const HELP: &str = "\
cargo xtask serve   install what the page needs, build it and serve it on http://127.0.0.1:8080
cargo xtask dist [DIR]  build the release page into dist/ (or DIR) (static: copy it to any web host or sub-path)
cargo xtask test [--no-live]
                    install what the tests need and run them all: native, live (real servers in
                    network namespaces: root), Wasm in headless Chromium, and end-to-end (Playwright +
                    axe-core against the built dist/); --no-live leaves the live tests out, and says so
cargo xtask bench   measure: core throughput (vs Python ftplib), the checker natively and in the
                    page, the page's size against its budget, load time (numbers, not pass/fail)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("dist") => dist(
            &args
                .get(1)
                .map_or_else(|| root().join("dist"), PathBuf::from),
        )
        .map(|_| ()),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::bench(),
        Some("-h" | "--help" | "help") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task '{other}'\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the repository")
        .to_path_buf()
}

/// Run a command to completion; fail with its name if it fails.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: running {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn serve() -> Result<(), String> {
    let env = tools::web()?;
    run(env.command("trunk").current_dir(root()).args([
        "serve",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
    ]))
}

/// The page's transfer budget: every file of dist/, gzipped, added up. `cargo xtask test` fails above it.
/// 250 KiB (256,000 bytes) until 2026-12-03; raised on purpose to 290,000 for what issue 18 added to
/// the page (30 KB gzip: each view's work kept across views and reloads, the encoder, the setup page's
/// two outputs with downloads and kept texts, the flow view's measured layouts and presenter mode, the
/// checker's cause-first headline and links); raised again on purpose to 350,000 for packet captures in
/// the page (issue 13: about 59 KB gzip — reading pcap/pcapng, reassembly, the FTP and data-connection
/// analysis, the capture rules, the report, the replay, the two-sided comparison). Carrying less is
/// issue 16's work (its goal: 150 KB for the whole page).
const BUDGET_GZIP_BYTES: u64 = 350_000;

/// Build the release page into `out` and print the size of every file, raw and gzipped.
fn dist(out: &Path) -> Result<tools::Env, String> {
    dist_sized(out).map(|(env, _)| env)
}

/// [`dist`], also returning the gzipped total.
fn dist_sized(out: &Path) -> Result<(tools::Env, u64), String> {
    let env = tools::web()?;
    run(env
        .command("trunk")
        .current_dir(root())
        .args(["build", "--release", "--dist"])
        .arg(out))?;
    seal::seal(out)?;
    let mut total = (0u64, 0u64);
    let mut files: Vec<_> = std::fs::read_dir(out)
        .map_err(|e| e.to_string())?
        .flatten()
        .collect();
    files.sort_by_key(|f| f.file_name());
    eprintln!("xtask: {} (raw bytes / gzip -9 bytes)", out.display());
    for f in files {
        let raw = f.metadata().map(|m| m.len()).unwrap_or(0);
        let gz = tools::gzip_size(&f.path()).unwrap_or(0);
        total = (total.0 + raw, total.1 + gz);
        eprintln!(
            "    {:<48} {:>9} {:>9}",
            f.file_name().to_string_lossy(),
            raw,
            gz
        );
    }
    eprintln!("    {:<48} {:>9} {:>9}", "total", total.0, total.1);
    eprintln!(
        "xtask: budget {} bytes gzip; {} used ({}%)",
        BUDGET_GZIP_BYTES,
        total.1,
        total.1 * 100 / BUDGET_GZIP_BYTES
    );
    Ok((env, total.1))
}

/// The test files run against the real programs of target/servers/ (every test in them is #[ignore]d).
/// (package, test file): the generated configurations on the real programs (core), the probe against
/// real servers (CLI).
const LIVE_TESTS: &[(&str, &str)] = &[
    ("ftp-explorer", "live_config_servers"),
    ("ftp-explorer-cli", "live_probe"),
];

/// One stage of `cargo xtask test` and how it ended.
enum Outcome {
    Passed,
    Failed(String),
    NotRun(String),
}

/// `cargo xtask test [--no-live]`: every stage runs even when an earlier one failed (a failing live
/// test must not hide the Wasm and end-to-end results), and a summary names each stage's outcome.
/// The run fails when any stage failed or could not run; `--no-live` is the one way to leave the live
/// tests out, and the run says so at its start and in its summary.
fn test(args: &[String]) -> Result<(), String> {
    let no_live = match args {
        [] => false,
        [flag] if flag == "--no-live" => true,
        other => return Err(format!("unknown option(s) {other:?} for test\n\n{HELP}")),
    };
    let root = root();
    // Tools first: without them no stage can run.
    let env = tools::web()?;
    let browser = tools::browser()?;
    let live = live_preflight(no_live);
    let mut stages: Vec<(&'static str, Outcome)> = Vec::new();
    // 0. Format and lints: rustfmt, and clippy with every warning an error, native and wasm32.
    stage(
        &mut stages,
        "format (cargo fmt --check)",
        fmt_check(&env, &root),
    );
    stage(
        &mut stages,
        "lints (cargo clippy, native and wasm32)",
        clippy(&env, &root),
    );
    // 1. Native: unit, integration, property and CLI tests, doc tests.
    stage(
        &mut stages,
        "native tests (cargo test)",
        run(env.command("cargo").current_dir(&root).args([
            "test",
            "--package",
            "ftp-explorer",
            "--package",
            "ftp-explorer-cli",
        ])),
    );
    // xtask's own tests (the CSP sealing's hashing and encoding).
    stage(
        &mut stages,
        "xtask's own tests",
        run(env
            .command("cargo")
            .current_dir(&root)
            .args(["test", "--package", "xtask"])),
    );
    // 1b. Live: the real FTP servers and firewalls (target/servers/), in network namespaces.
    live_stage(&mut stages, &env, &root, live);
    // 2. Wasm in headless Chromium (wasm-bindgen-test-runner drives ChromeDriver).
    stage(
        &mut stages,
        "Wasm tests in headless Chromium",
        run(env
            .command("cargo")
            .current_dir(&root)
            .args([
                "test",
                "--package",
                "ftp-explorer-web",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "web",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")),
    );
    // 3. End to end: the release dist/ in Chromium, driven by Playwright, checked by axe-core.
    stage(
        &mut stages,
        "end-to-end tests (release page, Playwright, axe-core)",
        end_to_end(&root, &browser),
    );
    summary(&stages, no_live)
}

/// Whether the live tests can run here at all, said before the long build rather than after it.
fn live_preflight(no_live: bool) -> Result<(), String> {
    let live = if no_live {
        Err("skipped on request (--no-live)".to_string())
    } else {
        servers::preflight()
    };
    if let Err(reason) = &live {
        loud(&format!(
            "THE LIVE TESTS WILL NOT RUN ({}): {reason}",
            LIVE_TESTS
                .iter()
                .map(|(_, t)| *t)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    live
}

/// The live stage: the servers installed in target/servers/, then [`LIVE_TESTS`] with `--ignored`, one
/// test at a time (namespaces and port 21); or why it did not run.
fn live_stage(
    stages: &mut Vec<(&'static str, Outcome)>,
    env: &tools::Env,
    root: &Path,
    live: Result<(), String>,
) {
    const NAME: &str = "live tests (real servers in network namespaces)";
    match live {
        Ok(()) => stage(
            stages,
            NAME,
            servers::install(root).and_then(|servers| {
                run(env
                    .command("cargo")
                    .current_dir(root)
                    .arg("test")
                    .args(
                        LIVE_TESTS
                            .iter()
                            .flat_map(|(p, t)| ["--package", p, "--test", t]),
                    )
                    .args(["--", "--ignored", "--test-threads=1"])
                    .env("FTP_EXPLORER_SERVERS", &servers))
            }),
        ),
        Err(reason) => stages.push((NAME, Outcome::NotRun(reason))),
    }
}

/// The release page built into target/e2e-dist (within its size budget), then the Playwright tests.
fn end_to_end(root: &Path, browser: &tools::Browser) -> Result<(), String> {
    let dist_dir = root.join("target").join("e2e-dist");
    let (env, gzip_total) = dist_sized(&dist_dir)?;
    if gzip_total > BUDGET_GZIP_BYTES {
        return Err(format!("the page is {gzip_total} bytes gzipped, over its budget of {BUDGET_GZIP_BYTES}: make it smaller or raise the budget in xtask/src/main.rs on purpose"));
    }
    let e2e = root.join("tests").join("e2e");
    tools::npm_ci(&env, &e2e)?;
    run(env
        .command("node")
        .current_dir(&e2e)
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg("./")
        .env("FTPX_DIST", &dist_dir)
        .env("FTPX_CHROMIUM", &browser.chromium))
}

/// Each stage's outcome; the run fails when a stage failed, or could not run without `--no-live`.
fn summary(stages: &[(&'static str, Outcome)], no_live: bool) -> Result<(), String> {
    eprintln!("\nxtask: summary of `cargo xtask test`");
    for (name, outcome) in stages {
        match outcome {
            Outcome::Passed => eprintln!("    passed    {name}"),
            Outcome::Failed(e) => eprintln!("    FAILED    {name}: {e}"),
            Outcome::NotRun(why) => eprintln!("    NOT RUN   {name}: {why}"),
        }
    }
    let failed = stages
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
        .count();
    let not_run: Vec<&str> = stages
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::NotRun(_)))
        .map(|(n, _)| *n)
        .collect();
    if failed > 0 {
        return Err(format!("{failed} stage(s) failed (see above)"));
    }
    if !not_run.is_empty() {
        loud(&format!("NOT RUN: {}", not_run.join("; ")));
        if !no_live {
            return Err("some tests could not run here (see above); `cargo xtask test --no-live` runs the rest and says so".into());
        }
        eprintln!("xtask: every test that ran passed; the live tests were left out on request (--no-live)");
        return Ok(());
    }
    eprintln!("xtask: all tests passed");
    Ok(())
}

/// `cargo fmt --all -- --check`: every package of the workspace formatted as rustfmt writes it.
fn fmt_check(env: &tools::Env, root: &Path) -> Result<(), String> {
    run(env
        .command("cargo")
        .current_dir(root)
        .args(["fmt", "--all", "--", "--check"]))
}

/// Clippy with `-D warnings`: the whole workspace natively (every target: tests, benches, examples), and
/// the packages that build for the page for wasm32 (where the Yew code and the Wasm tests compile).
fn clippy(env: &tools::Env, root: &Path) -> Result<(), String> {
    run(env.command("cargo").current_dir(root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(env.command("cargo").current_dir(root).args([
        "clippy",
        "--package",
        "ftp-explorer",
        "--package",
        "ftp-explorer-web",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--bins",
        "--test",
        "web",
        "--",
        "-D",
        "warnings",
    ]))
}

/// Record how a stage of `cargo xtask test` ended (a failure is printed at once, and again in the summary).
fn stage(
    stages: &mut Vec<(&'static str, Outcome)>,
    name: &'static str,
    result: Result<(), String>,
) {
    let outcome = match result {
        Ok(()) => Outcome::Passed,
        Err(e) => {
            eprintln!("xtask: stage '{name}' FAILED: {e}");
            Outcome::Failed(e)
        }
    };
    stages.push((name, outcome));
}

/// A message nobody scrolls past: framed, on standard error.
fn loud(message: &str) {
    let bar = "!".repeat(100);
    eprintln!("\n{bar}\n!!! {message}\n{bar}\n");
}
