//! What the simplifier may assume about the value of a subexpression, so
//! that it never folds a NaN or an infinity into a number (or out of one)
//! and keeps the sign of every zero, as `f64` arithmetic has them.
//!
//! The assumption is the one every computer algebra system makes: a
//! variable, and an expression in variables, is a finite non-zero number,
//! so that $x - x = 0$ and $x / x = 1$. Numbers written in the expression
//! can break it: `0*x` is a zero (with the sign of `x`), `x/0` an infinity,
//! `0/0` NaN. [`Kind`] records which of these an expression is, from its
//! structure, and from its value when it has no variables.
//!
//! `sign(u)` is the one function that can fail: it is undefined at
//! $u = 0$, where it stands for the slope of $|u|$, which does not exist
//! there. Its kind is what its value is where it exists, and
//! [`Simplifier::may_fail`] says which expressions contain one: the
//! simplifier never drops such an expression (as it drops `0*x` next to
//! `y`, or folds `u^0` into `1`), so that the failure is still there when
//! the result is evaluated.

use super::Function;
use super::intern::Id;
use super::intern::Node;
use super::simplify::{Simplifier, is_integer, slot};

/// The value of a subexpression, as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A finite non-zero number (by the assumption, for an expression in
    /// variables).
    Regular,
    /// Zero, of either sign: `0*x`, `sin(0*x)`.
    Zero,
    /// An infinity or NaN: `x/0`, `0/0`, `ln(0*x)`.
    NonFinite,
    /// Could be anything, infinite, NaN or zero: `exp(x/0)` is zero for
    /// negative `x` and infinite for positive `x`.
    Unknown,
}

use Kind::*;

impl Kind {
    fn of_value(v: f64) -> Kind {
        if v == 0.0 {
            Zero
        } else if v.is_finite() {
            Regular
        } else {
            NonFinite
        }
    }

    pub(super) fn sum(self, other: Kind) -> Kind {
        match (self, other) {
            (NonFinite, _) | (_, NonFinite) => NonFinite,
            (Unknown, _) | (_, Unknown) => Unknown,
            (Regular, _) | (_, Regular) => Regular,
            (Zero, Zero) => Zero,
        }
    }

    pub(super) fn product(self, other: Kind) -> Kind {
        match (self, other) {
            (NonFinite, _) | (_, NonFinite) => NonFinite,
            (Unknown, _) | (_, Unknown) => Unknown,
            (Zero, _) | (_, Zero) => Zero,
            (Regular, Regular) => Regular,
        }
    }

    pub(super) fn quotient(self, divisor: Kind) -> Kind {
        match (self, divisor) {
            (NonFinite, _) | (_, Zero) => NonFinite,
            (_, NonFinite | Unknown) | (Unknown, Regular) => Unknown,
            (Zero, Regular) => Zero,
            (Regular, Regular) => Regular,
        }
    }

    /// The kind of `base^k` for a number `k`.
    pub(super) fn power(self, k: f64) -> Kind {
        match self {
            _ if k == 0.0 => Regular,
            Regular => Regular,
            Zero if k > 0.0 => Zero,
            Zero => NonFinite,
            NonFinite if k > 0.0 => NonFinite,
            NonFinite | Unknown => Unknown,
        }
    }
}

/// Whether a number is known to be positive or negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sign {
    Positive,
    Negative,
}

impl Sign {
    fn of(v: f64) -> Sign {
        if v.is_sign_negative() {
            Sign::Negative
        } else {
            Sign::Positive
        }
    }

    fn times(self, other: Sign) -> Sign {
        if self == other {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }
}

impl Simplifier {
    /// The kind of a simplified expression's value.
    pub(super) fn kind(&mut self, e: Id) -> Kind {
        if let Some(k) = *slot(&mut self.kinds, e) {
            return k;
        }
        let k = match self.constant_value(e) {
            Some(v) => Kind::of_value(v),
            None => match self.arena.node(e) {
                Node::Num(_) | Node::Const(_) => unreachable!("a constant"),
                Node::Var(_) => Regular,
                Node::Neg(a) => self.kind(a),
                Node::Add(list) => {
                    let items = self.arena.items(list);
                    let kinds: Vec<Kind> =
                        items.iter().map(|&t| self.kind(t)).collect();
                    kinds.into_iter().reduce(Kind::sum).unwrap_or(Zero)
                }
                Node::Mul(list) => {
                    let items = self.arena.items(list);
                    let kinds: Vec<Kind> =
                        items.iter().map(|&f| self.kind(f)).collect();
                    kinds.into_iter().reduce(Kind::product).unwrap_or(Regular)
                }
                Node::Div(a, b) => self.kind(a).quotient(self.kind(b)),
                Node::Pow(a, b) => {
                    let (base, exponent) = (self.kind(a), self.kind(b));
                    match self.arena.number(b) {
                        Some(k) => base.power(k),
                        None => match (base, exponent) {
                            (_, Zero) => Regular,
                            (Regular, Regular) => Regular,
                            _ => Unknown,
                        },
                    }
                }
                Node::Func(f, a) => {
                    use Function::*;
                    match (f, self.kind(a)) {
                        // sign(0) has no value; sign(u) of a finite
                        // non-zero u is 1 or -1.
                        (_, Regular) => Regular,
                        (Sin | Tan | Sqrt | Sinh | Tanh | Abs, Zero) => Zero,
                        (Cos | Exp | Cosh | Sigmoid, Zero) => Regular,
                        (Ln, Zero) => NonFinite,
                        (
                            Sin | Cos | Tan | Ln | Sqrt | Sinh | Cosh | Abs,
                            NonFinite,
                        ) => NonFinite,
                        _ => Unknown,
                    }
                }
            },
        };
        *slot(&mut self.kinds, e) = Some(k);
        k
    }

    /// Whether evaluating the expression may fail: whether it contains
    /// `sign(u)` for a `u` that is not a known non-zero number.
    pub(super) fn may_fail(&mut self, e: Id) -> bool {
        if let Some(f) = *slot(&mut self.fails, e) {
            return f;
        }
        let f = match self.arena.node(e) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => false,
            Node::Func(Function::Sign, a) => match self.constant_value(a) {
                Some(v) => v == 0.0,
                None => true,
            },
            Node::Neg(a) | Node::Func(_, a) => self.may_fail(a),
            Node::Add(list) | Node::Mul(list) => {
                let items = self.arena.items(list);
                items.iter().any(|&item| self.may_fail(item))
            }
            Node::Div(a, b) | Node::Pow(a, b) => {
                self.may_fail(a) || self.may_fail(b)
            }
        };
        *slot(&mut self.fails, e) = Some(f);
        f
    }

    /// Whether `e` holds an `abs` or a `sign`: a function of its variables
    /// that is piecewise, so that sums with it can cancel exactly on a
    /// whole region ($\lvert x \rvert + x = 0$ for $x < 0$), outside the
    /// assumption that an expression in variables is non-zero.
    pub(super) fn has_corner(&mut self, e: Id) -> bool {
        if let Some(c) = *slot(&mut self.corners, e) {
            return c;
        }
        let c = match self.arena.node(e) {
            Node::Num(_) | Node::Var(_) | Node::Const(_) => false,
            Node::Func(Function::Abs | Function::Sign, _) => true,
            Node::Neg(a) | Node::Func(_, a) => self.has_corner(a),
            Node::Add(list) | Node::Mul(list) => {
                let items = self.arena.items(list);
                items.iter().any(|&item| self.has_corner(item))
            }
            Node::Div(a, b) | Node::Pow(a, b) => {
                self.has_corner(a) || self.has_corner(b)
            }
        };
        *slot(&mut self.corners, e) = Some(c);
        c
    }

    /// The value of an expression without variables, in `f64` arithmetic.
    pub(super) fn constant_value(&mut self, e: Id) -> Option<f64> {
        if let Some(v) = *slot(&mut self.values, e) {
            return v;
        }
        let v = match self.arena.node(e) {
            Node::Num(bits) => Some(f64::from_bits(bits)),
            Node::Var(_) => None,
            Node::Const(c) => Some(c.value()),
            Node::Neg(a) => self.constant_value(a).map(|a| -a),
            // sign(0) has no value.
            Node::Func(f, a) => {
                self.constant_value(a).and_then(|a| f.apply(a).ok())
            }
            Node::Add(list) | Node::Mul(list) => {
                let add = matches!(self.arena.node(e), Node::Add(_));
                let items = self.arena.items(list);
                let mut values = Vec::with_capacity(items.len());
                for &item in items.iter() {
                    values.push(self.constant_value(item));
                }
                let values: Option<Vec<f64>> = values.into_iter().collect();
                values.and_then(|v| {
                    v.into_iter().reduce(|a, b| if add { a + b } else { a * b })
                })
            }
            Node::Div(a, b) | Node::Pow(a, b) => {
                let a = self.constant_value(a);
                let b = self.constant_value(b);
                a.zip(b).map(|(a, b)| match self.arena.node(e) {
                    Node::Div(..) => a / b,
                    _ => a.powf(b),
                })
            }
        };
        *slot(&mut self.values, e) = Some(v);
        v
    }

    /// The sign of a [`Kind::Regular`] expression, where it is known:
    /// constants, `exp`, `sqrt` and even or fractional powers are positive.
    /// (A fractional power of a negative number is NaN, which the
    /// assumption rules out.)
    pub(super) fn sign(&mut self, e: Id) -> Option<Sign> {
        if let Some(v) = self.constant_value(e) {
            return Some(Sign::of(v));
        }
        match self.arena.node(e) {
            Node::Func(
                Function::Exp
                | Function::Sqrt
                | Function::Cosh
                | Function::Abs
                | Function::Sigmoid,
                _,
            ) => Some(Sign::Positive),
            Node::Func(Function::Sinh | Function::Tanh, a) => self.sign(a),
            Node::Neg(a) => self.sign(a).map(|s| s.times(Sign::Negative)),
            Node::Mul(list) => {
                let items = self.arena.items(list);
                let mut sign = Sign::Positive;
                for &f in items.iter() {
                    sign = sign.times(self.sign(f)?);
                }
                Some(sign)
            }
            Node::Div(a, b) => Some(self.sign(a)?.times(self.sign(b)?)),
            Node::Pow(a, b) => match self.arena.number(b) {
                Some(k) if !is_integer(k) || k % 2.0 == 0.0 => {
                    Some(Sign::Positive)
                }
                _ if self.sign(a) == Some(Sign::Positive) => {
                    Some(Sign::Positive)
                }
                Some(_) => self.sign(a),
                None => None,
            },
            _ => None,
        }
    }

    /// The sign of `base^k` for a number `k`, where it is known.
    pub(super) fn power_sign(&mut self, base: Id, k: f64) -> Option<Sign> {
        if !is_integer(k) || k % 2.0 == 0.0 {
            Some(Sign::Positive)
        } else {
            self.sign(base)
        }
    }
}
