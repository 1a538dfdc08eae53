//! Texts no test runs as a whole: read by the tools' own parsers (ufw, firewalld), and shell/Python
//! syntax.

use super::{check, env, gen, PUBLIC_IP};
use ftp_explorer::config::{Inputs, Target};
use serde_json::{json, Value};
use std::process::Command;

fn variants() -> Vec<Inputs> {
    let mut v = Vec::new();
    for (tls, active, control, range) in [
        (false, true, 21, (50000, 51000)),
        (true, false, 2121, (40000, 40099)),
        (false, false, 990, (60000, 60000)),
    ] {
        v.push(Inputs {
            address: PUBLIC_IP.into(),
            behind_nat: true,
            tls,
            active,
            control_port: control,
            passive_min: range.0,
            passive_max: range.1,
            max_clients: 1,
            ..Inputs::default()
        });
    }
    v
}

/// The text between `cat > PATH <<'EOF'` and `EOF`.
fn heredoc(text: &str, path: &str) -> Option<String> {
    let start = text.find(&format!("cat > {path} <<'EOF'\n"))?;
    let body = &text[start..];
    let body = &body[body.find('\n')? + 1..];
    Some(body[..body.find("\nEOF\n")? + 1].to_string())
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn ufw_commands_parse_with_ufw() {
    let env = env();
    let dist = env.root.join("usr/lib/python3/dist-packages");
    for inputs in variants() {
        let g = gen(Target::Ufw, &inputs);
        let commands: Vec<&str> = g.text.lines().filter(|l| l.starts_with("ufw ")).collect();
        assert!(commands.len() >= 5, "{}", g.text);
        // ufw's own command-line parser (ufw.frontend.parse_command), as `ufw --dry-run` would use it.
        let script = r#"
import builtins, json, shlex, sys
builtins._ = lambda s: s
import ufw.frontend
out = []
for line in json.loads(sys.argv[1]):
    pr = ufw.frontend.parse_command(shlex.split(line))
    r = pr.data.get("rule")
    out.append([line, pr.action, r.format_rule() if r else ""])
print(json.dumps(out))
"#;
        let o = Command::new("python3")
            .args(["-c", script, &serde_json::to_string(&commands).unwrap()])
            .env("PYTHONPATH", &dist)
            .output()
            .unwrap();
        check(&o, "ufw's parser");
        let parsed: Vec<(String, String, String)> = serde_json::from_slice(&o.stdout).unwrap();
        let rules: Vec<&str> = parsed.iter().map(|p| p.2.as_str()).collect();
        let (lo, hi) = (inputs.passive_min, inputs.passive_max);
        let range = if lo == hi {
            format!("--dport {lo} ")
        } else {
            format!("--dports {lo}:{hi} ")
        };
        assert!(
            rules
                .iter()
                .any(|r| r.contains(&format!("-p tcp --dport {} ", inputs.control_port))),
            "{parsed:?}"
        );
        assert!(
            rules.iter().any(|r| r.contains(&range)),
            "{range}: {parsed:?}"
        );
        assert!(parsed.iter().any(|p| p.1 == "enable"), "{parsed:?}");
    }
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn firewalld_files_parse_with_firewalld() {
    let env = env();
    let dist = env.root.join("usr/lib/python3/dist-packages");
    for inputs in variants() {
        let g = gen(Target::Firewalld, &inputs);
        let dir = env.tmp.join(format!("firewalld-{}", inputs.control_port));
        std::fs::create_dir_all(dir.join("services")).unwrap();
        std::fs::create_dir_all(dir.join("helpers")).unwrap();
        let service =
            heredoc(&g.text, "/etc/firewalld/services/ftp-server.xml").expect("service file");
        std::fs::write(dir.join("services/ftp-server.xml"), service).unwrap();
        let helper_name = format!("ftp-{}", inputs.control_port);
        let helper = heredoc(
            &g.text,
            &format!("/etc/firewalld/helpers/{helper_name}.xml"),
        );
        if let Some(h) = &helper {
            std::fs::write(dir.join(format!("helpers/{helper_name}.xml")), h).unwrap();
        }
        // firewalld's own readers (firewall.core.io), as firewalld uses them at --reload.
        let script = r#"
import json, os, sys
from firewall.core.io.service import service_reader
from firewall.core.io.helper import helper_reader
d = sys.argv[1]
s = service_reader("ftp-server.xml", os.path.join(d, "services"))
out = {"ports": s.ports, "helpers": s.helpers, "helper": None}
for f in os.listdir(os.path.join(d, "helpers")):
    h = helper_reader(f, os.path.join(d, "helpers"))
    out["helper"] = {"module": h.module, "ports": h.ports}
print(json.dumps(out))
"#;
        let o = Command::new("python3")
            .args(["-c", script])
            .arg(&dir)
            .env("PYTHONPATH", &dist)
            .output()
            .unwrap();
        check(&o, "firewalld's readers");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let (lo, hi) = (inputs.passive_min, inputs.passive_max);
        let range = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        };
        assert_eq!(
            v["ports"],
            json!([[inputs.control_port.to_string(), "tcp"], [range, "tcp"]]),
            "{v}"
        );
        let want_helper: Vec<String> = match (inputs.tls, inputs.control_port) {
            (true, _) => vec![],
            (false, 21) => vec!["ftp".into()],
            (false, p) => vec![format!("ftp-{p}")],
        };
        assert_eq!(v["helpers"], json!(want_helper), "{v}");
        if !inputs.tls && inputs.control_port != 21 {
            assert_eq!(v["helper"]["module"], "nf_conntrack_ftp", "{v}");
            assert_eq!(
                v["helper"]["ports"],
                json!([[inputs.control_port.to_string(), "tcp"]]),
                "{v}"
            );
        }
    }
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn scripts_are_valid_shell_and_python() {
    let env = env();
    for inputs in variants() {
        for target in [
            Target::Iptables,
            Target::Ufw,
            Target::Firewalld,
            Target::Docker,
            Target::PureFtpd,
        ] {
            let g = gen(target, &inputs);
            let file = env.tmp.join(g.filename);
            std::fs::write(&file, &g.text).unwrap();
            let shell = if target == Target::PureFtpd {
                "bash"
            } else {
                "sh"
            };
            check(
                &Command::new(shell).arg("-n").arg(&file).output().unwrap(),
                &format!("{shell} -n {target}"),
            );
        }
        let mut py = inputs.clone();
        py.address = PUBLIC_IP.into();
        let g = gen(Target::Pyftpdlib, &py);
        let file = env.tmp.join(g.filename);
        std::fs::write(&file, &g.text).unwrap();
        check(
            &Command::new("python3")
                .args(["-m", "py_compile"])
                .arg(&file)
                .output()
                .unwrap(),
            "python3 -m py_compile",
        );
    }
}
