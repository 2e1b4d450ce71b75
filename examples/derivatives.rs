//! Chapter 1, "What is calculus?": a derivative three ways.
//!
//! Prints how the error of forward and central differences depends on the
//! step, then differentiates the chapter's "beast" numerically, by dual
//! numbers and symbolically, and shows that the three agree.
//!
//! Run it with `cargo run --example derivatives`.

use mvcalc::numeric::{
    central_difference, derivative_with_error, forward_difference,
};
use mvcalc::symbolic::Expr;
use mvcalc::{Real, dual};

/// The chapter's beast, written once for `f64` and for dual numbers.
fn beast<T: Real>(x: T) -> T {
    (x.powi(5) * 2.0 + x * 3.0).sin() / (x * 7.0).exp()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Error of finite differences of sin at x = 1 (exact: cos 1)");
    println!("{:>8}  {:>12}  {:>12}", "h", "forward", "central");
    let exact = 1f64.cos();
    for k in (1..=15).step_by(2) {
        let h = 10f64.powi(-k);
        let fwd = (forward_difference(f64::sin, 1.0, h) - exact).abs();
        let cen = (central_difference(f64::sin, 1.0, h) - exact).abs();
        println!("{h:>8.0e}  {fwd:>12.3e}  {cen:>12.3e}");
    }

    let text = "sin(2*x^5 + 3*x) / exp(7*x)";
    let formula = Expr::parse(text)?;
    let d_beast = formula.diff("x");
    println!("\nf(x)  = {formula}");
    println!("f'(x) = {d_beast}");
    println!(
        "\n{:>5}  {:>22}  {:>22}  {:>22}",
        "x", "numerical", "dual numbers", "symbolic"
    );
    for x in [-0.5, 0.0, 0.3, 0.8] {
        let numerical = derivative_with_error(beast, x)?;
        let (_, automatic) = dual::derivative(beast, x);
        let symbolic = d_beast.eval(&[("x", x)])?;
        println!(
            "{x:>5}  {:>22.15e}  {automatic:>22.15e}  {symbolic:>22.15e}",
            numerical.value
        );
    }
    Ok(())
}
