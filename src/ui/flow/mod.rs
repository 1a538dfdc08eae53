//! The connection-flow explorer (`#/flow?…`): a scenario played step by step over the network the
//! core simulates, drawn as a network (topology) and as a sequence diagram (lanes), optionally beside a
//! second scenario. It renders what the core returns: the timeline, its nodes' labels, its knobs and
//! presets; the whole state is the URL's [`FlowLink`], written back with `history.replaceState`.
//!
//! - [`state`]: plain data and its one reducer;
//! - [`controls`]: the scenario form (from `knobs()`) and the presets;
//! - [`toolbar`]: playback, shortcuts, the step list;
//! - [`topology`], [`lanes`]: the two drawings (SVG text; [`svg`] has their helpers, www/flow.css
//!   their style);
//! - [`step`]: the current step in detail;
//! - [`export`]: SVG and PNG files of the diagram.

mod controls;
mod export;
mod lanes;
mod state;
mod step;
mod svg;
mod toolbar;
mod topology;

use super::route::Route;
use crate::scenario::{preset, FlowLink, Timeline};
use state::{Action, State};
use topology::Opts;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: FlowLink,
    /// Values of the link that could not be read (shown; the rest of the link applies).
    #[prop_or_default]
    pub problems: Vec<String>,
}

/// The width under which the drawing is laid out top to bottom.
const NARROW: &str = "(max-width: 40rem)";

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(query).ok()?
}

fn matches(query: &str) -> bool {
    media(query).is_some_and(|m| m.matches())
}

/// Put the view's state in the URL without a new history entry.
fn replace_url(link: &FlowLink) {
    crate::ui::route::replace(&Route::Flow(Box::new(link.clone())));
}

/// Start the packets' travel in the drawings just rendered, and the marks that wait for its end.
fn travel() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = doc.query_selector_all(".topology animateMotion, .topology set") else {
        return;
    };
    for i in 0..list.length() {
        if let Some(a) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::SvgAnimationElement>().ok())
        {
            let at = a
                .get_attribute("data-at")
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0);
            let _ = a.begin_element_at(at as f32 / 1000.0);
        }
    }
}

fn raw(text: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(text))
}

/// One session: its title, the outcome (shown from its last step on), the drawing, the current step's
/// details, the sequence diagram, notes, and every step's narration (for print). Text only: a click on
/// the sequence diagram is handled once, for both sessions, by the page.
fn pane(t: &Timeline, step: usize, o: &Opts, id: &str) -> String {
    use std::fmt::Write;
    use svg::esc;
    let (topo, w, h) = topology::topology(t, step, o);
    let (seq, lw, lh) = lanes::lanes(t, step);
    let (len, at) = (t.steps.len(), step.min(t.steps.len()));
    let mut out = format!(
        r#"<section class="pane" id="{id}" aria-labelledby="{id}-title"><h3 id="{id}-title">{}</h3><div class="outcome{}{}"><p><strong>{}</strong> {}</p>"#,
        esc(&t.title),
        if step >= len { " shown" } else { "" },
        if t.works { " ok" } else { " bad" },
        if t.works {
            "✓ It works."
        } else {
            "✕ It fails."
        },
        esc(&t.summary)
    );
    if let Some(a) = &t.attack {
        let _ = write!(out, "<p>{}</p>", esc(&a.explanation));
    }
    if !t.fix.is_empty() {
        out.push_str(r#"<ul class="fix" aria-label="What to change">"#);
        for f in &t.fix {
            let _ = write!(out, "<li>{}</li>", esc(f));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
    if step < len {
        out.push_str(r#"<p class="outcome-hint">The outcome shows at the last step.</p>"#);
    }
    let _ = write!(
        out,
        r#"<figure class="topology">{}</figure><div class="step-detail">{}</div><h4 id="{id}-seq">Sequence diagram</h4><div class="lanes" role="region" tabindex="0" aria-labelledby="{id}-seq {id}-title">{}</div><details class="notes"><summary>Where real programs differ from the drawing</summary><ul>"#,
        svg::svg(
            &topo,
            w,
            h,
            &format!(r#"role="group" aria-label="Network drawing, step {at} of {len}""#)
        ),
        step::detail(t, step),
        svg::svg(
            &seq,
            lw,
            lh,
            &format!(
                r#"role="img" aria-label="Sequence diagram of the {len} steps, step {at} current (the step list below has the same)""#
            )
        )
    );
    for n in &t.notes {
        let _ = write!(out, "<li>{}</li>", esc(n));
    }
    let _ = write!(
        out,
        r#"</ul></details><div class="print-only">{}</div></section>"#,
        step::story(t)
    );
    out
}

/// What the live region says: the step's narration (of both sessions, side by side), and the outcome
/// once a session has reached its end.
fn narration(s: &State) -> String {
    let step = s.link.step;
    if step == 0 {
        return "Before the first packet. Press Play (or Space), or step with → and ←.".into();
    }
    let one = |t: &Timeline| {
        let n = t.steps.len();
        match t.steps.get(step - 1) {
            Some(st) if step == n => format!("{} Outcome: {}", st.narration, t.summary),
            Some(st) => st.narration.clone(),
            None => format!("(This session ended at step {n}.)"),
        }
    };
    let mut text = format!("Step {step} of {}. {}", s.last(), one(&s.main));
    if let Some(o) = &s.other {
        text.push_str(" — Beside it: ");
        text.push_str(&one(o));
    }
    text
}

#[function_component(FlowPage)]
pub fn flow_page(props: &Props) -> Html {
    let state = use_reducer(|| {
        State::new(
            props.link.clone(),
            !matches("(prefers-reduced-motion: reduce)"),
            matches(NARROW),
        )
    });
    let d = state.dispatcher();
    {
        // A new link from the shell (the fragment changed).
        let d = d.clone();
        use_effect_with(props.link.clone(), move |link| {
            d.dispatch(Action::Load(Box::new(link.clone())))
        });
    }
    use_effect_with(state.link.clone(), replace_url);
    // Each new drawing's packet starts travelling once it is in the page.
    use_effect_with(
        (state.link.clone(), state.animate, state.narrow, state.speed),
        |_| {
            // After this task: a just inserted drawing's timeline must have started, or it would not run.
            yew::platform::spawn_local(async {
                yew::platform::time::sleep(std::time::Duration::ZERO).await;
                travel();
            })
        },
    );
    toolbar::use_listeners(d.clone());
    toolbar::use_playback(&state, d.clone());

    let s = &*state;
    let step = s.link.step;
    let width = if s.other.is_some() { 760 } else { 1000 };
    let opts = Opts {
        narrow: s.narrow,
        width,
        animate: s.animate,
        ms: s.step_ms(),
    };
    let from_preset = s
        .link
        .preset
        .as_deref()
        .and_then(preset)
        .is_some_and(|p| p.compare.is_some() && p.compare == s.link.compare);
    let name = format!(
        "ftp-flow-{}-step-{step}",
        s.link
            .preset
            .clone()
            .unwrap_or_else(|| s.link.scenario.mode.to_string())
    );
    let on_svg = {
        let (a, b, name) = (s.main.clone(), s.other.clone(), name.clone());
        Callback::from(move |_| {
            let list: Vec<&Timeline> = std::iter::once(&*a).chain(b.as_deref()).collect();
            export::save_svg(&name, &list, step);
        })
    };
    let on_png = {
        let (a, b) = (s.main.clone(), s.other.clone());
        Callback::from(move |_| {
            let list: Vec<&Timeline> = std::iter::once(&*a).chain(b.as_deref()).collect();
            let (text, w, h) = export::file(&list, step);
            let name = name.clone();
            yew::platform::spawn_local(async move {
                let _ = export::save_png(name, text, w, h).await;
            });
        })
    };
    let on_lanes = {
        // A click on a row of a sequence diagram goes to that step.
        let d = d.clone();
        Callback::from(move |e: MouseEvent| {
            let n = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".lanes [data-step]").ok().flatten())
                .and_then(|g| g.get_attribute("data-step"))
                .and_then(|v| v.parse().ok());
            if let Some(n) = n {
                d.dispatch(Action::Goto(n));
            }
        })
    };
    html! {
        <main class="flow">
            <h2 id="fx-heading">{"Connection flow: active and passive mode through NAT and firewalls"}</h2>
            <p class="lede">{"Pick a preset or set the network, then step through the session: every packet, the addresses on each leg, what each firewall and NAT does, and why the data connection opens or not."}</p>
            if !props.problems.is_empty() {
                <div class="problems" role="status">
                    <p>{"Parts of the link could not be read and were ignored:"}</p>
                    <ul>{ for props.problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                </div>
            }
            { controls::controls(s, from_preset, &d) }
            { toolbar::toolbar(s, &d) }
            <p id="fx-narration" class="narration" aria-live="polite">{ narration(s) }</p>
            <div class={classes!("panes", s.other.is_some().then_some("two"))} onclick={on_lanes}>
                { raw(pane(&s.main, step, &opts, "fx-main") + &s.other.as_ref().map_or(String::new(), |o| pane(o, step, &opts, "fx-other"))) }
            </div>
            <div class="export" role="group" aria-label="Export the diagram">
                <button type="button" onclick={on_svg}>{"Export SVG"}</button>
                <button type="button" onclick={on_png}>{"Export PNG"}</button>
            </div>
            { toolbar::step_list(s, &d) }
        </main>
    }
}
