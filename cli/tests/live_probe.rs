//! `ftp-explorer probe` against REAL servers: vsftpd (`/usr/sbin/vsftpd`) and pyftpdlib (python3; found
//! through `PYTHONPATH=$FTP_EXPLORER_SERVERS/py` when that variable is set) on 127.0.0.1, and inside
//! private network namespaces this file creates (`ip netns add`), where a misadvertised passive address
//! and a firewalled passive range (nftables, DROP → timeout, REJECT with a TCP reset → refused) are
//! set up. The expected codes are the checker's for the captured logs of the same situations
//! (tests/fixtures/logs/README.md).
//!
//! Every test is `#[ignore]`: it needs root, `ip`, `nft`, `ss`, vsftpd and pyftpdlib, and is run by
//! `cargo xtask test` once those are prepared:
//!
//! ```sh
//! cargo test --test live_probe -- --ignored
//! ```
//!
//! A missing program or privilege FAILS the test with a message saying what is missing. Traffic goes
//! only to 127.0.0.1 / ::1 of this machine or of a namespace made here (its 10.255.0.5 lives on that
//! namespace's loopback); every namespace and server is removed by a Drop guard, even when a test fails.

mod common;
use common::BIN;

use serde_json::Value;
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------
// Preconditions: fail loudly, never skip.

fn sh(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (is it installed?)"))
}

fn need_root() {
    let out = sh("id", &["-u"]);
    let uid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        uid, "0",
        "live probe tests need root (network namespaces, nftables); run as root"
    );
}

fn need_program(name: &str) {
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

const VSFTPD: &str = "/usr/sbin/vsftpd";

fn need_vsftpd() {
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

fn python() -> Command {
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

fn need_pyftpdlib() {
    let ok = python()
        .args(["-c", "import pyftpdlib"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "live probe tests need the python3 module pyftpdlib (pip install pyftpdlib, or set FTP_EXPLORER_SERVERS so that $FTP_EXPLORER_SERVERS/py holds it)");
}

// ---------------------------------------------------------------------------------------------------
// Guards: a scratch directory, a network namespace, a server process.

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn scratch(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "ftp-explorer-live-{}-{n}-{tag}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("root")).unwrap();
    std::fs::write(
        dir.join("root/hello.txt"),
        "hello from the ftp-explorer live probe test\n",
    )
    .unwrap();
    dir
}

/// A network namespace with only its loopback, holding 127.0.0.1, ::1 and 10.255.0.5 (the address a
/// misconfigured server advertises). Deleted on drop.
struct Netns {
    name: String,
}

impl Netns {
    fn new(tag: &str) -> Netns {
        need_root();
        need_program("ip");
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("fxp{}-{n}-{tag}", std::process::id());
        let out = sh("ip", &["netns", "add", &name]);
        assert!(
            out.status.success(),
            "ip netns add {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ns = Netns { name };
        ns.ip(&["link", "set", "lo", "up"]);
        ns.ip(&["addr", "add", "10.255.0.5/32", "dev", "lo"]);
        ns
    }

    fn ip(&self, args: &[&str]) {
        let mut all = vec!["-n", &self.name];
        all.extend_from_slice(args);
        let out = sh("ip", &all);
        assert!(
            out.status.success(),
            "ip {all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `program args…` inside the namespace.
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name, program]);
        c
    }

    /// Replace the namespace's nftables ruleset with an output chain holding these rules.
    fn firewall(&self, rules: &[&str]) {
        need_program("nft");
        let mut script = String::from(
            "flush ruleset\ntable inet fw {\n  chain out {\n    type filter hook output priority 0; policy accept;\n",
        );
        for r in rules {
            script.push_str(&format!("    {r}\n"));
        }
        script.push_str("  }\n}\n");
        let mut child = self
            .command("nft")
            .args(["-f", "-"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run nft");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "nft -f: {}\n{script}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "delete", &self.name])
            .output();
    }
}

/// A server process started by this test: killed (by its id) and its scratch directory removed on drop.
struct Server {
    child: Child,
    dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a server runs: this machine's loopback, or a namespace's.
#[derive(Clone, Copy)]
enum Place<'a> {
    Host,
    Ns(&'a Netns),
}

impl Place<'_> {
    fn command(&self, program: &str) -> Command {
        match self {
            Place::Host => Command::new(program),
            Place::Ns(ns) => ns.command(program),
        }
    }
}

/// Wait until something listens on TCP `port` in `place`.
fn wait_listening(place: Place, port: u16, server: &mut Server) {
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end {
        if let Ok(Some(status)) = server.child.try_wait() {
            let log = std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default();
            panic!("the server exited ({status}) before listening on {port}:\n{log}");
        }
        let out = place
            .command("ss")
            .args(["-ltnH", &format!("sport = :{port}")])
            .output()
            .expect("run ss");
        if !String::from_utf8_lossy(&out.stdout).trim().is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no server listening on port {port} after 10 s");
}

/// Ports for one server: the control port and a passive range of 11. In a namespace the captures'
/// 2121 and 50000-50010; on this machine free ones.
fn ports(place: Place) -> (u16, u16, u16) {
    match place {
        Place::Ns(_) => (2121, 50000, 50010),
        Place::Host => {
            let control = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let seed = std::process::id() as u16
                ^ (COUNTER.fetch_add(1, Ordering::SeqCst) as u16).wrapping_mul(977);
            for i in 0..200u16 {
                let base = 30000 + (seed.wrapping_add(i.wrapping_mul(131)) % 2500) * 11;
                let free = (base..=base + 10)
                    .all(|p| p != control && TcpListener::bind(("127.0.0.1", p)).is_ok());
                if free {
                    return (control, base, base + 10);
                }
            }
            panic!("no free range of 11 ports on 127.0.0.1");
        }
    }
}

const TEST_CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBqDCCAU6gAwIBAgIUAO+QR8EzHoanPgcXysncM8yeamMwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRZnRwLWV4cGxvcmVyLXRlc3QwIBcNMjYxMTI0MDEyMTEzWhgP
MjEyNjEwMzEwMTIxMTNaMBwxGjAYBgNVBAMMEWZ0cC1leHBsb3Jlci10ZXN0MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEg9mjrKJIAt1dxe6J97X6z+aRNPFRIO7u
v+vTZSPpPaaGVVrG0DpivQF0IZ/Yla0QtfEyoHH2B+M30g1c5ZgeVKNsMGowHQYD
VR0OBBYEFFNSBzU+7o3oxNKZJ8m46O3v9pebMB8GA1UdIwQYMBaAFFNSBzU+7o3o
xNKZJ8m46O3v9pebMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAMBgNVHRMB
Af8EAjAAMAoGCCqGSM49BAMCA0gAMEUCIQDy5Q0N5IPU9XNZ/janACq/YHwlftEy
u8mB1QCAJeB1wgIgfVIbYHiXWhoZQ26e0t+HXqvZ86/1LEmligibnbM77gU=
-----END CERTIFICATE-----
";
const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5wnlRNRJGq8lgkX1
SkDOklvHrGFxYSx5t/jF+G6X1kGhRANCAASD2aOsokgC3V3F7on3tfrP5pE08VEg
7u6/69NlI+k9poZVWsbQOmK9AXQhn9iVrRC18TKgcfYH4zfSDVzlmB5U
-----END PRIVATE KEY-----
";

/// vsftpd as in tests/fixtures/logs/configs/vsftpd.conf, on `address` (127.0.0.1 or ::1), plus `extra`
/// lines (`pasv_address=…`, TLS options). Returns the server and its control port.
fn vsftpd(place: Place, address: &str, extra: &[&str]) -> (Server, u16) {
    need_vsftpd();
    let dir = scratch("vsftpd");
    let (port, lo, hi) = ports(place);
    let listen = if address.contains(':') {
        format!("listen=NO\nlisten_ipv6=YES\nlisten_address6={address}")
    } else {
        format!("listen=YES\nlisten_ipv6=NO\nlisten_address={address}")
    };
    let mut conf = format!(
        "{listen}
listen_port={port}
background=NO
anonymous_enable=YES
no_anon_password=NO
anon_root={root}
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_min_port={lo}
pasv_max_port={hi}
port_enable=YES
connect_timeout=5
data_connection_timeout=10
accept_timeout=10
secure_chroot_dir={empty}
xferlog_enable=NO
vsftpd_log_file={log}
",
        root = dir.join("root").display(),
        log = dir.join("vsftpd.log").display(),
        empty = dir.join("empty").display(),
    );
    // vsftpd's secure_chroot_dir: an empty directory of the test's own (not /var/run/vsftpd/empty,
    // which only a packaged service start creates), removed with the scratch directory.
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    if extra.iter().any(|l| l.starts_with("ssl_enable=YES")) {
        std::fs::write(dir.join("cert.pem"), TEST_CERT).unwrap();
        std::fs::write(dir.join("key.pem"), TEST_KEY).unwrap();
        conf.push_str(&format!(
            "rsa_cert_file={}\nrsa_private_key_file={}\n",
            dir.join("cert.pem").display(),
            dir.join("key.pem").display()
        ));
    }
    for l in extra {
        conf.push_str(l);
        conf.push('\n');
    }
    let conf_path = dir.join("vsftpd.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let child = place
        .command(VSFTPD)
        .arg(&conf_path)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start vsftpd");
    let mut server = Server { child, dir };
    wait_listening(place, port, &mut server);
    (server, port)
}

const PYFTPD: &str = r#"
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
host, port, root, lo, hi = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
authorizer = DummyAuthorizer()
authorizer.add_anonymous(root)
handler = FTPHandler
handler.authorizer = authorizer
handler.passive_ports = range(lo, hi + 1)
if len(sys.argv) > 6:
    handler.masquerade_address = sys.argv[6]
FTPServer((host, port), handler).serve_forever()
"#;

/// pyftpdlib, anonymous read-only, on `address`; `masquerade` is its advertised address, if any.
fn pyftpdlib(place: Place, address: &str, masquerade: Option<&str>) -> (Server, u16) {
    need_pyftpdlib();
    let dir = scratch("pyftpdlib");
    let (port, lo, hi) = ports(place);
    let script = dir.join("server.py");
    std::fs::write(&script, PYFTPD).unwrap();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut cmd = match place {
        Place::Host => python(),
        Place::Ns(ns) => {
            // `ip netns exec NS python3 …`, with python()'s environment.
            let mut c = ns.command("python3");
            for (k, v) in python().get_envs() {
                if let Some(v) = v {
                    c.env(k, v);
                }
            }
            c
        }
    };
    let root = dir.join("root");
    let mut args = vec![
        script.display().to_string(),
        address.to_string(),
        port.to_string(),
        root.display().to_string(),
        lo.to_string(),
        hi.to_string(),
    ];
    args.extend(masquerade.map(str::to_string));
    let child = cmd
        .args(&args)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start python3 (pyftpdlib)");
    let mut server = Server { child, dir };
    wait_listening(place, port, &mut server);
    (server, port)
}

// ---------------------------------------------------------------------------------------------------
// Probing

struct Probed {
    code: i32,
    json: Value,
}

impl Probed {
    fn codes(&self) -> BTreeSet<String> {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }
    fn results(&self) -> Vec<String> {
        self.json["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                format!(
                    "{} {} {}",
                    a["via"].as_str().unwrap(),
                    a["toward"].as_str().unwrap(),
                    a["result"].as_str().unwrap()
                )
            })
            .collect()
    }
    fn show(&self) -> String {
        let transcript: Vec<String> = self.json["transcript"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|l| l["text"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "exit {}\nfindings {:?}\nattempts {:?}\n{}",
            self.code,
            self.codes(),
            self.results(),
            transcript.join("\n")
        )
    }
}

fn probe(place: Place, args: &[&str]) -> Probed {
    let mut c = place.command(BIN);
    c.args(["probe", "--json"]).args(args);
    let start = Instant::now();
    let o = c
        .stdin(Stdio::null())
        .output()
        .expect("run ftp-explorer probe");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let json: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {out}\nstderr {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "the probe took {:?}",
        start.elapsed()
    );
    Probed {
        code: o.status.code().unwrap_or(-1),
        json,
    }
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

const NAT_DROP: &str = "ip daddr 10.255.0.5 drop";
const PASV_DROP: &str = "tcp dport 50000-50010 ct state new drop";
const PASV_REJECT: &str = "tcp dport 50000-50010 ct state new reject with tcp reset";
const ACTIVE_REJECT: &str = "tcp dport != { 2121, 50000-50010 } ct state new reject with tcp reset";

// ---------------------------------------------------------------------------------------------------
// Healthy servers on this machine's 127.0.0.1

#[test]
#[ignore = "live: needs root, vsftpd; run by cargo xtask test"]
fn vsftpd_on_loopback_is_healthy_in_both_modes() {
    need_root();
    need_program("ss");
    let (_server, port) = vsftpd(Place::Host, "127.0.0.1", &[]);
    let p = probe(
        Place::Host,
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(p.codes(), set(&["cleartext-credentials"]), "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(
        p.json["greeting"].as_str().unwrap().contains("vsFTPd"),
        "{}",
        p.show()
    );
    for a in p.json["attempts"].as_array().unwrap() {
        assert_eq!(a["transfer"]["code"], 226, "{}", p.show());
    }
}

#[test]
#[ignore = "live: needs root, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_on_loopback_is_healthy_in_both_modes() {
    need_root();
    need_program("ss");
    let (_server, port) = pyftpdlib(Place::Host, "127.0.0.1", None);
    let p = probe(
        Place::Host,
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(p.codes(), set(&["cleartext-credentials"]), "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(
        p.json["greeting"].as_str().unwrap().contains("pyftpdlib"),
        "{}",
        p.show()
    );
}

// ---------------------------------------------------------------------------------------------------
// Inside namespaces

#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_ipv6_uses_epsv() {
    let ns = Netns::new("v6");
    let (_server, port) = vsftpd(Place::Ns(&ns), "::1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("[::1]:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(!p.codes().contains("pasv-on-ipv6"), "{}", p.show());
}

/// vsftpd `pasv_address=10.255.0.5`: nothing listens there (vsftpd binds its passive sockets to the
/// control connection's address), so the advertised endpoint is refused and the control address works.
/// As curl-vsftpd-nat-no-skip-refused.log + curl-vsftpd-nat-skip-pasv-ip.log.
#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_misadvertised_address_is_refused() {
    let ns = Netns::new("natref");
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &["pasv_address=10.255.0.5"]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised refused",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
    assert_eq!(p.json["attempts"][1]["ip"], "10.255.0.5");
}

/// The same address dropped by the namespace's firewall: the advertised endpoint times out.
/// As curl-vsftpd-nat-no-skip-timeout.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_misadvertised_address_dropped_times_out() {
    let ns = Netns::new("natdrop");
    ns.firewall(&[NAT_DROP]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &["pasv_address=10.255.0.5"]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "2"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-timeout"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised timed-out",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
}

/// pyftpdlib `masquerade_address=10.255.0.5`, the address rejected with a reset.
/// As ftplib-proftpd-nat-trust-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_misadvertised_address_is_refused() {
    let ns = Netns::new("pynat");
    ns.firewall(&["ip daddr 10.255.0.5 tcp flags & (syn | ack) == syn reject with tcp reset"]);
    let (_server, port) = pyftpdlib(Place::Ns(&ns), "127.0.0.1", Some("10.255.0.5"));
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised refused",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
}

/// The passive range dropped: EPSV's and PASV's data connections time out.
/// As curl-vsftpd-pasv-ports-blocked-timeout.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_firewalled_range_drop_times_out() {
    let ns = Netns::new("pasvdrop");
    ns.firewall(&[PASV_DROP]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "2"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-timeout",
            "epsv-failed-fallback"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address timed-out",
            "pasv control-address timed-out"
        ],
        "{}",
        p.show()
    );
}

/// The passive range rejected with a reset: refused. As curl-vsftpd-pasv-ports-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_firewalled_range_reject_is_refused() {
    let ns = Netns::new("pasvrej");
    ns.firewall(&[PASV_REJECT]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_range_refused(&p);
}

/// What a probe finds when the server's passive range is rejected (whichever server it is).
fn assert_range_refused(p: &Probed) {
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-failed-fallback"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address refused",
            "pasv control-address refused"
        ],
        "{}",
        p.show()
    );
}

/// pyftpdlib with its passive range rejected. As ftplib-pyftpdlib-… / lftp-proftpd-pasv-ports-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_firewalled_range_reject_is_refused() {
    let ns = Netns::new("pyrej");
    ns.firewall(&[PASV_REJECT]);
    let (_server, port) = pyftpdlib(Place::Ns(&ns), "127.0.0.1", None);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_range_refused(&p);
}

/// Active mode with the server's connection back rejected: vsftpd answers 425.
/// As curl-vsftpd-active-port-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_active_mode_blocked_fails() {
    let ns = Netns::new("actrej");
    ns.firewall(&[ACTIVE_REJECT]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "8"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&["active-connection-failed", "cleartext-credentials"]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine failed"
        ],
        "{}",
        p.show()
    );
}

/// Explicit FTPS on vsftpd (self-signed certificate): everything over TLS with --insecure; refused
/// without it; and a misadvertised address under TLS is tls-hides-passive-reply too.
/// As curl-vsftpd-ftps.log and curl-vsftpd-ftps-nat-skip-pasv-ip.log.
#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_ftps() {
    const TLS: &[&str] = &[
        "ssl_enable=YES",
        "allow_anon_ssl=YES",
        "force_anon_logins_ssl=YES",
        "force_anon_data_ssl=YES",
        "ssl_tlsv1=YES",
        "ssl_sslv2=NO",
        "ssl_sslv3=NO",
        "require_ssl_reuse=NO",
        "ssl_ciphers=HIGH",
    ];
    let ns = Netns::new("ftps");
    let (server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", TLS);
    let target = format!("127.0.0.1:{port}");
    let p = probe(
        Place::Ns(&ns),
        &[&target, "--tls", "--insecure", "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert!(p.codes().is_empty(), "{}", p.show());
    assert_eq!(p.json["tls"]["protected_data"], true, "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    for a in p.json["attempts"].as_array().unwrap() {
        assert_eq!(a["transfer"]["code"], 226, "{}", p.show());
    }
    // The system store does not trust the self-signed certificate: stop before logging in.
    let p = probe(Place::Ns(&ns), &[&target, "--tls", "--timeout", "5"]);
    assert_eq!(p.code, 2, "{}", p.show());
    assert_eq!(p.json["error"]["stage"], "tls", "{}", p.show());
    drop(server);
    // The same with pasv_address=10.255.0.5 (dropped), in a namespace of its own.
    let ns = Netns::new("ftpsnat");
    ns.firewall(&[NAT_DROP]);
    let mut tls_nat = TLS.to_vec();
    tls_nat.push("pasv_address=10.255.0.5");
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &tls_nat);
    let p = probe(
        Place::Ns(&ns),
        &[
            &format!("127.0.0.1:{port}"),
            "--tls",
            "--insecure",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "client-replaced-address",
            "data-connection-timeout",
            "tls-hides-passive-reply"
        ]),
        "{}",
        p.show()
    );
}
