//! The network drawing: one box per node the core says is present (its title and addresses), and
//! under them one track per connection, drawn as far as its SYN got (control solid, data dashed, the
//! attacker's dotted) and labelled with its ports. The current step's packet travels along its hops
//! (SMIL `<animateMotion>`: the browser animates, no per-frame work in Rust), with the addresses on
//! each leg; a packet that was stopped ends in an ✕ with the word (DROPPED, REFUSED, LOST) and the rule.
//! Wide screens get a left-to-right layout; a phone in portrait gets the same drawing top to bottom.

use super::svg::{clip, conn_class, esc, label, packet_word, text_lines, title, wrap};
use crate::scenario::view::{stop, Stop};
use crate::scenario::{Connection, Node, Step, Timeline};
use std::fmt::Write;

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opts {
    /// Top to bottom, for a narrow screen.
    pub narrow: bool,
    /// Left to right: the drawing's width (smaller for two side by side, so their text stays readable).
    pub width: i32,
    /// Packets travel; otherwise they are shown where they end.
    pub animate: bool,
    /// How long a step lasts, in milliseconds (the travel takes most of it).
    pub ms: u32,
}

const CONNS: [Connection; 3] = [Connection::Control, Connection::Data, Connection::Attack];

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

struct Box_ {
    node: Node,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    lines: (Vec<String>, Vec<String>),
}

struct Layout {
    narrow: bool,
    boxes: Vec<Box_>,
    /// Each axis node's position along the axis (an absent one sits on its left neighbour).
    axis: Vec<(Node, i32)>,
    tracks: Vec<(Connection, i32)>,
    /// Where the third party's box meets the tracks.
    third: (i32, i32),
    /// Where the drop lines from the boxes end.
    reach: i32,
    w: i32,
    h: i32,
}

fn box_lines(t: &Timeline, n: Node, tc: usize, dc: usize) -> (Vec<String>, Vec<String>) {
    let l = label(t, n);
    let title = l.map_or(String::new(), |l| l.title.clone());
    let detail = l.map_or(String::new(), |l| l.detail.clone());
    (
        wrap(&title, tc),
        detail.split(" · ").flat_map(|d| wrap(d, dc)).collect(),
    )
}

fn box_h(lines: &(Vec<String>, Vec<String>)) -> i32 {
    16 + 18 * lines.0.len() as i32 + 16 * lines.1.len() as i32
}

impl Layout {
    fn new(t: &Timeline, narrow: bool, width: i32) -> Layout {
        let order = order(t);
        let present: Vec<Node> = order
            .iter()
            .copied()
            .filter(|n| label(t, *n).is_some())
            .collect();
        let used: Vec<Connection> = CONNS
            .into_iter()
            .filter(|c| {
                t.steps
                    .iter()
                    .any(|s| s.connection == *c && route(s).len() > 1)
            })
            .collect();
        let third = label(t, Node::ThirdParty).is_some();
        let mut boxes = Vec::new();
        let (w, h, tracks, third_at, reach);
        if narrow {
            let (bw, x) = (196, 8);
            let mut y = 8;
            for n in present
                .iter()
                .copied()
                .chain(third.then_some(Node::ThirdParty))
            {
                let lines = box_lines(t, n, 22, 25);
                let bh = box_h(&lines);
                boxes.push(Box_ {
                    node: n,
                    x,
                    y,
                    w: bw,
                    h: bh,
                    lines,
                });
                y += bh + 26;
            }
            w = 360;
            h = y;
            tracks = used
                .iter()
                .enumerate()
                .map(|(k, c)| (*c, x + bw + 24 + 28 * k as i32))
                .collect::<Vec<_>>();
            third_at = boxes
                .last()
                .filter(|_| third)
                .map_or((0, 0), |b| (b.x + b.w, b.y + b.h / 2));
            reach = tracks.last().map_or(x + bw, |t| t.1 + 10);
        } else {
            w = width;
            let slot = w / present.len().max(1) as i32;
            let bw = (slot - 16).min(210);
            let (tc, dc) = ((bw - 12) as usize * 10 / 82, (bw - 12) as usize * 10 / 73);
            for (i, n) in present.iter().enumerate() {
                let lines = box_lines(t, *n, tc, dc);
                boxes.push(Box_ {
                    node: *n,
                    x: slot * i as i32 + (slot - bw) / 2,
                    y: 8,
                    w: bw,
                    h: box_h(&lines),
                    lines,
                });
            }
            let top = boxes.iter().map(|b| b.h).max().unwrap_or(40);
            for b in &mut boxes {
                b.h = top;
            }
            // Around each track: its label above; below, the legs' addresses, then a stop's rule.
            tracks = used
                .iter()
                .enumerate()
                .map(|(k, c)| (*c, 8 + top + 56 + 80 * k as i32))
                .collect::<Vec<_>>();
            let last = tracks.last().map_or(top + 40, |t| t.1);
            reach = last + 12;
            if third {
                let px = boxes
                    .iter()
                    .find(|b| b.node == Node::Internet)
                    .map_or(w / 2, |b| b.x + b.w / 2);
                let lines = box_lines(t, Node::ThirdParty, tc, dc);
                let (tb_h, tb_y) = (box_h(&lines), last + 70);
                boxes.push(Box_ {
                    node: Node::ThirdParty,
                    x: px - bw / 2,
                    y: tb_y,
                    w: bw,
                    h: tb_h,
                    lines,
                });
                third_at = (px, tb_y);
                h = tb_y + tb_h + 10;
            } else {
                third_at = (0, 0);
                h = last + 66;
            }
        }
        // Positions along the axis; an absent node collapses onto the one before it.
        let mut axis = Vec::new();
        let mut at = boxes
            .first()
            .map_or(0, |b| if narrow { b.y + b.h / 2 } else { b.x + b.w / 2 });
        for n in order {
            if let Some(b) = boxes.iter().find(|b| b.node == n) {
                at = if narrow { b.y + b.h / 2 } else { b.x + b.w / 2 };
            }
            axis.push((n, at));
        }
        Layout {
            narrow,
            boxes,
            axis,
            tracks,
            third: third_at,
            reach,
            w,
            h,
        }
    }

    /// Where node `n` sits on connection `c`'s track.
    fn pt(&self, n: Node, c: Connection) -> (i32, i32) {
        if n == Node::ThirdParty {
            return self.third;
        }
        let p = self.axis.iter().find(|(m, _)| *m == n).map_or(0, |a| a.1);
        let k = self.tracks.iter().find(|(m, _)| *m == c).map_or(0, |t| t.1);
        if self.narrow {
            (k, p)
        } else {
            (p, k)
        }
    }

    fn points(&self, s: &Step) -> Vec<(i32, i32)> {
        let mut pts: Vec<(i32, i32)> = route(s)
            .into_iter()
            .map(|n| self.pt(n, s.connection))
            .collect();
        pts.dedup();
        pts
    }
}

fn path(pts: &[(i32, i32)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if i == 0 { "M" } else { "L" });
    }
    d
}

/// The ✕ where a packet was stopped, with the word and (when there is room) the rule.
fn mark(
    out: &mut String,
    l: &Layout,
    t: &Timeline,
    st: &Stop,
    at: (i32, i32),
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
    let right = l.narrow || x < l.w * 7 / 10;
    let (tx, anchor) = if right {
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
    if !l.narrow {
        let rule = wrap(&st.rule, 34);
        let rule: Vec<String> = rule.into_iter().take(2).collect();
        text_lines(out, &rule, tx, y + 46, 13, "leg lbl", anchor);
    }
    out.push_str("</g>");
}

/// The drawing at `step` (0: before the first), as SVG content, with its width and height.
pub fn topology(t: &Timeline, step: usize, o: &Opts) -> (String, i32, i32) {
    let l = Layout::new(t, o.narrow, o.width);
    let mut out = String::with_capacity(8192);
    let cur = step
        .checked_sub(1)
        .and_then(|i| t.steps.get(i).map(|s| (i, s)));
    let cur_route = cur.map(|(_, s)| route(s)).unwrap_or_default();
    // Drop lines from each box to the tracks.
    for b in l.boxes.iter().filter(|b| b.node != Node::ThirdParty) {
        let (x1, y1, x2, y2) = if l.narrow {
            (b.x + b.w, b.y + b.h / 2, l.reach, b.y + b.h / 2)
        } else {
            (b.x + b.w / 2, b.y + b.h, b.x + b.w / 2, l.reach)
        };
        let _ = write!(out, r#"<path class="drop" d="M{x1} {y1}L{x2} {y2}"/>"#);
    }
    // The boxes.
    for b in &l.boxes {
        let hot =
            cur.is_some() && cur_route.is_empty() && cur.is_some_and(|(_, s)| s.from == b.node);
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
        text_lines(&mut out, &b.lines.0, cx, b.y + 22, 18, "ttl", "middle");
        let dy = b.y + 22 + 18 * b.lines.0.len() as i32;
        text_lines(&mut out, &b.lines.1, cx, dy, 16, "mono", "middle");
    }
    // The connections, as far as their last SYN so far got.
    let mut marks: Vec<usize> = Vec::new();
    for (c, _) in &l.tracks {
        let upto = step.min(t.steps.len());
        let Some(j) = (0..upto).rev().find(|&j| {
            t.steps[j].connection == *c && t.steps[j].kind == crate::scenario::StepKind::Syn
        }) else {
            continue;
        };
        let syn = &t.steps[j];
        let pts = l.points(syn);
        if pts.len() < 2 {
            continue;
        }
        let _ = write!(
            out,
            r#"<path class="conn {}" d="{}"/>"#,
            conn_class(syn),
            path(&pts)
        );
        let state = if stop(t, j).is_some() {
            marks.push(j);
            " · failed"
        } else if t.steps[j + 1..upto].iter().any(|s| {
            s.connection == *c && s.kind == crate::scenario::StepKind::SynAck && s.delivered
        }) {
            " · open"
        } else {
            " · opening"
        };
        let ports = syn.hops.first().map_or(String::new(), |h| {
            format!(" · port {} → {}", h.src.port(), h.dst.port())
        });
        let text = format!("{} connection{ports}{state}", conn_class(syn));
        if l.narrow {
            let (x, y) = pts
                .iter()
                .fold((i32::MAX, i32::MAX), |a, p| (a.0.min(p.0), a.1.min(p.1)));
            let _ = write!(
                out,
                r#"<text class="leg lbl" transform="translate({} {}) rotate(90)">{}</text>"#,
                x + 8,
                y + 18,
                esc(&text)
            );
        } else {
            let x = pts.iter().map(|p| p.0).min().unwrap_or(0);
            let y = l.tracks.iter().find(|t| t.0 == *c).map_or(0, |t| t.1);
            let _ = write!(
                out,
                r#"<text class="tag lbl" x="{}" y="{}">{}</text>"#,
                x + 16,
                y - 9,
                esc(&text)
            );
        }
    }
    // The current step: what the devices did, and the packet itself.
    let mut appear = None;
    if let Some((i, s)) = cur {
        let pts = l.points(s);
        if !l.narrow {
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
                        b.y + b.h + 18
                    );
                }
            }
            for v in s.verdicts.iter().filter(|v| v.allowed) {
                let (x, y) = l.pt(v.device, s.connection);
                let _ = write!(
                    out,
                    r#"<g class="pass"><circle cx="{x}" cy="{y}" r="9"/><text x="{x}" y="{}" text-anchor="middle">✓</text></g>"#,
                    y + 4
                );
            }
            // The addresses on each leg; a NAT's rewrite is bold and underlined.
            let mut prev: Option<&crate::scenario::Hop> = None;
            for h in &s.hops {
                let (a, b) = (l.pt(h.from, s.connection), l.pt(h.to, s.connection));
                if a == b || a.0 == b.0 {
                    prev = Some(h);
                    continue;
                }
                let n = (a.0 - b.0).unsigned_abs() as usize * 10 / 68;
                let class = |changed: bool| if changed { "chg" } else { "" };
                let _ = write!(
                    out,
                    r#"<text class="leg mono lbl" x="{}" y="{}" text-anchor="middle"><tspan class="{}">{}</tspan><tspan x="{}" dy="13" class="{}">→ {}</tspan></text>"#,
                    (a.0 + b.0) / 2,
                    a.1 + 17,
                    class(prev.is_some_and(|p| p.src != h.src)),
                    esc(&clip(&h.src.to_string(), n)),
                    (a.0 + b.0) / 2,
                    class(prev.is_some_and(|p| p.dst != h.dst)),
                    esc(&clip(&h.dst.to_string(), n.saturating_sub(2)))
                );
                prev = Some(h);
            }
        }
        if pts.len() > 1 {
            let word = if s.encrypted {
                format!("{}·TLS", packet_word(s))
            } else {
                packet_word(s)
            };
            let pw = 8 * word.chars().count() as i32 + 14;
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
        if !marks.contains(&i) && stop(t, i).is_some() {
            marks.push(i);
        }
    }
    for j in marks {
        if let Some(st) = stop(t, j) {
            let at = l.pt(st.node, t.steps[j].connection);
            let now = cur.is_some_and(|(i, _)| i == j);
            mark(&mut out, &l, t, &st, at, appear.filter(|_| now));
        }
    }
    (out, l.w, l.h)
}
