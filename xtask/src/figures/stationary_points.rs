//! `stationary-points.svg`: a minimum, a maximum and a saddle side by side,
//! with one colour key for all three (chapter 2, the Hessian).

use super::heat_map::{colour_key, heat_map, square_chart};
use super::plot;
use super::{DrawResult, INK, SIZE};
use plotters::prelude::*;

/// A function of two variables, as drawn by the heat maps.
type Surface<'a> = &'a dyn Fn(f64, f64) -> f64;

/// The contour levels, on every panel and on the key.
const LEVELS: [f64; 7] = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5];
/// Every panel's colours run from −3 (blue) to 3 (orange), so the same
/// colour is the same height in all three.
const SCALE: f64 = 3.0;

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, (SIZE.0, 234)).into_drawing_area();
    root.fill(&WHITE)?;
    let (maps, key) = root.split_horizontally(SIZE.0 - 80);
    let panels = maps.split_evenly((1, 3));
    let cases: [(&str, Surface); 3] = [
        ("minimum: x² + y²", &|x, y| x * x + y * y),
        ("maximum: −x² − y²", &|x, y| -x * x - y * y),
        ("saddle: x² − y²", &|x, y| x * x - y * y),
    ];
    for (panel, (title, f)) in panels.iter().zip(cases) {
        let mut chart = square_chart(panel, title, (-1.2, 1.2))?;
        heat_map(&mut chart, f, &LEVELS, Some(SCALE))?;
        plot::dot(&mut chart, (0.0, 0.0), 4, INK.filled())?;
    }
    colour_key(&key, "f", SCALE, &LEVELS)?;
    root.present()?;
    Ok(())
}
