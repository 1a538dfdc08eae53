//! The troubleshooting guide: pick a symptom, see its causes, the checks to run, the fix, and open the
//! animation that shows it or the checker with a log that has it. Then the security checklist.
//! Everything shown comes from [`crate::guide`].

use crate::guide::{symptom, Symptom, CHOOSE_SFTP, RISKS, SYMPTOMS};
use crate::log::examples::EXAMPLES;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The symptom the URL names (`#/guide/ID`).
    pub selected: Option<String>,
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
        Some(e) => format!("#{}", crate::share::fragment_for(e.text)),
        None => "#/".into(),
    }
}

fn detail(s: &Symptom) -> Html {
    html! {
        <article class="symptom" aria-labelledby="symptom-title">
            <h3 id="symptom-title" tabindex="-1">{ s.title }</h3>
            <p class="symptom-mode">{ format!("Concerns {} mode.", match s.mode { "both" => "either", m => m }) }</p>
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
            <p class="guide-actions">
                <a class="button" href={flow_href(s.preset)}>{"▶ Watch it happen (animation)"}</a>
                <a class="button" href={checker_href(s)}>{ if s.example_log.is_some() { "Check a log that shows it" } else { "Check your own log" } }</a>
            </p>
        </article>
    }
}

#[function_component(GuidePage)]
pub fn guide_page(props: &Props) -> Html {
    let selected = props.selected.as_deref().and_then(symptom);
    let unknown = props.selected.is_some() && selected.is_none();
    html! {
        <main class="guide">
            <h2>{"Troubleshooting passive and active mode"}</h2>
            <p>{"Pick what you see. Each symptom lists its likely causes, the exact checks to run, the fix, and opens the animation that shows it failing."}</p>
            if unknown {
                <p class="field-error" role="alert">{ format!("No symptom called \"{}\": pick one below.", props.selected.clone().unwrap_or_default()) }</p>
            }
            <nav aria-label="Symptoms">
                <ul class="symptoms">
                    { for SYMPTOMS.iter().map(|s| {
                        let here = selected.is_some_and(|x| x.id == s.id);
                        html! { <li><a href={format!("#/guide/{}", s.id)} aria-current={here.then_some("true")}>{ s.title }</a></li> }
                    }) }
                </ul>
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
