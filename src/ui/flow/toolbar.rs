//! Playback: the toolbar (play/pause, back, forward, restart, speed, animation), the keyboard
//! shortcuts (Space, ←, →), the playback timer, and the scrubbable list of every step; and the
//! page's listeners (keys, the screen's width).

use super::state::{Action, State, SPEEDS};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

fn send(d: &UseReducerDispatcher<State>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.dispatch(a.clone()))
}

/// The playback toolbar.
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
    html! {
        <div class="toolbar" role="toolbar" aria-label="Playback" aria-controls="fx-narration" aria-keyshortcuts="Space ArrowLeft ArrowRight">
            <button type="button" class="play" onclick={send(d, Action::Toggle)}>
                if s.playing { <span aria-hidden="true">{"‖ "}</span>{"Pause"} } else { <span aria-hidden="true">{"▶ "}</span>{"Play"} }
            </button>
            <button type="button" onclick={send(d, Action::Back)}><span aria-hidden="true">{"◀ "}</span>{"Back"}</button>
            <button type="button" onclick={send(d, Action::Next)}>{"Forward"}<span aria-hidden="true">{" ▶"}</span></button>
            <button type="button" onclick={send(d, Action::Restart)}><span aria-hidden="true">{"↺ "}</span>{"Restart"}</button>
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
        </div>
    }
}

/// The step list: one button per step, the current one marked; a click goes there.
pub fn step_list(s: &State, d: &UseReducerDispatcher<State>) -> Html {
    let label = |i: usize| {
        let t = s
            .main
            .steps
            .get(i)
            .or_else(|| s.other.as_ref().and_then(|o| o.steps.get(i)));
        t.map_or(String::new(), |st| {
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
        })
    };
    html! {
        <section class="step-list" aria-labelledby="fx-steps-heading">
            <h3 id="fx-steps-heading">{"Every step"}</h3>
            <ol>
                { for (1..=s.last()).map(|n| html! {
                    <li><button type="button" aria-current={(n == s.link.step).then_some("step")} onclick={send(d, Action::Goto(n))}>
                        <span class="n">{ format!("{n}.") }</span>{" "}{ label(n - 1) }
                    </button></li>
                }) }
            </ol>
        </section>
    }
}

/// Space plays or pauses, ← and → step, wherever the focus is but in a field that uses those keys; and
/// the layout follows the screen's width (a phone turned to portrait).
#[hook]
pub fn use_listeners(d: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let narrow = super::media(super::NARROW);
        let resized = {
            let d = d.clone();
            Closure::<dyn Fn()>::new(move || {
                d.dispatch(Action::Narrow(super::matches(super::NARROW)))
            })
        };
        if let Some(l) = &narrow {
            let _ = l.add_event_listener_with_callback("change", resized.as_ref().unchecked_ref());
        }
        let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() {
                return;
            }
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
            let kind = target
                .as_ref()
                .and_then(|t| t.get_attribute("type"))
                .unwrap_or_default();
            let typing = matches!(tag.as_str(), "SELECT" | "TEXTAREA")
                || (tag == "INPUT" && kind != "checkbox");
            let pressable = typing || matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY" | "INPUT");
            let action = match e.key().as_str() {
                " " if !pressable => Action::Toggle,
                "ArrowRight" if !typing => Action::Next,
                "ArrowLeft" if !typing => Action::Back,
                _ => return,
            };
            e.prevent_default();
            d.dispatch(action);
        });
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(doc) = &doc {
            let _ =
                doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        }
        move || {
            if let Some(doc) = doc {
                let _ = doc.remove_event_listener_with_callback(
                    "keydown",
                    on_key.as_ref().unchecked_ref(),
                );
            }
            if let Some(l) = narrow {
                let _ = l.remove_event_listener_with_callback(
                    "change",
                    resized.as_ref().unchecked_ref(),
                );
            }
        }
    });
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
                    yew::platform::time::sleep(std::time::Duration::from_millis(ms as u64)).await;
                    if alive.get() {
                        d.dispatch(Action::Tick);
                    }
                });
            }
            move || alive.set(false)
        },
    );
}
