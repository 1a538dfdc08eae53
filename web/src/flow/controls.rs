//! The scenario form, rendered from the core's description of its knobs (`knobs()`): a select per
//! choice, a text field per number, address or range (the core's error shown next to it), grouped in
//! fieldsets, the rarely needed ones folded; a preset picker; the side-by-side switch. Every change is
//! an [`Action`]; the core reads the values.

use super::state::{Action, Draft, State};
use ftp_explorer::scenario::{knobs, presets, value_of, Input, Knob, Scenario};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the form shows.
struct Props<'a> {
    scenario: Scenario,
    compare: bool,
    /// The compared scenario comes from the preset (not the other mode).
    compare_from_preset: bool,
    preset: Option<&'a str>,
    drafts: &'a [Draft],
    dispatch: &'a UseReducerDispatcher<State>,
}

const GROUPS: [(&str, &str); 6] = [
    ("mode", "Mode"),
    ("client", "Client side"),
    ("server", "Server side"),
    ("path", "On the way"),
    ("advanced", "Attacks, timeouts, busy ports"),
    ("addresses", "Addresses and port ranges"),
];

fn field(k: &Knob, p: &Props) -> Html {
    let id = format!("fx-{}", k.key);
    let help = format!("{id}-help");
    let key = k.key.to_string();
    let d = p.dispatch.clone();
    let value = value_of(&p.scenario, k.key);
    if k.input == Input::Choice {
        let onchange = Callback::from(move |e: Event| {
            d.dispatch(Action::Knob(
                key.clone(),
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        });
        return html! {
            <div class="field">
                <label for={id.clone()}>{ k.label }</label>
                <select id={id} {onchange} aria-describedby={help.clone()}>
                    { for k.choices.iter().map(|(v, l)| html! { <option value={*v} selected={*v == value}>{ *l }</option> }) }
                </select>
                <p class="help" id={help}>{ k.help }</p>
            </div>
        };
    }
    let draft = p.drafts.iter().find(|d| d.key == k.key);
    let err = format!("{id}-err");
    let onchange = Callback::from(move |e: Event| {
        d.dispatch(Action::Knob(
            key.clone(),
            e.target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .to_string(),
        ))
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ k.label }</label>
            <input id={id} type="text" spellcheck="false" autocomplete="off"
                inputmode={(k.input == Input::Number).then_some("numeric")}
                value={draft.map_or(value, |d| d.text.clone())} {onchange}
                aria-invalid={draft.is_some().to_string()} aria-describedby={format!("{err} {help}")} />
            <p class="field-error" id={err}>{ draft.map(|d| d.error.clone()).unwrap_or_default() }</p>
            <p class="help" id={help}>{ k.help }</p>
        </div>
    }
}

fn fieldset(all: &[Knob], group: &str, legend: &str, p: &Props) -> Html {
    html! {
        <fieldset>
            <legend>{ legend.to_string() }</legend>
            { for all.iter().filter(|k| k.group == group).map(|k| field(k, p)) }
        </fieldset>
    }
}

/// The form for state `s`.
pub fn controls(
    s: &State,
    compare_from_preset: bool,
    dispatch: &UseReducerDispatcher<State>,
) -> Html {
    let p = &Props {
        scenario: s.link.scenario,
        compare: s.link.compare.is_some(),
        compare_from_preset,
        preset: s.link.preset.as_deref(),
        drafts: &s.drafts,
        dispatch,
    };
    let all = knobs();
    let list = presets();
    let on_preset = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            d.dispatch(Action::Preset(
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let on_compare = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            d.dispatch(Action::Compare(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    let option = |pr: &ftp_explorer::scenario::Preset| {
        let text = match pr.symptom {
            Some(s) => format!("“{s}”: {}", pr.title),
            None => pr.title.to_string(),
        };
        html! { <option value={pr.id} selected={p.preset == Some(pr.id)}>{ text }</option> }
    };
    let other = p.scenario.mode.counterpart().as_str().to_ascii_uppercase();
    let folded = |i: usize| {
        let (g, l) = GROUPS[i];
        html! { <details class="more-knobs"><summary>{ l }</summary>{ fieldset(&all, g, l, p) }</details> }
    };
    let on_toggle = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            // Only the settings' own toggle (a folded group inside may report its own).
            let el = e.target_unchecked_into::<web_sys::Element>();
            if el.matches("details.settings").unwrap_or(false) {
                d.dispatch(Action::Settings(el.has_attribute("open")));
            }
        })
    };
    html! {
        <section class="scenario" aria-labelledby="fx-scenario-heading">
            <h3 id="fx-scenario-heading" class="visually-hidden">{"Scenario"}</h3>
            <div class="preset-row">
                <div class="field preset">
                    <label for="fx-preset">{"Start from a preset"}</label>
                    <select id="fx-preset" onchange={on_preset}>
                        <option value="" selected={p.preset.is_none()}>{"(your own scenario)"}</option>
                        <optgroup label="Symptoms">{ for list.iter().filter(|x| x.symptom.is_some()).map(option) }</optgroup>
                        <optgroup label="Lessons and attacks">{ for list.iter().filter(|x| x.symptom.is_none()).map(option) }</optgroup>
                    </select>
                </div>
                <div class="check">
                    <input type="checkbox" id="fx-compare" checked={p.compare} onchange={on_compare} />
                    <label for="fx-compare">
                        { if p.compare_from_preset { "Side by side with the preset's contrasting scenario".to_string() } else { format!("Side by side with the other mode ({other}) on the same network") } }
                    </label>
                </div>
            </div>
            <details class="settings" open={s.settings} ontoggle={on_toggle}>
                <summary>{"Settings"}<span class="now">{ s.main.title.clone() }</span></summary>
                <div class="knob-groups">
                    { for GROUPS[..4].iter().map(|(g, l)| fieldset(&all, g, l, p)) }
                </div>
                { folded(4) }
                { folded(5) }
            </details>
        </section>
    }
}
