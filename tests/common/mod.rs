//! Helpers shared by the property tests over symbolic expressions.

use mvcalc::symbolic::Expr;
use proptest::test_runner::Config;

/// Enough cases to explore the trees, no regression files written into the
/// repository.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The largest magnitude of any subexpression of `e` at the point, or
/// infinity if one is not finite. Huge intermediate values make `f64` lose
/// the variables (as in 1e47 + x) or make the function oscillate faster
/// than a finite difference can follow, so such points are skipped.
pub fn largest_part(e: &Expr, at: &[(&str, f64)]) -> f64 {
    let here = e.eval(at).unwrap_or(f64::NAN);
    if !here.is_finite() {
        return f64::INFINITY;
    }
    let below = match e {
        Expr::Num(_) | Expr::Var(_) | Expr::Const(_) => 0.0,
        Expr::Neg(a) | Expr::Func(_, a) => largest_part(a, at),
        Expr::Add(items) | Expr::Mul(items) => items
            .iter()
            .map(|item| largest_part(item, at))
            .fold(0.0, f64::max),
        Expr::Div(a, b) | Expr::Pow(a, b) => {
            largest_part(a, at).max(largest_part(b, at))
        }
        // A kind of node added later: the point is skipped.
        _ => f64::INFINITY,
    };
    below.max(here.abs())
}
