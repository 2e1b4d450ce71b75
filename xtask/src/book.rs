//! Building and serving the book with the pinned mdBook and its plugins.

use crate::{Result, root, secs, tools};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Where the HTML lands (mdBook puts each backend in its own folder when
/// there are several: here html and linkcheck2).
pub fn html_dir() -> PathBuf {
    root().join("target/book/html")
}

/// Builds the static site, failing on any formula KaTeX could not render
/// (naming the file and the formula) and on broken internal links.
pub fn build() -> Result<PathBuf> {
    let bin = tools::ensure(tools::BOOK_TOOLS)?;
    let start = Instant::now();
    let out = Command::new(bin.join("mdbook"))
        .arg("build")
        .current_dir(root())
        .env("PATH", tools::path_env())
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .map_err(|e| format!("could not run mdbook: {e}"))?;
    let log = strip_ansi(&format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ));
    // mdbook-katex warns when it was built against a neighbouring patch
    // release of mdBook; that is expected with pinned versions.
    for line in log
        .lines()
        .filter(|l| !l.contains("was built against mdbook"))
    {
        println!("{line}");
    }
    if !out.status.success() {
        return Err(
            "mdbook build failed (see the messages above; a broken link is reported by linkcheck2)"
                .into(),
        );
    }

    // The link check is optional in book.toml (so serving needs less); a
    // checked build must not pass without it.
    if log.contains("marked as optional") {
        return Err(
            "the link check (mdbook-linkcheck2) did not run; `cargo xtask tools` installs it"
                .into(),
        );
    }

    let html = html_dir();
    let mut problems = raw_tex(&html)?;
    if problems.is_empty() && log.contains("Rendering failed") {
        problems
            .push("mdbook-katex reported a formula it could not render (see the log above)".into());
    }
    if !problems.is_empty() {
        return Err(format!(
            "KaTeX could not render {} formula(s); they would appear as raw TeX:\n{}",
            problems.len(),
            problems.join("\n")
        ));
    }
    println!(
        "book built in {:.1} s: {}",
        secs(start),
        html.join("index.html").display()
    );
    Ok(html)
}

/// Serves the book with live reload.
pub fn serve(args: &[String]) -> Result {
    let bin = tools::ensure(tools::SERVE_TOOLS)?;
    let port = match args {
        [] => "3000".to_string(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    println!(
        "\nServing the book at http://localhost:{port} (live reload; Ctrl-C to stop)\n"
    );
    crate::run(
        Command::new(bin.join("mdbook"))
            .args(["serve", "--port", &port])
            .env("PATH", tools::path_env()),
        "mdbook serve",
    )
}

/// Every place in the built HTML where TeX survived rendering, as
/// `book/<file>.md: <formula>`. mdbook-katex leaves a formula it cannot parse
/// in place with its dollar signs, so any `$` outside code is a failure.
fn raw_tex(html: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for page in html_files(html)? {
        let rel = page.strip_prefix(html).expect("under html dir");
        if rel.starts_with("print.html") || rel.starts_with("toc.html") {
            continue; // copies of the chapters, reported there
        }
        let text = fs::read_to_string(&page)
            .map_err(|e| format!("{}: {e}", page.display()))?;
        let body = strip_code(&text);
        let md = Path::new("book").join(rel).with_extension("md");
        for formula in find_tex(&body) {
            problems.push(format!("  {}: {}", md.display(), formula));
        }
        if body.contains("katex-error") {
            problems.push(format!(
                "  {}: KaTeX error markup in the page",
                md.display()
            ));
        }
    }
    Ok(problems)
}

/// The HTML files under `dir`, sorted.
pub fn html_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?
        {
            let p = entry.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The page without its code, scripts, styles and TeX annotations, where a
/// dollar sign is legitimate.
fn strip_code(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["pre", "code", "script", "style", "annotation", "head"] {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        while let Some(i) = rest.find(&open) {
            out.push_str(&rest[..i]);
            match rest[i..].find(&close) {
                Some(j) => rest = &rest[i + j + close.len()..],
                None => {
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// The `$...$` spans left in a page (or the first 60 characters after an
/// unmatched `$`).
fn find_tex(body: &str) -> Vec<String> {
    let dollars = |s: &str| s.len() - s.trim_start_matches('$').len();
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('$') {
        let tail = &rest[i..];
        let open = dollars(tail);
        let inner = &tail[open..];
        let end = match inner.find('$') {
            Some(j) => open + j + dollars(&inner[j..]),
            None => {
                open + inner
                    .char_indices()
                    .nth(60)
                    .map_or(inner.len(), |(k, _)| k)
            }
        };
        out.push(html_unescape(&tail[..end]));
        rest = &tail[end..];
    }
    out
}

/// The text without terminal colour codes (`ESC [ ... m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_raw_tex_outside_code() {
        let html = r#"<p>fine <code>$x$</code></p><pre>$HOME</pre><p>bad $\frac{1}{$ here</p>"#;
        let found = find_tex(&strip_code(html));
        assert_eq!(found, vec![r"$\frac{1}{$".to_string()]);
    }

    #[test]
    fn rendered_maths_passes() {
        let html = r#"<p><span class="katex"><math><annotation encoding="application/x-tex">x^2</annotation></math></span></p>"#;
        assert!(find_tex(&strip_code(html)).is_empty());
    }
}
