//! Dual numbers against independent checks on random expressions: the
//! derivative part against a finite-difference estimate, the value part
//! against the plain `f64` evaluation bit for bit, and derivatives of
//! algebraic identities against their closed forms.

use std::ops::{Add, Div, Mul, Sub};

use mvcalc::dual::{self, Dual};
use mvcalc::numeric::derivative_with_error;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// An expression in one variable. The smooth variants keep their arguments
/// inside the domain (`LnOnePlusSq` is $\ln(1 + e^2)$, `TanOfSin` stays
/// away from the poles); the raw variants may leave it, and only appear in
/// the value test.
#[derive(Debug, Clone)]
enum Expr {
    Var,
    Const(f64),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Sin(Box<Expr>),
    Cos(Box<Expr>),
    Exp(Box<Expr>),
    /// $\ln(1 + e^2)$.
    LnOnePlusSq(Box<Expr>),
    /// $\sqrt{1 + e^2}$.
    SqrtOnePlusSq(Box<Expr>),
    /// $\tan(\sin e)$: $|\sin e| \le 1 < \pi/2$.
    TanOfSin(Box<Expr>),
    Powi(Box<Expr>, i32),
    /// $(1 + e^2)^p$.
    PowfOnePlusSq(Box<Expr>, f64),
    // Raw variants, possibly outside the domain.
    Ln(Box<Expr>),
    Sqrt(Box<Expr>),
    Tan(Box<Expr>),
    Powf(Box<Expr>, f64),
    Powd(Box<Expr>, Box<Expr>),
    Abs(Box<Expr>),
    Recip(Box<Expr>),
}

impl Expr {
    fn depth(&self) -> usize {
        use Expr::*;
        match self {
            Var | Const(_) => 1,
            Add(l, r) | Sub(l, r) | Mul(l, r) | Div(l, r) | Powd(l, r) => {
                1 + l.depth().max(r.depth())
            }
            Neg(e)
            | Sin(e)
            | Cos(e)
            | Exp(e)
            | LnOnePlusSq(e)
            | SqrtOnePlusSq(e)
            | TanOfSin(e)
            | Powi(e, _)
            | PowfOnePlusSq(e, _)
            | Ln(e)
            | Sqrt(e)
            | Tan(e)
            | Powf(e, _)
            | Abs(e)
            | Recip(e) => 1 + e.depth(),
        }
    }
}

/// What an expression needs of its numbers: `f64` and `Dual` have it through
/// [`Real`], and `Rounded` below tracks rounding errors with it.
trait Scalar:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
{
    fn lift(c: f64) -> Self;
    fn neg(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn sqrt(self) -> Self;
    fn powi(self, n: i32) -> Self;
    fn powf(self, p: f64) -> Self;
    fn pow(self, p: Self) -> Self;
    fn abs(self) -> Self;
    fn recip(self) -> Self;
}

/// `f64` and `Dual` get the expression's operations from the crate's own
/// scalar trait, [`mvcalc::Real`].
impl<T: mvcalc::Real> Scalar for T {
    fn lift(c: f64) -> T {
        T::from(c)
    }
    fn neg(self) -> T {
        -self
    }
    fn sin(self) -> T {
        mvcalc::Real::sin(self)
    }
    fn cos(self) -> T {
        mvcalc::Real::cos(self)
    }
    fn tan(self) -> T {
        mvcalc::Real::tan(self)
    }
    fn exp(self) -> T {
        mvcalc::Real::exp(self)
    }
    fn ln(self) -> T {
        mvcalc::Real::ln(self)
    }
    fn sqrt(self) -> T {
        mvcalc::Real::sqrt(self)
    }
    fn abs(self) -> T {
        mvcalc::Real::abs(self)
    }
    fn recip(self) -> T {
        mvcalc::Real::recip(self)
    }
    fn powi(self, n: i32) -> T {
        mvcalc::Real::powi(self, n)
    }
    fn powf(self, p: f64) -> T {
        mvcalc::Real::powf(self, p)
    }
    fn pow(self, p: T) -> T {
        mvcalc::Real::pow(self, p)
    }
}

/// A value with a first-order bound on the rounding error of its `f64`
/// evaluation. Finite differences assume the function is accurate to a few
/// ulps; where it is not (`ln(1 + x^6)` near zero loses the `x^6` to
/// rounding), their error estimate is not to be trusted, and the case is
/// skipped.
#[derive(Debug, Clone, Copy)]
struct Rounded {
    v: f64,
    err: f64,
}

/// The result `v` of one operation: the error `err` carried in from the
/// arguments, plus a rounding (or libm) error of up to `EPSILON |v|`.
fn rounded(v: f64, err: f64) -> Rounded {
    Rounded {
        v,
        err: err + f64::EPSILON * v.abs(),
    }
}

impl Add for Rounded {
    type Output = Rounded;
    fn add(self, o: Rounded) -> Rounded {
        rounded(self.v + o.v, self.err + o.err)
    }
}

impl Sub for Rounded {
    type Output = Rounded;
    fn sub(self, o: Rounded) -> Rounded {
        rounded(self.v - o.v, self.err + o.err)
    }
}

impl Mul for Rounded {
    type Output = Rounded;
    fn mul(self, o: Rounded) -> Rounded {
        rounded(self.v * o.v, o.v.abs() * self.err + self.v.abs() * o.err)
    }
}

impl Div for Rounded {
    type Output = Rounded;
    fn div(self, o: Rounded) -> Rounded {
        let q = self.v / o.v;
        rounded(q, (self.err + q.abs() * o.err) / o.v.abs())
    }
}

impl Scalar for Rounded {
    fn lift(c: f64) -> Rounded {
        Rounded { v: c, err: 0.0 }
    }
    fn neg(self) -> Rounded {
        Rounded { v: -self.v, ..self }
    }
    fn sin(self) -> Rounded {
        rounded(self.v.sin(), self.v.cos().abs() * self.err)
    }
    fn cos(self) -> Rounded {
        rounded(self.v.cos(), self.v.sin().abs() * self.err)
    }
    fn tan(self) -> Rounded {
        let t = self.v.tan();
        rounded(t, (1.0 + t * t) * self.err)
    }
    fn exp(self) -> Rounded {
        let e = self.v.exp();
        rounded(e, e * self.err)
    }
    fn ln(self) -> Rounded {
        rounded(self.v.ln(), self.err / self.v.abs())
    }
    fn sqrt(self) -> Rounded {
        let s = self.v.sqrt();
        rounded(s, self.err / (2.0 * s))
    }
    fn powi(self, n: i32) -> Rounded {
        let (a, n) = (self.v, f64::from(n));
        // Repeated squaring rounds about log2 |n| times.
        let v = a.powf(n);
        rounded(
            v,
            (n * a.powf(n - 1.0)).abs() * self.err
                + n.abs() * f64::EPSILON * v.abs(),
        )
    }
    fn powf(self, p: f64) -> Rounded {
        let a = self.v;
        rounded(a.powf(p), (p * a.powf(p - 1.0)).abs() * self.err)
    }
    fn pow(self, p: Rounded) -> Rounded {
        let (a, c) = (self.v, p.v);
        let v = a.powf(c);
        rounded(
            v,
            (c * a.powf(c - 1.0)).abs() * self.err + (v * a.ln()).abs() * p.err,
        )
    }
    fn abs(self) -> Rounded {
        rounded(self.v.abs(), self.err)
    }
    fn recip(self) -> Rounded {
        let r = self.v.recip();
        rounded(r, r * r * self.err)
    }
}

/// Whether every subexpression of `e` is finite and at most `1e6` in size
/// at `x`: a function that passes through an infinity on the way (as
/// `x / (x - x)` does) is not smooth even when the result looks tame.
fn tame(e: &Expr, x: f64) -> bool {
    use Expr::*;
    let v = eval(e, x);
    let here = v.is_finite() && v.abs() <= 1e6;
    here && match e {
        Var | Const(_) => true,
        Add(l, r) | Sub(l, r) | Mul(l, r) | Div(l, r) | Powd(l, r) => {
            tame(l, x) && tame(r, x)
        }
        Neg(e)
        | Sin(e)
        | Cos(e)
        | Exp(e)
        | LnOnePlusSq(e)
        | SqrtOnePlusSq(e)
        | TanOfSin(e)
        | Powi(e, _)
        | PowfOnePlusSq(e, _)
        | Ln(e)
        | Sqrt(e)
        | Tan(e)
        | Powf(e, _)
        | Abs(e)
        | Recip(e) => tame(e, x),
    }
}

fn eval<T: Scalar>(e: &Expr, x: T) -> T {
    use Expr::*;
    let one_plus_sq = |e: &Expr| {
        let v = eval(e, x);
        T::lift(1.0) + v * v
    };
    match e {
        Var => x,
        Const(c) => T::lift(*c),
        Add(l, r) => eval(l, x) + eval(r, x),
        Sub(l, r) => eval(l, x) - eval(r, x),
        Mul(l, r) => eval(l, x) * eval(r, x),
        Div(l, r) => eval(l, x) / eval(r, x),
        Neg(e) => eval(e, x).neg(),
        Sin(e) => eval(e, x).sin(),
        Cos(e) => eval(e, x).cos(),
        Exp(e) => eval(e, x).exp(),
        LnOnePlusSq(e) => one_plus_sq(e).ln(),
        SqrtOnePlusSq(e) => one_plus_sq(e).sqrt(),
        TanOfSin(e) => eval(e, x).sin().tan(),
        Powi(e, n) => eval(e, x).powi(*n),
        PowfOnePlusSq(e, p) => one_plus_sq(e).powf(*p),
        Ln(e) => eval(e, x).ln(),
        Sqrt(e) => eval(e, x).sqrt(),
        Tan(e) => eval(e, x).tan(),
        Powf(e, p) => eval(e, x).powf(*p),
        Powd(l, r) => eval(l, x).pow(eval(r, x)),
        Abs(e) => eval(e, x).abs(),
        Recip(e) => eval(e, x).recip(),
    }
}

/// Smooth expressions of depth at most 5 (a leaf and four levels above it).
fn smooth_expr() -> impl Strategy<Value = Expr> {
    let leaf =
        prop_oneof![Just(Expr::Var), (-3.0..3.0f64).prop_map(Expr::Const)];
    leaf.prop_recursive(4, 48, 2, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        prop_oneof![
            (b(), b()).prop_map(|(l, r)| Expr::Add(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Sub(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Mul(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Div(l, r)),
            b().prop_map(Expr::Neg),
            b().prop_map(Expr::Sin),
            b().prop_map(Expr::Cos),
            b().prop_map(Expr::Exp),
            b().prop_map(Expr::LnOnePlusSq),
            b().prop_map(Expr::SqrtOnePlusSq),
            b().prop_map(Expr::TanOfSin),
            (b(), -3..=4i32).prop_map(|(e, n)| Expr::Powi(e, n)),
            (b(), -2.5..2.5f64).prop_map(|(e, p)| Expr::PowfOnePlusSq(e, p)),
        ]
    })
}

/// Numbers for the value test: ordinary ones, and any `f64` at all
/// (zeros, subnormals, infinities, NaN).
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -10.0..10.0f64,
        1 => prop_oneof![Just(0.0), Just(-0.0), Just(1.0), Just(-1.0)],
        1 => proptest::num::f64::ANY,
    ]
}

/// Every kind of expression, in the domain or not, of depth at most 5.
fn any_expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![Just(Expr::Var), any_number().prop_map(Expr::Const)];
    leaf.prop_recursive(4, 48, 2, |inner| {
        let b = || inner.clone().prop_map(Box::new);
        let exponent = prop_oneof![
            -4..=5i32,
            Just(i32::MIN),
            Just(i32::MAX),
            Just(i32::MIN + 1)
        ];
        prop_oneof![
            (b(), b()).prop_map(|(l, r)| Expr::Add(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Sub(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Mul(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Div(l, r)),
            (b(), b()).prop_map(|(l, r)| Expr::Powd(l, r)),
            b().prop_map(Expr::Neg),
            b().prop_map(Expr::Sin),
            b().prop_map(Expr::Cos),
            b().prop_map(Expr::Exp),
            b().prop_map(Expr::LnOnePlusSq),
            b().prop_map(Expr::SqrtOnePlusSq),
            b().prop_map(Expr::TanOfSin),
            b().prop_map(Expr::Ln),
            b().prop_map(Expr::Sqrt),
            b().prop_map(Expr::Tan),
            b().prop_map(Expr::Abs),
            b().prop_map(Expr::Recip),
            (b(), exponent).prop_map(|(e, n)| Expr::Powi(e, n)),
            (b(), any_number()).prop_map(|(e, p)| Expr::Powf(e, p)),
            (b(), any_number()).prop_map(|(e, p)| Expr::PowfOnePlusSq(e, p)),
        ]
    })
}

/// 256 cases per property, room for the skipped ones, and no regression
/// files written into the source tree.
fn config() -> Config {
    Config {
        cases: 256,
        max_global_rejects: 10_000,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// The derivative part agrees with an independent finite-difference
    /// estimate of the plain `f64` function, within the estimate's own error.
    #[test]
    fn derivative_matches_finite_differences(e in smooth_expr(), x in -3.0..3.0f64) {
        prop_assert!(e.depth() <= 5);
        let f = |t: f64| eval(&e, t);
        prop_assume!(tame(&e, x));
        let y = eval(&e, Dual::variable(x));
        let Ok(est) = derivative_with_error(f, x) else {
            return Err(TestCaseError::reject("no finite-difference estimate"));
        };
        let fd = est.value;
        let scale = fd.abs().max(1.0);
        prop_assume!(est.error <= 1e-6 * scale);
        // Rounding error in f, as seen by differences over the step.
        let noise = eval(&e, Rounded::lift(x)).err;
        prop_assume!(4.0 * noise / est.step <= 1e-8 * scale);
        let tolerance = 10.0 * est.error + 1e-7 * scale;
        prop_assert!(
            (y.eps - fd).abs() <= tolerance,
            "{e:?} at {x}: dual {} vs finite differences {est:?}",
            y.eps
        );
    }

    /// The value part does the same arithmetic as `f64`, so it is the same
    /// number bit for bit (any NaN is as good as another: IEEE 754 leaves the
    /// sign and payload of a NaN result open).
    #[test]
    fn value_is_the_f64_evaluation(e in any_expr(), x in any_number()) {
        prop_assert!(e.depth() <= 5);
        let plain = eval(&e, x);
        let dual = eval(&e, Dual::variable(x)).re;
        prop_assert!(
            dual.to_bits() == plain.to_bits() || (dual.is_nan() && plain.is_nan()),
            "{e:?} at {x}: dual value {dual} vs f64 {plain}"
        );
    }

    /// d/dx (sin² x + cos² x) = d/dx 1 = 0.
    #[test]
    fn pythagorean_identity_is_flat(x in -1e3..1e3f64) {
        let (_, d) = dual::derivative(|x| x.sin() * x.sin() + x.cos() * x.cos(), x);
        prop_assert!(d.abs() <= 1e-12, "{d} at {x}");
        let (_, d) = dual::derivative(|x| x.sin().powi(2) + x.cos().powi(2), x);
        prop_assert!(d.abs() <= 1e-12, "{d} at {x}");
    }

    /// d/dx exp(ln(1 + x²)) = d/dx (1 + x²) = 2x.
    #[test]
    fn exp_undoes_ln(x in -1e3..1e3f64) {
        let (_, d) = dual::derivative(|x| (1.0 + x * x).ln().exp(), x);
        prop_assert!((d - 2.0 * x).abs() <= 1e-12 * (2.0 * x).abs().max(1.0), "{d} at {x}");
    }

    /// A constant exponent in `pow` is `powf`, and a whole-number `powf`
    /// is `powi`, derivative included.
    #[test]
    fn powers_agree(x in -10.0..10.0f64, n in -4..=6i32) {
        prop_assume!(x != 0.0);
        let v = Dual::variable(x);
        let p = f64::from(n);
        prop_assert_eq!(v.pow(Dual::constant(p)), v.powf(p));
        let (a, b) = (v.powf(p), v.powi(n));
        prop_assert!(
            (a.eps - b.eps).abs() <= 1e-13 * b.eps.abs().max(1.0),
            "{a} vs {b}"
        );
    }
}
