//! The page's frame: the navigation between views and the view the URL fragment names.
//!
//! The shell outlives the views, so it keeps what a view switch must not lose: the decoder's store (the
//! text, its report, the encoder's fields; see [`super::decoder::use_decoder`]) and, through
//! [`super::memory`], each view's last URL, which its navigation tab opens again. A navigation that opens
//! another view, or another symptom of the guide, shows its top (or the symptom) and moves the focus to
//! its heading.

use super::decoder::{use_decoder, Decoder};
use super::flow::{FlowPage, ReplayGone, ReplayOf};
use super::guide::GuidePage;
use super::memory::{last_view, remember_view};
use super::route::{Route, Tab};
use super::setup::SetupPage;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// What a navigation opens, for telling a new place from a view rewriting its own URL: the view, and for
/// the guide the symptom.
fn place(route: &Route) -> String {
    match route {
        Route::Guide {
            symptom: Some(id), ..
        } => format!("guide/{id}"),
        r => r.tab().key().to_string(),
    }
}

fn focus(el: &web_sys::Element) {
    if el.get_attribute("tabindex").is_none() {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Arrive at a place: the guide's symptom heading at the top of the screen, focused; or the view's top,
/// its first heading focused (the navigation stays one Shift+Tab away).
fn arrive(place: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else { return };
    let find = |selector: &str| doc.query_selector(selector).ok().flatten();
    if place.starts_with("guide/") {
        if let Some(title) = find("#symptom-title") {
            focus(&title);
            // The whole entry's top (its card) at the top of the screen, the heading just under it.
            let entry = title.closest(".symptom").ok().flatten();
            entry.unwrap_or(title).scroll_into_view_with_bool(true);
            return;
        }
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
    if let Some(heading) = find("main h2").or_else(|| find("main")) {
        focus(&heading);
        // Focusing scrolls the heading into view when it is not; at the top, nothing moves.
    }
}

/// A navigation tab: it opens its view's last URL.
#[inline(never)]
fn tab_link(tab: Tab, label: &'static str, here: bool) -> Html {
    html! {
        <a href={last_view(tab)} data-tab={tab.key()} aria-current={here.then_some("page")}>{ label }</a>
    }
}

#[function_component(Shell)]
pub fn shell() -> Html {
    let hash = use_state(current_hash);
    let store = use_decoder();
    {
        let hash = hash.clone();
        let store = store.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let now = current_hash();
                    store.follow(&now);
                    hash.set(now);
                })
            });
            move || drop(listener)
        });
    }
    let (route, problems) = Route::from_hash(&hash);
    // This view's URL is its tab's from now on (the views also remember the URLs they rewrite).
    remember_view(route.tab(), &route.to_hash());
    {
        // A new place (not the first one: a page opened with a link starts at its top, as loaded).
        let seen = use_mut_ref(|| None::<String>);
        use_effect_with(place(&route), move |here| {
            let before = seen.borrow_mut().replace(here.clone());
            if before.is_some_and(|b| b != *here) {
                arrive(here);
            }
        });
    }
    let here = route.tab();
    let tab = |tab: Tab, label: &'static str| tab_link(tab, label, tab == here);
    let page = match &route {
        Route::Analyse => html! { <Decoder store={store.clone()} /> },
        Route::Flow(link) => {
            html! { <FlowPage link={(**link).clone()} problems={problems.clone()} /> }
        }
        Route::Replay(r) => {
            let state = &store.state;
            let timeline = match &state.view {
                super::state::View::Capture(c) => c
                    .outcome
                    .sides
                    .get(r.side.saturating_sub(1))
                    .and_then(|(a, d)| {
                        let i = r.session.saturating_sub(1);
                        ftp_explorer::replay::replay(a, i, d.sessions.get(i))
                    }),
                _ => None,
            };
            match timeline {
                Some(t) => {
                    let replay = ReplayOf {
                        route: *r,
                        timeline: std::rc::Rc::new(t),
                    };
                    let key = format!("replay-{}-{}", r.side, r.session);
                    html! { <FlowPage {key} link={ftp_explorer::scenario::FlowLink::default()} replay={Some(replay)} /> }
                }
                None => {
                    let reading = state.capture.is_some() && state.stale;
                    html! { <ReplayGone route={*r} {reading} /> }
                }
            }
        }
        Route::Guide { symptom, search } => {
            html! { <GuidePage selected={symptom.clone()} search={search.clone()} /> }
        }
        Route::Setup(query) => html! { <SetupPage query={query.clone()} /> },
    };
    // The first Tab stop: straight past the navigation into the view (without touching the URL).
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("main").ok().flatten());
        if let Some(main) = main {
            let _ = main.set_attribute("tabindex", "-1");
            if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    html! {
        <>
            <nav class="site-nav" aria-label="Views">
                <a class="skip-link" href={(*hash).clone()} onclick={skip}>{"Skip to the view"}</a>
                { tab(Tab::Analyse, "Decode & check") }
                { tab(Tab::Flow, "Connection flow") }
                { tab(Tab::Setup, "Server setup") }
                { tab(Tab::Guide, "Troubleshooting") }
            </nav>
            { page }
        </>
    }
}
