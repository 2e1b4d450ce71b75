//! Printing an [`Expr`] as LaTeX for KaTeX.

use super::display::format_number;
use super::{Constant, Expr, Function};

/// Greek letters that KaTeX knows by name, so that a variable named `rho`
/// prints as $\rho$.
const GREEK: [&str; 39] = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "varpi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Phi",
    "Psi",
    "Omega",
];

/// A variable name as LaTeX, with at most one subscript, so that KaTeX
/// renders every identifier: `x` as is, Greek names as letters (`rho` is
/// `\rho`), other multi-letter names upright (`\mathrm{speed}`), and
/// trailing digits and the parts after each `_` as one subscript, separated
/// by commas (`x1` and `x_1` are `x_{1}`, `x1_2` is `x_{1,2}`, `w_ij` is
/// `w_{\mathrm{ij}}`). A name with a leading, trailing or doubled `_` is
/// set upright as written (`\mathrm{\_x}`), and a name that is not an
/// identifier (only possible for [`var`](super::var)) as text.
fn latex_name(name: &str) -> String {
    let identifier = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !identifier {
        return format!("\\text{{{}}}", text_escaped(name));
    }
    let parts: Vec<&str> = name.split('_').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return format!("\\mathrm{{{}}}", name.replace('_', "\\_"));
    }
    let first = parts[0];
    let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
    let mut subscript = Vec::new();
    if letters.len() < first.len() {
        subscript.push(first[letters.len()..].to_string());
    }
    subscript.extend(parts[1..].iter().map(|p| latex_word(p)));
    let base = latex_word(letters);
    if subscript.is_empty() {
        base
    } else {
        format!("{base}_{{{}}}", subscript.join(","))
    }
}

/// A run of ASCII letters and digits: digits as they are, a Greek name as
/// its letter, one letter as it is, other words upright; trailing digits of
/// a word become its own subscript (`y2` in a subscript is `y_{2}`).
fn latex_word(word: &str) -> String {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    if !letters.is_empty() && letters.len() < word.len() {
        return format!(
            "{}_{{{}}}",
            latex_word(letters),
            &word[letters.len()..]
        );
    }
    if GREEK.contains(&word) {
        format!("\\{word}")
    } else if word.len() == 1 || word.bytes().all(|b| b.is_ascii_digit()) {
        word.to_string()
    } else {
        format!("\\mathrm{{{word}}}")
    }
}

/// Text for `\text{...}`, with the characters LaTeX treats specially
/// escaped.
fn text_escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '{' | '}' | '_' | '#' | '$' | '%' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn latex_number(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "\\mathrm{NaN}"
        } else if x > 0.0 {
            "\\infty"
        } else {
            "-\\infty"
        }
        .to_string();
    }
    let s = format_number(x);
    match s.split_once('e') {
        Some(("1", exponent)) => format!("10^{{{exponent}}}"),
        Some(("-1", exponent)) => format!("-10^{{{exponent}}}"),
        Some((mantissa, exponent)) => {
            format!("{mantissa} \\times 10^{{{exponent}}}")
        }
        None => s,
    }
}

/// Precedence as in `display.rs`, except that a fraction is delimited by
/// itself and numbers in scientific notation (`1.5 \times 10^{3}`) count as
/// products.
fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Add(..) => 1,
        Expr::Mul(..) => 2,
        Expr::Div(..) => 5,
        Expr::Num(x) if x.is_finite() && format_number(*x).contains('e') => 2,
        Expr::Neg(_) => 3,
        Expr::Num(x) if x.is_sign_negative() => 3,
        Expr::Pow(..) | Expr::Func(Function::Exp, _) => 4,
        Expr::Num(_) | Expr::Var(_) | Expr::Const(_) | Expr::Func(..) => 5,
    }
}

fn render(e: &Expr) -> String {
    let mut out = String::new();
    write_latex(e, &mut out);
    out
}

/// Writes `e` in place, then puts `\left(...\right)` around it if it needs
/// precedence `min` or (with `guard_minus`) starts with a minus sign. Each
/// level of a deep tree takes little stack this way.
fn write_operand(e: &Expr, min: u8, guard_minus: bool, out: &mut String) {
    let start = out.len();
    write_latex(e, out);
    if precedence(e) < min || (guard_minus && out[start..].starts_with('-')) {
        out.insert_str(start, "\\left(");
        out.push_str("\\right)");
    }
}

fn write_latex(e: &Expr, out: &mut String) {
    match e {
        Expr::Num(x) => out.push_str(&latex_number(*x)),
        Expr::Var(name) => out.push_str(&latex_name(name)),
        Expr::Const(Constant::Pi) => out.push_str("\\pi"),
        Expr::Const(Constant::E) => out.push('e'),
        Expr::Neg(a) => {
            out.push('-');
            // -(x y) and -x y are the same number, so a product needs no
            // parentheses here (unlike in the parseable text form).
            write_operand(a, 2, true, out);
        }
        Expr::Add(terms) => match terms.split_first() {
            None => out.push('0'),
            Some((first, rest)) => {
                write_operand(first, 1, false, out);
                for t in rest {
                    match t {
                        Expr::Neg(u) => {
                            out.push_str(" - ");
                            write_operand(u, 2, true, out);
                        }
                        _ => {
                            out.push_str(" + ");
                            write_operand(t, 2, true, out);
                        }
                    }
                }
            }
        },
        Expr::Mul(factors) => match factors.split_first() {
            None => out.push('1'),
            Some((first, rest)) => {
                write_operand(first, 2, false, out);
                for f in rest {
                    let before = out.len();
                    write_operand(f, 3, true, out);
                    // Juxtaposition, except where it would misread:
                    // 2 \cdot 3, x \cdot 2, 2 \cdot \frac{1}{3} (not the
                    // mixed number), and \sigma \cdot (x + 1) for a
                    // variable sigma (not the sigmoid of x + 1).
                    let right = &out[before..];
                    let digit_next = right
                        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
                    let fraction_next = right.starts_with("\\frac");
                    let sigma_call = out[..before].ends_with("\\sigma")
                        && right.starts_with("\\left(");
                    out.insert_str(
                        before,
                        if digit_next || fraction_next || sigma_call {
                            " \\cdot "
                        } else {
                            " "
                        },
                    );
                }
            }
        },
        Expr::Div(a, b) => {
            out.push_str("\\frac{");
            write_latex(a, out);
            out.push_str("}{");
            write_latex(b, out);
            out.push('}');
        }
        Expr::Pow(a, b) => {
            // A base that is not a single symbol, number or function call
            // (a power, a product, a fraction, a root) gets parentheses, so
            // the exponent reads unambiguously.
            let start = out.len();
            write_latex(a, out);
            let atomic = precedence(a) == 5
                && !matches!(
                    **a,
                    Expr::Div(..) | Expr::Func(Function::Sqrt, _)
                );
            if !atomic || out[start..].starts_with('-') {
                out.insert_str(start, "\\left(");
                out.push_str("\\right)");
            }
            out.push_str("^{");
            write_latex(b, out);
            out.push('}');
        }
        Expr::Func(Function::Exp, a) => {
            out.push_str("e^{");
            write_latex(a, out);
            out.push('}');
        }
        Expr::Func(Function::Sqrt, a) => {
            out.push_str("\\sqrt{");
            write_latex(a, out);
            out.push('}');
        }
        Expr::Func(Function::Abs, a) => {
            out.push_str("\\left|");
            write_latex(a, out);
            out.push_str("\\right|");
        }
        Expr::Func(f, a) => {
            match f {
                Function::Sigmoid => out.push_str("\\sigma"),
                Function::Sign => out.push_str("\\operatorname{sign}"),
                // \sin, \cos, \tan, \sinh, \cosh, \tanh and \ln.
                _ => {
                    out.push('\\');
                    out.push_str(f.name());
                }
            }
            out.push_str("\\left(");
            write_latex(a, out);
            out.push_str("\\right)");
        }
    }
}

impl Expr {
    /// The expression as LaTeX, ready for KaTeX: fractions as `\frac`,
    /// powers as superscripts, $e^{u}$ for `exp(u)`, `\sqrt{u}`, $|u|$ for
    /// `abs(u)`, $\sigma(u)$ for `sigmoid(u)`, $\operatorname{sign}(u)$,
    /// other functions as `\sin\left(u\right)` or `\tanh\left(u\right)`,
    /// products by juxtaposition (with `\cdot` before a number or a
    /// fraction, and after a variable named `sigma`, so that it is not
    /// read as the sigmoid), and variables named after Greek
    /// letters as those letters (`rho` is $\rho$); other multi-letter names
    /// are set upright, and trailing digits and the parts after `_` make one
    /// subscript (`x1` and `x_1` are $x_{1}$, `x1_2` is $x_{1,2}$), so that
    /// every name the parser accepts renders.
    ///
    /// # Examples
    ///
    /// ```
    /// use mvcalc::symbolic::Expr;
    ///
    /// let f = Expr::parse("sin(2*x^5 + 3*x) / exp(7*x)")?;
    /// assert_eq!(
    ///     f.to_latex(),
    ///     r"\frac{\sin\left(2 x^{5} + 3 x\right)}{e^{7 x}}"
    /// );
    /// assert_eq!(Expr::parse("sqrt(rho) * 2 * 3")?.to_latex(), r"\sqrt{\rho} \cdot 2 \cdot 3");
    /// assert_eq!(Expr::parse("w1_2^2")?.to_latex(), "w_{1,2}^{2}");
    /// assert_eq!(
    ///     Expr::parse("abs(x)*sigmoid(x)")?.to_latex(),
    ///     r"\left|x\right| \sigma\left(x\right)"
    /// );
    /// # Ok::<(), mvcalc::symbolic::ParseError>(())
    /// ```
    pub fn to_latex(&self) -> String {
        render(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::num;
    use super::*;

    fn tex(s: &str) -> String {
        Expr::parse(s).unwrap().to_latex()
    }

    #[test]
    fn examples() {
        let cases = [
            (
                "sin(2*x^5 + 3*x) / exp(7*x)",
                r"\frac{\sin\left(2 x^{5} + 3 x\right)}{e^{7 x}}",
            ),
            ("2*3", r"2 \cdot 3"),
            ("x*2", r"x \cdot 2"),
            ("2*pi*r", r"2 \pi r"),
            ("2*(1/3)", r"2 \cdot \frac{1}{3}"),
            ("sqrt(x + 1)", r"\sqrt{x + 1}"),
            ("ln(x)", r"\ln\left(x\right)"),
            ("cos(theta)^2", r"\cos\left(\theta\right)^{2}"),
            ("tan(x)", r"\tan\left(x\right)"),
            ("e^x", r"e^{x}"),
            ("exp(x)^2", r"\left(e^{x}\right)^{2}"),
            ("(x + 1)^2", r"\left(x + 1\right)^{2}"),
            ("(x^2)^3", r"\left(x^{2}\right)^{3}"),
            ("x^y^z", r"x^{y^{z}}"),
            ("x^(1/2)", r"x^{\frac{1}{2}}"),
            ("(-x)^2", r"\left(-x\right)^{2}"),
            ("(-2)^x", r"\left(-2\right)^{x}"),
            ("sqrt(x)^2", r"\left(\sqrt{x}\right)^{2}"),
            ("-(x*y)", r"-x y"),
            ("-(x + y)", r"-\left(x + y\right)"),
            ("x - (y - z)", r"x - \left(y - z\right)"),
            ("x - -y", r"x - \left(-y\right)"),
            ("x * -y", r"x \left(-y\right)"),
            ("(a + b)*(c - d)", r"\left(a + b\right) \left(c - d\right)"),
            ("-2*x", r"-2 x"),
            ("rho + sigma + Omega", r"\rho + \sigma + \Omega"),
            (
                "speed * x1 * x_2 * w_ij",
                r"\mathrm{speed} x_{1} x_{2} w_{\mathrm{ij}}",
            ),
            ("alpha2^2", r"\alpha_{2}^{2}"),
            ("(x/y)^2", r"\left(\frac{x}{y}\right)^{2}"),
            ("a/b*c - d/e", r"\frac{a}{b} c - \frac{d}{e}"),
            ("x*(y*z)", r"x \left(y z\right)"),
            ("-(a/b)", r"-\frac{a}{b}"),
            ("1.5e-7 * x", r"1.5 \times 10^{-7} x"),
            ("1e20", r"10^{20}"),
            ("(1.5e300)^2", r"\left(1.5 \times 10^{300}\right)^{2}"),
            ("0.25", "0.25"),
            (
                "sinh(x) + cosh(x) - tanh(x)",
                r"\sinh\left(x\right) + \cosh\left(x\right) - \tanh\left(x\right)",
            ),
            ("abs(x - 1)^2", r"\left|x - 1\right|^{2}"),
            (
                "sigmoid(x)*(1 - sigmoid(x))",
                r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)",
            ),
            ("sign(x)", r"\operatorname{sign}\left(x\right)"),
            // The variable sigma times a bracket is not the sigmoid.
            ("sigma*(x + 1)", r"\sigma \cdot \left(x + 1\right)"),
            ("a - b - c + d", "a - b - c + d"),
            ("x*y*z/2", r"\frac{x y z}{2}"),
            (
                "_ + _1 + __x + x__1 + x_",
                r"\mathrm{\_} + \mathrm{\_1} + \mathrm{\_\_x} + \mathrm{x\_\_1} + \mathrm{x\_}",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(tex(input), expected, "from {input:?}");
        }
        assert_eq!(num(f64::INFINITY).to_latex(), r"\infty");
    }

    /// Whether some atom of the LaTeX gets two subscripts or two
    /// superscripts, as in `x_{1}_{2}`, which KaTeX refuses ("Double
    /// subscript"). A token is a command, a braced group or a character;
    /// `_` and `^` take the next token as their argument.
    fn double_script(tex: &str) -> bool {
        fn token(t: &[u8], mut i: usize) -> usize {
            match t.get(i) {
                Some(b'\\') => {
                    i += 1;
                    if t.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                        while t.get(i).is_some_and(|c| c.is_ascii_alphabetic())
                        {
                            i += 1;
                        }
                        i
                    } else {
                        i + 1
                    }
                }
                Some(b'{') => {
                    let mut depth = 0;
                    while let Some(&c) = t.get(i) {
                        i += 1;
                        match c {
                            b'\\' => i += 1,
                            b'{' => depth += 1,
                            b'}' if depth == 1 => return i,
                            b'}' => depth -= 1,
                            _ => {}
                        }
                    }
                    i
                }
                Some(_) => i + 1,
                None => i,
            }
        }
        fn level(t: &[u8]) -> bool {
            let (mut sub, mut sup) = (false, false);
            let mut i = 0;
            while i < t.len() {
                match t[i] {
                    b'_' | b'^' => {
                        let seen =
                            if t[i] == b'_' { &mut sub } else { &mut sup };
                        if *seen {
                            return true;
                        }
                        *seen = true;
                        let end = token(t, i + 1);
                        if t.get(i + 1) == Some(&b'{')
                            && level(&t[i + 2..end - 1])
                        {
                            return true;
                        }
                        i = end;
                    }
                    b' ' => i += 1,
                    b'{' => {
                        let end = token(t, i);
                        if level(&t[i + 1..end - 1]) {
                            return true;
                        }
                        (sub, sup) = (false, false);
                        i = end;
                    }
                    _ => {
                        (sub, sup) = (false, false);
                        i = token(t, i);
                    }
                }
            }
            false
        }
        level(tex.as_bytes())
    }

    #[test]
    fn the_checker_finds_double_scripts() {
        assert!(double_script("x_{1}_{2}"));
        assert!(double_script(r"\frac{x_{1}_{2}}{3}"));
        assert!(double_script("x^{2}^{3}"));
        assert!(!double_script("x_{1,2}^{2} + y_{1}"));
        assert!(!double_script(r"x_{y_{2}} \left(a\right)^{2}"));
    }

    #[test]
    fn every_identifier_has_one_subscript() {
        let cases = [
            ("x1_2", "x_{1,2}"),
            ("alpha1_2", r"\alpha_{1,2}"),
            ("x1_y", "x_{1,y}"),
            ("x12_34", "x_{12,34}"),
            ("w_ij_k", r"w_{\mathrm{ij},k}"),
            ("x_y2", "x_{y_{2}}"),
            ("theta_max", r"\theta_{\mathrm{max}}"),
            ("x1y2", r"\mathrm{x1y}_{2}"),
            ("sin2_x", r"\mathrm{sin}_{2,x}"),
            ("x1_2^2", "x_{1,2}^{2}"),
        ];
        for (input, expected) in cases {
            let got = tex(input);
            assert_eq!(got, expected, "from {input:?}");
            assert!(!double_script(&got), "{got}");
        }
        // Names built in code that are not identifiers are set as text.
        assert_eq!(
            crate::symbolic::var("a b{c}^_%").to_latex(),
            r"\text{a b\{c\}\textasciicircum{}\_\%}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 2000,
            failure_persistence: None,
            ..Default::default()
        })]

        /// No identifier, alone or raised to a power, gets two subscripts
        /// or two superscripts.
        #[test]
        fn no_identifier_gets_a_double_script(
            name in "[A-Za-z_][A-Za-z0-9_]{0,10}"
        ) {
            let latex = Expr::Var(name.clone()).pow(2.0).to_latex();
            proptest::prop_assert!(!double_script(&latex), "{} as {}", name, latex);
        }
    }

    #[test]
    fn the_beast_derivative() {
        let df = Expr::parse("sin(2*x^5 + 3*x) / exp(7*x)")
            .unwrap()
            .diff("x");
        assert_eq!(
            df.to_latex(),
            r"\frac{\left(10 x^{4} + 3\right) \cos\left(2 x^{5} + 3 x\right) e^{7 x} - 7 \sin\left(2 x^{5} + 3 x\right) e^{7 x}}{\left(e^{7 x}\right)^{2}}"
        );
    }
}
