//! `stationary-points.svg`: a minimum, a maximum and a saddle side by side
//! (chapter 2, the Hessian).

use super::heat_map::{heat_map, square_chart};
use super::plot;
use super::{DrawResult, INK, SIZE};
use plotters::prelude::*;

/// A function of two variables, as drawn by the heat maps.
type Surface<'a> = &'a dyn Fn(f64, f64) -> f64;

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 270)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 3));
    let levels = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5];
    let cases: [(&str, Surface); 3] = [
        ("minimum: x² + y²", &|x, y| x * x + y * y),
        ("maximum: −x² − y²", &|x, y| -x * x - y * y),
        ("saddle: x² − y²", &|x, y| x * x - y * y),
    ];
    for (panel, (title, f)) in panels.iter().zip(cases) {
        let mut chart = square_chart(panel, title, (-1.2, 1.2))?;
        heat_map(&mut chart, f, (-1.2, 1.2), &levels)?;
        plot::dot(&mut chart, (0.0, 0.0), 4, INK.filled())?;
    }
    root.present()?;
    Ok(())
}
