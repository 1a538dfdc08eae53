//! One probe of one server: connect, read the greeting, AUTH TLS, log in, PBSZ/PROT, FEAT; then the
//! data connections ([`super::data`], [`super::active`]) and QUIT. Each step writes the transcript and
//! stops the probe with a [`ProbeError`] naming its [`Stage`] when it cannot go on.

use super::args::Settings;
use super::control::{Control, ReadFail, Stream};
use super::tls::{negotiated, server_name, TlsClient};
use ftp_explorer::probe::plan::{self, Greeting, Login};
use ftp_explorer::probe::{
    features, note, ConnectResult, Probe, ProbeError, Stage, TlsInfo, Transcript,
};
use rustls::ClientConfig;
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A probe under way: the settings, the record so far, and the TLS in use.
pub struct Session<'a> {
    pub settings: &'a Settings,
    pub probe: Probe,
    /// Set once the control connection runs under TLS: data connections use it too.
    pub tls: Option<TlsClient>,
    /// `PROT P` accepted: data connections speak TLS.
    pub protected_data: bool,
}

/// Probe the server `settings` name, as `user` with `password`; `tls` is the configuration for explicit
/// FTPS, if asked for.
pub fn probe_server(
    settings: &Settings,
    password: Option<&str>,
    tls: Option<Arc<ClientConfig>>,
) -> Probe {
    let user = settings
        .user
        .clone()
        .unwrap_or_else(|| "anonymous".to_string());
    let mut s = Session {
        settings,
        probe: Probe {
            target: Some(settings.target.clone()),
            user: user.clone(),
            transcript: Transcript::with_secret(password),
            ..Probe::default()
        },
        tls: None,
        protected_data: false,
    };
    match s.open(&user, password, tls) {
        Ok(mut c) => {
            s.data_connections(&mut c);
            if c.usable {
                let t = &mut s.probe.transcript;
                let _ = c.send(t, "QUIT");
                let _ = c.read_until(t, Instant::now() + c.timeout.min(Duration::from_secs(2)));
            }
        }
        Err(e) => s.probe.error = Some(e),
    }
    s.probe
}

/// How long since `since`, in milliseconds.
pub fn ms(since: Instant) -> u64 {
    since.elapsed().as_millis().min(u128::from(u64::MAX)) as u64
}

/// What a failed connect means.
pub fn connect_result(e: &io::Error) -> ConnectResult {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => ConnectResult::Refused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => ConnectResult::TimedOut,
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
            ConnectResult::Unreachable
        }
        _ => ConnectResult::Failed,
    }
}

impl Session<'_> {
    fn timeout(&self) -> Duration {
        self.settings.timeout
    }

    /// Everything before the data connections: a control connection logged in and ready.
    fn open(
        &mut self,
        user: &str,
        password: Option<&str>,
        tls: Option<Arc<ClientConfig>>,
    ) -> Result<Control, ProbeError> {
        let addrs = self.resolve()?;
        let tcp = self.connect(&addrs)?;
        let mut c = Control::new(Stream::Plain(tcp), self.timeout());
        self.greeting(&mut c)?;
        if let Some(config) = tls {
            c = self.start_tls(c, config)?;
        }
        self.login(&mut c, user, password)?;
        if self.tls.is_some() {
            self.protect(&mut c);
        }
        if let Ok(r) = c.ask(&mut self.probe.transcript, "FEAT") {
            if r.code == 211 {
                self.probe.features = features(&r.lines);
            }
        }
        if !c.usable {
            return Err(ProbeError::new(
                Stage::Control,
                "the server closed the control connection after logging in",
            ));
        }
        Ok(c)
    }

    /// Where: the address given, or the host name's addresses (in the resolver's order).
    fn resolve(&self) -> Result<Vec<SocketAddr>, ProbeError> {
        let target = &self.settings.target;
        let family = self.settings.family;
        let addrs: Vec<SocketAddr> = match target.ip {
            Some(ip) => vec![SocketAddr::new(ip, target.port)],
            None => match (target.host.as_str(), target.port).to_socket_addrs() {
                Ok(list) => list
                    .filter(|s| family.is_none_or(|f| f.admits(s)))
                    .collect(),
                Err(e) => {
                    return Err(ProbeError::new(
                        Stage::Resolve,
                        format!("cannot resolve '{}': {e}", target.host),
                    ))
                }
            },
        };
        if addrs.is_empty() {
            let of = family.map_or(String::new(), |f| format!(" of IPv{}", f.number()));
            return Err(ProbeError::new(
                Stage::Resolve,
                format!("'{}' has no address{of}", target.host),
            ));
        }
        Ok(addrs)
    }

    /// Try each address in turn; the first connection made.
    fn connect(&mut self, addrs: &[SocketAddr]) -> Result<TcpStream, ProbeError> {
        let timeout = self.timeout();
        let t = &mut self.probe.transcript;
        let mut errors = Vec::new();
        let mut tcp = None;
        for addr in addrs {
            t.note(&note::trying(addr.ip(), addr.port()));
            let start = Instant::now();
            match TcpStream::connect_timeout(addr, timeout) {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => {
                    let r = connect_result(&e);
                    let detail = e.to_string();
                    t.note(&r.failure_note(addr.ip(), addr.port(), ms(start), &detail));
                    let why = r.failure_message(timeout.as_secs_f64(), &detail);
                    errors.push(format!("{addr}: {why}"));
                }
            }
        }
        let Some(tcp) = tcp else {
            return Err(ProbeError::new(
                Stage::Connect,
                format!("could not connect: {}", errors.join("; ")),
            ));
        };
        let _ = tcp.set_nodelay(true);
        let (Ok(peer), Ok(local)) = (tcp.peer_addr(), tcp.local_addr()) else {
            return Err(ProbeError::new(
                Stage::Connect,
                "the connection closed at once",
            ));
        };
        self.probe.peer = Some(peer);
        self.probe.local = Some(local);
        t.note(&note::connected_control(
            &self.settings.target.host,
            peer.ip(),
            peer.port(),
        ));
        Ok(tcp)
    }

    /// The greeting (a 120 "ready in n minutes" comes before the 220).
    fn greeting(&mut self, c: &mut Control) -> Result<(), ProbeError> {
        let timeout = self.timeout();
        let t = &mut self.probe.transcript;
        let greeting = loop {
            match c.read(t) {
                Ok(r) if plan::greeting(r.code) == Greeting::Wait => continue,
                Ok(r) => break r,
                Err(e) => {
                    t.note(&e.note("the connection (greeting)", timeout));
                    return Err(ProbeError::new(
                        Stage::Greeting,
                        e.message("the connection", timeout),
                    ));
                }
            }
        };
        self.probe.greeting = Some(greeting.text());
        if plan::greeting(greeting.code) != Greeting::Ready {
            return Err(ProbeError::new(
                Stage::Greeting,
                format!(
                    "the server greeted with \"{}\" instead of 220",
                    greeting.first()
                ),
            ));
        }
        Ok(())
    }

    /// Explicit FTPS: AUTH TLS, then the handshake on the control connection, which goes on under TLS.
    fn start_tls(
        &mut self,
        mut c: Control,
        config: Arc<ClientConfig>,
    ) -> Result<Control, ProbeError> {
        let timeout = self.timeout();
        let t = &mut self.probe.transcript;
        let r = c
            .ask(t, "AUTH TLS")
            .map_err(|e| ProbeError::new(Stage::Tls, e.message("AUTH TLS", timeout)))?;
        if !plan::auth_tls_accepted(r.code) {
            let e = ProbeError::new(
                Stage::Tls,
                format!("the server refused AUTH TLS: \"{}\"", r.first()),
            );
            let _ = c.ask(t, "QUIT");
            return Err(e);
        }
        // The address the control connection reached (known once connected).
        let peer = self
            .probe
            .peer
            .map_or(Ipv4Addr::UNSPECIFIED.into(), |p| p.ip());
        let client = TlsClient {
            config,
            name: server_name(&self.settings.target, peer),
        };
        match c.start_tls(&client, Instant::now() + timeout) {
            Ok(c) => {
                let (version, cipher) = c.tls().map(negotiated).unwrap_or_default();
                let verified = self.settings.tls.as_ref().is_some_and(|t| t.verifies());
                t.note(&format!(
                    "TLS connection using {version} / {cipher}, certificate {}",
                    if verified {
                        "verified"
                    } else {
                        "NOT verified (--insecure)"
                    }
                ));
                self.probe.tls = Some(TlsInfo {
                    version,
                    cipher,
                    verified,
                    protected_data: false,
                });
                self.tls = Some(client);
                Ok(c)
            }
            Err(e) => {
                t.note(&format!("TLS handshake failed: {e}"));
                Err(ProbeError::new(
                    Stage::Tls,
                    format!("TLS handshake failed: {e}{}", e.hint()),
                ))
            }
        }
    }

    /// USER, and PASS when asked for.
    fn login(
        &mut self,
        c: &mut Control,
        user: &str,
        password: Option<&str>,
    ) -> Result<(), ProbeError> {
        let timeout = self.timeout();
        let t = &mut self.probe.transcript;
        let failed =
            |verb: &str, e: ReadFail| ProbeError::new(Stage::Login, e.message(verb, timeout));
        let mut r = c
            .ask(t, &format!("USER {user}"))
            .map_err(|e| failed("USER", e))?;
        let mut step = plan::after_user(r.code, user, password);
        if let Login::Pass(pass) = &step {
            r = c
                .ask(t, &format!("PASS {pass}"))
                .map_err(|e| failed("PASS", e))?;
            step = plan::after_pass(r.code);
        }
        let refusal = match step {
            Login::Accepted => return Ok(()),
            Login::NeedPassword => format!("the server asks for {user}'s password: give it on standard input with --password-stdin"),
            Login::Refused | Login::Pass(_) => {
                format!("login as {user} refused: \"{}\"", r.first())
            }
        };
        let _ = c.ask(t, "QUIT");
        Err(ProbeError::new(Stage::Login, refusal))
    }

    /// Data protection under TLS: PBSZ 0, PROT P.
    fn protect(&mut self, c: &mut Control) {
        let t = &mut self.probe.transcript;
        let _ = c.ask(t, "PBSZ 0");
        if let Ok(r) = c.ask(t, "PROT P") {
            self.protected_data = plan::protection_accepted(r.code);
            if !self.protected_data {
                t.note("PROT P refused: data connections stay in clear text");
            }
        }
        if let Some(info) = &mut self.probe.tls {
            info.protected_data = self.protected_data;
        }
    }
}
