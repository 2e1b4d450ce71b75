//! Forward-mode automatic differentiation with dual numbers.
//!
//! A *dual number* $a + b\varepsilon$ pairs a value $a$ with a second part
//! $b$, where the new unit $\varepsilon$ is not zero but squares to zero,
//! $\varepsilon^2 = 0$. Put one into the Taylor series of a smooth function
//! and every term past the first power of $\varepsilon$ vanishes:
//! $$f(a + b\varepsilon) = f(a) + f^\prime(a) b \varepsilon.$$
//! Evaluate $f$ at $x + 1\varepsilon$ and the result carries both $f(x)$ and
//! $f^\prime(x)$, exact up to rounding: there is no step to choose and no
//! truncation error, unlike the finite differences of
//! [`crate::derivative`]. Each operation on [`Dual`] is one rule of
//! differentiation (sum, product, quotient, chain) turned into arithmetic on
//! the pair, so any program built from these operations carries its own
//! derivative along. This is *forward mode*: one evaluation gives the
//! derivative with respect to one input.
//!
//! ```
//! use approx::assert_relative_eq;
//! use mvcalc::dual::{Dual, derivative};
//!
//! // f(x) = x sin x, so f'(x) = sin x + x cos x.
//! let f = |x: Dual| x * x.sin();
//! let x = 2.0_f64;
//! assert_relative_eq!(derivative(f, x), x.sin() + x * x.cos(), max_relative = 1e-15);
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
//! $\sqrt{x} + y$ at $(0, 1)$ is $(\infty, \text{NaN})$ (see
//! [`dual_gradient`](crate::multivariate::dual_gradient)). Where the slope
//! is finite but a textbook formula would divide by zero ($x^3$ at zero)
//! the slope is computed directly, so it is exact.

use std::fmt;
use std::ops::{
    Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign,
};

/// A dual number $a + b\varepsilon$ with $\varepsilon^2 = 0$: a value $a$
/// and a derivative part $b$, carried along together.
///
/// Start from [`Dual::variable`] for the input you differentiate by, use
/// [`Dual::constant`] or plain `f64` for everything else, and the arithmetic
/// does the rest: the operators `+ - * /` work between duals and with `f64`
/// on either side.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// // (3 + ε)² = 9 + 6ε: the square is 9 and its slope at 3 is 6.
/// let x = Dual::variable(3.0);
/// assert_eq!(x * x, Dual::new(9.0, 6.0));
///
/// // f64 mixes in on either side as a constant: 2x + 1 has slope 2.
/// assert_eq!(2.0 * x + 1.0, Dual::new(7.0, 2.0));
/// ```
// ANCHOR: dual_struct
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The value a: what the plain `f64` computation gives.
    value: f64,
    /// The derivative part b, the coefficient of ε.
    derivative: f64,
}
// ANCHOR_END: dual_struct

impl Dual {
    /// The dual number $a + b\varepsilon$ with value `value` ($a$) and
    /// derivative part `derivative` ($b$).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let d = Dual::new(3.0, 2.0);
    /// assert_eq!((d.value(), d.derivative()), (3.0, 2.0));
    /// ```
    pub const fn new(value: f64, derivative: f64) -> Dual {
        Dual { value, derivative }
    }

    /// The input you differentiate by, at the point $x$: $x + 1\varepsilon$,
    /// since $\frac{\mathrm{d}x}{\mathrm{d}x} = 1$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let x = Dual::variable(2.5);
    /// assert_eq!((x.value(), x.derivative()), (2.5, 1.0));
    /// ```
    pub const fn variable(x: f64) -> Dual {
        Dual::new(x, 1.0)
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
    /// assert_eq!((c.value(), c.derivative()), (4.0, 0.0));
    /// // The slope of c x is c.
    /// assert_eq!((c * Dual::variable(7.0)).derivative(), 4.0);
    /// ```
    pub const fn constant(c: f64) -> Dual {
        Dual::new(c, 0.0)
    }

    /// The value part $a$ of $a + b\varepsilon$: the result the same
    /// computation gives on plain `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// assert_eq!(Dual::variable(3.0).powi(2).value(), 9.0);
    /// ```
    pub const fn value(self) -> f64 {
        self.value
    }

    /// The derivative part $b$ of $a + b\varepsilon$: after evaluating $f$ at
    /// [`Dual::variable`]`(x)` it is $f^\prime(x)$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// // d/dx x² = 2x, which is 6 at x = 3.
    /// assert_eq!(Dual::variable(3.0).powi(2).derivative(), 6.0);
    /// ```
    pub const fn derivative(self) -> f64 {
        self.derivative
    }

    /// The sine, by the chain rule with $\sin^\prime = \cos$:
    /// $$\sin(a + b\varepsilon) = \sin a + (\cos a) b \varepsilon.$$
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(0.5).sin();
    /// assert_eq!(y, Dual::new(0.5_f64.sin(), 0.5_f64.cos()));
    /// ```
    // ANCHOR: dual_sin
    pub fn sin(self) -> Dual {
        Dual::new(self.value.sin(), self.value.cos() * self.derivative)
    }
    // ANCHOR_END: dual_sin

    /// The exponential, its own derivative:
    /// $$e^{a + b\varepsilon} = e^a + e^a b \varepsilon.$$
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(1.0).exp();
    /// assert_eq!(y, Dual::new(1.0_f64.exp(), 1.0_f64.exp()));
    /// ```
    // ANCHOR: dual_exp
    pub fn exp(self) -> Dual {
        let e = self.value.exp();
        Dual::new(e, e * self.derivative)
    }
    // ANCHOR_END: dual_exp

    /// The cosine, by the chain rule with $\cos^\prime = -\sin$:
    /// $$\cos(a + b\varepsilon) = \cos a - (\sin a) b \varepsilon.$$
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(0.5).cos();
    /// assert_eq!(y, Dual::new(0.5_f64.cos(), -0.5_f64.sin()));
    /// ```
    pub fn cos(self) -> Dual {
        Dual::new(self.value.cos(), -self.value.sin() * self.derivative)
    }

    /// The tangent, by the chain rule with
    /// $\tan^\prime = \frac{1}{\cos^2} = 1 + \tan^2$:
    /// $$\tan(a + b\varepsilon) = \tan a + (1 + \tan^2 a) b \varepsilon.$$
    ///
    /// Near a pole of $\tan$ both parts are large, as for `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_relative_eq;
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(1.0).tan();
    /// assert_eq!(y.value(), 1.0_f64.tan());
    /// assert_relative_eq!(y.derivative(), 1.0 / 1.0_f64.cos().powi(2), max_relative = 1e-14);
    /// ```
    pub fn tan(self) -> Dual {
        let t = self.value.tan();
        Dual::new(t, (1.0 + t * t) * self.derivative)
    }

    /// The natural logarithm, by the chain rule with
    /// $\ln^\prime a = \frac{1}{a}$:
    /// $$\ln(a + b\varepsilon) = \ln a + \frac{b}{a} \varepsilon.$$
    ///
    /// Like `f64::ln`, it gives NaN for $a < 0$ (in both parts) and
    /// $-\infty$ for $a = 0$, where the derivative part is infinite (or NaN
    /// when $b = 0$).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(4.0).ln();
    /// assert_eq!(y, Dual::new(4.0_f64.ln(), 0.25));
    ///
    /// // Outside the domain, NaN as for f64.
    /// let bad = Dual::variable(-1.0).ln();
    /// assert!(bad.value().is_nan() && bad.derivative().is_nan());
    /// ```
    pub fn ln(self) -> Dual {
        let a = self.value;
        // The slope 1/a exists only where ln does.
        let derivative = if a < 0.0 {
            f64::NAN
        } else {
            self.derivative / a
        };
        Dual::new(a.ln(), derivative)
    }

    /// The square root, by the chain rule with
    /// $(\sqrt{a})^\prime = \frac{1}{2\sqrt{a}}$:
    /// $$\sqrt{a + b\varepsilon} = \sqrt{a} + \frac{b}{2\sqrt{a}} \varepsilon.$$
    ///
    /// Like `f64::sqrt`, it gives NaN for $a < 0$ (in both parts). At $a = 0$
    /// the slope is infinite, so the derivative part is infinite (or NaN when
    /// $b = 0$).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// let y = Dual::variable(4.0).sqrt();
    /// assert_eq!(y, Dual::new(2.0, 0.25));
    /// assert!(Dual::variable(-4.0).sqrt().derivative().is_nan());
    /// ```
    pub fn sqrt(self) -> Dual {
        let s = self.value.sqrt();
        Dual::new(s, self.derivative / (2.0 * s))
    }

    /// An integer power, by the power rule $(x^n)^\prime = n x^{n-1}$:
    /// $$(a + b\varepsilon)^n = a^n + n a^{n-1} b \varepsilon.$$
    ///
    /// The slope $n a^{n-1}$ is computed directly, so it is exact at $a = 0$:
    /// the slope of $x^3$ at zero is $0$, not NaN, and $x^0$ has slope $0$
    /// everywhere. Negative powers of zero are infinite, as for `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// assert_eq!(Dual::variable(2.0).powi(3), Dual::new(8.0, 12.0));
    /// assert_eq!(Dual::variable(0.0).powi(3), Dual::new(0.0, 0.0));
    /// ```
    pub fn powi(self, n: i32) -> Dual {
        let a = self.value;
        let slope = match n {
            0 => 0.0,
            // n - 1 does not fit in an i32, but is exact as an f64.
            i32::MIN => f64::from(n) * a.powf(f64::from(n) - 1.0),
            _ => f64::from(n) * a.powi(n - 1),
        };
        Dual::new(a.powi(n), slope * self.derivative)
    }

    /// A real power, by the power rule $(x^n)^\prime = n x^{n-1}$:
    /// $$(a + b\varepsilon)^n = a^n + n a^{n-1} b \varepsilon.$$
    ///
    /// The slope $n a^{n-1}$ is computed directly, not through $\ln a$, so at
    /// $a = 0$ with $n \ge 1$ it is finite (the slope of $x^{2.5}$ at zero
    /// is $0$), and a negative base with a whole-number exponent works. A
    /// negative base with a fractional exponent gives NaN in both parts, as
    /// for `f64::powf`.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_relative_eq;
    /// use mvcalc::dual::Dual;
    ///
    /// // d/dx x^1.5 = 1.5 x^0.5, which is 3 at x = 4.
    /// let y = Dual::variable(4.0).powf(1.5);
    /// assert_relative_eq!(y.value(), 8.0, max_relative = 1e-15);
    /// assert_relative_eq!(y.derivative(), 3.0, max_relative = 1e-15);
    ///
    /// assert_eq!(Dual::variable(0.0).powf(2.5), Dual::new(0.0, 0.0));
    /// ```
    pub fn powf(self, n: f64) -> Dual {
        let a = self.value;
        let slope = if n == 0.0 { 0.0 } else { n * a.powf(n - 1.0) };
        Dual::new(a.powf(n), slope * self.derivative)
    }

    /// A power whose exponent is a dual number too. Writing
    /// $u^v = e^{v \ln u}$ and applying the chain rule,
    /// $$(a + b\varepsilon)^{c + d\varepsilon}
    ///   = a^c + \left(c a^{c-1} b + a^c \ln a \cdot d\right) \varepsilon.$$
    ///
    /// The first term is the power rule through the base, the second the
    /// exponential rule through the exponent. A term whose factor $b$ or $d$
    /// is zero is left out, so a constant exponent behaves as
    /// [`powf`](Dual::powf) (a negative base works) and a constant base
    /// never needs a slope in the base. Where $a^c = 0$ the second term is
    /// zero, its limit as $a \to 0$.
    ///
    /// # Examples
    ///
    /// ```
    /// use approx::assert_relative_eq;
    /// use mvcalc::dual::Dual;
    ///
    /// // d/dx x^x = x^x (1 + ln x), which is 4 (1 + ln 2) at x = 2.
    /// let x = Dual::variable(2.0);
    /// let y = x.powd(x);
    /// assert_eq!(y.value(), 4.0);
    /// assert_relative_eq!(y.derivative(), 4.0 * (1.0 + 2.0_f64.ln()), max_relative = 1e-15);
    /// ```
    pub fn powd(self, exponent: Dual) -> Dual {
        let (a, b) = (self.value, self.derivative);
        let (c, d) = (exponent.value, exponent.derivative);
        let v = a.powf(c);
        let through_base = if b == 0.0 || c == 0.0 {
            0.0
        } else {
            c * a.powf(c - 1.0) * b
        };
        let through_exponent = if d == 0.0 || v == 0.0 {
            0.0
        } else {
            v * a.ln() * d
        };
        Dual::new(v, through_base + through_exponent)
    }

    /// The absolute value, with slope $\operatorname{sign} a$:
    /// $$\lvert a + b\varepsilon \rvert
    ///   = \lvert a \rvert + (\operatorname{sign} a) b \varepsilon.$$
    ///
    /// At $a = 0$, where $\lvert x \rvert$ has a corner, the derivative
    /// part is $0$, halfway between the one-sided slopes $-b$ and $b$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// assert_eq!(Dual::variable(-3.0).abs(), Dual::new(3.0, -1.0));
    /// assert_eq!(Dual::variable(0.0).abs(), Dual::new(0.0, 0.0));
    /// ```
    pub fn abs(self) -> Dual {
        let a = self.value;
        let slope = if a == 0.0 { 0.0 } else { a.signum() };
        Dual::new(a.abs(), slope * self.derivative)
    }

    /// The reciprocal, by the chain rule with $(1/x)^\prime = -1/x^2$:
    /// $$\frac{1}{a + b\varepsilon} = \frac{1}{a} - \frac{b}{a^2} \varepsilon.$$
    ///
    /// At $a = 0$ both parts are infinite, as for `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::dual::Dual;
    ///
    /// assert_eq!(Dual::variable(2.0).recip(), Dual::new(0.5, -0.25));
    /// ```
    pub fn recip(self) -> Dual {
        let r = self.value.recip();
        Dual::new(r, -r * r * self.derivative)
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
impl Add for Dual {
    type Output = Dual;

    fn add(self, rhs: Dual) -> Dual {
        Dual::new(self.value + rhs.value, self.derivative + rhs.derivative)
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
impl Sub for Dual {
    type Output = Dual;

    fn sub(self, rhs: Dual) -> Dual {
        Dual::new(self.value - rhs.value, self.derivative - rhs.derivative)
    }
}

/// The product rule, $(uv)^\prime = u^\prime v + u v^\prime$, from
/// multiplying out and dropping $\varepsilon^2 = 0$:
/// $$(a + b\varepsilon)(c + d\varepsilon) = ac + (ad + bc)\varepsilon.$$
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// // d/dx x sin x = sin x + x cos x.
/// let x = Dual::variable(2.0);
/// let y = x * x.sin();
/// assert_eq!(y.derivative(), 2.0 * 2.0_f64.cos() + 1.0 * 2.0_f64.sin());
/// ```
// ANCHOR: dual_mul
impl Mul for Dual {
    type Output = Dual;

    fn mul(self, rhs: Dual) -> Dual {
        // (a + bε)(c + dε) = ac + (ad + bc)ε + bdε², and ε² = 0.
        Dual::new(
            self.value * rhs.value,
            self.value * rhs.derivative + self.derivative * rhs.value,
        )
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
impl Div for Dual {
    type Output = Dual;

    fn div(self, rhs: Dual) -> Dual {
        // The quotient rule (bc - ad) / c², written (b - (a/c) d) / c
        // so that c² cannot overflow.
        let q = self.value / rhs.value;
        Dual::new(q, (self.derivative - q * rhs.derivative) / rhs.value)
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
impl Neg for Dual {
    type Output = Dual;

    fn neg(self) -> Dual {
        Dual::new(-self.value, -self.derivative)
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
        impl $Trait<$Rhs> for $Lhs {
            type Output = Dual;

            fn $method(self, rhs: $Rhs) -> Dual {
                let ($l, $r) = (self, rhs);
                $body
            }
        }
    };
}

mixed_op!(
    /// $(a + b\varepsilon) + c = (a + c) + b\varepsilon$.
    Add, add, Dual, f64, |x, c| Dual::new(x.value + c, x.derivative)
);
mixed_op!(
    /// $c + (a + b\varepsilon) = (c + a) + b\varepsilon$.
    Add, add, f64, Dual, |c, x| Dual::new(c + x.value, x.derivative)
);
mixed_op!(
    /// $(a + b\varepsilon) - c = (a - c) + b\varepsilon$.
    Sub, sub, Dual, f64, |x, c| Dual::new(x.value - c, x.derivative)
);
mixed_op!(
    /// $c - (a + b\varepsilon) = (c - a) - b\varepsilon$.
    Sub, sub, f64, Dual, |c, x| Dual::new(c - x.value, -x.derivative)
);
mixed_op!(
    /// $(a + b\varepsilon) c = ac + bc\varepsilon$.
    Mul, mul, Dual, f64, |x, c| Dual::new(x.value * c, x.derivative * c)
);
mixed_op!(
    /// $c (a + b\varepsilon) = ca + cb\varepsilon$.
    Mul, mul, f64, Dual, |c, x| Dual::new(c * x.value, c * x.derivative)
);
mixed_op!(
    /// $\frac{a + b\varepsilon}{c} = \frac{a}{c} + \frac{b}{c}\varepsilon$.
    Div, div, Dual, f64, |x, c| Dual::new(x.value / c, x.derivative / c)
);
mixed_op!(
    /// $\frac{c}{a + b\varepsilon} = \frac{c}{a} - \frac{c}{a} \cdot \frac{b}{a} \varepsilon$.
    Div, div, f64, Dual, |c, x| {
        let q = c / x.value;
        Dual::new(q, -q * x.derivative / x.value)
    }
);

/// The compound assignments `+= -= *= /=`, with a dual or an `f64` on the
/// right, as `x = x op rhs`.
macro_rules! assign_op {
    ($Trait:ident, $method:ident, $op:tt) => {
        /// `x op= y` is `x = x op y`, by the rule for the operator.
        impl $Trait<Dual> for Dual {
            fn $method(&mut self, rhs: Dual) {
                *self = *self $op rhs;
            }
        }

        /// `x op= c` is `x = x op c`, with `c` a constant.
        impl $Trait<f64> for Dual {
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

/// Prints $a + b\varepsilon$ as `3 + 2ε`, or `3 - 2ε` when the derivative
/// part is negative. A precision such as `{:.2}` applies to both parts.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::Dual;
///
/// assert_eq!(Dual::new(3.0, 2.0).to_string(), "3 + 2ε");
/// assert_eq!(Dual::new(0.5, -1.25).to_string(), "0.5 - 1.25ε");
/// assert_eq!(format!("{:.2}", Dual::variable(1.0 / 3.0)), "0.33 + 1.00ε");
/// ```
impl fmt::Display for Dual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.derivative.is_sign_negative() {
            '-'
        } else {
            '+'
        };
        let (a, b) = (self.value, self.derivative.abs());
        match f.precision() {
            Some(p) => write!(f, "{a:.p$} {sign} {b:.p$}ε"),
            None => write!(f, "{a} {sign} {b}ε"),
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
impl From<f64> for Dual {
    fn from(c: f64) -> Dual {
        Dual::constant(c)
    }
}

/// The derivative $f^\prime(x)$, exact up to rounding, read off
/// $f(x + \varepsilon) = f(x) + f^\prime(x) \varepsilon$.
///
/// Write `f` with [`Dual`] arithmetic; it is evaluated once, at
/// [`Dual::variable`]`(x)`. Compare [`crate::derivative::derivative`],
/// which estimates the same number from values of an `f64` function.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::dual::{Dual, derivative};
///
/// // d/dx e^(x²) = 2x e^(x²), which is 4e⁴ at x = 2.
/// let d = derivative(|x: Dual| (x * x).exp(), 2.0);
/// assert_relative_eq!(d, 4.0 * 4.0_f64.exp(), max_relative = 1e-15);
/// ```
pub fn derivative(f: impl Fn(Dual) -> Dual, x: f64) -> f64 {
    f(Dual::variable(x)).derivative()
}

/// The value $f(x)$ and the derivative $f^\prime(x)$ together, from one
/// evaluation of $f(x + \varepsilon) = f(x) + f^\prime(x) \varepsilon$.
///
/// # Examples
///
/// ```
/// use mvcalc::dual::{Dual, value_and_derivative};
///
/// // f(x) = x³ - 2x has f(2) = 4 and f'(2) = 3 · 2² - 2 = 10.
/// let (y, dy) = value_and_derivative(|x: Dual| x.powi(3) - 2.0 * x, 2.0);
/// assert_eq!((y, dy), (4.0, 10.0));
/// ```
pub fn value_and_derivative(f: impl Fn(Dual) -> Dual, x: f64) -> (f64, f64) {
    let y = f(Dual::variable(x));
    (y.value(), y.derivative())
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    const POINTS: [f64; 7] = [-2.7, -1.0, -0.3, 0.0, 0.4, 1.3, 5.0];

    /// Checks `f` on duals against the value `fx` and slope `dfx` on `f64`
    /// at every point of `xs`, with the chain-rule factor `b` = 1 and 2.5.
    fn check(
        f: impl Fn(Dual) -> Dual,
        fx: impl Fn(f64) -> f64,
        dfx: impl Fn(f64) -> f64,
        xs: &[f64],
    ) {
        for &x in xs {
            for b in [1.0, 2.5] {
                let y = f(Dual::new(x, b));
                assert_eq!(
                    y.value().to_bits(),
                    fx(x).to_bits(),
                    "value at {x}"
                );
                assert_relative_eq!(
                    y.derivative(),
                    dfx(x) * b,
                    max_relative = 1e-14,
                    epsilon = 1e-300
                );
            }
        }
    }

    #[test]
    fn sin_cos_exp() {
        check(Dual::sin, f64::sin, f64::cos, &POINTS);
        check(Dual::cos, f64::cos, |x| -x.sin(), &POINTS);
        check(Dual::exp, f64::exp, f64::exp, &POINTS);
    }

    #[test]
    fn tan_is_one_over_cos_squared() {
        check(Dual::tan, f64::tan, |x| 1.0 / x.cos().powi(2), &POINTS);
        // Close to the pole at π/2 the slope is large but still right.
        let near_pole = std::f64::consts::FRAC_PI_2 - 1e-4;
        check(Dual::tan, f64::tan, |x| 1.0 / x.cos().powi(2), &[near_pole]);
    }

    #[test]
    fn ln_and_sqrt() {
        let positive = [1e-8, 0.3, 1.0, 2.0, 1e3, 1e300];
        check(Dual::ln, f64::ln, |x| 1.0 / x, &positive);
        check(Dual::sqrt, f64::sqrt, |x| 0.5 / x.sqrt(), &positive);
        check(Dual::recip, f64::recip, |x| -1.0 / (x * x), &POINTS[..3]);
        check(Dual::abs, f64::abs, f64::signum, &[-2.0, -1e-300, 3.0]);
    }

    #[test]
    fn powers() {
        for n in [-3, -1, 1, 2, 3, 7] {
            check(
                |x| x.powi(n),
                |x| x.powi(n),
                |x| f64::from(n) * x.powf(f64::from(n - 1)),
                &[-1.5, 0.5, 2.0],
            );
        }
        for n in [-2.5, 0.5, 1.0, 1.5, 3.0] {
            check(
                |x| x.powf(n),
                |x| x.powf(n),
                |x| n * x.powf(n - 1.0),
                &[0.5, 2.0, 9.0],
            );
        }
        // A dual exponent: d/dx 2^x = 2^x ln 2 and d/dx x^x = x^x (1 + ln x).
        check(
            |x| Dual::constant(2.0).powd(x),
            |x| 2.0_f64.powf(x),
            |x| 2.0_f64.powf(x) * 2.0_f64.ln(),
            &POINTS,
        );
        check(
            |x| x.powd(x),
            |x| x.powf(x),
            |x| x.powf(x) * (1.0 + x.ln()),
            &[0.3, 1.0, 2.0, 5.0],
        );
        // A constant exponent agrees with powf, negative base included.
        let x = Dual::variable(-2.0);
        assert_eq!(x.powd(Dual::constant(3.0)), x.powf(3.0));
        assert_eq!(x.powf(3.0), Dual::new(-8.0, 12.0));
    }

    #[test]
    fn powers_at_zero_have_exact_slopes() {
        let zero = Dual::variable(0.0);
        assert_eq!(zero.powi(3), Dual::new(0.0, 0.0));
        assert_eq!(zero.powi(1), Dual::new(0.0, 1.0));
        assert_eq!(zero.powi(0), Dual::new(1.0, 0.0));
        assert_eq!(zero.powf(3.0), Dual::new(0.0, 0.0));
        assert_eq!(zero.powf(2.5), Dual::new(0.0, 0.0));
        assert_eq!(zero.powf(1.0), Dual::new(0.0, 1.0));
        assert_eq!(zero.powf(0.0), Dual::new(1.0, 0.0));
        assert_eq!(zero.powd(Dual::constant(2.0)), Dual::new(0.0, 0.0));
        // 0^x is 0 for x > 0, so its slope in x is 0.
        assert_eq!(
            Dual::constant(0.0).powd(Dual::variable(2.0)),
            Dual::new(0.0, 0.0)
        );
        // An infinite slope is infinite, not NaN.
        assert_eq!(zero.powf(0.5).derivative(), f64::INFINITY);
        assert_eq!(zero.sqrt().derivative(), f64::INFINITY);
        assert_eq!(zero.powi(-1).derivative(), f64::NEG_INFINITY);
    }

    #[test]
    fn extreme_exponents_do_not_panic() {
        let x = Dual::variable(1.0);
        assert_eq!(x.powi(i32::MIN), Dual::new(1.0, f64::from(i32::MIN)));
        assert_eq!(x.powi(i32::MAX), Dual::new(1.0, f64::from(i32::MAX)));
        let y = Dual::variable(2.0).powi(i32::MIN);
        assert_eq!(y.value(), 0.0);
        assert_eq!(y.derivative(), -0.0);
    }

    #[test]
    fn domain_errors_are_nan_like_f64() {
        let neg = Dual::variable(-1.0);
        for y in [
            neg.ln(),
            neg.sqrt(),
            neg.powf(0.5),
            neg.powd(Dual::variable(0.5)),
        ] {
            assert!(y.value().is_nan() && y.derivative().is_nan(), "{y:?}");
        }
        let ln0 = Dual::variable(0.0).ln();
        assert_eq!(ln0, Dual::new(f64::NEG_INFINITY, f64::INFINITY));
        let q = Dual::variable(1.0) / Dual::constant(0.0);
        assert_eq!(q.value(), f64::INFINITY);
        let nan = Dual::new(f64::NAN, 1.0).sin();
        assert!(nan.value().is_nan() && nan.derivative().is_nan());
    }

    #[test]
    fn product_and_quotient_rules() {
        // u = x², v = sin x at x = 1.2.
        let x = 1.2_f64;
        let (u, du) = (x * x, 2.0 * x);
        let (v, dv) = (x.sin(), x.cos());
        let xd = Dual::variable(x);
        let (ud, vd) = (xd * xd, xd.sin());

        let p = ud * vd;
        assert_eq!(p.value(), u * v);
        assert_relative_eq!(
            p.derivative(),
            du * v + u * dv,
            max_relative = 1e-15
        );

        let q = ud / vd;
        assert_eq!(q.value(), u / v);
        assert_relative_eq!(
            q.derivative(),
            (du * v - u * dv) / (v * v),
            max_relative = 1e-14
        );

        // The quotient rule does not overflow where c² would.
        let big = Dual::new(1e200, 1e200) / Dual::new(1e200, 0.0);
        assert_eq!(big, Dual::new(1.0, 1.0));
    }

    #[test]
    fn mixed_operators_treat_f64_as_constants() {
        let x = Dual::new(3.0, 2.0);
        assert_eq!(x + 1.0, Dual::new(4.0, 2.0));
        assert_eq!(1.0 + x, Dual::new(4.0, 2.0));
        assert_eq!(x - 1.0, Dual::new(2.0, 2.0));
        assert_eq!(1.0 - x, Dual::new(-2.0, -2.0));
        assert_eq!(x * 4.0, Dual::new(12.0, 8.0));
        assert_eq!(4.0 * x, Dual::new(12.0, 8.0));
        assert_eq!(x / 4.0, Dual::new(0.75, 0.5));
        // d/dx 6/x = -6/x², times b = 2.
        assert_eq!(6.0 / x, Dual::new(2.0, -6.0 / 9.0 * 2.0));
        assert_eq!(-x, Dual::new(-3.0, -2.0));
        // Each mixed form agrees with the constant lifted to a dual.
        let c = Dual::constant(4.0);
        assert_eq!(x + 4.0, x + c);
        assert_eq!(4.0 - x, c - x);
        assert_eq!(x * 4.0, x * c);
        assert_eq!(4.0 / x, c / x);
        assert_eq!(Dual::from(4.0), c);
    }

    #[test]
    fn compound_assignment() {
        let mut y = Dual::variable(2.0);
        y *= Dual::variable(2.0); // x²
        y += 1.0; // x² + 1
        y -= Dual::variable(2.0); // x² - x + 1
        y /= 2.0; // (x² - x + 1)/2
        y *= 4.0; // 2x² - 2x + 2
        y -= 1.0; // 2x² - 2x + 1
        y += Dual::constant(1.0); // 2x² - 2x + 2
        y /= Dual::variable(2.0); // 2x - 2 + 2/x
        assert_eq!(y, Dual::new(3.0, 1.5));
    }

    #[test]
    fn convenience_functions() {
        let f = |x: Dual| x.sin() * x.exp();
        let x = 0.7_f64;
        let (y, dy) = value_and_derivative(f, x);
        assert_eq!(y, x.sin() * x.exp());
        assert_relative_eq!(
            dy,
            (x.sin() + x.cos()) * x.exp(),
            max_relative = 1e-15
        );
        assert_eq!(derivative(f, x), dy);
        // Agrees with the finite-difference estimate.
        let fd = crate::derivative::derivative(|t| t.sin() * t.exp(), x);
        assert_relative_eq!(dy, fd, max_relative = 1e-9);
    }

    #[test]
    fn display() {
        assert_eq!(Dual::new(3.0, 2.0).to_string(), "3 + 2ε");
        assert_eq!(Dual::new(3.0, -2.0).to_string(), "3 - 2ε");
        assert_eq!(Dual::new(-0.5, 0.0).to_string(), "-0.5 + 0ε");
        assert_eq!(Dual::new(1.0, -0.0).to_string(), "1 - 0ε");
        assert_eq!(Dual::new(1.0, f64::INFINITY).to_string(), "1 + infε");
        assert_eq!(Dual::new(f64::NAN, 1.0).to_string(), "NaN + 1ε");
        assert_eq!(format!("{:.3}", Dual::new(1.0, -2.0)), "1.000 - 2.000ε");
    }
}
