//! Partial derivatives, gradients, Jacobians and Hessians of functions of
//! many variables, estimated numerically, computed exactly with dual numbers
//! or derived symbolically, and the Hessian test for stationary points.
//!
//! A function $f : \R^n \to \R$ has one *partial derivative* for each input:
//! move $x_i$ alone, hold every other coordinate constant, and take the
//! ordinary derivative,
//! $$\pdiff{f}{x_i}(\vb{x}) = \lim_{h \to 0} \frac{f(\vb{x} + h \vb{e_i}) - f(\vb{x})}{h},$$
//! where $\vb{e_i}$ is the unit vector along coordinate $i$. Collected, they
//! form the *gradient* $\grad f$, which points uphill; for a vector function
//! $\vb{f} : \R^n \to \R^m$ the gradients of the outputs are the rows of the
//! *Jacobian* $\J$; and the second partial derivatives form the *Hessian*
//! $\Hess$, whose eigenvalues tell a minimum from a maximum or a saddle.
//!
//! Three ways to compute them are here, side by side:
//!
//! - by finite differences ([`partial`], [`gradient`], [`jacobian`],
//!   [`hessian`]), which need nothing but values of $f$. They reuse the
//!   extrapolating one-variable [`derivative_with_error`] along each
//!   coordinate, so gradients and Jacobians are accurate to about
//!   $10^{-10}$ of their largest entry on smooth functions (an entry that
//!   nearly cancels to zero is accurate to that size, not to its own), and
//!   Hessians to about $10^{-8}$ of their largest entry. The checked versions ([`try_partial`], [`try_gradient`],
//!   [`try_jacobian`], [`try_hessian`]) say what went wrong instead of
//!   returning NaN;
//! - exactly, with dual numbers ([`dual_gradient`], [`dual_jacobian`]): one
//!   forward pass per input variable;
//! - symbolically ([`symbolic::gradient`], [`symbolic::jacobian`],
//!   [`symbolic::hessian`]), as formulas you can print and evaluate with
//!   [`EvalAt`](symbolic::EvalAt).
//!
//! ```
//! use approx::assert_relative_eq;
//! use mvcalc::multivariate::{Stationary, classify_stationary, gradient, hessian};
//! use nalgebra::dvector;
//!
//! // f(x, y) = x^2 + 3y^2 has a minimum at the origin.
//! let f = |v: &nalgebra::DVector<f64>| v[0] * v[0] + 3.0 * v[1] * v[1];
//! let x = dvector![1.0, 2.0];
//! let g = gradient(f, &x);
//! assert_relative_eq!(g, dvector![2.0, 12.0], max_relative = 1e-8);
//! let h = hessian(f, &dvector![0.0, 0.0]);
//! assert_eq!(classify_stationary(&h), Stationary::Minimum);
//! ```
//!
//! # The cost of a gradient
//!
//! A central difference costs two evaluations of $f$ per partial derivative,
//! so a gradient costs $2n$ ([`central_gradient`]); the extrapolating
//! [`gradient`] spends a few dozen per coordinate to choose its steps.
//! Forward-mode dual numbers need one pass per variable, $n$ passes in all,
//! each a constant factor dearer than a plain evaluation, and they are exact.
//! Either way the cost grows with the number of inputs, which is why models
//! with millions of parameters use reverse mode (backpropagation) instead.
//!
//! # Failure
//!
//! Nothing here panics. The plain functions return NaN entries where a
//! derivative could not be estimated, and the `try_` functions return a
//! [`MultivariateError`] saying why.

mod classification;
mod dual;
mod errors;
mod numerical;
mod numerical_hessian;
#[cfg(test)]
mod tests;

pub use classification::{
    Stationary, classify_by_determinant, classify_by_eigenvalues,
    classify_stationary, try_classify_stationary,
};
pub use dual::{dual_gradient, dual_jacobian};
pub use errors::MultivariateError;
pub use numerical::{
    central_gradient, gradient, jacobian, partial, try_gradient, try_jacobian,
    try_partial,
};
pub use numerical_hessian::{
    hessian, second_difference, second_partial, try_hessian, try_second_partial,
};

// Only for the links in the module documentation above.
#[cfg(doc)]
use crate::derivative::derivative_with_error;
#[cfg(doc)]
use crate::symbolic;
