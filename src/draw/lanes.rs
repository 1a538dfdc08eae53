//! The sequence diagram of the same timeline: a lifeline per node, one arrow per step (control solid,
//! data dashed, the attacker's dotted), the current step highlighted, steps to come faint and without
//! their text. Each row carries `data-step`: a click on it goes there (the step list is the keyboard's
//! way to the same).

use super::svg::{clip, conn_class, esc, label, text_lines, wrap};
use crate::scenario::view::{stop, Stop};
use crate::scenario::{Node, Step, Timeline};
use std::fmt::Write;

const LEFT: i32 = 40;
const ROW: i32 = 30;

/// The diagram at `step`, as SVG content, with its width and height: as wide as `width` CSS pixels
/// (drawn at scale 1), within 110–240 pixels per lifeline (narrower screens scroll it sideways).
pub fn lanes(t: &Timeline, step: usize, width: i32) -> (String, i32, i32) {
    let cols: Vec<Node> = super::lanes_of(t);
    let col = ((width - LEFT - 8) / cols.len().max(1) as i32).clamp(110, 240);
    let heads: Vec<Vec<String>> = cols
        .iter()
        .map(|n| {
            wrap(
                &label(t, *n).map_or(String::new(), |l| l.title.clone()),
                ((col - 10) * 10 / 90) as usize,
            )
            .into_iter()
            .take(3)
            .collect()
        })
        .collect();
    let head_h = 12 + 17 * heads.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let g = Grid {
        w: LEFT + col * cols.len() as i32 + 8,
        top: head_h + 12,
        col,
        cols,
    };
    let h = g.top + ROW * t.steps.len() as i32 + 12;
    let mut out = String::with_capacity(16384);
    for (n, lines) in g.cols.iter().zip(&heads) {
        let x = g.x_of(*n);
        text_lines(&mut out, lines, x, 16, 17, "ttl", "middle");
        let _ = write!(
            out,
            r#"<path class="life" data-node="{}" d="M{x} {head_h}V{h}"/>"#,
            n.as_str()
        );
    }
    for (i, s) in t.steps.iter().enumerate() {
        row(&mut out, &g, t, i, s, step);
    }
    (out, g.w, h)
}

/// The diagram's columns: one lifeline per device.
struct Grid {
    cols: Vec<Node>,
    /// A column's width.
    col: i32,
    /// The drawing's width.
    w: i32,
    /// Where the first row starts.
    top: i32,
}

impl Grid {
    /// The x of a device's lifeline.
    fn x_of(&self, n: Node) -> i32 {
        let i = self.cols.iter().position(|c| *c == n).unwrap_or(0);
        LEFT + self.col * i as i32 + self.col / 2
    }
}

/// Step `i` as a row: its number, then its arrow (or a dot for a step that stays on one device).
fn row(out: &mut String, g: &Grid, t: &Timeline, i: usize, s: &Step, step: usize) {
    let n = i + 1;
    let when = match n.cmp(&step) {
        std::cmp::Ordering::Less => "past",
        std::cmp::Ordering::Equal => "cur",
        std::cmp::Ordering::Greater => "future",
    };
    let y = g.top + ROW * i as i32;
    let mid = y + ROW / 2 + 4;
    let _ = write!(
        out,
        r#"<g class="row {when} {}" data-step="{n}"><rect class="hit" x="0" y="{y}" width="{}" height="{ROW}"/><text class="num" x="6" y="{}">{}{n}</text>"#,
        conn_class(s),
        g.w,
        mid + 4,
        if when == "cur" { "▶" } else { "" }
    );
    // A step without a message (a program's own decision) is told by its narration.
    let text = if s.text.is_empty() {
        s.narration.clone()
    } else {
        s.text.clone()
    };
    let text = if s.encrypted {
        format!("[TLS] {text}")
    } else {
        text
    };
    // What becomes of a packet is not told before its step: a step to come is drawn to its destination.
    let end = if s.delivered || when == "future" {
        s.to
    } else {
        s.reached
    };
    let (x1, x2) = (g.x_of(s.from), g.x_of(end));
    let future = when == "future";
    if !future {
        let _ = write!(out, "<title>Step {n}: {}</title>", esc(&text));
    }
    if x1 == x2 {
        let _ = write!(out, r#"<circle class="head" cx="{x1}" cy="{mid}" r="5"/>"#);
        if !future {
            let room = ((g.w - x1 - 14) * 10 / 85) as usize;
            let _ = write!(
                out,
                r#"<text class="lbl" x="{}" y="{}">{}</text>"#,
                x1 + 10,
                mid + 4,
                esc(&clip(&text, room))
            );
        }
    } else {
        let stopped = stop(t, i).filter(|_| !future);
        arrow(out, (x1, x2), mid, stopped.as_ref());
        if !future {
            // 13 px text, bold on the current row: about 8.5 px a character.
            let room = ((x2 - x1).abs() - 8) as usize * 10 / 85;
            let _ = write!(
                out,
                r#"<text class="lbl" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                (x1 + x2) / 2,
                mid - 5,
                esc(&clip(&text, room.max(6)))
            );
        }
    }
    out.push_str("</g>");
}

/// An arrow from `x1` to `x2` at height `mid`: with its head, or ending in an ✕ and the stop's word.
fn arrow(out: &mut String, (x1, x2): (i32, i32), mid: i32, stopped: Option<&Stop>) {
    let dir = if x2 > x1 { 1 } else { -1 };
    let tip = if stopped.is_some() {
        x2 - dir * 12
    } else {
        x2 - dir * 9
    };
    let _ = write!(out, r#"<path class="arrow" d="M{x1} {mid}H{tip}"/>"#);
    match stopped {
        Some(st) => {
            let _ = write!(
                out,
                r#"<path class="x" d="M{} {}l10 10m0-10l-10 10"/>"#,
                x2 - 5,
                mid - 5
            );
            let (tx, anchor) = if dir > 0 {
                (x2 + 10, "start")
            } else {
                (x2 - 10, "end")
            };
            let _ = write!(
                out,
                r#"<text class="word lbl" x="{tx}" y="{}" text-anchor="{anchor}">{}</text>"#,
                mid + 4,
                st.word
            );
        }
        None => {
            let _ = write!(
                out,
                r#"<path class="head" d="M{x2} {mid}l{}-5v10z"/>"#,
                -dir * 10
            );
        }
    }
}
