//! The firewall rules and Docker's port mapping.

use super::{text, variants};
use ftp_explorer::config::{generate, Inputs, Target};

#[test]
fn firewall_rules() {
    for (name, i) in variants() {
        nftables(name, &i);
        iptables(name, &i);
        ufw(&i);
        firewalld(name, &i);
        docker(&i);
    }
}

/// The nftables policy: drop by default, the control port and range, the helper without TLS.
fn nftables(name: &str, i: &Inputs) {
    let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
    let nft = text(Target::Nftables, i);
    assert!(nft.starts_with("#!/usr/sbin/nft -f\n"));
    assert!(nft.contains("\t\ttype filter hook input priority filter; policy drop;"));
    assert!(nft.contains(&format!("\t\ttcp dport {c} ct state new accept")));
    assert!(nft.contains(&format!("\t\ttcp dport {lo}-{hi} ct state new accept")));
    assert!(nft.contains("\t\tct state established,related accept"));
    assert_eq!(
        nft.contains(&format!("tcp dport {c} ct helper set \"ftp-standard\"")),
        !i.tls,
        "{name}"
    );
    assert_eq!(nft.contains("ct helper ftp-standard {"), !i.tls, "{name}");
    assert_eq!(nft.contains("chain output"), i.active, "{name}");
    assert_eq!(
        nft.matches('{').count(),
        nft.matches('}').count(),
        "{name}: braces"
    );
    if i.tls {
        assert!(
            nft.contains("cannot read the PASV/EPSV replies"),
            "{name}: the TLS comment"
        );
    }
}

/// The iptables script: both families, raw and filter tables each.
fn iptables(name: &str, i: &Inputs) {
    let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
    let ipt = text(Target::Iptables, i);
    assert_eq!(ipt.matches("<<'EOF'\n").count(), 2, "{name}: IPv4 and IPv6");
    assert_eq!(ipt.matches("\nEOF\n").count(), 2);
    assert_eq!(
        ipt.matches("\nCOMMIT\n").count(),
        4,
        "{name}: raw and filter, twice"
    );
    assert_eq!(
        ipt.matches(&format!(
            "-A INPUT -p tcp --dport {c} -m conntrack --ctstate NEW -j ACCEPT"
        ))
        .count(),
        2
    );
    assert_eq!(
        ipt.matches(&format!(
            "-A INPUT -p tcp --dport {lo}:{hi} -m conntrack --ctstate NEW -j ACCEPT"
        ))
        .count(),
        2
    );
    assert_eq!(
        ipt.matches(&format!(
            "-A PREROUTING -p tcp --dport {c} -j CT --helper ftp"
        ))
        .count(),
        if i.tls { 0 } else { 2 }
    );
    assert!(
        ipt.contains("-A INPUT -p ipv6-icmp -j ACCEPT")
            && ipt.contains("-A INPUT -p icmp -j ACCEPT")
    );
    assert_eq!(
        ipt.contains("-A OUTPUT -p tcp --sport 20"),
        i.active,
        "{name}"
    );
}

/// The ufw rules: SSH first, then the FTP ports.
fn ufw(i: &Inputs) {
    let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
    let ufw = text(Target::Ufw, i);
    assert!(ufw.contains(&format!("\nufw allow {c}/tcp comment 'FTP control'\n")));
    assert!(ufw.contains(&format!(
        "\nufw allow {lo}:{hi}/tcp comment 'FTP passive data'\n"
    )));
    assert!(ufw.contains("\nufw allow 22/tcp comment 'SSH'\n"));
    assert!(ufw.find("ufw allow 22/tcp").unwrap() < ufw.find("ufw --force enable").unwrap());
}

/// The firewalld service: the ports, and the helper (its own for another control port).
fn firewalld(name: &str, i: &Inputs) {
    let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
    let fwd = text(Target::Firewalld, i);
    assert!(fwd.contains(&format!("  <port protocol=\"tcp\" port=\"{c}\"/>")));
    assert!(fwd.contains(&format!("  <port protocol=\"tcp\" port=\"{lo}-{hi}\"/>")));
    let helper = match (i.tls, c) {
        (true, _) => None,
        (false, 21) => Some("ftp".to_string()),
        (false, p) => Some(format!("ftp-{p}")),
    };
    assert_eq!(fwd.contains("<helper name="), helper.is_some(), "{name}");
    if let Some(h) = &helper {
        assert!(fwd.contains(&format!("<helper name=\"{h}\"/>")));
        assert_eq!(
            fwd.contains("<helper module=\"nf_conntrack_ftp\">"),
            c != 21
        );
    }
    // XML comments must not hold "--".
    for line in fwd.lines().filter(|l| l.trim_start().starts_with("<!--")) {
        let inner = line
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->");
        assert!(!inner.contains("--"), "{name}: {line}");
    }
}

/// Docker's port mapping (when Docker has an address to advertise).
fn docker(i: &Inputs) {
    let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
    // Docker needs an IPv4 address to advertise (checked in every_target_generates_…).
    if let Ok(docker) = generate(Target::Docker, i) {
        assert!(docker.text.contains(&format!("  -p {c}:{c}/tcp \\\n")));
        assert!(docker
            .text
            .contains(&format!("  -p {lo}-{hi}:{lo}-{hi}/tcp \\\n")));
    }
}
