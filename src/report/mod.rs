//! What the CLI prints: the JSON shapes (`decode --json`, `classify --json`, `check --json`), one object
//! per input, and the text reports of `check` (plain or Markdown). JSON field names and meanings are a
//! contract that scripts rely on: add fields freely, never rename or remove one.
//!
//! - [`decode`]: `decode --json` and `classify --json`.
//! - [`check`]: `check` on a log, JSON and text.
//! - [`capture`]: `check --json` on one capture or two.
//! - [`capture_text`]: `check` on one capture or two, as text.

pub mod capture;
pub mod capture_text;
pub mod check;
pub mod decode;

pub use capture::{
    capture_report, CaptureDataReport, CaptureLine, CaptureReport, CaptureSessionReport,
    ComparisonReport,
};
pub use capture_text::{capture_text, comparison_text};
pub use check::{check_report, check_text, CheckReport};
pub use decode::{
    classify_report, decode_report, ClassifyReport, DecodeReport, DecodedReport, FailedReport,
};
