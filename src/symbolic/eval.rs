//! Evaluating expressions, and vectors and matrices of them, at a point.

use super::intern::FxMap;
use super::{Expr, Function};
use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, Matrix, OMatrix, RawStorage, Vector};
use std::fmt;

/// Why an expression could not be evaluated.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{EvalError, Expr};
///
/// let f = Expr::parse("x * y")?;
/// let err = f.eval(&[("x", 1.0)]).unwrap_err();
/// assert_eq!(err, EvalError::MissingVariable { name: "y".into() });
/// assert!(err.to_string().starts_with("no value for variable `y`"));
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvalError {
    /// The expression uses a variable that was given no value.
    MissingVariable {
        /// The variable's name.
        name: String,
    },
    /// The same variable was given more than one value.
    DuplicateVariable {
        /// The variable's name.
        name: String,
    },
    /// [`Function::Sign`] at $0$, where it does not exist: the sign is the
    /// slope of $|u|$, which has a corner at $u = 0$. A derivative of `abs`
    /// evaluated where its argument is $0$ ends here, instead of giving a
    /// slope that is not there.
    SignOfZero {
        /// The argument of `sign`, as text (shortened if it is long).
        argument: String,
    },
    /// [`Expr::eval_at`] was given a different number of names and
    /// coordinates.
    DimensionMismatch {
        /// How many names were given.
        names: usize,
        /// How many coordinates the point has.
        coordinates: usize,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::MissingVariable { name } => write!(
                f,
                "no value for variable `{name}`; give it one, as the pair \
                 (\"{name}\", value) or as a name with its coordinate"
            ),
            EvalError::DuplicateVariable { name } => write!(
                f,
                "variable `{name}` is given more than one value; pass each variable once"
            ),
            EvalError::SignOfZero { argument } => write!(
                f,
                "sign({argument}) is undefined, as its argument is 0 here: \
                 sign(u) is the slope of abs(u), which has a corner and no \
                 derivative where u = 0; evaluate where {argument} is not 0"
            ),
            EvalError::DimensionMismatch { names, coordinates } => write!(
                f,
                "{names} {} for a point of {coordinates} {}; give one name \
                 for each coordinate, in order",
                if *names == 1 { "name" } else { "names" },
                if *coordinates == 1 {
                    "coordinate"
                } else {
                    "coordinates"
                }
            ),
        }
    }
}

impl std::error::Error for EvalError {}

/// Variables with their values, checked for repetitions, with an index
/// when there are many.
pub(super) struct Binding<'a> {
    pairs: Vec<(&'a str, f64)>,
    index: Option<FxMap<&'a str, f64>>,
}

/// Up to this many variables are looked up by a linear search.
const FEW: usize = 16;

impl<'a> Binding<'a> {
    pub(super) fn new(
        pairs: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Result<Binding<'a>, EvalError> {
        let pairs: Vec<(&str, f64)> = pairs.into_iter().collect();
        let duplicate = |name: &str| EvalError::DuplicateVariable {
            name: name.to_string(),
        };
        if pairs.len() <= FEW {
            for (i, (name, _)) in pairs.iter().enumerate() {
                if pairs[..i].iter().any(|(other, _)| other == name) {
                    return Err(duplicate(name));
                }
            }
            return Ok(Binding { pairs, index: None });
        }
        let mut index = FxMap::default();
        for &(name, value) in &pairs {
            if index.insert(name, value).is_some() {
                return Err(duplicate(name));
            }
        }
        Ok(Binding {
            pairs,
            index: Some(index),
        })
    }

    /// Names and the coordinates of a point, one for one.
    pub(super) fn at<D: Dim, S: RawStorage<f64, D>>(
        names: &'a [impl AsRef<str>],
        x: &Vector<f64, D, S>,
    ) -> Result<Binding<'a>, EvalError> {
        if names.len() != x.len() {
            return Err(EvalError::DimensionMismatch {
                names: names.len(),
                coordinates: x.len(),
            });
        }
        Binding::new(names.iter().enumerate().map(|(i, n)| (n.as_ref(), x[i])))
    }

    fn get(&self, name: &str) -> Option<f64> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => {
                self.pairs.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
            }
        }
    }
}

/// The first thing that went wrong in an evaluation.
enum Failure<'e> {
    Missing(&'e str),
    SignOfZero(&'e Expr),
}

/// The longest argument of `sign` an [`EvalError::SignOfZero`] shows.
const SHOWN: usize = 60;

impl Expr {
    /// The value of the expression with the variables set as in `vars`, a
    /// list of `(name, value)` pairs.
    ///
    /// Arithmetic follows `f64`: outside a function's domain the result is
    /// NaN rather than an error ($\ln(-1)$ and $\sqrt{-1}$ are NaN, $1/0$ is
    /// infinite, $0^0 = 1$), so check [`f64::is_finite`] where it matters.
    /// The one exception is `sign` at $0$, which stands for a slope that
    /// does not exist (of $|u|$ at $u = 0$), and is an error. Sums and
    /// products are worked out from left to right. Variables in `vars` that
    /// the expression does not use are ignored.
    ///
    /// # Errors
    ///
    /// [`EvalError::MissingVariable`] if the expression uses a variable that
    /// `vars` gives no value, [`EvalError::DuplicateVariable`] if `vars`
    /// names a variable twice, and [`EvalError::SignOfZero`] if a `sign`
    /// has the argument $0$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x^2 * y + sqrt(y)")?;
    /// assert_eq!(f.eval(&[("x", 3.0), ("y", 4.0)])?, 38.0);
    /// assert!(Expr::parse("ln(x)")?.eval(&[("x", -1.0)])?.is_nan());
    /// assert!(f.eval(&[("x", 3.0)]).is_err());
    /// // The slope of |x| is sign(x), which at 0 does not exist.
    /// let slope = Expr::parse("abs(x)")?.diff("x");
    /// assert_eq!(slope.eval(&[("x", -2.0)])?, -1.0);
    /// assert!(slope.eval(&[("x", 0.0)]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn eval(&self, vars: &[(&str, f64)]) -> Result<f64, EvalError> {
        let binding = Binding::new(vars.iter().copied())?;
        self.eval_bound(&binding)
    }

    /// The value of the expression at the point `x`, whose coordinates are
    /// the values of the variables `names`, in order: $x_1$ is the value
    /// of `names[0]`, and so on. `x` is any nalgebra vector (a
    /// `DVector`, a `Vector3`, a view), and `names` any slice of strings,
    /// such as `["x", "y"]` or the [`Expr::variables`] of an expression.
    ///
    /// Otherwise as [`Expr::eval`].
    ///
    /// # Errors
    ///
    /// [`EvalError::DimensionMismatch`] if there are not as many names as
    /// coordinates, and the errors of [`Expr::eval`].
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    /// use nalgebra::{Vector2, dvector};
    ///
    /// let f = Expr::parse("x^2 * y + sqrt(y)")?;
    /// assert_eq!(f.eval_at(&["x", "y"], &dvector![3.0, 4.0])?, 38.0);
    /// assert_eq!(f.eval_at(&f.variables(), &Vector2::new(3.0, 4.0))?, 38.0);
    /// assert!(f.eval_at(&["x"], &dvector![3.0, 4.0]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn eval_at<D: Dim, S: RawStorage<f64, D>>(
        &self,
        names: &[impl AsRef<str>],
        x: &Vector<f64, D, S>,
    ) -> Result<f64, EvalError> {
        self.eval_bound(&Binding::at(names, x)?)
    }

    pub(super) fn eval_bound(
        &self,
        binding: &Binding<'_>,
    ) -> Result<f64, EvalError> {
        let mut failure = None;
        let value = self.eval_walk(binding, &mut failure);
        match failure {
            None => Ok(value),
            Some(Failure::Missing(name)) => Err(EvalError::MissingVariable {
                name: name.to_string(),
            }),
            Some(Failure::SignOfZero(argument)) => Err(EvalError::SignOfZero {
                argument: super::parse::shortened(&argument.to_string(), SHOWN),
            }),
        }
    }

    /// The value, with the first failure noted in `failure`. (It returns a
    /// plain number, so that each level of a deep tree takes little stack.)
    fn eval_walk<'e>(
        &'e self,
        binding: &Binding<'_>,
        failure: &mut Option<Failure<'e>>,
    ) -> f64 {
        match self {
            Expr::Num(x) => *x,
            Expr::Var(name) => binding.get(name).unwrap_or_else(|| {
                failure.get_or_insert(Failure::Missing(name));
                f64::NAN
            }),
            Expr::Const(c) => c.value(),
            Expr::Neg(a) => -a.eval_walk(binding, failure),
            Expr::Add(terms) => match terms.split_first() {
                None => 0.0,
                Some((first, rest)) => rest
                    .iter()
                    .fold(first.eval_walk(binding, failure), |s, t| {
                        s + t.eval_walk(binding, failure)
                    }),
            },
            Expr::Mul(factors) => match factors.split_first() {
                None => 1.0,
                Some((first, rest)) => rest
                    .iter()
                    .fold(first.eval_walk(binding, failure), |p, f| {
                        p * f.eval_walk(binding, failure)
                    }),
            },
            Expr::Div(a, b) => {
                a.eval_walk(binding, failure) / b.eval_walk(binding, failure)
            }
            Expr::Pow(a, b) => a
                .eval_walk(binding, failure)
                .powf(b.eval_walk(binding, failure)),
            Expr::Func(f, a) => {
                let u = a.eval_walk(binding, failure);
                f.apply(u).unwrap_or_else(|_| {
                    failure.get_or_insert(Failure::SignOfZero(a));
                    debug_assert_eq!(*f, Function::Sign);
                    f64::NAN
                })
            }
        }
    }
}

/// Evaluation at a point, for an [`Expr`] and for nalgebra vectors and
/// matrices of them, such as the [`gradient`](super::gradient) and the
/// [`hessian`](super::hessian): each entry is evaluated with the variables
/// `names` set to the coordinates of `x`, in order, and the values come
/// back in a vector or matrix of the same shape.
///
/// # Errors
///
/// [`EvalError::DimensionMismatch`] if there are not as many names as
/// coordinates, [`EvalError::DuplicateVariable`] if a name is given twice,
/// and the first error of an entry (in column-major order).
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{self, EvalAt, Expr};
/// use nalgebra::{Vector2, dmatrix, dvector};
///
/// let f = Expr::parse("x^3*y + y^2")?;
/// let names = f.variables();
/// let x = Vector2::new(1.0, 2.0);
/// // grad f = (3 x^2 y, x^3 + 2 y), H = [[6 x y, 3 x^2], [3 x^2, 2]].
/// assert_eq!(symbolic::gradient(&f, &names).eval_at(&names, &x)?, dvector![6.0, 5.0]);
/// let h = symbolic::hessian(&f, &names).eval_at(&names, &x)?;
/// assert_eq!(h, dmatrix![12.0, 3.0; 3.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait EvalAt {
    /// What the evaluation gives: an `f64` for an expression, a matrix of
    /// `f64` of the same shape for a matrix of expressions.
    type Output;

    /// The value at the point `x`, whose coordinates are the values of the
    /// variables `names`, in order.
    ///
    /// # Errors
    ///
    /// See the [trait documentation](EvalAt).
    fn eval_at<D: Dim, S: RawStorage<f64, D>>(
        &self,
        names: &[impl AsRef<str>],
        x: &Vector<f64, D, S>,
    ) -> Result<Self::Output, EvalError>;
}

impl EvalAt for Expr {
    type Output = f64;

    fn eval_at<D: Dim, S: RawStorage<f64, D>>(
        &self,
        names: &[impl AsRef<str>],
        x: &Vector<f64, D, S>,
    ) -> Result<f64, EvalError> {
        Expr::eval_at(self, names, x)
    }
}

impl<R: Dim, C: Dim, S: RawStorage<Expr, R, C>> EvalAt for Matrix<Expr, R, C, S>
where
    DefaultAllocator: Allocator<R, C>,
{
    type Output = OMatrix<f64, R, C>;

    fn eval_at<D: Dim, T: RawStorage<f64, D>>(
        &self,
        names: &[impl AsRef<str>],
        x: &Vector<f64, D, T>,
    ) -> Result<OMatrix<f64, R, C>, EvalError> {
        let binding = Binding::at(names, x)?;
        let (rows, cols) = self.shape_generic();
        let mut values = Vec::with_capacity(self.len());
        for j in 0..cols.value() {
            for i in 0..rows.value() {
                values.push(self[(i, j)].eval_bound(&binding)?);
            }
        }
        Ok(OMatrix::from_iterator_generic(rows, cols, values))
    }
}
