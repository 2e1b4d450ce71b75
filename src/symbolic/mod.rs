//! Symbolic expressions: parse a formula, differentiate it by the rules of
//! calculus, simplify the result, and print it as text or as LaTeX.
//!
//! An [`Expr`] is a tree. The formula $\frac{\sin(2x^5 + 3x)}{e^{7x}}$ is a
//! division whose numerator is a sine and whose denominator is an
//! exponential, and so on down to the numbers and variables at the leaves.
//! A sum or product of any number of terms is one node, so a sum of
//! thousands of terms is a shallow tree. Differentiation walks the tree
//! once, applying one rule per kind of node (the sum rule at a sum, the
//! product rule at a product, the chain rule at a function), which is
//! exactly how the rules are used by hand. The functions are $\sin$,
//! $\cos$, $\tan$, $\sinh$, $\cosh$, $\tanh$, $\exp$, $\ln$, $\sqrt{}$,
//! $|\cdot|$, the logistic sigmoid $\sigma$ and $\operatorname{sign}$ (see
//! [`Function`]).
//!
//! ```
//! use mvcalc::symbolic::Expr;
//!
//! let f = Expr::parse("sin(2*x^5 + 3*x) / exp(7*x)")?;
//! let df = f.diff("x");
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
//!   $x^0 = 1$, $-(-x) = x$, $\ln(e^x) = x$, $|{-x}| = |x|$ and the exact
//!   values of the functions at $0$ (and $\sqrt{}$ of perfect squares);
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
//! `ln(1 + sin(pi)^2)` is exactly $0$. [`Expr::diff`] writes a derivative
//! that is zero wherever it is defined as `0`.
//!
//! # Numbers and domains
//!
//! Evaluation follows `f64` arithmetic, as Rust does: $\ln(-1)$ and
//! $\sqrt{-1}$ are NaN, $1/0$ is infinite, and no error is raised for them.
//! Check the result with [`f64::is_finite`] where that matters.
//!
//! The one exception is a slope that does not exist. The derivative of
//! $|u|$ is $\operatorname{sign}(u) \, u'$, and $|u|$ has a corner at
//! $u = 0$, where it has no derivative, so `sign` at $0$ is an
//! [`EvalError::SignOfZero`] rather than a number: the simplifier never
//! folds it away, so a derivative of `abs` evaluated where the argument is
//! $0$ says so instead of giving a slope that is not there.
//!
//! ```
//! use mvcalc::symbolic::{EvalError, Expr};
//!
//! let f = Expr::parse("abs(x - 1) + x^2")?;
//! let df = f.diff("x");
//! assert_eq!(df.to_string(), "sign(x - 1) + 2*x");
//! assert_eq!(df.eval(&[("x", 3.0)])?, 7.0);
//! let corner = df.eval(&[("x", 1.0)]);
//! assert!(matches!(corner, Err(EvalError::SignOfZero { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Vectors and matrices of expressions
//!
//! [`gradient`], [`jacobian`] and [`hessian`] differentiate with respect
//! to a list of variables and return nalgebra's `DVector<Expr>` and
//! `DMatrix<Expr>`; [`EvalAt`] evaluates them at a point given as any
//! nalgebra vector, one name for each coordinate:
//!
//! ```
//! use mvcalc::symbolic::{self, EvalAt, Expr};
//! use nalgebra::dvector;
//!
//! let f = Expr::parse("x^2*y + sin(y)")?;
//! let names = f.variables();
//! let g = symbolic::gradient(&f, &names);
//! assert_eq!(g[0].to_string(), "2*x*y");
//! let at = g.eval_at(&names, &dvector![3.0, 0.0])?;
//! assert_eq!(at, dvector![0.0, 10.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod calculus;
mod derivative;
mod display;
mod eval;
mod function;
mod intern;
mod kind;
mod latex;
mod parse;
mod product;
mod simplify;

pub use calculus::{gradient, hessian, jacobian};
pub use eval::{EvalAt, EvalError};
pub use function::{Constant, Function, UnknownNameError};
pub use parse::ParseError;

use std::collections::BTreeSet;
use std::ops;
use std::str::FromStr;

/// A symbolic expression in named variables: a tree of numbers, variables,
/// constants, arithmetic operations and elementary functions.
///
/// Build one with [`Expr::parse`], or in code with [`var`], [`num`], the
/// function constructors such as [`sin`], the method [`Expr::pow`] and the
/// operators `+ - * /` and unary `-`, which accept `Expr`, `&Expr` and `f64`
/// operands. The operators build the tree as written, as the parser does
/// (a chain `a + b - c` is one sum of three terms, `a * b * c` one product);
/// call [`Expr::simplify`] to tidy it.
///
/// Sums and products hold any number of terms and factors, so a sum of
/// thousands of terms is a shallow tree. The methods walk the tree
/// recursively in its depth, which nested functions, powers, quotients and
/// parentheses make: a parsed tree is at most 500 levels deep, and it and
/// its derivatives fit on a 2 MiB stack ([`Expr::simplify`] and
/// [`Expr::diff`] give a deep tree a thread with a larger stack of its
/// own); a tree built in code tens of thousands of levels deep can
/// overflow the stack.
///
/// The enum is `#[non_exhaustive]`: later versions may add kinds of node,
/// so a `match` on it needs a `_` arm.
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
/// // A sum of 1000 terms is one node with 1000 children.
/// let text = vec!["x^2"; 1000].join(" + ");
/// let sum = Expr::parse(&text)?;
/// assert!(matches!(&sum, Expr::Add(terms) if terms.len() == 1000));
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// A number, such as `2`, `0.5` or `1.5e-3`.
    Num(f64),
    /// A variable, named by an identifier such as `x`, `rho` or `x1`.
    Var(String),
    /// One of the constants $\pi$ and $e$.
    Const(Constant),
    /// Negation, $-a$.
    Neg(Box<Expr>),
    /// A sum of terms, $a + b + c + \dots$, added from left to right. A
    /// difference is a sum with a negated term: `a - b` is
    /// `Add(vec![a, Neg(b)])`, as in `f64`, where $a - b$ and $a + (-b)$
    /// are the same number. A sum of no terms is $0$, and of one term that
    /// term.
    Add(Vec<Expr>),
    /// A product of factors, $a \cdot b \cdot c \cdots$, multiplied from
    /// left to right. A product of no factors is $1$, and of one factor
    /// that factor.
    Mul(Vec<Expr>),
    /// Quotient, $\frac{a}{b}$.
    Div(Box<Expr>, Box<Expr>),
    /// Power, $a^b$.
    Pow(Box<Expr>, Box<Expr>),
    /// An elementary function applied to an argument, such as $\sin(a)$.
    Func(Function, Box<Expr>),
}

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
    sinh Sinh "\\sinh u",
    cosh Cosh "\\cosh u",
    tanh Tanh "\\tanh u",
    exp Exp "e^u",
    ln Ln "\\ln u",
    sqrt Sqrt "\\sqrt{u}",
    abs Abs "|u|",
    sigmoid Sigmoid "\\sigma(u) = \\frac{1}{1 + e^{-u}}",
    sign Sign "\\operatorname{sign} u",
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

/// `a + b`, joining the sum `a` if it is one: `(a + b) + c` is the same
/// number as the sum of three terms, `a + b + c`, which is what the parser
/// makes of it.
fn sum_of(a: Expr, b: Expr) -> Expr {
    match a {
        Expr::Add(mut terms) => {
            terms.push(b);
            Expr::Add(terms)
        }
        a => Expr::Add(vec![a, b]),
    }
}

/// `a * b`, joining the product `a` if it is one.
fn product_of(a: Expr, b: Expr) -> Expr {
    match a {
        Expr::Mul(mut factors) => {
            factors.push(b);
            Expr::Mul(factors)
        }
        a => Expr::Mul(vec![a, b]),
    }
}

fn difference_of(a: Expr, b: Expr) -> Expr {
    sum_of(a, Expr::Neg(Box::new(b)))
}

fn quotient_of(a: Expr, b: Expr) -> Expr {
    Expr::Div(Box::new(a), Box::new(b))
}

// The operators build trees without simplifying, as the parser does. They
// are implemented for `Expr` and `&Expr` on the left and anything
// convertible into an `Expr` on the right, and for `f64` on the left.
macro_rules! binary_operators {
    ($($Trait:ident $method:ident $build:ident),* $(,)?) => {$(
        impl<R: Into<Expr>> ops::$Trait<R> for Expr {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                $build(self, rhs.into())
            }
        }
        impl<R: Into<Expr>> ops::$Trait<R> for &Expr {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                $build(self.clone(), rhs.into())
            }
        }
        impl ops::$Trait<Expr> for f64 {
            type Output = Expr;
            fn $method(self, rhs: Expr) -> Expr {
                $build(Expr::Num(self), rhs)
            }
        }
        impl ops::$Trait<&Expr> for f64 {
            type Output = Expr;
            fn $method(self, rhs: &Expr) -> Expr {
                $build(Expr::Num(self), rhs.clone())
            }
        }
    )*};
}

binary_operators! {
    Add add sum_of,
    Sub sub difference_of,
    Mul mul product_of,
    Div div quotient_of,
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

    /// The sum of the terms, as one node: $0$ if there are none, the term
    /// itself if there is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::{Expr, num, var};
    ///
    /// // The sum of x_1 ... x_100, squared.
    /// let f = Expr::sum((1..=100).map(|i| var(format!("x{i}")).pow(2.0)));
    /// assert_eq!(f.variables().len(), 100);
    /// assert_eq!(Expr::sum([var("x")]), var("x"));
    /// assert_eq!(Expr::sum([]), num(0.0));
    /// ```
    pub fn sum(terms: impl IntoIterator<Item = Expr>) -> Expr {
        let mut terms: Vec<Expr> = terms.into_iter().collect();
        match terms.len() {
            0 => Expr::Num(0.0),
            1 => terms.pop().expect("one term"),
            _ => Expr::Add(terms),
        }
    }

    /// The product of the factors, as one node: $1$ if there are none, the
    /// factor itself if there is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::{Expr, var};
    ///
    /// let f = Expr::product(["x", "y", "z"].map(var));
    /// assert_eq!(f, Expr::parse("x*y*z")?);
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn product(factors: impl IntoIterator<Item = Expr>) -> Expr {
        let mut factors: Vec<Expr> = factors.into_iter().collect();
        match factors.len() {
            0 => Expr::Num(1.0),
            1 => factors.pop().expect("one factor"),
            _ => Expr::Mul(factors),
        }
    }

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
            Expr::Add(items) | Expr::Mul(items) => {
                items.iter().any(|e| e.depends_on(var))
            }
            Expr::Div(a, b) | Expr::Pow(a, b) => {
                a.depends_on(var) || b.depends_on(var)
            }
        }
    }

    /// The names of the variables in the expression, sorted and without
    /// repetitions: the names to pass to [`gradient`] and
    /// [`Expr::eval_at`].
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
                Expr::Add(items) | Expr::Mul(items) => {
                    for item in items {
                        collect(item, out);
                    }
                }
                Expr::Div(a, b) | Expr::Pow(a, b) => {
                    collect(a, out);
                    collect(b, out);
                }
            }
        }
        let mut names = BTreeSet::new();
        collect(self, &mut names);
        names.into_iter().map(String::from).collect()
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
        // Sums and products go from left to right, as f64 rounds them:
        // (0.1 + 0.2) + 0.3 is not 0.1 + (0.2 + 0.3).
        let left = p("a + b + c").eval(&[("a", 0.1), ("b", 0.2), ("c", 0.3)]);
        assert_eq!(left.unwrap(), (0.1 + 0.2) + 0.3);
        let right =
            p("a + (b + c)").eval(&[("a", 0.1), ("b", 0.2), ("c", 0.3)]);
        assert_eq!(right.unwrap(), 0.1 + (0.2 + 0.3));
        // The hyperbolic functions, the sigmoid and abs.
        let x = 0.8_f64;
        let g = p("sinh(x) + cosh(x) - tanh(x) + sigmoid(x) * abs(-x)");
        let expected = x.sinh() + x.cosh() - x.tanh() + x / (1.0 + (-x).exp());
        approx::assert_relative_eq!(
            g.eval(&[("x", x)]).unwrap(),
            expected,
            max_relative = 1e-15
        );
    }

    #[test]
    fn sums_and_products_of_few_terms() {
        // As the documentation of the variants says.
        assert_eq!(Expr::Add(vec![]).eval(&[]).unwrap(), 0.0);
        assert_eq!(Expr::Mul(vec![]).eval(&[]).unwrap(), 1.0);
        assert_eq!(Expr::Add(vec![num(2.0)]).eval(&[]).unwrap(), 2.0);
        assert_eq!(Expr::Mul(vec![var("x")]).diff("x"), num(1.0));
        assert_eq!(Expr::Add(vec![var("x")]).simplify(), var("x"));
        assert_eq!(Expr::Mul(vec![]).simplify(), num(1.0));
        assert_eq!(Expr::Add(vec![]).to_string(), "0");
        assert_eq!(Expr::Mul(vec![]).to_latex(), "1");
    }

    #[test]
    fn eval_errors_name_the_variable() {
        let err = p("x + y").eval(&[("x", 1.0)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no value for variable `y`; give it one, as the pair (\"y\", value) \
             or as a name with its coordinate"
        );
        let err = p("x").eval(&[("x", 1.0), ("x", 2.0)]).unwrap_err();
        assert_eq!(
            err,
            EvalError::DuplicateVariable {
                name: "x".to_string()
            }
        );
        assert!(err.to_string().contains("more than one value"));
        // With many variables, found through an index.
        let names: Vec<String> = (0..100).map(|i| format!("x{i}")).collect();
        let mut pairs: Vec<(&str, f64)> =
            names.iter().map(|n| (n.as_str(), 1.0)).collect();
        let f = Expr::sum(names.iter().map(var));
        assert_eq!(f.eval(&pairs).unwrap(), 100.0);
        pairs.push(("x7", 2.0));
        assert_eq!(
            f.eval(&pairs),
            Err(EvalError::DuplicateVariable { name: "x7".into() })
        );
        pairs.truncate(99);
        assert_eq!(
            f.eval(&pairs),
            Err(EvalError::MissingVariable { name: "x99".into() })
        );
    }

    #[test]
    fn eval_at_takes_any_vector() {
        use nalgebra::{DVector, Vector3, dvector};
        let f = p("x*y - z");
        let names = ["x", "y", "z"];
        assert_eq!(f.eval_at(&names, &dvector![2.0, 3.0, 1.0]).unwrap(), 5.0);
        assert_eq!(
            f.eval_at(&names, &Vector3::new(2.0, 3.0, 1.0)).unwrap(),
            5.0
        );
        let long = DVector::from_vec(vec![9.0, 2.0, 3.0, 1.0]);
        assert_eq!(f.eval_at(&names, &long.rows(1, 3)).unwrap(), 5.0);
        assert_eq!(f.eval_at(&f.variables(), &long.rows(1, 3)).unwrap(), 5.0);
        let err = f.eval_at(&names, &dvector![1.0, 2.0]).unwrap_err();
        assert_eq!(
            err,
            EvalError::DimensionMismatch {
                names: 3,
                coordinates: 2
            }
        );
        assert_eq!(
            err.to_string(),
            "3 names for a point of 2 coordinates; give one name for each \
             coordinate, in order"
        );
        let err = f.eval_at(&["x", "y", "x"], &Vector3::zeros()).unwrap_err();
        assert_eq!(err, EvalError::DuplicateVariable { name: "x".into() });
        let err = f.eval_at(&["x", "y", "w"], &Vector3::zeros()).unwrap_err();
        assert_eq!(err, EvalError::MissingVariable { name: "z".into() });
    }

    #[test]
    fn sign_of_zero_is_an_error_that_says_why() {
        let f = p("sign(x - 1)");
        assert_eq!(f.eval(&[("x", 3.0)]).unwrap(), 1.0);
        assert_eq!(f.eval(&[("x", -3.0)]).unwrap(), -1.0);
        let err = f.eval(&[("x", 1.0)]).unwrap_err();
        assert_eq!(
            err,
            EvalError::SignOfZero {
                argument: "x - 1".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "sign(x - 1) is undefined, as its argument is 0 here: sign(u) is \
             the slope of abs(u), which has a corner and no derivative where \
             u = 0; evaluate where x - 1 is not 0"
        );
        // Also deep inside, and whatever multiplies it.
        let g = p("0*sign(x)^2 + 1");
        assert!(g.eval(&[("x", 0.0)]).is_err());
        assert!(g.eval(&[("x", -0.0)]).is_err());
        // A long argument is shortened.
        let long = Expr::sum((0..100).map(|i| var(format!("x{i}"))));
        let pairs: Vec<(String, f64)> =
            (0..100).map(|i| (format!("x{i}"), 0.0)).collect();
        let pairs: Vec<(&str, f64)> =
            pairs.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let err = super::sign(long).eval(&pairs).unwrap_err();
        assert!(err.to_string().len() < 400, "{err}");
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
        // Chains join one node, as the parser reads them; a parenthesised
        // sum on the right stays a node of its own.
        assert_eq!(&x + 1.0 - &x + 2.0, p("x + 1 - x + 2"));
        assert_eq!(&x * &x * 3.0, p("x*x*3"));
        assert_eq!(&x - (&x + 1.0), p("x - (x + 1)"));
        assert_eq!(&x * (&x * 2.0), p("x*(x*2)"));
        let t = sinh(cosh(tanh(abs(sigmoid(sign(&x))))));
        assert_eq!(t, p("sinh(cosh(tanh(abs(sigmoid(sign(x))))))"));
    }
}
