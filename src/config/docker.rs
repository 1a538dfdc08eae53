//! Docker: the `-p` mappings (and the Compose `ports:` list) that publish an FTP server running in a
//! container. Sources: `docker run --help` / the Docker documentation of `--publish` ("-p
//! 8080-8090:8080-8090", host range to container range of the same size) and of the daemon's
//! `userland-proxy` setting.

use super::text::{self, Text};
use super::validate::Settings;
use super::Advertised;

pub(crate) fn generate(s: &Settings) -> String {
    let mut t = Text::new("#");
    let c = s.control_port;
    let range = s.range_text('-');
    t.line("#!/bin/sh");
    text::header(
        &mut t,
        s,
        "Docker: publish an FTP server that runs in a container (replace IMAGE). Notes at the end.",
        "Docker: publishing an FTP server that runs in a container.",
    );
    t.note("NAT", "a published port goes through Docker's NAT: for the FTP server inside, the container is behind NAT, whatever the host is.");
    let advertised = match &s.address {
        Advertised::Ipv4(a) => a.to_string(),
        Advertised::Host(h) => h.clone(),
        Advertised::Ipv6(a) => a.to_string(),
        Advertised::None => "the host's public address".into(),
    };
    t.note("1. Advertise", &format!("the server in the container must advertise {advertised} (the address clients connect to), never its container address (172.17.x.x on the default bridge): generate its configuration with --behind-nat (ftp-explorer config vsftpd|proftpd|pure-ftpd|pyftpdlib --behind-nat --address …). How an image takes it varies (often an environment variable such as PASV_ADDRESS or PUBLICHOST): see the image's documentation."));
    t.note("2. Publish", &format!("the control port and the WHOLE passive range, with the SAME numbers outside and inside: the server writes its own port numbers into its replies, and clients connect to exactly those on the host ({} ports here).", s.ports()));
    t.note("3. Host firewall", "Docker writes its own iptables rules for published ports: that traffic is forwarded to the container, not delivered to the host, so the host's input rules (ufw, firewalld, an input chain) neither open nor close it. To restrict who may connect, add rules to Docker's DOCKER-USER chain.");
    t.note("docker-proxy", "Docker starts a proxy process (docker-proxy) per published port unless the daemon runs with \"userland-proxy\": false (/etc/docker/daemon.json); with a large range, prefer that, or --network host: the server then uses the host's own addresses and ports, with no publishing and no Docker NAT (the host's firewall applies again).");
    if s.active {
        t.note("Active mode", &format!("the container's outgoing data connections leave through Docker's NAT (masquerade) with the host's address; clients see them come from the host.{}", if s.tls { " Under TLS, most client-side firewalls cannot follow them." } else { "" }));
    }
    t.blank();
    // docker run -p hostPort:containerPort/tcp; ranges "start-end:start-end".
    t.comment(&format!(
        "The server inside must advertise {advertised}: configure it with --behind-nat."
    ));
    t.comment("Publish the control port and the WHOLE passive range, same numbers outside and in.");
    t.note(
        "IMAGE",
        "replace it with the server's image (and add the image's own options).",
    );
    t.line("docker run -d --name ftp-server \\");
    t.line(&format!("  -p {c}:{c}/tcp \\"));
    t.line(&format!("  -p {range}:{range}/tcp \\"));
    t.line("  IMAGE");
    t.blank();
    t.comment("The same in a Compose file (compose.yaml):");
    t.comment("  services:");
    t.comment("    ftp-server:");
    t.comment("      image: IMAGE");
    t.comment("      ports:");
    t.comment(&format!("        - \"{c}:{c}/tcp\""));
    t.comment(&format!("        - \"{range}:{range}/tcp\""));
    t.finish()
}
