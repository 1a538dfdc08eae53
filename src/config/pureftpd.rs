//! Pure-FTPd: a start script holding the command-line options. Sources: `pure-ftpd --help` and
//! `pure-ftpd(8)` of Pure-FTPd 1.0.50 (Debian 1.0.50-2.1), its README (`-S`) and FAQ (passive ports), the
//! option table of Debian's `pure-ftpd-wrapper` (the `/etc/pure-ftpd/conf/` file names), and runs
//! (noted "run").

use super::text::{self, Text};
use super::validate::Settings;
use super::Advertised;
use super::{TLS_CERT_FILE, TLS_KEY_FILE};

pub(crate) fn generate(s: &Settings) -> String {
    let mut t = Text::new("#");
    intro(&mut t, s);
    listener(&mut t, s);
    passive(&mut t, s);
    limits(&mut t, s);
    tls(&mut t, s);
    start(&mut t, s);
    debian_files(&mut t, s);
    t.finish()
}

/// The opening lines and notes, and the start of the options list.
fn intro(t: &mut Text, s: &Settings) {
    t.line("#!/bin/bash");
    text::header(
        t,
        s,
        "Pure-FTPd start script, for ExecStart= in systemd; add options after its name. Notes at the end.",
        "Pure-FTPd: data connections (passive and active), connection limits and TLS.",
    );
    t.note("How", "Pure-FTPd takes its settings as command-line options (man 8 pure-ftpd, pure-ftpd --help; checked against 1.0.50). This script starts it with them, in the foreground, for a supervisor such as systemd (ExecStart=/usr/local/sbin/pure-ftpd-start.sh). Add your own options after the script's name (authentication, chroot: for example -l pam -A).");
    t.note("Debian and Ubuntu", "their packaged service builds the command line from one file per option in /etc/pure-ftpd/conf/ instead: the same settings in that form are at the end of these notes.");
    t.line("set -euo pipefail");
    t.blank();
    t.line("args=(");
}

/// `-S`: the control connection's port.
fn listener(t: &mut Text, s: &Settings) {
    // -S [{ip address|hostname}] [,{port|service name}]: "Connections are accepted on the specified IP
    // and port" (standalone mode). README: "just append '-S' and the port number: pure-ftpd -S 42".
    t.comment_at(
        "  ",
        "Listen for control connections on this port, on every address (IPv4 and IPv6).",
    );
    t.line(&format!("  -S {}", s.control_port));
}

/// `-p` and `-P`: the passive port range and the address in 227 replies.
fn passive(t: &mut Text, s: &Settings) {
    // -p first:last: "Use only ports in the range first to last inclusive for passive-mode downloads ...
    // the maximum number of clients (specified with -c) is forced down to (last + 1 - first)/2".
    t.explain("  ", "-p", &format!("The passive ports ({}): open them in the firewall{}.", s.ports(), if s.behind_nat { ", forward them on the NAT router" } else { "" }), &format!("passive mode: the ports Pure-FTPd picks from for each data connection ({} ports). The firewall must let new connections in on all of them{}. When all are busy the client gets \"All reserved TCP ports are busy\".", s.ports(), if s.behind_nat { ", and the NAT router must forward all of them to this host with the same numbers" } else { "" }));
    t.line(&format!("  -p {}:{}", s.range.min, s.range.max));

    // -P ip address or host name: "Force the specified IP address in reply to a PASV/EPSV command ...
    // you can use a symbolic host name (probably the one of your gateway), that will be resolved every
    // time a new client will connect."
    match &s.address {
        Advertised::Ipv4(a) => {
            t.comment_at("  ", "The address written into 227 replies to PASV.");
            if s.behind_nat {
                t.note("-P", text::nat_reason(s).trim_start());
            }
            t.line(&format!("  -P {a}"));
        }
        Advertised::Host(h) => {
            t.explain("  ", "-P", &format!("227 replies carry the address of {h}, looked up for each client."), &format!("the address written into 227 replies to PASV: {h}, looked up again for every new client (so a dynamic address is followed without a restart).{}", text::nat_reason(s)));
            t.line(&format!("  -P {h}"));
        }
        Advertised::Ipv6(a) => {
            t.explain("  ", "-P", "No -P: a 227 reply cannot carry an IPv6 address.", &format!("no -P: {a} is IPv6, and a 227 reply can only carry IPv4 (Pure-FTPd refuses PASV on IPv6 connections: \"Use EPSV instead\"), while EPSV carries only the port."));
        }
        Advertised::None => {
            t.explain("  ", "-P", "No -P: 227 replies name the address clients connected to.", "no -P: Pure-FTPd writes the address the client connected to into the 227 reply. That is right only when no NAT sits between clients and this server.");
        }
    }
}

/// `-c` and `-C`: the client limits.
fn limits(t: &mut Text, s: &Settings) {
    // -c clients: "Allow a maximum of clients to be connected ... The default value is 50."
    // -C max connection per ip: "Limit the number of simultaneous connections coming from the same IP
    // address ... It works only when the server is launched in standalone mode".
    if s.max_clients == 0 {
        t.explain("  ", "-c", "No -c: Pure-FTPd keeps its default, 50 clients.", &format!("no -c: Pure-FTPd has no unlimited setting and keeps its default, 50 clients (at most half the passive ports, {}).", s.ports() / 2));
    } else {
        t.explain("  ", "-c", "At most this many clients at once.", &format!("at most this many clients at once; more are refused when they connect. Pure-FTPd lowers it to half the passive ports if that is less ({} here).", s.ports() / 2));
        t.line(&format!("  -c {}", s.max_clients));
    }
    if s.max_per_ip == 0 {
        t.comment_at(
            "  ",
            "No -C: no per-address limit; one host can take every client slot.",
        );
    } else {
        t.explain("  ", "-C", "At most this many clients at once from one IP address.", "at most this many clients at once from one IP address (users behind one NAT share one address).");
        t.line(&format!("  -C {}", s.max_per_ip));
    }
}

/// `-Y` and `-2`: TLS (FTPS) required with the certificate, or off.
fn tls(t: &mut Text, s: &Settings) {
    // -Y tls behavior: "-Y 3 refuses connections that aren't using TLS security mechanisms, and refuse
    // cleartext data channels as well." -2 cert_file[,key_file]: "set the path to the certificate file".
    if s.tls {
        t.explain("  ", "-Y 3", "FTPS required, on control and data connections.", &format!("FTPS required: sessions without AUTH TLS are refused, anonymous ones included, and so are clear-text data connections (PROT C). For a test, a self-signed certificate:\n{}\nIn production use a certificate from a CA clients trust (Let's Encrypt, for example).", text::self_signed_cert(s, TLS_CERT_FILE, TLS_KEY_FILE)));
        t.line("  -Y 3");
        t.comment_at(
            "  ",
            "The certificate (with its chain) and its private key.",
        );
        t.line(&format!("  -2 {TLS_CERT_FILE},{TLS_KEY_FILE}"));
    } else {
        t.comment_at(
            "  ",
            "No -Y: FTPS off; user names, passwords and files cross the network in clear text.",
        );
    }
}

/// The end of the options list, what is left out and why (notes), the exec line.
fn start(t: &mut Text, s: &Settings) {
    t.line(")");
    t.blank();

    // No -w/-W (FXP): pure-ftpd(8) "-w Enable support for the FXP protocol". Run: a PORT naming another
    // host gets "500 I won't open a connection to 10.0.0.1 (only to 127.0.0.1)".
    t.note("Left out: -w / -W (FXP)", "without them Pure-FTPd opens active data connections only to the client's own address and accepts passive ones only from it (no bounce attack, no port stealing).");
    t.note(
        "Left out: -N (NAT mode)",
        "it forces ACTIVE mode; with -p and -P set above, passive mode works behind NAT.",
    );
    if s.active {
        t.note(
            "Active mode (PORT, EPRT)",
            "needs no option: it is always on. Pure-FTPd, running as root, connects from port 20.",
        );
    } else {
        t.note("Active mode (PORT, EPRT)", "cannot be switched off in Pure-FTPd (no option refuses PORT/EPRT): block it in the firewall instead, by dropping new outgoing connections from port 20.");
    }
    if s.data_timeout != super::DEFAULT_DATA_TIMEOUT {
        t.note("Left out: a data-connection timeout", &format!("{} s asked, but Pure-FTPd has none; its idle timeout -I (in minutes, default 15) is the nearest.", s.data_timeout));
    } else {
        t.note(
            "Left out: a data-connection timeout",
            "Pure-FTPd has none; its idle timeout -I (in minutes, default 15) is the nearest.",
        );
    }
    t.comment("Start Pure-FTPd with these options, and any given to this script.");
    t.line("exec \"${PURE_FTPD:-/usr/sbin/pure-ftpd}\" \"${args[@]}\" \"$@\"");
}

/// The same settings as the files of Debian's pure-ftpd-wrapper (a note).
fn debian_files(t: &mut Text, s: &Settings) {
    // pure-ftpd-wrapper's table: 'Bind' => '-S %s', 'PassivePortRange' => '-p %d:%d' (file holds
    // "first last"), 'ForcePassiveIP' => '-P %s', 'MaxClientsNumber' => '-c %d', 'MaxClientsPerIP' =>
    // '-C %d', 'TLS' => '-Y %d'. It has no certificate option: pure-ftpd's built-in default path is
    // /etc/ssl/private/pure-ftpd.pem (strings of the 1.0.50 binary).

    let mut deb = vec![
        format!("echo {} > /etc/pure-ftpd/conf/Bind", s.control_port),
        format!(
            "echo '{} {}' > /etc/pure-ftpd/conf/PassivePortRange",
            s.range.min, s.range.max
        ),
    ];
    match &s.address {
        Advertised::Ipv4(a) => deb.push(format!("echo {a} > /etc/pure-ftpd/conf/ForcePassiveIP")),
        Advertised::Host(h) => deb.push(format!("echo {h} > /etc/pure-ftpd/conf/ForcePassiveIP")),
        _ => deb.push("rm -f /etc/pure-ftpd/conf/ForcePassiveIP".into()),
    }
    if s.max_clients > 0 {
        deb.push(format!(
            "echo {} > /etc/pure-ftpd/conf/MaxClientsNumber",
            s.max_clients
        ));
    }
    if s.max_per_ip > 0 {
        deb.push(format!(
            "echo {} > /etc/pure-ftpd/conf/MaxClientsPerIP",
            s.max_per_ip
        ));
    }
    if s.tls {
        deb.push("echo 3 > /etc/pure-ftpd/conf/TLS".into());
    } else {
        deb.push("echo 0 > /etc/pure-ftpd/conf/TLS".into());
    }
    let mut deb: Vec<String> = deb.into_iter().map(|l| format!(" {l}")).collect();
    if s.tls {
        deb.push("The wrapper has no certificate option: put the certificate and its key together in /etc/ssl/private/pure-ftpd.pem (cat the .crt and .key into it; chmod 600).".into());
    }
    t.note(
        "Debian / Ubuntu (pure-ftpd-wrapper)",
        &format!(
            "the same settings as files, then systemctl restart pure-ftpd\n{}",
            deb.join("\n")
        ),
    );
}
