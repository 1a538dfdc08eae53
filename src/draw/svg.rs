//! Small helpers for the drawings, which are written as SVG text (one string per drawing: far less
//! code than a virtual DOM node per shape, and the same text serves the page and the exported file).
//! Their style is in www/flow.css (every rule starting with `.fx`), which an export embeds.

use crate::scenario::{Connection, Node, NodeLabel, Step, Timeline};
use std::fmt::Write;

/// Text made safe for SVG/HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Break `text` into lines of at most `width` characters, at blanks and after `=`. A word is never cut
/// (an address split over two lines reads as two numbers): a longer one stands alone on its line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    crate::base::wrap(text, width, crate::base::LongWords::AfterEquals)
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(n.saturating_sub(1)).collect();
        c.push('…');
        c
    }
}

/// Lines of `<text>`: `lines` from (x, y), `step` apart, with a class and an anchor.
pub fn text_lines(
    out: &mut String,
    lines: &[String],
    x: i32,
    y: i32,
    step: i32,
    class: &str,
    anchor: &str,
) {
    for (i, l) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{}" class="{class}" text-anchor="{anchor}">{}</text>"#,
            y + step * i as i32,
            esc(l)
        );
    }
}

/// The label of a node that plays a part in this timeline.
pub fn label(t: &Timeline, n: Node) -> Option<&NodeLabel> {
    t.nodes.iter().find(|l| l.node == n && l.present)
}

/// A node's title in this timeline (the core's words), for text.
pub fn title(t: &Timeline, n: Node) -> String {
    t.nodes
        .iter()
        .find(|l| l.node == n)
        .map_or_else(|| n.to_string(), |l| l.title.clone())
}

/// The class naming a step's connection (`control`, `data`, `attack`).
pub fn conn_class(s: &Step) -> &'static str {
    match s.connection {
        Connection::Control => "control",
        Connection::Data => "data",
        Connection::Attack => "attack",
    }
}

/// The short word shown on a travelling packet: the command or reply code, or the TCP flag.
pub fn packet_word(s: &Step) -> String {
    let w = s.text.split(' ').next().unwrap_or_default();
    clip(if w.is_empty() { s.kind.as_str() } else { w }, 9)
}

/// A complete `<svg>` around drawn content.
pub fn svg(inner: &str, w: i32, h: i32, attrs: &str) -> String {
    scaled(inner, w, h, 100, attrs)
}

/// A complete `<svg>` shown at `pct` percent of its drawn size (the presenter's large drawing).
pub fn scaled(inner: &str, w: i32, h: i32, pct: i32, attrs: &str) -> String {
    format!(
        r#"<svg class="fx" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{}" height="{}" {attrs}>{inner}</svg>"#,
        w * pct / 100,
        h * pct / 100
    )
}
