//! Proof on the real programs: the configurations `ftp_explorer::config` generates are run as they are
//! (only paths for certificates swapped in) by vsftpd, ProFTPD, Pure-FTPd, pyftpdlib, nftables and
//! iptables, and the ufw and firewalld texts are read by those tools' own parsers.
//!
//! Every test is `#[ignore]`: it needs root (network namespaces) and the programs `cargo xtask test`
//! prepares in `target/servers/` (see `xtask/src/servers.rs`), found through `FTP_EXPLORER_SERVERS`:
//!
//! ```sh
//! FTP_EXPLORER_SERVERS=$PWD/target/servers cargo test --test live_config_servers -- --ignored --test-threads=1
//! ```
//!
//! When a program or privilege is missing the test FAILS and says what is missing (it only runs when
//! the environment was prepared). All traffic stays inside network namespaces the tests create (their
//! loopback interfaces and a veth pair between two of them); a Drop guard kills what runs in them and
//! deletes them, even when an assertion fails. The client is `tests/fixtures/config/ftp_probe.py`.
//!
//! What is shown, for each server: it starts with the generated configuration; the 227 reply to every
//! PASV advertises the configured address (decoded with `ftp_explorer::wire::decode`) and every port
//! handed out (PASV and EPSV, several times) lies in the range; a directory listing goes through the
//! advertised endpoint; active mode works (and comes from port 20 where the text says so) or is refused;
//! PORT to a foreign host is refused; the per-address and total client limits hold; with TLS, a
//! clear-text login is refused and the TLS session works; a host name is resolved. For the firewalls:
//! from a second namespace, the control port and the passive range pass and other ports do not, and a
//! real FTP session (passive and active) works through them.

mod firewalls;
mod netns;
mod parsers;
mod servers;
mod session;
mod start;

use ftp_explorer::config::{generate, Generated, Inputs, Target};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The server's own address ("private"), on its namespace's loopback.
const SERVER_IP: &str = "10.255.0.1";
/// The address it advertises ("public", documentation space), on the same namespace's loopback.
const PUBLIC_IP: &str = "203.0.113.5";
/// A second client address (for the total client limit), on the same loopback.
const OTHER_IP: &str = "198.18.0.7";
/// A host name for PUBLIC_IP, in the namespace's own /etc/hosts (/etc/netns/NS/hosts).
const HOST_NAME: &str = "ftp.example.test";
/// The veth pair between a server namespace and a client namespace.
const VETH_SERVER_IP: &str = "10.255.1.1";
const VETH_CLIENT_IP: &str = "10.255.1.2";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Where the programs are, and a scratch directory removed at the end.
struct Env {
    root: PathBuf,
    py: PathBuf,
    probe: PathBuf,
    tmp: PathBuf,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

fn env() -> Env {
    let servers = std::env::var_os("FTP_EXPLORER_SERVERS").map(PathBuf::from).unwrap_or_else(|| {
        panic!("FTP_EXPLORER_SERVERS is not set: these tests run real servers prepared by `cargo xtask test` \
                (target/servers/); run them with FTP_EXPLORER_SERVERS=$PWD/target/servers, as root")
    });
    let uid = out("id", &["-u"]);
    assert_eq!(
        uid.trim(),
        "0",
        "these tests create network namespaces: run them as root"
    );
    for tool in [
        "ip",
        "nft",
        "iptables-restore",
        "ip6tables-restore",
        "python3",
        "openssl",
        "ss",
        "bash",
    ] {
        assert!(
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success()),
            "{tool} is not installed (cargo xtask test installs it: see xtask/src/servers.rs)"
        );
    }
    let root = servers.join("root");
    for f in [
        "usr/sbin/proftpd",
        "usr/lib/proftpd/mod_tls.so",
        "usr/sbin/pure-ftpd",
    ] {
        assert!(
            root.join(f).exists(),
            "{} is missing: run cargo xtask test (it unpacks it)",
            root.join(f).display()
        );
    }
    let py = servers.join("py");
    assert!(
        py.join("pyftpdlib").exists(),
        "{}/pyftpdlib is missing: run cargo xtask test",
        py.display()
    );
    assert!(
        vsftpd_bin(&root).exists(),
        "vsftpd is not installed (/usr/sbin/vsftpd)"
    );
    assert!(
        out("getent", &["passwd", "ftp"]).contains(":/srv/ftp:"),
        "the ftp user (home /srv/ftp) is missing: it comes with the vsftpd package"
    );
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let tmp = std::env::temp_dir().join(format!("ftpx-config-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(tmp.join("anon")).unwrap();
    std::fs::write(
        tmp.join("anon").join("hello.txt"),
        "hello from ftp-explorer\n",
    )
    .unwrap();
    Env {
        root,
        py,
        probe: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config/ftp_probe.py"),
        tmp,
    }
}

fn vsftpd_bin(root: &Path) -> PathBuf {
    let system = PathBuf::from("/usr/sbin/vsftpd");
    if system.exists() {
        system
    } else {
        root.join("usr/sbin/vsftpd")
    }
}

/// A command's standard output (it must succeed).
fn out(program: &str, args: &[&str]) -> String {
    let o = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        o.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn check(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\n{}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Generate, failing with the problems if generation fails.
fn gen(target: Target, inputs: &Inputs) -> Generated {
    generate(target, inputs).unwrap_or_else(|p| panic!("{target}: {p:#?}"))
}
