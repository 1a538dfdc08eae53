//! Preconditions: fail loudly, never skip.

use crate::*;

pub(crate) fn sh(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (is it installed?)"))
}

pub(crate) fn need_root() {
    let out = sh("id", &["-u"]);
    let uid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        uid, "0",
        "live probe tests need root (network namespaces, nftables); run as root"
    );
}

pub(crate) fn need_program(name: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "live probe tests need `{name}`; install it (Debian: see tests/fixtures/logs/capture.sh)"
    );
}

pub(crate) const VSFTPD: &str = "/usr/sbin/vsftpd";

pub(crate) fn need_vsftpd() {
    assert!(
        Path::new(VSFTPD).exists(),
        "live probe tests need {VSFTPD} (apt-get install vsftpd)"
    );
    let out = sh("id", &["ftp"]);
    assert!(
        out.status.success(),
        "vsftpd's anonymous login needs the system user `ftp` (created by the vsftpd package)"
    );
}

pub(crate) fn python() -> Command {
    let mut c = Command::new("python3");
    if let Ok(dir) = std::env::var("FTP_EXPLORER_SERVERS") {
        let py = Path::new(&dir).join("py");
        let path = match std::env::var("PYTHONPATH") {
            Ok(old) if !old.is_empty() => format!("{}:{old}", py.display()),
            _ => py.display().to_string(),
        };
        c.env("PYTHONPATH", path);
    }
    c
}

pub(crate) fn need_pyftpdlib() {
    let ok = python()
        .args(["-c", "import pyftpdlib"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "live probe tests need the python3 module pyftpdlib (pip install pyftpdlib, or set FTP_EXPLORER_SERVERS so that $FTP_EXPLORER_SERVERS/py holds it)");
}
