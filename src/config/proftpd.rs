//! ProFTPD: directives for `proftpd.conf`. Sources: the directive documentation of ProFTPD 1.3.8
//! (Debian package `proftpd-doc`: `modules/mod_core.html`, `mod_auth.html`, `mod_xfer.html`,
//! `contrib/mod_tls.html`, `howto/ConfigFile.html`), Debian's `proftpd.conf`/`modules.conf` templates, and
//! runs of `proftpd -n -c` (noted "run").

use super::text::{self, Text};
use super::validate::Settings;
use super::Advertised;
use super::{TLS_CERT_FILE, TLS_KEY_FILE};

pub(crate) fn generate(s: &Settings) -> String {
    let mut t = Text::new("#");
    intro(&mut t, s);
    listener(&mut t, s);
    passive(&mut t, s);
    active(&mut t, s);
    limits(&mut t, s);
    tls(&mut t, s);
    t.finish()
}

/// The opening lines, and the notes on where the directives go (first occurrence wins).
fn intro(t: &mut Text, s: &Settings) {
    text::header(
        t,
        s,
        "ProFTPD: top level of /etc/proftpd/proftpd.conf; first occurrence wins. Notes at the end.",
        "ProFTPD: data connections (passive and active), connection limits and TLS.",
    );
    // Run: with "PassivePorts 40000 40001" then "PassivePorts 50000 50001" (and Port, MasqueradeAddress
    // given twice), proftpd 1.3.8 used the first of each.
    t.comment(
        "Delete these directives wherever else they appear. Check: proftpd -t; restart proftpd.",
    );
    t.note("Where", "/etc/proftpd/proftpd.conf, at the top level (the \"server config\" context; repeat inside each <VirtualHost> you have).");
    t.note("IMPORTANT", "ProFTPD keeps the FIRST occurrence of a directive and ignores later ones. Delete or comment out every directive above wherever it already appears, including in files read with Include: Debian's proftpd.conf sets Port 21, MaxInstances 30 and TimeoutStalled 600 before it includes conf.d/, so a copy of these lines in conf.d/ would silently lose.");
    t.note("Check and apply", "proftpd -t (reads the whole configuration and reports the first error). Apply: systemctl restart proftpd.");
    t.note("Reference", "every directive: http://www.proftpd.org/docs/directives/linked/by-name.html (checked against ProFTPD 1.3.8).");
    t.blank();
}

/// The control connection's port.
fn listener(t: &mut Text, s: &Settings) {
    // Port: "the TCP port to which ProFTPD will listen while running in standalone mode". Default 21.
    t.comment("The port ProFTPD listens on (standalone mode).");
    t.line(&format!("Port {}", s.control_port));
}

/// Passive mode: the port range and the address in 227 replies.
fn passive(t: &mut Text, s: &Settings) {
    t.section("Passive mode (PASV, EPSV): the client opens the data connection to the server");
    // PassivePorts min max: "restricts the range of ports from which the server will select ... Should
    // no open ports be found within the configured range, the server will default to a random
    // kernel-assigned port". Run: min must be below max ("min port must be less than max port").
    t.explain("", "PassivePorts", &format!("The passive ports ({}): open them in the firewall{}.", s.ports(), if s.behind_nat { ", forward them on the NAT router" } else { "" }), &format!("the ports ProFTPD picks from, at random, for each passive data connection ({} ports). The firewall must let new connections in on all of them{}. When every one is busy ProFTPD falls back to a port the kernel picks, OUTSIDE this range, which the firewall then drops: keep the range well above the number of clients.", s.ports(), if s.behind_nat { ", and the NAT router must forward all of them to this host with the same numbers" } else { "" }));
    t.line(&format!("PassivePorts {} {}", s.range.min, s.range.max));
    // MasqueradeAddress ip-address|dns-name|device-name: "display the network information for the
    // specified IP address or DNS hostname to the client in the responses to PASV and EPSV".
    match &s.address {
        Advertised::Ipv4(a) => {
            t.explain("", "MasqueradeAddress", "The address written into 227 replies to PASV.", &format!("the address written into 227 replies to PASV.{} It also applies to FTPS sessions (TLSMasqueradeAddress could set a different one for them).", text::nat_reason(s)));
            t.line(&format!("MasqueradeAddress {a}"));
        }
        Advertised::Host(h) => {
            t.explain("", "MasqueradeAddress", &format!("227 replies carry the address of {h} (looked up at start)."), &format!("the address written into 227 replies to PASV: the address of {h}, looked up when ProFTPD starts (restart it when the address behind the name changes).{}", text::nat_reason(s)));
            t.line(&format!("MasqueradeAddress {h}"));
        }
        Advertised::Ipv6(a) => {
            t.explain("", "MasqueradeAddress", "No MasqueradeAddress: a 227 reply cannot carry an IPv6 address.", &format!("no MasqueradeAddress: {a} is IPv6, and a 227 reply can only carry IPv4. IPv6 clients use EPSV, whose reply carries only the port."));
        }
        Advertised::None => {
            t.explain("", "MasqueradeAddress", "No MasqueradeAddress: 227 replies name the address clients connected to.", "no MasqueradeAddress: ProFTPD writes the address the client connected to into the 227 reply. That is right only when no NAT sits between clients and this server.");
        }
    }
}

/// Active mode: PORT/EPRT to the client only, allowed or refused.
fn active(t: &mut Text, s: &Settings) {
    t.section("Active mode (PORT, EPRT): the server opens the data connection to the client");
    // AllowForeignAddress on|off|class: "Normally, proftpd disallows clients from using the FTP PORT or
    // EPRT command with anything other than their own IP address ... allowing this functionality is
    // generally considered a bad idea, security-wise." Run: from a client at 203.0.113.5, "PORT
    // 198,51,100,99,…" got "500 Illegal PORT command" (logged "address mismatch"); "PORT 10,0,0,1,…" got
    // 200 and the data connection went to 203.0.113.5.
    t.explain("", "AllowForeignAddress", "PORT and EPRT may name only the client's own address (no FTP bounce).", "PORT and EPRT may name only the client's own address, never a third host (the FTP bounce attack, RFC 2577); ProFTPD answers others with \"Illegal PORT command\". (A private address sent by a client with a public one is taken for the client's NAT mistake and replaced by the client's own address. Ports below 1024 are refused whatever this says.) Written out because \"on\" is sometimes set for FXP, server-to-server copies.");
    t.line("AllowForeignAddress off");
    // mod_auth.html, RootRevoke: RFC 959 wants active data connections from port L-1; ProFTPD binds it
    // only while it holds root. Run (Debian's 1.3.8, whose mod_cap drops root after login, "RootRevoke"
    // unset): the data connection came from an ephemeral port; with "RootRevoke off", from port 20.
    if s.active {
        t.note("Active data connections", &format!("RFC 959 wants them from the port below the control port (L-1 = {}), but ProFTPD binds that port only while it keeps root privileges. As Linux distributions build it (mod_cap drops root after login) they come from an ephemeral port; a client firewall that insists on port {} would need \"RootRevoke off\", which keeps root in every session: not worth it.", s.control_port.saturating_sub(1), s.control_port.saturating_sub(1)));
    }
    if !s.active {
        // <Limit cmd-list>: "place access restrictions on one or more FTP commands ... Limits flow
        // downward", so the server-config <Limit> also covers <Anonymous> sections.
        t.explain("", "<Limit PORT EPRT>", "Refuse PORT and EPRT for everyone: clients must use passive mode.", "refuse PORT and EPRT for everyone (a <Limit> here also covers <Anonymous> sections): the server never connects out to clients; they must use passive mode.");
        t.line("<Limit PORT EPRT>");
        t.line("  DenyAll");
        t.line("</Limit>");
    } else {
        t.comment("Active mode stays allowed (no <Limit PORT EPRT> section; see the notes).");
    }
}

/// Session, client and per-address limits, and the stalled-transfer timeout.
fn limits(t: &mut Text, s: &Settings) {
    t.section("Limits");
    // MaxInstances count: "the maximum number of child (session) processes ... additional connections
    // beyond the configured limit are logged, and silently disconnected ... In order to provide a more
    // user-facing error message, use the MaxClients directive, set to a value lower than MaxInstances".
    // MaxClients count|"none": "the maximum number of authenticated clients". MaxClientsPerHost
    // count|"none": "the maximum number of clients allowed to connect from a host".
    if s.max_clients == 0 {
        t.explain("", "MaxClients", "No limit on clients.", "no limit on clients. Without MaxInstances, ProFTPD forks a process for every connection: a flood of connections can exhaust the machine.");
        t.line("MaxClients none");
    } else {
        t.explain("", "MaxInstances", "Session processes: one more than MaxClients.", &format!("at most {} session processes: connections beyond it are closed at once, without a reply. One more than MaxClients so that the client over the limit gets a polite 530 instead.", s.max_clients + 1));
        t.line(&format!("MaxInstances {}", s.max_clients + 1));
        t.explain("", "MaxClients", "At most this many logged-in clients at once.", "at most this many logged-in clients; the next one is told \"530 Sorry, the maximum number of clients … are already connected\". Each transfer needs a passive port: keep this below the number of passive ports.");
        t.line(&format!("MaxClients {}", s.max_clients));
    }
    if s.max_per_ip == 0 {
        t.comment("No per-address limit: one host can take every client slot.");
        t.line("MaxClientsPerHost none");
    } else {
        t.explain("", "MaxClientsPerHost", "At most this many clients at once from one IP address.", "at most this many clients at once from one IP address. Users behind one NAT (an office, a carrier-grade NAT) share one address.");
        t.line(&format!("MaxClientsPerHost {}", s.max_per_ip));
    }
    // TimeoutStalled seconds: "the maximum number of seconds a data connection between proftpd and a
    // client can exist but have no actual data transferred". Default 3600; maximum 65535.
    // TimeoutNoTransfer (mod_xfer): "seconds a client is allowed to spend connected, after
    // authentication, without issuing a data transfer command". Default 300.
    t.explain("", "TimeoutStalled", "Seconds a data connection may stall before ProFTPD closes it.", "seconds a data connection may exist with no data moving before ProFTPD closes it (and frees the port). TimeoutNoTransfer, left at its value, is different: how long a logged-in client may stay without starting any transfer.");
    t.line(&format!("TimeoutStalled {}", s.data_timeout));
}

/// TLS (FTPS): mod_tls loaded and required, or off.
fn tls(t: &mut Text, s: &Settings) {
    t.section("TLS (FTPS)");
    if s.tls {
        t.note("TLS", &format!("explicit FTPS: the client sends AUTH TLS on the control connection, then PBSZ 0 and PROT P to protect data connections. The certificate and key must exist; for a test, a self-signed pair:\n{}\nIn production use a certificate from a CA clients trust (Let's Encrypt, for example).", text::self_signed_cert(s, TLS_CERT_FILE, TLS_KEY_FILE)));
        // Debian builds mod_tls as a shared module (package proftpd-mod-crypto on Debian 12, "LoadModule
        // mod_tls.c" commented out in /etc/proftpd/modules.conf); mod_dso's LoadModule loads it.
        // <IfModule !mod_tls.c>: load it only where it is not loaded yet (run: accepted by 1.3.8).
        t.explain("", "LoadModule mod_tls.c", "Load mod_tls unless it is built in or loaded already.", "load mod_tls unless it is built in or loaded already (Debian/Ubuntu: it is in the proftpd-mod-crypto package, Debian 12 and later; modules.conf has its LoadModule line commented out).");
        t.line("<IfModule !mod_tls.c>");
        t.line("  LoadModule mod_tls.c");
        t.line("</IfModule>");
        t.line("<IfModule mod_tls.c>");
        // TLSEngine on|off: default off. TLSProtocol: "TLSv1.2", "TLSv1.3" allowed names.
        // TLSRSACertificateFile / TLSRSACertificateKeyFile: PEM certificate and separate key.
        // TLSRequired on: "enables SSL/TLS requirements on both control and data channels".
        // TLSVerifyClient off: no client certificates.
        t.comment_at("  ", "Turn TLS on for this server.");
        t.line("  TLSEngine on");
        t.comment_at(
            "  ",
            "Only TLS 1.2 and 1.3 (RFC 8996 deprecates 1.0 and 1.1).",
        );
        t.line("  TLSProtocol TLSv1.2 TLSv1.3");
        t.comment_at(
            "  ",
            "The certificate (with its chain) and its private key.",
        );
        t.line(&format!("  TLSRSACertificateFile {TLS_CERT_FILE}"));
        t.line(&format!("  TLSRSACertificateKeyFile {TLS_KEY_FILE}"));
        t.explain("  ", "TLSRequired", "TLS required on control and data connections, for every user.", "TLS is required on the control connection (before USER/PASS) and on every data connection, for every user, anonymous included.");
        t.line("  TLSRequired on");
        t.comment_at(
            "  ",
            "No client certificates: users log in with a password.",
        );
        t.line("  TLSVerifyClient off");
        t.note("TLS session reuse", "mod_tls also requires that data connections resume the control connection's TLS session (proof that they come from the same client). For an old client that fails with \"SSL/TLS session reuse required\", add: TLSOptions NoSessionReuseRequired. To see handshake errors: TLSLog /var/log/proftpd/tls.log");
        t.line("</IfModule>");
    } else {
        t.comment("FTPS off (mod_tls not configured): passwords and files travel in clear text.");
        t.note("TLS", "FTPS off (mod_tls not configured): user names, passwords and files cross the network in clear text. Turn it on (ftp-explorer config proftpd --tls …) for anything but public anonymous downloads.");
    }
}
