//! `ftp-explorer probe --tls` against a scripted explicit-FTPS server on 127.0.0.1 (rustls on the server
//! side too): AUTH TLS, PBSZ 0, PROT P, TLS on every data connection (handshake before the 150, as
//! vsftpd does it), certificate checks (`--insecure`, `--ca-file`, the system store).

use crate::common::{code, run};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A self-signed certificate for 127.0.0.1 and localhost, valid until 2126 (test fixture only).
const CERT: &str = "-----BEGIN CERTIFICATE-----
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
const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5wnlRNRJGq8lgkX1
SkDOklvHrGFxYSx5t/jF+G6X1kGhRANCAASD2aOsokgC3V3F7on3tfrP5pE08VEg
7u6/69NlI+k9poZVWsbQOmK9AXQhn9iVrRC18TKgcfYH4zfSDVzlmB5U
-----END PRIVATE KEY-----
";

fn server_config() -> Arc<rustls::ServerConfig> {
    let cert = CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap();
    let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    )
}

type Tls = rustls::StreamOwned<rustls::ServerConnection, TcpStream>;

fn accept_within(l: &TcpListener, limit: Duration) -> Option<TcpStream> {
    l.set_nonblocking(true).unwrap();
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if let Ok((s, _)) = l.accept() {
            s.set_nonblocking(false).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

fn tls_accept(tcp: TcpStream) -> Option<Tls> {
    let conn = rustls::ServerConnection::new(server_config()).unwrap();
    let mut s = rustls::StreamOwned::new(conn, tcp);
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock).ok()?;
    }
    Some(s)
}

/// An explicit-FTPS server for one session; returns the commands it received.
fn ftps_server() -> (u16, std::thread::JoinHandle<Vec<String>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let Some(plain) = accept_within(&l, Duration::from_secs(20)) else {
            return seen;
        };
        if let Some(tls) = auth_tls(plain, &mut seen) {
            serve(tls, &mut seen);
        }
        seen
    });
    (port, h)
}

/// The greeting and AUTH TLS in clear text, then the handshake.
fn auth_tls(mut plain: TcpStream, seen: &mut Vec<String>) -> Option<Tls> {
    plain.write_all(b"220 (vsFTPd 3.0.3)\r\n").unwrap();
    // Before AUTH TLS: byte by byte, so nothing after the command is swallowed.
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while plain.read(&mut b).map(|n| n == 1).unwrap_or(false) && b[0] != b'\n' {
        line.push(b[0]);
    }
    let cmd = String::from_utf8_lossy(&line).trim_end().to_string();
    seen.push(cmd.clone());
    if cmd != "AUTH TLS" {
        let _ = plain.write_all(b"530 Please login with USER and PASS.\r\n");
        return None;
    }
    plain
        .write_all(b"234 Proceed with negotiation.\r\n")
        .unwrap();
    tls_accept(plain)
}

/// The control connection under TLS, and what the session has set up for the next LIST.
struct Session {
    r: BufReader<Tls>,
    data: Option<TcpListener>,
    active: Option<std::net::SocketAddr>,
    prot_p: bool,
}

impl Session {
    fn say(&mut self, s: &str) {
        let _ = self.r.get_mut().write_all(format!("{s}\r\n").as_bytes());
        let _ = self.r.get_mut().flush();
    }
}

/// Answer commands until QUIT or the end of the connection.
fn serve(tls: Tls, seen: &mut Vec<String>) {
    let mut s = Session {
        r: BufReader::new(tls),
        data: None,
        active: None,
        prot_p: false,
    };
    let mut text = String::new();
    while s.r.read_line(&mut text).map(|n| n > 0).unwrap_or(false) {
        let cmd = text.trim_end().to_string();
        text.clear();
        seen.push(cmd.clone());
        if !answer(&mut s, &cmd) {
            break;
        }
    }
}

/// Answer one command (vsftpd's words); false after QUIT.
fn answer(s: &mut Session, cmd: &str) -> bool {
    let verb = cmd.split(' ').next().unwrap_or("").to_string();
    match verb.as_str() {
        "USER" => s.say("331 Please specify the password."),
        "PASS" => s.say("230 Login successful."),
        "PBSZ" => s.say("200 PBSZ set to 0."),
        "PROT" => {
            s.prot_p = cmd == "PROT P";
            s.say("200 PROT now Private.");
        }
        "FEAT" => {
            for l in [
                "211-Features:",
                " AUTH TLS",
                " EPSV",
                " PBSZ",
                " PROT",
                "211 End",
            ] {
                s.say(l);
            }
        }
        "EPSV" | "PASV" => {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            let p = l.local_addr().unwrap().port();
            s.data = Some(l);
            if verb == "EPSV" {
                s.say(&format!("229 Entering Extended Passive Mode (|||{p}|)"));
            } else {
                s.say(&format!(
                    "227 Entering Passive Mode (127,0,0,1,{},{}).",
                    p >> 8,
                    p & 0xff
                ));
            }
        }
        "EPRT" => {
            let f: Vec<&str> = cmd.split('|').collect();
            s.active = format!("{}:{}", f[2], f[3]).parse().ok();
            s.say("200 EPRT command successful. Consider using EPSV.");
        }
        "LIST" => list(s),
        "QUIT" => {
            s.say("221 Goodbye.");
            return false;
        }
        _ => s.say("502 Command not implemented."),
    }
    true
}

/// LIST over the data connection set up last; under PROT P the data connection speaks TLS.
fn list(s: &mut Session) {
    let tcp = match s.active.take() {
        Some(to) => TcpStream::connect_timeout(&to, Duration::from_secs(3)).ok(),
        None => s
            .data
            .take()
            .and_then(|l| accept_within(&l, Duration::from_secs(5))),
    };
    let Some(tcp) = tcp else {
        s.say("425 Failed to establish connection.");
        return;
    };
    let listing = b"-rw-r--r--    1 0        0              40 May 01  2024 hello.txt\r\n";
    if s.prot_p {
        // As vsftpd: the TLS handshake on the data connection comes before the 150.
        let Some(mut d) = tls_accept(tcp) else {
            s.say("522 SSL connection failed.");
            return;
        };
        s.say("150 Here comes the directory listing.");
        let _ = d.write_all(listing);
        d.conn.send_close_notify();
        let _ = d.flush();
    } else {
        s.say("150 Here comes the directory listing.");
        let mut tcp = tcp;
        let _ = tcp.write_all(listing);
    }
    s.say("226 Directory send OK.");
}

fn probe(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["probe", "--json", "--tls", "--timeout", "3"];
    all.extend_from_slice(args);
    let o = run(&all);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    (
        code(&o),
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}")),
    )
}

fn codes(j: &Value) -> Vec<String> {
    j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn insecure_ftps_runs_every_data_connection_over_tls() {
    let (port, h) = ftps_server();
    let (code, j) = probe(&["--insecure", "--active", &format!("127.0.0.1:{port}")]);
    assert_eq!(code, 0, "{j}");
    assert_eq!(j["attempts"].as_array().unwrap().len(), 3, "{j}");
    assert_eq!(j["attempts"][2]["via"], "eprt", "{j}");
    assert_eq!(j["tls"]["verified"], false);
    assert_eq!(j["tls"]["protected_data"], true);
    assert!(
        j["tls"]["version"].as_str().unwrap().starts_with("TLSv1"),
        "{}",
        j["tls"]
    );
    // Credentials went inside TLS: no cleartext-credentials finding.
    assert!(codes(&j).is_empty(), "{:?}", codes(&j));
    for a in j["attempts"].as_array().unwrap() {
        assert_eq!(a["result"], "connected", "{a}");
        assert_eq!(a["transfer"]["code"], 226, "{a}");
        assert!(a["transfer"]["bytes"].as_u64().unwrap() > 0, "{a}");
    }
    let cmds = h.join().unwrap();
    assert_eq!(
        cmds[..5],
        [
            "AUTH TLS",
            "USER anonymous",
            "PASS probe@ftp-explorer.invalid",
            "PBSZ 0",
            "PROT P"
        ]
    );
}

#[test]
fn ca_file_verifies_the_certificate() {
    // A folder of the test's own, removed when the test ends, also when it fails.
    struct Scratch(std::path::PathBuf);
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let dir = std::env::temp_dir().join(format!("ftp-explorer-probe-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scratch = Scratch(dir.clone());
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, CERT).unwrap();
    let (port, h) = ftps_server();
    let (code, j) = probe(&[
        "--ca-file",
        ca.to_str().unwrap(),
        &format!("127.0.0.1:{port}"),
    ]);
    drop(scratch);
    assert_eq!(code, 0, "{j}");
    assert_eq!(j["tls"]["verified"], true);
    h.join().unwrap();
}

#[test]
fn an_untrusted_certificate_stops_before_login() {
    let (port, h) = ftps_server();
    let o = run(&[
        "probe",
        "--json",
        "--tls",
        "--timeout",
        "3",
        &format!("127.0.0.1:{port}"),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 2, "{stdout}\n{stderr}");
    if stderr.contains("no trusted certificate found in the system") {
        return; // no system store on this machine: the probe says so and stops (also exit 2)
    }
    let j: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(j["error"]["stage"], "tls");
    assert!(
        j["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--insecure"),
        "{}",
        j["error"]
    );
    let cmds = h.join().unwrap();
    assert!(!cmds.iter().any(|c| c.starts_with("USER")), "{cmds:?}");
}
