//! `ftp-explorer probe`, run as a process against scripted fake FTP servers on 127.0.0.1 (and ::1):
//! each test starts a server thread on a random port that answers with chosen replies, runs the built
//! binary, and checks the findings' codes, the exit status, the transcript, the JSON shape, and that the
//! password never shows. Every wait is bounded: no test takes more than a few seconds.

//!
//! - [`fake`]: the scripted server; [`passive`]: the data connections a passive session opens (or not);
//!   [`active`]: active mode; [`stops`]: where the probe stops (login, silence, TLS refused, usage
//!   errors) and the password kept secret; [`report`]: the text report, whole.

mod active;
mod fake;
mod passive;
mod report;
mod stops;

use crate::common::{code, run, run_stdin, stderr, stdout};
use fake::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------
// Running the probe

struct Probed {
    code: i32,
    json: Value,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Probed {
    fn codes(&self) -> BTreeSet<String> {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }
    fn results(&self) -> Vec<(String, String, String)> {
        self.json["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["via"].as_str().unwrap().to_string(),
                    a["toward"].as_str().unwrap().to_string(),
                    a["result"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
    fn transcript(&self) -> String {
        self.json["transcript"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap().to_string() + "\n")
            .collect()
    }
}

fn probe_json(args: &[&str]) -> Probed {
    let mut all = vec!["probe", "--json"];
    all.extend_from_slice(args);
    let start = Instant::now();
    let o = run(&all);
    let took = start.elapsed();
    let out = stdout(&o);
    let json =
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}\n{}", stderr(&o)));
    Probed {
        code: code(&o),
        json,
        stdout: out,
        stderr: stderr(&o),
        took,
    }
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

fn tuple(via: &str, toward: &str, result: &str) -> (String, String, String) {
    (via.into(), toward.into(), result.into())
}
