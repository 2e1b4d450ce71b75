//! Second derivatives by finite differences: second differences, second
//! partial derivatives and Hessians, extrapolated as the step shrinks.

use nalgebra::{DMatrix, DVector};

use super::errors::{MultivariateError, check_index, check_point, check_value};
use super::numerical::try_gradient;
use crate::derivative::Search;

#[cfg(doc)]
use crate::derivative::derivative_with_error;

/// A Hessian entry whose extrapolated estimates disagree by more than this
/// fraction of its value (and by far more than rounding explains) has not
/// settled.
const SETTLE_TOLERANCE: f64 = 1e-4;

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
/// same when $i = j$), as in [`second_difference`], with the rounding error
/// expected in it, the size of the values that went into it (the largest
/// value, plus the rounding of the arguments carried through the slopes),
/// and the first value that was not finite, with where it was met.
fn second_difference_steps(
    f: &impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
    hi: f64,
    hj: f64,
) -> (f64, AtStep, Option<(f64, DVector<f64>)>) {
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
    // Differences taken before sums, and quarters before sums, so that
    // values near the largest f64 do not overflow on the way.
    let (d, slope_i, slope_j, values) = if i == j {
        let (up, mid, down) = (at(hi, 0.0), at(0.0, 0.0), at(-hi, 0.0));
        let d = ((up - mid) - (mid - down)) / hi / hi;
        (d, (0.5 * up - 0.5 * down) / hi, 0.0, [up, mid, down, 0.0])
    } else {
        let (pp, pm) = (at(hi, hj), at(hi, -hj));
        let (mp, mm) = (at(-hi, hj), at(-hi, -hj));
        let d = ((pp - pm) - (mp - mm)) / (4.0 * hi) / hj;
        let q = |v: f64| 0.25 * v;
        let slope_i = ((q(pp) - q(mp)) + (q(pm) - q(mm))) / hi;
        let slope_j = ((q(pp) - q(pm)) + (q(mp) - q(mm))) / hj;
        (d, slope_i, slope_j, [pp, pm, mp, mm])
    };
    let largest = values.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    let (ai, aj) = (x[i].abs() * slope_i.abs(), x[j].abs() * slope_j.abs());
    let size = largest + ai + aj;
    // 8 eps size / (hi hj), in an order that overflows only if the rounding
    // error itself is beyond the largest f64.
    let u = 8.0 * f64::EPSILON;
    let rounding = u * largest / hi / hj
        + (u * x[i].abs() / hi) * slope_i.abs() / hj
        + (u * x[j].abs() / hj) * slope_j.abs() / hi;
    (d, AtStep { rounding, size }, bad)
}

/// What is remembered about the step of the best estimate: the rounding
/// error expected in the second difference there, and the size of the
/// values that went into it.
#[derive(Debug, Clone, Copy)]
struct AtStep {
    rounding: f64,
    size: f64,
}

/// The second partial derivative $H_{ij}$ by second differences at halving
/// steps, extrapolated twice (Richardson) as in [`derivative_with_error`],
/// keeping the estimate where three successive extrapolated values agree
/// best, unless a second difference at a finer step contradicts it.
/// Assumes a checked point and indices; the result is finite.
fn second_partial_estimate(
    f: &impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    j: usize,
) -> Result<f64, MultivariateError> {
    check_value(f(x), None)?;
    let (scale_i, scale_j) = (x[i].abs().max(1.0), x[j].abs().max(1.0));
    let mut search = Search::default();
    let mut failure = None;
    // Steps from 0.1 down to about 1e-12 of the scale of each coordinate;
    // rounding stops a smooth function long before the end.
    for level in 0..37 {
        let t = 0.1 * 0.5_f64.powi(level);
        // Round the steps so that x + h is exact and the run is exactly h.
        let hi = (x[i] + t * scale_i) - x[i];
        let hj = (x[j] + t * scale_j) - x[j];
        let (d, at_step, bad) = second_difference_steps(f, x, i, j, hi, hj);
        if let Some((value, y)) = bad {
            // A step that reaches outside the domain of f: start the
            // extrapolation again from a smaller step.
            failure = Some(MultivariateError::NonFiniteValue {
                value,
                output: None,
                near: Some(y),
            });
            search.restart();
            continue;
        }
        if !d.is_finite() {
            // A second derivative too large for an f64 at this step.
            failure = Some(MultivariateError::Overflow {
                coordinate: i,
                second: Some(j),
                output: None,
            });
            search.restart();
            continue;
        }
        let AtStep { rounding, size } = at_step;
        search.push(d, rounding, hi, at_step);
        // Rounding only grows from here, and no later estimate can do better;
        // unless the values themselves have grown, as when a coarse step
        // reaches towards a singularity, which smaller steps leave behind.
        if search.rounding_dominates(rounding)
            && search.best().is_some_and(|b| size <= 4.0 * b.at.size)
        {
            break;
        }
    }
    let unsettled = |value: f64, error: f64| MultivariateError::Unsettled {
        row: i,
        col: j,
        value,
        error,
    };
    match search.best() {
        // Every step met a non-finite value, or every estimate overflowed.
        None => Err(failure.unwrap_or(MultivariateError::Overflow {
            coordinate: i,
            second: Some(j),
            output: None,
        })),
        // A finer step contradicted the best estimate, and none settled
        // after it.
        Some(b) if !b.trusted => Err(unsettled(b.value, b.error)),
        Some(b)
            if b.error > SETTLE_TOLERANCE * b.value.abs()
                && b.error > 100.0 * b.at.rounding =>
        {
            Err(unsettled(b.value, b.error))
        }
        Some(b) => Ok(b.value),
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
/// coordinate, $f$ is not finite at or near `x`, the estimates do not
/// settle (a corner in $f$ or in its slope), or the second derivative is
/// too large for an `f64`. Use [`try_second_partial`] to learn which.
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
    second_partial_estimate(&f, x, i, j)
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
pub fn hessian(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> DMatrix<f64> {
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
/// [`try_gradient`], which adds a few dozen evaluations per coordinate, and
/// reports its other errors too),
/// [`MultivariateError::Overflow`] if an entry is too large for an `f64`,
/// and [`MultivariateError::Unsettled`] if an entry's estimates do not
/// settle, as for [`try_second_partial`] (a corner in the slope, say).
/// Every entry of a Hessian that is returned is finite.
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
            h[(i, j)] = second_partial_estimate(&f, x, i, j)?;
            h[(j, i)] = h[(i, j)];
        }
    }
    Ok(h)
}
