//! The network drawing: one box per node the core says is present (its title and addresses), and
//! beside them one track per connection, drawn as far as its SYN got (control solid, data dashed, the
//! attacker's dotted) and labelled with its ports. The current step's packet travels along its hops
//! (SMIL `<animateMotion>`: the browser animates, no per-frame work in Rust), with the addresses on
//! each leg; a packet that was stopped ends in an ✕ with the word (DROPPED, REFUSED, LOST) and the rule.
//! The drawing is laid out for the pixels it gets (drawn at scale 1, so 12 px text stays 12 px): left to
//! right when each node gets enough room for an address and port, otherwise top to bottom, with each
//! leg's addresses in the gap between its two boxes and the connections named in a legend (no rotated
//! text). Nothing is cut inside an address.

use super::layout::{fit, Layout, LEGEND, MONO, TXT};
use super::svg::{clip, conn_class, esc, packet_word, text_lines, title, wrap};
use crate::scenario::view::{stop, Stop};
use crate::scenario::{Node, Step, StepKind, Timeline};
use std::fmt::Write;

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opts {
    /// The width in CSS pixels the drawing gets (drawn at scale 1).
    pub width: i32,
    /// Packets travel; otherwise they are shown where they end.
    pub animate: bool,
    /// How long a step lasts, in milliseconds (the travel takes most of it).
    pub ms: u32,
}

/// The nodes along the drawing's axis. A client that reaches the server without crossing the Internet
/// (it sits in the server's LAN) is drawn beside the server.
pub fn order(t: &Timeline) -> [Node; 5] {
    let beside = t
        .steps
        .iter()
        .filter_map(|s| s.hops.first())
        .any(|h| h.from == Node::Client && matches!(h.to, Node::Server | Node::ServerEdge));
    if beside {
        [
            Node::Internet,
            Node::ClientEdge,
            Node::ServerEdge,
            Node::Client,
            Node::Server,
        ]
    } else {
        [
            Node::Client,
            Node::ClientEdge,
            Node::Internet,
            Node::ServerEdge,
            Node::Server,
        ]
    }
}

/// The nodes a step's packet passes, in order (its hops; or from → to for a step without hops).
pub fn route(s: &Step) -> Vec<Node> {
    match s.hops.first() {
        Some(first) => std::iter::once(first.from)
            .chain(s.hops.iter().map(|h| h.to))
            .collect(),
        None if s.from != s.to => vec![s.from, s.to],
        None => Vec::new(),
    }
}

fn path(pts: &[(i32, i32)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
    }
    d
}

/// The path without its last `by` pixels (a stopped packet halts before the ✕, not on its word).
fn shorten(pts: &[(i32, i32)], by: i32) -> Vec<(i32, i32)> {
    let mut v = pts.to_vec();
    if let [.., a, b] = v.as_mut_slice() {
        let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
        let len = (b.0 - a.0).abs().max((b.1 - a.1).abs());
        let by = by.min(len / 2);
        *b = (b.0 - dx * by, b.1 - dy * by);
    }
    v
}

/// The ✕ where a packet was stopped, with the word and (left to right, when there is room) the rule.
/// The word goes where the packet's path does not: beyond its end (left to right), or right of every
/// track (top to bottom).
#[allow(clippy::too_many_arguments)]
fn mark(
    out: &mut String,
    l: &Layout,
    t: &Timeline,
    st: &Stop,
    at: (i32, i32),
    came_from: (i32, i32),
    appear: Option<u32>,
) {
    let name = format!("{} at the {}: {}", st.word, title(t, st.node), st.rule);
    let _ = write!(
        out,
        r#"<g class="blocked" role="img" aria-label="{}""#,
        esc(&name)
    );
    match appear {
        Some(ms) => {
            // Started with the travel, `data-at` ms later (by the page, as the travel is).
            let _ = write!(
                out,
                r#" opacity="0"><set attributeName="opacity" to="1" begin="indefinite" data-at="{ms}" fill="freeze"/>"#
            );
        }
        None => out.push('>'),
    }
    let (x, y) = at;
    let _ = write!(
        out,
        r#"<circle class="xbg" cx="{x}" cy="{y}" r="13"/><path class="x" d="M{} {}l14 14m0-14l-14 14"/>"#,
        x - 7,
        y - 7
    );
    let (tx, anchor) = if l.vertical {
        (l.words_x, "start")
    } else if came_from.0 <= x {
        (x + 18, "start")
    } else {
        (x - 18, "end")
    };
    let _ = write!(
        out,
        r#"<text class="word lbl" x="{tx}" y="{}" text-anchor="{anchor}" aria-hidden="true">{}</text>"#,
        y + 5,
        st.word
    );
    if !l.vertical {
        let room = if anchor == "start" { l.w - tx } else { tx } - 6;
        let rule: Vec<String> = wrap(&st.rule, fit(room, TXT).min(40))
            .into_iter()
            .take(2)
            .collect();
        text_lines(out, &rule, tx, y + 28, 14, "leg lbl", anchor);
    }
    out.push_str("</g>");
}

/// The drawing at `step` (0: before the first), as SVG content, with its width and height.
pub fn topology(t: &Timeline, step: usize, o: &Opts) -> (String, i32, i32) {
    let l = Layout::new(t, o.width);
    let mut out = String::with_capacity(8192);
    let cur = step
        .checked_sub(1)
        .and_then(|i| t.steps.get(i).map(|s| (i, s)));
    boxes(&mut out, &l, cur.map(|(_, s)| s));
    let mut marks = connections(&mut out, &l, t, step);
    let mut appear = None;
    if let Some((i, s)) = cur {
        helper_tag(&mut out, &l, s);
        passes(&mut out, &l, s);
        legs(&mut out, &l, s);
        appear = packet(&mut out, &l, t, i, o);
        if !marks.contains(&i) && stop(t, i).is_some() {
            marks.push(i);
        }
    }
    for j in marks {
        if let Some(st) = stop(t, j) {
            let pts = l.points(&t.steps[j]);
            let at = l.pt(st.node, t.steps[j].connection);
            let came_from = pts.iter().rev().find(|p| **p != at).copied().unwrap_or(at);
            let now = cur.is_some_and(|(i, _)| i == j);
            mark(&mut out, &l, t, &st, at, came_from, appear.filter(|_| now));
        }
    }
    (out, l.w, l.h)
}

/// The drop lines from each box to the tracks, and the boxes (the sender of a step without a route
/// lit).
fn boxes(out: &mut String, l: &Layout, cur: Option<&Step>) {
    let cur_route = cur.map(route).unwrap_or_default();
    // Drop lines from each box to the tracks.
    for b in l.boxes.iter().filter(|b| b.node != Node::ThirdParty) {
        let (x1, y1, x2, y2) = if l.vertical {
            (b.x + b.w, b.y + b.h / 2, l.reach, b.y + b.h / 2)
        } else {
            (b.x + b.w / 2, b.y + b.h, b.x + b.w / 2, l.reach)
        };
        let _ = write!(out, r#"<path class="drop" d="M{x1} {y1}L{x2} {y2}"/>"#);
    }
    // The boxes.
    for b in &l.boxes {
        let hot = cur_route.is_empty() && cur.is_some_and(|s| s.from == b.node);
        let _ = write!(
            out,
            r#"<rect class="box{}" x="{}" y="{}" width="{}" height="{}" rx="8"/>"#,
            if hot { " hot" } else { "" },
            b.x,
            b.y,
            b.w,
            b.h
        );
        let cx = b.x + b.w / 2;
        text_lines(out, &b.lines.0, cx, b.y + 22, 18, "ttl", "middle");
        let dy = b.y + 22 + 18 * b.lines.0.len() as i32;
        text_lines(out, &b.lines.1, cx, dy, 16, "mono", "middle");
    }
}

/// The connections, as far as their last SYN so far got, with their state; a failure is told once a
/// step after the SYN has shown it (not while the SYN still travels). Returns the steps whose stop
/// marks are due.
fn connections(out: &mut String, l: &Layout, t: &Timeline, step: usize) -> Vec<usize> {
    let upto = step.min(t.steps.len());
    let mut marks: Vec<usize> = Vec::new();
    for (k, (c, track)) in l.tracks.iter().enumerate() {
        let syn = (0..upto)
            .rev()
            .find(|&j| t.steps[j].connection == *c && t.steps[j].kind == StepKind::Syn);
        let text = match syn {
            Some(j) => {
                let syn = &t.steps[j];
                let pts = l.points(syn);
                if pts.len() >= 2 {
                    let _ = write!(
                        out,
                        r#"<path class="conn {}" d="{}"/>"#,
                        conn_class(syn),
                        path(&pts)
                    );
                }
                let state = if stop(t, j).is_some() {
                    marks.push(j);
                    if upto > j + 1 {
                        "failed"
                    } else {
                        "opening"
                    }
                } else if t.steps[j + 1..upto]
                    .iter()
                    .any(|s| s.connection == *c && s.kind == StepKind::SynAck && s.delivered)
                {
                    "open"
                } else {
                    "opening"
                };
                let ports = syn.hops.first().map_or(String::new(), |h| {
                    format!(" · port {} → {}", h.src.port(), h.dst.port())
                });
                if !l.vertical {
                    // Above the track, from its left end; from its right end when it would not fit.
                    let tag = format!("{} connection{ports} · {state}", conn_class(syn));
                    let (lo, hi) = pts
                        .iter()
                        .fold((i32::MAX, 0), |a, p| (a.0.min(p.0), a.1.max(p.0)));
                    let long = (tag.chars().count() * 82 / 10) as i32;
                    let (x, anchor) = if lo + 16 + long <= l.w {
                        (lo + 16, "start")
                    } else {
                        (hi - 16, "end")
                    };
                    let _ = write!(
                        out,
                        r#"<text class="tag lbl" x="{x}" y="{}" text-anchor="{anchor}">{tag}</text>"#,
                        track - 16,
                    );
                }
                format!("{}{ports} · {state}", c.as_str())
            }
            None => format!("{}: not opened yet", c.as_str()),
        };
        if l.vertical {
            // The legend: a sample of the line, then what the connection is and its state.
            let y = 8 + LEGEND * k as i32 + 6;
            let _ = write!(
                out,
                r#"<path class="conn {}" d="M6 {y}H34"/><text class="tag lbl" x="42" y="{}">{}</text>"#,
                c.as_str(),
                y + 4,
                esc(&text)
            );
        }
    }
    marks
}

/// Left to right: what an FTP helper did with the current step's line, under its box.
fn helper_tag(out: &mut String, l: &Layout, s: &Step) {
    if !l.vertical {
        if let Some(h) = &s.helper {
            let what = if h.blind {
                "FTP helper: TLS, cannot read"
            } else if h.rewrote.is_some() {
                "✎ FTP helper rewrote the line"
            } else if h.expects.is_some() {
                "FTP helper opens the data port"
            } else {
                "FTP helper ignores the line"
            };
            if let Some(b) = l.boxes.iter().find(|b| b.node == h.device) {
                let _ = write!(
                    out,
                    r#"<text class="tag lbl" x="{}" y="{}" text-anchor="middle">{what}</text>"#,
                    b.x + b.w / 2,
                    b.y + b.h + 20
                );
            }
        }
    }
}

/// A ✓ where a firewall let the current step's packet pass.
fn passes(out: &mut String, l: &Layout, s: &Step) {
    for v in s.verdicts.iter().filter(|v| v.allowed) {
        let (x, y) = l.pt(v.device, s.connection);
        let _ = write!(
            out,
            r#"<g class="pass"><circle cx="{x}" cy="{y}" r="9"/><text x="{x}" y="{}" text-anchor="middle">✓</text></g>"#,
            y + 4
        );
    }
}

/// The addresses on each leg of the current step's packet; a NAT's rewrite is bold and underlined.
fn legs(out: &mut String, l: &Layout, s: &Step) {
    let mut prev: Option<&crate::scenario::Hop> = None;
    for h in &s.hops {
        let (a, b) = (l.pt(h.from, s.connection), l.pt(h.to, s.connection));
        let changed =
            |src: bool| prev.is_some_and(|p| if src { p.src != h.src } else { p.dst != h.dst });
        let class = |c: bool| if c { "chg" } else { "" };
        let (from, to) = (h.src.to_string(), h.dst.to_string());
        if l.vertical {
            let third = h.from == Node::ThirdParty || h.to == Node::ThirdParty;
            if a.1 != b.1 && !third {
                if let Some(bottom) = l.bottom_at(a.1.min(b.1)) {
                    let _ = write!(
                        out,
                        r#"<text class="leg mono lbl" x="12" y="{}"><tspan class="{}">{}</tspan><tspan x="12" dy="15" class="{}">→ {}</tspan></text>"#,
                        bottom + 18,
                        class(changed(true)),
                        esc(&from),
                        class(changed(false)),
                        esc(&to)
                    );
                }
            }
        } else if a.0 != b.0 {
            let n = fit((a.0 - b.0).abs() - 10, MONO);
            let _ = write!(
                out,
                r#"<text class="leg mono lbl" x="{}" y="{}" text-anchor="middle"><tspan class="{}">{}</tspan><tspan x="{}" dy="15" class="{}">→ {}</tspan></text>"#,
                (a.0 + b.0) / 2,
                a.1 + 20,
                class(changed(true)),
                esc(&clip(&from, n)),
                (a.0 + b.0) / 2,
                class(changed(false)),
                esc(&clip(&to, n.saturating_sub(2)))
            );
        }
        prev = Some(h);
    }
}

/// The current step's packet on its way (animated, or where it ends); returns when its stop mark is
/// to appear, in milliseconds, when it travels.
fn packet(out: &mut String, l: &Layout, t: &Timeline, i: usize, o: &Opts) -> Option<u32> {
    let s = &t.steps[i];
    let pts = l.points(s);
    let mut appear = None;
    if pts.len() > 1 {
        let word = if s.encrypted {
            format!("{}·TLS", packet_word(s))
        } else {
            packet_word(s)
        };
        let pw = 8 * word.chars().count() as i32 + 14;
        // A stopped packet halts short of its ✕.
        let pts = if stop(t, i).is_some() {
            shorten(&pts, if l.vertical { 32 } else { pw / 2 + 18 })
        } else {
            pts
        };
        let end = pts[pts.len() - 1];
        let _ = write!(
            out,
            r#"<g class="pkt{}" aria-hidden="true""#,
            if s.encrypted { " enc" } else { "" }
        );
        let dur = o.ms * 7 / 10;
        if o.animate {
            out.push('>');
            appear = Some(dur);
        } else {
            let _ = write!(out, r#" transform="translate({} {})">"#, end.0, end.1);
        }
        let _ = write!(
            out,
            r#"<rect x="{}" y="-11" width="{pw}" height="22" rx="5"/><text x="0" y="4" text-anchor="middle">{}</text>"#,
            -pw / 2,
            esc(&word)
        );
        if o.animate {
            // Started by the page once drawn (`begin="indefinite"`): an SVG inserted as markup
            // does not start its own animations in Chromium.
            let _ = write!(
                out,
                r#"<animateMotion begin="indefinite" dur="{dur}ms" fill="freeze" path="{}"/>"#,
                path(&pts)
            );
        }
        out.push_str("</g>");
    }
    appear
}
