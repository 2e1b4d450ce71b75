//! First derivatives by finite differences: partial derivatives, gradients
//! and Jacobians, from values of the function alone.

use nalgebra::{DMatrix, DVector};

use super::errors::{MultivariateError, check_index, check_point, check_value};
use super::{DerivativeError, derivative_with_error};

/// The point `x` with coordinate `i` moved to `t`.
fn with_coordinate(x: &DVector<f64>, i: usize, t: f64) -> DVector<f64> {
    let mut y = x.clone();
    y[i] = t;
    y
}

/// A one-variable failure along coordinate `i`, in terms of the point.
fn along_error(
    e: DerivativeError,
    x: &DVector<f64>,
    i: usize,
    output: Option<usize>,
) -> MultivariateError {
    match e {
        DerivativeError::NonFinitePoint { value } => {
            MultivariateError::NonFinitePoint { index: i, value }
        }
        DerivativeError::NonFiniteValue { at, value } => {
            MultivariateError::NonFiniteValue {
                value,
                output,
                near: (at != x[i]).then(|| with_coordinate(x, i, at)),
            }
        }
        DerivativeError::NotDifferentiable { left, right, .. } => {
            MultivariateError::NotDifferentiable {
                coordinate: i,
                output,
                left,
                right,
            }
        }
        DerivativeError::VerticalTangent { left, right, .. } => {
            MultivariateError::VerticalTangent {
                coordinate: i,
                output,
                left,
                right,
            }
        }
        DerivativeError::Unresolved { value, error, .. } => {
            MultivariateError::Unresolved {
                coordinate: i,
                output,
                value,
                error,
            }
        }
        DerivativeError::Overflow { .. } => MultivariateError::Overflow {
            coordinate: i,
            second: None,
            output,
        },
    }
}

/// The partial derivative along coordinate `i`, without checking the point.
fn partial_along(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
    output: Option<usize>,
) -> Result<f64, MultivariateError> {
    let along = |t: f64| f(&with_coordinate(x, i, t));
    derivative_with_error(along, x[i])
        .map(|estimate| estimate.value)
        .map_err(|e| along_error(e, x, i, output))
}

/// [`super::partial`] on a dynamic point.
pub(super) fn partial_dyn(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
    i: usize,
) -> Result<f64, MultivariateError> {
    check_point(x)?;
    check_index(x, i)?;
    partial_along(f, x, i, None)
}

/// [`super::gradient`] on a dynamic point.
pub(super) fn gradient_dyn(
    f: impl Fn(&DVector<f64>) -> f64,
    x: &DVector<f64>,
) -> Result<DVector<f64>, MultivariateError> {
    check_point(x)?;
    check_value(f(x), None)?;
    let entries = (0..x.len())
        .map(|i| partial_along(&f, x, i, None))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DVector::from_vec(entries))
}

/// [`super::jacobian`] on a dynamic point.
pub(super) fn jacobian_dyn(
    f: impl Fn(&DVector<f64>) -> DVector<f64>,
    x: &DVector<f64>,
) -> Result<DMatrix<f64>, MultivariateError> {
    check_point(x)?;
    let at_x = f(x);
    for (k, &value) in at_x.iter().enumerate() {
        check_value(value, Some(k))?;
    }
    let (m, n) = (at_x.len(), x.len());
    let mut j = DMatrix::zeros(m, n);
    for k in 0..m {
        for i in 0..n {
            // The length of the last output vector that did not have m entries.
            let changed = std::cell::Cell::new(None);
            let output_k = |y: &DVector<f64>| {
                let v = f(y);
                if v.len() != m {
                    changed.set(Some(v.len()));
                }
                v.get(k).copied().unwrap_or(f64::NAN)
            };
            let estimate = partial_along(output_k, x, i, Some(k));
            if let Some(found) = changed.get() {
                return Err(MultivariateError::OutputLengthChanged {
                    expected: m,
                    found,
                });
            }
            j[(k, i)] = estimate?;
        }
    }
    Ok(j)
}
