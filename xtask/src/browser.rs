//! The browser test: every page of the built book in headless Chromium.

use crate::{Result, root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What happened to the browser test.
pub enum Outcome {
    /// It ran and passed.
    Passed,
    /// Chromium or Node is missing here; the reason says which.
    Skipped(String),
}

/// Scripts under `xtask/browser` that play a widget like a reader, and the
/// page of the book they play it on. Run with the book's browser test.
const WIDGET_TESTS: &[(&str, &str)] =
    &[("sandpit-play.mjs", "multivariate/sandpit.html")];

/// Chromium, from `$CHROMIUM` or the usual Debian places.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds nothing: opens every page under `html` whose path starts with
/// `only` (build them first). `screenshots` are `page.html=out.png[@dark]`.
pub fn run_on(
    html: &Path,
    only: &str,
    screenshots: &[String],
) -> Result<Outcome> {
    let Some(chromium) = chromium() else {
        return Ok(Outcome::Skipped(
            "Chromium is not installed (Debian: `apt-get install chromium`; or set CHROMIUM=/path/to/chrome)".into(),
        ));
    };
    if !have("node") || !have("npm") {
        return Ok(Outcome::Skipped(
            "Node.js and npm are not installed".into(),
        ));
    }
    let dir = root().join("xtask/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        println!(
            "installing playwright-core (pinned in xtask/browser/package-lock.json) with npm ci"
        );
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir),
            "npm ci in xtask/browser",
        )?;
    }
    let mut cmd = Command::new("node");
    cmd.arg(dir.join("check-pages.mjs"))
        .arg(html)
        .arg("--chromium")
        .arg(chromium)
        .arg("--only")
        .arg(only);
    for s in screenshots {
        cmd.arg("--screenshot").arg(s);
    }
    if only.is_empty() {
        for (script, page) in WIDGET_TESTS {
            cmd.arg("--widget-test")
                .arg(format!("{}={page}", dir.join(script).display()));
        }
    }
    run(&mut cmd, "the browser test")?;
    Ok(Outcome::Passed)
}

/// `cargo xtask browser`: build the book and run the browser test on it.
pub fn check(screenshots: &[String]) -> Result<Outcome> {
    let html = crate::book::build()?;
    let outcome = run_on(&html, "", screenshots)?;
    if let Outcome::Skipped(why) = &outcome {
        loud_skip(why);
    }
    Ok(outcome)
}

/// A message nobody can miss.
pub fn loud_skip(why: &str) {
    let bar = "!".repeat(78);
    eprintln!(
        "\n{bar}\n!! BROWSER TEST SKIPPED: {why}\n!! The pages were NOT checked in a browser. CI never skips this test.\n{bar}\n"
    );
}
