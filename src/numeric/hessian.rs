//! Second derivatives by finite differences: second differences, second
//! partial derivatives and Hessians, extrapolated as the step shrinks.

use nalgebra::{DMatrix, DVector};

use super::errors::{MultivariateError, check_index, check_point, check_value};
use super::partial::gradient_dyn;
use super::{Search, Steps};

/// A Hessian entry whose extrapolated estimates disagree by more than this
/// fraction of its value (and by far more than rounding explains) has not
/// settled.
const SETTLE_TOLERANCE: f64 = 1e-4;

/// The second difference with steps `hi` along $i$ and `hj` along $j$ (the
/// same when $i = j$), as in [`super::second_difference`], with the rounding error
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
/// steps, extrapolated twice (Richardson) as in [`super::derivative_with_error`],
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
    // Steps from 0.1 down to about 1e-12 of the scale of each coordinate;
    // rounding stops a smooth function long before the end.
    let mut steps_i = Steps::new(x[i], 37, 1e-12);
    let mut steps_j = Steps::new(x[j], 37, 1e-12);
    let mut search = Search::default();
    let mut failure = None;
    while let (Some(hi), Some(hj)) = (steps_i.next(), steps_j.next()) {
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
            // Near zero the domain may end between a coordinate and zero.
            steps_i.shrink_to_point();
            steps_j.shrink_to_point();
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

/// [`super::second_partial`] on a dynamic point.
pub(super) fn second_partial_dyn(
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

/// [`super::hessian`] on a dynamic point.
pub(super) fn hessian_dyn(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, MultivariateError> {
    // First derivatives first: a corner or a jump is reported as such.
    gradient_dyn(&f, x)?;
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
