//! # mvcalc
//!
//! The companion crate of *Multivariate Calculus for Machine Learning, with
//! Rust*. Every formula in the book is backed by code in this crate, and every
//! snippet in the book is compiled and run as a doctest of this crate.
//!
//! The modules follow the chapters:
//!
//! - [`derivative`]: numerical derivatives by finite differences,
//!   $f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}$.
//! - [`dual`]: forward-mode automatic differentiation with dual numbers,
//!   $a + b\varepsilon$ with $\varepsilon^2 = 0$.
//! - [`symbolic`]: symbolic expressions, parsed, differentiated by the rules
//!   and simplified.
//! - [`multivariate`]: partial derivatives, gradients $\grad f$, Jacobians
//!   and Hessians, numerically, with dual numbers and symbolically, and the
//!   classification of stationary points by the Hessian.
//! - [`sandpit`]: the Sandpit game, a hidden landscape $d(x, y)$ whose
//!   deepest point is found by dipping a stick, by hand or by steepest
//!   descent and Newton's method.
//! - [`objective`]: what descent, Newton's method and least squares work
//!   on: a cost with its gradient and Hessian, and residuals with their
//!   Jacobian, implemented by the Sandpit's landscapes.
//!
//! ```
//! use mvcalc::derivative::derivative;
//!
//! // d/dx x^3 = 3x^2, which is 12 at x = 2.
//! let slope = derivative(|x| x.powi(3), 2.0);
//! approx::assert_relative_eq!(slope, 12.0, max_relative = 1e-8);
//! ```
#![warn(missing_docs)]

pub mod derivative;
pub mod dual;
pub mod multivariate;
pub mod objective;
pub mod sandpit;
pub mod symbolic;

mod readable;

/// The book's snippets as doctests: `build.rs` pastes every Rust snippet of
/// every Markdown file under `book/` into `examples/scratch.rs`, as a reader
/// copies it, and lists the programs here, so `cargo test` compiles and runs
/// each one. A failure names the file and the line of the snippet's fence:
/// `book::derivatives::definition_line_70`.
#[cfg(doctest)]
pub mod book {
    include!(concat!(env!("OUT_DIR"), "/book_doctests.rs"));
}
