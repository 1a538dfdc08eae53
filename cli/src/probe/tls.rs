//! Explicit FTPS with rustls (the `ring` provider): the client configuration (which certificates to
//! trust), the handshake with a deadline, and what was negotiated. Data connections are opened with the
//! same [`TlsClient`], so they share the control connection's configuration and its session cache
//! (rustls resumes the session on them when the server allows it).

use ftp_explorer::probe::ProbeTarget;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use std::fmt;
use std::io;
use std::net::{IpAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// A TLS session over a socket.
pub type TlsStream = rustls::StreamOwned<ClientConnection, TcpStream>;

/// Which certificates the probe trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The system's store (`/etc/ssl/certs`).
    System,
    /// The certificates in this PEM file (`--ca-file`).
    CaFile(PathBuf),
    /// None: any certificate is accepted (`--insecure`); the handshake's signatures are still checked.
    Insecure,
}

impl Trust {
    /// Whether the server's certificate is checked.
    pub fn verifies(&self) -> bool {
        !matches!(self, Trust::Insecure)
    }
}

/// Why the TLS configuration could not be built.
#[derive(Debug)]
pub enum TlsSetupError {
    /// The provider refused the protocol versions.
    Config(rustls::Error),
    /// The CA file could not be opened.
    Open(PathBuf, io::Error),
    /// The CA file is not PEM.
    Pem(PathBuf, rustls::pki_types::pem::Error),
    /// A certificate in the CA file is not usable.
    Certificate(PathBuf, rustls::Error),
    /// The CA file holds no certificate.
    NoCertificate(PathBuf),
    /// The system's store holds no certificate.
    NoSystemCertificates,
}

impl fmt::Display for TlsSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsSetupError::Config(e) => write!(f, "{e}"),
            TlsSetupError::Open(path, e) => write!(f, "{}: {e}", path.display()),
            TlsSetupError::Pem(path, e) => write!(f, "{}: {e}", path.display()),
            TlsSetupError::Certificate(path, e) => {
                write!(f, "{}: a certificate is not usable: {e}", path.display())
            }
            TlsSetupError::NoCertificate(path) => {
                write!(f, "{} holds no PEM certificate", path.display())
            }
            TlsSetupError::NoSystemCertificates => f.write_str(
                "no trusted certificate found in the system's store (install the ca-certificates package, or give --ca-file PEM, or --insecure for a test server)",
            ),
        }
    }
}

impl std::error::Error for TlsSetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TlsSetupError::Config(e) | TlsSetupError::Certificate(_, e) => Some(e),
            TlsSetupError::Open(_, e) => Some(e),
            TlsSetupError::Pem(_, e) => Some(e),
            TlsSetupError::NoCertificate(_) | TlsSetupError::NoSystemCertificates => None,
        }
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The client configuration for `trust`.
pub fn client_config(trust: &Trust) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(TlsSetupError::Config)?;
    let config = match trust {
        Trust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerifier(provider())))
            .with_no_client_auth(),
        Trust::CaFile(path) => builder
            .with_root_certificates(roots_from_file(path)?)
            .with_no_client_auth(),
        Trust::System => {
            let mut roots = rustls::RootCertStore::empty();
            roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
            if roots.is_empty() {
                return Err(TlsSetupError::NoSystemCertificates);
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Ok(Arc::new(config))
}

/// Every certificate in a PEM file; at least one.
fn roots_from_file(path: &Path) -> Result<rustls::RootCertStore, TlsSetupError> {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    let file = std::fs::File::open(path).map_err(|e| TlsSetupError::Open(path.into(), e))?;
    for cert in CertificateDer::pem_reader_iter(file) {
        let cert = cert.map_err(|e| TlsSetupError::Pem(path.into(), e))?;
        roots
            .add(cert)
            .map_err(|e| TlsSetupError::Certificate(path.into(), e))?;
    }
    if roots.is_empty() {
        return Err(TlsSetupError::NoCertificate(path.into()));
    }
    Ok(roots)
}

/// `--insecure`: any certificate is accepted, but the handshake's signatures are still checked.
#[derive(Debug)]
struct NoVerifier(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerifier {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
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
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Why a TLS handshake did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeError {
    /// Not within the time allowed.
    TimedOut,
    /// The peer or rustls refused (its message).
    Failed(String),
}

impl HandshakeError {
    /// What to try when the certificate was the trouble.
    pub fn hint(&self) -> &'static str {
        match self {
            HandshakeError::Failed(m) if m.contains("certificate") || m.contains("Certificate") => {
                " (a self-signed test server: --insecure, or --ca-file with its certificate)"
            }
            _ => "",
        }
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::TimedOut => f.write_str("no TLS handshake within the time allowed"),
            HandshakeError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for HandshakeError {}

/// The name the server's certificate must carry: the address given, or the host name (the address
/// reached when the name is not a valid DNS name).
pub fn server_name(target: &ProbeTarget, peer: IpAddr) -> ServerName<'static> {
    match target.ip {
        Some(ip) => ServerName::IpAddress(ip.into()),
        None => {
            ServerName::try_from(target.host.clone()).unwrap_or(ServerName::IpAddress(peer.into()))
        }
    }
}

/// One server's TLS: the configuration and the name to check, for the control connection and every
/// data connection.
#[derive(Debug, Clone)]
pub struct TlsClient {
    pub config: Arc<ClientConfig>,
    pub name: ServerName<'static>,
}

impl TlsClient {
    /// A client TLS session over `tcp`, handshake done before `deadline`.
    pub fn connect(&self, tcp: TcpStream, deadline: Instant) -> Result<TlsStream, HandshakeError> {
        let conn = ClientConnection::new(self.config.clone(), self.name.clone())
            .map_err(|e| HandshakeError::Failed(e.to_string()))?;
        let mut s = rustls::StreamOwned::new(conn, tcp);
        while s.conn.is_handshaking() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(HandshakeError::TimedOut);
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
                    return Err(HandshakeError::TimedOut)
                }
                Err(e) => return Err(HandshakeError::Failed(e.to_string())),
            }
        }
        Ok(s)
    }
}

/// The protocol version (`TLSv1.3`) and cipher suite (`TLS13_AES_256_GCM_SHA384`) negotiated.
pub fn negotiated(conn: &ClientConnection) -> (String, String) {
    let version = conn
        .protocol_version()
        .map_or("TLS".to_string(), |v| format!("{v:?}").replace('_', "."));
    let cipher = conn
        .negotiated_cipher_suite()
        .map_or(String::new(), |c| format!("{:?}", c.suite()));
    (version, cipher)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed certificate for 127.0.0.1 and localhost (the one `cli/tests/cli/probe_tls.rs` serves).
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

    /// A file in a folder of its own, removed when the test ends (also when it fails).
    struct Scratch(PathBuf);

    impl Scratch {
        fn file(name: &str, contents: &str) -> (Scratch, PathBuf) {
            let dir = std::env::temp_dir().join(format!(
                "ftp-explorer-tls-unit-{}-{name}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("ca.pem");
            std::fs::write(&path, contents).unwrap();
            (Scratch(dir), path)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5wnlRNRJGq8lgkX1
SkDOklvHrGFxYSx5t/jF+G6X1kGhRANCAASD2aOsokgC3V3F7on3tfrP5pE08VEg
7u6/69NlI+k9poZVWsbQOmK9AXQhn9iVrRC18TKgcfYH4zfSDVzlmB5U
-----END PRIVATE KEY-----
";

    /// A TLS server on 127.0.0.1 for one connection, with the certificate above: it finishes the
    /// handshake and waits for the client to go.
    fn tls_server() -> (std::net::SocketAddr, std::thread::JoinHandle<()>) {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::PrivateKeyDer;
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let h = std::thread::spawn(move || {
            let cert = CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap();
            let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
            let config = rustls::ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert], key)
                .unwrap();
            let (tcp, _) = l.accept().unwrap();
            tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let conn = rustls::ServerConnection::new(Arc::new(config)).unwrap();
            let mut s = rustls::StreamOwned::new(conn, tcp);
            while s.conn.is_handshaking() {
                if s.conn.complete_io(&mut s.sock).is_err() {
                    return;
                }
            }
            let _ = io::Read::read(&mut s, &mut [0u8; 16]);
        });
        (addr, h)
    }

    fn connect(trust: &Trust) -> Result<TlsStream, HandshakeError> {
        let (addr, server) = tls_server();
        let client = TlsClient {
            config: client_config(trust).unwrap(),
            name: ServerName::IpAddress(addr.ip().into()),
        };
        let tcp = TcpStream::connect(addr).unwrap();
        let r = client.connect(tcp, Instant::now() + std::time::Duration::from_secs(5));
        drop(
            r.as_ref()
                .ok()
                .map(|s| s.sock.shutdown(std::net::Shutdown::Both)),
        );
        server.join().unwrap();
        r
    }

    /// A certificate from `--ca-file` is trusted: the handshake completes, and what was negotiated
    /// reads as the report writes it.
    #[test]
    fn a_ca_file_is_trusted() {
        let (_dir, path) = Scratch::file("good", CERT);
        let s = connect(&Trust::CaFile(path.clone())).unwrap();
        let (version, cipher) = negotiated(&s.conn);
        assert_eq!(version, "TLSv1.3");
        assert!(cipher.starts_with("TLS13_"), "{cipher}");
        assert_eq!(roots_from_file(&path).unwrap().len(), 1);
        // Two certificates in one file are both read.
        let (_dir2, two) = Scratch::file("two", &format!("{CERT}{CERT}"));
        assert_eq!(roots_from_file(&two).unwrap().len(), 2);
    }

    /// The system's store does not hold the test certificate: the handshake fails, with the hint.
    #[test]
    fn an_unknown_certificate_is_refused_with_a_hint() {
        match client_config(&Trust::System) {
            Err(e) => assert!(matches!(e, TlsSetupError::NoSystemCertificates)),
            Ok(_) => {
                let e = connect(&Trust::System).unwrap_err();
                assert!(e.to_string().contains("certificate"), "{e}");
                assert!(e.hint().contains("--ca-file"));
            }
        }
        // --insecure takes it.
        assert!(connect(&Trust::Insecure).is_ok());
    }

    /// A server that never answers the handshake costs the time allowed, no more.
    #[test]
    fn a_silent_server_is_a_handshake_timeout() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let client = TlsClient {
            config: client_config(&Trust::Insecure).unwrap(),
            name: ServerName::IpAddress(addr.ip().into()),
        };
        let tcp = TcpStream::connect(addr).unwrap();
        let start = Instant::now();
        let e = client
            .connect(tcp, start + std::time::Duration::from_millis(200))
            .unwrap_err();
        assert_eq!(e, HandshakeError::TimedOut);
        assert!(start.elapsed() < std::time::Duration::from_secs(3));
        drop(l);
    }

    #[test]
    fn unusable_ca_files_say_why() {
        let (_dir, empty) = Scratch::file("empty", "not a certificate\n");
        let e = client_config(&Trust::CaFile(empty.clone())).unwrap_err();
        assert!(matches!(e, TlsSetupError::NoCertificate(_)), "{e}");
        assert_eq!(
            e.to_string(),
            format!("{} holds no PEM certificate", empty.display())
        );
        let missing = std::env::temp_dir().join("ftp-explorer-no-such-dir/ca.pem");
        let e = client_config(&Trust::CaFile(missing.clone())).unwrap_err();
        assert!(matches!(e, TlsSetupError::Open(..)));
        assert!(e
            .to_string()
            .starts_with(&format!("{}: ", missing.display())));
        assert!(std::error::Error::source(&e).is_some());
        let broken = CERT.replace("MIIBqDCC", "MIIB!!CC");
        let (_dir3, bad) = Scratch::file("bad", &broken);
        let e = client_config(&Trust::CaFile(bad)).unwrap_err();
        assert!(
            matches!(e, TlsSetupError::Pem(..) | TlsSetupError::Certificate(..)),
            "{e:?}"
        );
    }

    #[test]
    fn what_is_verified() {
        assert!(!Trust::Insecure.verifies());
        assert!(Trust::System.verifies() && Trust::CaFile("x".into()).verifies());
    }

    #[test]
    fn names_to_check() {
        let target = |host: &str, ip: Option<IpAddr>| ProbeTarget {
            host: host.into(),
            ip,
            port: 21,
        };
        let peer: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(
            server_name(&target("ftp.example.com", None), peer),
            ServerName::try_from("ftp.example.com").unwrap()
        );
        let ip: IpAddr = "::1".parse().unwrap();
        assert_eq!(
            server_name(&target("::1", Some(ip)), peer),
            ServerName::IpAddress(ip.into())
        );
        // A name rustls will not take (an all-numeric last label) is checked as the address reached.
        assert_eq!(
            server_name(&target("host.123", None), peer),
            ServerName::IpAddress(peer.into())
        );
    }

    #[test]
    fn handshake_errors() {
        let cert = HandshakeError::Failed("invalid peer certificate: UnknownIssuer".into());
        assert!(cert.hint().contains("--insecure"));
        assert_eq!(HandshakeError::Failed("reset".into()).hint(), "");
        assert_eq!(
            HandshakeError::TimedOut.to_string(),
            "no TLS handshake within the time allowed"
        );
        assert_eq!(HandshakeError::TimedOut.hint(), "");
    }
}
