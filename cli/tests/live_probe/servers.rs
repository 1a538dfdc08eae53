//! The real servers, started for one test: vsftpd and pyftpdlib, with a test certificate.

use crate::*;

pub(crate) const TEST_CERT: &str = "-----BEGIN CERTIFICATE-----
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
pub(crate) const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5wnlRNRJGq8lgkX1
SkDOklvHrGFxYSx5t/jF+G6X1kGhRANCAASD2aOsokgC3V3F7on3tfrP5pE08VEg
7u6/69NlI+k9poZVWsbQOmK9AXQhn9iVrRC18TKgcfYH4zfSDVzlmB5U
-----END PRIVATE KEY-----
";

/// vsftpd as in tests/fixtures/logs/configs/vsftpd.conf, on `address` (127.0.0.1 or ::1), plus `extra`
/// lines (`pasv_address=…`, TLS options). Returns the server and its control port.
pub(crate) fn vsftpd(place: Place, address: &str, extra: &[&str]) -> (Server, u16) {
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

pub(crate) const PYFTPD: &str = r#"
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
pub(crate) fn pyftpdlib(place: Place, address: &str, masquerade: Option<&str>) -> (Server, u16) {
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
