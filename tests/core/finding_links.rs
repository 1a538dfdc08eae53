//! From a finding to the flow preset that shows it and to Server setup with its fix filled in (issue 18,
//! item 5): the mapping is core data (`diagnose::LINKS`); every link it produces must open a real preset
//! and a setup form that reads back without a problem, filled with what the log tells.

use ftp_explorer::config::{from_query, to_query, Target};
use ftp_explorer::diagnose::{diagnose, links, Code, Diagnosis, Links, Options, Setup, LINKS};
use ftp_explorer::log::{read_log, Session};
use ftp_explorer::scenario::{preset, FlowLink};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logs")
}

fn fixture(file: &str) -> String {
    String::from_utf8_lossy(&std::fs::read(dir().join(file)).unwrap()).into_owned()
}

fn check(text: &str, o: Options) -> (Session, Diagnosis) {
    let s = read_log(text, None);
    let d = diagnose(&s, &o);
    (s, d)
}

/// Every link opens what it says: the flow view reads the preset back unchanged, the setup form reads
/// back with no problem in the query itself and writes back the same text.
pub fn assert_valid(l: &Links, context: &str) {
    if let Some(href) = l.flow_href() {
        let q = href.strip_prefix("#/flow?").expect("a flow route");
        let link = FlowLink::from_query(q).unwrap_or_else(|e| panic!("{context}: {href}: {e:?}"));
        assert_eq!(link.preset.as_deref(), l.preset, "{context}: {href}");
        assert!(preset(l.preset.unwrap()).is_some(), "{context}");
    }
    if let Some(href) = l.setup_href() {
        let q = href.strip_prefix("#/setup?").expect("a setup route");
        let (form, problems) = from_query(q);
        assert!(problems.is_empty(), "{context}: {href}: {problems:?}");
        assert_eq!(
            to_query(&form),
            q,
            "{context}: the setup link is in canonical form"
        );
    }
}

#[test]
fn every_code_has_one_row_and_every_preset_exists() {
    let codes: Vec<Code> = LINKS.iter().map(|(c, _, _)| *c).collect();
    let distinct: BTreeSet<&str> = codes.iter().map(|c| c.as_str()).collect();
    assert_eq!(distinct.len(), codes.len(), "a code with two rows");
    for c in Code::ALL {
        assert!(codes.contains(c), "{c} has no row in diagnose::LINKS");
    }
    for (code, p, _) in LINKS {
        if let Some(id) = p {
            assert!(preset(id).is_some(), "{code}: no preset '{id}'");
        }
    }
    // The mapping is not empty talk: most findings lead somewhere.
    assert!(LINKS.iter().filter(|(_, p, _)| p.is_some()).count() >= 18);
    assert!(LINKS.iter().filter(|(_, _, s)| *s != Setup::No).count() >= 14);
}

#[test]
fn every_link_from_every_fixture_is_valid() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".log"))
        .collect();
    files.sort();
    let mut presets_seen = BTreeSet::new();
    let mut setups = 0;
    for file in &files {
        for o in [
            Options::default(),
            Options {
                passive_range: Some((50000, 50001)),
            },
        ] {
            let (s, d) = check(&fixture(file), o);
            let ls = links(&d.findings, &s, &d.options);
            assert_eq!(ls.len(), d.findings.len());
            for (f, l) in d.findings.iter().zip(&ls) {
                assert_valid(l, &format!("{file} {}", f.code));
                presets_seen.extend(l.preset);
                setups += usize::from(l.setup.is_some());
            }
        }
    }
    assert!(presets_seen.len() >= 6, "{presets_seen:?}");
    assert!(setups > 50);
}

#[test]
fn the_nat_headline_opens_the_private_address_preset_and_the_nat_setup() {
    let (s, d) = check(
        &fixture("curl-vsftpd-nat-no-skip-timeout.log"),
        Options::default(),
    );
    let ls = links(&d.findings, &s, &d.options);
    assert_eq!(d.findings[0].code, Code::AdvertisedPrivateAddress);
    assert_eq!(ls[0].flow_href().unwrap(), "#/flow?preset=pasv-private-ip");
    // The timeout it explains shows the same lesson (not "range closed").
    assert_eq!(d.findings[1].code, Code::DataConnectionTimeout);
    assert_eq!(ls[1].preset, Some("pasv-private-ip"));
    // vsFTPd's greeting, the control port 2121, behind NAT; the control address is loopback, so no
    // address is filled in (the form then asks for the public one); the ports seen (50010) lie within
    // the form's default range.
    let (form, _) = from_query(ls[0].setup.as_deref().unwrap());
    assert_eq!(form.target, Target::Vsftpd);
    assert!(form.inputs.behind_nat);
    assert_eq!(form.inputs.address, "");
    assert_eq!(form.inputs.control_port, 2121);
    assert_eq!(
        (form.inputs.passive_min, form.inputs.passive_max),
        (50000, 51000)
    );
    assert_eq!(
        ls[0].setup_href().unwrap(),
        "#/setup?target=vsftpd&ports=50000-51000&nat=1&control_port=2121"
    );
    // A blocked range at the right address: the closed-range lesson, and the range to open.
    let (s, d) = check(
        &fixture("lftp-proftpd-pasv-ports-blocked-timeout.log"),
        Options::default(),
    );
    let ls = links(&d.findings, &s, &d.options);
    assert_eq!(d.findings[0].code, Code::DataConnectionTimeout);
    assert_eq!(ls[0].preset, Some("range-closed"));
    let (form, _) = from_query(ls[0].setup.as_deref().unwrap());
    assert_eq!(form.target, Target::Proftpd);
    assert!(!form.inputs.behind_nat);
}

#[test]
fn a_public_control_address_is_the_address_to_advertise() {
    let log = "\
*   Trying 198.51.100.20:21...
* Connected to ftp.example.org (198.51.100.20) port 21 (#0)
< 220 (vsFTPd 3.0.3)
> USER anonymous
< 331 Please specify the password.
> PASS secret
< 230 Login successful.
> PASV
< 227 Entering Passive Mode (10,0,0,5,234,96).
*   Trying 10.0.0.5:60000...
* Failed to connect to 10.0.0.5 port 60000 after 3000 ms: Timeout was reached
";
    let (s, d) = check(log, Options::default());
    assert_eq!(d.findings[0].code, Code::AdvertisedPrivateAddress);
    let ls = links(&d.findings, &s, &d.options);
    let (form, problems) = from_query(ls[0].setup.as_deref().unwrap());
    assert!(problems.is_empty());
    assert_eq!(form.inputs.address, "198.51.100.20");
    assert!(form.inputs.behind_nat);
    assert_eq!(form.inputs.control_port, 21);
    // Port 60000 lies outside the default range: a range from it, 50 ports wide.
    assert_eq!(
        (form.inputs.passive_min, form.inputs.passive_max),
        (60000, 60049)
    );
    // The password note leads to FTPS.
    let i = d
        .findings
        .iter()
        .position(|f| f.code == Code::CleartextCredentials)
        .unwrap();
    let (form, _) = from_query(ls[i].setup.as_deref().unwrap());
    assert!(form.inputs.tls);
    assert_eq!(ls[i].preset, None);
    // The range the user gave wins over the ports seen.
    let (s, d) = check(
        log,
        Options {
            passive_range: Some((50000, 50100)),
        },
    );
    let ls = links(&d.findings, &s, &d.options);
    let i = d
        .findings
        .iter()
        .position(|f| f.code == Code::PortOutsideRange)
        .unwrap();
    assert_eq!(ls[i].preset, Some("range-mismatch"));
    let (form, _) = from_query(ls[i].setup.as_deref().unwrap());
    assert_eq!(
        (form.inputs.passive_min, form.inputs.passive_max),
        (50000, 50100)
    );
}

#[test]
fn the_server_program_and_docker_come_from_the_log() {
    for (file, target) in [
        ("curl-pure-ftpd-nat-no-skip-timeout.log", Target::PureFtpd),
        ("ftplib-pyftpdlib-nat-trust-timeout.log", Target::Pyftpdlib),
        ("curl-proftpd-nat-skip-pasv-ip.log", Target::Proftpd),
        ("lftp-vsftpd-nat-nofix-timeout.log", Target::Vsftpd),
    ] {
        let (s, d) = check(&fixture(file), Options::default());
        let ls = links(&d.findings, &s, &d.options);
        let (form, _) = from_query(ls[0].setup.as_deref().unwrap());
        assert_eq!(form.target, target, "{file}");
    }
    // FTPS: the setup keeps TLS on.
    let (s, d) = check(
        &fixture("curl-vsftpd-ftps-nat-skip-pasv-ip.log"),
        Options::default(),
    );
    let ls = links(&d.findings, &s, &d.options);
    for l in &ls {
        let (form, _) = from_query(l.setup.as_deref().unwrap());
        assert!(form.inputs.tls);
    }
    // Docker's bridge address: the Docker target.
    let log = "\
*   Trying 203.0.113.10:21...
* Connected to ftp.example.net (203.0.113.10) port 21 (#0)
< 220 (vsFTPd 3.0.3)
> PASV
< 227 Entering Passive Mode (172,17,0,2,195,80).
";
    let (s, d) = check(log, Options::default());
    let ls = links(&d.findings, &s, &d.options);
    let (form, _) = from_query(ls[0].setup.as_deref().unwrap());
    assert_eq!(form.target, Target::Docker);
    assert_eq!(form.inputs.address, "203.0.113.10");
}
