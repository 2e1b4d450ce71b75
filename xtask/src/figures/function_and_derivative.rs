//! `function-and-derivative.svg`: f(x) = x³/3 − x beside its derivative,
//! computed numerically (chapter 1, rise over run).

use super::derivative;
use super::plot::function_panel;
use super::{BLUE, DrawResult, SIZE, VERMILION};
use plotters::prelude::*;

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 300)).into_drawing_area();
    root.fill(&WHITE)?;
    let f = |x: f64| x.powi(3) / 3.0 - x;
    let panels = root.split_evenly((1, 2));
    function_panel(&panels[0], "f(x) = x³/3 − x", &f, (-2.5, 2.5), BLUE)?;
    function_panel(
        &panels[1],
        "its slope f′(x), measured",
        &|x| derivative(f, x),
        (-2.5, 2.5),
        VERMILION,
    )?;
    root.present()?;
    Ok(())
}
