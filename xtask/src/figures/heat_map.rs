//! Heat maps with contour lines, shared by the two-variable figures.

use super::plot::{self, Area, Chart};
use super::{DrawResult, INK, style};
use plotters::prelude::*;

/// A diverging colour for `t` in [-1, 1]: blue below zero, white at zero,
/// orange above (readable on white, and for colour-blind readers).
pub fn diverging(t: f64) -> RGBColor {
    let t = t.clamp(-1.0, 1.0);
    let (end, s) = if t < 0.0 {
        ((0x2c, 0x7b, 0xb6), -t)
    } else {
        ((0xe6, 0x7e, 0x22), t)
    };
    let mix = |a: u8| (255.0 + (f64::from(a) - 255.0) * s).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Contour segments of `values` (sampled on an `n` by `n` grid over
/// `[lo, hi]` squared) at `level`, by marching squares.
pub fn contour_segments(
    values: &[Vec<f64>],
    (lo, hi): (f64, f64),
    level: f64,
) -> Vec<[(f64, f64); 2]> {
    let n = values.len();
    let step = (hi - lo) / (n - 1) as f64;
    let at = |i: usize, j: usize| (lo + i as f64 * step, lo + j as f64 * step);
    let mut out = Vec::new();
    for i in 0..n - 1 {
        for j in 0..n - 1 {
            // Corners in order round the cell, with their values.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            let mut crossings = Vec::new();
            for k in 0..4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4]);
                let (va, vb) = (values[a.0][a.1] - level, values[b.0][b.1] - level);
                if (va < 0.0) != (vb < 0.0) {
                    let t = va / (va - vb);
                    let (pa, pb) = (at(a.0, a.1), at(b.0, b.1));
                    crossings.push((pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1)));
                }
            }
            for pair in crossings.chunks_exact(2) {
                out.push([pair[0], pair[1]]);
            }
        }
    }
    out
}

/// Draws a heat map with contour lines of `f` over `[lo, hi]` squared, and
/// returns the value the colours are scaled to: full blue at `-scale`,
/// white at zero, full orange at `+scale`.
pub fn heat_map(
    chart: &mut Chart<'_, '_>,
    f: &dyn Fn(f64, f64) -> f64,
    (lo, hi): (f64, f64),
    levels: &[f64],
) -> DrawResult<f64> {
    let n = 81;
    let step = (hi - lo) / (n - 1) as f64;
    let values: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| f(lo + i as f64 * step, lo + j as f64 * step))
                .collect()
        })
        .collect();
    let scale = values
        .iter()
        .flatten()
        .fold(0.0_f64, |m, v| m.max(v.abs()))
        .max(1e-12);
    for (i, row) in values.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let (x, y) = (lo + (i as f64 - 0.5) * step, lo + (j as f64 - 0.5) * step);
            plot::rectangle(
                chart,
                (x, y),
                (x + step, y + step),
                diverging(v / scale).filled(),
            )?;
        }
    }
    for &level in levels {
        let colour = if level == 0.0 {
            INK.mix(0.8)
        } else {
            INK.mix(0.45)
        };
        for seg in contour_segments(&values, (lo, hi), level) {
            plot::segment(chart, seg[0], seg[1], colour.stroke_width(1))?;
        }
    }
    Ok(scale)
}

/// A square chart over `[lo, hi]` squared with a title and plain axes.
pub fn square_chart<'a, 'b>(
    area: &'a Area<'b>,
    title: &str,
    (lo, hi): (f64, f64),
) -> DrawResult<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, style(17))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(36)
        .build_cartesian_2d(lo..hi, lo..hi)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(INK)
        .label_style(style(12))
        .x_labels(5)
        .y_labels(5)
        .draw()?;
    Ok(chart)
}
