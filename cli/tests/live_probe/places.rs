//! Guards: a scratch directory, a network namespace, a server process; where a server runs.

use crate::*;

pub(crate) static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn scratch(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "ftp-explorer-live-{}-{n}-{tag}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("root")).unwrap();
    std::fs::write(
        dir.join("root/hello.txt"),
        "hello from the ftp-explorer live probe test\n",
    )
    .unwrap();
    dir
}

/// A network namespace with only its loopback, holding 127.0.0.1, ::1 and 10.255.0.5 (the address a
/// misconfigured server advertises). Deleted on drop.
pub(crate) struct Netns {
    name: String,
}

impl Netns {
    pub(crate) fn new(tag: &str) -> Netns {
        need_root();
        need_program("ip");
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("fxp{}-{n}-{tag}", std::process::id());
        let out = sh("ip", &["netns", "add", &name]);
        assert!(
            out.status.success(),
            "ip netns add {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ns = Netns { name };
        ns.ip(&["link", "set", "lo", "up"]);
        ns.ip(&["addr", "add", "10.255.0.5/32", "dev", "lo"]);
        ns
    }

    pub(crate) fn ip(&self, args: &[&str]) {
        let mut all = vec!["-n", &self.name];
        all.extend_from_slice(args);
        let out = sh("ip", &all);
        assert!(
            out.status.success(),
            "ip {all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `program args…` inside the namespace.
    pub(crate) fn command(&self, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name, program]);
        c
    }

    /// Replace the namespace's nftables ruleset with an output chain holding these rules.
    pub(crate) fn firewall(&self, rules: &[&str]) {
        need_program("nft");
        let mut script = String::from(
            "flush ruleset\ntable inet fw {\n  chain out {\n    type filter hook output priority 0; policy accept;\n",
        );
        for r in rules {
            script.push_str(&format!("    {r}\n"));
        }
        script.push_str("  }\n}\n");
        let mut child = self
            .command("nft")
            .args(["-f", "-"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run nft");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "nft -f: {}\n{script}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "delete", &self.name])
            .output();
    }
}

/// A server process started by this test: killed (by its id) and its scratch directory removed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a server runs: this machine's loopback, or a namespace's.
#[derive(Clone, Copy)]
pub(crate) enum Place<'a> {
    Host,
    Ns(&'a Netns),
}

impl Place<'_> {
    pub(crate) fn command(&self, program: &str) -> Command {
        match self {
            Place::Host => Command::new(program),
            Place::Ns(ns) => ns.command(program),
        }
    }
}

/// Wait until something listens on TCP `port` in `place`.
pub(crate) fn wait_listening(place: Place, port: u16, server: &mut Server) {
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end {
        if let Ok(Some(status)) = server.child.try_wait() {
            let log = std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default();
            panic!("the server exited ({status}) before listening on {port}:\n{log}");
        }
        let out = place
            .command("ss")
            .args(["-ltnH", &format!("sport = :{port}")])
            .output()
            .expect("run ss");
        if !String::from_utf8_lossy(&out.stdout).trim().is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no server listening on port {port} after 10 s");
}

/// Ports for one server: the control port and a passive range of 11. In a namespace the captures'
/// 2121 and 50000-50010; on this machine free ones.
pub(crate) fn ports(place: Place) -> (u16, u16, u16) {
    match place {
        Place::Ns(_) => (2121, 50000, 50010),
        Place::Host => {
            let control = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let seed = std::process::id() as u16
                ^ (COUNTER.fetch_add(1, Ordering::SeqCst) as u16).wrapping_mul(977);
            for i in 0..200u16 {
                let base = 30000 + (seed.wrapping_add(i.wrapping_mul(131)) % 2500) * 11;
                let free = (base..=base + 10)
                    .all(|p| p != control && TcpListener::bind(("127.0.0.1", p)).is_ok());
                if free {
                    return (control, base, base + 10);
                }
            }
            panic!("no free range of 11 ports on 127.0.0.1");
        }
    }
}
