//! `cargo xtask`: everything the repository does besides `cargo test`.
//!
//! ```text
//! cargo xtask serve     read the book locally with live reload
//! cargo xtask book      build the static site into target/book
//! cargo xtask figures   regenerate the SVG figures in book/figures
//! cargo xtask doc       build the API docs with maths rendered
//! cargo xtask ci        every check CI runs
//! ```

mod bench;
mod book;
mod browser;
mod ci;
mod figures;
mod katex_header;
mod preprocess;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// A failure with a message for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

const HELP: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]   install the pinned book tools on first use, then serve the
                     book with live reload at http://localhost:3000
  book               build the static site into target/book/html, failing on
                     broken maths and broken links
  figures            regenerate the SVG figures in book/figures from the crate
  doc                build the API docs (cargo doc) with maths rendered by KaTeX
  katex-header       regenerate doc/katex-header.html from the vendored KaTeX
  browser            open every page of the built book in headless Chromium
  screenshot         retake doc/screenshot.png, the README's picture of the book
  ci                 run every check that CI runs
  bench [NAME...]    time the crate on named rows in a release build, beside
                     Python references where installed (--help for options)
  tools              install the pinned book tools into target/tools
  dedent             (used by mdBook) strip the indentation included code keeps
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => book::serve(&args[1..]),
        Some("book") => book::build().map(|_| ()),
        Some("figures") => {
            figures::write(&root().join("book/figures")).map(|n| {
                println!("wrote {n} figures to book/figures");
            })
        }
        Some("doc") => katex_header::doc(),
        Some("katex-header") => katex_header::write(),
        Some("browser") => browser::check(&[]).map(|_| ()),
        Some("screenshot") => browser::check(&[format!(
            "derivatives/index.html={}",
            root().join("doc/screenshot.png").display()
        )])
        .map(|_| ()),
        Some("ci") => ci::run_all(),
        Some("bench") => bench::run(&args[1..]),
        Some("dedent") => preprocess::run(&args[1..]),
        Some("tools") => tools::ensure_all().map(|_| ()),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// Where cargo puts its output: `$CARGO_TARGET_DIR` if set, else `target/`.
pub fn cargo_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), PathBuf::from)
}

/// Runs a command in the repository root, streaming its output, and fails
/// with `what` if it does not succeed.
pub fn run(cmd: &mut Command, what: &str) -> Result {
    cmd.current_dir(root());
    let status = cmd.status().map_err(|e| {
        format!("{what}: could not start {:?}: {e}", cmd.get_program())
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// `cargo`, as the one running this xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Seconds since `start`, for reports.
pub fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
