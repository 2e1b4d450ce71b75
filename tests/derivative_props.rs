//! `derivative` against closed-form derivatives on random smooth functions
//! and points: the accuracy the documentation promises, and an error
//! estimate that covers the actual error.

use mvcalc::derivative::{DerivativeError, derivative_with_error};
use proptest::prelude::*;

type Function = Box<dyn Fn(f64) -> f64>;

/// A smooth function with a known derivative, from a family and parameters.
fn family(kind: u8, a: f64, b: f64) -> (Function, Function) {
    match kind {
        0 => (
            Box::new(move |x: f64| a * (b * x).sin()),
            Box::new(move |x: f64| a * b * (b * x).cos()),
        ),
        1 => (
            Box::new(move |x: f64| (a * x).exp()),
            Box::new(move |x: f64| a * (a * x).exp()),
        ),
        2 => (
            Box::new(move |x: f64| a * x.powi(3) - b * x * x + 1.0),
            Box::new(move |x: f64| 3.0 * a * x * x - 2.0 * b * x),
        ),
        3 => (
            Box::new(move |x: f64| (b * x).powi(2).ln_1p()),
            Box::new(move |x: f64| 2.0 * b * b * x / (1.0 + (b * x).powi(2))),
        ),
        _ => (
            Box::new(move |x: f64| a / (1.0 + x * x)),
            Box::new(move |x: f64| -2.0 * a * x / (1.0 + x * x).powi(2)),
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn accurate_to_1e8_relative_with_an_honest_error(
        kind in 0u8..5,
        a in -3.0..3.0f64,
        b in 0.1..20.0f64,
        x in -5.0..5.0f64,
    ) {
        let (f, df) = family(kind, a, b);
        let exact = df(x);
        let est = derivative_with_error(&f, x).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let err = (est.value - exact).abs();
        // (ln_1p, not ln(1 + u): the function itself must not lose digits
        // that no derivative method can see; see `Estimate::error`.)
        // The scale of the problem: the derivative, or the function over the
        // distance on which it changes (a derivative of exactly zero can
        // only be found to within rounding of f).
        let scale = exact.abs().max(f(x).abs() * b.max(1.0)).max(1.0);
        prop_assert!(err <= 1e-8 * scale, "f{kind}({a}, {b}) at {x}: {est:?} vs {exact}");
        prop_assert!(err <= 2.0 * est.error, "error estimate too small: {est:?} vs {exact}");
    }

    #[test]
    fn corners_are_refused(c in -10.0..10.0f64, k in 0.1..10.0f64) {
        let f = move |x: f64| k * (x - c).abs() + x;
        let refused = matches!(derivative_with_error(f, c), Err(DerivativeError::NotDifferentiable { .. }));
        prop_assert!(refused);
    }
}
