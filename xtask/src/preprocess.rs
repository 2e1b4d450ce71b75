//! `cargo xtask dedent`: an mdBook preprocessor that removes the indentation
//! code keeps from its place in the crate.
//!
//! An item included from inside an `impl` block arrives on the page indented
//! by four spaces, which wastes a column of every line. This runs after
//! mdBook's `links` preprocessor (which performs the `{{#include}}`s) and
//! strips from each fenced code block the indentation all its lines share.

use crate::Result;
use serde_json::Value;
use std::io::{Read, Write};

/// Entry point: `dedent supports <renderer>` answers yes; `dedent` alone
/// reads `[context, book]` as JSON on stdin and writes the book back.
pub fn run(args: &[String]) -> Result {
    if args.first().map(String::as_str) == Some("supports") {
        return Ok(());
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("dedent: reading the book from mdBook: {e}"))?;
    let parsed: Value = serde_json::from_str(&input).map_err(|e| {
        format!("dedent: mdBook sent JSON this preprocessor cannot read: {e}")
    })?;
    let Value::Array(mut pair) = parsed else {
        return Err("dedent: expected [context, book] from mdBook".into());
    };
    if pair.len() != 2 {
        return Err("dedent: expected [context, book] from mdBook".into());
    }
    let mut book = pair.pop().expect("two elements");
    visit(&mut book);
    let out = serde_json::to_string(&book).map_err(|e| e.to_string())?;
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| format!("dedent: writing the book back to mdBook: {e}"))
}

/// Rewrites the `content` of every chapter, wherever it sits in the tree.
fn visit(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(content)) = map.get_mut("content") {
                *content = dedent_code_blocks(content);
            }
            for (key, child) in map.iter_mut() {
                if key != "content" {
                    visit(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(visit),
        _ => {}
    }
}

/// Markdown with every ```` ``` ```` block's shared indentation (beyond the
/// fence's own, as in a list item) removed.
pub fn dedent_code_blocks(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        out.push_str(line);
        i += 1;
        let fence_indent = indent(line);
        if !line.trim_start().starts_with("```") {
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].trim() == "```")
            .unwrap_or(lines.len());
        let body = &lines[i..end];
        let shared = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0);
        let extra = shared.saturating_sub(fence_indent);
        for l in body {
            if extra == 0 {
                out.push_str(l);
            } else if l.trim().is_empty() {
                out.push_str(if l.ends_with('\n') { "\n" } else { "" });
            } else {
                out.push_str(&l[..fence_indent]);
                out.push_str(&l[fence_indent + extra..]);
            }
        }
        if end < lines.len() {
            out.push_str(lines[end]);
        }
        i = end + 1;
    }
    out
}

/// Leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::dedent_code_blocks;

    #[test]
    fn strips_shared_indentation_only() {
        let md = "Text\n\n```rust\n    fn a() {\n        1\n    }\n\n    fn b() {}\n```\n\n    not code\n";
        assert_eq!(
            dedent_code_blocks(md),
            "Text\n\n```rust\nfn a() {\n    1\n}\n\nfn b() {}\n```\n\n    not code\n"
        );
    }

    #[test]
    fn keeps_list_item_indentation() {
        let md =
            "1. Item\n\n   ```rust\n   let x = 1;\n     let y = 2;\n   ```\n";
        assert_eq!(dedent_code_blocks(md), md);
        let md = "1. Item\n\n   ```rust\n       a\n         b\n   ```\n";
        assert_eq!(
            dedent_code_blocks(md),
            "1. Item\n\n   ```rust\n   a\n     b\n   ```\n"
        );
    }

    #[test]
    fn unclosed_block_is_left_readable() {
        let md = "```\n  x\n";
        assert_eq!(dedent_code_blocks(md), "```\nx\n");
    }
}
