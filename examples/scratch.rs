//! A place to run the book's snippets.
//!
//! Press the copy button on any Rust snippet in the book, paste it between the
//! two marker lines below, and run
//!
//! ```text
//! cargo run --example scratch
//! ```
//!
//! The snippet's assertions run; `println!` shows whatever else you want to
//! see. `?` works on every error the crate returns, because `main` returns a
//! boxed error. Every snippet in the book is compiled inside this very file
//! by `cargo test`, so a copied snippet always runs here.

// ANCHOR: paste
#[allow(unused_imports)]
use approx::{assert_abs_diff_eq, assert_relative_eq};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // ---- paste a snippet below this line ----
    let slope = mvcalc::numeric::derivative(|x| x.powi(3), 2.0)?;
    assert_relative_eq!(slope, 12.0, max_relative = 1e-9);
    println!("the slope of x^3 at x = 2 is {slope}");
    // ---- paste a snippet above this line ----
    Ok(())
}
// ANCHOR_END: paste
