//! Symbolic differentiation by the rules of calculus.

use super::{
    Expr, Function, cos, cosh, exp, ln, num, sigmoid, sign, sin, sinh, sqrt,
    tanh,
};

/// A node of an [`Expr`] with its children lent as `&Expr`, so that the
/// rules of differentiation can be written with the operators, as formulas.
enum Parts<'a> {
    Number,
    Variable,
    Neg(&'a Expr),
    Add(&'a [Expr]),
    Mul(&'a [Expr]),
    Div(&'a Expr, &'a Expr),
    Pow(&'a Expr, &'a Expr),
    Func(Function, &'a Expr),
}

impl Expr {
    fn parts(&self) -> Parts<'_> {
        match self {
            Expr::Num(_) | Expr::Const(_) => Parts::Number,
            Expr::Var(_) => Parts::Variable,
            Expr::Neg(u) => Parts::Neg(u),
            Expr::Add(terms) => Parts::Add(terms),
            Expr::Mul(factors) => Parts::Mul(factors),
            Expr::Div(u, v) => Parts::Div(u, v),
            Expr::Pow(u, v) => Parts::Pow(u, v),
            Expr::Func(f, u) => Parts::Func(*f, u),
        }
    }

    /// The derivative $\frac{\partial}{\partial x}$ of the expression with
    /// respect to the variable `x`, simplified.
    ///
    /// Every other variable is held constant, so this is the partial
    /// derivative. The rules are applied by [`Expr::diff_unsimplified`] and
    /// the result is passed through [`Expr::simplify`]; a derivative that
    /// is zero wherever it is defined is written `0` (in `f64` its zero
    /// would have a sign, as `0*y` for the derivative of $y^2$ in $x$ does,
    /// but that sign comes from the rules, not from the function).
    ///
    /// Where the function has no derivative because `abs` has a corner
    /// ($|u|$ at $u = 0$), the derivative has `sign(u)` in it, and
    /// evaluating it there is an
    /// [`EvalError::SignOfZero`](super::EvalError::SignOfZero), not a number.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x^3 * sin(x)")?;
    /// let df = f.diff("x");
    /// assert_eq!(df.to_string(), "3*x^2*sin(x) + x^3*cos(x)");
    ///
    /// // A partial derivative: y is a constant here.
    /// let g = Expr::parse("x^2 * y + y^2")?;
    /// assert_eq!(g.diff("x").to_string(), "2*x*y");
    ///
    /// // The sigmoid's slope is sigma (1 - sigma).
    /// let s = Expr::parse("sigmoid(x)")?.diff("x");
    /// assert_eq!(s.to_string(), "(-sigmoid(x) + 1)*sigmoid(x)");
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn diff(&self, x: &str) -> Expr {
        // The derivative is up to four times as deep as the expression.
        let depth = 4 * self.depth();
        super::simplify::with_room_for(depth, || {
            self.diff_unsimplified(x).simplify_derivative()
        })
    }

    /// The derivative with respect to the variable `x` exactly as the rules
    /// produce it, before simplification, with one rule for each kind of
    /// node:
    ///
    /// - the sum rule,
    ///   $(u_1 + \dots + u_n)^{\prime} = u_1^{\prime} + \dots + u_n^{\prime}$;
    /// - the product rule,
    ///   $(u v w)^{\prime} = u^{\prime} v w + u v^{\prime} w + u v w^{\prime}$;
    /// - the quotient rule,
    ///   $\left(\frac{u}{v}\right)^{\prime} = \frac{u^{\prime} v - u v^{\prime}}{v^2}$;
    /// - the power rule, $(u^n)^{\prime} = n u^{n-1} u^{\prime}$;
    /// - the chain rule, $f(u)^{\prime} = f^{\prime}(u) \cdot u^{\prime}$.
    ///
    /// The product rule has one term for each factor that contains `x`; a
    /// product of more than 32 factors is split into two halves,
    /// $(AB)' = A'B + AB'$, so that the derivative of a product of $n$
    /// factors grows like $n \log n$ rather than $n^2$.
    ///
    /// A power whose exponent depends on `x` is differentiated through
    /// $a^b = e^{b \ln a}$:
    /// $$(a^b)^{\prime} = a^b \left(b^{\prime} \ln a + \frac{b a^{\prime}}{a}\right),$$
    /// which for a constant base is $(a^b)^{\prime} = a^b \ln(a) \cdot b^{\prime}$.
    ///
    /// The functions' own derivatives are those of calculus:
    /// $\tanh' = 1 - \tanh^2$, $\sigma' = \sigma (1 - \sigma)$ for the
    /// sigmoid, $|u|' = \operatorname{sign} u$, and $0$ for `sign`, each
    /// where it exists: `sign(u)` is undefined at $u = 0$, and so is the
    /// derivative of `sign`, written `0*sign(u)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("x * sin(x)")?;
    /// // The product rule, before any tidying up: 1 sin(x) + x cos(x) 1.
    /// let raw = f.diff_unsimplified("x");
    /// assert_eq!(raw.to_string(), "1*sin(x) + x*(cos(x)*1)");
    /// assert_eq!(raw.simplify().to_string(), "sin(x) + x*cos(x)");
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    // ANCHOR: derivative_rules
    pub fn diff_unsimplified(&self, x: &str) -> Expr {
        use Function::*;
        use Parts::*;
        let d = |e: &Expr| e.diff_unsimplified(x);
        match self.parts() {
            // Anything without x is a constant: slope 0. (The rules below
            // would give 0 too, but through products such as 0 * 0^(-1),
            // which IEEE arithmetic makes NaN, as for sqrt(0 * y).)
            Number => num(0.0),
            _ if !self.depends_on(x) => num(0.0),
            // Only x itself is left among the variables: slope 1.
            Variable => num(1.0),
            // Constant multiple and sum rules (u - v is u + (-v)).
            Neg(u) => -d(u),
            Add(terms) => Expr::sum(terms.iter().map(d)),
            // Product rule, (uvw)' = u'vw + uv'w + uvw': a term for each
            // factor with x in it, where that factor is differentiated.
            Mul(factors) if factors.len() <= 32 => {
                let term = |(i, u): (usize, &Expr)| {
                    let mut factors = factors.to_vec();
                    factors[i] = d(u);
                    Expr::product(factors)
                };
                let has_x = |(_, u): &(usize, &Expr)| u.depends_on(x);
                Expr::sum(factors.iter().enumerate().filter(has_x).map(term))
            }
            // A long product in two halves, (AB)' = A'B + AB'.
            Mul(factors) => {
                let half = factors.len() / 2;
                let a = Expr::product(factors[..half].to_vec());
                let b = Expr::product(factors[half..].to_vec());
                d(&a) * &b + &a * d(&b)
            }
            // Quotient rule.
            Div(u, v) => (d(u) * v - u * d(v)) / v.pow(2.0),
            // u^0 is 1 for every u (0, infinity and NaN included), so its
            // slope is 0; the power rule would give 0 * u^(-1) * u', which
            // is NaN wherever u is 0.
            Pow(_, Expr::Num(z)) if *z == 0.0 => num(0.0),
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
                    Sinh => cosh(u),
                    Cosh => sinh(u),
                    Tanh => 1.0 - tanh(u).pow(2.0),
                    Exp => exp(u),
                    Ln => 1.0 / u,
                    Sqrt => 1.0 / (2.0 * sqrt(u)),
                    Sigmoid => sigmoid(u) * (1.0 - sigmoid(u)),
                    // |u| has slope -1 or 1, and none at u = 0, where
                    // sign(u) is undefined; sign(u) has slope 0, but
                    // none at u = 0 either.
                    Abs => sign(u),
                    Sign => 0.0 * sign(u),
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
    use crate::symbolic::var;
    use approx::assert_relative_eq;

    fn p(s: &str) -> Expr {
        Expr::parse(s).unwrap()
    }

    /// Checks d/dx `f` against the closed form `df` at several points.
    fn check(f: &str, df: impl Fn(f64) -> f64, points: &[f64]) {
        let d = p(f).diff("x");
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
        check("sinh(x)", f64::cosh, &POINTS);
        check("cosh(x)", f64::sinh, &POINTS);
        // tanh' = 1 - tanh^2 = 1/cosh^2.
        check("tanh(x)", |x| 1.0 / x.cosh().powi(2), &POINTS);
        // sigma' = sigma (1 - sigma) = e^-x / (1 + e^-x)^2.
        check(
            "sigmoid(x)",
            |x| (-x).exp() / (1.0 + (-x).exp()).powi(2),
            &POINTS,
        );
        // |x|' = x/|x| away from 0, and sign' = 0.
        check("abs(x)", |x| x / x.abs(), &POINTS);
        check("sign(x)", |_| 0.0, &POINTS);
    }

    #[test]
    fn new_functions_in_rules() {
        // The chain rule through each: tanh(3x)' = 3/cosh^2(3x), and so on.
        check("tanh(3*x)", |x| 3.0 / (3.0 * x).cosh().powi(2), &POINTS);
        check(
            "sigmoid(x^2)",
            |x| {
                let s = 1.0 / (1.0 + (-x * x).exp());
                2.0 * x * s * (1.0 - s)
            },
            &POINTS,
        );
        check("sinh(x)^2 - cosh(x)^2", |_| 0.0, &POINTS);
        check("abs(x)^3", |x| 3.0 * x * x.abs(), &POINTS);
        check("x*abs(x)", |x| 2.0 * x.abs(), &POINTS);
        check("abs(x - 1)", |x| (x - 1.0).signum(), &[-1.3, 0.4, 2.7]);
        check(
            "sqrt(abs(x))",
            |x| x.signum() / (2.0 * x.abs().sqrt()),
            &POINTS,
        );
        check("ln(cosh(x))", f64::tanh, &POINTS);
    }

    #[test]
    fn abs_has_no_slope_at_its_corner() {
        use crate::symbolic::EvalError;
        let corner = |f: &str, x: f64| {
            let d = p(f).diff("x");
            match d.eval(&[("x", x)]) {
                Err(EvalError::SignOfZero { .. }) => {}
                other => panic!("d/dx {f} = {d} at {x} gave {other:?}"),
            }
        };
        corner("abs(x)", 0.0);
        corner("abs(x)", -0.0);
        corner("abs(x - 1)", 1.0);
        corner("abs(x) + x^2", 0.0);
        corner("3*abs(x)*sin(x + 1)", 0.0);
        corner("abs(sin(x))", 0.0);
        corner("abs(sin(x))", std::f64::consts::PI * 0.0);
        // The second derivative of |x|: 0 away from the corner, none at it.
        let d2 = p("abs(x)").diff("x").diff("x");
        assert_eq!(d2.eval(&[("x", 2.0)]).unwrap(), 0.0);
        assert!(d2.eval(&[("x", 0.0)]).is_err());
        // sign(x) has a jump at 0, so x^2 + sign(x) has no slope there.
        let d = p("x^2 + sign(x)").diff("x");
        assert_eq!(d.eval(&[("x", 1.5)]).unwrap(), 3.0);
        assert!(d.eval(&[("x", 0.0)]).is_err());
        // A part without x is a constant in x.
        assert_eq!(p("abs(y) * x").diff("x").to_string(), "abs(y)");
    }

    #[test]
    fn products_and_sums_of_many_terms() {
        // x^1 x^2 ... x^n has slope (1 + 2 + ... + n) x^(n(n+1)/2 - 1).
        for n in [3usize, 32, 33, 200, 1000] {
            let f = Expr::product((1..=n).map(|k| var("x").pow(k as f64)));
            let d = f.diff("x");
            let m = (n * (n + 1) / 2) as f64;
            let x = 1.0 + 1.0 / m;
            let expected = m * x.powf(m - 1.0);
            assert_relative_eq!(
                d.eval(&[("x", x)]).unwrap(),
                expected,
                max_relative = 1e-10
            );
        }
        // The product rule in halves stays small: the raw derivative of a
        // product of 10,000 factors has about n log n nodes, not n^2.
        let f = Expr::product((0..10_000).map(|i| var(format!("x{i}"))));
        let raw = f.diff_unsimplified("x7");
        let mut nodes = 0;
        let mut stack = vec![&raw];
        while let Some(e) = stack.pop() {
            nodes += 1;
            match e {
                Expr::Add(items) | Expr::Mul(items) => stack.extend(items),
                Expr::Neg(a) | Expr::Func(_, a) => stack.push(a),
                Expr::Div(a, b) | Expr::Pow(a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
                _ => {}
            }
        }
        assert!(nodes < 200_000, "{nodes} nodes");
        // sum of (k x - 1)^2 for k = 1..n has slope sum 2 k (k x - 1).
        let n = 1000;
        let f = Expr::sum(
            (1..=n).map(|k| (f64::from(k) * var("x") - 1.0).pow(2.0)),
        );
        let d = f.diff("x");
        let x = 0.3;
        let expected: f64 = (1..=n)
            .map(|k| 2.0 * f64::from(k) * (f64::from(k) * x - 1.0))
            .sum();
        assert_relative_eq!(
            d.eval(&[("x", x)]).unwrap(),
            expected,
            max_relative = 1e-12
        );
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
        let df = f.diff("x");
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
        let fx = f.diff("x");
        let fy = f.diff("y");
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
        assert_eq!(p("y^2 + pi").diff("x"), num(0.0));
        // A part without x is a constant, whose slope is 0 outright: the
        // rules applied to it would give 0 * y (a zero with the sign of y)
        // or, for sqrt(0 * y), 0 * inf = NaN.
        assert_eq!(p("y^2").diff("x"), num(0.0));
        assert_eq!(p("y*sin(y)").diff("x"), num(0.0));
        assert_eq!(p("y^2").diff_unsimplified("x"), num(0.0));
        let root = p("sqrt(0*y) + x").diff("x");
        assert_eq!(root.eval(&[("x", 1.0), ("y", 2.0)]).unwrap(), 1.0);
        let zero_power = p("x*(e*0)^0").diff("x");
        assert_eq!(zero_power.eval(&[("x", -2.0)]).unwrap(), 1.0);
        let zero_base = p("x + (x - x)^0").diff("x");
        assert_eq!(zero_base.eval(&[("x", 0.5)]).unwrap(), 1.0);
    }

    #[test]
    fn readable_results() {
        let d = |s: &str| p(s).diff("x").to_string();
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
        assert_eq!(d("sinh(x)"), "cosh(x)");
        assert_eq!(d("cosh(2*x)"), "2*sinh(2*x)");
        assert_eq!(d("tanh(x)"), "-tanh(x)^2 + 1");
        assert_eq!(d("sigmoid(x)"), "(-sigmoid(x) + 1)*sigmoid(x)");
        assert_eq!(d("abs(x)"), "sign(x)");
        assert_eq!(d("abs(x)^2"), "2*abs(x)*sign(x)");
        // 0 where it exists, and undefined at x = 0.
        assert_eq!(d("sign(x)"), "0*sign(x)");
        assert_eq!(d("x - x^2 + 2*x^3"), "-2*x + 6*x^2 + 1");
    }

    /// The derivatives of `shapes`, raw and simplified, printed, typeset
    /// and evaluated.
    fn differentiate_deep(shapes: &[String]) {
        for text in shapes {
            let f = p(text);
            let raw = f.diff_unsimplified("x");
            let df = f.diff("x");
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
        let df = p(&chain).diff("x");
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
