//! The normal form of a product, `coeff * num / (den_coeff * den)`, with
//! each factor a base and a numeric exponent, as the simplifier builds it.

use super::intern::{FxMap, Id, Node};
use super::kind::{Kind, Sign};
use super::simplify::{Simplifier, is_integer};

/// A factor `base^k` of a product.
#[derive(Debug, Clone, Copy)]
pub(super) struct Factor {
    pub(super) base: Id,
    pub(super) k: f64,
}

/// Lists longer than this get an index from base to position, so that
/// merging equal bases stays linear in the number of factors.
const INDEXED: usize = 16;

/// The factors above or below the line, in the order they came.
#[derive(Debug, Clone, Default)]
pub(super) struct Factors {
    pub(super) list: Vec<Factor>,
    /// The first position of each base, once the list is long.
    index: Option<FxMap<Id, usize>>,
}

impl Factors {
    /// The first factor with this base whose exponent `k` can be added to
    /// (the sum is finite).
    fn mergeable(
        &self,
        base: Id,
        k: f64,
        merge: impl Fn(f64, f64) -> bool,
    ) -> Option<usize> {
        let ok = |i: usize| {
            let f = self.list[i];
            f.base == base && (f.k + k).is_finite() && merge(f.k, k)
        };
        match &self.index {
            Some(index) => match index.get(&base) {
                Some(&i) if ok(i) => Some(i),
                // Only a base whose exponents overflowed appears twice.
                Some(_) => (0..self.list.len()).find(|&i| ok(i)),
                None => None,
            },
            None => (0..self.list.len()).find(|&i| ok(i)),
        }
    }

    /// The first position of a base, among factors with a non-zero
    /// exponent.
    fn position(&self, base: Id) -> Option<usize> {
        let live = |i: usize| {
            let f = self.list[i];
            f.base == base && f.k != 0.0
        };
        match &self.index {
            Some(index) => match index.get(&base) {
                Some(&i) if live(i) => Some(i),
                Some(_) => (0..self.list.len()).find(|&i| live(i)),
                None => None,
            },
            None => (0..self.list.len()).find(|&i| live(i)),
        }
    }

    /// Multiplies by `base^k`, merging with an equal base when `merge`
    /// allows it for the two exponents.
    fn push(&mut self, base: Id, k: f64, merge: impl Fn(f64, f64) -> bool) {
        match self.mergeable(base, k, merge) {
            Some(i) => self.list[i].k += k,
            None => {
                let i = self.list.len();
                self.list.push(Factor { base, k });
                match &mut self.index {
                    Some(index) => {
                        index.entry(base).or_insert(i);
                    }
                    None if self.list.len() > INDEXED => {
                        let mut index = FxMap::default();
                        for (i, f) in self.list.iter().enumerate() {
                            index.entry(f.base).or_insert(i);
                        }
                        self.index = Some(index);
                    }
                    None => {}
                }
            }
        }
    }

    /// Drops factors whose exponent is zero (the index goes: positions
    /// change).
    fn drop_zero_exponents(&mut self) {
        self.list.retain(|f| f.k != 0.0);
        self.index = None;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The factors as `(base, exponent bits)`, to recognise like terms.
    pub(super) fn key(&self) -> Vec<(Id, u64)> {
        self.list.iter().map(|f| (f.base, f.k.to_bits())).collect()
    }

    /// The same factors in the same order.
    pub(super) fn same(&self, other: &Factors) -> bool {
        self.list.len() == other.list.len()
            && self.list.iter().zip(&other.list).all(|(f, g)| {
                f.base == g.base && f.k.to_bits() == g.k.to_bits()
            })
    }
}

/// The normal form of a product: `coeff * num / (den_coeff * den)`.
#[derive(Debug, Clone)]
pub(super) struct Product {
    pub(super) coeff: f64,
    pub(super) den_coeff: f64,
    pub(super) num: Factors,
    pub(super) den: Factors,
}

impl Product {
    pub(super) fn one() -> Product {
        Product {
            coeff: 1.0,
            den_coeff: 1.0,
            num: Factors::default(),
            den: Factors::default(),
        }
    }

    /// Whether this is `1*(a + b)` or `-1*(a + b)`.
    pub(super) fn single_sum(&self, s: &Simplifier) -> Option<Id> {
        match self.num.list.as_slice() {
            [f] if f.k == 1.0
                && s.is_sum(f.base)
                && self.den.is_empty()
                && self.den_coeff == 1.0
                && self.coeff.abs() == 1.0 =>
            {
                Some(f.base)
            }
            _ => None,
        }
    }

    /// Whether this is a number: no factors, and nothing to divide by.
    pub(super) fn is_number(&self) -> bool {
        self.num.is_empty() && self.den.is_empty() && self.den_coeff == 1.0
    }
}

impl Simplifier {
    /// The product normal form of a simplified expression.
    pub(super) fn product_of(&mut self, e: Id) -> Product {
        let mut p = Product::one();
        self.absorb(&mut p, e, false);
        self.normalise(&mut p);
        p
    }

    /// Like [`Simplifier::absorb`] on an expression whose factors are not
    /// simplified yet.
    pub(super) fn absorb_raw(&mut self, p: &mut Product, e: Id, inv: bool) {
        match self.arena.node(e) {
            Node::Neg(a) => {
                p.coeff = -p.coeff;
                self.absorb_raw(p, a, inv);
            }
            Node::Mul(list) => {
                for &f in self.arena.items(list).iter() {
                    self.absorb_raw(p, f, inv);
                }
            }
            Node::Div(a, b) => {
                self.absorb_raw(p, a, inv);
                self.absorb_raw(p, b, !inv);
            }
            _ => {
                let e = self.pass(e);
                self.absorb(p, e, inv);
            }
        }
    }

    /// Multiplies by a simplified expression, or divides by it if `inv`.
    pub(super) fn absorb(&mut self, p: &mut Product, e: Id, inv: bool) {
        match self.arena.node(e) {
            Node::Num(bits) => {
                let x = f64::from_bits(bits);
                let slot = if inv { &mut p.den_coeff } else { &mut p.coeff };
                let v = *slot * x;
                // Keep a number that would overflow or underflow the
                // coefficient as a factor instead.
                if v.is_finite() && (v != 0.0 || *slot == 0.0 || x == 0.0) {
                    *slot = v;
                } else {
                    self.push(p, e, 1.0, inv);
                }
            }
            Node::Neg(a) => {
                p.coeff = -p.coeff;
                self.absorb(p, a, inv);
            }
            Node::Mul(list) => {
                for &f in self.arena.items(list).iter() {
                    self.absorb(p, f, inv);
                }
            }
            Node::Div(a, b) => {
                self.absorb(p, a, inv);
                self.absorb(p, b, !inv);
            }
            Node::Pow(base, k) => match self.arena.number(k) {
                // A factor with exponent 0 is dropped, so sign(x)^0 stays
                // whole: it is undefined at x = 0.
                Some(k)
                    if k.is_finite() && (k != 0.0 || !self.may_fail(base)) =>
                {
                    self.push(p, base, k, inv)
                }
                _ => self.push(p, e, 1.0, inv),
            },
            _ => self.push(p, e, 1.0, inv),
        }
    }

    /// Multiplies (or divides) by `base^k`, merging with an equal base. A
    /// base that may be zero, infinite or NaN is merged only with integer
    /// exponents of the same sign: `(0*x)^2 * (0*x)^-1` is NaN, not `0*x`.
    /// A base that may fail to evaluate is not merged into an exponent of
    /// 0, which would drop it: `sign(x)^2 / sign(x)^2` is undefined at 0.
    fn push(&mut self, p: &mut Product, base: Id, k: f64, inv: bool) {
        let regular = self.kind(base) == Kind::Regular;
        let fails = self.may_fail(base);
        let merge = |old: f64, new: f64| {
            (regular || (is_integer(old) && is_integer(new) && old * new > 0.0))
                && !(fails && old + new == 0.0)
        };
        if inv {
            p.den.push(base, k, merge);
        } else {
            p.num.push(base, k, merge);
        }
    }

    pub(super) fn normalise(&mut self, p: &mut Product) {
        // Cancel bases that appear above and below the line, when they are
        // finite and non-zero: x/x is 1, but (0*x)/(0*x) is NaN, and
        // sign(x)/sign(x) is undefined at x = 0.
        for i in 0..p.num.list.len() {
            let f = p.num.list[i];
            if f.k == 0.0
                || self.kind(f.base) != Kind::Regular
                || self.may_fail(f.base)
            {
                continue;
            }
            if let Some(j) = p.den.position(f.base) {
                let net = f.k - p.den.list[j].k;
                if net > 0.0 {
                    p.num.list[i].k = net;
                    p.den.list[j].k = 0.0;
                } else if net < 0.0 {
                    p.den.list[j].k = -net;
                    p.num.list[i].k = 0.0;
                } else {
                    p.num.list[i].k = 0.0;
                    p.den.list[j].k = 0.0;
                }
            }
        }
        p.num.drop_zero_exponents();
        p.den.drop_zero_exponents();
        // A sum factor starts with a plus sign: y (-x - 1) is -y (x + 1).
        for list in [&mut p.num.list, &mut p.den.list] {
            for f in list.iter_mut() {
                if self.is_sum(f.base)
                    && is_integer(f.k)
                    && self.leads_with_minus(f.base)
                {
                    let negated = self.arena.neg(f.base);
                    // Not a sum that may be zero: -(a - b) is not -a + b
                    // when a = b, as the sign of the zero differs.
                    if let Some(s) = self.sum(negated) {
                        f.base = s;
                        if f.k % 2.0 != 0.0 {
                            p.coeff = -p.coeff;
                        }
                    }
                }
            }
        }
        for list in [&mut p.num.list, &mut p.den.list] {
            if list.len() > 1 {
                let key: Vec<_> =
                    list.iter().map(|f| self.rank(f.base)).collect();
                let mut order: Vec<usize> = (0..list.len()).collect();
                order.sort_by(|&i, &j| key[i].cmp(&key[j]));
                *list = order.into_iter().map(|i| list[i]).collect();
            }
        }

        // Also for -0: 1/(-0) is -1/0.
        if p.den_coeff.is_sign_negative() {
            p.coeff = -p.coeff;
            p.den_coeff = -p.den_coeff;
        }
        if p.den_coeff != 0.0 && p.den_coeff != 1.0 {
            let q = p.coeff / p.den_coeff;
            if is_integer(q) && q.mul_add(p.den_coeff, -p.coeff) == 0.0 {
                p.coeff = q;
                p.den_coeff = 1.0;
            } else if is_integer(p.coeff) && is_integer(p.den_coeff) {
                let g = gcd(p.coeff.abs(), p.den_coeff);
                p.coeff /= g;
                p.den_coeff /= g;
            }
        }
        if p.coeff == 0.0 && p.den_coeff != 0.0 {
            self.zero_numerator(p);
        } else if p.den_coeff == 0.0 {
            self.zero_denominator(p);
        }
    }

    /// `0 * num / den` is a zero whose sign is the sign of the product of
    /// the factors, when they are finite and non-zero: factors of known
    /// sign go into the coefficient (`0*x^2` is `0`, `0*(-2)` is `-0`) and
    /// those of unknown sign stay, once each (`0*x^3/y` is `0*x/y`), so
    /// `1/(0*x)` keeps the sign of its infinity. With a factor that may be
    /// infinite or NaN the product is left as it is: `0*(1/0)` is NaN.
    fn zero_numerator(&mut self, p: &mut Product) {
        let mut ok = true;
        for f in &p.num.list {
            ok &= match self.kind(f.base) {
                Kind::Regular => true,
                Kind::Zero => f.k > 0.0,
                Kind::NonFinite | Kind::Unknown => false,
            };
        }
        for f in &p.den.list {
            ok &= self.kind(f.base) == Kind::Regular;
        }
        if !ok {
            return;
        }
        let mut negative = p.coeff.is_sign_negative();
        p.num = self.signs_only(&p.num.list, &mut negative);
        p.den = self.signs_only(&p.den.list, &mut negative);
        p.coeff = if negative { -0.0 } else { 0.0 };
        p.den_coeff = 1.0;
    }

    /// In `c * num / (0 * den)`, an infinity (or NaN), only the sign of
    /// `den` counts: `1/(0*x^2)` is `1/0`.
    fn zero_denominator(&mut self, p: &mut Product) {
        let mut ok = true;
        for f in &p.den.list {
            ok &= match self.kind(f.base) {
                Kind::Regular => true,
                Kind::Zero => f.k > 0.0,
                Kind::NonFinite | Kind::Unknown => false,
            };
        }
        if !ok {
            return;
        }
        let mut negative = false;
        p.den = self.signs_only(&p.den.list, &mut negative);
        if negative {
            p.coeff = -p.coeff;
        }
    }

    /// The factors of unknown sign, once each; the signs of the others are
    /// multiplied into `negative`. Factors that may fail to evaluate
    /// (`sign(x)^2`) stay as they are.
    fn signs_only(&mut self, list: &[Factor], negative: &mut bool) -> Factors {
        let mut kept = Factors::default();
        for f in list {
            if self.may_fail(f.base) {
                kept.list.push(*f);
                continue;
            }
            match self.power_sign(f.base, f.k) {
                Some(Sign::Positive) => {}
                Some(Sign::Negative) => *negative = !*negative,
                None => kept.list.push(Factor {
                    base: f.base,
                    k: 1.0,
                }),
            }
        }
        kept
    }

    /// The expression for a product in normal form.
    pub(super) fn build_product(&mut self, p: &Product) -> Id {
        let numerator = self.chain(p.coeff, &p.num.list);
        if p.den.is_empty() && p.den_coeff == 1.0 {
            numerator
        } else {
            let denominator = self.chain(p.den_coeff, &p.den.list);
            self.arena.div(numerator, denominator)
        }
    }

    /// `coeff * f1 * f2 * ...`, left to right, writing a coefficient of -1
    /// as a minus sign on the first factor.
    fn chain(&mut self, coeff: f64, factors: &[Factor]) -> Id {
        let mut ids = Vec::with_capacity(factors.len());
        for f in factors {
            ids.push(if f.k == 1.0 {
                f.base
            } else {
                let k = self.arena.num(f.k);
                self.arena.pow(f.base, k)
            });
        }
        let Some((&first, rest)) = ids.split_first() else {
            return self.arena.num(coeff);
        };
        let mut chain = Vec::with_capacity(ids.len() + 1);
        if coeff == 1.0 {
            chain.push(first);
        } else if coeff == -1.0 {
            let negated = self.arena.neg(first);
            chain.push(if self.is_sum(first) {
                self.sum(negated).unwrap_or(negated)
            } else {
                negated
            });
        } else {
            chain.push(self.arena.num(coeff));
            chain.push(first);
        }
        chain.extend_from_slice(rest);
        self.arena.mul(&chain)
    }

    /// The order of factors in a product: constants, variables by name
    /// (with their powers), sums, then the rest in their original order.
    fn rank(&self, e: Id) -> (u8, &str) {
        match self.arena.node(e) {
            Node::Const(_) => (0, ""),
            Node::Var(v) => (1, self.arena.name(v)),
            Node::Pow(base, _)
                if matches!(
                    self.arena.node(base),
                    Node::Const(_) | Node::Var(_)
                ) =>
            {
                self.rank(base)
            }
            Node::Add(_) => (2, ""),
            _ => (3, ""),
        }
    }

    /// Whether the printed expression starts with a minus sign.
    fn leads_with_minus(&self, e: Id) -> bool {
        match self.arena.node(e) {
            Node::Neg(_) => true,
            Node::Num(bits) => f64::from_bits(bits).is_sign_negative(),
            Node::Add(list) | Node::Mul(list) => {
                self.leads_with_minus(self.arena.items(list)[0])
            }
            Node::Div(a, _) => self.leads_with_minus(a),
            _ => false,
        }
    }
}

fn gcd(mut a: f64, mut b: f64) -> f64 {
    while b != 0.0 {
        (a, b) = (b, a % b);
    }
    a
}
