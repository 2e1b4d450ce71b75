//! Guards over the book's sources: the mistakes mdBook and mdbook-katex
//! would otherwise let through silently.
//!
//! - an `{{#include}}` of a missing file or anchor renders an empty block;
//! - indented and `~~~` code blocks get their `$` rewritten by mdbook-katex;
//! - a page missing from `SUMMARY.md` is never built, and a file nothing
//!   refers to is dead weight;
//! - a snippet marked `ignore` is never run, so it needs a reason;
//! - every Markdown file must be compiled as doctests by `build.rs`;
//! - a code line longer than the column scrolls sideways and hides its end;
//! - `10^-9` in maths renders as 10⁻9, an exponent of one character.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

mod covered {
    include!(concat!(env!("OUT_DIR"), "/book_covered.rs"));
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn book() -> PathBuf {
    root().join("book")
}

/// Every file under `dir`, sorted, as paths relative to `dir` with `/`.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

fn markdown_files() -> Vec<String> {
    files_under(&book())
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .collect()
}

/// The Rust files under each of `dirs` (relative to the repository), as
/// paths relative to the repository with `/`, and their text.
fn rust_files(dirs: &[&str]) -> Vec<(String, String)> {
    dirs.iter()
        .flat_map(|dir| {
            files_under(&root().join(dir))
                .into_iter()
                .filter(|f| f.ends_with(".rs"))
                .map(move |f| format!("{dir}/{f}"))
        })
        .map(|rel| {
            let text = fs::read_to_string(root().join(&rel)).unwrap();
            (rel, text)
        })
        .collect()
}

fn read(rel: &str) -> String {
    fs::read_to_string(book().join(rel)).unwrap()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// `{{#include path:anchor}}` directives: (line, path, anchor).
fn includes(text: &str) -> Vec<(usize, String, Option<String>)> {
    let mut out = Vec::new();
    for directive in ["{{#include", "{{#rustdoc_include"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(directive) {
            let start = from + i;
            let end =
                text[start..].find("}}").map_or(text.len(), |j| start + j);
            let arg = text[start + directive.len()..end].trim();
            let (path, anchor) = match arg.split_once(':') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (arg.to_string(), None),
            };
            out.push((line_of(text, start), path, anchor));
            from = end;
        }
    }
    out
}

#[test]
fn every_include_names_an_existing_file_and_anchor() {
    let mut problems = Vec::new();
    for md in markdown_files() {
        let text = read(&md);
        let dir = book().join(&md).parent().unwrap().to_path_buf();
        for (line, path, anchor) in includes(&text) {
            let target = dir.join(&path);
            let Ok(source) = fs::read_to_string(&target) else {
                problems.push(format!(
                    "book/{md}:{line}: includes `{path}`, which does not exist"
                ));
                continue;
            };
            let Some(anchor) = anchor else { continue };
            if anchor.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                problems.push(format!(
                    "book/{md}:{line}: includes `{path}` by line numbers `{anchor}`; \
                     mark the item with `// ANCHOR: name` and include it by name"
                ));
                continue;
            }
            let has = |marker: &str| {
                source.lines().any(|l| {
                    l.trim_start()
                        .strip_prefix("// ")
                        .and_then(|l| l.strip_prefix(marker))
                        .is_some_and(|name| name.trim() == anchor)
                })
            };
            if !has("ANCHOR: ") || !has("ANCHOR_END: ") {
                problems.push(format!(
                    "book/{md}:{line}: `{path}` has no `// ANCHOR: {anchor}` ... `// ANCHOR_END: {anchor}` pair"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken includes:\n{}",
        problems.join("\n")
    );
}

/// Every `// ANCHOR: name` in the crate's code, the examples and the
/// tooling is included somewhere in the book: an anchor nothing includes
/// is a marker that has lost its reason (or a page that lost its code).
#[test]
fn every_anchor_is_included_by_the_book() {
    let mut included = BTreeSet::new();
    for md in markdown_files() {
        let dir = book().join(&md).parent().unwrap().to_path_buf();
        for (_, path, anchor) in includes(&read(&md)) {
            if let (Ok(target), Some(anchor)) =
                (dir.join(&path).canonicalize(), anchor)
            {
                included.insert((target, anchor));
            }
        }
    }
    let mut unused = Vec::new();
    for (rel, text) in rust_files(&["src", "examples", "xtask/src"]) {
        let path = root().join(&rel).canonicalize().unwrap();
        for (k, line) in text.lines().enumerate() {
            let Some(name) = line.trim_start().strip_prefix("// ANCHOR: ")
            else {
                continue;
            };
            let name = name.trim().to_string();
            if !included.contains(&(path.clone(), name.clone())) {
                unused.push(format!(
                    "{rel}:{}: `// ANCHOR: {name}` is included by no page; \
                     include it with {{{{#include ...:{name}}}}} or remove it",
                    k + 1,
                ));
            }
        }
    }
    unused.sort();
    assert!(
        unused.is_empty(),
        "anchors nothing includes:\n{}",
        unused.join("\n")
    );
}

/// In the API docs, rustdoc reads a doc comment as Markdown before KaTeX
/// sees it, and Markdown turns `\\` into `\`: a row break of `aligned`
/// or a matrix silently becomes a space, and the rows run together on one
/// line. Doc comments write one formula per line instead (or a list).
#[test]
fn api_doc_maths_has_no_row_breaks() {
    let mut problems = Vec::new();
    for (rel, text) in rust_files(&["src"]) {
        for (k, line) in text.lines().enumerate() {
            let doc = line.trim_start();
            let is_doc = doc.starts_with("///") || doc.starts_with("//!");
            if is_doc && doc.contains("\\\\") {
                problems.push(format!(
                    "{rel}:{}: `\\\\` in a doc comment reaches KaTeX as `\\`; \
                     write one formula per line, or a list",
                    k + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each fenced or indented code block: (line, fenced with backticks?, info, body).
fn code_blocks(
    text: &str,
) -> Vec<(usize, Result<String, &'static str>, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Result<String, &'static str>, String)> =
        None;
    for (event, range) in
        Parser::new_ext(text, Options::all()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let line = line_of(text, range.start);
                let kind = match kind {
                    CodeBlockKind::Indented => Err("an indented code block"),
                    CodeBlockKind::Fenced(info) => {
                        if text[range.start..].trim_start().starts_with("~~~") {
                            Err("a ~~~ code block")
                        } else {
                            Ok(info.to_string())
                        }
                    }
                };
                current = Some((line, kind, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, body)) = current.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn code_blocks_are_backtick_fences() {
    let mut problems = Vec::new();
    for md in markdown_files() {
        for (line, kind, _) in code_blocks(&read(&md)) {
            if let Err(what) = kind {
                problems.push(format!(
                    "book/{md}:{line}: {what}; use a ``` fence (mdbook-katex rewrites `$` in other blocks)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ignored_snippets_are_includes_or_give_a_reason() {
    let mut problems = Vec::new();
    for md in markdown_files() {
        let text = read(&md);
        let lines: Vec<&str> = text.lines().collect();
        for (line, kind, body) in code_blocks(&text) {
            let Ok(info) = kind else { continue };
            let attrs: Vec<&str> = info.split(',').map(str::trim).collect();
            if attrs.first() != Some(&"rust")
                || !attrs.iter().any(|a| *a == "ignore" || *a == "no_run")
            {
                continue;
            }
            let only_include =
                body.lines().filter(|l| !l.trim().is_empty()).all(|l| {
                    let l = l.trim();
                    l.starts_with("{{#include")
                        || l.starts_with("{{#rustdoc_include")
                });
            let before =
                line.checked_sub(2).map(|i| lines[i].trim()).unwrap_or("");
            let reason = before.starts_with("<!-- not run:")
                && before.len() > "<!-- not run: -->".len() + 3;
            if !only_include && !reason {
                problems.push(format!(
                    "book/{md}:{line}: `{info}` block is not an include; run it, or put \
                     `<!-- not run: <why> -->` on the line before the fence"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn snippets_hide_no_lines() {
    // Snippets run pasted into examples/scratch.rs, which provides what a
    // hidden line used to (the `Ok(())` after `?`), so the page, the copy
    // button and the test all see the same lines.
    let mut problems = Vec::new();
    for md in markdown_files() {
        for (line, kind, body) in code_blocks(&read(&md)) {
            let Ok(info) = kind else { continue };
            if info.split(',').next().map(str::trim) != Some("rust") {
                continue;
            }
            for (i, l) in body.lines().enumerate() {
                let t = l.trim_start();
                if t == "#" || t.starts_with("# ") {
                    problems.push(format!(
                        "book/{md}:{}: a hidden line; show it, or drop it if \
                         examples/scratch.rs already provides it",
                        line + 1 + i
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The widest code line that fits the book's column without scrolling, in
/// characters (the browser test measures the rendered page too).
const MAX_CODE_COLUMNS: usize = 80;

/// The lines an `{{#include path:anchor}}` brings in, as mdBook does (the
/// anchor lines themselves and nested markers dropped), before the book's
/// dedent preprocessor strips their shared indentation.
fn included_lines(md: &str, path: &str, anchor: Option<&str>) -> Vec<String> {
    let dir = book().join(md).parent().unwrap().to_path_buf();
    let Ok(source) = fs::read_to_string(dir.join(path)) else {
        return Vec::new(); // reported by every_include_names_an_existing_file_and_anchor
    };
    let marker = |l: &str, kind: &str| {
        l.trim_start()
            .strip_prefix("// ")
            .and_then(|l| l.strip_prefix(kind))
            .map(str::trim)
            .map(str::to_string)
    };
    let mut inside = anchor.is_none();
    let mut out = Vec::new();
    for l in source.lines() {
        if let Some(a) = anchor {
            if marker(l, "ANCHOR: ").as_deref() == Some(a) {
                inside = true;
                continue;
            }
            if marker(l, "ANCHOR_END: ").as_deref() == Some(a) {
                break;
            }
        }
        if inside
            && marker(l, "ANCHOR: ").is_none()
            && marker(l, "ANCHOR_END: ").is_none()
        {
            out.push(l.to_string());
        }
    }
    let shared = out
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    out.iter()
        .map(|l| l.get(shared..).unwrap_or("").to_string())
        .collect()
}

/// Code lines (written in the chapter or included from the crate) longer
/// than the column: `book/<file>:<line>: <what>`.
fn long_code_lines(md: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (line, kind, body) in code_blocks(text) {
        if kind.is_err() {
            continue;
        }
        for (i, l) in body.lines().enumerate() {
            let at = line + 1 + i;
            let trimmed = l.trim();
            if trimmed.starts_with("{{#include")
                || trimmed.starts_with("{{#rustdoc_include")
            {
                for (path_line, path, anchor) in includes(trimmed) {
                    let _ = path_line;
                    for inc in included_lines(md, &path, anchor.as_deref()) {
                        let n = inc.chars().count();
                        if n > MAX_CODE_COLUMNS {
                            problems.push(format!(
                                "book/{md}:{at}: included `{path}` has a line of {n} columns (at most {MAX_CODE_COLUMNS}): `{}`",
                                inc.trim()
                            ));
                        }
                    }
                }
                continue;
            }
            // A list item's code block keeps the item's indentation on the page.
            let n = l.chars().count();
            if n > MAX_CODE_COLUMNS {
                problems.push(format!(
                    "book/{md}:{at}: code line of {n} columns (at most {MAX_CODE_COLUMNS}); \
                     break it or shorten its comment"
                ));
            }
        }
    }
    problems
}

#[test]
fn code_fits_the_column() {
    let mut problems = Vec::new();
    for md in markdown_files() {
        problems.extend(long_code_lines(&md, &read(&md)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Exponents and subscripts of more than one character written without
/// braces (`10^-9`, `x^12`), which TeX reads as one character (10⁻9, x¹2).
fn unbraced_scripts(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (event, range) in
        Parser::new_ext(text, Options::all()).into_offset_iter()
    {
        let (Event::InlineMath(t) | Event::DisplayMath(t)) = event else {
            continue;
        };
        let bytes = t.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b != b'^' && b != b'_' {
                continue;
            }
            let next = &t[i + 1..];
            let sign = next.starts_with('-') || next.starts_with('+');
            let digits = next.chars().take_while(char::is_ascii_digit).count();
            if (b == b'^' && sign) || digits >= 2 {
                let snippet: String =
                    t[i.saturating_sub(8)..].chars().take(20).collect();
                out.push((line_of(text, range.start), snippet));
            }
        }
    }
    out
}

#[test]
fn exponents_are_braced() {
    let mut problems = Vec::new();
    for md in markdown_files() {
        for (line, snippet) in unbraced_scripts(&read(&md)) {
            problems.push(format!(
                "book/{md}:{line}: `{snippet}`: brace a script of more than one character, as `10^{{-9}}`"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The links of `SUMMARY.md`: (title, path), path empty for a draft.
fn summary_entries() -> Vec<(String, String)> {
    let text = read("SUMMARY.md");
    let mut out = Vec::new();
    let mut link: Option<(String, String)> = None;
    for event in Parser::new(&text) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((String::new(), dest_url.to_string()))
            }
            Event::Text(t) => {
                if let Some((title, _)) = link.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => out.extend(link.take()),
            _ => {}
        }
    }
    // pulldown-cmark does not report `[Title]()` as a link; find drafts by hand.
    for line in text.lines() {
        if let Some(title) =
            line.trim().trim_start_matches("- ").strip_prefix('[')
            && let Some(title) = title.strip_suffix("]()")
        {
            out.push((title.to_string(), String::new()));
        }
    }
    out
}

#[test]
fn summary_entries_exist_and_every_page_is_in_the_summary() {
    let entries = summary_entries();
    assert!(entries.len() > 10, "SUMMARY.md looks empty: {entries:?}");
    let mut problems = Vec::new();
    let mut linked = BTreeSet::new();
    for (title, path) in &entries {
        if path.is_empty() {
            continue;
        }
        if !book().join(path).is_file() {
            problems.push(format!(
                "SUMMARY.md: [{title}]({path}) names a file that does not exist"
            ));
        }
        linked.insert(path.clone());
    }
    for md in markdown_files() {
        if md != "SUMMARY.md" && !linked.contains(&md) {
            problems.push(format!(
                "book/{md} is not linked from SUMMARY.md, so mdBook never builds it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Relative links and images in a Markdown file, resolved to paths under `book/`.
fn local_references(md: &str) -> Vec<String> {
    let text = read(md);
    let dir = Path::new(md).parent().unwrap();
    let mut out = Vec::new();
    for event in Parser::new_ext(&text, Options::all()) {
        let dest = match event {
            Event::Start(
                Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. },
            ) => dest_url.to_string(),
            Event::Html(h) | Event::InlineHtml(h) => {
                // src="..." in raw HTML, as widgets use.
                h.split("src=\"")
                    .skip(1)
                    .filter_map(|s| s.split('"').next())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            _ => continue,
        };
        for d in dest.split_whitespace() {
            if d.contains("://")
                || d.starts_with('#')
                || d.starts_with("mailto:")
            {
                continue;
            }
            let d = d.split('#').next().unwrap();
            let joined = dir.join(d).to_string_lossy().into_owned();
            let mut parts: Vec<&str> = Vec::new();
            for part in joined.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    p => parts.push(p),
                }
            }
            out.push(parts.join("/").replace(".html", ".md"));
        }
    }
    out
}

#[test]
fn every_file_under_book_is_used() {
    let config = fs::read_to_string(root().join("book.toml")).unwrap();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for md in markdown_files() {
        used.extend(local_references(&md));
    }
    // Files a configured script loads by name (the widget loader).
    let configured_js: String = config
        .split('"')
        .filter(|s| s.starts_with("book/") && s.ends_with(".js"))
        .filter_map(|s| fs::read_to_string(root().join(s)).ok())
        .collect();
    let loaded = |file: &str| {
        let name = file.rsplit('/').next().unwrap_or(file);
        configured_js.contains(&format!("\"{name}\""))
    };
    let mut problems = Vec::new();
    for file in files_under(&book()) {
        if file.ends_with(".md") || loaded(&file) {
            continue; // pages are checked against SUMMARY.md
        }
        // Used by a page, or configured in book.toml (itself or a folder above it).
        let configured = Path::new(&file)
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| {
                config.contains(&format!("\"book/{}\"", a.to_string_lossy()))
            });
        if !used.contains(&file) && !configured {
            problems.push(format!(
                "book/{file} is neither referenced by a page nor configured in book.toml; remove it or use it"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_markdown_file_is_compiled_as_doctests() {
    let expected: Vec<String> = markdown_files();
    let covered: Vec<String> =
        covered::COVERED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        covered, expected,
        "build.rs must list exactly the Markdown files under book/ (is the build script stale?)"
    );
    // And the library really includes that list under cfg(doctest).
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(doctest)]") && lib.contains("book_doctests.rs")
    );
}

#[test]
fn katex_macros_are_well_formed() {
    // mdbook-katex panics on a macro line without a ':'.
    let text = read("macros.txt");
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('\\') {
            let (name, body) = line.split_once(':').unwrap_or_else(|| {
                panic!(
                    "book/macros.txt:{}: `{line}` needs `\\name:definition`",
                    i + 1
                )
            });
            assert!(
                name[1..].chars().all(|c| c.is_ascii_alphabetic())
                    && !body.trim().is_empty(),
                "book/macros.txt:{}: `{line}` is not `\\name:definition`",
                i + 1
            );
        }
    }
}

#[test]
fn guards_catch_what_they_guard() {
    // The helpers above must recognise the bad forms, or the guards prove nothing.
    let bad = "Text\n\n    indented code\n\n~~~rust\nlet x = 1;\n~~~\n\n```rust,ignore\nlet y = 2;\n```\n";
    let kinds: Vec<_> = code_blocks(bad)
        .into_iter()
        .map(|(l, k, _)| (l, k.is_err()))
        .collect();
    assert_eq!(kinds, vec![(3, true), (5, true), (9, false)]);
    let inc = includes(
        "```rust,ignore\n{{#include ../../src/derivative.rs:central_difference}}\n```",
    );
    assert_eq!(
        inc,
        vec![(
            2,
            "../../src/derivative.rs".to_string(),
            Some("central_difference".to_string())
        )]
    );
    let long = format!("```rust\nlet x = 1; // {}\n```\n", "a".repeat(80));
    assert_eq!(long_code_lines("x.md", &long).len(), 1);
    assert!(long_code_lines("x.md", "```rust\nlet x = 1;\n```\n").is_empty());
    let scripts = unbraced_scripts(
        "Below $10^-9$ and $x^12$, but $10^{-9}$, $x^2$ and `a^-b` are fine.",
    );
    assert_eq!(scripts.len(), 2, "{scripts:?}");
}
