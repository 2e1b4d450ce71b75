//! Derivatives of functions of one variable, by finite differences.
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
/// use mvcalc::numeric::forward_difference;
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
/// use mvcalc::numeric::central_difference;
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
    /// the function values (and at least how far differences at steps off
    /// the halving sequence disagree with them by rounding). It is an
    /// estimate, not a bound. It assumes `f` is computed to within a few
    /// roundings of its value; a formula that cancels inside (such as
    /// `(1.0 + u).ln()` for tiny `u`, where `u.ln_1p()` does not) can make
    /// the true error larger. It covers what the steps can see: a wiggle
    /// too small to show in the values at the steps where the estimates
    /// agree (such as $10^{-12} \sin(10^{6} x)$, whose slope is up to
    /// $10^{-6}$) is missed.
    pub error: f64,
    /// The step that was used.
    pub step: f64,
}

/// Why a derivative could not be estimated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DerivativeError {
    /// The point itself is NaN, infinite, or too large (beyond $10^{300}$) to
    /// step away from.
    NonFinitePoint {
        /// The point.
        value: f64,
    },
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
    /// The slopes from the left and from the right both grow without bound
    /// as the step shrinks: the graph has a vertical tangent (as
    /// $x^{1/3}$ has at $0$) or a cusp (as $\sqrt{\abs{x}}$ has at $0$),
    /// and no finite derivative.
    VerticalTangent {
        /// Where the derivative was asked for.
        at: f64,
        /// Rise over run from the left, at the smallest step tried.
        left: f64,
        /// Rise over run from the right, at the smallest step tried.
        right: f64,
    },
    /// The estimates did not settle as the step shrank: the function varies
    /// faster than the steps can resolve (as $\sin(10^{12} x)$ does), so
    /// the agreement that was found is not to be trusted.
    Unresolved {
        /// Where the derivative was asked for.
        at: f64,
        /// The best estimate found.
        value: f64,
        /// How much the estimates around it disagreed.
        error: f64,
    },
    /// The derivative is too large for an `f64` (beyond about
    /// $1.8 \times 10^{308}$ in size): the slope overflowed at every step.
    Overflow {
        /// Where the derivative was asked for.
        at: f64,
    },
}

impl fmt::Display for DerivativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::readable::Num;
        match *self {
            DerivativeError::NonFinitePoint { value: x } => {
                let x = Num(x);
                write!(
                    f,
                    "cannot differentiate at x = {x}: the point must be a finite number no larger than 1e300 in size"
                )
            }
            DerivativeError::NotDifferentiable { at, left, right } => {
                let at = Num(at);
                let left = Num(left);
                let right = Num(right);
                write!(
                    f,
                    "no derivative at x = {at}: the slope from the left ({left}) and from the right \
                 ({right}) disagree however small the step, so the function has a corner or a \
                 jump there; ask for the derivative on one side, or at a nearby point"
                )
            }
            DerivativeError::NonFiniteValue { at, value } => {
                let at = Num(at);
                let value = Num(value);
                write!(
                    f,
                    "the function returned {value} at x = {at}, near the point of differentiation; \
                 check that the function is defined on both sides of the point"
                )
            }
            DerivativeError::VerticalTangent { at, left, right } => {
                let at = Num(at);
                let left = Num(left);
                let right = Num(right);
                write!(
                    f,
                    "no finite derivative at x = {at}: the slopes from the left ({left}) and from \
                 the right ({right}) grow without bound as the step shrinks, so the graph has \
                 a vertical tangent (as the cube root has at 0) or a cusp there; ask at a \
                 nearby point, where the slope is finite"
                )
            }
            DerivativeError::Unresolved { at, value, error } => {
                let at = Num(at);
                let value = Num(value);
                let error = Num(error);
                write!(
                    f,
                    "the derivative at x = {at} did not settle: the estimates near {value} \
                 disagree by {error} as the step shrinks, so the function varies faster \
                 than the steps can resolve (they go down to 1e-10 times max(|x|, 1)); \
                 differentiate it in a variable on which it varies more slowly: \
                 u -> f(x + u / k) at u = 0, for a large k, has the derivative f'(x) / k"
                )
            }
            DerivativeError::Overflow { at } => {
                let at = Num(at);
                write!(
                    f,
                    "the derivative at x = {at} is too large for an f64 (beyond about 1.8e308 in \
                 size) at every step tried; differentiate a scaled-down function instead, such \
                 as f(x) * 1e-300, whose derivative is f'(x) * 1e-300"
                )
            }
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
/// Agreement is not taken on trust. A function that varies much faster than
/// the steps can make a whole run of halving steps agree on a wrong slope
/// (steps that are nearly whole numbers of periods of $\sin(1000x)$, say), so
/// a difference at a finer step, or at a step off the halving sequence, that
/// the estimate cannot explain discards it, and the search goes on to finer
/// steps. If nothing settles there is no answer, rather than a wrong one.
///
/// It is [`derivative_with_error`] without the error estimate, and fails
/// as it does: when `x` is not finite, `f` is not finite near `x`, `f` has
/// a corner, a jump or a vertical tangent at `x` (as [`f64::cbrt`] has at
/// $0$), `f` varies faster than the steps can resolve, or the derivative is
/// too large for an `f64`.
///
/// # Errors
///
/// The errors of [`derivative_with_error`].
///
/// # Examples
///
/// ```
/// use mvcalc::numeric::{DerivativeError, derivative};
///
/// // d/dx sin x = cos x, even far from the origin.
/// let d = derivative(f64::sin, 100.0)?;
/// approx::assert_relative_eq!(d, 100.0_f64.cos(), max_relative = 1e-10);
///
/// // The cube root has a vertical tangent at 0: no finite slope.
/// assert!(matches!(
///     derivative(f64::cbrt, 0.0),
///     Err(DerivativeError::VerticalTangent { .. })
/// ));
/// # Ok::<(), DerivativeError>(())
/// ```
pub fn derivative(
    f: impl Fn(f64) -> f64,
    x: f64,
) -> Result<f64, DerivativeError> {
    derivative_with_error(f, x).map(|e| e.value)
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
/// domain, a step that reaches outside it is retried smaller),
/// [`DerivativeError::NotDifferentiable`] if the slopes from the two sides
/// disagree however small the step (a corner, as for $\abs{x}$ at $0$),
/// [`DerivativeError::VerticalTangent`] if they grow without bound (as for
/// $x^{1/3}$ at $0$), [`DerivativeError::Unresolved`] if the estimates
/// do not settle as the step shrinks (a function that varies faster than
/// the steps can resolve, such as $\sin(10^{12} x)$), and
/// [`DerivativeError::Overflow`] if the derivative is too large for an
/// `f64`. A result that is returned is always finite.
///
/// # Examples
///
/// ```
/// use mvcalc::numeric::{DerivativeError, derivative_with_error};
///
/// let est = derivative_with_error(f64::exp, 2.0)?;
/// // e^x is its own derivative, and the error estimate is honest.
/// assert!((est.value - 2.0_f64.exp()).abs() <= est.error);
/// assert!(est.error < 1e-9);
///
/// assert!(derivative_with_error(f64::ln, 0.0).is_err());
/// // Far too fast for steps of 1e-10: refused, not guessed.
/// let fast = derivative_with_error(|x| (1e12 * x).sin(), 1.0);
/// assert!(matches!(fast, Err(DerivativeError::Unresolved { .. })));
/// # Ok::<(), DerivativeError>(())
/// ```
// ANCHOR: derivative_with_error
pub fn derivative_with_error(
    f: impl Fn(f64) -> f64,
    x: f64,
) -> Result<Estimate, DerivativeError> {
    // Beyond 1e300 the steps below would overflow x + h.
    if !x.is_finite() || x.abs() > 1e300 {
        return Err(DerivativeError::NonFinitePoint { value: x });
    }
    let eval = |t: f64| {
        let v = f(t);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(DerivativeError::NonFiniteValue { at: t, value: v })
        }
    };
    let f0 = eval(x)?;
    // Steps from 0.1 down to 1e-10 of the scale.
    let mut steps = Steps::new(x, 48, 1e-10);
    let mut search = Search::default();
    // The last failure met, reported if no step avoids it.
    let mut failure = None;
    while let Some(h) = steps.next() {
        match central(&eval, x, f0, h) {
            Ok(d) => {
                // Extrapolate, and distrust the best estimate so far if this
                // difference contradicts it.
                search.push(d.value, d.rounding, h, d);
                // Rounding only grows from here: no later estimate can do
                // better than a trusted one.
                if search.rounding_dominates(d.rounding) {
                    break;
                }
            }
            Err(e) => {
                // A step that reaches outside the domain of f (ln near 0,
                // say), or a slope too large for an f64: start the
                // extrapolation again from a smaller step, scaled to the
                // point if the domain may end between it and zero.
                failure = Some(e);
                search.restart();
                steps.shrink_to_point();
            }
        }
    }
    let Some(best) = search.best() else {
        // Every step met a non-finite value, or every estimate overflowed.
        return Err(failure.unwrap_or(DerivativeError::Overflow { at: x }));
    };
    check_one_sided(&eval, x, f0, best.step)?;
    let error = check_settled(&eval, x, f0, &best, search.largest())?;
    Ok(Estimate {
        value: best.value,
        error,
        step: best.step,
    })
}
// ANCHOR_END: derivative_with_error

/// The halving steps of a search, $h_k = 0.1 \, s \, 2^{-k}$ for a scale
/// $s$, each rounded so that $x + h$ is exact and the run is exactly $h$,
/// a given number of them and none below a given fraction of $s$.
///
/// The scale starts at $\max(\abs{x}, 1)$. Near zero a function's domain
/// may end between the point and zero ($\ln$ and $\sqrt{\cdot}$ at
/// $x = 10^{-9}$), where every one of those steps would reach outside it;
/// after a failed step the scale becomes $\abs{x}$, so the steps fit
/// between the point and zero.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Steps {
    x: f64,
    scale: f64,
    level: i32,
    levels: i32,
    floor: f64,
}

impl Steps {
    /// At most `levels` steps for the point `x` (finite and at most
    /// $10^{300}$ in size), none at or below `floor` times the scale.
    pub(crate) fn new(x: f64, levels: i32, floor: f64) -> Steps {
        Steps {
            x,
            scale: x.abs().max(1.0),
            level: 0,
            levels,
            floor,
        }
    }

    /// After a failed step: if the point is nearer zero than the scale,
    /// start again from the step $0.1 \abs{x}$.
    pub(crate) fn shrink_to_point(&mut self) {
        let size = self.x.abs();
        if size > 0.0 && size < self.scale {
            self.scale = size;
            self.level = 0;
        }
    }
}

impl Iterator for Steps {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        if self.level >= self.levels {
            return None;
        }
        let x = self.x;
        let h = (x + 0.1 * self.scale * 0.5_f64.powi(self.level)) - x;
        self.level += 1;
        // Below the floor rounding swamps the difference; a tiny x whose
        // steps round to nothing stops here too.
        (h > self.floor * self.scale).then_some(h)
    }
}

/// A central difference and what is known of its accuracy.
#[derive(Debug, Clone, Copy)]
struct Difference {
    /// $D_h = (f(x+h) - f(x-h)) / 2h$.
    value: f64,
    /// The rounding error expected in it.
    rounding: f64,
    /// How much the slope changes over the step, about $h \abs{f''(x)}$.
    bend: f64,
}

/// The central difference of `eval` at `x` with step `h`, given
/// `f0` $= f(x)$; fails if a value is not finite, or if the slope is too
/// large for an `f64`.
fn central(
    eval: &impl Fn(f64) -> Result<f64, DerivativeError>,
    x: f64,
    f0: f64,
    h: f64,
) -> Result<Difference, DerivativeError> {
    let (a, b) = (eval(x + h)?, eval(x - h)?);
    // Halved before subtracting, so that values near the largest f64 do
    // not overflow.
    let value = (0.5 * a - 0.5 * b) / h;
    if !value.is_finite() {
        return Err(DerivativeError::Overflow { at: x });
    }
    // How much the slope changes over the step, about h |f''(x)|.
    let half_bend = ((0.5 * a - 0.5 * f0) - (0.5 * f0 - 0.5 * b)).abs() / h;
    let bend = (2.0 * half_bend).min(f64::MAX);
    // Rounding in a and b, amplified a little by the extrapolation. The
    // values carry the rounding of f itself and of the argument inside it,
    // about eps |x| times the slope at x + h and x - h, whatever the formula
    // of f. Those slopes differ from D by about the bend, which can be far
    // larger than D itself (sin(k x) where cos(k x) is nearly 0). Both
    // factors of the form 4 eps / h are below 1e-5, since
    // h > 1e-10 max(|x|, 1), so nothing overflows.
    let u = 4.0 * f64::EPSILON / h;
    let values = u * a.abs().max(b.abs());
    let rounding = values + (u * x.abs()) * (value.abs() + bend);
    Ok(Difference {
        value,
        rounding,
        bend,
    })
}

/// An estimate whose error exceeds this fraction of its value has not
/// settled, unless rounding explains the error.
const SETTLE_TOLERANCE: f64 = 1e-3;

/// Differences that disagree by less than this fraction of the largest
/// difference seen disagree only by the rounding inside $f$.
const ROUNDING_FLOOR: f64 = 1e-10;

/// The error to report for the best estimate, or
/// [`DerivativeError::Unresolved`] unless it has settled: no difference at
/// a finer step contradicted it, central differences at $\sqrt 2$ and
/// $\sqrt 3$ times its step are what its differences predict, and its error
/// is within $10^{-3}$ of its value, or else explained by rounding.
///
/// The two extra steps are off the halving sequence. Steps that are nearly
/// whole numbers of periods of $f$ stay so when halved (a multiple of
/// $2^m$ periods halves to a multiple of $2^{m-1}$), so a whole run of them
/// can agree on a wrong slope; irrational multiples of them do not.
///
/// Rounding that `f` does inside (`3.0 * x - 3.0 * x` is not exactly 0)
/// repeats itself at halved steps, and the extra steps reveal it too: a
/// disagreement below $10^{-10}$ of the largest difference seen
/// (`largest`, the scale of the slopes near $x$) is rounding, and widens
/// the error instead of refusing the estimate.
///
/// An error explained by rounding is accepted where the derivative is
/// nearly zero (at a minimum, say). But rounding grows with the bend over
/// the step, and where the steps are far too coarse for $f$ the bend is
/// large and rounding explains anything; so the bend must also grow with
/// the step over the three steps, as $h \abs{f''}$ (or $h^3$ times a
/// higher derivative) does for a function that the steps resolve, and as
/// it does not at steps many periods long.
fn check_settled(
    eval: &impl Fn(f64) -> Result<f64, DerivativeError>,
    x: f64,
    f0: f64,
    best: &Best<Difference>,
    largest: f64,
) -> Result<f64, DerivativeError> {
    let unresolved = DerivativeError::Unresolved {
        at: x,
        value: best.value,
        error: best.error,
    };
    if !best.trusted {
        return Err(unresolved);
    }
    let floor = ROUNDING_FLOOR * largest;
    let mut error = best.error;
    let mut steps = [best.at; 3];
    for (k, ratio) in [std::f64::consts::SQRT_2, 3.0_f64.sqrt()]
        .into_iter()
        .enumerate()
    {
        let t = (x + ratio * best.step) - x;
        let d = central(eval, x, f0, t)?;
        let off = best.miss(d.value, d.rounding, t / best.step);
        if off > floor {
            return Err(unresolved);
        }
        error = error.max(off);
        steps[k + 1] = d;
    }
    if error <= SETTLE_TOLERANCE * best.value.abs() || error <= floor {
        return Ok(error);
    }
    let rounding = error <= 100.0 * best.at.rounding;
    let resolved = steps.windows(2).all(|w| {
        w[0].bend <= w[1].bend / 1.1 + 2.0 * (w[0].rounding + w[1].rounding)
    });
    if rounding && resolved {
        Ok(error)
    } else {
        Err(unresolved)
    }
}

/// Richardson extrapolation of estimates made at halving steps, whose error
/// is a series in even powers of the step (central differences, and second
/// differences): $R_h = (4 D_{h/2} - D_h)/3$ removes the $h^2$ term and
/// $S_h = (16 R_{h/2} - R_h)/15$ the $h^4$ term.
#[derive(Debug, Default, Clone, Copy)]
struct Extrapolation {
    /// The last five estimates $D$, oldest first, of which the last `count`
    /// have been pushed.
    d: [f64; 5],
    count: usize,
    r: Option<f64>,
    s: Option<f64>,
    /// The change between the last two values of $S$.
    change: Option<f64>,
}

/// An extrapolated estimate.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    value: f64,
    error: f64,
    /// The largest distance from `value` of the five estimates $D$ it was
    /// made from.
    spread: f64,
    /// $D_h - S$ and $D_{2h} - S$ at the two smallest of those steps.
    near: f64,
    far: f64,
}

impl Extrapolation {
    /// Takes the estimate `d` at the next, halved step and the rounding
    /// error expected in it. Returns the newest $S$ with an error estimate
    /// once three successive values of $S$ exist: an estimate is trusted only
    /// when they agree, so that a chance agreement of two, at a step too large
    /// to resolve the function, is not taken for convergence.
    fn push(&mut self, d: f64, rounding: f64) -> Option<Candidate> {
        let pd = (self.count > 0).then_some(self.d[4]);
        // (4 D - D') / 3 and (16 R - R') / 15, arranged so that no
        // intermediate value is much larger than the estimates themselves
        // (4 D overflows for D above 4.5e307).
        let r = pd.map(|pd| d + (d - pd) / 3.0);
        let s = r.zip(self.r).map(|(r, pr)| r + (r - pr) / 15.0);
        self.d.rotate_left(1);
        self.d[4] = d;
        self.count = (self.count + 1).min(5);
        let mut estimate = None;
        if let (Some(s), Some(ps)) = (s, self.s) {
            let change = (s - ps).abs();
            if let Some(pc) = self.change {
                let spread =
                    self.d.iter().fold(0.0_f64, |m, &dk| m.max((dk - s).abs()));
                estimate = Some(Candidate {
                    value: s,
                    error: change.max(pc) + rounding + f64::EPSILON * s.abs(),
                    spread,
                    near: d - s,
                    far: self.d[3] - s,
                });
            }
            self.change = Some(change);
        }
        (self.r, self.s) = (r, s);
        estimate
    }
}

/// The search for the best estimate over halving steps, shared by first and
/// second differences: the extrapolation, the best estimate so far, and
/// whether the differences at finer steps since have borne it out. `T` is
/// whatever the caller wants to remember about the step of the best
/// estimate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Search<T> {
    extrapolation: Extrapolation,
    best: Option<Best<T>>,
    /// The largest difference seen, in size.
    largest: f64,
}

impl<T> Default for Search<T> {
    fn default() -> Self {
        Search {
            extrapolation: Extrapolation::default(),
            best: None,
            largest: 0.0,
        }
    }
}

/// The best estimate of a [`Search`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Best<T> {
    /// The extrapolated estimate.
    pub(crate) value: f64,
    /// Its error estimate: how much three successive extrapolated values
    /// disagree, plus rounding.
    pub(crate) error: f64,
    /// The largest distance from `value` of the five differences it was
    /// made from.
    spread: f64,
    /// The distances from `value` of the differences at `step` and at twice
    /// `step`.
    near: f64,
    far: f64,
    /// The smallest step that went into it.
    pub(crate) step: f64,
    /// False once a difference at a finer step has contradicted it.
    pub(crate) trusted: bool,
    /// What the caller remembered about `step`.
    pub(crate) at: T,
}

impl<T> Best<T> {
    /// Whether a difference `d` at a finer step, with rounding error
    /// `rounding`, contradicts this estimate.
    ///
    /// The error of a difference is a series in even powers of the step,
    /// $a t^2 + b t^4 + \dots$, and a quadratic in $t^2$ that vanishes at
    /// $0$ and fits the differences the estimate was made from is no larger
    /// than twice their spread at any smaller step. A difference far outside
    /// that shows that they were not following the series: they agreed by
    /// coincidence, at steps too coarse for the function.
    fn contradicted_by(&self, d: f64, rounding: f64) -> bool {
        let allowed = 4.0 * self.spread + 10.0 * (self.error + rounding);
        (d - self.value).abs() > allowed
    }

    /// How far a difference `d` at `ratio` times `step`, for a ratio between
    /// 1 and 2, with rounding error `rounding`, is from what the two smallest
    /// steps of the estimate predict, beyond what they allow for: 0 if it is
    /// what they predict.
    ///
    /// The error series $a t^2 + b t^4$ through the differences at `step`
    /// and twice `step` predicts the differences between them; for a smooth
    /// function the terms beyond are a small fraction of that series, so a
    /// difference far from the prediction shows that the two agreed with
    /// the series by coincidence.
    fn miss(&self, d: f64, rounding: f64, ratio: f64) -> f64 {
        let (p1, p2) = (self.near, self.far);
        let (r2, r4) = (ratio * ratio, ratio.powi(4));
        let series = ((16.0 * p1 - p2) * r2 + (p2 - 4.0 * p1) * r4) / 12.0;
        let allowed =
            0.02 * p1.abs().max(p2.abs()) + 2.0 * self.error + 10.0 * rounding;
        let off = (d - (self.value + series)).abs();
        if off <= allowed { 0.0 } else { off }
    }
}

impl<T: Copy> Search<T> {
    /// Takes the difference `d` at the next, halved, step `step` and the
    /// rounding error expected in it, and what to remember about the step.
    /// Returns whether it gave a new best estimate.
    ///
    /// A new estimate replaces the best when it is more accurate, when it
    /// contradicts the best (which then was a coincidence of a step too
    /// coarse for the function: a step near a multiple of a period, say), or
    /// when a difference has already shown the best to be untrustworthy.
    /// Estimates that overflowed are never kept.
    pub(crate) fn push(
        &mut self,
        d: f64,
        rounding: f64,
        step: f64,
        at: T,
    ) -> bool {
        self.largest = self.largest.max(d.abs());
        if let Some(best) = &mut self.best
            && best.contradicted_by(d, rounding)
        {
            best.trusted = false;
        }
        let Some(new) = self.extrapolation.push(d, rounding) else {
            return false;
        };
        let finite = new.value.is_finite()
            && new.error.is_finite()
            && new.spread.is_finite();
        let better = self.best.as_ref().is_none_or(|b| {
            !b.trusted
                || (new.value - b.value).abs() > 10.0 * (b.error + new.error)
                || new.error < b.error
        });
        if finite && better {
            self.best = Some(Best {
                value: new.value,
                error: new.error,
                spread: new.spread,
                near: new.near,
                far: new.far,
                step,
                trusted: true,
                at,
            });
        }
        finite && better
    }

    /// Starts the extrapolation again from the next step, keeping the best
    /// estimate.
    pub(crate) fn restart(&mut self) {
        self.extrapolation = Extrapolation::default();
    }

    /// The best estimate so far.
    pub(crate) fn best(&self) -> Option<Best<T>> {
        self.best
    }

    /// The largest difference seen, in size: the scale of the slopes of
    /// the function near the point.
    pub(crate) fn largest(&self) -> f64 {
        self.largest
    }

    /// Whether rounding error `rounding` at the newest step exceeds a
    /// hundred times the error of a trusted best estimate: rounding only
    /// grows as the step shrinks, so no later estimate can do better.
    pub(crate) fn rounding_dominates(&self, rounding: f64) -> bool {
        self.best
            .as_ref()
            .is_some_and(|b| b.trusted && rounding > 100.0 * b.error)
    }
}

/// Fails with [`DerivativeError::VerticalTangent`] if the one-sided slopes
/// at `x` grow without bound as the step shrinks, and with
/// [`DerivativeError::NotDifferentiable`] if they disagree by an amount that
/// does not shrink with the step.
///
/// For a smooth function the slope from each side is about
/// $f'(x) \pm \tfrac{h}{2} f''(x)$, so halving the step halves its change and
/// halves the gap between the two sides. At a corner the gap stays put, and
/// at a jump it doubles. At a vertical tangent both slopes move away from
/// zero by amounts that do not shrink ($x^{1/3}$ at $0$: by a factor
/// $2^{2/3}$ at every halving). The slopes are compared at
/// $h, h/2, h/4, h/8$, where $h$ is the step of the best estimate: small
/// enough to be in the smooth regime, large enough to be above rounding
/// noise. A corner is reported only when each side behaves regularly (its
/// slope settles, or grows steadily as at a jump), so that a function that
/// merely varies faster than the steps, whose slopes wander, is not taken
/// for one.
fn check_one_sided(
    eval: &impl Fn(f64) -> Result<f64, DerivativeError>,
    x: f64,
    f0: f64,
    h: f64,
) -> Result<(), DerivativeError> {
    let (mut lefts, mut rights, mut gaps) = ([0.0; 4], [0.0; 4], [0.0; 4]);
    let mut noise = 0.0;
    for k in 0..4 {
        let step = (x + h * 0.5_f64.powi(k as i32)) - x;
        let (up, down) = (eval(x + step)?, eval(x - step)?);
        let (left, right) = ((f0 - down) / step, (up - f0) / step);
        if !(left.is_finite() && right.is_finite()) {
            // Slopes beyond the largest f64 tell nothing about the shape.
            return Ok(());
        }
        (lefts[k], rights[k]) = (left, right);
        gaps[k] = (right - left).abs();
        // As in the central difference: rounding of f and of the argument
        // inside it.
        let u = 8.0 * f64::EPSILON / step;
        let largest = f0.abs().max(up.abs()).max(down.abs());
        noise = u * largest + u * x.abs() * left.abs().max(right.abs());
    }
    // The changes of a side's slope from step to step.
    let changes = |s: [f64; 4]| [s[1] - s[0], s[2] - s[1], s[3] - s[2]];
    // Moving away from zero by amounts that do not shrink, and that grow
    // steadily (by 2^(2/3) at every halving for the cube root, by 2 at a
    // jump), not by chance.
    let unbounded = |s: [f64; 4]| {
        let c = changes(s);
        let (r1, r2) = (c[1] / c[0], c[2] / c[1]);
        c.iter().all(|&ck| ck * s[3] > 0.0)
            && r1.min(r2) >= 0.8
            && r1.max(r2) <= 1.5 * r1.min(r2)
            && c[2].abs() > 100.0 * noise
    };
    // Changes that shrink, down to rounding noise.
    let settles = |s: [f64; 4]| {
        let c = changes(s);
        c.windows(2)
            .all(|w| w[1].abs() <= 0.8 * w[0].abs() + 10.0 * noise)
    };
    let (left, right) = (lefts[3], rights[3]);
    if unbounded(lefts) && unbounded(rights) {
        return Err(DerivativeError::VerticalTangent { at: x, left, right });
    }
    let stuck = gaps.windows(2).all(|w| w[1] >= 0.8 * w[0]);
    let regular = |s| settles(s) || unbounded(s);
    // (The gaps were measured at h, h/2, h/4, h/8: smaller steps stay
    // inside a domain that the best step already fitted in.)
    if stuck && gaps[3] > 100.0 * noise && regular(lefts) && regular(rights) {
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
        assert_eq!(
            e,
            DerivativeError::NonFinitePoint {
                value: f64::INFINITY
            }
        );
        let e = derivative_with_error(f64::atan, f64::MAX).unwrap_err();
        assert_eq!(e, DerivativeError::NonFinitePoint { value: f64::MAX });
        assert!(derivative(f64::sin, f64::NAN).is_err());
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
        assert!(derivative(|x: f64| (x - 0.5).abs(), 0.5).is_err());
        // Near the edge of a domain, steps that reach outside it are retried smaller.
        assert_relative_eq!(
            derivative(f64::ln, 0.05).unwrap(),
            20.0,
            max_relative = 1e-9
        );
        assert_relative_eq!(
            derivative(f64::ln, 1e-6).unwrap(),
            1e6,
            max_relative = 1e-9
        );
        assert_relative_eq!(
            derivative(f64::sqrt, 0.01).unwrap(),
            5.0,
            max_relative = 1e-9
        );
        for x in [0.1, 0.05] {
            assert_relative_eq!(
                derivative(|x| 1.0 / x, x).unwrap(),
                -1.0 / (x * x),
                max_relative = 1e-9
            );
        }
        // Closer to the edge than any step scaled to 1: the steps are
        // rescaled to the point.
        for x in [1e-9, 1e-12, 3e-200] {
            let ln = derivative_with_error(f64::ln, x).unwrap();
            assert_relative_eq!(ln.value, 1.0 / x, max_relative = 1e-9);
            let sqrt = derivative_with_error(f64::sqrt, x).unwrap();
            assert_relative_eq!(
                sqrt.value,
                0.5 / x.sqrt(),
                max_relative = 1e-9
            );
            let neg = derivative_with_error(|t: f64| (-t).ln(), -x).unwrap();
            assert_relative_eq!(neg.value, -1.0 / x, max_relative = 1e-9);
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
    fn messages_say_what_was_wrong_and_what_to_do() {
        let e = derivative_with_error(|x| (1e12 * x).sin(), 1.0).unwrap_err();
        assert!(matches!(e, DerivativeError::Unresolved { at: 1.0, .. }));
        let m = e.to_string();
        assert!(m.contains("faster than the steps can resolve"), "{m}");
        assert!(m.contains("f(x + u / k)"), "{m}");
        let e = derivative_with_error(f64::cbrt, 0.0).unwrap_err();
        let m = e.to_string();
        assert!(m.contains("grow without bound"), "{m}");
        assert!(m.contains("ask at a nearby point"), "{m}");
        let e = derivative_with_error(|x| 1e307 * x.powi(4), 2.0).unwrap_err();
        let m = e.to_string();
        assert!(m.contains("too large for an f64"), "{m}");
        assert!(m.contains("scaled-down function"), "{m}");
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
