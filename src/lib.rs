//! # mvcalc
//!
//! The companion crate of *Multivariate Calculus for Machine Learning, with
//! Rust*. Every formula in the book is backed by code in this crate, and every
//! snippet in the book is compiled and run as a doctest of this crate.
//!
//! A function is written once, generic over the scalar trait [`Real`], and
//! differentiated every way; each module is one way, and the same name in
//! two modules is the same quantity computed another way:
//!
//! - [`numeric`]: derivatives by finite differences,
//!   $f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}$, with steps chosen for you:
//!   `derivative`, `partial`, `gradient`, `jacobian`, `hessian`.
//! - [`dual`]: forward-mode automatic differentiation with dual numbers,
//!   $a + b\varepsilon$ with $\varepsilon^2 = 0$, exact up to rounding; duals
//!   of duals give second derivatives and Hessians.
//! - [`symbolic`]: symbolic expressions, parsed, differentiated by the rules
//!   and simplified, with their gradients, Jacobians and Hessians as
//!   matrices of formulas.
//! - [`stationary`]: minima, maxima and saddles told apart by the Hessian.
//! - [`sandpit`]: the Sandpit game, a hidden landscape $d(x, y)$ whose
//!   deepest point is found by dipping a stick, by hand or by steepest
//!   descent and Newton's method.
//! - [`objective`]: what descent, Newton's method and least squares work
//!   on: a cost with its gradient and Hessian, and residuals with their
//!   Jacobian, implemented by the Sandpit's landscapes.
//!
//! Points are nalgebra vectors of any size and storage (`DVector`,
//! `Vector3`, a view), and results come back in the same size.
//!
//! ```
//! use approx::assert_relative_eq;
//! use mvcalc::{Real, dual, numeric};
//! use nalgebra::{Matrix3, Vector3};
//!
//! // f(x, y, z) = x y + sin z, written once.
//! fn f<T: Real>(v: &Vector3<T>) -> T {
//!     v[0] * v[1] + v[2].sin()
//! }
//! let p = Vector3::new(1.0, 2.0, 0.5);
//! let estimate = numeric::gradient(f, &p)?;
//! let (value, exact) = dual::gradient(f, &p);
//! let (_, _, h) = dual::hessian(f, &p);
//! assert_eq!(value, f(&p));
//! assert_relative_eq!(exact, Vector3::new(2.0, 1.0, 0.5_f64.cos()));
//! assert_relative_eq!(estimate, exact, max_relative = 1e-9);
//! let s = -(0.5_f64.sin());
//! assert_relative_eq!(h, Matrix3::new(0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, s));
//! # Ok::<(), numeric::MultivariateError>(())
//! ```
#![warn(missing_docs)]

pub mod dual;
pub mod numeric;
pub mod objective;
pub mod sandpit;
pub mod stationary;
pub mod symbolic;

mod error;
mod readable;
mod real;

pub use error::Error;
pub use real::Real;

/// The book's snippets as doctests: `build.rs` pastes every Rust snippet of
/// every Markdown file under `book/` into `examples/scratch.rs`, as a reader
/// copies it, and lists the programs here, so `cargo test` compiles and runs
/// each one. A failure names the file and the line of the snippet's fence:
/// `book::derivatives::definition_line_70`.
#[cfg(doctest)]
pub mod book {
    include!(concat!(env!("OUT_DIR"), "/book_doctests.rs"));
}
