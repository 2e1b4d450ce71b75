//! Property tests of the multivariate parts of the crate: on random smooth
//! functions of two to four variables the finite-difference gradient,
//! Jacobian and Hessian agree with the symbolic ones and with dual numbers
//! (duals of duals for the Hessian); the two rules
//! for classifying a stationary point agree; matrices built with known
//! eigenvalues are classified by their signs; and no input makes anything
//! panic.

mod common;
use common::{config, largest_part};
use mvcalc::Real;
use mvcalc::dual::{self, Dual};
use mvcalc::numeric::{
    MultivariateError, central_gradient, gradient, hessian, jacobian, partial,
    second_difference, second_partial,
};
use mvcalc::stationary::{
    ClassifyError, Stationary, classify_by_determinant, classify_by_eigenvalues,
};
use mvcalc::symbolic::{
    self, EvalAt, Expr, Function, cos, exp, ln, num, sin, sqrt, tan, var,
};
use nalgebra::{DMatrix, DVector, Matrix2};
use proptest::prelude::*;

const NAMES: [&str; 4] = ["x", "y", "z", "w"];

/// Small numbers, the first `n` variables and the constants.
fn leaf(n: usize) -> impl Strategy<Value = Expr> {
    let names = NAMES[..n].to_vec();
    prop_oneof![
        (-4i32..=4).prop_map(|k| num(f64::from(k))),
        (-30i32..=30).prop_map(|k| num(f64::from(k) / 10.0)),
        prop::sample::select(names.clone()).prop_map(var),
        prop::sample::select(names).prop_map(var),
        Just(Expr::PI),
        Just(Expr::E),
    ]
}

/// Expression trees of depth at most 4 in the first `n` variables that are
/// smooth wherever they are finite: ln and sqrt get arguments of the form
/// 1 + u^2, tan an argument in [-1/2, 1/2], and general powers a positive
/// base.
fn smooth_expr(n: usize) -> impl Strategy<Value = Expr> {
    leaf(n).prop_recursive(4, 32, 2, |inner| {
        let pair = (inner.clone(), inner.clone());
        let positive = |u: Expr| 1.0 + u.pow(2.0);
        prop_oneof![
            inner.clone().prop_map(|a| -a),
            pair.clone().prop_map(|(a, b)| a + b),
            pair.clone().prop_map(|(a, b)| a - b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(move |(a, b)| a / positive(b)),
            pair.clone().prop_map(|(a, b)| a / b),
            (inner.clone(), -2i32..=4).prop_map(|(a, k)| a.pow(f64::from(k))),
            pair.clone().prop_map(move |(a, b)| positive(a).pow(b)),
            inner.clone().prop_map(sin),
            inner.clone().prop_map(cos),
            inner.clone().prop_map(|a| tan(0.5 * sin(a))),
            inner.clone().prop_map(exp),
            inner.clone().prop_map(move |a| ln(positive(a))),
            inner.clone().prop_map(move |a| sqrt(positive(a))),
        ]
    })
}

/// A function of 2 to 4 variables that uses every one of them (so that no
/// partial derivative is trivially zero everywhere), and a point in
/// [-2, 2]^n.
fn function_and_point() -> impl Strategy<Value = (Expr, Vec<f64>)> {
    (2usize..=4).prop_flat_map(|n| {
        let uses_all = move |e: Expr| {
            // Add a small smooth term in each variable, so that all n occur.
            NAMES[..n].iter().enumerate().fold(e, |acc, (k, v)| {
                acc + (0.1 * (k as f64 + 1.0)) * sin(var(*v))
            })
        };
        (
            smooth_expr(n).prop_map(uses_all),
            prop::collection::vec(-2.0..2.0f64, n),
        )
    })
}

/// The value of `e` with every variable a [`Real`], such as a dual number:
/// forward-mode differentiation of the expression tree.
fn eval_dual<T: Real>(e: &Expr, at: &[(&str, T)]) -> T {
    let go = |a: &Expr| eval_dual(a, at);
    match e {
        Expr::Num(c) => T::from(*c),
        Expr::Var(name) => at
            .iter()
            .find(|(n, _)| n == name)
            .map_or(T::from(f64::NAN), |&(_, d)| d),
        Expr::Const(c) => T::from(c.value()),
        Expr::Neg(a) => -go(a),
        Expr::Add(terms) => terms
            .iter()
            .map(go)
            .reduce(|s, t| s + t)
            .unwrap_or(T::from(0.0)),
        Expr::Mul(factors) => factors
            .iter()
            .map(go)
            .reduce(|p, f| p * f)
            .unwrap_or(T::from(1.0)),
        Expr::Div(a, b) => go(a) / go(b),
        Expr::Pow(a, b) => go(a).pow(go(b)),
        Expr::Func(f, a) => {
            let a = go(a);
            match f {
                Function::Sin => a.sin(),
                Function::Cos => a.cos(),
                Function::Tan => a.tan(),
                Function::Exp => a.exp(),
                Function::Ln => a.ln(),
                Function::Sqrt => a.sqrt(),
                other => unimplemented!("{other} is not generated here"),
            }
        }
        other => unimplemented!("{other:?} is not generated here"),
    }
}

/// How many roundings' worth of relative error the evaluation of `e` at the
/// point carries: the sum, over the operations of the tree, of the condition
/// numbers from that operation up to the root. An addition that cancels
/// (x - y for x near y) or a logarithm of a number near 1 (ln(1 + x^2) for
/// small x) amplifies the rounding of what came before it.
///
/// The finite-difference estimators choose their steps assuming that `f` is
/// computed to within a few roundings of its value, as
/// `mvcalc::numeric::Estimate::error` documents; where the amplification
/// is large that assumption fails, the computed function is a staircase at
/// the scale of the small steps, and the estimate can be off by far more
/// than 1e-7. Such points are skipped: the fault is in the formula's
/// arithmetic, not in the estimator.
fn amplification(e: &Expr, at: &[(&str, f64)]) -> f64 {
    fn go(e: &Expr, at: &[(&str, f64)], factor: f64) -> f64 {
        let v = |a: &Expr| a.eval(at).unwrap_or(f64::NAN);
        let own = factor;
        own + match e {
            Expr::Num(_) | Expr::Var(_) | Expr::Const(_) => 0.0,
            Expr::Neg(a) => go(a, at, factor),
            Expr::Mul(factors) => {
                factors.iter().map(|a| go(a, at, factor)).sum::<f64>()
            }
            Expr::Div(a, b) => go(a, at, factor) + go(b, at, factor),
            Expr::Add(terms) => {
                let whole = v(e).abs();
                terms
                    .iter()
                    .map(|a| go(a, at, factor * v(a).abs() / whole))
                    .sum::<f64>()
            }
            Expr::Pow(a, b) => {
                let (base, exponent) = (v(a), v(b));
                go(a, at, factor * exponent.abs())
                    + go(b, at, factor * (exponent * base.abs().ln()).abs())
            }
            Expr::Func(f, a) => {
                let u = v(a);
                let condition = match f {
                    Function::Sin => (u / u.tan()).abs(),
                    Function::Cos => (u * u.tan()).abs(),
                    Function::Tan => {
                        (u * (1.0 + u.tan().powi(2)) / u.tan()).abs()
                    }
                    Function::Exp => u.abs(),
                    Function::Ln => 1.0 / u.ln().abs(),
                    Function::Sqrt => 0.5,
                    _ => f64::INFINITY,
                };
                // 0/0 at u = 0 (sin u / u and the like) is a condition of 1.
                let condition =
                    if condition.is_nan() { 1.0 } else { condition };
                go(a, at, factor * condition)
            }
            _ => f64::INFINITY,
        }
    }
    let total = go(e, at, 1.0);
    if total.is_nan() { f64::INFINITY } else { total }
}

/// Whether a finite-difference failure is the one the tests excuse: a
/// singularity within reach of the first, coarse steps (0.1 of the scale of
/// the point), where the function's values grow without bound. The
/// one-variable estimator `derivative_with_error` can settle on the coarse
/// steps before it reaches the small ones that keep clear of the
/// singularity, and then meets a non-finite value. Any other failure on
/// these smooth, well-conditioned functions fails the test.
fn singularity_nearby<T>(result: &Result<T, MultivariateError>) -> bool {
    matches!(
        result,
        Err(MultivariateError::NonFiniteValue { near: Some(_), .. })
    )
}

/// The variables bound to the coordinates of a point.
fn bind<'a>(p: &[f64]) -> Vec<(&'a str, f64)> {
    NAMES.iter().copied().zip(p.iter().copied()).collect()
}

/// `f` as a function of a point.
fn as_fn(f: &Expr) -> impl Fn(&DVector<f64>) -> f64 + '_ {
    move |v: &DVector<f64>| f.eval(&bind(v.as_slice())).unwrap_or(f64::NAN)
}

/// `f` as a function of a point of [`Real`] numbers, such as dual numbers.
fn as_dual_fn<T: Real>(f: &Expr) -> impl Fn(&DVector<T>) -> T + '_ {
    move |v: &DVector<T>| {
        let at: Vec<(&str, T)> =
            NAMES.iter().copied().zip(v.iter().copied()).collect();
        eval_dual(f, &at)
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// The finite-difference gradient, the symbolic gradient evaluated, and
    /// the dual-number gradient agree.
    ///
    /// Skipped, honestly: points where some subexpression exceeds 1e4 (or is
    /// not finite), since there f64 loses the variables or the function
    /// turns faster than any step can resolve; points where the formula's
    /// own arithmetic amplifies rounding a thousandfold or more (see
    /// [`amplification`]); points where the exact gradient is huge; and
    /// points with a singularity within reach of the first steps (see
    /// [`singularity_nearby`]; about one case in 200 000).
    #[test]
    fn gradients_agree_three_ways((f, p) in function_and_point()) {
        let at = bind(&p);
        prop_assume!(largest_part(&f, &at) < 1e4);
        prop_assume!(amplification(&f, &at) < 1e3);
        let x = DVector::from_vec(p.clone());
        let n = p.len();

        let (value, dual) = dual::gradient(as_dual_fn(&f), &x);
        prop_assert_eq!(value.to_bits(), as_fn(&f)(&x).to_bits());
        let sym = symbolic::gradient(&f, &NAMES[..n]).eval_at(&NAMES[..n], &x).unwrap();
        prop_assume!(dual.iter().all(|d| d.is_finite() && d.abs() < 1e6));
        let fd = gradient(as_fn(&f), &x);
        prop_assume!(!singularity_nearby(&fd));
        prop_assert!(fd.is_ok(), "gradient of {} at {:?}: {:?}", f, p, fd);
        let fd = fd.unwrap();
        let scale = dual.amax().max(1.0);
        for i in 0..n {
            // Two exact methods, up to rounding in differently arranged formulas.
            prop_assert!(
                (sym[i] - dual[i]).abs() <= 1e-9 * dual[i].abs() + 1e-11 * scale,
                "entry {} of the gradient of {} at {:?}: symbolic {} dual {}",
                i, f, p, sym[i], dual[i]
            );
            prop_assert!(
                (fd[i] - dual[i]).abs() <= 1e-7 * dual[i].abs() + 1e-9 * scale,
                "entry {} of the gradient of {} at {:?}: finite differences {} dual {}",
                i, f, p, fd[i], dual[i]
            );
        }
        for i in 0..n {
            prop_assert_eq!(partial(as_fn(&f), &x, i), Ok(fd[i]));
        }
    }

    /// The finite-difference Hessian is exactly symmetric and agrees with the
    /// symbolic Hessian evaluated, to 1e-4 relative plus an absolute 1e-6 of
    /// the largest entry (entries that cancel to nearly zero can only be as
    /// accurate as the largest).
    ///
    /// Skipped as for the gradient, and where the exact Hessian is huge.
    #[test]
    fn hessians_agree((f, p) in function_and_point()) {
        let at = bind(&p);
        prop_assume!(largest_part(&f, &at) < 1e4);
        prop_assume!(amplification(&f, &at) < 1e3);
        let x = DVector::from_vec(p.clone());
        let n = p.len();
        let exact = symbolic::hessian(&f, &NAMES[..n]).eval_at(&NAMES[..n], &x).unwrap();
        prop_assume!(exact.iter().all(|h| h.is_finite() && h.abs() < 1e6));
        let fd = hessian(as_fn(&f), &x);
        prop_assume!(!singularity_nearby(&fd));
        prop_assert!(fd.is_ok(), "Hessian of {} at {:?}: {:?}", f, p, fd);
        let fd = fd.unwrap();
        prop_assert_eq!(&fd, &fd.transpose());
        // Nested dual numbers: exact, from the same expression tree.
        let (_, _, nested) = dual::hessian(as_dual_fn(&f), &x);
        prop_assert_eq!(&nested, &nested.transpose());
        let scale = exact.amax().max(1.0);
        for i in 0..n {
            for j in 0..n {
                let (a, b, d) = (fd[(i, j)], exact[(i, j)], nested[(i, j)]);
                prop_assert!(
                    (a - b).abs() <= 1e-4 * b.abs() + 1e-6 * scale,
                    "H[{}][{}] of {} at {:?}: finite differences {} symbolic {}",
                    i, j, f, p, a, b
                );
                prop_assert!(
                    (d - b).abs() <= 1e-9 * b.abs() + 1e-11 * scale,
                    "H[{}][{}] of {} at {:?}: nested duals {} symbolic {}",
                    i, j, f, p, d, b
                );
            }
        }
    }
}

/// Two functions of the same 2 to 4 variables, and a point.
fn two_functions_and_point() -> impl Strategy<Value = (Vec<Expr>, Vec<f64>)> {
    (2usize..=4).prop_flat_map(|n| {
        (
            prop::collection::vec(smooth_expr(n), 2),
            prop::collection::vec(-2.0..2.0f64, n),
        )
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// The finite-difference Jacobian of a vector function agrees with the
    /// symbolic and dual-number Jacobians; rows are outputs. Skipped as for
    /// the gradient.
    #[test]
    fn jacobians_agree((fs, p) in two_functions_and_point()) {
        let at = bind(&p);
        prop_assume!(fs.iter().all(|f| largest_part(f, &at) < 1e4));
        prop_assume!(fs.iter().all(|f| amplification(f, &at) < 1e3));
        let x = DVector::from_vec(p.clone());
        let n = p.len();
        let vector_fn = |v: &DVector<f64>| {
            let at = bind(v.as_slice());
            DVector::from_iterator(2, fs.iter().map(|f| f.eval(&at).unwrap_or(f64::NAN)))
        };
        let dual_fn = |v: &DVector<Dual>| {
            let at: Vec<(&str, Dual)> = NAMES.iter().copied().zip(v.iter().copied()).collect();
            DVector::from_iterator(fs.len(), fs.iter().map(|f| eval_dual(f, &at)))
        };
        let (_, dual) = dual::jacobian(dual_fn, &x).unwrap();
        prop_assert_eq!(dual.shape(), (2, n));
        prop_assume!(dual.iter().all(|d| d.is_finite() && d.abs() < 1e6));
        let sym = symbolic::jacobian(&fs, &NAMES[..n]).eval_at(&NAMES[..n], &x).unwrap();
        let fd = jacobian(vector_fn, &x);
        prop_assume!(!singularity_nearby(&fd));
        prop_assert!(fd.is_ok(), "Jacobian at {:?}: {:?}", p, fd);
        let fd = fd.unwrap();
        for k in 0..2 {
            let scale = dual.row(k).amax().max(1.0);
            for j in 0..n {
                let d = dual[(k, j)];
                prop_assert!((sym[(k, j)] - d).abs() <= 1e-9 * d.abs() + 1e-11 * scale);
                prop_assert!(
                    (fd[(k, j)] - d).abs() <= 1e-7 * d.abs() + 1e-9 * scale,
                    "J[{}][{}] of {:?} at {:?}: finite differences {} dual {}",
                    k, j, fs.iter().map(|f| f.to_string()).collect::<Vec<_>>(), p, fd[(k, j)], d
                );
            }
            // Row k of the Jacobian is the gradient of output k.
            prop_assert_eq!(
                DVector::from_iterator(n, dual.row(k).iter().copied()),
                dual::gradient(as_dual_fn(&fs[k]), &x).1
            );
        }
    }
}

/// A random orthogonal matrix: the Q of the QR factorisation of a random
/// matrix (well conditioned enough: its columns are kept apart).
fn orthogonal(n: usize) -> impl Strategy<Value = DMatrix<f64>> {
    prop::collection::vec(-1.0..1.0f64, n * n).prop_filter_map(
        "nearly singular random matrix",
        move |entries| {
            let a = DMatrix::from_vec(n, n, entries);
            let qr = a.clone().qr();
            // Reject matrices too close to singular for a clean Q.
            let r_min = qr
                .r()
                .diagonal()
                .iter()
                .fold(f64::INFINITY, |m, d| m.min(d.abs()));
            (r_min > 1e-3).then(|| qr.q())
        },
    )
}

/// The kind a Hessian with these eigenvalues must be given.
fn expected_kind(eigenvalues: &[f64]) -> Stationary {
    let up = eigenvalues.iter().any(|&l| l > 0.0);
    let down = eigenvalues.iter().any(|&l| l < 0.0);
    let flat = eigenvalues.contains(&0.0);
    match (up, down, flat) {
        (true, true, _) => Stationary::Saddle,
        (true, false, false) => Stationary::Minimum,
        (false, true, false) => Stationary::Maximum,
        _ => Stationary::Inconclusive,
    }
}

/// An eigenvalue: a magnitude from 1e-3 to 1e3 of either sign, or zero.
fn eigenvalue() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (-3.0..3.0f64, any::<bool>()).prop_map(|(e, neg)| {
            let m = 10f64.powf(e);
            if neg { -m } else { m }
        }),
        1 => Just(0.0),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    /// For random symmetric 2x2 matrices away from det = 0 the determinant
    /// test and the eigenvalue test agree, on a `Matrix2` and a `DMatrix`.
    #[test]
    fn determinant_and_eigenvalue_rules_agree(
        a in -10.0..10.0f64,
        b in -10.0..10.0f64,
        c in -10.0..10.0f64,
    ) {
        let det = a * c - b * b;
        let size = a.abs().max(b.abs()).max(c.abs());
        // Borderline: the determinant is zero to within rounding, where the
        // eigenvalue rule's tolerance and the exact zero of the determinant
        // rule may differ.
        prop_assume!(det.abs() > 1e-6 * size * size);
        let by_det = classify_by_determinant(&Matrix2::new(a, b, b, c)).unwrap();
        let h = DMatrix::from_row_slice(2, 2, &[a, b, b, c]);
        prop_assert_eq!(classify_by_determinant(&h), Ok(by_det));
        prop_assert_eq!(classify_by_eigenvalues(&h), Ok(by_det));
        prop_assert_eq!(classify_by_eigenvalues(&Matrix2::new(a, b, b, c)), Ok(by_det));
        prop_assert_ne!(by_det, Stationary::Inconclusive);
    }

    /// Exactly singular symmetric 2x2 matrices are inconclusive under both
    /// rules: [[a, b], [b, b^2/a]] built so that det = 0 exactly.
    #[test]
    fn singular_2x2_is_inconclusive(k in -8i32..=8, m in -8i32..=8, s in -3i32..=3) {
        // With a = 2^s and b = k, d = b^2 / a is exact, so det = a d - b^2 = 0.
        let a = 2f64.powi(s) * if m < 0 { -1.0 } else { 1.0 };
        let b = f64::from(k);
        let d = b * b / a;
        prop_assert_eq!(a * d - b * b, 0.0);
        prop_assert_eq!(classify_by_determinant(&Matrix2::new(a, b, b, d)), Ok(Stationary::Inconclusive));
        let h = DMatrix::from_row_slice(2, 2, &[a, b, b, d]);
        prop_assert_eq!(classify_by_eigenvalues(&h), Ok(Stationary::Inconclusive));
    }

    /// H = Q diag(λ) Qᵀ with random orthogonal Q has eigenvalues λ, and is
    /// classified by their signs in 2 to 5 dimensions.
    #[test]
    fn classify_by_chosen_eigenvalues(
        (q, lambda) in (2usize..=5).prop_flat_map(|n| {
            (orthogonal(n), prop::collection::vec(eigenvalue(), n))
        })
    ) {
        let n = lambda.len();
        let h = &q * DMatrix::from_diagonal(&DVector::from_vec(lambda.clone())) * q.transpose();
        // Rounding leaves Q diag(λ) Qᵀ symmetric only to about 1e-16 of its
        // size; make it exactly symmetric as a Hessian estimate would be.
        let h = (&h + h.transpose()) / 2.0;
        let largest = lambda.iter().fold(0.0_f64, |m, l| m.max(l.abs()));
        // Rounding gives a zero eigenvalue a size of about 1e-16 times the
        // largest, far inside the 1e-10 tolerance; every non-zero one is at
        // least 1e-6 of the largest, far outside it.
        let expected = if largest == 0.0 { Stationary::Inconclusive } else { expected_kind(&lambda) };
        prop_assert_eq!(classify_by_eigenvalues(&h), Ok(expected), "{} with eigenvalues {:?}", h, lambda);
        // Every kind is unchanged by scaling the matrix by a positive number.
        prop_assert_eq!(classify_by_eigenvalues(&(&h * 1e200)), Ok(expected));
        prop_assert_eq!(classify_by_eigenvalues(&(&h * 1e-200)), Ok(expected));
        // And negating swaps minimum and maximum.
        let swapped = match expected {
            Stationary::Minimum => Stationary::Maximum,
            Stationary::Maximum => Stationary::Minimum,
            other => other,
        };
        prop_assert_eq!(classify_by_eigenvalues(&-&h), Ok(swapped));
        prop_assert_eq!(h.nrows(), n);
    }
}

/// Any f64, weighted towards the troublesome ones.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        -3.0..3.0f64,
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(-1e301),
        Just(5e-324),
        prop::num::f64::ANY,
    ]
}

/// A troublesome function of a point: it may index past the end (guarded,
/// so that only our code can panic), return NaN, infinity, a corner, a
/// jump, or vectors whose length depends on the point.
#[derive(Debug, Clone, Copy)]
enum Nasty {
    Smooth,
    Nan,
    Infinite,
    Corner,
    Jump,
    Huge,
    LnOfFirst,
}

impl Nasty {
    fn eval(self, v: &DVector<f64>) -> f64 {
        let first = v.get(0).copied().unwrap_or(0.0);
        let sum: f64 = v.iter().sum();
        match self {
            Nasty::Smooth => sum.sin() + first * first,
            Nasty::Nan => f64::NAN,
            Nasty::Infinite => f64::INFINITY,
            Nasty::Corner => first.abs() + sum,
            Nasty::Jump => {
                if first < 0.5 {
                    0.0
                } else {
                    1.0
                }
            }
            Nasty::Huge => 1e308 * (sum + 2.0),
            Nasty::LnOfFirst => first.ln(),
        }
    }

    /// A vector function whose length may change with the point.
    fn eval_vector(self, v: &DVector<f64>) -> DVector<f64> {
        let len = if v.get(0).is_some_and(|&x| x > 0.25) {
            3
        } else {
            2
        };
        DVector::from_element(len, self.eval(v))
    }

    fn eval_dual(self, v: &DVector<Dual>) -> Dual {
        let first = v.get(0).copied().unwrap_or(Dual::constant(0.0));
        match self {
            Nasty::Smooth => first.sin(),
            Nasty::Nan => Dual::constant(f64::NAN),
            Nasty::Infinite => Dual::constant(f64::INFINITY),
            Nasty::Corner => first.abs(),
            Nasty::Jump => Dual::constant(0.0),
            Nasty::Huge => first * 1e308,
            Nasty::LnOfFirst => first.ln(),
        }
    }
}

fn nasty() -> impl Strategy<Value = Nasty> {
    prop::sample::select(vec![
        Nasty::Smooth,
        Nasty::Nan,
        Nasty::Infinite,
        Nasty::Corner,
        Nasty::Jump,
        Nasty::Huge,
        Nasty::LnOfFirst,
    ])
}

proptest! {
    #![proptest_config(config(256))]

    /// No point, index or function makes any of the functions panic; the
    /// checked versions fail exactly when the point is empty, has a
    /// non-finite or huge coordinate, or the index is out of range, among
    /// other reasons; and their messages are never empty.
    #[test]
    fn bad_input_never_panics(
        p in prop::collection::vec(any_number(), 0..4),
        i in 0usize..6,
        j in 0usize..6,
        h in any_number(),
        g in nasty(),
    ) {
        let x = DVector::from_vec(p.clone());
        let f = |v: &DVector<f64>| g.eval(v);
        let vf = |v: &DVector<f64>| g.eval_vector(v);
        let df = |v: &DVector<Dual>| g.eval_dual(v);
        let bad_point = p.is_empty() || p.iter().any(|c| !c.is_finite() || c.abs() > 1e300);

        let results = [
            partial(f, &x, i).map(|_| ()),
            gradient(f, &x).map(|_| ()),
            jacobian(vf, &x).map(|_| ()),
            hessian(f, &x).map(|_| ()),
            second_partial(f, &x, i, j).map(|_| ()),
        ];
        for r in &results {
            if let Err(e) = r {
                prop_assert!(!e.to_string().is_empty());
            }
        }
        if bad_point {
            prop_assert!(results.iter().all(|r| r.is_err()));
        }
        if i >= p.len() {
            prop_assert!(results[0].is_err());
        }
        // What is returned has the point's size, and is finite.
        if let Ok(g) = gradient(f, &x) {
            prop_assert_eq!(g.len(), p.len());
            prop_assert!(g.iter().all(|v| v.is_finite()));
        }
        if let Ok(h) = hessian(f, &x) {
            prop_assert_eq!(h.shape(), (p.len(), p.len()));
            prop_assert!(h.iter().all(|v| v.is_finite()));
        }
        if let Ok(jm) = jacobian(vf, &x) {
            prop_assert_eq!(jm.ncols(), p.len());
        }
        prop_assert_eq!(central_gradient(f, &x, h).len(), p.len());
        let _ = second_difference(f, &x, i, j, h);
        prop_assert_eq!(dual::gradient(df, &x).1.len(), p.len());
        prop_assert_eq!(dual::hessian(|v: &DVector<Dual<Dual>>| {
            v.get(0).copied().unwrap_or(Dual::constant(Dual::constant(0.0))).sin()
        }, &x).2.shape(), (p.len(), p.len()));
        let rows = dual::jacobian(|v| DVector::from_element(i, g.eval_dual(v)), &x)
            .map(|(_, jm)| jm.shape());
        prop_assert_eq!(rows, Ok((i, p.len())));
    }

    /// No matrix makes the classification panic; it is inconclusive, and
    /// the checked version fails, for anything that is not a finite,
    /// square, symmetric, non-empty matrix.
    #[test]
    fn bad_matrices_never_panic(
        rows in 0usize..4,
        cols in 0usize..4,
        entries in prop::collection::vec(any_number(), 16),
        symmetric in any::<bool>(),
    ) {
        let mut h = DMatrix::from_fn(rows, cols, |r, c| entries[r * 4 + c]);
        if symmetric && rows == cols {
            h = DMatrix::from_fn(rows, cols, |r, c| entries[r.max(c) * 4 + r.min(c)]);
        }
        match classify_by_eigenvalues(&h) {
            Ok(_) => {
                prop_assert!(rows == cols && rows > 0 && h.iter().all(|v| v.is_finite()));
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
            }
        }
        let by_det = classify_by_determinant(&h);
        if (rows, cols) != (2, 2) {
            prop_assert_eq!(by_det, Err(ClassifyError::NotTwoByTwo { rows, cols }));
        } else if let Ok(kind) = by_det {
            prop_assert!(classify_by_eigenvalues(&h).is_ok(), "{:?}", kind);
        }
    }
}

#[test]
fn symbolic_matrices_of_any_shape_evaluate() {
    let f = Expr::parse("x*y").unwrap();
    let none: [&str; 0] = [];
    let h = symbolic::hessian(&f, &none);
    assert!(h.is_empty());
    assert_eq!(
        h.eval_at(&none, &DVector::zeros(0)).unwrap().shape(),
        (0, 0)
    );
    let j = symbolic::jacobian(&[], &["x"]);
    assert!(j.is_empty());
    let g = symbolic::gradient(&f, &["x", "x"]);
    assert_eq!(
        g.eval_at(&["x", "y"], &DVector::from_vec(vec![2.0, 3.0]))
            .unwrap()
            .as_slice(),
        &[3.0, 3.0]
    );
}

/// The closures people write index the point: finite differences refuse an
/// empty one before calling them.
#[test]
fn jacobians_never_call_the_function_at_an_empty_point() {
    let f = |v: &DVector<f64>| DVector::from_vec(vec![v[0] * v[1], v[0]]);
    let df = |v: &DVector<Dual>| DVector::from_vec(vec![v[0] * v[1], v[0]]);
    let empty = DVector::<f64>::zeros(0);
    assert_eq!(jacobian(f, &empty), Err(MultivariateError::EmptyPoint));
    // At a real point the same closures give [[y, x], [1, 0]].
    let p = DVector::from_vec(vec![2.0, 3.0]);
    let expected = DMatrix::from_row_slice(2, 2, &[3.0, 2.0, 1.0, 0.0]);
    assert_eq!(dual::jacobian(df, &p).unwrap().1, expected);
    assert!((jacobian(f, &p).unwrap() - &expected).amax() < 1e-9);
}

/// `√x + y` at (0, 1): the dual gradient is [∞, NaN] (an infinite slope
/// times a zero derivative part), as its documentation warns, although
/// ∂f/∂y = 1; finite differences refuse, since x cannot step below 0.
#[test]
fn an_infinite_slope_spoils_the_other_dual_entries() {
    let (_, g) = dual::gradient(
        |v: &DVector<Dual>| v[0].sqrt() + v[1],
        &DVector::from_vec(vec![0.0, 1.0]),
    );
    assert_eq!(g[0], f64::INFINITY);
    assert!(g[1].is_nan());
    let f = |v: &DVector<f64>| v[0].sqrt() + v[1];
    let fd = gradient(f, &DVector::from_vec(vec![0.0, 1.0]));
    assert!(
        matches!(fd, Err(MultivariateError::NonFiniteValue { .. })),
        "{fd:?}"
    );
}

/// The gradient inherits what `derivative_with_error` gets right or
/// refuses: a period aliased by the steps.
#[test]
fn gradients_of_fast_oscillation_are_right_or_refused() {
    // sin(1000 x) + y at (1.0042, 2): the steps 0.10042, 0.05021, ...,
    // 0.00627625 are all within 0.11% of whole numbers of periods, and once
    // gave -0.4917 for 444.98.
    let f = |v: &DVector<f64>| (1000.0 * v[0]).sin() + v[1];
    let exact = 1000.0 * (1000.0_f64 * 1.0042).cos();
    match gradient(f, &DVector::from_vec(vec![1.0042, 2.0])) {
        Ok(g) => {
            assert!((g[0] - exact).abs() < 1e-6, "{g:?} vs {exact}");
            assert!((g[1] - 1.0).abs() < 1e-9, "{g:?}");
        }
        Err(e) => {
            assert!(matches!(e, MultivariateError::Unresolved { .. }), "{e:?}")
        }
    }
    // sin(k x) for k from 1e2 to 1e6: right, or refused as unresolved.
    for i in 0..=40 {
        let k = 10f64.powf(2.0 + i as f64 / 10.0);
        let x = -2.0 + 0.0937 * i as f64;
        let f = |v: &DVector<f64>| (k * v[0]).sin();
        match gradient(f, &DVector::from_vec(vec![x])) {
            Ok(g) => {
                let exact = k * (k * x).cos();
                assert!(
                    (g[0] - exact).abs() <= 1e-6 * k,
                    "k = {k}, x = {x}: {g:?} vs {exact}"
                );
            }
            Err(e) => assert!(
                matches!(e, MultivariateError::Unresolved { .. }),
                "{e:?}"
            ),
        }
    }
}

/// Slopes near the largest f64 are finite and right, and slopes beyond it
/// are errors: e^x at 708 was once an infinite gradient.
#[test]
fn gradients_and_hessians_near_the_largest_f64() {
    // e^x at 708 is 3.0234e307, and so are its gradient and Hessian.
    let e = |v: &DVector<f64>| v[0].exp();
    let at = DVector::from_vec(vec![708.0]);
    let exact = 708.0_f64.exp();
    let g = gradient(e, &at).unwrap();
    assert!((g[0] - exact).abs() <= 1e-9 * exact, "{g:?}");
    let j =
        jacobian(|v: &DVector<f64>| DVector::from_vec(vec![v[0].exp()]), &at)
            .unwrap();
    assert!((j[(0, 0)] - exact).abs() <= 1e-9 * exact, "{j:?}");
    let h = hessian(e, &at).unwrap();
    assert!((h[(0, 0)] - exact).abs() <= 1e-6 * exact, "{h:?}");
    // Slopes beyond the largest f64 are errors, never infinite entries.
    let steep = |v: &DVector<f64>| 1e307 * v[0].powi(4);
    let err = gradient(steep, &DVector::from_vec(vec![2.0])).unwrap_err();
    assert_eq!(
        err,
        MultivariateError::Overflow {
            coordinate: 0,
            second: None,
            output: None
        }
    );
    assert!(err.to_string().contains("too large for an f64"), "{err}");
    assert!(gradient(steep, &DVector::from_vec(vec![2.0])).is_err());
    // 1e308 x^2 at 1e-10: value 1e288, slope 2e298, but f'' = 2e308.
    let bent = |v: &DVector<f64>| 1e308 * v[0] * v[0];
    let err = second_partial(bent, &DVector::from_vec(vec![1e-10]), 0, 0)
        .unwrap_err();
    assert_eq!(
        err,
        MultivariateError::Overflow {
            coordinate: 0,
            second: Some(0),
            output: None
        }
    );
    assert!(
        err.to_string().contains("second derivative (0, 0)"),
        "{err}"
    );
}

/// A vertical tangent along one coordinate is refused there, not
/// reported as a slope.
#[test]
fn partials_at_a_vertical_tangent_are_refused() {
    // The cube root has a vertical tangent along x at x = 0; along y the
    // slope is 1.
    let c = |v: &DVector<f64>| v[0].cbrt() + v[1];
    let at = DVector::from_vec(vec![0.0, 1.0]);
    let err = partial(c, &at, 0).unwrap_err();
    assert!(
        matches!(
            err,
            MultivariateError::VerticalTangent { coordinate: 0, .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("vertical tangent"), "{err}");
    assert!((partial(c, &at, 1).unwrap() - 1.0).abs() < 1e-12);
    assert!(partial(c, &at, 0).is_err());
}
