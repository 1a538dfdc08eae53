//! The "Real clients" note under a malformed 227 agrees with the table of how clients read it (issue 18,
//! item 4: the note said "Both ignore…" while the table, from the client models, showed curl rejecting
//! the reply).

use ftp_explorer::clients::{decode, interpret};

const MALFORMED: &[&str] = &[
    "227 Entering Passive Mode (256,1,2,3,4,5)",
    "227 Entering Passive Mode (1,2,3,4,256,1)",
    "227 Entering Passive Mode (1,2,3,4,300,300)",
    "227 Entering Passive Mode (1,2,3,4,5,6,7)",
    "227 Entering Passive Mode (1, 2, 3, 4, 5, 6)",
    "227 Entering Passive Mode (1,2,3,4,5)",
    "227 Entering Passive Mode (999,1,2,3,4,5)",
    "227 Entering Passive Mode (1,2,3,4,5,6a)",
    "227 Entering Passive Mode (-1,2,3,4,5,6)",
    "227 Entering Passive Mode (1,,3,4,5,6)",
    "227-Entering Passive Mode (256,1,2,3,4,5)\n227 OK",
    "227-Entering Passive Mode (1,2,3,4,256,1)\n227 (10,0,0,1,195,80,9)",
    "227 =1,2,3,4,256,0",
];

#[test]
fn the_note_says_what_the_table_shows() {
    let mut noted = 0;
    for text in MALFORMED {
        let Err(e) = decode(text) else {
            panic!("{text:?} should not decode");
        };
        let readings = interpret(text, None);
        let by = |name: &str| readings.iter().find(|r| r.name == name).unwrap();
        let (curl, ftplib) = (by("curl"), by("python-ftplib"));
        let Some(note) = e.note.as_deref() else {
            assert!(
                !curl.accepted && !ftplib.accepted,
                "{text:?}: no note, yet the table has curl {} and ftplib {}",
                curl.accepted,
                ftplib.accepted
            );
            continue;
        };
        noted += 1;
        assert_eq!(
            note.contains("curl rejects it"),
            !curl.accepted,
            "{text:?}: {note}"
        );
        assert_eq!(
            note.contains("curl would read it as"),
            curl.accepted,
            "{text:?}: {note}"
        );
        assert_eq!(
            note.contains("Python ftplib rejects it"),
            !ftplib.accepted,
            "{text:?}: {note}"
        );
        assert_eq!(
            note.contains("Python ftplib would read it as"),
            ftplib.accepted,
            "{text:?}: {note}"
        );
        assert_eq!(
            note.contains("Both ignore"),
            curl.accepted && ftplib.accepted,
            "{text:?}: {note}"
        );
        if let Some(err) = curl.error.as_deref().filter(|_| !curl.accepted) {
            assert!(note.contains(err), "{text:?}: the note quotes curl's error");
        }
    }
    assert!(noted >= 6, "only {noted} notes");
}

#[test]
fn curl_rejecting_a_port_byte_above_255_is_said() {
    let e = decode("227 Entering Passive Mode (1,2,3,4,256,1)").unwrap_err();
    let note = e.note.unwrap();
    assert!(
        note.contains("curl rejects it (\"Couldn't interpret the 227-response\")"),
        "{note}"
    );
    assert!(note.contains("Python ftplib would read it as 1.2.3.4 port 65537"));
    assert!(note.contains("ftplib ignores the advertised address"));
    assert!(!note.contains("Both"));
}
