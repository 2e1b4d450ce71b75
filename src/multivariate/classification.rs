//! Stationary points classified by the Hessian: the determinant test for
//! two variables and the signs of the eigenvalues in any dimension.

use std::fmt;

use nalgebra::{DMatrix, Matrix2, SymmetricEigen};

use super::errors::MultivariateError;

/// Eigenvalues within this fraction of the largest one count as zero.
const EIGENVALUE_TOLERANCE: f64 = 1e-10;

/// A matrix whose transpose differs from it by more than this fraction of
/// its largest entry is not a Hessian.
const SYMMETRY_TOLERANCE: f64 = 1e-6;

/// What the Hessian says about a stationary point, where $\grad f = \vb{0}$.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::Stationary;
///
/// assert_eq!(
///     Stationary::Saddle.to_string(),
///     "a saddle point: the function curves up in some directions and down in others"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stationary {
    /// A local minimum: every eigenvalue of $\Hess$ is positive, so
    /// $\vb{v}\T \Hess \vb{v} > 0$ for every direction $\vb{v}$.
    Minimum,
    /// A local maximum: every eigenvalue of $\Hess$ is negative.
    Maximum,
    /// A saddle point: $\Hess$ has eigenvalues of both signs.
    Saddle,
    /// The second-derivative test cannot tell: an eigenvalue is zero and
    /// the others share one sign, or the matrix is not a Hessian. Higher
    /// derivatives decide.
    Inconclusive,
}

impl fmt::Display for Stationary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stationary::Minimum => "a minimum: the function curves up in every direction",
            Stationary::Maximum => "a maximum: the function curves down in every direction",
            Stationary::Saddle => {
                "a saddle point: the function curves up in some directions and down in others"
            }
            Stationary::Inconclusive => {
                "inconclusive: the second derivatives cannot tell, so look at higher derivatives"
            }
        })
    }
}

/// The classic two-variable test: with $\det \Hess = h_{11} h_{22} - h_{12} h_{21}$,
/// a minimum if $\det \Hess > 0$ and $h_{11} > 0$, a maximum if
/// $\det \Hess > 0$ and $h_{11} < 0$, a saddle if $\det \Hess < 0$, and
/// inconclusive if $\det \Hess = 0$ (or an entry is NaN).
///
/// The determinant is the product of the two eigenvalues, so a positive one
/// means they share a sign, which $h_{11}$ reveals; a negative one means
/// opposite signs. Exactly zero is needed for inconclusive: a determinant
/// that is zero in exact arithmetic may come out a tiny positive or
/// negative number, where [`classify_by_eigenvalues`] allows a tolerance.
/// It assumes $\Hess$ is symmetric, as a Hessian of a smooth function is.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_by_determinant};
/// use nalgebra::Matrix2;
///
/// // f = x^2 - y^2 has H = [[2, 0], [0, -2]] at the origin: det = -4 < 0.
/// let h = Matrix2::new(2.0, 0.0, 0.0, -2.0);
/// assert_eq!(classify_by_determinant(&h), Stationary::Saddle);
/// // Rosenbrock at (1, 1): det = 802 * 200 - 400^2 = 400 > 0 and h11 > 0.
/// let h = Matrix2::new(802.0, -400.0, -400.0, 200.0);
/// assert_eq!(classify_by_determinant(&h), Stationary::Minimum);
/// ```
// ANCHOR: classify_by_determinant
pub fn classify_by_determinant(h: &Matrix2<f64>) -> Stationary {
    let det = h[(0, 0)] * h[(1, 1)] - h[(0, 1)] * h[(1, 0)];
    if det > 0.0 && h[(0, 0)] > 0.0 {
        Stationary::Minimum
    } else if det > 0.0 && h[(0, 0)] < 0.0 {
        Stationary::Maximum
    } else if det < 0.0 {
        Stationary::Saddle
    } else {
        Stationary::Inconclusive
    }
}
// ANCHOR_END: classify_by_determinant

/// The symmetric part of `h` divided by its largest entry (so that the
/// eigenvalues, which keep their signs, cannot overflow), or why `h` is not
/// a Hessian.
fn normalised_hessian(
    h: &DMatrix<f64>,
) -> Result<DMatrix<f64>, MultivariateError> {
    let (rows, cols) = h.shape();
    if rows == 0 || cols == 0 {
        return Err(MultivariateError::EmptyMatrix);
    }
    if rows != cols {
        return Err(MultivariateError::NotSquare { rows, cols });
    }
    if let Some(k) = h.iter().position(|v| !v.is_finite()) {
        // Column-major storage.
        let (row, col) = (k % rows, k / rows);
        return Err(MultivariateError::NonFiniteEntry {
            row,
            col,
            value: h[(row, col)],
        });
    }
    let largest = h.amax();
    if largest == 0.0 {
        return Ok(h.clone());
    }
    let scaled = h / largest;
    for col in 0..cols {
        for row in col + 1..rows {
            let (lower, upper) = (scaled[(row, col)], scaled[(col, row)]);
            if (lower - upper).abs() > SYMMETRY_TOLERANCE {
                return Err(MultivariateError::NotSymmetric {
                    row,
                    col,
                    lower: h[(row, col)],
                    upper: h[(col, row)],
                });
            }
        }
    }
    Ok((&scaled + scaled.transpose()) / 2.0)
}

/// The second-derivative test in any dimension, by the signs of the
/// eigenvalues $\lambda_1, \dots, \lambda_n$ of the symmetric matrix $\Hess$:
/// a minimum if all are positive, a maximum if all are negative, a saddle if
/// some are positive and some negative, and inconclusive otherwise, that is
/// when one is zero and the rest share a sign.
///
/// An eigenvalue counts as zero when
/// $\abs{\lambda_i} \le 10^{-10} \max_k \abs{\lambda_k}$. A zero eigenvalue
/// does not hide a saddle: directions that curve up and down both exist.
/// Input that is not a Hessian (empty, not square, with a NaN or infinite
/// entry, or not symmetric to within $10^{-6}$ of its largest entry) is
/// inconclusive; [`try_classify_stationary`] says what was wrong.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_by_eigenvalues};
/// use nalgebra::dmatrix;
///
/// // f = x^2 + y^2 - z^2 + x y: eigenvalues 3, 1 and -2.
/// let h = dmatrix![2.0, 1.0, 0.0; 1.0, 2.0, 0.0; 0.0, 0.0, -2.0];
/// assert_eq!(classify_by_eigenvalues(&h), Stationary::Saddle);
/// // f = x^2 + y^4: eigenvalues 2 and 0, and a minimum the test cannot see.
/// let h = dmatrix![2.0, 0.0; 0.0, 0.0];
/// assert_eq!(classify_by_eigenvalues(&h), Stationary::Inconclusive);
/// ```
// ANCHOR: classify_by_eigenvalues
pub fn classify_by_eigenvalues(h: &DMatrix<f64>) -> Stationary {
    // Empty, not square, not finite or not symmetric: not a Hessian.
    let Ok(h) = normalised_hessian(h) else {
        return Stationary::Inconclusive;
    };
    // The QR iteration converges in a few sweeps; the cap on the number of
    // iterations only guarantees an answer.
    let n = h.nrows();
    let Some(eigen) = SymmetricEigen::try_new(h, f64::EPSILON, 1000 * n) else {
        return Stationary::Inconclusive;
    };
    let lambda = eigen.eigenvalues;
    let tolerance = EIGENVALUE_TOLERANCE * lambda.amax();
    let up = lambda.iter().any(|&l| l > tolerance);
    let down = lambda.iter().any(|&l| l < -tolerance);
    let flat = lambda.iter().any(|&l| l.abs() <= tolerance);
    match (up, down, flat) {
        (true, true, _) => Stationary::Saddle,
        (true, false, false) => Stationary::Minimum,
        (false, true, false) => Stationary::Maximum,
        _ => Stationary::Inconclusive,
    }
}
// ANCHOR_END: classify_by_eigenvalues

/// Classifies a stationary point from its Hessian $\Hess$ by
/// [`classify_by_eigenvalues`], in any dimension; for $2 \times 2$ matrices
/// it agrees with [`classify_by_determinant`] except within rounding of
/// $\det \Hess = 0$.
///
/// Input that is not a Hessian gives [`Stationary::Inconclusive`]; use
/// [`try_classify_stationary`] to learn what was wrong with it.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{Stationary, classify_stationary, hessian};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = x^3 - 3x + y^2 has stationary points at (1, 0) and (-1, 0):
/// // H = [[6x, 0], [0, 2]], a minimum and a saddle.
/// let f = |v: &DVector<f64>| v[0].powi(3) - 3.0 * v[0] + v[1] * v[1];
/// assert_eq!(classify_stationary(&hessian(f, &dvector![1.0, 0.0])), Stationary::Minimum);
/// assert_eq!(classify_stationary(&hessian(f, &dvector![-1.0, 0.0])), Stationary::Saddle);
/// ```
pub fn classify_stationary(h: &DMatrix<f64>) -> Stationary {
    classify_by_eigenvalues(h)
}

/// Classifies a stationary point from its Hessian $\Hess$ as in
/// [`classify_stationary`], or says why the matrix is not a Hessian.
///
/// # Errors
///
/// [`MultivariateError::EmptyMatrix`] if `h` has no entries,
/// [`MultivariateError::NotSquare`] if it is not square,
/// [`MultivariateError::NonFiniteEntry`] if an entry is NaN or infinite,
/// and [`MultivariateError::NotSymmetric`] if $h_{ij}$ and $h_{ji}$ differ
/// by more than $10^{-6}$ of the largest entry.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{MultivariateError, Stationary, try_classify_stationary};
/// use nalgebra::{DMatrix, dmatrix};
///
/// assert_eq!(try_classify_stationary(&dmatrix![-1.0, 0.5; 0.5, -1.0])?, Stationary::Maximum);
/// assert_eq!(
///     try_classify_stationary(&dmatrix![1.0, 2.0; 0.0, 1.0]),
///     Err(MultivariateError::NotSymmetric { row: 1, col: 0, lower: 0.0, upper: 2.0 })
/// );
/// assert_eq!(
///     try_classify_stationary(&DMatrix::zeros(2, 3)),
///     Err(MultivariateError::NotSquare { rows: 2, cols: 3 })
/// );
/// # Ok::<(), MultivariateError>(())
/// ```
pub fn try_classify_stationary(
    h: &DMatrix<f64>,
) -> Result<Stationary, MultivariateError> {
    normalised_hessian(h)?;
    Ok(classify_by_eigenvalues(h))
}
