//! What a form and the command line use: the target list, the JSON, the command line, the query
//! string, the preview and the checks while typing.

use super::{codes, inputs, with};
use ftp_explorer::config::{
    command_line, from_query, generate, preview, targets, to_query, wrong_while_typing, Field,
    Form, Inputs, Kind, Pair, Severity, Target,
};

#[test]
fn targets_are_listed_with_names() {
    let list = targets();
    assert_eq!(list.len(), 9);
    for t in &list {
        assert_eq!(Target::from_name(t.name), Some(t.target));
        assert!(!t.display_name.is_empty() && !t.filename.is_empty());
    }
    assert_eq!(list.iter().filter(|t| t.kind == Kind::Server).count(), 4);
    assert_eq!(list.iter().filter(|t| t.kind == Kind::Firewall).count(), 4);
    assert_eq!(Target::from_name("PURE-FTPD"), Some(Target::PureFtpd));
    assert_eq!(Target::from_name("pureftpd"), Some(Target::PureFtpd));
    assert_eq!(Target::from_name("apache"), None);
    let json = serde_json::to_value(list[0]).unwrap();
    assert_eq!(json["target"], "vsftpd");
    assert_eq!(json["kind"], "server");
}

#[test]
fn generated_and_problems_serialize_for_the_page() {
    let g = generate(Target::Vsftpd, &with(|i| i.address = "203.0.113.1".into())).unwrap();
    let v = serde_json::to_value(&g).unwrap();
    assert_eq!(v["target"], "vsftpd");
    assert_eq!(v["warnings"][0]["code"], "address-documentation");
    assert_eq!(v["warnings"][0]["severity"], "warning");
    assert_eq!(v["warnings"][0]["field"], "address");
    assert_eq!(v["filename"], "vsftpd.conf");
}

#[test]
fn the_command_line_shows_only_what_differs() {
    assert_eq!(
        command_line(Target::Nftables, &Inputs::default()),
        "ftp-explorer config nftables --passive-ports 50000-51000"
    );
    let i = Inputs {
        address: "ftp.example.com".into(),
        behind_nat: true,
        active: false,
        tls: true,
        max_clients: 7,
        max_per_ip: 2,
        data_timeout: 60,
        control_port: 2121,
        ..Inputs::default()
    };
    assert_eq!(
        command_line(Target::Proftpd, &i),
        "ftp-explorer config proftpd --address ftp.example.com --passive-ports 50000-51000 --behind-nat --no-active --tls --max-clients 7 --max-per-ip 2 --data-timeout 60 --control-port 2121"
    );
}

#[test]
fn query_round_trip_and_compactness() {
    let f = Form::default();
    assert_eq!(to_query(&f), "target=vsftpd&ports=50000-51000");
    let f = Form {
        target: Target::PureFtpd,
        inputs: Inputs {
            address: "ftp.example.com".into(),
            behind_nat: true,
            tls: true,
            active: false,
            max_clients: 0,
            ..Inputs::default()
        },
    };
    let q = to_query(&f);
    assert_eq!(q, "target=pure-ftpd&ports=50000-51000&address=ftp.example.com&nat=1&active=0&tls=1&max_clients=0");
    assert_eq!(from_query(&q), (f.clone(), vec![]));
    assert_eq!(from_query(&format!("?{q}")).0, f);
    assert_eq!(from_query(&format!("#{q}")).0, f);
    let v6 = Form {
        inputs: Inputs {
            address: "2001:db8::1 x&y=z%".into(),
            ..Inputs::default()
        },
        ..Form::default()
    };
    assert!(to_query(&v6).contains("address=2001:db8::1%20x%26y%3Dz%25"));
    assert_eq!(from_query(&to_query(&v6)).0, v6);
}

#[test]
fn query_ignores_unknown_keys_and_reports_bad_values() {
    let (f, p) = from_query("target=nftables&utm_source=x&theme=dark&ports=40000-40100");
    assert!(p.is_empty());
    assert_eq!(f.target, Target::Nftables);
    assert_eq!((f.inputs.passive_min, f.inputs.passive_max), (40000, 40100));

    let (f, p) = from_query("target=iis&ports=5-x&nat=maybe&max_clients=-3&data_timeout=&control_port=99999999999&tls=yes");
    assert_eq!(f.target, Target::Vsftpd, "the default stays");
    assert_eq!(f.inputs.passive_min, 50000);
    assert!(f.inputs.tls);
    let got: Vec<(&str, Field)> = p.iter().map(|p| (p.code.as_str(), p.field)).collect();
    assert_eq!(
        got,
        [
            ("target-unknown", Field::Target),
            ("passive-range-syntax", Field::PassivePorts),
            ("not-a-boolean", Field::BehindNat),
            ("not-a-number", Field::MaxClients),
            ("not-a-number", Field::DataTimeout),
            ("not-a-number", Field::ControlPort),
        ]
    );
    assert!(p.iter().all(|p| p.severity == Severity::Error));
    // The last of repeated keys wins, and a good value clears an earlier bad one's problem.
    let (f, p) = from_query("max_clients=x&max_clients=9&address=a&address=b");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((f.inputs.max_clients, f.inputs.address.as_str()), (9, "b"));
    // Malformed escapes stay as they are; '+' is a space.
    assert_eq!(from_query("address=%zz%4").0.inputs.address, "%zz%4");
    assert_eq!(from_query("address=a+b%2Bc").0.inputs.address, "a b+c");
    assert_eq!(from_query("").0, Form::default());
    assert_eq!(
        from_query("&&=&nat").1.len(),
        1,
        "a key without a value is an empty value"
    );
}

#[test]
fn pair_query_reads_old_links_and_round_trips() {
    // A link from before the page showed a server beside its firewall opens the same form.
    let (p, problems) = Pair::from_query("target=nftables&ports=40000-40100");
    assert!(problems.is_empty());
    assert_eq!((p.server, p.firewall), (Target::Vsftpd, Target::Nftables));
    assert_eq!((p.inputs.passive_min, p.inputs.passive_max), (40000, 40100));
    let (p, _) = Pair::from_query("target=ufw&address=198.51.100.2&nat=1");
    assert_eq!((p.server, p.firewall), (Target::Vsftpd, Target::Ufw));
    assert!(p.inputs.behind_nat);
    let (p, _) = Pair::from_query("target=proftpd&address=198.51.100.2");
    assert_eq!((p.server, p.firewall), (Target::Proftpd, Target::Nftables));
    assert_eq!(Pair::from_query("").0, Pair::default());
    // firewall= names the firewall side, and wins over a firewall named by target=.
    let (p, problems) = Pair::from_query("target=pure-ftpd&firewall=docker");
    assert!(problems.is_empty());
    assert_eq!((p.server, p.firewall), (Target::PureFtpd, Target::Docker));
    let (p, _) = Pair::from_query("target=iptables&firewall=firewalld");
    assert_eq!(p.firewall, Target::Firewalld);
    // A server, or nothing known, as the firewall: reported, the default kept.
    for bad in ["vsftpd", "pf", ""] {
        let (p, problems) = Pair::from_query(&format!("target=proftpd&firewall={bad}"));
        assert_eq!(p.firewall, Target::Nftables);
        assert_eq!(codes(&problems), ["target-unknown"], "{bad}");
        assert_eq!(problems[0].field, Field::Target);
        assert!(problems[0].message.starts_with(&format!(
            "unknown firewall '{bad}' (one of: nftables, iptables, ufw, firewalld, docker)"
        )));
    }
    // The written link: compact, the firewall only when not the default.
    assert_eq!(
        Pair::default().to_query(),
        "target=vsftpd&ports=50000-51000"
    );
    let p = Pair {
        server: Target::Pyftpdlib,
        firewall: Target::Iptables,
        inputs: Inputs {
            address: "198.51.100.2".into(),
            tls: true,
            ..Inputs::default()
        },
    };
    assert_eq!(
        p.to_query(),
        "target=pyftpdlib&firewall=iptables&ports=50000-51000&address=198.51.100.2&tls=1"
    );
    assert_eq!(Pair::from_query(&p.to_query()), (p, vec![]));
}

#[test]
fn preview_leaves_out_what_is_wrong_and_says_which() {
    // Valid inputs: no preview, generate answers.
    assert_eq!(preview(Target::Vsftpd, &inputs()), None);
    // Behind NAT without an address: written without one, the address named.
    let i = Inputs {
        behind_nat: true,
        ..Inputs::default()
    };
    let (g, fields) = preview(Target::Vsftpd, &i).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(!g.text.contains("pasv_address="));
    assert!(g.text.contains("\npasv_min_port=50000\n"));
    assert!(
        g.text.contains("--behind-nat"),
        "the header says what it was written for"
    );
    // A private address behind NAT: the same.
    let i = Inputs {
        address: "192.168.1.5".into(),
        ..inputs()
    };
    let (g, fields) = preview(Target::Proftpd, &i).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(!g.text.contains("MasqueradeAddress 192.168.1.5"));
    // Docker needs an address whatever the NAT box says.
    let (g, fields) = preview(Target::Docker, &Inputs::default()).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(g.text.contains("-p 50000-51000:50000-51000/tcp"));
    // A reversed range: the default range, the rest kept.
    let i = Inputs {
        passive_min: 60000,
        passive_max: 59000,
        tls: true,
        control_port: 990,
        ..inputs()
    };
    let (g, fields) = preview(Target::Nftables, &i).unwrap();
    assert_eq!(fields, [Field::PassivePorts]);
    assert!(g.text.contains("tcp dport 50000-51000 ct state new accept"));
    assert!(g.text.contains("tcp dport 990 ct state new accept"));
    // A range too small for the clients, then a control port inside the default range: two rounds.
    let i = Inputs {
        passive_min: 50000,
        passive_max: 50009,
        max_clients: 5000,
        control_port: 50500,
        ..inputs()
    };
    let (_, fields) = preview(Target::Vsftpd, &i).unwrap();
    assert!(
        fields.contains(&Field::PassivePorts) && fields.contains(&Field::ControlPort),
        "{fields:?}"
    );
}

#[test]
fn wrong_while_typing_only_when_nothing_typed_next_can_mend_it() {
    for (field, text) in [
        (Field::Address, ""),
        (Field::Address, "2"),
        (Field::Address, "203.0."),
        (Field::Address, "203.0.113.999"),
        (Field::Address, "ftp.exa"),
        (Field::Address, "ftp-"),
        (Field::Address, "2001:db8:"),
        (Field::Address, " 198.51.100.7 "),
        (Field::PassivePorts, "50000-"),
        (Field::PassivePorts, "50000-5"),
        (Field::PassivePorts, "5"),
        (Field::PassivePorts, "50000 - 51000"),
        (Field::MaxClients, ""),
        (Field::MaxClients, "0"),
        (Field::ControlPort, "2"),
        (Field::DataTimeout, "65535"),
    ] {
        assert!(!wrong_while_typing(field, text), "{field:?} {text:?}");
    }
    for (field, text) in [
        (Field::Address, "203.0.113.10 x"),
        (Field::Address, "ftp_example"),
        (Field::Address, "ftp..example"),
        (Field::Address, ".example"),
        (Field::Address, "é"),
        (Field::PassivePorts, "50000:51000"),
        (Field::PassivePorts, "50000-51000-"),
        (Field::PassivePorts, "70000"),
        (Field::PassivePorts, "a"),
        (Field::MaxClients, "-1"),
        (Field::MaxClients, "5x"),
        (Field::MaxClients, "99999999999"),
        (Field::ControlPort, "65536"),
        (Field::DataTimeout, "1e3"),
    ] {
        assert!(wrong_while_typing(field, text), "{field:?} {text:?}");
    }
}
