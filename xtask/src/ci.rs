//! `cargo xtask ci`: every check CI runs, in the order that fails fastest.

use crate::browser::{self, Outcome};
use crate::{Result, cargo, figures, katex_header, run, secs, tools};
use std::process::Command;
use std::time::Instant;

/// Runs every check, stopping at the first failure, and prints how long each
/// took.
pub fn run_all() -> Result {
    let start = Instant::now();
    let mut times: Vec<(&str, f64)> = Vec::new();
    let mut step =
        |name: &'static str, f: &mut dyn FnMut() -> Result| -> Result {
            println!("\n==> {name}");
            let t = Instant::now();
            f().map_err(|e| format!("{name}: {e}"))?;
            times.push((name, secs(t)));
            Ok(())
        };

    step("format (cargo fmt --check)", &mut || {
        run(
            cargo().args(["fmt", "--all", "--check"]),
            "cargo fmt --check (run `cargo fmt`)",
        )
    })?;
    step("lints (cargo clippy -D warnings)", &mut || {
        run(
            cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            "cargo clippy",
        )
    })?;
    step(
        "API docs (rustdoc -D warnings, KaTeX header)",
        &mut katex_header::doc,
    )?;
    step("tests and book snippets (cargo test)", &mut || {
        run(cargo().args(["test", "--workspace"]), "cargo test")
    })?;
    step(
        "long sweeps (symbolic properties, 50 times the cases)",
        &mut || {
            run(
                cargo().env("MVCALC_LONG_SWEEPS", "1").args([
                    "test",
                    "--release",
                    "--test",
                    "symbolic_props",
                ]),
                "MVCALC_LONG_SWEEPS=1 cargo test --release --test symbolic_props",
            )
        },
    )?;
    step("long sweeps (the #[ignore]d tests)", &mut || {
        // Test targets only: the book's `ignore` snippets are not tests.
        run(
            cargo().args(["test", "--workspace", "--tests", "--", "--ignored"]),
            "cargo test --tests -- --ignored",
        )
    })?;
    step("figures are fresh", &mut figures::check_fresh)?;
    step("book tools (pinned, in target/tools)", &mut || {
        tools::ensure_all().map(|_| ())
    })?;
    step("spelling (typos)", &mut || {
        run(
            Command::new(tools::dir().join("bin/typos")).arg("--format=brief"),
            "typos (fix the word, or allow it in _typos.toml)",
        )
    })?;
    step("book build (KaTeX, links)", &mut || {
        crate::book::build().map(|_| ())
    })?;
    let mut skipped = None;
    step(
        "browser test (book and API docs, headless Chromium)",
        &mut || {
            // The book, then the API docs (whose maths KaTeX renders in the page).
            let doc = crate::cargo_target_dir().join("doc");
            for (dir, only) in [(crate::book::html_dir(), ""), (doc, "mvcalc/")]
            {
                match browser::run_on(&dir, only, &[])? {
                    Outcome::Passed => {}
                    Outcome::Skipped(why) => {
                        if std::env::var_os("MVCALC_REQUIRE_BROWSER").is_some()
                        {
                            return Err(format!(
                                "required but not possible: {why}"
                            ));
                        }
                        skipped = Some(why);
                        break;
                    }
                }
            }
            Ok(())
        },
    )?;

    println!("\nAll checks passed in {:.0} s:", secs(start));
    for (name, t) in &times {
        println!("  {t:7.1} s  {name}");
    }
    if let Some(why) = skipped {
        browser::loud_skip(&why);
    }
    Ok(())
}
