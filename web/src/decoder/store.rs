//! The decoder's store: its state and the encoder's fields, kept by the shell while the views come and
//! go, and in the session's memory across a reload (text masked, captures never); a large text or a
//! capture is analysed from here, wherever the user is.

use super::encoder::{initial_encoder, Encoder};
use super::slices::{analyse_in_slices, capture_in_slices};
use crate::memory;
use crate::state::{size_words, Action, Mode, State, EXAMPLES};
use ftp_explorer::log::Format;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Session-memory keys (see `memory.rs`).
const TEXT_KEY: &str = "ftpx:decoder:text";
const TOO_LARGE_KEY: &str = "ftpx:decoder:too-large";
/// The names and sizes of the captures open (never their bytes): what to say after a reload.
const CAPTURE_KEY: &str = "ftpx:decoder:capture";
const OPTIONS_KEY: &str = "ftpx:decoder:options";
const LINK_KEY: &str = "ftpx:decoder:link";
pub(super) const ENCODER_KEY: &str = "ftpx:encoder";
/// Separates the fields of a stored value (a control character no field holds).
pub(super) const SEP: char = '\u{1f}';

/// The decoder's state and the encoder's fields, kept by the shell while the views come and go (a
/// pasted log and its report survive a visit to another view), and in the session's memory across a
/// reload.
#[derive(Clone)]
pub struct Store {
    pub state: UseReducerHandle<State>,
    pub encoder: UseStateHandle<Encoder>,
    /// The `#log=` link applied last (a fingerprint): a link replaces the text once, when followed,
    /// not again on every visit or reload.
    link: Rc<RefCell<String>>,
    /// What the handles held when this store was made (they read the latest values, whenever read).
    revision: u64,
    fields: Encoder,
}

/// The same store when it was made from the same values (the state is compared by its revision: a
/// report can be huge).
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && self.fields == other.fields
    }
}

/// A short fingerprint of a `#log=` fragment (its length and FNV-1a hash): stored instead of the link.
fn fingerprint(hash: &str) -> String {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    let fnv = h.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |v, b| {
        (v ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{}:{fnv:x}", h.len())
}

impl Store {
    /// The page moved to `hash`: a `#log=` link not applied yet replaces the text.
    pub fn follow(&self, hash: &str) {
        let Some(text) = ftp_explorer::share::text_from_fragment(hash) else {
            return;
        };
        let print = fingerprint(hash);
        if self.link.replace(print.clone()) == print {
            return;
        }
        memory::save(LINK_KEY, &print);
        let notice = format!(
            "Opened the text the link carries ({}).",
            size_words(text.len())
        );
        self.state.dispatch(Action::Open {
            text,
            notice: Some(notice),
        });
    }

    /// The page itself wrote this `#log=` link (a share link for the current text): nothing to apply.
    pub(super) fn own_link(&self, hash: &str) {
        let print = fingerprint(hash);
        memory::save(LINK_KEY, &print);
        *self.link.borrow_mut() = print;
    }
}

pub(super) fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

pub(super) fn mode_from(name: &str) -> Mode {
    Mode::from_name(name).unwrap_or_default()
}

/// The text with every `PASS` argument masked (the core's masking, line by line), as it is stored.
fn masked(text: &str) -> String {
    let lines: Vec<std::borrow::Cow<'_, str>> = text
        .split('\n')
        .map(ftp_explorer::log::mask::mask_password)
        .collect();
    lines.join("\n")
}

/// Keep the text for a reload, masked, if it is small enough; else say how large it was.
fn save_text(text: &str) {
    if text.len() <= memory::TEXT_LIMIT && memory::save(TEXT_KEY, &masked(text)) {
        memory::forget(TOO_LARGE_KEY);
    } else {
        memory::forget(TEXT_KEY);
        memory::save(TOO_LARGE_KEY, &text.len().to_string());
    }
}

/// The state the page opens with: a `#log=` link's text when the link is new in this tab; else the text
/// and options as they were left (after a reload); else the first example.
fn initial(link: &RefCell<String>) -> State {
    let hash = current_hash();
    if let Some(text) = ftp_explorer::share::text_from_fragment(&hash) {
        let print = fingerprint(&hash);
        let seen = memory::load(LINK_KEY).is_some_and(|p| p == print);
        memory::save(LINK_KEY, &print);
        *link.borrow_mut() = print;
        if !seen {
            return State::new(&text);
        }
    }
    let options = memory::load(OPTIONS_KEY).unwrap_or_default();
    let mut o = options.split(SEP);
    let mut next = || o.next().unwrap_or_default().to_string();
    let (mode, format, range, control) = (mode_from(&next()), next(), next(), next());
    let restore =
        |text: String| State::restored(text, control, mode, Format::from_name(&format), range);
    if let Some(names) = memory::load(CAPTURE_KEY) {
        let mut state = restore(String::new());
        state.notice = Some(format!(
            "The packet capture you had open, {names}, is not kept across a reload: the page holds a capture in memory only (it is binary, can be large and can hold passwords). Open or drop it again."
        ));
        return state;
    }
    if let Some(text) = memory::load(TEXT_KEY) {
        return restore(text);
    }
    if let Some(size) = memory::load(TOO_LARGE_KEY).and_then(|s| s.parse::<usize>().ok()) {
        let mut state = restore(String::new());
        state.notice = Some(format!(
            "The text you had here ({}) is too large to keep across a reload (the page keeps up to {}, passwords masked, in this tab only): open or paste it again.",
            size_words(size),
            size_words(memory::TEXT_LIMIT)
        ));
        return state;
    }
    State::new(EXAMPLES[0].1)
}

/// The decoder's store: created once by the shell (or by [`App`] on its own), it runs the analysis of a
/// large text wherever the user is, and keeps what is worth keeping in the session's memory.
#[hook]
pub fn use_decoder() -> Store {
    let link = use_mut_ref(String::new);
    let state = {
        let link = link.clone();
        use_reducer(move || initial(&link))
    };
    let encoder = use_state(initial_encoder);
    // A large text is analysed once typing pauses, a slice at a time, so the page stays responsive.
    let latest = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        use_effect_with(
            (state.generation, state.stale),
            move |&(generation, stale)| {
                *latest.borrow_mut() = generation;
                if stale && state.capture.is_some() {
                    yew::platform::spawn_local(capture_in_slices(state, latest, generation));
                } else if stale {
                    yew::platform::spawn_local(analyse_in_slices(state, latest, generation));
                }
            },
        );
    }
    // What a reload brings back, written as it changes (storage writes are synchronous and cheap; the
    // text is written only when it is another text).
    let saved = use_mut_ref(|| (0usize, String::new(), String::new()));
    {
        let mut saved = saved.borrow_mut();
        let text = Rc::as_ptr(&state.input) as usize;
        if saved.0 != text {
            saved.0 = text;
            save_text(&state.input);
            match &state.capture {
                Some(c) => {
                    memory::save(CAPTURE_KEY, &c.describe());
                }
                None => memory::forget(CAPTURE_KEY),
            }
        }
        let sep = SEP.to_string();
        let format = state.format.map_or("", |f| f.as_str());
        let options = [state.mode.as_str(), format, &state.range, &state.control].join(&sep);
        if saved.1 != options {
            memory::save(OPTIONS_KEY, &options);
            saved.1 = options;
        }
        let e = &*encoder;
        let open = if e.open { "1" } else { "0" };
        let fields = [e.kind.as_str(), &e.address, &e.port, open].join(&sep);
        if saved.2 != fields {
            memory::save(ENCODER_KEY, &fields);
            saved.2 = fields;
        }
    }
    Store {
        revision: state.revision,
        fields: (*encoder).clone(),
        state,
        encoder,
        link,
    }
}
