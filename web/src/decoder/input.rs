//! What comes into the decoder from outside the text box's typing: a paste, files opened or dropped,
//! and what goes out through Copy (a report, a share link).

use super::store::Store;
use crate::checker::CopyWhat;
use crate::state::{Action, State, View, BOX_LIMIT};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Copy the report (or a share link) to the clipboard and say so.
pub(super) fn copy(store: &Store, what: CopyWhat) {
    let state = &store.state;
    let View::Check(report) = &state.view else {
        return;
    };
    let (session, diagnosis) = &**report;
    let Some(window) = web_sys::window() else {
        return;
    };
    let (text, done) = match what {
        CopyWhat::Text => (
            ftp_explorer::report::check_text(session, diagnosis, false),
            "Report copied as text.",
        ),
        CopyWhat::Markdown => (
            ftp_explorer::report::check_text(session, diagnosis, true),
            "Report copied as Markdown.",
        ),
        CopyWhat::Link => {
            let fragment = ftp_explorer::share::fragment_for(&state.input);
            store.own_link(&fragment);
            let _ = window.location().set_hash(&fragment);
            let href = window.location().href().unwrap_or_default();
            (href, "Share link copied (passwords masked; the log stays in the link's #fragment, which is never sent to a server).")
        }
    };
    let promise = window.navigator().clipboard().write_text(&text);
    let dispatcher = state.dispatcher();
    wasm_bindgen_futures::spawn_local(async move {
        let message = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => done.to_string(),
            Err(_) => "The browser did not allow copying to the clipboard.".to_string(),
        };
        dispatcher.dispatch(Action::Notice(message));
    });
}

/// The byte offset in `text` of a position the browser gives in UTF-16 units (a selection's end).
pub(super) fn utf8_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Read the files the user opened or dropped (locally: nothing is sent anywhere). A packet capture is
/// recognised by its magic bytes (two captures: the client's side and the server's, compared); any other
/// file is read as text, as a log.
pub(super) fn load_files(list: &web_sys::FileList, d: UseReducerDispatcher<State>) {
    let files: Vec<gloo::file::File> = (0..list.length().min(2))
        .filter_map(|i| list.get(i))
        .map(gloo::file::File::from)
        .collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        for file in &files {
            match gloo::file::futures::read_as_bytes(file).await {
                Ok(bytes) => read.push((file.name(), bytes)),
                Err(_) => {
                    return d.dispatch(Action::Notice(format!(
                        "The browser could not read {}.",
                        file.name()
                    )))
                }
            }
        }
        let captures = read
            .iter()
            .filter(|(_, b)| ftp_explorer::capture::is_capture(b))
            .count();
        if captures > 0 {
            // Captures only (a log beside a capture is left out, and said so).
            let skipped: Vec<String> = read
                .iter()
                .filter(|(_, b)| !ftp_explorer::capture::is_capture(b))
                .map(|(n, _)| n.clone())
                .collect();
            read.retain(|(_, b)| ftp_explorer::capture::is_capture(b));
            d.dispatch(Action::OpenCapture(read));
            if !skipped.is_empty() {
                d.dispatch(Action::Notice(format!(
                    "{} is not a packet capture and was left out: open it on its own to check it as a log.",
                    skipped.join(", ")
                )));
            }
            return;
        }
        let Some((name, bytes)) = read.into_iter().next() else {
            return;
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        d.dispatch(Action::Load {
            text,
            source: format!("Opened {name}"),
        });
    });
}

/// A paste that would make the text large is taken over: the text goes into the state whole and the
/// box shows its beginning (see `BOX_LIMIT`). Into a small text it goes where the cursor is; a paste
/// into the beginning of a large text replaces it.
pub(super) fn on_paste(state: &UseReducerHandle<State>) -> Callback<Event> {
    let d = state.dispatcher();
    let preview = state.box_is_preview();
    Callback::from(move |e: Event| {
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
            return;
        };
        let Some(pasted) = e
            .clipboard_data()
            .and_then(|data| data.get_data("text/plain").ok())
        else {
            return;
        };
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        let current = if preview { String::new() } else { area.value() };
        if !preview && current.len() + pasted.len() <= BOX_LIMIT {
            return; // the browser pastes; the input event follows
        }
        e.prevent_default();
        let text = if preview {
            pasted
        } else {
            let at = |n: Option<u32>| utf8_offset(&current, n.unwrap_or(0) as usize);
            let (start, end) = (
                at(area.selection_start().ok().flatten()),
                at(area.selection_end().ok().flatten()),
            );
            let (start, end) = (start.min(end), end.max(start));
            if start == 0 && end == current.len() {
                pasted // (no copy of a large paste just to add nothing to it)
            } else {
                [&current[..start], pasted.as_str(), &current[end..]].concat()
            }
        };
        d.dispatch(Action::Load {
            text,
            source: "Pasted".into(),
        });
    })
}
