//! Every preset's derived outcome, the presets that show a contrast, and the stall and exhaustion
//! presets.

use super::failure;
use ftp_explorer::scenario::*;

/// What should happen, per preset: (id, works, data-connection failure, attack succeeded).
const EXPECTED: &[(&str, bool, Option<&str>, Option<bool>)] = &[
    ("active-vs-passive", false, Some("rejected"), None),
    ("active-nat", false, Some("rejected"), None),
    ("active-nat-no-forward", false, Some("timeout"), None),
    ("active-firewall", false, Some("timeout"), None),
    ("active-alg", true, None, None),
    ("active-alg-ftps", false, Some("rejected"), None),
    ("pasv-private-ip", false, Some("timeout"), None),
    ("pasv-address-set", true, None, None),
    ("epsv-no-address", true, None, None),
    ("epsv-works-pasv-fails", false, Some("timeout"), None),
    ("works-locally", false, Some("timeout"), None),
    ("refused-data-port", false, Some("refused"), None),
    ("range-closed", false, Some("timeout"), None),
    ("range-mismatch", false, Some("timeout"), None),
    ("alg-cleartext", true, None, None),
    ("alg-ftps", false, Some("timeout"), None),
    ("stall-idle-timeout", false, None, None),
    ("range-exhausted", false, Some("rejected"), None),
    ("port-stealing", false, Some("rejected"), Some(false)),
    (
        "port-stealing-unchecked",
        false,
        Some("refused"),
        Some(true),
    ),
    ("bounce", false, None, Some(true)),
    ("bounce-refused", false, Some("rejected"), Some(false)),
    ("ipv6-epsv", true, None, None),
    ("ipv6-pasv", false, Some("rejected"), None),
];

#[test]
fn every_preset_has_its_derived_outcome() {
    let all = presets();
    assert_eq!(
        all.len(),
        EXPECTED.len(),
        "a preset without an expected outcome, or the reverse"
    );
    for (id, works, fail, attack) in EXPECTED {
        let p = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
        let t = timeline(&p.scenario);
        let bounce_ok = *id == "bounce";
        assert_eq!(t.works && !bounce_ok, *works, "{id}: works; {}", t.summary);
        assert_eq!(failure(&t), *fail, "{id}: failure; {}", t.summary);
        assert_eq!(
            t.attack.as_ref().map(|a| a.succeeded),
            *attack,
            "{id}: attack"
        );
        if !t.works {
            assert!(
                !t.fix.is_empty() || attack.is_some(),
                "{id}: a failure without a fix"
            );
        }
    }
}

#[test]
fn the_contrasting_presets_show_a_contrast() {
    for id in ["works-locally", "epsv-works-pasv-fails"] {
        let p = preset(id).unwrap();
        let (a, b) = (timeline(&p.scenario), timeline(&p.compare.unwrap()));
        assert!(!a.works && b.works, "{id}: {} / {}", a.summary, b.summary);
    }
    let p = preset("active-vs-passive").unwrap();
    let passive = timeline(&p.compare.unwrap());
    assert!(passive.works, "{}", passive.summary);
}

#[test]
fn the_stall_loses_the_226_and_exhaustion_refuses_the_port() {
    let t = timeline(&preset("stall-idle-timeout").unwrap().scenario);
    assert!(t.data_connection.opened);
    let lost = t
        .steps
        .iter()
        .find(|s| s.text == "226 Transfer complete.")
        .unwrap();
    assert!(!lost.delivered);
    assert!(t.fix.iter().any(|f| f.contains("keepalive")));
    // Below the timeout it works.
    assert!(
        timeline(&Scenario {
            transfer_seconds: 60,
            ..preset("stall-idle-timeout").unwrap().scenario
        })
        .works
    );
    let p = preset("range-exhausted").unwrap().scenario;
    assert!(!timeline(&p).works);
    assert!(
        timeline(&Scenario { busy_ports: 9, ..p }).works,
        "one port left is enough"
    );
}
