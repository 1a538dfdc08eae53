//! `ftp-explorer probe`: the network half of the live probe. It talks to the server (std::net, every
//! connect and every wait bounded) and records what happened; what to try, how to write it down and
//! what it means are in the library (`ftp_explorer::probe`), which reads the transcript with the
//! checker's own reader and rules.

use ftp_explorer::diagnose::{parse_range, Options};
use ftp_explorer::probe::{
    self, active_command, analyse, note, pasv_plan, Attempt, ConnectResult, ControlReply as Reply,
    Probe, ProbeError, ProbeTarget as Target, ReplyReader, Stage, TargetError, TlsInfo, Toward,
    Transcript, Transfer,
};
use ftp_explorer::wire::{decode_with, Context, Kind};
use rustls::pki_types::ServerName;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

const HELP: &str = "\
ftp-explorer probe HOST[:PORT] [--user U --password-stdin] [--tls [--insecure] [--ca-file PEM]]
                   [--active] [--json] [--timeout SECONDS] [--skip-advertised] [-4|-6]
                   [--passive-range MIN-MAX]

Connect to a live FTP server and find out, from this machine, whether its data connections work:
connect and log in (anonymous unless --user), read FEAT, ask EPSV and connect to the port it names at
the control address, ask PASV and connect to the address and port its 227 names (and, when that is
not the control address, ask PASV again and connect to the control address with the new port, as
curl does by default), and with --active offer this machine's address (EPRT, or PORT if EPRT is
refused) and wait for the server to connect back. Each data connection that opens is used for one
LIST. The answers are classified and diagnosed by the same rules, with the same codes, as
`ftp-explorer check`; the report ends with every attempt and the full transcript (curl -v style:
`ftp-explorer check` reads it back to the same findings). The password is never printed.
A 227 naming 0.0.0.0 (which would reach this machine itself) is not connected to; the control
address is tried instead.

HOST is a host name, an IPv4 address or a bracketed IPv6 address: ftp.example.com, 192.0.2.7:2121,
[2001:db8::7]:2121 (a bare IPv6 address takes no port). PORT defaults to 21.

OPTIONS:
    --user U             log in as U (default: anonymous)
    --password-stdin     read the password from standard input (one line); never from the command
                         line, where other users could see it (default for anonymous: an e-mail-like
                         placeholder)
    --tls                explicit FTPS: AUTH TLS before logging in, then PBSZ 0 and PROT P (data
                         connections encrypted too). The certificate is checked against the
                         system's trusted certificates (/etc/ssl/certs) and the HOST name or address
    --insecure           with --tls: do not check the certificate (self-signed test servers); the
                         report says it was not verified
    --ca-file PEM        with --tls: trust the certificates in this PEM file instead of the system's
    --active             also try active mode: the server connects back to this machine
    --skip-advertised    never connect to an address a 227 names when it is not the control address
                         (a server you do not trust); the control address is still tried
    --timeout SECONDS    the limit for each connection and each wait for a reply (default 10; a
                         fraction such as 0.5 is allowed); reading a listing gets three times it.
                         A data port that drops packets costs one timeout per attempt
    -4, -6               use only IPv4 / IPv6 addresses of a host name
    --passive-range A-B  the server's configured passive port range: ports outside it are flagged
    --json               one JSON object (below)
    -h, --help           this help

JSON: {\"target\":{\"host\",\"ip\",\"port\"}, \"peer\", \"local\", \"user\", \"greeting\", \"features\":[…],
       \"tls\":{\"version\",\"cipher\",\"verified\",\"protected_data\"}|null,
       \"error\":{\"stage\",\"message\"}|null,
       \"findings\":[{\"code\",\"severity\",\"message\",\"fix\",\"lines\"}], \"summary\",
       \"attempts\":[{\"via\",\"toward\",\"ip\",\"port\",\"result\",\"error\",\"elapsed_ms\",
                    \"transfer\":{\"command\",\"code\",\"reply\",\"bytes\"}|null, \"lines\"}],
       \"data_connections\":[…], \"exchanges\":[…],
       \"transcript\":[{\"number\",\"text\",\"role\"}], \"exit_code\"}
  result: connected, refused, timed-out, unreachable, failed, skipped.
  toward: advertised (a 227's address when it is not the control address), control-address,
  this-machine (active mode). Finding lines are transcript line numbers.

EXIT STATUS: 0 no error finding, 1 an error finding (e.g. a data connection timed out or was
refused), 2 usage error, or the probe could not get as far as the data connections (name not
found, could not connect, no greeting, TLS or login refused: see \"error\").

EXAMPLES:
    ftp-explorer probe ftp.example.com
    ftp-explorer probe --active --timeout 3 192.0.2.7:2121
    printf '%s\\n' \"$FTP_PASSWORD\" | ftp-explorer probe --user alice --password-stdin --tls ftp.example.com
    ftp-explorer probe --json '[::1]:2121' | jq '.findings[].code'
";

struct Args {
    target: Target,
    user: Option<String>,
    password_stdin: bool,
    tls: bool,
    insecure: bool,
    ca_file: Option<String>,
    json: bool,
    active: bool,
    skip_advertised: bool,
    timeout: Duration,
    family: Option<u8>,
    passive_range: Option<(u16, u16)>,
}

enum Parsed {
    Help,
    Run(Box<Args>),
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut target = None;
    let mut a = Args {
        target: Target {
            host: String::new(),
            ip: None,
            port: probe::DEFAULT_PORT,
        },
        user: None,
        password_stdin: false,
        tls: false,
        insecure: false,
        ca_file: None,
        json: false,
        active: false,
        skip_advertised: false,
        timeout: Duration::from_secs(10),
        family: None,
        passive_range: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str, what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--json" => a.json = true,
            "--tls" => a.tls = true,
            "--insecure" => a.insecure = true,
            "--active" => a.active = true,
            "--skip-advertised" => a.skip_advertised = true,
            "--password-stdin" => a.password_stdin = true,
            "-4" => a.family = Some(4),
            "-6" => a.family = Some(6),
            "--user" => {
                let u = value("--user", "a user name")?;
                if u.is_empty() || u.chars().any(char::is_control) {
                    return Err("--user: the name must be one line, not empty".into());
                }
                a.user = Some(u);
            }
            "--ca-file" => a.ca_file = Some(value("--ca-file", "a PEM file")?),
            "--timeout" => {
                let t = value("--timeout", "SECONDS")?;
                let secs: f64 = t
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .ok_or_else(|| {
                        format!("--timeout '{t}': expected seconds, more than 0 and at most 3600")
                    })?;
                a.timeout = Duration::from_secs_f64(secs);
            }
            "--passive-range" => {
                let r = value("--passive-range", "MIN-MAX")?;
                a.passive_range =
                    Some(parse_range(&r).map_err(|e| format!("--passive-range {e}"))?);
            }
            "--password" | "-p" => {
                // Never echo what follows: it may be the password itself.
                return Err(format!(
                    "{arg} is not accepted: a password on the command line is visible to other users; use --password-stdin"
                ));
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option '{flag}'"))
            }
            host => {
                if target.is_some() {
                    return Err("probe takes one HOST[:PORT]".into());
                }
                target = Some(probe::parse_target(host).map_err(|e| match e {
                    TargetError::Empty => e.to_string(),
                    _ => format!("'{host}': {e}"),
                })?);
            }
        }
    }
    let Some(t) = target else {
        return Err("probe needs HOST[:PORT]".into());
    };
    if (a.insecure || a.ca_file.is_some()) && !a.tls {
        return Err("--insecure and --ca-file go with --tls".into());
    }
    if a.insecure && a.ca_file.is_some() {
        return Err("--insecure and --ca-file exclude each other".into());
    }
    if let (Some(ip), Some(f)) = (t.ip, a.family) {
        if (f == 4) != ip.is_ipv4() {
            return Err(format!("-{f} contradicts the address {ip}"));
        }
    }
    a.target = t;
    Ok(Parsed::Run(Box::new(a)))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("ftp-explorer: {message}\n");
    eprint!("{HELP}");
    ExitCode::from(2)
}

pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(Parsed::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Run(a)) => a,
        Err(m) => return usage(&m),
    };
    let password = if a.password_stdin {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            eprintln!("ftp-explorer: cannot read the password from standard input: {e}");
            return ExitCode::from(2);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = text.strip_suffix('\n').unwrap_or(&text);
        let text = text.strip_suffix('\r').unwrap_or(text).to_string();
        if text.contains(['\r', '\n']) {
            return usage("--password-stdin: the password must be a single line");
        }
        if text.is_empty() {
            return usage("--password-stdin: standard input held no password");
        }
        Some(text)
    } else {
        None
    };
    let tls = if a.tls {
        match tls_config(&a) {
            Ok(c) => Some(c),
            Err(m) => {
                eprintln!("ftp-explorer: --tls: {m}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let p = probe_server(&a, password.as_deref(), tls);
    let analysis = analyse(
        &p,
        &Options {
            passive_range: a.passive_range,
        },
    );
    let out = if a.json {
        serde_json::to_string(&probe::json_report(&p, &analysis)).unwrap_or_default() + "\n"
    } else {
        probe::render_text(&p, &analysis)
    };
    let _ = io::stdout().lock().write_all(out.as_bytes());
    if let Some(e) = &p.error {
        eprintln!(
            "ftp-explorer: could not probe {} ({}): {}",
            a.target.display(),
            e.stage,
            e.message
        );
    }
    ExitCode::from(probe::exit_code(&p, &analysis))
}

// ---------------------------------------------------------------------------------------------------
// TLS (rustls with the ring provider)

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_config(a: &Args) -> Result<Arc<rustls::ClientConfig>, String> {
    let builder = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = if a.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerifier(provider())))
            .with_no_client_auth()
    } else {
        let mut roots = rustls::RootCertStore::empty();
        match &a.ca_file {
            Some(path) => {
                use rustls::pki_types::pem::PemObject;
                let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
                for cert in rustls::pki_types::CertificateDer::pem_reader_iter(file) {
                    let cert = cert.map_err(|e| format!("{path}: {e}"))?;
                    roots
                        .add(cert)
                        .map_err(|e| format!("{path}: a certificate is not usable: {e}"))?;
                }
                if roots.is_empty() {
                    return Err(format!("{path} holds no PEM certificate"));
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err("no trusted certificate found in the system's store (install the ca-certificates package, or give --ca-file PEM, or --insecure for a test server)".into());
                }
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    Ok(Arc::new(config))
}

/// `--insecure`: any certificate is accepted, but the handshake's signatures are still checked.
#[derive(Debug)]
struct NoVerifier(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for NoVerifier {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

/// A client TLS session over `tcp`, handshake done before `deadline`.
fn tls_connect(
    config: &Arc<rustls::ClientConfig>,
    name: &ServerName<'static>,
    tcp: TcpStream,
    deadline: Instant,
) -> Result<TlsStream, String> {
    let conn =
        rustls::ClientConnection::new(config.clone(), name.clone()).map_err(|e| e.to_string())?;
    let mut s = rustls::StreamOwned::new(conn, tcp);
    while s.conn.is_handshaking() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err("no TLS handshake within the time allowed".into());
        }
        let _ = s.sock.set_read_timeout(Some(left));
        let _ = s.sock.set_write_timeout(Some(left));
        match s.conn.complete_io(&mut s.sock) {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err("no TLS handshake within the time allowed".into())
            }
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(s)
}

fn tls_name(target: &Target, peer: IpAddr) -> ServerName<'static> {
    match target.ip {
        Some(ip) => ServerName::IpAddress(ip.into()),
        None => {
            ServerName::try_from(target.host.clone()).unwrap_or(ServerName::IpAddress(peer.into()))
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The control connection

enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
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

#[derive(Debug, PartialEq)]
enum ReadFail {
    /// No complete reply before the deadline (what was read is kept for the next call).
    Late,
    Closed,
    Broken(String),
}

struct Control {
    stream: Stream,
    /// Bytes read but not yet a whole reply.
    reader: ReplyReader,
    timeout: Duration,
    usable: bool,
}

impl Control {
    fn send(&mut self, t: &mut Transcript, command: &str) -> Result<(), ReadFail> {
        t.command(command);
        let _ = self.stream.tcp().set_write_timeout(Some(self.timeout));
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
    fn read_until(&mut self, t: &mut Transcript, deadline: Instant) -> Result<Reply, ReadFail> {
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
            let _ = self.stream.tcp().set_read_timeout(Some(left));
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

    fn read(&mut self, t: &mut Transcript) -> Result<Reply, ReadFail> {
        let deadline = Instant::now() + self.timeout;
        self.read_until(t, deadline)
    }

    /// Send a command and read its reply; a failure is written down as a note.
    fn ask(&mut self, t: &mut Transcript, command: &str) -> Result<Reply, ReadFail> {
        let verb = command.split(' ').next().unwrap_or(command).to_string();
        let r = self.send(t, command).and_then(|_| self.read(t));
        if let Err(e) = &r {
            t.note(&fail_note(&verb, e, self.timeout));
        }
        r
    }
}

/// A note on a reply that did not come. Its words avoid "timed out": the checker reads those as a data
/// connection that timed out.
fn fail_note(what: &str, e: &ReadFail, timeout: Duration) -> String {
    match e {
        ReadFail::Late => format!(
            "No reply to {what} within {:.1} s; giving up on this connection",
            timeout.as_secs_f64()
        ),
        ReadFail::Closed => format!("The server closed the control connection (after {what})"),
        ReadFail::Broken(m) => format!("The control connection broke (after {what}): {m}"),
    }
}

fn read_fail_message(what: &str, e: &ReadFail, timeout: Duration) -> String {
    match e {
        ReadFail::Late => format!("no reply to {what} within {:.1} s", timeout.as_secs_f64()),
        ReadFail::Closed => format!("the server closed the connection (after {what})"),
        ReadFail::Broken(m) => format!("the connection broke (after {what}): {m}"),
    }
}

fn connect_result(e: &io::Error) -> ConnectResult {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => ConnectResult::Refused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => ConnectResult::TimedOut,
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
            ConnectResult::Unreachable
        }
        _ => ConnectResult::Failed,
    }
}

fn ms(since: Instant) -> u64 {
    since.elapsed().as_millis().min(u128::from(u64::MAX)) as u64
}

// ---------------------------------------------------------------------------------------------------
// The probe

struct Session<'a> {
    a: &'a Args,
    p: Probe,
    tls: Option<(Arc<rustls::ClientConfig>, ServerName<'static>)>,
    protected_data: bool,
}

fn probe_server(a: &Args, password: Option<&str>, tls: Option<Arc<rustls::ClientConfig>>) -> Probe {
    let user = a.user.clone().unwrap_or_else(|| "anonymous".to_string());
    let p = Probe {
        target: Some(a.target.clone()),
        user: user.clone(),
        transcript: Transcript::with_secret(password),
        ..Probe::default()
    };
    let mut s = Session {
        a,
        p,
        tls: None,
        protected_data: false,
    };
    let control = s.connect_and_login(&user, password, tls);
    if let Some(mut c) = control {
        s.data_connections(&mut c);
        if c.usable {
            let t = &mut s.p.transcript;
            let _ = c.send(t, "QUIT");
            let _ = c.read_until(t, Instant::now() + c.timeout.min(Duration::from_secs(2)));
        }
    }
    s.p
}

impl Session<'_> {
    fn connect_and_login(
        &mut self,
        user: &str,
        password: Option<&str>,
        tls: Option<Arc<rustls::ClientConfig>>,
    ) -> Option<Control> {
        let a = self.a;
        let timeout = a.timeout;
        let target = &a.target;
        let p = &mut self.p;
        macro_rules! stop {
            ($stage:expr, $msg:expr $(,)?) => {
                p.error = Some(ProbeError {
                    stage: $stage,
                    message: $msg,
                })
            };
        }
        // Where: the address given, or the host name's addresses (in the resolver's order).
        let addrs: Vec<SocketAddr> = match target.ip {
            Some(ip) => vec![SocketAddr::new(ip, target.port)],
            None => match (target.host.as_str(), target.port).to_socket_addrs() {
                Ok(list) => list
                    .filter(|s| match a.family {
                        Some(4) => s.is_ipv4(),
                        Some(6) => s.is_ipv6(),
                        _ => true,
                    })
                    .collect(),
                Err(e) => {
                    stop!(
                        Stage::Resolve,
                        format!("cannot resolve '{}': {e}", target.host)
                    );
                    return None;
                }
            },
        };
        if addrs.is_empty() {
            stop!(
                Stage::Resolve,
                format!(
                    "'{}' has no address{}",
                    target.host,
                    match a.family {
                        Some(f) => format!(" of IPv{f}"),
                        None => String::new(),
                    }
                ),
            );
            return None;
        }
        let t = &mut p.transcript;
        let mut tcp = None;
        let mut errors = Vec::new();
        for addr in &addrs {
            t.note(&note::trying(addr.ip(), addr.port()));
            let start = Instant::now();
            match TcpStream::connect_timeout(addr, timeout) {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => {
                    let r = connect_result(&e);
                    t.note(&r.failure_note(addr.ip(), addr.port(), ms(start), &e.to_string()));
                    errors.push(format!(
                        "{}: {}",
                        addr,
                        match r {
                            ConnectResult::TimedOut =>
                                format!("no answer within {:.1} s", timeout.as_secs_f64()),
                            ConnectResult::Refused => "connection refused".to_string(),
                            _ => e.to_string(),
                        }
                    ));
                }
            }
        }
        let Some(tcp) = tcp else {
            stop!(
                Stage::Connect,
                format!("could not connect: {}", errors.join("; "))
            );
            return None;
        };
        let _ = tcp.set_nodelay(true);
        let (peer, local) = match (tcp.peer_addr(), tcp.local_addr()) {
            (Ok(p), Ok(l)) => (p, l),
            _ => {
                stop!(Stage::Connect, "the connection closed at once".into());
                return None;
            }
        };
        p.peer = Some(peer);
        p.local = Some(local);
        t.note(&note::connected_control(
            &target.host,
            peer.ip(),
            peer.port(),
        ));
        let mut c = Control {
            stream: Stream::Plain(tcp),
            reader: ReplyReader::new(),
            timeout,
            usable: true,
        };
        // The greeting (a 120 "ready in n minutes" comes before the 220).
        let greeting = loop {
            match c.read(t) {
                Ok(r) if r.code == 120 => continue,
                Ok(r) => break r,
                Err(e) => {
                    t.note(&fail_note("the connection (greeting)", &e, timeout));
                    stop!(
                        Stage::Greeting,
                        read_fail_message("the connection", &e, timeout)
                    );
                    return None;
                }
            }
        };
        p.greeting = Some(greeting.text());
        if greeting.code != 220 {
            stop!(
                Stage::Greeting,
                format!(
                    "the server greeted with \"{}\" instead of 220",
                    greeting.first()
                ),
            );
            return None;
        }
        // Explicit FTPS.
        if let Some(config) = tls {
            let r = match c.ask(t, "AUTH TLS") {
                Ok(r) => r,
                Err(e) => {
                    stop!(Stage::Tls, read_fail_message("AUTH TLS", &e, timeout));
                    return None;
                }
            };
            if r.code != 234 {
                stop!(
                    Stage::Tls,
                    format!("the server refused AUTH TLS: \"{}\"", r.first()),
                );
                let _ = c.ask(t, "QUIT");
                return None;
            }
            let name = tls_name(target, peer.ip());
            let Stream::Plain(tcp) = c.stream else {
                return None;
            };
            match tls_connect(&config, &name, tcp, Instant::now() + timeout) {
                Ok(stream) => {
                    let version = stream
                        .conn
                        .protocol_version()
                        .map_or("TLS".to_string(), |v| format!("{v:?}").replace('_', "."));
                    let cipher = stream
                        .conn
                        .negotiated_cipher_suite()
                        .map_or(String::new(), |c| format!("{:?}", c.suite()));
                    let verified = !a.insecure;
                    t.note(&format!(
                        "TLS connection using {version} / {cipher}, certificate {}",
                        if verified {
                            "verified"
                        } else {
                            "NOT verified (--insecure)"
                        }
                    ));
                    p.tls = Some(TlsInfo {
                        version,
                        cipher,
                        verified,
                        protected_data: false,
                    });
                    c.stream = Stream::Tls(Box::new(stream));
                    self.tls = Some((config, name));
                }
                Err(m) => {
                    t.note(&format!("TLS handshake failed: {m}"));
                    let hint = if m.contains("certificate") || m.contains("Certificate") {
                        " (a self-signed test server: --insecure, or --ca-file with its certificate)"
                    } else {
                        ""
                    };
                    stop!(Stage::Tls, format!("TLS handshake failed: {m}{hint}"));
                    return None;
                }
            }
        }
        // Log in.
        let r = match c.ask(t, &format!("USER {user}")) {
            Ok(r) => r,
            Err(e) => {
                stop!(Stage::Login, read_fail_message("USER", &e, timeout));
                return None;
            }
        };
        let r = match r.code {
            230 => r,
            331 | 332 => {
                let anonymous = matches!(user.to_ascii_lowercase().as_str(), "anonymous" | "ftp");
                let pass = match (password, anonymous) {
                    (Some(p), _) => p.to_string(),
                    (None, true) => "probe@ftp-explorer.invalid".to_string(),
                    (None, false) => {
                        stop!(Stage::Login, format!("the server asks for {user}'s password: give it on standard input with --password-stdin"));
                        let _ = c.ask(t, "QUIT");
                        return None;
                    }
                };
                match c.ask(t, &format!("PASS {pass}")) {
                    Ok(r) => r,
                    Err(e) => {
                        stop!(Stage::Login, read_fail_message("PASS", &e, timeout));
                        return None;
                    }
                }
            }
            _ => r,
        };
        if !matches!(r.code, 230 | 202) {
            stop!(
                Stage::Login,
                format!("login as {user} refused: \"{}\"", r.first()),
            );
            let _ = c.ask(t, "QUIT");
            return None;
        }
        // Data protection under TLS.
        if self.tls.is_some() {
            let _ = c.ask(t, "PBSZ 0");
            if let Ok(r) = c.ask(t, "PROT P") {
                self.protected_data = r.code / 100 == 2;
                if !self.protected_data {
                    t.note("PROT P refused: data connections stay in clear text");
                }
            }
            if let Some(info) = &mut p.tls {
                info.protected_data = self.protected_data;
            }
        }
        if let Ok(r) = c.ask(t, "FEAT") {
            if r.code == 211 {
                p.features = probe::features(&r.lines);
            }
        }
        if !c.usable {
            stop!(
                Stage::Control,
                "the server closed the control connection after logging in".into()
            );
            return None;
        }
        Some(c)
    }

    fn data_connections(&mut self, c: &mut Control) {
        let Some(peer) = self.p.peer else { return };
        let control_ip = peer.ip();
        let ctx = Context {
            control_peer: Some(control_ip),
        };
        // EPSV: the port, at the control address.
        let from = self.p.transcript.len() + 1;
        if let Ok(r) = c.ask(&mut self.p.transcript, "EPSV") {
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
            self.p.transcript.note(
                "PASV not sent: the control connection is IPv6, and a 227 can only name an IPv4 address (RFC 2428)",
            );
        } else if c.usable {
            let from = self.p.transcript.len() + 1;
            if let Ok(r) = c.ask(&mut self.p.transcript, "PASV") {
                self.after_pasv(c, &r, control_ip, &ctx, from);
            }
        }
        if self.a.active && c.usable {
            self.active(c);
        }
    }

    fn after_pasv(
        &mut self,
        c: &mut Control,
        r: &Reply,
        control_ip: IpAddr,
        ctx: &Context,
        from: usize,
    ) {
        let Ok(d) = decode_with(&r.text(), ctx) else {
            return; // a malformed reply: the checker reports it
        };
        let Some(port) = d.port() else { return };
        let Some(advertised) = d.ip().filter(|_| r.code == 227) else {
            // A 229 answering PASV: the port at the control address.
            self.passive(
                c,
                Kind::Pasv,
                Toward::ControlAddress,
                (control_ip, port),
                from,
            );
            return;
        };
        let plan = pasv_plan(control_ip, advertised, self.a.skip_advertised);
        match plan.advertised {
            Ok(()) => {
                let toward = if plan.control_address {
                    Toward::Advertised
                } else {
                    Toward::ControlAddress
                };
                self.passive(c, Kind::Pasv, toward, (advertised, port), from);
                if plan.control_address && c.usable {
                    // The first listener is used up (or the server gave up on it): a new PASV.
                    let from = self.p.transcript.len() + 1;
                    if let Ok(r2) = c.ask(&mut self.p.transcript, "PASV") {
                        if let Ok(d2) = decode_with(&r2.text(), ctx) {
                            if let Some(port2) = d2.port() {
                                let shown = d2.ip().unwrap_or(advertised);
                                self.p.transcript.note(&note::skip(
                                    shown,
                                    control_ip,
                                    "second try: the control address, as curl does by default",
                                ));
                                self.passive(
                                    c,
                                    Kind::Pasv,
                                    Toward::ControlAddress,
                                    (control_ip, port2),
                                    from,
                                );
                            }
                        }
                    }
                }
            }
            Err(why) => {
                let t = &mut self.p.transcript;
                let line = t.note(&why);
                self.p.attempts.push(Attempt {
                    via: Kind::Pasv,
                    toward: Toward::Advertised,
                    ip: advertised,
                    port,
                    result: ConnectResult::Skipped,
                    error: Some(why),
                    elapsed_ms: 0,
                    transfer: None,
                    lines: (from..=line).collect(),
                });
                if plan.control_address {
                    let from = self.p.transcript.note(&note::skip(
                        advertised,
                        control_ip,
                        "the control address instead",
                    ));
                    self.passive(
                        c,
                        Kind::Pasv,
                        Toward::ControlAddress,
                        (control_ip, port),
                        from,
                    );
                }
            }
        }
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
        let timeout = self.a.timeout;
        let t = &mut self.p.transcript;
        t.note(&note::trying(ip, port));
        let start = Instant::now();
        let mut attempt = Attempt {
            via,
            toward,
            ip,
            port,
            result: ConnectResult::Connected,
            error: None,
            elapsed_ms: 0,
            transfer: None,
            lines: Vec::new(),
        };
        match TcpStream::connect_timeout(&SocketAddr::new(ip, port), timeout) {
            Err(e) => {
                let r = connect_result(&e);
                attempt.elapsed_ms = ms(start);
                t.note(&r.failure_note(ip, port, attempt.elapsed_ms, &e.to_string()));
                attempt.error = Some(match r {
                    ConnectResult::TimedOut => {
                        format!("no answer within {:.1} s", timeout.as_secs_f64())
                    }
                    ConnectResult::Refused => "connection refused".to_string(),
                    _ => e.to_string(),
                });
                attempt.result = r;
            }
            Ok(data) => {
                attempt.elapsed_ms = ms(start);
                t.note(&note::connected_data(ip, port, attempt.elapsed_ms));
                attempt.transfer = Some(self.transfer(c, data, None, true));
            }
        }
        attempt.lines = (from..=self.p.transcript.len()).collect();
        self.p.attempts.push(attempt);
    }

    /// `LIST` over a connected data connection (passive: `first` is None). Reads the data to its end
    /// (at most 1 MiB, at most three times the timeout) and the replies around it.
    fn transfer(
        &mut self,
        c: &mut Control,
        data: TcpStream,
        first: Option<Reply>,
        send_list: bool,
    ) -> Transfer {
        let timeout = self.a.timeout;
        let mut transfer = Transfer {
            command: "LIST".into(),
            code: None,
            reply: None,
            bytes: 0,
        };
        if send_list && c.send(&mut self.p.transcript, "LIST").is_err() {
            return transfer;
        }
        // Under PROT P the data connection speaks TLS; the client starts the handshake at once (some
        // servers finish it before they send 150).
        let _ = data.set_read_timeout(Some(timeout));
        let mut reader: Box<dyn Read> = match (&self.tls, self.protected_data) {
            (Some((config, name)), true) => {
                match tls_connect(config, name, data, Instant::now() + timeout) {
                    Ok(s) => {
                        let _ = s.sock.set_read_timeout(Some(timeout));
                        Box::new(s)
                    }
                    Err(m) => {
                        self.p
                            .transcript
                            .note(&format!("TLS on the data connection could not start: {m}"));
                        Box::new(io::empty())
                    }
                }
            }
            _ => Box::new(data),
        };
        let t = &mut self.p.transcript;
        let mut reply = match first {
            Some(r) => Ok(r),
            None => c.read(t),
        };
        if let Ok(r) = &reply {
            if r.code / 100 == 1 {
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
                transfer.reply = Some(probe::scrub(r.first(), None));
            }
            Err(e) => {
                t.note(&fail_note("LIST", &e, timeout));
            }
        }
        transfer
    }

    /// Active mode: offer this machine's address and wait for the server to connect.
    fn active(&mut self, c: &mut Control) {
        let timeout = self.a.timeout;
        let local_ip = match c.stream.tcp().local_addr() {
            Ok(l) => l.ip(),
            Err(_) => return,
        };
        let listener = match TcpListener::bind(SocketAddr::new(local_ip, 0)) {
            Ok(l) => l,
            Err(e) => {
                self.p.transcript.note(&format!(
                    "Active mode not tried: cannot listen on {local_ip}: {e}"
                ));
                return;
            }
        };
        let Ok(local) = listener.local_addr() else {
            return;
        };
        let _ = listener.set_nonblocking(true);
        let t = &mut self.p.transcript;
        let first_line = t.len() + 1;
        let mut via = Kind::Eprt;
        let Some(cmd) = active_command(local, true) else {
            return;
        };
        let mut r = c.ask(t, &cmd);
        if matches!(&r, Ok(reply) if reply.code >= 500) && local_ip.is_ipv4() {
            if let Some(port_cmd) = active_command(local, false) {
                via = Kind::Port;
                r = c.ask(t, &port_cmd);
            }
        }
        let mut attempt = Attempt {
            via,
            toward: Toward::ThisMachine,
            ip: local.ip(),
            port: local.port(),
            result: ConnectResult::Failed,
            error: None,
            elapsed_ms: 0,
            transfer: None,
            lines: Vec::new(),
        };
        let finish = |mut attempt: Attempt, p: &mut Probe| {
            attempt.lines = (first_line..=p.transcript.len()).collect();
            p.attempts.push(attempt);
        };
        match r {
            Ok(reply) if reply.code / 100 == 2 => {}
            Ok(reply) => {
                attempt.error = Some(format!(
                    "the server refused {}: \"{}\"",
                    via.as_str().to_uppercase(),
                    reply.first()
                ));
                return finish(attempt, &mut self.p);
            }
            Err(e) => {
                attempt.error = Some(read_fail_message(via.as_str(), &e, timeout));
                return finish(attempt, &mut self.p);
            }
        }
        t.note(&format!(
            "Waiting for the server's data connection on {local} (active mode)"
        ));
        if c.send(t, "LIST").is_err() {
            return finish(attempt, &mut self.p);
        }
        let start = Instant::now();
        let deadline = start + timeout;
        let mut first_reply = None;
        let accepted = loop {
            match listener.accept() {
                Ok((s, from)) => break Some((s, from)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => {
                    attempt.error = Some(e.to_string());
                    break None;
                }
            }
            if Instant::now() >= deadline {
                break None;
            }
            if first_reply.is_none() {
                let step = (Instant::now() + Duration::from_millis(50)).min(deadline);
                match c.read_until(t, step) {
                    Ok(r) if r.code / 100 == 1 => first_reply = Some(r),
                    Ok(r) => {
                        // 425 and the like: the server could not connect (the checker says why).
                        attempt.error = Some(format!("the server answered \"{}\"", r.first()));
                        attempt.transfer = Some(Transfer {
                            command: "LIST".into(),
                            code: Some(r.code),
                            reply: Some(r.first().to_string()),
                            bytes: 0,
                        });
                        break None;
                    }
                    Err(ReadFail::Late) => {}
                    Err(e) => {
                        t.note(&fail_note("LIST", &e, timeout));
                        attempt.error = Some(read_fail_message("LIST", &e, timeout));
                        break None;
                    }
                }
            } else {
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        attempt.elapsed_ms = ms(start);
        match accepted {
            Some((data, from)) => {
                let _ = data.set_nonblocking(false);
                attempt.result = ConnectResult::Connected;
                let t = &mut self.p.transcript;
                t.note(&format!(
                    "Accepted data connection from {from} ({} ms)",
                    attempt.elapsed_ms
                ));
                if from.ip().to_canonical()
                    != c.stream
                        .tcp()
                        .peer_addr()
                        .map(|p| p.ip().to_canonical())
                        .unwrap_or(from.ip())
                {
                    t.note(&format!("Note: the data connection came from {}, not from the server's control address", from.ip()));
                }
                // LIST was sent; its 150 may still be on its way (under TLS some servers finish the
                // data connection's handshake first): `transfer` reads it after the handshake.
                attempt.transfer = Some(self.transfer(c, data, first_reply, false));
            }
            None if attempt.transfer.is_none() && attempt.error.is_none() => {
                attempt.result = ConnectResult::TimedOut;
                attempt.error = Some(format!(
                    "the server did not connect within {:.1} s",
                    timeout.as_secs_f64()
                ));
                self.p.transcript.note(&format!(
                    "No data connection from the server within {:.1} s: timed out",
                    timeout.as_secs_f64()
                ));
                // The server may still answer LIST later: the control connection is out of step.
                c.usable = false;
            }
            None => {}
        }
        finish(attempt, &mut self.p);
    }
}

/// The port a passive reply (229, or 227) names, when it decodes.
fn passive_port(r: &Reply, ctx: &Context) -> Option<u16> {
    if !matches!(r.code, 227 | 229) {
        return None;
    }
    decode_with(&r.text(), ctx).ok().and_then(|d| d.port())
}

/// Read a data connection to its end; at most 1 MiB and three times the timeout.
fn read_data(reader: &mut dyn Read, timeout: Duration) -> (u64, &'static str) {
    const CAP: u64 = 1 << 20;
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
                if n >= CAP {
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
