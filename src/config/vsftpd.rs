//! vsftpd: lines for `vsftpd.conf`. Every option and default below is from `vsftpd.conf(5)` of vsftpd
//! 3.0.3 (Debian 3.0.3-13); behaviour noted as "run" was seen with `tests/live_config_servers/`.

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

/// The opening lines, and the notes on where the lines go and how to apply them.
fn intro(t: &mut Text, s: &Settings) {
    text::header(
        t,
        s,
        "vsftpd: add at the end of /etc/vsftpd.conf, then: systemctl restart vsftpd. Notes at the end.",
        "vsftpd: data connections (passive and active), connection limits and TLS.",
    );
    // vsftpd.conf(5) FORMAT: "option=value", "an error to put any space between the option, = and value".
    // Later lines win: checked by running vsftpd 3.0.3 with pasv_address given twice.
    t.note("Where", "at the end of /etc/vsftpd.conf (Debian, Ubuntu) or /etc/vsftpd/vsftpd.conf (Red Hat, Fedora). When an option appears twice vsftpd keeps the LAST value, so these lines win; still, delete the older ones so nobody is misled. No blanks around \"=\": vsftpd refuses them.");
    t.note("Apply", "systemctl restart vsftpd (if it does not come back, journalctl -u vsftpd says which line it refused).");
    t.note(
        "Reference",
        "every option: man 5 vsftpd.conf (checked against vsftpd 3.0.3).",
    );
    t.note("Standalone mode", "vsftpd must run in standalone mode (listen=YES, or listen_ipv6=YES which on Linux also accepts IPv4), as the distributions' default file does: listen_port, max_clients and max_per_ip apply only then.");
    t.blank();
}

/// The control connection's port.
fn listener(t: &mut Text, s: &Settings) {
    // listen_port: "If vsftpd is in standalone mode, this is the port it will listen on". Default 21.
    t.comment("The port vsftpd listens on for control connections (the one clients dial).");
    t.line(&format!("listen_port={}", s.control_port));
}

/// Passive mode: the port range, the address in 227 replies, the source check.
fn passive(t: &mut Text, s: &Settings) {
    t.section("Passive mode (PASV, EPSV): the client opens the data connection to the server");
    // pasv_enable: "Set to NO if you want to disallow the PASV method". Default YES.
    t.comment("Allow passive mode: through NAT and client firewalls, the mode that works.");
    t.line("pasv_enable=YES");
    // pasv_min_port / pasv_max_port: "The minimum/maximum port to allocate for PASV style data
    // connections. Can be used to specify a narrow port range to assist firewalling." Default 0 (any).
    // Run: with a one-port range busy, a second session's PASV got "500 OOPS: vsf_sysutil_bind".
    t.explain("", "pasv_min_port, pasv_max_port", &format!("The passive ports ({}): open them in the firewall{}.", s.ports(), if s.behind_nat { ", forward them on the NAT router" } else { "" }), &format!("the ports vsftpd picks from, at random, for each passive data connection ({} ports). The firewall must let new connections in on all of them{}. When all are busy, vsftpd answers \"500 OOPS: vsf_sysutil_bind\" and ends the session rather than use another port.", s.ports(), if s.behind_nat { ", and the NAT router must forward all of them to this host with the same numbers" } else { "" }));
    t.line(&format!("pasv_min_port={}", s.range.min));
    t.line(&format!("pasv_max_port={}", s.range.max));
    // pasv_address: "override the IP address that vsftpd will advertise in response to the PASV command.
    // Provide a numeric IP address, unless pasv_addr_resolve is enabled, in which case you can provide a
    // hostname which will be DNS resolved for you at startup." Default: the incoming socket's address.
    // pasv_addr_resolve: "Set to YES if you want to use a hostname ... in the pasv_address option."
    match &s.address {
        Advertised::Ipv4(a) => {
            t.explain("", "pasv_address", "The address written into the 227 reply to PASV.", &format!("the address written into the 227 reply to PASV.{} EPSV replies carry no address (the client reuses the control connection's), so this does not change them.", text::nat_reason(s)));
            t.line(&format!("pasv_address={a}"));
            t.comment("pasv_address above is a numeric address: no DNS lookup.");
            t.line("pasv_addr_resolve=NO");
        }
        Advertised::Host(h) => {
            t.explain("", "pasv_address", &format!("The 227 reply to PASV carries the address of {h}."), &format!("the address written into the 227 reply to PASV: the address of {h}.{} EPSV replies carry no address, so this does not change them.", text::nat_reason(s)));
            t.line(&format!("pasv_address={h}"));
            t.explain("", "pasv_addr_resolve", "pasv_address above is a host name: resolve it (once, at start).", "pasv_address above is a host name: resolve it. vsftpd resolves it once, when it starts; restart vsftpd when the address behind the name changes.");
            t.line("pasv_addr_resolve=YES");
        }
        Advertised::Ipv6(a) => {
            t.explain("", "pasv_address", "No pasv_address: a 227 reply cannot carry an IPv6 address.", &format!("no pasv_address: {a} is IPv6, and a 227 reply can only carry IPv4 (vsftpd answers PASV on an IPv6 connection with 0,0,0,0). IPv6 clients use EPSV, whose reply carries only the port."));
        }
        Advertised::None => {
            t.explain("", "pasv_address", "No pasv_address: the 227 reply names the address clients connected to.", "no pasv_address: vsftpd writes the address the client connected to into the 227 reply. That is right only when no NAT sits between clients and this server.");
        }
    }
    // pasv_promiscuous: "disable the PASV security check that ensures the data connection originates
    // from the same IP address as the control connection. Only enable if you know what you are doing!"
    // Default NO.
    t.explain("", "pasv_promiscuous", "Passive data connections only from the client's own address.", "accept a passive data connection only from the client's own address (the control connection's). YES would let anyone who guesses the port take the transfer (\"port stealing\"); it exists only for FXP, server-to-server copies.");
    t.line("pasv_promiscuous=NO");
}

/// Active mode: allowed from port 20 to the client only, or refused.
fn active(t: &mut Text, s: &Settings) {
    t.section("Active mode (PORT, EPRT): the server opens the data connection to the client");
    // port_enable: "Set to NO if you want to disallow the PORT method". Default YES.
    // connect_from_port_20: "whether PORT style data connections use port 20 (ftp-data)". Default NO
    // (the sample config enables it). ftp_data_port: default 20.
    // port_promiscuous: "disable the PORT security check that ensures that outgoing data connections can
    // only connect to the client". Default NO.
    if s.active {
        t.comment("Allow active mode (clients that ask for it; most use passive mode).");
        t.line("port_enable=YES");
        t.explain("", "connect_from_port_20", "Active data connections come from port 20 (ftp-data).", "open active data connections from port 20 (ftp-data), as RFC 959 says and as firewall rules that follow it expect.");
        t.line("connect_from_port_20=YES");
        t.explain("", "port_promiscuous", "Connect only to the client's own address (no FTP bounce).", "connect only to the client's own address. YES would let a client point the server at any host and port: the FTP bounce attack (RFC 2577).");
        t.line("port_promiscuous=NO");
    } else {
        t.explain("", "port_enable", "Refuse PORT and EPRT: clients must use passive mode.", "refuse PORT and EPRT: the server never connects out to clients; they must use passive mode.");
        t.line("port_enable=NO");
        t.explain("", "port_promiscuous", "Should port_enable come back on: only to the client's own address.", "should port_enable come back on: connect only to the client's own address, never elsewhere (the FTP bounce attack, RFC 2577).");
        t.line("port_promiscuous=NO");
    }
}

/// Client limits and the data-connection timeout.
fn limits(t: &mut Text, s: &Settings) {
    t.section("Limits");
    // max_clients: "If vsftpd is in standalone mode, this is the maximum number of clients which may be
    // connected. Any additional clients connecting will get an error message." Default 0 (unlimited).
    // max_per_ip: same, "from the same source internet address". Default 0 (unlimited).
    // data_connection_timeout: "roughly the maximum time we permit data transfers to stall for with no
    // progress. If the timeout triggers, the remote client is kicked off." Default 300.
    t.explain("", "max_clients", &format!("At most this many clients at once{}.", zero_means(s.max_clients)), &format!("at most this many clients at once{}; more are turned away when they connect. Each transfer needs a passive port, so keep this at or below the {} ports above.", zero_means(s.max_clients), s.ports()));
    t.line(&format!("max_clients={}", s.max_clients));
    t.explain("", "max_per_ip", &format!("At most this many clients at once from one IP address{}.", zero_means(s.max_per_ip)), &format!("at most this many clients at once from one IP address{}. Users behind one NAT (an office, a carrier-grade NAT) share one address.", zero_means(s.max_per_ip)));
    t.line(&format!("max_per_ip={}", s.max_per_ip));
    t.explain("", "data_connection_timeout", "Seconds a transfer may stall before vsftpd drops the client.", "seconds a data transfer may stall, with no progress, before vsftpd drops the client (and frees the port).");
    t.line(&format!("data_connection_timeout={}", s.data_timeout));
}

/// TLS (FTPS): required with the certificate, or off.
fn tls(t: &mut Text, s: &Settings) {
    t.section("TLS (FTPS)");
    if s.tls {
        t.explain("", "ssl_enable", "Explicit FTPS (AUTH TLS), with the certificate and key below.", &format!("explicit FTPS: the client sends AUTH TLS on the control connection, then PBSZ 0 and PROT P to protect data connections. The certificate and key must exist; for a test, a self-signed pair:\n{}\nIn production use a certificate from a CA clients trust (Let's Encrypt, for example).", text::self_signed_cert(s, TLS_CERT_FILE, TLS_KEY_FILE)));
        // ssl_enable: "vsftpd will support secure connections via SSL". Default NO.
        // rsa_cert_file: "location of the RSA certificate"; rsa_private_key_file: "location of the RSA
        // private key ... If this option is not set, the private key is expected to be in the same file".
        t.line("ssl_enable=YES");
        t.comment("The certificate (with its chain) and its private key.");
        t.line(&format!("rsa_cert_file={TLS_CERT_FILE}"));
        t.line(&format!("rsa_private_key_file={TLS_KEY_FILE}"));
        // ssl_sslv2 / ssl_sslv3 (default NO), ssl_tlsv1 (default YES): "permit ... protocol connections".
        // In 3.0.3 these map to OpenSSL's SSL_OP_NO_* flags on a version-flexible method, so TLS 1.1 and
        // later are always allowed; ssl_tlsv1=NO only removes TLS 1.0 (run: TLS 1.3 handshakes succeed).
        t.comment(
            "No SSL 2 or 3, and no TLS 1.0 (RFC 8996 deprecates it); TLS 1.2 and 1.3 remain.",
        );
        t.line("ssl_sslv2=NO");
        t.line("ssl_sslv3=NO");
        t.line("ssl_tlsv1=NO");
        // ssl_ciphers: "select which SSL ciphers vsftpd will allow ... See the ciphers man page".
        t.comment("Strong ciphers only (OpenSSL's HIGH set; see man 1 ciphers).");
        t.line("ssl_ciphers=HIGH");
        // force_local_logins_ssl / force_local_data_ssl: default YES; force_anon_*: default NO;
        // allow_anon_ssl: "anonymous users will be allowed to use secured SSL connections". Default NO.
        t.comment("Local users must use TLS for the password and for every data connection.");
        t.line("force_local_logins_ssl=YES");
        t.line("force_local_data_ssl=YES");
        t.explain("", "allow_anon_ssl, force_anon_*", "Anonymous users (if allowed at all) must use TLS too.", "anonymous users (if anonymous_enable=YES) too; allow_anon_ssl lets them use TLS at all.");
        t.line("allow_anon_ssl=YES");
        t.line("force_anon_logins_ssl=YES");
        t.line("force_anon_data_ssl=YES");
        // require_ssl_reuse: "all SSL data connections are required to exhibit SSL session reuse (which
        // proves that they know the same master secret as the control channel) ... it may break many FTP
        // clients". Default YES.
        t.explain("", "require_ssl_reuse", "Data connections must resume the control connection's TLS session.", "a data connection must resume the control connection's TLS session, which proves it comes from the same client: port stealing fails even with a guessed port. Current clients (FileZilla, lftp, curl, Python ftplib) do this; set NO only for an old one that fails with \"522 SSL connection failed\".");
        t.line("require_ssl_reuse=YES");
    } else {
        t.explain("", "ssl_enable", "FTPS off: passwords and files cross the network in clear text.", "FTPS off: user names, passwords and files cross the network in clear text. Turn it on (ftp-explorer config vsftpd --tls …) for anything but public anonymous downloads.");
        t.line("ssl_enable=NO");
    }
}

fn zero_means(n: u32) -> &'static str {
    if n == 0 {
        " (0: no limit)"
    } else {
        ""
    }
}
