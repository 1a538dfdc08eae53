//! Server setup: a form whose output is the chosen server program's configuration beside its firewall
//! rules, live, each with Copy and Download. Reading the form, checking it and writing the texts are the
//! core's ([`ftp_explorer::config`]); this view keeps what was typed and decides only when to show what:
//! - the output never goes blank: while the inputs hold an error, each text stays at the last one that
//!   worked (or the core's [`preview`], which leaves out what is wrong), marked "Not updated: fix …";
//! - a field being typed in is not shouted at: its problems wait until the user leaves it (a gentle
//!   note says so), unless what is there is wrong whatever comes next ([`wrong_while_typing`]);
//! - an address that is needed (behind NAT, Docker) is asked for beside the field, not as an error.

mod fields;
mod output;

use fields::Form;
use ftp_explorer::config::{
    generate, targets, wrong_while_typing, Code, Field, Generated, Kind, Pair, Problem, Problems,
};
use output::{output_for, problem};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The `#/setup?…` query the page was opened with.
    pub query: String,
}

/// Each input of the form: its query key (and element id `setup-KEY`), the field its problems name,
/// its label.
const INPUTS: [(&str, Field, &str); 10] = [
    ("target", Field::Target, "Server program"),
    ("nat", Field::BehindNat, "The server is behind NAT"),
    ("address", Field::Address, "Public address to advertise"),
    ("ports", Field::PassivePorts, "Passive port range"),
    (
        "active",
        Field::Active,
        "Keep active mode (PORT/EPRT) allowed",
    ),
    ("tls", Field::Tls, "Require TLS (FTPS)"),
    (
        "max_clients",
        Field::MaxClients,
        "Maximum clients (0: no limit)",
    ),
    (
        "max_per_ip",
        Field::MaxPerIp,
        "Maximum clients per address (0: no limit)",
    ),
    (
        "data_timeout",
        Field::DataTimeout,
        "Data-connection timeout (seconds)",
    ),
    ("control_port", Field::ControlPort, "Control port"),
];

fn input_of(field: Field) -> (&'static str, &'static str) {
    INPUTS
        .iter()
        .find(|(_, f, _)| *f == field)
        .map(|(k, _, l)| (*k, *l))
        .unwrap_or(("target", "Server program"))
}

/// What was typed, key by key (the query's keys), in the query's order.
#[derive(Clone, PartialEq)]
struct Typed(Vec<(&'static str, String)>);

impl Typed {
    fn from_pair(p: &Pair) -> Typed {
        let i = &p.inputs;
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        Typed(vec![
            ("target", p.server.as_str().to_string()),
            ("firewall", p.firewall.as_str().to_string()),
            ("address", i.address.clone()),
            ("nat", flag(i.behind_nat)),
            ("ports", format!("{}-{}", i.passive_min, i.passive_max)),
            ("active", flag(i.active)),
            ("tls", flag(i.tls)),
            ("max_clients", i.max_clients.to_string()),
            ("max_per_ip", i.max_per_ip.to_string()),
            ("data_timeout", i.data_timeout.to_string()),
            ("control_port", i.control_port.to_string()),
        ])
    }

    fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn with(&self, key: &'static str, value: String) -> Typed {
        let mut t = self.clone();
        match t.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => t.0.push((key, value)),
        }
        t
    }

    /// The typed values as a query for the core's reader (values percent-encoded).
    fn query(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| {
                let e = ftp_explorer::percent::encode(v, |b| {
                    b.is_ascii_alphanumeric()
                        || matches!(b, b'-' | b'.' | b'_' | b':' | b'[' | b']')
                });
                format!("{k}={e}")
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

use super::copy_text as copy;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = of)]
    fn array_of(item: &str) -> JsValue;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &web_sys::Blob) -> String;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

thread_local! {
    /// The last download's `blob:` URL, freed at the next download.
    static LAST_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Save `text` as a file called `name`: a Blob made here, nothing sent anywhere.
fn download(name: &str, text: &str) -> Option<()> {
    let blob = web_sys::Blob::new_with_str_sequence(&array_of(text)).ok()?;
    let url = create_object_url(&blob);
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_attribute("href", &url).ok()?;
    a.set_attribute("download", name).ok()?;
    a.click();
    if let Some(old) = LAST_URL.with(|l| l.replace(Some(url))) {
        revoke_object_url(&old);
    }
    Some(())
}

/// Move the focus to the input `setup-KEY` (opening the section that holds it).
fn focus_input(key: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc.get_element_by_id(&format!("setup-{key}")) else {
        return;
    };
    if let Ok(Some(d)) = el.closest("details") {
        let _ = d.set_attribute("open", "");
    }
    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

#[function_component(SetupPage)]
pub fn setup_page(props: &Props) -> Html {
    let typed = {
        let q = props.query.clone();
        use_state(move || Typed::from_pair(&Pair::from_query(&q).0))
    };
    // The text input being typed in and not yet left: its problems wait.
    let editing = use_state(|| None::<&'static str>);
    // The "Limits and ports" section, opened by the user (or by a problem inside it).
    let more_open = use_state(|| false);
    // The last text that matched the inputs, per output (server, firewall).
    let last_good = use_mut_ref(|| [None::<Generated>, None::<Generated>]);
    {
        // Opened again through a link: start from that link.
        let typed = typed.clone();
        use_effect_with(props.query.clone(), move |q| {
            typed.set(Typed::from_pair(&Pair::from_query(q).0));
        });
    }
    let (pair, query_problems) = Pair::from_query(&typed.query());
    {
        let pair = pair.clone();
        use_effect_with(pair, |p| {
            super::route::replace(&super::route::Route::Setup(p.to_query()))
        });
    }
    let results = [pair.server, pair.firewall].map(|t| generate(t, &pair.inputs));

    let problems = every_problem_once(&query_problems, &results);
    let form = Form {
        typed: typed.clone(),
        editing: editing.clone(),
        problems: &problems,
        behind_nat: pair.inputs.behind_nat,
    };

    // The limits live in a section of their own, opened when a problem concerns them.
    let inner = [
        ("max_clients", Field::MaxClients),
        ("max_per_ip", Field::MaxPerIp),
        ("data_timeout", Field::DataTimeout),
        ("control_port", Field::ControlPort),
    ];
    let inner_problems = inner.iter().filter(|(k, f)| form.shown(k, *f).any).count();
    let ontoggle = {
        let more_open = more_open.clone();
        Callback::from(move |e: Event| {
            let open = e
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if open != *more_open {
                more_open.set(open);
            }
        })
    };
    let details_open = *more_open || inner_problems > 0;

    let outputs = [0, 1].map(|n| {
        output_for(
            n,
            &pair,
            &query_problems,
            &results,
            &last_good,
            *editing,
            &typed,
        )
    });

    html! {
        <main class="setup">
            <h2>{"Server setup"}</h2>
            <p class="setup-intro">{"Describe your server: its configuration and its firewall rules follow as you type, the settings first and the explanations after them. Copy or download each file, or run the same with the command line shown under it. Nothing leaves this page."}</p>
            <div class="setup-layout">
                <form class="setup-form" aria-label="Your server" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    { form.select("target", "Server program", &[("FTP server", &[Kind::Server])], pair.server) }
                    { form.select("firewall", "Firewall (or Docker)", &[("Host firewall", &[Kind::Firewall]), ("Container", &[Kind::Container])], pair.firewall) }
                    { form.check_field("nat", Field::BehindNat, "A router, a cloud's 1:1 NAT or Docker: clients connect to another address than the server's own.") }
                    { form.text_field("address", Field::Address, "The address clients connect to, e.g. 203.0.113.10 (or a host name).", false) }
                    { form.text_field("ports", Field::PassivePorts, "MIN-MAX within 1024-65535, e.g. 50000-51000: the ports to open (and forward) for data connections.", false) }
                    { form.check_field("active", Field::Active, "The server connects to the client for data (PORT/EPRT). Passive mode always stays on.") }
                    { form.check_field("tls", Field::Tls, "Explicit FTPS (AUTH TLS) on the control and every data connection.") }
                    <details class="setup-more" open={details_open} {ontoggle}>
                        <summary>
                            {"Limits and ports"}
                            if inner_problems > 0 && !details_open {
                                { format!(" ({inner_problems} with a message)") }
                            }
                        </summary>
                        { form.text_field("max_clients", Field::MaxClients, "Clients at once, in all.", true) }
                        { form.text_field("max_per_ip", Field::MaxPerIp, "Clients at once from one IP address.", true) }
                        { form.text_field("data_timeout", Field::DataTimeout, "How long a transfer may stall: 1-65535.", true) }
                        { form.text_field("control_port", Field::ControlPort, "The port clients dial: FTP's is 21.", true) }
                    </details>
                </form>
                <div class="setup-outputs">
                    { for outputs }
                </div>
            </div>
        </main>
    }
}

/// Every problem once (the two targets share most checks), errors first.
fn every_problem_once(
    query_problems: &[Problem],
    results: &[Result<Generated, Problems>; 2],
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    for errors in [true, false] {
        let all = query_problems
            .iter()
            .chain(results.iter().flat_map(|r| match r {
                Ok(g) => g.warnings.iter(),
                Err(p) => p.iter(),
            }));
        for p in all {
            if p.is_error() == errors
                && !problems
                    .iter()
                    .any(|q| q.code == p.code && q.field == p.field)
            {
                problems.push(p.clone());
            }
        }
    }
    problems
}
