//! First derivatives by finite differences: partial derivatives, gradients
//! and Jacobians, from values of the function alone.

use nalgebra::{DMatrix, DVector};

use super::errors::{MultivariateError, check_index, check_point, check_value};
use crate::derivative::{DerivativeError, derivative_with_error};

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
        DerivativeError::NonFiniteValue { at, value } => {
            MultivariateError::NonFiniteValue {
                value,
                output,
                near: (at != x[i]).then(|| with_coordinate(x, i, at)),
            }
        }
        DerivativeError::NotDifferentiable { left, right, .. } => {
            MultivariateError::NotDifferentiable {
                coordinate: i,
                output,
                left,
                right,
            }
        }
        DerivativeError::VerticalTangent { left, right, .. } => {
            MultivariateError::VerticalTangent {
                coordinate: i,
                output,
                left,
                right,
            }
        }
        DerivativeError::Unresolved { value, error, .. } => {
            MultivariateError::Unresolved {
                coordinate: i,
                output,
                value,
                error,
            }
        }
        DerivativeError::Overflow { .. } => MultivariateError::Overflow {
            coordinate: i,
            second: None,
            output,
        },
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
/// finite at or near `x`, $f$ has a corner or a vertical tangent along
/// coordinate $i$, $f$ varies along it faster than the steps can resolve,
/// or the derivative is too large for an `f64`. Use [`try_partial`] to
/// learn which.
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
pub fn partial(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
) -> f64 {
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
/// or on every step tried near it,
/// [`MultivariateError::NotDifferentiable`] if $f$ has a corner or a jump
/// along coordinate $i$, [`MultivariateError::VerticalTangent`] if its
/// slopes along it grow without bound, [`MultivariateError::Unresolved`] if
/// the estimates do not settle (it varies faster than the steps can
/// resolve), and [`MultivariateError::Overflow`] if the derivative is too
/// large for an `f64`: the errors of [`derivative_with_error`] along the
/// coordinate.
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
pub fn gradient(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> DVector<f64> {
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
/// or near it, and [`MultivariateError::NotDifferentiable`],
/// [`MultivariateError::VerticalTangent`], [`MultivariateError::Unresolved`]
/// or [`MultivariateError::Overflow`] as for [`try_partial`], along some
/// coordinate. The first failing coordinate is reported. Every entry of a
/// gradient that is returned is finite.
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
/// $\vb{f}$ is only ever called at `x` and at points near it. An empty `x`
/// gives a $0 \times 0$ matrix without calling $\vb{f}$ at all, so a
/// closure that reads `v[0]` never meets an empty point.
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
///
/// // No inputs, no columns: polar is not called (it would read v[0]).
/// assert_eq!(jacobian(polar, &DVector::zeros(0)).shape(), (0, 0));
/// ```
// ANCHOR: jacobian
pub fn jacobian(
    f: impl Fn(&DVector<f64>) -> DVector<f64>,
    x: &DVector<f64>,
) -> DMatrix<f64> {
    if x.is_empty() {
        return DMatrix::zeros(0, 0);
    }
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
/// [`MultivariateError::NotDifferentiable`],
/// [`MultivariateError::VerticalTangent`], [`MultivariateError::Unresolved`]
/// or [`MultivariateError::Overflow`] as for [`try_partial`], for an output
/// along some coordinate.
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
                return Err(MultivariateError::OutputLengthChanged {
                    expected: m,
                    found,
                });
            }
            j[(k, i)] = estimate?;
        }
    }
    Ok(j)
}
