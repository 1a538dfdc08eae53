//! The fake FTP server: one control connection, scripted replies, bounded waits.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One control connection's server side.
pub(crate) struct Server {
    pub(crate) w: TcpStream,
    /// The passive listener the last EPSV/PASV opened.
    pub(crate) data: Option<TcpListener>,
    /// The endpoint the last EPRT/PORT named.
    pub(crate) active: Option<SocketAddr>,
    /// The address the control connection was accepted on.
    pub(crate) local: IpAddr,
}

impl Server {
    pub(crate) fn say(&mut self, line: &str) {
        let _ = self.w.write_all(format!("{line}\r\n").as_bytes());
    }

    /// Open a passive listener on the control connection's address; its port.
    pub(crate) fn listen(&mut self) -> u16 {
        let l = TcpListener::bind(SocketAddr::new(self.local, 0)).unwrap();
        let port = l.local_addr().unwrap().port();
        self.data = Some(l);
        port
    }

    /// The data side of LIST: passive (accept on the listener) or active (connect to the client).
    pub(crate) fn transfer(&mut self) {
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

pub(crate) fn accept_within(l: &TcpListener, limit: Duration) -> Option<TcpStream> {
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

pub(crate) fn pasv_reply(ip: [u8; 4], port: u16) -> String {
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
pub(crate) fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What a well-behaved server answers (vsftpd's words). Returns false to end the session.
pub(crate) fn standard(cmd: &str, s: &mut Server) -> bool {
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

pub(crate) struct Fake {
    pub(crate) port: u16,
    pub(crate) addr: IpAddr,
    pub(crate) handle: Option<JoinHandle<Vec<String>>>,
}

impl Fake {
    pub(crate) fn target(&self) -> String {
        SocketAddr::new(self.addr, self.port).to_string()
    }
    /// The commands the server received, in order.
    pub(crate) fn commands(mut self) -> Vec<String> {
        self.handle.take().unwrap().join().unwrap()
    }
}

/// A server on `bind` that sends `greeting` (None: never says anything) and answers each command with
/// `handler`. It serves one control connection and gives up after 20 s whatever happens.
pub(crate) fn fake_on(
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

pub(crate) fn fake(handler: impl FnMut(&str, &mut Server) -> bool + Send + 'static) -> Fake {
    fake_on("127.0.0.1:0", Some("220 (vsFTPd 3.0.3)"), handler)
}

/// A healthy fake server whose 227 names `ip` (it listens on the port, on its own address).
pub(crate) fn fake_advertising(ip: [u8; 4]) -> Fake {
    fake(move |cmd, s| {
        if cmd == "PASV" {
            let p = s.listen();
            s.say(&pasv_reply(ip, p));
            return true;
        }
        standard(cmd, s)
    })
}
