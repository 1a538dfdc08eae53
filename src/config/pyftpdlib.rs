//! pyftpdlib: a runnable Python script. Sources: pyftpdlib 2.2.0's own docstrings and code
//! (`handlers/ftp/control.py` FTPHandler attributes, `handlers/ftp/dispatchers.py` PassiveDTP/ActiveDTP,
//! `handlers/ftp/data.py` DTPHandler.timeout, `handlers/ftps/control.py` TLS_FTPHandler, `servers.py`
//! FTPServer.max_cons / max_cons_per_ip / handle_accepted), and runs (noted "run").

use super::text::{self, Text};
use super::validate::Settings;
use super::Advertised;
use super::{TLS_CERT_FILE, TLS_KEY_FILE};

/// The pyftpdlib release the script was written and tested against.
pub const PYFTPDLIB_VERSION: &str = "2.2.0";

pub(crate) fn generate(s: &Settings) -> String {
    let mut t = Text::new("#");
    intro(&mut t, s);
    imports(&mut t, s);
    listening(&mut t, s);
    users(&mut t);
    data_handler(&mut t, s);
    control_handler(&mut t, s);
    data_security(&mut t, s);
    tls(&mut t, s);
    client_limit(&mut t);
    server(&mut t);
    t.finish()
}

/// The opening lines, and the notes on what the script needs and how to run it.
fn intro(t: &mut Text, s: &Settings) {
    t.line("#!/usr/bin/env python3");
    text::header(
        t,
        s,
        "pyftpdlib FTP server. Run: FTP_USER=… FTP_PASSWORD=… python3 ftp_server.py. Notes at the end.",
        "pyftpdlib: an FTP server script with its data connections (passive and active), connection limits and TLS.",
    );
    t.comment(&format!(
        "Needs: python3 -m pip install pyftpdlib=={PYFTPDLIB_VERSION}{}",
        if s.tls { " pyopenssl" } else { "" }
    ));
    t.note("Needs", &format!("python3 -m pip install pyftpdlib=={PYFTPDLIB_VERSION}{} (written and run against pyftpdlib {PYFTPDLIB_VERSION}).", if s.tls { " pyopenssl" } else { "" }));
    let privilege = if s.control_port < 1024 {
        format!(
            " (port {} is below 1024: as root, or with the CAP_NET_BIND_SERVICE capability)",
            s.control_port
        )
    } else {
        " (no root needed for this port)".to_string()
    };
    t.note("Run", &format!("FTP_USER=alice FTP_PASSWORD=… FTP_ROOT=/srv/ftp python3 ftp_server.py{privilege}. FTP_ANONYMOUS=yes adds read-only anonymous access to FTP_ROOT."));
    t.blank();
}

/// The imports (the TLS handlers when TLS is on).
fn imports(t: &mut Text, s: &Settings) {
    t.line("import logging");
    t.line("import os");
    t.line("import sys");
    t.blank();
    t.line("from pyftpdlib.authorizers import DummyAuthorizer");
    t.line("from pyftpdlib.servers import FTPServer");
    if s.tls {
        // handlers/__init__.py exports TLS_FTPHandler and TLS_DTPHandler only when `from OpenSSL import
        // SSL` works.
        t.line("");
        t.line("try:");
        t.line("    from OpenSSL import SSL");
        t.line("    from pyftpdlib.handlers import TLS_DTPHandler as DataHandlerBase");
        t.line("    from pyftpdlib.handlers import TLS_FTPHandler as HandlerBase");
        t.line("except ImportError:");
        t.line("    sys.exit(\"FTPS needs pyOpenSSL: python3 -m pip install pyopenssl\")");
    } else {
        t.line("from pyftpdlib.handlers import DTPHandler as DataHandlerBase");
        t.line("from pyftpdlib.handlers import FTPHandler as HandlerBase");
    }
}

/// The listening address and port, and the client limits as constants.
fn listening(t: &mut Text, s: &Settings) {
    t.section("Listening");
    t.explain("", "LISTEN", "Every address, IPv6 and IPv4 (\"0.0.0.0\" where IPv6 is off).", "\"::\" accepts IPv6 and, on Linux (net.ipv6.bindv6only=0), IPv4 too; write \"0.0.0.0\" where IPv6 is off (some containers).");
    t.line("LISTEN = \"::\"");
    t.comment("The control connection's port (the one clients dial).");
    t.line(&format!("CONTROL_PORT = {}", s.control_port));
    t.comment("At most this many clients at once, and from one IP address (0: no limit).");
    t.line(&format!("MAX_CLIENTS = {}", s.max_clients));
    t.line(&format!("MAX_CLIENTS_PER_IP = {}", s.max_per_ip));
}

/// The users, from the environment.
fn users(t: &mut Text) {
    t.section("Users");
    // DummyAuthorizer.add_user(username, password, homedir, perm="elr"); add_anonymous(homedir, **kw)
    // with perm defaulting to "elr" (read-only).
    t.explain("", "Users", "One account from FTP_USER / FTP_PASSWORD; FTP_ANONYMOUS=yes: read-only anonymous.", "FTP_USER / FTP_PASSWORD: one account with full rights in FTP_ROOT. FTP_ANONYMOUS=yes: read-only anonymous access (perm \"elr\": list, change directory, download).");
    t.line("root = os.environ.get(\"FTP_ROOT\", \"/srv/ftp\")");
    t.line("authorizer = DummyAuthorizer()");
    t.line("if os.environ.get(\"FTP_USER\"):");
    t.line("    authorizer.add_user(os.environ[\"FTP_USER\"], os.environ[\"FTP_PASSWORD\"], root, perm=\"elradfmwMT\")");
    t.line("if os.environ.get(\"FTP_ANONYMOUS\") == \"yes\":");
    t.line("    authorizer.add_anonymous(root)");
    t.line("if not authorizer.user_table:");
    t.line("    sys.exit(\"no user: set FTP_USER and FTP_PASSWORD, or FTP_ANONYMOUS=yes\")");
}

/// The data-connection handler: its stall timeout.
fn data_handler(t: &mut Text, s: &Settings) {
    t.section("Data connections");
    // DTPHandler.timeout = 300: "the timeout which roughly is the maximum time we permit data transfers
    // to stall for with no progress".
    t.line("class DataHandler(DataHandlerBase):");
    t.explain("    ", "timeout", "Seconds a data transfer may stall before it is closed.", "seconds a data transfer may stall, with no progress, before the connection is closed (and its port freed).");
    t.line(&format!("    timeout = {}", s.data_timeout));
    t.blank();
    t.blank();
}

/// The control handler's class: its passive ports and the address in its 227 replies.
fn control_handler(t: &mut Text, s: &Settings) {
    t.line("class Handler(HandlerBase):");
    t.line("    authorizer = authorizer");
    t.line("    dtp_handler = DataHandler");
    // passive_ports: "what ports the ftpd will use for its passive data transfers" (list of integers).
    // dispatchers.PassiveDTP: ports tried at random; when all are in use, "a kernel-assigned port will be
    // used" (outside the range) with a warning in the log.
    t.explain("    ", "passive_ports", &format!("The passive ports ({}): open them in the firewall{}.", s.ports(), if s.behind_nat { ", forward them on the NAT router" } else { "" }), &format!("passive mode: the ports pyftpdlib picks from, at random ({} ports; range() stops before its second number). The firewall must let new connections in on all of them{}. When all are busy pyftpdlib falls back to a port the kernel picks, OUTSIDE this range, which the firewall drops: keep the range above the number of clients.", s.ports(), if s.behind_nat { ", and the NAT router must forward all of them to this host with the same numbers" } else { "" }));
    t.line(&format!(
        "    passive_ports = range({}, {})",
        s.range.min,
        u32::from(s.range.max) + 1
    ));
    // masquerade_address: "the 'masqueraded' IP address to provide along PASV reply when pyftpdlib is
    // running behind a NAT". PassiveDTP copies it into the 227 reply with '.' replaced by ','.
    match &s.address {
        Advertised::Ipv4(a) => {
            t.explain("    ", "masquerade_address", "The address written into 227 replies to PASV.", &format!("the address written into 227 replies to PASV (an IPv4 address: pyftpdlib copies it into the reply as it is).{} EPSV replies carry only the port.", text::nat_reason(s)));
            t.line(&format!("    masquerade_address = \"{a}\""));
        }
        Advertised::Ipv6(a) => {
            t.explain("    ", "masquerade_address", "No masquerade_address: a 227 reply cannot carry an IPv6 address.", &format!("no masquerade_address: {a} is IPv6, and a 227 reply can only carry IPv4. IPv6 clients use EPSV, whose reply carries only the port."));
        }
        Advertised::None | Advertised::Host(_) => {
            t.explain("    ", "masquerade_address", "No masquerade_address: 227 replies name the address clients connected to.", "no masquerade_address: pyftpdlib writes the address the client connected to into the 227 reply. That is right only when no NAT sits between clients and this server.");
        }
    }
}

/// Data connections only with the client, and active mode allowed or refused.
fn data_security(t: &mut Text, s: &Settings) {
    // permit_foreign_addresses: "all data connections from/to remote IP addresses which do not match the
    // client's IP address will be dropped (default False)". permit_privileged_ports: PORT to ports below
    // 1024 (default False).
    t.explain("    ", "permit_foreign_addresses, permit_privileged_ports", "Data connections only with the client's own address, never to ports below 1024.", "data connections only with the client's own address: a passive connection from another address is rejected (no port stealing), and so is PORT/EPRT naming another host (no FTP bounce attack, RFC 2577). No active connection to a port below 1024 either.");
    t.line("    permit_foreign_addresses = False");
    t.line("    permit_privileged_ports = False");
    if !s.active {
        // proto_cmds: the commands the handler understands; FTPHandler.pre_process_command answers
        // '500 Command "X" not understood.' for any other (run), and FEAT only lists known ones.
        t.explain("    ", "proto_cmds", "Refuse active mode (PORT, EPRT): clients must use passive mode.", "refuse active mode: without PORT and EPRT in its command table, pyftpdlib answers them with 500 (not understood). Clients must use passive mode.");
        t.line("    proto_cmds = {");
        t.line("        name: spec for name, spec in HandlerBase.proto_cmds.items() if name not in (\"PORT\", \"EPRT\")");
        t.line("    }");
    } else {
        t.explain("    ", "Active mode", "Active mode (PORT, EPRT) stays allowed.", "active mode (PORT, EPRT) stays allowed; pyftpdlib connects from an ephemeral port, not port 20.");
    }
}

/// TLS (FTPS): required with the certificate and modern versions only, or off.
fn tls(t: &mut Text, s: &Settings) {
    if s.tls {
        // TLS_FTPHandler: certfile, keyfile, tls_control_required ("requires SSL/TLS to be established on
        // the control channel, before logging in"), tls_data_required ("requires SSL/TLS to be
        // established on the data channel"); ssl_options default OP_NO_SSLv2 | OP_NO_SSLv3 |
        // OP_NO_COMPRESSION; ssl_protocol TLS_SERVER_METHOD (TLS 1.0-1.3).
        t.explain("    ", "certfile, keyfile", "FTPS: the certificate (with its chain) and its private key.", &format!("FTPS: the certificate (with its chain) and its private key. For a test, a self-signed pair:\n{}\nIn production use a certificate from a CA clients trust (Let's Encrypt, for example).", text::self_signed_cert(s, TLS_CERT_FILE, TLS_KEY_FILE)));
        t.line(&format!("    certfile = \"{TLS_CERT_FILE}\""));
        t.line(&format!("    keyfile = \"{TLS_KEY_FILE}\""));
        t.explain("    ", "tls_control_required, tls_data_required", "TLS required on control and data connections, for every user.", "TLS required before USER/PASS (AUTH TLS), and on every data connection (PROT P), for every user, anonymous included.");
        t.line("    tls_control_required = True");
        t.line("    tls_data_required = True");
        t.comment_at(
            "    ",
            "No SSL 2/3, TLS 1.0 or 1.1 (RFC 8996), no TLS compression (CRIME).",
        );
        t.line("    ssl_options = (");
        t.line("        SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_TLSv1 | SSL.OP_NO_TLSv1_1 | SSL.OP_NO_COMPRESSION");
        t.line("    )");
    } else {
        t.explain("    ", "FTPS", "FTPS off: passwords and files travel in clear text.", "FTPS off: user names, passwords and files cross the network in clear text (TLS_FTPHandler would add it).");
    }
    t.blank();
}

/// The client limit counted per control connection.
fn client_limit(t: &mut Text) {
    // servers.FTPServer.handle_accepted appends each control connection's address to ip_map, then checks
    // max_cons (which counts every socket of the I/O loop: the listener, control and data connections,
    // passive listeners) and max_cons_per_ip (which counts ip_map entries), then calls handler.handle().
    // handle_max_cons() answers 421 and closes; closing removes the address from ip_map.
    t.explain("    ", "handle", "Count clients (control connections) against MAX_CLIENTS, like the other servers.", "pyftpdlib's own client limit (max_cons) counts sockets: control and data connections and passive listeners. Count clients (control connections) instead, like the other servers.");
    t.line("    def handle(self):");
    t.line("        if MAX_CLIENTS and len(self.server.ip_map) > MAX_CLIENTS:");
    t.line("            self.handle_max_cons()");
    t.line("            return");
    t.line("        super().handle()");
    t.blank();
    t.blank();
}

/// The server: its per-address limit and socket ceiling, then serve.
fn server(t: &mut Text) {
    t.line("logging.basicConfig(level=logging.INFO, format=\"%(asctime)s %(message)s\")");
    t.line("server = FTPServer((LISTEN, CONTROL_PORT), Handler)");
    t.explain("", "max_cons_per_ip", "Per-address limit, counted per control connection.", "per-address limit (counted per control connection), answered \"421 Too many connections from the same IP address.\"");
    t.line("server.max_cons_per_ip = MAX_CLIENTS_PER_IP");
    t.explain("", "max_cons", "A ceiling on sockets, against file-descriptor exhaustion.", "a ceiling on sockets, against file-descriptor exhaustion: each client holds at most three (control, passive listener, data) and the server one.");
    t.line("server.max_cons = 3 * MAX_CLIENTS + 1 if MAX_CLIENTS else 0");
    t.line("server.serve_forever()");
}
