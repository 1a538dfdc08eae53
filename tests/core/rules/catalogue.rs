//! The tables against the catalogue: every code has a trigger and a quiet variant, and every trigger's
//! findings link to a real preset and a valid setup.

use super::quiet::QUIET;
use super::triggers::TRIGGERS;
use ftp_explorer::diagnose::{diagnose, Code, Options};
use ftp_explorer::log::read_log;
use std::collections::BTreeSet;

#[test]
fn every_code_has_a_trigger_and_a_quiet_variant() {
    let all: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let triggered: BTreeSet<&str> = TRIGGERS.iter().map(|c| c.code.as_str()).collect();
    let quiet: BTreeSet<&str> = QUIET.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        all.difference(&triggered).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "codes without a trigger"
    );
    assert_eq!(
        all.difference(&quiet).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "codes without a quiet variant"
    );
    assert_eq!(Code::ALL.len(), 27);
    // Codes are distinct kebab-case names.
    assert_eq!(all.len(), Code::ALL.len());
    for c in &all {
        assert!(c
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()));
    }
}

/// Issue 18: every finding of every trigger leads somewhere real — its flow preset exists and reads back
/// as that preset, its Server setup link reads back with no problem — and each code's finding carries
/// exactly the preset its row in `diagnose::LINKS` names (or the private-address lesson, for a failure
/// the advertised address explains).
#[test]
fn every_trigger_links_to_a_real_preset_and_a_valid_setup() {
    use ftp_explorer::diagnose::{links, LINKS};
    for (i, case) in TRIGGERS.iter().enumerate() {
        let s = read_log(case.log, None);
        let d = diagnose(
            &s,
            &Options {
                passive_range: case.range,
            },
        );
        for (f, l) in d.findings.iter().zip(links(&d.findings, &s, &d.options)) {
            let row = LINKS.iter().find(|(c, _, _)| *c == f.code).unwrap();
            let explained = matches!(
                f.code,
                Code::DataConnectionTimeout | Code::DataConnectionRefused
            ) && l.preset == Some("pasv-private-ip");
            assert!(
                l.preset == row.1 || explained,
                "trigger #{i} {}: {:?}",
                f.code,
                l.preset
            );
            if let Some(href) = l.flow_href() {
                let link = ftp_explorer::scenario::FlowLink::from_query(&href["#/flow?".len()..])
                    .unwrap_or_else(|e| panic!("trigger #{i}: {href}: {e:?}"));
                assert_eq!(link.preset.as_deref(), l.preset);
            }
            if let Some(q) = &l.setup {
                let (form, problems) = ftp_explorer::config::from_query(q);
                assert!(problems.is_empty(), "trigger #{i}: {q}: {problems:?}");
                assert_eq!(&ftp_explorer::config::to_query(&form), q);
            }
        }
    }
}
