//! `gradient-field.svg`: the gradient of x e^(−(x² + y²)) as arrows over its
//! heat map, with a key to the colours and to the arrows' lengths (chapter
//! 2, the Jacobian).

use super::heat_map::{colour_key, heat_map, square_chart};
use super::plot::{self, Chart};
use super::{DrawResult, INK, style};
use mvcalc::numeric::gradient;
use nalgebra::{DVector, dvector};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// An arrow for ∇f is this many data units long per unit of |∇f|.
pub const ARROW_SCALE: f64 = 0.4;
/// The head of an arrow is this fraction of its length, but never shorter
/// than `MIN_HEAD` nor longer than `MAX_HEAD` pixels, so that the shortest
/// arrows still show which way they point.
const HEAD_FRACTION: f64 = 0.35;
const MIN_HEAD: f64 = 5.0;
const MAX_HEAD: f64 = 9.0;

/// The canvas, and the width of its map (the rest holds the key), which
/// make the map's plotting area square.
const CANVAS: (u32, u32) = (700, 540);
const MAP_WIDTH: u32 = 518;
const TITLE: &str = "f(x, y) = x·exp(−(x² + y²)) and its gradient";

/// The contour levels, drawn on the map and marked on the key.
const LEVELS: [f64; 9] = [-0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4];

fn f(x: f64, y: f64) -> f64 {
    x * (-(x * x + y * y)).exp()
}

/// Pixels per data unit across and up.
fn pixels_per_unit(chart: &Chart<'_, '_>) -> (f64, f64) {
    let (x, y) = (chart.x_range(), chart.y_range());
    let (a, b) = (
        chart.backend_coord(&(x.start, y.start)),
        chart.backend_coord(&(x.end, y.end)),
    );
    (
        f64::from(b.0 - a.0) / (x.end - x.start),
        f64::from(a.1 - b.1) / (y.end - y.start),
    )
}

/// Where an arrow's shaft ends, and its head: tip, then the two barbs.
pub struct ArrowShape {
    pub shaft_end: (f64, f64),
    pub head: [(f64, f64); 3],
}

/// An arrow's shaft end and head (tip and the two barbs), in data units,
/// for an arrow from `from` to `to` on a chart with `scale` pixels per unit.
/// The head's length in pixels is a fraction of the arrow's, kept between
/// `MIN_HEAD` and `MAX_HEAD`; an arrow shorter than its head is drawn as the
/// head alone, tip at `to`. `None` for an arrow of no length.
pub fn arrow_shape(
    from: (f64, f64),
    to: (f64, f64),
    scale: (f64, f64),
) -> Option<ArrowShape> {
    // Work in pixels, where the head has its size and its right angles.
    let (dx, dy) = ((to.0 - from.0) * scale.0, (to.1 - from.1) * scale.1);
    let len = dx.hypot(dy);
    if len == 0.0 || !len.is_finite() {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = (HEAD_FRACTION * len).clamp(MIN_HEAD, MAX_HEAD);
    let half = 0.45 * head;
    let back = |along: f64, across: f64| {
        (
            to.0 + (-along * ux - across * uy) / scale.0,
            to.1 + (-along * uy + across * ux) / scale.1,
        )
    };
    // The shaft stops inside the head, so its width cannot blunt the tip.
    let shaft_end = if len > head {
        back(0.7 * head, 0.0)
    } else {
        to
    };
    Some(ArrowShape {
        shaft_end,
        head: [to, back(head, half), back(head, -half)],
    })
}

fn arrow(
    chart: &mut Chart<'_, '_>,
    from: (f64, f64),
    to: (f64, f64),
    colour: RGBColor,
) -> DrawResult {
    let Some(ArrowShape { shaft_end, head }) =
        arrow_shape(from, to, pixels_per_unit(chart))
    else {
        return Ok(());
    };
    if shaft_end != to {
        plot::segment(chart, from, shaft_end, colour.stroke_width(2))?;
    }
    plot::polygon(chart, &head, colour.filled())?;
    Ok(())
}

/// The points where arrows start: a 9 by 9 grid from −1.8 to 1.8.
fn grid() -> impl Iterator<Item = (f64, f64)> {
    (0..9).flat_map(|i| {
        (0..9).map(move |j| {
            (-1.8 + 0.45 * f64::from(i), -1.8 + 0.45 * f64::from(j))
        })
    })
}

pub fn draw(svg: &mut String) -> DrawResult {
    let root = SVGBackend::with_string(svg, CANVAS).into_drawing_area();
    root.fill(&WHITE)?;
    let (map, key) = root.split_horizontally(MAP_WIDTH);
    let fv = |v: &DVector<f64>| f(v[0], v[1]);
    let mut chart = square_chart(&map, TITLE, (-2.0, 2.0))?;
    let scale = heat_map(&mut chart, &f, &LEVELS, None)?;
    for (x, y) in grid() {
        let g = gradient(fv, &dvector![x, y])?;
        arrow(
            &mut chart,
            (x, y),
            (x + ARROW_SCALE * g[0], y + ARROW_SCALE * g[1]),
            INK,
        )?;
    }

    // The key: colours above, arrow lengths below.
    let (colours, arrows) = key.split_vertically(360);
    colour_key(&colours, "value of f", scale, &LEVELS)?;
    let per_unit = pixels_per_unit(&chart).0;
    let mut legend: Chart = ChartBuilder::on(&arrows)
        .margin(8)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    let width = f64::from(arrows.dim_in_pixel().0 - 16);
    plot::text(
        &mut legend,
        "arrow: ∇f",
        (0.05, 0.95),
        (HPos::Left, VPos::Top),
        style(14),
    )?;
    for (k, size) in [1.0, 0.5].into_iter().enumerate() {
        let y = 0.7 - 0.25 * k as f64;
        // An arrow for |∇f| = size, as long as on the map.
        let length = ARROW_SCALE * size * per_unit / width;
        arrow(&mut legend, (0.05, y), (0.05 + length, y), INK)?;
        let label = format!("|∇f| = {size}");
        plot::text(
            &mut legend,
            label,
            (0.05, y - 0.06),
            (HPos::Left, VPos::Top),
            style(12),
        )?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arrow_has_a_head_of_at_least_the_minimum_size_pointing_along_the_gradient()
     {
        let fv = |v: &DVector<f64>| f(v[0], v[1]);
        // 100 pixels per unit each way, about as on the map.
        let scale = (100.0, 100.0);
        let mut shortest = f64::INFINITY;
        for (x, y) in grid() {
            let g = gradient(fv, &dvector![x, y]).unwrap();
            let to = (x + ARROW_SCALE * g[0], y + ARROW_SCALE * g[1]);
            let Some(ArrowShape {
                head: [tip, l, r], ..
            }) = arrow_shape((x, y), to, scale)
            else {
                panic!("no arrow at ({x}, {y}), gradient {g}");
            };
            assert_eq!(tip, to);
            // Head length in pixels: from the tip to the middle of the barbs.
            let mid = ((l.0 + r.0) / 2.0, (l.1 + r.1) / 2.0);
            let (hx, hy) =
                ((tip.0 - mid.0) * scale.0, (tip.1 - mid.1) * scale.1);
            let head = hx.hypot(hy);
            assert!(
                (MIN_HEAD - 1e-9..=MAX_HEAD + 1e-9).contains(&head),
                "head {head} px at ({x}, {y})"
            );
            // It points along the gradient.
            let cos = (hx * g[0] + hy * g[1]) / (head * g.norm());
            assert!(
                cos > 0.999_999,
                "at ({x}, {y}) the head points off by acos {cos}"
            );
            shortest = shortest.min(g.norm() * ARROW_SCALE * scale.0);
        }
        // The corners' arrows are far shorter than a head: they are drawn
        // as heads alone, which is the case this test is for.
        assert!(shortest < 1.0, "{shortest}");
    }

    #[test]
    fn the_gradient_at_the_origin_is_one_along_x_so_the_key_arrow_for_one_matches()
     {
        let fv = |v: &DVector<f64>| f(v[0], v[1]);
        let g = gradient(fv, &dvector![0.0, 0.0]).unwrap();
        // ∇f = ((1 − 2x²) e^(−r²), −2xy e^(−r²)) = (1, 0) at the origin.
        assert!((g[0] - 1.0).abs() < 1e-9 && g[1].abs() < 1e-9, "{g}");
        // The key's colour scale is the largest |f| on the map: 1/sqrt(2e),
        // at (±1/√2, 0), which the grid samples within 1e-3 of.
        let mut svg = String::new();
        let root =
            SVGBackend::with_string(&mut svg, CANVAS).into_drawing_area();
        let (map, _) = root.split_horizontally(MAP_WIDTH);
        let mut chart = square_chart(&map, TITLE, (-2.0, 2.0)).unwrap();
        let scale = heat_map(&mut chart, &f, &LEVELS, None).unwrap();
        let max = 1.0 / (2.0 * std::f64::consts::E).sqrt();
        assert!(scale <= max && max - scale < 1e-3, "{scale} against {max}");
    }
}
