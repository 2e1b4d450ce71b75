//! Derivatives by finite differences: from values of the function alone,
//! in one variable and in many.
//!
//! The derivative is the limit of rise over run,
//! $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h},$$
//! and a computer can only take that limit part of the way: a small but
//! finite step $h$ leaves a *truncation* error that shrinks with $h$, while
//! subtracting two nearly equal values of $f$ leaves a *rounding* error that
//! grows as $h$ shrinks. [`forward_difference`] and [`central_difference`]
//! show both effects; [`derivative`] and [`derivative_with_error`] balance
//! them for you.
//!
//! A function $f : \R^n \to \R$ has one *partial derivative* for each input:
//! move $x_i$ alone, hold every other coordinate constant, and take the
//! ordinary derivative ([`partial`]). Collected, they form the *gradient*
//! $\grad f$ ([`gradient`]), which points uphill; for a vector function
//! $\vb{f} : \R^n \to \R^m$ the gradients of the outputs are the rows of the
//! *Jacobian* $\J$ ([`jacobian`]); and the second partial derivatives form
//! the *Hessian* $\Hess$ ([`hessian`]), which
//! [`crate::stationary`] uses to tell a minimum from a maximum or a saddle.
//! They reuse the extrapolating one-variable [`derivative_with_error`] along
//! each coordinate, so gradients and Jacobians are accurate to about
//! $10^{-10}$ of their largest entry on smooth functions (an entry that
//! nearly cancels to zero is accurate to that size, not to its own), and
//! Hessians to about $10^{-8}$ of their largest entry. The same quantities
//! computed exactly are in [`crate::dual`], and as formulas in
//! [`crate::symbolic`].
//!
//! A point is any nalgebra vector (a `DVector`, a `Vector3`, a view), and
//! `f` takes the owned vector of the same size; the results have that size
//! too. Write `f` once, generic over [`Real`](crate::Real), and the same
//! function goes to [`crate::dual`]:
//!
//! ```
//! use approx::assert_relative_eq;
//! use mvcalc::{Real, dual, numeric};
//! use nalgebra::{Matrix2, Vector2};
//!
//! // f(x, y) = x^2 + 3y^2 has a minimum at the origin.
//! fn f<T: Real>(v: &Vector2<T>) -> T {
//!     v[0] * v[0] + v[1] * v[1] * 3.0
//! }
//! let g = numeric::gradient(f, &Vector2::new(1.0, 2.0))?;
//! assert_relative_eq!(g, Vector2::new(2.0, 12.0), max_relative = 1e-8);
//! let h = numeric::hessian(f, &Vector2::new(0.0, 0.0))?;
//! assert_relative_eq!(h, Matrix2::new(2.0, 0.0, 0.0, 6.0), max_relative = 1e-7);
//! let (_, _, exact) = dual::hessian(f, &Vector2::new(0.0, 0.0));
//! assert_eq!(exact, Matrix2::new(2.0, 0.0, 0.0, 6.0));
//! # Ok::<(), numeric::MultivariateError>(())
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
//! Nothing here panics. Every estimate that can fail returns a `Result`
//! whose error ([`DerivativeError`] in one variable, [`MultivariateError`]
//! in many) says what went wrong and what to do; an estimate that is
//! returned is finite. Only the fixed-step differences
//! ([`forward_difference`], [`central_difference`], [`central_gradient`],
//! [`second_difference`]) are plain arithmetic, which gives NaN for a zero
//! step.

use nalgebra::allocator::Allocator;
use nalgebra::{
    Const, DMatrix, DVector, DefaultAllocator, Dim, Dyn, OMatrix, OVector,
    Storage, Vector,
};

mod errors;
mod hessian;
mod one_variable;
mod partial;
#[cfg(test)]
mod tests;

pub use errors::MultivariateError;
pub use one_variable::{
    DerivativeError, Estimate, central_difference, derivative,
    derivative_with_error, forward_difference,
};
pub(crate) use one_variable::{Search, Steps};

/// The point as a `DVector`, the form the estimates work in.
fn dynamic<D: Dim, S: Storage<f64, D>>(x: &Vector<f64, D, S>) -> DVector<f64> {
    DVector::from_iterator(x.len(), x.iter().copied())
}

/// A `DVector` with as many entries as `rows` as the owned vector of that
/// dimension.
fn shaped<D: Dim>(rows: D, v: &DVector<f64>) -> OVector<f64, D>
where
    DefaultAllocator: Allocator<D>,
{
    OVector::from_iterator_generic(rows, Const::<1>, v.iter().copied())
}

/// The partial derivative $\pdiff{f}{x_i}$ at `x`: the ordinary derivative
/// of $f$ along coordinate $i$ with every other coordinate held constant,
/// $$\pdiff{f}{x_i}(\vb{x}) = \diff{}{t} f(x_1, \dots, t, \dots, x_n) \Big\vert_{t = x_i}.$$
///
/// It is [`derivative_with_error`] applied to
/// $t \mapsto f(\vb{x} + (t - x_i) \vb{e_i})$, so it is accurate to about
/// $10^{-10}$ relative on smooth functions, and costs a few dozen
/// evaluations of $f$ (about 40 for a typical smooth one).
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
/// use mvcalc::numeric::{MultivariateError, partial};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = x^2 y: the partial along y treats x as a constant, giving x^2.
/// let f = |v: &DVector<f64>| v[0] * v[0] * v[1];
/// let x = dvector![3.0, 5.0];
/// assert_relative_eq!(partial(f, &x, 0)?, 2.0 * 3.0 * 5.0, max_relative = 1e-10);
/// assert_relative_eq!(partial(f, &x, 1)?, 9.0, max_relative = 1e-10);
/// assert_eq!(
///     partial(f, &x, 2),
///     Err(MultivariateError::IndexOutOfRange { index: 2, len: 2 })
/// );
///
/// // f(x, y) = |x| + y^2 has a corner along x at x = 0, but not along y.
/// let g = |v: &DVector<f64>| v[0].abs() + v[1] * v[1];
/// let x = dvector![0.0, 1.5];
/// assert_relative_eq!(partial(g, &x, 1)?, 3.0, max_relative = 1e-10);
/// assert!(matches!(
///     partial(g, &x, 0),
///     Err(MultivariateError::NotDifferentiable { coordinate: 0, .. })
/// ));
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn partial<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
    i: usize,
) -> Result<f64, MultivariateError>
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    partial::partial_dyn(|v| f(&shaped(rows, v)), &dynamic(x), i)
}

/// The gradient $\grad f$ at `x`: the vector of partial derivatives,
/// $$\grad f(\vb{x}) = \left(\pdiff{f}{x_1}, \pdiff{f}{x_2}, \dots, \pdiff{f}{x_n}\right),$$
/// each estimated as by [`partial`], to about $10^{-10}$ of the largest
/// entry on smooth functions. It costs a few dozen evaluations of $f$ per
/// coordinate; [`central_gradient`] costs exactly $2n$ but is far less
/// accurate, and [`crate::dual::gradient`] is exact.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or near it, and [`MultivariateError::NotDifferentiable`],
/// [`MultivariateError::VerticalTangent`], [`MultivariateError::Unresolved`]
/// or [`MultivariateError::Overflow`] as for [`partial`], along some
/// coordinate. The first failing coordinate is reported. Every entry of a
/// gradient that is returned is finite.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::{MultivariateError, gradient};
/// use mvcalc::{Real, dual};
/// use nalgebra::{DVector, Vector3, dvector};
///
/// // f(x, y, z) = x^2 y + sin(y z), so
/// // grad f = (2 x y, x^2 + z cos(y z), y cos(y z)).
/// fn f<T: Real>(v: &Vector3<T>) -> T {
///     v[0] * v[0] * v[1] + (v[1] * v[2]).sin()
/// }
/// let (x, y, z) = (1.0_f64, 2.0_f64, 3.0_f64);
/// let p = Vector3::new(x, y, z);
/// let g = gradient(f, &p)?;
/// let expected = Vector3::new(2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos());
/// assert_relative_eq!(g, expected, max_relative = 1e-9);
/// // The same function, exactly, with dual numbers.
/// assert_relative_eq!(g, dual::gradient(f, &p).1, max_relative = 1e-9);
///
/// // ln(x y) is not defined where x y < 0.
/// let h = |v: &DVector<f64>| (v[0] * v[1]).ln();
/// assert!(matches!(
///     gradient(h, &dvector![1.0, -2.0]),
///     Err(MultivariateError::NonFiniteValue { .. })
/// ));
/// assert_eq!(gradient(h, &DVector::zeros(0)), Err(MultivariateError::EmptyPoint));
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn gradient<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
) -> Result<OVector<f64, D>, MultivariateError>
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    let g = partial::gradient_dyn(|v| f(&shaped(rows, v)), &dynamic(x))?;
    Ok(shaped(rows, &g))
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
/// It is plain arithmetic: `h = 0` gives NaN entries (zero over zero).
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::central_gradient;
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y, z) = x y z, with grad f = (y z, x z, x y); count the evaluations.
/// let calls = Cell::new(0);
/// let f = |v: &DVector<f64>| {
///     calls.set(calls.get() + 1);
///     v[0] * v[1] * v[2]
/// };
/// let g = central_gradient(f, &dvector![2.0, 3.0, 4.0], 1e-5);
/// assert_relative_eq!(g, dvector![12.0, 8.0, 6.0], max_relative = 1e-9);
/// assert_eq!(calls.get(), 2 * 3);
/// ```
// ANCHOR: central_gradient
pub fn central_gradient<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
    h: f64,
) -> OVector<f64, D>
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    OVector::from_fn_generic(rows, Const::<1>, |i, _| {
        let (mut up, mut down) = (x.clone_owned(), x.clone_owned());
        up[i] += h;
        down[i] -= h;
        (f(&up) - f(&down)) / (2.0 * h)
    })
}
// ANCHOR_END: central_gradient

/// The Jacobian $\J$ of a vector function $\vb{f} : \R^n \to \R^m$ at `x`:
/// the $m \times n$ matrix whose row $k$ is the gradient of output $f_k$,
/// $$J_{kj} = \pdiff{f_k}{x_j}(\vb{x}),$$
/// so rows are outputs and columns are inputs. Each entry is estimated as by
/// [`partial`], to about $10^{-10}$ relative on smooth functions; every
/// entry costs a few dozen evaluations of $\vb{f}$. `f` returns a `DVector`
/// of outputs; the number of rows is the number of outputs at `x`, and a
/// function with no outputs has a $0 \times n$ Jacobian.
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
/// or [`MultivariateError::Overflow`] as for [`partial`], for an output
/// along some coordinate.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::{MultivariateError, jacobian};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // Polar coordinates (r, θ) to (x, y) = (r cos θ, r sin θ).
/// let polar = |v: &DVector<f64>| dvector![v[0] * v[1].cos(), v[0] * v[1].sin()];
/// let (r, theta) = (2.0_f64, 0.6_f64);
/// let j = jacobian(polar, &dvector![r, theta])?;
/// let expected = dmatrix![theta.cos(), -r * theta.sin(); theta.sin(), r * theta.cos()];
/// assert_relative_eq!(j, expected, max_relative = 1e-9);
/// // Areas stretch by the determinant, which is r.
/// assert_relative_eq!(j.determinant(), r, max_relative = 1e-9);
///
/// // One output too many away from the point.
/// let g = |v: &DVector<f64>| if v[0] == 0.0 { dvector![v[0]] } else { dvector![v[0], 1.0] };
/// assert_eq!(
///     jacobian(g, &dvector![0.0]),
///     Err(MultivariateError::OutputLengthChanged { expected: 1, found: 2 })
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn jacobian<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> DVector<f64>,
    x: &Vector<f64, D, S>,
) -> Result<OMatrix<f64, Dyn, D>, MultivariateError>
where
    DefaultAllocator: Allocator<D> + Allocator<Dyn, D>,
{
    let (cols, _) = x.shape_generic();
    let j = partial::jacobian_dyn(|v| f(&shaped(cols, v)), &dynamic(x))?;
    Ok(OMatrix::from_fn_generic(Dyn(j.nrows()), cols, |k, i| {
        j[(k, i)]
    }))
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
/// steps for you and extrapolates. The arithmetic is plain: $h = 0$ gives
/// NaN.
///
/// # Errors
///
/// [`MultivariateError::IndexOutOfRange`] if $i$ or $j$ is $n$ or more.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::{MultivariateError, second_difference};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = x^3 y: f_xx = 6 x y and f_xy = 3 x^2.
/// let f = |v: &DVector<f64>| v[0].powi(3) * v[1];
/// let x = dvector![2.0, 5.0];
/// assert_relative_eq!(second_difference(f, &x, 0, 0, 1e-4)?, 60.0, max_relative = 1e-6);
/// assert_relative_eq!(second_difference(f, &x, 0, 1, 1e-4)?, 12.0, max_relative = 1e-6);
/// # Ok::<(), MultivariateError>(())
/// ```
// ANCHOR: second_difference
pub fn second_difference<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
    i: usize,
    j: usize,
    h: f64,
) -> Result<f64, MultivariateError>
where
    DefaultAllocator: Allocator<D>,
{
    let len = x.len();
    if let Some(index) = [i, j].into_iter().find(|&k| k >= len) {
        return Err(MultivariateError::IndexOutOfRange { index, len });
    }
    // f at x moved by di along coordinate i and dj along coordinate j.
    let at = |di: f64, dj: f64| {
        let mut y = x.clone_owned();
        y[i] += di;
        y[j] += dj;
        f(&y)
    };
    Ok(if i == j {
        (at(h, 0.0) - 2.0 * at(0.0, 0.0) + at(-h, 0.0)) / (h * h)
    } else {
        (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h)
    })
}
// ANCHOR_END: second_difference

/// The second partial derivative
/// $\frac{\partial^2 f}{\partial x_i \partial x_j}$ at `x`, by second
/// differences with steps chosen for you.
///
/// It starts from steps $h = 0.1 \max(\abs{x_i}, 1)$ along each coordinate
/// (or $0.1 \abs{x_i}$, when a larger step leaves the domain of $f$ near
/// zero) and halves them until rounding error takes over, forming the
/// [`second_difference`] $D_h$ (whose error is even in $h$) and
/// extrapolating twice as [`derivative_with_error`] does,
/// $R_h = (4 D_{h/2} - D_h)/3$ and $S_h = (16 R_{h/2} - R_h)/15$. It keeps
/// the estimate where three successive values of $S$ agree best: accurate
/// to about $10^{-8}$ relative on smooth functions (unless the entry nearly
/// cancels to zero), for a few dozen evaluations of $f$.
///
/// The steps scale with $\max(\abs{x_i}, 1)$, which suits functions that
/// vary on the scale of their coordinates. One that oscillates much faster
/// far from the origin, such as $\sin x$ at $x = 10^7$, cannot be resolved
/// (the steps at which rounding is small enough are far too coarse), and is
/// reported as unsettled.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::IndexOutOfRange`] if $i$ or $j$ is $n$ or more,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or at every step tried near it, [`MultivariateError::Overflow`] if the
/// second derivative is too large for an `f64`, and
/// [`MultivariateError::Unsettled`] if the extrapolated estimates disagree
/// by more than $10^{-4}$ of their value and far more than rounding
/// explains, or if a second difference at a finer step contradicts the
/// estimate that the coarser steps agreed on: $f$ is probably not twice
/// differentiable there, or varies faster than the steps. (A kink that is
/// symmetric about the point, such as that of $x \abs{x}$ at $0$, is
/// invisible to central differences and gives the average of the two
/// sides.)
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::{MultivariateError, second_partial};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = e^(x y): f_xy = (1 + x y) e^(x y).
/// let f = |v: &DVector<f64>| (v[0] * v[1]).exp();
/// let (x, y) = (0.5_f64, -1.5_f64);
/// let fxy = second_partial(f, &dvector![x, y], 0, 1)?;
/// assert_relative_eq!(fxy, (1.0 + x * y) * (x * y).exp(), max_relative = 1e-7);
///
/// // |x| has no second derivative at 0.
/// let g = |v: &DVector<f64>| v[0].abs();
/// assert!(matches!(
///     second_partial(g, &dvector![0.0], 0, 0),
///     Err(MultivariateError::Unsettled { row: 0, col: 0, .. })
/// ));
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn second_partial<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
    i: usize,
    j: usize,
) -> Result<f64, MultivariateError>
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    hessian::second_partial_dyn(|v| f(&shaped(rows, v)), &dynamic(x), i, j)
}

/// The Hessian $\Hess$ of $f$ at `x`: the symmetric $n \times n$ matrix of
/// second partial derivatives,
/// $$H_{ij} = \frac{\partial^2 f}{\partial x_i \partial x_j}(\vb{x}),$$
/// each estimated as by [`second_partial`], to about $10^{-8}$ of the
/// largest entry on smooth functions (an entry that nearly cancels to zero
/// is accurate to that size, not to its own), for a few dozen evaluations
/// of $f$ per entry. Only the entries on and below the diagonal are
/// estimated; those above are copies, so the result is exactly symmetric.
/// A `Vector3` point gives a `Matrix3`.
///
/// # Errors
///
/// [`MultivariateError::EmptyPoint`] if `x` is empty,
/// [`MultivariateError::NonFinitePoint`] if a coordinate of `x` is NaN,
/// infinite or beyond $10^{300}$,
/// [`MultivariateError::NonFiniteValue`] if $f$ is NaN or infinite at `x`
/// or near it, [`MultivariateError::NotDifferentiable`] if $f$ has a corner
/// or a jump along some coordinate (it checks the gradient first, as
/// [`gradient`] does, which adds a few dozen evaluations per coordinate,
/// and reports its other errors too),
/// [`MultivariateError::Overflow`] if an entry is too large for an `f64`,
/// and [`MultivariateError::Unsettled`] if an entry's estimates do not
/// settle, as for [`second_partial`] (a corner in the slope, say).
/// Every entry of a Hessian that is returned is finite.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::numeric::{MultivariateError, hessian};
/// use mvcalc::stationary::{Stationary, classify_by_eigenvalues};
/// use mvcalc::{Real, dual};
/// use nalgebra::{Matrix2, Vector2, Vector3};
///
/// // Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2 has its minimum at
/// // (1, 1), where H = [[802, -400], [-400, 200]].
/// fn f<T: Real>(v: &Vector2<T>) -> T {
///     (-v[0] + 1.0).powi(2) + (v[1] - v[0] * v[0]).powi(2) * 100.0
/// }
/// let bottom = Vector2::new(1.0, 1.0);
/// let h = hessian(f, &bottom)?;
/// assert_relative_eq!(h, Matrix2::new(802.0, -400.0, -400.0, 200.0), max_relative = 1e-7);
/// assert_eq!(h, h.transpose());
/// assert_eq!(classify_by_eigenvalues(&h), Ok(Stationary::Minimum));
/// // Exactly, with dual numbers of dual numbers.
/// assert_eq!(dual::hessian(f, &bottom).2, Matrix2::new(802.0, -400.0, -400.0, 200.0));
///
/// let nan = Vector3::new(1.0, f64::NAN, 0.0);
/// assert_eq!(
///     hessian(|v: &Vector3<f64>| v.norm_squared(), &nan).unwrap_err().to_string(),
///     "coordinate x[1] of the point is NaN; every coordinate must be a finite number no \
///      larger than 1e300 in size"
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn hessian<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<f64, D>) -> f64,
    x: &Vector<f64, D, S>,
) -> Result<OMatrix<f64, D, D>, MultivariateError>
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    let (rows, _) = x.shape_generic();
    let h: DMatrix<f64> =
        hessian::hessian_dyn(|v| f(&shaped(rows, v)), &dynamic(x))?;
    Ok(OMatrix::from_fn_generic(rows, rows, |i, j| h[(i, j)]))
}
