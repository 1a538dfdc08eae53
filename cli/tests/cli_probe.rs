//! `ftp-explorer probe`, run as a process against scripted fake FTP servers on 127.0.0.1 (and ::1):
//! each test starts a server thread on a random port that answers with chosen replies, runs the built
//! binary, and checks the findings' codes, the exit status, the transcript, the JSON shape, and that the
//! password never shows. Every wait is bounded: no test takes more than a few seconds.

mod common;
use common::{code, run, run_stdin, stderr, stdout};

use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------
// The fake server

/// One control connection's server side.
struct Server {
    w: TcpStream,
    /// The passive listener the last EPSV/PASV opened.
    data: Option<TcpListener>,
    /// The endpoint the last EPRT/PORT named.
    active: Option<SocketAddr>,
    /// The address the control connection was accepted on.
    local: IpAddr,
}

impl Server {
    fn say(&mut self, line: &str) {
        let _ = self.w.write_all(format!("{line}\r\n").as_bytes());
    }

    /// Open a passive listener on the control connection's address; its port.
    fn listen(&mut self) -> u16 {
        let l = TcpListener::bind(SocketAddr::new(self.local, 0)).unwrap();
        let port = l.local_addr().unwrap().port();
        self.data = Some(l);
        port
    }

    /// The data side of LIST: passive (accept on the listener) or active (connect to the client).
    fn transfer(&mut self) {
        let stream = if let Some(l) = self.data.take() {
            accept_within(&l, Duration::from_secs(5))
        } else if let Some(to) = self.active.take() {
            TcpStream::connect_timeout(&to, Duration::from_secs(2)).ok()
        } else {
            self.say("425 Use PORT or PASV first.");
            return;
        };
        match stream {
            Some(mut s) => {
                self.say("150 Here comes the directory listing.");
                let _ = s.write_all(
                    b"-rw-r--r--    1 0        0              40 May 01  2024 hello.txt\r\n",
                );
                let _ = s.shutdown(Shutdown::Both);
                self.say("226 Directory send OK.");
            }
            None => self.say("425 Failed to establish connection."),
        }
    }
}

fn accept_within(l: &TcpListener, limit: Duration) -> Option<TcpStream> {
    l.set_nonblocking(true).unwrap();
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if let Ok((s, _)) = l.accept() {
            s.set_nonblocking(false).unwrap();
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

fn pasv_reply(ip: [u8; 4], port: u16) -> String {
    format!(
        "227 Entering Passive Mode ({},{},{},{},{},{}).",
        ip[0],
        ip[1],
        ip[2],
        ip[3],
        port >> 8,
        port & 0xff
    )
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What a well-behaved server answers (vsftpd's words). Returns false to end the session.
fn standard(cmd: &str, s: &mut Server) -> bool {
    let verb = cmd.split(' ').next().unwrap_or("").to_ascii_uppercase();
    let arg = cmd.split_once(' ').map_or("", |(_, a)| a);
    match verb.as_str() {
        "USER" => s.say("331 Please specify the password."),
        "PASS" => s.say("230 Login successful."),
        "FEAT" => {
            for l in [
                "211-Features:",
                " EPRT",
                " EPSV",
                " PASV",
                " UTF8",
                "211 End",
            ] {
                s.say(l);
            }
        }
        "EPSV" => {
            let p = s.listen();
            s.say(&format!("229 Entering Extended Passive Mode (|||{p}|)"));
        }
        "PASV" => {
            let p = s.listen();
            s.say(&pasv_reply([127, 0, 0, 1], p));
        }
        "EPRT" => {
            let f: Vec<&str> = arg.split('|').collect();
            match (
                f.get(2).and_then(|a| a.parse::<IpAddr>().ok()),
                f.get(3).and_then(|p| p.parse::<u16>().ok()),
            ) {
                (Some(ip), Some(port)) => {
                    s.active = Some(SocketAddr::new(ip, port));
                    s.say("200 EPRT command successful. Consider using EPSV.");
                }
                _ => s.say("500 Illegal EPRT command."),
            }
        }
        "LIST" => s.transfer(),
        "QUIT" => {
            s.say("221 Goodbye.");
            return false;
        }
        _ => s.say("502 Command not implemented."),
    }
    true
}

struct Fake {
    port: u16,
    addr: IpAddr,
    handle: Option<JoinHandle<Vec<String>>>,
}

impl Fake {
    fn target(&self) -> String {
        SocketAddr::new(self.addr, self.port).to_string()
    }
    /// The commands the server received, in order.
    fn commands(mut self) -> Vec<String> {
        self.handle.take().unwrap().join().unwrap()
    }
}

/// A server on `bind` that sends `greeting` (None: never says anything) and answers each command with
/// `handler`. It serves one control connection and gives up after 20 s whatever happens.
fn fake_on(
    bind: &str,
    greeting: Option<&'static str>,
    mut handler: impl FnMut(&str, &mut Server) -> bool + Send + 'static,
) -> Fake {
    let l = TcpListener::bind(bind).unwrap();
    let local = l.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let Some(conn) = accept_within(&l, Duration::from_secs(20)) else {
            return seen;
        };
        conn.set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut s = Server {
            w: conn.try_clone().unwrap(),
            data: None,
            active: None,
            local: local.ip(),
        };
        if let Some(g) = greeting {
            s.say(g);
        }
        let mut r = BufReader::new(conn);
        let mut line = String::new();
        while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            let cmd = line.trim_end().to_string();
            line.clear();
            seen.push(cmd.clone());
            if greeting.is_none() || !handler(&cmd, &mut s) {
                break;
            }
        }
        seen
    });
    Fake {
        port: local.port(),
        addr: local.ip(),
        handle: Some(handle),
    }
}

fn fake(handler: impl FnMut(&str, &mut Server) -> bool + Send + 'static) -> Fake {
    fake_on("127.0.0.1:0", Some("220 (vsFTPd 3.0.3)"), handler)
}

/// A healthy fake server whose 227 names `ip` (it listens on the port, on its own address).
fn fake_advertising(ip: [u8; 4]) -> Fake {
    fake(move |cmd, s| {
        if cmd == "PASV" {
            let p = s.listen();
            s.say(&pasv_reply(ip, p));
            return true;
        }
        standard(cmd, s)
    })
}

// ---------------------------------------------------------------------------------------------------
// Running the probe

struct Probed {
    code: i32,
    json: Value,
    stdout: String,
    stderr: String,
    took: Duration,
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
    fn results(&self) -> Vec<(String, String, String)> {
        self.json["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["via"].as_str().unwrap().to_string(),
                    a["toward"].as_str().unwrap().to_string(),
                    a["result"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
    fn transcript(&self) -> String {
        self.json["transcript"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap().to_string() + "\n")
            .collect()
    }
}

fn probe_json(args: &[&str]) -> Probed {
    let mut all = vec!["probe", "--json"];
    all.extend_from_slice(args);
    let start = Instant::now();
    let o = run(&all);
    let took = start.elapsed();
    let out = stdout(&o);
    let json =
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}\n{}", stderr(&o)));
    Probed {
        code: code(&o),
        json,
        stdout: out,
        stderr: stderr(&o),
        took,
    }
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

fn tuple(via: &str, toward: &str, result: &str) -> (String, String, String) {
    (via.into(), toward.into(), result.into())
}

// ---------------------------------------------------------------------------------------------------
// Tests

#[test]
fn healthy_server_every_data_connection_works() {
    let f = fake(standard);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(p.codes(), set(&["cleartext-credentials"]));
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "control-address", "connected")
        ]
    );
    let j = &p.json;
    assert_eq!(j["error"], Value::Null);
    assert_eq!(j["user"], "anonymous");
    assert_eq!(j["greeting"], "220 (vsFTPd 3.0.3)");
    assert_eq!(
        j["features"],
        serde_json::json!(["EPRT", "EPSV", "PASV", "UTF8"])
    );
    assert_eq!(j["target"]["port"], f.port);
    assert_eq!(j["exit_code"], 0);
    let t = &j["attempts"][0]["transfer"];
    assert_eq!(
        (t["command"].as_str(), t["code"].as_u64()),
        (Some("LIST"), Some(226))
    );
    assert!(t["bytes"].as_u64().unwrap() > 0);
    assert!(
        j["summary"]
            .as_str()
            .unwrap()
            .contains("every data connection worked"),
        "{}",
        j["summary"]
    );
    // The findings' shape is the checker's.
    let finding = &j["findings"][0];
    for key in ["code", "severity", "message", "fix", "lines"] {
        assert!(finding.get(key).is_some(), "{key}");
    }
    for dc in j["data_connections"].as_array().unwrap() {
        assert_eq!(dc["outcome"], "ok");
    }
    // The transcript: curl -v style, password masked.
    let text = p.transcript();
    assert!(
        text.contains("> PASS ****\n") && text.contains("> EPSV\n") && text.contains("> PASV\n"),
        "{text}"
    );
    assert!(
        text.contains("< 229 Entering Extended Passive Mode"),
        "{text}"
    );
    let cmds = f.commands();
    assert_eq!(
        cmds[..3],
        ["USER anonymous", "PASS probe@ftp-explorer.invalid", "FEAT"]
    );
    assert!(cmds.contains(&"QUIT".to_string()));
}

#[test]
fn text_report_looks_like_check() {
    let f = fake(standard);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    assert!(
        out.starts_with("ftp-explorer probe: no problem found"),
        "{out}"
    );
    for section in [
        "\nFindings\n--------\n",
        "\nData connections\n",
        "\nAttempts\n--------\n",
        "\nTranscript",
    ] {
        assert!(out.contains(section), "{section}: {out}");
    }
    assert!(
        out.contains("[info] cleartext-credentials (lines "),
        "{out}"
    );
    assert!(out.contains("passive via EPSV: advertised"), "{out}");
    // Numbered transcript lines, which the finding lines point to.
    assert!(out.contains("\n 4  > USER anonymous\n"), "{out}");
}

#[test]
fn the_printed_transcript_reads_back_through_check_to_the_same_findings() {
    let f = fake(|cmd, s| {
        if cmd == "PASV" {
            let p = s.listen();
            drop(s.data.take());
            s.say(&pasv_reply([127, 0, 0, 1], p)); // nothing listens any more: refused
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    let check = run_stdin(&["check", "--json", "--format", "curl"], p.transcript());
    let checked: Value = serde_json::from_str(stdout(&check).trim()).unwrap();
    let codes: BTreeSet<String> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, p.codes());
    assert_eq!(code(&check), p.code);
}

#[test]
fn pasv_port_closed_is_data_connection_refused() {
    let f = fake(|cmd, s| match cmd {
        "EPSV" => {
            s.say("500 Unknown command.");
            true
        }
        "PASV" => {
            s.say(&pasv_reply([127, 0, 0, 1], closed_port()));
            true
        }
        _ => standard(cmd, s),
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1, "{}", p.stdout);
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-not-supported"
        ])
    );
    assert_eq!(p.results(), [tuple("pasv", "control-address", "refused")]);
    assert_eq!(p.json["findings"][0]["severity"], "error");
    assert_eq!(p.json["data_connections"][0]["outcome"], "refused");
    // The finding's lines are the transcript's lines of the PASV exchange and the attempt.
    let lines: Vec<u64> = p.json["findings"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap())
        .collect();
    let transcript = p.json["transcript"].as_array().unwrap();
    let texts: Vec<&str> = lines
        .iter()
        .map(|&n| transcript[n as usize - 1]["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("> PASV"))
            && texts.iter().any(|t| t.contains("Connection refused")),
        "{texts:?}"
    );
}

#[test]
fn epsv_port_closed_then_pasv_works_is_fallback() {
    let f = fake(|cmd, s| {
        if cmd == "EPSV" {
            s.say(&format!(
                "229 Entering Extended Passive Mode (|||{}|)",
                closed_port()
            ));
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-failed-fallback"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "refused"),
            tuple("pasv", "control-address", "connected")
        ]
    );
}

#[test]
fn private_address_with_skip_advertised_is_never_contacted() {
    // 10.1.2.3 is only named, never connected to (--skip-advertised): the control address is used.
    let f = fake_advertising([10, 1, 2, 3]);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--skip-advertised"]);
    // The control connection is on loopback (not public): the private address is a warning.
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "advertised", "skipped"),
            tuple("pasv", "control-address", "connected"),
        ]
    );
    assert_eq!(p.json["attempts"][1]["ip"], "10.1.2.3");
    assert!(
        !p.transcript().contains("Trying 10.1.2.3"),
        "{}",
        p.transcript()
    );
    // One PASV: the advertised endpoint was not tried, so its listener served the control address.
    assert_eq!(f.commands().iter().filter(|c| *c == "PASV").count(), 1);
}

#[test]
fn loopback_elsewhere_is_tried_then_the_control_address() {
    // 127.0.0.2 is another loopback address where nothing listens: refused, then 127.0.0.1 works.
    let f = fake_advertising([127, 0, 0, 2]);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-loopback-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "advertised", "refused"),
            tuple("pasv", "control-address", "connected"),
        ]
    );
    // The same advertised address is reported once, with the lines of both PASV replies.
    let loopback: Vec<&Value> = p.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "advertised-loopback-address")
        .collect();
    assert_eq!(loopback.len(), 1);
    assert_eq!(f.commands().iter().filter(|c| *c == "PASV").count(), 2);
}

#[test]
fn unspecified_address_is_not_connected_to() {
    let f = fake_advertising([0, 0, 0, 0]);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert!(
        p.codes().contains("advertised-unspecified-address"),
        "{:?}",
        p.codes()
    );
    assert_eq!(p.results()[1], tuple("pasv", "advertised", "skipped"));
    assert_eq!(
        p.results()[2],
        tuple("pasv", "control-address", "connected")
    );
}

#[test]
fn login_refused_exits_2_and_stops_before_passive() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("PASS") {
            s.say("530 Login incorrect.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "login");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("530 Login incorrect."));
    assert!(
        p.stderr.contains("could not probe") && p.stderr.contains("530"),
        "{}",
        p.stderr
    );
    assert!(p.json["attempts"].as_array().unwrap().is_empty());
    // No passive-mode-refused: PASV was never asked.
    assert!(!p.codes().contains("passive-mode-refused"));
    let cmds = f.commands();
    assert!(!cmds.iter().any(|c| c == "PASV" || c == "EPSV"), "{cmds:?}");
}

#[test]
fn a_server_that_never_answers_is_bounded() {
    let f = fake_on("127.0.0.1:0", None, |_, _| true);
    let p = probe_json(&[&f.target(), "--timeout", "0.5"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "greeting");
    assert!(p.took < Duration::from_secs(5), "{:?}", p.took);
    assert!(
        p.transcript().contains("No reply to the connection"),
        "{}",
        p.transcript()
    );
}

#[test]
fn nothing_listening_is_could_not_connect() {
    let port = closed_port();
    let p = probe_json(&[&format!("127.0.0.1:{port}"), "--timeout", "2"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "connect");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("connection refused"));
    assert!(p.json["findings"].as_array().unwrap().is_empty());
    // Plain text too: the report on stdout, the reason on stderr.
    let o = run(&["probe", &format!("127.0.0.1:{port}"), "--timeout", "2"]);
    assert_eq!(code(&o), 2);
    assert!(
        stdout(&o).starts_with("ftp-explorer probe: could not probe (connect)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("could not probe 127.0.0.1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_password_never_shows() {
    const SECRET: &str = "Sup3r-S3cret!pw";
    // A careless server echoes the password back in its replies.
    let f = fake(|cmd, s| {
        if let Some(pw) = cmd.strip_prefix("PASS ") {
            s.say(&format!("230-Welcome, your password {pw} was accepted"));
            s.say("230 Login successful.");
            return true;
        }
        if cmd == "PASV" {
            s.say(&format!("500 No PASV for {SECRET}"));
            return true;
        }
        standard(cmd, s)
    });
    let target = f.target();
    let o = run_stdin(
        &[
            "probe",
            "--json",
            "--user",
            "alice",
            "--password-stdin",
            &target,
            "--timeout",
            "3",
        ],
        format!("{SECRET}\n"),
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "{out}\n{err}"
    );
    assert!(out.contains("PASS ****"));
    let cmds = f.commands();
    assert!(cmds.contains(&format!("PASS {SECRET}")), "{cmds:?}");
    assert!(cmds.contains(&"USER alice".to_string()));
    // Text report, login refused (the error message quotes the server): still never shown.
    let f = fake(|cmd, s| {
        if let Some(pw) = cmd.strip_prefix("PASS ") {
            s.say(&format!("530 Login incorrect: {pw}"));
            return true;
        }
        standard(cmd, s)
    });
    let o = run_stdin(
        &[
            "probe",
            "--user",
            "alice",
            "--password-stdin",
            &f.target(),
            "--timeout",
            "3",
        ],
        SECRET,
    );
    assert_eq!(code(&o), 2);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "{out}\n{err}"
    );
    assert!(err.contains("530 Login incorrect: ****"), "{err}");
}

#[test]
fn a_named_user_without_password_is_told_how_to_give_it() {
    let f = fake(standard);
    let p = probe_json(&["--user", "alice", &f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "login");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--password-stdin"));
}

#[test]
fn active_mode_works_when_the_server_connects_back() {
    let f = fake(standard);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    let last = p.results().pop().unwrap();
    assert_eq!(last, tuple("eprt", "this-machine", "connected"));
    let dcs = p.json["data_connections"].as_array().unwrap();
    assert_eq!(
        (dcs[2]["mode"].as_str(), dcs[2]["outcome"].as_str()),
        (Some("active"), Some("ok"))
    );
    assert!(f
        .commands()
        .iter()
        .any(|c| c.starts_with("EPRT |1|127.0.0.1|")));
}

#[test]
fn active_mode_425_is_active_connection_failed() {
    let f = fake(|cmd, s| {
        if cmd == "LIST" && s.active.is_some() {
            s.say("425 Failed to establish connection.");
            s.active = None;
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("active-connection-failed"),
        "{:?}",
        p.codes()
    );
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("eprt", "this-machine", "failed")
    );
}

#[test]
fn active_mode_silence_times_out() {
    let f = fake(|cmd, s| {
        if cmd == "LIST" && s.active.is_some() {
            return true; // never connects, never answers
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "1", "--active"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("active-connection-failed"),
        "{:?}",
        p.codes()
    );
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("eprt", "this-machine", "timed-out")
    );
    assert!(p.took < Duration::from_secs(8), "{:?}", p.took);
}

#[test]
fn eprt_refused_falls_back_to_port() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("EPRT") {
            s.say("500 'EPRT': command not understood.");
            return true;
        }
        if let Some(arg) = cmd.strip_prefix("PORT ") {
            let n: Vec<u16> = arg.split(',').map(|x| x.parse().unwrap()).collect();
            let ip = IpAddr::from([n[0] as u8, n[1] as u8, n[2] as u8, n[3] as u8]);
            s.active = Some(SocketAddr::new(ip, n[4] * 256 + n[5]));
            s.say("200 PORT command successful. Consider using PASV.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("port", "this-machine", "connected")
    );
}

#[test]
fn vsftpd_oops_is_invalid_server_config() {
    let f = fake(|cmd, s| {
        if cmd == "PASV" {
            s.say("500 OOPS: invalid pasv_address");
            return false; // vsftpd ends the session
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("invalid-server-config"),
        "{:?}",
        p.codes()
    );
    assert_eq!(p.json["error"], Value::Null);
}

#[test]
fn terminal_escapes_from_the_server_are_neutralised() {
    let f = fake_on(
        "127.0.0.1:0",
        Some("220 \u{1b}]0;pwned\u{7}\u{1b}[2J hello"),
        standard,
    );
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("220 ?]0;pwned??[2J hello"), "{out}");
}

#[test]
fn ipv6_control_connection_uses_epsv_only() {
    let Ok(probe_bind) = TcpListener::bind("[::1]:0") else {
        eprintln!("no ::1 on this machine: skipped");
        return;
    };
    drop(probe_bind);
    let f = fake_on("[::1]:0", Some("220 ready"), standard);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("eprt", "this-machine", "connected")
        ]
    );
    assert!(!p.codes().contains("pasv-on-ipv6"));
    assert!(p.transcript().contains("PASV not sent"));
    let cmds = f.commands();
    assert!(
        cmds.iter().any(|c| c.starts_with("EPRT |2|::1|")),
        "{cmds:?}"
    );
}

#[test]
fn tls_refused_by_the_server_exits_2() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("AUTH") {
            s.say("530 Please login with USER and PASS.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--tls", "--insecure"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "tls");
    assert!(
        !f.commands().iter().any(|c| c.starts_with("USER")),
        "no login in clear text after a refused AUTH TLS"
    );
}

#[test]
fn help_and_usage_errors() {
    for args in [&["probe", "--help"][..], &["help", "probe"]] {
        let o = run(args);
        assert_eq!(code(&o), 0);
        let out = stdout(&o);
        assert!(
            out.contains("EXIT STATUS")
                && out.contains("--password-stdin")
                && out.contains("--insecure"),
            "{out}"
        );
    }
    let usage: &[&[&str]] = &[
        &["probe"],
        &["probe", "[::1"],
        &["probe", "host:0"],
        &["probe", "010.0.0.1"],
        &["probe", "a", "b"],
        &["probe", "h", "--timeout", "0"],
        &["probe", "h", "--timeout", "x"],
        &["probe", "h", "--insecure"],
        &["probe", "h", "--bogus"],
        &["probe", "--user"],
        &["probe", "-6", "127.0.0.1"],
        &["probe", "h", "--passive-range", "9-1"],
    ];
    for args in usage {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("ftp-explorer probe HOST"),
            "{args:?}: help follows the reason"
        );
    }
    // A password on the command line is refused, and not echoed.
    let o = run(&["probe", "h", "--password", "hunter2secret"]);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).contains("hunter2secret") && !stdout(&o).contains("hunter2secret"));
    // A password with a line break would smuggle a command: refused.
    let o = run_stdin(&["probe", "127.0.0.1:9", "--password-stdin"], "a\nQUIT\n");
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).contains("QUIT"));
}

#[test]
fn a_host_name_is_resolved_and_each_address_tried() {
    // localhost may resolve to ::1 first: the fake listens on 127.0.0.1 only, so ::1 is refused and
    // 127.0.0.1 is tried next.
    let f = fake(standard);
    let p = probe_json(&[&format!("localhost:{}", f.port), "--timeout", "3"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(p.json["target"]["host"], "localhost");
    assert_eq!(p.json["target"]["ip"], Value::Null);
    assert_eq!(p.json["peer"], format!("127.0.0.1:{}", f.port));
    assert!(
        p.transcript().contains(&format!(
            "* Connected to localhost (127.0.0.1) port {}",
            f.port
        )),
        "{}",
        p.transcript()
    );
    // -6 leaves only ::1, where nothing listens: could not connect.
    let p6 = probe_json(&["-6", &format!("localhost:{}", f.port), "--timeout", "2"]);
    assert_eq!(p6.code, 2);
    assert!(
        matches!(
            p6.json["error"]["stage"].as_str(),
            Some("connect" | "resolve")
        ),
        "{}",
        p6.json["error"]
    );
}

#[test]
fn passive_mode_disabled_is_passive_mode_refused() {
    let f = fake(|cmd, s| {
        if cmd == "EPSV" || cmd == "PASV" {
            s.say("550 Permission denied.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1, "{}", p.stdout);
    assert!(
        p.codes().contains("passive-mode-refused"),
        "{:?}",
        p.codes()
    );
    assert!(p.json["attempts"].as_array().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------------
// The text report, whole

// ---------------------------------------------------------------------------------------------------
// The text report, whole

/// The report with what changes from run to run written steadily: ports (five digits in this
/// machine's ephemeral range) as `PORT`, a 227's port numbers as `P1,P2`, timings as `N ms`.
fn steady(text: &str) -> String {
    // The port numbers of `Passive Mode (h1,h2,h3,h4,p1,p2)`.
    let mut s = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("Passive Mode (") {
        let (before, after) = rest.split_at(at + "Passive Mode (".len());
        s.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let numbers: Vec<&str> = after[..end].split(',').collect();
        if numbers.len() == 6 {
            s.push_str(&numbers[..4].join(","));
            s.push_str(",P1,P2");
            rest = &after[end..];
        } else {
            rest = after;
        }
    }
    s.push_str(rest);
    let mut out = String::new();
    let mut digits = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        digits.push(c);
        if chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        let after: String = chars.clone().take(3).collect();
        if digits.len() == 5 {
            out.push_str("PORT");
        } else if after == " ms" {
            out.push('N');
        } else {
            out.push_str(&digits);
        }
        digits.clear();
    }
    out
}

#[test]
fn steady_writes_ports_and_timings_steadily() {
    assert_eq!(
        steady(
            "Passive Mode (127,0,0,2,195,80). 127.0.0.1:50000 (12 ms) 2121 lines 3-7 (|||50001|)"
        ),
        "Passive Mode (127,0,0,2,P1,P2). 127.0.0.1:PORT (N ms) 2121 lines 3-7 (|||PORT|)"
    );
}

/// The whole text report of a healthy server, every line pinned: summary, server, greeting, user,
/// TLS, features, findings, data connections, attempts and the numbered transcript.
#[test]
fn the_text_report_line_by_line() {
    let f = fake(standard);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    assert_eq!(code(&o), 0);
    assert_eq!(steady(&stdout(&o)), HEALTHY);
    assert_eq!(stderr(&o), "");
}

const HEALTHY: &str = r#"ftp-explorer probe: no problem found: every data connection worked (EPSV, PASV)

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: anonymous
TLS: none (commands, password and data cross the network in clear text)
Features (FEAT): EPRT, EPSV, PASV, UTF8

Findings
--------
[info] cleartext-credentials (lines 6, 7)
  The password was sent without encryption (no AUTH TLS before PASS): anyone on the path can read it, and this log holds it too (masked here).
  Fix: Use FTPS (AUTH TLS, e.g. `curl --ssl-reqd`, FileZilla "Require explicit FTP over TLS") or SFTP. Note that TLS hides PASV replies from NAT helpers: the server must then advertise its public address itself.


Data connections
----------------
passive via EPSV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok
passive via PASV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok

Attempts
--------
EPSV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 15-22)
PASV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 23-30)

Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER anonymous
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 230 Login successful.
 8  > FEAT
 9  < 211-Features:
10  <  EPRT
11  <  EPSV
12  <  PASV
13  <  UTF8
14  < 211 End
15  > EPSV
16  < 229 Entering Extended Passive Mode (|||PORT|)
17  *   Trying 127.0.0.1:PORT...
18  * Connected to 127.0.0.1 port PORT (data connection, N ms)
19  > LIST
20  < 150 Here comes the directory listing.
21  * 67 bytes received on the data connection
22  < 226 Directory send OK.
23  > PASV
24  < 227 Entering Passive Mode (127,0,0,1,P1,P2).
25  *   Trying 127.0.0.1:PORT...
26  * Connected to 127.0.0.1 port PORT (data connection, N ms)
27  > LIST
28  < 150 Here comes the directory listing.
29  * 67 bytes received on the data connection
30  < 226 Directory send OK.
31  > QUIT
32  < 221 Goodbye.
"#;

/// A refused advertised address and the retry at the control address: the head, and everything after
/// the findings (the checker's, pinned by its own tests).
#[test]
fn the_text_report_of_a_refused_address() {
    let f = fake_advertising([127, 0, 0, 2]);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    assert_eq!(code(&o), 1);
    let out = steady(&stdout(&o));
    let (head, rest) = out.split_once("\nFindings\n").unwrap();
    assert_eq!(head, REFUSED_HEAD);
    let tail = &rest[rest.find("\nData connections\n").unwrap()..];
    assert_eq!(tail, REFUSED_TAIL);
}

const REFUSED_HEAD: &str = r#"ftp-explorer probe: 1 error, 2 warnings: The server advertised 127.0.0.2, a loopback address (RFC 1122, 127.0.0.0/8), in its 227 reply, but the client reached the server at 127.0.0.1. The client connected there (port PORT) and the data connection was refused (there, the client reached itself, not the server): the server is behind NAT (or in a container) and advertises an address this client cannot reach.

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: anonymous
TLS: none (commands, password and data cross the network in clear text)
Features (FEAT): EPRT, EPSV, PASV, UTF8
"#;

const REFUSED_TAIL: &str = r#"
Data connections
----------------
passive via EPSV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok
passive via PASV: advertised 127.0.0.2:PORT, used 127.0.0.2:PORT: refused
passive via PASV: advertised 127.0.0.2:PORT, used 127.0.0.1:PORT for LIST: ok

Attempts
--------
EPSV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 15-22)
PASV  127.0.0.2:PORT  advertised (loopback, RFC 1122): refused (N ms) (lines 23-26)
PASV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 27-35)

Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER anonymous
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 230 Login successful.
 8  > FEAT
 9  < 211-Features:
10  <  EPRT
11  <  EPSV
12  <  PASV
13  <  UTF8
14  < 211 End
15  > EPSV
16  < 229 Entering Extended Passive Mode (|||PORT|)
17  *   Trying 127.0.0.1:PORT...
18  * Connected to 127.0.0.1 port PORT (data connection, N ms)
19  > LIST
20  < 150 Here comes the directory listing.
21  * 67 bytes received on the data connection
22  < 226 Directory send OK.
23  > PASV
24  < 227 Entering Passive Mode (127,0,0,2,P1,P2).
25  *   Trying 127.0.0.2:PORT...
26  * connect to 127.0.0.2 port PORT failed: Connection refused
27  > PASV
28  < 227 Entering Passive Mode (127,0,0,2,P1,P2).
29  * Skip 127.0.0.2 for data connection, re-use 127.0.0.1 instead (second try: the control address, as curl does by default)
30  *   Trying 127.0.0.1:PORT...
31  * Connected to 127.0.0.1 port PORT (data connection, N ms)
32  > LIST
33  < 150 Here comes the directory listing.
34  * 67 bytes received on the data connection
35  < 226 Directory send OK.
36  > QUIT
37  < 221 Goodbye.
"#;

/// A stop: where and why (in the report and on stderr), and no attempts.
#[test]
fn the_text_report_of_a_stop() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("PASS") {
            s.say("530 Login incorrect.");
            return true;
        }
        standard(cmd, s)
    });
    let o = run_stdin(
        &[
            "probe",
            &f.target(),
            "--timeout",
            "3",
            "--user",
            "bob",
            "--password-stdin",
        ],
        "hunter2\n",
    );
    assert_eq!(code(&o), 2);
    assert_eq!(steady(&stdout(&o)), STOPPED);
    assert_eq!(
        steady(&stderr(&o)),
        "ftp-explorer: could not probe 127.0.0.1:PORT (login): login as bob refused: \"530 Login incorrect.\"\n"
    );
}

const STOPPED: &str = r#"ftp-explorer probe: could not probe (login): login as bob refused: "530 Login incorrect."

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: bob
TLS: none (commands, password and data cross the network in clear text)
Stopped at login: login as bob refused: "530 Login incorrect."

Findings
--------
[info] cleartext-credentials (lines 6, 7)
  The password was sent without encryption (no AUTH TLS before PASS): anyone on the path can read it, and this log holds it too (masked here).
  Fix: Use FTPS (AUTH TLS, e.g. `curl --ssl-reqd`, FileZilla "Require explicit FTP over TLS") or SFTP. Note that TLS hides PASV replies from NAT helpers: the server must then advertise its public address itself.


Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER bob
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 530 Login incorrect.
 8  > QUIT
 9  < 221 Goodbye.
"#;

/// `--password` and `-p` are refused in every spelling, with the usage, and the value never shows.
#[test]
fn a_password_on_the_command_line_is_refused_in_every_spelling() {
    for args in [
        &["probe", "127.0.0.1:9", "--password=hunter2secret"][..],
        &["probe", "127.0.0.1:9", "-phunter2secret"],
        &["probe", "127.0.0.1:9", "-p", "hunter2secret"],
        &["probe", "--password", "hunter2secret", "127.0.0.1:9"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("is not accepted") && err.contains("--password-stdin"),
            "{err}"
        );
        assert!(err.contains("ftp-explorer probe HOST"), "{err}");
        assert!(!err.contains("hunter2secret") && !stdout(&o).contains("hunter2secret"));
    }
}
