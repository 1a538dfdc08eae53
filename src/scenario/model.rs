//! What a scenario is: the mode, the network's knobs, and the concrete addresses and ports.
//! Plain data; [`super::timeline`] derives everything else from it.

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

crate::named_enum! {
    /// How the data connection is set up.
    pub Mode {
        /// Active (RFC 959): the client sends `PORT h1,h2,h3,h4,p1,p2`; the server connects back.
        Port => "port",
        /// Extended active (RFC 2428): `EPRT |af|addr|port|`; the server connects back.
        Eprt => "eprt",
        /// Passive (RFC 959): `PASV`, the server answers 227 with an address and port; the client connects.
        Pasv => "pasv",
        /// Extended passive (RFC 2428): `EPSV`, the 229 reply carries only a port; the client connects to
        /// the address it already uses for the control connection.
        Epsv => "epsv",
        /// `EPSV ALL` first (RFC 2428 §4): from then on only EPSV; tells NAT devices no address will follow.
        EpsvAll => "epsv-all",
    }
}

impl Mode {
    pub const fn is_passive(self) -> bool {
        matches!(self, Mode::Pasv | Mode::Epsv | Mode::EpsvAll)
    }
    /// The opposite mode on the same network: PORT ⇄ PASV, EPRT ⇄ EPSV (for side-by-side comparisons).
    pub const fn counterpart(self) -> Mode {
        match self {
            Mode::Port => Mode::Pasv,
            Mode::Pasv => Mode::Port,
            Mode::Eprt => Mode::Epsv,
            Mode::Epsv | Mode::EpsvAll => Mode::Eprt,
        }
    }
}

crate::named_enum! {
    /// Where the client is.
    pub ClientSite {
        /// On a public address of its own (no NAT).
        Public => "public",
        /// Behind a NAT router (a home or office network): private address inside, one public address outside.
        Nat => "nat",
        /// In the server's own network (the "works locally" case): no NAT between them.
        Lan => "lan",
    }
}

crate::named_enum! {
    /// Where the server is.
    pub ServerSite {
        /// On a public address of its own.
        Public => "public",
        /// Behind a NAT router that forwards the control port (and the open passive range) to it; the FTP
        /// server knows only its private address.
        Nat => "nat",
        /// Behind NAT, with the external address configured in the server (vsftpd `pasv_address`,
        /// ProFTPD `MasqueradeAddress`, Pure-FTPd `-P`, pyftpdlib `masquerade_address`).
        NatExternal => "nat-external",
    }
}

crate::named_enum! {
    /// What the server's firewall (and its NAT's port forwards) let in besides the control port.
    pub ServerFirewall {
        /// The passive range the server uses is open (and forwarded).
        Open => "open",
        /// Only the control port is open.
        Closed => "closed",
        /// A range is open, but not the one the server hands out.
        Mismatch => "mismatch",
    }
}

crate::named_enum! {
    /// What a firewall does with a connection it does not allow.
    pub Blocked {
        /// Silently discards it: the sender retries and gives up after its timeout.
        Drop => "drop",
        /// Answers with a TCP reset (iptables `REJECT --reject-with tcp-reset`): "connection refused" at once.
        Reject => "reject",
    }
}

crate::named_enum! {
    /// IPv4 or IPv6.
    pub IpVersion {
        V4 => "4",
        V6 => "6",
    }
}

crate::named_enum! {
    /// A misuse of the protocol to show (the security section).
    pub Attack {
        None => "none",
        /// Port stealing: a third host connects to the passive port before the client does.
        Steal => "steal",
        /// FTP bounce: the client's PORT names a third host, so the server connects there.
        Bounce => "bounce",
    }
}

crate::named_enum! {
    /// Which address the client connects to after a 227.
    pub PasvIp {
        /// The address in the reply, as RFC 959 says (ftplib with `trust_server_pasv_ipv4_address`, older
        /// clients, most hardware).
        Use => "use",
        /// The control connection's address, keeping only the port (curl ≥ 7.74 by default, ftplib ≥ 3.6.14
        /// by default, FileZilla when the reply's address is private and the server's is not).
        Ignore => "ignore",
    }
}

crate::named_enum! {
    /// Which address the client writes in PORT/EPRT (active mode).
    pub PortIp {
        /// The address it has: its private one behind NAT (every client's default).
        Own => "own",
        /// Its public address (its NAT's outside address), as configured by the user: FileZilla's "Use
        /// the following IP address" for active mode, curl `-P 198.51.100.7`, lftp `ftp:port-ipv4`.
        External => "external",
    }
}

/// A port range, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub min: u16,
    pub max: u16,
}

impl Range {
    pub const fn new(min: u16, max: u16) -> Range {
        Range { min, max }
    }
    pub const fn contains(self, port: u16) -> bool {
        self.min <= port && port <= self.max
    }
    /// How many ports it holds (0 when min > max).
    pub const fn len(self) -> u32 {
        if self.min > self.max {
            0
        } else {
            (self.max - self.min) as u32 + 1
        }
    }
    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl Range {
    /// For narration: a single port as one number (`21`), a wider range as `min-max`. (Display keeps
    /// `min-max` always: links and commands rely on it.)
    pub fn words(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            self.to_string()
        }
    }
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// Concrete addresses and ports. Defaults: the client 192.168.1.10 behind NAT 198.51.100.7, the server
/// 10.0.0.5 behind NAT 203.0.113.100, passive range 50000–51000 (IPv6: global addresses, no NAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Addresses {
    /// The client host's address inside a NAT (used when the client is behind NAT).
    pub client_private: IpAddr,
    /// The client's public address: its NAT router's outside address, or the client's own when public.
    pub client_public: IpAddr,
    /// The client's address when it sits in the server's network (`--client lan`).
    pub client_lan: IpAddr,
    /// The server host's address inside a NAT.
    pub server_private: IpAddr,
    /// The server's public address: its NAT router's outside address, or the server's own when public.
    pub server_public: IpAddr,
    /// A third host on the Internet: the port thief, or the bounce target.
    pub third_party: IpAddr,
    pub control_port: u16,
    /// The client's source port for the control connection.
    pub client_control_port: u16,
    /// The port the client listens on in active mode (sent in PORT/EPRT).
    pub client_data_port: u16,
    /// The client's source port for a passive data connection.
    pub client_source_port: u16,
    /// The port the bounce attack aims at on the third host.
    pub bounce_port: u16,
    /// The range the server hands passive ports out of.
    pub passive_range: Range,
    /// The range the firewall opens when it does not match the server's (`--server-firewall mismatch`).
    pub firewall_range: Range,
}

impl Addresses {
    pub const fn v4() -> Addresses {
        Addresses {
            client_private: IpAddr::V4(Ipv4Addr::new(192, 168, 1, 10)),
            client_public: IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7)),
            client_lan: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 20)),
            server_private: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5)),
            server_public: IpAddr::V4(Ipv4Addr::new(203, 0, 113, 100)),
            third_party: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 66)),
            control_port: 21,
            client_control_port: 51000,
            client_data_port: 52000,
            client_source_port: 51001,
            bounce_port: 25,
            passive_range: Range::new(50000, 51000),
            firewall_range: Range::new(40000, 41000),
        }
    }

    /// IPv6 needs no NAT: "behind NAT" then means behind a router whose stateful firewall still only lets
    /// in what was asked for from inside; both sites use global (documentation-prefix) addresses.
    pub const fn v6() -> Addresses {
        let client = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 0x10));
        let server = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 5));
        Addresses {
            client_private: client,
            client_public: client,
            client_lan: IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 2, 0, 0, 0, 0, 0x20)),
            server_private: server,
            server_public: server,
            third_party: IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0x66, 0, 0, 0, 0, 0x66)),
            ..Addresses::v4()
        }
    }

    pub const fn for_version(ip: IpVersion) -> Addresses {
        match ip {
            IpVersion::V4 => Addresses::v4(),
            IpVersion::V6 => Addresses::v6(),
        }
    }
}

/// One scenario: everything the timeline is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Scenario {
    pub mode: Mode,
    pub ip: IpVersion,
    pub client: ClientSite,
    /// A stateful firewall at the client (outgoing allowed, new incoming refused).
    pub client_firewall: bool,
    pub server: ServerSite,
    pub server_firewall: ServerFirewall,
    /// What the firewalls do with what they do not allow.
    pub blocked: Blocked,
    /// FTP helpers / ALGs on the routers and firewalls (Linux `nf_conntrack_ftp` + `nf_nat_ftp`): they read
    /// the cleartext control connection, rewrite addresses in PORT/227 and open the data port.
    pub alg: bool,
    /// TLS on the control connection (explicit FTPS: AUTH TLS, PBSZ 0, PROT P).
    pub tls: bool,
    /// The server accepts data connections only from the control connection's peer (vsftpd
    /// `pasv_promiscuous=NO` and `port_promiscuous=NO`, ProFTPD `AllowForeignAddress off`): the default.
    pub ip_check: bool,
    pub pasv_ip: PasvIp,
    /// The address the client announces in PORT/EPRT.
    pub port_ip: PortIp,
    pub attack: Attack,
    /// Seconds after which the routers and firewalls forget an idle connection (0: never).
    pub idle_timeout: u32,
    /// How long the file transfer runs, in seconds (the control connection is idle meanwhile).
    pub transfer_seconds: u32,
    /// Passive ports already taken by other clients' transfers.
    pub busy_ports: u32,
    pub addresses: Addresses,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            mode: Mode::Pasv,
            ip: IpVersion::V4,
            client: ClientSite::Nat,
            client_firewall: false,
            server: ServerSite::Nat,
            server_firewall: ServerFirewall::Open,
            blocked: Blocked::Drop,
            alg: false,
            tls: false,
            ip_check: true,
            pasv_ip: PasvIp::Use,
            port_ip: PortIp::Own,
            attack: Attack::None,
            idle_timeout: 0,
            transfer_seconds: 2,
            busy_ports: 0,
            addresses: Addresses::v4(),
        }
    }
}

impl Scenario {
    /// The same network with another IP version: the addresses switch to that version's defaults.
    pub fn with_ip(mut self, ip: IpVersion) -> Scenario {
        if self.ip != ip {
            let ranges = (self.addresses.passive_range, self.addresses.firewall_range);
            self.addresses = Addresses {
                passive_range: ranges.0,
                firewall_range: ranges.1,
                ..Addresses::for_version(ip)
            };
            self.ip = ip;
        }
        self
    }
}
