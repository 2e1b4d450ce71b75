//! Numerical derivatives of functions of one variable, by finite differences.
//!
//! The derivative is the limit of rise over run,
//! $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h},$$
//! and a computer can only take that limit part of the way: a small but
//! finite step $h$ leaves a *truncation* error that shrinks with $h$, while
//! subtracting two nearly equal values of $f$ leaves a *rounding* error that
//! grows as $h$ shrinks. The functions here show both effects and
//! [`derivative`] balances them for you.

use std::fmt;

/// The forward difference, rise over run from $x$ to $x + h$:
/// $$D_h^{+} f(x) = \frac{f(x+h) - f(x)}{h}.$$
///
/// Its truncation error is $\tfrac{h}{2} f''(\xi)$ for some $\xi$ between
/// $x$ and $x+h$, so it is *first-order* accurate: halving $h$ halves the
/// error, until rounding takes over.
///
/// `h = 0` gives NaN (zero over zero); a non-finite `x` or `h` gives a
/// non-finite result. Use [`derivative_with_error`] when you want an error
/// instead.
///
/// # Examples
///
/// ```
/// use mvcalc::derivative::forward_difference;
///
/// // The slope of x^2 at 3 is 6; the forward difference overshoots by exactly h.
/// let slope = forward_difference(|x| x * x, 3.0, 0.5);
/// assert_eq!(slope, 6.5);
/// ```
// ANCHOR: forward_difference
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: forward_difference

/// The central difference, rise over run from $x - h$ to $x + h$:
/// $$D_h f(x) = \frac{f(x+h) - f(x-h)}{2h}.$$
///
/// The even terms of the Taylor series cancel, leaving a truncation error of
/// $\tfrac{h^2}{6} f'''(\xi)$: it is *second-order* accurate, so halving $h$
/// quarters the error, until rounding takes over.
///
/// `h = 0` gives NaN; use [`derivative_with_error`] for a checked estimate.
///
/// # Examples
///
/// ```
/// use mvcalc::derivative::central_difference;
///
/// // For a quadratic the central difference is exact for any step.
/// let slope = central_difference(|x| x * x, 3.0, 0.5);
/// assert_eq!(slope, 6.0);
/// ```
// ANCHOR: central_difference
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: central_difference

/// A derivative estimate with an estimate of its own error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimated derivative.
    pub value: f64,
    /// An estimate of the absolute error of `value`: how much the last
    /// extrapolated values disagreed, plus the rounding error expected from
    /// the function values. It is an estimate, not a bound. It assumes `f`
    /// is computed to within a few roundings of its value; a formula that
    /// cancels inside (such as `(1.0 + u).ln()` for tiny `u`, where
    /// `u.ln_1p()` does not) can make the true error larger.
    pub error: f64,
    /// The step that was used.
    pub step: f64,
}

/// Why a derivative could not be estimated.
#[derive(Debug, Clone, PartialEq)]
pub enum DerivativeError {
    /// The point itself is NaN, infinite, or too large (beyond $10^{300}$) to
    /// step away from.
    NonFinitePoint(f64),
    /// The slopes from the left and from the right disagree however small
    /// the step: the function has a corner (or a jump) at the point, and no
    /// derivative there.
    NotDifferentiable {
        /// Where the derivative was asked for.
        at: f64,
        /// Rise over run from the left, at the smallest step tried.
        left: f64,
        /// Rise over run from the right, at the smallest step tried.
        right: f64,
    },
    /// The function returned NaN or an infinity near the point.
    NonFiniteValue {
        /// Where the function was evaluated.
        at: f64,
        /// What it returned.
        value: f64,
    },
}

impl fmt::Display for DerivativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerivativeError::NonFinitePoint(x) => write!(
                f,
                "cannot differentiate at x = {x}: the point must be a finite number no larger than 1e300 in size"
            ),
            DerivativeError::NotDifferentiable { at, left, right } => write!(
                f,
                "no derivative at x = {at}: the slope from the left ({left}) and from the right \
                 ({right}) disagree however small the step, so the function has a corner or a \
                 jump there; ask for the derivative on one side, or at a nearby point"
            ),
            DerivativeError::NonFiniteValue { at, value } => write!(
                f,
                "the function returned {value} at x = {at}, near the point of differentiation; \
                 check that the function is defined on both sides of the point"
            ),
        }
    }
}

impl std::error::Error for DerivativeError {}

/// The derivative of `f` at `x`, accurate to about $10^{-10}$ relative on
/// smooth functions, with a step chosen for you.
///
/// It starts from a step scaled to the point, $h_0 = 0.1 \max(|x|, 1)$, and
/// halves it, forming central differences $D_h$ and extrapolating them twice
/// (Richardson's method),
/// $$R_h = \frac{4 D_{h/2} - D_h}{3}, \qquad S_h = \frac{16 R_{h/2} - R_h}{15},$$
/// which cancels the $h^2$ and $h^4$ terms of the error. It returns the
/// estimate at the step where three successive values of $S$ agree best,
/// and stops once rounding error alone exceeds that agreement.
///
/// Returns NaN when `x` is not finite, `f` is not finite near `x`, or `f` has
/// a corner at `x`; use
/// [`derivative_with_error`] to get an error message and an error estimate.
///
/// # Examples
///
/// ```
/// use mvcalc::derivative::derivative;
///
/// // d/dx sin x = cos x, even far from the origin.
/// let d = derivative(f64::sin, 100.0);
/// approx::assert_relative_eq!(d, 100.0_f64.cos(), max_relative = 1e-10);
/// ```
pub fn derivative(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    derivative_with_error(f, x).map_or(f64::NAN, |e| e.value)
}

/// The derivative of `f` at `x` as in [`derivative`], with an estimate of its
/// error.
///
/// # Errors
///
/// [`DerivativeError::NonFinitePoint`] if `x` is NaN, infinite or beyond
/// $10^{300}$ in size,
/// [`DerivativeError::NonFiniteValue`] if `f` returns NaN or an infinity at
/// every step it tries (for example `ln` at `x = 0`; near the edge of the
/// domain, a step that reaches outside it is retried smaller), and
/// [`DerivativeError::NotDifferentiable`] if the slopes from the two sides
/// disagree however small the step (a corner, as for $\abs{x}$ at $0$).
///
/// # Examples
///
/// ```
/// use mvcalc::derivative::derivative_with_error;
///
/// let est = derivative_with_error(f64::exp, 2.0)?;
/// // e^x is its own derivative, and the error estimate is honest.
/// assert!((est.value - 2.0_f64.exp()).abs() <= est.error);
/// assert!(est.error < 1e-9);
///
/// assert!(derivative_with_error(f64::ln, 0.0).is_err());
/// # Ok::<(), mvcalc::derivative::DerivativeError>(())
/// ```
// ANCHOR: derivative_with_error
pub fn derivative_with_error(
    f: impl Fn(f64) -> f64,
    x: f64,
) -> Result<Estimate, DerivativeError> {
    // Beyond 1e300 the steps below would overflow x + h.
    if !x.is_finite() || x.abs() > 1e300 {
        return Err(DerivativeError::NonFinitePoint(x));
    }
    let eval = |t: f64| {
        let v = f(t);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(DerivativeError::NonFiniteValue { at: t, value: v })
        }
    };
    let scale = x.abs().max(1.0);
    let mut best: Option<Estimate> = None;
    let mut extrapolation = Extrapolation::default();
    // The last non-finite value met, reported if no step avoids it.
    let mut failure = None;
    for level in 0..48 {
        // Round the step so that x + h is exact and the run is exactly h.
        let h = (x + 0.1 * scale * 0.5_f64.powi(level)) - x;
        if h <= 1e-10 * scale {
            break;
        }
        let (a, b) = match (eval(x + h), eval(x - h)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                // A step that reaches outside the domain of f (ln near 0,
                // say): start the extrapolation again from a smaller step.
                failure = Some(e);
                extrapolation = Extrapolation::default();
                continue;
            }
        };
        let d = (a - b) / (2.0 * h);
        // Rounding in a and b, amplified a little by the extrapolation. The
        // values carry the rounding of f itself and of the argument inside
        // it (about eps |x f'(x)|), whatever the formula of f.
        let rounding =
            4.0 * f64::EPSILON * (a.abs().max(b.abs()) + x.abs() * d.abs()) / h;
        if let Some((value, error)) = extrapolation.push(d, rounding)
            && replaces(best.map(|b| (b.value, b.error)), value, error)
        {
            best = Some(Estimate {
                value,
                error,
                step: h,
            });
        }
        // Rounding only grows from here: no later estimate can do better.
        if best.is_some_and(|b| rounding > 100.0 * b.error) {
            break;
        }
    }
    let Some(best) = best else {
        // Every step met a non-finite value, or x is too large to step from.
        return Err(failure.unwrap_or(DerivativeError::NonFinitePoint(x)));
    };
    check_one_sided(&eval, x, best.step)?;
    Ok(best)
}
// ANCHOR_END: derivative_with_error

/// Richardson extrapolation of estimates made at halving steps, whose error
/// is a series in even powers of the step (central differences, and second
/// differences): $R_h = (4 D_{h/2} - D_h)/3$ removes the $h^2$ term and
/// $S_h = (16 R_{h/2} - R_h)/15$ the $h^4$ term.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Extrapolation {
    d: Option<f64>,
    r: Option<f64>,
    s: Option<f64>,
    /// The change between the last two values of $S$.
    change: Option<f64>,
}

impl Extrapolation {
    /// Takes the estimate `d` at the next, halved step and the rounding
    /// error expected in it. Returns the newest $S$ with an error estimate
    /// once three successive values of $S$ exist: an estimate is trusted only
    /// when they agree, so that a chance agreement of two, at a step too large
    /// to resolve the function, is not taken for convergence.
    pub(crate) fn push(&mut self, d: f64, rounding: f64) -> Option<(f64, f64)> {
        let r = self.d.map(|pd| (4.0 * d - pd) / 3.0);
        let s = r.zip(self.r).map(|(r, pr)| (16.0 * r - pr) / 15.0);
        let mut estimate = None;
        if let (Some(s), Some(ps)) = (s, self.s) {
            let change = (s - ps).abs();
            if let Some(pc) = self.change {
                estimate = Some((
                    s,
                    change.max(pc) + rounding + f64::EPSILON * s.abs(),
                ));
            }
            self.change = Some(change);
        }
        (self.d, self.r, self.s) = (Some(d), r, s);
        estimate
    }
}

/// Whether a new estimate `(value, error)` should replace the best so far:
/// when it is more accurate, or when it contradicts the best one. A finer
/// estimate that contradicts the best shows that one to be a coincidence of
/// a step too coarse for f (a step near a multiple of a period, say).
pub(crate) fn replaces(
    best: Option<(f64, f64)>,
    value: f64,
    error: f64,
) -> bool {
    best.is_none_or(|(bv, be)| {
        (value - bv).abs() > 10.0 * (be + error) || error < be
    })
}

/// Fails with [`DerivativeError::NotDifferentiable`] if the one-sided slopes
/// at `x` disagree by an amount that does not shrink with the step.
///
/// For a smooth function the gap between the slope from the right and the
/// slope from the left is about $h \abs{f''(x)}$, so halving the step halves
/// it. At a corner it stays put, and at a jump it doubles. The gaps are
/// compared at $h, h/2, h/4, h/8$, where $h$ is the step of the best
/// estimate: small enough to be in the smooth regime, large enough to be
/// above rounding noise.
fn check_one_sided(
    eval: &impl Fn(f64) -> Result<f64, DerivativeError>,
    x: f64,
    h: f64,
) -> Result<(), DerivativeError> {
    let f0 = eval(x)?;
    let mut gaps = [0.0; 4];
    let (mut left, mut right, mut noise) = (0.0, 0.0, 0.0);
    for (k, gap) in gaps.iter_mut().enumerate() {
        let step = (x + h * 0.5_f64.powi(k as i32)) - x;
        let (up, down) = (eval(x + step)?, eval(x - step)?);
        (left, right) = ((f0 - down) / step, (up - f0) / step);
        *gap = (right - left).abs();
        // As in the main loop: rounding of f and of the argument inside it.
        let size = f0.abs().max(up.abs()).max(down.abs())
            + x.abs() * left.abs().max(right.abs());
        noise = 8.0 * f64::EPSILON * size / step;
    }
    let stuck = gaps.windows(2).all(|w| w[1] >= 0.8 * w[0]);
    // (The gaps were measured at h, h/2, h/4, h/8: smaller steps stay
    // inside a domain that the best step already fitted in.)
    if stuck && gaps[3] > 100.0 * noise {
        return Err(DerivativeError::NotDifferentiable { at: x, left, right });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn closed_forms() {
        // (function, derivative, point) pairs whose derivatives are known exactly.
        type Case = (fn(f64) -> f64, fn(f64) -> f64, f64);
        let cases: [Case; 6] = [
            (|x| x.powi(5), |x| 5.0 * x.powi(4), 1.7),
            (f64::exp, f64::exp, -3.0),
            (f64::sin, f64::cos, 100.0),
            (f64::ln, |x| 1.0 / x, 0.3),
            (|x| 1.0 / x, |x| -1.0 / (x * x), 2.5e3),
            (f64::atan, |x| 1.0 / (1.0 + x * x), -0.5),
        ];
        for (f, df, x) in cases {
            let est = derivative_with_error(f, x).unwrap();
            assert_relative_eq!(est.value, df(x), max_relative = 1e-9);
            assert!(
                (est.value - df(x)).abs() <= est.error,
                "{est:?} vs {}",
                df(x)
            );
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let e = derivative_with_error(f64::sqrt, 0.0).unwrap_err();
        assert!(matches!(e, DerivativeError::NonFiniteValue { .. }));
        assert!(e.to_string().contains("NaN"));
        let e = derivative_with_error(f64::sin, f64::INFINITY).unwrap_err();
        assert_eq!(e, DerivativeError::NonFinitePoint(f64::INFINITY));
        let e = derivative_with_error(f64::atan, f64::MAX).unwrap_err();
        assert_eq!(e, DerivativeError::NonFinitePoint(f64::MAX));
        assert!(derivative(f64::sin, f64::NAN).is_nan());
        // Corners and jumps have no derivative.
        let e = derivative_with_error(f64::abs, 0.0).unwrap_err();
        assert!(
            matches!(e, DerivativeError::NotDifferentiable { left, right, .. } if left == -1.0 && right == 1.0)
        );
        assert!(e.to_string().contains("corner"));
        let step = |x: f64| if x < 2.0 { 0.0 } else { 1.0 };
        assert!(matches!(
            derivative_with_error(step, 2.0),
            Err(DerivativeError::NotDifferentiable { .. })
        ));
        assert!(derivative(|x: f64| (x - 0.5).abs(), 0.5).is_nan());
        // Near the edge of a domain, steps that reach outside it are retried smaller.
        assert_relative_eq!(
            derivative(f64::ln, 0.05),
            20.0,
            max_relative = 1e-9
        );
        assert_relative_eq!(
            derivative(f64::ln, 1e-6),
            1e6,
            max_relative = 1e-9
        );
        assert_relative_eq!(
            derivative(f64::sqrt, 0.01),
            5.0,
            max_relative = 1e-9
        );
        for x in [0.1, 0.05] {
            assert_relative_eq!(
                derivative(|x| 1.0 / x, x),
                -1.0 / (x * x),
                max_relative = 1e-9
            );
        }
        // Smooth functions with a vanishing second derivative are not corners.
        for (f, x) in [
            (f64::sin as fn(f64) -> f64, 0.0),
            (|x: f64| 3.0 * x - 1.0, 4.0),
            (|x: f64| x.powi(4), 0.0),
        ] {
            assert!(derivative_with_error(f, x).is_ok());
        }
    }

    #[test]
    fn steps_commensurate_with_a_period_are_not_trusted() {
        // Functions that repeat every ~0.0063 or faster: the coarse steps
        // 0.1, 0.05, ... land near whole periods, where the differences agree
        // by coincidence. The finer steps must overrule them.
        let k = -0.0011111500835441204;
        let f = move |x: f64| (x / k).cos().cos();
        let df = move |x: f64| (x / k).cos().sin() * (x / k).sin() / k;
        let x = -1.6745045041877602;
        let est = derivative_with_error(f, x).unwrap();
        assert_relative_eq!(est.value, df(x), max_relative = 1e-9);
        assert!((est.value - df(x)).abs() <= est.error);

        let c = (1.0 + 0.04465898738592936_f64.powi(2)).ln();
        let g = move |x: f64| (x / c).sin().cos();
        let dg = move |x: f64| -(x / c).sin().sin() * (x / c).cos() / c;
        let x = -0.7255733950859793;
        let est = derivative_with_error(g, x).unwrap();
        assert_relative_eq!(est.value, dg(x), max_relative = 1e-9);
        assert!((est.value - dg(x)).abs() <= est.error);
    }

    #[test]
    fn central_beats_forward() {
        // Truncation error: forward ~ h f''/2, central ~ h^2 f'''/6.
        let h = 1e-3;
        let fwd = (forward_difference(f64::exp, 0.0, h) - 1.0).abs();
        let cen = (central_difference(f64::exp, 0.0, h) - 1.0).abs();
        assert_relative_eq!(fwd, h / 2.0, max_relative = 1e-2);
        assert_relative_eq!(cen, h * h / 6.0, max_relative = 1e-2);
    }
}
