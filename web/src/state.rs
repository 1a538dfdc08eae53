//! The page's state: plain data, changed only by [`State::apply`] over an [`Action`]. What the core
//! computes from the input (decoded lines, or a session and its diagnosis) is derived here, in the one
//! place where the input changes.

use ftp_explorer::address::parse_ip;
use ftp_explorer::analyse::{self, Outcome, Request};
use ftp_explorer::diagnose::{parse_range, Diagnosis, Options};
use ftp_explorer::log::{Format, Session};
use ftp_explorer::wire::{DecodeError, Decoded};
use std::rc::Rc;
use yew::Reducible;

/// Decode or check, or choose by the text (the core's analysis mode).
pub use ftp_explorer::analyse::Mode;

/// Inputs shown at most in the decoder; the rest of a huge paste is counted, not rendered.
pub const MAX_SHOWN: usize = 200;

/// Texts longer than this are analysed after typing pauses ([`PAUSE_MS`]), a slice at a time, not on every
/// keystroke or change of an option.
pub const LARGE_INPUT: usize = 64 * 1024;
pub const PAUSE_MS: u64 = 300;

/// The text box holds a text up to this size. A larger one (pasted or opened) is kept whole in the state
/// and analysed whole, but the box shows only its beginning ([`BOX_PREVIEW`]), read-only: Chromium takes
/// about half a second per megabyte to lay out a text box, in one task (21 MB froze the page for 7–15 s).
pub const BOX_LIMIT: usize = 128 * 1024;
/// How much of a larger text the box shows (cut at a line end).
pub const BOX_PREVIEW: usize = 32 * 1024;

/// Ready-made single inputs, one click each.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "PASV behind NAT",
        "227 Entering Passive Mode (192,168,1,100,195,80).",
    ),
    ("EPSV", "229 Entering Extended Passive Mode (|||6446|)"),
    ("PORT", "PORT 203,0,113,50,255,255"),
    ("EPRT IPv6", "EPRT |2|::1|6275|"),
    (
        "Multi-line 227",
        "227-Entering Passive Mode\n227 (10,0,0,1,195,80)",
    ),
    (
        "LPSV",
        "228 Entering Long Passive Mode (4,4,8,8,8,8,2,100,200)",
    ),
    ("Broken octet", "227 Entering Passive Mode (256,1,2,3,4,5)"),
    ("0.0.0.0", "227 Entering Passive Mode (0,0,0,0,195,80)."),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// What the user typed into (or pasted into, when small) the text box.
    SetInput(String),
    /// A whole new text from elsewhere than typing: a large paste or an opened file. `source` says which
    /// ("Pasted", "Opened ftp.log") in the notice.
    Load {
        text: String,
        source: String,
    },
    /// Empty the text box.
    Clear,
    /// A text from elsewhere that replaces the box's: a followed `#log=` link, or the encoder's output.
    /// Read automatically (as an example is), with an optional notice.
    Open {
        text: String,
        notice: Option<String>,
    },
    SetControl(String),
    LoadExample(usize),
    LoadLog(usize),
    SetMode(Mode),
    /// `None`: detect the log's format.
    SetFormat(Option<Format>),
    SetRange(String),
    /// A short message after an action (copied, link made).
    Notice(String),
    /// A large log is being read in slices: how far (percent).
    Progress {
        generation: u64,
        percent: u8,
    },
    /// One or two packet captures opened or dropped (read locally, held in memory only): they replace the
    /// text as the input.
    OpenCapture(Vec<(String, Vec<u8>)>),
    /// What the core made of a large text (a checked log or decoded lines), worked out in slices off the
    /// input path.
    Analysed {
        generation: u64,
        view: View,
    },
}

/// One decoded input: its text and what the core made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub text: String,
    pub result: Result<Decoded, DecodeError>,
    /// How well-known clients read it (227 and 229 replies only).
    pub clients: Vec<ftp_explorer::clients::Reading>,
}

impl Item {
    /// An input, what the core decoded from it, and how the clients read it.
    pub fn new(
        text: &str,
        result: Result<Decoded, DecodeError>,
        peer: Option<std::net::IpAddr>,
    ) -> Item {
        Item {
            text: text.to_string(),
            result,
            clients: ftp_explorer::clients::interpret(text, peer),
        }
    }
}

/// What the page shows below the inputs.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum View {
    #[default]
    Empty,
    Decode {
        items: Vec<Item>,
        total: usize,
        failed: usize,
    },
    Check(Rc<(Session, Diagnosis)>),
    /// One or two packet captures, read and diagnosed.
    Capture(Rc<Captured>),
}

/// Captures opened or dropped: their names and bytes, in memory only (never stored: binary, large, and
/// they can hold passwords). They survive a view switch, not a reload.
#[derive(Debug, PartialEq)]
pub struct CaptureFiles {
    pub files: Vec<(String, Vec<u8>)>,
}

impl CaptureFiles {
    pub fn bytes(&self) -> Vec<&[u8]> {
        self.files.iter().map(|(_, b)| b.as_slice()).collect()
    }

    /// "a.pcap (1.2 MB)" or "a.pcap (…) and b.pcap (…)".
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .files
            .iter()
            .map(|(n, b)| format!("{n} ({})", size_words(b.len())))
            .collect();
        names.join(" and ")
    }
}

/// What the core made of the captures, with the names of the files and the options it ran with.
#[derive(Debug)]
pub struct Captured {
    pub names: Vec<String>,
    pub options: Options,
    pub outcome: ftp_explorer::capture_job::CaptureOutcome,
}

/// The same report only when it is the same one (a capture's report can be huge).
impl PartialEq for Captured {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Captures up to this size (together) are read at once; larger ones a slice at a time.
pub const SMALL_CAPTURE: usize = 256 * 1024;

impl Captured {
    pub fn of(files: &CaptureFiles, options: Options) -> Captured {
        Captured {
            names: files.files.iter().map(|(n, _)| n.clone()).collect(),
            options,
            outcome: ftp_explorer::capture_job::run(&files.bytes(), &options),
        }
    }
}

impl View {
    /// The view of what the core's analysis found (`peer`: the control connection's address, for the
    /// client models' readings of each decoded line).
    pub fn of(outcome: Outcome<'_>, peer: Option<std::net::IpAddr>) -> View {
        match outcome {
            Outcome::Empty => View::Empty,
            Outcome::Decoded {
                items,
                total,
                failed,
            } => View::Decode {
                items: items
                    .into_iter()
                    .map(|(text, result)| Item::new(text, result, peer))
                    .collect(),
                total,
                failed,
            },
            Outcome::Checked { session, diagnosis } => View::Check(Rc::new((session, diagnosis))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// Shared, not copied, on every transition: a pasted log may be tens of megabytes. (An `Rc<String>`,
    /// not `Rc<str>`: a pasted `String` moves in without a copy of its bytes.)
    pub input: Rc<String>,
    pub control: String,
    pub mode: Mode,
    pub format: Option<Format>,
    pub range: String,
    /// Derived by the core from the fields above; never edited directly.
    pub view: View,
    pub control_error: Option<DecodeError>,
    pub range_error: Option<String>,
    pub notice: Option<String>,
    /// Packet captures, when they are the input (the text is then empty).
    pub capture: Option<Rc<CaptureFiles>>,
    /// Counts input changes; a deferred analysis runs only if nothing changed since it was scheduled.
    pub generation: u64,
    /// The view does not reflect the input yet (a large text waiting for a pause in typing).
    pub stale: bool,
    /// How far the reading of a large log is.
    pub progress: Option<u8>,
    /// Counts every transition: what tells one state from the next cheaply (a report can be huge).
    pub revision: u64,
    /// Counts the times the text was replaced from elsewhere than the text box (an example, a share link):
    /// only then does the page write into the box. What the user types is never written back.
    pub replaced: u64,
}

impl State {
    pub fn new(input: &str) -> Self {
        State {
            input: Rc::new(input.to_string()),
            ..State::default()
        }
        .analysed()
    }

    /// A state as it was left: the text and the form's fields (after a reload: see `ui/memory.rs`).
    pub fn restored(
        input: String,
        control: String,
        mode: Mode,
        format: Option<Format>,
        range: String,
    ) -> Self {
        State {
            input: Rc::new(input),
            control,
            mode,
            format,
            range,
            ..State::default()
        }
        .analysed()
    }

    /// Is the text being read as a log?
    pub fn checking(&self) -> bool {
        matches!(self.view, View::Check(_) | View::Capture(_)) || self.capture.is_some()
    }

    /// Should the text be read as a log (rather than decoded line by line)?
    pub fn wants_check(&self) -> bool {
        analyse::wants_check(&self.input, &self.request())
    }

    /// What the core's analysis needs besides the text: the form's fields (an invalid control address
    /// or range is left out; the form shows why), and how many decoded lines the page shows.
    pub fn request(&self) -> Request {
        Request {
            mode: self.mode,
            format: self.format,
            control: self.control_peer(),
            options: self.options(),
            keep: MAX_SHOWN,
        }
    }

    /// Is the text too large for the text box (which then shows only its beginning, read-only)?
    pub fn box_is_preview(&self) -> bool {
        self.input.len() > BOX_LIMIT
    }

    /// What the text box shows: the whole text, or the beginning of a large one, ending at a line end.
    pub fn box_text(&self) -> &str {
        if !self.box_is_preview() {
            return &self.input;
        }
        let mut end = BOX_PREVIEW.min(self.input.len());
        while !self.input.is_char_boundary(end) {
            end -= 1;
        }
        match self.input[..end].rfind('\n') {
            Some(i) if i > 0 => &self.input[..i],
            _ => &self.input[..end],
        }
    }

    /// The diagnosis options the form sets (an invalid range is ignored; the form shows why).
    pub fn options(&self) -> Options {
        Options {
            passive_range: parse_range(self.range.trim()).ok(),
        }
    }

    /// The control peer the form sets, if it is an address.
    pub fn control_peer(&self) -> Option<std::net::IpAddr> {
        parse_ip(self.control.trim()).ok()
    }

    /// Check the form's fields, then work out the view; a large text is only marked stale here and
    /// analysed a slice at a time by the page after a pause ([`Action::Analysed`] brings the result).
    fn analysed(mut self) -> Self {
        self.progress = None;
        self.control_error = match self.control.trim() {
            "" => None,
            _ => parse_ip(&self.control).err().map(Into::into),
        };
        self.range_error = match self.range.trim() {
            "" => None,
            text => parse_range(text).err().map(|e| e.to_string()),
        };
        if let Some(files) = &self.capture {
            let options = self.options();
            if matches!(&self.view, View::Capture(c) if c.options == options) {
                return self; // the options the capture's rules use did not change
            }
            if files.files.iter().map(|(_, b)| b.len()).sum::<usize>() > SMALL_CAPTURE {
                self.stale = true;
                return self;
            }
            self.stale = false;
            self.view = View::Capture(Rc::new(Captured::of(files, options)));
            return self;
        }
        if self.input.len() > LARGE_INPUT {
            self.stale = true;
            return self;
        }
        self.stale = false;
        let request = self.request();
        self.view = View::of(analyse::run(&self.input, &request), request.control);
        self
    }

    /// The one pure transition: every change of the page goes through here.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        // Every change but the analysis's own messages starts a new analysis (and ends the last notice).
        if !matches!(
            action,
            Action::Notice(_) | Action::Progress { .. } | Action::Analysed { .. }
        ) {
            next.generation += 1;
            next.notice = None;
        }
        match action {
            Action::SetInput(text) => {
                next.input = text.into();
                next.capture = None;
            }
            Action::Load { text, source } => {
                next.capture = None;
                let size = size_words(text.len());
                next.input = text.into();
                next.replaced += 1;
                next.notice = Some(if next.box_is_preview() {
                    format!("{source}: {size}. The box shows only its beginning (a browser would take seconds to lay out the whole text); the analysis reads all of it. Paste or open another log to replace it, or clear it.")
                } else {
                    format!("{source}: {size}.")
                });
            }
            Action::Clear => {
                next.capture = None;
                next.input = Rc::default();
                next.replaced += 1;
            }
            Action::Open { text, notice } => {
                next.capture = None;
                next.input = Rc::new(text);
                next.replaced += 1;
                next.mode = Mode::Auto;
                next.format = None;
                next.notice = notice;
            }
            Action::Progress {
                generation,
                percent,
            } => {
                if generation == self.generation && self.stale {
                    next.progress = Some(percent);
                }
                return next;
            }
            Action::Analysed { generation, view } => {
                if generation == self.generation && self.stale {
                    next.view = view;
                    next.stale = false;
                    next.progress = None;
                }
                return next;
            }
            Action::OpenCapture(files) => {
                let files = CaptureFiles { files };
                next.notice = Some(format!(
                    "Opened {}: {}, read here in memory only — nothing is sent, nothing is kept after a reload.",
                    files.describe(),
                    if files.files.len() == 2 { "two packet captures, compared as the client's side and the server's" } else { "a packet capture" }
                ));
                next.capture = Some(Rc::new(files));
                next.input = Rc::default();
                next.replaced += 1;
                next.view = View::Empty;
            }
            Action::SetControl(text) => next.control = text,
            Action::LoadExample(i) => {
                if let Some((_, text)) = EXAMPLES.get(i) {
                    next.capture = None;
                    next.input = Rc::new((*text).to_string());
                    next.replaced += 1;
                    next.mode = Mode::Auto;
                    next.format = None;
                }
            }
            Action::LoadLog(i) => {
                if let Some(example) = ftp_explorer::log::examples::EXAMPLES.get(i) {
                    next.capture = None;
                    next.input = Rc::new(example.text.to_string());
                    next.replaced += 1;
                    next.mode = Mode::Auto;
                    next.format = None;
                }
            }
            Action::SetMode(mode) => next.mode = mode,
            Action::SetFormat(format) => next.format = format,
            Action::SetRange(text) => next.range = text,
            Action::Notice(text) => {
                next.notice = Some(text);
                return next; // nothing to recompute
            }
        }
        next.analysed()
    }
}

/// A text's size in words: "812 bytes", "48 KB", "21.0 MB".
pub fn size_words(bytes: usize) -> String {
    match bytes {
        0..=1023 => format!("{bytes} bytes"),
        1024..=1_048_575 => format!("{} KB", bytes / 1024),
        // In tenths, with integers: formatting an f64 would add some 12 KB of Wasm.
        _ => {
            let tenths = (bytes as u64 * 10 + 524_288) / 1_048_576;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = self.apply(action);
        next.revision = self.revision + 1;
        // A large report the page stops showing is freed a slice at a time, not in this task.
        if let View::Check(old) = &self.view {
            if !matches!(&next.view, View::Check(new) if Rc::ptr_eq(new, old)) {
                super::reclaim::later(old.clone());
            }
        }
        Rc::new(next)
    }
}
