//! Active mode: offer this machine's address (EPRT, or PORT when EPRT is refused) and wait for the server
//! to connect back.

use super::control::{Control, ReadFail};
use super::session::{ms, Session};
use ftp_explorer::probe::plan::{active_command, port_after_eprt};
use ftp_explorer::probe::{Attempt, ConnectResult, ControlReply, Toward, Transfer};
use ftp_explorer::wire::Kind;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// How the wait for the server's connection ended.
struct Waited {
    /// The connection the server made, and where from.
    accepted: Option<(TcpStream, SocketAddr)>,
    /// LIST's 1yz reply, when it came first.
    first_reply: Option<ControlReply>,
}

impl Session<'_> {
    /// Offer this machine's address and wait for the server to connect.
    pub(super) fn active(&mut self, c: &mut Control) {
        let Some((listener, local)) = self.listen(c) else {
            return;
        };
        let first_line = self.probe.transcript.len() + 1;
        let Some((via, answer)) = self.offer(c, local) else {
            return;
        };
        let to = (local.ip(), local.port());
        let mut attempt = Attempt::new(via, Toward::ThisMachine, to, ConnectResult::Failed);
        if let Some(refusal) = self.refusal(via, answer) {
            attempt.error = Some(refusal);
        } else {
            let t = &mut self.probe.transcript;
            t.note(&format!(
                "Waiting for the server's data connection on {local} (active mode)"
            ));
            if c.send(t, "LIST").is_ok() {
                self.wait_and_list(c, &listener, &mut attempt);
            }
        }
        attempt.lines = (first_line..=self.probe.transcript.len()).collect();
        self.probe.attempts.push(attempt);
    }

    /// A listener on this machine's end of the control connection, and its address.
    fn listen(&mut self, c: &Control) -> Option<(TcpListener, SocketAddr)> {
        let local_ip = c.tcp().local_addr().ok()?.ip();
        let listener = match TcpListener::bind(SocketAddr::new(local_ip, 0)) {
            Ok(l) => l,
            Err(e) => {
                self.probe.transcript.note(&format!(
                    "Active mode not tried: cannot listen on {local_ip}: {e}"
                ));
                return None;
            }
        };
        let local = listener.local_addr().ok()?;
        let _ = listener.set_nonblocking(true);
        Some((listener, local))
    }

    /// EPRT naming `local`, and PORT when EPRT is refused; the command used and its answer.
    fn offer(
        &mut self,
        c: &mut Control,
        local: SocketAddr,
    ) -> Option<(Kind, Result<ControlReply, ReadFail>)> {
        let t = &mut self.probe.transcript;
        let cmd = active_command(local, true)?;
        let mut via = Kind::Eprt;
        let mut answer = c.ask(t, &cmd);
        let refused = matches!(&answer, Ok(reply) if port_after_eprt(reply.code, local.ip()));
        if refused {
            if let Some(port_cmd) = active_command(local, false) {
                via = Kind::Port;
                answer = c.ask(t, &port_cmd);
            }
        }
        Some((via, answer))
    }

    /// Why the server will not connect after its answer to EPRT/PORT (`None`: it accepted).
    fn refusal(&self, via: Kind, answer: Result<ControlReply, ReadFail>) -> Option<String> {
        match answer {
            Ok(reply) if reply.is_completion() => None,
            Ok(reply) => Some(format!(
                "the server refused {}: \"{}\"",
                via.as_str().to_uppercase(),
                reply.first()
            )),
            Err(e) => Some(e.message(via.as_str(), self.settings.timeout)),
        }
    }

    /// LIST was sent: wait for the server's connection, then read the listing over it.
    fn wait_and_list(&mut self, c: &mut Control, listener: &TcpListener, attempt: &mut Attempt) {
        let timeout = self.settings.timeout;
        let start = Instant::now();
        let waited = self.wait(c, listener, start + timeout, attempt);
        attempt.elapsed_ms = ms(start);
        match waited.accepted {
            Some((data, from)) => {
                let _ = data.set_nonblocking(false);
                attempt.result = ConnectResult::Connected;
                let t = &mut self.probe.transcript;
                t.note(&format!(
                    "Accepted data connection from {from} ({} ms)",
                    attempt.elapsed_ms
                ));
                let control_peer = c
                    .tcp()
                    .peer_addr()
                    .map(|p| p.ip().to_canonical())
                    .unwrap_or(from.ip());
                if from.ip().to_canonical() != control_peer {
                    t.note(&format!("Note: the data connection came from {}, not from the server's control address", from.ip()));
                }
                // LIST was sent; its 150 may still be on its way (under TLS some servers finish the
                // data connection's handshake first): `transfer` reads it after the handshake.
                attempt.transfer = Some(self.transfer(c, data, waited.first_reply, false));
            }
            None if attempt.transfer.is_none() && attempt.error.is_none() => {
                let secs = timeout.as_secs_f64();
                attempt.result = ConnectResult::TimedOut;
                attempt.error = Some(format!("the server did not connect within {secs:.1} s"));
                self.probe.transcript.note(&format!(
                    "No data connection from the server within {secs:.1} s: timed out"
                ));
                // The server may still answer LIST later: the control connection is out of step.
                c.usable = false;
            }
            None => {}
        }
    }

    /// Until `deadline`: accept the server's connection, and meanwhile read LIST's first reply (a 425
    /// and the like ends the wait: the server could not connect, the checker says why).
    fn wait(
        &mut self,
        c: &mut Control,
        listener: &TcpListener,
        deadline: Instant,
        attempt: &mut Attempt,
    ) -> Waited {
        let timeout = self.settings.timeout;
        let t = &mut self.probe.transcript;
        let mut first_reply = None;
        let accepted = loop {
            match listener.accept() {
                Ok(accepted) => break Some(accepted),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => {
                    attempt.error = Some(e.to_string());
                    break None;
                }
            }
            if Instant::now() >= deadline {
                break None;
            }
            if first_reply.is_some() {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            let step = (Instant::now() + Duration::from_millis(50)).min(deadline);
            match c.read_until(t, step) {
                Ok(r) if r.is_preliminary() => first_reply = Some(r),
                Ok(r) => {
                    attempt.error = Some(format!("the server answered \"{}\"", r.first()));
                    attempt.transfer = Some(Transfer {
                        code: Some(r.code),
                        reply: Some(r.first().to_string()),
                        ..Transfer::new("LIST")
                    });
                    break None;
                }
                Err(ReadFail::Late) => {}
                Err(e) => {
                    t.note(&e.note("LIST", timeout));
                    attempt.error = Some(e.message("LIST", timeout));
                    break None;
                }
            }
        };
        Waited {
            accepted,
            first_reply,
        }
    }
}
