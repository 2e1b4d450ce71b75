//! Symbolic differentiation by the rules of calculus.

use super::{Expr, cos, exp, ln, num, sin, sqrt};

impl Expr {
    /// The derivative $\frac{\partial}{\partial x}$ of the expression with
    /// respect to the variable `var`, simplified.
    ///
    /// Every other variable is held constant, so this is the partial
    /// derivative. The rules are applied by [`Expr::derivative_unsimplified`]
    /// and the result is passed through [`Expr::simplify`]; a derivative that
    /// is zero wherever it is defined is written `0` (in `f64` its zero
    /// would have a sign, as `0*y` for the derivative of $y^2$ in $x$ does,
    /// but that sign comes from the rules, not from the function).
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x^3 * sin(x)")?;
    /// let df = f.derivative("x");
    /// assert_eq!(df.to_string(), "3*x^2*sin(x) + x^3*cos(x)");
    ///
    /// // A partial derivative: y is a constant here.
    /// let g = Expr::parse("x^2 * y + y^2")?;
    /// assert_eq!(g.derivative("x").to_string(), "2*x*y");
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn derivative(&self, var: &str) -> Expr {
        self.derivative_unsimplified(var).simplify_derivative()
    }

    /// The derivative with respect to `var` exactly as the rules produce it,
    /// before simplification, with one rule for each kind of node:
    ///
    /// $$(u \pm v)^{\prime} = u^{\prime} \pm v^{\prime}, \quad
    /// (uv)^{\prime} = u^{\prime} v + u v^{\prime}, \quad
    /// \left(\frac{u}{v}\right)^{\prime} = \frac{u^{\prime} v - u v^{\prime}}{v^2}, \quad
    /// (u^n)^{\prime} = n u^{n-1} u^{\prime}, \quad
    /// f(u)^{\prime} = f^{\prime}(u) \cdot u^{\prime}.$$
    ///
    /// A power whose exponent depends on `var` is differentiated through
    /// $a^b = e^{b \ln a}$:
    /// $$(a^b)^{\prime} = a^b \left(b^{\prime} \ln a + \frac{b a^{\prime}}{a}\right),$$
    /// which for a constant base is $(a^b)^{\prime} = a^b \ln(a) \cdot b^{\prime}$.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x * sin(x)")?;
    /// // The product rule, before any tidying up: 1 sin(x) + x cos(x) 1.
    /// let raw = f.derivative_unsimplified("x");
    /// assert_eq!(raw.to_string(), "1*sin(x) + x*(cos(x)*1)");
    /// assert_eq!(raw.simplify().to_string(), "sin(x) + x*cos(x)");
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    // ANCHOR: derivative_rules
    pub fn derivative_unsimplified(&self, x: &str) -> Expr {
        use super::Function::*;
        use Expr::*;
        let d = |e: &Expr| e.derivative_unsimplified(x);
        match self {
            // Anything without x is a constant: slope 0. (The rules below
            // would give 0 too, but through products such as 0 * 0^(-1),
            // which IEEE arithmetic makes NaN, as for sqrt(0 * y).)
            Num(_) | Const(_) => num(0.0),
            _ if !self.depends_on(x) => num(0.0),
            // Only x itself is left among the variables: slope 1.
            Var(_) => num(1.0),
            // Constant multiple, sum and difference rules.
            Neg(u) => -d(u),
            Add(u, v) => d(u) + d(v),
            Sub(u, v) => d(u) - d(v),
            // Product rule.
            Mul(u, v) => d(u) * v + u * d(v),
            // Quotient rule.
            Div(u, v) => (d(u) * v - u * d(v)) / v.pow(2.0),
            // u^0 is 1 for every u (0, infinity and NaN included), so its
            // slope is 0; the power rule would give 0 * u^(-1) * u', which
            // is NaN wherever u is 0.
            Pow(_, n) if matches!(**n, Num(z) if z == 0.0) => num(0.0),
            // Power rule, for an exponent that does not depend on x.
            Pow(u, n) if !n.depends_on(x) => n * u.pow(n - 1.0) * d(u),
            // Exponential rule, for a base that does not depend on x.
            Pow(a, v) if !a.depends_on(x) => self * ln(a) * d(v),
            // The general case, from u^v = exp(v ln u).
            Pow(u, v) => self * (d(v) * ln(u) + v * d(u) / u),
            // Chain rule: the outer function's derivative at u, times u'.
            Func(f, u) => {
                let outer = match f {
                    Sin => cos(u),
                    Cos => -sin(u),
                    Tan => 1.0 / cos(u).pow(2.0),
                    Exp => exp(u),
                    Ln => 1.0 / u,
                    Sqrt => 1.0 / (2.0 * sqrt(u)),
                };
                outer * d(u)
            }
        }
    }
    // ANCHOR_END: derivative_rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn p(s: &str) -> Expr {
        Expr::parse(s).unwrap()
    }

    /// Checks d/dx `f` against the closed form `df` at several points.
    fn check(f: &str, df: impl Fn(f64) -> f64, points: &[f64]) {
        let d = p(f).derivative("x");
        for &x in points {
            let got = d.eval(&[("x", x)]).unwrap();
            assert_relative_eq!(
                got,
                df(x),
                max_relative = 1e-12,
                epsilon = 1e-14
            );
        }
    }

    const POINTS: [f64; 5] = [-1.3, -0.2, 0.4, 1.0, 2.7];
    const POSITIVE: [f64; 4] = [0.1, 0.7, 1.5, 4.0];

    #[test]
    fn elementary_functions() {
        check("sin(x)", f64::cos, &POINTS);
        check("cos(x)", |x| -x.sin(), &POINTS);
        check("tan(x)", |x| 1.0 / x.cos().powi(2), &POINTS);
        check("exp(x)", f64::exp, &POINTS);
        check("ln(x)", |x| 1.0 / x, &POSITIVE);
        check("sqrt(x)", |x| 0.5 / x.sqrt(), &POSITIVE);
        check("e^x", f64::exp, &POINTS);
        check("2^x", |x| 2f64.powf(x) * 2f64.ln(), &POINTS);
        check("pi", |_| 0.0, &POINTS);
        check("y", |_| 0.0, &POINTS);
    }

    #[test]
    fn rules() {
        // Sum, difference and constant multiple.
        check("x^2 + 3*x - 5", |x| 2.0 * x + 3.0, &POINTS);
        check(
            "7*sin(x) - cos(x)/2",
            |x| 7.0 * x.cos() + x.sin() / 2.0,
            &POINTS,
        );
        check("-x^3", |x| -3.0 * x * x, &POINTS);
        // Power rule with integer, negative, fractional and symbolic exponents.
        check("x^5", |x| 5.0 * x.powi(4), &POINTS);
        check("x^-2", |x| -2.0 / x.powi(3), &POINTS);
        check("x^2.5", |x| 2.5 * x.powf(1.5), &POSITIVE);
        check(
            "x^pi",
            |x| std::f64::consts::PI * x.powf(std::f64::consts::PI - 1.0),
            &POSITIVE,
        );
        // Product and quotient rules.
        check(
            "x^2*sin(x)",
            |x| 2.0 * x * x.sin() + x * x * x.cos(),
            &POINTS,
        );
        check("sin(x)/x", |x| (x * x.cos() - x.sin()) / (x * x), &POINTS);
        check("1/x", |x| -1.0 / (x * x), &POINTS);
        // Chain rule, nested.
        check("sin(x^2)", |x| 2.0 * x * (x * x).cos(), &POINTS);
        check("exp(sin(x))", |x| x.cos() * x.sin().exp(), &POINTS);
        check("ln(1 + x^2)", |x| 2.0 * x / (1.0 + x * x), &POINTS);
        check("sqrt(1 + x^2)", |x| x / (1.0 + x * x).sqrt(), &POINTS);
        check("tan(3*x)", |x| 3.0 / (3.0 * x).cos().powi(2), &POINTS);
        // General power: d/dx x^x = x^x (ln x + 1), and x^sin(x).
        check("x^x", |x| x.powf(x) * (x.ln() + 1.0), &POSITIVE);
        check(
            "x^sin(x)",
            |x| x.powf(x.sin()) * (x.cos() * x.ln() + x.sin() / x),
            &POSITIVE,
        );
    }

    #[test]
    fn the_beast() {
        let f = p("sin(2*x^5 + 3*x) / exp(7*x)");
        let df = f.derivative("x");
        let closed = |x: f64| {
            let u = 2.0 * x.powi(5) + 3.0 * x;
            ((10.0 * x.powi(4) + 3.0) * u.cos() - 7.0 * u.sin())
                / (7.0 * x).exp()
        };
        for x in [-0.7, 0.0, 0.3, 1.1] {
            assert_relative_eq!(
                df.eval(&[("x", x)]).unwrap(),
                closed(x),
                max_relative = 1e-12,
                epsilon = 1e-14
            );
        }
        assert_eq!(
            df.to_string(),
            "((10*x^4 + 3)*cos(2*x^5 + 3*x)*exp(7*x) - 7*sin(2*x^5 + 3*x)*exp(7*x))/exp(7*x)^2"
        );
    }

    #[test]
    fn partial_derivatives() {
        let f = p("x^2*y + sin(x*y)");
        let fx = f.derivative("x");
        let fy = f.derivative("y");
        let (x, y) = (0.8, -1.7);
        let vars = [("x", x), ("y", y)];
        assert_relative_eq!(
            fx.eval(&vars).unwrap(),
            2.0 * x * y + y * (x * y).cos(),
            max_relative = 1e-12
        );
        assert_relative_eq!(
            fy.eval(&vars).unwrap(),
            x * x + x * (x * y).cos(),
            max_relative = 1e-12
        );
        assert_eq!(p("y^2 + pi").derivative("x"), num(0.0));
        // A part without x is a constant, whose slope is 0 outright: the
        // rules applied to it would give 0 * y (a zero with the sign of y)
        // or, for sqrt(0 * y), 0 * inf = NaN.
        assert_eq!(p("y^2").derivative("x"), num(0.0));
        assert_eq!(p("y*sin(y)").derivative("x"), num(0.0));
        assert_eq!(p("y^2").derivative_unsimplified("x"), num(0.0));
        let root = p("sqrt(0*y) + x").derivative("x");
        assert_eq!(root.eval(&[("x", 1.0), ("y", 2.0)]).unwrap(), 1.0);
        let zero_power = p("x*(e*0)^0").derivative("x");
        assert_eq!(zero_power.eval(&[("x", -2.0)]).unwrap(), 1.0);
        let zero_base = p("x + (x - x)^0").derivative("x");
        assert_eq!(zero_base.eval(&[("x", 0.5)]).unwrap(), 1.0);
    }

    #[test]
    fn readable_results() {
        let d = |s: &str| p(s).derivative("x").to_string();
        assert_eq!(d("x^2"), "2*x");
        assert_eq!(d("3*x^4"), "12*x^3");
        assert_eq!(d("sin(x)"), "cos(x)");
        assert_eq!(d("cos(x)"), "-sin(x)");
        assert_eq!(d("cos(2*x)"), "-2*sin(2*x)");
        assert_eq!(d("tan(x)"), "1/cos(x)^2");
        assert_eq!(d("exp(7*x)"), "7*exp(7*x)");
        assert_eq!(d("ln(x)"), "1/x");
        assert_eq!(d("sqrt(x)"), "1/(2*sqrt(x))");
        assert_eq!(d("1/x"), "-1/x^2");
        assert_eq!(d("sin(x^2)"), "2*x*cos(x^2)");
        assert_eq!(d("sin(x)*cos(x)"), "cos(x)^2 - sin(x)^2");
        assert_eq!(d("x^x"), "x^x*(ln(x) + 1)");
        assert_eq!(d("e^x"), "e^x");
    }

    /// The derivatives of `shapes`, raw and simplified, printed, typeset
    /// and evaluated.
    fn differentiate_deep(shapes: &[String]) {
        for text in shapes {
            let f = p(text);
            let raw = f.derivative_unsimplified("x");
            let df = f.derivative("x");
            for d in [&raw, &df, &raw.simplify()] {
                assert!(!d.eval(&[("x", 0.5)]).unwrap().is_nan(), "{text}");
                assert!(!d.to_string().is_empty());
                assert!(!d.to_latex().is_empty());
            }
        }
    }

    #[test]
    fn deepest_parsable_input_does_not_overflow() {
        // Inputs as deep as the parser allows, then the derivative, in a
        // test thread with the default 2 MiB stack.
        use super::super::parse::MAX_DEPTH;
        let n = MAX_DEPTH - 1;
        differentiate_deep(&[
            format!("{}x{}", "sin(".repeat(n), ")".repeat(n)),
            "-".repeat(n) + "x",
            "2^-".repeat(n / 2) + "x",
        ]);
        let chain = vec!["x"; MAX_DEPTH].join("*");
        let df = p(&chain).derivative("x");
        assert_eq!(df.to_string(), format!("{MAX_DEPTH}*x^{}", MAX_DEPTH - 1));
    }

    /// The shapes whose derivatives grow deepest, three or four times as
    /// deep as the input, and largest (their size grows with the square of
    /// the depth): slow in a debug build.
    #[test]
    #[ignore = "seconds in a debug build; run by cargo xtask ci"]
    fn deepest_parsable_inputs_of_every_shape_do_not_overflow() {
        use super::super::parse::MAX_DEPTH;
        let n = MAX_DEPTH - 1;
        differentiate_deep(&[
            vec!["sin(x)"; n].join("/"),
            "x^".repeat(n) + "x",
            format!("{}x{}", "(".repeat(n), ")^x".repeat(n)),
            "x^-".repeat(n / 2) + "x",
        ]);
    }
}
