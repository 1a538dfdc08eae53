//! Show an input with one byte span marked (the offending part of an error, or the decoded group).

use ftp_explorer::wire::Span;
use yew::prelude::*;

/// The text with `span` wrapped in `<mark>`; the whole text unmarked if the span does not fit.
pub fn marked(text: &str, span: Option<Span>, label: &str) -> Html {
    let fits = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    match span.filter(|&s| fits(s)) {
        Some(s) => {
            let shown = if s.is_empty() {
                "\u{2038}".to_string()
            } else {
                text[s.start..s.end].to_string()
            };
            html! {
                <pre class="input-text">{ &text[..s.start] }<mark title={label.to_string()} aria-label={format!("{label}: {shown}")}>{ shown }</mark>{ &text[s.end..] }</pre>
            }
        }
        None => html! { <pre class="input-text">{ text }</pre> },
    }
}
