//! The connection-flow explorer (`#/flow?…`): a scenario played step by step over the network the
//! core simulates, drawn as a network (topology) and as a sequence diagram (lanes), optionally beside a
//! second scenario. It renders what the core returns: the timeline, its nodes' labels, its knobs and
//! presets; the whole state is the URL's [`FlowLink`], written back with `history.replaceState`.
//!
//! - [`state`]: plain data and its one reducer;
//! - [`controls`]: the scenario form (from `knobs()`) and the presets;
//! - [`toolbar`]: playback, shortcuts, presenter mode's keys, the step lists;
//! - the two drawings (topology and lanes, SVG text) and the step's detail come from the core
//!   (`ftp_explorer::draw`, shared with the CLI); www/flow.css has their style;
//! - [`export`]: SVG and PNG files of the diagram.

mod controls;
mod export;
mod state;
mod toolbar;

use super::route::Route;
use ftp_explorer::draw::{lanes, step, svg, topology};
use ftp_explorer::scenario::{preset, FlowLink, Timeline};
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
    /// A capture's session replayed instead of a simulated scenario.
    #[prop_or_default]
    pub replay: Option<ReplayOf>,
}

/// A capture's session to replay: where it is (the URL's part) and the core's timeline of it.
#[derive(Clone)]
pub struct ReplayOf {
    pub route: crate::route::Replay,
    pub timeline: std::rc::Rc<Timeline>,
}

/// The same replay (the timeline is derived from the capture held in memory, which a replay's URL names).
impl PartialEq for ReplayOf {
    fn eq(&self, o: &Self) -> bool {
        (self.route.session, self.route.side) == (o.route.session, o.route.side)
    }
}

#[derive(Properties, PartialEq)]
pub struct GoneProps {
    pub route: crate::route::Replay,
    /// The capture is still being read.
    pub reading: bool,
}

/// A replay's URL with no capture (or not that session) in memory: say why, and offer the simulated flow.
#[function_component(ReplayGone)]
pub fn replay_gone(props: &GoneProps) -> Html {
    html! {
        <main class="flow">
            <h2 id="fx-heading">{"Replay of a capture"}</h2>
            <div class="capture-error" role="status">
                if props.reading {
                    <p>{"The capture is still being read: its report is on its way in "}<a href="#/">{"Decode & check"}</a>{"; its replay buttons open here."}</p>
                } else {
                    <p>{ format!("There is no capture in memory to replay session {} from. ", props.route.session) }
                    {"A capture is held in memory only, never stored: after a reload (or once another text or file replaced it) it is gone."}</p>
                    <p class="finding-links">
                        <a class="button" href="#/">{"Open the capture again in Decode & check"}</a>
                        <a class="button" href="#/flow?preset=pasv-private-ip">{"Watch the simulated flow instead"}</a>
                    </p>
                }
            </div>
        </main>
    }
}

/// The width under which the settings start folded even without a preset (a phone).
const NARROW: &str = "(max-width: 40rem)";

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(query).ok()?
}

fn matches(query: &str) -> bool {
    media(query).is_some_and(|m| m.matches())
}

/// The room the main session's drawing gets, in CSS pixels, as the page is laid out now.
pub fn measure() -> Option<i32> {
    let doc = web_sys::window()?.document()?;
    let w = doc
        .query_selector("#fx-main .topology")
        .ok()??
        .client_width();
    (w > 0).then_some(w)
}

/// Presenter mode is on (read from the page by the key listener, which outlives each state).
pub fn presenting() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main.flow.present").ok().flatten())
        .is_some()
}

/// Before the first measurement: the window's width less the page's margins, halved when two sessions
/// stand side by side (from 69.5rem of content, as www/flow.css lays them out).
fn estimate(two: bool, present: bool) -> i32 {
    let vw = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(1000.0) as i32;
    let main = (vw - 56).clamp(200, 1880);
    if two && !present && main >= 1112 {
        (main - 24) / 2
    } else {
        main
    }
}

/// Presenter mode draws for this width and scales the drawing up to the room it has (about 2× on a
/// 1920-pixel screen): large text for the back of the room.
const PRESENT_WIDTH: i32 = 940;

/// Put the view's state in the URL without a new history entry.
fn replace_url(link: &FlowLink) {
    crate::route::replace(&Route::Flow(Box::new(link.clone())));
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

/// Where a session is, in words: its own step and length (a comparison's sessions differ in length).
fn progress(t: &Timeline, step: usize) -> String {
    let n = t.steps.len();
    let verdict = if t.works {
        "✓ it works"
    } else {
        "✕ it fails"
    };
    match step {
        0 => format!("before the first of its {n} steps"),
        s if s < n => format!("step {s} of {n}"),
        s if s == n => format!("step {n} of {n}, its last: {verdict}"),
        _ => format!("finished at its step {n}: {verdict}"),
    }
}

/// One session: its title (and, beside another, its letter and progress), the drawing, the outcome
/// (shown from its last step on, below the drawing, so the drawing never moves), the current step's
/// details, the sequence diagram, its own step list, notes, and every step's narration (for print).
/// A click on the sequence diagram is handled once, for both sessions, by the page.
#[allow(clippy::too_many_arguments)]
fn pane(
    t: &Timeline,
    step: usize,
    o: &Opts,
    scale: i32,
    room: i32,
    id: &str,
    letter: Option<&str>,
    d: &UseReducerDispatcher<State>,
) -> Html {
    use std::fmt::Write;
    use svg::esc;
    let (topo, w, h) = topology::topology(t, step, o);
    let (seq, lw, lh) = lanes::lanes(t, step, room - 2);
    let (len, at) = (t.steps.len(), step.min(t.steps.len()));
    let mut top = format!(r#"<h3 id="{id}-title">{}</h3>"#, esc(&t.title));
    if let Some(l) = letter {
        let _ = write!(
            top,
            r#"<p class="pane-status" id="{id}-status"><strong>{l}</strong> · {}</p>"#,
            esc(&progress(t, step))
        );
    }
    let _ = write!(
        top,
        r#"<figure class="topology">{}</figure><div class="outcome-slot"><div class="outcome{}{}"><p><strong>{}</strong> {}</p>"#,
        svg::scaled(
            &topo,
            w,
            h,
            scale,
            &format!(r#"role="group" aria-label="Network drawing, step {at} of {len}""#)
        ),
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
        let _ = write!(top, "<p>{}</p>", esc(&a.explanation));
    }
    if !t.fix.is_empty() {
        top.push_str(r#"<ul class="fix" aria-label="What to change">"#);
        for f in &t.fix {
            let _ = write!(top, "<li>{}</li>", esc(f));
        }
        top.push_str("</ul>");
    }
    top.push_str("</div>");
    if step < len {
        top.push_str(r#"<p class="outcome-hint">The outcome shows at the last step.</p>"#);
    }
    let _ = write!(
        top,
        r#"</div><div class="step-detail">{}</div><h4 id="{id}-seq">Sequence diagram</h4><div class="lanes" role="region" tabindex="0" aria-labelledby="{id}-seq {id}-title">{}</div>"#,
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
    let mut bottom = String::from(
        r#"<details class="notes"><summary>Where real programs differ from the drawing</summary><ul>"#,
    );
    for n in &t.notes {
        let _ = write!(bottom, "<li>{}</li>", esc(n));
    }
    let _ = write!(
        bottom,
        r#"</ul></details><div class="print-only">{}</div>"#,
        step::story(t)
    );
    let heading = match letter {
        Some(l) => format!("Every step of {l}"),
        None => "Every step".to_string(),
    };
    html! {
        <section class="pane" id={id.to_string()} aria-labelledby={format!("{id}-title")}>
            { raw(top) }
            { toolbar::step_list(t, step, id, heading, d) }
            { raw(bottom) }
        </section>
    }
}

/// What the live region says: the step's narration, and the outcome once the session has reached its
/// end; beside another session, each one's own progress and narration, by its letter.
fn narration(s: &State) -> String {
    let step = s.link.step;
    if step == 0 {
        return "Before the first packet. Press Play (or Space), or step with → and ←.".into();
    }
    let Some(o) = &s.other else {
        let t = &s.main;
        let n = t.steps.len();
        let text = match t.steps.get(step - 1) {
            Some(st) if step == n => format!("{} Outcome: {}", st.narration, t.summary),
            Some(st) => st.narration.clone(),
            None => t.summary.clone(),
        };
        return format!("Step {step} of {}. {text}", s.last());
    };
    let one = |letter: &str, t: &Timeline| {
        let n = t.steps.len();
        match t.steps.get(step - 1) {
            Some(st) if step == n => format!(
                "{letter}, step {n} of {n}, its last: {} Outcome: {}",
                st.narration, t.summary
            ),
            Some(st) => format!("{letter}, step {step} of {n}: {}", st.narration),
            None => format!("{letter}, finished at its step {n}: {}", t.summary),
        }
    };
    format!(
        "Step {step} of {}. {} — {}",
        s.last(),
        one("A", &s.main),
        one("B", o)
    )
}

#[function_component(FlowPage)]
pub fn flow_page(props: &Props) -> Html {
    let state = use_reducer(|| {
        let animate = !matches("(prefers-reduced-motion: reduce)");
        match &props.replay {
            Some(r) => State::replaying(r.route, r.timeline.clone(), animate),
            None => State::new(props.link.clone(), animate, matches(NARROW)),
        }
    });
    let d = state.dispatcher();
    use_page_effects(&state, &props.link);
    toolbar::use_listeners(d.clone());
    toolbar::use_playback(&state, d.clone());

    let s = &*state;
    let step = s.link.step;
    let present = s.link.present;
    let two = s.other.is_some();
    let room = if s.width > 0 {
        s.width
    } else {
        estimate(two, present)
    };
    let (width, scale) = if present && room > PRESENT_WIDTH {
        (PRESENT_WIDTH, room * 100 / PRESENT_WIDTH)
    } else {
        (room, 100)
    };
    let opts = Opts {
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
    let on_blank = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::Blank))
    };
    let letters = |l: &'static str| two.then_some(l);
    html! {
        <main class={classes!("flow", present.then_some("present"))}>
            { heading(s) }
            if !props.problems.is_empty() {
                <div class="problems" role="status">
                    <p>{"Parts of the link could not be read and were ignored:"}</p>
                    <ul>{ for props.problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                </div>
            }
            if !present && s.replay.is_none() {
                { controls::controls(s, from_preset, &d) }
            }
            { toolbar::toolbar(s, &d) }
            <div class={classes!("panes", two.then_some("two"))} onclick={on_lanes}>
                { pane(&s.main, step, &opts, scale, room, "fx-main", letters("A"), &d) }
                if let Some(o) = &s.other {
                    { pane(o, step, &opts, scale, room, "fx-other", letters("B"), &d) }
                }
            </div>
            <p id="fx-narration" class="narration" aria-live="polite">{ narration(s) }</p>
            { export_buttons(s) }
            if s.blank {
                <div class="blank" onclick={on_blank}>
                    <p class="visually-hidden" role="status">{"The screen is blank. Press B to show it again."}</p>
                </div>
            }
        </main>
    }
}

/// The effects of the view: a new link from the shell, the URL kept in step, each drawing's packet set
/// travelling, the drawings measured for their room, presenter mode on the whole page.
#[hook]
fn use_page_effects(state: &UseReducerHandle<State>, link: &FlowLink) {
    let d = state.dispatcher();
    let props_link = link.clone();
    {
        // A new link from the shell (the fragment changed). Not the first one: the state began with it,
        // and loading it again after the first render would undo a key pressed meanwhile.
        let (d, first) = (d.clone(), use_mut_ref(|| true));
        use_effect_with(props_link, move |link| {
            if !first.replace(false) {
                d.dispatch(Action::Load(Box::new(link.clone())))
            }
        });
    }
    use_effect_with(
        (state.link.clone(), state.replay),
        |(link, replay)| match replay {
            Some(r) => crate::route::replace(&Route::Replay(crate::route::Replay {
                step: link.step,
                present: link.present,
                ..*r
            })),
            None => replace_url(link),
        },
    );
    // Each new drawing's packet starts travelling once it is in the page.
    use_effect_with(
        (state.link.clone(), state.animate, state.width, state.speed),
        |_| {
            // After this task: a just inserted drawing's timeline must have started, or it would not run.
            yew::platform::spawn_local(async {
                gloo::timers::future::sleep(std::time::Duration::ZERO).await;
                travel();
            })
        },
    );
    {
        // The drawings are laid out for the room they have: measured after each render (it changes
        // with the window, side by side, presenter mode).
        let (d, width) = (d.clone(), state.width);
        use_effect(move || {
            if let Some(w) = measure().filter(|w| *w != width) {
                d.dispatch(Action::Width(w));
            }
        });
    }
    // Presenter mode hides the page's own header and navigation too.
    use_effect_with(state.link.present, |on| {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(r) = &root {
            let _ = if *on {
                r.set_attribute("data-presenting", "")
            } else {
                r.remove_attribute("data-presenting")
            };
        }
        move || {
            if let Some(r) = root {
                let _ = r.remove_attribute("data-presenting");
            }
        }
    });
}

/// The view's heading and lede: a simulated flow's, or a capture replay's.
fn heading(s: &State) -> Html {
    html! {
        <>
        if let Some(r) = s.replay {
            <h2 id="fx-heading">{ format!("Replay of a capture: session {}{}", r.session, if r.side == 2 { " of the server's side" } else { "" }) }</h2>
            <p class="lede">{"The capture's own packets and FTP lines, in its order and with its timing, stepped like a simulated flow. Devices between the hosts are drawn only where the capture proves one. "}<a href="#/">{"Back to the capture's report"}</a>{" · "}<a href="#/flow">{"the simulated flow"}</a></p>
        } else {
            <h2 id="fx-heading">{"Connection flow: active and passive mode through NAT and firewalls"}</h2>
            <p class="lede">{"Pick a preset or set the network, then step through the session: every packet, the addresses on each leg, what each firewall and NAT does, and why the data connection opens or not."}</p>
        }
        </>
    }
}

/// Export the diagram as an SVG or a PNG file, named after the preset, mode or replayed session.
fn export_buttons(s: &State) -> Html {
    let step = s.link.step;
    let name = match s.replay {
        Some(r) => format!("ftp-replay-session-{}-step-{step}", r.session),
        None => format!(
            "ftp-flow-{}-step-{step}",
            s.link
                .preset
                .clone()
                .unwrap_or_else(|| s.link.scenario.mode.to_string())
        ),
    };
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
    html! {
        <div class="export" role="group" aria-label="Export the diagram">
            <button type="button" onclick={on_svg}>{"Export SVG"}</button>
            <button type="button" onclick={on_png}>{"Export PNG"}</button>
        </div>
    }
}
