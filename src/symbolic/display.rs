//! Printing an [`Expr`] as text that [`Expr::parse`] reads back.

use super::Expr;
use std::fmt;

/// How tightly a node binds when printed: a child whose precedence is lower
/// than its position needs gets parentheses.
fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Add(..) => 1,
        Expr::Mul(..) | Expr::Div(..) => 2,
        Expr::Neg(_) => 3,
        Expr::Num(x) if x.is_finite() && x.is_sign_negative() => 3,
        Expr::Pow(..) => 4,
        Expr::Num(_) | Expr::Var(_) | Expr::Const(_) | Expr::Func(..) => 5,
    }
}

/// A number in the shortest form that parses back to the same `f64`:
/// `3`, `0.5`, `1e-7`, `1.5e300`.
pub(super) fn format_number(x: f64) -> String {
    if x.is_nan() {
        "(0/0)".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "(1/0)" } else { "(-1/0)" }.to_string()
    } else if x == x.trunc() && x.abs() < 1e16 {
        format!("{x}")
    } else {
        format!("{x:?}")
    }
}

fn render(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(e, &mut out);
    out
}

/// Writes `e` as an operand that needs at least precedence `min`; with
/// `guard_minus`, an operand that would start with a minus sign is
/// parenthesised too, so `a - (-b)` is not printed as `a - -b`. (The
/// operand is written in place and the parenthesis put in front after, so
/// each level of a deep tree takes little stack.)
fn write_operand(e: &Expr, min: u8, guard_minus: bool, out: &mut String) {
    let start = out.len();
    write_expr(e, out);
    if precedence(e) < min || (guard_minus && out[start..].starts_with('-')) {
        out.insert(start, '(');
        out.push(')');
    }
}

fn write_expr(e: &Expr, out: &mut String) {
    match e {
        Expr::Num(x) => out.push_str(&format_number(*x)),
        Expr::Var(name) => out.push_str(name),
        Expr::Const(c) => out.push_str(c.name()),
        Expr::Neg(a) => {
            out.push('-');
            // `-(2)` keeps a negated number apart from the number -2.
            let min = if matches!(**a, Expr::Num(_)) { 6 } else { 3 };
            write_operand(a, min, true, out);
        }
        Expr::Add(terms) => match terms.split_first() {
            None => out.push('0'),
            Some((first, rest)) => {
                // A sum as the first term is parenthesised, so that the
                // tree parses back with the same shape.
                write_operand(first, 2, false, out);
                for t in rest {
                    match t {
                        // A negated term is subtracted: `a - b`.
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
                // A product as the first factor is parenthesised; a
                // quotient is not, as `a/b*c` parses as (a/b)*c.
                let min = if matches!(first, Expr::Mul(_)) { 3 } else { 2 };
                write_operand(first, min, false, out);
                for f in rest {
                    out.push('*');
                    write_operand(f, 3, true, out);
                }
            }
        },
        Expr::Div(a, b) => {
            write_operand(a, 2, false, out);
            out.push('/');
            write_operand(b, 3, true, out);
        }
        Expr::Pow(a, b) => {
            write_operand(a, 5, true, out);
            out.push('^');
            write_operand(b, 4, true, out);
        }
        Expr::Func(f, a) => {
            out.push_str(f.name());
            out.push('(');
            write_expr(a, out);
            out.push(')');
        }
    }
}

/// Writes the expression compactly with as few parentheses as the grammar
/// of [`Expr::parse`] allows, so that parsing the text gives back an equal
/// expression: `sin(2*x^5 + 3*x)/exp(7*x)`.
///
/// Spaces go around `+` and `-` only. A negative number is written `-2`
/// and a negated number `-(2)`, so both survive the round trip, and a
/// negated term of a sum is subtracted: `Add(vec![a, Neg(b)])` is `a - b`.
/// The round trip holds for every tree at most 500 levels deep, as every
/// parsed tree is (and their derivatives, up to that depth), with variable
/// names that are identifiers other than `pi`, `e` and the function names
/// (as every parsed name is), finite numbers (as every parsed,
/// differentiated or simplified number is) and sums and products of at
/// least two terms (as every parsed, differentiated or simplified one is).
/// NaN and the infinities print as `(0/0)`, `(1/0)` and `(-1/0)`, which
/// parse to divisions with the same value, and a sum or product of fewer
/// than two terms prints as its value: `0`, `1` or the one term.
///
/// # Examples
///
/// ```
/// use mvcalc::symbolic::Expr;
///
/// let f = Expr::parse("(sin((2*x^5) + (3*x))) / (exp(7*x))")?;
/// assert_eq!(f.to_string(), "sin(2*x^5 + 3*x)/exp(7*x)");
/// assert_eq!(Expr::parse(&f.to_string())?, f);
/// # Ok::<(), mvcalc::symbolic::ParseError>(())
/// ```
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render(self))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{num, sin, var};
    use super::*;

    fn round_trip(e: &Expr) -> String {
        let s = e.to_string();
        let back = Expr::parse(&s).unwrap_or_else(|err| panic!("{s:?}: {err}"));
        assert_eq!(&back, e, "{s:?} parsed back differently");
        s
    }

    #[test]
    fn minimal_parentheses() {
        let cases = [
            ("sin(2*x^5 + 3*x) / exp(7*x)", "sin(2*x^5 + 3*x)/exp(7*x)"),
            ("a - (b - c)", "a - (b - c)"),
            ("a - b - c", "a - b - c"),
            // Parentheses make a node of their own, printed as one.
            ("(a - b) - c", "(a - b) - c"),
            ("a - (b + c)", "a - (b + c)"),
            ("a / (b * c)", "a/(b*c)"),
            ("(a / b) * c", "a/b*c"),
            ("a * (b / c)", "a*(b/c)"),
            ("(a + b) * (c - d)", "(a + b)*(c - d)"),
            ("a ^ (b ^ c)", "a^b^c"),
            ("(a ^ b) ^ c", "(a^b)^c"),
            ("-x^2", "-x^2"),
            ("(-x)^2", "(-x)^2"),
            ("-(x*y)", "-(x*y)"),
            ("(-x)*y", "-x*y"),
            ("x * (-y)", "x*(-y)"),
            ("x - -y", "x - (-y)"),
            ("x + -2", "x + (-2)"),
            ("x ^ -2", "x^(-2)"),
            ("(-2)^x", "(-2)^x"),
            ("-2^x", "-2^x"),
            ("-(2)", "-(2)"),
            ("--x", "-(-x)"),
            ("-(-2)", "-(-2)"),
            ("2 * 3", "2*3"),
            ("-2 * 3", "-2*3"),
            ("pi * e", "pi*e"),
            ("1.5e-3 + 0.1", "0.0015 + 0.1"),
            ("1e-7 * 1e20", "1e-7*1e20"),
            ("sqrt(ln(rho))", "sqrt(ln(rho))"),
            ("a + b - c + d", "a + b - c + d"),
            ("(a + b) + c", "(a + b) + c"),
            ("a + (b - c)", "a + (b - c)"),
            ("(a*b)*c", "(a*b)*c"),
            ("a*b/c*d", "a*b/c*d"),
            ("a/b/c", "a/b/c"),
            ("a - 2 + -2 - -2", "a - 2 + (-2) - (-2)"),
            ("a + -b", "a - b"),
            ("-(2) + x", "-(2) + x"),
            ("x - 2*y - y/2", "x - 2*y - y/2"),
            (
                "sinh(x) + cosh(x)*tanh(x) - abs(x)*sigmoid(x)/sign(x)",
                "sinh(x) + cosh(x)*tanh(x) - abs(x)*sigmoid(x)/sign(x)",
            ),
        ];
        for (input, expected) in cases {
            let e = Expr::parse(input).unwrap();
            assert_eq!(round_trip(&e), expected, "from {input:?}");
        }
    }

    #[test]
    fn built_trees_round_trip() {
        let x = var("x");
        let cases = [
            num(-3.0) * &x,
            -num(3.0),
            -num(-3.0),
            num(-3.0).pow(2.0),
            -(num(2.0).pow(&x)),
            -(num(-2.0).pow(&x)),
            &x - (num(-2.0) * &x),
            &x + (-(&x) * &x),
            x.pow(-(&x)),
            x.pow(x.pow(-1.0)),
            num(-0.0),
            num(5e-324) + num(1.7976931348623157e308),
            num(0.1) + num(1.0 / 3.0),
            sin(-(&x)),
            (-(&x)) / (-(&x)),
            Expr::Add(vec![Expr::Add(vec![x.clone(), num(1.0)]), num(2.0)]),
            Expr::Mul(vec![Expr::Mul(vec![x.clone(), num(2.0)]), num(3.0)]),
            Expr::Mul(vec![
                Expr::Div(Box::new(num(1.0)), Box::new(x.clone())),
                num(3.0),
            ]),
            Expr::Add(vec![x.clone(), -num(-0.0), num(-1.0), -(-(&x))]),
            Expr::Add(vec![-(&x + 1.0), -num(2.0)]),
        ];
        for e in &cases {
            round_trip(e);
        }
    }

    #[test]
    fn non_finite_numbers_print_as_divisions() {
        assert_eq!(num(f64::INFINITY).to_string(), "(1/0)");
        assert_eq!(num(f64::NEG_INFINITY).to_string(), "(-1/0)");
        let nan = Expr::parse(&num(f64::NAN).to_string()).unwrap();
        assert!(nan.eval(&[]).unwrap().is_nan());
    }
}
