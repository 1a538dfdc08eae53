//! `ftp-explorer flow`: play a scenario and print its timeline as a terminal sequence diagram or JSON.
//! Every flag is a key of the scenario link (`--mode pasv` is `mode=pasv`), read by the core.

use crate::usage::Usage;
use clap::builder::ValueParser;
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches};
use ftp_explorer::draw::terminal::diagram;
use ftp_explorer::scenario::{self, link, FlowLink, Timeline};
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer flow [OPTIONS]

Play an FTP session over a small network (client, client NAT/firewall, Internet, server NAT/firewall,
server) and print every step: who sends what to whom, the exact bytes, the addresses on each leg
(NAT translations), what each firewall decides and why, what an FTP helper rewrites, and the
outcome of the data connection, derived from the packets.

SCENARIO (defaults: PASV, client 192.168.1.10 behind NAT 198.51.100.7, server 10.0.0.5 behind
NAT 203.0.113.100, passive range 50000-51000 open):
    --mode port|eprt|pasv|epsv|epsv-all
    --client public|nat|lan            lan: the client sits in the server's own network
    --client-firewall on|off           a stateful firewall at the client
    --server public|nat|nat-external   nat-external: behind NAT with the external address
                                       configured (vsftpd pasv_address)
    --server-firewall open|closed|mismatch
                                       the passive range open, closed, or another range open
    --blocked drop|reject              what firewalls do with what they refuse (default drop)
    --alg on|off                       FTP helpers (nf_conntrack_ftp / router ALG) on the edges
    --tls on|off                       explicit FTPS on the control connection
    --ip 4|6
    --ip-check on|off                  the server refuses data connections from foreign addresses
                                       (vsftpd pasv_promiscuous=NO / port_promiscuous=NO; default on)
    --pasv-ip use|ignore               the client connects to the 227's address, or ignores it
                                       (curl >= 7.74 and ftplib by default ignore it)
    --port-ip own|external             the address the client writes in PORT/EPRT: its own, or
                                       its public one (FileZilla's active-mode external IP, curl -P)
    --attack none|steal|bounce         port stealing, or the FTP bounce
    --idle-timeout SECONDS             routers/firewalls forget idle connections (0: never)
    --transfer SECONDS                 how long the transfer runs
    --busy N                           passive ports already taken by other transfers
    --range MIN-MAX                    the server's passive range
    --client-private, --client-public, --server-private, --server-public, --third-party ADDRESS
    --preset ID                        start from a preset (see --presets); other flags change it
    --scenario QUERY                   the page's #/flow?… text (key=value&…)

OUTPUT:
    --json        {\"scenario\":{…}, \"title\", \"steps\":[{\"number\",\"from\",\"to\",\"kind\":
                  \"syn|syn-ack|rst|command|reply|data|drop|timeout|tls|note\",\"connection\",\"text\",
                  \"bytes\",\"endpoint\",\"decoded\",\"hops\",\"reached\",\"delivered\",\"verdicts\",
                  \"translations\",\"helper\",\"encrypted\",\"narration\"}], \"data_connection\":{\"opened\",
                  \"from\",\"to\",\"failure\":\"timeout|refused|rejected\"|null,\"reason\"}, \"works\",
                  \"summary\", \"fix\", \"notes\", \"attack\", \"link\", \"compare\":{…}|null}
    --compare     also play the same network in the other mode (PORT<->PASV, EPRT<->EPSV), or the
                  preset's contrasting scenario
    --presets     list the presets
    --brief       steps as one line each, no narration

EXIT STATUS: 0 the file arrived, 1 it did not (or an attack succeeded), 2 usage error.

EXAMPLES:
    ftp-explorer flow --mode port --client nat
    ftp-explorer flow --server nat --server-firewall open --json
    ftp-explorer flow --preset alg-ftps
    ftp-explorer flow --mode port --client nat --port-ip external   # the SYN dies at the client's NAT
    ftp-explorer flow --scenario 'mode=epsv&server=nat'
";

/// `flow`'s arguments.
#[derive(Args)]
#[command(override_help = HELP)]
pub struct FlowArgs {
    /// The scenario as JSON.
    #[arg(long)]
    json: bool,
    /// Also play the other mode, or the preset's contrasting scenario.
    #[arg(long)]
    compare: bool,
    /// List the presets.
    #[arg(long)]
    presets: bool,
    /// Steps as one line each, no narration.
    #[arg(long)]
    brief: bool,
    #[command(flatten)]
    knobs: Knobs,
}

pub fn run(a: FlowArgs) -> Result<ExitCode, Usage> {
    if a.presets {
        for p in scenario::presets() {
            let t = scenario::timeline(&p.scenario);
            println!(
                "{:<26} {}  [{}]",
                p.id,
                p.title,
                if t.works { "works" } else { "fails" }
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let link = a.knobs.link().map_err(Usage)?;
    Ok(render(Opts {
        link,
        json: a.json,
        compare: a.compare,
        brief: a.brief,
    }))
}

struct Opts {
    link: FlowLink,
    json: bool,
    compare: bool,
    brief: bool,
}

/// The keys of the scenario link that are flags too: `--mode pasv` is `mode=pasv`.
const KEYS: &[&str] = &[
    "mode",
    "client",
    "client-firewall",
    "server",
    "server-firewall",
    "blocked",
    "alg",
    "tls",
    "ip",
    "ip-check",
    "pasv-ip",
    "port-ip",
    "attack",
    "idle-timeout",
    "transfer",
    "busy",
    "range",
    "firewall-range",
    "control-port",
    "client-private",
    "client-public",
    "client-lan",
    "server-private",
    "server-public",
    "third-party",
];

/// The scenario's settings in the order given, as key=value pairs of the link: each key of [`KEYS`]
/// and `preset` as `--KEY VALUE`, and `--scenario QUERY`'s pairs where it stands. The order matters (a
/// later value wins), so clap keeps each value's position and the pairs are sorted by it.
#[derive(Debug, Clone, Default)]
struct Knobs(Vec<(String, String)>);

impl Knobs {
    /// The link the pairs spell, read by the core (one reader for flags and links).
    fn link(&self) -> Result<FlowLink, String> {
        let query = self
            .0
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace('%', "%25").replace('&', "%26")))
            .collect::<Vec<_>>()
            .join("&");
        FlowLink::from_query(&query).map_err(|errors| {
            errors
                .iter()
                .map(|e| format!("--{}", e))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

impl Args for Knobs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let knob = |key: &'static str, value_name: &'static str| {
            Arg::new(key)
                .long(key)
                .value_name(value_name)
                .action(ArgAction::Append)
                .value_parser(ValueParser::string())
                .allow_hyphen_values(true)
        };
        KEYS.iter()
            .fold(cmd, |cmd, key| cmd.arg(knob(key, "VALUE")))
            .arg(knob("preset", "ID"))
            .arg(knob("scenario", "QUERY"))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for Knobs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut placed: Vec<(usize, &str, &String)> = Vec::new();
        for key in KEYS.iter().copied().chain(["preset", "scenario"]) {
            if let (Some(values), Some(at)) = (m.get_many::<String>(key), m.indices_of(key)) {
                placed.extend(at.zip(values).map(|(i, v)| (i, key, v)));
            }
        }
        placed.sort_by_key(|(i, _, _)| *i);
        let mut pairs = Vec::new();
        for (_, key, value) in placed {
            if key == "scenario" {
                pairs.extend(query_pairs(value));
            } else {
                pairs.push((key.to_string(), value.clone()));
            }
        }
        Ok(Knobs(pairs))
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

/// `--scenario`'s text (the page's `#/flow?…`): its key=value pairs.
fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .trim_start_matches(['?', '#'])
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
}

fn render(o: Opts) -> ExitCode {
    let main = scenario::timeline(&o.link.scenario);
    let other = o.compare.then(|| {
        let s = o.link.compare.unwrap_or(scenario::Scenario {
            mode: o.link.scenario.mode.counterpart(),
            ..o.link.scenario
        });
        scenario::timeline(&s)
    });
    if o.json {
        let mut v = serde_json::to_value(&main).unwrap_or_default();
        v["link"] = link_text(&main).into();
        v["compare"] = match &other {
            Some(t) => {
                let mut c = serde_json::to_value(t).unwrap_or_default();
                c["link"] = link_text(t).into();
                c
            }
            None => serde_json::Value::Null,
        };
        println!("{v}");
    } else {
        print!("{}", diagram(&main, o.brief));
        if let Some(t) = &other {
            println!("\n==================== compared with ====================\n");
            print!("{}", diagram(t, o.brief));
        }
    }
    let bad = |t: &Timeline| !t.works || t.attack.as_ref().is_some_and(|a| a.succeeded);
    if bad(&main) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn link_text(t: &Timeline) -> String {
    link::scenario_pairs(&t.scenario, "")
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}
