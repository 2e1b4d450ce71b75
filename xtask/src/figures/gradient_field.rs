//! `gradient-field.svg`: the gradient of x e^(−(x² + y²)) as arrows over its
//! heat map (chapter 2, the Jacobian).

use super::heat_map::{heat_map, square_chart};
use super::plot::{self, Chart};
use super::{DrawResult, INK};
use mvcalc::multivariate::gradient;
use nalgebra::{DVector, dvector};
use plotters::prelude::*;

/// An arrow from `from` to `to` in data coordinates, with a small head.
fn arrow(
    chart: &mut Chart<'_, '_>,
    from: (f64, f64),
    to: (f64, f64),
    colour: RGBColor,
) -> DrawResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-12 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = 0.35 * len.min(0.25);
    let left = (to.0 - head * (ux - 0.5 * uy), to.1 - head * (uy + 0.5 * ux));
    let right = (to.0 - head * (ux + 0.5 * uy), to.1 - head * (uy - 0.5 * ux));
    plot::segment(chart, from, to, colour.stroke_width(2))?;
    plot::polygon(chart, &[to, left, right], colour.filled())?;
    Ok(())
}

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (560, 540)).into_drawing_area();
    root.fill(&WHITE)?;
    let f = |x: f64, y: f64| x * (-(x * x + y * y)).exp();
    let fv = |v: &DVector<f64>| f(v[0], v[1]);
    let range = (-2.0, 2.0);
    let mut chart = square_chart(&root, "f(x, y) = x·exp(−(x² + y²)) and its gradient", range)?;
    heat_map(
        &mut chart,
        &f,
        range,
        &[-0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4],
    )?;
    for i in 0..9 {
        for j in 0..9 {
            let (x, y) = (-1.8 + 0.45 * i as f64, -1.8 + 0.45 * j as f64);
            let g = gradient(fv, &dvector![x, y]);
            arrow(&mut chart, (x, y), (x + 0.4 * g[0], y + 0.4 * g[1]), INK)?;
        }
    }
    root.present()?;
    Ok(())
}
