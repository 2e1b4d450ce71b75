//! [`Error`], every error the crate returns, for code that calls more than
//! one part of it.

use std::fmt;

use crate::dual::JacobianError;
use crate::numeric::{DerivativeError, MultivariateError};
use crate::sandpit::SandpitError;
use crate::stationary::ClassifyError;
use crate::symbolic::{EvalError, ParseError};

/// Any error of the crate, wrapping the error of the part that failed.
///
/// Each part returns its own error, which says exactly what went wrong
/// there. A function of yours that parses a formula, differentiates it and
/// classifies a point can return `Result<_, mvcalc::Error>` and use `?` on
/// all three: every error of the crate converts into this one with `From`,
/// and [`Error::source`](std::error::Error::source) gives the wrapped error
/// back. (A `Box<dyn std::error::Error>`, as the book's snippets use, works
/// as well.)
///
/// # Examples
///
/// ```
/// use mvcalc::numeric;
/// use mvcalc::stationary::{Stationary, classify_by_eigenvalues};
/// use nalgebra::{DVector, dvector};
///
/// /// What kind of point (0, 0) is for f.
/// fn kind_at_origin(f: impl Fn(&DVector<f64>) -> f64) -> Result<Stationary, mvcalc::Error> {
///     let h = numeric::hessian(f, &dvector![0.0, 0.0])?;
///     Ok(classify_by_eigenvalues(&h)?)
/// }
///
/// let saddle = |v: &DVector<f64>| v[0] * v[0] - v[1] * v[1];
/// assert_eq!(kind_at_origin(saddle)?, Stationary::Saddle);
/// let undefined = |v: &DVector<f64>| (v[0] * v[1]).ln();
/// let err = kind_at_origin(undefined).unwrap_err();
/// assert!(matches!(err, mvcalc::Error::Multivariate(_)));
/// # Ok::<(), mvcalc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A derivative of one variable, by finite differences.
    Derivative(DerivativeError),
    /// A partial derivative, gradient, Jacobian or Hessian, by finite
    /// differences.
    Multivariate(MultivariateError),
    /// A Jacobian with dual numbers.
    Jacobian(JacobianError),
    /// A matrix that could not be classified as a Hessian.
    Classify(ClassifyError),
    /// A formula that could not be parsed.
    Parse(ParseError),
    /// A formula that could not be evaluated.
    Eval(EvalError),
    /// The Sandpit, read or played outside its rules.
    Sandpit(SandpitError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Derivative(e) => e.fmt(f),
            Error::Multivariate(e) => e.fmt(f),
            Error::Jacobian(e) => e.fmt(f),
            Error::Classify(e) => e.fmt(f),
            Error::Parse(e) => e.fmt(f),
            Error::Eval(e) => e.fmt(f),
            Error::Sandpit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(match self {
            Error::Derivative(e) => e,
            Error::Multivariate(e) => e,
            Error::Jacobian(e) => e,
            Error::Classify(e) => e,
            Error::Parse(e) => e,
            Error::Eval(e) => e,
            Error::Sandpit(e) => e,
        })
    }
}

macro_rules! wrap {
    ($($Variant:ident($Inner:ty)),* $(,)?) => {
        $(
            /// The error of that part of the crate, wrapped.
            impl From<$Inner> for Error {
                fn from(e: $Inner) -> Error {
                    Error::$Variant(e)
                }
            }
        )*
    };
}

wrap!(
    Derivative(DerivativeError),
    Multivariate(MultivariateError),
    Jacobian(JacobianError),
    Classify(ClassifyError),
    Parse(ParseError),
    Eval(EvalError),
    Sandpit(SandpitError),
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn wraps_with_the_same_message_and_gives_the_source_back() {
        let inner = ClassifyError::NotSquare { rows: 2, cols: 3 };
        let outer = Error::from(inner.clone());
        assert_eq!(outer.to_string(), inner.to_string());
        let source = outer.source().unwrap();
        assert_eq!(source.to_string(), inner.to_string());
        assert_eq!(outer, Error::Classify(inner));
    }
}
