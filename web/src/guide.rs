//! The troubleshooting guide: find a symptom by the error in hand (the search box) or pick it, see its
//! causes, the checks to run, the fix, and open the animation that shows it or the checker with a log
//! that has it. Then the security checklist. Everything shown comes from [`ftp_explorer::guide`]; the search
//! is [`ftp_explorer::guide::search`].

use super::route::{replace, Route};
use ftp_explorer::guide::{search, symptom, Symptom, CHOOSE_SFTP, RISKS, SYMPTOMS};
use ftp_explorer::log::examples::EXAMPLES;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The symptom the URL names (`#/guide/ID`).
    pub selected: Option<String>,
    /// The search box's text (`?q=`).
    #[prop_or_default]
    pub search: String,
}

/// The guide's URL for a symptom (or none) and a search text.
fn guide_href(symptom: Option<&str>, search: &str) -> String {
    Route::Guide {
        symptom: symptom.map(str::to_string),
        search: search.to_string(),
    }
    .to_hash()
}

use super::copy_text as copy;

fn flow_href(preset: &str) -> String {
    format!("#/flow?preset={preset}")
}

fn checker_href(s: &Symptom) -> String {
    match s
        .example_log
        .and_then(|name| EXAMPLES.iter().find(|e| e.name == name))
    {
        Some(e) => format!("#{}", ftp_explorer::share::fragment_for(e.text)),
        None => "#/".into(),
    }
}

fn detail(s: &Symptom) -> Html {
    html! {
        <article class="symptom" aria-labelledby="symptom-title">
            <h3 id="symptom-title" tabindex="-1">{ s.title }</h3>
            <p class="symptom-mode">{ format!("Concerns {} mode.", match s.mode { "both" => "either", m => m }) }</p>
            // The actions first: one Tab from the heading, which takes the focus when a symptom is chosen.
            <p class="guide-actions">
                <a class="button" href={flow_href(s.preset)}>{"▶ Watch it happen (animation)"}</a>
                <a class="button" href={checker_href(s)}>{ if s.example_log.is_some() { "Check a log that shows it" } else { "Check your own log" } }</a>
            </p>
            <h4>{"What you see"}</h4>
            <ul class="seen">{ for s.seen.iter().map(|l| html! { <li><code>{ *l }</code></li> }) }</ul>
            <h4>{"Likely causes"}</h4>
            <ul>{ for s.causes.iter().map(|c| html! { <li>{ *c }</li> }) }</ul>
            <h4>{"Checks to run"}</h4>
            <ul class="checks">
                { for s.checks.iter().map(|c| {
                    let cmd = c.command;
                    html! {
                        <li>
                            <code class="command">{ cmd }</code>
                            <button type="button" class="copy" aria-label={format!("Copy: {cmd}")} onclick={Callback::from(move |_| copy(cmd))}>{"Copy"}</button>
                            <p class="tells">{ c.tells }</p>
                        </li>
                    }
                }) }
            </ul>
            <h4>{"Fix"}</h4>
            <ul>{ for s.fix.iter().map(|f| html! { <li>{ *f }</li> }) }</ul>
        </article>
    }
}

/// A symptom in the list (and, under a search, what matched).
#[inline(never)]
fn symptom_item(s: &Symptom, why: Html, current: Option<&str>, query: &str) -> Html {
    let here = current == Some(s.id);
    html! {
        <li>
            <a href={guide_href(Some(s.id), query)} aria-current={here.then_some("true")}>{ s.title }</a>
            { why }
        </li>
    }
}

#[function_component(GuidePage)]
pub fn guide_page(props: &Props) -> Html {
    let selected = props.selected.as_deref().and_then(symptom);
    let unknown = props.selected.is_some() && selected.is_none();
    // The search box's text lives in the URL (`?q=`), rewritten as it is typed (no new history entry);
    // the shell is told, and renders the guide with it.
    let query = &props.search;
    let on_search = {
        let selected = props.selected.clone();
        Callback::from(move |e: InputEvent| {
            replace(&Route::Guide {
                symptom: selected.clone(),
                search: e.target_unchecked_into::<HtmlInputElement>().value(),
            });
            if let (Some(w), Ok(event)) = (web_sys::window(), web_sys::Event::new("hashchange")) {
                let _ = w.dispatch_event(&event);
            }
        })
    };
    let hits = search(query);
    let searching = query.chars().any(|c| c.is_alphanumeric());
    let shown = if query.trim().chars().count() > 40 {
        "the text".to_string()
    } else {
        format!("“{}”", query.trim())
    };
    let count = match hits.len() {
        _ if !searching => String::new(),
        0 => format!("No symptom matches {shown}."),
        1 => format!("1 symptom matches {shown}."),
        n => format!("{n} symptoms match {shown}."),
    };
    let current = selected.map(|s| s.id);
    let item = |s: &Symptom, why: Html| symptom_item(s, why, current, query);
    html! {
        <main class="guide">
            <h2>{"Troubleshooting passive and active mode"}</h2>
            <p>{"Pick what you see, or search for the error you have. Each symptom lists its likely causes, the exact checks to run, the fix, and opens the animation that shows it failing."}</p>
            <div class="guide-search" role="search">
                <label for="guide-search">{"Search by the error you see"}</label>
                <input id="guide-search" type="search" spellcheck="false" autocomplete="off" autocapitalize="off"
                    placeholder="e.g. 425 or curl: (28)" value={query.clone()}
                    oninput={on_search} aria-describedby="guide-search-hint guide-search-count" />
                <p id="guide-search-hint" class="hint">{"A reply code, a client's message or a whole line from your log."}</p>
                <p id="guide-search-count" role="status" class="search-count">{ count }</p>
            </div>
            if unknown {
                <p class="field-error" role="alert">{ format!("No symptom called \"{}\": pick one below.", props.selected.clone().unwrap_or_default()) }</p>
            }
            <nav aria-label="Symptoms">
                if !searching {
                    <ul class="symptoms">
                        { for SYMPTOMS.iter().map(|s| item(s, html! {})) }
                    </ul>
                } else if hits.is_empty() {
                    <p class="no-match">
                        {"Nothing in the table quotes that text. "}
                        <a href="#/">{"Paste your whole log into the checker"}</a>
                        {": it reads every line and says what went wrong."}
                    </p>
                } else {
                    <ul class="symptoms hits">
                        { for hits.iter().map(|h| item(h.symptom, html! {
                            <p class="hit-why">
                                {"Matches "}<code>{ h.matched }</code>
                                if let Some(source) = h.source { { format!(" ({source})") } }
                            </p>
                        })) }
                    </ul>
                }
            </nav>
            { selected.map(detail).unwrap_or_default() }
            <section class="security" aria-labelledby="security-heading">
                <h2 id="security-heading">{"Security checklist"}</h2>
                { for RISKS.iter().map(|r| html! {
                    <details class="risk">
                        <summary>{ r.title }</summary>
                        <p><strong>{"Risk: "}</strong>{ r.risk }</p>
                        <p><strong>{"Mitigation: "}</strong>{ r.mitigation }</p>
                        { for r.lines.iter().map(|(prog, lines)| html! {
                            <figure class="config-lines">
                                <figcaption>{ *prog }</figcaption>
                                <pre><code>{ *lines }</code></pre>
                            </figure>
                        }) }
                        if let Some(p) = r.preset {
                            <p><a href={flow_href(p)}>{"▶ See it in the animation"}</a></p>
                        }
                    </details>
                }) }
                <h3>{"When to choose SFTP instead"}</h3>
                <ul>{ for CHOOSE_SFTP.iter().map(|l| html! { <li>{ *l }</li> }) }</ul>
            </section>
        </main>
    }
}
