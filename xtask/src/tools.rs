//! The pinned book tools, installed with `cargo install --locked` into
//! `target/tools` on first use and reused afterwards.

use crate::{Result, cargo, root, run, secs};
use std::path::PathBuf;
use std::time::Instant;

/// A tool installed from crates.io.
pub struct Tool {
    /// The crate on crates.io.
    pub krate: &'static str,
    /// The exact version: bump it here (see CONTRIBUTING.md).
    pub version: &'static str,
    /// The binary it installs.
    pub bin: &'static str,
    /// Rough build time on a two-core machine, for the first-use message
    /// (measured: 106, 51, 161 and 99 seconds).
    pub minutes: u32,
}

/// mdBook 0.5 and mdbook-katex 0.10 are pinned together: mdBook 0.5 changed
/// the preprocessor protocol and broke older plugins.
pub const TOOLS: &[Tool] = &[
    Tool {
        krate: "mdbook",
        version: "0.5.4",
        bin: "mdbook",
        minutes: 2,
    },
    Tool {
        krate: "mdbook-katex",
        version: "0.10.0",
        bin: "mdbook-katex",
        minutes: 1,
    },
    Tool {
        krate: "mdbook-linkcheck2",
        version: "0.13.0",
        bin: "mdbook-linkcheck2",
        minutes: 3,
    },
    Tool {
        krate: "typos-cli",
        version: "1.52.0",
        bin: "typos",
        minutes: 2,
    },
];

/// Where the tools live.
pub fn dir() -> PathBuf {
    root().join("target/tools")
}

/// `PATH` with the tools directory first, so mdBook finds its plugins.
pub fn path_env() -> std::ffi::OsString {
    let mut paths = vec![dir().join("bin")];
    if let Some(p) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(paths).expect("PATH entries contain no separator")
}

/// Whether `tool` is installed in `target/tools` at the pinned version, by
/// the record `cargo install` keeps there.
fn installed(tool: &Tool) -> bool {
    let record =
        std::fs::read_to_string(dir().join(".crates.toml")).unwrap_or_default();
    let key = format!("\"{} {} (registry+", tool.krate, tool.version);
    record.contains(&key) && dir().join("bin").join(tool.bin).exists()
}

/// The tools reading the book needs: `cargo xtask serve` installs only these.
pub const SERVE_TOOLS: &[&str] = &["mdbook", "mdbook-katex"];

/// The tools the checked book build needs: the reader's, and the link check
/// (optional in book.toml, so serving works without it).
pub const BOOK_TOOLS: &[&str] =
    &["mdbook", "mdbook-katex", "mdbook-linkcheck2"];

/// Installs every pinned tool that is missing or at another version.
pub fn ensure_all() -> Result<PathBuf> {
    ensure(&TOOLS.iter().map(|t| t.krate).collect::<Vec<_>>())
}

/// Installs the named pinned tools that are missing or at another version.
pub fn ensure(krates: &[&str]) -> Result<PathBuf> {
    let missing: Vec<&Tool> = TOOLS
        .iter()
        .filter(|t| krates.contains(&t.krate) && !installed(t))
        .collect();
    if missing.is_empty() {
        return Ok(dir().join("bin"));
    }
    let minutes: u32 = missing.iter().map(|t| t.minutes).sum();
    let names: Vec<String> = missing
        .iter()
        .map(|t| format!("{} {}", t.krate, t.version))
        .collect();
    println!(
        "\nInstalling the book tools into target/tools: {}.\n\
         This happens once per checkout and takes about {minutes} minutes on a two-core machine;\n\
         later runs reuse them.\n",
        names.join(", ")
    );
    for tool in missing {
        let start = Instant::now();
        println!(
            "==> cargo install {} {} (about {} min)",
            tool.krate, tool.version, tool.minutes
        );
        run(
            cargo()
                .args(["install", "--locked", "--quiet", "--root"])
                .arg(dir())
                .arg(format!("{}@{}", tool.krate, tool.version)),
            &format!("installing {} {}", tool.krate, tool.version),
        )?;
        println!("    installed {} in {:.0} s", tool.bin, secs(start));
    }
    Ok(dir().join("bin"))
}
