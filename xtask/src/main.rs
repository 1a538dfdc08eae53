//! `cargo xtask serve | dist | test`: the project's two set-up commands (and the build), each installing
//! whatever it needs first. See README.md.

mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const HELP: &str = "\
cargo xtask serve   install what the page needs, build it and serve it on http://127.0.0.1:8080
cargo xtask dist    build the release page into dist/ (static: copy it to any web host or sub-path)
cargo xtask test    install what the tests need and run them all: native, Wasm in headless
                    Chromium, and end-to-end (Playwright + axe-core against the built dist/)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("dist") => dist(&root().join("dist")).map(|_| ()),
        Some("test") => test(),
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

/// Build the release page into `out` and print the size of every file, raw and gzipped.
fn dist(out: &Path) -> Result<tools::Env, String> {
    let env = tools::web()?;
    run(env
        .command("trunk")
        .current_dir(root())
        .args(["build", "--release", "--dist"])
        .arg(out))?;
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
    Ok(env)
}

fn test() -> Result<(), String> {
    let root = root();
    let env = tools::web()?;
    let browser = tools::browser()?;
    // 1. Native: unit, integration, property and CLI tests, doc tests.
    run(env
        .command("cargo")
        .current_dir(&root)
        .args(["test", "--package", "ftp-explorer"]))?;
    // 2. Wasm in headless Chromium (wasm-bindgen-test-runner drives ChromeDriver).
    run(env
        .command("cargo")
        .current_dir(&root)
        .args([
            "test",
            "--package",
            "ftp-explorer",
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
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;
    // 3. End to end: the release dist/ in Chromium, driven by Playwright, checked by axe-core.
    let dist_dir = root.join("target").join("e2e-dist");
    let env = dist(&dist_dir)?;
    let e2e = root.join("tests").join("e2e");
    tools::npm_ci(&env, &e2e)?;
    run(env
        .command("node")
        .current_dir(&e2e)
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg("./")
        .env("FTPX_DIST", &dist_dir)
        .env("FTPX_CHROMIUM", &browser.chromium))?;
    eprintln!("xtask: all tests passed");
    Ok(())
}
