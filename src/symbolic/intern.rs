//! Hash-consed expressions for the simplifier.
//!
//! Every distinct subtree is stored once in an [`Arena`] and named by an
//! [`Id`], so two subtrees are equal exactly when their ids are: one
//! comparison, however large the trees. Derivatives repeat the same
//! subtrees many times (the chain rule copies the inner function into
//! every factor), so the arena is also much smaller than the tree, and the
//! simplifier does its work once for each distinct subtree.

use super::{Constant, Expr, Function};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// The multiply-rotate hash of the Rust compiler (FxHash), fast for the
/// small keys used here (ids and bit patterns), with a final mix so that
/// every bit of the key reaches the low bits the table uses.
#[derive(Default)]
pub(super) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, x: u64) {
        self.0 =
            (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.add(i as u64);
    }
}

/// A hash map with [`FxHasher`].
pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A node of an [`Arena`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Id(u32);

impl Id {
    pub(super) fn index(self) -> usize {
        self.0 as usize
    }
}

/// The children of a sum or product in an [`Arena`], a list stored once
/// like the nodes, so that equal lists have equal ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct List(u32);

/// An [`Expr`] node whose children are ids. Numbers are stored by their
/// bits, so `0` and `-0` are different nodes; every NaN is the same node.
/// A sum or product has at least two children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Node {
    Num(u64),
    /// A variable, by its index in the arena's list of names.
    Var(u32),
    Const(Constant),
    Neg(Id),
    /// A sum of terms, a subtracted one negated, added from left to right.
    Add(List),
    /// A product of factors, multiplied from left to right.
    Mul(List),
    Div(Id, Id),
    Pow(Id, Id),
    Func(Function, Id),
}

/// The distinct subtrees seen so far, each stored once.
#[derive(Default)]
pub(super) struct Arena {
    nodes: Vec<Node>,
    index: FxMap<Node, Id>,
    lists: Vec<Rc<[Id]>>,
    list_index: FxMap<Rc<[Id]>, List>,
    names: Vec<String>,
    name_index: FxMap<String, u32>,
    /// Calls of [`Arena::intern`], a measure of the work done.
    lookups: usize,
}

impl Arena {
    /// An arena with room for `n` nodes.
    pub(super) fn with_capacity(n: usize) -> Arena {
        Arena {
            nodes: Vec::with_capacity(n),
            index: FxMap::with_capacity_and_hasher(n, Default::default()),
            ..Arena::default()
        }
    }

    /// The id of the node, adding it if it is new.
    pub(super) fn intern(&mut self, node: Node) -> Id {
        self.lookups += 1;
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let id = Id(u32::try_from(self.nodes.len())
            .expect("an expression of fewer than 2^32 distinct subtrees"));
        self.nodes.push(node);
        self.index.insert(node, id);
        id
    }

    pub(super) fn node(&self, id: Id) -> Node {
        self.nodes[id.index()]
    }

    /// The children of a sum or product.
    pub(super) fn items(&self, list: List) -> Rc<[Id]> {
        Rc::clone(&self.lists[list.0 as usize])
    }

    fn list(&mut self, items: &[Id]) -> List {
        if let Some(&list) = self.list_index.get(items) {
            return list;
        }
        let list = List(
            u32::try_from(self.lists.len())
                .expect("fewer than 2^32 distinct sums and products"),
        );
        let items: Rc<[Id]> = Rc::from(items);
        self.lists.push(Rc::clone(&items));
        self.list_index.insert(items, list);
        list
    }

    /// How many distinct subtrees there are.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// How many nodes were looked up or added.
    #[cfg(test)]
    pub(super) fn lookups(&self) -> usize {
        self.lookups
    }

    pub(super) fn num(&mut self, x: f64) -> Id {
        let bits = if x.is_nan() {
            f64::NAN.to_bits()
        } else {
            x.to_bits()
        };
        self.intern(Node::Num(bits))
    }

    /// The value of a number node.
    pub(super) fn number(&self, id: Id) -> Option<f64> {
        match self.node(id) {
            Node::Num(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    pub(super) fn name(&self, var: u32) -> &str {
        &self.names[var as usize]
    }

    pub(super) fn var(&mut self, name: &str) -> Id {
        let v = match self.name_index.get(name) {
            Some(&v) => v,
            None => {
                let v = u32::try_from(self.names.len())
                    .expect("fewer than 2^32 variables");
                self.names.push(name.to_string());
                self.name_index.insert(name.to_string(), v);
                v
            }
        };
        self.intern(Node::Var(v))
    }

    pub(super) fn neg(&mut self, a: Id) -> Id {
        self.intern(Node::Neg(a))
    }

    /// The sum of the terms, left to right: the term itself if there is
    /// one, and `-0` (which adds nothing) if there are none.
    pub(super) fn add(&mut self, terms: &[Id]) -> Id {
        match terms {
            [] => self.num(-0.0),
            [t] => *t,
            _ => {
                let list = self.list(terms);
                self.intern(Node::Add(list))
            }
        }
    }

    /// The product of the factors, left to right: the factor itself if
    /// there is one, and `1` if there are none.
    pub(super) fn mul(&mut self, factors: &[Id]) -> Id {
        match factors {
            [] => self.num(1.0),
            [f] => *f,
            _ => {
                let list = self.list(factors);
                self.intern(Node::Mul(list))
            }
        }
    }

    pub(super) fn div(&mut self, a: Id, b: Id) -> Id {
        self.intern(Node::Div(a, b))
    }

    pub(super) fn pow(&mut self, a: Id, b: Id) -> Id {
        self.intern(Node::Pow(a, b))
    }

    pub(super) fn func(&mut self, f: Function, a: Id) -> Id {
        self.intern(Node::Func(f, a))
    }

    /// Interns a tree, sharing its equal subtrees. A sum of no terms is
    /// `0` and a product of none `1`, as they evaluate; a sum or product
    /// of one is that one.
    pub(super) fn add_tree(&mut self, e: &Expr) -> Id {
        match e {
            Expr::Num(x) => self.num(*x),
            Expr::Var(name) => self.var(name),
            Expr::Const(c) => self.intern(Node::Const(*c)),
            Expr::Neg(a) => {
                let a = self.add_tree(a);
                self.neg(a)
            }
            Expr::Func(f, a) => {
                let a = self.add_tree(a);
                self.func(*f, a)
            }
            Expr::Add(terms) if terms.is_empty() => self.num(0.0),
            Expr::Add(terms) => {
                let ids: Vec<Id> =
                    terms.iter().map(|t| self.add_tree(t)).collect();
                self.add(&ids)
            }
            Expr::Mul(factors) => {
                let ids: Vec<Id> =
                    factors.iter().map(|f| self.add_tree(f)).collect();
                self.mul(&ids)
            }
            Expr::Div(a, b) => {
                let (a, b) = (self.add_tree(a), self.add_tree(b));
                self.div(a, b)
            }
            Expr::Pow(a, b) => {
                let (a, b) = (self.add_tree(a), self.add_tree(b));
                self.pow(a, b)
            }
        }
    }

    /// The tree a node stands for, with shared subtrees copied.
    pub(super) fn to_expr(&self, id: Id) -> Expr {
        let b = |id: Id| Box::new(self.to_expr(id));
        let all = |list: List| {
            self.lists[list.0 as usize]
                .iter()
                .map(|&id| self.to_expr(id))
                .collect()
        };
        match self.node(id) {
            Node::Num(bits) => Expr::Num(f64::from_bits(bits)),
            Node::Var(v) => Expr::Var(self.name(v).to_string()),
            Node::Const(c) => Expr::Const(c),
            Node::Neg(a) => Expr::Neg(b(a)),
            Node::Add(list) => Expr::Add(all(list)),
            Node::Mul(list) => Expr::Mul(all(list)),
            Node::Div(l, r) => Expr::Div(b(l), b(r)),
            Node::Pow(l, r) => Expr::Pow(b(l), b(r)),
            Node::Func(f, a) => Expr::Func(f, b(a)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_subtrees_share_an_id() {
        let e = Expr::parse("sin(x*y) + sin(x*y)*cos(x*y) - 0 - -0").unwrap();
        let mut a = Arena::default();
        let root = a.add_tree(&e);
        let Node::Add(terms) = a.node(root) else {
            panic!("a sum")
        };
        let terms = a.items(terms);
        let [s, p, _, _] = terms[..] else {
            panic!("four terms")
        };
        let Node::Mul(factors) = a.node(p) else {
            panic!("a product")
        };
        assert_eq!(s, a.items(factors)[0]);
        // x, y, x*y, sin, cos, the product, 0, -0, -(0), -(-0) and the
        // sum: 11 distinct subtrees of 16 nodes.
        assert_eq!(a.len(), 11);
        assert_ne!(a.num(0.0), a.num(-0.0));
        assert_eq!(a.num(f64::NAN), a.num(-f64::NAN));
        assert_eq!(a.to_expr(root), e);
        // Equal lists are one list.
        let (x, y) = (a.var("x"), a.var("y"));
        assert_eq!(a.add(&[x, y]), a.add(&[x, y]));
        assert_ne!(a.add(&[x, y]), a.add(&[y, x]));
        assert_ne!(a.add(&[x, y]), a.mul(&[x, y]));
    }
}
