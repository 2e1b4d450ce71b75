//! Gradients, Jacobians and Hessians as formulas: the rules of
//! [`crate::symbolic`] applied to each variable, and the formulas
//! evaluated at a point.

use nalgebra::{DMatrix, DVector};

use crate::symbolic::{EvalError, Expr};

/// The symbolic gradient: the partial derivative of `f` with respect to
/// each variable in `vars`, in that order, simplified,
/// $$\grad f = \left(\pdiff{f}{x_1}, \dots, \pdiff{f}{x_n}\right).$$
///
/// A variable that `f` does not contain has partial derivative $0$.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::symbolic_gradient;
/// use mvcalc::symbolic::Expr;
///
/// let f = Expr::parse("x^2*y + sin(y*z)")?;
/// let g = symbolic_gradient(&f, &["x", "y", "z"]);
/// let text: Vec<String> = g.iter().map(|e| e.to_string()).collect();
/// assert_eq!(text, ["2*x*y", "x^2 + z*cos(y*z)", "y*cos(y*z)"]);
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
pub fn symbolic_gradient(f: &Expr, vars: &[&str]) -> Vec<Expr> {
    vars.iter().map(|v| f.derivative(v)).collect()
}

/// The symbolic Jacobian of the functions `fs`: row $k$ is the
/// [`symbolic_gradient`] of `fs[k]`, so
/// $J_{kj} = \pdiff{f_k}{x_j}$ with rows for outputs and columns for the
/// variables in `vars`.
///
/// # Examples
///
/// ```
/// use approx::assert_relative_eq;
/// use mvcalc::multivariate::{eval_matrix, symbolic_jacobian};
/// use mvcalc::symbolic::Expr;
///
/// // Polar coordinates: the Jacobian determinant is r.
/// let fs = [Expr::parse("r*cos(theta)")?, Expr::parse("r*sin(theta)")?];
/// let j = symbolic_jacobian(&fs, &["r", "theta"]);
/// assert_eq!(j[0][1].to_string(), "-r*sin(theta)");
/// let at = eval_matrix(&j, &[("r", 3.0), ("theta", 1.0)])?;
/// assert_relative_eq!(at.determinant(), 3.0, max_relative = 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symbolic_jacobian(fs: &[Expr], vars: &[&str]) -> Vec<Vec<Expr>> {
    fs.iter().map(|f| symbolic_gradient(f, vars)).collect()
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
/// use mvcalc::multivariate::{eval_matrix, symbolic_hessian};
/// use mvcalc::symbolic::Expr;
/// use nalgebra::dmatrix;
///
/// let f = Expr::parse("x^3*y + y^2")?;
/// let h = symbolic_hessian(&f, &["x", "y"]);
/// assert_eq!(h[0][0].to_string(), "6*x*y");
/// assert_eq!(h[1][0], h[0][1]);
/// // At (1, 2): H = [[6 x y, 3 x^2], [3 x^2, 2]].
/// assert_eq!(eval_matrix(&h, &[("x", 1.0), ("y", 2.0)])?, dmatrix![12.0, 3.0; 3.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn symbolic_hessian(f: &Expr, vars: &[&str]) -> Vec<Vec<Expr>> {
    let g = symbolic_gradient(f, vars);
    let n = vars.len();
    let mut h = vec![vec![Expr::Num(0.0); n]; n];
    for i in 0..n {
        for j in 0..=i {
            h[i][j] = g[j].derivative(vars[i]);
            h[j][i] = h[i][j].clone();
        }
    }
    h
}

/// Evaluates each expression of `v` at the point `at`, giving the vector
/// $(v_1(\vb{x}), \dots, v_n(\vb{x}))$.
///
/// # Errors
///
/// The first [`EvalError`] of an entry: a variable that `at` gives no value,
/// or gives more than one.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{eval_vector, symbolic_gradient};
/// use mvcalc::symbolic::Expr;
/// use nalgebra::dvector;
///
/// // grad (x^2 + x y) = (2x + y, x), which is (5, 2) at (2, 1).
/// let g = symbolic_gradient(&Expr::parse("x^2 + x*y")?, &["x", "y"]);
/// assert_eq!(eval_vector(&g, &[("x", 2.0), ("y", 1.0)])?, dvector![5.0, 2.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn eval_vector(
    v: &[Expr],
    at: &[(&str, f64)],
) -> Result<DVector<f64>, EvalError> {
    let values = v
        .iter()
        .map(|e| e.eval(at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DVector::from_vec(values))
}

/// Evaluates each entry of the matrix of expressions `m` (a list of rows) at
/// the point `at`, giving the matrix with entries $m_{ij}(\vb{x})$.
///
/// Rows of different lengths are padded with NaN to the longest; no rows
/// give a $0 \times 0$ matrix.
///
/// # Errors
///
/// The first [`EvalError`] of an entry, row by row: a variable that `at`
/// gives no value, or gives more than one.
///
/// # Examples
///
/// ```
/// use mvcalc::multivariate::{eval_matrix, symbolic_hessian};
/// use mvcalc::symbolic::{EvalError, Expr};
/// use nalgebra::dmatrix;
///
/// // The Hessian of x y^2 is [[0, 2y], [2y, 2x]].
/// let h = symbolic_hessian(&Expr::parse("x*y^2")?, &["x", "y"]);
/// assert_eq!(eval_matrix(&h, &[("x", 3.0), ("y", 4.0)])?, dmatrix![0.0, 8.0; 8.0, 6.0]);
/// assert_eq!(
///     eval_matrix(&h, &[("x", 3.0)]),
///     Err(EvalError::MissingVariable { name: "y".into() })
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn eval_matrix(
    m: &[Vec<Expr>],
    at: &[(&str, f64)],
) -> Result<DMatrix<f64>, EvalError> {
    let cols = m.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = DMatrix::from_element(m.len(), cols, f64::NAN);
    for (i, row) in m.iter().enumerate() {
        for (j, e) in row.iter().enumerate() {
            out[(i, j)] = e.eval(at)?;
        }
    }
    Ok(out)
}
