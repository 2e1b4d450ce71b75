//! Symbolic gradients, Jacobians and Hessians, as formulas.

mod symbolic;

pub use symbolic::{
    eval_matrix, eval_vector, symbolic_gradient, symbolic_hessian,
    symbolic_jacobian,
};
