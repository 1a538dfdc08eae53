//! The outputs: each target's text with its status (up to date, or what to fix and what is shown
//! instead), Copy and Download, and the command line that writes the same.

use super::{copy, download, focus_input, input_of, wrong_while_typing, Typed};
use ftp_explorer::config::{
    preview, Code, Field, Generated, Kind, Pair, Problem, Problems, Target, NOTES_HEADING,
};
use ftp_explorer::diagnose::Severity;
use std::cell::RefCell;
use yew::prelude::*;

/// Output `n` (0: the server's, 1: the firewall's) for the form's state: the text that follows the
/// inputs, or while they hold an error the last one that did (or the core's preview without what is
/// wrong), with a status that says which.
pub(super) fn output_for(
    n: usize,
    pair: &Pair,
    query_problems: &[Problem],
    results: &[Result<Generated, Problems>; 2],
    last_good: &RefCell<[Option<Generated>; 2]>,
    editing: Option<&'static str>,
    typed: &Typed,
) -> Html {
    let target = if n == 0 { pair.server } else { pair.firewall };
    // What stops this text from following the inputs: a value the form could not read, or an
    // error the core found for this target.
    let mut blocking: Vec<&Problem> = query_problems.iter().filter(|p| p.is_error()).collect();
    if let Err(ps) = &results[n] {
        blocking.extend(ps.iter().filter(|p| p.is_error()));
    }
    let current = match &results[n] {
        Ok(g) if blocking.is_empty() => Some(g.clone()),
        _ => None,
    };
    let (shown_text, status) = match current {
        Some(g) => {
            last_good.borrow_mut()[n] = Some(g.clone());
            (Some(g), None)
        }
        None => {
            let last = last_good.borrow()[n].clone().filter(|g| g.target == target);
            let (g, left_out) = match last {
                Some(g) => (Some(g), None),
                None => match preview(target, &pair.inputs) {
                    Some((g, fields)) => (Some(g), Some(fields)),
                    // Only a value the form could not read stands: the text for the rest.
                    None => (results[n].clone().ok(), Some(Vec::new())),
                },
            };
            (g, Some((blocking.first().map(|p| (*p).clone()), left_out)))
        }
    };
    output(n, target, shown_text, status, editing, typed)
}

/// One output: its heading, whether it follows the inputs, Copy and Download, the text (settings, then
/// the notes, set apart), and the command line that writes the same.
fn output(
    n: usize,
    target: Target,
    generated: Option<Generated>,
    status: Option<(Option<Problem>, Option<Vec<Field>>)>,
    editing: Option<&'static str>,
    typed: &Typed,
) -> Html {
    let id = format!("setup-output-{n}");
    let what = match target.kind() {
        Kind::Server => "configuration",
        Kind::Firewall => "firewall rules",
        Kind::Container => "port publishing",
    };
    let filename = generated.as_ref().map_or("", |g| g.filename);
    let stale = status.is_some();
    let status_html = status_line(&id, status.as_ref(), generated.is_some(), editing, typed);
    let body = generated.map_or_else(Html::default, |g| text_body(&id, what, target, g, stale));
    html! {
        <section class={classes!("setup-output", stale.then_some("is-stale"))} id={id.clone()} aria-labelledby={format!("{id}-heading")} data-target={target.as_str()} data-filename={filename}>
            <h3 id={format!("{id}-heading")}>{ format!("{} {what}", target.display_name()) }{ if filename.is_empty() { Html::default() } else { html! { <>{" · "}<code>{ filename }</code></> } } }</h3>
            { status_html }
            { body }
        </section>
    }
}

pub(super) fn problem(p: &Problem) -> Html {
    let (mark, class) = match (p.severity, p.code) {
        (_, Code::AddressRequired) => ("→ Needed: ", "problem needed"),
        (Severity::Error, _) => ("✖ Error: ", "problem error"),
        (Severity::Warning, _) => ("⚠ Warning: ", "problem warning"),
        (Severity::Info, _) => ("ℹ ", "problem info"),
    };
    html! { <li class={class} data-code={p.code.as_str()}><strong>{ mark }</strong>{ p.message.clone() }</li> }
}

/// Whether the text follows the inputs, and if not, what to fix and what is shown instead.
fn status_line(
    id: &str,
    status: Option<&(Option<Problem>, Option<Vec<Field>>)>,
    generated: bool,
    editing: Option<&'static str>,
    typed: &Typed,
) -> Html {
    match status {
        None => {
            html! { <p class="setup-status ok" role="status" id={format!("{id}-status")}>{"✓ Up to date."}</p> }
        }
        Some((problem, left_out)) => {
            let (key, label) = problem
                .as_ref()
                .map(|p| input_of(p.field))
                .unwrap_or(("target", "Server program"));
            let (before, after) = match problem {
                Some(p) if p.code == Code::AddressRequired => ("Not updated: ", " is needed here."),
                Some(p)
                    if editing == Some(key) && !wrong_while_typing(p.field, &typed.get(key)) =>
                {
                    (
                        "Not updated yet: finish ",
                        " (it is checked when you leave the field).",
                    )
                }
                _ => ("Not updated: fix ", " (see the message beside it)."),
            };
            let shows = match (left_out, generated) {
                (_, false) => "Nothing to show for these inputs yet.".to_string(),
                (None, true) => "Shown: the last configuration that matched the form.".into(),
                (Some(fields), true) if fields.is_empty() => {
                    "Shown: the configuration with that value at its default.".into()
                }
                (Some(fields), true) => {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|f| format!("“{}”", input_of(*f).1))
                        .collect();
                    format!("Shown: the configuration without {}.", names.join(", "))
                }
            };
            html! {
                <p class="setup-status stale" role="status" id={format!("{id}-status")}>
                    <strong>{"⚠ "}</strong>{ before }
                    <button type="button" class="setup-go" onclick={Callback::from(move |_: MouseEvent| focus_input(key))}>{ format!("“{label}”") }</button>
                    { after }{" "}{ shows }
                </p>
            }
        }
    }
}

/// The text (settings, then the notes set apart), Copy and Download, and the command line.
fn text_body(id: &str, what: &str, target: Target, g: Generated, stale: bool) -> Html {
    let text = g.text.clone();
    // The notes start at the rule above their heading.
    let split = text
        .find(&format!("\n# {NOTES_HEADING}"))
        .map(|at| text[..at].rfind('\n').map_or(at, |r| r + 1))
        .unwrap_or(text.len());
    let (settings, notes) = text.split_at(split);
    let on_copy = {
        let t = text.clone();
        Callback::from(move |_: MouseEvent| copy(&t))
    };
    let on_download = {
        let t = text.clone();
        let name = g.filename;
        Callback::from(move |_: MouseEvent| {
            let _ = download(name, &t);
        })
    };
    let on_command = {
        let c = g.command.clone();
        Callback::from(move |_: MouseEvent| copy(&c))
    };
    html! {
        <>
            <div class="report-actions">
                <button type="button" class="setup-copy" onclick={on_copy} aria-describedby={format!("{id}-status")}>{"Copy"}</button>
                <button type="button" class="setup-download" onclick={on_download} aria-describedby={format!("{id}-status")}>{ format!("Download {}", g.filename) }</button>
            </div>
            <pre class={classes!("config-text", stale.then_some("stale"))} tabindex="0" aria-label={format!("{} {what}: {}", target.display_name(), g.filename)}><code>{ settings.to_string() }<span class="config-notes">{ notes.to_string() }</span></code></pre>
            <p class="note setup-command">{"Command line: "}<code>{ g.command.clone() }</code>{" "}<button type="button" class="copy" onclick={on_command}>{"Copy command"}</button></p>
        </>
    }
}
