//! `graph-matching.svg`: six functions, A to F, and their six derivatives,
//! 1 to 6, in a scrambled order, for chapter 1's matching exercise. Three
//! derivatives look just like a wrong function, so shape alone does not
//! match them; heights and steepness do.

use super::derivative;
use super::plot::function_panel;
use super::{BLUE, DrawResult, SIZE, VERMILION};
use plotters::prelude::*;

/// A function of one variable, with its label.
type Labelled = (&'static str, fn(f64) -> f64);

/// The functions, by letter.
pub const FUNCTIONS: [Labelled; 6] = [
    ("A", f64::cos),
    ("B", |x| x.powi(3) / 3.0 - x),
    ("C", |x| 1.0 / (1.0 + (-2.0 * x).exp())),
    ("D", |x| x * x - 1.0),
    ("E", |x| (-x * x / 2.0).exp()),
    ("F", f64::sin),
];

/// The derivative panels, by number, in the order drawn: each is the
/// derivative of the function with this letter, measured by the crate.
pub const DERIVATIVES: [(&str, &str); 6] = [
    ("1", "F"),
    ("2", "D"),
    ("3", "E"),
    ("4", "B"),
    ("5", "A"),
    ("6", "C"),
];

/// Every panel's x range.
const X: (f64, f64) = (-3.0, 3.0);

fn function(letter: &str) -> fn(f64) -> f64 {
    FUNCTIONS
        .iter()
        .find(|(l, _)| *l == letter)
        .expect("a letter from FUNCTIONS")
        .1
}

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 800)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((4, 3));
    for (area, (letter, f)) in panels.iter().zip(FUNCTIONS) {
        function_panel(area, &format!("function {letter}"), &f, X, BLUE)?;
    }
    for (area, (number, letter)) in panels[6..].iter().zip(DERIVATIVES) {
        let f = function(letter);
        let d = |x: f64| derivative(f, x);
        function_panel(
            area,
            &format!("derivative {number}"),
            &d,
            X,
            VERMILION,
        )?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derivatives by hand, as the exercise's solution states them.
    const CLOSED_FORMS: [Labelled; 6] = [
        ("1", f64::cos),
        ("2", |x| 2.0 * x),
        ("3", |x| -x * (-x * x / 2.0).exp()),
        ("4", |x| x * x - 1.0),
        ("5", |x| -x.sin()),
        ("6", |x| {
            let e = (-2.0 * x).exp();
            2.0 * e / (1.0 + e).powi(2)
        }),
    ];

    #[test]
    fn each_derivative_panel_draws_its_closed_form() {
        for ((number, letter), (n, exact)) in
            DERIVATIVES.iter().zip(CLOSED_FORMS)
        {
            assert_eq!(*number, n);
            let f = function(letter);
            for i in 0..=60 {
                let x = X.0 + (X.1 - X.0) * f64::from(i) / 60.0;
                let (got, want) = (derivative(f, x), exact(x));
                assert!(
                    (got - want).abs() < 1e-8,
                    "derivative {number} at {x}: {got} against {want}"
                );
            }
        }
    }

    #[test]
    fn the_answer_key_is_a5_b4_c6_d2_e3_f1() {
        let key: Vec<String> = FUNCTIONS
            .iter()
            .map(|(letter, _)| {
                let (n, _) =
                    DERIVATIVES.iter().find(|(_, l)| l == letter).unwrap();
                format!("{letter}{n}")
            })
            .collect();
        assert_eq!(key, ["A5", "B4", "C6", "D2", "E3", "F1"]);
    }

    #[test]
    fn three_derivatives_look_exactly_like_a_wrong_function() {
        // Panel 1 is the curve of A, panel 4 the curve of D: shape alone
        // would match them wrongly.
        for (number, lookalike) in [("1", "A"), ("4", "D")] {
            let (_, letter) =
                DERIVATIVES.iter().find(|(n, _)| *n == number).unwrap();
            assert_ne!(*letter, lookalike);
            for i in 0..=12 {
                let x = -3.0 + 0.5 * f64::from(i);
                let d = derivative(function(letter), x);
                assert!(
                    (d - function(lookalike)(x)).abs() < 1e-8,
                    "{number} at {x}"
                );
            }
        }
        // Panel 6 is a bell like E, but half as tall: C's steepest slope,
        // at x = 0, is 1/2.
        assert!((derivative(function("C"), 0.0) - 0.5).abs() < 1e-10);
        // Panels 3 and 5 peak at different places and heights: -x e^(-x²/2)
        // at x = -1 with height e^(-1/2) = 0.607, -sin x at x = -π/2 with 1.
        let d3 = |x: f64| derivative(function("E"), x);
        let d5 = |x: f64| derivative(function("A"), x);
        assert!(
            (d3(-1.0) - (-0.5_f64).exp()).abs() < 1e-10
                && d3(-0.9) < d3(-1.0)
                && d3(-1.1) < d3(-1.0)
        );
        assert!((d5(-std::f64::consts::FRAC_PI_2) - 1.0).abs() < 1e-10);
    }
}
