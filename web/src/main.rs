//! The web page's entry point. Built for Wasm by Trunk (see Trunk.toml); natively it only says so.

#[cfg(target_arch = "wasm32")]
fn main() {
    ftp_explorer_web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ftp-explorer-web is the web page's entry point: build it with `cargo xtask serve` or `cargo xtask dist`.");
    eprintln!("For the command line, run `ftp-explorer --help`.");
    std::process::exit(2);
}
