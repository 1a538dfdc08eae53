//! The troubleshooting guide points at real things: every preset id exists and shows a failure (or,
//! for the security checklist, the attack), every example log name exists, ids are unique.

use ftp_explorer::guide::{symptom, RISKS, SYMPTOMS};
use ftp_explorer::log::examples::EXAMPLES;
use ftp_explorer::scenario::{preset, timeline};
use std::collections::HashSet;

#[test]
fn every_symptom_opens_a_preset_that_fails_and_a_real_example_log() {
    let mut ids = HashSet::new();
    for s in SYMPTOMS {
        assert!(ids.insert(s.id), "duplicate id {}", s.id);
        assert!(
            s.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: not URL-safe",
            s.id
        );
        let p = preset(s.preset).unwrap_or_else(|| panic!("{}: no preset {}", s.id, s.preset));
        let t = timeline(&p.scenario);
        assert!(
            !t.works,
            "{}: preset {} works, so it does not show the symptom",
            s.id, s.preset
        );
        if let Some(name) = s.example_log {
            assert!(
                EXAMPLES.iter().any(|e| e.name == name),
                "{}: no example log {name}",
                s.id
            );
        }
        assert!(
            !s.causes.is_empty() && !s.checks.is_empty() && !s.fix.is_empty(),
            "{}",
            s.id
        );
        assert_eq!(symptom(s.id).map(|x| x.title), Some(s.title));
    }
    // The classic table's rows are all there.
    for needed in [
        "refused",
        "timeout-private-ip",
        "works-locally",
        "stalls",
        "random-failures",
        "epsv-works-pasv-fails",
        "active-illegal-port",
        "active-timeout",
    ] {
        assert!(symptom(needed).is_some(), "{needed}");
    }
}

#[test]
fn every_risk_has_config_lines_and_its_preset_exists() {
    for r in RISKS {
        assert!(!r.lines.is_empty(), "{}", r.id);
        if let Some(id) = r.preset {
            assert!(preset(id).is_some(), "{}: no preset {id}", r.id);
        }
    }
}
