//! Passive data connections: EPSV, then PASV (the advertised address, and the control address when it
//! differs), each used for one LIST when it opens. Active mode is in [`super::active`].

use super::control::Control;
use super::session::{connect_result, ms, Session};
use ftp_explorer::probe::plan::{passive_port, pasv_plan};
use ftp_explorer::probe::{note, scrub, Attempt, ConnectResult, ControlReply, Toward, Transfer};
use ftp_explorer::wire::{decode_with, Context, Kind};
use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most bytes read from a data connection.
const DATA_CAP: u64 = 1 << 20;

impl Session<'_> {
    /// Every data connection the settings ask for, on a logged-in control connection.
    pub fn data_connections(&mut self, c: &mut Control) {
        let Some(peer) = self.probe.peer else { return };
        let control_ip = peer.ip();
        let ctx = Context {
            control_peer: Some(control_ip),
        };
        // EPSV: the port, at the control address.
        let from = self.probe.transcript.len() + 1;
        if let Ok(r) = c.ask(&mut self.probe.transcript, "EPSV") {
            if let Some(port) = passive_port(&r, &ctx) {
                self.passive(
                    c,
                    Kind::Epsv,
                    Toward::ControlAddress,
                    (control_ip, port),
                    from,
                );
            }
        }
        // PASV: only IPv4 can be named; on IPv6 it is pointless (and flagged by the checker).
        if c.usable && control_ip.to_canonical().is_ipv6() {
            self.probe.transcript.note(
                "PASV not sent: the control connection is IPv6, and a 227 can only name an IPv4 address (RFC 2428)",
            );
        } else if c.usable {
            let from = self.probe.transcript.len() + 1;
            if let Ok(r) = c.ask(&mut self.probe.transcript, "PASV") {
                self.after_pasv(c, &r, &ctx, from);
            }
        }
        if self.settings.active && c.usable {
            self.active(c);
        }
    }

    /// Where to connect after PASV was answered `r` (see [`pasv_plan`]).
    fn after_pasv(&mut self, c: &mut Control, r: &ControlReply, ctx: &Context, from: usize) {
        let Some(control_ip) = ctx.control_peer else {
            return;
        };
        let Ok(d) = decode_with(&r.text(), ctx) else {
            return; // a malformed reply: the checker reports it
        };
        let Some(port) = d.port() else { return };
        let Some(advertised) = d.ip().filter(|_| r.code == 227) else {
            // A 229 answering PASV: the port at the control address.
            let to = (control_ip, port);
            self.passive(c, Kind::Pasv, Toward::ControlAddress, to, from);
            return;
        };
        let plan = pasv_plan(control_ip, advertised, self.settings.skip_advertised);
        match plan.advertised {
            Ok(()) => {
                let toward = if plan.control_address {
                    Toward::Advertised
                } else {
                    Toward::ControlAddress
                };
                self.passive(c, Kind::Pasv, toward, (advertised, port), from);
                if plan.control_address && c.usable {
                    self.pasv_again(c, ctx, advertised);
                }
            }
            Err(why) => {
                let line = self.probe.transcript.note(&why);
                let mut skipped = Attempt::new(
                    Kind::Pasv,
                    Toward::Advertised,
                    (advertised, port),
                    ConnectResult::Skipped,
                );
                skipped.error = Some(why);
                skipped.lines = (from..=line).collect();
                self.probe.attempts.push(skipped);
                if plan.control_address {
                    let from = self.probe.transcript.note(&note::skip(
                        advertised,
                        control_ip,
                        "the control address instead",
                    ));
                    let to = (control_ip, port);
                    self.passive(c, Kind::Pasv, Toward::ControlAddress, to, from);
                }
            }
        }
    }

    /// The advertised endpoint was tried and its listener is used up (or the server gave up on it): a
    /// new PASV, and its port at the control address.
    fn pasv_again(&mut self, c: &mut Control, ctx: &Context, advertised: IpAddr) {
        let Some(control_ip) = ctx.control_peer else {
            return;
        };
        let from = self.probe.transcript.len() + 1;
        let Ok(r) = c.ask(&mut self.probe.transcript, "PASV") else {
            return;
        };
        let Ok(d) = decode_with(&r.text(), ctx) else {
            return;
        };
        let Some(port) = d.port() else { return };
        let shown = d.ip().unwrap_or(advertised);
        self.probe.transcript.note(&note::skip(
            shown,
            control_ip,
            "second try: the control address, as curl does by default",
        ));
        let to = (control_ip, port);
        self.passive(c, Kind::Pasv, Toward::ControlAddress, to, from);
    }

    /// Connect to `ip:port` and, once connected, run one LIST over it. `from` is the transcript line
    /// where this attempt's story starts (its negotiation).
    fn passive(
        &mut self,
        c: &mut Control,
        via: Kind,
        toward: Toward,
        (ip, port): (IpAddr, u16),
        from: usize,
    ) {
        let timeout = self.settings.timeout;
        let t = &mut self.probe.transcript;
        t.note(&note::trying(ip, port));
        let start = Instant::now();
        let mut attempt = Attempt::new(via, toward, (ip, port), ConnectResult::Connected);
        match TcpStream::connect_timeout(&SocketAddr::new(ip, port), timeout) {
            Err(e) => {
                let r = connect_result(&e);
                let detail = e.to_string();
                attempt.elapsed_ms = ms(start);
                t.note(&r.failure_note(ip, port, attempt.elapsed_ms, &detail));
                attempt.error = Some(r.failure_message(timeout.as_secs_f64(), &detail));
                attempt.result = r;
            }
            Ok(data) => {
                attempt.elapsed_ms = ms(start);
                t.note(&note::connected_data(ip, port, attempt.elapsed_ms));
                attempt.transfer = Some(self.transfer(c, data, None, true));
            }
        }
        attempt.lines = (from..=self.probe.transcript.len()).collect();
        self.probe.attempts.push(attempt);
    }

    /// `LIST` over a connected data connection (passive: `first` is None, and `send_list` true). Reads
    /// the data to its end (at most 1 MiB, at most three times the timeout) and the replies around it.
    pub(super) fn transfer(
        &mut self,
        c: &mut Control,
        data: TcpStream,
        first: Option<ControlReply>,
        send_list: bool,
    ) -> Transfer {
        let timeout = self.settings.timeout;
        let mut transfer = Transfer::new("LIST");
        if send_list && c.send(&mut self.probe.transcript, "LIST").is_err() {
            return transfer;
        }
        let mut reader = self.data_reader(data);
        let t = &mut self.probe.transcript;
        let mut reply = match first {
            Some(r) => Ok(r),
            None => c.read(t),
        };
        if let Ok(r) = &reply {
            if r.is_preliminary() {
                let (n, why) = read_data(&mut reader, timeout);
                transfer.bytes = n;
                t.note(&format!("{n} bytes received on the data connection{why}"));
                drop(reader);
                reply = c.read(t);
            }
        }
        match reply {
            Ok(r) => {
                transfer.code = Some(r.code);
                transfer.reply = Some(scrub(r.first(), None));
            }
            Err(e) => {
                t.note(&e.note("LIST", timeout));
            }
        }
        transfer
    }

    /// What reads a data connection: the socket, or TLS over it under PROT P. The client starts the
    /// handshake at once (some servers finish it before they send 150).
    fn data_reader(&mut self, data: TcpStream) -> Box<dyn Read> {
        let timeout = self.settings.timeout;
        let _ = data.set_read_timeout(Some(timeout));
        match (&self.tls, self.protected_data) {
            (Some(client), true) => match client.connect(data, Instant::now() + timeout) {
                Ok(s) => {
                    let _ = s.sock.set_read_timeout(Some(timeout));
                    Box::new(s)
                }
                Err(e) => {
                    self.probe
                        .transcript
                        .note(&format!("TLS on the data connection could not start: {e}"));
                    Box::new(io::empty())
                }
            },
            _ => Box::new(data),
        }
    }
}

/// Read a data connection to its end; at most 1 MiB and three times the timeout. The bytes read, and why
/// the reading stopped when it was not the end (` (stopped …)`).
pub fn read_data(reader: &mut dyn Read, timeout: Duration) -> (u64, &'static str) {
    let deadline = Instant::now() + timeout * 3;
    let mut n = 0u64;
    let mut chunk = [0u8; 8192];
    loop {
        if Instant::now() >= deadline {
            return (n, " (stopped: the transfer took too long)");
        }
        match reader.read(&mut chunk) {
            Ok(0) => return (n, ""),
            Ok(k) => {
                n += k as u64;
                if n >= DATA_CAP {
                    return (n, " (stopped after 1 MiB)");
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return (n, " (stopped: no more data arrived)")
            }
            // A TLS peer that closes without close_notify, a reset after the data: the data is in.
            Err(_) => return (n, ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks, then an error or the end.
    struct Chunks(Vec<io::Result<Vec<u8>>>);

    impl Read for Chunks {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            match self.0.remove(0) {
                Ok(c) => {
                    let n = c.len().min(buf.len());
                    buf[..n].copy_from_slice(&c[..n]);
                    Ok(n)
                }
                Err(e) => Err(e),
            }
        }
    }

    const T: Duration = Duration::from_secs(5);

    #[test]
    fn data_is_read_to_its_end() {
        let mut r = Chunks(vec![Ok(vec![1; 100]), Ok(vec![2; 20])]);
        assert_eq!(read_data(&mut r, T), (120, ""));
        let mut interrupted = Chunks(vec![
            Ok(vec![1; 10]),
            Err(io::ErrorKind::Interrupted.into()),
            Ok(vec![1; 5]),
        ]);
        assert_eq!(read_data(&mut interrupted, T), (15, ""));
        // A reset after the data: the data is in.
        let mut reset = Chunks(vec![
            Ok(vec![1; 10]),
            Err(io::ErrorKind::ConnectionReset.into()),
        ]);
        assert_eq!(read_data(&mut reset, T), (10, ""));
    }

    #[test]
    fn reading_stops_at_the_limits() {
        let mut silent = Chunks(vec![Ok(vec![1; 7]), Err(io::ErrorKind::WouldBlock.into())]);
        assert_eq!(
            read_data(&mut silent, T),
            (7, " (stopped: no more data arrived)")
        );
        let mut endless = io::repeat(b'x');
        assert_eq!(
            read_data(&mut endless, T),
            (DATA_CAP, " (stopped after 1 MiB)")
        );
        let mut slow = Chunks(vec![Ok(vec![1; 3])]);
        assert_eq!(
            read_data(&mut slow, Duration::ZERO),
            (0, " (stopped: the transfer took too long)")
        );
    }
}
