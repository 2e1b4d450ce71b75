//! Gradients, Jacobians and Hessians as formulas: the rules of
//! differentiation applied to each variable, in nalgebra vectors and
//! matrices of [`Expr`], which [`EvalAt`](super::EvalAt) evaluates at a
//! point.

use super::Expr;
use nalgebra::{DMatrix, DVector};

/// The symbolic gradient: the partial derivative of `f` with respect to
/// each variable in `vars`, in that order, simplified,
/// $$\grad f = \left(\pdiff{f}{x_1}, \dots, \pdiff{f}{x_n}\right).$$
///
/// `vars` is any slice of strings: `&["x", "y"]`, or the
/// [`Expr::variables`] of `f`. A variable that `f` does not contain has
/// partial derivative $0$.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{self, EvalAt, Expr};
/// use nalgebra::dvector;
///
/// let f = Expr::parse("x^2*y + sin(y*z)")?;
/// let g = symbolic::gradient(&f, &["x", "y", "z"]);
/// let text: Vec<String> = g.iter().map(|e| e.to_string()).collect();
/// assert_eq!(text, ["2*x*y", "x^2 + z*cos(y*z)", "y*cos(y*z)"]);
/// // grad (x^2 + x y) = (2x + y, x), which is (5, 2) at (2, 1).
/// let h = Expr::parse("x^2 + x*y")?;
/// let names = h.variables();
/// let at = symbolic::gradient(&h, &names).eval_at(&names, &dvector![2.0, 1.0])?;
/// assert_eq!(at, dvector![5.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn gradient(f: &Expr, vars: &[impl AsRef<str>]) -> DVector<Expr> {
    DVector::from_iterator(vars.len(), vars.iter().map(|v| f.diff(v.as_ref())))
}

/// The symbolic Jacobian of the functions `fs`: row $k$ is the
/// [`gradient`] of `fs[k]`, so $J_{kj} = \pdiff{f_k}{x_j}$, with a row
/// for each function and a column for each variable in `vars`.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::symbolic::{self, EvalAt, Expr};
/// use nalgebra::dvector;
///
/// // Polar coordinates: the Jacobian determinant is r.
/// let fs = [Expr::parse("r*cos(theta)")?, Expr::parse("r*sin(theta)")?];
/// let names = ["r", "theta"];
/// let j = symbolic::jacobian(&fs, &names);
/// assert_eq!(j[(0, 1)].to_string(), "-r*sin(theta)");
/// let at = j.eval_at(&names, &dvector![3.0, 1.0])?;
/// assert_relative_eq!(at.determinant(), 3.0, max_relative = 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn jacobian(fs: &[Expr], vars: &[impl AsRef<str>]) -> DMatrix<Expr> {
    DMatrix::from_fn(fs.len(), vars.len(), |k, j| fs[k].diff(vars[j].as_ref()))
}

/// The symbolic Hessian of `f`: the second partial derivatives
/// $H_{ij} = \frac{\partial^2 f}{\partial x_i \partial x_j}$ for the
/// variables in `vars`, simplified.
///
/// The entries on and below the diagonal are derived, by differentiating
/// the gradient; those above are copies, so the matrix is symmetric as
/// written, not just in value.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::{self, EvalAt, Expr};
/// use nalgebra::{Vector2, dmatrix};
///
/// let f = Expr::parse("x^3*y + y^2")?;
/// let names = ["x", "y"];
/// let h = symbolic::hessian(&f, &names);
/// assert_eq!(h[(0, 0)].to_string(), "6*x*y");
/// assert_eq!(h[(1, 0)], h[(0, 1)]);
/// // At (1, 2): H = [[6 x y, 3 x^2], [3 x^2, 2]].
/// let at = h.eval_at(&names, &Vector2::new(1.0, 2.0))?;
/// assert_eq!(at, dmatrix![12.0, 3.0; 3.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn hessian(f: &Expr, vars: &[impl AsRef<str>]) -> DMatrix<Expr> {
    let g = gradient(f, vars);
    let n = vars.len();
    let mut h = DMatrix::from_element(n, n, Expr::Num(0.0));
    for i in 0..n {
        for j in 0..=i {
            h[(i, j)] = g[j].diff(vars[i].as_ref());
            h[(j, i)] = h[(i, j)].clone();
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symbolic::{EvalAt, EvalError, var};
    use approx::assert_relative_eq;
    use nalgebra::{Matrix3, Vector3, dmatrix, dvector};

    #[test]
    fn hessian_is_symmetric_as_written() {
        let f = Expr::parse("x^2*y^3 + exp(x*z) - y/z").unwrap();
        let h = hessian(&f, &["x", "y", "z"]);
        assert_eq!(h, h.transpose());
        assert_eq!(h[(0, 1)].to_string(), "6*x*y^2");
        // A variable f does not contain has zero derivatives.
        assert_eq!(gradient(&f, &["w"]), dvector![Expr::Num(0.0)]);
    }

    #[test]
    fn shapes_of_every_size() {
        let f = Expr::parse("x*y").unwrap();
        let none: [&str; 0] = [];
        assert_eq!(gradient(&f, &none).len(), 0);
        assert_eq!(hessian(&f, &none).shape(), (0, 0));
        assert_eq!(jacobian(&[], &["x"]).shape(), (0, 1));
        let j = jacobian(&[f.clone(), var("x")], &["x", "y", "z"]);
        assert_eq!(j.shape(), (2, 3));
        let at = j.eval_at(&["x", "y", "z"], &Vector3::new(2.0, 3.0, 4.0));
        assert_eq!(at.unwrap(), dmatrix![3.0, 2.0, 0.0; 1.0, 0.0, 0.0]);
        // The same variable twice: its column twice.
        let g = gradient(&f, &["x", "x"]);
        assert_eq!(g[0], g[1]);
        // Evaluated where a name is given twice, it is an error.
        let err = g.eval_at(&["x", "x"], &dvector![1.0, 2.0]).unwrap_err();
        assert_eq!(err, EvalError::DuplicateVariable { name: "x".into() });
    }

    /// The gradient and Hessian of the can's mass m = 2 pi r^2 t rho +
    /// 2 pi r h t rho, against the hand-derived ones.
    #[test]
    fn can_mass_by_hand() {
        let m = Expr::parse("2*pi*r^2*t*rho + 2*pi*r*h*t*rho").unwrap();
        let names = m.variables();
        assert_eq!(names, ["h", "r", "rho", "t"]);
        let (h, r, rho, t) = (0.12, 0.04, 2700.0, 2e-4);
        let at = dvector![h, r, rho, t];
        let pi2 = 2.0 * std::f64::consts::PI;
        let by_hand = dvector![
            pi2 * r * t * rho,
            pi2 * (2.0 * r + h) * t * rho,
            pi2 * (r * r + r * h) * t,
            pi2 * (r * r + r * h) * rho
        ];
        let g = gradient(&m, &names).eval_at(&names, &at).unwrap();
        assert_relative_eq!(g, by_hand, max_relative = 1e-14);
        // m is linear in h, rho and t: those diagonal entries are 0.
        let hm = hessian(&m, &names).eval_at(&names, &at).unwrap();
        assert_eq!((hm[(0, 0)], hm[(2, 2)], hm[(3, 3)]), (0.0, 0.0, 0.0));
        assert_relative_eq!(
            hm[(1, 1)],
            2.0 * pi2 * t * rho,
            max_relative = 1e-14
        );
        assert_relative_eq!(hm[(0, 1)], pi2 * t * rho, max_relative = 1e-14);
    }

    #[test]
    fn fixed_size_matrices_evaluate_to_fixed_size() {
        let f = Expr::parse("x^2 + y*z").unwrap();
        let names = ["x", "y", "z"];
        let h = hessian(&f, &names);
        let fixed: Matrix3<Expr> = Matrix3::from_fn(|i, j| h[(i, j)].clone());
        let at: Matrix3<f64> =
            fixed.eval_at(&names, &Vector3::new(1.0, 2.0, 3.0)).unwrap();
        assert_eq!(
            at,
            Matrix3::new(2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0)
        );
    }
}
