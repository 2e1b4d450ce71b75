//! [`Exact`]: a function written once, as an objective whose gradient and
//! Hessian come from dual numbers.

use std::convert::Infallible;

use nalgebra::allocator::Allocator;
use nalgebra::{DefaultAllocator, Dim, Dyn, OMatrix, OVector};

use super::{Hessian, Objective};
use crate::Real;
use crate::dual::{self, Dual};

/// A function of a point, written once for every kind of number.
///
/// A closure has one argument type, so it cannot be evaluated on `f64` and
/// on dual numbers alike; a type with a generic `eval` method can. Wrap it
/// in [`Exact`] to make it an [`Objective`] with exact derivatives.
///
/// # Examples
///
/// ```
/// use mvcalc::Real;
/// use mvcalc::objective::Formula;
/// use nalgebra::{DVector, dvector};
///
/// /// Rosenbrock's banana, (1 - x)^2 + 100 (y - x^2)^2.
/// struct Rosenbrock;
///
/// impl Formula for Rosenbrock {
///     fn eval<T: Real>(&self, v: &DVector<T>) -> T {
///         let (x, y) = (v[0], v[1]);
///         (-x + 1.0).powi(2) + (y - x * x).powi(2) * 100.0
///     }
/// }
///
/// assert_eq!(Rosenbrock.eval(&dvector![1.0, 1.0]), 0.0);
/// ```
pub trait Formula<D: Dim = Dyn>
where
    DefaultAllocator: Allocator<D>,
{
    /// The function's value at `x`, in whatever kind of number `x` holds.
    fn eval<T: Real>(&self, x: &OVector<T, D>) -> T;
}

/// A [`Formula`] as an objective: the cost is the formula on `f64`, the
/// gradient comes from [`dual::gradient`] and the Hessian from
/// [`dual::hessian`] (dual numbers of dual numbers), so both are exact up to
/// rounding, with no step to choose.
///
/// The methods never fail: outside the formula's domain they give what the
/// `f64` arithmetic gives (NaN, say), which every method that takes an
/// objective treats as a failure and names. A gradient costs $n$
/// evaluations on dual numbers, a Hessian $n(n+1)/2$ on duals of duals.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::Real;
/// use mvcalc::objective::{Exact, Formula, Hessian, Objective};
/// use mvcalc::sandpit::{DescentStatus, newton};
/// use nalgebra::{DVector, dmatrix, dvector};
///
/// struct Rosenbrock;
///
/// impl Formula for Rosenbrock {
///     fn eval<T: Real>(&self, v: &DVector<T>) -> T {
///         let (x, y) = (v[0], v[1]);
///         (-x + 1.0).powi(2) + (y - x * x).powi(2) * 100.0
///     }
/// }
///
/// let f = Exact(Rosenbrock);
/// // At the minimum (1, 1): no slope, and H = [[802, -400], [-400, 200]].
/// let bottom = dvector![1.0, 1.0];
/// assert_eq!(f.gradient(&bottom)?, dvector![0.0, 0.0]);
/// assert_eq!(f.hessian(&bottom)?, dmatrix![802.0, -400.0; -400.0, 200.0]);
/// // Newton's method from the classic start (-1.2, 1).
/// let run = newton(&f, &dvector![-1.2, 1.0], 100);
/// assert_eq!(run.status(), DescentStatus::Converged);
/// assert_relative_eq!(*run.end(), bottom, epsilon = 1e-8);
/// # Ok::<(), std::convert::Infallible>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Exact<F>(pub F);

impl<D: Dim, F: Formula<D>> Objective<D> for Exact<F>
where
    DefaultAllocator: Allocator<D>,
{
    type Error = Infallible;

    fn cost(&self, x: &OVector<f64, D>) -> Result<f64, Infallible> {
        Ok(self.0.eval(x))
    }

    fn gradient(
        &self,
        x: &OVector<f64, D>,
    ) -> Result<OVector<f64, D>, Infallible> {
        let eval = |v: &OVector<Dual, D>| self.0.eval(v);
        Ok(dual::gradient(eval, x).1)
    }
}

impl<D: Dim, F: Formula<D>> Hessian<D> for Exact<F>
where
    DefaultAllocator: Allocator<D> + Allocator<D, D>,
{
    fn hessian(
        &self,
        x: &OVector<f64, D>,
    ) -> Result<OMatrix<f64, D, D>, Infallible> {
        let eval = |v: &OVector<Dual<Dual>, D>| self.0.eval(v);
        Ok(dual::hessian(eval, x).2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric;
    use approx::assert_relative_eq;
    use nalgebra::{Matrix3, U3, Vector3};

    /// exp(x y) + sin z / (1 + x^2), a function of three variables.
    struct Wavy;

    impl Formula<U3> for Wavy {
        fn eval<T: Real>(&self, v: &Vector3<T>) -> T {
            (v[0] * v[1]).exp() + v[2].sin() / (v[0] * v[0] + 1.0)
        }
    }

    #[test]
    fn exact_derivatives_agree_with_finite_differences() {
        let f = Exact(Wavy);
        let plain = |v: &Vector3<f64>| Wavy.eval(v);
        for p in [
            Vector3::new(0.3, -0.7, 1.1),
            Vector3::new(-1.2, 0.4, -2.0),
            Vector3::new(0.0, 0.0, 0.0),
        ] {
            assert_eq!(f.cost(&p).unwrap(), plain(&p));
            let g = f.gradient(&p).unwrap();
            let fd = numeric::gradient(plain, &p).unwrap();
            assert_relative_eq!(g, fd, max_relative = 1e-8, epsilon = 1e-10);
            let h: Matrix3<f64> = f.hessian(&p).unwrap();
            let fd = numeric::hessian(plain, &p).unwrap();
            assert_relative_eq!(h, fd, max_relative = 1e-6, epsilon = 1e-7);
            assert_eq!(h, h.transpose());
        }
    }

    #[test]
    fn closed_form_at_the_origin() {
        // At 0: grad = (0, 0, 1) and H = [[0, 1, 0], [1, 0, 0], [0, 0, 0]]
        // (the x^2 in the denominator and sin z contribute nothing there).
        let f = Exact(Wavy);
        let o = Vector3::zeros();
        assert_eq!(f.gradient(&o).unwrap(), Vector3::new(0.0, 0.0, 1.0));
        let h = f.hessian(&o).unwrap();
        let expected =
            Matrix3::new(0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        assert_eq!(h, expected);
    }
}
