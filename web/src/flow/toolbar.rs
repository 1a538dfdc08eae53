//! Playback: the toolbar (play/pause, back, forward, restart, the step counter, speed, animation,
//! presenter mode), the keyboard shortcuts (Space, ←, →; in presenter mode Page Down/Up, B, Esc), the
//! playback timer, and the scrubbable list of a session's steps; and the page's listeners (keys, the
//! room the drawings get).

use super::state::{Action, State, SPEEDS};
use ftp_explorer::scenario::Timeline;
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

fn send(d: &UseReducerDispatcher<State>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.dispatch(a.clone()))
}

/// The playback toolbar, with the step counter and the presenter switch.
pub fn toolbar(s: &State, d: &UseReducerDispatcher<State>) -> Html {
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            d.dispatch(Action::Speed(v.parse().unwrap_or(super::state::NORMAL)))
        })
    };
    let on_animate = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            d.dispatch(Action::Animate(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    let present = s.link.present;
    let keys = if present {
        "Space ArrowLeft ArrowRight PageUp PageDown B Escape"
    } else {
        "Space ArrowLeft ArrowRight"
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Playback" aria-controls="fx-narration" aria-keyshortcuts={keys}>
            <button type="button" class="play" onclick={send(d, Action::Toggle)}>
                if s.playing { <span aria-hidden="true">{"‖ "}</span>{"Pause"} } else { <span aria-hidden="true">{"▶ "}</span>{"Play"} }
            </button>
            <button type="button" onclick={send(d, Action::Back)}><span aria-hidden="true">{"◀ "}</span>{"Back"}</button>
            <button type="button" onclick={send(d, Action::Next)}>{"Forward"}<span aria-hidden="true">{" ▶"}</span></button>
            <button type="button" onclick={send(d, Action::Restart)}><span aria-hidden="true">{"↺ "}</span>{"Restart"}</button>
            <span class="counter">{ if s.link.step == 0 { format!("{} steps", s.last()) } else { format!("Step {} of {}", s.link.step, s.last()) } }</span>
            <span class="speed">
                <label for="fx-speed">{"Speed"}</label>
                <select id="fx-speed" onchange={on_speed}>
                    { for SPEEDS.iter().enumerate().map(|(i, (_, l))| html! { <option value={i.to_string()} selected={i == s.speed}>{ *l }</option> }) }
                </select>
            </span>
            <span class="check">
                <input type="checkbox" id="fx-animate" checked={s.animate} onchange={on_animate} />
                <label for="fx-animate">{"Animate packets"}</label>
            </span>
            <button type="button" class="presenter" aria-pressed={present.to_string()} onclick={send(d, Action::Present(!present))}>
                { if present { "Leave presenter mode (Esc)" } else { "Presenter mode" } }
            </button>
            if present {
                <span class="keys" id="fx-keys">{"Page Down/Page Up or → ← step · Space plays · B blanks the screen"}</span>
            }
        </div>
    }
}

/// A session's steps: one button per step, the current one marked; a click goes there. `id` names
/// the list (each session of a comparison has its own).
pub fn step_list(
    t: &Timeline,
    step: usize,
    id: &str,
    heading: String,
    d: &UseReducerDispatcher<State>,
) -> Html {
    let label = |st: &ftp_explorer::scenario::Step| {
        let what = if st.text.is_empty() {
            st.kind.as_str()
        } else {
            &st.text
        };
        format!(
            "{what} · {} → {}{}",
            st.from,
            st.to,
            if st.connection.as_str() == "control" {
                ""
            } else {
                " (data)"
            }
        )
    };
    let h = format!("{id}-steps");
    html! {
        <section class="step-list" aria-labelledby={h.clone()}>
            <h4 id={h}>{ heading }</h4>
            <ol>
                { for t.steps.iter().map(|st| html! {
                    <li><button type="button" aria-current={(st.number == step).then_some("step")} onclick={send(d, Action::Goto(st.number))}>
                        <span class="n">{ format!("{}.", st.number) }</span>{" "}{ label(st) }
                    </button></li>
                }) }
            </ol>
        </section>
    }
}

/// Space plays or pauses, ← and → step, wherever the focus is but in a field that uses those keys;
/// in presenter mode also Page Down/Page Up (what presentation remotes send), B (or .) blanks the
/// screen and Esc leaves. The drawings follow the room they get (a window resized, a phone turned).
/// Attached while the view is first rendered (not after it, in an effect: a key pressed as soon as the
/// view shows would be lost), detached when it goes.
#[hook]
pub fn use_listeners(d: UseReducerDispatcher<State>) {
    use_state(move || Listeners::new(d));
}

/// The view's listeners on the window and the document; dropping them (when the view goes) detaches them.
pub struct Listeners {
    _resized: Option<EventListener>,
    _keys: Option<EventListener>,
}

impl Listeners {
    fn new(d: UseReducerDispatcher<State>) -> Listeners {
        let window = web_sys::window();
        let resized = window.as_ref().map(|w| {
            let d = d.clone();
            EventListener::new(w, "resize", move |_| {
                if let Some(w) = super::measure() {
                    d.dispatch(Action::Width(w));
                }
            })
        });
        let keys = window.and_then(|w| w.document()).map(|doc| {
            // Not passive (gloo's default): the keys the view takes must not also scroll the page.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                if let Some(action) = e.dyn_ref::<KeyboardEvent>().and_then(key_action) {
                    e.prevent_default();
                    d.dispatch(action);
                }
            })
        });
        Listeners {
            _resized: resized,
            _keys: keys,
        }
    }
}

/// What a key pressed anywhere in the view does, if anything: Space plays or pauses (unless a control
/// takes it), the arrows step (unless the user is typing); in presenter mode Page Up/Down step, B or `.`
/// blanks the screen and Esc leaves.
fn key_action(e: &KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() {
        return None;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
    let kind = target
        .as_ref()
        .and_then(|t| t.get_attribute("type"))
        .unwrap_or_default();
    let typing =
        matches!(tag.as_str(), "SELECT" | "TEXTAREA") || (tag == "INPUT" && kind != "checkbox");
    let pressable = typing || matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY" | "INPUT");
    let presenting = super::presenting();
    Some(match e.key().as_str() {
        " " if !pressable => Action::Toggle,
        "ArrowRight" if !typing => Action::Next,
        "ArrowLeft" if !typing => Action::Back,
        "PageDown" if presenting && !typing => Action::Next,
        "PageUp" if presenting && !typing => Action::Back,
        "b" | "B" | "." if presenting && !typing => Action::Blank,
        "Escape" if presenting => Action::Present(false),
        _ => return None,
    })
}

/// While playing, one step on after each step's time.
#[hook]
pub fn use_playback(s: &State, d: UseReducerDispatcher<State>) {
    let ms = s.step_ms();
    use_effect_with(
        (s.playing, s.link.step, s.speed),
        move |&(playing, _, _)| {
            let alive = Rc::new(Cell::new(true));
            if playing {
                let alive = alive.clone();
                yew::platform::spawn_local(async move {
                    gloo::timers::future::sleep(std::time::Duration::from_millis(ms as u64)).await;
                    if alive.get() {
                        d.dispatch(Action::Tick);
                    }
                });
            }
            move || alive.set(false)
        },
    );
}
