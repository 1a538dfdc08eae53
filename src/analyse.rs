//! One analysis of a pasted or opened text — decode it line by line, or read it as a client log and
//! diagnose it — as a job that runs in steps. The page runs a job a slice at a time, yielding to the
//! browser between slices, so a 37 MB log never freezes it; the CLI runs the same job to its end
//! ([`run`]). Which of the two analyses a text gets is decided here too ([`wants_check`]).
//!
//! ```
//! use ftp_explorer::analyse::{run, Outcome, Request};
//! let out = run("227 Entering Passive Mode (10,0,0,1,195,80)", &Request::default());
//! let Outcome::Decoded { total, failed, .. } = out else { panic!() };
//! assert_eq!((total, failed), (1, 0));
//! ```

use crate::base::Span;
use crate::diagnose::{Diagnoser, Diagnosis, Options};
use crate::log::{looks_like_session, Format, LogReader, Session};
use crate::wire::{reply::split_inputs, Context, DecodeError, Decoded};
use std::net::IpAddr;

crate::named_enum! {
    /// What to do with the text.
    #[derive(Default)]
    pub Mode {
        /// Read it as a log when a format is chosen or it looks like one, else decode it line by line.
        #[default]
        Auto => "auto",
        /// Decode each reply or command on its own.
        Decode => "decode",
        /// Read it as a client log and diagnose it.
        Check => "check",
    }
}

/// Everything an analysis needs besides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub mode: Mode,
    /// The log's format, when the user chose it (else it is detected).
    pub format: Option<Format>,
    /// The control connection's peer, when known: EPSV then names an address, and the IPv6 and
    /// address-mismatch checks run.
    pub control: Option<IpAddr>,
    /// The diagnosis's options (the server's passive range).
    pub options: Options,
    /// How many decoded inputs to keep (the others are only counted): the page shows a few hundred.
    pub keep: usize,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            mode: Mode::Auto,
            format: None,
            control: None,
            options: Options::default(),
            keep: usize::MAX,
        }
    }
}

/// Whether `text` is read as a log (rather than decoded line by line) under `request`.
pub fn wants_check(text: &str, request: &Request) -> bool {
    match request.mode {
        Mode::Auto => request.format.is_some() || looks_like_session(text),
        Mode::Decode => false,
        Mode::Check => true,
    }
}

/// What an analysis found.
#[derive(Debug)]
pub enum Outcome<'t> {
    /// The text holds nothing but blanks.
    Empty,
    /// Each input decoded on its own (the first [`Request::keep`] of them kept, each with its text).
    Decoded {
        items: Vec<(&'t str, Result<Decoded, DecodeError>)>,
        total: usize,
        failed: usize,
    },
    /// The text read as a client log, and its diagnosis.
    Checked {
        session: Session,
        diagnosis: Diagnosis,
    },
}

/// Which part of the work a job is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Decoding the inputs one by one.
    Decoding,
    /// Reading the log's lines into a session.
    Reading,
    /// Running the diagnosis's rules, one per step.
    Diagnosing,
    /// Finished: [`Job::finish`] returns the outcome at once.
    Done,
}

/// How far a job is: its phase, and the fraction of the whole job done (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    pub fraction: f64,
}

/// An analysis in progress. Every step does a bounded piece of work.
pub struct Job<'t> {
    text: &'t str,
    request: Request,
    stage: Stage<'t>,
}

enum Stage<'t> {
    Decoding {
        spans: Vec<Span>,
        next: usize,
        items: Vec<(&'t str, Result<Decoded, DecodeError>)>,
        failed: usize,
    },
    Reading(LogReader),
    Diagnosing {
        session: Session,
        diagnoser: Diagnoser,
        rule: usize,
    },
    Done(Outcome<'t>),
}

impl<'t> Job<'t> {
    /// Get ready to analyse `text` (detecting a log's format is the only work done here).
    pub fn new(text: &'t str, request: &Request) -> Self {
        let stage = if text.trim().is_empty() {
            Stage::Done(Outcome::Empty)
        } else if wants_check(text, request) {
            Stage::Reading(LogReader::new(text, request.format))
        } else {
            Stage::Decoding {
                spans: split_inputs(text),
                next: 0,
                items: Vec::new(),
                failed: 0,
            }
        };
        Job {
            text,
            request: *request,
            stage,
        }
    }

    /// Do the next piece of work: decode up to `budget` inputs, read up to `budget` lines, or run one
    /// rule. Returns how far the job is.
    pub fn step(&mut self, budget: usize) -> Progress {
        let budget = budget.max(1);
        let text = self.text;
        let ctx = Context {
            control_peer: self.request.control,
        };
        match &mut self.stage {
            Stage::Decoding {
                spans,
                next,
                items,
                failed,
            } => {
                let end = next.saturating_add(budget).min(spans.len());
                for span in &spans[*next..end] {
                    let part = &text[span.start..span.end];
                    let result = crate::clients::decode_with(part, &ctx);
                    *failed += usize::from(result.is_err());
                    if items.len() < self.request.keep {
                        items.push((part, result));
                    }
                }
                *next = end;
                if *next >= spans.len() {
                    let total = spans.len();
                    let (items, failed) = (std::mem::take(items), *failed);
                    self.stage = Stage::Done(Outcome::Decoded {
                        items,
                        total,
                        failed,
                    });
                }
            }
            Stage::Reading(reader) => {
                if reader.step(text, budget) {
                    let Stage::Reading(reader) =
                        std::mem::replace(&mut self.stage, Stage::Done(Outcome::Empty))
                    else {
                        unreachable!("the stage was Reading a line ago")
                    };
                    self.stage = Stage::Diagnosing {
                        session: reader.finish(),
                        diagnoser: Diagnoser::new(&self.request.options),
                        rule: 0,
                    };
                }
            }
            Stage::Diagnosing {
                session,
                diagnoser,
                rule,
            } => {
                *rule += 1;
                if diagnoser.step(session) {
                    let Stage::Diagnosing {
                        session, diagnoser, ..
                    } = std::mem::replace(&mut self.stage, Stage::Done(Outcome::Empty))
                    else {
                        unreachable!("the stage was Diagnosing a line ago")
                    };
                    let diagnosis = diagnoser.finish(&session);
                    self.stage = Stage::Done(Outcome::Checked { session, diagnosis });
                }
            }
            Stage::Done(_) => {}
        }
        self.progress()
    }

    /// How far the job is. Reading a log counts for nine tenths of a check, the rules for the rest.
    pub fn progress(&self) -> Progress {
        let (phase, fraction) = match &self.stage {
            Stage::Decoding { spans, next, .. } => (
                Phase::Decoding,
                if spans.is_empty() {
                    1.0
                } else {
                    *next as f64 / spans.len() as f64
                },
            ),
            Stage::Reading(reader) => (Phase::Reading, reader.progress(self.text) * 0.9),
            Stage::Diagnosing { rule, .. } => (
                Phase::Diagnosing,
                0.9 + 0.1 * (*rule as f64 / crate::diagnose::RULE_COUNT as f64).min(1.0),
            ),
            Stage::Done(_) => (Phase::Done, 1.0),
        };
        Progress { phase, fraction }
    }

    /// Whether the work is done.
    pub fn is_done(&self) -> bool {
        matches!(self.stage, Stage::Done(_))
    }

    /// Run what is left and return the outcome.
    pub fn finish(mut self) -> Outcome<'t> {
        while !self.is_done() {
            self.step(usize::MAX);
        }
        match self.stage {
            Stage::Done(outcome) => outcome,
            _ => unreachable!("the loop above runs until the job is done"),
        }
    }
}

/// Analyse `text` to the end, in one go (the CLI; the page's small texts).
pub fn run<'t>(text: &'t str, request: &Request) -> Outcome<'t> {
    Job::new(text, request).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::diagnose;
    use crate::log::read_log;

    const LOG: &str = "> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80)\n* Trying 10.0.0.1:50000...\n* connect to 10.0.0.1 port 50000 failed: Connection timed out\n";

    #[test]
    fn empty_text() {
        assert!(matches!(run(" \n ", &Request::default()), Outcome::Empty));
    }

    #[test]
    fn decoding_in_steps_gives_what_decoding_at_once_gives() {
        let text = "227 Entering Passive Mode (10,0,0,1,195,80)\nPORT 1,2,3,4,5,6\nEPSV 9\n";
        let all = crate::clients::decode_all(text, &Context::default());
        let request = Request {
            mode: Mode::Decode,
            ..Request::default()
        };
        let mut job = Job::new(text, &request);
        let mut phases = Vec::new();
        while !job.is_done() {
            phases.push(job.step(1));
        }
        assert_eq!(phases.len(), 3);
        assert!(phases.windows(2).all(|w| w[0].fraction <= w[1].fraction));
        let Outcome::Decoded {
            items,
            total,
            failed,
        } = job.finish()
        else {
            panic!("decoded")
        };
        assert_eq!((total, failed), (3, 1));
        assert_eq!(items, all);
    }

    #[test]
    fn keep_limits_what_is_kept_not_what_is_counted() {
        let text = "PORT 1,2,3,4,5,6\n".repeat(10);
        let request = Request {
            keep: 4,
            ..Request::default()
        };
        let Outcome::Decoded { items, total, .. } = run(&text, &request) else {
            panic!("decoded")
        };
        assert_eq!((items.len(), total), (4, 10));
    }

    #[test]
    fn checking_in_steps_gives_what_reading_and_diagnosing_give() {
        let request = Request {
            mode: Mode::Check,
            ..Request::default()
        };
        let mut job = Job::new(LOG, &request);
        let mut seen = Vec::new();
        while !job.is_done() {
            seen.push(job.step(1).phase);
        }
        assert!(seen.contains(&Phase::Reading) && seen.contains(&Phase::Diagnosing));
        let Outcome::Checked { session, diagnosis } = job.finish() else {
            panic!("checked")
        };
        let expected = read_log(LOG, None);
        assert_eq!(
            format!("{session:?}"),
            format!("{expected:?}"),
            "same session"
        );
        assert_eq!(
            format!("{diagnosis:?}"),
            format!("{:?}", diagnose(&expected, &Options::default()))
        );
    }

    #[test]
    fn auto_reads_a_log_and_decodes_lines() {
        assert!(wants_check(LOG, &Request::default()));
        assert!(!wants_check("PORT 1,2,3,4,5,6", &Request::default()));
        let decode = Request {
            mode: Mode::Decode,
            ..Request::default()
        };
        assert!(!wants_check(LOG, &decode));
    }
}
