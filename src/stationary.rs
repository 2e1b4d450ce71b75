//! Stationary points classified by the Hessian: the determinant test for
//! two variables and the signs of the eigenvalues in any dimension.

use std::fmt;

use nalgebra::{DMatrix, Dim, Matrix, Storage, SymmetricEigen};

use crate::readable::Num;

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
/// use mvcalc::stationary::Stationary;
///
/// assert_eq!(
///     Stationary::Saddle.to_string(),
///     "a saddle point: the function curves up in some directions and down in others"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

/// Why a matrix could not be classified as a Hessian.
///
/// # Examples
///
/// ```
/// use mvcalc::stationary::{ClassifyError, classify_by_eigenvalues};
/// use nalgebra::dmatrix;
///
/// let lopsided = dmatrix![1.0, 2.0; 0.0, 1.0];
/// let err = classify_by_eigenvalues(&lopsided).unwrap_err();
/// assert!(matches!(err, ClassifyError::NotSymmetric { row: 1, col: 0, .. }));
/// assert!(err.to_string().contains("average it with its transpose"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClassifyError {
    /// A matrix given as a Hessian has no entries.
    EmptyMatrix,
    /// A matrix given as a Hessian is not square.
    NotSquare {
        /// Its number of rows.
        rows: usize,
        /// Its number of columns.
        cols: usize,
    },
    /// A matrix given as a Hessian has a NaN or infinite entry.
    NonFiniteEntry {
        /// The row of the entry.
        row: usize,
        /// The column of the entry.
        col: usize,
        /// The entry.
        value: f64,
    },
    /// A matrix given as a Hessian is not symmetric: entries $(i, j)$ and
    /// $(j, i)$ differ by more than $10^{-6}$ of its largest entry.
    NotSymmetric {
        /// The row of the entry below the diagonal.
        row: usize,
        /// The column of the entry below the diagonal.
        col: usize,
        /// The entry at (`row`, `col`).
        lower: f64,
        /// The entry at (`col`, `row`).
        upper: f64,
    },
    /// The eigenvalue iteration did not converge (it converges in a few
    /// sweeps on any finite symmetric matrix, so this is not expected).
    NoConvergence,
    /// The determinant test was given a matrix that is not $2 \times 2$.
    NotTwoByTwo {
        /// Its number of rows.
        rows: usize,
        /// Its number of columns.
        cols: usize,
    },
}

impl fmt::Display for ClassifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClassifyError::EmptyMatrix => write!(
                f,
                "the Hessian has no entries; pass the n by n matrix of second derivatives"
            ),
            ClassifyError::NotSquare { rows, cols } => write!(
                f,
                "the Hessian is {rows} by {cols}; a Hessian is square, one row and one column \
                 per variable"
            ),
            ClassifyError::NonFiniteEntry { row, col, value } => write!(
                f,
                "entry ({row}, {col}) of the Hessian is {}; every entry must be finite",
                Num(*value)
            ),
            ClassifyError::NotSymmetric {
                row,
                col,
                lower,
                upper,
            } => write!(
                f,
                "the Hessian is not symmetric: entry ({row}, {col}) is {} but entry \
                 ({col}, {row}) is {}; second derivatives of a smooth function do not \
                 depend on the order, so check how the matrix was built, or average it with \
                 its transpose",
                Num(*lower),
                Num(*upper)
            ),
            ClassifyError::NoConvergence => write!(
                f,
                "the eigenvalues of the Hessian did not converge; check its entries \
                 for values of wildly different sizes"
            ),
            ClassifyError::NotTwoByTwo { rows, cols } => write!(
                f,
                "the determinant test is for two variables, but the Hessian is {rows} by \
                 {cols}; classify it by its eigenvalues instead"
            ),
        }
    }
}

impl std::error::Error for ClassifyError {}

/// The classic two-variable test: with $\det \Hess = h_{11} h_{22} - h_{12} h_{21}$,
/// a minimum if $\det \Hess > 0$ and $h_{11} > 0$, a maximum if
/// $\det \Hess > 0$ and $h_{11} < 0$, a saddle if $\det \Hess < 0$, and
/// inconclusive if $\det \Hess = 0$.
///
/// The determinant is the product of the two eigenvalues, so a positive one
/// means they share a sign, which $h_{11}$ reveals; a negative one means
/// opposite signs. Exactly zero is needed for inconclusive: a determinant
/// that is zero in exact arithmetic may come out a tiny positive or
/// negative number, where [`classify_by_eigenvalues`] allows a tolerance.
/// `h` may be any nalgebra matrix (a `Matrix2`, a `DMatrix`, a view).
///
/// # Errors
///
/// [`ClassifyError::NotTwoByTwo`] unless `h` is $2 \times 2$, and the
/// errors of [`classify_by_eigenvalues`] for a matrix that is not a
/// Hessian (a NaN entry, or not symmetric).
///
/// # Examples
///
/// ```
/// use mvcalc::stationary::{ClassifyError, Stationary, classify_by_determinant};
/// use nalgebra::Matrix2;
///
/// // f = x^2 - y^2 has H = [[2, 0], [0, -2]] at the origin: det = -4 < 0.
/// let h = Matrix2::new(2.0, 0.0, 0.0, -2.0);
/// assert_eq!(classify_by_determinant(&h)?, Stationary::Saddle);
/// // Rosenbrock at (1, 1): det = 802 * 200 - 400^2 = 400 > 0 and h11 > 0.
/// let h = Matrix2::new(802.0, -400.0, -400.0, 200.0);
/// assert_eq!(classify_by_determinant(&h)?, Stationary::Minimum);
/// # Ok::<(), ClassifyError>(())
/// ```
// ANCHOR: classify_by_determinant
pub fn classify_by_determinant<R: Dim, C: Dim, S: Storage<f64, R, C>>(
    h: &Matrix<f64, R, C, S>,
) -> Result<Stationary, ClassifyError> {
    let (rows, cols) = h.shape();
    if (rows, cols) != (2, 2) {
        return Err(ClassifyError::NotTwoByTwo { rows, cols });
    }
    // Finite and symmetric, or an error.
    let scaled = normalised_hessian(h)?;
    let (a, b, c, d) = (h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]);
    // The determinant of the entries as given, so that an exact zero stays
    // zero; of the scaled entries if those products overflow.
    let det = match a * d - b * c {
        det if det.is_finite() => det,
        _ => {
            let s = |i, j| scaled[(i, j)];
            s(0, 0) * s(1, 1) - s(0, 1) * s(1, 0)
        }
    };
    Ok(if det > 0.0 && a > 0.0 {
        Stationary::Minimum
    } else if det > 0.0 && a < 0.0 {
        Stationary::Maximum
    } else if det < 0.0 {
        Stationary::Saddle
    } else {
        Stationary::Inconclusive
    })
}
// ANCHOR_END: classify_by_determinant

/// The symmetric part of `h` divided by its largest entry (so that the
/// eigenvalues, which keep their signs, cannot overflow), or why `h` is not
/// a Hessian.
fn normalised_hessian<R: Dim, C: Dim, S: Storage<f64, R, C>>(
    h: &Matrix<f64, R, C, S>,
) -> Result<DMatrix<f64>, ClassifyError> {
    let (rows, cols) = h.shape();
    let h = DMatrix::from_iterator(rows, cols, h.iter().copied());
    if rows == 0 || cols == 0 {
        return Err(ClassifyError::EmptyMatrix);
    }
    if rows != cols {
        return Err(ClassifyError::NotSquare { rows, cols });
    }
    if let Some(k) = h.iter().position(|v| !v.is_finite()) {
        // Column-major storage.
        let (row, col) = (k % rows, k / rows);
        return Err(ClassifyError::NonFiniteEntry {
            row,
            col,
            value: h[(row, col)],
        });
    }
    let largest = h.amax();
    if largest == 0.0 {
        return Ok(h);
    }
    let scaled = &h / largest;
    for col in 0..cols {
        for row in col + 1..rows {
            let (lower, upper) = (scaled[(row, col)], scaled[(col, row)]);
            if (lower - upper).abs() > SYMMETRY_TOLERANCE {
                return Err(ClassifyError::NotSymmetric {
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
/// `h` may be any nalgebra matrix (a `Matrix2` from the Sandpit, a
/// `DMatrix` from [`crate::numeric::hessian`], a view); for $2 \times 2$
/// matrices the answer agrees with [`classify_by_determinant`] except
/// within rounding of $\det \Hess = 0$.
///
/// # Errors
///
/// [`ClassifyError::EmptyMatrix`] if `h` has no entries,
/// [`ClassifyError::NotSquare`] if it is not square,
/// [`ClassifyError::NonFiniteEntry`] if an entry is NaN or infinite,
/// [`ClassifyError::NotSymmetric`] if $h_{ij}$ and $h_{ji}$ differ by more
/// than $10^{-6}$ of the largest entry, and [`ClassifyError::NoConvergence`]
/// if the eigenvalue iteration does not converge.
///
/// # Examples
///
/// ```
/// use mvcalc::stationary::{ClassifyError, Stationary, classify_by_eigenvalues};
/// use nalgebra::{Matrix2, dmatrix};
///
/// // f = x^2 + y^2 - z^2 + x y: eigenvalues 3, 1 and -2.
/// let h = dmatrix![2.0, 1.0, 0.0; 1.0, 2.0, 0.0; 0.0, 0.0, -2.0];
/// assert_eq!(classify_by_eigenvalues(&h)?, Stationary::Saddle);
/// // f = x^2 + y^4: eigenvalues 2 and 0, and a minimum the test cannot see.
/// let h = Matrix2::new(2.0, 0.0, 0.0, 0.0);
/// assert_eq!(classify_by_eigenvalues(&h)?, Stationary::Inconclusive);
/// // Not a Hessian: 2 by 3.
/// let wide = dmatrix![1.0, 0.0, 0.0; 0.0, 1.0, 0.0];
/// assert_eq!(
///     classify_by_eigenvalues(&wide),
///     Err(ClassifyError::NotSquare { rows: 2, cols: 3 })
/// );
/// # Ok::<(), ClassifyError>(())
/// ```
// ANCHOR: classify_by_eigenvalues
pub fn classify_by_eigenvalues<R: Dim, C: Dim, S: Storage<f64, R, C>>(
    h: &Matrix<f64, R, C, S>,
) -> Result<Stationary, ClassifyError> {
    // Empty, not square, not finite or not symmetric: not a Hessian.
    let h = normalised_hessian(h)?;
    // The QR iteration converges in a few sweeps; the cap on the number of
    // iterations only guarantees an answer.
    let n = h.nrows();
    let eigen = SymmetricEigen::try_new(h, f64::EPSILON, 1000 * n)
        .ok_or(ClassifyError::NoConvergence)?;
    let lambda = eigen.eigenvalues;
    let tolerance = EIGENVALUE_TOLERANCE * lambda.amax();
    let up = lambda.iter().any(|&l| l > tolerance);
    let down = lambda.iter().any(|&l| l < -tolerance);
    let flat = lambda.iter().any(|&l| l.abs() <= tolerance);
    Ok(match (up, down, flat) {
        (true, true, _) => Stationary::Saddle,
        (true, false, false) => Stationary::Minimum,
        (false, true, false) => Stationary::Maximum,
        _ => Stationary::Inconclusive,
    })
}
// ANCHOR_END: classify_by_eigenvalues

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix2, dmatrix};

    #[test]
    fn classification_rules() {
        use Stationary::*;
        let cases = [
            (dmatrix![2.0, 0.0; 0.0, 3.0], Minimum),
            (dmatrix![-2.0, 1.0; 1.0, -3.0], Maximum),
            (dmatrix![2.0, 0.0; 0.0, -3.0], Saddle),
            (dmatrix![1.0, 2.0; 2.0, 1.0], Saddle),
            (dmatrix![1.0, 1.0; 1.0, 1.0], Inconclusive),
            (dmatrix![0.0, 0.0; 0.0, 0.0], Inconclusive),
            (dmatrix![0.0, 0.0; 0.0, -1.0], Inconclusive),
        ];
        for (h, expected) in cases {
            assert_eq!(classify_by_eigenvalues(&h), Ok(expected), "{h}");
            assert_eq!(classify_by_determinant(&h), Ok(expected), "{h}");
            // Any storage: a Matrix2, as the Sandpit gives, and a view.
            let h2 = Matrix2::new(h[(0, 0)], h[(0, 1)], h[(1, 0)], h[(1, 1)]);
            assert_eq!(classify_by_eigenvalues(&h2), Ok(expected), "{h}");
            assert_eq!(classify_by_determinant(&h2), Ok(expected), "{h}");
            let big = DMatrix::from_fn(3, 3, |i, j| {
                if i < 2 && j < 2 { h[(i, j)] } else { 0.0 }
            });
            let view = big.view((0, 0), (2, 2));
            assert_eq!(classify_by_eigenvalues(&view), Ok(expected), "{h}");
        }
        // One dimension, and a saddle with a zero eigenvalue.
        assert_eq!(classify_by_eigenvalues(&dmatrix![-4.0]).unwrap(), Maximum);
        let h = dmatrix![1.0, 0.0, 0.0; 0.0, -1.0, 0.0; 0.0, 0.0, 0.0];
        assert_eq!(classify_by_eigenvalues(&h).unwrap(), Saddle);
        // Huge and tiny entries keep their signs.
        assert_eq!(
            classify_by_eigenvalues(&dmatrix![1e300, 0.0; 0.0, 1e308]).unwrap(),
            Minimum
        );
        assert_eq!(
            classify_by_eigenvalues(&dmatrix![-1e-310, 0.0; 0.0, -3e-310])
                .unwrap(),
            Maximum
        );
        // With huge entries a d - b c is inf - inf, NaN: the determinant
        // comes from the scaled entries, 1e600 (scaled: 0.25) > 0.
        let huge = Matrix2::new(1e300, 1e300, 1e300, 2e300);
        assert_eq!(classify_by_determinant(&huge), Ok(Minimum));
        assert_eq!(classify_by_determinant(&-huge), Ok(Maximum));
        assert_eq!(classify_by_eigenvalues(&huge), Ok(Minimum));
        // Not a Hessian.
        for bad in [
            DMatrix::zeros(0, 0),
            DMatrix::zeros(2, 3),
            dmatrix![1.0, f64::NAN; f64::NAN, 1.0],
            dmatrix![1.0, 0.0; 1.0, 1.0],
        ] {
            let e = classify_by_eigenvalues(&bad).unwrap_err();
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(
            classify_by_eigenvalues(&dmatrix![1.0, f64::INFINITY; 0.0, 1.0]),
            Err(ClassifyError::NonFiniteEntry {
                row: 0,
                col: 1,
                value: f64::INFINITY
            })
        );
        // Nearly symmetric, as from finite differences, is accepted.
        assert_eq!(
            classify_by_eigenvalues(&dmatrix![2.0, 1.0 + 1e-9; 1.0, 2.0]),
            Ok(Minimum)
        );
        assert!(matches!(
            classify_by_determinant(&Matrix2::new(f64::NAN, 0.0, 0.0, 1.0)),
            Err(ClassifyError::NonFiniteEntry { row: 0, col: 0, .. })
        ));
        assert_eq!(
            classify_by_determinant(&DMatrix::<f64>::identity(3, 3)),
            Err(ClassifyError::NotTwoByTwo { rows: 3, cols: 3 })
        );
        assert!(
            ClassifyError::NotTwoByTwo { rows: 3, cols: 3 }
                .to_string()
                .contains("eigenvalues instead")
        );
        assert!(Minimum.to_string().starts_with("a minimum"));
        assert!(Inconclusive.to_string().starts_with("inconclusive"));
    }
}
