//! `derivative` against closed-form derivatives on random smooth functions
//! and points: the accuracy the documentation promises, and an error
//! estimate that covers the actual error.

use mvcalc::numeric::{DerivativeError, derivative_with_error};
use proptest::prelude::*;

/// `cases` cases, and no regression files written into the source tree.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

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
    #![proptest_config(config(512))]

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

/// $k \cos(kx)$, the derivative of $\sin(kx)$, with the product $kx$ carried
/// to twice the precision of `f64` (its rounding error, found with a fused
/// multiply-add, moves the cosine by up to $k \abs{x} \varepsilon$, far more
/// than the answer's own rounding when $kx$ is large).
fn k_cos_kx(k: f64, x: f64) -> f64 {
    let p = k * x;
    let low = k.mul_add(x, -p);
    k * (p.cos() - p.sin() * low)
}

/// What the sweep of $\sin(kx)$ found.
#[derive(Debug, Default)]
struct Sweep {
    probes: usize,
    refused: usize,
    /// Ok results further from $k \cos(kx)$ than their own error estimate
    /// (plus a rounding allowance of $10^{-14} k$).
    dishonest: Vec<String>,
    /// Ok results wrong by more than $10^{-3}$ relative and outside their
    /// own error estimate.
    wrong: usize,
}

/// `derivative_with_error` of $\sin(kx)$ for `ks` values of $k$ spaced
/// evenly in $\log k$ from $10^2$ to $10^9$, each at `xs` points spread over
/// $[-4, 4]$ by a golden-ratio sequence (so that no two $k$ share points).
fn sweep_sin_kx(ks: usize, xs: usize) -> Sweep {
    let golden = 0.618_033_988_749_894_9;
    let mut sweep = Sweep::default();
    for i in 0..ks {
        let k = 10f64.powf(2.0 + 7.0 * i as f64 / (ks - 1) as f64);
        for j in 0..xs {
            let u = ((i * xs + j) as f64 * golden + 0.1).fract();
            let x = -4.0 + 8.0 * u;
            sweep.probes += 1;
            let exact = k_cos_kx(k, x);
            match derivative_with_error(|t| (k * t).sin(), x) {
                Err(_) => sweep.refused += 1,
                Ok(est) => {
                    let off = (est.value - exact).abs();
                    if off > est.error + 1e-14 * k {
                        sweep.dishonest.push(format!(
                            "k = {k:e}, x = {x}: {est:?}, exact {exact}"
                        ));
                        if off > 1e-3 * exact.abs() {
                            sweep.wrong += 1;
                        }
                    }
                }
            }
        }
    }
    sweep
}

/// Every derivative of $\sin(kx)$ that is returned is within its own error
/// estimate of $k \cos(kx)$: 240 probes, $k$ from $10^2$ to $10^9$.
#[test]
fn fast_oscillation_is_resolved_or_refused() {
    let sweep = sweep_sin_kx(24, 10);
    assert!(sweep.dishonest.is_empty(), "{sweep:#?}");
    // Refusing is allowed, but not as a habit.
    assert!(sweep.refused * 10 <= sweep.probes, "{sweep:#?}");
}

/// The full sweep, 2,200 probes: run by `cargo xtask ci`, or with
/// `cargo test --test derivative_props -- --ignored`.
#[test]
#[ignore = "2,200 probes; run by cargo xtask ci"]
fn fast_oscillation_full_sweep() {
    let sweep = sweep_sin_kx(100, 22);
    assert_eq!(sweep.probes, 2200);
    assert!(sweep.dishonest.is_empty(), "{sweep:#?}");
    assert!(sweep.refused * 10 <= sweep.probes, "{sweep:#?}");
}

/// The case that showed it: at 1.0042 the first steps, $0.1 \max(|x|, 1)$
/// halved (0.10042, 0.05021, ..., 0.00627625), are all within 0.11% of a
/// whole number of periods of $\sin(1000 t)$ (16, 8, ..., 1 times
/// $2\pi/1000 \approx 0.0062832$), so their central differences agree on a
/// wrong slope.
#[test]
fn steps_that_alias_a_period_are_caught() {
    let f = |t: f64| (1000.0 * t).sin();
    let exact = k_cos_kx(1000.0, 1.0042);
    assert!((exact - 444.9757).abs() < 1e-4);
    match derivative_with_error(f, 1.0042) {
        Ok(est) => assert!((est.value - exact).abs() <= est.error, "{est:?}"),
        Err(e) => assert!(e.to_string().contains("faster"), "{e}"),
    }
}

/// Derivatives near the largest `f64` are finite, and right: the
/// extrapolation once multiplied them by 16 and overflowed.
#[test]
fn large_derivatives_do_not_overflow() {
    // e^x is its own derivative: 3.0234e307 at 708, 1.355e308 at 709.5.
    for x in [700.0, 705.0, 708.0, 709.5] {
        let est = derivative_with_error(f64::exp, x).unwrap();
        let exact = x.exp();
        assert!(est.value.is_finite() && est.error.is_finite(), "{est:?}");
        assert!((est.value - exact).abs() <= 1e-9 * exact, "{est:?}");
        assert!((est.value - exact).abs() <= est.error, "{est:?}");
    }
    // A straight line of slope c, for c up to the largest f64 (at 0.5, so
    // that the values near the point are finite too).
    let est = derivative_with_error(|x| 5e307 * x, 1.0).unwrap();
    assert!((est.value - 5e307).abs() <= 1e-12 * 5e307, "{est:?}");
    for c in [5e307, -5e307, 1e308, 1.7e308] {
        let est = derivative_with_error(|x| c * x, 0.5).unwrap();
        assert!((est.value - c).abs() <= 1e-12 * c.abs(), "{c}: {est:?}");
    }
}

/// A derivative beyond the largest `f64` is an error, never an infinite or
/// NaN "estimate".
#[test]
fn derivatives_beyond_the_largest_f64_are_errors() {
    // 1e307 x^4 is 1.6e308 at 2, finite, but its slope 3.2e308 is not.
    let f = |x: f64| 1e307 * x.powi(4);
    let e = derivative_with_error(f, 2.0).unwrap_err();
    assert!(matches!(e, DerivativeError::Overflow { at: 2.0 }), "{e:?}");
    assert!(e.to_string().contains("too large"), "{e}");
    assert!(mvcalc::numeric::derivative(f, 2.0).is_err());
}

proptest! {
    #![proptest_config(config(256))]

    /// e^x near the top of the f64 range, and c x for huge c: always Ok,
    /// finite and within the error estimate.
    #[test]
    fn huge_slopes_are_finite_and_honest(
        x in 650.0..709.7f64,
        c in 1e300..1.79e308f64,
    ) {
        let est = derivative_with_error(f64::exp, x)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!((est.value - x.exp()).abs() <= est.error, "{est:?}");
        prop_assert!(est.error <= 1e-9 * x.exp(), "{est:?}");
        let est = derivative_with_error(|t| c * t, -0.25)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!((est.value - c).abs() <= est.error, "{est:?}");
    }
}

/// A vertical tangent has no finite slope: $x^{1/3}$ at $0$ once gave
/// 33.92 with an error estimate of 12.6.
#[test]
fn vertical_tangents_are_refused() {
    use mvcalc::numeric::derivative;
    // Odd roots at 0, rising and falling; x ln|x| (slope ln|x| + 1 -> -inf).
    let fifth = |x: f64| x.signum() * x.abs().powf(0.2);
    let x_ln_x = |x: f64| if x == 0.0 { 0.0 } else { x * x.abs().ln() };
    type F = Box<dyn Fn(f64) -> f64>;
    let cases: [(F, f64); 5] = [
        (Box::new(f64::cbrt), 1.0),
        (Box::new(|x: f64| -x.cbrt()), -1.0),
        (Box::new(fifth), 1.0),
        (Box::new(x_ln_x), -1.0),
        // A cusp: the slopes grow on both sides, with opposite signs.
        (Box::new(|x: f64| x.abs().sqrt()), 0.0),
    ];
    for (k, (f, sign)) in cases.iter().enumerate() {
        let e = derivative_with_error(f, 0.0).unwrap_err();
        let DerivativeError::VerticalTangent { at, left, right } = e else {
            panic!("case {k}: expected a vertical tangent, got {e:?}");
        };
        assert_eq!(at, 0.0);
        // Each side's slope has the sign of the tangent, and is steep (the
        // slope of x ln|x| grows only as ln|x|).
        if *sign != 0.0 {
            assert!(left * sign > 20.0 && right * sign > 20.0, "{k}: {e:?}");
        } else {
            assert!(left < -20.0 && right > 20.0, "case {k}: {e:?}");
        }
        assert!(e.to_string().contains("vertical tangent"), "{e}");
        assert!(derivative(f, 0.0).is_err());
    }
    // Away from 0 the cube root has a slope, x^(-2/3) / 3.
    for x in [-0.5, 1e-3, 8.0] {
        let est = derivative_with_error(f64::cbrt, x).unwrap();
        let exact = x.abs().powf(-2.0 / 3.0) / 3.0;
        assert!((est.value - exact).abs() <= est.error, "{x}: {est:?}");
        assert!((est.value - exact).abs() <= 1e-9 * exact, "{x}: {est:?}");
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A shifted, scaled cube root has a vertical tangent where its argument
    /// is 0, wherever that is.
    #[test]
    fn shifted_cube_roots_have_vertical_tangents(
        c in -100.0..100.0f64,
        a in 0.01..100.0f64,
    ) {
        let f = move |x: f64| a * (x - c).cbrt();
        let refused = matches!(
            derivative_with_error(f, c),
            Err(DerivativeError::VerticalTangent { .. })
        );
        prop_assert!(refused, "{:?}", derivative_with_error(f, c));
    }
}
