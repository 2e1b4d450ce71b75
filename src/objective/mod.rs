//! Objectives: a cost with its gradient (and its Hessian, where it is
//! known), and residuals with their Jacobian, so that one descent, one
//! Newton step or one least-squares fit works on any of them: a sandpit, a
//! formula, a network's cost, a model fitted to data.
//!
//! - [`Objective`]: a cost $f(\mathbf{x})$ and its gradient
//!   $\nabla f(\mathbf{x})$, what gradient descent needs.
//! - [`Hessian`]: an objective whose Hessian $\mathbf{H}(\mathbf{x})$ is
//!   known too, what Newton's method needs.
//! - [`Exact`]: any [`Formula`], a function written once for every
//!   [`Real`](crate::Real), as an objective whose gradient and Hessian
//!   are exact, by dual numbers.
//! - [`Residuals`]: residuals $\mathbf{r}(\mathbf{p})$, one per data point,
//!   and their Jacobian $\mathbf{J}(\mathbf{p})$, what least squares needs.
//!   [`LeastSquares`] makes them an objective, with cost
//!   $\tfrac12 \lVert \mathbf{r} \rVert^2$ and gradient
//!   $\mathbf{J}^\mathsf{T} \mathbf{r}$, and gives the Gauss–Newton
//!   approximation $\mathbf{J}^\mathsf{T} \mathbf{J}$ of its Hessian
//!   separately ([`LeastSquares::gauss_newton_hessian`]).
//!
//! # Why this shape
//!
//! argmin splits a problem into a trait per quantity (`CostFunction`,
//! `Gradient`, `Hessian`, ...), each with its own parameter and output types;
//! levenberg-marquardt's `LeastSquaresProblem` holds the parameters and is
//! told when they change. Here a point is an nalgebra vector of dimension
//! `D` (`Vector2` for a sandpit, `DVector` for a model whose size is known
//! only when it runs), as everywhere else in the crate, and the methods
//! take the point, so an objective is a plain value that is never mutated.
//! The cost and its gradient are one trait: a descent steps by the gradient,
//! and a line search, a stopping rule or a report reads the cost at the
//! same points. The Hessian is a trait of its own because many objectives
//! have no cheap exact one (a network's cost differentiated in reverse
//! mode; least squares, whose cheap $\mathbf{J}^\mathsf{T} \mathbf{J}$ is
//! only an approximation): a method that needs the Hessian says so in its
//! bounds, and nothing has to fill the gap with a placeholder that fails at
//! run time.
//!
//! # Failure
//!
//! Every method returns a `Result` with the objective's own error type, an
//! `Err` where the objective is not defined: a sandpit read outside the pit
//! ([`SandpitError`](crate::sandpit::SandpitError)), a model whose
//! parameters are out of range. The methods that use an objective also
//! treat a value that is not finite as a failure, and name it: the
//! Sandpit's [`steepest_descent`](crate::sandpit::steepest_descent) and
//! [`newton`](crate::sandpit::newton) stop with
//! [`DescentStatus::LeftTheDomain`](crate::sandpit::DescentStatus::LeftTheDomain)
//! when the next point is refused, and never report convergence they did
//! not reach.
//!
//! # Examples
//!
//! A bowl $f(x, y, z) = x^2 + 2 y^2 + 3 z^2 - x$, written once, and a
//! function that works on any objective of any dimension:
//!
//! ```
//! use mvcalc::objective::{Hessian, Objective};
//! use nalgebra::{
//!     DefaultAllocator, Dim, Matrix3, OVector, U3, Vector3,
//!     allocator::Allocator,
//! };
//! use std::convert::Infallible;
//!
//! struct Bowl;
//!
//! impl Objective<U3> for Bowl {
//!     type Error = Infallible; // defined everywhere
//!     fn cost(&self, p: &Vector3<f64>) -> Result<f64, Infallible> {
//!         Ok(p.x * p.x + 2.0 * p.y * p.y + 3.0 * p.z * p.z - p.x)
//!     }
//!     fn gradient(&self, p: &Vector3<f64>) -> Result<Vector3<f64>, Infallible> {
//!         Ok(Vector3::new(2.0 * p.x - 1.0, 4.0 * p.y, 6.0 * p.z))
//!     }
//! }
//!
//! impl Hessian<U3> for Bowl {
//!     fn hessian(&self, _: &Vector3<f64>) -> Result<Matrix3<f64>, Infallible> {
//!         Ok(Matrix3::from_diagonal(&Vector3::new(2.0, 4.0, 6.0)))
//!     }
//! }
//!
//! /// One step of gradient descent, on any objective.
//! fn step<D, F>(f: &F, x: &OVector<f64, D>, eta: f64) -> Result<OVector<f64, D>, F::Error>
//! where
//!     D: Dim,
//!     F: Objective<D>,
//!     DefaultAllocator: Allocator<D>,
//! {
//!     Ok(x - f.gradient(x)? * eta)
//! }
//!
//! let x = Vector3::new(1.0, 1.0, 1.0);
//! let next = step(&Bowl, &x, 0.1).unwrap();
//! approx::assert_relative_eq!(next, Vector3::new(0.9, 0.6, 0.4));
//! assert!(Bowl.cost(&next).unwrap() < Bowl.cost(&x).unwrap());
//! // A Newton step lands on the bottom, (0.5, 0, 0), at once.
//! let h = Bowl.hessian(&x).unwrap();
//! let bottom = x - h.try_inverse().unwrap() * Bowl.gradient(&x).unwrap();
//! approx::assert_relative_eq!(bottom, Vector3::new(0.5, 0.0, 0.0));
//!
//! // The Sandpit's descent takes any objective with a Hessian: the bowl...
//! use mvcalc::sandpit::{DescentStatus, Landscape, newton, steepest_descent};
//! use nalgebra::Vector2;
//!
//! let run = steepest_descent(&Bowl, &x, 0.1, 500);
//! assert_eq!(run.status(), DescentStatus::Converged);
//! assert!((run.end() - Vector3::new(0.5, 0.0, 0.0)).norm() < 1e-6);
//!
//! // ...or a landscape, an objective of two variables whose cost is the
//! // depth reading.
//! let pit = Landscape::intro();
//! let run = newton(&pit, &Vector2::new(3.5, 2.0), 50);
//! assert_eq!(run.status(), DescentStatus::Converged);
//! assert!((pit.cost(run.end()).unwrap() - pit.deepest().depth).abs() < 1e-10);
//! ```

use crate::readable::Num;
use nalgebra::allocator::Allocator;

mod exact;

pub use exact::{Exact, Formula};
use nalgebra::{
    DMatrix, DVector, DefaultAllocator, Dim, Dyn, OMatrix, OVector,
};
use std::fmt;

/// A cost $f(\mathbf{x})$ to minimise, with its gradient
/// $\nabla f(\mathbf{x})$, at points $\mathbf{x}$ with `D` coordinates
/// (`D` is [`Dyn`] unless the size is fixed, as `U2` for a sandpit).
///
/// Both methods return `Err` where the objective is not defined, with an
/// error that says why ([`Objective::Error`]); where it is defined, they
/// should return finite numbers. Methods that take an objective treat a
/// number that is not finite like an `Err`.
///
/// # Examples
///
/// A formula as an objective: $f(x, y) = (x - 1)^2 + 10 (y - x^2)^2$, a
/// curved valley (Rosenbrock's, gentler), with its gradient by hand, checked
/// against a central difference.
///
/// ```
/// use mvcalc::objective::Objective;
/// use nalgebra::{DVector, dvector};
/// use std::convert::Infallible;
///
/// struct Valley;
///
/// impl Objective for Valley {
///     type Error = Infallible;
///     fn cost(&self, p: &DVector<f64>) -> Result<f64, Infallible> {
///         Ok((p[0] - 1.0).powi(2) + 10.0 * (p[1] - p[0] * p[0]).powi(2))
///     }
///     fn gradient(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
///         let w = p[1] - p[0] * p[0];
///         Ok(dvector![2.0 * (p[0] - 1.0) - 40.0 * p[0] * w, 20.0 * w])
///     }
/// }
///
/// let p = dvector![0.5, 0.8];
/// let g = Valley.gradient(&p).unwrap();
/// let h = 1e-6;
/// let slope_x = (Valley.cost(&dvector![0.5 + h, 0.8]).unwrap()
///     - Valley.cost(&dvector![0.5 - h, 0.8]).unwrap())
///     / (2.0 * h);
/// assert!((g[0] - slope_x).abs() < 1e-6);
/// assert_eq!(Valley.cost(&dvector![1.0, 1.0]).unwrap(), 0.0);
/// ```
pub trait Objective<D: Dim = Dyn>
where
    DefaultAllocator: Allocator<D>,
{
    /// Why the objective could not be evaluated at a point.
    /// [`std::convert::Infallible`] for an objective defined everywhere.
    type Error: std::error::Error + 'static;

    /// The cost $f(\mathbf{x})$.
    ///
    /// # Errors
    ///
    /// [`Objective::Error`] where $f$ is not defined.
    fn cost(&self, x: &OVector<f64, D>) -> Result<f64, Self::Error>;

    /// The gradient $\nabla f(\mathbf{x})$, with one entry per coordinate
    /// of $\mathbf{x}$.
    ///
    /// # Errors
    ///
    /// [`Objective::Error`] where $f$ is not defined.
    fn gradient(
        &self,
        x: &OVector<f64, D>,
    ) -> Result<OVector<f64, D>, Self::Error>;
}

/// An [`Objective`] whose Hessian, the matrix of second partial derivatives
/// $H_{ij} = \partial^2 f / \partial x_i \partial x_j$, is known.
///
/// The Hessian of a cost with continuous second derivatives is symmetric;
/// methods that factorise it (Newton's method by Cholesky) read only its
/// lower triangle. It must have one row and one column per coordinate.
///
/// # Examples
///
/// ```
/// use mvcalc::objective::{Hessian, Objective};
/// use mvcalc::sandpit::Landscape;
/// use nalgebra::Vector2;
///
/// // A sandpit is an objective of two variables, with an exact Hessian.
/// let pit = Landscape::intro();
/// let m = pit.deepest();
/// let h = Hessian::hessian(&pit, &Vector2::new(m.x, m.y)).unwrap();
/// assert!(h.cholesky().is_some()); // positive definite at the bottom
/// ```
pub trait Hessian<D: Dim = Dyn>: Objective<D>
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    /// The Hessian $\mathbf{H}(\mathbf{x}) = \nabla^2 f(\mathbf{x})$.
    ///
    /// # Errors
    ///
    /// [`Objective::Error`] where $f$ is not defined.
    fn hessian(
        &self,
        x: &OVector<f64, D>,
    ) -> Result<OMatrix<f64, D, D>, Self::Error>;
}

/// Residuals $r_i(\mathbf{p})$, one per data point (a model's prediction
/// minus the measurement, say, or divided by its uncertainty), as functions
/// of the parameters $\mathbf{p}$, with their Jacobian
/// $J_{ij} = \partial r_i / \partial p_j$.
///
/// Least squares minimises $\tfrac12 \sum_i r_i^2$; [`LeastSquares`] turns
/// residuals into that [`Objective`]. The parameters are a [`DVector`]: a
/// model's parameter count is often chosen when the program runs (a
/// polynomial's degree, a network's width).
///
/// # Examples
///
/// A straight line $y = a + b t$ through three points:
///
/// ```
/// use mvcalc::objective::Residuals;
/// use nalgebra::{DMatrix, DVector, dvector};
/// use std::convert::Infallible;
///
/// struct Line {
///     t: Vec<f64>,
///     y: Vec<f64>,
/// }
///
/// impl Residuals for Line {
///     type Error = Infallible;
///     fn residuals(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
///         let r = self.t.iter().zip(&self.y).map(|(t, y)| p[0] + p[1] * t - y);
///         Ok(DVector::from_iterator(self.t.len(), r))
///     }
///     fn jacobian(&self, _: &DVector<f64>) -> Result<DMatrix<f64>, Infallible> {
///         // d r_i / d a = 1, d r_i / d b = t_i.
///         Ok(DMatrix::from_fn(self.t.len(), 2, |i, j| {
///             if j == 0 { 1.0 } else { self.t[i] }
///         }))
///     }
/// }
///
/// let line = Line { t: vec![0.0, 1.0, 2.0], y: vec![1.0, 3.0, 5.0] };
/// // y = 1 + 2 t fits exactly.
/// assert_eq!(line.residuals(&dvector![1.0, 2.0]).unwrap(), dvector![0.0, 0.0, 0.0]);
/// assert_eq!(line.jacobian(&dvector![1.0, 2.0]).unwrap().column(1), dvector![0.0, 1.0, 2.0]);
/// ```
pub trait Residuals {
    /// Why the residuals could not be computed at some parameters.
    /// [`std::convert::Infallible`] for a model defined everywhere.
    type Error: std::error::Error + 'static;

    /// The residuals $\mathbf{r}(\mathbf{p})$, one per data point.
    ///
    /// # Errors
    ///
    /// [`Residuals::Error`] where the model is not defined.
    fn residuals(&self, p: &DVector<f64>) -> Result<DVector<f64>, Self::Error>;

    /// The Jacobian $\mathbf{J}(\mathbf{p})$: one row per residual, one
    /// column per parameter.
    ///
    /// # Errors
    ///
    /// [`Residuals::Error`] where the model is not defined.
    fn jacobian(&self, p: &DVector<f64>) -> Result<DMatrix<f64>, Self::Error>;
}

/// Residuals made an [`Objective`]: the cost
/// $$f(\mathbf{p}) = \tfrac12 \lVert \mathbf{r}(\mathbf{p}) \rVert^2 = \tfrac12 \sum_i r_i(\mathbf{p})^2,$$
/// with gradient $\nabla f = \mathbf{J}^\mathsf{T} \mathbf{r}$ (the chain
/// rule: $\partial f / \partial p_j = \sum_i r_i \, \partial r_i / \partial p_j$).
///
/// # The Hessian, honestly
///
/// Differentiating again gives the exact Hessian
/// $$\nabla^2 f = \mathbf{J}^\mathsf{T} \mathbf{J} + \sum_i r_i \, \nabla^2 r_i,$$
/// whose second term needs the second derivatives of every residual.
/// `LeastSquares` does not compute it, and so does not implement
/// [`Hessian`]: a method that needs the exact Hessian cannot be handed an
/// approximation by mistake. What it offers instead is the **Gauss–Newton
/// approximation** $\mathbf{J}^\mathsf{T} \mathbf{J}$
/// ([`LeastSquares::gauss_newton_hessian`]), which drops the second term.
/// It is exact when the residuals are linear in $\mathbf{p}$, close when
/// they are small or nearly linear near the fit, and always positive
/// semidefinite, which is why Gauss–Newton steps go downhill.
///
/// # Errors
///
/// The methods check what the residuals return and fail with a
/// [`LeastSquaresError`] that says what was wrong: no residuals, a Jacobian
/// of the wrong shape, a residual or Jacobian entry that is not finite, or
/// the residuals' own error (as its `source`).
///
/// # Examples
///
/// ```
/// use mvcalc::objective::{LeastSquares, Objective, Residuals};
/// use nalgebra::{DMatrix, DVector, dvector};
/// use std::convert::Infallible;
///
/// /// Exponential decay y = a e^{-k t}, parameters (a, k).
/// struct Decay {
///     t: Vec<f64>,
///     y: Vec<f64>,
/// }
///
/// impl Residuals for Decay {
///     type Error = Infallible;
///     fn residuals(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
///         let r = self.t.iter().zip(&self.y).map(|(t, y)| p[0] * (-p[1] * t).exp() - y);
///         Ok(DVector::from_iterator(self.t.len(), r))
///     }
///     fn jacobian(&self, p: &DVector<f64>) -> Result<DMatrix<f64>, Infallible> {
///         Ok(DMatrix::from_fn(self.t.len(), 2, |i, j| {
///             let e = (-p[1] * self.t[i]).exp();
///             if j == 0 { e } else { -p[0] * self.t[i] * e }
///         }))
///     }
/// }
///
/// // Data from a = 2, k = 0.5, exactly.
/// let t = vec![0.0, 1.0, 2.0, 3.0];
/// let y = t.iter().map(|t: &f64| 2.0 * (-0.5 * t).exp()).collect();
/// let fit = LeastSquares(Decay { t, y });
/// let best = dvector![2.0, 0.5];
/// assert_eq!(fit.cost(&best).unwrap(), 0.0);
/// assert_eq!(fit.gradient(&best).unwrap(), dvector![0.0, 0.0]);
///
/// // Elsewhere the cost is half the sum of squares, the gradient J^T r.
/// let p = dvector![1.5, 0.4];
/// let r = fit.0.residuals(&p).unwrap();
/// let j = fit.0.jacobian(&p).unwrap();
/// assert_eq!(fit.cost(&p).unwrap(), 0.5 * r.norm_squared());
/// approx::assert_relative_eq!(fit.gradient(&p).unwrap(), j.transpose() * &r);
/// // One Gauss-Newton step, solving (J^T J) s = -J^T r, goes downhill.
/// let jtj = fit.gauss_newton_hessian(&p).unwrap();
/// let s = jtj.cholesky().unwrap().solve(&-fit.gradient(&p).unwrap());
/// assert!(fit.cost(&(&p + s)).unwrap() < fit.cost(&p).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LeastSquares<R>(pub R);

impl<R: Residuals> LeastSquares<R> {
    /// The residuals at `p`, checked: at least one, all finite.
    fn checked_residuals(
        &self,
        p: &DVector<f64>,
    ) -> Result<DVector<f64>, LeastSquaresError<R::Error>> {
        let r = self.0.residuals(p)?;
        if r.is_empty() {
            return Err(LeastSquaresError::NoResiduals);
        }
        if let Some((index, &value)) =
            r.iter().enumerate().find(|(_, v)| !v.is_finite())
        {
            return Err(LeastSquaresError::NonFiniteResidual { index, value });
        }
        Ok(r)
    }

    /// The Jacobian at `p`, checked: `residuals` rows, one column per
    /// parameter, all finite.
    fn checked_jacobian(
        &self,
        p: &DVector<f64>,
        residuals: usize,
    ) -> Result<DMatrix<f64>, LeastSquaresError<R::Error>> {
        let j = self.0.jacobian(p)?;
        if j.nrows() != residuals || j.ncols() != p.len() {
            return Err(LeastSquaresError::JacobianShape {
                rows: j.nrows(),
                columns: j.ncols(),
                residuals,
                parameters: p.len(),
            });
        }
        for column in 0..j.ncols() {
            for row in 0..j.nrows() {
                let value = j[(row, column)];
                if !value.is_finite() {
                    return Err(LeastSquaresError::NonFiniteJacobian {
                        row,
                        column,
                        value,
                    });
                }
            }
        }
        Ok(j)
    }

    /// The Gauss–Newton approximation $\mathbf{J}^\mathsf{T} \mathbf{J}$ of
    /// the Hessian of $\tfrac12 \lVert \mathbf{r} \rVert^2$: the exact
    /// Hessian without its second-order term
    /// $\sum_i r_i \nabla^2 r_i$ (see [`LeastSquares`]). Square, one row
    /// and column per parameter, symmetric and positive semidefinite.
    ///
    /// # Errors
    ///
    /// A [`LeastSquaresError`] when the residuals or the Jacobian fail the
    /// checks described at [`LeastSquares`].
    ///
    /// # Examples
    ///
    /// For residuals linear in the parameters,
    /// $\mathbf{r} = \mathbf{A} \mathbf{p} - \mathbf{b}$, it is the exact
    /// Hessian $\mathbf{A}^\mathsf{T} \mathbf{A}$:
    ///
    /// ```
    /// use mvcalc::objective::{LeastSquares, Residuals};
    /// use nalgebra::{DMatrix, DVector, dmatrix, dvector};
    /// use std::convert::Infallible;
    ///
    /// struct Linear(DMatrix<f64>, DVector<f64>);
    ///
    /// impl Residuals for Linear {
    ///     type Error = Infallible;
    ///     fn residuals(&self, p: &DVector<f64>) -> Result<DVector<f64>, Infallible> {
    ///         Ok(&self.0 * p - &self.1)
    ///     }
    ///     fn jacobian(&self, _: &DVector<f64>) -> Result<DMatrix<f64>, Infallible> {
    ///         Ok(self.0.clone())
    ///     }
    /// }
    ///
    /// let a = dmatrix![1.0, 2.0; 0.0, 1.0; 3.0, -1.0];
    /// let fit = LeastSquares(Linear(a.clone(), dvector![1.0, 0.0, 2.0]));
    /// let h = fit.gauss_newton_hessian(&dvector![0.3, -0.2]).unwrap();
    /// assert_eq!(h, dmatrix![10.0, -1.0; -1.0, 6.0]);
    /// assert_eq!(h, a.transpose() * a);
    /// ```
    pub fn gauss_newton_hessian(
        &self,
        p: &DVector<f64>,
    ) -> Result<DMatrix<f64>, LeastSquaresError<R::Error>> {
        let residuals = self.checked_residuals(p)?.len();
        let j = self.checked_jacobian(p, residuals)?;
        Ok(j.tr_mul(&j))
    }
}

impl<R: Residuals> Objective for LeastSquares<R> {
    type Error = LeastSquaresError<R::Error>;

    /// $\tfrac12 \lVert \mathbf{r}(\mathbf{p}) \rVert^2$.
    fn cost(&self, p: &DVector<f64>) -> Result<f64, Self::Error> {
        Ok(0.5 * self.checked_residuals(p)?.norm_squared())
    }

    /// $\mathbf{J}^\mathsf{T} \mathbf{r}$.
    fn gradient(&self, p: &DVector<f64>) -> Result<DVector<f64>, Self::Error> {
        let r = self.checked_residuals(p)?;
        let j = self.checked_jacobian(p, r.len())?;
        Ok(j.tr_mul(&r))
    }
}

/// Why [`LeastSquares`] could not evaluate its cost, gradient or
/// Gauss–Newton Hessian. `E` is the residuals' own error type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LeastSquaresError<E> {
    /// The residuals or their Jacobian could not be computed.
    Residuals {
        /// The residuals' own error.
        source: E,
    },
    /// There are no residuals at all.
    NoResiduals,
    /// A residual is NaN or infinite.
    NonFiniteResidual {
        /// Which residual, counting from 0.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// The Jacobian is not one row per residual by one column per
    /// parameter.
    JacobianShape {
        /// The Jacobian's rows.
        rows: usize,
        /// The Jacobian's columns.
        columns: usize,
        /// How many residuals there are.
        residuals: usize,
        /// How many parameters there are.
        parameters: usize,
    },
    /// An entry of the Jacobian is NaN or infinite.
    NonFiniteJacobian {
        /// Its row (the residual), counting from 0.
        row: usize,
        /// Its column (the parameter), counting from 0.
        column: usize,
        /// Its value.
        value: f64,
    },
}

impl<E> From<E> for LeastSquaresError<E> {
    fn from(source: E) -> Self {
        LeastSquaresError::Residuals { source }
    }
}

impl<E: fmt::Display> fmt::Display for LeastSquaresError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeastSquaresError::Residuals { source } => {
                write!(f, "the residuals could not be computed: {source}")
            }
            LeastSquaresError::NoResiduals => write!(
                f,
                "there are no residuals: least squares needs at least one \
                 (one per data point); check that the data are not empty"
            ),
            LeastSquaresError::NonFiniteResidual { index, value } => write!(
                f,
                "residual {index} is {}, not a finite number: the model is \
                 not defined at these parameters; start from other \
                 parameters, or check the model and data point {index}",
                Num(*value)
            ),
            LeastSquaresError::JacobianShape {
                rows,
                columns,
                residuals,
                parameters,
            } => write!(
                f,
                "the Jacobian is {rows} x {columns}, but there are \
                 {residuals} residuals and {parameters} parameters: it needs \
                 one row per residual and one column per parameter"
            ),
            LeastSquaresError::NonFiniteJacobian { row, column, value } => {
                write!(
                    f,
                    "the Jacobian's entry ({row}, {column}), the derivative \
                     of residual {row} by parameter {column}, is {}, not a \
                     finite number: the model is not differentiable at these \
                     parameters; start from other parameters, or check the \
                     Jacobian",
                    Num(*value)
                )
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error
    for LeastSquaresError<E>
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LeastSquaresError::Residuals { source } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{DMatrix, DVector, dvector};
    use std::convert::Infallible;
    use std::error::Error as _;

    /// A central difference of `f` along coordinate `k`, written here so
    /// the tests do not depend on the crate's own finite differences.
    fn central(
        f: impl Fn(&DVector<f64>) -> f64,
        p: &DVector<f64>,
        k: usize,
    ) -> f64 {
        let h = 1e-5 * p[k].abs().max(1.0);
        let mut up = p.clone();
        let mut down = p.clone();
        up[k] += h;
        down[k] -= h;
        (f(&up) - f(&down)) / (up[k] - down[k])
    }

    /// The model $y = a e^{-k t} + c$: three parameters, residuals model
    /// minus data, Jacobian and each residual's Hessian in closed form.
    struct Decay {
        t: Vec<f64>,
        y: Vec<f64>,
    }

    impl Decay {
        fn from(a: f64, k: f64, c: f64, t: Vec<f64>) -> Decay {
            let y = t.iter().map(|t| a * (-k * t).exp() + c).collect();
            Decay { t, y }
        }

        /// $\nabla^2 r_i$: only $a$ and $k$ appear non-linearly.
        fn residual_hessian(&self, p: &DVector<f64>, i: usize) -> DMatrix<f64> {
            let t = self.t[i];
            let e = (-p[1] * t).exp();
            let mut h = DMatrix::zeros(3, 3);
            h[(0, 1)] = -t * e;
            h[(1, 0)] = -t * e;
            h[(1, 1)] = p[0] * t * t * e;
            h
        }
    }

    impl Residuals for Decay {
        type Error = Infallible;
        fn residuals(
            &self,
            p: &DVector<f64>,
        ) -> Result<DVector<f64>, Infallible> {
            let r = self
                .t
                .iter()
                .zip(&self.y)
                .map(|(t, y)| p[0] * (-p[1] * t).exp() + p[2] - y);
            Ok(DVector::from_iterator(self.t.len(), r))
        }
        fn jacobian(
            &self,
            p: &DVector<f64>,
        ) -> Result<DMatrix<f64>, Infallible> {
            Ok(DMatrix::from_fn(self.t.len(), 3, |i, j| {
                let t = self.t[i];
                let e = (-p[1] * t).exp();
                [e, -p[0] * t * e, 1.0][j]
            }))
        }
    }

    fn decay() -> LeastSquares<Decay> {
        LeastSquares(Decay::from(
            2.0,
            0.7,
            0.3,
            vec![0.0, 0.5, 1.0, 2.0, 3.5, 5.0],
        ))
    }

    #[test]
    fn cost_and_gradient_match_their_closed_forms() {
        // Linear residuals r = A p - b: cost (1/2)|A p - b|^2, gradient A^T (A p - b).
        struct Linear;
        impl Residuals for Linear {
            type Error = Infallible;
            fn residuals(
                &self,
                p: &DVector<f64>,
            ) -> Result<DVector<f64>, Infallible> {
                Ok(dvector![
                    p[0] + 2.0 * p[1] - 1.0,
                    p[1],
                    3.0 * p[0] - p[1] - 2.0
                ])
            }
            fn jacobian(
                &self,
                _: &DVector<f64>,
            ) -> Result<DMatrix<f64>, Infallible> {
                Ok(DMatrix::from_row_slice(
                    3,
                    2,
                    &[1.0, 2.0, 0.0, 1.0, 3.0, -1.0],
                ))
            }
        }
        let fit = LeastSquares(Linear);
        let p = dvector![0.5, -1.0];
        // r = (0.5 - 2 - 1, -1, 1.5 + 1 - 2) = (-2.5, -1, 0.5).
        assert_eq!(fit.cost(&p).unwrap(), 0.5 * (6.25 + 1.0 + 0.25));
        // A^T r = (-2.5 + 1.5, -5 - 1 - 0.5) = (-1, -6.5).
        assert_eq!(fit.gradient(&p).unwrap(), dvector![-1.0, -6.5]);
        // J^T J = A^T A, the exact Hessian of a linear problem.
        let h = fit.gauss_newton_hessian(&p).unwrap();
        assert_eq!(h, DMatrix::from_row_slice(2, 2, &[10.0, -1.0, -1.0, 6.0]));
        // The normal equations' solution has zero gradient.
        let best = h
            .clone()
            .cholesky()
            .unwrap()
            .solve(&(h * &p - fit.gradient(&p).unwrap()));
        assert!(fit.gradient(&best).unwrap().norm() < 1e-12);
    }

    #[test]
    fn the_gradient_matches_a_central_difference_of_the_cost() {
        let fit = decay();
        for p in [
            dvector![2.0, 0.7, 0.3],
            dvector![1.0, 0.2, -0.5],
            dvector![3.5, 1.4, 1.0],
        ] {
            let g = fit.gradient(&p).unwrap();
            for k in 0..3 {
                let fd = central(|q| fit.cost(q).unwrap(), &p, k);
                assert!(
                    (g[k] - fd).abs() <= 1e-7 * (1.0 + fd.abs()),
                    "{p} d/dp{k}: {} vs {fd}",
                    g[k]
                );
            }
        }
    }

    #[test]
    fn gauss_newton_is_the_exact_hessian_minus_the_second_order_term() {
        let fit = decay();
        for p in [dvector![2.0, 0.7, 0.3], dvector![1.0, 0.2, -0.5]] {
            let gn = fit.gauss_newton_hessian(&p).unwrap();
            // The exact Hessian, by central differences of the gradient.
            let mut exact = DMatrix::zeros(3, 3);
            for i in 0..3 {
                for k in 0..3 {
                    exact[(i, k)] =
                        central(|q| fit.gradient(q).unwrap()[i], &p, k);
                }
            }
            // The second-order term sum_i r_i Hess(r_i), in closed form.
            let r = fit.0.residuals(&p).unwrap();
            let mut second = DMatrix::zeros(3, 3);
            for i in 0..r.len() {
                second += fit.0.residual_hessian(&p, i) * r[i];
            }
            let diff = (&gn + &second - &exact).abs().max();
            assert!(diff < 1e-6, "{p}: J^T J + sum r H_r differs by {diff}");
            assert!(gn.symmetric_eigenvalues().min() >= -1e-12);
        }
        // At the exact fit the residuals vanish, and so does the difference;
        // away from it the second-order term is really there.
        let best = dvector![2.0, 0.7, 0.3];
        assert!(fit.0.residuals(&best).unwrap().norm() < 1e-15);
        let away = dvector![1.0, 0.2, -0.5];
        let r = fit.0.residuals(&away).unwrap();
        let term = (0..r.len()).fold(DMatrix::zeros(3, 3), |sum, i| {
            sum + fit.0.residual_hessian(&away, i) * r[i]
        });
        assert!(term.abs().max() > 0.1);
    }

    /// Residuals that return whatever they are given, to test the checks.
    struct Canned {
        r: DVector<f64>,
        j: DMatrix<f64>,
    }

    #[derive(Debug, PartialEq)]
    struct ModelError;

    impl fmt::Display for ModelError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the decay rate must be positive")
        }
    }

    impl std::error::Error for ModelError {}

    impl Residuals for Canned {
        type Error = ModelError;
        fn residuals(
            &self,
            p: &DVector<f64>,
        ) -> Result<DVector<f64>, ModelError> {
            if p.iter().any(|v| *v < 0.0) {
                return Err(ModelError);
            }
            Ok(self.r.clone())
        }
        fn jacobian(
            &self,
            _: &DVector<f64>,
        ) -> Result<DMatrix<f64>, ModelError> {
            Ok(self.j.clone())
        }
    }

    #[test]
    fn bad_residuals_are_named_not_passed_on() {
        let p = dvector![1.0, 2.0];
        let ok_j = DMatrix::from_element(3, 2, 1.0);
        let cases: Vec<(Canned, &str)> = vec![
            (
                Canned {
                    r: DVector::zeros(0),
                    j: DMatrix::zeros(0, 2),
                },
                "no residuals",
            ),
            (
                Canned {
                    r: dvector![1.0, f64::NAN, 2.0],
                    j: ok_j.clone(),
                },
                "residual 1 is NaN",
            ),
            (
                Canned {
                    r: dvector![1.0, 2.0, 3.0],
                    j: DMatrix::from_element(2, 2, 1.0),
                },
                "the Jacobian is 2 x 2, but there are 3 residuals and 2 parameters",
            ),
            (
                Canned {
                    r: dvector![1.0, 2.0, 3.0],
                    j: DMatrix::from_element(3, 3, 1.0),
                },
                "one row per residual and one column per parameter",
            ),
            (
                Canned {
                    r: dvector![1.0, 2.0, 3.0],
                    j: DMatrix::from_fn(3, 2, |i, j| {
                        if (i, j) == (2, 1) { f64::INFINITY } else { 0.0 }
                    }),
                },
                "entry (2, 1)",
            ),
        ];
        for (canned, message) in cases {
            let fit = LeastSquares(canned);
            let e = fit.gradient(&p).unwrap_err();
            assert!(e.to_string().contains(message), "{e}");
            assert!(e.source().is_none());
            // (NaN is not equal to itself, so compare the messages.)
            let again = fit.gauss_newton_hessian(&p).unwrap_err();
            assert_eq!(again.to_string(), e.to_string());
        }
        // The residuals' own error is kept as the source.
        let fit = LeastSquares(Canned {
            r: dvector![1.0],
            j: DMatrix::from_element(1, 2, 1.0),
        });
        let e = fit.cost(&dvector![1.0, -2.0]).unwrap_err();
        assert_eq!(e, LeastSquaresError::Residuals { source: ModelError });
        assert!(
            e.to_string().contains("the decay rate must be positive"),
            "{e}"
        );
        assert_eq!(
            e.source().map(|s| s.to_string()),
            Some(ModelError.to_string())
        );
        // Huge values are written readably.
        let fit = LeastSquares(Canned {
            r: dvector![1.0],
            j: DMatrix::from_element(1, 2, 1.0),
        });
        assert_eq!(fit.cost(&p).unwrap(), 0.5);
        let e = LeastSquaresError::<ModelError>::NonFiniteResidual {
            index: 0,
            value: -f64::INFINITY,
        };
        assert!(
            e.to_string().contains("is -inf, not a finite number"),
            "{e}"
        );
    }
}
