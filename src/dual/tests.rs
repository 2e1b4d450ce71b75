//! Dual numbers against the rules of differentiation.

use super::*;
use crate::Real;
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
            assert_eq!(y.re.to_bits(), fx(x).to_bits(), "value at {x}");
            assert_relative_eq!(
                y.eps,
                dfx(x) * b,
                max_relative = 1e-14,
                epsilon = 1e-300
            );
        }
    }
}

#[test]
fn sin_cos_exp() {
    check(Real::sin, f64::sin, f64::cos, &POINTS);
    check(Real::cos, f64::cos, |x| -x.sin(), &POINTS);
    check(Real::exp, f64::exp, f64::exp, &POINTS);
}

#[test]
fn tan_is_one_over_cos_squared() {
    check(Real::tan, f64::tan, |x| 1.0 / x.cos().powi(2), &POINTS);
    // Close to the pole at π/2 the slope is large but still right.
    let near_pole = std::f64::consts::FRAC_PI_2 - 1e-4;
    check(Real::tan, f64::tan, |x| 1.0 / x.cos().powi(2), &[near_pole]);
}

#[test]
fn ln_and_sqrt() {
    let positive = [1e-8, 0.3, 1.0, 2.0, 1e3, 1e300];
    check(Real::ln, f64::ln, |x| 1.0 / x, &positive);
    check(Real::sqrt, f64::sqrt, |x| 0.5 / x.sqrt(), &positive);
    check(Real::recip, f64::recip, |x| -1.0 / (x * x), &POINTS[..3]);
    check(Real::abs, f64::abs, f64::signum, &[-2.0, -1e-300, 3.0]);
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
        |x| Dual::constant(2.0).pow(x),
        |x| 2.0_f64.powf(x),
        |x| 2.0_f64.powf(x) * 2.0_f64.ln(),
        &POINTS,
    );
    check(
        |x| x.pow(x),
        |x| x.powf(x),
        |x| x.powf(x) * (1.0 + x.ln()),
        &[0.3, 1.0, 2.0, 5.0],
    );
    // A constant exponent agrees with powf, negative base included.
    let x = Dual::variable(-2.0);
    assert_eq!(x.pow(Dual::constant(3.0)), x.powf(3.0));
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
    assert_eq!(zero.pow(Dual::constant(2.0)), Dual::new(0.0, 0.0));
    // 0^x is 0 for x > 0, so its slope in x is 0.
    assert_eq!(
        Dual::constant(0.0).pow(Dual::variable(2.0)),
        Dual::new(0.0, 0.0)
    );
    // An infinite slope is infinite, not NaN.
    assert_eq!(zero.powf(0.5).eps, f64::INFINITY);
    assert_eq!(zero.sqrt().eps, f64::INFINITY);
    assert_eq!(zero.powi(-1).eps, f64::NEG_INFINITY);
}

#[test]
fn extreme_exponents_do_not_panic() {
    let x = Dual::variable(1.0);
    assert_eq!(x.powi(i32::MIN), Dual::new(1.0, f64::from(i32::MIN)));
    assert_eq!(x.powi(i32::MAX), Dual::new(1.0, f64::from(i32::MAX)));
    let y = Dual::variable(2.0).powi(i32::MIN);
    assert_eq!(y.re, 0.0);
    assert_eq!(y.eps, -0.0);
}

#[test]
fn domain_errors_are_nan_like_f64() {
    let neg = Dual::variable(-1.0);
    for y in [
        neg.ln(),
        neg.sqrt(),
        neg.powf(0.5),
        neg.pow(Dual::variable(0.5)),
    ] {
        assert!(y.re.is_nan() && y.eps.is_nan(), "{y:?}");
    }
    let ln0 = Dual::variable(0.0).ln();
    assert_eq!(ln0, Dual::new(f64::NEG_INFINITY, f64::INFINITY));
    let q = Dual::variable(1.0) / Dual::constant(0.0);
    assert_eq!(q.re, f64::INFINITY);
    let nan = Dual::new(f64::NAN, 1.0).sin();
    assert!(nan.re.is_nan() && nan.eps.is_nan());
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
    assert_eq!(p.re, u * v);
    assert_relative_eq!(p.eps, du * v + u * dv, max_relative = 1e-15);

    let q = ud / vd;
    assert_eq!(q.re, u / v);
    assert_relative_eq!(
        q.eps,
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
fn derivative_returns_the_value_too() {
    let f = |x: Dual| x.sin() * x.exp();
    let x = 0.7_f64;
    let (y, dy) = derivative(f, x);
    assert_eq!(y, x.sin() * x.exp());
    assert_relative_eq!(
        dy,
        (x.sin() + x.cos()) * x.exp(),
        max_relative = 1e-15
    );
}

#[test]
fn hyperbolic_inverse_and_accurate_forms() {
    check(Real::sinh, f64::sinh, f64::cosh, &POINTS);
    check(Real::cosh, f64::cosh, f64::sinh, &POINTS);
    check(Real::tanh, f64::tanh, |x| 1.0 / x.cosh().powi(2), &POINTS);
    check(Real::atan, f64::atan, |x| 1.0 / (1.0 + x * x), &POINTS);
    check(Real::exp_m1, f64::exp_m1, f64::exp, &POINTS);
    let above_minus_one = [-0.9, -0.3, 0.0, 1e-12, 0.4, 1.3, 5.0];
    check(
        Real::ln_1p,
        f64::ln_1p,
        |x| 1.0 / (1.0 + x),
        &above_minus_one,
    );
    let below = Dual::variable(-2.0).ln_1p();
    assert!(below.re.is_nan() && below.eps.is_nan());
}

#[test]
fn sigmoid_slope_is_sigma_times_one_minus_sigma() {
    let sigma = |x: f64| 1.0 / (1.0 + (-x).exp());
    check(
        Real::sigmoid,
        Real::sigmoid,
        |x| sigma(x) * (1.0 - sigma(x)),
        &POINTS,
    );
    // Far out the slope tends to zero; no overflow, no NaN.
    for x in [-800.0, 800.0] {
        let y = Dual::variable(x).sigmoid();
        assert_eq!(y.eps, 0.0, "at {x}");
    }
}

#[test]
fn sums_and_products_follow_the_rules() {
    let x = Dual::variable(1.5);
    let terms = [x, x * x, x.sin()];
    let s: Dual = terms.iter().sum();
    assert_eq!(s.re, 1.5 + 2.25 + 1.5_f64.sin());
    assert_relative_eq!(s.eps, 1.0 + 3.0 + 1.5_f64.cos(), max_relative = 1e-15);
    let p: Dual = terms.into_iter().product();
    // d/dx x · x² · sin x = 3x² sin x + x³ cos x.
    let expected = 3.0 * 2.25 * 1.5_f64.sin() + 1.5_f64.powi(3) * 1.5_f64.cos();
    assert_relative_eq!(p.eps, expected, max_relative = 1e-14);
    let empty: [Dual; 0] = [];
    assert_eq!(empty.iter().sum::<Dual>(), Dual::new(0.0, 0.0));
    assert_eq!(empty.iter().product::<Dual>(), Dual::new(1.0, 0.0));
}

#[test]
fn nested_duals_give_second_derivatives() {
    // (f, f', f'') against closed forms.
    type Case = (fn(Dual<Dual>) -> Dual<Dual>, fn(f64) -> [f64; 3]);
    let cases: [Case; 4] = [
        (|x| x.sin(), |x| [x.sin(), x.cos(), -x.sin()]),
        (
            |x| x.exp() * x,
            |x| [x.exp() * x, x.exp() * (x + 1.0), x.exp() * (x + 2.0)],
        ),
        (|x| x.ln(), |x| [x.ln(), 1.0 / x, -1.0 / (x * x)]),
        (
            |x| x.tanh(),
            |x| {
                let t = x.tanh();
                [t, 1.0 - t * t, -2.0 * t * (1.0 - t * t)]
            },
        ),
    ];
    for (f, closed) in cases {
        for x in [0.3, 1.0, 2.5] {
            let (y, dy, d2y) = second_derivative(f, x);
            let [ey, edy, ed2y] = closed(x);
            assert_relative_eq!(y, ey, max_relative = 1e-15);
            assert_relative_eq!(dy, edy, max_relative = 1e-14);
            assert_relative_eq!(d2y, ed2y, max_relative = 1e-13);
        }
    }
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
