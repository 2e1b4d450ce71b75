//! Derivatives, gradients, Jacobians and Hessians with dual numbers: each
//! evaluates the function on [`Dual`] inputs seeded along one direction at a
//! time and reads the derivatives off the parts.

use std::fmt;

use nalgebra::allocator::Allocator;
use nalgebra::{
    Const, DVector, DefaultAllocator, Dim, Dyn, OMatrix, OVector, Storage,
    Vector,
};

use super::Dual;

/// The value $f(x)$ and the derivative $f^\prime(x)$, exact up to
/// rounding, from one evaluation of
/// $f(x + \varepsilon) = f(x) + f^\prime(x) \varepsilon$.
///
/// Write `f` with [`Dual`] arithmetic, or once for every [`Real`](crate::Real) as in the
/// example. Compare [`crate::numeric::derivative`], which estimates the same
/// number from values of an `f64` function.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::{Real, dual};
///
/// // f(x) = x³ - 2x has f(2) = 4 and f'(2) = 3 · 2² - 2 = 10.
/// fn f<T: Real>(x: T) -> T {
///     x.powi(3) - x * 2.0
/// }
/// assert_eq!(dual::derivative(f, 2.0), (4.0, 10.0));
///
/// // A closure on dual numbers works too: d/dx e^(x²) = 2x e^(x²).
/// let (_, d) = dual::derivative(|x: dual::Dual| (x * x).exp(), 2.0);
/// assert_relative_eq!(d, 4.0 * 4.0_f64.exp(), max_relative = 1e-15);
/// ```
pub fn derivative(f: impl Fn(Dual) -> Dual, x: f64) -> (f64, f64) {
    let y = f(Dual::variable(x));
    (y.re, y.eps)
}

/// The value $f(x)$ and the first and second derivatives $f^\prime(x)$ and
/// $f^{\prime\prime}(x)$, exact up to rounding, from one evaluation on a
/// dual number whose parts are dual numbers.
///
/// With $x + \varepsilon_1 + \varepsilon_2$ (two units that each square to
/// zero) the Taylor series stops after the term in
/// $\varepsilon_1\varepsilon_2$,
/// $$f(x) + f^\prime(x)(\varepsilon_1 + \varepsilon_2) + f^{\prime\prime}(x)\varepsilon_1\varepsilon_2,$$
/// so the $\varepsilon_1\varepsilon_2$ part is the second derivative.
///
/// # Examples
///
/// ```
/// use mvcalc::{Real, dual};
///
/// // f(x) = x⁴: f(2) = 16, f'(2) = 4 · 2³ = 32, f''(2) = 12 · 2² = 48.
/// fn f<T: Real>(x: T) -> T {
///     x.powi(4)
/// }
/// assert_eq!(dual::second_derivative(f, 2.0), (16.0, 32.0, 48.0));
/// ```
pub fn second_derivative(
    f: impl Fn(Dual<Dual>) -> Dual<Dual>,
    x: f64,
) -> (f64, f64, f64) {
    let y = f(Dual::new(Dual::variable(x), Dual::constant(1.0)));
    (y.re.re, y.re.eps, y.eps.eps)
}

/// The point `x` as dual numbers, with derivative part 1 on coordinate
/// `seed` and 0 on every other: the direction $\vb{e}_{\text{seed}}$.
fn seeded<D: Dim, S: Storage<f64, D>>(
    x: &Vector<f64, D, S>,
    seed: usize,
) -> OVector<Dual, D>
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    OVector::from_fn_generic(rows, Const::<1>, |k, _| {
        Dual::new(x[k], if k == seed { 1.0 } else { 0.0 })
    })
}

/// The value $f(\vb{x})$ and the gradient $\grad f(\vb{x})$, exact up to
/// rounding, from $n$ evaluations of $f$ on dual numbers: pass $i$ seeds
/// $x_i$ with derivative part 1 and every other input with 0, and reads
/// $\pdiff{f}{x_i}$ off the result.
///
/// The point may be any nalgebra vector (a `DVector`, a `Vector3`, a view);
/// `f` takes the owned vector of the same size, on dual numbers, and the
/// gradient has that size too. Write `f` once for every [`Real`](crate::Real) and the
/// same function goes to [`crate::numeric::gradient`]. An empty point has
/// an empty gradient and the value $f$ gives there.
///
/// Outside the domain of $f$ entries are NaN or infinite, as the `f64`
/// arithmetic gives (see the [module documentation](crate::dual)).
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::{Real, dual};
/// use nalgebra::{DVector, dvector};
///
/// // f(x, y) = sin(x y²), with grad f = cos(x y²) (y², 2 x y).
/// fn f<T: Real>(v: &DVector<T>) -> T {
///     (v[0] * v[1] * v[1]).sin()
/// }
/// let (x, y) = (0.5_f64, 1.5_f64);
/// let (value, g) = dual::gradient(f, &dvector![x, y]);
/// let c = (x * y * y).cos();
/// assert_eq!(value, (x * y * y).sin());
/// assert_relative_eq!(g, dvector![c * y * y, c * 2.0 * x * y], max_relative = 1e-15);
/// ```
// ANCHOR: dual_gradient
pub fn gradient<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<Dual, D>) -> Dual,
    x: &Vector<f64, D, S>,
) -> (f64, OVector<f64, D>)
where
    DefaultAllocator: Allocator<D>,
{
    let (rows, _) = x.shape_generic();
    let mut value = None;
    let g = OVector::from_fn_generic(rows, Const::<1>, |i, _| {
        // Seed x_i with derivative part 1, every other input with 0.
        let y = f(&seeded(x, i));
        value.get_or_insert(y.re);
        y.eps
    });
    let value = value.unwrap_or_else(|| f(&seeded(x, usize::MAX)).re);
    (value, g)
}
// ANCHOR_END: dual_gradient

/// Why a Jacobian could not be computed with dual numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JacobianError {
    /// The function returned outputs of different lengths on different
    /// passes, which a function of the point alone cannot do.
    OutputLengthChanged {
        /// The number of outputs on the first pass.
        expected: usize,
        /// The number of outputs on a later pass.
        found: usize,
    },
}

impl fmt::Display for JacobianError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JacobianError::OutputLengthChanged { expected, found } => write!(
                f,
                "the function returned {expected} outputs on one pass and \
                 {found} on another; a vector function must return the \
                 same number of outputs wherever it is evaluated"
            ),
        }
    }
}

impl std::error::Error for JacobianError {}

/// The values $\vb{f}(\vb{x})$ and the Jacobian $\J$ of a vector function
/// $\vb{f} : \R^n \to \R^m$, exact up to rounding, from $n$ evaluations on
/// dual numbers. Column $j$ of $\J$ comes from the pass that seeds $x_j$,
/// so rows are outputs and columns are inputs, $J_{kj} = \pdiff{f_k}{x_j}$.
///
/// `f` returns a `DVector` of outputs; an empty point gives an $m \times 0$
/// matrix after one evaluation for the values.
///
/// # Errors
///
/// [`JacobianError::OutputLengthChanged`] if `f` returns a different
/// number of outputs on different passes.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::{Real, dual};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// // Polar coordinates (r, θ) to (r cos θ, r sin θ).
/// fn polar<T: Real>(p: &DVector<T>) -> DVector<T> {
///     dvector![p[0] * p[1].cos(), p[0] * p[1].sin()]
/// }
/// let (r, t) = (2.0_f64, 0.6_f64);
/// let (values, j) = dual::jacobian(polar, &dvector![r, t])?;
/// assert_eq!(values, dvector![r * t.cos(), r * t.sin()]);
/// let expected = dmatrix![t.cos(), -r * t.sin(); t.sin(), r * t.cos()];
/// assert_relative_eq!(j, expected, max_relative = 1e-15);
/// # Ok::<(), dual::JacobianError>(())
/// ```
// The values and the matrix, of sizes m and m x n.
#[allow(clippy::type_complexity)]
pub fn jacobian<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<Dual, D>) -> DVector<Dual>,
    x: &Vector<f64, D, S>,
) -> Result<(DVector<f64>, OMatrix<f64, Dyn, D>), JacobianError>
where
    DefaultAllocator: Allocator<D> + Allocator<Dyn, D>,
{
    let (cols, _) = x.shape_generic();
    let n = x.len();
    // One pass per input; with no inputs, one unseeded pass for the values.
    let passes: Vec<DVector<Dual>> = if n == 0 {
        vec![f(&seeded(x, usize::MAX))]
    } else {
        (0..n).map(|j| f(&seeded(x, j))).collect()
    };
    let m = passes[0].len();
    if let Some(bad) = passes.iter().find(|p| p.len() != m) {
        return Err(JacobianError::OutputLengthChanged {
            expected: m,
            found: bad.len(),
        });
    }
    let values = passes[0].map(|d| d.re);
    let j = OMatrix::from_fn_generic(Dyn(m), cols, |k, j| passes[j][k].eps);
    Ok((values, j))
}

/// The value $f(\vb{x})$, the gradient $\grad f$ and the Hessian $\Hess$,
/// exact up to rounding, from $n(n+1)/2$ evaluations of $f$ on dual numbers
/// whose parts are dual numbers.
///
/// The pass for entry $(i, j)$ seeds $x_i$ in the inner unit
/// $\varepsilon_1$ and $x_j$ in the outer $\varepsilon_2$; the
/// $\varepsilon_1\varepsilon_2$ part of the result is
/// $\frac{\partial^2 f}{\partial x_i \partial x_j}$. The matrix is
/// symmetric by construction. The point may be any nalgebra vector (a
/// `Vector3` gives a `Matrix3`); write `f` once for every [`Real`](crate::Real).
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::{Real, dual};
/// use nalgebra::{Matrix3, Vector3};
///
/// // f(x, y, z) = x² y z³.
/// fn f<T: Real>(v: &Vector3<T>) -> T {
///     v[0] * v[0] * v[1] * v[2].powi(3)
/// }
/// let (x, y, z) = (1.0, 2.0, 3.0);
/// let (value, g, h) = dual::hessian(f, &Vector3::new(x, y, z));
/// assert_eq!(value, 54.0);
/// assert_relative_eq!(g, Vector3::new(108.0, 27.0, 54.0));
/// let expected = Matrix3::new(
///     2.0 * y * z * z * z, 2.0 * x * z * z * z, 6.0 * x * y * z * z,
///     2.0 * x * z * z * z, 0.0, 3.0 * x * x * z * z,
///     6.0 * x * y * z * z, 3.0 * x * x * z * z, 6.0 * x * x * y * z,
/// );
/// assert_relative_eq!(h, expected);
/// ```
pub fn hessian<D: Dim, S: Storage<f64, D>>(
    f: impl Fn(&OVector<Dual<Dual>, D>) -> Dual<Dual>,
    x: &Vector<f64, D, S>,
) -> (f64, OVector<f64, D>, OMatrix<f64, D, D>)
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    let (rows, _) = x.shape_generic();
    let n = x.len();
    let pass = |i: usize, j: usize| {
        let point = OVector::from_fn_generic(rows, Const::<1>, |k, _| {
            let inner = if k == i { 1.0 } else { 0.0 };
            let outer = if k == j { 1.0 } else { 0.0 };
            Dual::new(Dual::new(x[k], inner), Dual::new(outer, 0.0))
        });
        f(&point)
    };
    let mut h = OMatrix::zeros_generic(rows, rows);
    let mut g = OVector::zeros_generic(rows, Const::<1>);
    let mut value = None;
    for i in 0..n {
        for j in i..n {
            let y = pass(i, j);
            value.get_or_insert(y.re.re);
            h[(i, j)] = y.eps.eps;
            h[(j, i)] = y.eps.eps;
            if i == j {
                g[i] = y.re.eps;
            }
        }
    }
    // With no inputs, one unseeded pass for the value.
    let value = value.unwrap_or_else(|| pass(usize::MAX, usize::MAX).re.re);
    (value, g, h)
}
