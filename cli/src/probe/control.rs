//! The control connection: a byte stream (TCP, or TLS over it) with the core's reply reader
//! ([`ReplyReader`]) on top, every write and every wait bounded.

use super::tls::{HandshakeError, TlsClient, TlsStream};
use ftp_explorer::probe::{ControlReply, ReplyReader, Transcript};
use rustls::ClientConnection;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A byte stream whose reads and writes can be bounded in time: a socket, TLS over a socket, or (in
/// tests) bytes in memory.
pub trait Wire: Read + Write {
    fn set_read_timeout(&self, limit: Option<Duration>) -> io::Result<()>;
    fn set_write_timeout(&self, limit: Option<Duration>) -> io::Result<()>;
}

impl Wire for TcpStream {
    fn set_read_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, limit)
    }
    fn set_write_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        TcpStream::set_write_timeout(self, limit)
    }
}

/// The control connection's stream: in clear text, or under TLS after `AUTH TLS`.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream>),
}

impl Stream {
    /// The socket under it.
    pub fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => &s.sock,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

impl Wire for Stream {
    fn set_read_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        self.tcp().set_read_timeout(limit)
    }
    fn set_write_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
        self.tcp().set_write_timeout(limit)
    }
}

/// Why no reply was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFail {
    /// No complete reply before the deadline (what was read is kept for the next call).
    Late,
    /// The server closed the connection (or it was closed before).
    Closed,
    /// Reading or writing failed (the system's message).
    Broken(String),
}

impl ReadFail {
    /// The transcript's note on a reply to `what` that did not come. Its words avoid "timed out": the
    /// checker reads those as a data connection that timed out.
    pub fn note(&self, what: &str, timeout: Duration) -> String {
        match self {
            ReadFail::Late => format!(
                "No reply to {what} within {:.1} s; giving up on this connection",
                timeout.as_secs_f64()
            ),
            ReadFail::Closed => format!("The server closed the control connection (after {what})"),
            ReadFail::Broken(m) => format!("The control connection broke (after {what}): {m}"),
        }
    }

    /// The report's words for it (an error's message, an attempt's error).
    pub fn message(&self, what: &str, timeout: Duration) -> String {
        match self {
            ReadFail::Late => format!("no reply to {what} within {:.1} s", timeout.as_secs_f64()),
            ReadFail::Closed => format!("the server closed the connection (after {what})"),
            ReadFail::Broken(m) => format!("the connection broke (after {what}): {m}"),
        }
    }
}

impl fmt::Display for ReadFail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadFail::Late => f.write_str("no complete reply in the time allowed"),
            ReadFail::Closed => f.write_str("the server closed the control connection"),
            ReadFail::Broken(m) => write!(f, "the control connection broke: {m}"),
        }
    }
}

impl std::error::Error for ReadFail {}

/// The control connection: commands out, replies in, each line written to the transcript as it goes.
pub struct Control<S = Stream> {
    pub stream: S,
    reader: ReplyReader,
    /// The limit for each write and each wait for a reply.
    pub timeout: Duration,
    /// False once the connection closed, broke, or fell out of step (a reply that may still come).
    pub usable: bool,
}

impl<S: Wire> Control<S> {
    pub fn new(stream: S, timeout: Duration) -> Self {
        Control {
            stream,
            reader: ReplyReader::new(),
            timeout,
            usable: true,
        }
    }

    /// Send a command (written to the transcript first, `PASS` masked).
    pub fn send(&mut self, t: &mut Transcript, command: &str) -> Result<(), ReadFail> {
        t.command(command);
        let _ = self.stream.set_write_timeout(Some(self.timeout));
        let r = self
            .stream
            .write_all(format!("{command}\r\n").as_bytes())
            .and_then(|_| self.stream.flush());
        r.map_err(|e| {
            self.usable = false;
            ReadFail::Broken(e.to_string())
        })
    }

    /// Read one whole reply before `deadline`; each line goes into the transcript as it arrives.
    pub fn read_until(
        &mut self,
        t: &mut Transcript,
        deadline: Instant,
    ) -> Result<ControlReply, ReadFail> {
        if !self.usable {
            return Err(ReadFail::Closed);
        }
        loop {
            if let Some(reply) = self.reader.read_into(t) {
                return Ok(reply);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ReadFail::Late);
            }
            let _ = self.stream.set_read_timeout(Some(left));
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    self.usable = false;
                    return Err(ReadFail::Closed);
                }
                Ok(n) => self.reader.feed(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    if Instant::now() >= deadline {
                        return Err(ReadFail::Late);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.usable = false;
                    return Err(ReadFail::Broken(e.to_string()));
                }
            }
        }
    }

    /// Read one whole reply within the timeout.
    pub fn read(&mut self, t: &mut Transcript) -> Result<ControlReply, ReadFail> {
        let deadline = Instant::now() + self.timeout;
        self.read_until(t, deadline)
    }

    /// Send a command and read its reply; a failure is written down as a note.
    pub fn ask(&mut self, t: &mut Transcript, command: &str) -> Result<ControlReply, ReadFail> {
        let verb = command.split(' ').next().unwrap_or(command).to_string();
        let r = self.send(t, command).and_then(|_| self.read(t));
        if let Err(e) = &r {
            t.note(&e.note(&verb, self.timeout));
        }
        r
    }
}

impl Control<Stream> {
    /// The socket under the control connection.
    pub fn tcp(&self) -> &TcpStream {
        self.stream.tcp()
    }

    /// The TLS handshake, once AUTH TLS was accepted: from here on the connection speaks TLS (what was
    /// read and not yet taken stays read).
    pub fn start_tls(self, client: &TlsClient, deadline: Instant) -> Result<Self, HandshakeError> {
        let Control {
            stream,
            reader,
            timeout,
            usable,
        } = self;
        let tcp = match stream {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(_) => {
                return Err(HandshakeError::Failed(
                    "the control connection is under TLS already".into(),
                ))
            }
        };
        let tls = client.connect(tcp, deadline)?;
        Ok(Control {
            stream: Stream::Tls(Box::new(tls)),
            reader,
            timeout,
            usable,
        })
    }

    /// The TLS session, once there is one.
    pub fn tls(&self) -> Option<&ClientConnection> {
        match &self.stream {
            Stream::Tls(s) => Some(&s.conn),
            Stream::Plain(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::collections::VecDeque;

    /// A server in memory: each read gets the next chunk; when none is left, a read waits in vain
    /// (`WouldBlock`, as a socket's read timeout) or, once `closed`, finds the end.
    #[derive(Default)]
    struct Memory {
        chunks: VecDeque<Vec<u8>>,
        closed: bool,
        written: Vec<u8>,
        broken_writes: bool,
        read_timeout: Cell<Option<Duration>>,
    }

    impl Memory {
        fn new(chunks: &[&[u8]]) -> Self {
            Memory {
                chunks: chunks.iter().map(|c| c.to_vec()).collect(),
                ..Memory::default()
            }
        }
    }

    impl Read for Memory {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.chunks.pop_front() {
                Some(c) => {
                    buf[..c.len()].copy_from_slice(&c);
                    Ok(c.len())
                }
                None if self.closed => Ok(0),
                None => Err(io::ErrorKind::WouldBlock.into()),
            }
        }
    }

    impl Write for Memory {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.broken_writes {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Wire for Memory {
        fn set_read_timeout(&self, limit: Option<Duration>) -> io::Result<()> {
            self.read_timeout.set(limit);
            Ok(())
        }
        fn set_write_timeout(&self, _: Option<Duration>) -> io::Result<()> {
            Ok(())
        }
    }

    fn control(chunks: &[&[u8]]) -> Control<Memory> {
        Control::new(Memory::new(chunks), Duration::from_millis(30))
    }

    #[test]
    fn a_command_and_its_multi_line_reply_in_pieces() {
        let mut c = control(&[b"211-Feat", b"ures:\r\n EPSV\r", b"\n211 End\r\n"]);
        let mut t = Transcript::new();
        let r = c.ask(&mut t, "FEAT").unwrap();
        assert_eq!(c.stream.written, b"FEAT\r\n");
        assert_eq!(r.code, 211);
        assert_eq!(r.lines, ["211-Features:", " EPSV", "211 End"]);
        assert_eq!(
            t.lines(),
            ["> FEAT", "< 211-Features:", "<  EPSV", "< 211 End"]
        );
        assert!(c.usable);
        // Each read is bounded by what is left of the deadline.
        assert!(c.stream.read_timeout.get().is_some_and(|d| d <= c.timeout));
    }

    /// Two replies in one read: the second waits for the next call.
    #[test]
    fn replies_read_ahead_are_kept() {
        let mut c = control(&[b"120 in a minute\r\n220 ready\r\n"]);
        let mut t = Transcript::new();
        assert_eq!(c.read(&mut t).unwrap().code, 120);
        assert_eq!(c.read(&mut t).unwrap().first(), "220 ready");
        assert_eq!(t.len(), 2);
    }

    /// No reply in time: `Late`, the note says so without "timed out", and the half-read reply is
    /// finished by the next read.
    #[test]
    fn a_late_reply_is_finished_later() {
        let mut c = control(&[b"230-Hello\r\n"]);
        let mut t = Transcript::new();
        let e = c.ask(&mut t, "PASS secret").unwrap_err();
        assert_eq!(e, ReadFail::Late);
        assert_eq!(
            t.lines(),
            [
                "> PASS ****",
                "< 230-Hello",
                "* No reply to PASS within 0.0 s; giving up on this connection"
            ]
        );
        assert!(!t.text().contains("timed out"));
        assert!(c.usable, "late is not closed");
        c.stream.chunks.push_back(b"230 Done\r\n".to_vec());
        let r = c.read(&mut t).unwrap();
        assert_eq!(r.lines, ["230-Hello", "230 Done"]);
    }

    #[test]
    fn a_closed_connection_stays_closed() {
        let mut c = control(&[b"221 Bye\r\n"]);
        c.stream.closed = true;
        let mut t = Transcript::new();
        assert_eq!(c.ask(&mut t, "QUIT").unwrap().code, 221);
        assert_eq!(c.ask(&mut t, "NOOP"), Err(ReadFail::Closed));
        assert!(!c.usable);
        assert_eq!(
            t.lines().last().unwrap(),
            "* The server closed the control connection (after NOOP)"
        );
        // Nothing more is read from a connection known closed.
        assert_eq!(
            c.read_until(&mut t, Instant::now() + Duration::from_secs(5)),
            Err(ReadFail::Closed)
        );
    }

    #[test]
    fn a_failed_write_is_broken() {
        let mut c = control(&[]);
        c.stream.broken_writes = true;
        let mut t = Transcript::new();
        let e = c.ask(&mut t, "LIST").unwrap_err();
        assert!(matches!(&e, ReadFail::Broken(_)));
        assert!(!c.usable);
        assert!(t.lines()[1].starts_with("* The control connection broke (after LIST): "));
        assert!(e.to_string().starts_with("the control connection broke: "));
    }

    #[test]
    fn failure_words() {
        let d = Duration::from_millis(2500);
        assert_eq!(
            ReadFail::Late.message("USER", d),
            "no reply to USER within 2.5 s"
        );
        assert_eq!(
            ReadFail::Closed.message("the connection", d),
            "the server closed the connection (after the connection)"
        );
        assert_eq!(
            ReadFail::Broken("reset".into()).message("PASS", d),
            "the connection broke (after PASS): reset"
        );
        let _: &dyn std::error::Error = &ReadFail::Late;
    }
}
