//! Running the probe in a place, and the firewall rules the tests set up.

use crate::*;

pub(crate) struct Probed {
    pub(crate) code: i32,
    pub(crate) json: Value,
}

impl Probed {
    pub(crate) fn codes(&self) -> BTreeSet<String> {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }
    pub(crate) fn results(&self) -> Vec<String> {
        self.json["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                format!(
                    "{} {} {}",
                    a["via"].as_str().unwrap(),
                    a["toward"].as_str().unwrap(),
                    a["result"].as_str().unwrap()
                )
            })
            .collect()
    }
    pub(crate) fn show(&self) -> String {
        let transcript: Vec<String> = self.json["transcript"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|l| l["text"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "exit {}\nfindings {:?}\nattempts {:?}\n{}",
            self.code,
            self.codes(),
            self.results(),
            transcript.join("\n")
        )
    }
}

pub(crate) fn probe(place: Place, args: &[&str]) -> Probed {
    let mut c = place.command(BIN);
    c.args(["probe", "--json"]).args(args);
    let start = Instant::now();
    let o = c
        .stdin(Stdio::null())
        .output()
        .expect("run ftp-explorer probe");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let json: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| {
        panic!(
            "{e}: stdout {out}\nstderr {}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "the probe took {:?}",
        start.elapsed()
    );
    Probed {
        code: o.status.code().unwrap_or(-1),
        json,
    }
}

pub(crate) fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

pub(crate) const NAT_DROP: &str = "ip daddr 10.255.0.5 drop";
pub(crate) const PASV_DROP: &str = "tcp dport 50000-50010 ct state new drop";
pub(crate) const PASV_REJECT: &str = "tcp dport 50000-50010 ct state new reject with tcp reset";
pub(crate) const ACTIVE_REJECT: &str =
    "tcp dport != { 2121, 50000-50010 } ct state new reject with tcp reset";
