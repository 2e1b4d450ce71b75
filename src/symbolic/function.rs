//! The constants and the elementary functions an [`Expr`](super::Expr)
//! can contain, with their names.

use super::EvalError;
use std::fmt;
use std::str::FromStr;

/// A named mathematical constant.
///
/// Its name, `pi` or `e`, is what the parser reads: [`Display`](fmt::Display)
/// writes it and [`FromStr`] reads it.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Constant;
///
/// assert_eq!(Constant::Pi.value(), std::f64::consts::PI);
/// assert_eq!(Constant::E.to_string(), "e");
/// assert_eq!("pi".parse::<Constant>()?, Constant::Pi);
/// # Ok::<(), mvcalc::symbolic::UnknownNameError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constant {
    /// $\pi = 3.14159\ldots$, written `pi`.
    Pi,
    /// Euler's number $e = 2.71828\ldots$, written `e`.
    E,
}

impl Constant {
    /// Every constant.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Constant;
    ///
    /// assert_eq!(Constant::ALL, [Constant::Pi, Constant::E]);
    /// ```
    pub const ALL: [Constant; 2] = [Constant::Pi, Constant::E];

    /// The constant's value as an `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Constant;
    ///
    /// assert_eq!(Constant::E.value(), std::f64::consts::E);
    /// ```
    pub fn value(self) -> f64 {
        match self {
            Constant::Pi => std::f64::consts::PI,
            Constant::E => std::f64::consts::E,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }
}

impl fmt::Display for Constant {
    /// The name the parser reads: `pi` or `e`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Constant {
    type Err = UnknownNameError;

    /// The constant named `pi` or `e`.
    fn from_str(name: &str) -> Result<Constant, UnknownNameError> {
        Constant::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| UnknownNameError::new(name, Kind::Constant))
    }
}

/// An elementary function of one argument.
///
/// Its name, such as `sin` or `sigmoid`, is what the parser reads:
/// [`Display`](fmt::Display) writes it and [`FromStr`] reads it.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Function;
///
/// assert_eq!("ln".parse::<Function>()?, Function::Ln);
/// assert_eq!(Function::Tanh.to_string(), "tanh");
/// assert_eq!(Function::Sqrt.apply(9.0)?, 3.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Function {
    /// The sine, $\sin x$ (in radians).
    Sin,
    /// The cosine, $\cos x$ (in radians).
    Cos,
    /// The tangent, $\tan x = \frac{\sin x}{\cos x}$.
    Tan,
    /// The hyperbolic sine, $\sinh x = \frac{e^x - e^{-x}}{2}$.
    Sinh,
    /// The hyperbolic cosine, $\cosh x = \frac{e^x + e^{-x}}{2}$.
    Cosh,
    /// The hyperbolic tangent, $\tanh x = \frac{\sinh x}{\cosh x}$, which
    /// runs from $-1$ to $1$.
    Tanh,
    /// The exponential function, $e^x$, written `exp(x)`.
    Exp,
    /// The natural logarithm, $\ln x$, the inverse of $e^x$.
    Ln,
    /// The square root, $\sqrt{x}$.
    Sqrt,
    /// The absolute value, $|x|$, written `abs(x)`.
    Abs,
    /// The logistic sigmoid, $\sigma(x) = \frac{1}{1 + e^{-x}}$, which runs
    /// from $0$ to $1$.
    Sigmoid,
    /// The sign of a non-zero number, $\operatorname{sign} x = \frac{x}{|x|}$:
    /// $1$ for a positive number and $-1$ for a negative one. It is the
    /// slope of $|x|$, which has none at $0$, so it is undefined there:
    /// evaluating it at $\pm 0$ is an [`EvalError::SignOfZero`].
    Sign,
}

impl Function {
    /// Every function, in the order the parser's error messages list them.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Function;
    ///
    /// assert_eq!(Function::ALL.len(), 12);
    /// assert_eq!(Function::ALL[0], Function::Sin);
    /// ```
    pub const ALL: [Function; 12] = [
        Function::Sin,
        Function::Cos,
        Function::Tan,
        Function::Sinh,
        Function::Cosh,
        Function::Tanh,
        Function::Exp,
        Function::Ln,
        Function::Sqrt,
        Function::Abs,
        Function::Sigmoid,
        Function::Sign,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Function::Sin => "sin",
            Function::Cos => "cos",
            Function::Tan => "tan",
            Function::Sinh => "sinh",
            Function::Cosh => "cosh",
            Function::Tanh => "tanh",
            Function::Exp => "exp",
            Function::Ln => "ln",
            Function::Sqrt => "sqrt",
            Function::Abs => "abs",
            Function::Sigmoid => "sigmoid",
            Function::Sign => "sign",
        }
    }

    /// The function's value at `x`, in `f64` arithmetic: outside the domain
    /// the result is NaN, as for $\ln(-1)$, and the sigmoid is computed
    /// without overflow, as $\frac{e^x}{1 + e^x}$ for negative $x$.
    ///
    /// # Errors
    ///
    /// [`EvalError::SignOfZero`] for [`Function::Sign`] at $\pm 0$, where
    /// the sign, the slope of $|x|$, does not exist.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::{EvalError, Function};
    ///
    /// assert_eq!(Function::Ln.apply(1.0)?, 0.0);
    /// assert!(Function::Ln.apply(-1.0)?.is_nan());
    /// assert_eq!(Function::Sigmoid.apply(0.0)?, 0.5);
    /// assert_eq!(Function::Sign.apply(-3.0)?, -1.0);
    /// assert!(matches!(Function::Sign.apply(0.0), Err(EvalError::SignOfZero { .. })));
    /// # Ok::<(), EvalError>(())
    /// ```
    pub fn apply(self, x: f64) -> Result<f64, EvalError> {
        Ok(match self {
            Function::Sin => x.sin(),
            Function::Cos => x.cos(),
            Function::Tan => x.tan(),
            Function::Sinh => x.sinh(),
            Function::Cosh => x.cosh(),
            Function::Tanh => x.tanh(),
            Function::Exp => x.exp(),
            Function::Ln => x.ln(),
            Function::Sqrt => x.sqrt(),
            Function::Abs => x.abs(),
            Function::Sigmoid => sigmoid(x),
            Function::Sign if x == 0.0 => {
                return Err(EvalError::SignOfZero {
                    argument: super::display::format_number(x),
                });
            }
            // NaN stays NaN; the infinities have signs 1 and -1.
            Function::Sign if x.is_nan() => x,
            Function::Sign => 1f64.copysign(x),
        })
    }
}

/// $\frac{1}{1 + e^{-x}}$, written so that $e^{\pm x}$ never overflows.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

impl fmt::Display for Function {
    /// The name the parser reads, such as `sin` or `ln`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Function {
    type Err = UnknownNameError;

    /// The function with the given name, such as `sin` or `sigmoid`.
    fn from_str(name: &str) -> Result<Function, UnknownNameError> {
        Function::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownNameError::new(name, Kind::Function))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Function,
    Constant,
}

/// A name that is not a [`Function`] or not a [`Constant`], from their
/// [`FromStr`] implementations. The message lists the names there are.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Function;
///
/// let err = "log".parse::<Function>().unwrap_err();
/// assert_eq!(err.name(), "log");
/// assert!(err.to_string().starts_with("unknown function `log`; the functions are sin, cos"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownNameError {
    name: String,
    kind: Kind,
}

impl UnknownNameError {
    fn new(name: &str, kind: Kind) -> UnknownNameError {
        UnknownNameError {
            name: name.to_string(),
            kind,
        }
    }

    /// The name that was not found.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Constant;
    ///
    /// assert_eq!("tau".parse::<Constant>().unwrap_err().name(), "tau");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for UnknownNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, names): (&str, Vec<&str>) = match self.kind {
            Kind::Function => {
                ("function", Function::ALL.iter().map(|g| g.name()).collect())
            }
            Kind::Constant => {
                ("constant", Constant::ALL.iter().map(|c| c.name()).collect())
            }
        };
        write!(
            f,
            "unknown {what} `{}`; the {what}s are {}",
            super::parse::snippet(&self.name),
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownNameError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Function::ALL {
            assert_eq!(f.to_string().parse::<Function>(), Ok(f));
        }
        for c in Constant::ALL {
            assert_eq!(c.to_string().parse::<Constant>(), Ok(c));
        }
        let err = "tau".parse::<Constant>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown constant `tau`; the constants are pi, e"
        );
        let err = "Sin".parse::<Function>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown function `Sin`; the functions are sin, cos, tan, sinh, \
             cosh, tanh, exp, ln, sqrt, abs, sigmoid, sign"
        );
    }

    #[test]
    fn values_against_closed_forms() {
        let x = 0.7_f64;
        let (ex, emx) = (x.exp(), (-x).exp());
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-15 * b.abs().max(1.0);
        assert!(close(Function::Sinh.apply(x).unwrap(), (ex - emx) / 2.0));
        assert!(close(Function::Cosh.apply(x).unwrap(), (ex + emx) / 2.0));
        assert!(close(
            Function::Tanh.apply(x).unwrap(),
            (ex - emx) / (ex + emx)
        ));
        assert!(close(
            Function::Sigmoid.apply(x).unwrap(),
            1.0 / (1.0 + emx)
        ));
        assert!(close(
            Function::Sigmoid.apply(-x).unwrap(),
            1.0 / (1.0 + ex)
        ));
        // Far out, without overflow: sigma(-800) is e^-800, which underflows
        // to 0, and sigma(800) is 1; sigma(-x) = 1 - sigma(x).
        assert_eq!(Function::Sigmoid.apply(-800.0).unwrap(), 0.0);
        assert_eq!(Function::Sigmoid.apply(800.0).unwrap(), 1.0);
        let s = |x: f64| Function::Sigmoid.apply(x).unwrap();
        assert!(close(s(-30.0), (-30f64).exp() / (1.0 + (-30f64).exp())));
        assert!(close(s(-3.0) + s(3.0), 1.0));
        assert_eq!(Function::Abs.apply(-2.5).unwrap(), 2.5);
        assert_eq!(Function::Abs.apply(-0.0).unwrap().to_bits(), 0);
        assert_eq!(Function::Sign.apply(2.5).unwrap(), 1.0);
        assert_eq!(Function::Sign.apply(f64::NEG_INFINITY).unwrap(), -1.0);
        assert!(Function::Sign.apply(f64::NAN).unwrap().is_nan());
        for zero in [0.0, -0.0] {
            let err = Function::Sign.apply(zero).unwrap_err();
            assert!(matches!(err, EvalError::SignOfZero { .. }), "{err}");
        }
    }
}
