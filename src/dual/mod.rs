//! Forward-mode automatic differentiation with dual numbers.
//!
//! A *dual number* $a + b\varepsilon$ pairs a value $a$ with a second part
//! $b$, where the new unit $\varepsilon$ is not zero but squares to zero,
//! $\varepsilon^2 = 0$. Put one into the Taylor series of a smooth function
//! and every term past the first power of $\varepsilon$ vanishes:
//! $$f(a + b\varepsilon) = f(a) + f^\prime(a) b \varepsilon.$$
//! Evaluate $f$ at $x + 1\varepsilon$ and the result carries both $f(x)$ and
//! $f^\prime(x)$, exact up to rounding: there is no step to choose and no
//! truncation error, unlike the finite differences of [`crate::numeric`].
//! Each operation on [`Dual`] is one rule of differentiation (sum, product,
//! quotient, chain) turned into arithmetic on the pair, so any program built
//! from these operations carries its own derivative along. This is *forward
//! mode*: one evaluation gives the derivative with respect to one input.
//!
//! The parts of a dual number can be dual numbers themselves: evaluating at
//! $(x + \varepsilon_1) + (1 + 0\varepsilon_1)\varepsilon_2$ carries the
//! second derivative in the $\varepsilon_1\varepsilon_2$ part, which is how
//! [`hessian`] and [`second_derivative`] are exact too.
//!
//! Write the function once, generic over [`Real`], and pass it to
//! [`derivative`], [`gradient`], [`jacobian`] or [`hessian`] here, or to the
//! same functions of [`crate::numeric`]. Each returns the value together
//! with the derivatives, since one evaluation computes both.
//!
//! ```
//! use approx::assert_relative_eq;
//! use mvcalc::{Real, dual};
//!
//! // f(x) = x sin x, so f'(x) = sin x + x cos x.
//! fn f<T: Real>(x: T) -> T {
//!     x * x.sin()
//! }
//! let x = 2.0_f64;
//! let (y, dy) = dual::derivative(f, x);
//! assert_eq!(y, f(x));
//! assert_relative_eq!(dy, x.sin() + x * x.cos(), max_relative = 1e-15);
//! ```
//!
//! # Domain errors
//!
//! Nothing here panics. Outside a function's domain a dual number behaves
//! like `f64`: the logarithm or square root of a negative number, or a
//! negative number to a fractional power, gives NaN in both parts. Where the
//! slope $f^\prime(a)$ is infinite (`sqrt` and `ln` at zero, `powf` with an
//! exponent below one at zero, `recip` at zero) the derivative part is
//! infinite, or NaN when $b = 0$, exactly as the `f64` arithmetic of the
//! formula gives. In a gradient that NaN lands in the entries of the other
//! variables, whose derivative parts are $0$: the gradient of
//! $\sqrt{x} + y$ at $(0, 1)$ is $(\infty, \text{NaN})$ (see [`gradient`]).
//! Where the slope is finite but a textbook formula would divide by zero
//! ($x^3$ at zero) the slope is computed directly, so it is exact.

use std::fmt;
use std::iter::{Product, Sum};
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign,
};

use crate::Real;

mod calculus;
#[cfg(test)]
mod tests;

pub use calculus::{
    JacobianError, derivative, gradient, hessian, jacobian, second_derivative,
};

/// A dual number $a + b\varepsilon$ with $\varepsilon^2 = 0$: a value $a$
/// (`re`) and a derivative part $b$ (`eps`), carried along together.
///
/// Start from [`Dual::variable`] for the input you differentiate by, use
/// [`Dual::constant`] or plain `f64` for everything else, and the arithmetic
/// does the rest: the operators `+ - * /` work between duals and with `f64`
/// on either side, and the functions of [`Real`] (`sin`, `exp`, `ln`,
/// `tanh`, ...) apply the chain rule. The parts are `f64` unless you ask
/// for more: `Dual<Dual>` has dual parts and carries second derivatives.
///
/// # Examples
///
/// ```
/// use mvcalc::Real;
/// use mvcalc::dual::Dual;
///
/// // (3 + ε)² = 9 + 6ε: the square is 9 and its slope at 3 is 6.
/// let x = Dual::variable(3.0);
/// assert_eq!(x * x, Dual::new(9.0, 6.0));
///
/// // f64 mixes in on either side as a constant: 2x + 1 has slope 2.
/// assert_eq!(2.0 * x + 1.0, Dual::new(7.0, 2.0));
///
/// // The parts are public: the value and the slope of sin at 0.
/// let Dual { re, eps } = Dual::variable(0.0).sin();
/// assert_eq!((re, eps), (0.0, 1.0));
/// ```
// ANCHOR: dual_struct
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual<T = f64> {
    /// The value a: what the plain computation gives.
    pub re: T,
    /// The derivative part b, the coefficient of ε.
    pub eps: T,
}
// ANCHOR_END: dual_struct

impl<T> Dual<T> {
    /// The dual number $a + b\varepsilon$ with value `re` ($a$) and
    /// derivative part `eps` ($b$).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let d = Dual::new(3.0, 2.0);
    /// assert_eq!((d.re, d.eps), (3.0, 2.0));
    /// ```
    pub const fn new(re: T, eps: T) -> Dual<T> {
        Dual { re, eps }
    }
}

impl<T: Real> Dual<T> {
    /// The input you differentiate by, at the point $x$: $x + 1\varepsilon$,
    /// since $\frac{\mathrm{d}x}{\mathrm{d}x} = 1$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let x = Dual::variable(2.5);
    /// assert_eq!((x.re, x.eps), (2.5, 1.0));
    /// ```
    pub fn variable(x: T) -> Dual<T> {
        Dual::new(x, T::from(1.0))
    }

    /// A constant $c + 0\varepsilon$: it does not change with the input, so
    /// its derivative part is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let c = Dual::constant(4.0);
    /// assert_eq!((c.re, c.eps), (4.0, 0.0));
    /// // The slope of c x is c.
    /// assert_eq!((c * Dual::variable(7.0)).eps, 4.0);
    /// ```
    pub fn constant(c: T) -> Dual<T> {
        Dual::new(c, T::from(0.0))
    }

    /// The dual number with value $f(a)$ and derivative part
    /// $f^\prime(a) b$: the chain rule, given the value and the slope of
    /// $f$ at $a$.
    fn chain(self, value: T, slope: T) -> Dual<T> {
        Dual::new(value, slope * self.eps)
    }
}

/// The elementary functions, each by the chain rule: the value part is the
/// function of $a$, the derivative part its slope at $a$ times $b$.
impl<T: Real> Real for Dual<T> {
    /// The value part, all the way down: `Dual::new(Dual::new(2.0, 1.0),
    /// ...)` has plain value 2.
    fn re(self) -> f64 {
        self.re.re()
    }

    /// The sine, by the chain rule with $\sin^\prime = \cos$:
    /// $\sin(a + b\varepsilon) = \sin a + (\cos a) b \varepsilon$.
    // ANCHOR: dual_sin
    fn sin(self) -> Dual<T> {
        self.chain(self.re.sin(), self.re.cos())
    }
    // ANCHOR_END: dual_sin

    /// The cosine, by the chain rule with $\cos^\prime = -\sin$.
    fn cos(self) -> Dual<T> {
        self.chain(self.re.cos(), -self.re.sin())
    }

    /// The tangent, with $\tan^\prime = 1 + \tan^2$. Near a pole of $\tan$
    /// both parts are large, as for `f64`.
    fn tan(self) -> Dual<T> {
        let t = self.re.tan();
        self.chain(t, t * t + 1.0)
    }

    /// The inverse tangent, with $\arctan^\prime a = \frac{1}{1 + a^2}$.
    fn atan(self) -> Dual<T> {
        let a = self.re;
        self.chain(a.atan(), (a * a + 1.0).recip())
    }

    /// The exponential, its own derivative:
    /// $e^{a + b\varepsilon} = e^a + e^a b \varepsilon$.
    // ANCHOR: dual_exp
    fn exp(self) -> Dual<T> {
        let e = self.re.exp();
        self.chain(e, e)
    }
    // ANCHOR_END: dual_exp

    /// $e^x - 1$, with slope $e^a$.
    fn exp_m1(self) -> Dual<T> {
        self.chain(self.re.exp_m1(), self.re.exp())
    }

    /// The natural logarithm, with $\ln^\prime a = \frac{1}{a}$. Like
    /// `f64::ln`, NaN for $a < 0$ (in both parts) and $-\infty$ at $a = 0$,
    /// where the derivative part is infinite (or NaN when $b = 0$).
    fn ln(self) -> Dual<T> {
        let a = self.re;
        // The slope 1/a exists only where ln does.
        let slope = if a.re() < 0.0 {
            T::from(f64::NAN)
        } else {
            a.recip()
        };
        self.chain(a.ln(), slope)
    }

    /// $\ln(1 + x)$, with slope $\frac{1}{1 + a}$; NaN below $a = -1$.
    fn ln_1p(self) -> Dual<T> {
        let a = self.re;
        let slope = if a.re() < -1.0 {
            T::from(f64::NAN)
        } else {
            (a + 1.0).recip()
        };
        self.chain(a.ln_1p(), slope)
    }

    /// The square root, with $(\sqrt{a})^\prime = \frac{1}{2\sqrt{a}}$. NaN
    /// for $a < 0$; at $a = 0$ the derivative part is infinite (or NaN when
    /// $b = 0$).
    fn sqrt(self) -> Dual<T> {
        let s = self.re.sqrt();
        Dual::new(s, self.eps / (s * 2.0))
    }

    /// An integer power, by the power rule $(x^n)^\prime = n x^{n-1}$. The
    /// slope is computed directly, so it is exact at $a = 0$: the slope of
    /// $x^3$ at zero is $0$, not NaN, and $x^0$ has slope $0$ everywhere.
    fn powi(self, n: i32) -> Dual<T> {
        let a = self.re;
        let slope = match n {
            0 => T::from(0.0),
            // n - 1 does not fit in an i32, but is exact as an f64.
            i32::MIN => a.powf(f64::from(n) - 1.0) * f64::from(n),
            _ => a.powi(n - 1) * f64::from(n),
        };
        self.chain(a.powi(n), slope)
    }

    /// A real power, by the power rule, with the slope $n a^{n-1}$ computed
    /// directly, not through $\ln a$: finite at $a = 0$ for $n \ge 1$, and a
    /// negative base with a whole-number exponent works.
    fn powf(self, n: f64) -> Dual<T> {
        let a = self.re;
        let slope = if n == 0.0 {
            T::from(0.0)
        } else {
            a.powf(n - 1.0) * n
        };
        self.chain(a.powf(n), slope)
    }

    /// A power whose exponent is a dual number too. Writing
    /// $u^v = e^{v \ln u}$,
    /// $(a + b\varepsilon)^{c + d\varepsilon}
    ///   = a^c + \left(c a^{c-1} b + a^c \ln a \cdot d\right) \varepsilon$.
    /// A term whose factor $b$ or $d$ is zero is left out, so a constant
    /// exponent behaves as [`powf`](Real::powf) (a negative base works);
    /// where $a^c = 0$ the second term is zero, its limit as $a \to 0$.
    fn pow(self, exponent: Dual<T>) -> Dual<T> {
        let zero = T::from(0.0);
        let (a, b) = (self.re, self.eps);
        let (c, d) = (exponent.re, exponent.eps);
        let v = a.pow(c);
        let through_base = if b == zero || c == zero {
            zero
        } else {
            c * a.pow(c - 1.0) * b
        };
        let through_exponent = if d == zero || v == zero {
            zero
        } else {
            v * a.ln() * d
        };
        Dual::new(v, through_base + through_exponent)
    }

    /// The absolute value, with slope $\operatorname{sign} a$. At $a = 0$,
    /// where $\lvert x \rvert$ has a corner, the derivative part is $0$,
    /// halfway between the one-sided slopes $-b$ and $b$.
    fn abs(self) -> Dual<T> {
        let a = self.re.re();
        let sign = if a == 0.0 { 0.0 } else { a.signum() };
        Dual::new(self.re.abs(), self.eps * sign)
    }

    /// The reciprocal, with $(1/x)^\prime = -1/x^2$. At $a = 0$ both parts
    /// are infinite, as for `f64`.
    fn recip(self) -> Dual<T> {
        let r = self.re.recip();
        self.chain(r, -(r * r))
    }

    /// The hyperbolic sine, with $\sinh^\prime = \cosh$.
    fn sinh(self) -> Dual<T> {
        self.chain(self.re.sinh(), self.re.cosh())
    }

    /// The hyperbolic cosine, with $\cosh^\prime = \sinh$.
    fn cosh(self) -> Dual<T> {
        self.chain(self.re.cosh(), self.re.sinh())
    }

    /// The hyperbolic tangent, with
    /// $\tanh^\prime = 1 - \tanh^2 = \frac{1}{\cosh^2}$, computed as the
    /// latter, which does not cancel where $\tanh a$ is near $\pm 1$.
    fn tanh(self) -> Dual<T> {
        let c = self.re.cosh();
        self.chain(self.re.tanh(), (c * c).recip())
    }

    /// The logistic function, with $\sigma^\prime = \sigma (1 - \sigma)$,
    /// which stays finite (and tends to 0) for large $\abs{a}$.
    fn sigmoid(self) -> Dual<T> {
        let s = self.re.sigmoid();
        self.chain(s, s * (-s + 1.0))
    }
}

/// The sum rule, part by part:
/// $(a + b\varepsilon) + (c + d\varepsilon) = (a + c) + (b + d)\varepsilon$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// let (x, y) = (Dual::variable(2.0), Dual::new(5.0, 3.0));
/// assert_eq!(x + y, Dual::new(7.0, 4.0));
/// ```
impl<T: Real> Add for Dual<T> {
    type Output = Dual<T>;

    fn add(self, rhs: Dual<T>) -> Dual<T> {
        Dual::new(self.re + rhs.re, self.eps + rhs.eps)
    }
}

/// The difference rule, part by part:
/// $(a + b\varepsilon) - (c + d\varepsilon) = (a - c) + (b - d)\varepsilon$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// let (x, y) = (Dual::variable(2.0), Dual::new(5.0, 3.0));
/// assert_eq!(x - y, Dual::new(-3.0, -2.0));
/// ```
impl<T: Real> Sub for Dual<T> {
    type Output = Dual<T>;

    fn sub(self, rhs: Dual<T>) -> Dual<T> {
        Dual::new(self.re - rhs.re, self.eps - rhs.eps)
    }
}

/// The product rule, $(uv)^\prime = u^\prime v + u v^\prime$, from
/// multiplying out and dropping $\varepsilon^2 = 0$:
/// $$(a + b\varepsilon)(c + d\varepsilon) = ac + (ad + bc)\varepsilon.$$
///
/// # Examples
///
/// ```
/// use mvcalc::Real;
/// use mvcalc::dual::Dual;
///
/// // d/dx x sin x = sin x + x cos x.
/// let x = Dual::variable(2.0);
/// let y = x * x.sin();
/// assert_eq!(y.eps, 2.0 * 2.0_f64.cos() + 1.0 * 2.0_f64.sin());
/// ```
// ANCHOR: dual_mul
impl<T: Real> Mul for Dual<T> {
    type Output = Dual<T>;

    fn mul(self, rhs: Dual<T>) -> Dual<T> {
        // (a + bε)(c + dε) = ac + (ad + bc)ε + bdε², and ε² = 0.
        Dual::new(self.re * rhs.re, self.re * rhs.eps + self.eps * rhs.re)
    }
}
// ANCHOR_END: dual_mul

/// The quotient rule, $(u/v)^\prime = (u^\prime v - u v^\prime)/v^2$, from
/// multiplying top and bottom by $c - d\varepsilon$:
/// $$\frac{a + b\varepsilon}{c + d\varepsilon} = \frac{a}{c} + \frac{bc - ad}{c^2} \varepsilon.$$
///
/// Dividing by zero gives infinities or NaN, as for `f64`.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// // d/dx x / (1 + x) = 1 / (1 + x)², which is 1/4 at x = 1.
/// let x = Dual::variable(1.0);
/// assert_eq!(x / (1.0 + x), Dual::new(0.5, 0.25));
/// ```
// ANCHOR: dual_div
impl<T: Real> Div for Dual<T> {
    type Output = Dual<T>;

    fn div(self, rhs: Dual<T>) -> Dual<T> {
        // The quotient rule (bc - ad) / c², written (b - (a/c) d) / c
        // so that c² cannot overflow.
        let q = self.re / rhs.re;
        Dual::new(q, (self.eps - q * rhs.eps) / rhs.re)
    }
}
// ANCHOR_END: dual_div

/// Negation, part by part: $-(a + b\varepsilon) = -a - b\varepsilon$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// assert_eq!(-Dual::new(3.0, 2.0), Dual::new(-3.0, -2.0));
/// ```
impl<T: Real> Neg for Dual<T> {
    type Output = Dual<T>;

    fn neg(self) -> Dual<T> {
        Dual::new(-self.re, -self.eps)
    }
}

/// Arithmetic between a dual number and an `f64`, which acts as a constant
/// $c + 0\varepsilon$. Each impl computes the value part exactly as the `f64`
/// operation does and skips the multiplications by zero.
macro_rules! mixed_op {
    (
        $(#[$doc:meta])*
        $Trait:ident, $method:ident, $Lhs:ty, $Rhs:ty,
        |$l:ident, $r:ident| $body:expr
    ) => {
        $(#[$doc])*
        impl<T: Real> $Trait<$Rhs> for $Lhs {
            type Output = Dual<T>;

            fn $method(self, rhs: $Rhs) -> Dual<T> {
                let ($l, $r) = (self, rhs);
                $body
            }
        }
    };
}

mixed_op!(
    /// $(a + b\varepsilon) + c = (a + c) + b\varepsilon$.
    Add, add, Dual<T>, f64, |x, c| Dual::new(x.re + c, x.eps)
);
mixed_op!(
    /// $c + (a + b\varepsilon) = (c + a) + b\varepsilon$.
    Add, add, f64, Dual<T>, |c, x| Dual::new(T::from(c) + x.re, x.eps)
);
mixed_op!(
    /// $(a + b\varepsilon) - c = (a - c) + b\varepsilon$.
    Sub, sub, Dual<T>, f64, |x, c| Dual::new(x.re - c, x.eps)
);
mixed_op!(
    /// $c - (a + b\varepsilon) = (c - a) - b\varepsilon$.
    Sub, sub, f64, Dual<T>, |c, x| Dual::new(T::from(c) - x.re, -x.eps)
);
mixed_op!(
    /// $(a + b\varepsilon) c = ac + bc\varepsilon$.
    Mul, mul, Dual<T>, f64, |x, c| Dual::new(x.re * c, x.eps * c)
);
mixed_op!(
    /// $c (a + b\varepsilon) = ca + cb\varepsilon$.
    Mul, mul, f64, Dual<T>, |c, x| Dual::new(x.re * c, x.eps * c)
);
mixed_op!(
    /// $\frac{a + b\varepsilon}{c} = \frac{a}{c} + \frac{b}{c}\varepsilon$.
    Div, div, Dual<T>, f64, |x, c| Dual::new(x.re / c, x.eps / c)
);
mixed_op!(
    /// $\frac{c}{a + b\varepsilon} = \frac{c}{a} - \frac{c}{a} \cdot \frac{b}{a} \varepsilon$.
    Div, div, f64, Dual<T>, |c, x| {
        let q = T::from(c) / x.re;
        Dual::new(q, -(q * x.eps) / x.re)
    }
);

/// The compound assignments `+= -= *= /=`, with a dual or an `f64` on the
/// right, as `x = x op rhs`.
macro_rules! assign_op {
    ($Trait:ident, $method:ident, $op:tt) => {
        /// `x op= y` is `x = x op y`, by the rule for the operator.
        impl<T: Real> $Trait<Dual<T>> for Dual<T> {
            fn $method(&mut self, rhs: Dual<T>) {
                *self = *self $op rhs;
            }
        }

        /// `x op= c` is `x = x op c`, with `c` a constant.
        impl<T: Real> $Trait<f64> for Dual<T> {
            fn $method(&mut self, rhs: f64) {
                *self = *self $op rhs;
            }
        }
    };
}

assign_op!(AddAssign, add_assign, +);
assign_op!(SubAssign, sub_assign, -);
assign_op!(MulAssign, mul_assign, *);
assign_op!(DivAssign, div_assign, /);

/// The sum of dual numbers, by the sum rule: an empty sum is $0$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// // d/dx (x + 2x + 3x) = 6.
/// let x = Dual::variable(1.0);
/// let total: Dual = (1..=3).map(|k| x * f64::from(k)).sum();
/// assert_eq!(total, Dual::new(6.0, 6.0));
/// ```
impl<T: Real> Sum for Dual<T> {
    fn sum<I: Iterator<Item = Dual<T>>>(iter: I) -> Dual<T> {
        iter.fold(Dual::constant(T::from(0.0)), |acc, x| acc + x)
    }
}

/// The sum of borrowed dual numbers, as for owned ones.
impl<'a, T: Real> Sum<&'a Dual<T>> for Dual<T> {
    fn sum<I: Iterator<Item = &'a Dual<T>>>(iter: I) -> Dual<T> {
        iter.copied().sum()
    }
}

/// The product of dual numbers, by the product rule: an empty product is
/// $1$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// // d/dx x³ = 3x², which is 12 at x = 2.
/// let x = Dual::variable(2.0);
/// let cube: Dual = [x, x, x].iter().product();
/// assert_eq!(cube, Dual::new(8.0, 12.0));
/// ```
impl<T: Real> Product for Dual<T> {
    fn product<I: Iterator<Item = Dual<T>>>(iter: I) -> Dual<T> {
        iter.fold(Dual::constant(T::from(1.0)), |acc, x| acc * x)
    }
}

/// The product of borrowed dual numbers, as for owned ones.
impl<'a, T: Real> Product<&'a Dual<T>> for Dual<T> {
    fn product<I: Iterator<Item = &'a Dual<T>>>(iter: I) -> Dual<T> {
        iter.copied().product()
    }
}

/// Prints $a + b\varepsilon$ as `3 + 2ε`, or `3 - 2ε` when the derivative
/// part is negative. A precision such as `{:.2}` applies to both parts. The
/// parts of a nested dual number are printed in parentheses.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// assert_eq!(Dual::new(3.0, 2.0).to_string(), "3 + 2ε");
/// assert_eq!(Dual::new(0.5, -1.25).to_string(), "0.5 - 1.25ε");
/// assert_eq!(format!("{:.2}", Dual::variable(1.0 / 3.0)), "0.33 + 1.00ε");
/// let nested = Dual::variable(Dual::variable(2.0));
/// assert_eq!(nested.to_string(), "(2 + 1ε) + (1 + 0ε)ε");
/// ```
impl<T: Real> fmt::Display for Dual<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let negative = self.eps.re().is_sign_negative();
        let sign = if negative { '-' } else { '+' };
        let b = if negative { -self.eps } else { self.eps };
        let plain =
            std::any::TypeId::of::<T>() == std::any::TypeId::of::<f64>();
        let (open, close) = if plain { ("", "") } else { ("(", ")") };
        let a = self.re;
        match f.precision() {
            Some(p) => {
                write!(f, "{open}{a:.p$}{close} {sign} {open}{b:.p$}{close}ε")
            }
            None => write!(f, "{open}{a}{close} {sign} {open}{b}{close}ε"),
        }
    }
}

/// A constant: `Dual::from(c)` is [`Dual::constant`]`(c)`, $c + 0\varepsilon$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// assert_eq!(Dual::from(2.0), Dual::new(2.0, 0.0));
/// ```
impl<T: Real> From<f64> for Dual<T> {
    fn from(c: f64) -> Dual<T> {
        Dual::constant(T::from(c))
    }
}
