//! `graph-matching.svg`: functions and their derivatives in a shuffled order,
//! for chapter 1's matching exercise.

use super::plot::function_panel;
use super::{BLUE, DrawResult, SIZE, VERMILION};
use mvcalc::derivative::derivative;
use plotters::prelude::*;

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let fa = |x: f64| x * x - 2.0;
    let fb = |x: f64| (x / 2.0).exp();
    let fc = |x: f64| x.sin() + x / 3.0;
    let fs: [(&str, &dyn Fn(f64) -> f64); 3] = [("A", &fa), ("B", &fb), ("C", &fc)];
    // Derivative panels in the order C, A, B, labelled 1, 2, 3.
    let ds: [(&str, &dyn Fn(f64) -> f64); 3] = [
        ("1", &|x| derivative(fc, x)),
        ("2", &|x| derivative(fa, x)),
        ("3", &|x| derivative(fb, x)),
    ];
    let panels = root.split_evenly((2, 3));
    for (i, (name, f)) in fs.iter().enumerate() {
        function_panel(
            &panels[i],
            &format!("function {name}"),
            *f,
            (-3.0, 3.0),
            BLUE,
        )?;
    }
    for (i, (name, d)) in ds.iter().enumerate() {
        function_panel(
            &panels[3 + i],
            &format!("derivative {name}"),
            *d,
            (-3.0, 3.0),
            VERMILION,
        )?;
    }
    root.present()?;
    Ok(())
}
