//! The core's tests: one test binary, a module per subject (each was a binary of its own; one link
//! instead of thirty keeps `cargo test` quick). The live tests against real servers are their own
//! binary, `live_config_servers` (they run as root with `--ignored`).

mod architecture;
mod capture_fixtures;
mod capture_input;
mod clients_commons_wireshark;
mod clients_curl_ftplib;
mod clients_filezilla_winscp;
mod clients_lftp_goftp;
mod clients_properties;
mod config_generate;
mod decoder_notes;
mod drawing;
mod errors;
mod finding_links;
mod flow_outcomes;
mod guide_links;
mod huge_inputs;
mod log_fixtures;
mod log_formats;
mod log_unreachable;
mod port_table;
mod practice;
mod properties;
mod registry;
mod regressions;
mod replay;
mod rfc_examples;
mod rules;
mod server_fixtures;
