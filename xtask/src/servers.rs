//! The real programs the live tests run (`tests/live_config_servers/`): FTP servers, firewalls, and the
//! parsers of the firewall front ends, prepared in `target/servers/` (the tests find it through
//! `FTP_EXPLORER_SERVERS`). Everything comes from package registries: the OS packages (apt) and PyPI.
//!
//! - apt-get install (missing ones only): vsftpd, nftables, iptables, iproute2, openssl, python3,
//!   python3-pip;
//! - apt-get download + dpkg -x into `target/servers/root` (they conflict with each other and with
//!   vsftpd in apt, so they are unpacked, never installed): proftpd-core, proftpd-mod-crypto (mod_tls),
//!   pure-ftpd, pure-ftpd-common, ufw and python3-firewall (their rule parsers check the ufw and
//!   firewalld texts); the shared libraries proftpd and pure-ftpd link against are apt-get installed;
//! - pip install --target `target/servers/py`: pyftpdlib and pyOpenSSL, pinned.
//!
//! Each step is skipped when a stamp file says it was done with the same list. The live tests need root
//! (network namespaces), so does this.

use crate::run;
use crate::tools::{self, Recommends};
use std::path::{Path, PathBuf};
use std::process::Command;

/// OS packages to install when missing: (package, a file it provides).
const APT: &[(&str, &str)] = &[
    ("vsftpd", "/usr/sbin/vsftpd"),
    ("nftables", "/usr/sbin/nft"),
    ("iptables", "/usr/sbin/iptables"),
    ("iproute2", "/usr/sbin/ip"),
    ("openssl", "/usr/bin/openssl"),
];

/// What the OS packages are for (said when they cannot be installed here). They are installed
/// without what they only recommend.
const WHY: &str = "the live tests' servers and firewalls";

/// Packages unpacked (not installed) into `target/servers/root`.
const DEBS: &[&str] = &[
    "proftpd-core",
    "proftpd-mod-crypto",
    "pure-ftpd",
    "pure-ftpd-common",
    "ufw",
    "python3-firewall",
];

/// Of those, the ones whose shared libraries must be installed for their programs to run.
const DEBS_WITH_LIBS: &[&str] = &["proftpd-core", "proftpd-mod-crypto", "pure-ftpd"];

/// From PyPI, pinned (pyOpenSSL for pyftpdlib's TLS_FTPHandler; 25.1.0 wants cryptography < 46).
const PIP: &[&str] = &[
    "pyftpdlib==2.2.0",
    "pyOpenSSL==25.1.0",
    "cryptography==45.0.7",
];

/// Whether the live tests can run on this machine, and if not, why: they need root (network namespaces,
/// firewalls, servers binding port 21), apt-get to install the servers, and a kernel that lets this
/// process create network and mount namespaces (a container may forbid it).
pub fn preflight() -> Result<(), String> {
    if output("id", &["-u"]).as_deref() != Some("0") {
        return Err("not running as root: the live tests create network namespaces and run FTP servers and firewalls in them".into());
    }
    if output("sh", &["-c", "command -v apt-get"]).is_none_or(|p| p.is_empty()) {
        return Err("no apt-get: the live tests install vsftpd, nftables, iptables and the other servers from Debian/Ubuntu packages".into());
    }
    let namespaces = Command::new("unshare")
        .args(["--net", "--mount", "true"])
        .output();
    match namespaces {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "this machine does not let root create network namespaces (`unshare --net --mount true`: {})",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("cannot run `unshare` to check for network namespaces: {e}")),
    }
}

/// Prepare `target/servers/` under `root` (the repository) and return its path.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target").join("servers");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let is_root = output("id", &["-u"]).as_deref() == Some("0");
    let has_apt = output("sh", &["-c", "command -v apt-get"]).is_some_and(|p| !p.is_empty());
    if !(is_root && has_apt) {
        return Err("the live server tests run FTP servers and firewalls in network namespaces: they need root on a Debian/Ubuntu machine (apt-get). \
                    As root: apt-get install vsftpd nftables iptables iproute2 openssl python3-pip, then run `cargo xtask test` again"
            .into());
    }
    install_os_packages()?;
    let unpacked = dir.join("root");
    let stamp = unpack_debs(&dir, &unpacked)?;
    install_python_packages(&dir.join("py"))?;
    check_unpacked(&unpacked, &stamp)?;
    eprintln!("xtask: servers ready in {}", dir.display());
    Ok(dir)
}

/// Step 1: the OS packages of [`APT`] (and python3 with pip), those missing.
fn install_os_packages() -> Result<(), String> {
    let mut missing: Vec<&str> = APT
        .iter()
        .filter(|(pkg, file)| !installed(pkg) || !Path::new(file).exists())
        .map(|(pkg, _)| *pkg)
        .collect();
    if output("python3", &["--version"]).is_none() {
        missing.push("python3");
    }
    if output("python3", &["-m", "pip", "--version"]).is_none() {
        missing.push("python3-pip");
    }
    tools::apt_install(&missing, WHY, Recommends::Leave)
}

/// Step 2: [`DEBS`] downloaded and unpacked into `unpacked`, and the libraries their programs need
/// installed; skipped when the stamp says it was done with the same list. The stamp's path.
fn unpack_debs(dir: &Path, unpacked: &Path) -> Result<PathBuf, String> {
    let stamp = unpacked.join(".ftp-explorer-debs");
    let want = DEBS.join(" ");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return Ok(stamp);
    }
    let debs = dir.join("debs");
    let _ = std::fs::remove_dir_all(&debs);
    let _ = std::fs::remove_dir_all(unpacked);
    std::fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
    let download = || {
        run(Command::new("apt-get")
            .current_dir(&debs)
            .arg("download")
            .args(DEBS))
    };
    if download().is_err() {
        run(Command::new("apt-get").args(["update", "-qq"]))?;
        download()?;
    }
    let mut libs = Vec::new();
    for entry in std::fs::read_dir(&debs).map_err(|e| e.to_string())? {
        let deb = entry.map_err(|e| e.to_string())?.path();
        if deb.extension().is_none_or(|x| x != "deb") {
            continue;
        }
        run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(unpacked))?;
        let name = deb
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if DEBS_WITH_LIBS
            .iter()
            .any(|p| name.starts_with(&format!("{p}_")))
        {
            let depends =
                output("dpkg-deb", &["-f", &deb.to_string_lossy(), "Depends"]).unwrap_or_default();
            libs.extend(library_depends(&depends));
        }
    }
    libs.sort();
    libs.dedup();
    let missing: Vec<&str> = libs
        .iter()
        .map(String::as_str)
        .filter(|p| !installed(p))
        .collect();
    tools::apt_install(&missing, WHY, Recommends::Leave)?;
    std::fs::write(&stamp, &want).map_err(|e| e.to_string())?;
    Ok(stamp)
}

/// Step 3: [`PIP`] installed into `py` (pip --target); skipped when its stamp says it was done.
fn install_python_packages(py: &Path) -> Result<(), String> {
    let stamp = py.join(".ftp-explorer-pip");
    let want = PIP.join(" ");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(py);
    run(Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-warn-script-location",
            "--root-user-action=ignore",
            "--target",
        ])
        .arg(py)
        .args(PIP))?;
    std::fs::write(&stamp, &want).map_err(|e| e.to_string())
}

/// Step 4: everything in place in `unpacked`, and the servers' libraries all found.
fn check_unpacked(unpacked: &Path, stamp: &Path) -> Result<(), String> {
    for file in [
        "usr/sbin/proftpd",
        "usr/lib/proftpd/mod_tls.so",
        "usr/sbin/pure-ftpd",
        "usr/lib/python3/dist-packages/ufw/frontend.py",
        "usr/lib/python3/dist-packages/firewall/core/io/service.py",
    ] {
        if !unpacked.join(file).exists() {
            return Err(format!(
                "{} is missing after unpacking (delete {} and run again)",
                unpacked.join(file).display(),
                stamp.display()
            ));
        }
    }
    for bin in ["usr/sbin/proftpd", "usr/sbin/pure-ftpd"] {
        let ldd = output("ldd", &[&unpacked.join(bin).to_string_lossy()]).unwrap_or_default();
        let not_found: Vec<&str> = ldd.lines().filter(|l| l.contains("not found")).collect();
        if !not_found.is_empty() {
            return Err(format!(
                "{bin} cannot run, libraries missing: {}",
                not_found.join("; ")
            ));
        }
    }
    Ok(())
}

/// The `lib…` packages named in a Depends field (first alternative of each, versions dropped).
fn library_depends(depends: &str) -> Vec<String> {
    depends
        .split(',')
        .filter_map(|d| d.split('|').next())
        .map(|d| d.split('(').next().unwrap_or("").trim().to_string())
        .filter(|d| d.starts_with("lib"))
        .collect()
}

/// Whether dpkg has the package installed.
fn installed(package: &str) -> bool {
    output("dpkg-query", &["-W", "-f=${Status}", package])
        .is_some_and(|s| s.ends_with("install ok installed"))
}

/// A command's trimmed standard output, when it succeeds.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
