//! A network namespace of the tests' own: addresses, /etc files, programs started in it, the probe
//! client run in it; dropping it kills what runs there and deletes it.

use super::{check, Env, COUNTER};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A network namespace of ours; dropping it kills everything running in it and deletes it.
pub(crate) struct Netns {
    pub(crate) name: String,
    pub(crate) children: Vec<Child>,
}

impl Netns {
    pub(crate) fn new(tag: &str) -> Netns {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let name = format!("ftpx-{tag}-{}-{n}", std::process::id());
        check(
            &Command::new("ip")
                .args(["netns", "add", &name])
                .output()
                .unwrap(),
            "ip netns add",
        );
        let ns = Netns {
            name,
            children: Vec::new(),
        };
        ns.ip(&["link", "set", "lo", "up"]);
        ns
    }

    /// `ip -n NS …` (must succeed).
    pub(crate) fn ip(&self, args: &[&str]) {
        let o = Command::new("ip")
            .arg("-n")
            .arg(&self.name)
            .args(args)
            .output()
            .unwrap();
        check(&o, &format!("ip -n {} {args:?}", self.name));
    }

    pub(crate) fn exec(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]).arg(program);
        c
    }

    /// Load nftables rules (test scaffolding, such as the NAT router) into the namespace.
    pub(crate) fn nft(&self, rules: &str) {
        let mut child = self
            .exec("nft")
            .args(["-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), rules.as_bytes()).unwrap();
        check(
            &child.wait_with_output().unwrap(),
            &format!("nft -f - (test scaffolding)\n{rules}"),
        );
    }

    /// This namespace's own /etc/hosts (`ip netns exec` mounts /etc/netns/NS/hosts over /etc/hosts).
    pub(crate) fn hosts(&self, text: &str) {
        self.etc_file("hosts", text);
    }

    /// This namespace's own `/etc/NAME`: `ip netns exec` bind-mounts every file of /etc/netns/NS over
    /// the file of the same name in /etc, for the programs it starts (and for nothing else on the
    /// machine). Removed with the namespace.
    pub(crate) fn etc_file(&self, name: &str, text: &str) {
        let dir = Path::new("/etc/netns").join(&self.name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// Start a program in the namespace, its output in `log`.
    pub(crate) fn spawn(&mut self, mut cmd: Command, log: &Path) {
        let file = std::fs::File::create(log).unwrap();
        let child = cmd
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        self.children.push(child);
    }

    /// Wait until something listens on TCP `port` in the namespace; fail with `log` if the last program
    /// started exits first.
    pub(crate) fn wait_listening(&mut self, port: u16, log: &Path) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(child) = self.children.last_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    panic!(
                        "the server exited ({status}) before listening on port {port}:\n{}",
                        std::fs::read_to_string(log).unwrap_or_default()
                    );
                }
            }
            let o = self
                .exec("ss")
                .args(["-Hltn", &format!("sport = :{port}")])
                .output()
                .unwrap();
            if !String::from_utf8_lossy(&o.stdout).trim().is_empty() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "nothing listens on port {port} after 15 s:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Run the probe client in the namespace with these arguments; its JSON answer.
    pub(crate) fn probe(&self, env: &Env, args: Value) -> Value {
        let o = self
            .exec("python3")
            .arg(&env.probe)
            .arg(args.to_string())
            .output()
            .unwrap();
        check(&o, "the probe client");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "probe output is not JSON ({e}): {}",
                String::from_utf8_lossy(&o.stdout)
            )
        });
        assert!(
            v.get("fatal").is_none(),
            "the probe failed: {v}\nargs: {args}"
        );
        v
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let pids = Command::new("ip")
            .args(["netns", "pids", &self.name])
            .output();
        if let Ok(o) = pids {
            for pid in String::from_utf8_lossy(&o.stdout).split_whitespace() {
                let _ = Command::new("kill").args(["-KILL", pid]).status();
            }
        }
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
        let _ = std::fs::remove_dir_all(Path::new("/etc/netns").join(&self.name));
        let _ = std::fs::remove_dir("/etc/netns"); // only when empty: others' entries stay
    }
}
