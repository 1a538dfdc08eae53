//! Behaviour fixed after review: each test names the input that used to go wrong.

use ftp_explorer::address::Category;
use ftp_explorer::clients::{decode, decode_with};
use ftp_explorer::wire::{reply::split_inputs, Context, ErrorCode, WarningCode};

#[test]
fn parenthesised_text_without_a_comma_does_not_hide_the_numbers() {
    let d = decode("227 Passive (v2) 1,2,3,4,5,6").unwrap();
    assert_eq!(d.ip().unwrap().to_string(), "1.2.3.4");
    assert_eq!(d.port(), Some(1286));
    // A lone parenthesised number with no group anywhere still gets a precise error.
    let e = decode("227 Entering Passive Mode (123456)").unwrap_err();
    assert_eq!(e.code, ErrorCode::TooFewNumbers);
    assert_eq!((e.span.start, e.span.end), (27, 33));
}

#[test]
fn letters_glued_after_an_unclosed_group_are_an_error() {
    let e = decode("227 Entering Passive Mode (1,2,3,4,5,6abc").unwrap_err();
    assert_eq!(e.code, ErrorCode::GluedCharacters);
    assert_eq!((e.span.start, e.span.end), (38, 39));
    // Unclosed but clean: decodes, with the missing-parenthesis warning.
    let d = decode("227 Entering Passive Mode (1,2,3,4,5,6").unwrap();
    assert!(d
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::MissingParenthesis));
}

#[test]
fn an_ipv4_mapped_control_peer_counts_as_ipv4() {
    let ctx = Context {
        control_peer: Some("::ffff:1.2.3.4".parse().unwrap()),
    };
    let d = decode_with("227 Entering Passive Mode (1,2,3,4,195,80)", &ctx).unwrap();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn an_ipv4_mapped_eprt_address_is_judged_by_its_ipv4() {
    let d = decode("EPRT |2|::ffff:8.8.8.8|50000|").unwrap();
    let class = d.address.as_ref().unwrap();
    assert_eq!(class.category, Category::Ipv4Mapped);
    assert_eq!(
        class.embedded_ipv4.as_ref().unwrap().category,
        Category::Public
    );
    assert!(
        d.warnings
            .iter()
            .all(|w| w.code != WarningCode::NonPublicAddress),
        "{:?}",
        d.warnings
    );
    // …and a mapped private address still warns.
    let d = decode("EPRT |2|::ffff:10.0.0.1|50000|").unwrap();
    assert!(d
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::NonPublicAddress && w.message.contains("10.0.0.1")));
}

#[test]
fn stdin_splitting_sees_an_indented_multiline_reply() {
    let text = "  227-Entering Passive Mode\n  227 (10,0,0,1,195,80)\nPASV\n";
    let spans = split_inputs(text);
    assert_eq!(spans.len(), 2);
    let first = &text[spans[0].start..spans[0].end];
    assert_eq!(decode(first).unwrap().port(), Some(50000));
}

/// Inputs the fuzzer found (tests/fuzz_regressions/): each must decode or fail without a panic, with its
/// spans inside the input.
#[test]
fn fuzzer_findings_do_not_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for peer in [
            None,
            Some("198.51.100.7".parse().unwrap()),
            Some("::1".parse().unwrap()),
        ] {
            match decode_with(&text, &Context { control_peer: peer }) {
                Ok(d) => assert!(d.span.is_none_or(|s| s.end <= text.len())),
                Err(e) => assert!(e.span.end <= text.len()),
            }
        }
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn an_enormous_port_byte_saturates_in_the_client_note() {
    let digits = "9".repeat(60);
    let e = decode(&format!(
        "227 Entering Passive Mode (1,2,3,4,{digits},{digits})"
    ))
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::PortByteOutOfRange);
    assert!(e
        .note
        .unwrap()
        .contains("Python ftplib would read it as 1.2.3.4 port 18446744073709551615"));
}

/// Reading a log a slice at a time (as the page does for large pastes) gives exactly the session that
/// reading it at once gives, and rule-by-rule diagnosis the same findings.
#[test]
fn stepwise_reading_and_diagnosis_match_the_one_shot_result() {
    use ftp_explorer::diagnose::{diagnose, Diagnoser, Options};
    use ftp_explorer::log::{read_log, LogReader};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/logs");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "log") {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let whole = read_log(&text, None);
        for slice in [1, 7, 1000] {
            let mut r = LogReader::new(&text, None);
            let mut steps = 0;
            while !r.step(&text, slice) {
                steps += 1;
                assert!(steps <= text.len() + 1, "no progress on {path:?}");
            }
            assert_eq!(r.finish(), whole, "{path:?} in slices of {slice}");
        }
        let options = Options {
            passive_range: Some((50000, 50010)),
        };
        let mut d = Diagnoser::new(&options);
        while !d.step(&whole) {}
        assert_eq!(d.finish(&whole), diagnose(&whole, &options), "{path:?}");
        seen += 1;
    }
    assert!(seen >= 70);
}

#[test]
fn outcome_names_match_their_json() {
    use ftp_explorer::log::Outcome;
    for o in [
        Outcome::Ok,
        Outcome::TimedOut,
        Outcome::Refused,
        Outcome::Failed,
        Outcome::NotAttempted,
        Outcome::Unknown,
    ] {
        assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
    }
}

/// Found by the property test `log_like_text_reads_without_panic_in_every_format`: an ftplib line whose
/// reply text holds an escaped newline before and after the reply named its log line twice.
#[test]
fn an_ftplib_reply_line_with_a_trailing_continuation_names_its_line_once() {
    let s = ftp_explorer::log::read_log(
        "*resp* '\\n150 ok\\n",
        Some(ftp_explorer::log::Format::Ftplib),
    );
    let replies: Vec<_> = s
        .exchanges
        .iter()
        .filter_map(|e| e.reply.as_ref())
        .collect();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].code, 150);
    assert_eq!(replies[0].lines, vec![1]);
}
