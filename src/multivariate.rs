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
//! - symbolically ([`symbolic_gradient`], [`symbolic_jacobian`],
//!   [`symbolic_hessian`]), as formulas you can print and evaluate with
//!   [`eval_vector`] and [`eval_matrix`].
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

use std::fmt;

use nalgebra::{DMatrix, DVector, Matrix2, SymmetricEigen};

use crate::derivative::{DerivativeError, Extrapolation, derivative_with_error, replaces};
use crate::dual::Dual;
use crate::symbolic::{EvalError, Expr};

/// Coordinates beyond this size leave no room to step (as in
/// [`derivative_with_error`]).
const MAX_COORDINATE: f64 = 1e300;

/// Eigenvalues within this fraction of the largest one count as zero.
const EIGENVALUE_TOLERANCE: f64 = 1e-10;

/// A matrix whose transpose differs from it by more than this fraction of
/// its largest entry is not a Hessian.
const SYMMETRY_TOLERANCE: f64 = 1e-6;

/// A Hessian entry whose extrapolated estimates disagree by more than this
/// fraction of its value (and by far more than rounding explains) has not
/// settled.
const SETTLE_TOLERANCE: f64 = 1e-4;

/// Why a derivative could not be computed or a Hessian not classified.
///
/// Every message says what was wrong and what to do about it.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{MultivariateError, try_gradient};
/// use nalgebra::dvector;
///
/// // ln(x y) is not defined at a point with x y < 0.
/// let f = |v: &nalgebra::DVector<f64>| (v[0] * v[1]).ln();
/// let err = try_gradient(f, &dvector![1.0, -2.0]).unwrap_err();
/// assert!(matches!(err, MultivariateError::NonFiniteValue { .. }));
/// assert!(err.to_string().contains("returned NaN at the point"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum MultivariateError {
    /// The point has no coordinates.
    EmptyPoint,
    /// A coordinate index past the end of the point.
    IndexOutOfRange {
        /// The index asked for.
        index: usize,
        /// The number of coordinates of the point.
        len: usize,
    },
    /// A coordinate of the point is NaN, infinite, or beyond $10^{300}$ in
    /// size.
    NonFinitePoint {
        /// Which coordinate.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// The function returned NaN or an infinity at or near the point.
    NonFiniteValue {
        /// What it returned.
        value: f64,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// Where it was evaluated: `None` at the point itself, otherwise a
        /// nearby point a step away.
        near: Option<DVector<f64>>,
    },
    /// A vector function returned outputs of different lengths at different
    /// points.
    OutputLengthChanged {
        /// The number of outputs at the point itself.
        expected: usize,
        /// The number of outputs at a nearby point.
        found: usize,
    },
    /// The slopes from the two sides along a coordinate disagree however
    /// small the step: a corner or a jump, and no partial derivative.
    NotDifferentiable {
        /// The coordinate moved.
        coordinate: usize,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// Rise over run from the left, at the smallest step tried.
        left: f64,
        /// Rise over run from the right, at the smallest step tried.
        right: f64,
    },
    /// The second differences for a Hessian entry did not settle on a value
    /// as the step shrank: the function is probably not twice
    /// differentiable at the point.
    Unsettled {
        /// The row of the entry.
        row: usize,
        /// The column of the entry.
        col: usize,
        /// The best estimate found.
        value: f64,
        /// How much the extrapolated estimates disagreed.
        error: f64,
    },
    /// A matrix given as a Hessian has no entries.
    EmptyMatrix,
    /// A matrix given as a Hessian is not square.
    NotSquare {
        /// Its number of rows.
        rows: usize,
        /// Its number of columns.
        cols: usize,
    },
    /// A matrix given as a Hessian has a NaN or infinite entry.
    NonFiniteEntry {
        /// The row of the entry.
        row: usize,
        /// The column of the entry.
        col: usize,
        /// The entry.
        value: f64,
    },
    /// A matrix given as a Hessian is not symmetric: entries $(i, j)$ and
    /// $(j, i)$ differ by more than $10^{-6}$ of its largest entry.
    NotSymmetric {
        /// The row of the entry below the diagonal.
        row: usize,
        /// The column of the entry below the diagonal.
        col: usize,
        /// The entry at (`row`, `col`).
        lower: f64,
        /// The entry at (`col`, `row`).
        upper: f64,
    },
}

impl fmt::Display for MultivariateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultivariateError::EmptyPoint => write!(
                f,
                "the point has no coordinates; pass a vector with one entry per input variable"
            ),
            MultivariateError::IndexOutOfRange { index, len } => write!(
                f,
                "coordinate index {index} is out of range for a point with {len} coordinates; \
                 indices run from 0 to {}",
                len.saturating_sub(1)
            ),
            MultivariateError::NonFinitePoint { index, value } => write!(
                f,
                "coordinate x[{index}] of the point is {value}; every coordinate must be a \
                 finite number no larger than 1e300 in size"
            ),
            MultivariateError::NonFiniteValue {
                value,
                output,
                near,
            } => {
                write!(f, "the function returned {value}")?;
                if let Some(k) = output {
                    write!(f, " in output {k}")?;
                }
                match near {
                    None => write!(
                        f,
                        " at the point; derivatives exist only where the function is defined \
                         and finite"
                    ),
                    Some(y) => {
                        let coords: Vec<String> = y.iter().map(|v| v.to_string()).collect();
                        write!(
                            f,
                            " at ({}), a step away from the point; check that the function is \
                             defined on every side of the point",
                            coords.join(", ")
                        )
                    }
                }
            }
            MultivariateError::OutputLengthChanged { expected, found } => write!(
                f,
                "the function returned {expected} outputs at the point but {found} at a nearby \
                 point; a vector function must return the same number of outputs everywhere"
            ),
            MultivariateError::NotDifferentiable {
                coordinate,
                output,
                left,
                right,
            } => {
                write!(f, "no partial derivative along x[{coordinate}]")?;
                if let Some(k) = output {
                    write!(f, " of output {k}")?;
                }
                write!(
                    f,
                    ": the slope from the left ({left}) and from the right ({right}) disagree \
                     however small the step, so the function has a corner or a jump there; \
                     ask at a nearby point"
                )
            }
            MultivariateError::Unsettled {
                row,
                col,
                value,
                error,
            } => write!(
                f,
                "the second derivative at ({row}, {col}) did not settle: the estimates near \
                 {value:.6e} disagree by {error:.6e} as the step shrinks, so the function is \
                 probably not twice differentiable at the point (a corner or a jump in its \
                 slope), or it varies on a scale much finer than its coordinates (as sin(x) \
                 does at x = 1e7); ask at a nearby point, or shift the variables nearer 0"
            ),
            MultivariateError::EmptyMatrix => write!(
                f,
                "the Hessian has no entries; pass the n by n matrix of second derivatives"
            ),
            MultivariateError::NotSquare { rows, cols } => write!(
                f,
                "the Hessian is {rows} by {cols}; a Hessian is square, one row and one column \
                 per variable"
            ),
            MultivariateError::NonFiniteEntry { row, col, value } => write!(
                f,
                "entry ({row}, {col}) of the Hessian is {value}; every entry must be finite"
            ),
            MultivariateError::NotSymmetric {
                row,
                col,
                lower,
                upper,
            } => write!(
                f,
                "the Hessian is not symmetric: entry ({row}, {col}) is {lower} but entry \
                 ({col}, {row}) is {upper}; second derivatives of a smooth function do not \
                 depend on the order, so check how the matrix was built, or average it with \
                 its transpose"
            ),
        }
    }
}

impl std::error::Error for MultivariateError {}

/// Fails unless `x` is non-empty with finite coordinates no larger than
/// $10^{300}$.
fn check_point(x: &DVector<f64>) -> Result<(), MultivariateError> {
    if x.is_empty() {
        return Err(MultivariateError::EmptyPoint);
    }
    match x
        .iter()
        .position(|v| !v.is_finite() || v.abs() > MAX_COORDINATE)
    {
        Some(index) => Err(MultivariateError::NonFinitePoint {
            index,
            value: x[index],
        }),
        None => Ok(()),
    }
}

/// Fails unless `i` indexes a coordinate of `x`.
fn check_index(x: &DVector<f64>, i: usize) -> Result<(), MultivariateError> {
    if i < x.len() {
        Ok(())
    } else {
        Err(MultivariateError::IndexOutOfRange {
            index: i,
            len: x.len(),
        })
    }
}

/// Fails unless `value`, computed at the point itself, is finite.
fn check_value(value: f64, output: Option<usize>) -> Result<f64, MultivariateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MultivariateError::NonFiniteValue {
            value,
            output,
            near: None,
        })
    }
}

/// The point `x` with coordinate `i` moved to `t`.
fn with_coordinate(x: &DVector<f64>, i: usize, t: f64) -> DVector<f64> {
    let mut y = x.clone();
    y[i] = t;
    y
}

/// A one-variable failure along coordinate `i`, in terms of the point.
fn along_error(
    e: DerivativeError,
    x: &DVector<f64>,
    i: usize,
    output: Option<usize>,
) -> MultivariateError {
    match e {
        DerivativeError::NonFinitePoint(value) => {
            MultivariateError::NonFinitePoint { index: i, value }
        }
        DerivativeError::NonFiniteValue { at, value } => MultivariateError::NonFiniteValue {
            value,
            output,
            near: (at != x[i]).then(|| with_coordinate(x, i, at)),
        },
        DerivativeError::NotDifferentiable { left, right, .. } => {
            MultivariateError::NotDifferentiable {
                coordinate: i,
                output,
                left,
                right,
            }
        }
    }
}

/// The partial derivative along coordinate `i`, without checking the point.
fn partial_along(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    output: Option<usize>,
) -> Result<f64, MultivariateError> {
    let along = |t: f64| f(&with_coordinate(x, i, t));
    derivative_with_error(along, x[i])
        .map(|estimate| estimate.value)
        .map_err(|e| along_error(e, x, i, output))
}

/// The partial derivative $\pdiff{f}{x_i}$ at `x`: the ordinary derivative
/// of $f$ along coordinate $i$ with every other coordinate held constant,
/// $$\pdiff{f}{x_i}(\vb{x}) = \diff{}{t} f(x_1, \dots, x_{i-1}, t, x_{i+1}, \dots, x_n) \Big\vert_{t = x_i}.$$
///
/// It is [`derivative_with_error`] applied to $t \mapsto f(\vb{x} + (t - x_i) \vb{e_i})$,
/// so it is accurate to about $10^{-10}$ relative on smooth functions, and
/// costs a few dozen evaluations of $f$ (about 40 for a typical smooth one).
///
/// Returns NaN when the derivative cannot be estimated: when `i` is out of
/// range (it never panics), `x` has a NaN or infinite coordinate, $f$ is not
/// finite at or near `x`, or $f$ has a corner along coordinate $i$. Use
/// [`try_partial`] to learn which.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::partial;
/// use nalgebra::dvector;
///
/// // f(x, y) = x^2 y: the partial along y treats x as a constant, giving x^2.
/// let f = |v: &nalgebra::DVector<f64>| v[0] * v[0] * v[1];
/// let x = dvector![3.0, 5.0];
/// assert_relative_eq!(partial(f, &x, 0), 2.0 * 3.0 * 5.0, max_relative = 1e-10);
/// assert_relative_eq!(partial(f, &x, 1), 9.0, max_relative = 1e-10);
/// assert!(partial(f, &x, 2).is_nan());
/// ```
pub fn partial(f: impl Fn(&DVector<f64>) -> f64, x: &DVector<f64>, i: usize) -> f64 {
    try_partial(f, x, i).unwrap_or(f64::NAN)
}

/// The partial derivative $\pdiff{f}{x_i}$ at `x` as in [`partial`], or why
/// it cannot be estimated.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::IndexOutOfRange`] if $i \ge n$,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or on every step tried near it, and
/// [`MultivariateError::NotDifferentiable`] if $f$ has a corner or a jump
/// along coordinate $i$.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{MultivariateError, try_partial};
/// use nalgebra::dvector;
///
/// // f(x, y) = |x| + y^2 has a corner along x at x = 0, but not along y.
/// let f = |v: &nalgebra::DVector<f64>| v[0].abs() + v[1] * v[1];
/// let x = dvector![0.0, 1.5];
/// assert_relative_eq!(try_partial(f, &x, 1)?, 3.0, max_relative = 1e-10);
/// assert!(matches!(
///     try_partial(f, &x, 0),
///     Err(MultivariateError::NotDifferentiable { coordinate: 0, .. })
/// ));
/// # Ok::<(), MultivariateError>(())
/// ```
// ANCHOR: partial
pub fn try_partial(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
) -> Result<f64, MultivariateError> {
    check_point(x)?;
    check_index(x, i)?;
    // Move coordinate i alone: a function of one variable t.
    let along = |t: f64| f(&with_coordinate(x, i, t));
    derivative_with_error(along, x[i])
        .map(|estimate| estimate.value)
        .map_err(|e| along_error(e, x, i, None))
}
// ANCHOR_END: partial

/// The gradient $\grad f$ at `x`: the vector of partial derivatives,
/// $$\grad f(\vb{x}) = \left(\pdiff{f}{x_1}, \pdiff{f}{x_2}, \dots, \pdiff{f}{x_n}\right),$$
/// each estimated by [`partial`], to about $10^{-10}$ of the largest
/// entry on smooth functions. It costs a few dozen evaluations of $f$ per
/// coordinate; [`central_gradient`] costs exactly $2n$ but is far less
/// accurate.
///
/// An entry that cannot be estimated is NaN (see [`partial`]); an empty `x`
/// gives an empty gradient. Use [`try_gradient`] to learn what went wrong.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::gradient;
/// use nalgebra::dvector;
///
/// // f(x, y, z) = x^2 y + sin(y z), so
/// // grad f = (2 x y, x^2 + z cos(y z), y cos(y z)).
/// let f = |v: &nalgebra::DVector<f64>| v[0] * v[0] * v[1] + (v[1] * v[2]).sin();
/// let (x, y, z) = (1.0_f64, 2.0_f64, 3.0_f64);
/// let g = gradient(f, &dvector![x, y, z]);
/// let expected = dvector![2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos()];
/// assert_relative_eq!(g, expected, max_relative = 1e-9);
/// ```
// ANCHOR: gradient
pub fn gradient(f: impl Fn(&DVector<f64>) -> f64, x: &DVector<f64>) -> DVector<f64> {
    // Entry i is the slope along coordinate i.
    DVector::from_fn(x.len(), |i, _| partial(&f, x, i))
}
// ANCHOR_END: gradient

/// The gradient $\grad f$ at `x` as in [`gradient`], or why it cannot be
/// estimated.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or near it, and [`MultivariateError::NotDifferentiable`] if $f$ has a
/// corner or a jump along some coordinate. The first failing coordinate is
/// reported.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{MultivariateError, try_gradient};
/// use nalgebra::{DVector, dvector};
///
/// // Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2.
/// let f = |v: &DVector<f64>| (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2);
/// let (x, y) = (-0.5, 2.0);
/// let g = try_gradient(f, &dvector![x, y])?;
/// let expected = dvector![-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)];
/// assert_relative_eq!(g, expected, max_relative = 1e-9);
///
/// assert_eq!(try_gradient(f, &DVector::zeros(0)), Err(MultivariateError::EmptyPoint));
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_gradient(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> Result<DVector<f64>, MultivariateError> {
    check_point(x)?;
    check_value(f(x), None)?;
    let entries = (0..x.len())
        .map(|i| partial_along(&f, x, i, None))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DVector::from_vec(entries))
}

/// The gradient by central differences with one fixed step $h$, at a cost of
/// exactly $2n$ evaluations of $f$:
/// $$\pdiff{f}{x_i}(\vb{x}) \approx \frac{f(\vb{x} + h \vb{e_i}) - f(\vb{x} - h \vb{e_i})}{2h}.$$
///
/// The error is about $\frac{h^2}{6}$ times a third derivative, plus
/// rounding of about $\varepsilon \abs{f} / h$; a step near
/// $10^{-5} \max(\abs{x_i}, 1)$ balances the two. This is the estimate whose
/// cost the book compares with dual numbers; [`gradient`] chooses the steps
/// for you and is far more accurate.
///
/// `h = 0` gives NaN entries (zero over zero).
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::central_gradient;
/// use nalgebra::dvector;
///
/// // f(x, y, z) = x y z, with grad f = (y z, x z, x y); count the evaluations.
/// let calls = Cell::new(0);
/// let f = |v: &nalgebra::DVector<f64>| {
///     calls.set(calls.get() + 1);
///     v[0] * v[1] * v[2]
/// };
/// let g = central_gradient(f, &dvector![2.0, 3.0, 4.0], 1e-5);
/// assert_relative_eq!(g, dvector![12.0, 8.0, 6.0], max_relative = 1e-9);
/// assert_eq!(calls.get(), 2 * 3);
/// ```
// ANCHOR: central_gradient
pub fn central_gradient(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    h: f64,
) -> DVector<f64> {
    DVector::from_fn(x.len(), |i, _| {
        let up = f(&with_coordinate(x, i, x[i] + h));
        let down = f(&with_coordinate(x, i, x[i] - h));
        (up - down) / (2.0 * h)
    })
}
// ANCHOR_END: central_gradient

/// The Jacobian $\J$ of a vector function $\vb{f} : \R^n \to \R^m$ at `x`:
/// the $m \times n$ matrix whose row $k$ is the gradient of output $f_k$,
/// $$J_{kj} = \pdiff{f_k}{x_j}(\vb{x}),$$
/// so rows are outputs and columns are inputs. Each entry is estimated by
/// [`partial`], to about $10^{-10}$ relative on smooth functions; every
/// entry costs a few dozen evaluations of $\vb{f}$.
///
/// The number of rows is the number of outputs at `x`. An entry that cannot
/// be estimated is NaN. A different number of outputs near `x` counts as a
/// NaN value there, so steps that meet one are retried smaller, as at the
/// edge of a domain; [`try_jacobian`] instead reports any change it meets,
/// and says what went wrong.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::jacobian;
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // Polar coordinates (r, θ) to (x, y) = (r cos θ, r sin θ).
/// let polar = |v: &DVector<f64>| dvector![v[0] * v[1].cos(), v[0] * v[1].sin()];
/// let (r, theta) = (2.0_f64, 0.6_f64);
/// let j = jacobian(polar, &dvector![r, theta]);
/// let expected = dmatrix![theta.cos(), -r * theta.sin(); theta.sin(), r * theta.cos()];
/// assert_relative_eq!(j, expected, max_relative = 1e-9);
/// // Areas stretch by the determinant, which is r.
/// assert_relative_eq!(j.determinant(), r, max_relative = 1e-9);
/// ```
// ANCHOR: jacobian
pub fn jacobian(f: impl Fn(&DVector<f64>) -> DVector<f64>, x: &DVector<f64>) -> DMatrix<f64> {
    let outputs = f(x).len();
    // Entry (k, j) is the slope of output k along coordinate j.
    DMatrix::from_fn(outputs, x.len(), |k, j| {
        let output_k = |y: &DVector<f64>| {
            let v = f(y);
            // A different number of outputs counts as no value at all.
            if v.len() == outputs { v[k] } else { f64::NAN }
        };
        partial(output_k, x, j)
    })
}
// ANCHOR_END: jacobian

/// The Jacobian $\J$ at `x` as in [`jacobian`], or why it cannot be
/// estimated.
///
/// A function with no outputs has a $0 \times n$ Jacobian.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if an output is NaN or infinite
/// at `x` or near it,
/// [`MultivariateError::OutputLengthChanged`] if $\vb{f}$ returns a
/// different number of outputs near `x` than at `x`, and
/// [`MultivariateError::NotDifferentiable`] if an output has a corner or a
/// jump along some coordinate.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{MultivariateError, try_jacobian};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // f(x, y) = (x y, x + y^2) has Jacobian [[y, x], [1, 2y]].
/// let f = |v: &DVector<f64>| dvector![v[0] * v[1], v[0] + v[1] * v[1]];
/// let j = try_jacobian(f, &dvector![3.0, -1.0])?;
/// assert_relative_eq!(j, dmatrix![-1.0, 3.0; 1.0, -2.0], max_relative = 1e-9);
///
/// // One output too many away from the point.
/// let g = |v: &DVector<f64>| if v[0] == 0.0 { dvector![v[0]] } else { dvector![v[0], 1.0] };
/// assert_eq!(
///     try_jacobian(g, &dvector![0.0]),
///     Err(MultivariateError::OutputLengthChanged { expected: 1, found: 2 })
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_jacobian(
    f: impl Fn(&DVector<f64>) -> DVector<f64>,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, MultivariateError> {
    check_point(x)?;
    let at_x = f(x);
    for (k, &value) in at_x.iter().enumerate() {
        check_value(value, Some(k))?;
    }
    let (m, n) = (at_x.len(), x.len());
    let mut j = DMatrix::zeros(m, n);
    for k in 0..m {
        for i in 0..n {
            // The length of the last output vector that did not have m entries.
            let changed = std::cell::Cell::new(None);
            let output_k = |y: &DVector<f64>| {
                let v = f(y);
                if v.len() != m {
                    changed.set(Some(v.len()));
                }
                v.get(k).copied().unwrap_or(f64::NAN)
            };
            let estimate = partial_along(output_k, x, i, Some(k));
            if let Some(found) = changed.get() {
                return Err(MultivariateError::OutputLengthChanged { expected: m, found });
            }
            j[(k, i)] = estimate?;
        }
    }
    Ok(j)
}

/// The second difference of $f$ at `x` along coordinates $i$ and $j$ with
/// step $h$, an estimate of the second partial derivative
/// $\frac{\partial^2 f}{\partial x_i \partial x_j}$:
/// $$\frac{f(\vb{x} + h \vb{e_i}) - 2 f(\vb{x}) + f(\vb{x} - h \vb{e_i})}{h^2}$$
/// on the diagonal ($i = j$), and off it
/// $$\frac{f(\vb{x} + h \vb{e_i} + h \vb{e_j}) - f(\vb{x} + h \vb{e_i} - h \vb{e_j}) - f(\vb{x} - h \vb{e_i} + h \vb{e_j}) + f(\vb{x} - h \vb{e_i} - h \vb{e_j})}{4 h^2}.$$
///
/// Both are central differences of central differences, with truncation
/// error of order $h^2$ and rounding error of order
/// $\varepsilon \abs{f} / h^2$, so a step near
/// $\varepsilon^{1/4} \max(\abs{x_i}, 1) \approx 10^{-4} \max(\abs{x_i}, 1)$
/// balances them at about $10^{-8}$ relative. [`hessian`] chooses the
/// steps for you and extrapolates.
///
/// Returns NaN if $i$ or $j$ is out of range, or $h = 0$.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::second_difference;
/// use nalgebra::dvector;
///
/// // f(x, y) = x^3 y: f_xx = 6 x y and f_xy = 3 x^2.
/// let f = |v: &nalgebra::DVector<f64>| v[0].powi(3) * v[1];
/// let x = dvector![2.0, 5.0];
/// assert_relative_eq!(second_difference(f, &x, 0, 0, 1e-4), 60.0, max_relative = 1e-6);
/// assert_relative_eq!(second_difference(f, &x, 0, 1, 1e-4), 12.0, max_relative = 1e-6);
/// ```
// ANCHOR: second_difference
pub fn second_difference(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
    h: f64,
) -> f64 {
    if i >= x.len() || j >= x.len() {
        return f64::NAN;
    }
    // f at x moved by di along coordinate i and dj along coordinate j.
    let at = |di: f64, dj: f64| {
        let mut y = x.clone();
        y[i] += di;
        y[j] += dj;
        f(&y)
    };
    if i == j {
        (at(h, 0.0) - 2.0 * f(x) + at(-h, 0.0)) / (h * h)
    } else {
        (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h)
    }
}
// ANCHOR_END: second_difference

/// The second difference with steps `hi` along $i$ and `hj` along $j$ (the
/// same when $i = j$), as in [`second_difference`], with the size of the
/// values that went into it (the largest value, plus the rounding of the
/// arguments carried through the slopes) and the first value that was not
/// finite, with where it was met.
fn second_difference_steps(
    f: &impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
    hi: f64,
    hj: f64,
) -> (f64, f64, Option<(f64, DVector<f64>)>) {
    let mut bad = None;
    let mut at = |di: f64, dj: f64| {
        let mut y = x.clone();
        y[i] += di;
        if i != j {
            y[j] += dj;
        }
        let v = f(&y);
        if !v.is_finite() && bad.is_none() {
            bad = Some((v, y));
        }
        v
    };
    let (d, slope_i, slope_j, values) = if i == j {
        let (up, mid, down) = (at(hi, 0.0), at(0.0, 0.0), at(-hi, 0.0));
        let d = (up - 2.0 * mid + down) / (hi * hi);
        (d, (up - down) / (2.0 * hi), 0.0, [up, mid, down, 0.0])
    } else {
        let (pp, pm) = (at(hi, hj), at(hi, -hj));
        let (mp, mm) = (at(-hi, hj), at(-hi, -hj));
        let d = (pp - pm - mp + mm) / (4.0 * hi * hj);
        let slope_i = (pp + pm - mp - mm) / (4.0 * hi);
        let slope_j = (pp - pm + mp - mm) / (4.0 * hj);
        (d, slope_i, slope_j, [pp, pm, mp, mm])
    };
    let largest = values.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    let size = largest + x[i].abs() * slope_i.abs() + x[j].abs() * slope_j.abs();
    (d, size, bad)
}

/// A second partial derivative with the disagreement of its extrapolated
/// estimates and the rounding error expected at the chosen step.
#[derive(Debug, Clone, Copy)]
struct SecondEstimate {
    value: f64,
    error: f64,
    rounding: f64,
    size: f64,
}

/// The second partial derivative $H_{ij}$ by second differences at halving
/// steps, extrapolated twice (Richardson) as in [`derivative_with_error`],
/// keeping the estimate where three successive extrapolated values agree
/// best. Assumes a checked point and indices.
fn second_partial_estimate(
    f: &impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
) -> Result<SecondEstimate, MultivariateError> {
    check_value(f(x), None)?;
    let (scale_i, scale_j) = (x[i].abs().max(1.0), x[j].abs().max(1.0));
    let mut best: Option<SecondEstimate> = None;
    let mut extrapolation = Extrapolation::default();
    let mut failure = None;
    // Steps from 0.1 down to about 1e-12 of the scale of each coordinate;
    // rounding stops a smooth function long before the end.
    for level in 0..37 {
        let t = 0.1 * 0.5_f64.powi(level);
        // Round the steps so that x + h is exact and the run is exactly h.
        let hi = (x[i] + t * scale_i) - x[i];
        let hj = (x[j] + t * scale_j) - x[j];
        let (d, size, bad) = second_difference_steps(f, x, i, j, hi, hj);
        if let Some((value, y)) = bad {
            // A step that reaches outside the domain of f: start the
            // extrapolation again from a smaller step.
            failure = Some(MultivariateError::NonFiniteValue {
                value,
                output: None,
                near: Some(y),
            });
            extrapolation = Extrapolation::default();
            continue;
        }
        let rounding = 8.0 * f64::EPSILON * size / (hi * hj);
        if let Some((value, error)) = extrapolation.push(d, rounding)
            && replaces(best.map(|b| (b.value, b.error)), value, error)
        {
            best = Some(SecondEstimate {
                value,
                error,
                rounding,
                size,
            });
        }
        // Rounding only grows from here, and no later estimate can do better;
        // unless the values themselves have grown, as when a coarse step
        // reaches towards a singularity, which smaller steps leave behind.
        if best.is_some_and(|b| rounding > 100.0 * b.error && size <= 4.0 * b.size) {
            break;
        }
    }
    let unsettled = |value: f64, error: f64| MultivariateError::Unsettled {
        row: i,
        col: j,
        value,
        error,
    };
    match best {
        None => Err(failure.unwrap_or(unsettled(f64::NAN, f64::INFINITY))),
        Some(b) if b.error > SETTLE_TOLERANCE * b.value.abs() && b.error > 100.0 * b.rounding => {
            Err(unsettled(b.value, b.error))
        }
        Some(b) => Ok(b),
    }
}

/// The second partial derivative
/// $\frac{\partial^2 f}{\partial x_i \partial x_j}$ at `x`, by second
/// differences with steps chosen for you.
///
/// It starts from steps $h = 0.1 \max(\abs{x_i}, 1)$ along each coordinate
/// and halves them until rounding error takes over, forming the
/// [`second_difference`] $D_h$ (whose error is even in $h$) and
/// extrapolating twice as [`derivative_with_error`] does,
/// $R_h = (4 D_{h/2} - D_h)/3$ and $S_h = (16 R_{h/2} - R_h)/15$. It keeps
/// the estimate where three successive values of $S$ agree best: accurate
/// to about $10^{-8}$ relative on smooth functions (unless the entry nearly
/// cancels to zero), for a few dozen evaluations of $f$.
///
/// Returns NaN if an index is out of range, `x` has a NaN or infinite
/// coordinate, $f$ is not finite at or near `x`, or the estimates do not
/// settle (a corner in $f$ or in its slope). Use [`try_second_partial`]
/// to learn which.
///
/// The steps scale with $\max(\abs{x_i}, 1)$, which suits functions that vary
/// on the scale of their coordinates. One that oscillates much faster far
/// from the origin, such as $\sin x$ at $x = 10^7$, cannot be resolved (the
/// steps at which rounding is small enough are far too coarse), and
/// [`try_second_partial`] reports it as unsettled.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::second_partial;
/// use nalgebra::dvector;
///
/// // f(x, y) = e^(x y): f_xy = (1 + x y) e^(x y).
/// let f = |v: &nalgebra::DVector<f64>| (v[0] * v[1]).exp();
/// let (x, y) = (0.5_f64, -1.5_f64);
/// let fxy = second_partial(f, &dvector![x, y], 0, 1);
/// assert_relative_eq!(fxy, (1.0 + x * y) * (x * y).exp(), max_relative = 1e-7);
/// ```
pub fn second_partial(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
) -> f64 {
    try_second_partial(f, x, i, j).unwrap_or(f64::NAN)
}

/// The second partial derivative
/// $\frac{\partial^2 f}{\partial x_i \partial x_j}$ at `x` as in
/// [`second_partial`], or why it cannot be estimated.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::IndexOutOfRange`] if $i$ or $j$ is $n$ or more,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or at every step tried near it, and [`MultivariateError::Unsettled`] if
/// the extrapolated estimates disagree by more than $10^{-4}$ of their
/// value and far more than rounding explains: $f$ is probably not twice
/// differentiable there. (A kink that is symmetric about the point, such
/// as that of $x \abs{x}$ at $0$, is invisible to central differences and
/// gives the average of the two sides.)
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{MultivariateError, try_second_partial};
/// use nalgebra::dvector;
///
/// // sin x cos y: f_xx = -sin x cos y.
/// let f = |v: &nalgebra::DVector<f64>| v[0].sin() * v[1].cos();
/// let fxx = try_second_partial(f, &dvector![1.0, 2.0], 0, 0)?;
/// assert_relative_eq!(fxx, -1.0_f64.sin() * 2.0_f64.cos(), max_relative = 1e-7);
///
/// // |x| has no second derivative at 0.
/// let g = |v: &nalgebra::DVector<f64>| v[0].abs();
/// assert!(matches!(
///     try_second_partial(g, &dvector![0.0], 0, 0),
///     Err(MultivariateError::Unsettled { row: 0, col: 0, .. })
/// ));
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_second_partial(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
) -> Result<f64, MultivariateError> {
    check_point(x)?;
    check_index(x, i)?;
    check_index(x, j)?;
    second_partial_estimate(&f, x, i, j).map(|e| e.value)
}

/// The Hessian $\Hess$ of $f$ at `x`: the symmetric $n \times n$ matrix of
/// second partial derivatives,
/// $$H_{ij} = \frac{\partial^2 f}{\partial x_i \partial x_j}(\vb{x}),$$
/// each estimated by [`second_partial`], to about $10^{-8}$ of the largest
/// entry on smooth functions (an entry that nearly cancels to zero is
/// accurate to that size, not to its own), for a few dozen evaluations of
/// $f$ per entry. Only the entries on and below the diagonal are estimated; those
/// above are copies, so the result is exactly symmetric.
///
/// An entry that cannot be estimated is NaN (see [`second_partial`]); an
/// empty `x` gives a $0 \times 0$ matrix. Use [`try_hessian`] to learn what
/// went wrong.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{Stationary, classify_stationary, hessian};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2 has its minimum at (1, 1),
/// // where H = [[2 - 400 y + 1200 x^2, -400 x], [-400 x, 200]] = [[802, -400], [-400, 200]].
/// let f = |v: &DVector<f64>| (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2);
/// let h = hessian(f, &dvector![1.0, 1.0]);
/// assert_relative_eq!(h, dmatrix![802.0, -400.0; -400.0, 200.0], max_relative = 1e-7);
/// assert_eq!(h, h.transpose());
/// assert_eq!(classify_stationary(&h), Stationary::Minimum);
/// ```
// ANCHOR: hessian
pub fn hessian(f: impl Fn(&DVector<f64>) -> f64, x: &DVector<f64>) -> DMatrix<f64> {
    let n = x.len();
    let mut h = DMatrix::zeros(n, n);
    for i in 0..n {
        // The lower triangle only: copying it across the diagonal makes the
        // matrix exactly symmetric, as a Hessian of a smooth function is.
        for j in 0..=i {
            h[(i, j)] = second_partial(&f, x, i, j);
            h[(j, i)] = h[(i, j)];
        }
    }
    h
}
// ANCHOR_END: hessian

/// The Hessian $\Hess$ at `x` as in [`hessian`], or why it cannot be
/// estimated.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or near it, [`MultivariateError::NotDifferentiable`] if $f$ has a corner
/// or a jump along some coordinate (it checks the gradient first, with
/// [`try_gradient`], which adds a few dozen evaluations per coordinate), and
/// [`MultivariateError::Unsettled`] if an entry's estimates do not settle,
/// as for [`try_second_partial`] (a corner in the slope, say).
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{MultivariateError, try_hessian};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // f(x, y) = x^2 y + y^3: H = [[2 y, 2 x], [2 x, 6 y]].
/// let f = |v: &DVector<f64>| v[0] * v[0] * v[1] + v[1].powi(3);
/// let h = try_hessian(f, &dvector![1.0, 2.0])?;
/// assert_relative_eq!(h, dmatrix![4.0, 2.0; 2.0, 12.0], max_relative = 1e-7);
///
/// let nan = dvector![1.0, f64::NAN];
/// assert_eq!(
///     try_hessian(f, &nan).unwrap_err().to_string(),
///     "coordinate x[1] of the point is NaN; every coordinate must be a finite number no \
///      larger than 1e300 in size"
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_hessian(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, MultivariateError> {
    // First derivatives first: a corner or a jump is reported as such.
    try_gradient(&f, x)?;
    let n = x.len();
    let mut h = DMatrix::zeros(n, n);
    for i in 0..n {
        for j in 0..=i {
            h[(i, j)] = second_partial_estimate(&f, x, i, j)?.value;
            h[(j, i)] = h[(i, j)];
        }
    }
    Ok(h)
}

/// The symbolic gradient: the partial derivative of `f` with respect to
/// each variable in `vars`, in that order, simplified,
/// $$\grad f = \left(\pdiff{f}{x_1}, \dots, \pdiff{f}{x_n}\right).$$
///
/// A variable that `f` does not contain has partial derivative $0$.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::symbolic_gradient;
/// use mvcalc::symbolic::Expr;
///
/// let f = Expr::parse("x^2*y + sin(y*z)")?;
/// let g = symbolic_gradient(&f, &["x", "y", "z"]);
/// let text: Vec<String> = g.iter().map(|e| e.to_string()).collect();
/// assert_eq!(text, ["2*x*y", "x^2 + z*cos(y*z)", "y*cos(y*z)"]);
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
pub fn symbolic_gradient(f: &Expr, vars: &[&str]) -> Vec<Expr> {
    vars.iter().map(|v| f.derivative(v)).collect()
}

/// The symbolic Jacobian of the functions `fs`: row $k$ is the
/// [`symbolic_gradient`] of `fs[k]`, so
/// $J_{kj} = \pdiff{f_k}{x_j}$ with rows for outputs and columns for the
/// variables in `vars`.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{eval_matrix, symbolic_jacobian};
/// use mvcalc::symbolic::Expr;
///
/// // Polar coordinates: the Jacobian determinant is r.
/// let fs = [Expr::parse("r*cos(theta)")?, Expr::parse("r*sin(theta)")?];
/// let j = symbolic_jacobian(&fs, &["r", "theta"]);
/// assert_eq!(j[0][1].to_string(), "-r*sin(theta)");
/// let at = eval_matrix(&j, &[("r", 3.0), ("theta", 1.0)])?;
/// assert_relative_eq!(at.determinant(), 3.0, max_relative = 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symbolic_jacobian(fs: &[Expr], vars: &[&str]) -> Vec<Vec<Expr>> {
    fs.iter().map(|f| symbolic_gradient(f, vars)).collect()
}

/// The symbolic Hessian of `f`: the second partial derivatives
/// $H_{ij} = \frac{\partial^2 f}{\partial x_i \partial x_j}$ for the
/// variables in `vars`, simplified.
///
/// The entries on and below the diagonal are derived, by differentiating
/// the gradient; those above are copies, so the matrix is symmetric as
/// written, not just in value.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{eval_matrix, symbolic_hessian};
/// use mvcalc::symbolic::Expr;
/// use nalgebra::dmatrix;
///
/// let f = Expr::parse("x^3*y + y^2")?;
/// let h = symbolic_hessian(&f, &["x", "y"]);
/// assert_eq!(h[0][0].to_string(), "6*x*y");
/// assert_eq!(h[1][0], h[0][1]);
/// // At (1, 2): H = [[6 x y, 3 x^2], [3 x^2, 2]].
/// assert_eq!(eval_matrix(&h, &[("x", 1.0), ("y", 2.0)])?, dmatrix![12.0, 3.0; 3.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symbolic_hessian(f: &Expr, vars: &[&str]) -> Vec<Vec<Expr>> {
    let g = symbolic_gradient(f, vars);
    let n = vars.len();
    let mut h = vec![vec![Expr::Num(0.0); n]; n];
    for i in 0..n {
        for j in 0..=i {
            h[i][j] = g[j].derivative(vars[i]);
            h[j][i] = h[i][j].clone();
        }
    }
    h
}

/// Evaluates each expression of `v` at the point `at`, giving the vector
/// $(v_1(\vb{x}), \dots, v_n(\vb{x}))$.
///
/// # Errors
///
/// The first [`EvalError`] of an entry: a variable that `at` gives no value,
/// or gives more than one.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{eval_vector, symbolic_gradient};
/// use mvcalc::symbolic::Expr;
/// use nalgebra::dvector;
///
/// // grad (x^2 + x y) = (2x + y, x), which is (5, 2) at (2, 1).
/// let g = symbolic_gradient(&Expr::parse("x^2 + x*y")?, &["x", "y"]);
/// assert_eq!(eval_vector(&g, &[("x", 2.0), ("y", 1.0)])?, dvector![5.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn eval_vector(v: &[Expr], at: &[(&str, f64)]) -> Result<DVector<f64>, EvalError> {
    let values = v
        .iter()
        .map(|e| e.eval(at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DVector::from_vec(values))
}

/// Evaluates each entry of the matrix of expressions `m` (a list of rows) at
/// the point `at`, giving the matrix with entries $m_{ij}(\vb{x})$.
///
/// Rows of different lengths are padded with NaN to the longest; no rows
/// give a $0 \times 0$ matrix.
///
/// # Errors
///
/// The first [`EvalError`] of an entry, row by row: a variable that `at`
/// gives no value, or gives more than one.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{eval_matrix, symbolic_hessian};
/// use mvcalc::symbolic::{EvalError, Expr};
/// use nalgebra::dmatrix;
///
/// // The Hessian of x y^2 is [[0, 2y], [2y, 2x]].
/// let h = symbolic_hessian(&Expr::parse("x*y^2")?, &["x", "y"]);
/// assert_eq!(eval_matrix(&h, &[("x", 3.0), ("y", 4.0)])?, dmatrix![0.0, 8.0; 8.0, 6.0]);
/// assert_eq!(
///     eval_matrix(&h, &[("x", 3.0)]),
///     Err(EvalError::MissingVariable { name: "y".into() })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn eval_matrix(m: &[Vec<Expr>], at: &[(&str, f64)]) -> Result<DMatrix<f64>, EvalError> {
    let cols = m.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = DMatrix::from_element(m.len(), cols, f64::NAN);
    for (i, row) in m.iter().enumerate() {
        for (j, e) in row.iter().enumerate() {
            out[(i, j)] = e.eval(at)?;
        }
    }
    Ok(out)
}

/// The inputs for one forward pass: $x_k + \varepsilon$ for the variable
/// `seed`, and the constant $x_k$ for every other.
fn seeded(x: &DVector<f64>, seed: usize) -> Vec<Dual> {
    x.iter()
        .enumerate()
        .map(|(k, &xk)| {
            if k == seed {
                Dual::variable(xk)
            } else {
                Dual::constant(xk)
            }
        })
        .collect()
}

/// The gradient $\grad f$ at `x` by forward-mode dual numbers: exact up to
/// rounding, one evaluation of $f$ per variable.
///
/// Pass $i$ evaluates $f$ with $x_i$ seeded as $x_i + \varepsilon$ and every
/// other input a constant, so by
/// $f(\vb{x} + \varepsilon \vb{e_i}) = f(\vb{x}) + \pdiff{f}{x_i} \varepsilon$
/// its derivative part is the partial derivative $\pdiff{f}{x_i}$.
///
/// Outside the domain of $f$ the entries are NaN or infinite, as the dual
/// arithmetic gives (see [`crate::dual`]); an empty `x` gives an empty
/// gradient.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::dual::Dual;
/// use mvcalc::multivariate::dual_gradient;
/// use nalgebra::dvector;
///
/// // f(x, y, z) = x^2 y + sin(y z).
/// let f = |v: &[Dual]| v[0] * v[0] * v[1] + (v[1] * v[2]).sin();
/// let (x, y, z) = (1.0_f64, 2.0_f64, 3.0_f64);
/// let g = dual_gradient(f, &dvector![x, y, z]);
/// let expected = dvector![2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos()];
/// assert_relative_eq!(g, expected, max_relative = 1e-15);
/// ```
// ANCHOR: dual_gradient
pub fn dual_gradient(f: impl Fn(&[Dual]) -> Dual, x: &DVector<f64>) -> DVector<f64> {
    DVector::from_fn(x.len(), |i, _| {
        // Seed x_i with derivative part 1, every other input with 0.
        let inputs: Vec<Dual> = x
            .iter()
            .enumerate()
            .map(|(k, &xk)| {
                if k == i {
                    Dual::variable(xk)
                } else {
                    Dual::constant(xk)
                }
            })
            .collect();
        f(&inputs).derivative()
    })
}
// ANCHOR_END: dual_gradient

/// The Jacobian $\J$ of a vector function at `x` by forward-mode dual
/// numbers: one pass per input variable, each giving a column,
/// $$\vb{f}(\vb{x} + \varepsilon \vb{e_j}) = \vb{f}(\vb{x}) + \pdiff{\vb{f}}{x_j} \varepsilon.$$
///
/// Exact up to rounding. The number of rows is the number of outputs of the
/// first pass (for an empty `x`, of one evaluation at no inputs); an entry
/// missing because a later pass returned fewer outputs is NaN, and extra
/// outputs are ignored.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::dual::Dual;
/// use mvcalc::multivariate::dual_jacobian;
/// use nalgebra::{dmatrix, dvector};
///
/// // Polar coordinates: J = [[cos θ, -r sin θ], [sin θ, r cos θ]].
/// let polar = |v: &[Dual]| vec![v[0] * v[1].cos(), v[0] * v[1].sin()];
/// let (r, t) = (2.0_f64, 0.6_f64);
/// let j = dual_jacobian(polar, &dvector![r, t]);
/// let expected = dmatrix![t.cos(), -r * t.sin(); t.sin(), r * t.cos()];
/// assert_relative_eq!(j, expected, max_relative = 1e-15);
/// ```
pub fn dual_jacobian(f: impl Fn(&[Dual]) -> Vec<Dual>, x: &DVector<f64>) -> DMatrix<f64> {
    let columns: Vec<Vec<Dual>> = (0..x.len()).map(|j| f(&seeded(x, j))).collect();
    let rows = match columns.first() {
        Some(c) => c.len(),
        None => f(&[]).len(),
    };
    DMatrix::from_fn(rows, x.len(), |k, j| {
        columns[j].get(k).map_or(f64::NAN, |d| d.derivative())
    })
}

/// What the Hessian says about a stationary point, where $\grad f = \vb{0}$.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::Stationary;
///
/// assert_eq!(
///     Stationary::Saddle.to_string(),
///     "a saddle point: the function curves up in some directions and down in others"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stationary {
    /// A local minimum: every eigenvalue of $\Hess$ is positive, so
    /// $\vb{v}\T \Hess \vb{v} > 0$ for every direction $\vb{v}$.
    Minimum,
    /// A local maximum: every eigenvalue of $\Hess$ is negative.
    Maximum,
    /// A saddle point: $\Hess$ has eigenvalues of both signs.
    Saddle,
    /// The second-derivative test cannot tell: an eigenvalue is zero and
    /// the others share one sign, or the matrix is not a Hessian. Higher
    /// derivatives decide.
    Inconclusive,
}

impl fmt::Display for Stationary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stationary::Minimum => "a minimum: the function curves up in every direction",
            Stationary::Maximum => "a maximum: the function curves down in every direction",
            Stationary::Saddle => {
                "a saddle point: the function curves up in some directions and down in others"
            }
            Stationary::Inconclusive => {
                "inconclusive: the second derivatives cannot tell, so look at higher derivatives"
            }
        })
    }
}

/// The classic two-variable test: with $\det \Hess = h_{11} h_{22} - h_{12} h_{21}$,
/// a minimum if $\det \Hess > 0$ and $h_{11} > 0$, a maximum if
/// $\det \Hess > 0$ and $h_{11} < 0$, a saddle if $\det \Hess < 0$, and
/// inconclusive if $\det \Hess = 0$ (or an entry is NaN).
///
/// The determinant is the product of the two eigenvalues, so a positive one
/// means they share a sign, which $h_{11}$ reveals; a negative one means
/// opposite signs. Exactly zero is needed for inconclusive: a determinant
/// that is zero in exact arithmetic may come out a tiny positive or
/// negative number, where [`classify_by_eigenvalues`] allows a tolerance.
/// It assumes $\Hess$ is symmetric, as a Hessian of a smooth function is.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_by_determinant};
/// use nalgebra::Matrix2;
///
/// // f = x^2 - y^2 has H = [[2, 0], [0, -2]] at the origin: det = -4 < 0.
/// let h = Matrix2::new(2.0, 0.0, 0.0, -2.0);
/// assert_eq!(classify_by_determinant(&h), Stationary::Saddle);
/// // Rosenbrock at (1, 1): det = 802 * 200 - 400^2 = 400 > 0 and h11 > 0.
/// let h = Matrix2::new(802.0, -400.0, -400.0, 200.0);
/// assert_eq!(classify_by_determinant(&h), Stationary::Minimum);
/// ```
// ANCHOR: classify_by_determinant
pub fn classify_by_determinant(h: &Matrix2<f64>) -> Stationary {
    let det = h[(0, 0)] * h[(1, 1)] - h[(0, 1)] * h[(1, 0)];
    if det > 0.0 && h[(0, 0)] > 0.0 {
        Stationary::Minimum
    } else if det > 0.0 && h[(0, 0)] < 0.0 {
        Stationary::Maximum
    } else if det < 0.0 {
        Stationary::Saddle
    } else {
        Stationary::Inconclusive
    }
}
// ANCHOR_END: classify_by_determinant

/// The symmetric part of `h` divided by its largest entry (so that the
/// eigenvalues, which keep their signs, cannot overflow), or why `h` is not
/// a Hessian.
fn normalised_hessian(h: &DMatrix<f64>) -> Result<DMatrix<f64>, MultivariateError> {
    let (rows, cols) = h.shape();
    if rows == 0 || cols == 0 {
        return Err(MultivariateError::EmptyMatrix);
    }
    if rows != cols {
        return Err(MultivariateError::NotSquare { rows, cols });
    }
    if let Some(k) = h.iter().position(|v| !v.is_finite()) {
        // Column-major storage.
        let (row, col) = (k % rows, k / rows);
        return Err(MultivariateError::NonFiniteEntry {
            row,
            col,
            value: h[(row, col)],
        });
    }
    let largest = h.amax();
    if largest == 0.0 {
        return Ok(h.clone());
    }
    let scaled = h / largest;
    for col in 0..cols {
        for row in col + 1..rows {
            let (lower, upper) = (scaled[(row, col)], scaled[(col, row)]);
            if (lower - upper).abs() > SYMMETRY_TOLERANCE {
                return Err(MultivariateError::NotSymmetric {
                    row,
                    col,
                    lower: h[(row, col)],
                    upper: h[(col, row)],
                });
            }
        }
    }
    Ok((&scaled + scaled.transpose()) / 2.0)
}

/// The second-derivative test in any dimension, by the signs of the
/// eigenvalues $\lambda_1, \dots, \lambda_n$ of the symmetric matrix $\Hess$:
/// a minimum if all are positive, a maximum if all are negative, a saddle if
/// some are positive and some negative, and inconclusive otherwise, that is
/// when one is zero and the rest share a sign.
///
/// An eigenvalue counts as zero when
/// $\abs{\lambda_i} \le 10^{-10} \max_k \abs{\lambda_k}$. A zero eigenvalue
/// does not hide a saddle: directions that curve up and down both exist.
/// Input that is not a Hessian (empty, not square, with a NaN or infinite
/// entry, or not symmetric to within $10^{-6}$ of its largest entry) is
/// inconclusive; [`try_classify_stationary`] says what was wrong.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_by_eigenvalues};
/// use nalgebra::dmatrix;
///
/// // f = x^2 + y^2 - z^2 + x y: eigenvalues 3, 1 and -2.
/// let h = dmatrix![2.0, 1.0, 0.0; 1.0, 2.0, 0.0; 0.0, 0.0, -2.0];
/// assert_eq!(classify_by_eigenvalues(&h), Stationary::Saddle);
/// // f = x^2 + y^4: eigenvalues 2 and 0, and a minimum the test cannot see.
/// let h = dmatrix![2.0, 0.0; 0.0, 0.0];
/// assert_eq!(classify_by_eigenvalues(&h), Stationary::Inconclusive);
/// ```
// ANCHOR: classify_by_eigenvalues
pub fn classify_by_eigenvalues(h: &DMatrix<f64>) -> Stationary {
    // Empty, not square, not finite or not symmetric: not a Hessian.
    let Ok(h) = normalised_hessian(h) else {
        return Stationary::Inconclusive;
    };
    // The QR iteration converges in a few sweeps; the cap on the number of
    // iterations only guarantees an answer.
    let n = h.nrows();
    let Some(eigen) = SymmetricEigen::try_new(h, f64::EPSILON, 1000 * n) else {
        return Stationary::Inconclusive;
    };
    let lambda = eigen.eigenvalues;
    let tolerance = EIGENVALUE_TOLERANCE * lambda.amax();
    let up = lambda.iter().any(|&l| l > tolerance);
    let down = lambda.iter().any(|&l| l < -tolerance);
    let flat = lambda.iter().any(|&l| l.abs() <= tolerance);
    match (up, down, flat) {
        (true, true, _) => Stationary::Saddle,
        (true, false, false) => Stationary::Minimum,
        (false, true, false) => Stationary::Maximum,
        _ => Stationary::Inconclusive,
    }
}
// ANCHOR_END: classify_by_eigenvalues

/// Classifies a stationary point from its Hessian $\Hess$ by
/// [`classify_by_eigenvalues`], in any dimension; for $2 \times 2$ matrices
/// it agrees with [`classify_by_determinant`] except within rounding of
/// $\det \Hess = 0$.
///
/// Input that is not a Hessian gives [`Stationary::Inconclusive`]; use
/// [`try_classify_stationary`] to learn what was wrong with it.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_stationary, hessian};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = x^3 - 3x + y^2 has stationary points at (1, 0) and (-1, 0):
/// // H = [[6x, 0], [0, 2]], a minimum and a saddle.
/// let f = |v: &DVector<f64>| v[0].powi(3) - 3.0 * v[0] + v[1] * v[1];
/// assert_eq!(classify_stationary(&hessian(f, &dvector![1.0, 0.0])), Stationary::Minimum);
/// assert_eq!(classify_stationary(&hessian(f, &dvector![-1.0, 0.0])), Stationary::Saddle);
/// ```
pub fn classify_stationary(h: &DMatrix<f64>) -> Stationary {
    classify_by_eigenvalues(h)
}

/// Classifies a stationary point from its Hessian $\Hess$ as in
/// [`classify_stationary`], or says why the matrix is not a Hessian.
///
/// # Errors
///
/// [`MultivariateError::EmptyMatrix`] if `h` has no entries,
/// [`MultivariateError::NotSquare`] if it is not square,
/// [`MultivariateError::NonFiniteEntry`] if an entry is NaN or infinite,
/// and [`MultivariateError::NotSymmetric`] if $h_{ij}$ and $h_{ji}$ differ
/// by more than $10^{-6}$ of the largest entry.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{MultivariateError, Stationary, try_classify_stationary};
/// use nalgebra::{DMatrix, dmatrix};
///
/// assert_eq!(try_classify_stationary(&dmatrix![-1.0, 0.5; 0.5, -1.0])?, Stationary::Maximum);
/// assert_eq!(
///     try_classify_stationary(&dmatrix![1.0, 2.0; 0.0, 1.0]),
///     Err(MultivariateError::NotSymmetric { row: 1, col: 0, lower: 0.0, upper: 2.0 })
/// );
/// assert_eq!(
///     try_classify_stationary(&DMatrix::zeros(2, 3)),
///     Err(MultivariateError::NotSquare { rows: 2, cols: 3 })
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_classify_stationary(h: &DMatrix<f64>) -> Result<Stationary, MultivariateError> {
    normalised_hessian(h)?;
    Ok(classify_by_eigenvalues(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbolic::var;
    use approx::assert_relative_eq;
    use nalgebra::{dmatrix, dvector};
    use std::f64::consts::PI;

    /// f = x^2 y + sin(y z), its gradient and its Hessian.
    fn f1(v: &DVector<f64>) -> f64 {
        v[0] * v[0] * v[1] + (v[1] * v[2]).sin()
    }

    fn f1_gradient(x: f64, y: f64, z: f64) -> DVector<f64> {
        dvector![2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos()]
    }

    fn f1_hessian(x: f64, y: f64, z: f64) -> DMatrix<f64> {
        let (s, c) = (y * z).sin_cos();
        let yz = c - y * z * s;
        dmatrix![
            2.0 * y, 2.0 * x, 0.0;
            2.0 * x, -z * z * s, yz;
            0.0, yz, -y * y * s
        ]
    }

    fn rosenbrock(v: &DVector<f64>) -> f64 {
        (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2)
    }

    /// The mass of a can of radius r, height h, wall thickness t and
    /// density rho: m = 2 pi r^2 t rho + 2 pi r h t rho.
    fn can(v: &DVector<f64>) -> f64 {
        let (r, h, t, rho) = (v[0], v[1], v[2], v[3]);
        2.0 * PI * r * r * t * rho + 2.0 * PI * r * h * t * rho
    }

    fn can_gradient(r: f64, h: f64, t: f64, rho: f64) -> DVector<f64> {
        dvector![
            4.0 * PI * r * t * rho + 2.0 * PI * h * t * rho,
            2.0 * PI * r * t * rho,
            2.0 * PI * r * r * rho + 2.0 * PI * r * h * rho,
            2.0 * PI * r * r * t + 2.0 * PI * r * h * t
        ]
    }

    fn polar(v: &DVector<f64>) -> DVector<f64> {
        dvector![v[0] * v[1].cos(), v[0] * v[1].sin()]
    }

    #[test]
    fn gradient_and_hessian_of_a_closed_form() {
        for (x, y, z) in [(1.0, 2.0, 3.0), (-0.7, 0.3, 5.5), (10.0, -4.0, 0.01)] {
            let p = dvector![x, y, z];
            assert_relative_eq!(gradient(f1, &p), f1_gradient(x, y, z), max_relative = 1e-9);
            assert_relative_eq!(
                try_gradient(f1, &p).unwrap(),
                f1_gradient(x, y, z),
                max_relative = 1e-9
            );
            let h = hessian(f1, &p);
            let exact = f1_hessian(x, y, z);
            assert_eq!(h, h.transpose());
            assert!(
                (&h - &exact).amax() <= 1e-6 * exact.amax(),
                "{h} vs {exact}"
            );
            assert_eq!(try_hessian(f1, &p).unwrap(), h);
            for i in 0..3 {
                assert_eq!(partial(f1, &p, i), gradient(f1, &p)[i]);
            }
        }
    }

    #[test]
    fn rosenbrock_minimum_and_saddle_free_points() {
        let min = dvector![1.0, 1.0];
        assert!(gradient(rosenbrock, &min).amax() < 1e-9);
        let h = hessian(rosenbrock, &min);
        assert_relative_eq!(
            h,
            dmatrix![802.0, -400.0; -400.0, 200.0],
            max_relative = 1e-7
        );
        assert_eq!(classify_stationary(&h), Stationary::Minimum);
        let h2 = Matrix2::new(h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]);
        assert_eq!(classify_by_determinant(&h2), Stationary::Minimum);
        // Gradient elsewhere.
        let (x, y) = (-1.2, 1.0);
        let g = gradient(rosenbrock, &dvector![x, y]);
        let exact = dvector![
            -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
            200.0 * (y - x * x)
        ];
        assert_relative_eq!(g, exact, max_relative = 1e-9);
    }

    #[test]
    fn polar_jacobian_has_determinant_r() {
        for (r, theta) in [(2.0_f64, 0.6_f64), (0.5, -2.0), (7.0, 3.0)] {
            let p = dvector![r, theta];
            let exact = dmatrix![
                theta.cos(), -r * theta.sin();
                theta.sin(), r * theta.cos()
            ];
            let j = jacobian(polar, &p);
            assert_relative_eq!(j, exact, max_relative = 1e-9, epsilon = 1e-12);
            assert_relative_eq!(j.determinant(), r, max_relative = 1e-9);
            assert_eq!(try_jacobian(polar, &p).unwrap(), j);
            let dual = dual_jacobian(|v| vec![v[0] * v[1].cos(), v[0] * v[1].sin()], &p);
            assert_relative_eq!(dual, exact, max_relative = 1e-15);
            let fs = [
                var("r") * crate::symbolic::cos(var("theta")),
                var("r") * crate::symbolic::sin(var("theta")),
            ];
            let sym = eval_matrix(
                &symbolic_jacobian(&fs, &["r", "theta"]),
                &[("r", r), ("theta", theta)],
            )
            .unwrap();
            assert_relative_eq!(sym, exact, max_relative = 1e-15);
        }
    }

    #[test]
    fn can_mass_partials() {
        let (r, h, t, rho) = (0.04, 0.12, 2e-4, 2700.0);
        let p = dvector![r, h, t, rho];
        let exact = can_gradient(r, h, t, rho);
        assert_relative_eq!(gradient(can, &p), exact, max_relative = 1e-9);
        let dual = dual_gradient(
            |v| 2.0 * PI * v[0] * v[0] * v[2] * v[3] + 2.0 * PI * v[0] * v[1] * v[2] * v[3],
            &p,
        );
        assert_relative_eq!(dual, exact, max_relative = 1e-14);
        let m = Expr::parse("2*pi*r^2*t*rho + 2*pi*r*h*t*rho").unwrap();
        let vars = ["r", "h", "t", "rho"];
        let at = [("r", r), ("h", h), ("t", t), ("rho", rho)];
        let sym = eval_vector(&symbolic_gradient(&m, &vars), &at).unwrap();
        assert_relative_eq!(sym, exact, max_relative = 1e-14);
        // The mass is linear in t and in rho.
        let hm = hessian(can, &p);
        assert!(hm[(2, 2)].abs() < 1e-6 * hm.amax() && hm[(3, 3)].abs() < 1e-6 * hm.amax());
        let hs = eval_matrix(&symbolic_hessian(&m, &vars), &at).unwrap();
        assert!((&hm - &hs).amax() <= 1e-6 * hs.amax(), "{hm} vs {hs}");
    }

    #[test]
    fn three_ways_agree() {
        let f = Expr::parse("x^2*y + sin(y*z)").unwrap();
        let vars = ["x", "y", "z"];
        let (x, y, z) = (0.3, -1.1, 2.0);
        let at = [("x", x), ("y", y), ("z", z)];
        let sym = eval_vector(&symbolic_gradient(&f, &vars), &at).unwrap();
        let dual = dual_gradient(
            |v| v[0] * v[0] * v[1] + (v[1] * v[2]).sin(),
            &dvector![x, y, z],
        );
        let exact = f1_gradient(x, y, z);
        assert_relative_eq!(sym, exact, max_relative = 1e-15);
        assert_relative_eq!(dual, exact, max_relative = 1e-15);
        let h = eval_matrix(&symbolic_hessian(&f, &vars), &at).unwrap();
        assert_relative_eq!(h, f1_hessian(x, y, z), max_relative = 1e-14);
    }

    #[test]
    fn central_gradient_costs_two_n() {
        let calls = std::cell::Cell::new(0);
        let f = |v: &DVector<f64>| {
            calls.set(calls.get() + 1);
            f1(v)
        };
        let g = central_gradient(f, &dvector![1.0, 2.0, 3.0], 1e-5);
        assert_eq!(calls.get(), 6);
        assert_relative_eq!(g, f1_gradient(1.0, 2.0, 3.0), max_relative = 1e-8);
        // Dual numbers: one pass per variable.
        let passes = std::cell::Cell::new(0);
        let fd = |v: &[Dual]| {
            passes.set(passes.get() + 1);
            v[0] * v[1] * v[2]
        };
        assert_eq!(
            dual_gradient(fd, &dvector![1.0, 2.0, 3.0]),
            dvector![6.0, 3.0, 2.0]
        );
        assert_eq!(passes.get(), 3);
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let empty = DVector::<f64>::zeros(0);
        assert_eq!(try_gradient(f1, &empty), Err(MultivariateError::EmptyPoint));
        assert_eq!(try_hessian(f1, &empty), Err(MultivariateError::EmptyPoint));
        assert_eq!(
            try_jacobian(polar, &empty),
            Err(MultivariateError::EmptyPoint)
        );
        assert_eq!(
            try_partial(f1, &empty, 0),
            Err(MultivariateError::EmptyPoint)
        );
        assert_eq!(gradient(f1, &empty).len(), 0);
        assert_eq!(hessian(f1, &empty).shape(), (0, 0));
        let sum_and_one = |v: &DVector<f64>| dvector![v.sum(), 1.0];
        assert_eq!(jacobian(sum_and_one, &empty).shape(), (2, 0));

        let p = dvector![1.0, 2.0, 3.0];
        let e = try_partial(f1, &p, 3).unwrap_err();
        assert_eq!(e, MultivariateError::IndexOutOfRange { index: 3, len: 3 });
        assert!(e.to_string().contains("indices run from 0 to 2"));
        assert!(partial(f1, &p, usize::MAX).is_nan());
        assert!(second_partial(f1, &p, 0, 3).is_nan());
        assert!(second_difference(f1, &p, 3, 0, 1e-3).is_nan());

        for bad in [f64::NAN, f64::INFINITY, -1e301] {
            let q = dvector![1.0, bad, 3.0];
            let e = try_gradient(f1, &q).unwrap_err();
            assert!(matches!(
                e,
                MultivariateError::NonFinitePoint { index: 1, .. }
            ));
            assert!(gradient(f1, &q).iter().all(|v| v.is_nan()));
            assert!(hessian(f1, &q).iter().all(|v| v.is_nan()));
        }

        // ln(x) at 0: not finite at the point.
        let ln = |v: &DVector<f64>| v[0].ln() + v[1];
        let e = try_gradient(ln, &dvector![0.0, 1.0]).unwrap_err();
        assert_eq!(
            e,
            MultivariateError::NonFiniteValue {
                value: f64::NEG_INFINITY,
                output: None,
                near: None
            }
        );
        assert!(e.to_string().contains("returned -inf at the point"));
        // Near the edge of the domain, smaller steps are tried.
        assert_relative_eq!(
            partial(ln, &dvector![1e-3, 1.0], 0),
            1e3,
            max_relative = 1e-9
        );
        assert_relative_eq!(
            second_partial(ln, &dvector![0.01, 1.0], 0, 0),
            -1e4,
            max_relative = 1e-7
        );
        // NaN in one output of a vector function.
        let g = |v: &DVector<f64>| dvector![v[0], v[0].sqrt()];
        let e = try_jacobian(g, &dvector![-1.0]).unwrap_err();
        assert!(matches!(
            e,
            MultivariateError::NonFiniteValue {
                output: Some(1),
                ..
            }
        ));
        assert!(e.to_string().contains("in output 1"));
        let j = jacobian(g, &dvector![-1.0]);
        assert_relative_eq!(j[(0, 0)], 1.0, max_relative = 1e-10);
        assert!(j[(1, 0)].is_nan());

        // A corner along one coordinate: NaN in that entry only.
        let corner = |v: &DVector<f64>| v[0].abs() + v[1] * v[1];
        let g = gradient(corner, &dvector![0.0, 2.0]);
        assert!(g[0].is_nan());
        assert_relative_eq!(g[1], 4.0, max_relative = 1e-10);
        let e = try_gradient(corner, &dvector![0.0, 2.0]).unwrap_err();
        assert!(e.to_string().contains("corner"));
        let h = hessian(corner, &dvector![0.0, 2.0]);
        assert!(h[(0, 0)].is_nan());
        assert_relative_eq!(h[(1, 1)], 2.0, max_relative = 1e-8);
        assert!(matches!(
            try_hessian(corner, &dvector![0.0, 2.0]),
            Err(MultivariateError::NotDifferentiable { coordinate: 0, .. })
        ));
        // A corner in the slope: |x|^1.5 has a first derivative at 0 but no second.
        let kink = |v: &DVector<f64>| v[0].abs().powf(1.5) + v[1];
        assert!(matches!(
            try_hessian(kink, &dvector![0.0, 2.0]),
            Err(MultivariateError::Unsettled { row: 0, col: 0, .. })
        ));
        assert!(hessian(kink, &dvector![0.0, 2.0])[(0, 0)].is_nan());
        // A function with no outputs has an empty Jacobian.
        let none = |_: &DVector<f64>| DVector::<f64>::zeros(0);
        assert_eq!(try_jacobian(none, &p).unwrap().shape(), (0, 3));
        // Output length changing near the point.
        let varying =
            |v: &DVector<f64>| DVector::from_element(if v[0] > 1.0 { 3 } else { 2 }, v[0]);
        let e = try_jacobian(varying, &dvector![1.0]).unwrap_err();
        assert_eq!(
            e,
            MultivariateError::OutputLengthChanged {
                expected: 2,
                found: 3
            }
        );
        assert!(jacobian(varying, &dvector![1.0]).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn mixed_partials_at_the_edge_of_the_domain() {
        // sqrt(x y) near x = 0: the coarse steps leave the domain.
        let f = |v: &DVector<f64>| (v[0] * v[1]).sqrt();
        let (x, y) = (1e-3_f64, 2.0_f64);
        let p = dvector![x, y];
        let fxy = 0.25 / (x * y).sqrt();
        assert_relative_eq!(second_partial(f, &p, 0, 1), fxy, max_relative = 1e-6);
        assert_relative_eq!(second_partial(f, &p, 1, 0), fxy, max_relative = 1e-6);
    }

    #[test]
    fn classification_rules() {
        use Stationary::*;
        let cases = [
            (dmatrix![2.0, 0.0; 0.0, 3.0], Minimum),
            (dmatrix![-2.0, 1.0; 1.0, -3.0], Maximum),
            (dmatrix![2.0, 0.0; 0.0, -3.0], Saddle),
            (dmatrix![1.0, 2.0; 2.0, 1.0], Saddle),
            (dmatrix![1.0, 1.0; 1.0, 1.0], Inconclusive),
            (dmatrix![0.0, 0.0; 0.0, 0.0], Inconclusive),
            (dmatrix![0.0, 0.0; 0.0, -1.0], Inconclusive),
        ];
        for (h, expected) in cases {
            assert_eq!(classify_stationary(&h), expected, "{h}");
            assert_eq!(try_classify_stationary(&h), Ok(expected));
            let h2 = Matrix2::new(h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]);
            assert_eq!(classify_by_determinant(&h2), expected, "{h}");
        }
        // One dimension, and a saddle with a zero eigenvalue.
        assert_eq!(classify_stationary(&dmatrix![-4.0]), Maximum);
        let h = dmatrix![1.0, 0.0, 0.0; 0.0, -1.0, 0.0; 0.0, 0.0, 0.0];
        assert_eq!(classify_stationary(&h), Saddle);
        // Huge and tiny entries keep their signs.
        assert_eq!(
            classify_stationary(&dmatrix![1e300, 0.0; 0.0, 1e308]),
            Minimum
        );
        assert_eq!(
            classify_stationary(&dmatrix![-1e-310, 0.0; 0.0, -3e-310]),
            Maximum
        );
        // Not a Hessian.
        for bad in [
            DMatrix::zeros(0, 0),
            DMatrix::zeros(2, 3),
            dmatrix![1.0, f64::NAN; f64::NAN, 1.0],
            dmatrix![1.0, 0.0; 1.0, 1.0],
        ] {
            assert_eq!(classify_stationary(&bad), Inconclusive);
            let e = try_classify_stationary(&bad).unwrap_err();
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(
            try_classify_stationary(&dmatrix![1.0, f64::INFINITY; 0.0, 1.0]),
            Err(MultivariateError::NonFiniteEntry {
                row: 0,
                col: 1,
                value: f64::INFINITY
            })
        );
        // Nearly symmetric, as from finite differences, is accepted.
        assert_eq!(
            try_classify_stationary(&dmatrix![2.0, 1.0 + 1e-9; 1.0, 2.0]),
            Ok(Minimum)
        );
        assert_eq!(
            classify_by_determinant(&Matrix2::new(f64::NAN, 0.0, 0.0, 1.0)),
            Inconclusive
        );
        assert!(Minimum.to_string().starts_with("a minimum"));
        assert!(Inconclusive.to_string().starts_with("inconclusive"));
    }

    #[test]
    fn symbolic_hessian_is_symmetric_as_written() {
        let f = Expr::parse("x^2*y^3 + exp(x*z) - y/z").unwrap();
        let h = symbolic_hessian(&f, &["x", "y", "z"]);
        for (i, row) in h.iter().enumerate() {
            for (j, entry) in row.iter().enumerate() {
                assert_eq!(entry, &h[j][i]);
            }
        }
        assert_eq!(h[0][1].to_string(), "6*x*y^2");
        // A variable f does not contain has zero derivatives.
        let g = symbolic_gradient(&f, &["w"]);
        assert_eq!(g, vec![Expr::Num(0.0)]);
        // Ragged rows pad with NaN.
        let m = vec![vec![var("x")], vec![var("x"), Expr::Num(2.0)]];
        let at = eval_matrix(&m, &[("x", 1.0)]).unwrap();
        assert_eq!(at.shape(), (2, 2));
        assert!(at[(0, 1)].is_nan());
        assert_eq!(eval_matrix(&[], &[]).unwrap().shape(), (0, 0));
    }

    #[test]
    fn dual_jacobian_edge_cases() {
        // Empty x: one evaluation for the number of outputs.
        let j = dual_jacobian(|_| vec![Dual::constant(1.0); 3], &DVector::zeros(0));
        assert_eq!(j.shape(), (3, 0));
        // Outputs of varying length: NaN where missing.
        let j = dual_jacobian(
            |v| {
                if v[0].derivative() == 1.0 {
                    vec![v[0], v[1]]
                } else {
                    vec![v[1]]
                }
            },
            &dvector![1.0, 2.0],
        );
        assert_eq!(j.shape(), (2, 2));
        assert_eq!(j[(0, 0)], 1.0);
        assert!(j[(1, 1)].is_nan());
    }
}
