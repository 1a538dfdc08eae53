//! The hand-written table against the fixtures: every log has a row, and reads as its row says (format,
//! control connection, data connections, problem and info codes).

use super::{ip, log_files, read, table};
use ftp_explorer::diagnose::{diagnose, Options, Severity};
use ftp_explorer::log::read_log;
use std::collections::BTreeSet;

fn codes(d: &ftp_explorer::diagnose::Diagnosis, info: bool) -> BTreeSet<&'static str> {
    d.findings
        .iter()
        .filter(|f| (f.severity == Severity::Info) == info)
        .map(|f| f.code.as_str())
        .collect()
}

#[test]
fn every_log_has_a_row() {
    let rows: BTreeSet<&str> = table().iter().map(|r| r.file).collect();
    let files = log_files();
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !rows.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "logs without a row in tests/log_fixtures.rs: {missing:?}"
    );
    let stale: Vec<&&str> = rows
        .iter()
        .filter(|r| !files.iter().any(|f| f == *r))
        .collect();
    assert!(stale.is_empty(), "rows without a log: {stale:?}");
    assert_eq!(table().len(), rows.len(), "duplicate rows");
    assert_eq!(files.len(), 73);
}

#[test]
fn every_log_reads_as_its_table_row_says() {
    let mut failures = Vec::new();
    for row in table() {
        let text = read(row.file);
        let s = read_log(&text, None);
        let d = diagnose(&s, &Options::default());
        let mut why = Vec::new();
        if s.format != row.format {
            why.push(format!("format {:?}, want {:?}", s.format, row.format));
        }
        let control = s.control.as_ref().map(|c| (c.host.clone(), c.ip, c.port));
        let want_control = row
            .control
            .map(|(h, i, p)| (h.map(str::to_string), ip(i), p));
        if control != want_control {
            why.push(format!("control {control:?}, want {want_control:?}"));
        }
        let got_dcs: Vec<_> = s
            .data_connections
            .iter()
            .map(|d| (d.mode, d.via, d.advertised.ip, d.advertised.port, d.outcome))
            .collect();
        let want_dcs: Vec<_> = row
            .dcs
            .iter()
            .map(|d| (d.mode, d.via, ip(d.ip), Some(d.port), d.outcome))
            .collect();
        if got_dcs != want_dcs {
            why.push(format!("data connections {got_dcs:?}, want {want_dcs:?}"));
        }
        let problems = codes(&d, false);
        let want: BTreeSet<&str> = row.problems.iter().copied().collect();
        if problems != want {
            why.push(format!("problems {problems:?}, want {want:?}"));
        }
        let infos = codes(&d, true);
        let want: BTreeSet<&str> = row.infos.iter().copied().collect();
        if infos != want {
            why.push(format!("infos {infos:?}, want {want:?}"));
        }
        if !why.is_empty() {
            failures.push(format!("{}:\n    {}", row.file, why.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
