//! Lines and replies: a multi-line reply is one exchange, unknown lines are kept with their numbers.

use ftp_explorer::diagnose::{diagnose, Options};
use ftp_explorer::log::{read_log, Format, Role};

#[test]
fn multi_line_replies_are_one_exchange() {
    let curl = "> FEAT\n< 211-Features:\n<  EPSV\n<  PASV\n< 211 End\n> PWD\n< 257 \"/\"\n";
    let lftp = "---> FEAT\n<--- 211-Features:\n<---  EPSV\n<---  PASV\n<--- 211 End\n---> PWD\n<--- 257 \"/\"\n";
    for (text, format) in [(curl, Format::Curl), (lftp, Format::Lftp)] {
        let s = read_log(text, None);
        assert_eq!(s.format, format);
        assert_eq!(s.exchanges.len(), 2, "{format}: {:#?}", s.exchanges);
        let feat = &s.exchanges[0];
        assert_eq!(feat.verb(), Some("FEAT"));
        let r = feat.reply.as_ref().unwrap();
        assert_eq!(r.code, 211);
        assert_eq!(r.text, "211-Features:\n EPSV\n PASV\n211 End", "{format}");
        assert_eq!(r.lines, vec![2, 3, 4, 5]);
        assert_eq!(feat.lines(), vec![1, 2, 3, 4, 5]);
        assert_eq!(s.exchanges[1].code(), Some(257));
    }
    // ftplib: each line on *get*, the whole reply in one *resp* string with \n.
    let ftplib = r#"*cmd* 'FEAT'
*put* 'FEAT\r\n'
*get* '211-Features:\n'
*get* ' EPSV\n'
*get* ' PASV\n'
*get* '211 End\n'
*resp* '211-Features:\n EPSV\n PASV\n211 End'
*cmd* 'PWD'
*resp* '257 "/"'
"#;
    let s = read_log(ftplib, None);
    assert_eq!(s.format, Format::Ftplib);
    assert_eq!(s.exchanges.len(), 2, "{:#?}", s.exchanges);
    let r = s.exchanges[0].reply.as_ref().unwrap();
    assert_eq!(r.code, 211);
    assert_eq!(r.text, "211-Features:\n EPSV\n PASV\n211 End");
    assert_eq!(r.lines, vec![7]);
    assert_eq!(s.exchanges[1].code(), Some(257));
    assert_eq!(
        s.exchanges[1].reply.as_ref().unwrap().text,
        "257 \"/\"",
        "repr quotes and escapes undone"
    );
    // A 227 inside a multi-line reply is decoded from the whole reply.
    let s = read_log(
        "> PASV\n< 227-Hello\n< 227 Entering Passive Mode (192,0,2,10,195,80).\n",
        None,
    );
    let dc = &s.data_connections[0];
    assert_eq!(dc.advertised.port, Some(50000));
    assert_eq!(dc.lines, vec![1, 2, 3]);
}

#[test]
fn unknown_lines_are_kept_with_their_numbers() {
    let text = "> USER a\nwhat is this\n< 331 ok\n\n{ [12 bytes data]\nmore noise\n";
    let s = read_log(text, None);
    assert_eq!(s.format, Format::Curl);
    let roles: Vec<Role> = s.lines.iter().map(|l| l.role).collect();
    assert_eq!(
        roles,
        [
            Role::Command,
            Role::Unknown,
            Role::Reply,
            Role::Blank,
            Role::Client,
            Role::Unknown
        ]
    );
    let unknown: Vec<(usize, &str)> = s
        .unknown_lines()
        .map(|l| (l.number, l.text.as_str()))
        .collect();
    assert_eq!(unknown, [(2, "what is this"), (6, "more noise")]);
    // The JSON report lists them too.
    let d = diagnose(&s, &Options::default());
    let json = serde_json::to_value(ftp_explorer::report::check_report(&s, &d)).unwrap();
    assert_eq!(json["unknown_lines"][0]["number"], 2);
    assert_eq!(json["unknown_lines"][0]["role"], "unknown");
    assert_eq!(json["unknown_lines"][1]["text"], "more noise");
    // CRLF line ends are not part of the text.
    let s = read_log("> USER a\r\n< 331 ok\r\n", None);
    assert_eq!(s.lines[0].text, "> USER a");
    assert_eq!(s.exchanges[0].reply.as_ref().unwrap().text, "331 ok");
}
