//! Property tests of `mvcalc::symbolic`: the symbolic derivative agrees with
//! an independent numerical one, printing and parsing are inverse, the
//! simplifier keeps values and is idempotent, sums and products of
//! thousands of terms work like short ones, a derivative of `abs` at its
//! corner is an error, and the parser survives any input.

mod common;
use common::{config, largest_part};
use mvcalc::numeric::derivative_with_error;
use mvcalc::symbolic::{
    EvalError, Expr, Function, abs, cos, cosh, exp, ln, num, sigmoid, sign,
    sin, sinh, sqrt, tan, tanh, var,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::path::PathBuf;
use std::process::Command;

/// `config(cases)`, or with fifty times as many cases when the environment
/// variable `MVCALC_LONG_SWEEPS` is set, as `cargo xtask ci` does.
fn sweep(cases: u32) -> proptest::test_runner::Config {
    let long = std::env::var_os("MVCALC_LONG_SWEEPS").is_some();
    config(if long { 50 * cases } else { cases })
}

/// Small numbers, the variables x and y, and the constants.
fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (-4i32..=4).prop_map(|n| num(f64::from(n))),
        (-30i32..=30).prop_map(|n| num(f64::from(n) / 10.0)),
        Just(var("x")),
        Just(var("x")),
        Just(var("y")),
        Just(Expr::PI),
        Just(Expr::E),
    ]
}

/// Expression trees of depth at most 5 that are smooth wherever they are
/// finite, except for the corners of `abs` and the jumps of `sign` (which
/// the tests keep clear of): ln and sqrt get arguments of the form
/// 1 + u^2, tan an argument in [-1/2, 1/2], and general powers a positive
/// base.
fn smooth_expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 48, 2, |inner| {
        let pair = (inner.clone(), inner.clone());
        let positive = |u: Expr| 1.0 + u.pow(2.0);
        prop_oneof![
            inner.clone().prop_map(|a| -a),
            pair.clone().prop_map(|(a, b)| a + b),
            pair.clone().prop_map(|(a, b)| a - b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(|(a, b)| a / b),
            pair.clone().prop_map(move |(a, b)| a / positive(b)),
            (inner.clone(), -2i32..=4).prop_map(|(a, k)| a.pow(f64::from(k))),
            pair.clone().prop_map(move |(a, b)| positive(a).pow(b)),
            inner.clone().prop_map(|a| Expr::E.pow(a)),
            inner.clone().prop_map(|a| num(2.0).pow(a)),
            inner.clone().prop_map(sin),
            inner.clone().prop_map(cos),
            inner.clone().prop_map(|a| tan(0.5 * sin(a))),
            inner.clone().prop_map(exp),
            inner.clone().prop_map(move |a| ln(positive(a))),
            inner.clone().prop_map(move |a| sqrt(positive(a))),
            inner.clone().prop_map(sinh),
            inner.clone().prop_map(cosh),
            inner.clone().prop_map(tanh),
            inner.clone().prop_map(sigmoid),
            inner.clone().prop_map(abs),
            pair.clone().prop_map(|(a, b)| sign(a) * b),
            // Sums and products of several terms at once.
            prop::collection::vec(inner.clone(), 3..6).prop_map(Expr::sum),
            prop::collection::vec(inner.clone(), 3..5).prop_map(Expr::product),
        ]
    })
}

/// Any finite number, from subnormal to huge, of either sign.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1000i32..=1000).prop_map(f64::from),
        -1e3..1e3f64,
        prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
    ]
}

/// Arbitrary trees, without regard to domains: every variant, negative and
/// extreme numbers, several variable names, and sums and products of at
/// least `fewest` terms (printing writes those of fewer than two as their
/// value, so that they do not parse back to the same tree).
fn any_expr(fewest: usize) -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        any_number().prop_map(num),
        prop::sample::select(vec!["x", "y", "rho", "x1", "w_2", "sinx"])
            .prop_map(var),
        Just(Expr::PI),
        Just(Expr::E),
    ];
    leaf.prop_recursive(5, 48, 2, move |inner| {
        let pair = (inner.clone(), inner.clone());
        prop_oneof![
            inner.clone().prop_map(|a| -a),
            pair.clone().prop_map(|(a, b)| a + b),
            pair.clone().prop_map(|(a, b)| a - b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(|(a, b)| a / b),
            pair.clone().prop_map(|(a, b)| a.pow(b)),
            inner.clone().prop_map(sin),
            inner.clone().prop_map(cos),
            inner.clone().prop_map(tan),
            inner.clone().prop_map(exp),
            inner.clone().prop_map(ln),
            inner.clone().prop_map(sqrt),
            inner.clone().prop_map(sinh),
            inner.clone().prop_map(cosh),
            inner.clone().prop_map(tanh),
            inner.clone().prop_map(abs),
            inner.clone().prop_map(sigmoid),
            inner.clone().prop_map(sign),
            prop::collection::vec(inner.clone(), fewest..5).prop_map(Expr::Add),
            prop::collection::vec(inner.clone(), fewest..5).prop_map(Expr::Mul),
        ]
    })
}

fn point() -> impl Strategy<Value = f64> {
    -3.0..3.0f64
}

/// The arguments of every `abs` and `sign` in `e`.
fn kinks(e: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Func(Function::Abs | Function::Sign, a) => {
                out.push(&**a);
                stack.push(a);
            }
            Expr::Neg(a) | Expr::Func(_, a) => stack.push(a),
            Expr::Add(items) | Expr::Mul(items) => stack.extend(items),
            Expr::Div(a, b) | Expr::Pow(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            _ => {}
        }
    }
    out
}

/// Whether every argument of `abs` and `sign` keeps its sign, and stays
/// clear of 0, on the interval that the finite differences sample, 0.1
/// times max(|t|, 1) on each side of `at` (sampled at 201 points).
fn kinks_clear(e: &Expr, at: f64, value: impl Fn(&Expr, f64) -> f64) -> bool {
    let reach = 0.1 * at.abs().max(1.0);
    kinks(e).into_iter().all(|u| {
        let centre = value(u, at);
        (0..=200).all(|i| {
            let t = at - reach + reach * f64::from(i) / 100.0;
            let v = value(u, t);
            v.is_finite()
                && v.signum() == centre.signum()
                && v.abs() > 1e-6 * centre.abs().max(1.0)
        })
    })
}

proptest! {
    #![proptest_config(config(512))]

    /// The symbolic derivative agrees with Richardson-extrapolated finite
    /// differences, within the estimate's own error bound. Points where an
    /// argument of `abs` or `sign` comes near 0 within the steps are
    /// skipped: there the function has a corner or a jump.
    #[test]
    fn derivative_matches_finite_differences(
        f in smooth_expr(),
        x0 in point(),
        y0 in point(),
        wrt_y in prop::bool::weighted(0.25),
    ) {
        let (name, at) = if wrt_y { ("y", y0) } else { ("x", x0) };
        let value_of = |e: &Expr, t: f64| {
            let vars = if wrt_y { [("x", x0), ("y", t)] } else { [("x", t), ("y", y0)] };
            e.eval(&vars).unwrap_or(f64::NAN)
        };
        let value = |t: f64| value_of(&f, t);
        let vars = [("x", x0), ("y", y0)];
        prop_assume!(largest_part(&f, &vars) < 1e4);
        prop_assume!(kinks_clear(&f, at, value_of));
        let est = derivative_with_error(value, at);
        prop_assume!(est.is_ok());
        let est = est.unwrap();
        prop_assume!(est.value.abs() < 1e4);
        prop_assume!(est.error <= 1e-4 * est.value.abs().max(1.0));

        let df = f.diff(name);
        let symbolic = df.eval(&vars).expect("x and y are given, and sign is not at 0");
        prop_assume!(symbolic.abs() < 1e4 || symbolic.is_nan());
        let tolerance = 10.0 * est.error + 1e-7 * est.value.abs().max(1.0);
        prop_assert!(
            (symbolic - est.value).abs() <= tolerance,
            "d/d{} of {} at x = {}, y = {}\nsymbolic {} = {}\nnumerical {:?}",
            name, f, x0, y0, df, symbolic, est
        );
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// Printing and parsing back gives the same tree, for any tree and for
    /// simplified ones.
    #[test]
    fn display_round_trips(e in any_expr(2)) {
        let text = e.to_string();
        let back = Expr::parse(&text);
        prop_assert_eq!(back.as_ref(), Ok(&e), "printed as {:?}", text);

        let s = e.simplify();
        let text = s.to_string();
        let back = Expr::parse(&text);
        prop_assert_eq!(back.as_ref(), Ok(&s), "simplified, printed as {:?}", text);
        // LaTeX output is produced for every tree.
        prop_assert!(!e.to_latex().is_empty());
    }

    /// Simplification is idempotent on any tree.
    #[test]
    fn simplify_is_idempotent(e in any_expr(0)) {
        let once = e.simplify();
        let twice = once.simplify();
        prop_assert_eq!(&twice, &once, "simplifying {} gave {} then {}", e, once, twice);
    }
}

/// The size of the terms that were added to make `e`: cancellation between
/// them limits how well two rearrangements of `e` can agree.
fn magnitude(e: &Expr, vars: &[(&str, f64)]) -> f64 {
    let v = |e: &Expr| e.eval(vars).unwrap_or(f64::NAN).abs();
    match e {
        Expr::Add(terms) => terms.iter().map(|t| magnitude(t, vars)).sum(),
        Expr::Neg(a) => magnitude(a, vars),
        Expr::Mul(factors) => {
            factors.iter().map(|f| magnitude(f, vars)).product()
        }
        Expr::Div(a, b) => magnitude(a, vars) / v(b),
        _ => v(e),
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// Simplification keeps the value wherever the original is finite, up
    /// to rounding, and is idempotent.
    #[test]
    fn simplify_preserves_values(f in smooth_expr(), x0 in point(), y0 in point()) {
        let vars = [("x", x0), ("y", y0)];
        let original = f.eval(&vars);
        // sign of an exact 0 (as of x - x) fails, simplified or not.
        if original.is_err() {
            prop_assert!(f.simplify().eval(&vars).is_err(), "{}", f);
            return Ok(());
        }
        let original = original.unwrap();
        // Finite all the way through: 1/(x - x) is infinite before it is
        // folded, and the sign of an infinity or a zero is not kept.
        let largest = largest_part(&f, &vars);
        prop_assume!(largest < 1e12);
        let s = f.simplify();
        let simplified = s.eval(&vars).unwrap();
        // Reassociating rounds differently, and large intermediate values
        // (cancelled, or fed to sin) magnify the difference.
        let scale = magnitude(&f, &vars).max(largest).max(1.0);
        prop_assert!(
            (simplified - original).abs() <= 1e-9 * scale,
            "{} = {} but simplified {} = {} at x = {}, y = {}",
            f, original, s, simplified, x0, y0
        );
        prop_assert_eq!(&s.simplify(), &s);
    }
}

/// Formulas in x and y with literal zeros in them: `0`, `-0` and `-(0)`
/// among small numbers, so that divisions by zero, 0/0, signed zeros and
/// infinities turn up inside sums, products, powers and functions.
fn expr_with_zeros() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        3 => Just(num(0.0)),
        1 => Just(num(-0.0)),
        1 => Just(-num(0.0)),
        2 => prop::sample::select(vec![-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 0.5])
            .prop_map(num),
        3 => Just(var("x")),
        2 => Just(var("y")),
        1 => Just(Expr::PI),
        1 => Just(Expr::E),
    ];
    leaf.prop_recursive(5, 40, 2, |inner| {
        let pair = (inner.clone(), inner.clone());
        prop_oneof![
            inner.clone().prop_map(|a| -a),
            pair.clone().prop_map(|(a, b)| a + b),
            pair.clone().prop_map(|(a, b)| a - b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(|(a, b)| a / b),
            (inner.clone(), -3i32..=3).prop_map(|(a, k)| a.pow(f64::from(k))),
            pair.clone().prop_map(|(a, b)| a.pow(b)),
            inner.clone().prop_map(sin),
            inner.clone().prop_map(cos),
            inner.clone().prop_map(tan),
            inner.clone().prop_map(exp),
            inner.clone().prop_map(ln),
            inner.clone().prop_map(sqrt),
            inner.clone().prop_map(sinh),
            inner.clone().prop_map(cosh),
            inner.clone().prop_map(tanh),
            inner.clone().prop_map(sigmoid),
            inner.clone().prop_map(abs),
            inner.clone().prop_map(sign),
            prop::collection::vec(inner.clone(), 3..5).prop_map(Expr::sum),
            prop::collection::vec(inner.clone(), 3..5).prop_map(Expr::product),
        ]
    })
}

/// What IEEE 754 arithmetic can tell apart in a result: NaN, the two
/// infinities, the two zeros, and finite non-zero numbers.
#[derive(Debug, PartialEq)]
enum Class {
    Nan,
    PlusInfinity,
    MinusInfinity,
    PlusZero,
    MinusZero,
    Finite,
    /// No value: `sign` of a zero.
    Failed,
}

fn class_of(r: Result<f64, EvalError>) -> Class {
    match r {
        Ok(v) => class(v),
        Err(EvalError::SignOfZero { .. }) => Class::Failed,
        Err(e) => panic!("x and y are given: {e}"),
    }
}

fn class(v: f64) -> Class {
    if v.is_nan() {
        Class::Nan
    } else if v == f64::INFINITY {
        Class::PlusInfinity
    } else if v == f64::NEG_INFINITY {
        Class::MinusInfinity
    } else if v == 0.0 {
        if v.is_sign_negative() {
            Class::MinusZero
        } else {
            Class::PlusZero
        }
    } else {
        Class::Finite
    }
}

/// The formula with every literal zero replaced by `delta` with the zero's
/// sign: the same formula, but with nothing special left in it but what
/// its variables do.
fn zeros_replaced(e: &Expr, delta: f64) -> Expr {
    let r = |a: &Expr| Box::new(zeros_replaced(a, delta));
    let all = |items: &[Expr]| {
        items.iter().map(|a| zeros_replaced(a, delta)).collect()
    };
    match e {
        Expr::Num(x) if *x == 0.0 => num(delta.copysign(*x)),
        Expr::Neg(a) => Expr::Neg(r(a)),
        Expr::Func(f, a) => Expr::Func(*f, r(a)),
        Expr::Add(items) => Expr::Add(all(items)),
        Expr::Mul(items) => Expr::Mul(all(items)),
        Expr::Div(a, b) => Expr::Div(r(a), r(b)),
        Expr::Pow(a, b) => Expr::Pow(r(a), r(b)),
        _ => e.clone(),
    }
}

/// The children of a node.
fn children(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Neg(a) | Expr::Func(_, a) => vec![&**a],
        Expr::Add(items) | Expr::Mul(items) => items.iter().collect(),
        Expr::Div(a, b) | Expr::Pow(a, b) => vec![&**a, &**b],
        _ => vec![],
    }
}

/// Whether every subexpression of `e` at the point passes `ok`, which is
/// given `None` where `sign` of a zero leaves no value.
fn everywhere(
    e: &Expr,
    at: &[(&str, f64)],
    ok: &dyn Fn(Option<f64>) -> bool,
) -> bool {
    ok(e.eval(at).ok())
        && children(e).into_iter().all(|c| everywhere(c, at, ok))
}

/// Whether the point is one where simplification may assume what every
/// computer algebra system assumes: that the variables, and expressions in
/// them, are finite non-zero numbers (so that x - x is 0 and x/x is 1), and
/// that anything else comes from the numbers written. That is: with its
/// zeros replaced by +-0.01, every part of the formula is a finite non-zero
/// number, and with them replaced by +-1e-9, none is NaN (so that the point
/// is not at the edge of a domain that x + 0 and x + 0.01 straddle, as
/// ln(x + 0) and ln(x + 0.01) do near x = 1). In the formula itself, a
/// finite non-zero part must not be tiny or huge, so that regrouping a sum
/// or product cannot round it to 0 or infinity (x*3 - x - x - x can be
/// 5.6e-17 for x = 0.1).
fn assumptions_hold(f: &Expr, at: &[(&str, f64)]) -> bool {
    everywhere(&zeros_replaced(f, 0.01), at, &|v| {
        v.is_some_and(|v| v.is_finite() && v != 0.0)
    }) && everywhere(&zeros_replaced(f, 1e-9), at, &|v| {
        v.is_some_and(|v| !v.is_nan())
    }) && everywhere(f, at, &|v| {
        v.is_none_or(|v| {
            !v.is_finite() || v == 0.0 || (1e-9..=1e9).contains(&v.abs())
        })
    }) && knife_edges_clear(f, at)
}

/// A power with an infinite or NaN exponent is 1 when its base is exactly
/// 1 or -1, and 0, infinite or NaN otherwise, so rounding that moves the
/// base onto 1 or off it (as (1 + x) - x can be 1 or not) changes the
/// value's class: such points are not used.
fn knife_edges_clear(e: &Expr, at: &[(&str, f64)]) -> bool {
    let v = |e: &Expr| e.eval(at).unwrap_or(f64::NAN);
    match e {
        Expr::Pow(a, b)
            if !v(b).is_finite()
                && v(a).abs() != 1.0
                && (v(a).abs() - 1.0).abs() < 1e-9 =>
        {
            false
        }
        _ => children(e).into_iter().all(|c| knife_edges_clear(c, at)),
    }
}

proptest! {
    #![proptest_config(sweep(512))]

    /// Simplification never folds a NaN or an infinity into a number, or a
    /// number into one, and keeps the sign of every zero (IEEE 754:
    /// 0/0 is NaN, 1/0 is +inf and 1/(-0) is -inf, inf - inf is NaN,
    /// 0*x has the sign of x, -(0) is -0, sin(-0) is -0, and
    /// (-0)^(-1) is -inf). At every point where the assumption above holds,
    /// the simplified formula's value is in the same class as the
    /// original's: NaN, +inf, -inf, +0, -0 or a finite non-zero number, or
    /// no value at all where `sign` meets a zero.
    #[test]
    fn simplify_keeps_nan_infinities_and_signed_zeros(
        f in expr_with_zeros(),
        points in prop::collection::vec(
            (0.3..2.5f64, prop::bool::ANY, 0.3..2.5f64, prop::bool::ANY),
            6,
        ),
    ) {
        let s = f.simplify();
        for (x, x_negative, y, y_negative) in points {
            let x = if x_negative { -x } else { x };
            let y = if y_negative { -y } else { y };
            let at = [("x", x), ("y", y)];
            if !assumptions_hold(&f, &at) {
                continue;
            }
            let (original, simplified) = (f.eval(&at), s.eval(&at));
            prop_assert_eq!(
                class_of(simplified.clone()),
                class_of(original.clone()),
                "{} = {:?} but simplified {} = {:?} at x = {}, y = {}",
                f, original, s, simplified, x, y
            );
        }
    }
}

#[test]
fn simplify_keeps_the_special_values_of_issue_cases() {
    // (formula, x, the IEEE 754 value of the formula at x)
    let cases = [
        ("-(0/0)", 1.0, f64::NAN),
        // |x| + x is exactly 0 for negative x: the negation keeps -0.
        ("-(0 + abs(x) + x)", -0.3, -0.0),
        ("-(abs(x) + x)", -0.3, -0.0),
        ("-(x + abs(x))", -0.3, -0.0),
        ("-0 - (sign(x^(-3)) + 0 + (-1))", 0.3, -0.0),
        ("-(sign(x) - 1)", 2.0, -0.0),
        ("cos(-(0/0))", 1.0, f64::NAN),
        ("0/0 + 1", 1.0, f64::NAN),
        ("1/0 - 1/0", 1.0, f64::NAN),
        ("x/0 - x/0", 1.0, f64::NAN),
        ("0*(1/0)", 1.0, f64::NAN),
        ("1/(0*x)", -1.0, f64::NEG_INFINITY),
        ("1/(0*x)", 1.0, f64::INFINITY),
        ("exp(-((-(0))^(-1)/cos(x)))", 0.5, f64::INFINITY),
        ("1/sin(0*x)", -2.0, f64::NEG_INFINITY),
        ("1/-(0)", 1.0, f64::NEG_INFINITY),
        ("-(0)", 1.0, -0.0),
        ("0*x", -1.0, -0.0),
        ("sin(-0)", 1.0, -0.0),
        ("x - x", -1.0, 0.0),
    ];
    for (text, x, expected) in cases {
        let s = Expr::parse(text).unwrap().simplify();
        let got = s.eval(&[("x", x)]).unwrap();
        assert_eq!(
            class(got),
            class(expected),
            "{text} simplified to {s}, which is {got} at x = {x}"
        );
    }
}

/// Characters the grammar uses, and some it does not.
fn token_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "x",
        "y",
        "rho",
        "1",
        "2.5",
        "1e-3",
        "1e",
        ".",
        "e",
        "pi",
        "+",
        "-",
        "*",
        "/",
        "^",
        "(",
        ")",
        "((",
        "))",
        " ",
        "sin",
        "cos(",
        "tan",
        "exp(",
        "ln",
        "sqrt(",
        "sinh(",
        "tanh",
        "abs(",
        "sigmoid",
        "sign(",
        "log(",
        "3.5e",
        "2E-",
        "**",
        "#",
        ",",
        "θ",
        "×",
        "é",
        "\u{0}",
        "\t",
        "_",
        "9999999999999999999999",
        "1e999",
        "x1",
        "--",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_parse(s: &str) -> Result<(), TestCaseError> {
    match Expr::parse(s) {
        Ok(e) => {
            // Whatever parses prints to something that parses to the same.
            let text = e.to_string();
            prop_assert_eq!(
                Expr::parse(&text),
                Ok(e),
                "{:?} printed as {:?}",
                s,
                text
            );
        }
        Err(err) => {
            prop_assert!(err.position() <= s.len(), "{:?}: {}", s, err);
            prop_assert!(
                s.is_char_boundary(err.position()),
                "{:?}: {}",
                s,
                err
            );
            prop_assert!(!err.message().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    /// The parser returns Ok or Err, never panics, on any mix of tokens.
    #[test]
    fn parser_survives_token_soup(s in token_soup()) {
        check_parse(&s)?;
    }

    /// ... and on arbitrary Unicode.
    #[test]
    fn parser_survives_any_string(s in any::<String>()) {
        check_parse(&s)?;
    }
}

proptest! {
    // Fewer cases: a deeply nested input makes the parser touch megabytes
    // of stack in a debug build.
    #![proptest_config(sweep(128))]

    /// The parser also survives long inputs made of a repeated piece.
    #[test]
    fn parser_survives_long_inputs(piece in token_soup(), times in 1usize..5000) {
        // At most 200,000 bytes.
        let s = piece.repeat(times.min(200_000 / piece.len().max(1)));
        check_parse(&s)?;
    }
}

/// The deepest tree the parser builds (its documentation says 500 levels).
const MAX_DEPTH: usize = 500;

fn depth(e: &Expr) -> usize {
    1 + children(e).into_iter().map(depth).max().unwrap_or(0)
}

/// One level of a deep tree: a node around the part below it, with a leaf
/// beside it on the left or the right.
#[derive(Debug, Clone)]
enum Level {
    Neg,
    Binary(u8, bool, Expr),
    Func(u8),
}

fn level() -> impl Strategy<Value = Level> {
    let leaf = prop_oneof![
        any_number().prop_map(num),
        Just(num(-0.0)),
        prop::sample::select(vec!["x", "y", "w_2"]).prop_map(var),
        Just(Expr::PI),
    ];
    prop_oneof![
        2 => Just(Level::Neg),
        6 => (0u8..5, prop::bool::ANY, leaf.clone())
            .prop_map(|(op, left, l)| Level::Binary(op, left, l)),
        1 => (0u8..12).prop_map(Level::Func),
        // The levels that print with the most nesting: a power with the
        // part below in its exponent, x^(-(...)), and a difference or
        // quotient with the part below on the right, x - (...).
        3 => (1u8..5, leaf).prop_map(|(op, l)| Level::Binary(op, true, l)),
    ]
}

/// Levels that each print with two levels of nesting: -(...) and x^(...).
fn nested_level() -> impl Strategy<Value = Level> {
    prop_oneof![
        Just(Level::Neg),
        Just(Level::Binary(4, true, var("x"))),
        Just(Level::Binary(4, true, num(-2.0))),
    ]
}

/// A tree with the levels stacked on a leaf, bottom first.
fn stack(levels: &[Level]) -> Expr {
    let mut e = var("x");
    for l in levels {
        e = match l {
            Level::Neg => -e,
            Level::Func(f) => [
                sin, cos, tan, exp, ln, sqrt, sinh, cosh, tanh, abs, sigmoid,
                sign,
            ][usize::from(*f)](e),
            Level::Binary(op, left, leaf) => {
                let (a, b) = if *left {
                    (leaf.clone(), e)
                } else {
                    (e, leaf.clone())
                };
                match op {
                    0 => a + b,
                    1 => a - b,
                    2 => a * b,
                    3 => a / b,
                    _ => a.pow(b),
                }
            }
        };
    }
    e
}

/// Printing a tree and parsing the text gives the tree back.
fn round_trips(e: &Expr) -> Result<(), TestCaseError> {
    let text = e.to_string();
    match Expr::parse(&text) {
        Ok(back) => {
            prop_assert_eq!(&back, e, "printed as {}", text);
            prop_assert_eq!(back.to_string(), text);
        }
        Err(err) => prop_assert!(
            false,
            "{} (depth {}) printed as {}: {}",
            e,
            depth(e),
            text,
            err
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(sweep(16))]

    /// Every tree up to the depth limit prints to text that parses back to
    /// it, whatever it is made of (the printer adds at most two levels of
    /// parentheses and signs to a level of the tree, which the parser
    /// allows); one level more is refused with a message, not a crash.
    #[test]
    fn display_round_trips_at_the_depth_limit(
        levels in prop_oneof![
            prop::collection::vec(level(), MAX_DEPTH - 20..MAX_DEPTH + 20),
            prop::collection::vec(nested_level(), MAX_DEPTH - 20..MAX_DEPTH + 20),
        ],
    ) {
        let e = stack(&levels);
        if depth(&e) <= MAX_DEPTH {
            round_trips(&e)?;
        } else {
            let err = Expr::parse(&e.to_string()).unwrap_err();
            prop_assert!(err.message().contains("too deep"), "{}", err);
        }
    }
}

proptest! {
    #![proptest_config(sweep(8))]

    /// Derivatives of inputs 150 levels deep, two to four times as deep,
    /// print to text that parses back, raw and simplified.
    #[test]
    fn derivatives_of_deep_inputs_round_trip(
        levels in prop::collection::vec(level(), 145..150),
    ) {
        let f = stack(&levels);
        round_trips(&f)?;
        for d in [f.diff("x"), f.diff_unsimplified("x")] {
            prop_assume!(d.to_string().len() < 2_000_000);
            round_trips(&d)?;
        }
    }
}

#[test]
fn display_of_deep_inputs_parses_back() {
    // 101 signs print as -(-(...-x)), 201 levels of signs and parentheses.
    let signs = Expr::parse(&("-".repeat(101) + "x")).unwrap();
    assert_eq!(Expr::parse(&signs.to_string()).unwrap(), signs);
    // 2^-2^-...: each level prints as ^(-...), three levels of nesting.
    let powers = Expr::parse(&("2^-".repeat(100) + "2")).unwrap();
    assert_eq!(Expr::parse(&powers.to_string()).unwrap(), powers);
    // The derivative of 150 nested functions is 300 levels deep.
    let chain = format!("{}x{}", "sin(".repeat(150), ")".repeat(150));
    let d = Expr::parse(&chain).unwrap().diff("x");
    assert!(depth(&d) > 150);
    assert_eq!(Expr::parse(&d.to_string()).unwrap(), d);
}

#[test]
fn parser_survives_deep_nesting() {
    let n = 100_000;
    for s in [
        "(".repeat(n),
        format!("{}x{}", "(".repeat(n), ")".repeat(n)),
        "-".repeat(n) + "x",
        "x^".repeat(n) + "x",
        "sin(".repeat(n),
        vec!["x"; n].join("/"),
        vec!["x"; n].join("^"),
        ")".repeat(n),
    ] {
        let err = Expr::parse(&s).unwrap_err();
        assert!(err.position() <= s.len(), "{err}");
    }
    // A sum or product of 100,000 terms is one node, and works.
    for op in ["+", "*", "-"] {
        let e = Expr::parse(&vec!["x"; n].join(op)).unwrap();
        let back = Expr::parse(&e.to_string()).unwrap();
        assert_eq!(back, e);
        let slope = e.diff("x").eval(&[("x", 1.0)]).unwrap();
        let expected = match op {
            "+" => 100_000.0,
            "*" => 100_000.0,
            _ => 1.0 - 99_999.0,
        };
        assert_eq!(slope, expected, "x{op}x{op}...");
    }
}

#[test]
fn malformed_inputs_are_errors_with_positions() {
    for s in [
        "2x",
        "sin x",
        "(x+1",
        "x+",
        "x**2",
        "",
        " ",
        ")",
        "()",
        "x y",
        "sin",
        "sin()",
        "1..2",
        "x^",
        "*x",
        "2 3",
        "ln(x",
        "foo(x)",
        "x = 1",
        "[x]",
        "θ",
        "1e999",
        "3.5e",
        "1e-",
        "abs x",
        "arctan(x)",
    ] {
        let err = Expr::parse(s).unwrap_err();
        assert!(err.position() <= s.len(), "{s:?}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("at position {}: ", err.position())),
            "{err}"
        );
    }
}

/// Identifiers the parser reads as variables: ASCII letters, digits and
/// `_`, starting with a letter or `_`, and not `pi`, `e` or a function.
fn identifier() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z_][A-Za-z0-9_]{0,10}",
        "[a-z]{1,2}[0-9]{0,3}(_[a-z0-9]{1,3}){0,3}",
        prop::sample::select(vec![
            "alpha", "rho", "theta", "Omega", "varphi", "sin", "ln",
        ])
        .prop_flat_map(|g| {
            "[0-9]{0,2}(_[A-Za-z0-9]{0,3}){0,2}"
                .prop_map(move |t| format!("{g}{t}"))
        }),
    ]
    .prop_filter(
        "a variable",
        |name| matches!(Expr::parse(name), Ok(Expr::Var(v)) if &v == name),
    )
}

/// Arbitrary trees over random identifiers and any numbers, NaN and the
/// infinities included.
fn latex_expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        any_number().prop_map(num),
        Just(num(f64::NAN)),
        Just(num(f64::INFINITY)),
        Just(num(f64::NEG_INFINITY)),
        Just(num(-0.0)),
        identifier().prop_map(var),
        Just(Expr::PI),
        Just(Expr::E),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        let pair = (inner.clone(), inner.clone());
        prop_oneof![
            inner.clone().prop_map(|a| -a),
            pair.clone().prop_map(|(a, b)| a + b),
            pair.clone().prop_map(|(a, b)| a - b),
            pair.clone().prop_map(|(a, b)| a * b),
            pair.clone().prop_map(|(a, b)| a / b),
            pair.clone().prop_map(|(a, b)| a.pow(b)),
            inner.clone().prop_map(sin),
            inner.clone().prop_map(tan),
            inner.clone().prop_map(exp),
            inner.clone().prop_map(ln),
            inner.clone().prop_map(sqrt),
            inner.clone().prop_map(sinh),
            inner.clone().prop_map(cosh),
            inner.clone().prop_map(tanh),
            inner.clone().prop_map(abs),
            inner.clone().prop_map(sigmoid),
            inner.clone().prop_map(sign),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Expr::Add),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Expr::Mul),
        ]
    })
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every identifier the parser accepts, and any formula, renders in the
/// KaTeX the book uses: `to_latex` of random identifiers (alone, with
/// powers, in fractions) and random formulas is rendered by
/// `xtask/browser/katex-latex.mjs` with `throwOnError` and strict mode.
/// Skipped (loudly) without Node.js, unless `MVCALC_REQUIRE_BROWSER` is set,
/// as in CI.
#[test]
fn to_latex_renders_in_katex() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("xtask/browser/katex-latex.mjs");
    let has_node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_node {
        assert!(
            std::env::var_os("MVCALC_REQUIRE_BROWSER").is_none(),
            "Node.js is required to check to_latex with KaTeX"
        );
        eprintln!(
            "SKIPPED: Node.js is not installed, so to_latex was not checked with KaTeX"
        );
        return;
    }
    let mut runner = TestRunner::new(config(1));
    let mut exprs: Vec<Expr> = [
        "x1_2",
        "alpha1_2",
        "x1_y",
        "x12_34",
        "x_1^2",
        "x1_2^y1_2",
        "_",
        "_1",
        "__x",
        "x__1",
        "x_",
        "w_ij/rho_2",
        "sin(2*x^5 + 3*x) / exp(7*x)",
        "abs(x - 1)^2 + sigmoid(x)*(1 - sigmoid(x)) - sign(x)*tanh(x)",
        "sinh(x)/cosh(x) + abs(abs(x)/2)",
        "sigma*(x + 1) + sigma*sigmoid(x)",
    ]
    .iter()
    .map(|s| Expr::parse(s).unwrap())
    .collect();
    let names = identifier();
    let formulas = latex_expr();
    for _ in 0..200 {
        let name = var(names.new_tree(&mut runner).unwrap().current());
        exprs.push(name.clone());
        exprs.push(name.pow(&name) / (1.0 + &name));
    }
    for _ in 0..300 {
        exprs.push(formulas.new_tree(&mut runner).unwrap().current());
    }
    // Derivatives of the new functions, and a sum and product of 1000.
    for text in ["tanh(x^2)", "sigmoid(3*x)", "abs(sin(x))", "sign(x)*x"] {
        exprs.push(Expr::parse(text).unwrap().diff("x"));
    }
    exprs.push(Expr::sum((0..1000).map(|i| var(format!("x{i}")).pow(2.0))));
    exprs.push(Expr::product((0..1000).map(|i| abs(var(format!("w_{i}"))))));
    let entries: Vec<String> = exprs
        .iter()
        .map(|e| {
            format!(
                "{{\"source\":{},\"latex\":{}}}",
                json_string(&e.to_string()),
                json_string(&e.to_latex())
            )
        })
        .collect();
    let file = std::env::temp_dir()
        .join(format!("mvcalc-latex-{}.json", std::process::id()));
    std::fs::write(&file, format!("[{}]", entries.join(",\n"))).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("OK: KaTeX"), "{stdout}");
}

/// The terms `c x^k y^j` of a polynomial of 100 to 1500 terms.
fn polynomial() -> impl Strategy<Value = Vec<(i32, u8, u8)>> {
    prop::collection::vec((-9i32..=9, 0u8..6, 0u8..4), 100..1500)
}

/// The polynomial written out, as a reader would: `3*x^2*y^1 - 5*x^0*y^3 + ...`.
fn polynomial_text(terms: &[(i32, u8, u8)]) -> String {
    let mut text = String::new();
    for (i, &(c, k, j)) in terms.iter().enumerate() {
        let sign = match (i, c < 0) {
            (0, false) => "",
            (0, true) => "-",
            (_, false) => " + ",
            (_, true) => " - ",
        };
        text.push_str(&format!("{sign}{}*x^{k}*y^{j}", c.abs()));
    }
    text
}

proptest! {
    #![proptest_config(sweep(24))]

    /// A sum of 100 to 1500 terms parses to one node of that many terms,
    /// prints and parses back, simplifies, and differentiates term by term:
    /// its value and its slope in x agree with the polynomial and with the
    /// power rule applied by hand to each term.
    #[test]
    fn sums_of_many_terms(
        terms in polynomial(),
        x in -1.2..1.2f64,
        y in -1.2..1.2f64,
    ) {
        prop_assume!(x != 0.0);
        let f = Expr::parse(&polynomial_text(&terms)).unwrap();
        let Expr::Add(parsed) = &f else {
            panic!("a sum: {f}");
        };
        prop_assert_eq!(parsed.len(), terms.len());
        round_trips(&f)?;
        let term = |&(c, k, j): &(i32, u8, u8)| {
            f64::from(c) * x.powi(k.into()) * y.powi(j.into())
        };
        let slope = |&(c, k, j): &(i32, u8, u8)| {
            f64::from(c) * f64::from(k) * x.powi(i32::from(k) - 1) * y.powi(j.into())
        };
        let value: f64 = terms.iter().map(term).sum();
        let size: f64 = terms.iter().map(|t| term(t).abs()).sum::<f64>().max(1.0);
        let by_hand: f64 = terms.iter().map(slope).sum();
        let slope_size: f64 =
            terms.iter().map(|t| slope(t).abs()).sum::<f64>().max(1.0);
        let at = [("x", x), ("y", y)];
        prop_assert!((f.eval(&at).unwrap() - value).abs() <= 1e-13 * size);
        let s = f.simplify();
        prop_assert!((s.eval(&at).unwrap() - value).abs() <= 1e-12 * size);
        for d in [f.diff("x"), f.diff_unsimplified("x")] {
            let got = d.eval(&at).unwrap();
            prop_assert!(
                (got - by_hand).abs() <= 1e-12 * slope_size,
                "{} against {} by hand", got, by_hand
            );
        }
    }

}

proptest! {
    // Not lengthened by MVCALC_LONG_SWEEPS: each case simplifies a
    // derivative of half a megabyte of text.
    #![proptest_config(config(24))]

    /// A product of 50 to 1200 factors (1 + a x) parses to one node,
    /// prints and parses back, and its derivative agrees with the
    /// logarithmic derivative, P(x) * sum of a / (1 + a x), an independent
    /// formula.
    #[test]
    fn products_of_many_factors(
        a in prop::collection::vec(-0.05..0.05f64, 50..1200),
        x in -1.0..1.0f64,
    ) {
        let text = a
            .iter()
            .map(|a| format!("(1 + {a}*x)"))
            .collect::<Vec<_>>()
            .join("*");
        let f = Expr::parse(&text).unwrap();
        let Expr::Mul(parsed) = &f else {
            panic!("a product");
        };
        prop_assert_eq!(parsed.len(), a.len());
        round_trips(&f)?;
        let product: f64 = a.iter().map(|a| 1.0 + a * x).product();
        let logarithmic: f64 = a.iter().map(|a| a / (1.0 + a * x)).sum();
        let size: f64 = a.iter().map(|a| (a / (1.0 + a * x)).abs()).sum();
        let at = [("x", x)];
        let value = f.eval(&at).unwrap();
        prop_assert!((value - product).abs() <= 1e-12 * product.abs());
        let slope = f.diff("x").eval(&at).unwrap();
        prop_assert!(
            (slope - product * logarithmic).abs() <= 1e-10 * product.abs() * size,
            "{} against {}", slope, product * logarithmic
        );
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// At the corner of abs(x - c), the derivative of abs(x - c) h + g, for
    /// any h and g, is an error that says so, not a number: the rules
    /// cannot give a slope there. (It may exist, as for h = x - c, but the
    /// engine does not guess.)
    #[test]
    fn abs_at_its_corner_is_an_error(
        h in smooth_expr(),
        g in smooth_expr(),
        c in point(),
        y in point(),
    ) {
        let f = abs(var("x") - c) * h + g;
        let at = [("x", c), ("y", y)];
        let df = f.diff("x");
        prop_assert!(
            matches!(df.eval(&at), Err(EvalError::SignOfZero { .. })),
            "d/dx {} = {} at x = {}: {:?}", f, df, c, df.eval(&at)
        );
        let raw = f.diff_unsimplified("x");
        let failed = matches!(raw.eval(&at), Err(EvalError::SignOfZero { .. }));
        prop_assert!(failed, "raw d/dx {} at x = {}", f, c);
    }
}

#[test]
fn gradients_of_many_variables() {
    // f = sum of k x_k^2 over 300 variables: its gradient is 2 k x_k, and
    // its Hessian is diagonal with 2 k.
    let n = 300;
    let names: Vec<String> = (1..=n).map(|k| format!("x{k}")).collect();
    let f = Expr::sum(
        names
            .iter()
            .enumerate()
            .map(|(k, x)| (k as f64 + 1.0) * var(x.as_str()).pow(2.0)),
    );
    let point = nalgebra::DVector::from_fn(n, |k, _| 0.01 * k as f64 - 1.0);
    use mvcalc::symbolic::EvalAt;
    let g = mvcalc::symbolic::gradient(&f, &names)
        .eval_at(&names, &point)
        .unwrap();
    for k in 0..n {
        assert_eq!(g[k], 2.0 * (k as f64 + 1.0) * point[k], "entry {k}");
    }
    let value = f.eval_at(&names, &point).unwrap();
    let by_hand: f64 =
        (0..n).map(|k| (k as f64 + 1.0) * point[k].powi(2)).sum();
    assert!((value - by_hand).abs() <= 1e-12 * by_hand);
}
