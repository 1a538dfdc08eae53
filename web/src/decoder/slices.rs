//! A large text or a capture analysed a slice at a time with the core's jobs, yielding to the browser
//! in between; the work stops as soon as another input arrives.

use crate::state::{Action, State, View, PAUSE_MS};
use yew::prelude::*;

/// Frames read per step of a large capture.
const STEP_FRAMES: usize = 2_000;

/// Read and diagnose captures a slice at a time with the core's job, yielding to the browser in between,
/// with the progress shown (and announced: the status is a live region); give up as soon as another
/// input arrives.
pub(super) async fn capture_in_slices(
    state: UseReducerHandle<State>,
    latest: std::rc::Rc<std::cell::RefCell<u64>>,
    generation: u64,
) {
    use ftp_explorer::capture_job::CaptureJob;
    use std::time::Duration;
    let current = || *latest.borrow() == generation;
    let Some(files) = state.capture.clone() else {
        return;
    };
    let dispatcher = state.dispatcher();
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let options = state.options();
    let bytes = files.bytes();
    let mut job = CaptureJob::new(&bytes, &options);
    let mut shown = 0u8;
    while !job.is_done() {
        let start = now();
        while !job.is_done() && now() - start < SLICE_MS {
            let percent = (job.step(&bytes, STEP_FRAMES) * 100.0) as u8;
            if percent >= shown + 5 {
                shown = percent;
                dispatcher.dispatch(Action::Progress {
                    generation,
                    percent,
                });
            }
        }
        gloo::timers::future::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    let captured = crate::state::Captured {
        names: files.files.iter().map(|(n, _)| n.clone()).collect(),
        options,
        outcome: job.finish(&bytes),
    };
    mark("ftpx:diagnosed");
    dispatcher.dispatch(Action::Analysed {
        generation,
        view: View::Capture(std::rc::Rc::new(captured)),
    });
}

/// Lines read per step of a large log; steps run until [`SLICE_MS`] has passed, then the browser runs.
const STEP_LINES: usize = 1_000;
/// Work per slice, in milliseconds: short enough that input and painting never wait long.
const SLICE_MS: f64 = 40.0;

/// Analyse a large text a slice at a time with the core's job (the same job that analyses a small text
/// at once, and the CLI's), yielding to the browser in between; give up as soon as the text changes
/// again. The core does all the work; this only schedules it.
pub(super) async fn analyse_in_slices(
    state: UseReducerHandle<State>,
    latest: std::rc::Rc<std::cell::RefCell<u64>>,
    generation: u64,
) {
    use ftp_explorer::analyse::{Job, Phase};
    use std::time::Duration;
    let current = || *latest.borrow() == generation;
    gloo::timers::future::sleep(Duration::from_millis(PAUSE_MS)).await;
    if !current() {
        return;
    }
    let dispatcher = state.dispatcher();
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let text = state.input.clone();
    let request = state.request();
    let mut job = Job::new(&text, &request);
    let (mut phase, mut shown) = (job.progress().phase, 0u8);
    while !job.is_done() {
        let start = now();
        while !job.is_done() && now() - start < SLICE_MS {
            let progress = job.step(STEP_LINES);
            if phase == Phase::Reading && progress.phase != Phase::Reading {
                // The log is read into a session: the marks the big-paste measurement reads.
                mark("ftpx:read");
                mark("ftpx:session");
            }
            phase = progress.phase;
            let percent = (progress.fraction * 100.0) as u8;
            if phase == Phase::Reading && percent >= shown + 10 {
                shown = percent;
                dispatcher.dispatch(Action::Progress {
                    generation,
                    percent,
                });
            }
        }
        gloo::timers::future::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    let view = View::of(job.finish(), request.control);
    if matches!(view, View::Check(_)) {
        mark("ftpx:diagnosed");
    }
    dispatcher.dispatch(Action::Analysed { generation, view });
}

/// A performance mark (seen in DevTools and read by `tests/e2e/measure-big-paste.mjs`), to tell which
/// phase of a large analysis takes the main thread.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
