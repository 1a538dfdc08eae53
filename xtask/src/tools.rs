//! Find or install the tools the build and the tests need. Every install comes from a package registry
//! (crates.io, npm, the OS packages); nothing is downloaded from anywhere else. Where an install is not
//! possible here (not root, no apt-get, no npm), the error says exactly what to install.

use crate::{root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_OPT_VERSION: &str = "132";

/// The environment the tools run in: PATH with cargo's bin and the npm tools first.
pub struct Env {
    path: std::ffi::OsString,
}

impl Env {
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path);
        c
    }
    fn output(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self.command(program).args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

fn env() -> Result<Env, String> {
    let node_bin = root()
        .join("xtask")
        .join("node")
        .join("node_modules")
        .join(".bin");
    let mut paths = vec![cargo_bin(), node_bin];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(paths).map_err(|e| e.to_string())?;
    Ok(Env { path })
}

/// The wasm-bindgen version Cargo.lock pins (wasm-bindgen-cli must match it exactly).
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

/// Everything needed to build the page: the wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt, the crates.
pub fn web() -> Result<Env, String> {
    let env = env()?;
    let installed = env.output("rustup", &["target", "list", "--installed"]).ok_or(
        "rustup not found: install Rust with rustup (https://rustup.rs), then run `rustup target add wasm32-unknown-unknown`",
    )?;
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(env
            .command("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if env.output("trunk", &["--version"]).as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        run(env.command("cargo").args([
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
        ]))?;
    }
    let wb = locked_wasm_bindgen()?;
    if env.output("wasm-bindgen", &["--version"]).as_deref() != Some(&format!("wasm-bindgen {wb}"))
    {
        // Not --locked: wasm-bindgen-cli's own lock file pins crates that no longer build on current Rust.
        run(env.command("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wb,
            "--force",
        ]))?;
    }
    let want_opt = format!("wasm-opt version {WASM_OPT_VERSION}");
    let node_tools = root().join("xtask").join("node");
    if !env
        .output("wasm-opt", &["--version"])
        .is_some_and(|v| v.starts_with(&want_opt))
        || !node_tools.join("node_modules/.bin/terser").exists()
    {
        npm_ci(&env, &node_tools)?;
    }
    // The release page's Wasm is packed with xz's LZMA (xtask/src/seal.rs).
    if which(&env, &["xz"]).is_none() {
        apt_install(
            &["xz-utils"],
            "xz packs the page's Wasm (cargo xtask dist)",
            Recommends::Install,
        )?;
    }
    // Trunk runs offline (Trunk.toml): fetch every crate first, for both targets.
    run(env.command("cargo").current_dir(root()).args(["fetch"]))?;
    Ok(env)
}

/// `npm ci` in `dir` (installs exactly what its package-lock.json says).
pub fn npm_ci(env: &Env, dir: &Path) -> Result<(), String> {
    if env.output("npm", &["--version"]).is_none() {
        return Err("npm not found: install Node.js 18 or later with npm (Debian: apt-get install nodejs npm)".into());
    }
    run(env.command("npm").current_dir(dir).args([
        "ci",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
    ]))
}

/// Where Chromium and ChromeDriver are.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn which(env: &Env, names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|n| {
        env.output("sh", &["-c", &format!("command -v {n}")])
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    })
}

/// Whether `apt-get install` also installs what the packages recommend.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Recommends {
    /// apt's default (Chromium's fonts, say).
    Install,
    /// `--no-install-recommends`: the packages alone.
    Leave,
}

/// Install OS packages with apt-get (as root on Debian/Ubuntu), or say what is missing and why (`why`).
/// Nothing when the list is empty.
pub fn apt_install(packages: &[&str], why: &str, recommends: Recommends) -> Result<(), String> {
    if packages.is_empty() {
        return Ok(());
    }
    let env = env()?;
    let is_root = env.output("id", &["-u"]).as_deref() == Some("0");
    let has_apt = which(&env, &["apt-get"]).is_some();
    if !(is_root && has_apt) {
        return Err(format!(
            "{why}: install them from your OS packages (Debian/Ubuntu: sudo apt-get install {}), then run the command again",
            packages.join(" ")
        ));
    }
    run(env.command("apt-get").args(["update", "-qq"]))?;
    let mut install = env.command("apt-get");
    install.args(["install", "-y", "-qq"]);
    if recommends == Recommends::Leave {
        install.arg("--no-install-recommends");
    }
    run(install
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Chromium and ChromeDriver from the OS packages (installed with apt-get when missing and possible).
pub fn browser() -> Result<Browser, String> {
    let env = env()?;
    let find = |env: &Env| {
        Some((
            which(env, &["chromium", "chromium-browser"])?,
            which(env, &["chromedriver"])?,
        ))
    };
    if let Some((chromium, chromedriver)) = find(&env) {
        return Ok(Browser {
            chromium,
            chromedriver,
        });
    }
    apt_install(
        &["chromium", "chromium-driver"],
        "Chromium and ChromeDriver are needed for the browser tests",
        Recommends::Install,
    )?;
    let (chromium, chromedriver) =
        find(&env).ok_or("chromium or chromedriver still missing after apt-get install")?;
    Ok(Browser {
        chromium,
        chromedriver,
    })
}

/// Size of a file after gzip at level 9 (what a web server would send).
pub fn gzip_size(path: &Path) -> Option<u64> {
    use std::io::Write;
    let data = std::fs::read(path).ok()?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&data).ok()?;
    encoder.finish().ok().map(|v| v.len() as u64)
}
