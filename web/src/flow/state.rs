//! The flow view's state: plain data, changed only by [`State::apply`] over an [`Action`]. The link
//! (scenario, compare, step, preset) is the URL's; the timelines are derived from it here, in the one
//! place where it changes. Knob values go through the core's `link::apply`: nothing is parsed here.

use ftp_explorer::scenario::{link, preset, timeline, value_of, FlowLink, Timeline};
use std::rc::Rc;
use yew::Reducible;

/// Playback speeds offered, in quarters (1 = 0.25×), with their labels.
pub const SPEEDS: [(u32, &str); 5] = [(1, "0.25×"), (2, "0.5×"), (4, "1×"), (8, "2×"), (16, "4×")];
/// The index of 1× in [`SPEEDS`].
pub const NORMAL: usize = 2;
/// How long one step lasts at 1×, in milliseconds.
pub const STEP_MS: u32 = 1800;

/// A knob's text that the core refused, kept in its field with the reason.
#[derive(Clone, PartialEq)]
pub struct Draft {
    pub key: String,
    pub text: String,
    pub error: String,
}

#[derive(Clone)]
pub enum Action {
    /// A new link (the page opened, or the URL fragment changed).
    Load(Box<FlowLink>),
    Preset(String),
    /// Set a knob of the scenario (and of the compared one, unless the two differ on it).
    Knob(String, String),
    Compare(bool),
    Goto(usize),
    Next,
    Back,
    Restart,
    /// Play or pause.
    Toggle,
    /// The playback timer: one step on, if still playing.
    Tick,
    Speed(usize),
    Animate(bool),
    /// The room the drawings get, in CSS pixels (measured in the page).
    Width(i32),
    /// The settings' disclosure opened or closed (by the user, or by the page).
    Settings(bool),
    /// Presenter mode on or off (in the URL).
    Present(bool),
    /// Blank or show the screen (presenter mode).
    Blank,
}

#[derive(Clone)]
pub struct State {
    pub link: FlowLink,
    pub main: Rc<Timeline>,
    pub other: Option<Rc<Timeline>>,
    pub playing: bool,
    pub speed: usize,
    /// Packets travel (off: instant state changes, as with reduced motion).
    pub animate: bool,
    /// The room the drawings get, in CSS pixels (0 until measured: then estimated from the window).
    pub width: i32,
    /// The settings are unfolded. They fold away when a preset opens, so the animation is on the first
    /// screen; the user can reopen them.
    pub settings: bool,
    /// Presenter mode's blank screen.
    pub blank: bool,
    pub drafts: Vec<Draft>,
    /// A capture's session replayed (its timeline is `main`, read from the capture, not simulated).
    pub replay: Option<crate::route::Replay>,
}

impl State {
    /// The flow view replaying a capture's session: `t` is the core's replay of it.
    pub fn replaying(r: crate::route::Replay, t: Rc<Timeline>, animate: bool) -> State {
        let link = FlowLink {
            step: r.step,
            present: r.present,
            ..FlowLink::default()
        };
        let mut s = State {
            settings: false,
            link,
            main: t,
            other: None,
            playing: false,
            speed: NORMAL,
            animate,
            width: 0,
            blank: false,
            drafts: Vec::new(),
            replay: Some(r),
        };
        s.derive();
        s
    }

    /// `narrow`: a phone, where the settings start folded even without a preset.
    pub fn new(link: FlowLink, animate: bool, narrow: bool) -> State {
        let main = Rc::new(timeline(&link.scenario));
        let mut s = State {
            settings: link.preset.is_none() && !narrow,
            link,
            main,
            other: None,
            playing: false,
            speed: NORMAL,
            animate,
            width: 0,
            blank: false,
            drafts: Vec::new(),
            replay: None,
        };
        s.derive();
        s
    }

    /// The last step: that of the longer timeline.
    pub fn last(&self) -> usize {
        let other = self.other.as_ref().map_or(0, |t| t.steps.len());
        self.main.steps.len().max(other)
    }

    /// How long a step lasts at the current speed, in milliseconds.
    pub fn step_ms(&self) -> u32 {
        STEP_MS * 4 / SPEEDS[self.speed.min(SPEEDS.len() - 1)].0
    }

    /// Recompute the timelines after the scenarios changed (the main one only if it changed).
    fn derive(&mut self) {
        if self.replay.is_some() {
            // A replay's timeline comes from the capture; the settings play no part.
            self.other = None;
            self.link.step = self.link.step.min(self.last());
            return;
        }
        if self.main.scenario != self.link.scenario {
            self.main = Rc::new(timeline(&self.link.scenario));
        }
        self.other = match (self.link.compare, &self.other) {
            (Some(c), Some(t)) if t.scenario == c => Some(t.clone()),
            (Some(c), _) => Some(Rc::new(timeline(&c))),
            (None, _) => None,
        };
        self.link.step = self.link.step.min(self.last());
    }

    /// The scenario changed: a plain scenario now, from the first step.
    fn changed(&mut self) {
        self.link.preset = None;
        self.link.step = 0;
        self.playing = false;
        self.derive();
    }

    /// A link from the shell (the fragment changed): its scenario and step, unless it is the one shown.
    fn load(&mut self, prev: &State, link: FlowLink) {
        if link != prev.link {
            if link.preset.is_some() && link.preset != prev.link.preset {
                self.settings = false;
            }
            self.link = link;
            self.playing = false;
            self.drafts.clear();
            self.derive();
        }
    }

    /// A preset: its scenario (and comparison), from the start, with the settings folded away.
    fn load_preset(&mut self, prev: &State, id: String) {
        if let Some(p) = preset(&id) {
            self.link = FlowLink {
                scenario: p.scenario,
                compare: p.compare,
                step: 0,
                preset: Some(id),
                present: prev.link.present,
            };
            // The animation, not the settings: they fold away (the user can reopen them).
            self.settings = false;
            self.playing = false;
            self.drafts.clear();
            self.derive();
        }
    }

    /// One knob set (through the core's link reader): a value it refuses stays as a draft with its
    /// error; the compared scenario follows, except on a knob where the two differ on purpose.
    fn set_knob(&mut self, prev: &State, key: String, value: String) {
        let pair = [(key.clone(), value.clone())];
        let mut errors = Vec::new();
        let before = prev.link.scenario;
        link::apply(&mut self.link.scenario, &pair, &mut errors);
        self.drafts.retain(|d| d.key != key);
        if let Some(e) = errors.first() {
            self.link.scenario = before;
            self.drafts.push(Draft {
                key,
                text: value,
                error: e.message.clone(),
            });
            return;
        }
        if self.link.scenario == before {
            return;
        }
        if let Some(c) = &mut self.link.compare {
            // The compared scenario follows, except on a knob where the two differ on purpose.
            if value_of(c, &key) == value_of(&before, &key) {
                link::apply(c, &pair, &mut Vec::new());
            }
        }
        self.changed();
    }

    /// The comparison on (a preset's own, else the other mode of the same network) or off.
    fn set_compare(&mut self, prev: &State, on: bool) {
        let from_preset = prev
            .link
            .preset
            .as_deref()
            .and_then(preset)
            .and_then(|p| p.compare);
        self.link.compare = if on {
            Some(from_preset.unwrap_or(ftp_explorer::scenario::Scenario {
                mode: prev.link.scenario.mode.counterpart(),
                ..prev.link.scenario
            }))
        } else {
            None
        };
        // A preset that brings its own comparison is no longer itself without it.
        let keep = on || from_preset.is_none();
        let step = prev.link.step;
        self.changed();
        if keep {
            self.link.preset = prev.link.preset.clone();
        }
        self.link.step = step.min(self.last());
    }

    /// The one transition: every change of the view goes through here.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        let last = self.last();
        match action {
            Action::Load(link) => next.load(self, *link),
            Action::Preset(id) => next.load_preset(self, id),
            Action::Knob(key, value) => next.set_knob(self, key, value),
            Action::Compare(on) => next.set_compare(self, on),
            Action::Goto(n) => {
                next.link.step = n.min(last);
                next.playing = false;
            }
            Action::Next => {
                next.link.step = (self.link.step + 1).min(last);
                next.playing = false;
            }
            Action::Back => {
                next.link.step = self.link.step.saturating_sub(1);
                next.playing = false;
            }
            Action::Restart => {
                next.link.step = 0;
                next.playing = false;
            }
            Action::Toggle => {
                if self.playing {
                    next.playing = false;
                } else {
                    // Playing shows the next step at once; from the end it starts over.
                    let from = if self.link.step >= last {
                        0
                    } else {
                        self.link.step
                    };
                    next.link.step = (from + 1).min(last);
                    next.playing = next.link.step < last;
                }
            }
            Action::Tick => {
                if self.playing {
                    next.link.step = (self.link.step + 1).min(last);
                    next.playing = next.link.step < last;
                }
            }
            Action::Speed(i) => next.speed = i.min(SPEEDS.len() - 1),
            Action::Animate(on) => next.animate = on,
            Action::Width(w) => next.width = w.max(0),
            Action::Settings(open) => next.settings = open,
            Action::Present(on) => {
                next.link.present = on;
                next.blank = false;
            }
            Action::Blank => next.blank = !self.blank && self.link.present,
        }
        next
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next.same(&self) {
            self
        } else {
            Rc::new(next)
        }
    }
}

impl State {
    /// Nothing to show differently (the timelines compared by identity: they are derived from the link).
    fn same(&self, o: &State) -> bool {
        self.link == o.link
            && self.replay == o.replay
            && Rc::ptr_eq(&self.main, &o.main)
            && self.other.as_ref().map(Rc::as_ptr) == o.other.as_ref().map(Rc::as_ptr)
            && (self.playing, self.speed, self.animate, self.width)
                == (o.playing, o.speed, o.animate, o.width)
            && (self.settings, self.blank) == (o.settings, o.blank)
            && self.drafts == o.drafts
    }
}
