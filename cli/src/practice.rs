//! `ftp-explorer practice`: a set of exercises from a seed, as a worksheet, JSON or a quiz file.

use crate::usage::Usage;
use clap::Args;
use ftp_explorer::practice::{export, generate, Kind, Level, Request, MAX_ITEMS};
use std::io::Write;
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer practice [--seed N] [--count K] [--kinds k1,k2] [--level L] [--answers]
                      [--format text|json|moodle-xml|gift]

Exercises on FTP's connection modes, generated from a seed: every answer is computed by the same
decoder, classifier, flow engine and checker as the rest of the tool (never stored). The same seed,
kinds and level always give the same set: an instructor's command gives every student the same one.

KINDS (default: the level's):
    port-from-reply   a 227 reply -> the address and port (p1 x 256 + p2)
    bytes-from-port   a port -> p1 and p2
    epsv-endpoint     a 229 reply and the control connection's address -> where the client connects
    classify          an address -> its class, and whether a client elsewhere could reach it
    predict-outcome   a scenario -> does the data connection open; if not, which device stops it
    choose-fix        a failing scenario and several changes -> the one that makes it work
    read-log          a curl -v log of a simulated session -> the finding the checker puts first

OPTIONS:
    --seed N          the set's seed (default 1)
    --count K         how many exercises (default 10, at most 200)
    --kinds LIST      kinds, comma-separated, taken in turn
    --level L         basic (1), intermediate (2) or advanced (3); default basic
    --answers         a worksheet with its answer key (text format)
    --format F        text (a worksheet), json, moodle-xml (Moodle's question import) or gift
    --json            the same as --format json

JSON: {\"seed\", \"level\", \"items\":[{\"id\", \"kind\", \"prompt\", \"input\", \"control\", \"scenario\",
       \"choices\":[{\"label\", \"scenario\"}], \"answer\", \"explanation\", \"link\", \"options\", \"hint\"}]}
answer by kind: {\"ip\",\"port\"}, {\"p1\",\"p2\"}, {\"ip\",\"port\"}, {\"category\",\"globally_reachable\"},
{\"opened\",\"device\"}, {\"choice\"} (an index into choices), {\"code\"}. A link is the page's fragment
(#… : append it to the page's address).

EXAMPLES:
    ftp-explorer practice --seed 2024 --count 5 --answers
    ftp-explorer practice --kinds port-from-reply,classify --level 2 --json
    ftp-explorer practice --seed 7 --count 20 --format moodle-xml > ftp-quiz.xml

EXIT STATUS: 0 the set was written, 2 usage error.
";

/// `practice`'s arguments.
#[derive(Args)]
#[command(override_help = HELP)]
pub struct PracticeArgs {
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 10)]
    count: usize,
    #[arg(long, value_delimiter = ',', value_parser = kind)]
    kinds: Vec<Kind>,
    #[arg(long, value_parser = level, default_value = "basic")]
    level: Level,
    #[arg(long)]
    answers: bool,
    #[arg(long, value_parser = ["text", "json", "moodle-xml", "gift"])]
    format: Option<String>,
    #[arg(long)]
    json: bool,
}

fn kind(text: &str) -> Result<Kind, String> {
    Kind::from_name(text.trim())
        .ok_or_else(|| format!("'{text}' is not a kind ({})", Kind::names()))
}

fn level(text: &str) -> Result<Level, String> {
    Level::parse(text)
        .ok_or_else(|| format!("'{text}' is not a level (basic|intermediate|advanced, or 1-3)"))
}

pub fn run(a: &PracticeArgs) -> Result<ExitCode, Usage> {
    if a.count == 0 || a.count > MAX_ITEMS {
        return Err(Usage::new(format!("--count must be 1 to {MAX_ITEMS}")));
    }
    let format = match (a.json, a.format.as_deref()) {
        (true, Some(f)) if f != "json" => {
            return Err(Usage::new("--json and --format disagree"));
        }
        (true, _) => "json",
        (false, f) => f.unwrap_or("text"),
    };
    let set = generate(&Request {
        seed: a.seed,
        count: a.count,
        kinds: a.kinds.clone(),
        level: a.level,
    });
    let out = match format {
        "json" => serde_json::to_string(&set).unwrap_or_default() + "\n",
        "moodle-xml" => export::moodle_xml(&set),
        "gift" => export::gift_format(&set),
        _ => export::text(&set, a.answers),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(ExitCode::SUCCESS)
}
