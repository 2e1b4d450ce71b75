//! [`Real`], the one scalar trait: what a function needs of its numbers to
//! be written once and differentiated every way.

use std::fmt;
use std::iter::{Product, Sum};
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign,
};

/// A real number as a differentiable function sees it: `f64` itself, a dual
/// number [`Dual`](crate::dual::Dual) (which carries a derivative along),
/// or a dual number of dual numbers (which carries second derivatives).
///
/// Write a function once, generic over `T: Real`, and every method of the
/// crate can differentiate it: [`numeric`](crate::numeric) evaluates it on
/// `f64`, [`dual`](crate::dual) on dual numbers.
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::{Real, dual, numeric};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = x² sin y, written once.
/// fn f<T: Real>(v: &DVector<T>) -> T {
///     v[0] * v[0] * v[1].sin()
/// }
///
/// let p = dvector![2.0, 0.5];
/// let by_differences = numeric::gradient(f, &p)?;
/// let (value, exact) = dual::gradient(f, &p);
/// let (x, y) = (2.0_f64, 0.5_f64);
/// assert_eq!(value, f(&p));
/// assert_relative_eq!(exact, dvector![2.0 * x * y.sin(), x * x * y.cos()]);
/// assert_relative_eq!(by_differences, exact, max_relative = 1e-9);
/// # Ok::<(), mvcalc::numeric::MultivariateError>(())
/// ```
///
/// # Constants
///
/// An `f64` mixes in on the right of every operator, `x * 3.0` or
/// `x + 1.0`, and `T::from(3.0)` lifts it to a `T` for the left:
/// `T::from(1.0) - x`. (Rust cannot promise `3.0 * x` for every `T`.)
///
/// # Domains
///
/// Outside a function's domain the result is NaN, as for `f64`: the
/// logarithm or square root of a negative number, or a negative number to a
/// fractional power.
pub trait Real:
    Copy
    + fmt::Debug
    + fmt::Display
    + PartialEq
    + 'static
    + From<f64>
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + AddAssign<f64>
    + SubAssign<f64>
    + MulAssign<f64>
    + DivAssign<f64>
    + Sum
    + Product
{
    /// The plain value: the number itself for `f64`, the value part for a
    /// dual number (all the way down, for a nested one).
    fn re(self) -> f64;
    /// The sine.
    fn sin(self) -> Self;
    /// The cosine.
    fn cos(self) -> Self;
    /// The tangent.
    fn tan(self) -> Self;
    /// The inverse tangent, in $(-\pi/2, \pi/2)$.
    fn atan(self) -> Self;
    /// The exponential $e^x$.
    fn exp(self) -> Self;
    /// $e^x - 1$, accurate for small $x$ where `exp(x) - 1` cancels.
    fn exp_m1(self) -> Self;
    /// The natural logarithm.
    fn ln(self) -> Self;
    /// $\ln(1 + x)$, accurate for small $x$ where `(1 + x).ln()` cancels.
    fn ln_1p(self) -> Self;
    /// The square root.
    fn sqrt(self) -> Self;
    /// An integer power $x^n$.
    fn powi(self, n: i32) -> Self;
    /// A real power $x^p$ with a constant exponent.
    fn powf(self, p: f64) -> Self;
    /// A power $x^y$ whose exponent varies too.
    fn pow(self, exponent: Self) -> Self;
    /// The absolute value.
    fn abs(self) -> Self;
    /// The reciprocal $1/x$.
    fn recip(self) -> Self;
    /// The hyperbolic sine.
    fn sinh(self) -> Self;
    /// The hyperbolic cosine.
    fn cosh(self) -> Self;
    /// The hyperbolic tangent, an activation function of neural networks.
    fn tanh(self) -> Self;
    /// The logistic function $\sigma(x) = \frac{1}{1 + e^{-x}}$, the
    /// activation function of chapter 3, computed without overflow for
    /// large $\abs{x}$.
    fn sigmoid(self) -> Self;
}

/// The logistic function on `f64`, in the form that cannot overflow:
/// $\frac{1}{1 + e^{-x}}$ for $x \ge 0$ and $\frac{e^x}{1 + e^x}$ below.
fn sigmoid_f64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `f64` is the plain case: every method is the standard library's.
impl Real for f64 {
    fn re(self) -> f64 {
        self
    }
    fn sin(self) -> f64 {
        f64::sin(self)
    }
    fn cos(self) -> f64 {
        f64::cos(self)
    }
    fn tan(self) -> f64 {
        f64::tan(self)
    }
    fn atan(self) -> f64 {
        f64::atan(self)
    }
    fn exp(self) -> f64 {
        f64::exp(self)
    }
    fn exp_m1(self) -> f64 {
        f64::exp_m1(self)
    }
    fn ln(self) -> f64 {
        f64::ln(self)
    }
    fn ln_1p(self) -> f64 {
        f64::ln_1p(self)
    }
    fn sqrt(self) -> f64 {
        f64::sqrt(self)
    }
    fn powi(self, n: i32) -> f64 {
        f64::powi(self, n)
    }
    fn powf(self, p: f64) -> f64 {
        f64::powf(self, p)
    }
    fn pow(self, exponent: f64) -> f64 {
        f64::powf(self, exponent)
    }
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    fn recip(self) -> f64 {
        f64::recip(self)
    }
    fn sinh(self) -> f64 {
        f64::sinh(self)
    }
    fn cosh(self) -> f64 {
        f64::cosh(self)
    }
    fn tanh(self) -> f64 {
        f64::tanh(self)
    }
    fn sigmoid(self) -> f64 {
        sigmoid_f64(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Real;

    #[test]
    fn sigmoid_is_the_logistic_function_without_overflow() {
        for x in [-30.0_f64, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0] {
            let direct = 1.0 / (1.0 + (-x).exp());
            approx::assert_relative_eq!(
                Real::sigmoid(x),
                direct,
                max_relative = 1e-15
            );
        }
        // σ(-x) = 1 - σ(x), and the tails neither overflow nor give NaN.
        approx::assert_relative_eq!(
            Real::sigmoid(-1.5_f64),
            1.0 - Real::sigmoid(1.5_f64),
            max_relative = 1e-15
        );
        assert_eq!(Real::sigmoid(-1000.0_f64), 0.0);
        assert_eq!(Real::sigmoid(1000.0_f64), 1.0);
        assert!(Real::sigmoid(f64::NAN).is_nan());
    }
}
