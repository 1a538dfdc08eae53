//! The fixtures README's headline table: every log's first finding.

use super::{dir, log_files, read};
use ftp_explorer::diagnose::{diagnose, Options, Severity};
use ftp_explorer::log::read_log;
use std::collections::BTreeSet;

/// The table "Headline: the first finding for each log" of the fixtures' README: file → (code, severity),
/// `none` for a log without findings.
fn readme_headlines() -> Vec<(String, Option<(String, String)>)> {
    let readme = std::fs::read_to_string(dir().join("README.md")).unwrap();
    let start = readme
        .find("### Headline: the first finding for each log")
        .expect("the README's headline table");
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| file "))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let file = cells[1].trim_matches('`').to_string();
            let code = cells[2].trim_matches('`');
            let want = (code != "none").then(|| (code.to_string(), cells[3].to_string()));
            (file, want)
        })
        .collect()
}

/// Issue 18: every log's first finding (the one the summary line quotes) is the ground truth's headline.
#[test]
fn every_log_has_its_headline_first() {
    let table = readme_headlines();
    let listed: BTreeSet<&str> = table.iter().map(|(f, _)| f.as_str()).collect();
    let files = log_files();
    assert_eq!(
        listed,
        files.iter().map(String::as_str).collect(),
        "the README's headline table must list every log once"
    );
    assert_eq!(table.len(), files.len(), "a log listed twice");
    let mut wrong = Vec::new();
    for (file, want) in &table {
        let s = read_log(&read(file), None);
        let d = diagnose(&s, &Options::default());
        let got = d
            .findings
            .first()
            .map(|f| (f.code.as_str().to_string(), f.severity.as_str().to_string()));
        if got != *want {
            wrong.push(format!(
                "{file}: first finding {got:?}, README says {want:?}"
            ));
        }
        // A problem's summary line quotes it (a healthy log's says what worked instead).
        if let Some(f) = d.findings.first().filter(|f| f.severity != Severity::Info) {
            assert!(d.summary.ends_with(&f.message), "{file}");
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
