//! The troubleshooting guide and the security checklist, as data: each symptom with its likely causes,
//! the checks to run (exact commands), the fix, and the flow preset that shows it happening. The page
//! renders these; a test keeps every preset id and example log name pointing at something real.

use serde::Serialize;

mod search;
pub use search::{search, Hit, Wording, QUERY_LIMIT, WORDINGS};

/// A command to run, and what its output tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub command: &'static str,
    pub tells: &'static str,
}

/// One row of the troubleshooting table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symptom {
    /// Stable: the page's `#/guide/ID`.
    pub id: &'static str,
    pub title: &'static str,
    /// Mode family it concerns: `passive`, `active`, or `both`.
    pub mode: &'static str,
    /// What the user sees, e.g. a client's log line.
    pub seen: &'static [&'static str],
    pub causes: &'static [&'static str],
    pub checks: &'static [Check],
    pub fix: &'static [&'static str],
    /// The flow preset that reproduces it (`#/flow?preset=ID`).
    pub preset: &'static str,
    /// The example log of the checker that shows it, if one does (a name in [`crate::log::examples`]).
    pub example_log: Option<&'static str>,
}

const CURL_V: Check = Check {
    command: "curl -v ftp://ftp.example.com/",
    tells: "The whole dialogue: which command (EPSV, then PASV) and which address and port curl connects to. Paste the output into the checker.",
};

/// The symptom table.
pub const SYMPTOMS: &[Symptom] = &[
    Symptom {
        id: "refused",
        title: "Connection refused to data port",
        mode: "passive",
        seen: &["* connect to 203.0.113.100 port 50000 failed: Connection refused   (curl -v)", "ConnectionRefusedError: [Errno 111] Connection refused   (Python ftplib)"],
        causes: &[
            "A firewall in front of the server rejects the passive range (REJECT with a TCP reset).",
            "Nothing listens there: the NAT router or Docker forwards the control port but not the passive range (a container started with -p 21:21 only), so the host answers with a reset.",
            "The server hands out ports from another range than the one forwarded.",
        ],
        checks: &[
            CURL_V,
            Check { command: "nc -zv ftp.example.com 50000", tells: "Whether the data port answers from where the client is (use the port from the 227/229 reply, while the session waits)." },
            Check { command: "ss -ltnp 'sport >= :50000 and sport <= :51000'", tells: "On the server, during a PASV: is the server listening on the port it announced?" },
            Check { command: "nft list ruleset   (or: iptables -S; ufw status; firewall-cmd --list-all)", tells: "Which ports the server's firewall lets in, and whether it rejects or drops the rest." },
        ],
        fix: &[
            "Open and forward exactly the server's passive range (vsftpd pasv_min_port/pasv_max_port, ProFTPD PassivePorts, Pure-FTPd -p, pyftpdlib passive_ports).",
            "Docker: publish the range too: docker run -p 21:21 -p 50000-50010:50000-50010 … and set the server's range to the same ports.",
        ],
        preset: "refused-data-port",
        example_log: Some("Blocked passive ports"),
    },
    Symptom {
        id: "timeout-private-ip",
        title: "Timeout connecting to data port (private IP in PASV)",
        mode: "passive",
        seen: &["227 Entering Passive Mode (10,0,0,5,195,80)", "* Connecting to 10.0.0.5 (10.0.0.5) port 50000 … * ipv4 connect timeout after 2996ms   (curl -v --no-ftp-skip-pasv-ip)", "Server sent passive reply with unroutable address. Using server address instead.   (FileZilla)"],
        causes: &[
            "The server sits behind NAT and writes its own private address into the 227 reply; the Internet does not route it.",
            "Docker: the server advertises the container's bridge address (172.17.x.x).",
        ],
        checks: &[
            Check { command: "curl -v --disable-epsv --no-ftp-skip-pasv-ip ftp://ftp.example.com/", tells: "Forces PASV and makes curl use the reply's address, as RFC 959 clients do: the 227 shows the advertised address." },
            Check { command: "ftp-explorer decode '227 Entering Passive Mode (10,0,0,5,195,80)'", tells: "Decodes the reply and classifies the address (private, CGNAT, loopback…)." },
        ],
        fix: &[
            "Configure the external address: vsftpd pasv_address=203.0.113.100 (or pasv_addr_resolve=YES with a host name), ProFTPD MasqueradeAddress, Pure-FTPd -P, pyftpdlib masquerade_address.",
            "Use EPSV: its reply carries no address (curl, lftp and FileZilla try it first).",
            "Modern clients work around it (curl ≥ 7.74 and ftplib ignore the address by default), but fix the server: other clients do not.",
        ],
        preset: "pasv-private-ip",
        example_log: Some("Server behind NAT"),
    },
    Symptom {
        id: "timeout-range",
        title: "Timeout connecting to data port (range blocked)",
        mode: "passive",
        seen: &["*   Trying 203.0.113.100:50000... then silence, then: curl: (28) Failed to connect to … Couldn't connect to server", "TimeoutError: timed out   (Python ftplib)"],
        causes: &[
            "The server's firewall drops the passive range (policy drop).",
            "The firewall opens a range, but not the one the server uses (or the server has no range configured and picks any port).",
        ],
        checks: &[
            CURL_V,
            Check { command: "nc -zv -w 5 ftp.example.com 50000", tells: "A timeout (not \"refused\") means something drops the packets." },
            Check { command: "grep -E 'pasv_(min|max)_port' /etc/vsftpd.conf", tells: "The range the server really uses, to compare with the firewall's." },
        ],
        fix: &[
            "Set a passive range in the server and open exactly that range in every firewall and NAT on the way.",
            "Or load the firewall's FTP helper (nf_conntrack_ftp) for cleartext FTP only: it opens each announced port.",
        ],
        preset: "range-closed",
        example_log: Some("Blocked passive ports"),
    },
    Symptom {
        id: "works-locally",
        title: "Works locally, fails externally",
        mode: "passive",
        seen: &["Listing works from the server's own network, hangs from outside."],
        causes: &[
            "Inside the LAN the private address in the 227 is reachable; outside it is not.",
            "The passive range is open on the host but not forwarded by the router.",
        ],
        checks: &[
            Check { command: "curl -v --disable-epsv --no-ftp-skip-pasv-ip ftp://ftp.example.com/   (from outside)", tells: "The address an outside client is told to connect to." },
            Check { command: "nc -zv PUBLIC_IP 50000   (from outside)", tells: "Whether the range is forwarded." },
        ],
        fix: &[
            "Configure the external address and forward the passive range.",
            "If LAN clients then break (they get the public address), enable hairpin NAT on the router or let LAN clients connect to the private address with a client that ignores the 227 address (curl's default).",
        ],
        preset: "works-locally",
        example_log: Some("Server behind NAT"),
    },
    Symptom {
        id: "stalls",
        title: "Transfer starts but stalls (firewall idle timeout)",
        mode: "both",
        seen: &["Large downloads reach 100% but the client never returns; small ones work.", "Error: Connection timed out after 20 seconds of inactivity   (FileZilla, at the end of a long transfer)"],
        causes: &[
            "During a long transfer the control connection is idle; a NAT router or firewall forgets it and drops the final 226 reply.",
        ],
        checks: &[
            Check { command: "curl -v -o /dev/null ftp://ftp.example.com/big.iso", tells: "Whether the 226 arrives after a long transfer." },
            Check { command: "sysctl net.netfilter.nf_conntrack_tcp_timeout_established", tells: "Linux's idle timeout for established connections (default 432000 s); appliances often use 3600 s or less." },
        ],
        fix: &[
            "Keep the control connection alive: curl --keepalive-time 60, TCP keepalives in the client, or a client that sends NOOP (FileZilla's keep-alive).",
            "Raise the device's idle timeout above the longest transfer.",
        ],
        preset: "stall-idle-timeout",
        example_log: None,
    },
    Symptom {
        id: "random-failures",
        title: "Random failures with multiple clients (port range exhausted)",
        mode: "passive",
        seen: &["Most transfers work; some fail with 425 or a closed connection when many clients are busy.", "500 OOPS: vsf_sysutil_bind (vsftpd)"],
        causes: &[
            "The passive range is smaller than the number of simultaneous transfers (closed ports also linger in TIME_WAIT).",
        ],
        checks: &[
            Check { command: "ss -tan 'sport >= :50000 and sport <= :51000' | wc -l", tells: "How many ports of the range are in use (including TIME_WAIT)." },
            Check { command: "grep -E 'max_clients|max_per_ip|pasv_(min|max)_port' /etc/vsftpd.conf", tells: "The range size against the connection limits." },
        ],
        fix: &[
            "Widen the passive range (and the firewall's): at least a few ports per simultaneous transfer.",
            "Limit sessions to what the range serves: vsftpd max_clients / max_per_ip, ProFTPD MaxClients, Pure-FTPd -c / -C, pyftpdlib max_cons / max_cons_per_ip.",
        ],
        preset: "range-exhausted",
        example_log: None,
    },
    Symptom {
        id: "epsv-works-pasv-fails",
        title: "EPSV works, PASV fails",
        mode: "passive",
        seen: &["curl works, but curl --disable-epsv (or an older client) times out."],
        causes: &[
            "The server advertises a private address in its 227; the 229 reply of EPSV carries none, so EPSV clients are not misled.",
        ],
        checks: &[
            Check { command: "curl -v ftp://ftp.example.com/", tells: "EPSV first: works." },
            Check { command: "curl -v --disable-epsv --no-ftp-skip-pasv-ip ftp://ftp.example.com/", tells: "PASV: shows the advertised address." },
        ],
        fix: &["Configure the external address for the 227 (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P, pyftpdlib masquerade_address)."],
        preset: "epsv-works-pasv-fails",
        example_log: Some("Server behind NAT"),
    },
    Symptom {
        id: "active-illegal-port",
        title: "Active mode fails behind NAT (500 Illegal PORT command)",
        mode: "active",
        seen: &["PORT 192,168,1,10,203,32", "500 Illegal PORT command.", "500 I won't open a connection to 192.168.1.10 (only to 198.51.100.7) (Pure-FTPd)"],
        causes: &[
            "The client writes its private address in PORT/EPRT; the server connects only to the control connection's address and refuses.",
        ],
        checks: &[Check { command: "curl -v -P - ftp://ftp.example.com/", tells: "Active mode with curl: shows the PORT/EPRT sent and the reply." }],
        fix: &[
            "Use passive mode.",
            "Or tell the client its public address (curl -P 198.51.100.7, lftp set ftp:port-ipv4, FileZilla's active-mode external IP) and forward its active port range.",
        ],
        preset: "active-nat",
        example_log: Some("Active mode behind NAT"),
    },
    Symptom {
        id: "active-timeout",
        title: "Active mode: 425 Failed to establish connection",
        mode: "active",
        seen: &["200 PORT command successful. Consider using PASV.", "425 Failed to establish connection."],
        causes: &[
            "The client's firewall (or NAT) drops the server's incoming connection to the port the client announced.",
            "The client announces its public address (curl -P, FileZilla's active-mode external IP) but its NAT router forwards no port to it: the server's SYN dies at that router (the flow preset \"active-nat-no-forward\" shows it).",
        ],
        checks: &[Check { command: "curl -v -P - ftp://ftp.example.com/", tells: "The PORT/EPRT accepted, then the 425 after the server's connect timeout." }],
        fix: &["Use passive mode.", "Or let the client's firewall load its FTP helper (cleartext only), or open the client's active port range."],
        preset: "active-firewall",
        example_log: None,
    },
    Symptom {
        id: "ftps-fails",
        title: "Works with FTP, fails with FTPS",
        mode: "both",
        seen: &["Plain FTP lists fine; with AUTH TLS the listing times out."],
        causes: &[
            "A router's FTP helper (ALG) was fixing the 227 or opening the ports; with TLS it cannot read the control connection any more.",
        ],
        checks: &[
            Check { command: "curl -v --ssl-reqd ftp://ftp.example.com/", tells: "FTPS: compare the 227/229 and the data connection with plain FTP." },
            Check { command: "lsmod | grep nf_conntrack_ftp", tells: "Whether a Linux firewall relies on the FTP helper." },
        ],
        fix: &["Configure the external address in the server and open the passive range explicitly: nothing in between can help under TLS."],
        preset: "alg-ftps",
        example_log: None,
    },
];

/// One item of the security checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    pub id: &'static str,
    pub title: &'static str,
    pub risk: &'static str,
    pub mitigation: &'static str,
    /// `(program, configuration line)`.
    pub lines: &'static [(&'static str, &'static str)],
    /// A flow preset that shows it, if one does.
    pub preset: Option<&'static str>,
}

/// The security checklist.
pub const RISKS: &[Risk] = &[
    Risk {
        id: "open-range",
        title: "An open port range",
        risk: "Every open passive port is a way in while it listens; a wide range open to the world widens what a scan finds.",
        mitigation: "Open exactly the server's passive range, sized for the expected transfers, and nothing else.",
        lines: &[("vsftpd", "pasv_min_port=50000\npasv_max_port=50100"), ("nftables", "tcp dport { 21, 50000-50100 } ct state new accept")],
        preset: None,
    },
    Risk {
        id: "port-stealing",
        title: "Port stealing",
        risk: "A third host connects to the passive port before the client and receives (or supplies) the file.",
        mitigation: "Accept data connections only from the control connection's address; prefer TLS with session reuse.",
        lines: &[("vsftpd", "pasv_promiscuous=NO\nrequire_ssl_reuse=YES"), ("ProFTPD", "AllowForeignAddress off"), ("pyftpdlib", "handler.permit_foreign_addresses = False")],
        preset: Some("port-stealing"),
    },
    Risk {
        id: "bounce",
        title: "FTP bounce",
        risk: "A PORT naming a third host makes the server connect there: port scans and relayed traffic from the server's address.",
        mitigation: "Connect only to the client's own address, never to ports below 1024.",
        lines: &[("vsftpd", "port_promiscuous=NO"), ("ProFTPD", "AllowForeignAddress off"), ("pyftpdlib", "handler.permit_foreign_addresses = False\nhandler.permit_privileged_ports = False")],
        preset: Some("bounce"),
    },
    Risk {
        id: "exhaustion",
        title: "Resource exhaustion",
        risk: "Many sessions exhaust the passive range, file descriptors or bandwidth.",
        mitigation: "Limit sessions overall and per address; time out idle sessions and stalled data connections.",
        lines: &[("vsftpd", "max_clients=50\nmax_per_ip=5\nidle_session_timeout=300\ndata_connection_timeout=120"), ("ProFTPD", "MaxClients 50\nMaxClientsPerHost 5"), ("Pure-FTPd", "-c 50 -C 5"), ("pyftpdlib", "server.max_cons = 50\nserver.max_cons_per_ip = 5")],
        preset: Some("range-exhausted"),
    },
    Risk {
        id: "plaintext",
        title: "Plaintext exposure",
        risk: "Without TLS every file and listing crosses the network readable by anyone on the path.",
        mitigation: "Require TLS on data connections (PROT P).",
        lines: &[("vsftpd", "ssl_enable=YES\nforce_local_data_ssl=YES"), ("ProFTPD", "TLSEngine on\nTLSRequired on"), ("Pure-FTPd", "-Y 3"), ("pyftpdlib", "handler = TLS_FTPHandler\nhandler.tls_data_required = True")],
        preset: None,
    },
    Risk {
        id: "credentials",
        title: "Credential sniffing",
        risk: "USER and PASS travel in cleartext without TLS.",
        mitigation: "Require TLS before login; keep anonymous access read-only or off.",
        lines: &[("vsftpd", "force_local_logins_ssl=YES\nanonymous_enable=NO"), ("ProFTPD", "TLSRequired ctrl"), ("pyftpdlib", "handler.tls_control_required = True")],
        preset: None,
    },
];

/// When SFTP is the better choice, one reason per entry.
pub const CHOOSE_SFTP: &[&str] = &[
    "SFTP (over SSH) uses one connection on one port (22): no data connections, no passive range, no NAT address to advertise, nothing for a firewall helper to read.",
    "It is encrypted and authenticated by default, with key-based logins.",
    "Choose FTP/FTPS only when the clients or devices require it (legacy systems, some scanners and cameras, anonymous public mirrors).",
];

/// The symptom with this id.
pub fn symptom(id: &str) -> Option<&'static Symptom> {
    SYMPTOMS.iter().find(|s| s.id == id)
}
