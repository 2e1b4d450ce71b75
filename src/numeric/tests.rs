//! Unit tests across the module: each method against closed forms, the
//! three methods against each other, and the errors.

use super::*;
use crate::Real;
use crate::dual::Dual;
use crate::stationary::{
    Stationary, classify_by_determinant, classify_by_eigenvalues,
};
use crate::symbolic::{self, EvalAt, Expr, var};
use approx::assert_relative_eq;
use nalgebra::{DMatrix, DVector, dmatrix, dvector};
use std::f64::consts::PI;

/// f = x^2 y + sin(y z), its gradient and its Hessian.
fn f1(v: &DVector<f64>) -> f64 {
    v[0] * v[0] * v[1] + (v[1] * v[2]).sin()
}

fn f1_gradient(x: f64, y: f64, z: f64) -> DVector<f64> {
    dvector![2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos()]
}

fn f1_hessian(x: f64, y: f64, z: f64) -> DMatrix<f64> {
    let (s, c) = (y * z).sin_cos();
    let yz = c - y * z * s;
    dmatrix![
        2.0 * y, 2.0 * x, 0.0;
        2.0 * x, -z * z * s, yz;
        0.0, yz, -y * y * s
    ]
}

fn rosenbrock(v: &DVector<f64>) -> f64 {
    (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2)
}

/// The mass of a can of radius r, height h, wall thickness t and
/// density rho: m = 2 pi r^2 t rho + 2 pi r h t rho.
fn can(v: &DVector<f64>) -> f64 {
    let (r, h, t, rho) = (v[0], v[1], v[2], v[3]);
    2.0 * PI * r * r * t * rho + 2.0 * PI * r * h * t * rho
}

fn can_gradient(r: f64, h: f64, t: f64, rho: f64) -> DVector<f64> {
    dvector![
        4.0 * PI * r * t * rho + 2.0 * PI * h * t * rho,
        2.0 * PI * r * t * rho,
        2.0 * PI * r * r * rho + 2.0 * PI * r * h * rho,
        2.0 * PI * r * r * t + 2.0 * PI * r * h * t
    ]
}

fn polar(v: &DVector<f64>) -> DVector<f64> {
    dvector![v[0] * v[1].cos(), v[0] * v[1].sin()]
}

#[test]
fn gradient_and_hessian_of_a_closed_form() {
    for (x, y, z) in [(1.0, 2.0, 3.0), (-0.7, 0.3, 5.5), (10.0, -4.0, 0.01)] {
        let p = dvector![x, y, z];
        assert_relative_eq!(
            gradient(f1, &p).unwrap(),
            f1_gradient(x, y, z),
            max_relative = 1e-9
        );
        assert_relative_eq!(
            gradient(f1, &p).unwrap(),
            f1_gradient(x, y, z),
            max_relative = 1e-9
        );
        let h = hessian(f1, &p).unwrap();
        let exact = f1_hessian(x, y, z);
        assert_eq!(h, h.transpose());
        assert!(
            (&h - &exact).amax() <= 1e-6 * exact.amax(),
            "{h} vs {exact}"
        );
        assert_eq!(hessian(f1, &p).unwrap(), h);
        for i in 0..3 {
            assert_eq!(
                partial(f1, &p, i).unwrap(),
                gradient(f1, &p).unwrap()[i]
            );
        }
    }
}

#[test]
fn rosenbrock_minimum_and_saddle_free_points() {
    let min = dvector![1.0, 1.0];
    assert!(gradient(rosenbrock, &min).unwrap().amax() < 1e-9);
    let h = hessian(rosenbrock, &min).unwrap();
    assert_relative_eq!(
        h,
        dmatrix![802.0, -400.0; -400.0, 200.0],
        max_relative = 1e-7
    );
    assert_eq!(classify_by_eigenvalues(&h), Ok(Stationary::Minimum));
    assert_eq!(classify_by_determinant(&h), Ok(Stationary::Minimum));
    // Gradient elsewhere.
    let (x, y) = (-1.2, 1.0);
    let g = gradient(rosenbrock, &dvector![x, y]).unwrap();
    let exact = dvector![
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x)
    ];
    assert_relative_eq!(g, exact, max_relative = 1e-9);
}

#[test]
fn polar_jacobian_has_determinant_r() {
    for (r, theta) in [(2.0_f64, 0.6_f64), (0.5, -2.0), (7.0, 3.0)] {
        let p = dvector![r, theta];
        let exact = dmatrix![
            theta.cos(), -r * theta.sin();
            theta.sin(), r * theta.cos()
        ];
        let j = jacobian(polar, &p).unwrap();
        assert_relative_eq!(j, exact, max_relative = 1e-9, epsilon = 1e-12);
        assert_relative_eq!(j.determinant(), r, max_relative = 1e-9);
        assert_eq!(jacobian(polar, &p).unwrap(), j);
        let polar_dual =
            |v: &DVector<Dual>| dvector![v[0] * v[1].cos(), v[0] * v[1].sin()];
        let (_, dual) = crate::dual::jacobian(polar_dual, &p).unwrap();
        assert_relative_eq!(dual, exact, max_relative = 1e-15);
        let fs = [
            var("r") * crate::symbolic::cos(var("theta")),
            var("r") * crate::symbolic::sin(var("theta")),
        ];
        let sym = symbolic::jacobian(&fs, &["r", "theta"])
            .eval_at(&["r", "theta"], &dvector![r, theta])
            .unwrap();
        assert_relative_eq!(sym, exact, max_relative = 1e-15);
    }
}

#[test]
fn can_mass_partials() {
    let (r, h, t, rho) = (0.04, 0.12, 2e-4, 2700.0);
    let p = dvector![r, h, t, rho];
    let exact = can_gradient(r, h, t, rho);
    assert_relative_eq!(gradient(can, &p).unwrap(), exact, max_relative = 1e-9);
    let (_, dual) = crate::dual::gradient(
        |v: &DVector<Dual>| {
            2.0 * PI * v[0] * v[0] * v[2] * v[3]
                + 2.0 * PI * v[0] * v[1] * v[2] * v[3]
        },
        &p,
    );
    assert_relative_eq!(dual, exact, max_relative = 1e-14);
    let m = Expr::parse("2*pi*r^2*t*rho + 2*pi*r*h*t*rho").unwrap();
    let vars = ["r", "h", "t", "rho"];
    let sym = symbolic::gradient(&m, &vars).eval_at(&vars, &p).unwrap();
    assert_relative_eq!(sym, exact, max_relative = 1e-14);
    // The mass is linear in t and in rho.
    let hm = hessian(can, &p).unwrap();
    assert!(
        hm[(2, 2)].abs() < 1e-6 * hm.amax()
            && hm[(3, 3)].abs() < 1e-6 * hm.amax()
    );
    let hs = symbolic::hessian(&m, &vars).eval_at(&vars, &p).unwrap();
    assert!((&hm - &hs).amax() <= 1e-6 * hs.amax(), "{hm} vs {hs}");
}

#[test]
fn three_ways_agree() {
    let f = Expr::parse("x^2*y + sin(y*z)").unwrap();
    let vars = ["x", "y", "z"];
    let (x, y, z) = (0.3, -1.1, 2.0);
    let at = dvector![x, y, z];
    let sym = symbolic::gradient(&f, &vars).eval_at(&vars, &at).unwrap();
    let (_, dual) = crate::dual::gradient(
        |v: &DVector<Dual>| v[0] * v[0] * v[1] + (v[1] * v[2]).sin(),
        &dvector![x, y, z],
    );
    let exact = f1_gradient(x, y, z);
    assert_relative_eq!(sym, exact, max_relative = 1e-15);
    assert_relative_eq!(dual, exact, max_relative = 1e-15);
    let h = symbolic::hessian(&f, &vars).eval_at(&vars, &at).unwrap();
    assert_relative_eq!(h, f1_hessian(x, y, z), max_relative = 1e-14);
}

#[test]
fn central_gradient_costs_two_n() {
    let calls = std::cell::Cell::new(0);
    let f = |v: &DVector<f64>| {
        calls.set(calls.get() + 1);
        f1(v)
    };
    let g = central_gradient(f, &dvector![1.0, 2.0, 3.0], 1e-5);
    assert_eq!(calls.get(), 6);
    assert_relative_eq!(g, f1_gradient(1.0, 2.0, 3.0), max_relative = 1e-8);
    // Dual numbers: one pass per variable.
    let passes = std::cell::Cell::new(0);
    let fd = |v: &DVector<Dual>| {
        passes.set(passes.get() + 1);
        v[0] * v[1] * v[2]
    };
    assert_eq!(
        crate::dual::gradient(fd, &dvector![1.0, 2.0, 3.0]),
        (6.0, dvector![6.0, 3.0, 2.0])
    );
    assert_eq!(passes.get(), 3);
}

#[test]
fn errors_say_what_went_wrong() {
    let empty = DVector::<f64>::zeros(0);
    assert_eq!(gradient(f1, &empty), Err(MultivariateError::EmptyPoint));
    assert_eq!(hessian(f1, &empty), Err(MultivariateError::EmptyPoint));
    assert_eq!(jacobian(polar, &empty), Err(MultivariateError::EmptyPoint));
    assert_eq!(partial(f1, &empty, 0), Err(MultivariateError::EmptyPoint));

    let p = dvector![1.0, 2.0, 3.0];
    let e = partial(f1, &p, 3).unwrap_err();
    assert_eq!(e, MultivariateError::IndexOutOfRange { index: 3, len: 3 });
    assert!(e.to_string().contains("indices run from 0 to 2"));
    assert!(partial(f1, &p, usize::MAX).is_err());
    assert!(second_partial(f1, &p, 0, 3).is_err());
    assert_eq!(
        second_difference(f1, &p, 3, 0, 1e-3),
        Err(MultivariateError::IndexOutOfRange { index: 3, len: 3 })
    );

    for bad in [f64::NAN, f64::INFINITY, -1e301] {
        let q = dvector![1.0, bad, 3.0];
        let e = gradient(f1, &q).unwrap_err();
        assert!(matches!(
            e,
            MultivariateError::NonFinitePoint { index: 1, .. }
        ));
    }

    // ln(x) at 0: not finite at the point.
    let ln = |v: &DVector<f64>| v[0].ln() + v[1];
    let e = gradient(ln, &dvector![0.0, 1.0]).unwrap_err();
    assert_eq!(
        e,
        MultivariateError::NonFiniteValue {
            value: f64::NEG_INFINITY,
            output: None,
            near: None
        }
    );
    assert!(e.to_string().contains("returned -inf at the point"));
    // Near the edge of the domain, smaller steps are tried.
    assert_relative_eq!(
        partial(ln, &dvector![1e-3, 1.0], 0).unwrap(),
        1e3,
        max_relative = 1e-9
    );
    assert_relative_eq!(
        second_partial(ln, &dvector![0.01, 1.0], 0, 0).unwrap(),
        -1e4,
        max_relative = 1e-7
    );
    // NaN in one output of a vector function.
    let g = |v: &DVector<f64>| dvector![v[0], v[0].sqrt()];
    let e = jacobian(g, &dvector![-1.0]).unwrap_err();
    assert!(matches!(
        e,
        MultivariateError::NonFiniteValue {
            output: Some(1),
            ..
        }
    ));
    assert!(e.to_string().contains("in output 1"));

    // A corner along one coordinate.
    let corner = |v: &DVector<f64>| v[0].abs() + v[1] * v[1];
    let e = gradient(corner, &dvector![0.0, 2.0]).unwrap_err();
    assert!(e.to_string().contains("corner"));
    assert!(matches!(
        hessian(corner, &dvector![0.0, 2.0]),
        Err(MultivariateError::NotDifferentiable { coordinate: 0, .. })
    ));
    // A corner in the slope: |x|^1.5 has a first derivative at 0 but no second.
    let kink = |v: &DVector<f64>| v[0].abs().powf(1.5) + v[1];
    assert!(matches!(
        hessian(kink, &dvector![0.0, 2.0]),
        Err(MultivariateError::Unsettled { row: 0, col: 0, .. })
    ));
    // A function with no outputs has an empty Jacobian.
    let none = |_: &DVector<f64>| DVector::<f64>::zeros(0);
    assert_eq!(jacobian(none, &p).unwrap().shape(), (0, 3));
    // Output length changing near the point.
    let varying = |v: &DVector<f64>| {
        DVector::from_element(if v[0] > 1.0 { 3 } else { 2 }, v[0])
    };
    let e = jacobian(varying, &dvector![1.0]).unwrap_err();
    assert_eq!(
        e,
        MultivariateError::OutputLengthChanged {
            expected: 2,
            found: 3
        }
    );
}

#[test]
fn mixed_partials_at_the_edge_of_the_domain() {
    // sqrt(x y) near x = 0: the coarse steps leave the domain.
    let f = |v: &DVector<f64>| (v[0] * v[1]).sqrt();
    let (x, y) = (1e-3_f64, 2.0_f64);
    let p = dvector![x, y];
    let fxy = 0.25 / (x * y).sqrt();
    assert_relative_eq!(
        second_partial(f, &p, 0, 1).unwrap(),
        fxy,
        max_relative = 1e-6
    );
    assert_relative_eq!(
        second_partial(f, &p, 1, 0).unwrap(),
        fxy,
        max_relative = 1e-6
    );
}

#[test]
fn symbolic_hessian_is_symmetric_as_written() {
    let f = Expr::parse("x^2*y^3 + exp(x*z) - y/z").unwrap();
    let h = symbolic::hessian(&f, &["x", "y", "z"]);
    assert_eq!(h, h.transpose());
    assert_eq!(h[(0, 1)].to_string(), "6*x*y^2");
    // A variable f does not contain has zero derivatives.
    let g = symbolic::gradient(&f, &["w"]);
    assert_eq!(g, dvector![Expr::Num(0.0)]);
}

#[test]
fn dual_jacobian_edge_cases() {
    // Empty x: no columns, and one pass at the point for the values.
    let (values, j) = crate::dual::jacobian(
        |_: &DVector<Dual>| DVector::from_element(3, Dual::constant(1.0)),
        &DVector::zeros(0),
    )
    .unwrap();
    assert_eq!((values, j.shape()), (dvector![1.0, 1.0, 1.0], (3, 0)));
    // Outputs of varying length are refused.
    let varying = |v: &DVector<Dual>| {
        if v[0].eps == 1.0 {
            dvector![v[0], v[1]]
        } else {
            dvector![v[1]]
        }
    };
    assert_eq!(
        crate::dual::jacobian(varying, &dvector![1.0, 2.0]),
        Err(crate::dual::JacobianError::OutputLengthChanged {
            expected: 2,
            found: 1
        })
    );
}

/// The log-likelihood of a Bernoulli model, $\sum_k y_k \ln p + (1 - y_k)
/// \ln(1 - p)$ for `ones` successes in `n` trials, whose derivative in $p$
/// is `ones / p - (n - ones) / (1 - p)` and second derivative
/// `-ones / p^2 - (n - ones) / (1 - p)^2`.
fn log_likelihood(v: &DVector<f64>) -> f64 {
    let (ones, n) = (3.0, 10.0);
    ones * v[0].ln() + (n - ones) * (-v[0]).ln_1p()
}

#[test]
fn derivatives_at_small_probabilities() {
    // Steps scaled to max(|p|, 1) would all reach below zero: they are
    // rescaled to the point.
    for p in [1e-3, 1e-9, 1e-15, 1e-100] {
        let (ones, n) = (3.0, 10.0);
        let first = ones / p - (n - ones) / (1.0 - p);
        let second = -ones / (p * p) - (n - ones) / ((1.0 - p) * (1.0 - p));
        let at = dvector![p];
        let g = gradient(log_likelihood, &at).unwrap();
        assert_relative_eq!(g[0], first, max_relative = 1e-9);
        let h = hessian(log_likelihood, &at).unwrap();
        assert_relative_eq!(h[(0, 0)], second, max_relative = 1e-6);
        // ln p in a second coordinate, beside one far from zero.
        let two = |v: &DVector<f64>| v[0] * v[0] + v[1].ln();
        let g = gradient(two, &dvector![20.0, p]).unwrap();
        assert_relative_eq!(g[1], 1.0 / p, max_relative = 1e-9);
        let d = super::derivative(f64::sqrt, p).unwrap();
        assert_relative_eq!(d, 0.5 / p.sqrt(), max_relative = 1e-9);
    }
    // At exactly zero there is still no derivative of ln.
    assert!(gradient(log_likelihood, &dvector![0.0]).is_err());
}
