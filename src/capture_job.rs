//! One or two captures read and diagnosed as a job in steps (the page runs it in slices, yielding to the
//! browser in between, so a 100 MB capture keeps the page responsive): each file read a few frames at a
//! time by [`CaptureReader`], then reassembled and diagnosed; two files (client side, server side) are
//! then compared, as `ftp-explorer check CLIENT-SIDE SERVER-SIDE` does.

use crate::capture::{compare, Analysis, CaptureReader, Comparison};
use crate::diagnose::capture::{comparison_findings, diagnose_capture, CaptureDiagnosis};
use crate::diagnose::{Finding, Options, Severity};

/// What the job found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureOutcome {
    /// One per file, in the order given (the first is taken as the client's side).
    pub sides: Vec<(Analysis, CaptureDiagnosis)>,
    /// Two files: what changed between the two capture points.
    pub comparison: Option<Comparison>,
    pub findings: Vec<Finding>,
    /// One sentence for the whole: the capture's summary, or for two the comparison's and the client side's.
    pub summary: String,
}

/// The job. Every call must pass the same files.
#[derive(Debug)]
pub struct CaptureJob {
    options: Options,
    sizes: Vec<usize>,
    reader: Option<CaptureReader>,
    sides: Vec<(Analysis, CaptureDiagnosis)>,
}

impl CaptureJob {
    pub fn new(files: &[&[u8]], options: &Options) -> Self {
        CaptureJob {
            options: *options,
            sizes: files.iter().map(|f| f.len()).collect(),
            reader: files.first().map(|f| CaptureReader::new(f)),
            sides: Vec::new(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.sides.len() >= self.sizes.len()
    }

    /// Read up to `max_frames` more frames (a file whose reading ends is reassembled and diagnosed in the
    /// same step); returns how far the whole job is, from 0 to 1, by bytes read.
    pub fn step(&mut self, files: &[&[u8]], max_frames: usize) -> f64 {
        let i = self.sides.len();
        if let (Some(bytes), Some(reader)) = (files.get(i), self.reader.as_mut()) {
            if reader.step(bytes, max_frames) {
                if let Some(r) = self.reader.take() {
                    let a = r.finish(bytes);
                    let d = diagnose_capture(&a, &self.options);
                    self.sides.push((a, d));
                }
                self.reader = files.get(i + 1).map(|f| CaptureReader::new(f));
            }
        } else {
            // Fewer files than at the start: nothing more to read.
            self.sizes.truncate(self.sides.len());
        }
        self.progress()
    }

    /// How far the job is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        let total: usize = self.sizes.iter().sum();
        if total == 0 {
            return 1.0;
        }
        let done: usize = self.sizes.iter().take(self.sides.len()).sum();
        let part = match (&self.reader, self.sizes.get(self.sides.len())) {
            (Some(r), Some(&len)) => r.progress() * len as f64,
            _ => 0.0,
        };
        ((done as f64 + part) / total as f64).min(1.0)
    }

    /// The outcome (the files not read yet are read to the end first).
    pub fn finish(mut self, files: &[&[u8]]) -> CaptureOutcome {
        while !self.is_done() {
            self.step(files, usize::MAX);
        }
        let mut sides = self.sides;
        if sides.len() == 2 {
            let c = compare(&sides[0].0, &sides[1].0, "client", "server");
            let findings = comparison_findings(&c);
            let between = findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .or(findings.first())
                .map_or("nothing changed between the two capture points", |f| {
                    f.message.as_str()
                });
            let summary = format!(
                "between the sides: {between}; client side: {}",
                sides[0].1.summary
            );
            return CaptureOutcome {
                sides,
                comparison: Some(c),
                findings,
                summary,
            };
        }
        sides.truncate(1);
        let summary = sides
            .first()
            .map_or_else(String::new, |(_, d)| d.summary.clone());
        CaptureOutcome {
            sides,
            comparison: None,
            findings: Vec::new(),
            summary,
        }
    }
}

/// Read and diagnose one or two captures at once.
pub fn run(files: &[&[u8]], options: &Options) -> CaptureOutcome {
    CaptureJob::new(files, options).finish(files)
}
