//! Where the network drawing puts things, for the pixels it gets: left to right when each device gets
//! enough room for an address and port, otherwise top to bottom ([`Layout::new`]).

use super::svg::{label, wrap};
use super::topology::{order, route};
use crate::scenario::{Connection, Node, Step, Timeline};

/// Under this many pixels per node, the drawing goes top to bottom: a leg's two addresses (up to 23
/// characters of 12 px monospace) need about this much.
const MIN_SLOT: i32 = 180;

/// How many characters of a font fit in `px` pixels: advance widths in tenths of a pixel (12 px
/// monospace 7.3, 14 px bold titles 9.0, 12 px text 7.4; DejaVu's, the widest common fallbacks).
pub(super) fn fit(px: i32, tenths: i32) -> usize {
    (px.max(0) * 10 / tenths) as usize
}
pub(super) const MONO: i32 = 73;
pub(super) const TTL: i32 = 90;
pub(super) const TXT: i32 = 74;

const CONNS: [Connection; 3] = [Connection::Control, Connection::Data, Connection::Attack];

/// A device's box: where it is drawn, and its lines of text (title, then details).
pub(super) struct DeviceBox {
    pub(super) node: Node,
    pub(super) x: i32,
    pub(super) y: i32,
    pub(super) w: i32,
    pub(super) h: i32,
    pub(super) lines: (Vec<String>, Vec<String>),
}

/// Where everything goes: the boxes, each device's place along the axis, each connection's track.
pub(super) struct Layout {
    /// Top to bottom (a phone, or a narrow pane).
    pub(super) vertical: bool,
    pub(super) boxes: Vec<DeviceBox>,
    /// Each axis node's position along the axis (an absent one sits on its left neighbour).
    pub(super) axis: Vec<(Node, i32)>,
    pub(super) tracks: Vec<(Connection, i32)>,
    /// Where the third party's box meets the tracks.
    pub(super) third: (i32, i32),
    /// Where the drop lines from the boxes end.
    pub(super) reach: i32,
    /// Top to bottom: where the stop words go, right of every track (so no track crosses them).
    pub(super) words_x: i32,
    pub(super) w: i32,
    pub(super) h: i32,
}

/// Top to bottom: the gap between two boxes, where a leg's two addresses are written.
const GAP: i32 = 46;
/// Top to bottom: one legend line per connection.
pub(super) const LEGEND: i32 = 20;

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
    pub(super) fn new(t: &Timeline, width: i32) -> Layout {
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
        let vertical = width / (present.len().max(1) as i32) < MIN_SLOT;
        let mut l = if vertical {
            Layout::stacked(t, width, &present, &used, third)
        } else {
            Layout::side_by_side(t, width, &present, &used, third)
        };
        l.axis = axis(&l.boxes, order, vertical);
        l
    }

    /// Top to bottom: the boxes in a column, the tracks right of them, a legend above.
    fn stacked(
        t: &Timeline,
        width: i32,
        present: &[Node],
        used: &[Connection],
        third: bool,
    ) -> Layout {
        let mut boxes = Vec::new();
        let spread = 26 * (used.len().max(1) as i32 - 1);
        let word_w = 78;
        let bw = (width - 4 - 30 - spread - 14 - word_w - 4).clamp(150, 300);
        let x = 4;
        let mut y = 8 + LEGEND * used.len() as i32 + 8;
        for n in present
            .iter()
            .copied()
            .chain(third.then_some(Node::ThirdParty))
        {
            let lines = box_lines(t, n, fit(bw - 24, TTL), fit(bw - 16, MONO));
            let bh = box_h(&lines);
            boxes.push(DeviceBox {
                node: n,
                x,
                y,
                w: bw,
                h: bh,
                lines,
            });
            y += bh + GAP;
        }
        let tracks = used
            .iter()
            .enumerate()
            .map(|(k, c)| (*c, x + bw + 30 + 26 * k as i32))
            .collect::<Vec<_>>();
        let last = tracks.last().map_or(x + bw + 30, |t| t.1);
        let words_x = last + 14;
        let third_at = boxes
            .last()
            .filter(|_| third)
            .map_or((0, 0), |b| (b.x + b.w, b.y + b.h / 2));
        Layout {
            vertical: true,
            boxes,
            axis: Vec::new(),
            tracks,
            third: third_at,
            reach: last + 10,
            words_x,
            w: words_x + word_w,
            h: y - GAP + 10,
        }
    }

    /// Left to right: the boxes in a row of equal height, the tracks below them, a third party's box
    /// under the Internet.
    fn side_by_side(
        t: &Timeline,
        w: i32,
        present: &[Node],
        used: &[Connection],
        third: bool,
    ) -> Layout {
        let mut boxes = Vec::new();
        let slot = w / present.len().max(1) as i32;
        let bw = (slot - 16).min(260);
        let (tc, dc) = (fit(bw - 16, TTL), fit(bw - 12, MONO));
        for (i, n) in present.iter().enumerate() {
            let lines = box_lines(t, *n, tc, dc);
            boxes.push(DeviceBox {
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
        let tracks = used
            .iter()
            .enumerate()
            .map(|(k, c)| (*c, 8 + top + 60 + 96 * k as i32))
            .collect::<Vec<_>>();
        let last = tracks.last().map_or(top + 40, |t| t.1);
        let (third_at, h) = if third {
            let px = boxes
                .iter()
                .find(|b| b.node == Node::Internet)
                .map_or(w / 2, |b| b.x + b.w / 2);
            let lines = box_lines(t, Node::ThirdParty, tc, dc);
            let (tb_h, tb_y) = (box_h(&lines), last + 84);
            boxes.push(DeviceBox {
                node: Node::ThirdParty,
                x: px - bw / 2,
                y: tb_y,
                w: bw,
                h: tb_h,
                lines,
            });
            ((px, tb_y), tb_y + tb_h + 10)
        } else {
            ((0, 0), last + 70)
        };
        Layout {
            vertical: false,
            boxes,
            axis: Vec::new(),
            tracks,
            third: third_at,
            reach: last + 12,
            words_x: 0,
            w,
            h,
        }
    }

    /// Where node `n` sits on connection `c`'s track.
    pub(super) fn pt(&self, n: Node, c: Connection) -> (i32, i32) {
        if n == Node::ThirdParty {
            return self.third;
        }
        let p = self.axis.iter().find(|(m, _)| *m == n).map_or(0, |a| a.1);
        let k = self.tracks.iter().find(|(m, _)| *m == c).map_or(0, |t| t.1);
        if self.vertical {
            (k, p)
        } else {
            (p, k)
        }
    }

    pub(super) fn points(&self, s: &Step) -> Vec<(i32, i32)> {
        let mut pts: Vec<(i32, i32)> = route(s)
            .into_iter()
            .map(|n| self.pt(n, s.connection))
            .collect();
        pts.dedup();
        pts
    }

    /// Top to bottom: the bottom of the box whose centre is at `y`.
    pub(super) fn bottom_at(&self, y: i32) -> Option<i32> {
        self.boxes
            .iter()
            .find(|b| b.y + b.h / 2 == y)
            .map(|b| b.y + b.h)
    }
}

/// Positions along the axis; an absent node collapses onto the one before it.
fn axis(boxes: &[DeviceBox], order: [Node; 5], vertical: bool) -> Vec<(Node, i32)> {
    let centre = |b: &DeviceBox| {
        if vertical {
            b.y + b.h / 2
        } else {
            b.x + b.w / 2
        }
    };
    let mut at = boxes.first().map_or(0, centre);
    order
        .into_iter()
        .map(|n| {
            if let Some(b) = boxes.iter().find(|b| b.node == n) {
                at = centre(b);
            }
            (n, at)
        })
        .collect()
}
