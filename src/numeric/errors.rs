//! [`MultivariateError`], what can go wrong, and the checks on a point
//! that every finite-difference estimate makes first.

use std::fmt;

use nalgebra::DVector;

#[cfg(doc)]
use super::derivative_with_error;

/// Coordinates beyond this size leave no room to step (as in
/// [`derivative_with_error`]).
const MAX_COORDINATE: f64 = 1e300;

/// Why a partial derivative, gradient, Jacobian or Hessian could not be
/// estimated.
///
/// Every message says what was wrong and what to do about it.
///
/// # Examples
///
/// ```
/// use mvcalc::numeric::{MultivariateError, gradient};
/// use nalgebra::dvector;
///
/// // ln(x y) is not defined at a point with x y < 0.
/// let f = |v: &nalgebra::DVector<f64>| (v[0] * v[1]).ln();
/// let err = gradient(f, &dvector![1.0, -2.0]).unwrap_err();
/// assert!(matches!(err, MultivariateError::NonFiniteValue { .. }));
/// assert!(err.to_string().contains("returned NaN at the point"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MultivariateError {
    /// The point has no coordinates.
    EmptyPoint,
    /// A coordinate index past the end of the point.
    IndexOutOfRange {
        /// The index asked for.
        index: usize,
        /// The number of coordinates of the point.
        len: usize,
    },
    /// A coordinate of the point is NaN, infinite, or beyond $10^{300}$ in
    /// size.
    NonFinitePoint {
        /// Which coordinate.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// The function returned NaN or an infinity at or near the point.
    NonFiniteValue {
        /// What it returned.
        value: f64,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// Where it was evaluated: `None` at the point itself, otherwise a
        /// nearby point a step away.
        near: Option<DVector<f64>>,
    },
    /// A vector function returned outputs of different lengths at different
    /// points.
    OutputLengthChanged {
        /// The number of outputs at the point itself.
        expected: usize,
        /// The number of outputs at a nearby point.
        found: usize,
    },
    /// The slopes from the two sides along a coordinate disagree however
    /// small the step: a corner or a jump, and no partial derivative.
    NotDifferentiable {
        /// The coordinate moved.
        coordinate: usize,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// Rise over run from the left, at the smallest step tried.
        left: f64,
        /// Rise over run from the right, at the smallest step tried.
        right: f64,
    },
    /// The slopes from the two sides along a coordinate both grow without
    /// bound as the step shrinks: a vertical tangent (as $x^{1/3}$ has
    /// at $0$) or a cusp, and no finite partial derivative.
    VerticalTangent {
        /// The coordinate moved.
        coordinate: usize,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// Rise over run from the left, at the smallest step tried.
        left: f64,
        /// Rise over run from the right, at the smallest step tried.
        right: f64,
    },
    /// The estimates of a partial derivative did not settle as the step
    /// shrank: the function varies along the coordinate faster than the
    /// steps can resolve (as $\sin(10^{12} x)$ does).
    Unresolved {
        /// The coordinate moved.
        coordinate: usize,
        /// Which output, for a vector function.
        output: Option<usize>,
        /// The best estimate found.
        value: f64,
        /// How much the estimates around it disagreed.
        error: f64,
    },
    /// A derivative is too large for an `f64` (beyond about
    /// $1.8 \times 10^{308}$ in size).
    Overflow {
        /// The coordinate moved; for a Hessian entry, its row.
        coordinate: usize,
        /// For a Hessian entry, the other coordinate moved: its column.
        second: Option<usize>,
        /// Which output, for a vector function.
        output: Option<usize>,
    },
    /// The second differences for a Hessian entry did not settle on a value
    /// as the step shrank: the function is probably not twice
    /// differentiable at the point.
    Unsettled {
        /// The row of the entry.
        row: usize,
        /// The column of the entry.
        col: usize,
        /// The best estimate found.
        value: f64,
        /// How much the extrapolated estimates disagreed.
        error: f64,
    },
}

impl fmt::Display for MultivariateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::readable::Num;
        match self {
            MultivariateError::EmptyPoint => write!(
                f,
                "the point has no coordinates; pass a vector with one entry per input variable"
            ),
            MultivariateError::IndexOutOfRange { index, len } => write!(
                f,
                "coordinate index {index} is out of range for a point with {len} coordinates; \
                 indices run from 0 to {}",
                len.saturating_sub(1)
            ),
            MultivariateError::NonFinitePoint { index, value } => write!(
                f,
                "coordinate x[{index}] of the point is {}; every coordinate must be a \
                 finite number no larger than 1e300 in size",
                Num(*value)
            ),
            MultivariateError::NonFiniteValue {
                value,
                output,
                near,
            } => {
                write!(f, "the function returned {}", Num(*value))?;
                if let Some(k) = output {
                    write!(f, " in output {k}")?;
                }
                match near {
                    None => write!(
                        f,
                        " at the point; derivatives exist only where the function is defined \
                         and finite"
                    ),
                    Some(y) => {
                        let coords: Vec<String> =
                            y.iter().map(|v| Num(*v).to_string()).collect();
                        write!(
                            f,
                            " at ({}), a step away from the point; check that the function is \
                             defined on every side of the point",
                            coords.join(", ")
                        )
                    }
                }
            }
            MultivariateError::OutputLengthChanged { expected, found } => {
                write!(
                    f,
                    "the function returned {expected} outputs at the point but {found} at a nearby \
                 point; a vector function must return the same number of outputs everywhere"
                )
            }
            MultivariateError::NotDifferentiable {
                coordinate,
                output,
                left,
                right,
            } => {
                write!(f, "no partial derivative along x[{coordinate}]")?;
                if let Some(k) = output {
                    write!(f, " of output {k}")?;
                }
                let (left, right) = (Num(*left), Num(*right));
                write!(
                    f,
                    ": the slope from the left ({left}) and from the right ({right}) disagree \
                     however small the step, so the function has a corner or a jump there; \
                     ask at a nearby point"
                )
            }
            MultivariateError::VerticalTangent {
                coordinate,
                output,
                left,
                right,
            } => {
                write!(
                    f,
                    "no finite partial derivative along x[{coordinate}]"
                )?;
                if let Some(k) = output {
                    write!(f, " of output {k}")?;
                }
                let (left, right) = (Num(*left), Num(*right));
                write!(
                    f,
                    ": the slopes from the left ({left}) and from the right ({right}) grow \
                     without bound as the step shrinks, so the function has a vertical tangent \
                     (as the cube root has at 0) or a cusp there; ask at a nearby point"
                )
            }
            MultivariateError::Unresolved {
                coordinate,
                output,
                value,
                error,
            } => {
                write!(f, "the partial derivative along x[{coordinate}]")?;
                if let Some(k) = output {
                    write!(f, " of output {k}")?;
                }
                let (value, error) = (Num(*value), Num(*error));
                write!(
                    f,
                    " did not settle: the estimates near {value} disagree by {error} as \
                     the step shrinks, so the function varies along x[{coordinate}] faster \
                     than the steps can resolve (they go down to 1e-10 times \
                     max(|x[{coordinate}]|, 1)); differentiate in a variable on which it \
                     varies more slowly: with x[{coordinate}] = c + u / k for a large k, the \
                     partial derivative along u at u = 0 is the one along x[{coordinate}] at c, \
                     divided by k"
                )
            }
            MultivariateError::Overflow {
                coordinate,
                second,
                output,
            } => {
                match second {
                    None => write!(
                        f,
                        "the partial derivative along x[{coordinate}]"
                    )?,
                    Some(j) => {
                        write!(f, "the second derivative ({coordinate}, {j})")?
                    }
                }
                if let Some(k) = output {
                    write!(f, " of output {k}")?;
                }
                write!(
                    f,
                    " is too large for an f64 (beyond about 1.8e308 in size); differentiate \
                     a scaled-down function instead, such as f times 1e-300, whose derivatives \
                     are those of f times 1e-300"
                )
            }
            MultivariateError::Unsettled {
                row,
                col,
                value,
                error,
            } => write!(
                f,
                "the second derivative at ({row}, {col}) did not settle: the estimates near \
                 {} disagree by {} as the step shrinks, so the function is \
                 probably not twice differentiable at the point (a corner or a jump in its \
                 slope), or it varies on a scale much finer than its coordinates (as sin(x) \
                 does at x = 1e7); ask at a nearby point, or shift the variables nearer 0",
                Num(*value),
                Num(*error)
            ),
        }
    }
}

impl std::error::Error for MultivariateError {}

/// Fails unless `x` is non-empty with finite coordinates no larger than
/// $10^{300}$.
pub(super) fn check_point(x: &DVector<f64>) -> Result<(), MultivariateError> {
    if x.is_empty() {
        return Err(MultivariateError::EmptyPoint);
    }
    match x
        .iter()
        .position(|v| !v.is_finite() || v.abs() > MAX_COORDINATE)
    {
        Some(index) => Err(MultivariateError::NonFinitePoint {
            index,
            value: x[index],
        }),
        None => Ok(()),
    }
}

/// Fails unless `i` indexes a coordinate of `x`.
pub(super) fn check_index(
    x: &DVector<f64>,
    i: usize,
) -> Result<(), MultivariateError> {
    if i < x.len() {
        Ok(())
    } else {
        Err(MultivariateError::IndexOutOfRange {
            index: i,
            len: x.len(),
        })
    }
}

/// Fails unless `value`, computed at the point itself, is finite.
pub(super) fn check_value(
    value: f64,
    output: Option<usize>,
) -> Result<f64, MultivariateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MultivariateError::NonFiniteValue {
            value,
            output,
            near: None,
        })
    }
}
