//! Host firewall rules: nftables, iptables, ufw, firewalld. Sources: `nft(8)` of nftables 1.0.6 (ct helper
//! objects, `ct helper set`, `ct state`), `iptables-extensions(8)` of iptables 1.8.9 (CT --helper,
//! conntrack --ctstate), `iptables-restore(8)`, `ufw(8)` and `ufw-framework(8)` of ufw 0.36.2 (CONNECTION
//! HELPERS), `firewall-cmd(1)`, `firewalld.service(5)`, `firewalld.helper(5)` of firewalld 1.3.3 and its
//! own `services/ftp.xml` and `helpers/ftp.xml`; the kernel's nf_conntrack_ftp behaviour from
//! `net/netfilter/nf_conntrack_ftp.c` (an address in a 227 reply that differs from the connection's own
//! is not expected unless the module's `loose` parameter is set).
//!
//! Choices: every target opens the whole passive range explicitly, TLS or not. The helper alone would
//! open only the one port each reply names, but it cannot read replies under TLS, and it ignores a 227
//! that names an address other than the server's own, which is exactly what a server behind NAT sends.
//! Without TLS the helper is still attached to the control connection (data connections then show up as
//! "related", and active mode works with an outgoing policy of drop); with TLS it is left out, with the
//! reason. The nftables and iptables texts are complete input policies (drop by default, SSH kept open
//! so loading them cannot lock the administrator out); ufw and firewalld add to their own policies.

use super::text::{self, Text};
use super::validate::Settings;

/// The helper cannot read an encrypted control connection: the sentence every target uses.
const TLS_HELPER: &str = "No FTP helper: under TLS the control connection is encrypted, so the kernel's FTP helper (nf_conntrack_ftp) cannot read the PASV/EPSV replies or the PORT/EPRT commands, and cannot tell the firewall which data connection comes next. That is why the whole passive range must be open.";

/// Why the range is opened although the helper exists.
const WHY_RANGE: &str = "The helper alone would let in only the one port each 227/229 reply names, but it gives up when the server advertises another address than its own (NAT: pasv_address, MasqueradeAddress, -P, masquerade_address) and under TLS; so the whole range is opened. Only the FTP server listens there, and only for the client that asked.";

/// Where active-mode data connections come from, per server (each checked by running it: see
/// tests/live_config_servers/): vsftpd with connect_from_port_20=YES and Pure-FTPd running as root use
/// port 20; ProFTPD as distributions build it (mod_cap drops root after login) and pyftpdlib use an
/// ephemeral port.
const ACTIVE_WHO: &str = "from port 20 (vsftpd with connect_from_port_20, Pure-FTPd) or from an ephemeral port (ProFTPD, which binds port 20 only while it keeps root privileges, and pyftpdlib)";

fn range_nft(s: &Settings) -> String {
    s.range_text('-')
}

/// The passive range rule's comment (one line) and its note.
fn passive_rule(t: &mut Text, indent: &str, s: &Settings) {
    t.explain(
        indent,
        "FTP passive data connections",
        &format!(
            "FTP passive data connections: the whole range ({} ports).",
            s.ports()
        ),
        &format!(
            "the whole range the server hands out ({} ports). {}",
            s.ports(),
            if s.tls {
                "Under TLS only an explicit range can let them in."
            } else {
                WHY_RANGE
            }
        ),
    );
}

fn nat_note(t: &mut Text, s: &Settings) {
    if s.behind_nat {
        t.note("Behind NAT", &format!("this host's rules are not enough. On the NAT router (or the cloud's security group) forward TCP {} and {}-{} to this host, with the same port numbers. The server must advertise the public address itself (pasv_address, MasqueradeAddress, -P, masquerade_address); then a router's FTP helper (ALG) is not needed{}.", s.control_port, s.range.min, s.range.max, if s.tls { ", and under TLS it could not read the replies anyway" } else { "" }));
    }
}

pub(crate) fn nftables(s: &Settings) -> String {
    let mut t = Text::new("#");
    let c = s.control_port;
    t.line("#!/usr/sbin/nft -f");
    text::header(
        &mut t,
        s,
        "nftables: a complete input policy; the rest is dropped. Load: nft -f ftp-server.nft. Notes: end.",
        "nftables: a host firewall for an FTP server (control port, passive ports, connection tracking).",
    );
    t.note("What it is", "a complete input policy in its own table, for IPv4 and IPv6 (family inet): everything not accepted is dropped. If this host already has an nftables firewall, copy the rules marked FTP into your own input chain instead: with two tables, a packet must get through both.");
    t.note("Check and load", "check: nft -c -f ftp-server.nft. Load: nft -f ftp-server.nft. At boot: include it from /etc/nftables.conf (Debian: systemctl enable nftables).");
    t.note("Reference", "man 8 nft (checked against nftables 1.0.6).");
    nat_note(&mut t, s);
    t.blank();
    // nft(8): "table" then "delete table" — the usual idiom for a file that can be loaded again.
    t.explain("", "table inet ftp_server", "Loading the file again replaces the table.", "loading the file again replaces the table: declare it (so that it exists), delete it, write it anew.");
    t.line("table inet ftp_server");
    t.line("delete table inet ftp_server");
    t.blank();
    t.line("table inet ftp_server {");
    if s.tls {
        t.explain(
            "\t",
            "No FTP helper",
            "FTP: no FTP helper (it cannot read a TLS control connection).",
            TLS_HELPER,
        );
    } else {
        // nft(8) CT HELPER: ct helper name { type "ftp" protocol tcp; l3proto inet; }.
        t.explain("\t", "ct helper ftp-standard", "FTP: the FTP connection-tracking helper (nf_conntrack_ftp).", "the FTP connection-tracking helper (kernel module nf_conntrack_ftp). Attached to the control connection below, it reads PORT/EPRT commands and 227/229 replies and tells the firewall which data connection comes next, which then counts as \"related\". It cannot work under TLS (the control connection is encrypted).");
        t.line("\tct helper ftp-standard {");
        t.line("\t\ttype \"ftp\" protocol tcp");
        t.line("\t\tl3proto inet");
        t.line("\t}");
    }
    t.blank();
    t.line("\tchain input {");
    t.line("\t\ttype filter hook input priority filter; policy drop;");
    t.blank();
    t.explain("\t\t", "ct state established,related", "Packets of accepted connections, and \"related\" ones (helper, ICMP).", "packets of connections already accepted, and connections a helper expects (\"related\"), including ICMP errors about them.");
    t.line("\t\tct state established,related accept");
    t.comment_at("\t\t", "Packets that belong to no valid connection.");
    t.line("\t\tct state invalid drop");
    t.comment_at("\t\t", "The host talking to itself.");
    t.line("\t\tiif \"lo\" accept");
    t.explain("\t\t", "icmp, ipv6-icmp", "ICMP and ICMPv6: errors, ping, IPv6 neighbour discovery.", "ICMP and ICMPv6: errors (path MTU discovery needs them), ping, and IPv6 neighbour discovery, without which IPv6 stops working.");
    t.line("\t\tmeta l4proto { icmp, ipv6-icmp } accept");
    t.explain("\t\t", "tcp dport 22", "SSH, so that loading this file does not lock you out.", "SSH, so that loading this file does not lock you out: change the port, or delete the line if you reach the host another way.");
    t.line("\t\ttcp dport 22 ct state new accept");
    t.blank();
    if s.tls {
        t.comment_at(
            "\t\t",
            "FTP control connection (FTPS: AUTH TLS on this port).",
        );
    } else {
        t.explain("\t\t", "ct helper set", "FTP control connection: hand it to the FTP helper, then accept it.", "FTP control connection: hand it to the FTP helper (only new connections get one), then accept it.");
        t.line(&format!("\t\ttcp dport {c} ct helper set \"ftp-standard\""));
    }
    t.line(&format!("\t\ttcp dport {c} ct state new accept"));
    passive_rule(&mut t, "\t\t", s);
    t.line(&format!(
        "\t\ttcp dport {} ct state new accept",
        range_nft(s)
    ));
    t.line("\t}");
    if s.active {
        t.blank();
        t.explain("\t", "chain output", "FTP active mode: outgoing traffic accepted; active data from port 20 counted.", &format!("FTP active mode: the server opens each data connection to the client, {ACTIVE_WHO}. Outgoing traffic is accepted here (policy accept); the rule below counts active data connections from port 20, and is the one to keep if you ever set this chain's policy to drop{}.", if s.tls { "" } else { " (with the helper, the others are then \"related\" to their control connection)" }));
        t.line("\tchain output {");
        t.line("\t\ttype filter hook output priority filter; policy accept;");
        t.line("\t\ttcp sport 20 ct state new counter accept");
        t.line("\t}");
    } else {
        t.blank();
        t.explain("\t", "No output chain", "No output chain: the server refuses active mode.", "no output chain: outgoing traffic is not filtered, and active mode is refused by the server, so no FTP data connection leaves this host.");
    }
    t.line("}");
    t.finish()
}

pub(crate) fn iptables(s: &Settings) -> String {
    let mut t = Text::new("#");
    t.line("#!/bin/sh");
    text::header(
        &mut t,
        s,
        "iptables: REPLACES the filter and raw tables; the rest is dropped. Run: sh ftp-iptables.sh.",
        "iptables: a host firewall for an FTP server (control port, passive ports, connection tracking).",
    );
    // iptables-restore(8): without --noflush the tables named in the input are flushed first; lines
    // starting with "#" are comments.
    t.note("What it does", "loads a complete input policy for IPv4 (iptables-restore) and IPv6 (ip6tables-restore). It REPLACES the filter and raw tables: rules other tools put there (Docker, fail2ban, libvirt) are removed, so on such a host add the FTP lines to your own rules instead. Everything not accepted is dropped.");
    t.note("Run", "as root: sh ftp-iptables.sh. Keep across reboots (Debian: apt install iptables-persistent, then iptables-save > /etc/iptables/rules.v4 and ip6tables-save > /etc/iptables/rules.v6).");
    t.note(
        "Reference",
        "man 8 iptables-extensions, man 8 iptables-restore (checked against iptables 1.8.9).",
    );
    nat_note(&mut t, s);
    t.blank();
    t.comment("Stop at the first command that fails.");
    t.line("set -eu");
    for (cmd, icmp, family) in [
        ("iptables-restore", "icmp", "IPv4"),
        ("ip6tables-restore", "ipv6-icmp", "IPv6"),
    ] {
        // The notes explain each rule once, with the IPv4 rules.
        let first = family == "IPv4";
        t.blank();
        t.comment(&format!("{family}."));
        t.line(&format!("{cmd} <<'EOF'"));
        iptables_raw(&mut t, s, first);
        iptables_filter(&mut t, s, icmp, first);
        t.line("COMMIT");
        t.line("EOF");
    }
    t.finish()
}

/// The raw table: the FTP helper attached to new control connections (none under TLS).
fn iptables_raw(t: &mut Text, s: &Settings, first: bool) {
    let c = s.control_port;
    t.line("*raw");
    if s.tls {
        t.comment("FTP: no FTP helper (it cannot read a TLS control connection).");
        if first {
            t.note("No FTP helper", TLS_HELPER);
        }
    } else {
        // iptables-extensions(8) CT: "--helper name: Use the helper identified by name for the
        // connection."
        t.comment("FTP: attach the FTP connection-tracking helper to new control connections.");
        if first {
            t.note("-j CT --helper ftp", "attach the FTP connection-tracking helper (nf_conntrack_ftp) to new control connections. It reads PORT/EPRT commands and 227/229 replies and marks the data connection that follows as RELATED. (Since Linux 4.7 helpers are attached only by a rule like this one.)");
        }
        t.line(&format!(
            "-A PREROUTING -p tcp --dport {c} -j CT --helper ftp"
        ));
    }
    t.line("COMMIT");
}

/// The filter table: a drop policy, established and related traffic, loopback, ICMP, SSH, then FTP's
/// control port, passive range and (counted) active data.
fn iptables_filter(t: &mut Text, s: &Settings, icmp: &str, first: bool) {
    let (c, range) = (s.control_port, s.range_text(':'));
    t.line("*filter");
    t.comment("Drop what is not accepted below; send freely.");
    t.line(":INPUT DROP [0:0]");
    t.line(":OUTPUT ACCEPT [0:0]");
    t.comment("Packets of accepted connections, and RELATED ones (helper, ICMP errors).");
    if first {
        t.note("ESTABLISHED,RELATED", "packets of connections already accepted, and connections a helper expects (RELATED), including ICMP errors about them.");
    }
    t.line("-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT");
    t.comment("Packets that belong to no valid connection.");
    t.line("-A INPUT -m conntrack --ctstate INVALID -j DROP");
    t.comment("The host talking to itself.");
    t.line("-A INPUT -i lo -j ACCEPT");
    if first {
        t.comment("ICMP: errors (path MTU discovery needs them) and ping.");
    } else {
        t.comment("ICMPv6: errors, ping, and neighbour discovery (IPv6 needs it).");
        t.note("ipv6-icmp", "ICMPv6: errors (path MTU discovery), ping, and neighbour discovery, without which IPv6 stops working.");
    }
    t.line(&format!("-A INPUT -p {icmp} -j ACCEPT"));
    t.comment("SSH, so that this does not lock you out.");
    if first {
        t.note("--dport 22", "SSH, so that this does not lock you out: change the port, or delete the line if you reach the host another way.");
    }
    t.line("-A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT");
    t.comment("FTP control connection.");
    t.line(&format!(
        "-A INPUT -p tcp --dport {c} -m conntrack --ctstate NEW -j ACCEPT"
    ));
    if first {
        passive_rule(t, "", s);
    } else {
        t.comment(&format!(
            "FTP passive data connections: the whole range ({} ports).",
            s.ports()
        ));
    }
    t.line(&format!(
        "-A INPUT -p tcp --dport {range} -m conntrack --ctstate NEW -j ACCEPT"
    ));
    if s.active {
        t.comment("FTP active mode: OUTPUT accepts all; this counts active data from port 20.");
        if first {
            t.note("--sport 20", &format!("FTP active mode: the server opens each data connection to the client, {ACTIVE_WHO}. OUTPUT accepts everything; this rule counts active data connections from port 20 and is the one to keep if you ever set OUTPUT's policy to DROP."));
        }
        t.line("-A OUTPUT -p tcp --sport 20 -m conntrack --ctstate NEW -j ACCEPT");
    } else {
        t.comment("Active mode is refused by the server: no FTP data connection leaves this host.");
    }
}

pub(crate) fn ufw(s: &Settings) -> String {
    let mut t = Text::new("#");
    let c = s.control_port;
    let range = s.range_text(':');
    t.line("#!/bin/sh");
    text::header(
        &mut t,
        s,
        "ufw: adds the FTP ports to ufw's policy. Run as root: sh ftp-ufw.sh. Notes at the end.",
        "ufw: firewall rules for an FTP server (control port, passive ports).",
    );
    // ufw(8): "ufw allow 53", "ufw limit 2222/tcp comment 'SSH port'", port ranges "8080:8090" need a
    // protocol. /etc/ufw/before.rules (ufw 0.36.2): "-A ufw-before-input -m conntrack --ctstate
    // RELATED,ESTABLISHED -j ACCEPT"; /etc/default/ufw: DEFAULT_INPUT_POLICY="DROP",
    // DEFAULT_OUTPUT_POLICY="ACCEPT".
    t.note("What it does", "ufw (Ubuntu's firewall front end) already accepts packets of established and related connections (/etc/ufw/before.rules), drops other incoming traffic and lets outgoing traffic out; these rules add the FTP ports, for IPv4 and IPv6.");
    t.note("Run", "as root: sh ftp-ufw.sh (ufw saves the rules; they survive reboots). See them: ufw status verbose.");
    t.note(
        "Reference",
        "man 8 ufw, man 8 ufw-framework (checked against ufw 0.36.2).",
    );
    nat_note(&mut t, s);
    t.blank();
    t.comment("Stop at the first command that fails.");
    t.line("set -eu");
    t.explain("", "ufw allow 22/tcp", "SSH first, so that enabling ufw does not lock you out.", "SSH first, so that enabling ufw does not lock you out (change the port, or delete the line if you reach the host another way).");
    t.line("ufw allow 22/tcp comment 'SSH'");
    t.comment("FTP control connection.");
    t.line(&format!("ufw allow {c}/tcp comment 'FTP control'"));
    t.explain("", "FTP passive data", &format!("FTP passive data connections: the whole range ({} ports).", s.ports()), &format!(
        "the whole range the server hands out ({} ports). ufw has no command for connection-tracking helpers, and none is needed with the range open.",
        s.ports()
    ));
    t.line(&format!("ufw allow {range}/tcp comment 'FTP passive data'"));
    if s.tls {
        t.note("No FTP helper", TLS_HELPER);
    } else {
        // ufw-framework(8) CONNECTION HELPERS: "As of kernel 4.7, automatic conntrack helper assignment
        // ... is disabled ... Firewalls should now instead use the CT target ... Currently helper rules
        // must be managed in via the RULES FILES."
        t.note("No FTP helper", "the FTP helper (nf_conntrack_ftp) is not used: since Linux 4.7 it must be attached by a CT rule in the raw table, which ufw cannot write (man 8 ufw-framework, CONNECTION HELPERS), and with the passive range open and outgoing traffic allowed this server does not need it.");
    }
    t.comment("Everything else coming in is dropped (ufw's default).");
    t.line("ufw default deny incoming");
    if s.active {
        t.explain("", "ufw default allow outgoing", "Everything going out allowed (ufw's default), active-mode data included.", &format!("everything going out is allowed (ufw's default). That includes active-mode data connections, which the server opens to the client {ACTIVE_WHO}."));
    } else {
        t.explain("", "ufw default allow outgoing", "Everything going out allowed (ufw's default); the server refuses active mode.", "everything going out is allowed (ufw's default). Active mode is refused by the server: no FTP data connection leaves this host.");
    }
    t.line("ufw default allow outgoing");
    t.comment("Turn ufw on (and at boot) without asking.");
    t.line("ufw --force enable");
    t.finish()
}

pub(crate) fn firewalld(s: &Settings) -> String {
    let mut t = Text::new("#");
    let c = s.control_port;
    let range = s.range_text('-');
    // firewalld attaches a service's helper on the *helper's* ports (fw_policy.py, helper.ports), and the
    // shipped helpers/ftp.xml lists only port 21: another control port needs its own helper.
    let helper = if s.tls {
        None
    } else if c == 21 {
        Some("ftp".to_string())
    } else {
        Some(format!("ftp-{c}"))
    };
    t.line("#!/bin/sh");
    text::header(
        &mut t,
        s,
        "firewalld: writes and enables the service ftp-server. Run: sh ftp-firewalld.sh. Notes at the end.",
        "firewalld: a service for an FTP server (control port, passive ports, connection tracking).",
    );
    t.note("What it does", "it writes the service ftp-server (/etc/firewalld/services/ftp-server.xml) and enables it, permanently, in the default zone (add --zone=NAME to both firewall-cmd --add-service lines for another). firewalld keeps accepting established and related connections and rejecting the rest; the zone's other services (ssh in the public zone) stay as they are.");
    t.note("Run", "as root: sh ftp-firewalld.sh. Check: firewall-cmd --info-service=ftp-server; firewall-cmd --list-services.");
    t.note("Reference", "man 5 firewalld.service, man 5 firewalld.helper, man 1 firewall-cmd (checked against firewalld 1.3.3). The shipped \"ftp\" service opens port 21 with the ftp helper but no passive range.");
    nat_note(&mut t, s);
    t.blank();
    t.comment("Stop at the first command that fails.");
    t.line("set -eu");
    if let Some(h) = helper.as_deref().filter(|h| *h != "ftp") {
        // firewalld.helper(5): <helper module="nf_conntrack_module"> with <port port="…" protocol="tcp"/>.
        t.blank();
        t.explain("", &format!("helpers/{h}.xml"), &format!("FTP: a helper for control connections on port {c} (the shipped one watches 21)."), &format!("the shipped ftp helper watches port 21 only; this one attaches the FTP connection-tracking helper (nf_conntrack_ftp) to control connections on port {c}."));
        t.line(&format!("cat > /etc/firewalld/helpers/{h}.xml <<'EOF'"));
        t.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        t.line("<helper module=\"nf_conntrack_ftp\">");
        t.line(&format!("  <short>FTP on port {c}</short>"));
        t.line(&format!("  <port protocol=\"tcp\" port=\"{c}\"/>"));
        t.line("</helper>");
        t.line("EOF");
    }
    t.blank();
    t.comment(
        "The service: the control port, the passive range, and (without TLS) the FTP helper.",
    );
    t.line("cat > /etc/firewalld/services/ftp-server.xml <<'EOF'");
    // firewalld.service(5): <service>, <short>, <description>, <port protocol= port=>, <helper name=>.
    // XML comments must not hold "--".
    t.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    t.line("<service>");
    t.line("  <short>FTP server</short>");
    t.line(&format!(
        "  <description>FTP control port {c} and passive ports {range} (written by ftp-explorer).</description>"
    ));
    t.line("  <!-- FTP control connection. -->");
    t.line(&format!("  <port protocol=\"tcp\" port=\"{c}\"/>"));
    t.line(&format!(
        "  <!-- FTP passive data connections: the whole range ({} ports). -->",
        s.ports()
    ));
    t.note(
        "FTP passive data connections",
        &format!(
            "the whole range the server hands out ({} ports). {}",
            s.ports(),
            if s.tls {
                "Under TLS only an explicit range can let them in."
            } else {
                WHY_RANGE
            }
        ),
    );
    t.line(&format!("  <port protocol=\"tcp\" port=\"{range}\"/>"));
    match &helper {
        Some(h) => {
            t.line("  <!-- The FTP connection-tracking helper on the control connection. -->");
            t.note("<helper>", "the FTP connection-tracking helper on the control connection: it reads PORT/EPRT and 227/229 and marks the data connection that follows as related.");
            t.line(&format!("  <helper name=\"{h}\"/>"));
        }
        None => {
            t.line("  <!-- No FTP helper: it cannot read a TLS control connection. -->");
            t.note("No FTP helper", TLS_HELPER);
        }
    }
    t.line("</service>");
    t.line("EOF");
    t.blank();
    t.explain("", "firewall-cmd", "Read the new file(s), enable the service permanently, apply it now.", "make firewalld read the new file(s), enable the service permanently, and apply it now. Running this again is harmless (\"ALREADY_ENABLED\" is only a warning).");
    t.line("firewall-cmd --reload");
    t.line("firewall-cmd --permanent --add-service=ftp-server");
    t.line("firewall-cmd --reload");
    if s.active {
        t.note("Active mode", &format!("needs nothing more: firewalld lets outgoing connections out, including the data connections the server opens to the client {ACTIVE_WHO}."));
    } else {
        t.note(
            "Active mode",
            "is refused by the server: no FTP data connection leaves this host.",
        );
    }
    t.finish()
}
