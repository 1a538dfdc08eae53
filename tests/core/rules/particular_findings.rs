//! Particular findings: the Docker fix, what messages name, an EPSV fallback seen without the client
//! saying so.

use super::{check, with, RANGE};
use ftp_explorer::diagnose::Code;

#[test]
fn docker_bridge_gets_the_docker_fix() {
    let d = check(
        public!("> PASV", "< 227 Entering Passive Mode (172,17,0,2,195,80)."),
        None,
    );
    let f = with(&d, Code::AdvertisedPrivateAddress);
    assert_eq!(f.len(), 1);
    assert!(f[0].fix.contains("Docker"), "{}", f[0].fix);
    assert!(f[0]
        .fix
        .contains("docker run -p 21:21 -p 50000-50010:50000-50010"));
    // 172.16.x.x is private too, but not Docker's default bridge.
    let d = check(
        public!("> PASV", "< 227 Entering Passive Mode (172,16,0,2,195,80)."),
        None,
    );
    let f = with(&d, Code::AdvertisedPrivateAddress);
    assert!(!f[0].fix.contains("docker run"));
    assert!(f[0].fix.contains("pasv_address=PUBLIC_IP"));
    assert!(f[0].message.contains("172.16.0.2"));
    assert!(f[0].message.contains("203.0.113.10"));
}

#[test]
fn messages_name_what_they_found() {
    let d = check(
        public!(
            "> PASV",
            "< 227 Entering Passive Mode (203,0,113,10,195,100)."
        ),
        RANGE,
    );
    let f = with(&d, Code::PortOutsideRange);
    assert!(f[0].message.contains("50020") && f[0].message.contains("50000-50010"));
    let d = check(
        public!(
            "> EPRT |1|198.51.100.99|50000|",
            "< 500 I won't open a connection to 198.51.100.99 (only to 203.0.113.50)",
        ),
        None,
    );
    let f = with(&d, Code::BounceRisk);
    assert!(f[0].message.contains("203.0.113.50"), "{}", f[0].message);
    assert!(f[0].message.contains("EPRT"));
    // The same reply is an anti-bounce refusal.
    assert_eq!(with(&d, Code::PortRefusedByServer).len(), 1);
    let d = check(public!("> PASV", "< 500 OOPS: invalid pasv_address"), None);
    assert!(with(&d, Code::InvalidServerConfig)[0]
        .message
        .contains("invalid pasv_address"));
    let d = check(
        public!(
            "> EPSV",
            "< 500 'EPSV': command not understood.",
            "* Failed EPSV attempt. Disabling EPSV",
        ),
        None,
    );
    assert!(with(&d, Code::EpsvNotSupported)[0].message.contains("500"));
}

#[test]
fn epsv_fallback_is_seen_without_the_clients_words() {
    // lftp says nothing like "Disabling EPSV": a failed EPSV connection followed by PASV is enough.
    let log = "\
---- Connecting to ftp.example.net (203.0.113.10) port 21
<--- 220 (vsFTPd 3.0.3)
---> USER anonymous
<--- 331 Please specify the password.
---> PASS XXXX
<--- 230 Login successful.
---> EPSV
<--- 229 Entering Extended Passive Mode (|||50012|)
---- Connecting data socket to (203.0.113.10) port 50012
**** Timeout - reconnecting
---> PASV
<--- 227 Entering Passive Mode (203,0,113,10,195,81).
";
    let d = check(log, None);
    let f = with(&d, Code::EpsvFailedFallback);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].lines, vec![7, 8, 9, 10]);
    assert_eq!(with(&d, Code::DataConnectionTimeout).len(), 1);
}
