//! Freeing a large report a slice at a time. A checked 20 MB log is some two million small allocations
//! (lines, exchanges, findings); dropping them at once, when a new text replaces the report, held the main
//! thread for 0.5–1.8 s in Chromium. The reducer hands the old report here instead, and it is emptied
//! from the end in short slices between frames, once the page no longer shows it.

use ftp_explorer::diagnose::Diagnosis;
use ftp_explorer::log::Session;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

type Report = Rc<(Session, Diagnosis)>;

/// Reports smaller than this (lines) are dropped at once, as usual.
const SMALL: usize = 20_000;
/// Elements freed between two looks at the clock.
const CHUNK: usize = 2_000;
/// Work per slice, in milliseconds.
const SLICE_MS: f64 = 8.0;

thread_local! {
    static QUEUE: RefCell<Vec<Report>> = const { RefCell::new(Vec::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Free `report` soon, a slice at a time (or now, if it is small).
pub fn later(report: Report) {
    if report.0.lines.len() < SMALL {
        return;
    }
    QUEUE.with(|q| q.borrow_mut().push(report));
    if !RUNNING.with(|r| r.replace(true)) {
        yew::platform::spawn_local(run());
    }
}

async fn run() {
    while let Some(report) = QUEUE.with(|q| q.borrow_mut().pop()) {
        // Wait (a little) until the page has let go of it; if something still holds it after that, the
        // last holder frees it as usual.
        let mut report = report;
        let mut owned = None;
        for _ in 0..50 {
            match Rc::try_unwrap(report) {
                Ok(inner) => {
                    owned = Some(inner);
                    break;
                }
                Err(shared) => report = shared,
            }
            gloo::timers::future::sleep(Duration::from_millis(40)).await;
        }
        let Some((mut session, mut diagnosis)) = owned else {
            continue;
        };
        loop {
            let start = now();
            let mut more = true;
            while more && now() - start < SLICE_MS {
                more = shrink(&mut session.lines)
                    || shrink(&mut session.exchanges)
                    || shrink(&mut session.data_connections)
                    || shrink(&mut session.events)
                    || shrink(&mut diagnosis.findings);
            }
            if !more {
                break;
            }
            gloo::timers::future::sleep(Duration::ZERO).await;
        }
    }
    RUNNING.with(|r| r.set(false));
}

/// Drop up to [`CHUNK`] elements from the end of `v` (and its buffer once empty); false when it is empty.
fn shrink<T>(v: &mut Vec<T>) -> bool {
    if v.is_empty() {
        if v.capacity() > 0 {
            *v = Vec::new();
        }
        return false;
    }
    v.truncate(v.len().saturating_sub(CHUNK));
    true
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
