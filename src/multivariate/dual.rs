//! Exact gradients and Jacobians by forward-mode dual numbers
//! ([`crate::dual`]): one pass per input variable.

use nalgebra::{DMatrix, DVector};

use crate::dual::Dual;

/// The inputs for one forward pass: $x_k + \varepsilon$ for the variable
/// `seed`, and the constant $x_k$ for every other.
fn seeded(x: &DVector<f64>, seed: usize) -> Vec<Dual> {
    x.iter()
        .enumerate()
        .map(|(k, &xk)| {
            if k == seed {
                Dual::variable(xk)
            } else {
                Dual::constant(xk)
            }
        })
        .collect()
}

/// The gradient $\grad f$ at `x` by forward-mode dual numbers: exact up to
/// rounding, one evaluation of $f$ per variable.
///
/// Pass $i$ evaluates $f$ with $x_i$ seeded as $x_i + \varepsilon$ and every
/// other input a constant, so by
/// $f(\vb{x} + \varepsilon \vb{e_i}) = f(\vb{x}) + \pdiff{f}{x_i} \varepsilon$
/// its derivative part is the partial derivative $\pdiff{f}{x_i}$.
///
/// Outside the domain of $f$ the entries are NaN or infinite, as the dual
/// arithmetic gives (see [`crate::dual`]); an empty `x` gives an empty
/// gradient.
///
/// Where a part of $f$ has an infinite slope, a NaN can appear in an entry
/// whose partial derivative exists. The derivative part of $\sqrt{x}$ is
/// the slope $1/(2\sqrt{x})$ times the derivative part $b$ of $x$, and at
/// $x = 0$ the slope is infinite: in the pass for $x$ ($b = 1$) that gives
/// $\infty$, but in the pass for any other variable ($b = 0$) it gives
/// $\infty \cdot 0$, which is NaN, and a NaN spreads through everything it
/// is added to. So the gradient of $\sqrt{x} + y$ at $(0, 1)$ comes out as
/// $(\infty, \text{NaN})$, although $\pdiff{f}{y} = 1$ there (second
/// example). Keep clear of such points, or differentiate the parts
/// separately.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::dual::Dual;
/// use mvcalc::multivariate::dual_gradient;
/// use nalgebra::dvector;
///
/// // f(x, y, z) = x^2 y + sin(y z).
/// let f = |v: &[Dual]| v[0] * v[0] * v[1] + (v[1] * v[2]).sin();
/// let (x, y, z) = (1.0_f64, 2.0_f64, 3.0_f64);
/// let g = dual_gradient(f, &dvector![x, y, z]);
/// let expected = dvector![2.0 * x * y, x * x + z * (y * z).cos(), y * (y * z).cos()];
/// assert_relative_eq!(g, expected, max_relative = 1e-15);
/// ```
///
/// An infinite slope in one variable spoils the others:
///
/// ```
/// use mvcalc::dual::Dual;
/// use mvcalc::multivariate::dual_gradient;
/// use nalgebra::dvector;
///
/// // f(x, y) = sqrt(x) + y at (0, 1): df/dx is infinite, df/dy is 1...
/// let f = |v: &[Dual]| v[0].sqrt() + v[1];
/// let g = dual_gradient(f, &dvector![0.0, 1.0]);
/// assert_eq!(g[0], f64::INFINITY);
/// // ...but the pass for y multiplies the infinite slope of sqrt by the
/// // zero derivative part of x, and infinity times zero is NaN.
/// assert!(g[1].is_nan());
/// // Away from x = 0 both entries are as expected: 1 / (2 sqrt x) and 1.
/// let g = dual_gradient(f, &dvector![0.25, 1.0]);
/// assert_eq!(g, dvector![1.0, 1.0]);
/// ```
// ANCHOR: dual_gradient
pub fn dual_gradient(
    f: impl Fn(&[Dual]) -> Dual,
    x: &DVector<f64>,
) -> DVector<f64> {
    DVector::from_fn(x.len(), |i, _| {
        // Seed x_i with derivative part 1, every other input with 0.
        let inputs: Vec<Dual> = x
            .iter()
            .enumerate()
            .map(|(k, &xk)| {
                if k == i {
                    Dual::variable(xk)
                } else {
                    Dual::constant(xk)
                }
            })
            .collect();
        f(&inputs).derivative()
    })
}
// ANCHOR_END: dual_gradient

/// The Jacobian $\J$ of a vector function at `x` by forward-mode dual
/// numbers: one pass per input variable, each giving a column,
/// $$\vb{f}(\vb{x} + \varepsilon \vb{e_j}) = \vb{f}(\vb{x}) + \pdiff{\vb{f}}{x_j} \varepsilon.$$
///
/// Exact up to rounding. The number of rows is the number of outputs of the
/// first pass; an entry missing because a later pass returned fewer outputs
/// is NaN, and extra outputs are ignored. An empty `x` gives a
/// $0 \times 0$ matrix without calling $\vb{f}$ at all, so a closure that
/// reads `v[0]` is never handed an empty slice. As for [`dual_gradient`],
/// an infinite slope of one part (such as $\sqrt{x}$ at $0$) turns the
/// entries of the other columns that it feeds into NaN.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::dual::Dual;
/// use mvcalc::multivariate::dual_jacobian;
/// use nalgebra::{dmatrix, dvector};
///
/// // Polar coordinates: J = [[cos θ, -r sin θ], [sin θ, r cos θ]].
/// let polar = |v: &[Dual]| vec![v[0] * v[1].cos(), v[0] * v[1].sin()];
/// let (r, t) = (2.0_f64, 0.6_f64);
/// let j = dual_jacobian(polar, &dvector![r, t]);
/// let expected = dmatrix![t.cos(), -r * t.sin(); t.sin(), r * t.cos()];
/// assert_relative_eq!(j, expected, max_relative = 1e-15);
///
/// // No inputs, no columns: polar is not called (it would read v[0]).
/// assert_eq!(dual_jacobian(polar, &nalgebra::DVector::zeros(0)).shape(), (0, 0));
/// ```
pub fn dual_jacobian(
    f: impl Fn(&[Dual]) -> Vec<Dual>,
    x: &DVector<f64>,
) -> DMatrix<f64> {
    if x.is_empty() {
        return DMatrix::zeros(0, 0);
    }
    let columns: Vec<Vec<Dual>> =
        (0..x.len()).map(|j| f(&seeded(x, j))).collect();
    let rows = columns[0].len();
    DMatrix::from_fn(rows, x.len(), |k, j| {
        columns[j].get(k).map_or(f64::NAN, |d| d.derivative())
    })
}
