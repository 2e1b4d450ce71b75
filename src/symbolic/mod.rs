//! Symbolic expressions: parse a formula, differentiate it by the rules of
//! calculus, simplify the result, and print it as text or as LaTeX.
//!
//! An [`Expr`] is a tree. The formula $\frac{\sin(2x^5 + 3x)}{e^{7x}}$ is a
//! division whose numerator is a sine and whose denominator is an
//! exponential, and so on down to the numbers and variables at the leaves.
//! Differentiation walks the tree once, applying one rule per kind of node
//! (the sum rule at a sum, the product rule at a product, the chain rule at
//! a function), which is exactly how the rules are used by hand.
//!
//! ```
//! use mvcalc::symbolic::Expr;
//!
//! let f = Expr::parse("sin(2*x^5 + 3*x) / exp(7*x)")?;
//! let df = f.derivative("x");
//! // The hand-derived form ((10x^4 + 3) cos(2x^5 + 3x) - 7 sin(2x^5 + 3x)) / e^(7x):
//! let x = 0.3_f64;
//! let u = 2.0 * x.powi(5) + 3.0 * x;
//! let expected = ((10.0 * x.powi(4) + 3.0) * u.cos() - 7.0 * u.sin()) / (7.0 * x).exp();
//! approx::assert_relative_eq!(df.eval(&[("x", x)])?, expected, max_relative = 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What simplification does, and does not, do
//!
//! [`Expr::simplify`] tidies an expression the way a computer algebra system
//! does by default, and no further:
//!
//! - it folds arithmetic on numbers ($2 \cdot 3 \to 6$); a division or power
//!   of numbers is folded only when the result is exact (so $1/3$ stays a
//!   fraction, $6/4$ becomes $3/2$ and $2^{10}$ becomes $1024$), and nothing
//!   is folded into an infinity or NaN;
//! - it applies the identities $0 + x = x$, $1 \cdot x = x$, $x^1 = x$,
//!   $x^0 = 1$, $-(-x) = x$, $\ln(e^x) = x$ and the exact values of the
//!   functions at $0$ (and $\sqrt{}$ of perfect squares);
//! - it collects numeric factors ($2 (3 x) \to 6 x$), like terms
//!   ($x + x \to 2 x$, $x - x \to 0$) and powers of the same base
//!   ($x \cdot x \to x^2$, $x^3 / x \to x^2$).
//!
//! Like every CAS, the last two groups assume that a variable, and an
//! expression in variables, is a finite non-zero number: $x - x \to 0$ and
//! $x / x \to 1$ hold wherever $x$ is one, so the simplified expression can
//! be defined at a few points where the original was not. It never goes the
//! other way: in exact arithmetic, simplification does not remove points
//! from the domain, and it does not apply rules that hold only on part of
//! the domain, such as $e^{\ln x} = x$, $\sqrt{x^2} = x$ or
//! $(x^2)^{1/2} = x$. In `f64` arithmetic the simplified form can round
//! differently, since products and sums are regrouped.
//!
//! The numbers written in an expression are taken as `f64` arithmetic
//! (IEEE 754) has them: nothing is folded into or out of NaN or an
//! infinity, and every zero keeps its sign, so the simplified expression is
//! NaN, $+\infty$, $-\infty$, $+0$ or $-0$ exactly where the original is.
//!
//! - `0/0 + 1`, `1/0 - 1/0` and `0*(1/0)` stay NaN, and `x + 1/0` stays
//!   infinite.
//! - `-(0)` is $-0$, `sin(-0)` is $-0$ and `(-0)^(-1)` is $-\infty$.
//! - `0*x` is a zero with the sign of $x$, so it stays `0*x` and `1/(0*x)`
//!   keeps the sign of its infinity; factors of known sign go
//!   (`0*x^2*exp(y)` is `0`, `0*(-2)` is `-0`). Next to a non-zero term a
//!   zero changes nothing and is dropped: `x + 0*y` is `x`.
//! - A sum that may be zero keeps the order of its operations, which
//!   decides the sign of the zero: `-(x - x)` is $-0$, `x - x` is $0$.
//!
//! Parts without variables are evaluated to decide these cases: in `f64`,
//! `ln(1 + sin(pi)^2)` is exactly $0$. [`Expr::derivative`] writes a
//! derivative that is zero wherever it is defined as `0`.
//!
//! # Numbers and domains
//!
//! Evaluation follows `f64` arithmetic, as Rust does: $\ln(-1)$ and
//! $\sqrt{-1}$ are NaN, $1/0$ is infinite, and no error is raised for them.
//! Check the result with [`f64::is_finite`] where that matters.

mod derivative;
mod display;
mod intern;
mod kind;
mod latex;
mod parse;
mod product;
mod simplify;

pub use parse::ParseError;

use std::collections::BTreeSet;
use std::fmt;
use std::ops;
use std::str::FromStr;

/// A symbolic expression in named variables: a tree of numbers, variables,
/// constants, arithmetic operations and elementary functions.
///
/// Build one with [`Expr::parse`], or in code with [`var`], [`num`], the
/// function constructors such as [`sin`], the method [`Expr::pow`] and the
/// operators `+ - * /` and unary `-`, which accept `Expr`, `&Expr` and `f64`
/// operands. The operators build the tree exactly as written; call
/// [`Expr::simplify`] to tidy it.
///
/// The methods walk the tree recursively. A parsed tree is at most 500
/// levels deep, and its derivatives fit on a 2 MiB stack; a tree built in
/// code tens of thousands of levels deep can overflow the stack.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{Expr, sin, var};
///
/// let x = var("x");
/// // sin(x^2) + 3x, built in code and parsed from text.
/// let built = sin(x.pow(2.0)) + 3.0 * &x;
/// assert_eq!(built, Expr::parse("sin(x^2) + 3*x")?);
/// assert_eq!(built.to_string(), "sin(x^2) + 3*x");
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number, such as `2`, `0.5` or `1.5e-3`.
    Num(f64),
    /// A variable, named by an identifier such as `x`, `rho` or `x1`.
    Var(String),
    /// One of the constants $\pi$ and $e$.
    Const(Constant),
    /// Negation, $-a$.
    Neg(Box<Expr>),
    /// Sum, $a + b$.
    Add(Box<Expr>, Box<Expr>),
    /// Difference, $a - b$.
    Sub(Box<Expr>, Box<Expr>),
    /// Product, $a \cdot b$.
    Mul(Box<Expr>, Box<Expr>),
    /// Quotient, $\frac{a}{b}$.
    Div(Box<Expr>, Box<Expr>),
    /// Power, $a^b$.
    Pow(Box<Expr>, Box<Expr>),
    /// An elementary function applied to an argument, such as $\sin(a)$.
    Func(Function, Box<Expr>),
}

/// A named mathematical constant.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Constant;
///
/// assert_eq!(Constant::Pi.value(), std::f64::consts::PI);
/// assert_eq!(Constant::E.name(), "e");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Constant {
    /// $\pi = 3.14159\ldots$, written `pi`.
    Pi,
    /// Euler's number $e = 2.71828\ldots$, written `e`.
    E,
}

impl Constant {
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

    /// The name the parser reads and [`Display`](fmt::Display) writes:
    /// `pi` or `e`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Constant;
    ///
    /// assert_eq!(Constant::Pi.name(), "pi");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::E => "e",
        }
    }
}

/// An elementary function of one argument.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Function;
///
/// assert_eq!(Function::from_name("ln"), Some(Function::Ln));
/// assert_eq!(Function::Sqrt.apply(9.0), 3.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// The sine, $\sin x$ (in radians).
    Sin,
    /// The cosine, $\cos x$ (in radians).
    Cos,
    /// The tangent, $\tan x = \frac{\sin x}{\cos x}$.
    Tan,
    /// The exponential function, $e^x$, written `exp(x)`.
    Exp,
    /// The natural logarithm, $\ln x$, the inverse of $e^x$.
    Ln,
    /// The square root, $\sqrt{x}$.
    Sqrt,
}

impl Function {
    /// Every function, in the order the parser's error messages list them.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Function;
    ///
    /// assert_eq!(Function::ALL.len(), 6);
    /// ```
    pub const ALL: [Function; 6] = [
        Function::Sin,
        Function::Cos,
        Function::Tan,
        Function::Exp,
        Function::Ln,
        Function::Sqrt,
    ];

    /// The name the parser reads and [`Display`](fmt::Display) writes, such
    /// as `sin` or `ln`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Function;
    ///
    /// assert_eq!(Function::Exp.name(), "exp");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Function::Sin => "sin",
            Function::Cos => "cos",
            Function::Tan => "tan",
            Function::Exp => "exp",
            Function::Ln => "ln",
            Function::Sqrt => "sqrt",
        }
    }

    /// The function with the given name, or `None` if there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Function;
    ///
    /// assert_eq!(Function::from_name("tan"), Some(Function::Tan));
    /// assert_eq!(Function::from_name("log"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The function's value at `x`, in `f64` arithmetic: outside the domain
    /// the result is NaN, as for $\ln(-1)$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Function;
    ///
    /// assert_eq!(Function::Ln.apply(1.0), 0.0);
    /// assert!(Function::Ln.apply(-1.0).is_nan());
    /// ```
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Function::Sin => x.sin(),
            Function::Cos => x.cos(),
            Function::Tan => x.tan(),
            Function::Exp => x.exp(),
            Function::Ln => x.ln(),
            Function::Sqrt => x.sqrt(),
        }
    }
}

/// Why an expression could not be evaluated.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{EvalError, Expr};
///
/// let f = Expr::parse("x * y")?;
/// let err = f.eval(&[("x", 1.0)]).unwrap_err();
/// assert_eq!(err, EvalError::MissingVariable { name: "y".into() });
/// assert_eq!(err.to_string(), "no value for variable `y`; pass it as (\"y\", value)");
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// The expression uses a variable that was given no value.
    MissingVariable {
        /// The variable's name.
        name: String,
    },
    /// The same variable was given more than one value.
    DuplicateVariable {
        /// The variable's name.
        name: String,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::MissingVariable { name } => {
                write!(
                    f,
                    "no value for variable `{name}`; pass it as (\"{name}\", value)"
                )
            }
            EvalError::DuplicateVariable { name } => write!(
                f,
                "variable `{name}` is given more than one value; pass each variable once"
            ),
        }
    }
}

impl std::error::Error for EvalError {}

/// The variable with the given name.
///
/// The name should be an identifier the parser reads as a variable (ASCII
/// letters, digits and `_`, starting with a letter or `_`, and not `pi`, `e`
/// or a function name); otherwise the printed expression does not parse back.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{Expr, var};
///
/// assert_eq!(var("rho"), Expr::Var("rho".to_string()));
/// ```
pub fn var(name: impl Into<String>) -> Expr {
    Expr::Var(name.into())
}

/// The number `x` as an expression.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{Expr, num};
///
/// assert_eq!(num(2.5), Expr::Num(2.5));
/// ```
pub fn num(x: f64) -> Expr {
    Expr::Num(x)
}

macro_rules! function_constructors {
    ($($name:ident $variant:ident $tex:literal),* $(,)?) => {$(
        #[doc = concat!("The expression $", $tex, "$, with `u` an `Expr`, `&Expr` or `f64`.")]
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("use mvcalc::symbolic::{", stringify!($name), ", var, Expr, Function};")]
        ///
        #[doc = concat!("let e = ", stringify!($name), "(var(\"x\"));")]
        #[doc = concat!("assert_eq!(e, Expr::Func(Function::", stringify!($variant), ", Box::new(var(\"x\"))));")]
        /// ```
        pub fn $name(u: impl Into<Expr>) -> Expr {
            Expr::Func(Function::$variant, Box::new(u.into()))
        }
    )*};
}

function_constructors! {
    sin Sin "\\sin u",
    cos Cos "\\cos u",
    tan Tan "\\tan u",
    exp Exp "e^u",
    ln Ln "\\ln u",
    sqrt Sqrt "\\sqrt{u}",
}

impl From<f64> for Expr {
    fn from(x: f64) -> Expr {
        Expr::Num(x)
    }
}

impl From<&Expr> for Expr {
    fn from(e: &Expr) -> Expr {
        e.clone()
    }
}

impl From<&Box<Expr>> for Expr {
    fn from(e: &Box<Expr>) -> Expr {
        (**e).clone()
    }
}

// The operators build trees without simplifying, so that the rules in
// `derivative` read like the formulas. They are implemented for `Expr`,
// `&Expr` and `&Box<Expr>` (the children of a node) on the left, anything
// convertible into an `Expr` on the right, and `f64` on the left.
macro_rules! binary_operators {
    ($($Trait:ident $method:ident $Variant:ident),* $(,)?) => {$(
        impl<R: Into<Expr>> ops::$Trait<R> for Expr {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                Expr::$Variant(Box::new(self), Box::new(rhs.into()))
            }
        }
        impl<R: Into<Expr>> ops::$Trait<R> for &Expr {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                Expr::$Variant(Box::new(self.clone()), Box::new(rhs.into()))
            }
        }
        impl<R: Into<Expr>> ops::$Trait<R> for &Box<Expr> {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                Expr::$Variant(self.clone(), Box::new(rhs.into()))
            }
        }
        impl ops::$Trait<Expr> for f64 {
            type Output = Expr;
            fn $method(self, rhs: Expr) -> Expr {
                Expr::$Variant(Box::new(Expr::Num(self)), Box::new(rhs))
            }
        }
        impl ops::$Trait<&Expr> for f64 {
            type Output = Expr;
            fn $method(self, rhs: &Expr) -> Expr {
                Expr::$Variant(Box::new(Expr::Num(self)), Box::new(rhs.clone()))
            }
        }
        impl ops::$Trait<&Box<Expr>> for f64 {
            type Output = Expr;
            fn $method(self, rhs: &Box<Expr>) -> Expr {
                Expr::$Variant(Box::new(Expr::Num(self)), rhs.clone())
            }
        }
    )*};
}

binary_operators! {
    Add add Add,
    Sub sub Sub,
    Mul mul Mul,
    Div div Div,
}

impl ops::Neg for Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        Expr::Neg(Box::new(self))
    }
}

impl ops::Neg for &Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        Expr::Neg(Box::new(self.clone()))
    }
}

impl ops::Neg for &Box<Expr> {
    type Output = Expr;
    fn neg(self) -> Expr {
        Expr::Neg(self.clone())
    }
}

impl Expr {
    /// The constant $\pi$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// assert_eq!(Expr::PI.eval(&[])?, std::f64::consts::PI);
    /// # Ok::<(), mvcalc::symbolic::EvalError>(())
    /// ```
    pub const PI: Expr = Expr::Const(Constant::Pi);

    /// The constant $e$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// assert_eq!(Expr::E.eval(&[])?, std::f64::consts::E);
    /// # Ok::<(), mvcalc::symbolic::EvalError>(())
    /// ```
    pub const E: Expr = Expr::Const(Constant::E);

    /// This expression raised to a power, $a^b$, without simplifying.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::{Expr, var};
    ///
    /// assert_eq!(var("x").pow(3.0), Expr::parse("x^3")?);
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn pow(&self, exponent: impl Into<Expr>) -> Expr {
        Expr::Pow(Box::new(self.clone()), Box::new(exponent.into()))
    }

    /// Whether the expression contains the variable `var`, so that its
    /// derivative with respect to `var` may be non-zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("a * sin(x)")?;
    /// assert!(f.depends_on("x"));
    /// assert!(!f.depends_on("y"));
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn depends_on(&self, var: &str) -> bool {
        match self {
            Expr::Num(_) | Expr::Const(_) => false,
            Expr::Var(name) => name == var,
            Expr::Neg(a) | Expr::Func(_, a) => a.depends_on(var),
            Expr::Add(a, b)
            | Expr::Sub(a, b)
            | Expr::Mul(a, b)
            | Expr::Div(a, b)
            | Expr::Pow(a, b) => a.depends_on(var) || b.depends_on(var),
        }
    }

    /// The names of the variables in the expression, sorted and without
    /// repetitions.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("y * sin(x) + x^2 + pi")?;
    /// assert_eq!(f.variables(), ["x", "y"]);
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn variables(&self) -> Vec<String> {
        fn collect<'a>(e: &'a Expr, out: &mut BTreeSet<&'a str>) {
            match e {
                Expr::Num(_) | Expr::Const(_) => {}
                Expr::Var(name) => {
                    out.insert(name);
                }
                Expr::Neg(a) | Expr::Func(_, a) => collect(a, out),
                Expr::Add(a, b)
                | Expr::Sub(a, b)
                | Expr::Mul(a, b)
                | Expr::Div(a, b)
                | Expr::Pow(a, b) => {
                    collect(a, out);
                    collect(b, out);
                }
            }
        }
        let mut names = BTreeSet::new();
        collect(self, &mut names);
        names.into_iter().map(String::from).collect()
    }

    /// The value of the expression with the variables set as in `vars`, a
    /// list of `(name, value)` pairs.
    ///
    /// Arithmetic follows `f64`: outside a function's domain the result is
    /// NaN rather than an error ($\ln(-1)$ and $\sqrt{-1}$ are NaN, $1/0$ is
    /// infinite, $0^0 = 1$), so check [`f64::is_finite`] where it matters.
    /// Variables in `vars` that the expression does not use are ignored.
    ///
    /// # Errors
    ///
    /// [`EvalError::MissingVariable`] if the expression uses a variable that
    /// `vars` gives no value, and [`EvalError::DuplicateVariable`] if `vars`
    /// names a variable twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x^2 * y + sqrt(y)")?;
    /// assert_eq!(f.eval(&[("x", 3.0), ("y", 4.0)])?, 38.0);
    /// assert!(Expr::parse("ln(x)")?.eval(&[("x", -1.0)])?.is_nan());
    /// assert!(f.eval(&[("x", 3.0)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn eval(&self, vars: &[(&str, f64)]) -> Result<f64, EvalError> {
        for (i, (name, _)) in vars.iter().enumerate() {
            if vars[..i].iter().any(|(other, _)| other == name) {
                return Err(EvalError::DuplicateVariable {
                    name: name.to_string(),
                });
            }
        }
        self.eval_unchecked(vars)
    }

    fn eval_unchecked(&self, vars: &[(&str, f64)]) -> Result<f64, EvalError> {
        let mut missing = None;
        let value = self.eval_walk(vars, &mut missing);
        match missing {
            Some(name) => Err(EvalError::MissingVariable {
                name: name.to_string(),
            }),
            None => Ok(value),
        }
    }

    /// The value, with the first variable that has none noted in
    /// `missing`. (It returns a plain number, so that each level of a deep
    /// tree takes little stack.)
    fn eval_walk<'a>(
        &'a self,
        vars: &[(&str, f64)],
        missing: &mut Option<&'a str>,
    ) -> f64 {
        match self {
            Expr::Num(x) => *x,
            Expr::Var(name) => match vars.iter().find(|(n, _)| n == name) {
                Some(&(_, value)) => value,
                None => {
                    missing.get_or_insert(name);
                    f64::NAN
                }
            },
            Expr::Const(c) => c.value(),
            Expr::Neg(a) => -a.eval_walk(vars, missing),
            Expr::Add(a, b) => {
                a.eval_walk(vars, missing) + b.eval_walk(vars, missing)
            }
            Expr::Sub(a, b) => {
                a.eval_walk(vars, missing) - b.eval_walk(vars, missing)
            }
            Expr::Mul(a, b) => {
                a.eval_walk(vars, missing) * b.eval_walk(vars, missing)
            }
            Expr::Div(a, b) => {
                a.eval_walk(vars, missing) / b.eval_walk(vars, missing)
            }
            Expr::Pow(a, b) => {
                a.eval_walk(vars, missing).powf(b.eval_walk(vars, missing))
            }
            Expr::Func(f, a) => f.apply(a.eval_walk(vars, missing)),
        }
    }
}

impl FromStr for Expr {
    type Err = ParseError;

    /// Parses an expression, as [`Expr::parse`].
    fn from_str(s: &str) -> Result<Expr, ParseError> {
        Expr::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Expr {
        Expr::parse(s).unwrap()
    }

    #[test]
    fn eval_follows_f64() {
        let f = p(
            "2*x^3 - y/4 + sin(pi/2) + ln(e) + sqrt(16) + exp(0) + cos(0) + tan(0)",
        );
        assert_eq!(
            f.eval(&[("x", 2.0), ("y", 8.0)]).unwrap(),
            16.0 - 2.0 + 4.0 + 4.0
        );
        assert!(p("ln(x)").eval(&[("x", -1.0)]).unwrap().is_nan());
        assert!(p("sqrt(x)").eval(&[("x", -1.0)]).unwrap().is_nan());
        assert_eq!(p("1/x").eval(&[("x", 0.0)]).unwrap(), f64::INFINITY);
        assert_eq!(p("x^0").eval(&[("x", 0.0)]).unwrap(), 1.0);
        // Unused variables are fine.
        assert_eq!(p("x").eval(&[("x", 1.0), ("z", 2.0)]).unwrap(), 1.0);
    }

    #[test]
    fn eval_errors_name_the_variable() {
        let err = p("x + y").eval(&[("x", 1.0)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no value for variable `y`; pass it as (\"y\", value)"
        );
        let err = p("x").eval(&[("x", 1.0), ("x", 2.0)]).unwrap_err();
        assert_eq!(
            err,
            EvalError::DuplicateVariable {
                name: "x".to_string()
            }
        );
        assert!(err.to_string().contains("more than one value"));
    }

    #[test]
    fn variables_sorted_unique() {
        assert_eq!(p("b*a + a^c + rho").variables(), ["a", "b", "c", "rho"]);
        assert!(p("pi + e + 2").variables().is_empty());
    }

    #[test]
    fn constructors_and_operators_build_trees() {
        let x = var("x");
        let e = 2.0 * &x + sin(&x) / x.pow(2.0) - -exp(1.0);
        assert_eq!(e, p("2*x + sin(x)/x^2 - -exp(1)"));
        assert_eq!("cos(x)".parse::<Expr>().unwrap(), cos(var("x")));
        assert_eq!(tan(ln(sqrt(num(4.0)))), p("tan(ln(sqrt(4)))"));
        assert_eq!(Expr::PI * Expr::E, p("pi*e"));
    }
}
